//! Bytes as a file would be read: load, then (if it is text) parse, check and render,
//! asserting that every span and position points inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = prfaq_doc::load(bytes, prfaq_doc::DEFAULT_MAX_BYTES) {
        prfaq_fuzz::parse_and_check(&text);
    }
});
