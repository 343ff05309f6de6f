//! SVG drawn by hand: the journey diagram, the funnel and each metric against its goal.

use std::fmt::Write as _;

use crate::plan::PlanStep;
use crate::report::{FunnelStep, MetricResult};

/// Escapes text for XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits text into at most `lines` lines of about `width` characters.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    out
}

/// `1,234`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `42.5%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

const BOX_W: i64 = 210;
const BOX_H: i64 = 124;
const GAP: i64 = 70;
const PER_ROW: usize = 4;

/// The journey: steps as boxes in order, the aha step highlighted, each with its event
/// and, given a funnel, the share who reached it and the drop-off to the next.
pub fn journey(steps: &[PlanStep], funnel: Option<&[FunnelStep]>) -> String {
    let n = steps.len().max(1);
    let cols = n.min(PER_ROW) as i64;
    let rows = n.div_ceil(PER_ROW) as i64;
    let width = 20 + cols * BOX_W + (cols - 1) * GAP + 20;
    let height = 20 + rows * BOX_H + (rows - 1) * 60 + 20;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"User journey\">\
         <title>User journey</title>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
    );
    let place = |i: usize| {
        let (r, c) = ((i / PER_ROW) as i64, (i % PER_ROW) as i64);
        (20 + c * (BOX_W + GAP), 20 + r * (BOX_H + 60))
    };
    for (i, step) in steps.iter().enumerate() {
        let (x, y) = place(i);
        let (fill, stroke, sw) = if step.aha {
            ("#fff4cc", "#c77700", 3)
        } else {
            ("#f4f6fa", "#7a869a", 1)
        };
        let _ = write!(
            s,
            "<g class=\"step{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"10\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
            if step.aha { " aha" } else { "" }
        );
        let head = if step.aha {
            format!("{} · AHA", step.number)
        } else {
            step.number.to_string()
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-weight=\"700\">{}</text>",
            x + 12,
            y + 20,
            escape(&head)
        );
        for (j, line) in wrap(&step.label, 28, 3).iter().enumerate() {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                x + 12,
                y + 40 + j as i64 * 16,
                escape(line)
            );
        }
        let event = step
            .event
            .as_deref()
            .map_or_else(|| "no event".to_owned(), |e| e.to_owned());
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-family=\"ui-monospace, monospace\" font-size=\"12\" fill=\"{}\">{}</text>",
            x + 12,
            y + 94,
            if step.event.is_some() {
                "#333"
            } else {
                "#b00020"
            },
            escape(&event)
        );
        let reach = funnel
            .and_then(|f| f.get(i))
            .and_then(|f| Some((f.users?, f.overall)));
        if let Some((users, overall)) = reach {
            let text = match overall {
                Some(o) => format!("reached: {} ({})", thousands(users), percent(o)),
                None => format!("reached: {}", thousands(users)),
            };
            let _ = write!(
                s,
                "<text class=\"reach\" x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>",
                x + 12,
                y + 114,
                escape(&text)
            );
        }
        s.push_str("</g>");
        if i + 1 < steps.len() {
            let drop = funnel
                .and_then(|f| f.get(i + 1))
                .and_then(|f| Some((f.drop_off?, f.conversion?)));
            arrow(&mut s, (x, y), place(i + 1), drop);
        }
    }
    s.push_str("</svg>");
    s
}

/// The arrow from the box at `(x, y)` to the next one, with the drop-off between them.
fn arrow(s: &mut String, (x, y): (i64, i64), (nx, ny): (i64, i64), drop: Option<(u64, f64)>) {
    if ny == y {
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>",
            x + BOX_W,
            y + BOX_H / 2,
            nx - 2,
            ny + BOX_H / 2
        );
    } else {
        let _ = write!(
            s,
            "<path d=\"M{},{} V{} H{} V{}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>",
            x + BOX_W / 2,
            y + BOX_H,
            y + BOX_H + 30,
            nx + BOX_W / 2,
            ny - 2
        );
    }
    if let Some((lost, conversion)) = drop {
        let (lost, share) = (thousands(lost), percent(1.0 - conversion));
        if ny == y {
            // In the gap between the boxes, centred: the users lost above the arrow,
            // their share below it, so that neither runs under the next box.
            let (tx, ty) = (x + BOX_W + GAP / 2, y + BOX_H / 2);
            let _ = write!(
                s,
                "<text class=\"drop\" x=\"{tx}\" y=\"{}\" font-size=\"11\" fill=\"#b00020\" text-anchor=\"middle\">\
                 <tspan x=\"{tx}\">−{lost}</tspan><tspan x=\"{tx}\" dy=\"22\">{share}</tspan></text>",
                ty - 6
            );
        } else {
            let _ = write!(
                s,
                "<text class=\"drop\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#b00020\">−{lost} ({share})</text>",
                x + BOX_W / 2 + 6,
                y + BOX_H + 24
            );
        }
    }
}

/// The funnel as horizontal bars, one per step with an event.
pub fn funnel(steps: &[FunnelStep]) -> String {
    let shown: Vec<&FunnelStep> = steps.iter().filter(|s| s.users.is_some()).collect();
    let max = shown
        .iter()
        .filter_map(|s| s.users)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = 20 + shown.len() as i64 * 40 + 10;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {height}\" width=\"760\" height=\"{height}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"Funnel\"><title>Funnel</title>"
    );
    for (i, step) in shown.iter().enumerate() {
        let users = step.users.unwrap_or(0);
        let y = 20 + i as i64 * 40;
        let w = (users as f64 / max as f64 * 420.0).round() as i64;
        let fill = if step.aha { "#c77700" } else { "#3b6fb6" };
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{w}\" height=\"26\" fill=\"{fill}\"/>\
             <text x=\"{}\" y=\"{}\">{}{}</text>",
            y + 18,
            escape(&wrap(&format!("{}. {}", step.number, step.step), 26, 1).join("")),
            200 + w + 6,
            y + 18,
            thousands(users),
            step.overall
                .map_or_else(String::new, |o| format!(" ({})", percent(o)))
        );
    }
    s.push_str("</svg>");
    s
}

/// One metric: the baseline, the target as the goal line, the expected point by now and
/// the current value, on one scale.
pub fn metric(m: &MetricResult, format: &dyn Fn(f64) -> String) -> String {
    let values: Vec<f64> = [m.baseline, m.target, m.current, m.expected]
        .into_iter()
        .flatten()
        .collect();
    let lo = values
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi.is_finite() && hi > lo {
        hi * 1.1
    } else {
        lo + 1.0
    };
    let x = |v: f64| 20.0 + (v - lo) / (hi - lo) * 520.0;
    // A label near either end is held inside the chart.
    let label = |x: f64| -> (f64, &'static str) {
        if x < 80.0 {
            ((x - 6.0).max(2.0), "start")
        } else if x > 480.0 {
            ((x + 6.0).min(558.0), "end")
        } else {
            (x, "middle")
        }
    };
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 560 70\" width=\"560\" height=\"70\" \
         font-family=\"system-ui, sans-serif\" font-size=\"11\" role=\"img\">",
    );
    let _ = write!(
        s,
        "<title>{}</title><line x1=\"20\" y1=\"34\" x2=\"540\" y2=\"34\" stroke=\"#ccc\"/>",
        escape(&m.metric)
    );
    if let Some(b) = m.baseline {
        let (lx, anchor) = label(x(b));
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"34\" r=\"4\" fill=\"#888\"/><text x=\"{lx:.1}\" y=\"56\" text-anchor=\"{anchor}\">baseline {}</text>",
            x(b),
            escape(&format(b))
        );
    }
    if let Some(t) = m.target {
        let (lx, anchor) = label(x(t));
        let _ = write!(
            s,
            "<line class=\"goal\" x1=\"{:.1}\" y1=\"8\" x2=\"{:.1}\" y2=\"60\" stroke=\"#1a7f37\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{lx:.1}\" y=\"10\" text-anchor=\"{anchor}\" fill=\"#1a7f37\">target {}</text>",
            x(t),
            x(t),
            escape(&format(t))
        );
    }
    if let Some(c) = m.current {
        let color = match m.state {
            "reached" => "#1a7f37",
            "on track" => "#3b6fb6",
            _ => "#b00020",
        };
        let from = m.baseline.map_or(x(lo), x);
        let (lx, anchor) = label(x(c));
        let _ = write!(
            s,
            "<line x1=\"{from:.1}\" y1=\"34\" x2=\"{:.1}\" y2=\"34\" stroke=\"{color}\" stroke-width=\"6\"/>\
             <circle class=\"current\" cx=\"{:.1}\" cy=\"34\" r=\"6\" fill=\"{color}\"/>\
             <text x=\"{lx:.1}\" y=\"26\" text-anchor=\"{anchor}\" fill=\"{color}\" font-weight=\"700\">{} · {}</text>",
            x(c),
            x(c),
            escape(&format(c)),
            m.state
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize, aha: bool, event: Option<&str>) -> PlanStep {
        PlanStep {
            number: n,
            label: format!("Step <{n}> & more"),
            event: event.map(String::from),
            aha,
            line: n,
        }
    }

    #[test]
    fn journey_marks_aha_and_escapes() {
        let svg = journey(&[step(1, false, Some("a")), step(2, true, None)], None);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("class=\"step aha\""));
        assert!(svg.contains("Step &lt;2&gt; &amp; more"));
        assert!(svg.contains("no event"));
        assert!(!svg.contains("reached:"));
    }

    #[test]
    fn the_drop_off_sits_in_the_gap_between_the_boxes() {
        let mut s = String::new();
        arrow(
            &mut s,
            (20, 20),
            (20 + BOX_W + GAP, 20),
            Some((1_519, 0.6962)),
        );
        let middle = 20 + BOX_W + GAP / 2;
        assert!(
            s.contains(&format!("<tspan x=\"{middle}\">−1,519</tspan>")),
            "{s}"
        );
        assert!(s.contains("text-anchor=\"middle\""), "{s}");
        assert!(s.contains(">30.4%</tspan>"), "{s}");
        // A million lost still fits the gap at 11 px (about 6.2 px a character).
        let widest = "−1,000,000".chars().count() as f64 * 6.2;
        assert!(widest < GAP as f64, "{widest}");
    }

    #[test]
    fn metric_labels_near_the_ends_stay_inside_the_chart() {
        let m = MetricResult {
            metric: "Revenue".into(),
            line: 1,
            measure: None,
            r#type: None,
            direction: crate::metric::Direction::HigherIsBetter,
            guardrail: false,
            baseline: Some(0.0),
            target: Some(100_000.0),
            by: None,
            current: Some(51_050.4),
            sample: None,
            min_sample: None,
            expected: None,
            state: "on track",
        };
        let svg = metric(&m, &|v| format!("{v}"));
        // The baseline at the left edge starts there; the target near the right ends.
        assert!(
            svg.contains("<text x=\"14.0\" y=\"56\" text-anchor=\"start\">baseline 0</text>"),
            "{svg}"
        );
        assert!(
            svg.contains("text-anchor=\"end\" fill=\"#1a7f37\">target 100000"),
            "{svg}"
        );
        assert!(
            svg.contains("text-anchor=\"middle\" fill=\"#3b6fb6\""),
            "{svg}"
        );
    }

    #[test]
    fn wrapping_cuts_long_labels() {
        let lines = wrap(&"word ".repeat(40), 20, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
