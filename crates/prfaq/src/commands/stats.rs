//! `prfaq stats FILE`: what the parser understood, with word counts and reading grades.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use prfaq_doc::{BlockKind, Document, PartKind};
use prfaq_text::Readability;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document.
    file: PathBuf,
}

/// The readability of the body prose (paragraphs and list items) of some blocks.
fn readability<'a>(doc: &Document, blocks: impl IntoIterator<Item = &'a usize>) -> Readability {
    let mut total = Readability::of("");
    for &i in blocks {
        let block = &doc.blocks[i];
        if matches!(block.kind, BlockKind::Paragraph | BlockKind::Item) {
            total.add(&Readability::of(&block.prose.text));
        }
    }
    total
}

/// The stats report for a document.
pub fn report(doc: &Document) -> String {
    let mut out = doc.outline();
    let pr: Vec<usize> = doc.press_release_blocks().map(|(i, _)| i).collect();
    let release = readability(doc, &pr);
    let all: Vec<usize> = (0..doc.blocks.len()).collect();
    let whole = readability(doc, &all);
    let _ = writeln!(out, "counts:");
    for (name, r) in [("press release", &release), ("whole document", &whole)] {
        let _ = writeln!(
            out,
            "  {name:<15} {} words, {} sentences, {} syllables, grade {:.1}, reading ease {:.1}",
            r.words, r.sentences, r.syllables, r.flesch_kincaid_grade, r.flesch_reading_ease
        );
    }
    let _ = writeln!(out, "reading grade by part:");
    for kind in PartKind::ALL {
        let blocks: Vec<usize> = doc
            .parts_of(kind)
            .flat_map(|p| p.blocks.iter().copied())
            .collect();
        if blocks.is_empty() {
            continue;
        }
        let r = Readability::of(
            &doc.parts_of(kind)
                .map(|p| p.prose.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
        );
        let _ = writeln!(
            out,
            "  {:<15} {:>4} words, grade {:>5.1}, reading ease {:>5.1}",
            kind.name(),
            r.words,
            r.flesch_kincaid_grade,
            r.flesch_reading_ease
        );
    }
    out
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = prfaq_doc::load(&bytes, prfaq_doc::DEFAULT_MAX_BYTES)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let doc = prfaq_doc::parse(&text);
    print!("{}", report(&doc));
    Ok(ExitCode::SUCCESS)
}
