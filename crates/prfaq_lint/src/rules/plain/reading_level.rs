//! PL207 reading-level.

use prfaq_doc::{BlockKind, PartKind};
use prfaq_text::Readability;

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Grades the body of the press release — its paragraphs and list items, not its
    /// headings or tables, and not the dateline prefix — with the Flesch-Kincaid grade
    /// level, and reports it when it is above grade 10 (`thresholds.reading-grade`).
    /// The headline and subheadline are titles and are not graded either. The finding
    /// points at the first body paragraph and names the hardest part of the release. A
    /// press release under 30 words is too short to grade, and one not written in
    /// English is not graded: the formula is made for English.
    ///
    /// ## Why is this bad?
    /// A press release is read by customers, reviewers and executives in a hurry. Above
    /// grade 10, long sentences and long words slow every one of them down, and they
    /// usually hide vague thinking. Most newspapers write for grade 8 to 10.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder operationalizes household replenishment through predictive
    /// basket reconstruction, substantially diminishing weekly administrative overhead.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder refills your cart with last week's groceries. It takes one tap.
    /// ```
    pub struct ReadingLevel;
    "PL207", "reading-level", PlainLanguage, Warning; reads the document
}

/// Fewer words than this cannot be graded fairly.
const MIN_WORDS: usize = 30;

/// A part needs this many words before it can be named the hardest.
const MIN_PART_WORDS: usize = 20;

/// Common English words: Flesch-Kincaid grades English only.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "a", "is", "are", "that", "for", "with", "it", "this", "you", "your",
    "we", "our", "on", "be", "by", "as", "can", "an", "or", "they", "their", "from",
];

/// True when at least one word in ten is a common English word.
fn is_english(text: &str) -> bool {
    let words = prfaq_text::words(text);
    let common = words
        .iter()
        .filter(|w| {
            // An ASCII word is compared as it is, without a lowercase copy.
            let word = &text[(*w).clone()];
            if word.is_ascii() {
                ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(word))
            } else {
                ENGLISH.contains(&word.to_lowercase().as_str())
            }
        })
        .count();
    common * 10 >= words.len()
}

/// The prose of a body text that is graded: a paragraph or list item after the
/// dateline prefix; not the headline or subheadline (titles, often without a verb),
/// nor a release marker or a date line.
/// The readability of a graded text, from the words and sentences it was split into.
fn readability(text: &Text, skip: usize) -> Readability {
    // Words and sentences are in order and do not overlap: those after `skip` are the
    // end of each list, borrowed as they are.
    let words = &text.words()[text.words().partition_point(|w| w.start < skip)..];
    let sentences = text.sentences();
    let sentences = &sentences[sentences.partition_point(|s| s.end <= skip)..];
    match sentences.first() {
        // The dateline prefix ends inside the first sentence: it starts after it.
        Some(first) if first.start < skip => {
            let mut clipped = sentences.to_vec();
            clipped[0].start = skip;
            Readability::of_split(&text.prose.text, words, &clipped)
        }
        _ => Readability::of_split(&text.prose.text, words, sentences),
    }
}

/// Where the graded body of a text starts, or `None` when the text is not graded
/// (headings, the headline and subheadline, release markers, date lines).
fn graded_from(ctx: &Context, text: &Text) -> Option<usize> {
    let kind = ctx.doc.blocks[text.block].kind;
    if text.heading || !matches!(kind, BlockKind::Paragraph | BlockKind::Item) {
        return None;
    }
    let part = ctx.doc.part_of_block(text.block).map(|p| p.kind);
    let title = matches!(part, Some(PartKind::Headline | PartKind::Subheadline));
    let plain = text.prose.text.trim();
    if title || prfaq_doc::cues::is_release_marker(plain) || prfaq_doc::cues::is_date_line(plain) {
        return None;
    }
    let skip = super::long_sentence::dateline_end(ctx, text);
    let body = text.prose.text[skip..].trim();
    (!body.is_empty()).then_some(skip)
}

/// What the rule grades in a press release: the whole body, each part, and the first
/// graded text.
struct Graded<'c, 'a> {
    total: Option<Readability>,
    /// Each graded text with where its graded body starts, in order.
    texts: Vec<(&'c Text<'a>, usize)>,
    /// Per part, in the order the parts first appear.
    parts: Vec<(String, Readability)>,
    anchor: Option<&'c Text<'a>>,
}

/// Grades the body of the press release, text by text.
fn grade<'c, 'a>(ctx: &'c Context<'a>) -> Graded<'c, 'a> {
    let mut graded = Graded {
        total: None,
        texts: Vec::new(),
        parts: Vec::new(),
        anchor: None,
    };
    for text in ctx.press_release_texts() {
        let Some(skip) = graded_from(ctx, text) else {
            continue;
        };
        let r = &readability(text, skip);
        graded.texts.push((text, skip));
        graded.anchor.get_or_insert(text);
        match graded.total.as_mut() {
            Some(t) => t.add(r),
            None => graded.total = Some(r.clone()),
        }
        let name = ctx
            .doc
            .part_of_block(text.block)
            .map_or("unlabeled paragraphs", |p| p.kind.name())
            .replace('-', " ");
        match graded.parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, part)) => part.add(r),
            None => graded.parts.push((name, r.clone())),
        }
    }
    graded
}

/// The readability of the press release's body as this rule grades it: its paragraphs
/// and list items after the dateline prefix, without the headline, subheadline, release
/// markers and date lines. `None` when the release has no such prose. `prfaq stats`
/// prints this same measure, so the grade it shows is the grade the rule judges.
pub fn press_release_readability(ctx: &Context) -> Option<Readability> {
    grade(ctx).total
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let threshold = ctx.config.thresholds.reading_grade;
    let Graded {
        total,
        texts,
        parts,
        anchor,
    } = grade(ctx);
    let skip_of = |text: &Text| {
        texts
            .iter()
            .find(|(t, _)| t.block == text.block)
            .map(|(_, skip)| *skip)
    };
    // Point at the summary when the release has one, else at the first body paragraph.
    let summary = ctx
        .doc
        .part(PartKind::Dateline)
        .and_then(|p| {
            ctx.press_release_texts()
                .find(|t| p.blocks.contains(&t.block))
        })
        .filter(|t| skip_of(t).is_some());
    let (Some(total), Some(anchor)) = (total, summary.or(anchor)) else {
        return;
    };
    if total.words < MIN_WORDS || total.flesch_kincaid_grade <= threshold {
        return;
    }
    let body: Vec<&str> = texts
        .iter()
        .map(|(t, skip)| t.prose.text[*skip..].trim())
        .collect();
    if !is_english(&body.join("\n\n")) {
        return;
    }
    let hardest = parts
        .iter()
        .filter(|(_, r)| r.words >= MIN_PART_WORDS)
        .max_by(|a, b| {
            a.1.flesch_kincaid_grade
                .total_cmp(&b.1.flesch_kincaid_grade)
        });
    let help = match hardest {
        Some((name, r)) => format!(
            "the hardest part is the {name} (grade {:.1}): use shorter sentences and everyday words there first",
            r.flesch_kincaid_grade
        ),
        None => "use shorter sentences and everyday words".to_owned(),
    };
    // Point at the first sentence of the first body paragraph.
    let skip = super::long_sentence::dateline_end(ctx, anchor);
    let prose = &anchor.prose.text;
    let start = skip + (prose[skip..].len() - prose[skip..].trim_start().len());
    let end = anchor
        .sentences()
        .iter()
        .find(|s| s.end > start)
        .map_or(prose.len(), |s| s.end);
    let end = start + prose[start..end.max(start)].trim_end().len();
    out.push(
        Violation::new(
            anchor.span(start..end),
            format!(
                "the press release reads at grade {:.1}, above grade {threshold}",
                total.flesch_kincaid_grade
            ),
        )
        .help(help),
    );
}
