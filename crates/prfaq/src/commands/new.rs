//! `prfaq new NAME`: writes a document in the recommended layout.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use prfaq_doc::template::{self, Answers, QUESTIONS, slug};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    /// Press release, FAQ, journey, metrics and scope.
    Full,
    /// One paragraph.
    Vision,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product's name, for example "Quick Reorder".
    name: String,
    /// Which form to write.
    #[arg(long, value_enum, default_value_t = DocFormat::Full)]
    format: DocFormat,
    /// Ask the five customer questions and draft from the answers (reads standard input).
    #[arg(long)]
    interview: bool,
    /// Where to write; defaults to the name in kebab case with `.md`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    force: bool,
}

/// Asks the five questions on standard error and reads one answer per line.
fn interview() -> Result<Answers> {
    let stdin = std::io::stdin();
    let prompt = stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    let mut answers = Vec::new();
    for question in QUESTIONS {
        if prompt {
            eprint!("{question}\n> ");
            std::io::stderr().flush()?;
        }
        let answer = match lines.next() {
            Some(line) => line.context("cannot read the answer")?,
            None => String::new(),
        };
        answers.push(answer.trim().to_owned());
    }
    let mut it = answers.into_iter();
    let mut next = || it.next().unwrap_or_default();
    Ok(Answers {
        customer: next(),
        problem: next(),
        benefit: next(),
        evidence: next(),
        experience: next(),
    })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let name = args.name.trim();
    if !name.chars().any(char::is_alphanumeric) {
        bail!("the name must contain a letter or digit, for example \"Quick Reorder\"");
    }
    if name.contains(['\n', '\r']) {
        bail!("the name must be one line");
    }
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.md", slug(name))));
    if path.exists() && !args.force {
        bail!(
            "{} already exists; choose another name, pass --output, or --force to overwrite",
            path.display()
        );
    }
    let answers = if args.interview {
        interview()?
    } else {
        Answers::default()
    };
    let text = match args.format {
        DocFormat::Full => template::full(name, &answers),
        DocFormat::Vision => template::vision(name, &answers),
    };
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    outln!("wrote {}", path.display())?;
    outln!(
        "next: fill in the brackets, then run `prfaq check {}`",
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use prfaq_doc::template::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Quick Reorder"), "quick-reorder");
        assert_eq!(slug("  Split a Bill!  "), "split-a-bill");
        assert_eq!(slug("Café Órder 2"), "café-órder-2");
    }
}
