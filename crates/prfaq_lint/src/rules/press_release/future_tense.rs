//! PR113 future-tense.

use crate::context::{Context, Text};
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds future tense in the press release — `will`, `won't`, `'ll`, `is going to` —
    /// outside customer quotes and the problem statement. A section on the future or on
    /// limits ("Roadmap", "Long-term vision", "Limitations") predicts; it is left alone.
    ///
    /// ## Why is this bad?
    /// A Working Backwards release is written as if the product has launched. Future
    /// tense turns promises into plans and lets the team avoid saying what is true on
    /// launch day. A customer quoted on what they will do next is fine.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder will let parents restock in one tap.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder lets parents restock in one tap.
    /// ```
    pub struct FutureTense;
    "PR113", "future-tense", PressRelease, Warning; reads each PressRelease text; outranks "PL205"
}

/// Words that, right before `will`, make it a noun ("free will", "goodwill").
const NOUN_BEFORE: &[&str] = &[
    "free", "good", "ill", "last", "at", "the", "a", "your", "their", "his", "her",
];

/// Section titles under which the future tense is the point: a roadmap, a vision, the
/// limits of what ships ("JPEG 2000 will not produce …" predicts, it does not promise).
static FORWARD_SECTIONS: CueList = cue_list!("forward-sections");

/// How far back a text's section heading is looked for: a bound, so that a document
/// without headings is read in linear time.
const HEADING_REACH: usize = 64;

/// True when the nearest heading before `block` titles a section on the future or on
/// limits.
fn under_forward_section(ctx: &Context, block: usize) -> bool {
    let blocks = &ctx.doc.blocks;
    let Some(heading) = (block.saturating_sub(HEADING_REACH)..block)
        .rev()
        .find(|&i| blocks[i].is_heading())
    else {
        return false;
    };
    let title = blocks[heading].prose.text.trim().to_lowercase();
    let title = title.trim_matches(|c: char| !c.is_alphanumeric());
    title.split_whitespace().nth(4).is_none()
        && FORWARD_SECTIONS
            .iter()
            .any(|s| title == *s || prfaq_doc::cues::has_phrase(title, s))
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let doc = ctx.doc;
    if !text.heading && under_forward_section(ctx, text.block) {
        return;
    }
    let part = doc.part_of_block(text.block).map(|p| p.kind);
    // A customer describing their own future is not the product's future tense, and
    // the problem may say what happens to customers if nothing changes.
    if matches!(
        part,
        Some(prfaq_doc::PartKind::CustomerQuote | prfaq_doc::PartKind::Problem)
    ) {
        return;
    }
    let words = text.words();
    let lowered = text.lowered();
    // The word at `k` in lowercase, or `None` for inline code.
    let lower_at = |k: usize| text.word(&words[k]).map(|_| lowered.get(k));
    for (i, w) in words.iter().enumerate() {
        let Some(lower) = lower_at(i) else { continue };
        // Every hit is one of these words or ends in "'ll": most words are none.
        let candidate = matches!(lower, "will" | "won't" | "won’t" | "shall" | "going")
            || lower.ends_with("ll");
        if !candidate {
            continue;
        }
        let prev = i.checked_sub(1).and_then(lower_at);
        let next = (i + 1 < words.len()).then(|| lower_at(i + 1)).flatten();
        let mut range = w.clone();
        let hit = match lower {
            "will" | "won't" | "won’t" | "shall" => {
                let noun = prev.is_some_and(|p| NOUN_BEFORE.contains(&p))
                    || next.is_some_and(|n| n == "of" || n == "to");
                // "guests they will never meet": people, not the product.
                let people = prev.is_some_and(|p| matches!(p, "they" | "he" | "she" | "i"));
                !(noun || people)
            }
            "going" => {
                let be = prev.is_some_and(|p| {
                    matches!(
                        p,
                        "is" | "are" | "am" | "we're" | "it's" | "they're" | "you're" | "i'm"
                    )
                });
                if be && next == Some("to") {
                    range.start = words[i - 1].start;
                    range.end = words[i + 1].end;
                    true
                } else {
                    false
                }
            }
            _ => lower.ends_with("'ll") || lower.ends_with("’ll"),
        };
        if !hit {
            continue;
        }
        // Inside a leader's quote the promise is still the product's; inside any other
        // quoted speech (a customer's words in a summary) it is theirs.
        let quoted = text
            .quotes()
            .iter()
            .any(|q| q.start <= w.start && w.end <= q.end);
        if quoted && part != Some(prfaq_doc::PartKind::LeaderQuote) {
            continue;
        }
        let found = &text.prose.text[range.clone()];
        out.push(
            Violation::new(
                text.span(range.clone()),
                format!(
                    "future tense `{found}`: the release is written as if the product has launched"
                ),
            )
            .help("use the present tense: say what the product does today"),
        );
    }
}
