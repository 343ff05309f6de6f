//! Which column holds which field: guessed from the names common exports use, or given
//! as a map such as `text=Body,customer=Email`.

use std::fmt;

/// A field of a [`Record`](crate::Record) that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Text,
    Title,
    Date,
    Source,
    /// An email, an account id or a name: whichever the value looks like.
    Customer,
    Email,
    Account,
    Rating,
    Link,
    Id,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Text,
        Field::Title,
        Field::Date,
        Field::Source,
        Field::Customer,
        Field::Email,
        Field::Account,
        Field::Rating,
        Field::Link,
        Field::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Title => "title",
            Field::Date => "date",
            Field::Source => "source",
            Field::Customer => "customer",
            Field::Email => "email",
            Field::Account => "account",
            Field::Rating => "rating",
            Field::Link => "link",
            Field::Id => "id",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Column names (normalised: lowercase letters and digits only) that exports use for
    /// this field, most telling first. Zendesk, Intercom, App Store Connect, Google Play,
    /// Typeform and SurveyMonkey exports, and hand-made sheets.
    fn candidates(self) -> &'static [&'static str] {
        match self {
            Field::Text => &[
                "text",
                "reviewtext",
                "body",
                "reviewbody",
                "description",
                "comment",
                "comments",
                "review",
                "feedback",
                "message",
                "content",
                "response",
                "answer",
                "verbatim",
                "note",
                "notes",
            ],
            Field::Title => &["title", "reviewtitle", "subject", "summary", "headline"],
            Field::Date => &[
                "date",
                "createdat",
                "created",
                "createddate",
                "reviewdate",
                "reviewsubmitdateandtime",
                "reviewsubmitdatetime",
                "submittedat",
                "submitdate",
                "submittedon",
                "datesubmitted",
                "startdate",
                "enddate",
                "timestamp",
                "time",
                "updatedat",
                "lastmodified",
            ],
            Field::Source => &["source", "channel", "via", "platform", "store", "origin"],
            Field::Customer => &[
                "customer",
                "requester",
                "user",
                "author",
                "reviewer",
                "customername",
                "username",
                "authorname",
                "nickname",
                "name",
            ],
            Field::Email => &[
                "requesteremail",
                "email",
                "emailaddress",
                "customeremail",
                "useremail",
                "authoremail",
                "contactemail",
            ],
            Field::Account => &[
                "accountid",
                "account",
                "customerid",
                "userid",
                "requesterid",
                "authorid",
                "contactid",
                "companyid",
                "organizationid",
                "organisationid",
                "organization",
                "organisation",
                "company",
            ],
            Field::Rating => &[
                "rating",
                "starrating",
                "stars",
                "score",
                "satisfaction",
                "satisfactionscore",
                "satisfactionrating",
                "csat",
                "nps",
                "npsscore",
            ],
            Field::Link => &[
                "link",
                "url",
                "reviewlink",
                "ticketurl",
                "permalink",
                "reviewurl",
                "href",
            ],
            Field::Id => &[
                "id",
                "ticketid",
                "reviewid",
                "responseid",
                "respondentid",
                "conversationid",
                "submissionid",
                "networkid",
            ],
        }
    }
}

/// The lowercase letters and digits of a column name: `Created At`, `created_at` and
/// `createdAt` all read `createdat`.
pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the user said about one field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice {
    Column(String),
    /// `field=` with nothing after: do not fill this field even if a column looks like it.
    Off,
}

/// A column mapping: explicit choices for some fields, guesses for the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    explicit: Vec<(Field, Choice)>,
}

/// A map that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    /// A part without `=`.
    Syntax(String),
    UnknownField(String),
    Repeated(Field),
    /// The map names a column the file does not have.
    UnknownColumn {
        field: Field,
        column: String,
        columns: Vec<String>,
    },
    /// No column could be taken as the text.
    NoText {
        columns: Vec<String>,
    },
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = Field::ALL.map(Field::name).join(", ");
        match self {
            MapError::Syntax(part) => write!(
                f,
                "{part:?} in the column map is not FIELD=COLUMN (for example text=Body,customer=Email)"
            ),
            MapError::UnknownField(name) => {
                write!(
                    f,
                    "unknown field {name:?} in the column map (fields: {fields})"
                )
            }
            MapError::Repeated(field) => {
                write!(f, "the column map names the field {:?} twice", field.name())
            }
            MapError::UnknownColumn {
                field,
                column,
                columns,
            } => write!(
                f,
                "the column map gives {:?} to column {column:?}, which the file does not have (columns: {})",
                field.name(),
                quoted_list(columns)
            ),
            MapError::NoText { columns } => write!(
                f,
                "no column looks like the feedback's text; name it with a map such as text=COLUMN (columns: {})",
                quoted_list(columns)
            ),
        }
    }
}

impl std::error::Error for MapError {}

fn quoted_list(columns: &[String]) -> String {
    if columns.is_empty() {
        return "none".to_string();
    }
    columns
        .iter()
        .map(|c| format!("{c:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Mapping {
    /// Guess every field from the column names.
    pub fn guess() -> Mapping {
        Mapping::default()
    }

    /// Parses `text=Body,customer=Requester Email,rating=` (an empty column turns a
    /// field's guess off). Column names may hold spaces; a comma inside a column name
    /// cannot be written.
    pub fn parse(text: &str) -> Result<Mapping, MapError> {
        let mut mapping = Mapping::default();
        for part in text.split(',') {
            if part.trim().is_empty() {
                continue;
            }
            let (field, column) = part
                .split_once('=')
                .ok_or_else(|| MapError::Syntax(part.trim().to_string()))?;
            let field = Field::from_name(field)
                .ok_or_else(|| MapError::UnknownField(field.trim().to_string()))?;
            let column = column.trim();
            let choice = if column.is_empty() {
                Choice::Off
            } else {
                Choice::Column(column.to_string())
            };
            mapping.set(field, choice)?;
        }
        Ok(mapping)
    }

    /// Maps `field` to `column`.
    pub fn with(mut self, field: Field, column: &str) -> Result<Mapping, MapError> {
        self.set(field, Choice::Column(column.to_string()))?;
        Ok(self)
    }

    fn set(&mut self, field: Field, choice: Choice) -> Result<(), MapError> {
        if self.explicit.iter().any(|(f, _)| *f == field) {
            return Err(MapError::Repeated(field));
        }
        self.explicit.push((field, choice));
        Ok(())
    }

    /// The map as `field=column` pairs, explicit choices only (what a saved per-source
    /// mapping stores).
    pub fn to_text(&self) -> String {
        self.explicit
            .iter()
            .map(|(field, choice)| match choice {
                Choice::Column(c) => format!("{}={c}", field.name()),
                Choice::Off => format!("{}=", field.name()),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Finds each field's column among `columns`: explicit choices first (exact name,
    /// then the same letters and digits), then guesses over the columns left. The text is
    /// required.
    pub fn resolve(&self, columns: &[String]) -> Result<Resolved, MapError> {
        self.resolve_with(columns, true)
    }

    /// As [`Mapping::resolve`], but a column the map names and `columns` lacks leaves
    /// its field empty instead of failing: for JSON, whose elements may each leave keys
    /// out.
    pub fn resolve_present(&self, columns: &[String]) -> Result<Resolved, MapError> {
        self.resolve_with(columns, false)
    }

    /// The column the map names for `field`, if it names one.
    pub fn column_for(&self, field: Field) -> Option<&str> {
        self.explicit.iter().find_map(|(f, c)| match c {
            Choice::Column(name) if *f == field => Some(name.as_str()),
            _ => None,
        })
    }

    fn resolve_with(&self, columns: &[String], strict: bool) -> Result<Resolved, MapError> {
        let normalised: Vec<String> = columns.iter().map(|c| normalise(c)).collect();
        let mut taken = vec![false; columns.len()];
        let mut slots: [Option<usize>; 10] = [None; 10];
        for (field, choice) in &self.explicit {
            let Choice::Column(name) = choice else {
                continue;
            };
            let found = columns.iter().position(|c| c == name).or_else(|| {
                let wanted = normalise(name);
                normalised.iter().position(|c| *c == wanted)
            });
            let index = match found {
                Some(index) => index,
                None if !strict => continue,
                None => {
                    return Err(MapError::UnknownColumn {
                        field: *field,
                        column: name.clone(),
                        columns: columns.to_vec(),
                    });
                }
            };
            slots[*field as usize] = Some(index);
            taken[index] = true;
        }
        for field in Field::ALL {
            if self.explicit.iter().any(|(f, _)| *f == field) {
                continue;
            }
            'candidates: for candidate in field.candidates() {
                for (index, name) in normalised.iter().enumerate() {
                    if !taken[index] && name == candidate {
                        slots[field as usize] = Some(index);
                        taken[index] = true;
                        break 'candidates;
                    }
                }
            }
        }
        if slots[Field::Text as usize].is_none() {
            return Err(MapError::NoText {
                columns: columns.to_vec(),
            });
        }
        Ok(Resolved {
            slots,
            columns: columns.to_vec(),
        })
    }
}

/// A mapping resolved against one file's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    slots: [Option<usize>; 10],
    columns: Vec<String>,
}

impl Resolved {
    /// The index of the column that fills `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.slots[field as usize]
    }

    /// The name of the column that fills `field`.
    pub fn column_name(&self, field: Field) -> Option<&str> {
        self.column(field).map(|i| self.columns[i].as_str())
    }

    /// The file's columns, as its header gave them.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Every mapped field and its column, in field order (for a preview).
    pub fn pairs(&self) -> Vec<(Field, &str)> {
        Field::ALL
            .into_iter()
            .filter_map(|f| Some((f, self.column_name(f)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn zendesk_columns_are_guessed() {
        let columns = cols(&[
            "Id",
            "Subject",
            "Description",
            "Requester",
            "Requester email",
            "Created at",
            "Satisfaction Score",
            "Via",
        ]);
        let r = Mapping::guess().resolve(&columns).unwrap();
        assert_eq!(r.column_name(Field::Text), Some("Description"));
        assert_eq!(r.column_name(Field::Title), Some("Subject"));
        assert_eq!(r.column_name(Field::Email), Some("Requester email"));
        assert_eq!(r.column_name(Field::Customer), Some("Requester"));
        assert_eq!(r.column_name(Field::Date), Some("Created at"));
        assert_eq!(r.column_name(Field::Rating), Some("Satisfaction Score"));
        assert_eq!(r.column_name(Field::Source), Some("Via"));
        assert_eq!(r.column_name(Field::Id), Some("Id"));
    }

    #[test]
    fn an_explicit_map_wins_and_can_turn_a_guess_off() {
        let columns = cols(&["Body", "What could we do better?", "Email", "Date"]);
        let map = Mapping::parse("text=What could we do better?, date=").unwrap();
        let r = map.resolve(&columns).unwrap();
        assert_eq!(r.column_name(Field::Text), Some("What could we do better?"));
        assert_eq!(r.column_name(Field::Date), None);
        assert_eq!(r.column_name(Field::Email), Some("Email"));
        assert_eq!(map.to_text(), "text=What could we do better?,date=");
        // Letters and digits are enough to name a column.
        let r = Mapping::parse("text=body")
            .unwrap()
            .resolve(&columns)
            .unwrap();
        assert_eq!(r.column_name(Field::Text), Some("Body"));
    }

    #[test]
    fn bad_maps_name_the_field_or_column() {
        let err = Mapping::parse("txt=Body").unwrap_err();
        assert!(err.to_string().contains("unknown field \"txt\""), "{err}");
        let err = Mapping::parse("text").unwrap_err();
        assert!(err.to_string().contains("not FIELD=COLUMN"), "{err}");
        let err = Mapping::parse("text=A,text=B").unwrap_err();
        assert_eq!(err, MapError::Repeated(Field::Text));
        let err = Mapping::parse("text=Bdy")
            .unwrap()
            .resolve(&cols(&["Body", "Email"]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the column map gives \"text\" to column \"Bdy\", which the file does not have (columns: \"Body\", \"Email\")"
        );
        let err = Mapping::guess().resolve(&cols(&["Q1", "Q2"])).unwrap_err();
        assert!(err.to_string().contains("text=COLUMN"), "{err}");
    }
}
