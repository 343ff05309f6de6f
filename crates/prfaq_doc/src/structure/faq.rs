//! FAQ questions and answers in every common form: question headings, bold questions,
//! `Q:`/`A:` lines, numbered questions and tables whose first cell asks.

use std::ops::Range;

use crate::blocks::{Block, BlockKind};
use crate::cues::{self, Role};
use crate::prose::{MarkKind, Prose};
use crate::{Audience, Faq, FaqSection, Question, Region};

use super::Roles;

fn starts_with_question_word(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    cues::QUESTION_WORDS.contains(&first.as_str())
}

/// Finds the FAQ's sections and questions.
pub(super) fn faq(blocks: &[Block], roles: &Roles, regions: &[Region]) -> Faq {
    let mut reader = Reader {
        blocks,
        roles,
        faq: Faq::default(),
        sections: Vec::new(),
        current: None,
    };
    let mut in_faq = false;
    // One region per block.
    for (i, &region) in regions.iter().enumerate() {
        if region != Region::Faq {
            if in_faq {
                reader.current = None;
                in_faq = false;
            }
            continue;
        }
        in_faq = true;
        reader.block(i);
    }
    reader.faq
}

/// The FAQ read so far.
struct Reader<'a> {
    blocks: &'a [Block],
    roles: &'a Roles,
    faq: Faq,
    /// The audience stack: (heading level, audience, whether the section is a technical
    /// one that says for nobody).
    sections: Vec<(u8, Option<Audience>, bool)>,
    /// The question awaiting answers, by index into `faq.questions`.
    current: Option<usize>,
}

impl Reader<'_> {
    /// The audience of the innermost section that names one.
    fn audience(&self) -> Audience {
        self.sections
            .iter()
            .rev()
            .find_map(|(_, a, _)| *a)
            .unwrap_or(Audience::Customer)
    }

    /// The audience of the question `text`: its section's, but a question asked in a
    /// customer's voice under a technical section that says for nobody is a customer's.
    fn audience_of_question(&self, text: &str) -> Audience {
        let technical = self
            .sections
            .iter()
            .rev()
            .find(|(_, a, _)| a.is_some())
            .is_some_and(|(_, _, technical)| *technical);
        if technical && cues::asks_as_customer(text) {
            Audience::Customer
        } else {
            self.audience()
        }
    }

    fn block(&mut self, i: usize) {
        let block = &self.blocks[i];
        if let Some(level) = block.heading_level() {
            self.heading(i, level);
        } else if !block.is_prose() {
            if let Some(q) = self.current
                && block.kind == BlockKind::Code
            {
                let question = &mut self.faq.questions[q];
                question.answer_blocks.push(i);
                question.span.end = block.span.end;
            }
        } else if block.kind == BlockKind::TableRow {
            self.table_row(i);
        } else {
            self.paragraph(i);
        }
    }

    /// A heading: part of an answer, a question, or a section (and its audience).
    fn heading(&mut self, i: usize, level: u8) {
        let blocks = self.blocks;
        let block = &blocks[i];
        let text = block.text();
        let role = self.roles.of_block(blocks, i);
        // A sub-heading inside an answer ("#### Design") is part of that answer.
        if let Some(q) = self.current {
            let question_level = blocks[self.faq.questions[q].block].heading_level();
            if question_level.is_some_and(|ql| level > ql) && !cues::is_question(text) {
                push_answer(&mut self.faq.questions[q], block, i, 0);
                return;
            }
        }
        let question = cues::is_question(text)
            || (cues::question_prefix(text) > 0 && !matches!(role, Role::Faq(_)))
            || (!matches!(role, Role::Faq(_))
                && starts_with_question_word(text)
                && !self.sections.is_empty()
                && self.sections.last().is_some_and(|(l, _, _)| level > *l + 1));
        if question {
            let prefix = cues::question_prefix(&block.prose.text);
            let audience = self.audience_of_question(&block.prose.text[prefix..]);
            self.faq.questions.push(Question {
                prose: trim_prose_in(&block.prose, prefix..block.prose.text.len()),
                answer: Prose::default(),
                block: i,
                answer_blocks: Vec::new(),
                audience,
                span: block.span.clone(),
            });
            self.current = Some(self.faq.questions.len() - 1);
            return;
        }
        while self.sections.last().is_some_and(|(l, _, _)| *l >= level) {
            self.sections.pop();
        }
        // "For stakeholders" under an FAQ says whom its questions are for, even
        // without the word FAQ.
        let aud = match role {
            Role::Faq(a) => a,
            _ => cues::audience_of(text),
        };
        if matches!(role, Role::Faq(_)) && self.faq.heading.is_none() {
            self.faq.heading = Some(i);
        }
        self.sections.push((
            level,
            aud,
            aud.is_some() && cues::is_technical_section(text),
        ));
        self.faq.sections.push(FaqSection {
            title: text.to_owned(),
            audience: aud.unwrap_or_else(|| self.audience()),
            explicit: aud.is_some(),
            block: i,
        });
        self.current = None;
    }

    /// Table rows whose first cell asks a question; other rows answer the question
    /// before the table.
    fn table_row(&mut self, i: usize) {
        let block = &self.blocks[i];
        if block.header {
            // A table starts: its rows are not the answer to the question before it.
            self.current = None;
            return;
        }
        if let Some(first) = block.cells.first()
            && cues::is_question(first.text.trim())
        {
            let answer = Prose::join(block.cells.iter().skip(1));
            self.faq.questions.push(Question {
                prose: trim_prose(first),
                answer,
                block: i,
                answer_blocks: vec![i],
                audience: self.audience_of_question(&first.text),
                span: block.span.clone(),
            });
            self.current = None;
            return;
        }
        if let Some(q) = self.current {
            push_answer(&mut self.faq.questions[q], block, i, 0);
        }
    }

    /// A paragraph or list item: a question (with its answer when on the same block),
    /// or an answer to the question before it.
    fn paragraph(&mut self, i: usize) {
        let block = &self.blocks[i];
        let prose = &block.prose;
        let awaiting = self
            .current
            .is_some_and(|q| self.faq.questions[q].answer.is_empty());
        if let Some((range, rest)) = question_range(block, awaiting, self.current.is_none()) {
            let qtext = &prose.text[range.clone()];
            let prefix = cues::question_prefix(qtext);
            let question = trim_prose_in(prose, range.start + prefix..range.end);
            // The answer after the question, without its answer prefix (`A:`), if any.
            let after = &prose.text[rest..];
            let unlead = after.trim_start_matches([' ', '\n', ':']);
            let a = cues::answer_prefix(unlead);
            let from = if a > 0 {
                rest + after.len() - unlead.len() + a
            } else {
                rest
            };
            let answer = trim_prose_in(prose, from..prose.text.len());
            let has_answer = !answer.is_empty();
            let audience = self.audience_of_question(&question.text);
            self.faq.questions.push(Question {
                prose: question,
                answer,
                block: i,
                answer_blocks: if has_answer { vec![i] } else { Vec::new() },
                audience,
                span: block.span.clone(),
            });
            self.current = Some(self.faq.questions.len() - 1);
            return;
        }
        if let Some(q) = self.current {
            // Where the answer starts: after an answer prefix (`A:`, `**A:**`), if any.
            let mut from = cues::answer_prefix(&prose.text);
            if from == 0
                && let Some(mark) = prose.leading(MarkKind::Strong)
            {
                // `**A:** text`
                let t = &prose.text[mark.range.clone()];
                if cues::answer_prefix(t) > 0 || t.trim() == "A" {
                    let rest = &prose.text[mark.range.end..];
                    from = mark.range.end + rest.len() - rest.trim_start_matches([':', ' ']).len();
                }
            }
            push_answer(&mut self.faq.questions[q], block, i, from);
        }
    }
}

/// Where the question of a paragraph or list item is in its prose, and where the rest
/// (an answer on the same block) starts: `**Q: Who is it for?** answer…`, `**Who is it
/// for?**`, `Q: … A: …`, a numbered question, or a short paragraph that asks.
/// `awaiting` says the question before has no answer yet, `no_question` that there is
/// no question before.
fn question_range(
    block: &Block,
    awaiting: bool,
    no_question: bool,
) -> Option<(Range<usize>, usize)> {
    let text = block.text();
    let prose = &block.prose;
    let bold = prose.leading(MarkKind::Strong);
    if let Some(mark) = bold.filter(|m| {
        let t = &prose.text[m.range.clone()];
        cues::is_question(t) || cues::question_prefix(t) > 0 && t.trim_start().starts_with('Q')
    }) {
        Some((mark.range.clone(), mark.range.end))
    } else if cues::question_prefix(text) > 0
        && (text.starts_with('Q')
            || text.starts_with("Question")
            || text.starts_with("F:")
            || block.list.is_none() && cues::is_question(first_line(text)))
    {
        let lead = prose.text.len() - prose.text.trim_start().len();
        let line_end = prose.text[lead..]
            .find('\n')
            .map_or(prose.text.len(), |e| lead + e);
        // `Q: … A: …` on one line: split at the answer.
        let split = find_answer_marker(&prose.text[lead..line_end]).map(|a| lead + a);
        let end = split.unwrap_or(line_end);
        Some((lead..end, end))
    } else if block
        .list
        .is_some_and(|l| l.first && (l.ordered || no_question))
        && cues::is_question(first_line(text))
    {
        let lead = prose.text.len() - prose.text.trim_start().len();
        let end = prose.text[lead..]
            .find('\n')
            .map_or(prose.text.len(), |e| lead + e);
        Some((lead..end, end))
    } else if !awaiting
        && block.list.is_none()
        && cues::is_question(text)
        && !cues::more_words_than(text, 40)
        && !text.contains(". ")
    {
        Some((0..prose.text.len(), prose.text.len()))
    } else {
        None
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Where an inline `A:` starts in a `Q: … A: …` line.
fn find_answer_marker(text: &str) -> Option<usize> {
    for marker in [" A: ", "\nA: ", "\nA:", " A. "] {
        if let Some(at) = text.find(marker) {
            return Some(at);
        }
    }
    None
}

/// Adds the prose of `block` from byte `from` on to the answer of `question`: the
/// first part trimmed, each later one after a blank line. The block's prose is copied
/// once, into the answer.
fn push_answer(question: &mut Question, block: &Block, i: usize, from: usize) {
    let prose = &block.prose;
    if question.answer.is_empty() {
        question.answer = trim_prose_in(prose, from..prose.text.len());
    } else if from == 0 {
        // The whole block as it is: a slice would leave out its empty marks (an empty
        // link `[](…)`), which the answer has always kept.
        question.answer.append(prose);
    } else {
        question.answer.append(&prose.slice(from..prose.text.len()));
    }
    question.answer_blocks.push(i);
    question.span.end = question.span.end.max(block.span.end);
}

/// Trims white space and Markdown leftovers from both ends of a prose.
fn trim_prose(prose: &Prose) -> Prose {
    trim_prose_in(prose, 0..prose.text.len())
}

/// [`trim_prose`] of the part `range` of the prose, sliced once.
fn trim_prose_in(prose: &Prose, range: std::ops::Range<usize>) -> Prose {
    let text = &prose.text[range.clone()];
    let start = range.start + text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':')
            .len();
    let end = range.start + text.trim_end().len();
    if start >= end {
        return Prose::default();
    }
    prose.slice(start..end)
}
