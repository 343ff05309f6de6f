//! The structure recogniser: from a flat list of blocks to regions, press-release parts,
//! FAQ questions, journey steps, metrics rows and scope items.
//!
//! It works in passes. Regions first (press release, FAQ, journey, metrics, scope, other)
//! from what the headings say. Then, inside the press release, the headline, subheadline
//! and dateline from the top of the text; then every body block gets a part, from a
//! heading or label when it has one and from its content and place in the classic order
//! (summary, problem, solution, leader quote, how it works, customer quote, call to
//! action) when it has none.

//!
//! Each module reads one kind of thing: `regions` the regions, `release` the
//! press-release parts, `faq` the questions, `tables` the journey, metrics and scope,
//! `directives` the `prfaq-ignore` comments.

mod directives;
mod faq;
mod regions;
mod release;
mod tables;

use crate::blocks::{Block, parse_blocks};
use crate::cues::{self, Role};
use crate::{Document, Format, LineIndex, Part, PartKind, frontmatter};

use directives::directives;
use faq::faq;
use regions::regions;
use release::press_release;
use tables::{journey, metrics, scope};

pub(crate) fn build(text: String) -> Document {
    let source = text.as_str();
    let mut problems = Vec::new();
    let (front_matter, body_start) = frontmatter::parse(source, &mut problems);
    crate::language::check_front_matter(front_matter.as_ref(), &mut problems);
    let blocks = parse_blocks(source, body_start);
    let directives = directives(&blocks, source.len(), &mut problems);
    let format = match front_matter.as_ref().and_then(|f| f.format.as_deref()) {
        Some("vision") => Format::Vision,
        _ => Format::Full,
    };
    let roles = Roles::of(&blocks);
    let regions = regions(&blocks, &roles);
    let parts = press_release(&blocks, &roles, &regions, source);
    let faq = faq(&blocks, &roles, &regions);
    let journey = journey(&blocks, &regions);
    let metrics = metrics(&blocks, &regions);
    let scope = scope(&blocks, &roles, &regions);
    let block_parts = block_parts(&parts);
    let mut first_of = [None; PartKind::ALL.len()];
    for (index, part) in parts.iter().enumerate().rev() {
        first_of[part.kind as usize] = Some(index as u32);
    }
    let lines = LineIndex::new(source);
    Document {
        source: text,
        lines,
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
        language: Default::default(),
    }
}

/// What each heading announces, read once per heading and then asked by every pass.
pub(crate) struct Roles(Vec<Option<Role>>);

impl Roles {
    fn of(blocks: &[Block]) -> Roles {
        Roles(
            blocks
                .iter()
                .map(|b| b.heading_level().map(|_| cues::heading_role(b.text())))
                .collect(),
        )
    }

    /// The role of block `i`: its heading's, or what its text would announce as a
    /// heading (a label line, a bold run).
    pub(crate) fn of_block(&self, blocks: &[Block], i: usize) -> Role {
        self.0[i].unwrap_or_else(|| cues::heading_role(blocks[i].text()))
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
