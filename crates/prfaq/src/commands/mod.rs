//! One module per subcommand.

pub mod check;
pub mod explain;
pub mod new;
pub mod rules;
pub mod stats;
