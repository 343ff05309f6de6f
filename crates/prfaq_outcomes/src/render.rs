//! The report as text for people and as a self-contained HTML page.

use std::fmt::Write as _;

use crate::business::BusinessReport;
use crate::measures::{Cohorts, Weeks};
use crate::metric::Type;
use crate::plan::Plan;
use crate::report::{MetricResult, Report};
use crate::svg::{self, escape, percent, thousands};

/// A length of time in seconds, in the largest unit that reads well.
pub fn duration(seconds: f64) -> String {
    let s = seconds.abs();
    if s < 90.0 {
        format!("{seconds:.0} s")
    } else if s < 5400.0 {
        format!("{:.1} min", seconds / 60.0)
    } else if s < 172_800.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} days", seconds / 86_400.0)
    }
}

/// A metric value as its type reads.
pub fn value(r#type: Option<Type>, v: f64) -> String {
    match r#type {
        Some(Type::Rate) => percent(v),
        Some(Type::Duration) => duration(v),
        Some(Type::Money) => amount(v),
        Some(Type::Count) if v.fract() == 0.0 && v >= 0.0 => thousands(v as u64),
        _ => format!("{v}"),
    }
}

/// An amount with its thousands grouped and two decimals: `51,050.40`, `-1,200.00`.
pub fn amount(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format!("{v:.2}");
    }
    let cents = (v.abs() * 100.0).round() as u64;
    let sign = if v < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", thousands(cents / 100), cents % 100)
}

fn metric_value(m: &MetricResult) -> impl Fn(f64) -> String + '_ {
    move |v| value(m.r#type, v)
}

/// What the input held that the measures set aside or put right: users with none of
/// the events the report reads, rows out of time order.
pub fn input_notes(report: &Report) -> Vec<String> {
    let i = &report.input;
    let mut notes = Vec::new();
    let without = i.users.saturating_sub(i.users_with_journey_events);
    if without > 0 {
        notes.push(format!(
            "users with none of the events the report reads: {} of {} (in no measure)",
            thousands(without),
            thousands(i.users)
        ));
    }
    if i.out_of_order_rows > 0 {
        notes.push(format!(
            "rows out of time order: {} (each user's events were sorted by time before measuring)",
            thousands(i.out_of_order_rows)
        ));
    }
    notes
}

/// What kind of FAQ question a gap names, when it is the team's: `, risk` (a risk or
/// an assumption) or `, internal`.
pub fn faq_kind(q: &crate::report::FaqMention) -> &'static str {
    if q.risk {
        ", risk"
    } else if q.internal {
        ", internal"
    } else {
        ""
    }
}

/// The report for a terminal.
pub fn human(report: &Report) -> String {
    let mut s = String::new();
    if let Some(t) = &report.title {
        let _ = writeln!(s, "{t}");
    }
    let i = &report.input;
    let _ = writeln!(
        s,
        "{}: {} from {}, {} to {}",
        i.file,
        count(i.rows, "event"),
        count(i.users, "user"),
        i.first_event.as_deref().unwrap_or("-"),
        i.last_event.as_deref().unwrap_or("-")
    );
    for note in input_notes(report) {
        let _ = writeln!(s, "  note: {note}");
    }
    let _ = writeln!(
        s,
        "\nfunnel (window {} days{}):",
        report.settings.conversion_window_days,
        if report.settings.strict_order {
            ", strict order"
        } else {
            ""
        }
    );
    for f in &report.funnel {
        let users = f.users.map_or_else(|| "no event".to_owned(), thousands);
        let _ = writeln!(
            s,
            "  {}. {:<40} {:>10}  {:>7} of previous  {:>7} overall{}",
            f.number,
            truncate(&f.step, 40),
            users,
            f.conversion.map_or_else(|| "-".into(), percent),
            f.overall.map_or_else(|| "-".into(), percent),
            if f.aha { "  (aha)" } else { "" }
        );
    }
    if report.excluded_users > 0 {
        let _ = writeln!(
            s,
            "  {} users dropped by an exclusion event",
            thousands(report.excluded_users)
        );
    }
    let t = &report.time_to_aha;
    let _ = writeln!(
        s,
        "\ntime to aha: median {}, p90 {}, never {} ({} of {} users reached it)",
        t.median_seconds.map_or_else(|| "-".into(), duration),
        t.p90_seconds.map_or_else(|| "-".into(), duration),
        t.never_share.map_or_else(|| "-".into(), percent),
        thousands(t.reached),
        thousands(t.started)
    );
    let _ = writeln!(
        s,
        "activation (aha within {} days): {}",
        report.settings.activation_days,
        report.activation_rate.map_or_else(|| "-".into(), percent)
    );
    let _ = writeln!(
        s,
        "\nretention by week ({} cohorts, {} weeks, returning with {}):",
        match report.retention.cohorts_by {
            Cohorts::FirstTime => "first-time",
            Cohorts::Recurring => "recurring",
        },
        match report.retention.weeks {
            Weeks::Calendar => "calendar",
            Weeks::Rolling => "rolling 7-day",
        },
        report.retention.return_event.as_deref().unwrap_or("-")
    );
    for w in report.retention.by_week.iter().filter(|w| w.users > 0) {
        let _ = writeln!(
            s,
            "  week {:<2} {:>7}  of {} users",
            w.week,
            w.rate.map_or_else(|| "-".into(), percent),
            thousands(w.users)
        );
    }
    if !report.metrics.is_empty() {
        let _ = writeln!(s, "\nmetrics:");
    }
    for m in &report.metrics {
        let f = metric_value(m);
        let _ = writeln!(
            s,
            "  {:<36} baseline {:>9}  target {:>9}  now {:>9}  {}{}",
            truncate(&m.metric, 36),
            m.baseline.map_or_else(|| "-".into(), &f),
            m.target.map_or_else(|| "-".into(), &f),
            m.current.map_or_else(|| "-".into(), &f),
            m.state,
            if m.guardrail { " (guardrail)" } else { "" }
        );
    }
    if let Some(g) = &report.biggest_gap {
        let _ = writeln!(
            s,
            "\nbiggest gap: step {} \"{}\" loses {} users ({}) after \"{}\"",
            g.number,
            g.step,
            thousands(g.lost_users),
            percent(g.lost_share),
            g.from_step
        );
        for q in &g.faq {
            let _ = writeln!(s, "  FAQ line {}{}: {}", q.line, faq_kind(q), q.question);
        }
        if let Some(e) = &g.evidence {
            for t in &e.themes {
                let _ = writeln!(
                    s,
                    "  evidence theme \"{}\": {} customers, {} comments ({})",
                    t.label,
                    thousands(t.customers),
                    thousands(t.comments),
                    t.matched.join(", ")
                );
            }
            let _ = writeln!(
                s,
                "  evidence from {} customers: RICE confidence {}%",
                thousands(e.customers),
                e.confidence
            );
        }
    }
    if let Some(b) = &report.business_case {
        s.push_str(&business_text(b));
    }
    for p in &report.problems {
        let _ = writeln!(s, "note: line {}: {}", p.line, p.message);
    }
    s
}

/// An amount of money with the case's currency sign, rounded to whole units.
fn money(b: &BusinessReport, v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    format!(
        "{sign}{}{}",
        b.currency.as_deref().unwrap_or(""),
        thousands(v.abs().round() as u64)
    )
}

fn months(m: Option<f64>) -> String {
    m.map_or_else(|| "never".into(), |m| format!("{m:.1} months"))
}

/// The business case's lines of the human report.
fn business_text(b: &BusinessReport) -> String {
    let mut s = String::from("\nbusiness case:\n");
    for c in &b.planned {
        let _ = writeln!(
            s,
            "  {:<5} {} adopters ({} of {}), first-year impact {}, net {}, payback {}",
            c.case,
            thousands(c.adopters.round() as u64),
            percent(c.adoption),
            thousands(c.reach.round() as u64),
            money(b, c.first_year_impact),
            money(b, c.net),
            months(c.payback_months)
        );
    }
    if !b.missing.is_empty() {
        let _ = writeln!(
            s,
            "  not computed: no {} as a number",
            b.missing.join(", no ")
        );
    }
    if let Some(a) = &b.actual {
        let _ = writeln!(
            s,
            "  so far {} adopters ({} of {} reached), {} a year at the base value, payback {}: tracking {}",
            thousands(a.adopters),
            a.adoption.map_or_else(|| "-".into(), percent),
            thousands(a.reach),
            money(b, a.impact_per_year),
            months(a.payback_months),
            a.tracking
        );
    }
    s
}

/// The business case's section of the HTML report.
pub fn business_html(b: &BusinessReport) -> String {
    let mut s = String::from(
        "<h2>Business case</h2><table id=\"business-case\"><tr><th>Case</th><th>Reach</th><th>Adoption</th><th>Adopters</th><th>First-year impact</th><th>Net</th><th>Payback</th></tr>",
    );
    for c in &b.planned {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.case,
            thousands(c.reach.round() as u64),
            percent(c.adoption),
            thousands(c.adopters.round() as u64),
            escape(&money(b, c.first_year_impact)),
            escape(&money(b, c.net)),
            months(c.payback_months)
        );
    }
    if let Some(a) = &b.actual {
        let _ = write!(
            s,
            "<tr class=\"actual\"><td>so far ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{} a year</td><td></td><td>{}</td></tr>",
            a.tracking,
            thousands(a.reach),
            a.adoption.map_or_else(|| "-".into(), percent),
            thousands(a.adopters),
            escape(&money(b, a.impact_per_year)),
            months(a.payback_months)
        );
    }
    s.push_str("</table>");
    if !b.missing.is_empty() {
        let _ = write!(
            s,
            "<p>Not computed: the document gives no {} as a number.</p>",
            escape(&b.missing.join(", no "))
        );
    }
    s
}

/// `1 user`, `2,000 users`.
fn count(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

fn truncate(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(n - 1).collect::<String>())
    }
}

/// The report as one HTML page with its charts inline.
pub fn html(report: &Report, plan: &Plan) -> String {
    let mut s =
        String::from("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    let title = report
        .title
        .clone()
        .unwrap_or_else(|| "Outcome report".into());
    let _ = write!(
        s,
        "{} — outcomes</title><style>body{{font-family:system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#222}}\
         table{{border-collapse:collapse}}td,th{{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}}\
         svg{{max-width:100%;height:auto}}.behind{{color:#b00020}}.reached{{color:#1a7f37}}.defs dt{{font-weight:600}}</style></head><body><h1>{}</h1>",
        escape(&title),
        escape(&title)
    );
    let _ = write!(
        s,
        "<p>{} events from {} users ({} to {}).</p>",
        thousands(report.input.rows),
        thousands(report.input.users),
        escape(report.input.first_event.as_deref().unwrap_or("-")),
        escape(report.input.last_event.as_deref().unwrap_or("-"))
    );
    for note in input_notes(report) {
        let _ = write!(s, "<p class=\"note\">Note: {}.</p>", escape(&note));
    }
    let _ = write!(
        s,
        "<h2>Journey</h2>{}",
        svg::journey(&plan.steps, Some(&report.funnel))
    );
    let _ = write!(s, "<h2>Funnel</h2>{}", svg::funnel(&report.funnel));
    if let Some(g) = &report.biggest_gap {
        let _ = write!(
            s,
            "<h2>Biggest gap</h2><p id=\"gap\">Step {} “{}” loses {} users ({}) after “{}”.</p>",
            g.number,
            escape(&g.step),
            thousands(g.lost_users),
            percent(g.lost_share),
            escape(&g.from_step)
        );
        if !g.faq.is_empty() {
            s.push_str("<ul>");
            for q in &g.faq {
                let _ = write!(
                    s,
                    "<li>FAQ (line {}{}): {}</li>",
                    q.line,
                    faq_kind(q),
                    escape(&q.question)
                );
            }
            s.push_str("</ul>");
        }
        if let Some(e) = &g.evidence {
            s.push_str("<ul id=\"gap-evidence\">");
            for t in &e.themes {
                let _ = write!(
                    s,
                    "<li>Evidence theme “{}”: {} customers, {} comments ({})</li>",
                    escape(&t.label),
                    thousands(t.customers),
                    thousands(t.comments),
                    escape(&t.matched.join(", "))
                );
            }
            let _ = write!(
                s,
                "<li>Evidence from {} customers: RICE confidence {}%</li></ul>",
                thousands(e.customers),
                e.confidence
            );
        }
    }
    if let Some(b) = &report.business_case {
        s.push_str(&business_html(b));
    }
    let t = &report.time_to_aha;
    let _ = write!(
        s,
        "<h2>Time to aha</h2><p>Median {}, p90 {}; {} never reached it. Activation: {}.</p>",
        t.median_seconds.map_or_else(|| "-".into(), duration),
        t.p90_seconds.map_or_else(|| "-".into(), duration),
        t.never_share.map_or_else(|| "-".into(), percent),
        report.activation_rate.map_or_else(|| "-".into(), percent)
    );
    s.push_str("<h2>Retention</h2><table><tr><th>Cohort</th><th>Users</th>");
    for w in 0..report.retention.by_week.len() {
        let _ = write!(s, "<th>W{w}</th>");
    }
    s.push_str("</tr>");
    for c in &report.retention.cohorts {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td>",
            c.week_of,
            thousands(c.users)
        );
        for r in &c.rates {
            let _ = write!(s, "<td>{}</td>", r.map_or_else(String::new, percent));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table><h2>Metrics</h2>");
    for m in &report.metrics {
        let class = m.state.replace(' ', "-");
        let _ = write!(
            s,
            "<h3>{} <small class=\"{class}\">{}</small></h3>",
            escape(&m.metric),
            m.state
        );
        s.push_str(&svg::metric(m, &metric_value(m)));
    }
    s.push_str("<h2>Definitions</h2><dl class=\"defs\">");
    for d in &report.definitions {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", d.name, escape(d.text));
    }
    s.push_str("</dl>");
    if !report.problems.is_empty() {
        s.push_str("<h2>Notes</h2><ul>");
        for p in &report.problems {
            let _ = write!(s, "<li>line {}: {}</li>", p.line, escape(&p.message));
        }
        s.push_str("</ul>");
    }
    s.push_str("</body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_group_thousands_with_two_decimals() {
        assert_eq!(amount(51_050.4), "51,050.40");
        assert_eq!(amount(0.0), "0.00");
        assert_eq!(amount(999.999), "1,000.00");
        assert_eq!(amount(-1_200.0), "-1,200.00");
        assert_eq!(amount(-0.001), "0.00");
        assert_eq!(value(Some(Type::Money), 100_000.0), "100,000.00");
    }
}
