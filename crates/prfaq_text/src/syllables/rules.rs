//! The spelling rules proper, on a word folded to lowercase ASCII letters: vowel groups,
//! the pairs said as two syllables, silent letters and syllabic consonants.

use super::INLINE;

pub(super) fn is_aeiou(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The letter at `i`, or 0 outside the word, so that look-arounds need no bounds checks.
fn at(w: &[u8], i: isize) -> u8 {
    if i < 0 {
        0
    } else {
        w.get(i as usize).copied().unwrap_or(0)
    }
}

/// The count of a word of the commonest shapes, one vowel group among consonants, when
/// [`by_rule`] would give it without reading further: one. The group is one vowel
/// letter ("the", "and", "with", "first"), or a pair that the rules never split in such
/// a word ("out", "your", "been", "book", "they", "day"): no rule that
/// adds or removes a syllable applies then. `None` for every other word, and for the
/// shapes where a rule does apply: the u of "qu", which is no vowel, the "Mc" of names,
/// a final "-sm" or "-thm" (with a plural s), which is a syllable of its own, and the
/// prefixes re-, pre-, co- and ge-, which may keep a pair apart. The `tests` compare it
/// with [`by_rule`] on every short word and on the CMU Pronouncing Dictionary's words.
#[inline]
pub(super) fn one_vowel_group(w: &[u8]) -> Option<u32> {
    // The vowel letters' places as bits (words here are at most `INLINE` letters), read
    // without a branch: a, e, i, o, u and y are 1, 5, 9, 15, 21 and 25 in `c & 31`.
    const VOWEL_LETTERS: u32 = 1 << 1 | 1 << 5 | 1 << 9 | 1 << 15 | 1 << 21 | 1 << 25;
    if w.len() > 64 {
        return None;
    }
    let mut vowels = 0u64;
    for (i, &c) in w.iter().enumerate() {
        vowels |= u64::from(VOWEL_LETTERS >> (c & 31) & 1) << i;
    }
    if vowels == 0 {
        return None;
    }
    let at = vowels.trailing_zeros() as usize;
    match vowels >> at {
        1 => {
            if w[at] == b'u' && at > 0 && w[at - 1] == b'q' {
                return None;
            }
        }
        // Pairs of vowels both sounded as vowels here (a u after a or o, a y before a
        // consonant), which `splits` keeps together whatever comes around them.
        0b11 => {
            let pair = matches!(
                (w[at], w[at + 1]),
                (b'o', b'u' | b'o' | b'a' | b'y') | (b'e', b'e' | b'y') | (b'a', b'u' | b'y')
            );
            if !pair
                || [&b"re"[..], b"pre", b"co", b"ge"]
                    .iter()
                    .any(|p| w.starts_with(p))
            {
                return None;
            }
        }
        _ => return None,
    }
    if w.len() > 2 && w.starts_with(b"mc") {
        return None;
    }
    let stem = w.strip_suffix(b"s").unwrap_or(w);
    if stem.ends_with(b"sm") || stem.ends_with(b"thm") {
        return None;
    }
    Some(1)
}

/// The rules proper, on lowercase ASCII letters.
pub(super) fn by_rule(w: &[u8], accented_final: bool) -> u32 {
    // The Scottish and Irish "Mc" is a syllable without a vowel letter: "Mc-Lean".
    if w.len() > 2 && w.starts_with(b"mc") {
        return 1 + by_rule(&w[2..], accented_final);
    }
    let n = w.len();
    // Which letters act as vowels. Stack space for common lengths.
    let mut inline = [false; INLINE];
    let mut heap = Vec::new();
    let vowel: &mut [bool] = if n <= INLINE {
        &mut inline[..n]
    } else {
        heap.resize(n, false);
        &mut heap
    };
    for (i, v) in vowel.iter_mut().enumerate() {
        *v = is_vowel(w, i);
    }

    let mut count: i32 = 0;
    let mut groups = 0;
    let mut i = 0;
    while i < n {
        if !vowel[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && vowel[i] {
            i += 1;
        }
        groups += 1;
        if i - start == 1 && w[start] == b'e' && silent_inner_e(w, vowel, start) {
            continue;
        }
        count += 1;
        for k in start..i - 1 {
            if splits(w, start, k, i) {
                count += 1;
            }
        }
    }

    count -= silent_endings(w, vowel, groups, accented_final);
    count += final_ire(w, vowel);
    // "-ically" is said with one syllable fewer than spelled: "ba-sic-ly".
    if n > 6 && w.ends_with(b"ically") {
        count -= 1;
    }
    count += syllabic_consonants(w);
    count.max(1) as u32
}

/// Whether the letter at `i` is sounded as a vowel.
fn is_vowel(w: &[u8], i: usize) -> bool {
    let i = i as isize;
    let c = at(w, i);
    match c {
        b'a' | b'e' | b'i' | b'o' => true,
        // After q, and after g before another vowel, u is a consonant sound or silent:
        // "quick", "guard", "guess", "language". But "argue" keeps its u.
        b'u' => {
            let prev = at(w, i - 1);
            if prev == b'q' {
                return false;
            }
            if prev == b'g' && is_aeiou(at(w, i + 1)) {
                let final_e =
                    at(w, i + 1) == b'e' && matches!(&w[i as usize + 2..], b"" | b"s" | b"d");
                return final_e && at(w, i - 2) == b'r';
            }
            true
        }
        // y is a consonant at the start of a syllable ("yes", "beyond", "player") and a
        // vowel elsewhere ("happy", "gym", "boy", "flying").
        b'y' => {
            let next = is_aeiou(at(w, i + 1));
            if i == 0 {
                return !next;
            }
            if is_aeiou(at(w, i - 1)) {
                return !next;
            }
            true
        }
        _ => false,
    }
}

/// Whether a vowel group that runs from `start` to `end` (exclusive) breaks into two
/// syllables between `k` and `k + 1` (hiatus), as in "di-al", "vi-de-o", "cru-el".
fn splits(w: &[u8], start: usize, k: usize, end: usize) -> bool {
    let a = w[k];
    let b = w[k + 1];
    let ki = k as isize;
    let before = at(w, ki - 1); // the letter before the pair
    let after = at(w, ki + 2); // the letter after the pair
    let after2 = at(w, ki + 3);
    let at_end = k + 2 == w.len();
    let first_group = !w[..start].iter().any(|&c| is_aeiou(c) || c == b'y');
    // "i" before "ng" at the end of a word is the suffix -ing: "be-ing", "go-ing".
    if b == b'i' && after == b'n' && after2 == b'g' && k + 1 == end - 1 {
        let tail = &w[k + 4..];
        if tail.is_empty() || tail == b"s" || tail == b"ly" {
            return true;
        }
    }
    // A vowel-like y before another vowel is a syllable of its own: "fly-er", "dy-ing".
    if a == b'y' {
        return true;
    }
    if let Some(split) = prefix_hiatus(w, k) {
        return split;
    }
    let soft = matches!(before, b'c' | b't' | b's' | b'x' | b'g');
    match (a, b) {
        // "di-al", "pi-a-no", "me-di-a"; but "spe-cial", "par-tial", "a-sian" are one,
        // except before t or -sm: "ap-pre-ci-ate", "ne-go-ti-a-tion", "en-thu-si-asm".
        (b'i', b'a') => !soft || after == b't' || after == b's' && after2 == b'm',
        // "ra-di-o", "li-on", "pa-ti-o"; but "na-tion", "vi-sion", "re-li-gion",
        // "pre-cious", and after l, n or v the i glides into a y sound: "mil-lion",
        // "o-nion", "se-nior", "be-ha-vior".
        (b'i', b'o') => {
            !(soft && matches!(after, b'n' | b'u')
                || k >= 2 && matches!(before, b'l' | b'n') && after == b'n'
                || k >= 2 && matches!(before, b'n' | b'v') && after == b'r')
        }
        // "me-di-um", "cal-ci-um".
        (b'i', b'u') => true,
        // "di-et", "qui-et", "sci-ence", "cli-ent", "hap-pi-er", "hap-pi-est"; but
        // "field", "piece", "tie", "flies", "cried", "an-cient", "pa-tient".
        (b'i', b'e') => {
            if at_end || (after == b's' || after == b'd') && after2 == 0 {
                return false;
            }
            if after == b'r' && (after2 == 0 || after2 == b's' && at(w, ki + 4) == 0)
                || after == b's' && after2 == b't'
            {
                return !first_group;
            }
            if after == b't' {
                return true;
            }
            // "sci-ence", "pre-sci-ent"; but "an-cient", "pa-tient", "con-science".
            if after == b'n' && matches!(after2, b't' | b'c') {
                let sci =
                    before == b'c' && at(w, ki - 2) == b's' && (k == 2 || is_aeiou(at(w, ki - 3)));
                return sci || !matches!(before, b'c' | b't');
            }
            false
        }
        // "vi-de-o", "ro-de-o", "ge-o-gra-phy"; but "pi-geon", "gor-geous",
        // "her-ba-ceous".
        (b'e', b'o') => !matches!(before, b'g' | b'c'),
        // "the-a-ter", "the-at-ri-cal".
        (b'e', b'a') if start == 2 && w.starts_with(b"th") && after == b't' => true,
        // "i-de-a", "a-re-a", "Ko-re-an", "cre-ate"; but "read", "bean", "sea", "o-cean".
        (b'e', b'a') => {
            (at_end || matches!(&w[k + 2..], b"s" | b"n" | b"ns")) && !first_group && before != b'c'
                || after == b't' && after2 == b'e'
        }
        // "mu-se-um".
        (b'e', b'u') => after == b'm' && after2 == 0,
        // "de-i-ty", "la-i-ty", "the-ism".
        (b'e' | b'a', b'i')
            if after == b't' && after2 == b'y'
                || after == b's' && matches!(after2, b'm' | b't') =>
        {
            true
        }
        // "du-al", "ac-tu-al", "u-su-al", "jan-u-ar-y".
        (b'u', b'a') => true,
        // "cru-el", "flu-ent", "du-et", "in-flu-ence", "fu-eled", "blu-est"; but "blue",
        // "val-ue", "val-ues", "val-ued", and the German and Spanish spellings in
        // names ("Kuehn", "Buena", "Nuevo").
        (b'u', b'e') if starts_with_suffix(&w[k + 2..]) => false,
        (b'u', b'e') => {
            matches!(after, b'l' | b't' | b'r' | b'n') && !matches!(after2, b'a' | b'o' | b'u')
                || after == b'y'
                || &w[k + 2..] == b"st"
        }
        // "ru-in", "flu-id", "an-nu-i-ty"; but "fruit", "suit", "build", "juice".
        (b'u', b'i') => match after {
            b'n' | b'd' => true,
            b't' => is_aeiou(after2) || after2 == b'y',
            _ => false,
        },
        // "du-o".
        (b'u', b'o') => true,
        // "po-em", "po-et", "po-et-ry", "jo-ey", "go-er"; but "toe", "goes", "shoes",
        // and the German spellings in names ("Schoen", "Boehm", "Goering").
        (b'o', b'e') => {
            matches!(after, b'm' | b't' | b'y')
                || after == b'r' && matches!(&w[k + 3..], b"" | b"s")
        }
        // "he-ro-ic", "sto-ic"; "mo-sa-ic".
        (b'o', b'i') | (b'a', b'i') => after == b'c' && after2 == 0,
        // "cha-os".
        (b'a', b'o') => true,
        // "ski-ing", "ha-wai-i".
        (b'i', b'i') => true,
        // Every other pair spells one sound: "book", "rain", "out", "boil", "eat";
        // exceptions such as "zo-ol-o-gy" are rare next to them.
        _ => false,
    }
}

/// Learned prefixes that end in a vowel and keep it apart from a vowel that follows:
/// "bi-o-en-gi-neer", "ra-di-o-ac-tive", "an-ti-air-craft", "mi-cro-or-gan-ism".
const PREFIXES: [&[u8]; 17] = [
    b"anti", b"auto", b"bio", b"electro", b"hydro", b"iso", b"macro", b"micro", b"multi", b"neuro",
    b"photo", b"proto", b"pseudo", b"radio", b"retro", b"semi", b"thermo",
];

/// Whether a prefix ends at `k` and is kept apart from the vowel after it, or `None`
/// when no prefix ends there.
fn prefix_hiatus(w: &[u8], k: usize) -> Option<bool> {
    let head = &w[..=k];
    let rest = &w[k + 1..];
    // "pre-empt", "pre-am-ble", "pre-ex-ist"; but "preach", "preen" and the names
    // "Preiss" and "Preuss".
    if head == b"pre" {
        let word_like = rest.len() >= 4
            && !rest.starts_with(b"ach")
            && !rest.starts_with(b"en")
            && !rest.starts_with(b"is")
            && !rest.starts_with(b"us");
        return Some(word_like || rest.starts_with(b"o"));
    }
    // "re-act", "re-ad-just", "re-en-ter", "re-u-nite", "re-use", and re- before the
    // prefixes in- and im- ("re-in-vent", "re-im-burse"); but "read", "reach", "reign",
    // "reel", "Reuben", "Reinhold".
    if head == b"re" {
        let cluster = prefix_before_cluster(w, 3);
        let vowel_after = w
            .get(5..)
            .is_some_and(|tail| tail.iter().any(|&c| is_aeiou(c)));
        return match rest[0] {
            // "re-al-ize", "re-al-i-ty", "re-al-ign"; but "real", "really", "realm".
            b'a' => Some(cluster || w[3..].starts_with(b"li")),
            b'e' => Some(cluster && vowel_after),
            b'i' => Some(
                matches!(
                    w.get(3..5),
                    Some(b"nf" | b"nv" | b"ns" | b"nc" | b"nt" | b"mb" | b"mp")
                ) && vowel_after,
            ),
            b'u' => Some(matches!(at(w, 3), b'n' | b's') && is_aeiou(at(w, 4))),
            b'o' => Some(true),
            _ => None,
        };
    }
    // "co-or-di-nate", "co-op-er-ate"; but "cook", "cool", "Cooper".
    if head == b"co" && (rest.starts_with(b"ord") || rest.starts_with(b"opera")) {
        return Some(true);
    }
    // "co-erce", "co-ex-ist", "co-ed"; but "coeur".
    if head == b"co" && rest.first() == Some(&b'e') && rest.len() > 2 {
        return Some(!rest.starts_with(b"eu"));
    }
    // "ge-o-gra-phy", "ge-ol-o-gy"; but "George" and "Geoff".
    if head == b"ge" && rest.first() == Some(&b'o') {
        return Some(!matches!(at(w, 3), b'r' | b'f'));
    }
    if rest.len() >= 3 && PREFIXES.contains(&head) {
        return Some(true);
    }
    None
}

/// Whether the prefix of `len` letters ("rea" of "react") is followed by two
/// consonants that do not spell one sound and do not just make a plural: "re-act",
/// "re-ad-just", "re-arm", but "reach", "realm", "reads".
fn prefix_before_cluster(w: &[u8], len: usize) -> bool {
    let (c1, c2) = (at(w, len as isize), at(w, len as isize + 1));
    let consonant = |c: u8| c != 0 && !is_aeiou(c) && c != b'y';
    consonant(c1)
        && consonant(c2)
        && !(c2 == b's' && at(w, len as isize + 2) == 0)
        && !matches!(
            &[c1, c2],
            b"ch" | b"sh" | b"th" | b"ph" | b"gh" | b"ck" | b"lm" | b"ll"
        )
}

/// Suffixes after which an e closing the stem stays silent, as it does at the end of
/// the stem alone: "home-less", "state-ment", "late-ly", "care-ful".
const SUFFIXES: [&[u8]; 12] = [
    b"ly", b"ness", b"less", b"ment", b"ful", b"some", b"man", b"men", b"ville", b"ward", b"hood",
    b"ship",
];

/// Whether the lone e at `e`, inside the word, is the silent e of a stem: before one
/// of [`SUFFIXES`] ("lone-ly", "move-ment", but not "el-e-ment", where a short e
/// before the stem's consonant makes "-ement" a Latin ending, nor "gen-tle-ness",
/// where consonant + le keeps its syllable), or at the end of the first word of a
/// compound ("home-work").
fn silent_inner_e(w: &[u8], vowel: &[bool], e: usize) -> bool {
    if e < 2 || vowel[e - 1] || e + 1 >= w.len() || vowel[e + 1] {
        return false;
    }
    // Some vowel must come before the stem's last consonants.
    let Some(v) = (0..e).rev().find(|&i| vowel[i]) else {
        return false;
    };
    if matches!(w[e - 1], b'l' | b'r') && !vowel[e - 2] && w[e - 2] != w[e - 1] {
        return false;
    }
    let rest = &w[e + 1..];
    if starts_with_suffix(rest) {
        return !(rest.starts_with(b"ment") && w[v] == b'e');
    }
    // In compounds the first word keeps its silent e: "home-work", "race-horse",
    // "base-ball", "home-page". Only consonants that rarely follow a sounded e inside
    // a word are trusted here (w, h, b, and p before a vowel), and only after one
    // vowel letter and one consonant, the shape of "home", "fire", "base".
    let single_vowel_before =
        v + 2 == e && matches!(w[v], b'a' | b'i' | b'o' | b'u') && (v == 0 || !vowel[v - 1]);
    // "fire" is read "fi-er" (see `final_ire`), and a second word needs a vowel.
    single_vowel_before
        && &w[v..e] != b"ir"
        && rest[1..].iter().any(|&c| is_aeiou(c))
        && (matches!(rest[0], b'w' | b'h' | b'b') || rest[0] == b'p' && is_aeiou(at(rest, 1)))
}

/// Whether `rest` is one of [`SUFFIXES`] (short ones only at the end of the word, or
/// before a plural s), or starts with a long one.
fn starts_with_suffix(rest: &[u8]) -> bool {
    SUFFIXES.iter().any(|suffix| {
        rest.starts_with(suffix)
            && (suffix.len() > 3 || matches!(&rest[suffix.len()..], b"" | b"s" | b"ly" | b"ness"))
    })
}

/// "Fire", "de-sire", "tired": in CMU's reading, a long i before a final r sound
/// makes a syllable of its own ("fi-er").
fn final_ire(w: &[u8], vowel: &[bool]) -> i32 {
    let n = w.len();
    let i = if w.ends_with(b"ire") {
        n - 3
    } else if w.ends_with(b"ires") || w.ends_with(b"ired") {
        n - 4
    } else {
        return 0;
    };
    i32::from(i > 0 && !vowel[i - 1])
}

/// How many vowel groups at the end of the word are not pronounced: the final e of
/// "make", the e of "jumped" and of "makes".
fn silent_endings(w: &[u8], vowel: &[bool], groups: u32, accented_final: bool) -> i32 {
    let n = w.len();
    if groups < 2 || accented_final {
        return 0;
    }
    let last = n - 1;
    let lone_e = |i: usize| w[i] == b'e' && i > 0 && !vowel[i - 1];
    // Consonant + le/re keeps its syllable: "ta-ble", "a-cre", "han-dled", "hun-dred".
    let syllabic_l_or_r = |i: usize| {
        i >= 2 && matches!(w[i - 1], b'l' | b'r') && !vowel[i - 2] && w[i - 2] != w[i - 1]
    };
    if lone_e(last) {
        return i32::from(!syllabic_l_or_r(last));
    }
    if n >= 3 && lone_e(last - 1) {
        let e = last - 1;
        match w[last] {
            b'd' => {
                return i32::from(!(matches!(w[e - 1], b't' | b'd') || syllabic_l_or_r(e)));
            }
            b's' => {
                let sibilant = matches!(w[e - 1], b's' | b'x' | b'z' | b'c' | b'g')
                    || w[..e].ends_with(b"ch")
                    || w[..e].ends_with(b"sh");
                return i32::from(!(sibilant || syllabic_l_or_r(e)));
            }
            _ => {}
        }
    }
    0
}

/// Consonants that carry a syllable with no vowel letter: "pri-sm", "rhy-thm".
fn syllabic_consonants(w: &[u8]) -> i32 {
    let stem = w.strip_suffix(b"s").unwrap_or(w);
    i32::from(stem.ends_with(b"sm") || stem.ends_with(b"thm"))
}
