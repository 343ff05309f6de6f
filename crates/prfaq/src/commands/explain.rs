//! `prfaq explain CODE`: the rule's full explanation, from its doc comment. The rule can
//! also be named by the words its explanation uses (`prfaq explain buzzword`).

use std::process::ExitCode;

use anyhow::{Result, bail};
use prfaq_lint::Rule;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (`PR113`), name (`future-tense`) or words it is about (`buzzword`,
    /// `passive voice`).
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let query = args.query.join(" ");
    if let Some(rule) = prfaq_lint::registry::find(&query) {
        return explain(rule);
    }
    match prfaq_lint::registry::search(&query).as_slice() {
        [] => bail!(
            "no rule has the code or name `{query}` or speaks of it; `prfaq rules` lists them"
        ),
        [rule] => explain(rule),
        several => {
            outln!("{} rules speak of `{query}`:\n", several.len())?;
            for rule in several {
                outln!("{:<6} {:<34} {}", rule.code, rule.name, rule.summary())?;
            }
            outln!("\n`prfaq explain CODE` explains one.")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn explain(rule: &Rule) -> Result<ExitCode> {
    outln!(
        "{} {} ({}, {})\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.family.name()
    )?;
    outln!("{}", rule.explanation())?;
    Ok(ExitCode::SUCCESS)
}
