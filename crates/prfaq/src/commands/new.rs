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
    /// Which form to write (by default the full PR/FAQ, or what the interview recommends).
    #[arg(long, value_enum)]
    format: Option<DocFormat>,
    /// Ask what kind of initiative this is (and recommend a form), then the five customer
    /// questions, and draft from the answers (reads standard input, one answer a line).
    #[arg(long)]
    interview: bool,
    /// Where to write; defaults to the name in kebab case with `.md`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    force: bool,
}

/// The kinds of initiative, as the interview offers them, with the form each calls for.
const KINDS: [(&str, Recommendation); 7] = [
    ("a new product", Recommendation::Full),
    ("a major feature", Recommendation::Full),
    ("a strategic initiative", Recommendation::Full),
    ("an ambiguous problem", Recommendation::Full),
    ("an incremental improvement", Recommendation::Vision),
    ("a well-understood feature", Recommendation::Vision),
    ("a rapid experiment", Recommendation::Nothing),
];

/// What the method calls for, given the kind of initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recommendation {
    Full,
    Vision,
    Nothing,
}

impl Recommendation {
    /// The advice, and why.
    fn advice(self, kind: &str) -> String {
        match self {
            Recommendation::Full => format!(
                "for {kind}, write the full PR/FAQ: Working Backwards is most valuable for new \
                 products, major features, strategic initiatives and ambiguous problems, where \
                 the team must agree on the customer and the problem before it builds"
            ),
            Recommendation::Vision => format!(
                "for {kind}, the one-paragraph vision is enough: the full PR/FAQ is less \
                 necessary for incremental improvements and well-understood features; say who \
                 the customer is, the problem and the benefit, and build"
            ),
            Recommendation::Nothing => format!(
                "for {kind}, write no Working Backwards document: an experiment is cheaper to \
                 run than to review; write down the hypothesis and the measure, run it, and \
                 write a PR/FAQ if it works (pass --format full or vision to write one anyway)"
            ),
        }
    }
}

/// The kind an answer names: its number in the list, or words of its label ("rapid",
/// "new product"); `None` when it names none or several.
fn kind_of(answer: &str) -> Option<usize> {
    let answer = answer.trim().trim_end_matches('.').to_lowercase();
    if let Ok(n) = answer.parse::<usize>() {
        return (1..=KINDS.len()).contains(&n).then(|| n - 1);
    }
    if answer.is_empty() {
        return None;
    }
    let matching: Vec<usize> = KINDS
        .iter()
        .enumerate()
        .filter(|(_, (label, _))| {
            let label = label.to_lowercase();
            answer
                .split_whitespace()
                .filter(|w| !matches!(*w, "a" | "an"))
                .all(|w| label.split([' ', '-']).any(|l| l.starts_with(w)))
        })
        .map(|(i, _)| i)
        .collect();
    match matching.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Reads the interview's answers, one a line, showing each question on standard error
/// (with a prompt on a terminal, one a line otherwise) so that a script sees what it
/// answers.
struct Interview<R> {
    lines: R,
    prompt: bool,
    line: usize,
}

impl<R: Iterator<Item = std::io::Result<String>>> Interview<R> {
    fn ask(&mut self, question: &str) -> Result<String> {
        if self.prompt {
            eprint!("{question}\n> ");
        } else {
            eprintln!("{question}");
        }
        std::io::stderr().flush()?;
        self.line += 1;
        Ok(match self.lines.next() {
            Some(line) => line
                .with_context(|| format!("cannot read the answer on line {}", self.line))?
                .trim()
                .to_owned(),
            None => String::new(),
        })
    }

    /// The kind of initiative; on a terminal it asks again until the answer names one.
    fn kind(&mut self) -> Result<usize> {
        let mut question = String::from("What kind of initiative is this?");
        for (n, (label, _)) in KINDS.iter().enumerate() {
            question.push_str(&format!("\n  {}. {label}", n + 1));
        }
        loop {
            let answer = self.ask(&question)?;
            if let Some(kind) = kind_of(&answer) {
                return Ok(kind);
            }
            let choices = format!("answer a number from 1 to {}, or its words", KINDS.len());
            if !self.prompt {
                bail!(
                    "line {} of the answers: `{answer}` is not one of the kinds of initiative; {choices}",
                    self.line
                );
            }
            eprintln!("`{answer}` is not one of them; {choices}");
        }
    }

    /// The five customer questions.
    fn answers(&mut self) -> Result<Answers> {
        let mut answers = Vec::new();
        for question in QUESTIONS {
            answers.push(self.ask(question)?);
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
    let (answers, format) = if args.interview {
        let stdin = std::io::stdin();
        let mut interview = Interview {
            prompt: stdin.is_terminal(),
            lines: stdin.lock().lines(),
            line: 0,
        };
        let kind = interview.kind()?;
        let (label, recommendation) = KINDS[kind];
        eprintln!("{}", recommendation.advice(label));
        let format = match (args.format, recommendation) {
            (Some(format), _) => format,
            (None, Recommendation::Full) => DocFormat::Full,
            (None, Recommendation::Vision) => DocFormat::Vision,
            (None, Recommendation::Nothing) => {
                outln!("wrote nothing")?;
                return Ok(ExitCode::SUCCESS);
            }
        };
        (interview.answers()?, format)
    } else {
        (Answers::default(), args.format.unwrap_or(DocFormat::Full))
    };
    let text = match format {
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
    use super::kind_of;
    use prfaq_doc::template::slug;

    #[test]
    fn kinds_by_number_or_words() {
        assert_eq!(kind_of("1"), Some(0));
        assert_eq!(kind_of("7"), Some(6));
        assert_eq!(kind_of("8"), None);
        assert_eq!(kind_of("0"), None);
        assert_eq!(kind_of("a new product"), Some(0));
        assert_eq!(kind_of("Rapid experiment."), Some(6));
        assert_eq!(kind_of("incremental"), Some(4));
        assert_eq!(kind_of("well understood"), Some(5));
        // "feature" names two kinds: neither is taken.
        assert_eq!(kind_of("feature"), None);
        assert_eq!(kind_of(""), None);
        assert_eq!(kind_of("a spaceship"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Quick Reorder"), "quick-reorder");
        assert_eq!(slug("  Split a Bill!  "), "split-a-bill");
        assert_eq!(slug("Café Órder 2"), "café-órder-2");
    }
}
