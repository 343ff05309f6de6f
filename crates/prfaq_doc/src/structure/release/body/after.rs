//! Passes over the whole body once every block has its part: what only the whole shows.

use crate::blocks::Block;
use crate::cues;
use crate::prose::MarkKind;
use crate::{Found, Part, PartKind, Region};

use super::super::builder::Builder;
use super::super::sentence_ranges;

/// A problem stated inside another paragraph ("Previously, teams were stuck …"), when
/// no paragraph is the problem.
pub(super) fn problem_inside(b: &mut Builder) {
    if b.has(PartKind::Problem) {
        return;
    }
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
                    let (problem, solution) =
                        cues::BodyText::new(&text[r.clone()]).problem_and_solution();
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

/// The summary speaks for the solution only when nothing else did.
pub(super) fn drop_summary(b: &mut Builder, summary_block: Option<usize>) {
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
}

/// A section under a label that names the product's features: the first blocks of the
/// parts it made (no other how-it-works part starts there) and how much of its text tells
/// how the product is used.
#[derive(Default)]
pub(super) struct Features {
    first_blocks: Vec<usize>,
    pub(super) use_cues: u32,
}

impl Features {
    /// Notes that a part starting at `block` is (or continues) this section's text.
    pub(super) fn hold(&mut self, block: usize) {
        if self.first_blocks.last() != Some(&block) {
            self.first_blocks.push(block);
        }
    }
}

/// A section of features that tells no use (fewer than two usage cues in its prose, an
/// instruction counting two) describes the product: it is the solution, not how it works.
pub(super) fn features_without_use(b: &mut Builder, sections: &[Features]) {
    let mut blocks: Vec<usize> = sections
        .iter()
        .filter(|s| s.use_cues < 2)
        .flat_map(|s| s.first_blocks.iter().copied())
        .collect();
    if blocks.is_empty() {
        return;
    }
    blocks.sort_unstable();
    let parts: Vec<usize> = (0..b.parts.len())
        .filter(|&p| {
            b.parts[p].kind == PartKind::HowItWorks
                && blocks.binary_search(&b.parts[p].blocks[0]).is_ok()
        })
        .collect();
    b.retype(&parts, PartKind::HowItWorks, PartKind::Solution);
}

/// With two calls to action and no how-it-works, the first one that is about getting
/// started walks the customer through using the product.
pub(super) fn first_call_walks_through(b: &mut Builder, blocks: &[Block], regions: &[Region]) {
    if b.has(PartKind::HowItWorks) {
        return;
    }
    let ctas: Vec<usize> = (0..b.parts.len())
        .filter(|&p| b.parts[p].kind == PartKind::CallToAction)
        .collect();
    if ctas.len() < 2 {
        return;
    }
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
        b.set_kind(first, PartKind::HowItWorks);
    }
}

/// A call to action inside another paragraph ("To get started, visit …"), when no
/// paragraph is one: the last strong one in the body.
pub(super) fn call_inside(b: &mut Builder, blocks: &[Block], pr: &[usize]) {
    if b.has(PartKind::CallToAction) {
        return;
    }
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
            let body = cues::BodyText::new(sentence);
            let cta = body.call(body.call_cues(), link);
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
