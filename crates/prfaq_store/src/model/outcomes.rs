//! Outcomes in the workspace: a document's imported product events and the experiments
//! its team records against the journey's steps.

use super::*;

id_type!(
    /// Identifies one upload of a document's events.
    OutcomeUploadId
);
id_type!(
    /// Identifies an experiment recorded for a document.
    ExperimentId
);

/// The most bytes of compact events one document keeps: 64 MiB.
pub const MAX_OUTCOME_BYTES: i64 = 64 * 1024 * 1024;
/// The most bytes in one stored chunk of events: 1 MiB.
pub const MAX_OUTCOME_CHUNK: usize = 1024 * 1024;

/// A document's events as last imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeUpload {
    pub id: OutcomeUploadId,
    pub document: DocumentId,
    /// The name of the file the events came from, as the uploader gave it.
    pub file_name: String,
    /// How many events were kept.
    pub event_count: i64,
    /// The stored size of the compact events.
    pub byte_count: i64,
    pub uploaded_by: UserId,
    pub uploaded_by_name: String,
    pub uploaded_at: Millis,
}

/// Events to store for a document, already read and checked: compact JSON Lines, in
/// chunks of at most [`MAX_OUTCOME_CHUNK`] bytes, each ending at a line's end.
#[derive(Clone, Copy, Debug)]
pub struct NewOutcomeUpload<'a> {
    pub file_name: &'a str,
    pub event_count: i64,
    pub chunks: &'a [String],
}

text_enum!(
    /// Where an experiment stands.
    ExperimentStatus {
        /// Proposed, not started.
        Proposed = "proposed",
        /// Running.
        Running = "running",
        /// Finished, with its result recorded.
        Done = "done",
        /// Given up.
        Dropped = "dropped",
    }
);

/// An experiment as an editor enters or changes it.
#[derive(Clone, Copy, Debug)]
pub struct NewExperiment<'a> {
    /// The journey step it means to move, as the document names it.
    pub step: &'a str,
    pub title: &'a str,
    pub hypothesis: &'a str,
    /// Customers reached per quarter; `None` takes the funnel's count at the step.
    pub reach: Option<i64>,
    /// RICE impact in hundredths: 25 minimal, 50 low, 100 medium, 200 high, 300 massive.
    pub impact: i64,
    /// Confidence in percent, 0 to 100.
    pub confidence: i64,
    /// Effort in tenths of a person-month, above zero.
    pub effort: i64,
    pub status: ExperimentStatus,
    /// What the experiment showed; may be empty until it is done.
    pub result: &'a str,
}

/// An experiment recorded for a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experiment {
    pub id: ExperimentId,
    pub document: DocumentId,
    pub step: String,
    pub title: String,
    pub hypothesis: String,
    pub reach: Option<i64>,
    pub impact: i64,
    pub confidence: i64,
    pub effort: i64,
    pub status: ExperimentStatus,
    pub result: String,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Experiment {
    /// The RICE score: reach × impact × confidence ÷ effort, with `reach` given when
    /// the experiment names none (the funnel's count at its step).
    pub fn rice(&self, funnel_reach: i64) -> f64 {
        let reach = self.reach.unwrap_or(funnel_reach) as f64;
        let impact = self.impact as f64 / 100.0;
        let confidence = self.confidence as f64 / 100.0;
        let effort = self.effort as f64 / 10.0;
        reach * impact * confidence / effort
    }
}

/// Where a document's events are read from on each refresh: a PostgreSQL table, set
/// once by an editor. What every member sees of it: the address without its password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeSource {
    pub document: DocumentId,
    /// The address with its password replaced by `***`.
    pub url: String,
    /// The table or view, with its schema when it is not on the search path.
    pub table: String,
    /// Which columns hold the user, event and time (`user_id=uid,…`); empty for the
    /// default names.
    pub map: String,
    pub set_by: UserId,
    pub set_by_name: String,
    pub set_at: Millis,
    /// The last refresh, once there was one.
    pub last_refresh: Option<OutcomeRefresh>,
}

/// The time and result of a source's last refresh.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRefresh {
    pub at: Millis,
    pub by: Option<UserId>,
    pub by_name: Option<String>,
    /// Whether the events were read and kept.
    pub ok: bool,
    /// What was kept, or why nothing was.
    pub result: String,
}

/// A source as an editor sets it, its address already sealed with the server's
/// [`SecretsKey`](crate::SecretsKey) for the document (context: the document's id as
/// [`OutcomeSource::sealing_context`] gives it).
#[derive(Clone, Copy)]
pub struct NewOutcomeSource<'a> {
    /// The address with its password replaced by `***`.
    pub shown_url: &'a str,
    /// The whole address, sealed.
    pub sealed_url: &'a str,
    pub table: &'a str,
    pub map: &'a str,
}

impl std::fmt::Debug for NewOutcomeSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewOutcomeSource")
            .field("shown_url", &self.shown_url)
            .field("table", &self.table)
            .field("map", &self.map)
            .finish_non_exhaustive()
    }
}

impl OutcomeSource {
    /// What a document's sealed address is bound to: it opens for this document only.
    pub fn sealing_context(document: DocumentId) -> Vec<u8> {
        format!("outcome source of document {}", document.0).into_bytes()
    }
}
