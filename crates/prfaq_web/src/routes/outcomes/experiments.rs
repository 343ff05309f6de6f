//! The experiments a document's team records against its journey steps, ranked by RICE:
//! the JSON API and the page's forms.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use prfaq_outcomes::plan::Plan;
use prfaq_outcomes::{Report, evidence};
use prfaq_store::{DocumentId, Experiment, ExperimentId, ExperimentStatus, NewExperiment, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;

use super::*;

/// An experiment with its RICE score and the reach it used.
#[derive(Serialize)]
pub(super) struct Ranked {
    #[serde(flatten)]
    pub(super) experiment: Experiment,
    /// The reach the score used: the experiment's own, else the funnel's count at its step.
    pub(super) reach_used: Option<i64>,
    pub(super) rice: Option<f64>,
}

/// The funnel's count at the step an experiment names (by number, event or text).
pub(super) fn funnel_reach(plan: &Plan, report: Option<&Report>, step: &str) -> Option<i64> {
    let report = report?;
    let index = step_index(plan, step)?;
    let users = report.funnel.get(index)?.users?;
    i64::try_from(users).ok()
}

/// The journey step an experiment names, by number, event or text (0-based).
pub(super) fn step_index(plan: &Plan, step: &str) -> Option<usize> {
    plan.step_named(step).or_else(|| {
        let wanted = step.trim().to_lowercase();
        plan.steps
            .iter()
            .position(|s| s.label.to_lowercase() == wanted)
    })
}

/// The experiments, highest RICE first (those without a reach last, oldest first).
pub(super) fn ranked(
    plan: &Plan,
    report: Option<&Report>,
    experiments: Vec<Experiment>,
) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = experiments
        .into_iter()
        .map(|e| {
            let reach = e.reach.or_else(|| funnel_reach(plan, report, &e.step));
            let rice = reach.map(|r| e.rice(r));
            Ranked {
                experiment: e,
                reach_used: reach,
                rice,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let score = |r: &Ranked| r.rice.unwrap_or(f64::NEG_INFINITY);
        score(b).total_cmp(&score(a))
    });
    out
}

/// An experiment as sent: every field optional, so a change names only what changes.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ExperimentBody {
    step: Option<String>,
    title: Option<String>,
    hypothesis: Option<String>,
    /// Customers reached per quarter; `null` or absent takes the funnel's count.
    reach: Option<i64>,
    impact: Option<i64>,
    confidence: Option<i64>,
    effort: Option<i64>,
    status: Option<String>,
    result: Option<String>,
}

/// The fields of a new experiment, or of `old` changed by `body`; every bad value names
/// its field.
pub(super) struct Fields {
    step: String,
    title: String,
    hypothesis: String,
    reach: Option<i64>,
    impact: i64,
    confidence: i64,
    effort: i64,
    status: ExperimentStatus,
    result: String,
}

impl Fields {
    /// `confidence` is taken when neither the body nor `old` gives one.
    fn of(body: ExperimentBody, old: Option<&Experiment>, confidence: i64) -> AppResult<Fields> {
        let text = |new: Option<String>, old: Option<&String>| {
            new.or_else(|| old.cloned()).unwrap_or_default()
        };
        let status = match body.status.as_deref() {
            Some(s) => s.trim().parse::<ExperimentStatus>().map_err(|_| {
                AppError::bad_request(format!(
                    "`status` is one of proposed, running, done or dropped, not {s:?}."
                ))
            })?,
            None => old.map_or(ExperimentStatus::Proposed, |o| o.status),
        };
        let fields = Fields {
            step: text(body.step, old.map(|o| &o.step)),
            title: text(body.title, old.map(|o| &o.title)),
            hypothesis: text(body.hypothesis, old.map(|o| &o.hypothesis)),
            reach: body.reach.or(old.and_then(|o| o.reach)),
            impact: body.impact.or(old.map(|o| o.impact)).unwrap_or(100),
            confidence: body
                .confidence
                .or(old.map(|o| o.confidence))
                .unwrap_or(confidence),
            effort: body.effort.or(old.map(|o| o.effort)).unwrap_or(10),
            status,
            result: text(body.result, old.map(|o| &o.result)),
        };
        if fields
            .reach
            .is_some_and(|r| !(0..=1_000_000_000_000).contains(&r))
        {
            return Err(AppError::bad_request(
                "`reach` is a number of customers from 0 to 10^12.",
            ));
        }
        if !(1..=1_000).contains(&fields.impact) {
            return Err(AppError::bad_request(
                "`impact` is in hundredths, from 1 to 1000 (25 minimal, 100 medium, 300 massive).",
            ));
        }
        if !(0..=100).contains(&fields.confidence) {
            return Err(AppError::bad_request(
                "`confidence` is a percentage from 0 to 100.",
            ));
        }
        if !(1..=10_000).contains(&fields.effort) {
            return Err(AppError::bad_request(
                "`effort` is in tenths of a person-month, from 1 to 10000.",
            ));
        }
        Ok(fields)
    }

    fn new_experiment(&self) -> NewExperiment<'_> {
        NewExperiment {
            step: &self.step,
            title: &self.title,
            hypothesis: &self.hypothesis,
            reach: self.reach,
            impact: self.impact,
            confidence: self.confidence,
            effort: self.effort,
            status: self.status,
            result: &self.result,
        }
    }
}

/// The RICE confidence for a new experiment that enters none: what the customer
/// evidence about its step gives (50% with none, 80% medium, 100% strong; see
/// `prfaq_outcomes::evidence::confidence`).
async fn evidence_confidence(
    state: &AppState,
    user: UserId,
    id: DocumentId,
    body: &ExperimentBody,
) -> AppResult<i64> {
    if body.confidence.is_some() {
        return Ok(0);
    }
    let Some(step) = body.step.as_deref() else {
        return Ok(evidence::confidence(0));
    };
    let found = outcomes(state, user, id).await?;
    let about = about_named_step(state, user, found.view.workspace.id, &found.plan, step).await?;
    Ok(about.map_or(evidence::confidence(0), |e| e.confidence))
}

/// The document's experiment `eid`, or 404 when it is another document's.
pub(super) async fn experiment_of(
    state: &AppState,
    user: UserId,
    id: DocumentId,
    eid: &str,
) -> AppResult<Experiment> {
    let eid: ExperimentId = parse_id(eid)?;
    state
        .store()
        .experiments(user, id)
        .await?
        .into_iter()
        .find(|e| e.id == eid)
        .ok_or(AppError::NotFound)
}

/// `GET /api/documents/{id}/experiments`: ranked by RICE.
pub(super) async fn list_experiments(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let mut found = outcomes(&state, caller.user.id, id).await?;
    let experiments = std::mem::take(&mut found.experiments);
    let list = ranked(&found.plan, found.report(), experiments);
    Ok(Json(json!({ "experiments": list })).into_response())
}

/// `POST /api/documents/{id}/experiments`.
pub(super) async fn add_experiment(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ExperimentBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let confidence = evidence_confidence(&state, caller.user.id, id, &body).await?;
    let fields = Fields::of(body, None, confidence)?;
    let made = state
        .store()
        .add_experiment(caller.user.id, id, fields.new_experiment())
        .await?;
    Ok((StatusCode::CREATED, Json(made)).into_response())
}

/// `PATCH` (or `POST`) `/api/documents/{id}/experiments/{eid}`: changes the fields sent.
pub(super) async fn update_experiment(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, eid)): Path<(String, String)>,
    ApiJson(body): ApiJson<ExperimentBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let old = experiment_of(&state, caller.user.id, id, &eid).await?;
    let fields = Fields::of(body, Some(&old), old.confidence)?;
    let changed = state
        .store()
        .update_experiment(caller.user.id, old.id, fields.new_experiment())
        .await?;
    Ok(Json(changed).into_response())
}

/// The experiment form's fields, as text.
#[derive(Deserialize)]
pub(super) struct ExperimentForm {
    #[serde(default)]
    step: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    hypothesis: Option<String>,
    #[serde(default)]
    reach: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    confidence: Option<String>,
    #[serde(default)]
    effort: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    result: Option<String>,
}

impl ExperimentForm {
    /// The form as the API's body: numbers read, an empty reach left to the funnel.
    /// Effort is entered in person-months (`1.5`), stored in tenths.
    fn body(self) -> AppResult<ExperimentBody> {
        let number = |text: Option<String>, field: &str| -> AppResult<Option<f64>> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .replace(',', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| {
                        AppError::bad_request(format!("`{field}` is not a number: {t:?}."))
                    }),
            }
        };
        Ok(ExperimentBody {
            step: self.step,
            title: self.title,
            hypothesis: self.hypothesis,
            reach: number(self.reach, "reach")?.map(|v| v.round() as i64),
            impact: number(self.impact, "impact")?.map(|v| (v * 100.0).round() as i64),
            confidence: number(self.confidence, "confidence")?.map(|v| v.round() as i64),
            effort: number(self.effort, "effort")?.map(|v| (v * 10.0).round() as i64),
            status: self.status,
            result: self.result,
        })
    }
}

/// `POST /d/{id}/outcomes/experiments`.
pub(super) async fn add_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    Form(form): Form<ExperimentForm>,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let body = form.body()?;
        let confidence =
            evidence_confidence(&state, access.signed.user.id, access.id, &body).await?;
        let fields = Fields::of(body, None, confidence)?;
        state
            .store()
            .add_experiment(access.signed.user.id, access.id, fields.new_experiment())
            .await?;
        Ok(())
    }
    .await;
    after_form(&state, &access, result).await
}

/// `POST /d/{id}/outcomes/experiments/{eid}`: the status and result as it runs.
pub(super) async fn update_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    Path((_, eid)): Path<(String, String)>,
    Form(form): Form<ExperimentForm>,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let old = experiment_of(&state, access.signed.user.id, access.id, &eid).await?;
        let fields = Fields::of(form.body()?, Some(&old), old.confidence)?;
        state
            .store()
            .update_experiment(access.signed.user.id, old.id, fields.new_experiment())
            .await?;
        Ok(())
    }
    .await;
    after_form(&state, &access, result).await
}

/// Back to the page after a form that worked; the page with the form's error otherwise.
pub(super) async fn after_form(
    state: &AppState,
    access: &DocumentAccess,
    result: AppResult<()>,
) -> AppResult<Response> {
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/d/{}/outcomes#experiments", access.id.0)).into_response())
        }
        Err(error) => shown(state, access, Err(error)).await,
    }
}
