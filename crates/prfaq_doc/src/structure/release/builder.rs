//! The press-release parts found so far, and which kinds they hold.

use crate::prose::Prose;
use crate::{Found, Part, PartKind};

/// The parts of a press release under construction. It knows which kinds it holds, so
/// that asking costs the same however many parts there are; `has` and
/// `has_real_solution` are right while parts are added only through `push`, `add` and
/// `add_summary`, and change kind only through `set_kind` and `retype`. Removing the
/// opening summary when another solution part exists keeps them right too.
pub(super) struct Builder {
    pub(super) parts: Vec<Part>,
    has: [bool; PartKind::ALL.len()],
    /// Whether a solution part other than the opening summary was added.
    real_solution: bool,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder {
            parts: Vec::new(),
            has: [false; PartKind::ALL.len()],
            real_solution: false,
        }
    }

    pub(super) fn push(&mut self, part: Part) {
        self.record(part, false);
    }

    /// Adds a part; `summary` says it is the opening summary, which is a solution part
    /// but not a real solution.
    fn record(&mut self, part: Part, summary: bool) {
        self.has[part.kind as usize] = true;
        if part.kind == PartKind::Solution && !summary {
            self.real_solution = true;
        }
        self.parts.push(part);
    }

    pub(super) fn add(
        &mut self,
        kind: PartKind,
        found: Found,
        block: usize,
        prose: Prose,
        extend: bool,
    ) {
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
    pub(super) fn add_summary(&mut self, block: usize, prose: Prose) {
        let summary = Part {
            kind: PartKind::Solution,
            found: Found::Inferred,
            blocks: vec![block],
            prose,
            speaker: None,
        };
        self.record(summary, true);
    }

    /// Changes the kind of part `index`.
    pub(super) fn set_kind(&mut self, index: usize, kind: PartKind) {
        self.parts[index].kind = kind;
        self.has[kind as usize] = true;
    }

    /// Changes the kinds of the parts at `indexes` from `from` to `to`, and then says
    /// whether a part of kind `from` is left.
    pub(super) fn retype(&mut self, indexes: &[usize], from: PartKind, to: PartKind) {
        for &index in indexes {
            debug_assert_eq!(self.parts[index].kind, from);
            self.set_kind(index, to);
        }
        if !indexes.is_empty() && to == PartKind::Solution {
            self.real_solution = true;
        }
        self.has[from as usize] = self.parts.iter().any(|p| p.kind == from);
    }

    pub(super) fn has(&self, kind: PartKind) -> bool {
        self.has[kind as usize]
    }

    pub(super) fn has_real_solution(&self) -> bool {
        self.real_solution
    }
}
