//! Customer evidence: what customers said, next to what a PR/FAQ claims.
//!
//! Pure logic, no I/O beyond reading the `Read` it is handed:
//!
//! - [`import`]: streaming readers for CSV, TSV, JSON, JSON Lines and Excel exports,
//!   the column mapping ([`Mapping`]), export dates ([`parse_date`]), content keys and
//!   customer identities ([`Record`], [`Customer`], [`Identities`]).
//! - [`themes`](mod@themes): TF-IDF, k-means and c-TF-IDF themes, with the user's
//!   renames, merges and splits kept across recomputations; [`synth`] generates
//!   feedback with planted themes to score them.
//! - [`claims`](mod@claims) and [`search`]: a PR/FAQ's claims with their spans, and
//!   the feedback that best matches each by BM25.
//!
//! It knows nothing of databases, HTTP or the command line: the store keeps records,
//! choices and links, and searches at scale with its own full-text index.

pub mod claims;
pub mod date;
pub mod identity;
pub mod import;
pub mod mapping;
pub mod record;
pub mod search;
pub mod synth;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod themes;

pub use claims::{Claim, ClaimKind, claims};
pub use date::{DateOrder, parse_date};
pub use identity::Identities;
pub use import::{Format, ImportError, Limits, Options, Row, TextReader, read_xlsx};
pub use mapping::{Field, MapError, Mapping, Resolved};
pub use record::{BadRow, ContentKey, Customer, Date, Rating, Record};
pub use search::{Hit, Index, Suggestion, suggest};
pub use themes::{Choice, Comment, Model, MonthCount, Theme, ThemeOptions, Themes};
