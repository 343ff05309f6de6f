//! Any `&str` straight into the parser, skipping the loader and the checker, for speed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    prfaq_fuzz::parse(text);
});
