//! The top of the press release: the headline, subheadline and dateline, named by a
//! heading ("Headline", "Date") or found from their shape and place before the body.

use std::ops::Range;

use crate::blocks::{Block, BlockKind};
use crate::cues::{self, Role};
use crate::prose::{MarkKind, Prose};
use crate::{Found, Part, PartKind, Region};

use super::super::Roles;
use super::builder::Builder;
use super::{block_dateline, is_date_block, is_metadata, is_short_line};

/// The blocks in reach of the top parts, and which of them a part has taken.
pub(super) struct Top<'a> {
    blocks: &'a [Block],
    roles: &'a Roles,
    regions: &'a [Region],
    source: &'a str,
    /// The prose and rule blocks of the press release and of the preamble before it.
    top: Vec<usize>,
    /// Blocks taken by a labelled heading or an early part, by index.
    pub(super) consumed: Vec<bool>,
}

/// The blocks that explicit "Headline" / "Subheadline" / "Date" headings name.
pub(super) struct Named {
    pub(super) headline: Option<usize>,
    pub(super) subheadline: Option<usize>,
    pub(super) dateline: Option<usize>,
}

impl<'a> Top<'a> {
    /// None when the document has no press-release text at all.
    pub(super) fn new(
        blocks: &'a [Block],
        roles: &'a Roles,
        regions: &'a [Region],
        source: &'a str,
    ) -> Option<Self> {
        let top: Vec<usize> = (0..blocks.len())
            .filter(|&i| matches!(regions[i], Region::PressRelease | Region::Preamble))
            .filter(|&i| blocks[i].is_prose() || blocks[i].kind == BlockKind::Rule)
            .collect();
        if top.is_empty() {
            return None;
        }
        Some(Top {
            blocks,
            roles,
            regions,
            source,
            top,
            consumed: vec![false; blocks.len()],
        })
    }

    fn in_pr(&self, i: usize) -> bool {
        self.regions[i] == Region::PressRelease
    }

    /// Adds a top part and takes its block.
    pub(super) fn take(&mut self, b: &mut Builder, kind: PartKind, block: usize, prose: Prose) {
        b.push(Part {
            kind,
            found: if self.consumed[block] {
                Found::Heading
            } else {
                Found::Inferred
            },
            blocks: vec![block],
            prose,
            speaker: None,
        });
        self.consumed[block] = true;
    }

    /// Explicit "Headline" / "Subheadline" / "Date" headings name the block after them;
    /// both are taken.
    pub(super) fn named(&mut self) -> Named {
        let blocks = self.blocks;
        let mut named = Named {
            headline: None,
            subheadline: None,
            dateline: None,
        };
        for (pos, &i) in self.top.iter().enumerate() {
            let block = &blocks[i];
            if !block.is_heading() {
                continue;
            }
            if let Role::Part(
                kind @ (PartKind::Headline | PartKind::Subheadline | PartKind::Dateline),
            ) = self.roles.of_block(blocks, i)
                && let Some(&next) = self.top[pos + 1..].iter().find(|&&j| blocks[j].is_prose())
            {
                if blocks[next].is_heading() {
                    continue;
                }
                match kind {
                    PartKind::Headline => named.headline = named.headline.or(Some(next)),
                    PartKind::Subheadline => named.subheadline = named.subheadline.or(Some(next)),
                    _ => named.dateline = named.dateline.or(Some(next)),
                }
                self.consumed[i] = true;
                self.consumed[next] = true;
            }
        }
        named
    }

    /// True for the first paragraph of the body, which ends the top zone.
    fn is_body(&self, i: usize) -> bool {
        let block = &self.blocks[i];
        if !self.in_pr(i) || block.is_heading() || !block.is_prose() || self.consumed[i] {
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
            return cues::more_words_than(text, 40);
        }
        // A short line without a full stop is a title line, not body.
        !is_short_line(block, 16) || text.ends_with(['.', '!', ':', '"', '”'])
    }

    /// Where the top zone ends in `top`: at the first body paragraph of the press
    /// release, or at the first part heading before it.
    pub(super) fn zone_end(&self) -> usize {
        let blocks = self.blocks;
        let body_start = self
            .top
            .iter()
            .position(|&i| self.is_body(i))
            .unwrap_or(self.top.len());
        let first_part_heading = self.top.iter().position(|&i| {
            blocks[i].is_heading()
                && matches!(
                    self.roles.of_block(blocks, i),
                    Role::Part(_) | Role::Quote | Role::Summary
                )
                && !self.consumed[i]
        });
        first_part_heading.map_or(body_start, |p| p.min(body_start))
    }

    /// Whether block `i` of the top zone reads as a headline; a document title counts
    /// only with `allow_title`.
    fn headline_candidate(&self, i: usize, allow_title: bool) -> bool {
        let block = &self.blocks[i];
        let text = block.text();
        if self.consumed[i] || cues::is_release_marker(text) || is_date_block(block) {
            return false;
        }
        if block.kind == BlockKind::Rule || block.quote_depth > 0 || block.list.is_some() {
            return false;
        }
        let role = self.roles.of_block(self.blocks, i);
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
    }

    /// The headline with no heading naming it: the first candidate of the top zone in
    /// the press release, else in the preamble, else a document title.
    pub(super) fn headline(&self, zone_end: usize) -> Option<usize> {
        let zone = &self.top[..zone_end];
        zone.iter()
            .copied()
            .filter(|&i| self.in_pr(i))
            .find(|&i| self.headline_candidate(i, false))
            .or_else(|| {
                zone.iter()
                    .copied()
                    .find(|&i| self.headline_candidate(i, false))
            })
            .or_else(|| {
                zone.iter()
                    .copied()
                    .find(|&i| self.headline_candidate(i, true))
            })
    }

    /// The subheadline: the line right under the headline `h`, when it is a heading or
    /// an italic line, or a short line that the dateline or a heading follows.
    pub(super) fn subheadline(&self, h: usize) -> Option<usize> {
        let (blocks, top, source) = (self.blocks, &self.top, self.source);
        let after: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&i| {
                i > h
                    && blocks[i].kind != BlockKind::Rule
                    && !is_metadata(&blocks[i])
                    && !cues::is_release_marker(blocks[i].text())
            })
            .take(2)
            .collect();
        let &next = after.first()?;
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
        let role = self.roles.of_block(blocks, next);
        // Only a short line can be a label; a sentence may mention "how to start".
        let plain_role = matches!(role, Role::Other) || cues::more_words_than(text, 8);
        // A tagline set as a block quote under the headline, not a note to reviewers
        // (`> Status: draft`).
        let quote_ok = block.quote_depth == 0 || !is_note(text) && !cues::more_words_than(text, 30);
        let ok = !self.consumed[next]
            && plain_role
            && quote_ok
            && block.list.is_none()
            && !cues::is_release_marker(text)
            && !is_date_block(block)
            && block_dateline(block, source).is_none()
            && !cues::has_speech(text)
            && (block.prose.is_all(MarkKind::Emphasis) && !cues::more_words_than(text, 45)
                || follower_ok && !cues::more_words_than(text, 20));
        ok.then_some(next)
    }

    /// The dateline with no heading naming it: a date line near the top, or a paragraph
    /// that opens with a place and date, and then also the summary that follows the
    /// dateline in the same paragraph (its block and the range of its text).
    pub(super) fn dateline(&self) -> (Option<usize>, Option<(usize, Range<usize>)>) {
        let candidates = self
            .top
            .iter()
            .filter(|&&i| self.in_pr(i) && !self.consumed[i])
            .take(6);
        for &i in candidates {
            let block = &self.blocks[i];
            if block.is_heading() && !is_date_block(block) {
                continue;
            }
            if is_date_block(block) {
                return (Some(i), None);
            }
            if let Some(len) = block_dateline(block, self.source) {
                let text = &block.prose.text;
                let summary = (!text[len..].trim().is_empty()).then_some((i, len..text.len()));
                return (Some(i), summary);
            }
        }
        (None, None)
    }
}

/// True for a line that opens with a short label and a colon (`Status: draft`, `Note:
/// for the March review`): a note about the document, not a line of it.
fn is_note(text: &str) -> bool {
    text.split_once([':', '：'])
        .is_some_and(|(label, _)| !label.is_empty() && !cues::more_words_than(label, 3))
}
