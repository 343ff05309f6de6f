//! The body of the press release: every block after the top gets a part, from its
//! heading or label when it has one (`labels`) and from its content and place in the
//! classic order when it has none (`content`); a few passes over the whole then settle
//! what only the whole shows (`after`).

mod after;
mod content;
mod labels;

use std::ops::Range;

use crate::blocks::{Block, BlockKind};
use crate::cues;
use crate::prose::Prose;
use crate::{Found, PartKind, Region};

use super::super::Roles;
use super::builder::Builder;
use super::is_metadata;
use labels::Label;

/// Assigns a part to every body block of the press release. `summary` is the rest of
/// the dateline's paragraph, when the summary follows the dateline in it.
pub(super) fn body(
    blocks: &[Block],
    roles: &Roles,
    regions: &[Region],
    consumed: &[bool],
    summary: Option<(usize, Range<usize>)>,
    b: &mut Builder,
) {
    let mut body = Body::new(blocks, roles, regions, consumed, summary);
    for at in 0..body.pr.len() {
        body.block(b, body.pr[at]);
    }
    after::problem_inside(b);
    after::drop_summary(b, body.summary_block);
    after::features_without_use(b, &body.features);
    after::first_call_walks_through(b, blocks, regions);
    after::call_inside(b, blocks, &body.pr);
}

/// What reading the body has learnt so far.
struct Body<'a> {
    blocks: &'a [Block],
    roles: &'a Roles,
    /// The body blocks, in order.
    pr: Vec<usize>,
    /// The last prose block that is not a heading.
    last_prose: Option<usize>,
    /// Whether the release has a label that is only a call to action.
    strong_cta: bool,
    /// The block of the dateline, when the summary shares its paragraph.
    dateline_block: Option<usize>,
    /// The summary's block and range, until it is read.
    summary: Option<(usize, Range<usize>)>,
    /// The label that the current text is under, the heading level that set it
    /// (`u8::MAX` for a label in the text) and how it was found.
    label: Option<(Label, u8, Found)>,
    /// The kind of the last part added, while the next block may continue it.
    previous: Option<PartKind>,
    after_leader_quote: bool,
    /// Whether text under a label of getting started and the call to action has told
    /// how the product is used.
    tells_use: bool,
    /// The sections under a label that names the product's features, in order.
    features: Vec<after::Features>,
    /// Whether the current label is the last of `features`.
    under_features: bool,
    /// The summary's block; `usize::MAX` once the body has started without one.
    summary_block: Option<usize>,
}

impl<'a> Body<'a> {
    fn new(
        blocks: &'a [Block],
        roles: &'a Roles,
        regions: &[Region],
        consumed: &[bool],
        summary: Option<(usize, Range<usize>)>,
    ) -> Body<'a> {
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
        let strong_cta = labels::strong_cta(blocks, roles, &pr);
        Body {
            blocks,
            roles,
            pr,
            last_prose,
            strong_cta,
            dateline_block,
            summary,
            label: None,
            previous: None,
            after_leader_quote: false,
            tells_use: false,
            features: Vec::new(),
            under_features: false,
            summary_block: dateline_block,
        }
    }

    /// Gives block `i` its part, if it gets one: by heading or label, as a quote, under
    /// the label it stands under, as the summary, or by content and place.
    fn block(&mut self, b: &mut Builder, i: usize) {
        let block = &self.blocks[i];
        if is_metadata(block) || cues::is_release_marker(block.text()) {
            return;
        }
        if block.kind == BlockKind::Code {
            self.code(b, i);
            return;
        }
        if let Some(level) = block.heading_level() {
            self.heading(self.roles.of_block(self.blocks, i), block.text(), level);
            return;
        }
        let Some(from) = self.label_in_text(i) else {
            return;
        };
        let prose = &block.prose;
        // Nothing but white space after the label (as `Prose::is_empty` reads it).
        if prose.text[from..].trim_start().is_empty() {
            return;
        }
        // The block's prose copied once: the dateline paragraph's summary, or what
        // follows the label.
        let content = if Some(i) == self.dateline_block {
            match self.summary.take() {
                Some((_, range)) => prose.slice(range),
                None => return,
            }
        } else if from == 0 {
            prose.clone()
        } else {
            prose.slice(from..prose.text.len())
        };
        let Some(content) = self.quote(b, i, content) else {
            return;
        };
        let Some(content) = self.under_label(b, i, content) else {
            return;
        };
        let Some(content) = self.opening(b, i, content) else {
            return;
        };
        self.by_content(b, i, content);
    }

    /// Adds `content` as a part of `kind`, continuing the previous part when it is of
    /// the same kind.
    fn continue_or_add(
        &mut self,
        b: &mut Builder,
        kind: PartKind,
        found: Found,
        i: usize,
        content: Prose,
    ) {
        let extend = self.previous == Some(kind);
        b.add(kind, found, i, content, extend);
        self.previous = Some(kind);
        if self.under_features
            && kind == PartKind::HowItWorks
            && let Some(section) = self.features.last_mut()
        {
            section.hold(b.parts[b.parts.len() - 1].blocks[0]);
        }
    }
}
