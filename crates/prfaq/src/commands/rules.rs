//! `prfaq rules`: every rule with its code, name, severity and one line.

use std::process::ExitCode;

use anyhow::Result;
use prfaq_lint::RULES;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.json {
        let rules: Vec<_> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity.as_str(),
                    "family": r.family.name(),
                    "summary": r.summary(),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&rules)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for rule in RULES {
        outln!(
            "{}  {:<width$}  {:<7}  {}",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
