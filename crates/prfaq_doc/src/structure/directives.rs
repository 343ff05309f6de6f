//! The `<!-- prfaq-ignore … -->` comments and the part of the file each one silences.

use crate::blocks::{Block, BlockKind};
use crate::{Directive, Problem};

/// Reads `<!-- prfaq-ignore CODE… -->` and `<!-- prfaq-ignore-file CODE… -->` comments.
pub(super) fn directives(
    blocks: &[Block],
    len: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut sections: Option<Sections> = None;
    for (i, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Html {
            continue;
        }
        let mut rest = block.raw.as_str();
        while let Some(at) = rest.find("<!--") {
            let after = &rest[at + 4..];
            let end = after.find("-->").unwrap_or(after.len());
            let body = after[..end].trim();
            rest = &after[end..];
            let (whole_file, args) = if let Some(args) = body.strip_prefix("prfaq-ignore-file") {
                (true, args)
            } else if let Some(args) = body.strip_prefix("prfaq-ignore") {
                (false, args)
            } else {
                continue;
            };
            if !args.is_empty() && !args.starts_with(char::is_whitespace) {
                problems.push(Problem {
                    message: format!(
                        "unknown directive `{}`",
                        body.split_whitespace().next().unwrap_or(body)
                    ),
                    span: block.span.clone(),
                });
                continue;
            }
            let codes: Vec<String> = args
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let scope = if whole_file {
                0..len
            } else {
                let sections = sections.get_or_insert_with(|| Sections::new(blocks));
                let next = (sections.next_not_html[i + 1]..blocks.len())
                    .find(|&j| blocks[j].span.start >= block.span.end);
                match next {
                    Some(j) => block.span.start..sections.end(blocks, j, len),
                    None => block.span.clone(),
                }
            };
            out.push(Directive {
                codes,
                whole_file,
                scope,
                span: block.span.clone(),
            });
        }
    }
    out
}

/// Where each block's section ends, worked out in one pass from the end, so that many
/// directives cost no more than one.
struct Sections {
    /// For each index, the first block at or after it that is not HTML.
    next_not_html: Vec<usize>,
    /// For each index and heading level, the first heading at or after the index whose
    /// level is at most that one (`blocks.len()` for none).
    next_heading: Vec<[usize; 7]>,
}

impl Sections {
    fn new(blocks: &[Block]) -> Sections {
        let n = blocks.len();
        let mut next_not_html = vec![n; n + 1];
        let mut next_heading = vec![[n; 7]; n + 1];
        for (j, block) in blocks.iter().enumerate().rev() {
            next_not_html[j] = if block.kind == BlockKind::Html {
                next_not_html[j + 1]
            } else {
                j
            };
            next_heading[j] = next_heading[j + 1];
            if let Some(level) = block.heading_level() {
                for slot in &mut next_heading[j][usize::from(level).min(6)..] {
                    *slot = j;
                }
            }
        }
        Sections {
            next_not_html,
            next_heading,
        }
    }

    /// Where a directive's next block (at `next`) ends its scope: a heading silences its
    /// whole section, anything else just itself.
    fn end(&self, blocks: &[Block], next: usize, len: usize) -> usize {
        match blocks[next].heading_level() {
            Some(level) => {
                let after = self.next_heading[next + 1][usize::from(level).min(6)];
                blocks.get(after).map_or(len, |b| b.span.start)
            }
            None => blocks[next].span.end,
        }
    }
}
