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
//!
//! The memo also keeps the blocks of the last few texts, so that a text that begins as
//! an earlier one did has only its changed end split into blocks again. Markdown is read
//! line by line, and a block that starts at the margin after a blank line, outside any
//! list or quote, closes everything before it: when a new text is the same as an earlier
//! one up to the end of such a block's first line, the blocks before it are the same,
//! and the rest splits the same way on its own. Link reference and footnote definitions
//! are the one thing read across the whole file (a definition at the end changes a link
//! at the top), so a text with one (`]:`) is always split whole.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::blocks::parse_blocks;
use crate::frontmatter::{self, FrontMatter};
use crate::{Block, BlockKind, Document, Part, Problem, Region};

/// How many runs of press-release blocks a memo keeps (a writer works on a few
/// documents at a time).
const KEEP: usize = 8;

/// How many texts' blocks a memo keeps: the editor sends one text after another, each
/// an edit of the one before.
const KEEP_SPLITS: usize = 2;

/// The longest text whose blocks a memo keeps (a PR/FAQ is a few thousand words; the
/// parser takes files of up to 10 MB, which would make a memo hold ten times that).
const KEEP_SPLIT_BYTES: usize = 1 << 20;

/// A front matter block (the file's bytes up to where the body starts) and what it
/// read as.
#[derive(Debug)]
struct Front {
    block: Box<str>,
    fields: Option<FrontMatter>,
    problems: Vec<Problem>,
}

/// A text and the blocks it was split into.
#[derive(Debug)]
struct Split {
    source: String,
    blocks: Vec<Block>,
}

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
    splits: Mutex<VecDeque<Arc<Split>>>,
    /// The last front matter read.
    front: Mutex<Option<Arc<Front>>>,
    hasher: foldhash::quality::RandomState,
}

impl ParseMemo {
    pub fn new() -> ParseMemo {
        ParseMemo::default()
    }

    /// `source`'s front matter as [`frontmatter::parse`] reads it, taken from the last
    /// one read when `source` begins with the same block. Its closing fence ends with a
    /// line break there, so `source` closes it on the same line.
    pub(crate) fn front_matter(
        &self,
        source: &str,
        problems: &mut Vec<Problem>,
    ) -> (Option<FrontMatter>, usize) {
        let kept = self.front.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(kept) = kept
            && source.starts_with(&*kept.block)
        {
            problems.extend(kept.problems.iter().cloned());
            return (kept.fields.clone(), kept.block.len());
        }
        let mut found = Vec::new();
        let (fields, body_start) = frontmatter::parse(source, &mut found);
        if body_start > 0 && source[..body_start].ends_with('\n') {
            let front = Arc::new(Front {
                block: source[..body_start].into(),
                fields: fields.clone(),
                problems: found.clone(),
            });
            *self.front.lock().unwrap_or_else(|e| e.into_inner()) = Some(front);
        }
        problems.extend(found);
        (fields, body_start)
    }

    /// `source`'s blocks from `body_start` on, as [`parse_blocks`] splits them, with the
    /// blocks of an earlier text that began the same way taken over (see the module
    /// documentation).
    pub(crate) fn blocks(&self, source: &str, body_start: usize) -> Vec<Block> {
        if has_definition(source) {
            return parse_blocks(source, body_start);
        }
        let splits: Vec<Arc<Split>> = self
            .splits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect();
        let reuse = splits
            .iter()
            .filter_map(|split| {
                let kept = restart(split, source, body_start)?;
                Some((split, kept, split.blocks[kept].span.start))
            })
            .max_by_key(|(_, _, from)| *from);
        let Some((split, kept, from)) = reuse else {
            return parse_blocks(source, body_start);
        };
        let split = Arc::clone(split);
        drop(splits);
        // The new text takes the place of the one it was made from (`keep` brings it
        // back), so its blocks move over instead of being copied, unless another parse
        // is reading them at this moment.
        self.splits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|s| !Arc::ptr_eq(s, &split));
        let mut blocks = match Arc::try_unwrap(split) {
            Ok(mut owned) => {
                owned.blocks.truncate(kept);
                owned.blocks
            }
            Err(shared) => shared.blocks[..kept].to_vec(),
        };
        blocks.extend(parse_blocks(source, from));
        blocks
    }

    /// Takes back a document [`parse_with`](crate::parse_with) made with this memo, once
    /// the caller is done with it, so that the next parse of a text that begins the same
    /// way splits only the rest into blocks. The document must be as the parser made it.
    pub fn keep(&self, doc: Document) {
        if doc.source.len() > KEEP_SPLIT_BYTES || has_definition(&doc.source) {
            return;
        }
        let split = Arc::new(Split {
            source: doc.source,
            blocks: doc.blocks,
        });
        let mut splits = self.splits.lock().unwrap_or_else(|e| e.into_inner());
        splits.push_front(split);
        splits.truncate(KEEP_SPLITS);
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

/// True when `source` may hold a link reference or footnote definition (`[label]: …`).
fn has_definition(source: &str) -> bool {
    source.contains("]:")
}

/// The index of the last block of `split` from which `source` can be split on its own,
/// the blocks before it being the same (see the module documentation): a block at the
/// margin, after a blank line, outside any list or quote and after the front matter
/// (which ends at `body_start`), whose first line `source` shares. `None` when there is
/// no such block.
fn restart(split: &Split, source: &str, body_start: usize) -> Option<usize> {
    let old = split.source.as_str();
    let same = common_prefix(old.as_bytes(), source.as_bytes());
    let mut ends_before = 0;
    let mut candidates = Vec::new();
    for (i, block) in split.blocks.iter().enumerate() {
        let start = block.span.start;
        if start >= same {
            break;
        }
        let at_margin = matches!(
            block.kind,
            BlockKind::Heading(_)
                | BlockKind::Paragraph
                | BlockKind::Code
                | BlockKind::Html
                | BlockKind::Rule
        ) && block.list.is_none()
            && block.quote_depth == 0;
        if at_margin && start > body_start && ends_before <= start {
            candidates.push(i);
        }
        ends_before = ends_before.max(block.span.end);
    }
    candidates.into_iter().rev().find(|&i| {
        let start = split.blocks[i].span.start;
        let first_line_shared = old[start..].find('\n').is_some_and(|at| start + at < same);
        first_line_shared && after_blank_line(old.as_bytes(), start)
    })
}

/// True when `at` starts a line and the line before it is blank (spaces and tabs only).
fn after_blank_line(text: &[u8], at: usize) -> bool {
    at >= 1
        && text[at - 1] == b'\n'
        && text[..at - 1]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + CHUNK <= len && a[at..at + CHUNK] == b[at..at + CHUNK] {
        at += CHUNK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}
