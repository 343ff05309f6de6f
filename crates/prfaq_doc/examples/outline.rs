//! Prints the outline of each file given, for looking at what the parser found.
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let doc = prfaq_doc::parse(&text);
        println!("== {path}\n{}", doc.outline());
        println!("parts: {}", doc.part_names().join(" "));
    }
}
