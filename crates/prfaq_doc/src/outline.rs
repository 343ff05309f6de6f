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
        if !prose.text.contains(CODE) {
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
        // The structure outline is a fingerprint for tests and keeps its fixed form.
        let clip = |t: &str, max: usize| {
            if text {
                clip(t, max)
            } else {
                format!("({} words)", crate::cues::word_count(t))
            }
        };
        let show = |p: &Prose, max: usize| {
            if text {
                clip(&self.readable(p), max)
            } else {
                format!("({} words)", crate::cues::word_count(&p.text))
            }
        };
        let mut out = String::new();
        if self.format == Format::Vision {
            out.push_str("format: vision\n");
        }
        if let Some(fm) = &self.front_matter {
            for (key, value) in &fm.fields {
                let _ = writeln!(out, "front matter: {key} = {}", clip(value, 60));
            }
        }
        // The language, when it is not English: the checker reads such a document's
        // structure only.
        if text && !self.language().is_english() {
            let language = self.language();
            let how = match language.from {
                crate::LanguageFrom::FrontMatter => "from the front matter",
                _ => "detected",
            };
            let _ = writeln!(
                out,
                "language: {} ({}, {how})",
                language.name, language.code
            );
        }
        out.push_str("press release:\n");
        if !self.has_press_release() && self.parts.is_empty() {
            out.push_str("  (none)\n");
        }
        for part in &self.parts {
            let line = self.block_line(part.blocks[0]);
            let how = match part.found {
                crate::Found::Heading => "heading",
                crate::Found::Label => "label",
                crate::Found::Inferred => "inferred",
            };
            let _ = write!(
                out,
                "  {:<15} line {:>4} ({how}) {}",
                part.kind.name(),
                line,
                show(&part.prose, 60)
            );
            if let Some(speaker) = &part.speaker {
                let _ = write!(out, " [speaker: {}]", clip(speaker, 50));
            }
            out.push('\n');
        }
        let missing: Vec<&str> = PartKind::ALL
            .iter()
            .filter(|k| self.part(**k).is_none())
            .map(|k| k.name())
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(out, "  missing: {}", missing.join(", "));
        }
        out.push_str("faq:\n");
        if !self.faq.is_present() {
            out.push_str("  (none)\n");
        }
        for section in &self.faq.sections {
            let _ = writeln!(
                out,
                "  section line {:>4} [{}{}] {}",
                self.block_line(section.block),
                section.audience.name(),
                if section.explicit { "" } else { ", inherited" },
                if text {
                    clip(&self.readable(&self.blocks[section.block].prose), 60)
                } else {
                    clip(&section.title, 60)
                }
            );
        }
        for q in &self.faq.questions {
            let answer = if q.answer.is_empty() {
                "(no answer)".to_owned()
            } else {
                let n = crate::cues::word_count(&q.answer.text);
                if text { words(n) } else { format!("{n} words") }
            };
            let _ = writeln!(
                out,
                "  q line {:>4} [{}] {} -> {answer}",
                self.block_line(q.block),
                q.audience.name(),
                show(&q.prose, 60)
            );
        }
        if let Some(journey) = &self.journey {
            let _ = writeln!(out, "journey: line {}", self.block_line(journey.heading));
            for step in &journey.steps {
                let _ = writeln!(
                    out,
                    "  step line {:>4}{} {}",
                    self.block_line(step.block),
                    if step.aha { " (aha)" } else { "" },
                    show(&step.prose, 60)
                );
            }
        }
        if let Some(metrics) = &self.metrics {
            let _ = writeln!(out, "metrics: line {}", self.block_line(metrics.heading));
            for row in &metrics.rows {
                let field =
                    |p: &Option<crate::Prose>| p.as_ref().map_or("—".to_owned(), |p| show(p, 20));
                let _ = writeln!(
                    out,
                    "  row line {:>4} {} | baseline {} | target {} | by {} | owner {}",
                    self.block_line(row.block),
                    field(&row.metric),
                    field(&row.baseline),
                    field(&row.target),
                    field(&row.by),
                    field(&row.owner)
                );
            }
        }
        if let Some(scope) = &self.scope {
            let _ = writeln!(out, "scope: line {}", self.block_line(scope.heading));
            for (name, items) in [("in", &scope.in_scope), ("out", &scope.out_of_scope)] {
                for item in items {
                    let _ = writeln!(
                        out,
                        "  {name:<3} line {:>4} {}",
                        self.block_line(item.block),
                        show(&item.prose, 60)
                    );
                }
            }
        }
        let other: Vec<usize> = (0..self.blocks.len())
            .filter(|&i| self.regions[i] == Region::Other && self.blocks[i].is_heading())
            .collect();
        if !other.is_empty() {
            out.push_str("other sections:\n");
            for i in other {
                let _ = writeln!(
                    out,
                    "  line {:>4} {}",
                    self.block_line(i),
                    if text {
                        clip(&self.readable(&self.blocks[i].prose), 60)
                    } else {
                        clip(self.blocks[i].text(), 60)
                    }
                );
            }
        }
        for problem in &self.problems {
            let pos = self.position(problem.span.start);
            let _ = writeln!(out, "problem: line {}: {}", pos.line, problem.message);
        }
        out
    }
}
