//! Numbers counted as they are read aloud.

/// Syllables of a number read aloud: "1,000" is "one thousand", "3.5" is "three point
/// five", "2027" is "twenty twenty-seven" (see [`year`]).
pub(super) fn number(digits: &str) -> u32 {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction_syllables = || -> u32 {
        fraction
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| ONES[usize::from(b - b'0')])
            .sum()
    };
    // "point" and the digits after it, one by one; further periods (a version number
    // such as "1.2.3") read as "point" too.
    let mut total = if digits.contains('.') {
        1 + fraction_syllables() + fraction.matches('.').count() as u32
    } else {
        0
    };
    if let Some(n) = year(whole) {
        return total + n;
    }
    let mut buf = [0u8; 15];
    let mut len = 0;
    for b in whole.bytes().filter(u8::is_ascii_digit) {
        if len == buf.len() {
            // Too long to read as one number: read it digit by digit.
            return total
                + whole
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .map(|b| ONES[usize::from(b - b'0')])
                    .sum::<u32>();
        }
        buf[len] = b - b'0';
        len += 1;
    }
    if len > 0 {
        total += cardinal(&buf[..len]);
    }
    total
}

/// Syllables of a four-digit number read as a year, the usual reading in prose:
/// "1999" is "nineteen ninety-nine", "1905" is "nineteen oh five", "2027" is "twenty
/// twenty-seven", but "2005" is "two thousand five" and "1,999" is not a year.
fn year(digits: &str) -> Option<u32> {
    if digits.len() != 4 {
        return None;
    }
    let value: usize = digits.parse().ok()?;
    if !(1100..=2099).contains(&value) || (2000..2010).contains(&value) {
        return None;
    }
    let (century, rest) = (value / 100, value % 100);
    let tail = match rest {
        0 => 2,                  // "hundred"
        1..=9 => 1 + ONES[rest], // "oh five"
        _ => below_thousand(rest),
    };
    Some(below_thousand(century) + tail)
}

/// zero, one, two, three, four, five, six, seven, eight, nine.
const ONES: [u32; 10] = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1];
/// ten, eleven, twelve, thirteen, …, nineteen.
const TEENS: [u32; 10] = [1, 3, 1, 2, 2, 2, 2, 3, 2, 2];
/// (none), (none), twenty, thirty, forty, fifty, sixty, seventy, eighty, ninety.
const TENS: [u32; 10] = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2];

/// Syllables of a whole number given as digits, most significant first.
fn cardinal(digits: &[u8]) -> u32 {
    if digits.iter().all(|&d| d == 0) {
        return ONES[0];
    }
    let mut total = 0;
    // Groups of three digits from the right; each non-zero group above the lowest is
    // followed by "thousand", "million", "billion" or "trillion", two syllables each.
    let len = digits.len();
    let mut start = 0;
    let mut group_len = len % 3;
    if group_len == 0 {
        group_len = 3;
    }
    while start < len {
        let group = &digits[start..start + group_len];
        let value = group.iter().fold(0usize, |v, &d| v * 10 + d as usize);
        let remaining = len - start - group_len;
        if value > 0 {
            total += below_thousand(value);
            if remaining > 0 {
                total += 2;
            }
        }
        start += group_len;
        group_len = 3;
    }
    total
}

fn below_thousand(v: usize) -> u32 {
    let mut total = 0;
    let hundreds = v / 100;
    let rest = v % 100;
    if hundreds > 0 {
        total += ONES[hundreds] + 2; // "… hundred"
    }
    total += match rest {
        0 => 0,
        1..=9 => ONES[rest],
        10..=19 => TEENS[rest - 10],
        _ => {
            TENS[rest / 10]
                + match rest % 10 {
                    0 => 0,
                    d => ONES[d],
                }
        }
    };
    total
}
