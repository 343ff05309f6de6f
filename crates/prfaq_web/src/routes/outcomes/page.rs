//! The outcomes page (`/d/{id}/outcomes`), rendered on the server with its charts, and
//! the answer to its forms.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use prfaq_outcomes::plan::Plan;
use prfaq_outcomes::{Report, render, svg};

use crate::error::{AppError, AppResult};

use super::*;

pub(super) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), svg::percent)
}

pub(super) fn duration(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "–".to_owned(), render::duration)
}

/// The page's context: the report's numbers as text, and its charts as SVG.
pub(super) fn report_context(plan: &Plan, report: &Report) -> Value {
    let funnel: Vec<Value> = report
        .funnel
        .iter()
        .map(|s| {
            context! {
                number => s.number,
                step => s.step.as_str(),
                event => s.event.as_deref(),
                aha => s.aha,
                users => s.users.map(svg::thousands),
                conversion => percent(s.conversion),
                overall => percent(s.overall),
                drop_off => s.drop_off.map(svg::thousands),
            }
        })
        .collect();
    let metrics: Vec<Value> = report
        .metrics
        .iter()
        .map(|m| {
            let show =
                |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| render::value(m.r#type, v));
            let format = |v: f64| render::value(m.r#type, v);
            context! {
                metric => m.metric.as_str(),
                line => m.line,
                baseline => show(m.baseline),
                target => show(m.target),
                current => show(m.current),
                expected => show(m.expected),
                by => m.by.as_deref(),
                state => m.state,
                state_class => m.state.replace(' ', "-"),
                chart => Value::from_safe_string(svg::metric(m, &format)),
            }
        })
        .collect();
    let t = &report.time_to_aha;
    context! {
        input => ser(&report.input),
        funnel => funnel,
        journey_svg => Value::from_safe_string(svg::journey(&plan.steps, Some(&report.funnel))),
        funnel_svg => Value::from_safe_string(svg::funnel(&report.funnel)),
        median => duration(t.median_seconds),
        p90 => duration(t.p90_seconds),
        never => percent(t.never_share),
        activation => percent(report.activation_rate),
        activation_days => report.settings.activation_days,
        retention => report.retention.by_week.iter().map(|w| context! {
            week => w.week, users => svg::thousands(w.users), rate => percent(w.rate),
        }).collect::<Vec<_>>(),
        metrics => metrics,
        gap => report.biggest_gap.as_ref().map(|g| context! {
            number => g.number,
            step => g.step.as_str(),
            from_step => g.from_step.as_str(),
            lost => svg::thousands(g.lost_users),
            share => svg::percent(g.lost_share),
            faq => ser(&g.faq),
            evidence => g.evidence.as_ref().map(ser),
        }),
        problems => ser(&report.problems),
        business => report.business_case.as_ref().map(|b| Value::from_safe_string(render::business_html(b))),
    }
}

pub(super) async fn render_page(
    state: &AppState,
    access: &DocumentAccess,
    message: Option<(&str, String)>,
    status: StatusCode,
) -> AppResult<Response> {
    let mut found = outcomes(state, access.signed.user.id, access.id).await?;
    let experiments = std::mem::take(&mut found.experiments);
    let report = match found.report() {
        Some(r) => {
            Some(with_gap_evidence(state, access.signed.user.id, found.view.workspace.id, r).await?)
        }
        None => None,
    };
    let report = report.as_ref();
    let report_error = found
        .report
        .as_ref()
        .and_then(|r| r.report.as_ref().err())
        .cloned();
    let steps: Vec<Value> = found
        .plan
        .steps
        .iter()
        .map(|s| {
            context! {
                number => s.number,
                label => s.label.as_str(),
                value => s.event.clone().unwrap_or_else(|| s.number.to_string()),
            }
        })
        .collect();
    let ranked = ranked(&found.plan, report, experiments);
    // The experiments recorded for the biggest gap's step, in their RICE order.
    let gap_experiments: Vec<Value> = report
        .and_then(|r| r.biggest_gap.as_ref())
        .map(|gap| {
            ranked
                .iter()
                .filter(|r| step_index(&found.plan, &r.experiment.step) == Some(gap.number - 1))
                .map(|r| {
                    context! {
                        title => r.experiment.title.as_str(),
                        status => ser(&r.experiment.status),
                        rice => r.rice.map(|v| format!("{v:.0}")),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let experiments: Vec<Value> = ranked
        .into_iter()
        .map(|r| {
            context! {
                rice => r.rice.map(|v| format!("{v:.0}")),
                reach_used => r.reach_used.map(|v| svg::thousands(v.max(0) as u64)),
                reach_from_funnel => r.experiment.reach.is_none() && r.reach_used.is_some(),
                ..ser(&r.experiment)
            }
        })
        .collect();
    let journey_svg = if report.is_none() && !found.plan.steps.is_empty() {
        Some(Value::from_safe_string(svg::journey(
            &found.plan.steps,
            None,
        )))
    } else {
        None
    };
    let source = page_source(state, access.signed.user.id, access.id).await?;
    let (error, notice) = match message {
        Some(("error", m)) => (Some(m), None),
        Some((_, m)) => (None, Some(m)),
        None => (None, None),
    };
    let ctx = context! {
        ..base(&access.signed.user, &access.signed.csrf, access.signed.unread),
        ..context! {
            doc => ser(&found.view.document),
            workspace => ser(&found.view.workspace),
            can_edit => access.access.role.can_edit(),
            upload => found.upload.as_ref().map(ser),
            source => source.as_ref().map(ser),
            secrets_key => state.config().secrets_key.is_some(),
            report => report.map(|r| report_context(&found.plan, r)),
            report_error => report_error,
            journey_svg => journey_svg,
            has_steps => !found.plan.steps.is_empty(),
            steps => steps,
            experiments => experiments,
            gap_experiments => gap_experiments,
            statuses => ["proposed", "running", "done", "dropped"],
            error => error,
            notice => notice,
            max_mib => MAX_EVENTS_FILE / 1024 / 1024,
        }
    };
    let html = state.templates().page("outcomes.html", ctx)?;
    Ok((status, html).into_response())
}

/// `GET /d/{id}/outcomes`.
pub(super) async fn page(
    State(state): State<AppState>,
    access: DocumentAccess,
) -> AppResult<Response> {
    render_page(&state, &access, None, StatusCode::OK).await
}

/// A refusal the page shows in place (bad input), or an error page for the rest.
pub(super) async fn shown(
    state: &AppState,
    access: &DocumentAccess,
    result: AppResult<String>,
) -> AppResult<Response> {
    match result {
        Ok(notice) => render_page(state, access, Some(("notice", notice)), StatusCode::OK).await,
        Err(AppError::BadRequest(message)) => {
            render_page(
                state,
                access,
                Some(("error", message)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(AppError::PayloadTooLarge { limit }) => {
            let message = format!(
                "The file is larger than {} MiB; import a shorter period.",
                limit / 1024 / 1024
            );
            render_page(
                state,
                access,
                Some(("error", message)),
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await
        }
        Err(other) => Err(other),
    }
}
