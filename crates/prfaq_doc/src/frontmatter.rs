//! YAML front matter: the document's title, customer, launch date, owner, status and format.

use std::ops::Range;

use yaml_rust2::{Yaml, YamlLoader};

use crate::Problem;

/// The fields prfaq reads from the front matter; unknown keys are kept as they are.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The bytes of the whole block, fences included.
    pub span: Range<usize>,
    pub title: Option<String>,
    pub customer: Option<String>,
    pub launch: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub format: Option<String>,
    /// Every key with a scalar value, in file order.
    pub fields: Vec<(String, String)>,
}

/// The statuses a document may have: the workspace's review writes `aligned` when every
/// concern is answered and every required reviewer approved.
pub const STATUSES: &[&str] = &["draft", "in-review", "aligned", "approved", "declined"];

/// Finds and reads front matter at the very start of `source`. Returns the fields (if a
/// block was found) and the byte offset where the Markdown body starts.
pub fn parse(source: &str, problems: &mut Vec<Problem>) -> (Option<FrontMatter>, usize) {
    let first_line_end = source.find('\n').map_or(source.len(), |i| i + 1);
    if source[..first_line_end].trim_end() != "---" {
        return (None, 0);
    }
    // The closing fence is a line of `---` or `...`.
    let mut offset = first_line_end;
    let mut close = None;
    for line in source[first_line_end..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((close_start, body_start)) = close else {
        problems.push(Problem {
            message: "front matter opened with `---` is never closed; it is read as Markdown"
                .into(),
            span: 0..first_line_end,
        });
        return (None, 0);
    };
    let yaml_text = &source[first_line_end..close_start];
    let mut fm = FrontMatter {
        span: 0..body_start,
        ..FrontMatter::default()
    };
    let fields = match simple_fields(yaml_text) {
        Some(fields) => fields,
        None => yaml_fields(
            source,
            yaml_text,
            (first_line_end, close_start, body_start),
            problems,
        ),
    };
    for (key, value) in fields {
        match key.as_str() {
            "title" => fm.title = Some(value.clone()),
            "customer" => fm.customer = Some(value.clone()),
            "launch" => fm.launch = Some(value.clone()),
            "owner" => fm.owner = Some(value.clone()),
            "status" => fm.status = Some(value.clone()),
            "format" => fm.format = Some(value.clone()),
            _ => {}
        }
        fm.fields.push((key, value));
    }
    if let Some(status) = &fm.status
        && !STATUSES.contains(&status.as_str())
    {
        problems.push(Problem {
            message: format!(
                "front matter `status: {status}` is not one of {}",
                STATUSES.join(", ")
            ),
            span: field_span(source, body_start, "status"),
        });
    }
    if let Some(format) = &fm.format
        && format != "full"
        && format != "vision"
    {
        problems.push(Problem {
            message: format!("front matter `format: {format}` is not `full` or `vision`"),
            span: field_span(source, body_start, "format"),
        });
    }
    (Some(fm), body_start)
}

/// The fields of front matter read by the YAML parser: every key with a scalar value, in
/// file order. A text that is not YAML, or not a mapping, is reported and gives none.
/// `yaml_text` lies between the end of the first line and the closing fence, and the
/// body starts after that fence.
fn yaml_fields(
    source: &str,
    yaml_text: &str,
    (first_line_end, close_start, body_start): (usize, usize, usize),
    problems: &mut Vec<Problem>,
) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    match YamlLoader::load_from_str(yaml_text) {
        Ok(docs) => match docs.first() {
            Some(Yaml::Hash(map)) => {
                for (key, value) in map {
                    let Some(key) = key.as_str() else { continue };
                    let value = match value {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Real(r) => r.clone(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => continue,
                    };
                    fields.push((key.to_owned(), value));
                }
            }
            None | Some(Yaml::Null) => {}
            Some(_) => problems.push(Problem {
                message: "front matter is not a list of `key: value` fields; it is ignored".into(),
                span: 0..body_start,
            }),
        },
        Err(err) => {
            // The scanner reports 1-based lines within the YAML text; map to the file.
            let marker = err.marker();
            let line_in_yaml = marker.line().saturating_sub(1);
            let start = yaml_text
                .split_inclusive('\n')
                .take(line_in_yaml)
                .map(str::len)
                .sum::<usize>()
                + first_line_end;
            let end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i);
            problems.push(Problem {
                message: format!("front matter is not valid YAML: {}", err.info()),
                span: start.min(close_start)..end.min(close_start).max(start.min(close_start)),
            });
        }
    }
    fields
}

/// The fields of front matter written as the template writes it, plain `key: value`
/// lines whose values YAML reads as text, read without the YAML parser; `None` for any
/// other front matter, which the YAML parser reads (and judges). A key is lowercase
/// letters, digits, `-` and `_`, each once; a value starts with a letter or digit, holds
/// letters, digits, spaces and `-.,'/()`, ends with no space, and is not what YAML reads
/// as a number, a truth value or nothing (`12`, `0x1F`, `true`, `null`).
fn simple_fields(yaml_text: &str) -> Option<Vec<(String, String)>> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in yaml_text.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        if !is_simple_key(key) || !is_simple_value(value) || fields.iter().any(|(k, _)| k == key) {
            return None;
        }
        fields.push((key.to_owned(), value.to_owned()));
    }
    Some(fields)
}

fn is_simple_key(key: &str) -> bool {
    key.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !matches!(key, "null" | "true" | "false")
}

fn is_simple_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last() != Some(&b' ')
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" -.,'/()".contains(&b))
        && !value.starts_with("0x")
        && !value.starts_with("0o")
        && value.parse::<i64>().is_err()
        && !matches!(
            value,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
}

/// The line of a top-level key in the front matter, for pointing at it.
fn field_span(source: &str, end: usize, key: &str) -> Range<usize> {
    let mut offset = 0;
    for line in source[..end].split_inclusive('\n') {
        if line.starts_with(key) && line[key.len()..].trim_start().starts_with(':') {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_reports_bad_values() {
        let src = "---\ntitle: Quick Reorder\nstatus: shipped\nlaunch: 2027-03-01\n---\n# Hi\n";
        let mut problems = Vec::new();
        let (fm, body) = parse(src, &mut problems);
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Quick Reorder"));
        assert_eq!(fm.launch.as_deref(), Some("2027-03-01"));
        assert_eq!(&src[body..], "# Hi\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(&src[problems[0].span.clone()], "status: shipped");
    }

    #[test]
    fn every_status_the_review_writes_is_accepted() {
        for status in ["draft", "in-review", "aligned", "approved", "declined"] {
            let src = format!("---\nstatus: {status}\n---\n# Hi\n");
            let mut problems = Vec::new();
            let (fm, _) = parse(&src, &mut problems);
            assert_eq!(fm.unwrap().status.as_deref(), Some(status));
            assert!(problems.is_empty(), "{status}: {:?}", problems[0].message);
        }
    }

    #[test]
    fn malformed_yaml_points_at_its_line() {
        let src = "---\ntitle: ok\nbad: [unclosed\n---\nBody\n";
        let mut problems = Vec::new();
        let (_, body) = parse(src, &mut problems);
        assert_eq!(&src[body..], "Body\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("not valid YAML"));
        assert!(problems[0].span.start >= 4);
    }

    /// Front matter read without the YAML parser reads as the parser reads it: each
    /// line a field the parser reads alike, or a line that sends all of it to the parser.
    #[test]
    fn plain_fields_read_as_yaml_reads_them() {
        let keys = [
            "title", "owner", "launch", "x-y_1", "Title", "true", "null", "a b",
        ];
        let values = [
            "Quick Reorder",
            "Dana Lee",
            "2027-03-01",
            "Dana's app (beta), v2.1/3",
            "12",
            "-5",
            "1e3",
            "3.5",
            "0x1F",
            "0o17",
            "007",
            "true",
            "True",
            "FALSE",
            "null",
            "Null",
            "Infinity",
            "nan",
            "a: b",
            "x #c",
            "trailing ",
            " lead",
            "'quoted'",
            "\"quoted\"",
            "[a, b]",
            "- item",
            "café",
            "",
        ];
        let mut checked = 0;
        for (k, key) in keys.iter().enumerate() {
            for (v, value) in values.iter().enumerate() {
                let other = values[(v + k) % values.len()];
                for yaml in [
                    format!("{key}: {value}\n"),
                    format!("title: Plain\n{key}: {value}\n\nowner: {other}\n"),
                    format!("{key}: {value}\n{key}: {value}\n"),
                ] {
                    let Some(fields) = simple_fields(&yaml) else {
                        continue;
                    };
                    let source = format!("---\n{yaml}---\nBody\n");
                    let close = 4 + yaml.len();
                    let mut problems = Vec::new();
                    let by_yaml = yaml_fields(&source, &yaml, (4, close, close + 4), &mut problems);
                    assert_eq!(fields, by_yaml, "{yaml:?}");
                    assert!(problems.is_empty(), "{yaml:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "{checked}");
        assert!(simple_fields("title: Quick Reorder\nlaunch: 2027-03-01\n").is_some());
        for refused in [
            "n: 12\n",
            "t: true\n",
            "a: b: c\n",
            "a:  b\n",
            "  a: b\n",
            "# c\n",
        ] {
            assert_eq!(simple_fields(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let mut problems = Vec::new();
        let (fm, body) = parse("---\ntitle: x\n\n# Heading\n", &mut problems);
        assert!(fm.is_none());
        assert_eq!(body, 0);
        assert_eq!(problems.len(), 1);
    }
}
