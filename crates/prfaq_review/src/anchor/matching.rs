//! Finding an anchor's passage in a text: the exact quote where its context matches
//! best, else the fuzzy step on words (votes through the index, then a banded alignment).

use super::*;

/// The occurrence of the exact quote whose context matches best, with how well it
/// matches (`None`: no context to compare). Position only breaks ties.
pub(super) fn best_exact(
    wanted: &Wanted,
    target: &Prepared,
) -> Option<(Range<usize>, Option<f64>)> {
    let anchor = wanted.anchor;
    let text = target.text;
    // Each occurrence, with how many bytes of the old context it keeps right next to
    // it: the cheap first look that picks which occurrences are compared word by word.
    let at = occurrences(wanted, target);
    // A long quote found once is the passage: there is nothing to choose between.
    if let [only] = at[..]
        && !wanted.short
    {
        return Some((only..only + anchor.quote.len(), None));
    }
    let mut found: Vec<(usize, Range<usize>)> = at
        .into_iter()
        .map(|at| {
            let range = at..at + anchor.quote.len();
            let near = common_suffix(before(text, range.start), &anchor.prefix)
                + common_prefix(after(text, range.end), &anchor.suffix);
            (near, range)
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    if found.len() > MAX_EXACT {
        found.sort_by_key(|(near, range)| {
            (std::cmp::Reverse(*near), range.start.abs_diff(anchor.start))
        });
        found.truncate(MAX_EXACT);
    }
    // The best context wins; then the most context kept byte for byte right next to the
    // quote; then the nearest to the old place.
    found
        .into_iter()
        .map(|(near, range)| {
            (
                wanted.context_at(target.index(), range.clone()),
                near,
                range,
            )
        })
        .max_by(|(a, a_near, a_range), (b, b_near, b_range)| {
            a.unwrap_or(1.0)
                .total_cmp(&b.unwrap_or(1.0))
                .then(a_near.cmp(b_near))
                .then(
                    b_range
                        .start
                        .abs_diff(anchor.start)
                        .cmp(&a_range.start.abs_diff(anchor.start)),
                )
        })
        .map(|(context, _, range)| (range, context))
}

/// Where the exact quote occurs in the text. A quote with a word inside it is looked
/// for only where the rarest of its inner words occurs, from the index; a quote of one
/// word or less is looked for in the whole text.
pub(super) fn occurrences(wanted: &Wanted, target: &Prepared) -> Vec<usize> {
    let quote = wanted.anchor.quote.as_str();
    if wanted.inner.is_empty() {
        return target.text.match_indices(quote).map(|(at, _)| at).collect();
    }
    let index = target.index();
    let rarest = wanted
        .inner
        .iter()
        .map(|&(hash, offset)| (index.at.get(&hash).map_or(&[][..], Vec::as_slice), offset))
        .min_by_key(|(places, _)| places.len());
    let Some((places, offset)) = rarest else {
        return Vec::new();
    };
    places
        .iter()
        .filter_map(|&j| index.words[j as usize].range.start.checked_sub(offset))
        .filter(|&at| target.text.get(at..at + quote.len()) == Some(quote))
        .collect()
}

/// The occurrence of the quote's words in order whose context matches best: a
/// selection made in the rendered page, where markup is gone. Between two of the quote's
/// words the Markdown may hold a few more (a link's address: "Quick Reorder" selected in
/// `[Quick Reorder](https://acme.example/reorder) app`); among equally good contexts the
/// occurrence with fewest words skipped wins, then the nearest.
pub(super) fn best_by_words(
    wanted: &Wanted,
    target: &Prepared,
) -> Option<(Range<usize>, Option<f64>)> {
    let index = target.index();
    let (first, rest) = wanted.quote.split_first()?;
    // (how well the context matches, words skipped, distance from the old place), the
    // range and the context's match.
    type Choice = ((f64, usize, usize), Range<usize>, Option<f64>);
    let mut best: Option<Choice> = None;
    for &i in index.at.get(first)? {
        let i = i as usize;
        let mut last = i;
        let mut found = true;
        for h in rest {
            let reach = (last + 2 + MAX_SKIPPED).min(index.hashes.len());
            match (last + 1..reach).find(|&j| index.hashes[j] == *h) {
                Some(j) => last = j,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if !found {
            continue;
        }
        let skipped = last + 1 - i - wanted.quote.len();
        let range = index.words[i].range.start..index.words[last].range.end;
        let context = wanted.context_at(index, range.clone());
        let score = context.unwrap_or(1.0);
        let distance = range.start.abs_diff(wanted.anchor.start);
        let better = match &best {
            None => true,
            Some(((s, k, d), _, _)) => {
                score > *s || (score == *s && (skipped < *k || (skipped == *k && distance < *d)))
            }
        };
        if better {
            best = Some(((score, skipped, distance), range, context));
        }
    }
    best.map(|(_, range, context)| (range, context))
}

/// The fuzzy step: the place whose words best match the quote's and the context's,
/// when it clears the thresholds on both.
pub(super) fn fuzzy(wanted: &Wanted, target: &Prepared) -> Option<Range<usize>> {
    if wanted.quote.is_empty() {
        return None;
    }
    let index = target.index();
    // The pattern is the context and the quote as one run of words; each word votes for
    // the diagonal (place in the text minus place in the pattern) of each occurrence.
    let pattern: Vec<u64> = [
        &wanted.ctx().prefix[..],
        &wanted.quote,
        &wanted.ctx().suffix,
    ]
    .concat();
    let quote_at = wanted.ctx().prefix.len()..wanted.ctx().prefix.len() + wanted.quote.len();
    // Votes, each a diagonal times two plus one when a word of the quote cast it (one
    // integer sorts fast); words too common to vote could still match, so they count
    // towards what a place could reach.
    let vote = |d: i64, quote: bool| d * 2 + i64::from(quote);
    let mut votes: Vec<i64> = Vec::new();
    let (mut silent_quote, mut silent_context) = (0usize, 0usize);
    for (i, h) in pattern.iter().enumerate() {
        let quote = quote_at.contains(&i);
        match index.at.get(h) {
            Some(places) if places.len() <= MAX_OCCURRENCES => {
                votes.extend(places.iter().map(|&j| vote(j as i64 - i as i64, quote)));
            }
            Some(_) if quote => silent_quote += 1,
            Some(_) => silent_context += 1,
            None => {}
        }
    }
    // Pairs of neighbouring words vote too: in a text where every word is common, the
    // pairs still say where a passage is.
    for (i, two) in pattern.windows(2).enumerate() {
        let quote = quote_at.contains(&i) || quote_at.contains(&(i + 1));
        if let Some(places) = index.at.get(&pair(two[0], two[1]))
            && places.len() <= MAX_OCCURRENCES
        {
            votes.extend(places.iter().map(|&j| vote(j as i64 - i as i64, quote)));
        }
    }
    if votes.is_empty() {
        return None;
    }
    votes.sort_unstable();
    let diagonal = |v: i64| v.div_euclid(2);
    let from_quote = |v: i64| v.rem_euclid(2) == 1;
    // Words inserted or deleted inside the pattern shift the diagonal a little: votes
    // within a band count together. A place is compared word by word only if the votes
    // there could clear the thresholds.
    let band = 2 + pattern.len() as i64 / 8;
    let quote_words = wanted.quote.len();
    let context_words = pattern.len() - quote_words;
    let mut windows: Vec<(usize, i64)> = Vec::new();
    let (mut end, mut quote_votes, mut context_votes) = (0, 0usize, 0usize);
    for start in 0..votes.len() {
        let d = diagonal(votes[start]);
        while end < votes.len() && diagonal(votes[end]) <= d + band {
            if from_quote(votes[end]) {
                quote_votes += 1;
            } else {
                context_votes += 1;
            }
            end += 1;
        }
        let quote = (quote_votes + silent_quote).min(quote_words) as f64 / quote_words as f64;
        let context = (context_words > 0).then(|| {
            (context_votes + silent_context).min(context_words) as f64 / context_words as f64
        });
        let could = Found {
            range: 0..0,
            quote,
            context,
            letters: (quote_words <= FEW_WORDS).then_some(1.0),
        };
        if could.accepted(quote_words) {
            windows.push((
                quote_votes + context_votes,
                diagonal(votes[(start + end - 1) / 2]),
            ));
        }
        if from_quote(votes[start]) {
            quote_votes -= 1;
        } else {
            context_votes -= 1;
        }
    }
    // The places with most votes first, each apart from those already tried: a few
    // scans, no sort of every window.
    let mut tried: Vec<i64> = Vec::new();
    let mut best: Option<(f64, usize, Range<usize>)> = None;
    while tried.len() < CANDIDATES {
        let next = windows
            .iter()
            .filter(|(_, d)| tried.iter().all(|t| (t - d).abs() > band))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some(&(_, d)) = next else {
            break;
        };
        tried.push(d);
        let Some(found) = compare_at(wanted, &pattern, quote_at.clone(), index, target.text, d)
        else {
            continue;
        };
        let distance = found.range.start.abs_diff(wanted.anchor.start);
        let score = found.score();
        let better = match &best {
            None => true,
            Some((s, dist, _)) => score > *s || (score == *s && distance < *dist),
        };
        if better {
            best = Some((score, distance, found.range));
        }
    }
    best.map(|(_, _, range)| range)
}

impl Found {
    /// Whether this is the passage: most of the quote between most of its context, or a
    /// long passage that kept nearly all its words wherever it went.
    pub(super) fn accepted(&self, quote_words: usize) -> bool {
        let long = quote_words >= LONG_WORDS && self.quote >= LONG_MATCH;
        let kept = self.quote >= QUOTE_MATCH || self.letters.is_some_and(|l| l >= LETTERS_MATCH);
        long || (kept && self.context.is_none_or(|c| c >= CONTEXT_MATCH))
    }

    /// How well the passage and its context held, for choosing among places.
    pub(super) fn score(&self) -> f64 {
        self.quote.max(self.letters.unwrap_or(0.0)) + self.context.unwrap_or(1.0)
    }
}

/// What the word-by-word comparison found at one place.
pub(super) struct Found {
    pub(super) range: Range<usize>,
    /// The share of the quote's words kept, of the larger of old and new passage.
    pub(super) quote: f64,
    /// The share of the context's words kept; `None` without context.
    pub(super) context: Option<f64>,
    /// For a quote of a few words, how alike old and new are letter by letter.
    pub(super) letters: Option<f64>,
}

/// Compares the quote and its context with the text's words around diagonal `d` (of
/// the pattern: context, quote, context), and finds the passage that stands there now.
///
/// Two alignments are tried and the better kept. The whole pattern aligned at once
/// finds a passage changed in place, between its context. The quote aligned alone,
/// then each side's context with the words just before and after it, finds a passage
/// that went elsewhere while its old context stayed behind (aligned at once, the
/// context would pull the alignment back to the old place).
pub(super) fn compare_at(
    wanted: &Wanted,
    pattern: &[u64],
    quote_at: Range<usize>,
    index: &Index,
    text: &str,
    d: i64,
) -> Option<Found> {
    let (words, hashes) = (&index.words, &index.hashes);
    let n = words.len() as i64;
    let clamp = |at: i64| at.clamp(0, n) as usize;
    let (prefix, quote, suffix) = (&wanted.ctx().prefix, &wanted.quote, &wanted.ctx().suffix);
    let slack = (4 + pattern.len() as i64 / 4).min(MAX_SLACK);
    let quote_slack = (4 + quote.len() as i64 / 4).min(MAX_SLACK);
    let context_words = prefix.len() + suffix.len();

    // First a cheap bound: no alignment pairs more words than the two share as bags of
    // words. Most places fail here, before any word-by-word comparison.
    let from = clamp(d - slack);
    let to = clamp(d + pattern.len() as i64 + slack);
    let quote_from = clamp(d + quote_at.start as i64 - quote_slack);
    let quote_to = clamp(d + quote_at.end as i64 + quote_slack);
    let could = Found {
        range: 0..0,
        quote: shared(&wanted.quote_bag, &hashes[quote_from..quote_to]) as f64 / quote.len() as f64,
        context: (context_words > 0)
            .then(|| shared(&wanted.ctx().bag, &hashes[from..to]) as f64 / context_words as f64),
        letters: (quote.len() <= FEW_WORDS).then_some(1.0),
    };
    if !could.accepted(quote.len()) {
        return None;
    }
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();

    // The quote's words found here, aligned alone: when too few are left, no alignment
    // can make this the passage (unless a few words may be found letter by letter).
    let quote_kept = aligned(
        quote,
        &hashes[quote_from..quote_to],
        d + quote_at.start as i64 - quote_from as i64,
        quote_slack,
    );
    if quote.len() > FEW_WORDS && (quote_kept.len() as f64) < QUOTE_MATCH * quote.len() as f64 {
        return None;
    }

    // The whole pattern at once.
    let kept = aligned(pattern, &hashes[from..to], d - from as i64, slack);
    let in_quote = |p: &usize| quote_at.contains(p);
    let prefix_end = kept
        .iter()
        .filter(|(p, _)| *p < quote_at.start)
        .map(|&(_, w)| from + w + 1)
        .max();
    let suffix_start = kept
        .iter()
        .filter(|(p, _)| *p >= quote_at.end)
        .map(|&(_, w)| from + w)
        .min();
    let first = kept.iter().find(|(p, _)| in_quote(p));
    let last = kept.iter().rev().find(|(p, _)| in_quote(p));
    let kept_quote = kept.iter().filter(|(p, _)| in_quote(p)).count();
    let span = match (first, last) {
        (Some(&(fp, fw)), Some(&(lp, lw))) => Some((
            prefix_end.unwrap_or_else(|| (from + fw).saturating_sub(fp - quote_at.start)),
            suffix_start.unwrap_or((from + lw + quote_at.end - lp).min(words.len())),
        )),
        _ => prefix_end.zip(suffix_start),
    };
    if let Some((start, end)) = span {
        found.push((start, end, kept_quote, kept.len() - kept_quote));
    }

    // The quote alone, then its context around it.
    let from = quote_from;
    let kept = quote_kept;
    if let (Some(&(fp, fw)), Some(&(lp, lw))) = (kept.first(), kept.last()) {
        let (fw, lw) = (from + fw, from + lw);
        let context_slack = 4 + prefix.len().max(suffix.len()) / 4;
        let before_from = fw.saturating_sub(fp + prefix.len() + context_slack);
        let center = fw as i64 - fp as i64 - prefix.len() as i64 - before_from as i64;
        let before = aligned(
            prefix,
            &hashes[before_from..fw],
            center,
            context_slack as i64,
        );
        let after_to =
            (lw + 1 + (quote.len() - 1 - lp) + suffix.len() + context_slack).min(words.len());
        let center = (quote.len() - 1 - lp) as i64;
        let after = aligned(
            suffix,
            &hashes[lw + 1..after_to],
            center,
            context_slack as i64,
        );
        // Words between the kept context and the first and last kept words of the quote
        // replaced the quote's own; without context on a side, the passage reaches as
        // far as the quote's missing words would.
        let start = match before.last() {
            Some(&(_, w)) => before_from + w + 1,
            None => fw.saturating_sub(fp),
        };
        let end = match after.first() {
            Some(&(_, w)) => lw + 1 + w,
            None => (lw + 1 + (quote.len() - 1 - lp)).min(words.len()),
        };
        found.push((start, end, kept.len(), before.len() + after.len()));
    }

    found
        .into_iter()
        .filter(|(start, end, _, _)| start < end)
        .map(|(start, end, kept_quote, kept_context)| {
            let range = words[start].range.start..words[end - 1].range.end;
            let letters = (quote.len() <= FEW_WORDS).then(|| {
                if end - start > 2 * FEW_WORDS {
                    return 0.0;
                }
                TextDiff::from_chars(wanted.anchor.quote.trim(), &text[range.clone()]).ratio()
                    as f64
            });
            Found {
                range,
                quote: kept_quote as f64 / quote.len().max(end - start) as f64,
                context: (context_words > 0).then(|| kept_context as f64 / context_words as f64),
                letters,
            }
        })
        .filter(|found| found.accepted(quote.len()))
        .max_by(|a, b| a.score().total_cmp(&b.score()))
}

/// The words of `a` and `b` that a longest common subsequence pairs, as (place in `a`,
/// place in `b`), looking only within `band` of the diagonal `center` (where `b[i +
/// center]` is expected to match `a[i]`): the work is `a`'s length times the band, never
/// the product of the lengths. Of those, only the pairs near their median diagonal are
/// kept: a common word ("the") may pair far from the rest.
pub(super) fn aligned(a: &[u64], b: &[u64], center: i64, band: i64) -> Vec<(usize, usize)> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let (m, n) = (a.len() as i64, b.len() as i64);
    let width = (2 * band + 1) as usize;
    // Row i holds the cells j = i + center - band + k for k in 0..width; a cell outside
    // the band or the text counts as 0. Its neighbours: (i-1, j-1) is k in the row
    // above, (i-1, j) is k+1 there, (i, j-1) is k-1 in this row.
    let mut lcs = vec![0u32; (m as usize + 1) * width];
    let mut best = (0u32, 0usize, 0usize);
    for i in 1..=m as usize {
        let first_j = i as i64 + center - band;
        let (above, here) = lcs[(i - 1) * width..(i + 1) * width].split_at_mut(width);
        let wanted = a[i - 1];
        for k in 0..width {
            let j = first_j + k as i64;
            if j < 1 || j > n {
                continue;
            }
            let mut value = if b[j as usize - 1] == wanted {
                above[k] + 1
            } else {
                0
            };
            if k + 1 < width {
                value = value.max(above[k + 1]);
            }
            if k > 0 {
                value = value.max(here[k - 1]);
            }
            here[k] = value;
            if value > best.0 {
                best = (value, i, k);
            }
        }
    }
    let value = |i: usize, j: i64| -> u32 {
        let k = j - i as i64 - center + band;
        if j < 0 || j > n || k < 0 || k >= width as i64 {
            0
        } else {
            lcs[i * width + k as usize]
        }
    };
    let (mut i, mut j) = (best.1, best.1 as i64 + center - band + best.2 as i64);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    while i > 0 && j > 0 && value(i, j) > 0 {
        if a[i - 1] == b[j as usize - 1] && value(i, j) == value(i - 1, j - 1) + 1 {
            pairs.push((i - 1, j as usize - 1));
            i -= 1;
            j -= 1;
        } else if value(i - 1, j) == value(i, j) {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    if pairs.is_empty() {
        return pairs;
    }
    let mut diagonals: Vec<i64> = pairs.iter().map(|&(p, w)| w as i64 - p as i64).collect();
    diagonals.sort_unstable();
    let median = diagonals[diagonals.len() / 2];
    let keep = 2 + a.len() as i64 / 8;
    pairs.retain(|&(p, w)| (w as i64 - p as i64 - median).abs() <= keep);
    pairs
}
