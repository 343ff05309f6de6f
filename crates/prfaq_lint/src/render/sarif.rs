//! SARIF 2.1.0 as typed records, written as they are made.
//!
//! The records borrow from the findings, and the results are a sequence serialized
//! straight from the files, so a large run never holds a second copy of its findings.
//! Fields are declared in alphabetical order: the text is the same whichever way it is
//! written, and stable for snapshots.

use std::fmt;

use serde::Serialize;
use serde::ser::Serializer;

use super::{FileFindings, Finding};
use crate::registry::{self, Rule};

/// The whole log: `{"$schema":…,"runs":[…],"version":"2.1.0"}`.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct Run<'a> {
    invocations: [Invocation<'a>; 1],
    results: Results<'a>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Notifications<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    rules: RuleList,
    version: &'a str,
}

/// Every rule of the registry, in its order (`ruleIndex` points into it).
struct RuleList;

impl Serialize for RuleList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(registry::RULES.iter().map(RuleRecord))
    }
}

struct RuleRecord(&'static Rule);

impl Serialize for RuleRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Record<'r> {
            default_configuration: Level,
            full_description: Text<'r>,
            id: &'r str,
            name: &'r str,
            properties: Properties,
            short_description: Text<'r>,
        }
        #[derive(Serialize)]
        struct Level {
            level: &'static str,
        }
        #[derive(Serialize)]
        struct Properties {
            family: &'static str,
        }
        let r = self.0;
        let (full, short) = (r.explanation(), r.summary());
        Record {
            default_configuration: Level {
                level: r.severity.as_str(),
            },
            full_description: Text { text: &full },
            id: r.code,
            name: r.name,
            properties: Properties {
                family: r.family.name(),
            },
            short_description: Text { text: &short },
        }
        .serialize(serializer)
    }
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

/// Every finding of every file, in the files' order.
struct Results<'a>(&'a [FileFindings]);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let each = self.0.iter().flat_map(|f| {
            f.diagnostics
                .iter()
                .map(move |d| Outcome { path: &f.path, d })
        });
        serializer.collect_seq(each)
    }
}

/// One finding as a SARIF result.
struct Outcome<'a> {
    path: &'a str,
    d: &'a Finding,
}

impl Serialize for Outcome<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Record<'r> {
            level: &'static str,
            locations: [Location<'r>; 1],
            message: Message<'r>,
            rule_id: &'r str,
            rule_index: Option<usize>,
        }
        let d = self.d;
        // SARIF regions are 1-based with an exclusive end column; never empty.
        let end_column = if d.end_line == d.line {
            d.end_column.max(d.column + 1)
        } else {
            d.end_column
        };
        Record {
            level: d.severity.as_str(),
            locations: [Location {
                physical_location: Physical {
                    artifact_location: Artifact {
                        uri: Uri(self.path),
                    },
                    region: Some(Region {
                        end_column,
                        end_line: d.end_line,
                        start_column: d.column,
                        start_line: d.line,
                    }),
                },
            }],
            message: Message { text: Help(d) },
            rule_id: &d.code,
            rule_index: registry::RULES.iter().position(|r| r.code == d.code),
        }
        .serialize(serializer)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: Uri<'a>,
}

/// A path as a URI reference: forward slashes only.
struct Uri<'a>(&'a str);

impl Serialize for Uri<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.contains('\\') {
            serializer.serialize_str(&self.0.replace('\\', "/"))
        } else {
            serializer.serialize_str(self.0)
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct Message<'a> {
    #[serde(serialize_with = "as_text")]
    text: Help<'a>,
}

/// A finding's message, with its help on a line of its own.
struct Help<'a>(&'a Finding);

impl fmt::Display for Help<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        if let Some(help) = &self.0.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

fn as_text<S: Serializer>(value: &Help<'_>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Every file that could not be checked, as an error notification; every file whose
/// English rules did not run (a document in another language), as a note.
struct Notifications<'a>(&'a [FileFindings]);

impl Serialize for Notifications<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Record<'r> {
            level: &'static str,
            locations: [Location<'r>; 1],
            message: Message<'r>,
        }
        #[derive(Serialize)]
        struct Message<'r> {
            #[serde(serialize_with = "failure")]
            text: (&'r str, &'r str),
        }
        fn failure<S: Serializer>(value: &(&str, &str), serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&format_args!("{}: {}", value.0, value.1))
        }
        let each = self.0.iter().filter_map(|f| {
            let (level, error) = match (f.error.as_deref(), f.note.as_deref()) {
                (Some(error), _) => ("error", error),
                (None, Some(note)) => ("note", note),
                (None, None) => return None,
            };
            Some(Record {
                level,
                locations: [Location {
                    physical_location: Physical {
                        artifact_location: Artifact { uri: Uri(&f.path) },
                        region: None,
                    },
                }],
                message: Message {
                    text: (&f.path, error),
                },
            })
        });
        serializer.collect_seq(each)
    }
}

/// Writes the SARIF log of `files` to `out` as it is made.
pub(super) fn write(
    files: &[FileFindings],
    version: &str,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            invocations: [Invocation {
                execution_successful: files.iter().all(|f| f.error.is_none()),
                tool_execution_notifications: Notifications(files),
            }],
            results: Results(files),
            tool: Tool {
                driver: Driver {
                    name: "prfaq",
                    rules: RuleList,
                    version,
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(out, &log).map_err(std::io::Error::from)
}
