//! The outline: what the parser understood, one line per part, with line numbers.
//!
//! `prfaq stats` prints it, and the corpus tests pin it, so a person can check by eye
//! that every part was found where a careful reader would find it.

use std::fmt::Write;

use crate::{Document, Format, PartKind, Region};

/// Shortens a text to `max` characters for one outline line.
fn clip(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

impl Document {
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
        let clip = |t: &str, max: usize| {
            if text {
                clip(t, max)
            } else {
                format!("({} words)", t.split_whitespace().count())
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
                clip(&part.prose.text, 60)
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
                clip(&section.title, 60)
            );
        }
        for q in &self.faq.questions {
            let answer = if q.answer.is_empty() {
                "(no answer)".to_owned()
            } else {
                format!("{} words", q.answer.text.split_whitespace().count())
            };
            let _ = writeln!(
                out,
                "  q line {:>4} [{}] {} -> {answer}",
                self.block_line(q.block),
                q.audience.name(),
                clip(&q.prose.text, 60)
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
                    clip(&step.prose.text, 60)
                );
            }
        }
        if let Some(metrics) = &self.metrics {
            let _ = writeln!(out, "metrics: line {}", self.block_line(metrics.heading));
            for row in &metrics.rows {
                let field = |p: &Option<crate::Prose>| {
                    p.as_ref().map_or("—".to_owned(), |p| clip(&p.text, 20))
                };
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
                        clip(&item.prose.text, 60)
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
                    clip(self.blocks[i].text(), 60)
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
