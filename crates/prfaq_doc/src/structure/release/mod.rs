//! The press-release parts: the headline, subheadline and dateline from the top of the
//! text (`top`), then every body block (`body`), collected by a `Builder`.

mod body;
mod builder;
mod top;

use std::ops::Range;

use crate::blocks::Block;
use crate::cues::{self, Role};
use crate::prose::{MarkKind, Prose};
use crate::{Part, PartKind, Region};

use body::body;
use builder::Builder;
use top::Top;

use super::Roles;

/// Short enough to be a headline or subheadline line.
fn is_short_line(block: &Block, max_words: usize) -> bool {
    let text = block.text();
    !text.trim().is_empty() && !cues::more_words_than(text, max_words) && !text.contains('\n')
}

/// The dateline prefix of a block, if it opens with one: checks the prose, a leading
/// bold run holding a date (`**PALO ALTO, Calif., April 30, 2026.**`) and a leading
/// code span (`` `SEATTLE — [DATE] —` ``).
fn block_dateline(block: &Block, source: &str) -> Option<usize> {
    let text = &block.prose.text;
    let lead = text.len() - text.trim_start().len();
    if let Some(len) = cues::dateline_prefix(&text[lead..]) {
        return Some(lead + len);
    }
    if let Some(mark) = block.prose.leading(MarkKind::Strong) {
        let bold = &text[mark.range.clone()];
        if cues::has_date(bold) && !cues::more_words_than(bold, 10) && !cues::is_question(bold) {
            let rest = &text[mark.range.end..];
            return Some(
                mark.range.end
                    + (rest.len()
                        - rest
                            .trim_start_matches([' ', '—', '–', '-', ':', '.'])
                            .len()),
            );
        }
    }
    if let Some(mark) = block.prose.leading(MarkKind::Code) {
        let code = &source[block.prose.source_range(mark.range.clone())];
        let code = code.trim_matches('`').trim();
        if cues::dateline_prefix(code).is_some() || cues::is_date_line(code) {
            let rest = &text[mark.range.end..];
            return Some(mark.range.end + (rest.len() - rest.trim_start().len()));
        }
    }
    None
}

fn is_date_block(block: &Block) -> bool {
    block.is_prose() && cues::is_date_line(block.text())
}

/// True for a metadata line such as `**Tracking Issue**: #42` or `Status: Draft`: a short
/// label and value, usually in a list at the top of a document.
fn is_metadata(block: &Block) -> bool {
    let text = block.text();
    if block.quote_depth > 0
        && block
            .prose
            .leading(MarkKind::Strong)
            .is_some_and(|m| block.prose.text[m.range.clone()].trim_end().ends_with(':'))
    {
        // A labelled note in a block quote: `> **Provenance:** …`.
        return true;
    }
    // The cheap tests first: most blocks are neither in a list nor open in bold.
    let bold_label = || {
        block.prose.leading(MarkKind::Strong).is_some_and(|m| {
            let label = block.prose.text[m.range.clone()].trim();
            let after = block.prose.text[m.range.end..].trim_start();
            label.ends_with(':') || after.starts_with(':')
        })
    };
    block.list.is_some() && bold_label() && !cues::more_words_than(text, 12)
}

/// Finds the press-release parts.
pub(super) fn press_release(
    blocks: &[Block],
    roles: &Roles,
    regions: &[Region],
    source: &str,
) -> Vec<Part> {
    let mut b = Builder::new();
    let Some(mut top) = Top::new(blocks, roles, regions, source) else {
        return b.parts;
    };
    let named = top.named();
    let zone_end = top.zone_end();
    let headline = named.headline.or_else(|| top.headline(zone_end));
    if let Some(h) = headline {
        let mut prose = without_own_label(&blocks[h], PartKind::Headline);
        if let Role::Title { .. } = roles.of_block(blocks, h) {
            prose = strip_title_words(&prose);
        }
        top.take(&mut b, PartKind::Headline, h, prose);
    }
    let subheadline = named
        .subheadline
        .or_else(|| headline.and_then(|h| top.subheadline(h)));
    if let Some(s) = subheadline {
        let prose = without_own_label(&blocks[s], PartKind::Subheadline);
        top.take(&mut b, PartKind::Subheadline, s, prose);
    }
    let (dateline, summary) = match named.dateline {
        Some(d) => (Some(d), None),
        None => top.dateline(),
    };
    if let Some(d) = dateline {
        let prose = without_own_label(&blocks[d], PartKind::Dateline);
        top.take(&mut b, PartKind::Dateline, d, prose);
    }
    body(blocks, roles, regions, &top.consumed, summary, &mut b);
    b.parts
        .sort_by_key(|p| p.blocks.first().copied().unwrap_or(0));
    b.parts
}

/// The prose of a top part's paragraph without a label that names that part
/// (`**Headline:** Quick Reorder …`, `Titular: …`, `날짜: 부산, 2026년 7월 1일`).
fn without_own_label(block: &Block, kind: PartKind) -> Prose {
    let bold = block
        .prose
        .leading(MarkKind::Strong)
        .map(|m| m.range.clone());
    match cues::leading_label(&block.prose.text, bold) {
        Some((Role::Part(named), len))
            if named == kind
                && !block.is_heading()
                && !block.prose.text[len..].trim().is_empty() =>
        {
            block.prose.slice(len..block.prose.text.len())
        }
        _ => block.prose.clone(),
    }
}

/// Removes PR/FAQ title words (`PRFAQ:`, `PR / FAQ`) from a title used as a headline.
fn strip_title_words(prose: &Prose) -> Prose {
    let text = &prose.text;
    let lower = text.to_lowercase();
    for word in cues::HEADLINE_TITLE_WORDS.iter() {
        if let Some(at) = lower.find(word) {
            let before = &text[..at];
            let after = &text[at + word.len()..];
            let keep_after = after.trim_start_matches(|c: char| !c.is_alphanumeric());
            if before.trim().is_empty() {
                let start = text.len() - keep_after.len();
                return prose.slice(start..text.len());
            }
            let end = before
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .len();
            return prose.slice(0..end);
        }
    }
    prose.clone()
}

/// Rough sentence ranges for finding a call to action inside a paragraph.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        if matches!(c, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\n')
        {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

/// True when a paragraph reads strongly as a call to action: several call-to-action
/// words, or a link with at least one.
fn closing_call(content: &Prose) -> bool {
    let has_link = content.marks_of(MarkKind::Link).next().is_some();
    let body = cues::BodyText::new(&content.text);
    let call_cues = body.call_cues();
    let cta = body.call(call_cues, has_link);
    let words = body.call(call_cues, false);
    cta >= 4 && words >= 2 || cta >= 6
}
