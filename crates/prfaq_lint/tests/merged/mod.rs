//! What the judged and evaluation tests share about one problem being one finding: a
//! configuration with the rules that outrank others turned off, so a test can tell a
//! finding merged into a more specific one from a finding lost.

use prfaq_lint::{Config, RULES};

/// The default configuration with every rule that outranks another turned off: what the
/// outranked rules find before their findings are merged.
pub fn unmerged() -> Config {
    let outranking: Vec<String> = RULES
        .iter()
        .filter(|r| !r.outranks.is_empty())
        .map(|r| format!("{:?}", r.code))
        .collect();
    Config::from_toml(&format!("[rules]\nignore = [{}]\n", outranking.join(", ")))
        .expect("a configuration that turns the outranking rules off")
}

/// True when some rule outranks the rule with this code.
pub fn is_outranked(code: &str) -> bool {
    RULES.iter().any(|r| r.outranks.contains(&code))
}
