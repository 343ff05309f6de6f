//! The PR/FAQ document model and its tolerant parser.
//!
//! [`parse`] never fails: it returns a [`Document`] with every part it recognised and
//! the [`Problem`]s it met on the way. It reads press releases the way people write
//! them — headed sections, bold labels, or unlabeled paragraphs in the classic order —
//! and FAQs as headings, bold questions, numbered questions, `Q:`/`A:` pairs or tables.
//! Every part keeps the byte range it came from, so every finding maps back to its
//! exact place in the file.

mod blocks;
pub mod business;
pub mod cues;
mod frontmatter;
mod language;
mod outline;
pub mod plan;
mod prose;
mod source;
mod structure;
pub mod template;

use std::ops::Range;

pub use blocks::{Block, BlockKind, ListInfo};
pub use frontmatter::{FrontMatter, STATUSES};
pub use language::{Language, LanguageFrom};
pub use prose::{CODE, Mark, MarkKind, Prose, has_code};
pub use source::{DEFAULT_MAX_BYTES, LineIndex, LoadError, Position, load};

/// Something the parser met that the author should know about; never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Range<usize>,
}

/// The parts of a press release, in the classic order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartKind {
    Headline,
    Subheadline,
    Dateline,
    Problem,
    Solution,
    LeaderQuote,
    HowItWorks,
    CustomerQuote,
    CallToAction,
}

impl PartKind {
    pub const ALL: [PartKind; 9] = [
        PartKind::Headline,
        PartKind::Subheadline,
        PartKind::Dateline,
        PartKind::Problem,
        PartKind::Solution,
        PartKind::LeaderQuote,
        PartKind::HowItWorks,
        PartKind::CustomerQuote,
        PartKind::CallToAction,
    ];

    /// The kebab-case name used in outlines and the corpus manifest.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Headline => "headline",
            PartKind::Subheadline => "subheadline",
            PartKind::Dateline => "dateline",
            PartKind::Problem => "problem",
            PartKind::Solution => "solution",
            PartKind::LeaderQuote => "leader-quote",
            PartKind::HowItWorks => "how-it-works",
            PartKind::CustomerQuote => "customer-quote",
            PartKind::CallToAction => "call-to-action",
        }
    }
}

/// How the parser found a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Under a heading with the part's name.
    Heading,
    /// After a bold or plain label such as `**The problem.**`.
    Label,
    /// From its content and its place in the classic order.
    Inferred,
}

/// One part of the press release: one or more blocks.
#[derive(Debug, Clone)]
pub struct Part {
    pub kind: PartKind,
    pub found: Found,
    /// Indexes into [`Document::blocks`].
    pub blocks: Vec<usize>,
    /// The prose of the part (labels removed), joined across its blocks.
    pub prose: Prose,
    /// For quotes: who said it, as written (for example `Dana Lee, head of product`).
    pub speaker: Option<String>,
}

/// Who a FAQ question is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Customer,
    Internal,
}

impl Audience {
    pub fn name(self) -> &'static str {
        match self {
            Audience::Customer => "customer",
            Audience::Internal => "internal",
        }
    }
}

/// A FAQ question and its answer.
#[derive(Debug, Clone)]
pub struct Question {
    /// The question text, without `Q:` or numbering.
    pub prose: Prose,
    /// The answer, without `A:`; empty when there is none.
    pub answer: Prose,
    /// The block that holds the question.
    pub block: usize,
    /// The blocks of the answer.
    pub answer_blocks: Vec<usize>,
    pub audience: Audience,
    /// The file bytes from the question to the end of its answer.
    pub span: Range<usize>,
}

/// A titled group of questions.
#[derive(Debug, Clone)]
pub struct FaqSection {
    pub title: String,
    pub audience: Audience,
    /// True when the heading itself said who the questions are for.
    pub explicit: bool,
    pub block: usize,
}

/// The FAQ: its sections and questions.
#[derive(Debug, Clone, Default)]
pub struct Faq {
    /// The FAQ heading, if it had one.
    pub heading: Option<usize>,
    pub sections: Vec<FaqSection>,
    pub questions: Vec<Question>,
}

impl Faq {
    pub fn is_present(&self) -> bool {
        self.heading.is_some() || !self.questions.is_empty()
    }

    pub fn questions_for(&self, audience: Audience) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(move |q| q.audience == audience)
    }

    /// True when a section or a question is for `audience`.
    pub fn has(&self, audience: Audience) -> bool {
        self.sections
            .iter()
            .any(|s| s.audience == audience && s.explicit)
            || self.questions_for(audience).next().is_some()
    }
}

/// One step of the user journey.
#[derive(Debug, Clone)]
pub struct Step {
    pub block: usize,
    pub prose: Prose,
    pub aha: bool,
}

/// The user journey, from first contact to the "aha" moment.
#[derive(Debug, Clone)]
pub struct Journey {
    pub heading: usize,
    pub steps: Vec<Step>,
}

/// One row of the metrics table.
#[derive(Debug, Clone)]
pub struct MetricRow {
    pub block: usize,
    /// The block of the header row above it (its table's), if any.
    pub header: Option<usize>,
    pub metric: Option<Prose>,
    pub baseline: Option<Prose>,
    pub target: Option<Prose>,
    pub by: Option<Prose>,
    pub owner: Option<Prose>,
}

/// The metrics that will prove the launch worked.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub heading: usize,
    pub rows: Vec<MetricRow>,
}

/// One scope item.
#[derive(Debug, Clone)]
pub struct ScopeItem {
    pub block: usize,
    pub prose: Prose,
}

/// What the launch includes and leaves out.
#[derive(Debug, Clone)]
pub struct Scope {
    pub heading: usize,
    pub in_scope: Vec<ScopeItem>,
    pub out_of_scope: Vec<ScopeItem>,
}

/// Which part of the document a block belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// A document title or notes before the press release.
    Preamble,
    PressRelease,
    Faq,
    Journey,
    Metrics,
    Scope,
    /// Any other section (appendix, tenets, specification…).
    Other,
}

/// Whether the document is a full PR/FAQ or a one-paragraph vision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Full,
    Vision,
}

/// A `<!-- prfaq-ignore … -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The codes it names; empty means every rule.
    pub codes: Vec<String>,
    /// True for `prfaq-ignore-file`.
    pub whole_file: bool,
    /// The bytes it silences: the next block, or the whole file.
    pub scope: Range<usize>,
    /// Where the comment itself is.
    pub span: Range<usize>,
}

/// A parsed PR/FAQ.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: String,
    pub lines: LineIndex,
    pub front_matter: Option<FrontMatter>,
    pub format: Format,
    pub blocks: Vec<Block>,
    /// The region of each block, by index.
    pub regions: Vec<Region>,
    pub parts: Vec<Part>,
    pub faq: Faq,
    pub journey: Option<Journey>,
    pub metrics: Option<Metrics>,
    pub scope: Option<Scope>,
    pub directives: Vec<Directive>,
    pub problems: Vec<Problem>,
    /// Every (block, part) pair, by block and then part (indexes into `blocks` and
    /// `parts`), so that looking a block's parts up costs the same however many parts
    /// there are.
    block_parts: Vec<(u32, u32)>,
    /// The first part of each kind (by `PartKind as usize`), an index into `parts`.
    first_of: [Option<u32>; PartKind::ALL.len()],
    /// The language, found the first time [`Document::language`] is asked.
    language: language::Slot,
}

impl Document {
    /// The first part of `kind`, if the press release has one.
    pub fn part(&self, kind: PartKind) -> Option<&Part> {
        let index = self.first_of[kind as usize]?;
        self.parts.get(index as usize)
    }

    /// Every part of `kind` (a press release may have several customer quotes).
    pub fn parts_of(&self, kind: PartKind) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(move |p| p.kind == kind)
    }

    /// The blocks of the press release, in order.
    pub fn press_release_blocks(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(i, _)| self.regions[*i] == Region::PressRelease)
    }

    /// True when the document has any press release text.
    pub fn has_press_release(&self) -> bool {
        self.press_release_blocks().any(|(_, b)| b.is_prose())
    }

    /// The part (if any) that a block belongs to.
    #[inline]
    pub fn part_of_block(&self, block: usize) -> Option<&Part> {
        self.parts_of_block(block).next()
    }

    /// Every part a block belongs to, in the order of `parts` (a part found inside a
    /// paragraph shares its block with the part the paragraph is in).
    #[inline]
    pub fn parts_of_block(&self, block: usize) -> impl Iterator<Item = &Part> {
        let block = u32::try_from(block).unwrap_or(u32::MAX);
        let from = self.block_parts.partition_point(|&(b, _)| b < block);
        self.block_parts[from..]
            .iter()
            .take_while(move |&&(b, _)| b == block)
            .map(|&(_, part)| &self.parts[part as usize])
    }

    /// The blocks whose prose is customer-facing: the press release and the customer FAQ.
    pub fn customer_blocks(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.press_release_blocks().map(|(i, _)| i).collect();
        for q in self.faq.questions_for(Audience::Customer) {
            out.push(q.block);
            out.extend(q.answer_blocks.iter().copied());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The 1-based position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    /// Words in the press release (prose only: headings and paragraphs of its region).
    pub fn press_release_prose(&self) -> Prose {
        Prose::join(
            self.press_release_blocks()
                .filter(|(_, b)| b.is_prose())
                .map(|(_, b)| &b.prose),
        )
    }
}

/// Parses a document. Never fails; what it could not make sense of is in
/// [`Document::problems`]. The document keeps the text: given a `String`, it keeps that
/// one instead of a copy.
pub fn parse(source: impl Into<String>) -> Document {
    let mut source = source.into();
    if source.starts_with('\u{FEFF}') {
        source.drain(..'\u{FEFF}'.len_utf8());
    }
    structure::build(source)
}
