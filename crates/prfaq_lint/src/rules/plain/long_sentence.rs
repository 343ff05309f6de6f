//! PL206 long-sentence.

use prfaq_doc::{BlockKind, PartKind};

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds sentences of more than 30 words (`thresholds.sentence-words`) in the body
    /// of the press release and the customer FAQ: "over 30" means 31 words or more.
    /// The dateline prefix (`SEATTLE — March 1, 2027 —`) is not counted, inline code
    /// counts as one word, and headings and table rows are not sentences.
    ///
    /// ## Why is this bad?
    /// A reader holds about one idea per sentence. Past 30 words the first half is
    /// forgotten by the time the second arrives, and a long sentence usually joins two
    /// or three ideas that each deserve their own.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder, which we built after hearing from hundreds of parents who told us
    /// that rebuilding the same cart every Sunday takes too long, refills the cart with
    /// last week's groceries and books the usual slot in one tap.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Parents told us that rebuilding the same cart every Sunday takes too long. Quick
    /// Reorder refills the cart with last week's groceries and books the usual slot in
    /// one tap.
    /// ```
    pub struct LongSentence;
    "PL206", "long-sentence", PlainLanguage, Warning; reads each Customer text
}

/// Where the dateline prefix of a text ends (0 when it has none): the text before the
/// summary in the dateline paragraph (`CITY — Date —`), which is not a sentence.
pub(crate) fn dateline_end(ctx: &Context, text: &Text) -> usize {
    let first_dateline_block = ctx
        .doc
        .part(PartKind::Dateline)
        .and_then(|p| p.blocks.first().copied());
    if first_dateline_block != Some(text.block) {
        return 0;
    }
    let prose = &text.prose.text;
    let lead = prose.len() - prose.trim_start().len();
    prfaq_doc::cues::dateline_prefix(&prose[lead..]).map_or(0, |len| lead + len)
}

/// Where to suggest splitting a sentence: the first clause break after its first words.
fn split_hint(sentence: &str) -> Option<&'static str> {
    const BREAKS: &[(&str, &str)] = &[
        ("; ", "`;`"),
        (" — ", "the dash"),
        (", and ", "`, and`"),
        (", but ", "`, but`"),
        (", which ", "`, which`"),
        (", so ", "`, so`"),
        (" because ", "`because`"),
        (", while ", "`, while`"),
        (" and ", "`and`"),
    ];
    BREAKS
        .iter()
        .find(|(b, _)| sentence.find(b).is_some_and(|at| at > 20))
        .map(|(_, name)| *name)
}

/// The end of a part label that opens the text (`**The problem.**`, `Solution:`): a
/// label is not part of the sentence it introduces.
fn label_end(text: &Text) -> usize {
    let prose = text.prose;
    let bold = prose
        .leading(prfaq_doc::MarkKind::Strong)
        .map(|m| m.range.clone());
    prfaq_doc::cues::leading_label(&prose.text, bold).map_or(0, |(_, end)| end)
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let limit = ctx.config.thresholds.sentence_words;
    if text.heading || ctx.doc.blocks[text.block].kind == BlockKind::TableRow {
        return;
    }
    let skip = dateline_end(ctx, text).max(label_end(text));
    let prose = &text.prose.text;
    for sentence in text.sentences().iter() {
        let start = sentence.start.max(skip);
        if start >= sentence.end {
            continue;
        }
        let range = start..sentence.end;
        let words: Vec<_> = text.words_in(&range).collect();
        if words.len() <= limit {
            continue;
        }
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let body = &prose[first.start..sentence.end.max(last.end)];
        let body = body.trim_end();
        let fifth = words[4.min(words.len() - 1)];
        let opening = prose[first.start..fifth.end].replace(prfaq_doc::CODE, "…");
        let help = match split_hint(body) {
            Some(at) => {
                format!("split it into sentences of one idea each, for example at {at}")
            }
            None => "split it into sentences of one idea each".to_owned(),
        };
        let span = text.span(first.start..first.start + body.len());
        out.push(
            Violation::new(
                span,
                format!(
                    "sentence of {} words (over {limit}) starting `{}…`",
                    words.len(),
                    opening
                ),
            )
            .help(help),
        );
    }
}
