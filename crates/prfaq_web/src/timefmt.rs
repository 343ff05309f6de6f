//! Shows the store's millisecond timestamps as UTC dates.
//!
//! The pages need one format (`2026-11-23 14:05 UTC`) and the ISO form for `<time>`;
//! a date-time crate would bring far more than these twenty lines. The day arithmetic is
//! Howard Hinnant's `civil_from_days`, exact for the proleptic Gregorian calendar.

/// `2026-11-23 14:05 UTC`.
pub(crate) fn display(millis: i64) -> String {
    let (y, m, d, hh, mm, _) = parts(millis);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02} UTC")
}

/// `2026-11-23T14:05:09Z`, for the `datetime` attribute.
pub(crate) fn iso(millis: i64) -> String {
    let (y, m, d, hh, mm, ss) = parts(millis);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

fn parts(millis: i64) -> (i64, i64, i64, i64, i64, i64) {
    let secs = millis.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(display(0), "1970-01-01 00:00 UTC");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(display(1_795_395_909_000), "2026-11-23 01:05 UTC");
    }
}
