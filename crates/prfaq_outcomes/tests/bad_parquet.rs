//! Bad Parquet input is named by its row group and row, never a panic; a mapped column
//! the file lacks is named with the columns it has.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use prfaq_outcomes::{Columns, Options};

const DOC: &str = "# User journey\n\n1. Opens the app — event: app_opened\n2. Aha: sees the reorder — event: reorder_seen\n";

/// A row: user, event and timestamp as text.
type Row = (&'static str, &'static str, &'static str);

/// Writes `rows` (user, event, timestamp as text) as Parquet in row groups of four.
fn write(path: &Path, rows: &[Row]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Utf8, true),
        Field::new("event", DataType::Utf8, true),
        Field::new("timestamp", DataType::Utf8, true),
    ]));
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(4))
        .build();
    let file = std::fs::File::create(path).unwrap();
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(file, schema.clone(), Some(props)).unwrap();
    let column = |i: usize| -> ArrayRef {
        Arc::new(StringArray::from(
            rows.iter()
                .map(|r| [r.0, r.1, r.2][i])
                .collect::<Vec<&str>>(),
        ))
    };
    let batch = RecordBatch::try_new(schema, vec![column(0), column(1), column(2)]).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

/// Ten good rows in time order: row groups 0 and 1 full, 2 half.
fn good() -> Vec<Row> {
    vec![
        ("u1", "app_opened", "2026-03-02T09:00:00Z"),
        ("u1", "reorder_seen", "2026-03-02T09:01:00Z"),
        ("u2", "app_opened", "2026-03-02T10:00:00Z"),
        ("u2", "reorder_seen", "2026-03-02T10:05:00Z"),
        ("u3", "app_opened", "2026-03-03T09:00:00Z"),
        ("u3", "reorder_seen", "2026-03-03T09:02:00Z"),
        ("u4", "app_opened", "2026-03-03T10:00:00Z"),
        ("u5", "app_opened", "2026-03-04T09:00:00Z"),
        ("u5", "reorder_seen", "2026-03-04T09:30:00Z"),
        ("u6", "app_opened", "2026-03-04T10:00:00Z"),
    ]
}

fn run(path: &Path, options: &Options) -> Result<prfaq_outcomes::Report, String> {
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(DOC));
    prfaq_outcomes::report(&plan, None, path, options).map_err(|e| e.to_string())
}

#[test]
fn parquet_errors_name_the_row_group_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");

    write(&path, &good());
    let report = run(&path, &Options::default()).unwrap();
    let users: Vec<u64> = report.funnel.iter().map(|s| s.users.unwrap()).collect();
    assert_eq!(users, [6, 4]);

    // (row changed, its value, the place and words the error must name)
    let cases: [(usize, Row, &[&str]); 4] = [
        (
            5,
            ("u3", "reorder_seen", "soon"),
            &["events.parquet row group 1, row 1", "timestamp `soon`"],
        ),
        (
            9,
            ("u6", "app_opened", "2026-03-04T10:00:00+02:00"),
            &["events.parquet row group 2, row 1", "UTC+02:00"],
        ),
        (
            2,
            ("", "app_opened", "2026-03-02T10:00:00Z"),
            &["events.parquet row group 0, row 2", "user id is empty"],
        ),
        (
            6,
            ("u4", "", "2026-03-03T10:00:00Z"),
            &["events.parquet row group 1, row 2", "event name is empty"],
        ),
    ];
    for (row, value, expect) in cases {
        let mut rows = good();
        rows[row] = value;
        write(&path, &rows);
        let error = run(&path, &Options::default()).unwrap_err();
        for e in expect {
            assert!(error.contains(e), "row {row}: {error:?} lacks {e:?}");
        }
    }

    // Events out of time order across row groups are sorted and counted, not refused.
    let mut rows = good();
    rows.swap(0, 9);
    write(&path, &rows);
    let report = run(&path, &Options::default()).unwrap();
    assert!(report.input.out_of_order_rows >= 1, "{:?}", report.input);
    let users: Vec<u64> = report.funnel.iter().map(|s| s.users.unwrap()).collect();
    assert_eq!(users, [6, 4]);

    // A file with the columns but no rows.
    write(&path, &[]);
    let error = run(&path, &Options::default()).unwrap_err();
    assert!(error.contains("events.parquet"), "{error}");
    assert!(error.contains("no events"), "{error}");
}

#[test]
fn a_mapped_column_the_file_lacks_is_named_with_those_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");
    write(&path, &good());
    let options = Options {
        columns: Columns {
            user: "uid".into(),
            ..Columns::default()
        },
        ..Options::default()
    };
    let error = run(&path, &options).unwrap_err();
    for e in ["events.parquet", "`uid`", "`user_id`"] {
        assert!(error.contains(e), "{error:?} lacks {e:?}");
    }
}
