//! Outcomes: the document's journey and metrics measured on product events.
//!
//! [`plan::read`] reads what a PR/FAQ promises (journey steps tied to events, typed
//! metric rows); [`read::read`] reads events from CSV, JSON Lines or Parquet;
//! [`measures::compute`] computes the funnel, time to aha, activation, retention and
//! totals in one pass per user; [`report::report`] puts them side by side, and
//! [`render`], [`svg`] and [`sql`] write them out. The definitions are in
//! [`report::DEFINITIONS`].

pub mod business;
pub mod compact;
pub mod events;
pub mod evidence;
pub mod generate;
pub mod measures;
pub mod read;
pub mod render;
pub mod report;
pub mod seen;
pub mod sql;
pub mod svg;

pub use prfaq_doc::plan::{self, metric, time};

pub use events::{Columns, InputError};
pub use report::{Error, Options, Report, report, report_from_jsonl};
