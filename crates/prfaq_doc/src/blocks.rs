//! Markdown to a flat list of blocks, each with its prose and its place in the file.
//!
//! The structure recogniser works on this flat list rather than on Markdown events: a
//! heading, a paragraph, a list item's text, a table row, a code block. Nesting that
//! matters (block quotes, list depth, tables) is kept as fields of each block.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::prose::{Mark, MarkKind, Prose};

/// What kind of block this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A heading of level 1 to 6 (ATX or setext).
    Heading(u8),
    Paragraph,
    /// The text of a list item (its first paragraph, or its tight text).
    Item,
    /// A table row; the cells are in [`Block::cells`].
    TableRow,
    /// A fenced or indented code block: never prose.
    Code,
    /// An HTML block: never prose.
    Html,
    /// A thematic break (`---`).
    Rule,
}

/// A list item's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListInfo {
    pub ordered: bool,
    /// 1 for a top-level list.
    pub depth: u8,
    /// The item's number, for ordered lists.
    pub number: Option<u64>,
    /// True for the first block of the item (its own text, not a later paragraph in it).
    pub first: bool,
}

/// One block of the document.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The file bytes of the whole block.
    pub span: Range<usize>,
    /// Its readable text (empty for code, HTML and rules).
    pub prose: Prose,
    /// How many block quotes it is inside.
    pub quote_depth: u8,
    pub list: Option<ListInfo>,
    /// For table rows: the cells; `header` marks the header row.
    pub cells: Vec<Prose>,
    pub header: bool,
    /// For HTML blocks and code: the raw text, used for inline directives.
    pub raw: String,
}

impl Block {
    fn new(kind: BlockKind, start: usize, quote_depth: u8, list: Option<ListInfo>) -> Block {
        Block {
            kind,
            span: start..start,
            prose: Prose::default(),
            quote_depth,
            list,
            cells: Vec::new(),
            header: false,
            raw: String::new(),
        }
    }

    /// The prose text, trimmed.
    pub fn text(&self) -> &str {
        self.prose.text.trim()
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            BlockKind::Heading(level) => Some(level),
            _ => None,
        }
    }

    /// True for blocks that carry prose: headings, paragraphs, items and table rows.
    pub fn is_prose(&self) -> bool {
        !matches!(
            self.kind,
            BlockKind::Code | BlockKind::Html | BlockKind::Rule
        )
    }
}

/// [`CODE`] as text.
const CODE_TEXT: &str = "\u{FFFC}";

/// True when `text` is the file's bytes at `range` verbatim. The parser hands out most
/// text as a slice of the file itself: then comparing where it lies is enough.
fn is_exact(source: &str, range: &Range<usize>, text: &str) -> bool {
    match source.get(range.clone()) {
        Some(there) if std::ptr::eq(there.as_ptr(), text.as_ptr()) => there.len() == text.len(),
        there => there == Some(text),
    }
}

/// An inline collector: the block being filled and the open marks.
struct Open {
    block: Block,
    marks: Vec<(MarkKind, usize, Option<String>)>,
    /// Depth of images: their alt text is not prose.
    image_depth: usize,
    /// True inside an autolink, whose text is a URL and not prose.
    in_autolink: bool,
}

impl Open {
    fn new(block: Block) -> Open {
        Open {
            block,
            marks: Vec::new(),
            image_depth: 0,
            in_autolink: false,
        }
    }

    /// The block with the marks left open closed at its end (cannot happen with
    /// well-formed events, but be safe).
    fn close_marks(mut self) -> Block {
        for (kind, start, url) in self.marks.drain(..) {
            let len = self.block.prose.text.len();
            self.block.prose.marks.push(Mark {
                kind,
                range: start..len,
                url,
            });
        }
        self.block
    }
}

/// Parses Markdown into blocks. `front_matter_end` is where the body starts.
pub fn parse_blocks(source: &str, front_matter_end: usize) -> Vec<Block> {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let body = &source[front_matter_end..];
    let parser = Parser::new_ext(body, options).into_offset_iter();
    let mut collector = Collector::new(source);
    for (event, range) in parser {
        let range = range.start + front_matter_end..range.end + front_matter_end;
        collector.event(event, range);
    }
    let mut blocks = collector.finish_all();
    blocks.sort_by_key(|b| b.span.start);
    blocks
}

/// The blocks made so far from the parser's events, and what is open around the next.
struct Collector<'s> {
    source: &'s str,
    blocks: Vec<Block>,
    /// The block whose inline text is being collected.
    open: Option<Open>,
    quote_depth: u8,
    /// For each open list: ordered?, next number.
    lists: Vec<(bool, Option<u64>)>,
    /// For each open item: its list info and whether its first block was emitted.
    items: Vec<(ListInfo, bool)>,
    row: Option<Block>,
    code: Option<Block>,
}

impl<'s> Collector<'s> {
    fn new(source: &'s str) -> Collector<'s> {
        Collector {
            source,
            // About one block in 40 bytes of Markdown: a block is large, and growing
            // the list copies every block made so far.
            blocks: Vec::with_capacity(source.len() / 40 + 4),
            open: None,
            quote_depth: 0,
            lists: Vec::new(),
            items: Vec::new(),
            row: None,
            code: None,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text, range),
            Event::Code(_) => self.code_span(range),
            Event::SoftBreak => self.push_break(" ", range),
            Event::HardBreak => self.push_break("\n", range),
            Event::Html(html) => {
                if let Some(block) = self.code.as_mut() {
                    block.raw.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                // Inline HTML is not prose, but an inline comment may hold a directive.
                if html.starts_with("<!--") {
                    let mut block = self.block(BlockKind::Html, &range, None);
                    block.raw = html.to_string();
                    self.blocks.push(block);
                }
            }
            Event::Rule => {
                self.finish(range.start);
                let block = self.block(BlockKind::Rule, &range, None);
                self.blocks.push(block);
            }
            Event::TaskListMarker(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    /// A new block of `kind` over `range`, at the current quote depth.
    fn block(&self, kind: BlockKind, range: &Range<usize>, list: Option<ListInfo>) -> Block {
        let mut block = Block::new(kind, range.start, self.quote_depth, list);
        block.span = range.clone();
        block
    }

    /// The list info of the innermost open item for its next block, marking its first
    /// block emitted.
    fn item_info(&mut self) -> Option<ListInfo> {
        let (info, emitted) = self.items.last_mut()?;
        let mut info = *info;
        info.first = !*emitted;
        *emitted = true;
        Some(info)
    }

    /// Ends the open block at `end` at the latest, keeping it if it has text or is a
    /// heading.
    fn finish(&mut self, end: usize) {
        if let Some(open) = self.open.take() {
            let mut block = open.close_marks();
            if block.span.end < end {
                block.span.end = end;
            }
            if !block.prose.is_empty() || block.is_heading() {
                self.blocks.push(block);
            }
        }
    }

    fn finish_all(mut self) -> Vec<Block> {
        self.finish(self.source.len());
        self.blocks
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.finish(range.start);
                let mut block = self.block(BlockKind::Heading(level as u8), &range, None);
                // The text is at most about as long as the Markdown it comes from.
                block.prose.text.reserve(range.len());
                self.open = Some(Open::new(block));
            }
            Tag::Paragraph => self.start_paragraph(range),
            Tag::Item => self.start_item(range),
            Tag::List(start) => {
                self.finish(range.start);
                self.lists.push((start.is_some(), start));
            }
            Tag::BlockQuote(_) => {
                self.finish(range.start);
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            Tag::CodeBlock(kind) => {
                self.finish(range.start);
                let mut block = self.block(BlockKind::Code, &range, None);
                if let CodeBlockKind::Fenced(info) = kind {
                    block.raw = format!("```{info}\n");
                }
                self.code = Some(block);
            }
            Tag::HtmlBlock => {
                self.finish(range.start);
                self.code = Some(self.block(BlockKind::Html, &range, None));
            }
            Tag::Table(_) => self.finish(range.start),
            Tag::TableHead | Tag::TableRow => {
                let mut block = self.block(BlockKind::TableRow, &range, None);
                block.header = matches!(tag, Tag::TableHead);
                self.row = Some(block);
            }
            Tag::TableCell => {
                let block = Block::new(BlockKind::Paragraph, range.start, self.quote_depth, None);
                self.open = Some(Open::new(block));
            }
            Tag::Emphasis | Tag::Strong | Tag::Link { .. } => self.open_mark(tag),
            Tag::Image { .. } => {
                if let Some(o) = self.open.as_mut() {
                    o.image_depth += 1;
                }
            }
            _ => {}
        }
    }

    fn start_paragraph(&mut self, range: Range<usize>) {
        // A paragraph inside an item whose collector has no text yet takes it over.
        let list = match &self.open {
            Some(o) if o.block.kind == BlockKind::Item && o.block.prose.is_empty() => o.block.list,
            _ => {
                self.finish(range.start);
                if self.items.is_empty() {
                    None
                } else {
                    self.item_info()
                }
            }
        };
        let kind = if list.is_some() {
            BlockKind::Item
        } else {
            BlockKind::Paragraph
        };
        let mut block = self.block(kind, &range, list);
        block.prose.text.reserve(range.len());
        self.open = Some(Open::new(block));
    }

    fn start_item(&mut self, range: Range<usize>) {
        self.finish(range.start);
        let depth = self.lists.len() as u8;
        let (ordered, number) = self.lists.last().copied().unwrap_or((false, None));
        if let Some((_, Some(next))) = self.lists.last_mut() {
            *next += 1;
        }
        self.items.push((
            ListInfo {
                ordered,
                depth,
                number,
                first: true,
            },
            false,
        ));
        let list = self.item_info();
        let block = self.block(BlockKind::Item, &range, list);
        self.open = Some(Open::new(block));
    }

    /// Opens an emphasis, strong run or link in the open block.
    fn open_mark(&mut self, tag: Tag<'_>) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        let at = o.block.prose.text.len();
        let (kind, url) = match tag {
            Tag::Emphasis => (MarkKind::Emphasis, None),
            Tag::Strong => (MarkKind::Strong, None),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    o.in_autolink = true;
                }
                (MarkKind::Link, Some(dest_url.to_string()))
            }
            _ => unreachable!("only marks are opened here"),
        };
        o.marks.push((kind, at, url));
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph => self.finish(range.end),
            TagEnd::Item => {
                self.finish(range.end);
                self.items.pop();
            }
            TagEnd::List(_) => {
                self.finish(range.end);
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.finish(range.end);
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some(mut block) = self.code.take() {
                    block.span.end = range.end;
                    self.blocks.push(block);
                }
            }
            TagEnd::TableCell => {
                if let Some(open) = self.open.take() {
                    let cell = open.close_marks();
                    if let Some(r) = self.row.as_mut() {
                        r.cells.push(cell.prose);
                    }
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(mut block) = self.row.take() {
                    block.span.end = range.end;
                    block.prose = Prose::join(block.cells.iter());
                    self.blocks.push(block);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                if let Some(o) = self.open.as_mut() {
                    if matches!(tag, TagEnd::Link) {
                        o.in_autolink = false;
                    }
                    if let Some((kind, start, url)) = o.marks.pop() {
                        let end = o.block.prose.text.len();
                        o.block.prose.marks.push(Mark {
                            kind,
                            range: start..end,
                            url,
                        });
                    }
                }
            }
            TagEnd::Image => {
                if let Some(o) = self.open.as_mut() {
                    o.image_depth = o.image_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some(block) = self.code.as_mut() {
            block.raw.push_str(text);
        } else if let Some(o) = self.open.as_mut() {
            if o.image_depth > 0 {
                return;
            }
            if o.in_autolink {
                o.block.prose.push(CODE_TEXT, range, false);
            } else {
                let exact = is_exact(self.source, &range, text);
                o.block.prose.push(text, range, exact);
            }
        } else if !self.items.is_empty() {
            // Tight list item text after a nested list: a new item block.
            let list = self.item_info();
            let mut block = self.block(BlockKind::Item, &range, list);
            let exact = is_exact(self.source, &range, text);
            block.prose.push(text, range, exact);
            self.open = Some(Open::new(block));
        }
    }

    /// Inline code: one placeholder character in the text, marked as code.
    fn code_span(&mut self, range: Range<usize>) {
        if let Some(o) = self.open.as_mut()
            && o.image_depth == 0
        {
            let at = o.block.prose.text.len();
            o.block.prose.push(CODE_TEXT, range, false);
            o.block.prose.marks.push(Mark {
                kind: MarkKind::Code,
                range: at..o.block.prose.text.len(),
                url: None,
            });
        }
    }

    fn push_break(&mut self, text: &str, range: Range<usize>) {
        if let Some(o) = self.open.as_mut() {
            o.block.prose.push(text, range, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::CODE;

    #[test]
    fn the_code_text_is_the_code_character() {
        assert_eq!(CODE_TEXT, CODE.to_string());
    }

    fn kinds(md: &str) -> Vec<(BlockKind, String)> {
        parse_blocks(md, 0)
            .into_iter()
            .map(|b| (b.kind, b.prose.text.trim().to_owned()))
            .collect()
    }

    #[test]
    fn flattens_headings_paragraphs_lists_and_tables() {
        let md = "# Title\n\nSome *text* with `code`.\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let got = kinds(md);
        assert_eq!(got[0], (BlockKind::Heading(1), "Title".into()));
        assert_eq!(got[1].0, BlockKind::Paragraph);
        assert_eq!(got[1].1, format!("Some text with {CODE}."));
        assert_eq!(got[2], (BlockKind::Item, "one".into()));
        assert_eq!(got[3], (BlockKind::Item, "two".into()));
        assert_eq!(got[4], (BlockKind::Item, "nested".into()));
        assert_eq!(got[5].0, BlockKind::TableRow);
        assert_eq!(got[6].0, BlockKind::TableRow);
    }

    #[test]
    fn marks_and_spans_point_into_the_file() {
        let md = "Intro\n\n**The problem.** Parents *forget* things.\n";
        let blocks = parse_blocks(md, 0);
        let p = &blocks[1];
        assert_eq!(
            &md[p.span.clone()],
            "**The problem.** Parents *forget* things.\n"
        );
        let strong = p.prose.leading(MarkKind::Strong).unwrap();
        assert_eq!(&p.prose.text[strong.range.clone()], "The problem.");
        let at = p.prose.text.find("forget").unwrap();
        assert_eq!(&md[p.prose.source_range(at..at + 6)], "forget");
    }

    #[test]
    fn loose_items_and_quotes() {
        let md = "1. First?\n\n   Answer here.\n\n2. Second?\n\n> \"Quote,\" said Ann.\n";
        let blocks = parse_blocks(md, 0);
        assert_eq!(blocks[0].kind, BlockKind::Item);
        assert!(blocks[0].list.unwrap().first);
        assert_eq!(blocks[0].list.unwrap().number, Some(1));
        assert_eq!(blocks[1].text(), "Answer here.");
        assert!(!blocks[1].list.unwrap().first);
        assert_eq!(blocks[2].list.unwrap().number, Some(2));
        assert_eq!(blocks[3].quote_depth, 1);
    }
}
