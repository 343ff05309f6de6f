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

/// Parses Markdown into blocks. `front_matter_end` is where the body starts.
pub fn parse_blocks(source: &str, front_matter_end: usize) -> Vec<Block> {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let body = &source[front_matter_end..];
    let parser = Parser::new_ext(body, options).into_offset_iter();

    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Open> = None;
    let mut quote_depth: u8 = 0;
    // For each open list: ordered?, next number.
    let mut lists: Vec<(bool, Option<u64>)> = Vec::new();
    // For each open item: its list info and whether its first block was emitted.
    let mut items: Vec<(ListInfo, bool)> = Vec::new();
    let mut row: Option<Block> = None;
    let mut code: Option<Block> = None;

    let shift = |r: Range<usize>| r.start + front_matter_end..r.end + front_matter_end;

    let item_info = |items: &mut Vec<(ListInfo, bool)>| -> Option<ListInfo> {
        let (info, emitted) = items.last_mut()?;
        let mut info = *info;
        info.first = !*emitted;
        *emitted = true;
        Some(info)
    };

    fn finish(open: &mut Option<Open>, blocks: &mut Vec<Block>, end: usize) {
        if let Some(mut o) = open.take() {
            // Close marks left open (cannot happen with well-formed events, but be safe).
            for (kind, start, url) in o.marks.drain(..) {
                let len = o.block.prose.text.len();
                o.block.prose.marks.push(Mark {
                    kind,
                    range: start..len,
                    url,
                });
            }
            if o.block.span.end < end {
                o.block.span.end = end;
            }
            if !o.block.prose.is_empty() || o.block.is_heading() {
                blocks.push(o.block);
            }
        }
    }

    for (event, range) in parser {
        let range = shift(range);
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    finish(&mut open, &mut blocks, range.start);
                    let mut block = Block::new(
                        BlockKind::Heading(level as u8),
                        range.start,
                        quote_depth,
                        None,
                    );
                    block.span = range.clone();
                    // The text is at most about as long as the Markdown it comes from.
                    block.prose.text.reserve(range.len());
                    open = Some(Open {
                        block,
                        marks: Vec::new(),
                        image_depth: 0,
                        in_autolink: false,
                    });
                }
                Tag::Paragraph => {
                    // A paragraph inside an item whose collector has no text yet takes it over.
                    let list = match &open {
                        Some(o) if o.block.kind == BlockKind::Item && o.block.prose.is_empty() => {
                            o.block.list
                        }
                        _ => {
                            finish(&mut open, &mut blocks, range.start);
                            if items.is_empty() {
                                None
                            } else {
                                item_info(&mut items)
                            }
                        }
                    };
                    let kind = if list.is_some() {
                        BlockKind::Item
                    } else {
                        BlockKind::Paragraph
                    };
                    let mut block = Block::new(kind, range.start, quote_depth, list);
                    block.span = range.clone();
                    block.prose.text.reserve(range.len());
                    open = Some(Open {
                        block,
                        marks: Vec::new(),
                        image_depth: 0,
                        in_autolink: false,
                    });
                }
                Tag::Item => {
                    finish(&mut open, &mut blocks, range.start);
                    let depth = lists.len() as u8;
                    let (ordered, number) = lists.last().copied().unwrap_or((false, None));
                    if let Some((_, Some(next))) = lists.last_mut() {
                        *next += 1;
                    }
                    items.push((
                        ListInfo {
                            ordered,
                            depth,
                            number,
                            first: true,
                        },
                        false,
                    ));
                    let list = item_info(&mut items);
                    let mut block = Block::new(BlockKind::Item, range.start, quote_depth, list);
                    block.span = range.clone();
                    open = Some(Open {
                        block,
                        marks: Vec::new(),
                        image_depth: 0,
                        in_autolink: false,
                    });
                }
                Tag::List(start) => {
                    finish(&mut open, &mut blocks, range.start);
                    lists.push((start.is_some(), start));
                }
                Tag::BlockQuote(_) => {
                    finish(&mut open, &mut blocks, range.start);
                    quote_depth = quote_depth.saturating_add(1);
                }
                Tag::CodeBlock(kind) => {
                    finish(&mut open, &mut blocks, range.start);
                    let mut block = Block::new(BlockKind::Code, range.start, quote_depth, None);
                    block.span = range.clone();
                    if let CodeBlockKind::Fenced(info) = kind {
                        block.raw = format!("```{info}\n");
                    }
                    code = Some(block);
                }
                Tag::HtmlBlock => {
                    finish(&mut open, &mut blocks, range.start);
                    let mut block = Block::new(BlockKind::Html, range.start, quote_depth, None);
                    block.span = range.clone();
                    code = Some(block);
                }
                Tag::Table(_) => {
                    finish(&mut open, &mut blocks, range.start);
                }
                Tag::TableHead | Tag::TableRow => {
                    let mut block = Block::new(BlockKind::TableRow, range.start, quote_depth, None);
                    block.span = range.clone();
                    block.header = matches!(tag, Tag::TableHead);
                    row = Some(block);
                }
                Tag::TableCell => {
                    let block = Block::new(BlockKind::Paragraph, range.start, quote_depth, None);
                    open = Some(Open {
                        block,
                        marks: Vec::new(),
                        image_depth: 0,
                        in_autolink: false,
                    });
                }
                Tag::Emphasis | Tag::Strong | Tag::Link { .. } => {
                    if let Some(o) = open.as_mut() {
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
                            _ => unreachable!("matched above"),
                        };
                        o.marks.push((kind, at, url));
                    }
                }
                Tag::Image { .. } => {
                    if let Some(o) = open.as_mut() {
                        o.image_depth += 1;
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::Paragraph => {
                    finish(&mut open, &mut blocks, range.end);
                }
                TagEnd::Item => {
                    finish(&mut open, &mut blocks, range.end);
                    items.pop();
                }
                TagEnd::List(_) => {
                    finish(&mut open, &mut blocks, range.end);
                    lists.pop();
                }
                TagEnd::BlockQuote(_) => {
                    finish(&mut open, &mut blocks, range.end);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                    if let Some(mut block) = code.take() {
                        block.span.end = range.end;
                        blocks.push(block);
                    }
                }
                TagEnd::TableCell => {
                    if let Some(mut o) = open.take() {
                        for (kind, start, url) in o.marks.drain(..) {
                            let len = o.block.prose.text.len();
                            o.block.prose.marks.push(Mark {
                                kind,
                                range: start..len,
                                url,
                            });
                        }
                        if let Some(r) = row.as_mut() {
                            r.cells.push(o.block.prose);
                        }
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some(mut block) = row.take() {
                        block.span.end = range.end;
                        block.prose = Prose::join(block.cells.iter());
                        blocks.push(block);
                    }
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                    if let Some(o) = open.as_mut() {
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
                    if let Some(o) = open.as_mut() {
                        o.image_depth = o.image_depth.saturating_sub(1);
                    }
                }
                _ => {}
            },
            Event::Text(text) => {
                if let Some(block) = code.as_mut() {
                    block.raw.push_str(&text);
                } else if let Some(o) = open.as_mut() {
                    if o.image_depth > 0 {
                        continue;
                    }
                    if o.in_autolink {
                        o.block.prose.push(CODE_TEXT, range.clone(), false);
                    } else {
                        let exact = is_exact(source, &range, &text);
                        o.block.prose.push(&text, range.clone(), exact);
                    }
                } else if !items.is_empty() {
                    // Tight list item text after a nested list: a new item block.
                    let list = item_info(&mut items);
                    let mut block = Block::new(BlockKind::Item, range.start, quote_depth, list);
                    let exact = is_exact(source, &range, &text);
                    block.prose.push(&text, range.clone(), exact);
                    block.span = range.clone();
                    open = Some(Open {
                        block,
                        marks: Vec::new(),
                        image_depth: 0,
                        in_autolink: false,
                    });
                }
            }
            Event::Code(_) => {
                if let Some(o) = open.as_mut()
                    && o.image_depth == 0
                {
                    let at = o.block.prose.text.len();
                    o.block.prose.push(CODE_TEXT, range.clone(), false);
                    o.block.prose.marks.push(Mark {
                        kind: MarkKind::Code,
                        range: at..o.block.prose.text.len(),
                        url: None,
                    });
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = open.as_mut() {
                    let text = if matches!(event, Event::HardBreak) {
                        "\n"
                    } else {
                        " "
                    };
                    o.block.prose.push(text, range.clone(), false);
                }
            }
            Event::Html(html) => {
                if let Some(block) = code.as_mut() {
                    block.raw.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                // Inline HTML is not prose, but an inline comment may hold a directive.
                if html.starts_with("<!--") {
                    let mut block = Block::new(BlockKind::Html, range.start, quote_depth, None);
                    block.span = range.clone();
                    block.raw = html.to_string();
                    blocks.push(block);
                }
            }
            Event::Rule => {
                finish(&mut open, &mut blocks, range.start);
                let mut block = Block::new(BlockKind::Rule, range.start, quote_depth, None);
                block.span = range.clone();
                blocks.push(block);
            }
            Event::TaskListMarker(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }
    finish(&mut open, &mut blocks, source.len());
    blocks.sort_by_key(|b| b.span.start);
    blocks
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
