//! `prfaq explain CODE`: the rule's full explanation, from its doc comment.

use std::process::ExitCode;

use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (`PR113`) or name (`future-tense`).
    code: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Some(rule) = prfaq_lint::registry::find(&args.code) else {
        bail!(
            "no rule has the code or name `{}`; `prfaq rules` lists them",
            args.code
        );
    };
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
