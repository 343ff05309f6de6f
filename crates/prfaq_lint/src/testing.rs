//! What the unit tests share: the real documents the crate's tests and the corpus hold.

use std::path::{Path, PathBuf};

/// Every Markdown document of the evaluation, fixture and judged sets and of the shared
/// corpus beside the repository (when it is there), with its path.
pub(crate) fn real_documents() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("tests/eval"),
        root.join("tests/fixtures"),
        root.join("tests/judged"),
        root.join("../../../shared/corpus"),
    ];
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path, text));
            }
        }
    }
    out
}
