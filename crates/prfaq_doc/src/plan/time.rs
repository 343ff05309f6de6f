//! Event timestamps: ISO 8601 text or epoch seconds, to milliseconds since the epoch (UTC).

/// The zone a timestamp was written in: `None` for a local time with no zone, otherwise
/// its offset from UTC in minutes (`Z` and epoch seconds are `Some(0)`).
pub type Zone = Option<i32>;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Days from 1970-01-01 to a civil date (proleptic Gregorian), the algorithm of
/// Howard Hinnant's `days_from_civil`.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-03-01` for milliseconds since the epoch.
pub fn format_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Reads `n` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in part {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses a timestamp: ISO 8601 (`2026-03-01T09:30:00Z`, `2026-03-01 09:30:00.250+02:00`,
/// `2026-03-01`) or epoch seconds (`1772357400`, `1772357400.5`). Returns milliseconds
/// since the epoch in UTC and the zone it was written in, or why it could not be read.
#[inline]
pub fn parse(text: &str) -> Result<(i64, Zone), &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the timestamp is empty");
    }
    let b = text.as_bytes();
    if b.len() >= 5 && b[4] == b'-' {
        return parse_iso(b);
    }
    parse_epoch(text).map(|ms| (ms, Some(0)))
}

/// Epoch seconds, possibly with a fraction.
pub fn parse_epoch(text: &str) -> Result<i64, &'static str> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let (negative, digits_part) = match whole.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, whole),
    };
    if digits_part.is_empty()
        || !digits_part.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c.is_ascii_digit())
    {
        return Err("not ISO 8601 (2026-03-01T09:30:00Z) nor epoch seconds");
    }
    let seconds: i64 = digits_part
        .parse()
        .map_err(|_| "epoch seconds out of range")?;
    // Past the year 9999 the number is not seconds (milliseconds, most likely).
    if seconds > 253_402_300_799 {
        return Err("epoch seconds past the year 9999 (milliseconds given as seconds?)");
    }
    let mut ms = seconds * 1000;
    let mut scale = 100;
    for c in frac.bytes().take(3) {
        ms += i64::from(c - b'0') * scale;
        scale /= 10;
    }
    Ok(if negative { -ms } else { ms })
}

fn parse_iso(b: &[u8]) -> Result<(i64, Zone), &'static str> {
    const BAD: &str = "not a valid ISO 8601 date and time (2026-03-01T09:30:00Z)";
    let year = i64::from(digits(b, 0, 4).ok_or(BAD)?);
    if b.get(7) != Some(&b'-') {
        return Err(BAD);
    }
    let month = digits(b, 5, 2).ok_or(BAD)?;
    let day = digits(b, 8, 2).ok_or(BAD)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err("no such calendar date");
    }
    let mut ms = days_from_civil(year, month, day) * DAY_MS;
    let mut at = 10;
    if at == b.len() {
        return Ok((ms, None));
    }
    if !matches!(b[at], b'T' | b't' | b' ') {
        return Err(BAD);
    }
    at += 1;
    let hour = digits(b, at, 2).ok_or(BAD)?;
    if b.get(at + 2) != Some(&b':') {
        return Err(BAD);
    }
    let minute = digits(b, at + 3, 2).ok_or(BAD)?;
    at += 5;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        second = digits(b, at + 1, 2).ok_or(BAD)?;
        at += 3;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err("hour, minute or second out of range");
    }
    ms += (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1000;
    if matches!(b.get(at), Some(b'.' | b',')) {
        at += 1;
        let start = at;
        let mut scale = 100;
        while at < b.len() && b[at].is_ascii_digit() {
            ms += i64::from(b[at] - b'0') * scale;
            scale /= 10;
            at += 1;
        }
        if at == start {
            return Err(BAD);
        }
    }
    let zone = match b.get(at) {
        None => return Ok((ms, None)),
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let h = digits(b, at + 1, 2).ok_or(BAD)?;
            let rest = &b[at + 3..];
            let m = match rest {
                [] => 0,
                [b':', ..] if rest.len() == 3 => digits(rest, 1, 2).ok_or(BAD)?,
                _ if rest.len() == 2 => digits(rest, 0, 2).ok_or(BAD)?,
                _ => return Err(BAD),
            };
            if h > 23 || m > 59 {
                return Err("zone offset out of range");
            }
            let off = (h * 60 + m) as i32;
            if sign == b'-' { -off } else { off }
        }
        _ => return Err(BAD),
    };
    Ok((ms - i64::from(zone) * 60_000, Some(zone)))
}

/// How a zone reads in a message.
pub fn zone_name(zone: Zone) -> String {
    match zone {
        None => "no zone (local time)".into(),
        Some(0) => "UTC".into(),
        Some(off) => format!(
            "UTC{}{:02}:{:02}",
            if off < 0 { '-' } else { '+' },
            off.abs() / 60,
            off.abs() % 60
        ),
    }
}

/// A length of time such as `14d`, `7 days`, `36h`, `90 min`, `45s`, `2 weeks`, in milliseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim().to_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num.parse().ok()?;
    let unit = unit.trim();
    let ms = match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000.0,
        "d" | "day" | "days" => 86_400_000.0,
        "w" | "wk" | "week" | "weeks" => 7.0 * 86_400_000.0,
        _ => return None,
    };
    (value.is_finite() && value > 0.0).then(|| (value * ms).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms_and_epoch_agree() {
        let utc = parse("2026-03-01T09:30:00Z").unwrap();
        assert_eq!(utc, (1_772_357_400_000, Some(0)));
        assert_eq!(parse("1772357400").unwrap().0, utc.0);
        assert_eq!(
            parse("2026-03-01T11:30:00+02:00").unwrap(),
            (utc.0, Some(120))
        );
        assert_eq!(
            parse("2026-03-01 09:30:00.250").unwrap(),
            (utc.0 + 250, None)
        );
        assert_eq!(parse("2026-03-01").unwrap().0, utc.0 - 34_200_000);
        assert_eq!(parse("1772357400.5").unwrap().0, utc.0 + 500);
    }

    #[test]
    fn bad_timestamps_say_why() {
        assert!(
            parse("2026-02-30T00:00:00Z")
                .unwrap_err()
                .contains("calendar")
        );
        assert!(parse("yesterday").is_err());
        assert!(parse("").is_err());
        assert!(parse("1772357400000").unwrap_err().contains("milliseconds"));
        assert!(parse("2026-03-01T25:00:00Z").is_err());
        assert!(parse("2026-03-01T10:00:00+2").is_err());
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-800_000, -1, 0, 59, 20_513, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_date(1_772_357_400_000), "2026-03-01");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("14d"), Some(14 * DAY_MS));
        assert_eq!(parse_duration("2 weeks"), Some(14 * DAY_MS));
        assert_eq!(parse_duration("90 min"), Some(5_400_000));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("0d"), None);
    }
}
