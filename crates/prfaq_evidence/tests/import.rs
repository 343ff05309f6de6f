//! The import readers on export-shaped files, bad rows included.

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::PathBuf;

use prfaq_evidence::{
    Customer, Field, Format, Identities, ImportError, Mapping, Options, Rating, Record, Row,
    TextReader, read_xlsx,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn show(row: &Row) -> String {
    match row {
        Row::Bad(bad) => format!("{} ! {}", bad.line, bad.reason),
        Row::Record(r) => {
            let customer = r.customer.as_ref().map(Customer::key).unwrap_or_default();
            let aliases: Vec<String> = r.aliases.iter().map(Customer::key).collect();
            let rating = match &r.rating {
                Some(Rating::Score(v)) => v.to_string(),
                Some(Rating::Label(l)) => l.clone(),
                None => "-".into(),
            };
            format!(
                "{} | {} | {} | {} | {}{} | {} | {} | {}",
                r.line,
                r.text,
                r.title.as_deref().unwrap_or("-"),
                r.date.map(|d| d.to_string()).unwrap_or("-".into()),
                customer,
                if aliases.is_empty() {
                    String::new()
                } else {
                    format!(" +{}", aliases.join(" +"))
                },
                rating,
                r.source.as_deref().unwrap_or("-"),
                r.id.as_deref().unwrap_or("-"),
            )
        }
    }
}

fn read_text(name: &str, options: Options) -> Vec<String> {
    let format = Format::from_file_name(name).unwrap();
    let file = File::open(fixture(name)).unwrap();
    let reader = TextReader::new(file, format, options).unwrap();
    reader.map(|row| show(&row.unwrap())).collect()
}

fn records(name: &str, options: Options) -> Vec<Record> {
    let format = Format::from_file_name(name).unwrap();
    let file = File::open(fixture(name)).unwrap();
    TextReader::new(file, format, options)
        .unwrap()
        .filter_map(|row| match row.unwrap() {
            Row::Record(r) => Some(r),
            Row::Bad(_) => None,
        })
        .collect()
}

#[test]
fn zendesk_csv() {
    let rows = read_text("zendesk.csv", Options::default());
    assert_eq!(
        rows,
        [
            "2 | I was charged twice for the March invoice, please refund one of them. | Charged twice | 2024-03-05 | email:dana.lee@example.com | bad | Email | 4101",
            "3 | Exporting the report to PDF takes forever.\nIt spins for minutes and then fails. | Export | 2024-03-07 | email:sam@northwind.test | good | Web Widget | 4102",
            "5 ! no text (column \"Description\" is empty)",
            "6 ! the date \"next Tuesday\" in column \"Created at\" does not parse",
            "7 ! a quote opened on line 7 is never closed",
            "8 | Refund still missing after two weeks; I was charged twice. | Refund again | 2024-03-09 | email:dana.lee@example.com | bad | Email | 4106",
            "9 ! the row has 9 fields where the header has 8",
        ]
    );
}

#[test]
fn app_store_tsv() {
    let options = Options {
        source: Some("app-store".into()),
        ..Options::default()
    };
    assert_eq!(
        read_text("app_store.tsv", options),
        [
            "2 | Sync between my phone and laptop takes ages, sometimes a full minute. | Sync is slow | 2024-03-05 | name:marmot77 | 2 | app-store | 9001",
            "3 | The new home screen widgets are great. | Love the widgets | 2024-03-06 | name:quiet fox | 5 | app-store | 9002",
            "4 ! no text (column \"Review\" is empty)",
            "5 | Works well offline on the train, thank you! | - | 2024-03-31 |  | 5 | app-store | 9004",
            "6 ! the date \"31/31/2024\" in column \"Date\" does not parse",
            "7 ! the row has 5 fields where the header has 8",
        ]
    );
}

#[test]
fn intercom_json_array() {
    assert_eq!(
        read_text("intercom.json", Options::default()),
        [
            "2 | Can I export the dashboard to CSV? I need it for the monthly report. | - | 2024-03-05 | email:priya@globex.test +account:acct-991 | - | - | 215",
            "11 ! no text (column \"body\" is empty)",
            "17 | The mobile app logs me out every day. | - | 2024-03-07 | account:acct-991 | - | - | 217",
            "24 ! not valid JSON: expected value",
            "25 ! the element is an array, not an object",
            "26 ! the date \"soon\" in column \"created_at\" does not parse",
            "32 | Dark mode please, my eyes hurt at night. | - | 2024-03-09 | email:noor@initech.test | - | - | 220",
        ]
    );
}

fn typeform_options() -> Options {
    Options {
        mapping: Mapping::parse(
            "text=What could we do better?,rating=How likely are you to recommend us?",
        )
        .unwrap(),
        source: Some("typeform".into()),
        ..Options::default()
    }
}

#[test]
fn typeform_json_lines_with_an_explicit_map() {
    assert_eq!(
        read_text("typeform.jsonl", typeform_options()),
        [
            "1 | Notifications arrive late or not at all. | - | 2024-03-05 | email:ola@umbrella.test | 6 | typeform | r-1",
            "2 ! no text (column \"What could we do better?\" is empty)",
            "4 ! not valid JSON: EOF while parsing a value",
            "5 ! the date \"2024-13-06 12:00:00\" in column \"Submitted At\" does not parse",
            "6 | Let me share a report with a link. | - | 2024-03-07 | email:cy@umbrella.test | - | typeform | r-5",
        ]
    );
    // Without the map no key looks like the text, and every element says so.
    let rows = read_text("typeform.jsonl", Options::default());
    assert!(
        rows[0].starts_with("1 ! no text (no key looks like the text; keys: "),
        "{}",
        rows[0]
    );
}

fn read_workbook(options: &Options) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let file = BufReader::new(File::open(fixture("surveymonkey.xlsx")).unwrap());
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    read_xlsx(
        file,
        options,
        |r| {
            columns = r
                .pairs()
                .iter()
                .map(|(f, c)| format!("{}={c}", f.name()))
                .collect();
            ControlFlow::Continue(())
        },
        |row| {
            rows.push(show(&row));
            ControlFlow::Continue(())
        },
    )?;
    Ok((columns, rows))
}

#[test]
fn surveymonkey_xlsx() {
    let (columns, rows) = read_workbook(&Options::default()).unwrap();
    assert_eq!(
        columns,
        [
            "text=Comments",
            "date=Start Date",
            "email=Email Address",
            "rating=Satisfaction",
            "id=Respondent ID"
        ]
    );
    assert_eq!(
        rows,
        [
            "2 | Still waiting for my refund after being charged twice. | - | 2024-03-05 | email:dana.lee@example.com | 2 | - | 114001",
            "3 | PDF export is much faster now. | - | 2024-03-06 | email:sam@northwind.test | 4 | - | 114002",
            "4 ! no text (column \"Comments\" is empty)",
            "5 ! the date \"not a date\" in column \"Start Date\" does not parse",
            "7 ! the row has values beyond the header's 5 columns",
            "8 | Notifications are late again. | - | 2024-03-10 | email:ola@umbrella.test | 1 | - | 114006",
        ]
    );
    let options = Options {
        sheet: Some("Sheet9".into()),
        ..Options::default()
    };
    let err = read_workbook(&options).unwrap_err().to_string();
    assert_eq!(
        err,
        "the workbook has no sheet named \"Sheet9\" (sheets: \"Responses\")"
    );
    let options = Options {
        limits: prfaq_evidence::Limits {
            max_workbook_text_bytes: 100,
            ..Default::default()
        },
        ..Options::default()
    };
    let err = read_workbook(&options).unwrap_err().to_string();
    assert!(
        err.starts_with("the workbook's shared text is ")
            && err.ends_with("more than the 100 allowed"),
        "{err}"
    );
    let options = Options {
        mapping: Mapping::parse("text=Answer").unwrap(),
        ..Options::default()
    };
    let err = read_workbook(&options).unwrap_err().to_string();
    assert!(
        err.starts_with("the column map gives \"text\" to column \"Answer\""),
        "{err}"
    );
}

#[test]
fn reimporting_yields_the_same_keys_and_no_key_twice() {
    for (name, options) in [
        ("zendesk.csv", Options::default()),
        ("app_store.tsv", Options::default()),
        ("intercom.json", Options::default()),
        ("typeform.jsonl", typeform_options()),
    ] {
        let first: Vec<String> = records(name, options.clone())
            .iter()
            .map(|r| r.content_key().to_string())
            .collect();
        let again: Vec<String> = records(name, options)
            .iter()
            .map(|r| r.content_key().to_string())
            .collect();
        assert_eq!(first, again, "{name}");
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first.len(), "{name}");
    }
}

#[test]
fn the_same_customer_merges_across_sources() {
    let mut all = records("zendesk.csv", Options::default());
    all.extend(records("intercom.json", Options::default()));
    all.extend(records("typeform.jsonl", typeform_options()));
    let mut ids = Identities::new();
    for r in &all {
        ids.add(r);
    }
    let mut customers: Vec<String> = all
        .iter()
        .filter_map(|r| r.customer.as_ref())
        .map(|c| ids.canonical(c).key())
        .collect();
    customers.sort();
    customers.dedup();
    assert_eq!(
        customers,
        [
            "email:cy@umbrella.test",
            "email:dana.lee@example.com",
            "email:noor@initech.test",
            "email:ola@umbrella.test",
            "email:priya@globex.test",
            "email:sam@northwind.test",
        ]
    );
}

#[test]
fn files_that_cannot_be_read_say_why() {
    let open = |text: &str, format: Format, options: Options| {
        TextReader::new(text.as_bytes(), format, options).map(|r| r.collect::<Vec<_>>())
    };
    assert!(matches!(
        open("", Format::Csv, Options::default()),
        Err(ImportError::NoHeader)
    ));
    let err = open("\"Body,Email\n", Format::Csv, Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: the header row is broken: a quote opened on line 1 is never closed"
    );
    let mapped = Options {
        mapping: Mapping::parse("customer=Mail").unwrap(),
        ..Options::default()
    };
    let err = open("Body,Email\nhi,a@b.test\n", Format::Csv, mapped).unwrap_err();
    assert!(err.to_string().contains("column \"Mail\""), "{err}");
    let rows = open("{\"body\": \"hi\"}", Format::Json, Options::default()).unwrap();
    let err = rows[0].as_ref().unwrap_err().to_string();
    assert!(
        err.starts_with("line 1: a JSON file must hold an array"),
        "{err}"
    );
    let err = read_xlsx(
        std::io::Cursor::new(b"not a zip".to_vec()),
        &Options::default(),
        |_| ControlFlow::Continue(()),
        |_| ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("not a readable .xlsx workbook"),
        "{err}"
    );
    let reader = TextReader::new(
        "Id,Body,Email\n".as_bytes(),
        Format::Csv,
        Options::default(),
    )
    .unwrap();
    assert_eq!(
        reader.resolved().unwrap().column_name(Field::Text),
        Some("Body")
    );
    // For JSON the mapping is known once an element is read: a preview shows it.
    let mut reader = TextReader::new(
        "[{\"id\": 1, \"body\": \"hi\", \"author\": {\"email\": \"a@b.test\"}}]".as_bytes(),
        Format::Json,
        Options::default(),
    )
    .unwrap();
    assert!(reader.resolved().is_none());
    assert!(matches!(reader.next(), Some(Ok(Row::Record(_)))));
    let pairs: Vec<String> = reader
        .resolved()
        .unwrap()
        .pairs()
        .iter()
        .map(|(f, c)| format!("{}={c}", f.name()))
        .collect();
    assert_eq!(pairs, ["text=body", "email=author.email", "id=id"]);
}
