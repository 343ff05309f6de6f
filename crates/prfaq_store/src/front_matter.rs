//! The `status:` line of a document's YAML front matter, which must never disagree with
//! the status the workspace keeps.
//!
//! The workspace is the authority: a status changes only through the review. A save
//! whose front matter names another status is refused, naming the line; a status change
//! rewrites the line in a new revision when the newest text has one. Only a top-level
//! `status:` key inside a front matter block (`---` on the first line, up to the next
//! `---` or `...`) counts; a document without one is left alone.

use std::ops::Range;

/// A `status:` line: its 1-based line number, the value as written (unquoted), and the
/// byte range of the value as written (quotes included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatusLine {
    pub line: usize,
    pub value: String,
    pub range: Range<usize>,
}

/// The front matter's `status:` line, if the text has front matter with one.
pub(crate) fn status_line(text: &str) -> Option<StatusLine> {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = text_start;
    let mut lines = text[text_start..].split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    offset += first.len();
    for (index, line) in lines.enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if content == "---" || content == "..." {
            return None;
        }
        if let Some(rest) = content.strip_prefix("status:") {
            let lead = rest.len() - rest.trim_start().len();
            let raw = rest.trim();
            let raw = match raw.find(" #") {
                Some(comment) => raw[..comment].trim_end(),
                None => raw,
            };
            let start = offset + "status:".len() + lead;
            let value = raw
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| raw.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(raw);
            return Some(StatusLine {
                line: index + 2,
                value: value.to_owned(),
                range: start..start + raw.len(),
            });
        }
        offset += line.len();
    }
    None
}

/// The text with its front matter's status set to `status`, or `None` when it has no
/// `status:` line or the line already says so.
pub(crate) fn with_status(text: &str, status: &str) -> Option<String> {
    let line = status_line(text)?;
    if line.value == status {
        return None;
    }
    let mut out = String::with_capacity(text.len() + status.len());
    out.push_str(&text[..line.range.start]);
    out.push_str(status);
    out.push_str(&text[line.range.end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_status_line_only_in_front_matter() {
        let text = "---\ntitle: Quick Reorder\nstatus: draft\n---\n# Quick Reorder\n";
        let line = status_line(text).expect("a status line");
        assert_eq!(line.line, 3);
        assert_eq!(line.value, "draft");
        assert_eq!(&text[line.range.clone()], "draft");
        assert_eq!(status_line("# Title\n\nstatus: draft\n"), None);
        assert_eq!(status_line("---\ntitle: x\n---\nstatus: draft\n"), None);
        assert_eq!(
            status_line("---\r\nstatus: 'in-review'  # set by the review\r\n---\r\n")
                .map(|l| l.value),
            Some("in-review".to_owned())
        );
        assert_eq!(status_line("---\n  status: nested\n---\n"), None);
    }

    #[test]
    fn rewrites_only_the_value() {
        let text = "---\ntitle: A\nstatus: \"draft\" # kept\n---\nBody status: draft\n";
        assert_eq!(
            with_status(text, "approved").as_deref(),
            Some("---\ntitle: A\nstatus: approved # kept\n---\nBody status: draft\n")
        );
        assert_eq!(with_status("---\nstatus: draft\n---\n", "draft"), None);
        assert_eq!(with_status("# No front matter\n", "draft"), None);
    }
}
