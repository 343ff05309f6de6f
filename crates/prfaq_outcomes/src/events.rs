//! The events kept for a report: one compact column per field, users interned.
//!
//! Readers hand every row to [`Collector::push`]; only the events the report needs are
//! kept (13 bytes each, plus 8 when a property is summed), so memory grows with the
//! events that matter, not with the file.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::time::{self, Zone};

/// Why a file of events could not be read: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// `events.csv line 12`, `events.parquet row group 3, row 17`, or the file alone.
    pub place: String,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for InputError {}

/// Which columns hold the user, the event name and the time.
#[derive(Debug, Clone)]
pub struct Columns {
    pub user: String,
    pub event: String,
    pub timestamp: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            user: "user_id".into(),
            event: "event".into(),
            timestamp: "timestamp".into(),
        }
    }
}

impl Columns {
    /// Reads `user_id=uid,event=name,timestamp=ts` (any subset).
    pub fn parse_map(text: &str) -> Result<Columns, String> {
        let mut columns = Columns::default();
        for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not FIELD=COLUMN"))?;
            let value = value.trim().to_owned();
            match key.trim() {
                "user_id" | "user" => columns.user = value,
                "event" => columns.event = value,
                "timestamp" | "time" => columns.timestamp = value,
                other => {
                    return Err(format!(
                        "`{other}` is not a field to map; the fields are user_id, event and timestamp"
                    ));
                }
            }
        }
        Ok(columns)
    }
}

/// What to keep from the file: the event names the report reads, and the numeric
/// properties it sums.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// Event names, each given a code by its position.
    pub events: Vec<String>,
    /// The property summed for each event code, if any (the column name).
    pub property: Vec<Option<String>>,
    /// Keep every other event too (as [`OTHER`]), for strict-order funnels.
    pub keep_others: bool,
}

/// The code of an event the report does not name (kept for strict order only).
pub const OTHER: u8 = u8::MAX;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    /// A final mix (MurmurHash3's), so that keys differing only in their last bytes
    /// (`u1234567`, `u1234568`) still land in different buckets.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The number of a user seen with no kept event yet.
const NO_EVENT: u32 = u32::MAX;

/// A user id as a map key: short ids (most) held inline, so a lookup reads one place in
/// memory and a new id costs no allocation; longer ones on the heap.
#[derive(Clone)]
enum Key {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<[u8]>),
}

impl Key {
    fn new(id: &str) -> Key {
        let b = id.as_bytes();
        if b.len() <= 22 {
            let mut bytes = [0u8; 22];
            bytes[..b.len()].copy_from_slice(b);
            Key::Inline {
                len: b.len() as u8,
                bytes,
            }
        } else {
            Key::Heap(b.into())
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Key::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Key::Heap(b) => b,
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.as_bytes());
    }
}

/// The events kept, in file order.
#[derive(Debug, Default)]
pub struct Events {
    pub user: Vec<u32>,
    pub code: Vec<u8>,
    pub ms: Vec<i64>,
    /// The summed property's value for each event (0 when the event has none); empty
    /// when no property is summed.
    pub value: Vec<f64>,
    /// Users with a kept event (their interned numbers run from 0 to this).
    pub user_count: usize,
    /// Every row read, kept or not.
    pub rows: u64,
    /// Distinct users seen in any row.
    pub users_seen: u64,
    /// Rows whose time is earlier than the row before (the file is not in time order;
    /// the report sorts, so this is only told).
    pub out_of_order: u64,
    /// Up to 20 event names the report does not read, in the order first seen (to say
    /// what the file holds when a step's event never occurs).
    pub other_names: Vec<String>,
}

/// Collects rows from a reader.
pub struct Collector<'a> {
    wanted: &'a Wanted,
    codes: FxMap<Box<str>, u8>,
    /// Every user id seen, with its number, or [`NO_EVENT`] while it has no kept event.
    users: FxMap<Key, u32>,
    zone: Option<(Zone, String)>,
    last_ms: i64,
    sums: bool,
    pub events: Events,
}

impl<'a> Collector<'a> {
    pub fn new(wanted: &'a Wanted) -> Collector<'a> {
        let codes = wanted
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.as_str().into(), i as u8))
            .collect();
        Collector {
            wanted,
            codes,
            users: FxMap::default(),
            zone: None,
            last_ms: i64::MIN,
            sums: wanted.property.iter().any(Option::is_some),
            events: Events::default(),
        }
    }

    /// The code of an event name, or `None` when the report does not read it.
    pub fn code(&mut self, event: &str) -> Option<u8> {
        if let Some(&c) = self.codes.get(event) {
            return Some(c);
        }
        let names = &mut self.events.other_names;
        if names.len() < 20 && !names.iter().any(|n| n == event) {
            names.push(event.to_owned());
        }
        self.wanted.keep_others.then_some(OTHER)
    }

    /// The property column summed for an event code.
    pub fn property(&self, code: u8) -> Option<&str> {
        self.wanted
            .property
            .get(usize::from(code))
            .and_then(|p| p.as_deref())
    }

    pub fn wanted(&self) -> &'a Wanted {
        self.wanted
    }

    pub fn sums(&self) -> bool {
        self.sums
    }

    /// Checks that every timestamp of the file is in one zone.
    pub fn check_zone(&mut self, zone: Zone, place: &dyn Fn() -> String) -> Result<(), InputError> {
        match &self.zone {
            None => {
                self.zone = Some((zone, place()));
                Ok(())
            }
            Some((first, _)) if *first == zone => Ok(()),
            Some((first, first_place)) => Err(InputError {
                place: place(),
                message: format!(
                    "this timestamp is in {} but the one at {first_place} is in {}; \
                     write every timestamp in one zone (UTC with `Z` is safest)",
                    time::zone_name(zone),
                    time::zone_name(*first)
                ),
            }),
        }
    }

    /// Keeps one row (the code from [`Collector::code`]; `None` for a row not kept).
    pub fn push(&mut self, user: &str, code: Option<u8>, ms: i64, value: f64) {
        self.events.rows += 1;
        if ms < self.last_ms {
            self.events.out_of_order += 1;
        }
        self.last_ms = ms;
        let entry = self.users.entry(Key::new(user)).or_insert(NO_EVENT);
        let Some(code) = code else {
            return;
        };
        if *entry == NO_EVENT {
            *entry = self.events.user_count as u32;
            self.events.user_count += 1;
        }
        let id = *entry;
        self.events.user.push(id);
        self.events.code.push(code);
        self.events.ms.push(ms);
        if self.sums {
            self.events.value.push(value);
        }
    }

    /// The events, once every row is in.
    pub fn finish(mut self, file: &str) -> Result<Events, InputError> {
        if self.events.rows == 0 {
            return Err(InputError {
                place: file.into(),
                message: "the file has no events (a header alone, or nothing)".into(),
            });
        }
        self.events.users_seen = self.users.len() as u64;
        Ok(self.events)
    }
}

/// Checks a user id and an event name from `place`.
pub fn check_row(user: &str, event: &str, place: &dyn Fn() -> String) -> Result<(), InputError> {
    let field = if user.trim().is_empty() {
        "user id"
    } else if event.trim().is_empty() {
        "event name"
    } else {
        return Ok(());
    };
    Err(InputError {
        place: place(),
        message: format!("the {field} is empty; every event needs a user, a name and a time"),
    })
}
