//! Customer evidence as the store keeps it: feedback items with their source and
//! customer, searches over them, the passages linked to a document's claims, and the
//! team's theme choices. Reading files and finding claims is `prfaq_evidence`'s work;
//! these types only carry what it produced.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::model::{DocumentId, Millis, UserId};

id_type!(
    /// Identifies a piece of feedback.
    FeedbackId
);
id_type!(
    /// Identifies a customer of a workspace (however many identities they have).
    CustomerId
);
id_type!(
    /// Identifies a passage linked to a claim.
    EvidenceLinkId
);
id_type!(
    /// Identifies a source of feedback in a workspace.
    SourceId
);

text_enum!(
    /// How much a linked passage weighs for its claim.
    Importance {
        NiceToHave = "nice-to-have",
        Important = "important",
        DealBreaker = "deal-breaker",
    }
);

text_enum!(
    /// The kind of claim a passage is linked to (as `prfaq_evidence` names them).
    ClaimKind {
        Problem = "problem",
        Solution = "solution",
        CustomerQuote = "customer-quote",
        FaqAnswer = "faq-answer",
    }
);

/// One piece of feedback to import, as `prfaq_evidence` read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewFeedback {
    /// The record's content key (32 hex digits): the same feedback has the same key, so
    /// importing it again adds nothing.
    pub content_key: String,
    pub text: String,
    pub title: Option<String>,
    /// The UTC day, `YYYY-MM-DD`.
    pub day: Option<String>,
    /// The rating as the export wrote it, and its number when it is one.
    pub rating: Option<String>,
    pub score: Option<f64>,
    pub link: Option<String>,
    /// The export's own id for the record.
    pub external_id: Option<String>,
    /// The line of the file the record starts on (header = 1).
    pub line: i64,
    /// The source the row itself names; the import's source when `None`.
    pub source: Option<String>,
    /// Every identity the row gave for its customer, as `email:…`, `account:…` or
    /// `name:…`, strongest first. Identities seen together are one customer.
    pub identities: Vec<String>,
    /// How the customer is shown (the email address, else the account, else the name).
    pub customer: Option<String>,
}

/// A batch of feedback from one import.
#[derive(Clone, Copy, Debug)]
pub struct ImportBatch<'a> {
    /// The source the records come from (`zendesk`, `app store`, …).
    pub source: &'a str,
    /// A column mapping to save with the source (`text=Body,customer=Email`).
    pub mapping: Option<&'a str>,
    pub items: &'a [NewFeedback],
}

/// What an import batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// Items written now.
    pub imported: u64,
    /// Items that were already there (or twice in the batch).
    pub duplicates: u64,
}

/// A source of feedback in a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSource {
    pub id: SourceId,
    pub name: String,
    /// The saved column mapping; empty when the columns are guessed.
    pub mapping: String,
    /// How many items the workspace holds from it.
    pub items: i64,
}

/// The most results one search of feedback returns ([`FeedbackQuery::limit`]).
pub const MOST_FEEDBACK_RESULTS: u32 = 200;

/// A search of a workspace's feedback. The text is read as literal words: quotes,
/// operators and SQL are words like any other.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackQuery {
    pub text: String,
    /// Only this source.
    pub source: Option<String>,
    /// Only from this day on (`YYYY-MM-DD`, inclusive).
    pub from: Option<String>,
    /// Only up to this day (`YYYY-MM-DD`, inclusive).
    pub to: Option<String>,
    /// Only ratings of at least / at most this number.
    pub min_rating: Option<f64>,
    pub max_rating: Option<f64>,
    /// Only this customer, by any identity (`email:…`, `account:…`).
    pub customer: Option<String>,
    /// The most results; 1 to [`MOST_FEEDBACK_RESULTS`].
    pub limit: u32,
    /// Whether every word must occur (a search) or any word may (a claim's suggestions).
    pub any_word: bool,
}

/// A piece of feedback found by a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackHit {
    pub id: FeedbackId,
    pub text: String,
    pub title: Option<String>,
    pub source: String,
    pub customer: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub date: Option<String>,
    pub rating: Option<String>,
    pub link: Option<String>,
    /// The database's relevance (SQLite FTS5's BM25, PostgreSQL's `ts_rank`): higher is
    /// better, comparable only within one search.
    pub score: f64,
}

/// A passage to link to a claim of a document.
#[derive(Clone, Copy, Debug)]
pub struct NewEvidenceLink<'a> {
    pub claim_kind: ClaimKind,
    /// The claim's text as the document reads now: the link's anchor.
    pub claim_text: &'a str,
    pub feedback: FeedbackId,
    pub importance: Importance,
}

/// A link of a document that follows its claim to the claim's new text, saved with
/// the revision that gives the claim that text.
#[derive(Clone, Copy, Debug)]
pub struct MovedLink<'a> {
    /// The link as it is now.
    pub link: EvidenceLinkId,
    /// The claim's text in the new revision: the link's new anchor.
    pub claim_text: &'a str,
}

/// A passage linked to a claim, with its exact text and customer as they were linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    pub id: EvidenceLinkId,
    pub document: DocumentId,
    pub claim_kind: ClaimKind,
    pub claim_text: String,
    pub feedback: FeedbackId,
    pub importance: Importance,
    pub quote: String,
    pub customer: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub source: String,
    pub created_by: UserId,
    pub created_at: Millis,
}

/// What deleting a customer's feedback removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDeleted {
    pub items: u64,
    pub links: u64,
}

/// The team's theme choices, as the JSON `prfaq_evidence` keeps them in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeChoices {
    pub choices: String,
    pub updated_by: UserId,
    pub updated_at: Millis,
}

/// What a workspace's themes are computed from, read in one indexed row: its feedback
/// (the items, their texts and customers) and the team's theme choices. Each count only
/// goes up, raised in the same transaction as every write that changes what it counts
/// (an import batch, a deletion of a customer's feedback, a merge of customers, a save of
/// the choices), so equal stamps of one workspace mean the same items and the same
/// choices: a reader may keep the themes it computed and ask only for the stamp again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ThemeStamp {
    /// Writes that changed the workspace's feedback.
    pub feedback_version: i64,
    /// Saves of the team's theme choices.
    pub choices_version: i64,
}

/// A piece of feedback as themes read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeItem {
    pub id: FeedbackId,
    /// 32 hex digits: the key theme choices name comments by.
    pub content_key: String,
    pub text: String,
    pub customer_id: Option<CustomerId>,
    /// `YYYY-MM-DD`.
    pub day: Option<String>,
}
