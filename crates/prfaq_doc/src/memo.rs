//! What the parser remembers between parses of the same document, so that a document
//! parsed again after an edit outside its press release does not work the press
//! release out again.
//!
//! Finding the parts of a press release (headline, dateline, quotes, …) reads many cues
//! in every block at the top of the document and is most of the parser's work. It reads
//! nothing but the blocks of the press release and the preamble before it. A
//! [`ParseMemo`] keeps the parts it found for the last few such runs of blocks, and
//! [`parse_with`](crate::parse_with) takes them from it when the blocks are the same: the
//! same file bytes up to the end of the press release, the same blocks in the same
//! regions, read the same way. The document is then exactly what [`parse`](crate::parse)
//! makes; the suite compares the two on every corpus document, before and after edits.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::{Arc, Mutex};

use crate::{Block, Part, Region};

/// How many runs of press-release blocks a memo keeps (a writer works on a few
/// documents at a time).
const KEEP: usize = 8;

/// The press release's blocks as the parts were found from: what must be the same for
/// the parts to be the same.
#[derive(Debug, PartialEq, Eq)]
struct Top {
    /// The file up to the end of the last such block.
    prefix: Box<str>,
    /// The blocks, by index, with their regions.
    blocks: Vec<(usize, Region)>,
    /// Everything else about those blocks (kind, nesting, prose), hashed.
    shape: u64,
}

/// Parts the parser found, by the blocks it found them in; see the module documentation.
#[derive(Debug, Default)]
pub struct ParseMemo {
    recent: Mutex<VecDeque<(Top, Arc<Vec<Part>>)>>,
    hasher: RandomState,
}

impl ParseMemo {
    pub fn new() -> ParseMemo {
        ParseMemo::default()
    }

    /// The parts of the press release in `blocks`: remembered when the same blocks were
    /// seen lately, found by `find` (and remembered) when not.
    pub(crate) fn press_release(
        &self,
        blocks: &[Block],
        regions: &[Region],
        source: &str,
        find: impl FnOnce() -> Vec<Part>,
    ) -> Vec<Part> {
        let top = self.top(blocks, regions, source);
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = recent.iter().position(|(t, _)| *t == top) {
            let entry = recent.remove(at).expect("the position was just found");
            let parts = entry.1.as_ref().clone();
            recent.push_front(entry);
            return parts;
        }
        drop(recent);
        let parts = find();
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.push_front((top, Arc::new(parts.clone())));
        recent.truncate(KEEP);
        parts
    }

    fn top(&self, blocks: &[Block], regions: &[Region], source: &str) -> Top {
        let mut h = self.hasher.build_hasher();
        let mut end = 0;
        let mut top = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            if !matches!(regions[i], Region::PressRelease | Region::Preamble) {
                continue;
            }
            top.push((i, regions[i]));
            end = end.max(block.span.end);
            (
                block.kind,
                &block.span,
                block.quote_depth,
                block.list,
                block.header,
            )
                .hash(&mut h);
            block.prose.hash_relative(0, &mut h);
            for cell in &block.cells {
                cell.hash_relative(0, &mut h);
            }
            block.raw.hash(&mut h);
        }
        Top {
            prefix: source.get(..end).unwrap_or(source).into(),
            blocks: top,
            shape: h.finish(),
        }
    }
}
