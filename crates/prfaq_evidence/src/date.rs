//! Dates in the forms feedback exports write them, read as the UTC day.
//!
//! ISO 8601 and RFC 3339 (`2024-03-05`, `2024-03-05T22:10:00-08:00`, `2024-03-05
//! 10:20:30 UTC`), RFC 2822 (`Tue, 05 Mar 2024 10:20:30 +0000`), numeric days with
//! slashes, dots or dashes (`03/05/2024 10:20 PM`, `05.03.2024`, `3/5/24`), month names
//! (`Mar 5, 2024`, `5 March 2024`, `05-Mar-2024`), `YYYYMMDD`, and Unix times in seconds
//! or milliseconds. A time with an offset is moved to UTC before its day is taken; a time
//! without one is taken as UTC. `03/05/2024` is ambiguous: a part over 12 decides, else
//! [`DateOrder`] does; dotted days (`05.03.2024`) are always day first.

use time::{OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::record::Date;

/// How to read a numeric day whose first two parts could both be the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `03/05/2024` is March 5 (US exports: Zendesk, SurveyMonkey, App Store Connect).
    #[default]
    MonthFirst,
    /// `03/05/2024` is May 3.
    DayFirst,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Num(u64, usize),
    Word(&'a str),
    Punct(u8),
}

fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start > 18 {
                return None;
            }
            out.push(Token::Num(text[start..i].parse().ok()?, i - start));
        } else if b.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Token::Word(&text[start..i]));
        } else if b == b' ' || b == b'\t' {
            i += 1;
        } else if b.is_ascii() {
            out.push(Token::Punct(b));
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}

fn month_of(word: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" {
        "sep".to_string()
    } else {
        word
    };
    NAMES
        .iter()
        .position(|name| name.starts_with(&word))
        .map(|i| i as u8 + 1)
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.to_ascii_lowercase();
    word.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&word))
}

fn year_of(value: u64, len: usize) -> Option<i32> {
    match len {
        4 => i32::try_from(value).ok(),
        2 => Some(2000 + value as i32),
        _ => None,
    }
}

/// Parses a date as exports write it; `None` when it is not one.
pub fn parse_date(text: &str, order: DateOrder) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return parse_number(text);
    }
    let tokens = tokens(text)?;
    let mut rest: &[Token] = &tokens;
    // A leading weekday: `Tue, 05 Mar 2024`.
    if let [Token::Word(w), tail @ ..] = rest
        && is_weekday(w)
    {
        rest = tail;
        if let [Token::Punct(b','), tail @ ..] = rest {
            rest = tail;
        }
    }
    let (year, month, day, tail) = day_part(rest, order)?;
    let (time, offset) = time_part(tail)?;
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
    let utc = PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .to_offset(UtcOffset::UTC);
    Date::from_time(utc.date())
}

/// `YYYYMMDD`, or Unix seconds (9 to 10 digits) or milliseconds (12 to 13).
fn parse_number(text: &str) -> Option<Date> {
    let value: i64 = text.parse().ok()?;
    match text.len() {
        8 => Date::new(
            (value / 10_000) as i32,
            (value / 100 % 100) as u8,
            (value % 100) as u8,
        ),
        9 | 10 => Date::from_time(OffsetDateTime::from_unix_timestamp(value).ok()?.date()),
        12 | 13 => Date::from_time(
            OffsetDateTime::from_unix_timestamp(value.div_euclid(1000))
                .ok()?
                .date(),
        ),
        _ => None,
    }
}

type DayPart<'t, 'a> = (i32, u8, u8, &'t [Token<'a>]);

fn day_part<'t, 'a>(tokens: &'t [Token<'a>], order: DateOrder) -> Option<DayPart<'t, 'a>> {
    use Token::{Num, Punct, Word};
    match tokens {
        // 2024-03-05, 2024/03/05, 2024.03.05
        [
            Num(y, 4),
            Punct(s1),
            Num(m, 1..=2),
            Punct(s2),
            Num(d, 1..=2),
            tail @ ..,
        ] if s1 == s2 && matches!(s1, b'-' | b'/' | b'.') => Some((
            *y as i32,
            u8::try_from(*m).ok()?,
            u8::try_from(*d).ok()?,
            tail,
        )),
        // 03/05/2024, 05.03.2024, 3-5-24
        [
            Num(a, 1..=2),
            Punct(s1),
            Num(b, 1..=2),
            Punct(s2),
            Num(y, ylen),
            tail @ ..,
        ] if s1 == s2 && matches!(s1, b'-' | b'/' | b'.') => {
            let year = year_of(*y, *ylen)?;
            let (a, b) = (u8::try_from(*a).ok()?, u8::try_from(*b).ok()?);
            let day_first = *s1 == b'.' || a > 12 || (b <= 12 && order == DateOrder::DayFirst);
            let (month, day) = if day_first { (b, a) } else { (a, b) };
            Some((year, month, day, tail))
        }
        // Mar 5, 2024 / March 5 2024
        [Word(m), Num(d, 1..=2), tail @ ..] => {
            let month = month_of(m)?;
            let tail = match tail {
                [Punct(b','), tail @ ..] => tail,
                _ => tail,
            };
            let [Num(y, ylen), tail @ ..] = tail else {
                return None;
            };
            Some((year_of(*y, *ylen)?, month, u8::try_from(*d).ok()?, tail))
        }
        // 5 Mar 2024, 05-Mar-2024, 5 March, 2024
        [Num(d, 1..=2), rest @ ..] => {
            let rest = match rest {
                [Punct(b'-' | b'/'), rest @ ..] => rest,
                _ => rest,
            };
            let [Word(m), rest @ ..] = rest else {
                return None;
            };
            let month = month_of(m)?;
            let rest = match rest {
                [Punct(b'-' | b'/' | b','), rest @ ..] => rest,
                _ => rest,
            };
            let [Num(y, ylen), tail @ ..] = rest else {
                return None;
            };
            Some((year_of(*y, *ylen)?, month, u8::try_from(*d).ok()?, tail))
        }
        _ => None,
    }
}

fn time_part(tokens: &[Token]) -> Option<(Time, UtcOffset)> {
    use Token::{Num, Punct, Word};
    let mut rest = tokens;
    let mut time = Time::MIDNIGHT;
    // A `T` or `,` or `at` between the day and the time.
    if let [Word(w), tail @ ..] = rest
        && (w.eq_ignore_ascii_case("t") || w.eq_ignore_ascii_case("at"))
    {
        rest = tail;
    } else if let [Punct(b','), tail @ ..] = rest {
        rest = tail;
    }
    // `T10` after a date is one word token `T` only when a digit follows; `2024-03-05T10`
    // tokenises as Word("T"), Num(10).
    if let [Num(h, 1..=2), Punct(b':'), Num(m, 2), tail @ ..] = rest {
        let mut hour = u8::try_from(*h).ok()?;
        let minute = u8::try_from(*m).ok()?;
        let mut second = 0u8;
        let mut nano = 0u32;
        rest = tail;
        if let [Punct(b':'), Num(s, 2), tail @ ..] = rest {
            second = u8::try_from(*s).ok()?.min(59);
            rest = tail;
            if let [Punct(b'.' | b','), Num(frac, len), tail @ ..] = rest {
                let digits = (*len).min(9);
                let scaled = frac / 10u64.pow((*len - digits) as u32);
                nano = (scaled * 10u64.pow((9 - digits) as u32)) as u32;
                rest = tail;
            }
        }
        if let [Word(w), tail @ ..] = rest {
            let w = w.to_ascii_lowercase();
            if w == "am" || w == "pm" {
                if !(1..=12).contains(&hour) {
                    return None;
                }
                hour = match (w.as_str(), hour) {
                    ("am", 12) => 0,
                    ("pm", 12) => 12,
                    ("pm", h) => h + 12,
                    (_, h) => h,
                };
                rest = tail;
            }
        }
        time = Time::from_hms_nano(hour, minute, second, nano).ok()?;
    }
    let offset = offset_part(rest)?;
    Some((time, offset))
}

fn offset_part(tokens: &[Token]) -> Option<UtcOffset> {
    use Token::{Num, Punct, Word};
    let (sign, rest) = match tokens {
        [] => return Some(UtcOffset::UTC),
        [Word(w)] if ["z", "utc", "gmt"].contains(&w.to_ascii_lowercase().as_str()) => {
            return Some(UtcOffset::UTC);
        }
        // `UTC+02:00`, `GMT-0500`
        [Word(w), Punct(s @ (b'+' | b'-')), rest @ ..]
            if ["utc", "gmt"].contains(&w.to_ascii_lowercase().as_str()) =>
        {
            (*s, rest)
        }
        [Punct(s @ (b'+' | b'-')), rest @ ..] => (*s, rest),
        _ => return None,
    };
    let (hours, minutes) = match rest {
        [Num(hhmm, 4)] => (hhmm / 100, hhmm % 100),
        [Num(h, 1..=2)] => (*h, 0),
        [Num(h, 1..=2), Punct(b':'), Num(m, 2)] => (*h, *m),
        _ => return None,
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    let seconds = (hours * 3600 + minutes * 60) as i32;
    UtcOffset::from_whole_seconds(if sign == b'-' { -seconds } else { seconds }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        parse_date(text, DateOrder::MonthFirst).map(|d| d.to_string())
    }

    #[test]
    fn export_forms_parse_to_the_utc_day() {
        let cases = [
            ("2024-03-05", "2024-03-05"),
            ("2024-03-05T10:20:30Z", "2024-03-05"),
            ("2024-03-05T22:10:00-08:00", "2024-03-06"),
            ("2024-03-05T01:10:00.123+02:00", "2024-03-04"),
            ("2024-03-05 10:20:30 UTC", "2024-03-05"),
            ("2024-03-05 23:20:30 -0500", "2024-03-06"),
            ("2024/03/05 10:20", "2024-03-05"),
            ("03/05/2024", "2024-03-05"),
            ("3/5/24 10:20 PM", "2024-03-05"),
            ("13/05/2024", "2024-05-13"),
            ("05.03.2024", "2024-03-05"),
            ("Mar 5, 2024", "2024-03-05"),
            ("March 5, 2024 at 10:20 AM", "2024-03-05"),
            ("5 March 2024", "2024-03-05"),
            ("05-Mar-2024", "2024-03-05"),
            ("Tue, 05 Mar 2024 23:30:00 -0100", "2024-03-06"),
            ("Tuesday, March 5, 2024", "2024-03-05"),
            ("20240305", "2024-03-05"),
            ("1709633000", "2024-03-05"),
            ("1709633000000", "2024-03-05"),
            ("2024-03-05 12:00:00 AM", "2024-03-05"),
        ];
        for (text, want) in cases {
            assert_eq!(day(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn day_first_order_reads_ambiguous_days_the_other_way() {
        let d = parse_date("03/05/2024", DateOrder::DayFirst).unwrap();
        assert_eq!(d.to_string(), "2024-05-03");
        let d = parse_date("03/25/2024", DateOrder::DayFirst).unwrap();
        assert_eq!(d.to_string(), "2024-03-25");
    }

    #[test]
    fn non_dates_and_impossible_days_do_not_parse() {
        for text in [
            "",
            "yesterday",
            "2024-02-30",
            "31/31/2024",
            "2024-03-05 25:00",
            "2024-03-05 10:20 PST",
            "Marsh 5, 2024",
            "12345",
            "2024-03-05 13:00 PM",
            "2024-03-05T10:00+25:00",
            "５ March 2024",
        ] {
            assert_eq!(day(text), None, "{text}");
        }
    }
}
