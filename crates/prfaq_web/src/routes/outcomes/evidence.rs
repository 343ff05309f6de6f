//! The customer evidence beside the outcomes: the workspace's feedback themes that speak
//! of the biggest gap's step, and the RICE confidence an experiment on a step takes from
//! them when its team enters none.

use prfaq_outcomes::Report;
use prfaq_outcomes::evidence::{self, StepEvidence, ThemeSummary};
use prfaq_outcomes::plan::Plan;
use prfaq_store::{UserId, WorkspaceId};
use serde_json::Value;

use crate::error::AppResult;
use crate::routes::evidence_themes;

use super::*;

/// The workspace's themes, as its themes page computes them (the team's renames and
/// merges applied, kept while the store's `ThemeStamp` is unchanged); empty when it
/// holds no feedback.
pub(super) async fn themes(
    state: &AppState,
    user: UserId,
    ws: WorkspaceId,
) -> AppResult<Vec<ThemeSummary>> {
    let computed = evidence_themes::computed(state, user, ws).await?;
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    Ok(computed["themes"]
        .as_array()
        .map(|themes| {
            themes
                .iter()
                .map(|t| ThemeSummary {
                    label: t["label"].as_str().unwrap_or_default().to_owned(),
                    keywords: t["keywords"]
                        .as_array()
                        .map(|k| {
                            k.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    comments: count(&t["comments"]),
                    customers: count(&t["customers"]),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// The report with the evidence about its biggest gap's step, where the workspace has
/// feedback; as it was otherwise.
pub(super) async fn with_gap_evidence(
    state: &AppState,
    user: UserId,
    ws: WorkspaceId,
    report: &Report,
) -> AppResult<Report> {
    let mut report = report.clone();
    if let Some(gap) = report.biggest_gap.as_mut() {
        let themes = themes(state, user, ws).await?;
        if !themes.is_empty() {
            gap.evidence = Some(evidence::about_step(
                &gap.step,
                gap.event.as_deref(),
                &themes,
            ));
        }
    }
    Ok(report)
}

/// The evidence about the step an experiment names (by number, event or text), or
/// `None` when no step of the journey answers to it.
pub(super) async fn about_named_step(
    state: &AppState,
    user: UserId,
    ws: WorkspaceId,
    plan: &Plan,
    step: &str,
) -> AppResult<Option<StepEvidence>> {
    let Some(index) = step_index(plan, step) else {
        return Ok(None);
    };
    let step = &plan.steps[index];
    let themes = themes(state, user, ws).await?;
    Ok(Some(evidence::about_step(
        &step.label,
        step.event.as_deref(),
        &themes,
    )))
}
