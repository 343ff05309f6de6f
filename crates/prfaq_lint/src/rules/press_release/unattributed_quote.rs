//! PR114 unattributed-quote.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds quotes that do not say who said them. A quote is attributed when it names
    /// a person, or a role with a context ("a nurse in Beaverton", "a product lead at a
    /// grocery start-up"). "said a customer", "said the team" or no speaker at all is
    /// not. A placeholder speaker such as `[Customer name]` is PL210's finding.
    ///
    /// ## Why is this bad?
    /// An anonymous quote reads as invented, because it usually is. Naming the speaker
    /// forces the team to imagine a real person and whether they would say this.
    ///
    /// ## Example
    /// ```markdown
    /// "I reorder every week in one tap now," said a customer.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// "I reorder every week in one tap now," said Ann Ito, a parent of three in Tacoma.
    /// ```
    pub struct UnattributedQuote;
    "PR114", "unattributed-quote", PressRelease, Error; reads the document
}

/// Speakers that name nobody in particular.
const GENERIC: &[&str] = &[
    "customer",
    "customers",
    "user",
    "users",
    "the team",
    "our team",
    "team",
    "the company",
    "company",
    "a spokesperson",
    "spokesperson",
    "someone",
    "somebody",
    "a member",
    "a client",
    "client",
    "a user",
    "a customer",
    "one customer",
    "one user",
    "the founder",
    "founder",
    "the founders",
    "a parent",
    "a developer",
    "an engineer",
    "a happy customer",
    "a satisfied customer",
    "a beta tester",
    "the project author",
    "the author",
    "the creator",
    "the ceo",
    "a manager",
    "management",
];

/// True when a speaker names who said it.
pub(crate) fn is_attributed(speaker: &str) -> bool {
    let s = speaker.trim().trim_end_matches(['.', ',']);
    let lower = s.to_lowercase();
    let lower = lower.trim_start_matches("by ").trim();
    if GENERIC.contains(&lower) {
        return false;
    }
    // A generic role followed by the product's own team ("the Acme team") is still a team.
    if lower.ends_with(" team") && lower.split_whitespace().count() <= 3 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    // A name: a capitalised word that is not the first word of a role phrase.
    let name = words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().next().is_some_and(char::is_uppercase)
            && !(i == 0 && matches!(w, "A" | "An" | "The" | "One" | "Our"))
            && !matches!(w, "CEO" | "CTO" | "VP" | "I")
    });
    // A role with a context: "a nurse in Beaverton", "head of product at Acme".
    let context = words.len() >= 3
        && lower
            .split_whitespace()
            .any(|w| matches!(w, "in" | "at" | "of" | "from" | "for" | "who" | "with"));
    name || context
}

/// True when the part's last block ends with a dash and a bracketed placeholder in the
/// file (`— <name>, Owner`, `-- [Customer], role`).
fn placeholder_speaker(ctx: &Context, part: &prfaq_doc::Part) -> bool {
    let Some(&last) = part.blocks.last() else {
        return false;
    };
    let Some(raw) = ctx.doc.source.get(ctx.doc.blocks[last].span.clone()) else {
        return false;
    };
    ["—", "–", "--", "―", "- ", "~"].iter().any(|dash| {
        raw.rfind(dash).is_some_and(|at| {
            raw[at + dash.len()..]
                .trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
                .starts_with(['<', '[', '{'])
        })
    })
}

/// What to write, in the words of this document: who the speaker would be (a leader of
/// the launching team, or one of the customers the front matter names) and what the
/// attribution it has lacks.
fn help(ctx: &Context, leader: bool, attributed_to: Option<&str>) -> String {
    if leader {
        return match attributed_to {
            Some(s) => {
                format!("say which person of `{s}` said it, with their role: `said [name], [role]`")
            }
            None => "add the leader who said it, with their role: `said [name], [role]`".to_owned(),
        };
    }
    let customer = ctx
        .doc
        .front_matter
        .as_ref()
        .and_then(|f| f.customer.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.starts_with(['[', '<', '{']));
    // `said [name], one of the parents who shop weekly, in [place]`.
    let example = match customer {
        Some(c) => {
            let the = if c.to_lowercase().starts_with("the ") {
                ""
            } else {
                "the "
            };
            format!("`said [name], one of {the}{c}, in [place]`")
        }
        None => "`said [name], [who they are], in [place]`".to_owned(),
    };
    match attributed_to {
        Some(s) => format!("say which customer `{s}` is, by name or role, and where: {example}"),
        None => format!("add the customer who said it, by name or role, and where: {example}"),
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for part in ctx
        .doc
        .parts
        .iter()
        .filter(|p| matches!(p.kind, PartKind::LeaderQuote | PartKind::CustomerQuote))
    {
        let text = &part.prose.text;
        let start = text.len() - text.trim_start().len();
        let first_line_end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let quote_span = part.prose.source_range(start..first_line_end.max(start));
        // Underline the attribution itself when there is one.
        let speaker_span = |s: &str| {
            text.rfind(s)
                .map(|at| part.prose.source_range(at..at + s.len()))
                .unwrap_or_else(|| quote_span.clone())
        };
        let span = part
            .speaker
            .as_deref()
            .map_or(quote_span.clone(), speaker_span);
        let leader = part.kind == PartKind::LeaderQuote;
        match part.speaker.as_deref() {
            Some(s) if s.contains('[') || s.contains('<') || s.contains('{') => {}
            Some(s) if is_attributed(s) => {}
            Some(s) => {
                out.push(
                    Violation::new(span, format!("the quote is attributed only to `{s}`"))
                        .help(help(ctx, leader, Some(s))),
                )
            }
            // `— <name>, Owner`: Markdown swallowed the placeholder as an HTML tag, so
            // the speaker is missing from the prose but written in the file (PL210's).
            None if placeholder_speaker(ctx, part) => {}
            None => out.push(
                Violation::new(span, "the quote does not say who said it")
                    .help(help(ctx, leader, None)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_attributed;

    #[test]
    fn attribution() {
        assert!(is_attributed("Dana Lee, head of grocery at Acme"));
        assert!(is_attributed("a nurse in Beaverton"));
        assert!(is_attributed("a product lead at a grocery start-up"));
        assert!(!is_attributed("a customer"));
        assert!(!is_attributed("the team"));
        assert!(!is_attributed("the Acme team"));
    }
}
