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
