//! JR503 journey-step-without-event.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds each journey step that names no event, or whose event never occurs, once
    /// there are product events for the document: imported into the workspace, or given
    /// to `prfaq check --events FILE`. A step names its event with `— event: NAME` at
    /// its end, or through `events:` in the front matter.
    ///
    /// Without events the rule is silent: a journey written before launch need not
    /// name its events yet.
    ///
    /// ## Why is this bad?
    /// The funnel counts a step by its event. A step with no event, or with an event
    /// the product never sends (a typo, a renamed event), drops out of the funnel, and
    /// the drop-off it hides is often the biggest gap in the journey.
    ///
    /// ## Example
    /// ```markdown
    /// # User journey
    /// 1. Ann opens the app — event: app_opened
    /// 2. She sees "Reorder last week's groceries"
    /// 3. Aha: one tap fills her basket — event: basket_filed
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # User journey
    /// 1. Ann opens the app — event: app_opened
    /// 2. She sees "Reorder last week's groceries" — event: reorder_seen
    /// 3. Aha: one tap fills her basket — event: basket_filled
    /// ```
    pub struct JourneyStepWithoutEvent;
    "JR503", "journey-step-without-event", Journey, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(events) = &ctx.config.events else {
        return;
    };
    let Some(journey) = &ctx.doc.journey else {
        return;
    };
    let plan = ctx.plan();
    for (step, planned) in journey.steps.iter().zip(&plan.steps) {
        let (message, help) = match &planned.event {
            None => (
                format!(
                    "step {} names no event, so the funnel cannot count it",
                    planned.number
                ),
                "end the step with `— event: NAME`, the event the product sends when a \
                 customer reaches it"
                    .to_owned(),
            ),
            Some(event) if !events.has(event) => (
                format!(
                    "step {} names the event `{event}`, which never occurs in the events",
                    planned.number
                ),
                match close_name(event, &events.names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "check the event's name against what the product sends, or \
                             import the events again if the step was renamed since"
                        .to_owned(),
                },
            ),
            Some(_) => continue,
        };
        let span = crate::rules::faq::first_line(ctx, &ctx.doc.blocks[step.block].span);
        out.push(Violation::new(span, message).help(help));
    }
}

/// An event name that differs from `name` by one edit, or only in case and separators.
fn close_name<'n>(name: &str, names: &'n [String]) -> Option<&'n str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(name);
    names
        .iter()
        .find(|n| squash(n) == wanted || one_edit(n, name))
        .map(String::as_str)
}

/// True when `a` becomes `b` by inserting, deleting or changing one character.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let start = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[start + 1..] == long[start + 1..]
    } else {
        short[start..] == long[start + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names() {
        let names = vec!["basket_filled".to_owned(), "OrderPaid".to_owned()];
        assert_eq!(close_name("basket_filed", &names), Some("basket_filled"));
        assert_eq!(close_name("order_paid", &names), Some("OrderPaid"));
        assert_eq!(close_name("app_opened", &names), None);
        assert!(!one_edit("abc", "abc"));
        assert!(one_edit("abc", "abd"));
        assert!(!one_edit("abc", "ab_cd"));
    }
}

#[cfg(test)]
mod silence {
    use crate::config::{Config, Events};

    const DOC: &str = "# Acme launches Quick Reorder\n\n# User journey\n\n\
        1. Ann opens the app — event: app_opened\n\
        2. Aha: one tap fills her basket\n";

    fn findings(events: Option<Events>) -> usize {
        let doc = prfaq_doc::parse(DOC);
        let mut config = Config::only(&["JR503"]);
        config.events = events;
        crate::check(&doc, &config).len()
    }

    #[test]
    fn without_events_the_rule_is_silent() {
        assert_eq!(findings(None), 0, "no events, nothing to measure yet");
        let seen = Events {
            names: vec!["app_opened".to_owned()],
        };
        assert_eq!(findings(Some(seen)), 1, "step 2 names no event");
        assert_eq!(findings(Some(Events::default())), 2);
    }
}
