//! Reading events from CSV, Parquet and JSON Lines into [`Events`].
//!
//! CSV and Parquet are decoded by the Arrow readers (`arrow-csv`, `parquet`) into record
//! batches of about 64,000 rows; each batch's columns are then read in one pass. JSON
//! Lines are read line by line by serde_json, so an error names its line.

mod batch;
mod csv;
mod jsonl;
mod parquet;
#[cfg(feature = "postgres")]
pub mod postgres;

use std::path::Path;

use crate::events::{Collector, Columns, Events, InputError, Wanted};

/// The formats events can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    Parquet,
}

impl Format {
    /// The format a file's name says, if it says one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Rows decoded at a time.
pub const BATCH_ROWS: usize = 65_536;

/// Reads the events of `path` that `wanted` names.
pub fn read(
    path: &Path,
    format: Option<Format>,
    columns: &Columns,
    wanted: &Wanted,
) -> Result<Events, InputError> {
    let name = path.display().to_string();
    let format = format
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| InputError {
            place: name.clone(),
            message:
                "the file's name does not say its format; give --input-format csv, jsonl or parquet"
                    .into(),
        })?;
    let file = std::fs::File::open(path).map_err(|e| InputError {
        place: name.clone(),
        message: format!("cannot open the file: {e}"),
    })?;
    let mut collector = Collector::new(wanted);
    match format {
        Format::Csv => csv::read(file, &name, columns, &mut collector, csv::Places::Lines)?,
        Format::JsonLines => jsonl::read(file, &name, columns, &mut collector)?,
        Format::Parquet => parquet::read(file, &name, columns, &mut collector)?,
    }
    collector.finish(&name)
}

/// Reads JSON Lines events from any reader (the workspace's stored events); `name`
/// stands for the file in errors.
pub fn read_jsonl(
    reader: impl std::io::Read,
    name: &str,
    columns: &Columns,
    wanted: &Wanted,
) -> Result<Events, InputError> {
    let mut collector = Collector::new(wanted);
    jsonl::read(reader, name, columns, &mut collector)?;
    collector.finish(name)
}

/// Runs a decoder on a thread of its own while `each` reads what it decoded, so that
/// decoding the next batch overlaps reading this one. At most four batches wait.
///
/// A decoder that panics on a damaged file (the Parquet decoder does on some) stops
/// the read with an error whose `place` is empty, for the caller to fill in with where
/// it had read to; the process goes on.
pub(crate) fn pipelined<I>(
    decoder: I,
    mut each: impl FnMut(I::Item) -> Result<(), InputError>,
) -> Result<(), InputError>
where
    I: Iterator + Send,
    I::Item: Send,
{
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(4);
        scope.spawn(move || {
            let stopped = guarded(|| {
                for item in decoder {
                    // The reader stopped (an error in a batch): stop decoding.
                    if send.send(Ok(item)).is_err() {
                        break;
                    }
                }
            });
            if let Err(why) = stopped {
                let _ = send.send(Err(why));
            }
        });
        for item in receive {
            match item {
                Ok(item) => each(item)?,
                Err(why) => return Err(damaged("", &why)),
            }
        }
        Ok(())
    })
}

/// The error for a file whose decoder gave up on it.
pub(crate) fn damaged(place: &str, why: &str) -> InputError {
    InputError {
        place: place.into(),
        message: format!("the file is damaged and cannot be read past here ({why})"),
    }
}

thread_local! {
    /// True while this thread runs a decoder under [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, a decoder's work on input that may be damaged, and turns a panic in it
/// into its message. The panic is not reported on standard error (the error the caller
/// makes of it is); panics elsewhere are reported as before.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the decoder stopped".to_owned())
    })
}

/// The error for a column the file does not have.
pub(crate) fn missing_column(
    file: &str,
    role: &str,
    wanted: &str,
    flag: &str,
    have: &[String],
) -> InputError {
    InputError {
        place: file.into(),
        message: format!(
            "no `{wanted}` column for the {role}; the columns are {}. Name the column with --map {flag}=COLUMN",
            have.iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Yields `good` numbers, then panics as a decoder does on a damaged page.
    struct Breaks {
        good: u32,
        at: u32,
    }

    impl Iterator for Breaks {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            assert!(self.at < self.good, "decoder for page {} is gone", self.at);
            self.at += 1;
            Some(self.at)
        }
    }

    #[test]
    fn a_decoder_that_panics_stops_the_read_with_its_reason() {
        let mut seen = 0;
        let error = pipelined(Breaks { good: 3, at: 0 }, |n| {
            seen = n;
            Ok(())
        })
        .unwrap_err();
        assert_eq!(seen, 3, "the batches before it are read");
        assert_eq!(error.place, "", "the caller names the place");
        assert!(error.message.contains("damaged"), "{error}");
        assert!(
            error.message.contains("decoder for page 3 is gone"),
            "{error}"
        );
    }

    #[test]
    fn a_panic_after_the_readers_error_leaves_that_error() {
        // The reader refuses the first batch; the decoder, going on, panics.
        let error = pipelined(Breaks { good: 1, at: 0 }, |_| {
            Err(InputError {
                place: "events.parquet row group 0, row 0".into(),
                message: "snappy: corrupt input".into(),
            })
        })
        .unwrap_err();
        assert_eq!(error.place, "events.parquet row group 0, row 0");
        assert_eq!(error.message, "snappy: corrupt input");
    }

    #[test]
    fn guarded_gives_the_panics_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        assert_eq!(
            guarded(|| -> u8 { panic!("bad page {}", 2) }),
            Err("bad page 2".to_owned())
        );
        assert_eq!(
            guarded(|| -> u8 { panic!("static") }),
            Err("static".to_owned())
        );
    }
}
