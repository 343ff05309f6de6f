//! The outline: what the parser understood, one line per part, with line numbers.
//!
//! `prfaq stats` prints it, and the corpus tests pin it, so a person can check by eye
//! that every part was found where a careful reader would find it.
//!
//! Rules see inline code and autolinks as one placeholder character ([`CODE`]); the
//! outline is read by people, so it shows the code in backticks and the link's address.

use std::fmt::Write;

use crate::{CODE, Document, Format, PartKind, Prose, Region};

/// What stands in the outline for a placeholder whose source cannot be found.
const UNKNOWN_CODE: &str = "`…`";

/// Shortens a text to `max` characters for one outline line.
fn clip(text: &str, max: usize) -> String {
    // Every placeholder has been replaced by what it stands for; one left over (in a
    // speaker's name, say) is still never printed as the bare placeholder.
    let text = text.replace(CODE, UNKNOWN_CODE);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// How the source of one placeholder reads in the outline: inline code in single
/// backticks, an autolink as its address.
fn readable_code(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(address) = raw.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return address.to_owned();
    }
    if raw.starts_with('`') {
        let code = raw.trim_matches('`').trim();
        if code.is_empty() {
            return UNKNOWN_CODE.to_owned();
        }
        return format!("`{code}`");
    }
    if raw.is_empty() {
        UNKNOWN_CODE.to_owned()
    } else {
        raw.to_owned()
    }
}

/// `1 word`, `2 words`.
fn words(n: usize) -> String {
    format!("{n} word{}", if n == 1 { "" } else { "s" })
}

impl Document {
    /// A prose text as a person reads it: each placeholder replaced by the inline code
    /// or the address it stands for in the file.
    fn readable(&self, prose: &Prose) -> String {
        if !crate::has_code(&prose.text) {
            return prose.text.clone();
        }
        let mut out = String::with_capacity(prose.text.len());
        for (i, ch) in prose.text.char_indices() {
            if ch == CODE {
                let range = prose.source_range(i..i + CODE.len_utf8());
                out.push_str(&readable_code(self.source.get(range).unwrap_or("")));
            } else {
                out.push(ch);
            }
        }
        out
    }

    /// The 1-based line of a block.
    pub fn block_line(&self, block: usize) -> usize {
        self.position(self.blocks[block].span.start).line
    }

    /// The names of the parts found, in the corpus manifest's vocabulary.
    pub fn part_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = PartKind::ALL
            .iter()
            .filter(|k| self.part(**k).is_some())
            .map(|k| k.name())
            .collect();
        if self.faq.has(crate::Audience::Customer) {
            names.push("customer-faq");
        }
        if self.faq.has(crate::Audience::Internal) {
            names.push("internal-faq");
        }
        names
    }

    /// A plain-text outline of everything the parser found, with an excerpt of each part.
    pub fn outline(&self) -> String {
        self.outline_with(true)
    }

    /// The outline without the document's words: parts, places and counts only. Used to
    /// pin other people's documents in tests without copying their text.
    pub fn outline_structure(&self) -> String {
        self.outline_with(false)
    }

    fn outline_with(&self, text: bool) -> String {
        let mut outline = Outline {
            doc: self,
            text,
            out: String::new(),
        };
        outline.head();
        outline.press_release();
        outline.faq();
        outline.tables();
        outline.rest();
        outline.out
    }
}

/// An outline being written: with the document's words (`text`) or, for the structure
/// outline, a fingerprint for tests that keeps its fixed form, with counts instead.
struct Outline<'a> {
    doc: &'a Document,
    text: bool,
    out: String,
}

impl Outline<'_> {
    /// `t` clipped to `max` characters, or its word count.
    fn clip(&self, t: &str, max: usize) -> String {
        if self.text {
            clip(t, max)
        } else {
            format!("({} words)", crate::cues::word_count(t))
        }
    }

    /// A prose clipped to `max` characters as it reads, or its word count.
    fn show(&self, p: &Prose, max: usize) -> String {
        if self.text {
            clip(&self.doc.readable(p), max)
        } else {
            format!("({} words)", crate::cues::word_count(&p.text))
        }
    }

    /// A heading's text for a line of the outline as it reads, or the word count of its
    /// text as written.
    fn heading(&self, block: usize, written: &str) -> String {
        if self.text {
            clip(&self.doc.readable(&self.doc.blocks[block].prose), 60)
        } else {
            self.clip(written, 60)
        }
    }

    /// The format, the front matter and the language.
    fn head(&mut self) {
        let doc = self.doc;
        if doc.format == Format::Vision {
            self.out.push_str("format: vision\n");
        }
        if let Some(fm) = &doc.front_matter {
            for (key, value) in &fm.fields {
                let value = self.clip(value, 60);
                let _ = writeln!(self.out, "front matter: {key} = {value}");
            }
        }
        // The language, when it is not English: the checker reads such a document's
        // structure only.
        if self.text && !doc.language().is_english() {
            let language = doc.language();
            let how = match language.from {
                crate::LanguageFrom::FrontMatter => "from the front matter",
                _ => "detected",
            };
            let _ = writeln!(
                self.out,
                "language: {} ({}, {how})",
                language.name, language.code
            );
        }
    }

    fn press_release(&mut self) {
        let doc = self.doc;
        self.out.push_str("press release:\n");
        if !doc.has_press_release() && doc.parts.is_empty() {
            self.out.push_str("  (none)\n");
        }
        for part in &doc.parts {
            let line = doc.block_line(part.blocks[0]);
            let how = match part.found {
                crate::Found::Heading => "heading",
                crate::Found::Label => "label",
                crate::Found::Inferred => "inferred",
            };
            let shown = self.show(&part.prose, 60);
            let _ = write!(
                self.out,
                "  {:<15} line {:>4} ({how}) {}",
                part.kind.name(),
                line,
                shown
            );
            if let Some(speaker) = &part.speaker {
                let speaker = self.clip(speaker, 50);
                let _ = write!(self.out, " [speaker: {speaker}]");
            }
            self.out.push('\n');
        }
        let missing: Vec<&str> = PartKind::ALL
            .iter()
            .filter(|k| doc.part(**k).is_none())
            .map(|k| k.name())
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(self.out, "  missing: {}", missing.join(", "));
        }
    }

    fn faq(&mut self) {
        let doc = self.doc;
        self.out.push_str("faq:\n");
        if !doc.faq.is_present() {
            self.out.push_str("  (none)\n");
        }
        for section in &doc.faq.sections {
            let title = self.heading(section.block, &section.title);
            let _ = writeln!(
                self.out,
                "  section line {:>4} [{}{}] {}",
                doc.block_line(section.block),
                section.audience.name(),
                if section.explicit { "" } else { ", inherited" },
                title
            );
        }
        for q in &doc.faq.questions {
            let answer = if q.answer.is_empty() {
                "(no answer)".to_owned()
            } else {
                let n = crate::cues::word_count(&q.answer.text);
                if self.text {
                    words(n)
                } else {
                    format!("{n} words")
                }
            };
            let shown = self.show(&q.prose, 60);
            let _ = writeln!(
                self.out,
                "  q line {:>4} [{}] {} -> {answer}",
                doc.block_line(q.block),
                q.audience.name(),
                shown
            );
        }
    }

    /// The journey, the metrics and the scope.
    fn tables(&mut self) {
        let doc = self.doc;
        if let Some(journey) = &doc.journey {
            let _ = writeln!(
                self.out,
                "journey: line {}",
                doc.block_line(journey.heading)
            );
            for step in &journey.steps {
                let shown = self.show(&step.prose, 60);
                let _ = writeln!(
                    self.out,
                    "  step line {:>4}{} {}",
                    doc.block_line(step.block),
                    if step.aha { " (aha)" } else { "" },
                    shown
                );
            }
        }
        if let Some(metrics) = &doc.metrics {
            let _ = writeln!(
                self.out,
                "metrics: line {}",
                doc.block_line(metrics.heading)
            );
            for row in &metrics.rows {
                let field = |p: &Option<crate::Prose>| {
                    p.as_ref().map_or("—".to_owned(), |p| self.show(p, 20))
                };
                let line = format!(
                    "  row line {:>4} {} | baseline {} | target {} | by {} | owner {}",
                    doc.block_line(row.block),
                    field(&row.metric),
                    field(&row.baseline),
                    field(&row.target),
                    field(&row.by),
                    field(&row.owner)
                );
                let _ = writeln!(self.out, "{line}");
            }
        }
        if let Some(scope) = &doc.scope {
            let _ = writeln!(self.out, "scope: line {}", doc.block_line(scope.heading));
            for (name, items) in [("in", &scope.in_scope), ("out", &scope.out_of_scope)] {
                for item in items {
                    let shown = self.show(&item.prose, 60);
                    let _ = writeln!(
                        self.out,
                        "  {name:<3} line {:>4} {}",
                        doc.block_line(item.block),
                        shown
                    );
                }
            }
        }
    }

    /// The sections that are none of the document's parts, and the problems found.
    fn rest(&mut self) {
        let doc = self.doc;
        let other: Vec<usize> = (0..doc.blocks.len())
            .filter(|&i| doc.regions[i] == Region::Other && doc.blocks[i].is_heading())
            .collect();
        if !other.is_empty() {
            self.out.push_str("other sections:\n");
            for i in other {
                let title = self.heading(i, doc.blocks[i].text());
                let _ = writeln!(self.out, "  line {:>4} {}", doc.block_line(i), title);
            }
        }
        for problem in &doc.problems {
            let pos = doc.position(problem.span.start);
            let _ = writeln!(self.out, "problem: line {}: {}", pos.line, problem.message);
        }
    }
}
