//! Finds the rule fixtures (`tests/fixtures/<CODE>/`), so that `tests/rules.rs` makes
//! each rule's two tests from its folder alone: a new rule's fixture is all its tests
//! need.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let fixtures = Path::new("tests/fixtures");
    println!("cargo::rerun-if-changed={}", fixtures.display());
    let mut codes: Vec<String> = std::fs::read_dir(fixtures)
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures.display()))
        .map(|entry| entry.expect("a folder entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    for code in &codes {
        assert!(
            !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()),
            "tests/fixtures/{code}: a fixture folder is named by its rule's code"
        );
    }
    let mut out = String::from("rule_fixtures! {\n");
    for code in &codes {
        writeln!(out, "    {code}").expect("writing to a string");
    }
    out.push_str("}\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rule_fixtures.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
