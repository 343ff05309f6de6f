//! One piece of feedback as imported, and what makes it the same piece or the same
//! customer again.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A calendar day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The day, when it exists in the proleptic Gregorian calendar (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        let month_value = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month_value, day).ok()?;
        Some(Date { year, month, day })
    }

    pub(crate) fn from_time(date: time::Date) -> Option<Date> {
        Date::new(date.year(), date.month() as u8, date.day())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The month as `YYYY-MM`, the key of a trend.
    pub fn month_key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Parses `YYYY-MM-DD`, the form [`Date`] prints in.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok()?;
        let day = text.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text:?}")))
    }
}

/// Who gave the feedback, normalised so that the same customer reads the same in every
/// source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Customer {
    /// An email address, lowercased, without a display name or `mailto:`.
    Email(String),
    /// An account, organisation or user id, trimmed and lowercased.
    Account(String),
    /// Only a name or nickname (app stores give no more); the weakest identity.
    Name(String),
}

impl Customer {
    /// An email address, if `text` holds one (`Dana <dana@example.com>`, `mailto:` and
    /// surrounding spaces are allowed).
    pub fn email(text: &str) -> Option<Customer> {
        let mut text = text.trim();
        if let (Some(open), true) = (text.rfind('<'), text.ends_with('>')) {
            text = &text[open + 1..text.len() - 1];
        }
        let text = text.trim();
        let text = text
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("mailto:"))
            .map_or(text, |_| &text[7..]);
        let (local, domain) = text.split_once('@')?;
        let valid = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c == ',' || c == ';')
            && !domain.contains('@');
        valid.then(|| Customer::Email(text.to_lowercase()))
    }

    /// An account id; `None` when blank.
    pub fn account(text: &str) -> Option<Customer> {
        let id = collapse_spaces(text).to_lowercase();
        (!id.is_empty()).then_some(Customer::Account(id))
    }

    /// A name; `None` when blank or a placeholder such as `anonymous`.
    pub fn name(text: &str) -> Option<Customer> {
        let name = collapse_spaces(text).to_lowercase();
        let placeholder = matches!(
            name.as_str(),
            "" | "anonymous" | "a google user" | "unknown" | "n/a" | "-" | "none" | "null"
        );
        (!placeholder).then_some(Customer::Name(name))
    }

    /// A value of a column that may hold any identity: an email when it looks like one,
    /// otherwise an account id.
    pub fn any(text: &str) -> Option<Customer> {
        Customer::email(text).or_else(|| Customer::account(text))
    }

    /// The identity as one string, `email:…`, `account:…` or `name:…`.
    pub fn key(&self) -> String {
        match self {
            Customer::Email(v) => format!("email:{v}"),
            Customer::Account(v) => format!("account:{v}"),
            Customer::Name(v) => format!("name:{v}"),
        }
    }
}

/// A rating as the export wrote it: a number (stars, NPS, a score) or a label (Zendesk's
/// `Good` and `Bad`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Rating {
    Score(f64),
    Label(String),
}

impl Rating {
    /// Reads `4`, `4.5`, `4/5`, `★★★★☆` or a label; `None` for blanks and for survey states
    /// that are not ratings (`offered`, `unoffered`).
    pub fn parse(text: &str) -> Option<Rating> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(value) = text.parse::<f64>() {
            return value.is_finite().then_some(Rating::Score(value));
        }
        if let Some((num, _den)) = text.split_once('/')
            && let Ok(value) = num.trim().parse::<f64>()
            && value.is_finite()
        {
            return Some(Rating::Score(value));
        }
        if text.chars().all(|c| matches!(c, '★' | '☆' | '⭐' | ' ')) {
            let stars = text.chars().filter(|&c| c == '★' || c == '⭐').count();
            return Some(Rating::Score(stars as f64));
        }
        let label = collapse_spaces(text).to_lowercase();
        match label.as_str() {
            "offered" | "unoffered" | "not offered" | "n/a" | "-" | "null" => None,
            _ => Some(Rating::Label(label)),
        }
    }
}

/// One piece of feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Where the record starts in the file: 1 is the header (CSV, TSV, Excel) or the
    /// first line (JSON).
    pub line: u64,
    /// What the customer said, with runs of spaces kept and the ends trimmed.
    pub text: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub customer: Option<Customer>,
    /// Other identities the same row gave (an account id beside the email): they are the
    /// same customer, which is how customers merge across sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Customer>,
    pub rating: Option<Rating>,
    pub link: Option<String>,
    /// The export's own id for the record (ticket, review or response id).
    pub id: Option<String>,
}

impl Record {
    /// A stable key for "the same piece of feedback": re-importing a file, or an export
    /// that overlaps an earlier one, yields the same keys. When the export gives its own
    /// id, the key is the source and that id (an edited ticket stays one ticket);
    /// otherwise it is the text (spaces collapsed), the customer, the date, the rating
    /// and the link. The line number and the file's name are never part of it.
    pub fn content_key(&self) -> ContentKey {
        let mut hash = Sha256::new();
        let mut field = |name: &str, value: &str| {
            hash.update(name.as_bytes());
            hash.update((value.len() as u64).to_le_bytes());
            hash.update(value.as_bytes());
        };
        match &self.id {
            Some(id) => {
                field("id", id);
                field("source", self.source.as_deref().unwrap_or(""));
            }
            None => {
                field("text", &collapse_spaces(&self.text));
                field(
                    "title",
                    &collapse_spaces(self.title.as_deref().unwrap_or("")),
                );
                field(
                    "customer",
                    &self
                        .customer
                        .as_ref()
                        .map(Customer::key)
                        .unwrap_or_default(),
                );
                field(
                    "date",
                    &self.date.map(|d| d.to_string()).unwrap_or_default(),
                );
                let rating = match &self.rating {
                    Some(Rating::Score(v)) => format!("{v}"),
                    Some(Rating::Label(l)) => l.clone(),
                    None => String::new(),
                };
                field("rating", &rating);
                field("link", self.link.as_deref().unwrap_or(""));
            }
        }
        let digest = hash.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        ContentKey(key)
    }

    /// The title and the text, as searched and clustered.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(title) if !title.is_empty() && title != &self.text => {
                format!("{title}. {}", self.text)
            }
            _ => self.text.clone(),
        }
    }
}

/// The content key of a record: 128 bits of SHA-256, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentKey(pub [u8; 16]);

impl fmt::Display for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl ContentKey {
    pub fn parse(text: &str) -> Option<ContentKey> {
        let bytes = hex::decode(text).ok()?;
        Some(ContentKey(bytes.try_into().ok()?))
    }
}

impl Serialize for ContentKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ContentKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ContentKey, D::Error> {
        let text = String::deserialize(deserializer)?;
        ContentKey::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a content key: {text:?}")))
    }
}

/// A row that could not be imported, with its line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    pub line: u64,
    pub reason: String,
}

pub(crate) fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_rejected_when_not_emails() {
        let want = Some(Customer::Email("dana.lee@example.com".into()));
        assert_eq!(Customer::email(" Dana.Lee@Example.COM "), want);
        assert_eq!(Customer::email("Dana Lee <dana.lee@example.com>"), want);
        assert_eq!(Customer::email("mailto:DANA.LEE@example.com"), want);
        assert_eq!(Customer::email("dana lee"), None);
        assert_eq!(Customer::email("dana@localhost"), None);
        assert_eq!(Customer::email("a@b.com, c@d.com"), None);
        assert_eq!(
            Customer::any("ACME-42 "),
            Some(Customer::Account("acme-42".into()))
        );
        assert_eq!(Customer::name("A Google user"), None);
    }

    #[test]
    fn ratings_read_numbers_fractions_stars_and_labels() {
        assert_eq!(Rating::parse("4"), Some(Rating::Score(4.0)));
        assert_eq!(Rating::parse("4/5"), Some(Rating::Score(4.0)));
        assert_eq!(Rating::parse("★★★☆☆"), Some(Rating::Score(3.0)));
        assert_eq!(Rating::parse("Good"), Some(Rating::Label("good".into())));
        assert_eq!(Rating::parse("Unoffered"), None);
        assert_eq!(Rating::parse(" "), None);
        assert_eq!(Rating::parse("NaN"), None);
    }

    fn record(text: &str) -> Record {
        Record {
            line: 2,
            text: text.into(),
            title: None,
            date: Date::new(2024, 3, 5),
            source: Some("zendesk".into()),
            customer: Customer::email("a@example.com"),
            aliases: Vec::new(),
            rating: None,
            link: None,
            id: None,
        }
    }

    #[test]
    fn content_keys_ignore_the_line_and_spacing_but_not_the_words_or_customer() {
        let a = record("The export  is slow");
        let mut b = record("The export is slow ");
        b.line = 90;
        assert_eq!(a.content_key(), b.content_key());
        assert_ne!(a.content_key(), record("The export is fast").content_key());
        let mut c = a.clone();
        c.customer = Customer::email("b@example.com");
        assert_ne!(a.content_key(), c.content_key());
        let mut with_id = a.clone();
        with_id.id = Some("123".into());
        let mut edited = with_id.clone();
        edited.text = "The export is very slow".into();
        assert_eq!(with_id.content_key(), edited.content_key());
        let key = a.content_key();
        assert_eq!(ContentKey::parse(&key.to_string()), Some(key));
        assert_eq!(key.to_string().len(), 32);
    }

    #[test]
    fn dates_validate_and_print_iso() {
        assert_eq!(Date::new(2024, 2, 29).unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::parse_iso("2024-03-05"), Date::new(2024, 3, 5));
        assert_eq!(Date::new(2024, 3, 5).unwrap().month_key(), "2024-03");
    }
}
