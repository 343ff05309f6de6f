//! The structure recogniser: from a flat list of blocks to regions, press-release parts,
//! FAQ questions, journey steps, metrics rows and scope items.
//!
//! It works in passes. Regions first (press release, FAQ, journey, metrics, scope, other)
//! from what the headings say. Then, inside the press release, the headline, subheadline
//! and dateline from the top of the text; then every body block gets a part, from a
//! heading or label when it has one and from its content and place in the classic order
//! (summary, problem, solution, leader quote, how it works, customer quote, call to
//! action) when it has none.

use std::ops::Range;

use crate::blocks::{Block, BlockKind, parse_blocks};
use crate::cues::{self, Role};
use crate::memo::ParseMemo;
use crate::prose::{MarkKind, Prose};
use crate::{
    Audience, Directive, Document, Faq, FaqSection, Format, Found, Journey, LineIndex, MetricRow,
    Metrics, Part, PartKind, Problem, Question, Region, Scope, ScopeItem, Step, frontmatter,
};

pub(crate) fn build(source: &str, memo: Option<&ParseMemo>) -> Document {
    let mut problems = Vec::new();
    let (front_matter, body_start) = match memo {
        Some(memo) => memo.front_matter(source, &mut problems),
        None => frontmatter::parse(source, &mut problems),
    };
    let blocks = match memo {
        Some(memo) => memo.blocks(source, body_start),
        None => parse_blocks(source, body_start),
    };
    let directives = directives(&blocks, source.len(), &mut problems);
    let format = match front_matter.as_ref().and_then(|f| f.format.as_deref()) {
        Some("vision") => Format::Vision,
        _ => Format::Full,
    };
    let regions = regions(&blocks);
    let parts = match memo {
        Some(memo) => memo.press_release(&blocks, &regions, source, || {
            press_release(&blocks, &regions, source)
        }),
        None => press_release(&blocks, &regions, source),
    };
    let faq = faq(&blocks, &regions);
    let journey = journey(&blocks, &regions);
    let metrics = metrics(&blocks, &regions);
    let scope = scope(&blocks, &regions);
    let block_parts = block_parts(&parts);
    let mut first_of = [None; PartKind::ALL.len()];
    for (index, part) in parts.iter().enumerate().rev() {
        first_of[part.kind as usize] = Some(index as u32);
    }
    Document {
        source: source.to_owned(),
        lines: LineIndex::new(source),
        front_matter,
        format,
        blocks,
        regions,
        parts,
        faq,
        journey,
        metrics,
        scope,
        directives,
        problems,
        block_parts,
        first_of,
    }
}

/// Every (block, part) pair, by block and then part.
fn block_parts(parts: &[Part]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = parts
        .iter()
        .enumerate()
        .flat_map(|(index, part)| part.blocks.iter().map(move |&b| (b as u32, index as u32)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Reads `<!-- prfaq-ignore CODE… -->` and `<!-- prfaq-ignore-file CODE… -->` comments.
fn directives(blocks: &[Block], len: usize, problems: &mut Vec<Problem>) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut sections: Option<Sections> = None;
    for (i, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Html {
            continue;
        }
        let mut rest = block.raw.as_str();
        while let Some(at) = rest.find("<!--") {
            let after = &rest[at + 4..];
            let end = after.find("-->").unwrap_or(after.len());
            let body = after[..end].trim();
            rest = &after[end..];
            let (whole_file, args) = if let Some(args) = body.strip_prefix("prfaq-ignore-file") {
                (true, args)
            } else if let Some(args) = body.strip_prefix("prfaq-ignore") {
                (false, args)
            } else {
                continue;
            };
            if !args.is_empty() && !args.starts_with(char::is_whitespace) {
                problems.push(Problem {
                    message: format!(
                        "unknown directive `{}`",
                        body.split_whitespace().next().unwrap_or(body)
                    ),
                    span: block.span.clone(),
                });
                continue;
            }
            let codes: Vec<String> = args
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let scope = if whole_file {
                0..len
            } else {
                let sections = sections.get_or_insert_with(|| Sections::new(blocks));
                let next = (sections.next_not_html[i + 1]..blocks.len())
                    .find(|&j| blocks[j].span.start >= block.span.end);
                match next {
                    Some(j) => block.span.start..sections.end(blocks, j, len),
                    None => block.span.clone(),
                }
            };
            out.push(Directive {
                codes,
                whole_file,
                scope,
                span: block.span.clone(),
            });
        }
    }
    out
}

/// Where each block's section ends, worked out in one pass from the end, so that many
/// directives cost no more than one.
struct Sections {
    /// For each index, the first block at or after it that is not HTML.
    next_not_html: Vec<usize>,
    /// For each index and heading level, the first heading at or after the index whose
    /// level is at most that one (`blocks.len()` for none).
    next_heading: Vec<[usize; 7]>,
}

impl Sections {
    fn new(blocks: &[Block]) -> Sections {
        let n = blocks.len();
        let mut next_not_html = vec![n; n + 1];
        let mut next_heading = vec![[n; 7]; n + 1];
        for (j, block) in blocks.iter().enumerate().rev() {
            next_not_html[j] = if block.kind == BlockKind::Html {
                next_not_html[j + 1]
            } else {
                j
            };
            next_heading[j] = next_heading[j + 1];
            if let Some(level) = block.heading_level() {
                for slot in &mut next_heading[j][usize::from(level).min(6)..] {
                    *slot = j;
                }
            }
        }
        Sections {
            next_not_html,
            next_heading,
        }
    }

    /// Where a directive's next block (at `next`) ends its scope: a heading silences its
    /// whole section, anything else just itself.
    fn end(&self, blocks: &[Block], next: usize, len: usize) -> usize {
        match blocks[next].heading_level() {
            Some(level) => {
                let after = self.next_heading[next + 1][usize::from(level).min(6)];
                blocks.get(after).map_or(len, |b| b.span.start)
            }
            None => blocks[next].span.end,
        }
    }
}

/// True for a block that asks a question in a way that only FAQs do: a bold question,
/// a `Q:` line, or a heading that ends in `?`.
fn is_strong_question(block: &Block) -> bool {
    let text = block.text();
    match block.kind {
        BlockKind::Heading(_) => cues::is_question(text),
        BlockKind::Paragraph | BlockKind::Item => {
            let bold_question = block
                .prose
                .leading(MarkKind::Strong)
                .is_some_and(|m| cues::is_question(&block.prose.text[m.range.clone()]));
            let q_line = cues::question_prefix(text) > 0
                && (text.starts_with('Q') || text.starts_with("Question"));
            bold_question || q_line
        }
        _ => false,
    }
}

/// Assigns each block a region from what the headings announce.
fn regions(blocks: &[Block]) -> Vec<Region> {
    let has_pr_heading = blocks
        .iter()
        .any(|b| b.is_heading() && cues::heading_role(b.text()) == Role::PressRelease);
    let mut region = if has_pr_heading {
        Region::Preamble
    } else {
        Region::PressRelease
    };
    // The heading level that opened the current region; 0 when it was implicit.
    let mut level: u8 = 0;
    let mut out = Vec::with_capacity(blocks.len());
    let mut first_heading = true;
    // Worked out the first time a question is met, so each block is looked at once:
    // for each heading level the last question heading of it (index + 1, 0 for none),
    // and for each block whether a strong question follows it before the next heading.
    let mut last_question_heading: Option<[usize; 7]> = None;
    let mut strong_question_follows: Option<Vec<bool>> = None;
    for (i, block) in blocks.iter().enumerate() {
        if let Some(l) = block.heading_level() {
            let role = cues::heading_role(block.text());
            let nested = |region_now: Region, level_now: u8| region_now == region && l > level_now;
            match role {
                Role::PressRelease => {
                    region = Region::PressRelease;
                    level = l;
                }
                Role::Faq(_) => {
                    if !nested(Region::Faq, level) {
                        region = Region::Faq;
                        level = l;
                    }
                }
                Role::Journey => {
                    region = Region::Journey;
                    level = l;
                }
                Role::Metrics => {
                    region = Region::Metrics;
                    level = l;
                }
                Role::Scope(_) => {
                    if !nested(Region::Scope, level) {
                        region = Region::Scope;
                        level = l;
                    }
                }
                Role::Part(_) | Role::Quote | Role::Summary => {
                    let inside_other = matches!(
                        region,
                        Region::Faq | Region::Journey | Region::Metrics | Region::Scope
                    ) && l > level;
                    if !inside_other && region != Region::PressRelease {
                        region = Region::PressRelease;
                        level = l.saturating_sub(1);
                    }
                }
                Role::Title { .. } if first_heading => {}
                Role::Title { .. } | Role::Other => {
                    let question = cues::is_question(block.text()) && !first_heading;
                    if question && region != Region::Faq {
                        // Questions with no FAQ heading: an FAQ begins when two or more
                        // question headings of this level follow.
                        let last = last_question_heading.get_or_insert_with(|| {
                            let mut last = [0; 7];
                            for (j, b) in blocks.iter().enumerate() {
                                if let Some(level) = b.heading_level()
                                    && cues::is_question(b.text())
                                {
                                    last[usize::from(level).min(6)] = j + 1;
                                }
                            }
                            last
                        });
                        if last[usize::from(l).min(6)] > i + 1 {
                            region = Region::Faq;
                            level = l.saturating_sub(1);
                        }
                    } else if region != Region::Preamble && region != Region::Faq || !question {
                        let ends = match region {
                            Region::PressRelease => level > 0 && l <= level,
                            Region::Preamble => false,
                            _ => l <= level,
                        };
                        if ends {
                            region = Region::Other;
                            level = l;
                        }
                    }
                }
            }
            first_heading = false;
        } else if matches!(region, Region::PressRelease | Region::Preamble)
            && is_strong_question(block)
        {
            // Bold or `Q:` questions after the press release with no FAQ heading.
            let follows = strong_question_follows.get_or_insert_with(|| {
                let mut follows = vec![false; blocks.len()];
                let mut seen = false;
                for (j, b) in blocks.iter().enumerate().rev() {
                    follows[j] = seen;
                    if b.is_heading() {
                        seen = false;
                    } else if is_strong_question(b) {
                        seen = true;
                    }
                }
                follows
            });
            if follows[i] {
                region = Region::Faq;
                level = 0;
            }
        }
        out.push(region);
    }
    out
}

/// The parts of a press release under construction. It knows which kinds it holds, so
/// that asking costs the same however many parts there are; `has` and
/// `has_real_solution` are right while parts are added only through `push` and `add`.
struct Builder {
    parts: Vec<Part>,
    has: [bool; PartKind::ALL.len()],
    /// A solution part other than the opening summary.
    real_solution: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            parts: Vec::new(),
            has: [false; PartKind::ALL.len()],
            real_solution: false,
        }
    }

    fn push(&mut self, part: Part) {
        self.has[part.kind as usize] = true;
        if part.kind == PartKind::Solution && part.speaker.as_deref() != Some(SUMMARY) {
            self.real_solution = true;
        }
        self.parts.push(part);
    }

    fn add(&mut self, kind: PartKind, found: Found, block: usize, prose: Prose, extend: bool) {
        if extend
            && let Some(last) = self.parts.last_mut()
            && last.kind == kind
        {
            last.blocks.push(block);
            last.prose.append(&prose);
            return;
        }
        self.push(Part {
            kind,
            found,
            blocks: vec![block],
            prose,
            speaker: None,
        });
    }

    /// The opening summary, a solution part that a later solution paragraph can take
    /// over.
    fn add_summary(&mut self, block: usize, prose: Prose) {
        self.push(Part {
            kind: PartKind::Solution,
            found: Found::Inferred,
            blocks: vec![block],
            prose,
            speaker: Some(SUMMARY.to_owned()),
        });
    }

    fn has(&self, kind: PartKind) -> bool {
        self.has[kind as usize]
    }

    fn has_real_solution(&self) -> bool {
        self.real_solution
    }
}

/// Short enough to be a headline or subheadline line.
fn is_short_line(block: &Block, max_words: usize) -> bool {
    let text = block.text();
    let words = text.split_whitespace().count();
    words > 0 && words <= max_words && !text.contains('\n')
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
        if cues::has_date(bold) && bold.split_whitespace().count() <= 10 && !cues::is_question(bold)
        {
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
    if text.split_whitespace().count() > 12 {
        return false;
    }
    let bold_label = block.prose.leading(MarkKind::Strong).is_some_and(|m| {
        let label = block.prose.text[m.range.clone()].trim();
        let after = block.prose.text[m.range.end..].trim_start();
        label.ends_with(':') || after.starts_with(':')
    });
    bold_label && block.list.is_some()
}

/// Finds the press-release parts.
fn press_release(blocks: &[Block], regions: &[Region], source: &str) -> Vec<Part> {
    let mut b = Builder::new();
    let in_pr = |i: usize| regions[i] == Region::PressRelease;
    let top: Vec<usize> = (0..blocks.len())
        .filter(|&i| matches!(regions[i], Region::PressRelease | Region::Preamble))
        .filter(|&i| blocks[i].is_prose() || blocks[i].kind == BlockKind::Rule)
        .collect();
    if top.is_empty() {
        return b.parts;
    }

    // Explicit "Headline" / "Subheadline" / "Date" headings name the block after them.
    let mut headline = None;
    let mut subheadline = None;
    let mut dateline = None;
    // Blocks taken by a labelled heading or an early part, by index.
    let mut consumed = vec![false; blocks.len()];
    for (pos, &i) in top.iter().enumerate() {
        let block = &blocks[i];
        if !block.is_heading() {
            continue;
        }
        if let Role::Part(kind @ (PartKind::Headline | PartKind::Subheadline | PartKind::Dateline)) =
            cues::heading_role(block.text())
            && let Some(&next) = top[pos + 1..].iter().find(|&&j| blocks[j].is_prose())
        {
            if blocks[next].is_heading() {
                continue;
            }
            match kind {
                PartKind::Headline => headline = headline.or(Some(next)),
                PartKind::Subheadline => subheadline = subheadline.or(Some(next)),
                _ => dateline = dateline.or(Some(next)),
            }
            consumed[i] = true;
            consumed[next] = true;
        }
    }

    // The top zone: blocks before the first body paragraph of the press release.
    let is_body = |i: usize| {
        let block = &blocks[i];
        if !in_pr(i) || block.is_heading() || !block.is_prose() || consumed[i] {
            return false;
        }
        let text = block.text();
        if cues::is_release_marker(text) || is_date_block(block) || is_metadata(block) {
            return false;
        }
        // An editorial note in a block quote at the top ("Status: draft …") is not body.
        if block.quote_depth > 0 && !cues::has_speech(text) {
            return false;
        }
        if block.prose.is_all(MarkKind::Emphasis) || block.prose.is_all(MarkKind::Strong) {
            return text.split_whitespace().count() > 40;
        }
        // A short line without a full stop is a title line, not body.
        !is_short_line(block, 16) || text.ends_with(['.', '!', ':', '"', '”'])
    };
    let body_start = top.iter().position(|&i| is_body(i)).unwrap_or(top.len());
    let first_part_heading = top.iter().position(|&i| {
        blocks[i].is_heading()
            && matches!(
                cues::heading_role(blocks[i].text()),
                Role::Part(_) | Role::Quote | Role::Summary
            )
            && !consumed[i]
    });
    let zone_end = first_part_heading.map_or(body_start, |p| p.min(body_start));
    let zone = &top[..zone_end];

    if headline.is_none() {
        let candidate = |i: usize, allow_title: bool| {
            let block = &blocks[i];
            let text = block.text();
            if consumed[i] || cues::is_release_marker(text) || is_date_block(block) {
                return false;
            }
            if block.kind == BlockKind::Rule || block.quote_depth > 0 || block.list.is_some() {
                return false;
            }
            let role = cues::heading_role(text);
            let role_ok = match role {
                Role::Other => true,
                Role::Title { named } => allow_title && named,
                _ => false,
            };
            if !role_ok {
                return false;
            }
            if block.is_heading() {
                return true;
            }
            let bold = block.prose.is_all(MarkKind::Strong);
            (bold && is_short_line(block, 30)) || (is_short_line(block, 16) && !text.ends_with('.'))
        };
        headline = zone
            .iter()
            .copied()
            .filter(|&i| in_pr(i))
            .find(|&i| candidate(i, false))
            .or_else(|| zone.iter().copied().find(|&i| candidate(i, false)))
            .or_else(|| zone.iter().copied().find(|&i| candidate(i, true)));
    }
    if let Some(h) = headline {
        let mut prose = blocks[h].prose.clone();
        if let Role::Title { .. } = cues::heading_role(blocks[h].text()) {
            prose = strip_title_words(&prose);
        }
        b.push(Part {
            kind: PartKind::Headline,
            found: if consumed[h] {
                Found::Heading
            } else {
                Found::Inferred
            },
            blocks: vec![h],
            prose,
            speaker: None,
        });
        consumed[h] = true;
    }

    // The subheadline: the line right under the headline, when it is a heading or an
    // italic line, or a short line that the dateline or a heading follows.
    if subheadline.is_none()
        && let Some(h) = headline
    {
        let after: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&i| i > h && blocks[i].kind != BlockKind::Rule && !is_metadata(&blocks[i]))
            .take(2)
            .collect();
        if let Some(&next) = after.first() {
            let block = &blocks[next];
            let text = block.text();
            let follower = after.get(1).map(|&f| &blocks[f]);
            let follower_ok = follower.is_none_or(|f| {
                f.is_heading()
                    || block_dateline(f, source).is_some()
                    || is_date_block(f)
                    || cues::is_release_marker(f.text())
                    || f.prose.is_all(MarkKind::Strong)
            }) || top
                .iter()
                .any(|&i| i > next && i < after[1] && blocks[i].kind == BlockKind::Rule);
            let role = cues::heading_role(text);
            // Only a short line can be a label; a sentence may mention "how to start".
            let plain_role = matches!(role, Role::Other) || text.split_whitespace().count() > 8;
            let ok = !consumed[next]
                && plain_role
                && block.quote_depth == 0
                && block.list.is_none()
                && !cues::is_release_marker(text)
                && !is_date_block(block)
                && block_dateline(block, source).is_none()
                && !cues::has_speech(text)
                && (block.prose.is_all(MarkKind::Emphasis)
                    && text.split_whitespace().count() <= 45
                    || follower_ok && text.split_whitespace().count() <= 20);
            if ok {
                subheadline = Some(next);
            }
        }
    }
    if let Some(s) = subheadline {
        b.push(Part {
            kind: PartKind::Subheadline,
            found: if consumed[s] {
                Found::Heading
            } else {
                Found::Inferred
            },
            blocks: vec![s],
            prose: blocks[s].prose.clone(),
            speaker: None,
        });
        consumed[s] = true;
    }

    // The dateline: a labelled date, a date line near the top, or a paragraph that opens
    // with a place and date.
    let mut summary: Option<(usize, Range<usize>)> = None;
    if dateline.is_none() {
        for &i in top.iter().filter(|&&i| in_pr(i) && !consumed[i]).take(6) {
            let block = &blocks[i];
            if block.is_heading() && !is_date_block(block) {
                continue;
            }
            if is_date_block(block) {
                dateline = Some(i);
                break;
            }
            if let Some(len) = block_dateline(block, source) {
                dateline = Some(i);
                let text = &block.prose.text;
                if !text[len..].trim().is_empty() {
                    summary = Some((i, len..text.len()));
                }
                break;
            }
        }
    }
    if let Some(d) = dateline {
        b.push(Part {
            kind: PartKind::Dateline,
            found: if consumed[d] {
                Found::Heading
            } else {
                Found::Inferred
            },
            blocks: vec![d],
            prose: blocks[d].prose.clone(),
            speaker: None,
        });
        consumed[d] = true;
    }

    body(blocks, regions, &consumed, summary, &mut b, source);
    b.parts
        .sort_by_key(|p| p.blocks.first().copied().unwrap_or(0));
    b.parts
}

/// Removes PR/FAQ title words (`PRFAQ:`, `PR / FAQ`) from a title used as a headline.
fn strip_title_words(prose: &Prose) -> Prose {
    let text = &prose.text;
    let lower = text.to_lowercase();
    for word in ["prfaq", "pr/faq", "pr-faq", "pr / faq", "pr faq"] {
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

/// The label that the current body text is under.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Part(PartKind),
    Quote,
    Summary,
}

/// Assigns a part to every body block of the press release.
fn body(
    blocks: &[Block],
    regions: &[Region],
    consumed: &[bool],
    mut summary: Option<(usize, Range<usize>)>,
    b: &mut Builder,
    source: &str,
) {
    let dateline_block = summary.as_ref().map(|(i, _)| *i);
    let pr: Vec<usize> = (0..blocks.len())
        .filter(|&i| regions[i] == Region::PressRelease)
        .filter(|&i| !consumed[i] || Some(i) == dateline_block)
        .filter(|&i| blocks[i].is_prose() || blocks[i].kind == BlockKind::Code)
        .collect();
    let last_prose = pr
        .iter()
        .rev()
        .copied()
        .find(|&i| blocks[i].is_prose() && !blocks[i].is_heading());
    // "Getting started" is the call to action, unless the release also has a label that
    // is only a call to action; then it describes how the product is used.
    let strong_cta = pr.iter().any(|&i| {
        let block = &blocks[i];
        let label = if block.is_heading() {
            block.text().to_owned()
        } else {
            match block.prose.leading(MarkKind::Strong) {
                Some(m) => block.prose.text[m.range.clone()].to_owned(),
                None => return false,
            }
        };
        cues::heading_role(&label) == Role::Part(PartKind::CallToAction)
            && !cues::is_getting_started(&label)
    });
    let part_label = |kind: PartKind, text: &str| {
        if kind == PartKind::CallToAction && strong_cta && cues::is_getting_started(text) {
            Label::Part(PartKind::HowItWorks)
        } else {
            Label::Part(kind)
        }
    };
    let mut label: Option<(Label, u8, Found)> = None;
    // Whether the last block extended an open part (continuation).
    let mut previous: Option<PartKind> = None;
    let mut after_leader_quote = false;
    let mut summary_block = summary.as_ref().map(|(i, _)| *i);

    for &i in &pr {
        let block = &blocks[i];
        let text = block.text();
        if is_metadata(block) || cues::is_release_marker(text) {
            continue;
        }
        if block.kind == BlockKind::Code {
            // Code under a label belongs to that part (a diagram under "How it works").
            let kind = match label {
                Some((Label::Part(kind), ..)) => Some(kind),
                _ => previous,
            };
            if let Some(kind) = kind {
                let found = label.map_or(Found::Inferred, |(_, _, f)| f);
                b.add(kind, found, i, Prose::default(), previous == Some(kind));
                previous = Some(kind);
            }
            continue;
        }
        if let Some(level) = block.heading_level() {
            let role = cues::heading_role(text);
            let new_label = match role {
                Role::Part(kind) => Some(part_label(kind, text)),
                Role::Quote => Some(Label::Quote),
                Role::Summary => Some(Label::Summary),
                _ => None,
            };
            match new_label {
                Some(l) => label = Some((l, level, Found::Heading)),
                None => {
                    // A sub-heading under a labelled section stays in that section.
                    if label.is_some_and(|(_, lvl, found)| found != Found::Heading || level <= lvl)
                    {
                        label = None;
                    }
                }
            }
            previous = None;
            continue;
        }

        // A label at the start of the paragraph (bold or `Label:`), or a label line.
        let bold = block
            .prose
            .leading(MarkKind::Strong)
            .map(|m| m.range.clone());
        let mut content = block.prose.clone();
        if block.list.is_none() {
            if let Some((role, len)) = cues::leading_label(&block.prose.text, bold) {
                let l = match role {
                    Role::Part(kind) => Some(part_label(kind, &block.prose.text[..len])),
                    Role::Quote => Some(Label::Quote),
                    Role::Summary => Some(Label::Summary),
                    _ => None,
                };
                if let Some(l) = l {
                    label = Some((l, u8::MAX, Found::Label));
                    content = block.prose.slice(len..block.prose.text.len());
                    previous = None;
                }
            } else if is_short_line(block, 6)
                && !text.ends_with('.')
                && let Role::Part(kind) = cues::heading_role(text)
            {
                label = Some((part_label(kind, text), u8::MAX, Found::Label));
                previous = None;
                continue;
            }
        }
        if content.is_empty() {
            continue;
        }
        if Some(i) == dateline_block {
            match summary.take() {
                Some((_, range)) => content = block.prose.slice(range),
                None => continue,
            }
        }

        // Quotes first: quoted speech with a speaker (or in a block quote) is a quote
        // whatever section it stands in.
        let quote_label = matches!(
            label,
            Some((
                Label::Quote | Label::Part(PartKind::LeaderQuote | PartKind::CustomerQuote),
                ..
            ))
        );
        let speech = cues::has_speech(&content.text);
        let mut speaker = cues::speaker(&content.text);
        let continues_quote = matches!(
            previous,
            Some(PartKind::LeaderQuote | PartKind::CustomerQuote)
        ) && (content.text.trim_start().starts_with(['"', '“', '„', '«'])
            || block.quote_depth > 0
            || block.list.is_some());
        // `> - Albert from San Francisco` under a quoted paragraph: Markdown reads the
        // attribution's dash as a list marker, so the line itself is the speaker.
        let mut attribution = false;
        if continues_quote && !speech && speaker.is_none() && block.list.is_some() {
            speaker = cues::attribution_line(&content.text);
            attribution = speaker.is_some();
        }
        if speech && (speaker.is_some() || block.quote_depth > 0 || quote_label) || continues_quote
        {
            let kind = match label {
                Some((Label::Part(k @ (PartKind::LeaderQuote | PartKind::CustomerQuote)), ..)) => k,
                _ if continues_quote && !speech => previous.unwrap_or(PartKind::CustomerQuote),
                _ => match speaker.as_deref().and_then(cues::speaker_is_leader) {
                    Some(true) => PartKind::LeaderQuote,
                    Some(false) => PartKind::CustomerQuote,
                    None if b.has(PartKind::LeaderQuote) => PartKind::CustomerQuote,
                    None => PartKind::LeaderQuote,
                },
            };
            let found = match label {
                Some((Label::Part(_) | Label::Quote, _, found)) if quote_label => found,
                _ => Found::Inferred,
            };
            let extend = continues_quote && (speaker.is_none() || attribution);
            b.add(kind, found, i, content, extend);
            if !extend {
                if let Some(last) = b.parts.last_mut() {
                    last.speaker = speaker;
                }
            } else if let (Some(last), Some(s)) = (b.parts.last_mut(), speaker) {
                last.speaker.get_or_insert(s);
            }
            if kind == PartKind::LeaderQuote {
                after_leader_quote = true;
            }
            previous = Some(kind);
            continue;
        }

        match label {
            // A closing paragraph after a quote that interrupted a section ("How it
            // works", then a customer quote, then "Open the app and tap Split"), or one
            // with no label of its own under an earlier section's label, is the call to
            // action when it reads as one, whatever heading it stands under.
            Some((Label::Part(kind), ..))
                if kind != PartKind::CallToAction
                    && Some(i) == last_prose
                    && !b.has(PartKind::CallToAction)
                    && (matches!(
                        previous,
                        Some(PartKind::LeaderQuote | PartKind::CustomerQuote)
                    ) || content.text.len() == block.prose.text.len())
                    && closing_call(&content) =>
            {
                b.add(PartKind::CallToAction, Found::Inferred, i, content, false);
                previous = Some(PartKind::CallToAction);
                continue;
            }
            Some((Label::Part(kind), _, found)) => {
                let extend = previous == Some(kind);
                b.add(kind, found, i, content, extend);
                previous = Some(kind);
                if kind == PartKind::LeaderQuote {
                    after_leader_quote = true;
                }
                continue;
            }
            Some((Label::Quote, _, found)) => {
                let kind = if b.has(PartKind::LeaderQuote) {
                    PartKind::CustomerQuote
                } else {
                    PartKind::LeaderQuote
                };
                b.add(kind, found, i, content, previous == Some(kind));
                previous = Some(kind);
                continue;
            }
            Some((Label::Summary, ..)) | None => {}
        }

        // Unlabeled body text: the classic order, read from content.
        // The summary is the first body paragraph, before any part of the body.
        let body_started = PartKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    PartKind::Headline | PartKind::Subheadline | PartKind::Dateline
                )
            })
            .any(|k| b.has(k));
        if summary_block.is_none() && body_started {
            summary_block = Some(usize::MAX);
        }
        if summary_block.is_none() && block.list.is_none() {
            let has_link = content.marks_of(MarkKind::Link).next().is_some();
            let (problem, solution, _, _) = cues::body_scores(&content.text, has_link);
            if problem >= 2 && problem > solution && !b.has(PartKind::Problem) {
                // An opening that states the problem (a motivation, not an announcement).
                summary_block = Some(usize::MAX);
                b.add(PartKind::Problem, Found::Inferred, i, content, false);
                previous = Some(PartKind::Problem);
                continue;
            }
            summary_block = Some(i);
            if b.has(PartKind::Solution) || label.is_some() {
                previous = None;
            } else {
                // Marked so a later solution paragraph can take over.
                b.add_summary(i, content);
                // The summary stands alone: the next paragraph starts its own part.
                previous = None;
            }
            continue;
        }
        if Some(i) == summary_block {
            b.add_summary(i, content);
            previous = None;
            continue;
        }
        // Lists and tables continue the part before them.
        if (block.list.is_some() || block.kind == BlockKind::TableRow)
            && let Some(kind) = previous
        {
            b.add(kind, Found::Inferred, i, content, true);
            continue;
        }
        let has_link = content.marks_of(MarkKind::Link).next().is_some();
        let (problem, solution, how, cta) = cues::body_scores(&content.text, has_link);
        let has_real_solution = b.has_real_solution();
        let cue_words = cues::body_scores(&content.text, false).3;
        let no_problem_yet = !b.has(PartKind::Problem) && !after_leader_quote;
        let kind = if cta >= 4 && cue_words >= 2 && (has_real_solution || b.has(PartKind::Solution))
            || (Some(i) == last_prose && cta >= 4)
            // The classic order closes with the call to action after the customer quote:
            // one call-to-action phrase is enough there ("Get started now").
            || (Some(i) == last_prose && cta >= 2 && previous == Some(PartKind::CustomerQuote))
        {
            PartKind::CallToAction
        } else if no_problem_yet
            && problem >= 2
            && problem > solution
            && (!has_real_solution || problem >= 3 && problem > solution + 1)
        {
            // The classic order puts the problem first, but a paragraph that plainly
            // states one is the problem wherever it stands before the quotes.
            PartKind::Problem
        } else if previous == Some(PartKind::Problem) && problem > solution + 2 {
            PartKind::Problem
        } else if !has_real_solution && !after_leader_quote {
            if how >= 2 && how > solution + 1 && b.has(PartKind::Solution) {
                PartKind::HowItWorks
            } else {
                PartKind::Solution
            }
        } else if after_leader_quote || how >= 2 {
            PartKind::HowItWorks
        } else {
            match previous {
                Some(PartKind::Problem) | None => PartKind::Solution,
                Some(kind) => kind,
            }
        };
        let extend = previous == Some(kind);
        b.add(kind, Found::Inferred, i, content, extend);
        previous = Some(kind);
    }
    // A problem stated inside another paragraph ("Previously, teams were stuck …").
    if !b.has(PartKind::Problem) {
        let found = b
            .parts
            .iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    PartKind::Solution | PartKind::HowItWorks | PartKind::Dateline
                )
            })
            .find_map(|p| {
                let text = &p.prose.text;
                sentence_ranges(text)
                    .into_iter()
                    .find(|r| {
                        let (problem, solution, _, _) = cues::body_scores(&text[r.clone()], false);
                        problem >= 3 && problem > solution
                    })
                    .map(|r| (p.blocks[0], p.prose.slice(r)))
            });
        if let Some((block, prose)) = found {
            b.push(Part {
                kind: PartKind::Problem,
                found: Found::Inferred,
                blocks: vec![block],
                prose,
                speaker: None,
            });
        }
    }

    // The summary speaks for the solution only when nothing else did.
    for part in &mut b.parts {
        if part.speaker.as_deref() == Some(SUMMARY) {
            part.speaker = None;
        }
    }
    if b.parts
        .iter()
        .filter(|p| p.kind == PartKind::Solution)
        .count()
        > 1
    {
        // Keep the summary as a solution only if it is the sole one.
        if let Some(pos) = b
            .parts
            .iter()
            .position(|p| p.kind == PartKind::Solution && Some(p.blocks[0]) == summary_block)
        {
            b.parts.remove(pos);
        }
    }

    // With two calls to action and no how-it-works, the first one that is about getting
    // started walks the customer through using the product.
    if !b.has(PartKind::HowItWorks) {
        let ctas: Vec<usize> = (0..b.parts.len())
            .filter(|&p| b.parts[p].kind == PartKind::CallToAction)
            .collect();
        if ctas.len() >= 2 {
            let first = ctas[0];
            let label_text = |p: &Part| {
                let block = &blocks[p.blocks[0]];
                let heading = (0..p.blocks[0])
                    .rev()
                    .find(|&j| blocks[j].is_heading() && regions[j] == Region::PressRelease);
                let mut text = block.prose.text.chars().take(40).collect::<String>();
                if let Some(h) = heading {
                    text.push(' ');
                    text.push_str(blocks[h].text());
                }
                text
            };
            if cues::is_getting_started(&label_text(&b.parts[first]))
                || b.parts[first].found == Found::Inferred
            {
                b.parts[first].kind = PartKind::HowItWorks;
                b.has[PartKind::HowItWorks as usize] = true;
            }
        }
    }

    // A call to action inside another paragraph ("To get started, visit …").
    if !b.has(PartKind::CallToAction) {
        for &i in pr.iter().rev() {
            let block = &blocks[i];
            if block.is_heading() {
                continue;
            }
            let text = &block.prose.text;
            for range in sentence_ranges(text) {
                let sentence = &text[range.clone()];
                let link = block
                    .prose
                    .marks_of(MarkKind::Link)
                    .any(|m| m.range.start < range.end && m.range.end > range.start)
                    || block.prose.is_code(&range) && sentence.to_lowercase().contains("visit");
                let (_, _, _, cta) = cues::body_scores(sentence, link);
                if cta >= 6 {
                    b.push(Part {
                        kind: PartKind::CallToAction,
                        found: Found::Inferred,
                        blocks: vec![i],
                        prose: block.prose.slice(range),
                        speaker: None,
                    });
                    return;
                }
            }
        }
    }
    let _ = source;
}

const SUMMARY: &str = "\u{0}summary";

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

/// Interrogative words that make a heading in an FAQ a question even without `?`.
const QUESTION_WORDS: &[&str] = &[
    "who", "what", "when", "where", "why", "how", "can", "do", "does", "is", "are", "will",
    "should", "which", "would", "could", "may", "did", "has", "have", "wie", "was", "warum", "wer",
    "kann",
];

fn starts_with_question_word(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    QUESTION_WORDS.contains(&first.as_str())
}

/// Finds the FAQ's sections and questions.
fn faq(blocks: &[Block], regions: &[Region]) -> Faq {
    let mut faq = Faq::default();
    // The audience stack: (heading level, audience, explicit).
    let mut sections: Vec<(u8, Option<Audience>)> = Vec::new();
    let mut current: Option<usize> = None; // index into faq.questions awaiting answers
    let mut in_faq = false;
    let audience = |sections: &[(u8, Option<Audience>)]| {
        sections
            .iter()
            .rev()
            .find_map(|(_, a)| *a)
            .unwrap_or(Audience::Customer)
    };
    for (i, block) in blocks.iter().enumerate() {
        if regions[i] != Region::Faq {
            if in_faq {
                current = None;
                in_faq = false;
            }
            continue;
        }
        in_faq = true;
        let text = block.text();
        if let Some(level) = block.heading_level() {
            let role = cues::heading_role(text);
            // A sub-heading inside an answer ("#### Design") is part of that answer.
            if let Some(q) = current {
                let question_level = blocks[faq.questions[q].block].heading_level();
                if question_level.is_some_and(|ql| level > ql) && !cues::is_question(text) {
                    push_answer(&mut faq.questions[q], block, i, block.prose.clone());
                    continue;
                }
            }
            let question = cues::is_question(text)
                || (cues::question_prefix(text) > 0 && !matches!(role, Role::Faq(_)))
                || (!matches!(role, Role::Faq(_))
                    && starts_with_question_word(text)
                    && !sections.is_empty()
                    && sections.last().is_some_and(|(l, _)| level > *l + 1));
            if question {
                let prefix = cues::question_prefix(&block.prose.text);
                let prose = block.prose.slice(prefix..block.prose.text.len());
                faq.questions.push(Question {
                    prose: trim_prose(&prose),
                    answer: Prose::default(),
                    block: i,
                    answer_blocks: Vec::new(),
                    audience: audience(&sections),
                    span: block.span.clone(),
                });
                current = Some(faq.questions.len() - 1);
                continue;
            }
            while sections.last().is_some_and(|(l, _)| *l >= level) {
                sections.pop();
            }
            // "For stakeholders" under an FAQ says whom its questions are for, even
            // without the word FAQ.
            let aud = match role {
                Role::Faq(a) => a,
                _ => cues::audience_of(text),
            };
            if matches!(role, Role::Faq(_)) && faq.heading.is_none() {
                faq.heading = Some(i);
            }
            sections.push((level, aud));
            faq.sections.push(FaqSection {
                title: text.to_owned(),
                audience: aud.unwrap_or_else(|| audience(&sections)),
                explicit: aud.is_some(),
                block: i,
            });
            current = None;
            continue;
        }
        if !block.is_prose() {
            if let Some(q) = current
                && block.kind == BlockKind::Code
            {
                let question = &mut faq.questions[q];
                question.answer_blocks.push(i);
                question.span.end = block.span.end;
            }
            continue;
        }
        // Table rows whose first cell asks a question.
        if block.kind == BlockKind::TableRow {
            if block.header {
                // A table starts: its rows are not the answer to the question before it.
                current = None;
                continue;
            }
            {
                if let Some(first) = block.cells.first()
                    && cues::is_question(first.text.trim())
                {
                    let answer = Prose::join(block.cells.iter().skip(1));
                    faq.questions.push(Question {
                        prose: trim_prose(first),
                        answer,
                        block: i,
                        answer_blocks: vec![i],
                        audience: audience(&sections),
                        span: block.span.clone(),
                    });
                    current = None;
                    continue;
                }
            }
            if let Some(q) = current {
                push_answer(&mut faq.questions[q], block, i, block.prose.clone());
            }
            continue;
        }
        let prose = &block.prose;
        let bold = prose.leading(MarkKind::Strong);
        let awaiting = current.is_some_and(|q| faq.questions[q].answer.is_empty());
        // `**Q: Who is it for?** answer…` or `**Who is it for?**`
        let (question_range, rest) = if let Some(mark) = bold.filter(|m| {
            let t = &prose.text[m.range.clone()];
            cues::is_question(t) || cues::question_prefix(t) > 0 && t.trim_start().starts_with('Q')
        }) {
            (Some(mark.range.clone()), mark.range.end)
        } else if cues::question_prefix(text) > 0
            && (text.starts_with('Q')
                || text.starts_with("Question")
                || text.starts_with("F:")
                || block.list.is_none() && cues::is_question(first_line(text)))
        {
            let lead = prose.text.len() - prose.text.trim_start().len();
            let line_end = prose.text[lead..]
                .find('\n')
                .map_or(prose.text.len(), |e| lead + e);
            // `Q: … A: …` on one line: split at the answer.
            let split = find_answer_marker(&prose.text[lead..line_end]).map(|a| lead + a);
            let end = split.unwrap_or(line_end);
            (Some(lead..end), end)
        } else if block
            .list
            .is_some_and(|l| l.first && (l.ordered || current.is_none()))
            && cues::is_question(first_line(text))
        {
            let lead = prose.text.len() - prose.text.trim_start().len();
            let end = prose.text[lead..]
                .find('\n')
                .map_or(prose.text.len(), |e| lead + e);
            (Some(lead..end), end)
        } else if !awaiting
            && block.list.is_none()
            && cues::is_question(text)
            && text.split_whitespace().count() <= 40
            && !text.contains(". ")
        {
            (Some(0..prose.text.len()), prose.text.len())
        } else {
            (None, 0)
        };
        if let Some(range) = question_range {
            let qtext = &prose.text[range.clone()];
            let prefix = cues::question_prefix(qtext);
            let question = trim_prose(&prose.slice(range.start + prefix..range.end));
            let mut answer = prose.slice(rest..prose.text.len());
            let a = cues::answer_prefix(answer.text.trim_start_matches([' ', '\n', ':']));
            if a > 0 {
                let lead =
                    answer.text.len() - answer.text.trim_start_matches([' ', '\n', ':']).len();
                answer = answer.slice(lead + a..answer.text.len());
            }
            let answer = trim_prose(&answer);
            let has_answer = !answer.is_empty();
            faq.questions.push(Question {
                prose: question,
                answer,
                block: i,
                answer_blocks: if has_answer { vec![i] } else { Vec::new() },
                audience: audience(&sections),
                span: block.span.clone(),
            });
            current = Some(faq.questions.len() - 1);
            continue;
        }
        if let Some(q) = current {
            let mut answer = prose.clone();
            let a = cues::answer_prefix(&answer.text);
            if a > 0 {
                answer = answer.slice(a..answer.text.len());
            } else if let Some(mark) = bold {
                // `**A:** text`
                let t = &prose.text[mark.range.clone()];
                if cues::answer_prefix(t) > 0 || t.trim() == "A" {
                    let rest = &prose.text[mark.range.end..];
                    let skip = rest.len() - rest.trim_start_matches([':', ' ']).len();
                    answer = answer.slice(mark.range.end + skip..answer.text.len());
                }
            }
            push_answer(&mut faq.questions[q], block, i, answer);
        }
    }
    faq
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Where an inline `A:` starts in a `Q: … A: …` line.
fn find_answer_marker(text: &str) -> Option<usize> {
    for marker in [" A: ", "\nA: ", "\nA:", " A. "] {
        if let Some(at) = text.find(marker) {
            return Some(at);
        }
    }
    None
}

fn push_answer(question: &mut Question, block: &Block, i: usize, answer: Prose) {
    if question.answer.is_empty() {
        question.answer = trim_prose(&answer);
    } else {
        question.answer.append(&answer);
    }
    question.answer_blocks.push(i);
    question.span.end = question.span.end.max(block.span.end);
}

/// Trims white space and Markdown leftovers from both ends of a prose.
fn trim_prose(prose: &Prose) -> Prose {
    let text = &prose.text;
    let start = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':')
            .len();
    let end = text.trim_end().len();
    if start >= end {
        return Prose::default();
    }
    prose.slice(start..end)
}

/// The user journey: the steps listed under its heading.
fn journey(blocks: &[Block], regions: &[Region]) -> Option<Journey> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Journey)?;
    let mut steps = Vec::new();
    let items: Vec<usize> = (heading + 1..blocks.len())
        .take_while(|&i| regions[i] == Region::Journey)
        .filter(|&i| blocks[i].is_prose() && !blocks[i].is_heading())
        .collect();
    let use_items = items.iter().any(|&i| blocks[i].list.is_some());
    for i in items {
        let block = &blocks[i];
        if use_items && block.list.is_none_or(|l| !l.first) {
            continue;
        }
        let lower = block.text().to_lowercase();
        let aha = lower.starts_with("aha")
            || lower.contains("(aha)")
            || lower.contains("aha moment")
            || lower.contains("aha:")
            || lower.contains("aha!");
        steps.push(Step {
            block: i,
            prose: block.prose.clone(),
            aha,
        });
    }
    Some(Journey { heading, steps })
}

/// Which metrics-table column a header names.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Metric,
    Baseline,
    Target,
    By,
    Owner,
}

fn column(header: &str) -> Option<Column> {
    let h = cues::normalize(header);
    let has = |words: &[&str]| cues::has_any(&h, words);
    if has(&["baseline", "current", "today", "from", "before", "now"]) {
        Some(Column::Baseline)
    } else if has(&["target", "goal", "to", "after", "aim"]) {
        Some(Column::Target)
    } else if has(&[
        "by",
        "date",
        "deadline",
        "when",
        "period",
        "timeframe",
        "due",
    ]) {
        Some(Column::By)
    } else if has(&["owner", "who", "dri", "responsible"]) {
        Some(Column::Owner)
    } else if has(&["metric", "measure", "kpi", "name", "indicator", "what"]) {
        Some(Column::Metric)
    } else {
        None
    }
}

/// The metrics: rows of the table under the metrics heading.
fn metrics(blocks: &[Block], regions: &[Region]) -> Option<Metrics> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Metrics)?;
    let mut rows = Vec::new();
    let mut columns: Vec<Option<Column>> = Vec::new();
    for i in heading + 1..blocks.len() {
        if regions[i] != Region::Metrics {
            break;
        }
        let block = &blocks[i];
        if block.kind != BlockKind::TableRow {
            continue;
        }
        if block.header {
            columns = block.cells.iter().map(|c| column(&c.text)).collect();
            if !columns.contains(&Some(Column::Metric)) && !columns.is_empty() {
                columns[0] = Some(Column::Metric);
            }
            continue;
        }
        let cell = |col: Column| {
            columns
                .iter()
                .position(|c| *c == Some(col))
                .and_then(|p| block.cells.get(p))
                .filter(|c| !c.is_empty() && !is_empty_cell(&c.text))
                .cloned()
        };
        if block.cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push(MetricRow {
            block: i,
            metric: cell(Column::Metric),
            baseline: cell(Column::Baseline),
            target: cell(Column::Target),
            by: cell(Column::By),
            owner: cell(Column::Owner),
        });
    }
    Some(Metrics { heading, rows })
}

fn is_empty_cell(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "–" | "?" | "n/a" | "N/A")
}

/// The scope: in-scope and out-of-scope items.
fn scope(blocks: &[Block], regions: &[Region]) -> Option<Scope> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Scope)?;
    let mut scope = Scope {
        heading,
        in_scope: Vec::new(),
        out_of_scope: Vec::new(),
    };
    let mut inside = !matches!(
        cues::heading_role(blocks[heading].text()),
        Role::Scope(Some(false))
    );
    for i in heading + 1..blocks.len() {
        if regions[i] != Region::Scope {
            break;
        }
        let block = &blocks[i];
        if !block.is_prose() {
            continue;
        }
        let text = block.text();
        let as_label = block.is_heading()
            || block.prose.is_all(MarkKind::Strong)
            || (block.list.is_none()
                && text.ends_with(':')
                && text.split_whitespace().count() <= 4);
        if as_label {
            if let Role::Scope(Some(v)) = cues::heading_role(text) {
                inside = v
            }
            continue;
        }
        if block.list.is_some_and(|l| !l.first) {
            continue;
        }
        let item = ScopeItem {
            block: i,
            prose: block.prose.clone(),
        };
        if inside {
            scope.in_scope.push(item);
        } else {
            scope.out_of_scope.push(item);
        }
    }
    Some(scope)
}

/// True when a paragraph reads strongly as a call to action: several call-to-action
/// words, or a link with at least one.
fn closing_call(content: &Prose) -> bool {
    let has_link = content.marks_of(MarkKind::Link).next().is_some();
    let cta = cues::body_scores(&content.text, has_link).3;
    let words = cues::body_scores(&content.text, false).3;
    cta >= 4 && words >= 2 || cta >= 6
}
