//! Parts named by a heading or by a label in the text (`**Problem:**`, `Solution:`, a
//! short label line), and the blocks that stand under such a name.

use std::ops::Range;

use crate::blocks::Block;
use crate::cues::{self, Role};
use crate::prose::{MarkKind, Prose};
use crate::{Found, PartKind};

use super::super::super::Roles;
use super::super::builder::Builder;
use super::super::{closing_call, is_short_line, sentence_ranges};
use super::Body;
use super::after::Features;

/// The label that the current body text is under.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Label {
    Part(PartKind),
    /// A label that names getting started and the call to action together.
    StartAndCall,
    Quote,
    Summary,
}

/// "Getting started" is the call to action, unless the release also has a label that
/// is only a call to action; then it describes how the product is used.
pub(super) fn strong_cta(blocks: &[Block], roles: &Roles, pr: &[usize]) -> bool {
    pr.iter().any(|&i| {
        let block = &blocks[i];
        let (role, label) = if block.is_heading() {
            (roles.of_block(blocks, i), block.text())
        } else {
            match block.prose.leading(MarkKind::Strong) {
                Some(m) => {
                    let label = &block.prose.text[m.range.clone()];
                    (cues::heading_role(label), label)
                }
                None => return false,
            }
        };
        role == Role::Part(PartKind::CallToAction) && !cues::is_getting_started(label)
    })
}

impl Body<'_> {
    fn part_label(&self, kind: PartKind, text: &str) -> Label {
        if kind == PartKind::CallToAction && self.strong_cta && cues::is_getting_started(text) {
            Label::Part(PartKind::HowItWorks)
        } else if kind == PartKind::CallToAction && cues::names_start_and_call(text) {
            Label::StartAndCall
        } else {
            Label::Part(kind)
        }
    }

    /// The label that a heading or label reading `text` in `role` sets, if any.
    fn label_of(&self, role: Role, text: &str) -> Option<Label> {
        match role {
            Role::Part(kind) => Some(self.part_label(kind, text)),
            Role::Quote => Some(Label::Quote),
            Role::Summary => Some(Label::Summary),
            _ => None,
        }
    }

    /// Code under a label belongs to that part (a diagram under "How it works"), or
    /// else to the part before it.
    pub(super) fn code(&mut self, b: &mut Builder, i: usize) {
        let kind = match self.label {
            Some((Label::Part(kind), ..)) => Some(kind),
            _ => self.previous,
        };
        if let Some(kind) = kind {
            let found = self.label.map_or(Found::Inferred, |(_, _, f)| f);
            self.continue_or_add(b, kind, found, i, Prose::default());
        }
    }

    /// Sets the label that the text from here is under, read from `text`; a label that
    /// names the product's features starts a section whose use is weighed.
    fn set_label(&mut self, label: Label, text: &str, level: u8, found: Found) {
        self.label = Some((label, level, found));
        self.under_features =
            label == Label::Part(PartKind::HowItWorks) && cues::is_feature_label(text);
        if self.under_features {
            self.features.push(Features::default());
        }
    }

    /// A heading sets the label it names; any other heading ends the label, unless it
    /// is a sub-heading under a labelled section.
    pub(super) fn heading(&mut self, role: Role, text: &str, level: u8) {
        match self.label_of(role, text) {
            Some(l) => self.set_label(l, text, level, Found::Heading),
            None => {
                // A sub-heading under a labelled section stays in that section.
                if self
                    .label
                    .is_some_and(|(_, lvl, found)| found != Found::Heading || level <= lvl)
                {
                    self.label = None;
                    self.under_features = false;
                }
            }
        }
        self.previous = None;
    }

    /// A label at the start of the paragraph (bold or `Label:`), or a label line: sets
    /// the label and gives where what follows it starts in the block's prose, or None
    /// when the block is only a label.
    pub(super) fn label_in_text(&mut self, i: usize) -> Option<usize> {
        let block = &self.blocks[i];
        let text = block.text();
        let bold = block
            .prose
            .leading(MarkKind::Strong)
            .map(|m| m.range.clone());
        let mut from = 0;
        if block.list.is_none() {
            if let Some((role, len)) = cues::leading_label(&block.prose.text, bold) {
                if let Some(l) = self.label_of(role, &block.prose.text[..len]) {
                    self.set_label(l, &block.prose.text[..len], u8::MAX, Found::Label);
                    from = len;
                    self.previous = None;
                }
            } else if is_short_line(block, 6)
                && !text.ends_with('.')
                && let Role::Part(kind) = cues::heading_role(text)
            {
                self.set_label(self.part_label(kind, text), text, u8::MAX, Found::Label);
                self.previous = None;
                return None;
            }
        }
        Some(from)
    }

    /// Text under a part or quote label takes that part; gives `content` back when
    /// there is no such label.
    pub(super) fn under_label(
        &mut self,
        b: &mut Builder,
        i: usize,
        content: Prose,
    ) -> Option<Prose> {
        let block = &self.blocks[i];
        match self.label {
            // A closing paragraph after a quote that interrupted a section ("How it
            // works", then a customer quote, then "Open the app and tap Split"), or one
            // with no label of its own under an earlier section's label, is the call to
            // action when it reads as one, whatever heading it stands under.
            Some((Label::Part(kind), ..))
                if kind != PartKind::CallToAction
                    && Some(i) == self.last_prose
                    && !b.has(PartKind::CallToAction)
                    && (matches!(
                        self.previous,
                        Some(PartKind::LeaderQuote | PartKind::CustomerQuote)
                    ) || content.text.len() == block.prose.text.len())
                    && closing_call(&content) =>
            {
                b.add(PartKind::CallToAction, Found::Inferred, i, content, false);
                self.previous = Some(PartKind::CallToAction);
                None
            }
            Some((Label::Part(kind), _, found)) => {
                if self.under_features
                    && let Some(section) = self.features.last_mut()
                {
                    // A bare list of features tells no use; its prose and instructions may.
                    let instruction = cues::has_instruction(&content.text);
                    let how = if block.list.is_some() {
                        0
                    } else {
                        cues::BodyText::new(&content.text).how()
                    };
                    section.use_cues += how + 2 * u32::from(instruction);
                }
                self.continue_or_add(b, kind, found, i, content);
                if kind == PartKind::LeaderQuote {
                    self.after_leader_quote = true;
                }
                None
            }
            Some((Label::StartAndCall, _, found)) => {
                self.start_and_call(b, i, content, found);
                None
            }
            Some((Label::Quote, _, found)) => {
                let kind = if b.has(PartKind::LeaderQuote) {
                    PartKind::CustomerQuote
                } else {
                    PartKind::LeaderQuote
                };
                self.continue_or_add(b, kind, found, i, content);
                None
            }
            Some((Label::Summary, ..)) | None => Some(content),
        }
    }

    /// Text under a label that names getting started and the call to action: the
    /// sentences that read as a call (a link, an address, words of a call) are the call
    /// to action, and the rest tell how to start using the product, while the release
    /// has no how-it-works of its own. A block with no call in it is the call to action
    /// until one is found.
    fn start_and_call(&mut self, b: &mut Builder, i: usize, content: Prose, found: Found) {
        let may_split = !b.has(PartKind::HowItWorks) || self.tells_use;
        let sentences = sentence_ranges(&content.text);
        let calls: Vec<bool> = sentences
            .iter()
            .map(|r| reads_as_call(&content, r.clone()))
            .collect();
        if !may_split || !(calls.contains(&true) || b.has(PartKind::CallToAction)) {
            self.continue_or_add(b, PartKind::CallToAction, found, i, content);
            return;
        }
        // Consecutive sentences of one kind make one part.
        let mut run: Option<(PartKind, Range<usize>)> = None;
        for (range, call) in sentences.into_iter().zip(calls) {
            let kind = if call {
                PartKind::CallToAction
            } else {
                PartKind::HowItWorks
            };
            match &mut run {
                Some((k, span)) if *k == kind => span.end = range.end,
                _ => {
                    if let Some((k, span)) = run.take() {
                        self.add_sentences(b, k, found, i, &content, span);
                    }
                    run = Some((kind, range));
                }
            }
        }
        if let Some((k, span)) = run {
            self.add_sentences(b, k, found, i, &content, span);
        }
    }

    fn add_sentences(
        &mut self,
        b: &mut Builder,
        kind: PartKind,
        found: Found,
        i: usize,
        content: &Prose,
        span: Range<usize>,
    ) {
        let text = &content.text[span.clone()];
        let start = span.start + (text.len() - text.trim_start().len());
        self.continue_or_add(b, kind, found, i, content.slice(start..span.end));
        if kind == PartKind::HowItWorks {
            self.tells_use = true;
        }
    }
}

/// True when the sentence at `range` of `content` reads as a call to action: a link or a
/// web address, or two words of a call.
fn reads_as_call(content: &Prose, range: Range<usize>) -> bool {
    let link = content
        .marks_of(MarkKind::Link)
        .any(|m| m.range.start < range.end && m.range.end > range.start);
    let body = cues::BodyText::new(&content.text[range]);
    body.call(body.call_cues(), link) >= 4
}
