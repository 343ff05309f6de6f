//! Re-anchoring, tested on the known ways anchors fail and on random edits around and
//! inside a passage, moves, deletions and copies of the quote elsewhere.

use prfaq_review::{Anchor, Placement, State, reattach, reattach_all};
use proptest::prelude::*;

/// The anchor on the first occurrence of `quote` in `text`.
fn anchor(text: &str, quote: &str) -> Anchor {
    let start = text.find(quote).expect("the quote is in the text");
    Anchor::new(text, start, start + quote.len()).unwrap()
}

/// The anchor on the `n`th occurrence (from 0) of `quote` in `text`.
fn anchor_nth(text: &str, quote: &str, n: usize) -> Anchor {
    let (start, _) = text.match_indices(quote).nth(n).expect("the occurrence");
    Anchor::new(text, start, start + quote.len()).unwrap()
}

fn placed<'a>(placement: &Placement, text: &'a str) -> &'a str {
    &text[placement.range.clone().expect("a range")]
}

const DOC: &str = "\
# Quick Reorder

Customers reorder their usual groceries in one tap. The app remembers the last basket \
and the delivery slot that suited them.

## FAQ

**How fast is checkout?** Checkout takes one tap as well, because the card is already \
on file and the address is confirmed once.

**Who pays for delivery?** Delivery is free above twenty pounds.
";

#[test]
fn a_short_quote_that_occurs_twice_follows_its_context() {
    // The second "one tap", in the FAQ answer, not the first, in the press release.
    let a = anchor_nth(DOC, "one tap", 1);
    let new = DOC.replace(
        "# Quick Reorder\n",
        "# Quick Reorder\n\nA new opening line.\n",
    );
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Moved);
    let second = new.match_indices("one tap").nth(1).unwrap().0;
    assert_eq!(p.range, Some(second..second + "one tap".len()));
    // The answer rewritten around it: the other "one tap" is not the passage.
    let rewritten = DOC.replace(
        "Checkout takes one tap as well, because the card is already on file and the address is confirmed once.",
        "Paying is instant.",
    );
    assert_eq!(reattach(&a, &rewritten).state, State::Orphaned);
}

#[test]
fn a_short_quote_whose_context_stays_is_not_taken_elsewhere() {
    let a = anchor_nth(DOC, "one tap", 0);
    // A new "one tap" earlier in the text, in another context.
    let new = DOC.replace(
        "# Quick Reorder\n",
        "# Quick Reorder\n\nEverything in one tap!\n",
    );
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Moved);
    let first = new.find("groceries in one tap").unwrap() + "groceries in ".len();
    assert_eq!(p.range, Some(first..first + "one tap".len()));
}

#[test]
fn a_passage_cut_and_pasted_elsewhere_is_moved_there() {
    let passage = "The app remembers the last basket and the delivery slot that suited them.";
    let a = anchor(DOC, passage);
    let new = DOC.replace(&format!(" {passage}"), "").replace(
        "free above twenty pounds.",
        &format!("free above twenty pounds. {passage}"),
    );
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Moved);
    assert_eq!(placed(&p, &new), passage);
}

#[test]
fn a_passage_cut_edited_and_pasted_elsewhere_is_changed_there() {
    let passage = "The app remembers the last basket and the delivery slot that suited them.";
    let edited =
        "The app remembers the last basket and the delivery slot that suited each customer.";
    let a = anchor(DOC, passage);
    let new = DOC.replace(&format!(" {passage}"), "").replace(
        "free above twenty pounds.",
        &format!("free above twenty pounds. {edited}"),
    );
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Changed);
    assert!(edited.contains(placed(&p, &new)), "{:?}", placed(&p, &new));
    assert!(placed(&p, &new).starts_with("The app remembers"));
}

#[test]
fn a_deleted_passage_is_orphaned() {
    let passage = "The app remembers the last basket and the delivery slot that suited them.";
    let a = anchor(DOC, passage);
    let new = DOC.replace(&format!(" {passage}"), "");
    assert_eq!(
        reattach(&a, &new),
        Placement {
            state: State::Orphaned,
            range: None
        }
    );
}

#[test]
fn a_word_is_not_found_in_another_that_shares_its_letters() {
    // The case that froze and misled a well-known annotation tool: a name gone from a
    // sentence whose other words mostly stayed must not land on a word nearby.
    let old = "The kernel was first written by Linus in 1991 for his own machines at home.";
    let new = "The kernel was first written in 1991 for the machines of the day at home.";
    let a = anchor(old, "Linus");
    assert_eq!(reattach(&a, new).state, State::Orphaned);
    // Nor on a word that looks like it in another sentence.
    let new = "The kernel was first written in 1991. Lines of it still run at home.";
    assert_eq!(reattach(&a, new).state, State::Orphaned);
}

#[test]
fn a_corrected_word_keeps_its_comment() {
    let old = "Customers recieve their order within the hour, or the delivery is free.";
    let new = "Customers receive their order within the hour, or the delivery is free.";
    let a = anchor(old, "recieve");
    let p = reattach(&a, new);
    assert_eq!(p.state, State::Changed);
    assert_eq!(placed(&p, new), "receive");
}

#[test]
fn a_reworded_passage_between_the_same_context_is_changed() {
    let passage = "Checkout takes one tap as well, because the card is already on file";
    let a = anchor(DOC, passage);
    let new = DOC.replace(
        passage,
        "Checkout takes a single tap as well, since the card is already on file",
    );
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Changed);
    assert_eq!(
        placed(&p, &new),
        "Checkout takes a single tap as well, since the card is already on file"
    );
}

#[test]
fn a_passage_rewritten_beyond_recognition_is_orphaned() {
    let passage = "Checkout takes one tap as well, because the card is already on file";
    let a = anchor(DOC, passage);
    let new = DOC.replace(
        passage,
        "Paying needs nothing more than a glance at your phone",
    );
    assert_eq!(reattach(&a, &new).state, State::Orphaned);
}

#[test]
fn many_anchors_are_placed_in_order() {
    let anchors = [
        anchor(DOC, "Quick Reorder"),
        anchor(DOC, "twenty pounds"),
        anchor(DOC, "delivery slot"),
    ];
    let new = DOC
        .replace("twenty pounds", "thirty pounds")
        .replace("Quick", "Rapid");
    let placements = reattach_all(&anchors, &new);
    assert_eq!(placements.len(), 3);
    assert_eq!(placements[0].state, State::Changed);
    assert_eq!(placed(&placements[0], &new), "Rapid Reorder");
    assert_eq!(placements[1].state, State::Changed);
    assert_eq!(placed(&placements[1], &new), "thirty pounds");
    assert_eq!(placements[2].state, State::Attached);
}

#[test]
fn a_placement_carries_the_anchor_to_the_next_revision() {
    let a = anchor(DOC, "delivery slot");
    let new = format!("Intro.\n\n{DOC}");
    let p = reattach(&a, &new);
    let carried = p.anchor(&a, &new);
    assert_eq!(carried.quote, "delivery slot");
    assert_eq!(reattach(&carried, &new).state, State::Attached);
    let orphan = reattach(&a, "Nothing left.");
    assert_eq!(orphan.anchor(&a, "Nothing left."), a);
}

#[test]
fn a_selection_across_markup_is_located_by_its_words() {
    let text = "Customers **reorder** in one tap. Reorder in one tap again.";
    let a = Anchor::locate(text, "reorder in one tap", "Customers ", ". Reorder").unwrap();
    assert_eq!(a.quote, "reorder** in one tap");
    assert_eq!(a.start, text.find("reorder").unwrap());
}

// Property tests: documents of distinct words, so where the passage should land is known.

/// A document of `n` distinct words, and the byte range of each word once joined by
/// single spaces.
fn doc(words: &[String]) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        ranges.push(text.len()..text.len() + w.len());
        text.push_str(w);
    }
    (text, ranges)
}

fn distinct_words(min: usize, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,7}", min..max).prop_map(|ws| {
        ws.into_iter()
            .enumerate()
            .map(|(i, w)| format!("{w}{i}x"))
            .collect()
    })
}

/// The byte range of words `from..to` in the joined document.
fn span(ranges: &[std::ops::Range<usize>], from: usize, to: usize) -> std::ops::Range<usize> {
    ranges[from].start..ranges[to - 1].end
}

/// One edit outside a passage: insert fresh words at, or delete the word at, a place
/// chosen by `at` among the places that are not in the passage.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, usize),
    Delete(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), 1usize..4).prop_map(|(at, n)| Edit::Insert(at, n)),
            any::<usize>().prop_map(Edit::Delete),
        ],
        0..12,
    )
}

/// Applies `edits` to `words` outside `passage` (word indices), and gives the words and
/// the passage's new indices.
fn apply_outside(
    mut words: Vec<String>,
    mut passage: std::ops::Range<usize>,
    edits: &[Edit],
) -> (Vec<String>, std::ops::Range<usize>) {
    for (k, edit) in edits.iter().enumerate() {
        match *edit {
            Edit::Insert(at, n) => {
                // Places 0..=len, but not strictly inside the passage.
                let places: Vec<usize> = (0..=words.len())
                    .filter(|&p| p <= passage.start || p >= passage.end)
                    .collect();
                let p = places[at % places.len()];
                for j in 0..n {
                    words.insert(p, format!("fresh{k}x{j}"));
                }
                if p <= passage.start {
                    passage = passage.start + n..passage.end + n;
                }
            }
            Edit::Delete(at) => {
                let outside: Vec<usize> =
                    (0..words.len()).filter(|i| !passage.contains(i)).collect();
                if outside.is_empty() {
                    continue;
                }
                let i = outside[at % outside.len()];
                words.remove(i);
                if i < passage.start {
                    passage = passage.start - 1..passage.end - 1;
                }
            }
        }
    }
    (words, passage)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn edits_around_a_passage_leave_it_attached_or_moved(
        words in distinct_words(20, 120),
        start in any::<usize>(),
        len in 1usize..10,
        edits in edits(),
    ) {
        let start = start % (words.len() - len);
        let passage = start..start + len;
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[passage.start].start, ranges[passage.end - 1].end).unwrap();
        let (new_words, moved) = apply_outside(words, passage, &edits);
        let (new, new_ranges) = doc(&new_words);
        let p = reattach(&a, &new);
        let expected = span(&new_ranges, moved.start, moved.end);
        if a.quote.split(' ').count() >= 4 {
            // A long quote is found wherever it went.
            prop_assert_eq!(p.range.clone(), Some(expected.clone()));
        }
        // A short one only where its context still is, and then at the passage.
        if let Some(range) = p.range.clone() {
            prop_assert_eq!(range.clone(), expected.clone());
            let state = if range == (a.start..a.end) { State::Attached } else { State::Moved };
            prop_assert_eq!(p.state, state);
        }
        if edits.is_empty() {
            prop_assert_eq!(p.state, State::Attached);
        }
    }

    #[test]
    fn a_word_replaced_inside_a_passage_leaves_it_changed(
        words in distinct_words(30, 100),
        start in any::<usize>(),
        len in 8usize..16,
        inner in any::<usize>(),
    ) {
        let start = start % (words.len() - len);
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[start].start, ranges[start + len - 1].end).unwrap();
        let mut new_words = words.clone();
        let at = start + inner % len;
        new_words[at] = "replacement".to_owned();
        let (new, new_ranges) = doc(&new_words);
        let p = reattach(&a, &new);
        prop_assert_eq!(p.state, State::Changed);
        prop_assert_eq!(p.range, Some(span(&new_ranges, start, start + len)));
    }

    #[test]
    fn several_edits_inside_a_passage_leave_it_changed_over_its_new_words(
        words in distinct_words(30, 100),
        start in any::<usize>(),
        len in 8usize..24,
        edits in prop::collection::vec((any::<usize>(), any::<bool>()), 1..6),
    ) {
        let start = start % (words.len() - len);
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[start].start, ranges[start + len - 1].end).unwrap();
        // At most a quarter of the passage's words replaced or added, never at its ends.
        let mut new_words = words.clone();
        let mut end = start + len;
        for (k, (at, insert)) in edits.iter().take(len / 4).enumerate() {
            let at = start + 1 + at % (end - start - 2);
            if *insert {
                new_words.insert(at, format!("added{k}q"));
                end += 1;
            } else {
                new_words[at] = format!("replaced{k}q");
            }
        }
        let (new, new_ranges) = doc(&new_words);
        let p = reattach(&a, &new);
        prop_assert_eq!(p.state, State::Changed);
        prop_assert_eq!(p.range, Some(span(&new_ranges, start, end)));
    }

    #[test]
    fn a_deleted_passage_is_orphaned_whatever_else_changed(
        words in distinct_words(20, 100),
        start in any::<usize>(),
        len in 1usize..12,
        edits in edits(),
    ) {
        let start = start % (words.len() - len);
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[start].start, ranges[start + len - 1].end).unwrap();
        let (mut new_words, moved) = apply_outside(words, start..start + len, &edits);
        new_words.drain(moved);
        let (new, _) = doc(&new_words);
        prop_assert_eq!(reattach(&a, &new).state, State::Orphaned);
    }

    #[test]
    fn a_passage_moved_elsewhere_is_found_there(
        words in distinct_words(40, 120),
        start in any::<usize>(),
        len in 4usize..12,
        to in any::<usize>(),
    ) {
        let start = start % (words.len() - len);
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[start].start, ranges[start + len - 1].end).unwrap();
        let mut rest = words.clone();
        let passage: Vec<String> = rest.drain(start..start + len).collect();
        // Anywhere but where it was.
        let places: Vec<usize> = (0..=rest.len()).filter(|&p| p != start).collect();
        let to = places[to % places.len()];
        let mut new_words = rest;
        for (k, w) in passage.into_iter().enumerate() {
            new_words.insert(to + k, w);
        }
        let (new, new_ranges) = doc(&new_words);
        let p = reattach(&a, &new);
        prop_assert_eq!(p.state, State::Moved);
        prop_assert_eq!(p.range, Some(span(&new_ranges, to, to + len)));
    }

    #[test]
    fn copies_of_the_quote_elsewhere_do_not_take_the_comment(
        words in distinct_words(100, 160),
        start in any::<usize>(),
        len in 1usize..6,
        copies in prop::collection::vec(any::<usize>(), 1..4),
    ) {
        // The passage in the middle, copies at least 40 words away (outside its context).
        let start = 45 + start % (words.len() - 90 - len);
        let (old, ranges) = doc(&words);
        let a = Anchor::new(&old, ranges[start].start, ranges[start + len - 1].end).unwrap();
        let passage: Vec<String> = words[start..start + len].to_vec();
        let mut new_words = words.clone();
        let mut original = start;
        for c in copies {
            let far: Vec<usize> = (0..=new_words.len())
                .filter(|&p| p + 40 <= original || p >= original + len + 40)
                .collect();
            let p = far[c % far.len()];
            for (k, w) in passage.iter().enumerate() {
                new_words.insert(p + k, w.clone());
            }
            if p <= original {
                original += len;
            }
        }
        let (new, new_ranges) = doc(&new_words);
        let p = reattach(&a, &new);
        prop_assert_eq!(p.range, Some(span(&new_ranges, original, original + len)));
    }

    #[test]
    fn any_text_and_any_edit_give_a_placement_inside_the_text(
        old in "\\PC{1,200}",
        new in "\\PC{0,200}",
        from in any::<usize>(),
        to in any::<usize>(),
    ) {
        let bounds: Vec<usize> = old.char_indices().map(|(i, _)| i).chain([old.len()]).collect();
        let (mut s, mut e) = (bounds[from % bounds.len()], bounds[to % bounds.len()]);
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let Ok(a) = Anchor::new(&old, s, e) else { return Ok(()) };
        for text in [&old, &new] {
            let p = reattach(&a, text);
            match (&p.state, &p.range) {
                (State::Orphaned, None) => {}
                (state, Some(range)) => {
                    prop_assert!(text.get(range.clone()).is_some(), "{range:?} in {text:?}");
                    if matches!(state, State::Attached | State::Moved) {
                        prop_assert_eq!(&text[range.clone()], a.quote.as_str());
                    }
                    if *state == State::Attached {
                        prop_assert_eq!(range.clone(), a.start..a.end);
                    }
                }
                other => prop_assert!(false, "{other:?}"),
            }
        }
        prop_assert_eq!(reattach(&a, &old).state, State::Attached);
    }
}

#[test]
fn a_long_passage_edited_in_place_is_changed_at_bounded_cost() {
    // A whole section quoted: 6,000 words, one in fifty replaced.
    let words: Vec<String> = (0..6_000)
        .map(|i| format!("w{}x", i % 997 * 7 + i / 997))
        .collect();
    let old = format!("Intro here. {} Outro there.", words.join(" "));
    let quote = words.join(" ");
    let a = anchor(&old, &quote);
    let edited: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % 50 == 7 {
                "edited".to_owned()
            } else {
                w.clone()
            }
        })
        .collect();
    let new = format!("Intro here. {} Outro there.", edited.join(" "));
    let p = reattach(&a, &new);
    assert_eq!(p.state, State::Changed);
    assert_eq!(placed(&p, &new), edited.join(" "));
}

#[test]
fn a_passage_in_a_script_without_spaces_is_followed_through_an_edit() {
    let old = "顾客一键重新下单。每周的购物车会自动保存，配送时间也会保留。客服随时待命。";
    let quote = "每周的购物车会自动保存，配送时间也会保留。";
    let a = anchor(old, quote);
    let new = "顾客一键重新下单。每周的购物车会自动保存，送货时间也会保留。客服随时待命。";
    let p = reattach(&a, new);
    assert_eq!(p.state, State::Changed);
    assert_eq!(placed(&p, new), "每周的购物车会自动保存，送货时间也会保留");
}

#[test]
fn a_text_of_one_word_repeated_gives_an_answer_not_a_hang() {
    // Every word and every pair of words occurs everywhere: nothing votes, and each
    // exact occurrence is compared only as far as the bounded first look.
    let old = format!("{}needle {}", "the ".repeat(20_000), "the ".repeat(20_000));
    let a = anchor(&old, "the the needle the the");
    let new = old.replace("needle ", "");
    assert_eq!(reattach(&a, &new).state, State::Orphaned);
    let short = anchor(&old, "the the");
    assert_eq!(reattach(&short, &new).state, State::Attached);
    let moved = format!("the {old}");
    assert_eq!(reattach(&a, &moved).state, State::Moved);
}

#[test]
fn a_selection_across_a_link_is_located_in_the_markdown() {
    let text = "Parents use [Quick Reorder](https://acme.example/reorder) every week. \
                Others use Quick Reorder monthly.";
    let a = Anchor::locate(text, "use Quick Reorder every week", "Parents ", ". Others").unwrap();
    assert_eq!(
        a.quote,
        "use [Quick Reorder](https://acme.example/reorder) every week"
    );
    // Words the Markdown does not hold in that order are not found.
    assert_eq!(
        Anchor::locate(text, "use every Quick week", "", ""),
        Err(prfaq_review::AnchorError::QuoteNotFound)
    );
}

/// A passage that starts or ends inside a run of letters (text without spaces, or a
/// selection that cuts a word) stays attached to its own text: once found by the
/// property test above, with a CJK character between two letters of other scripts.
#[test]
fn a_passage_cut_inside_a_word_stays_attached_to_its_own_text() {
    let old = "0 \u{119A0}\u{3400}\u{0AB5}{\u{2D27}\u{0D0E}  ";
    let bounds: Vec<usize> = old
        .char_indices()
        .map(|(i, _)| i)
        .chain([old.len()])
        .collect();
    for &s in &bounds {
        for &e in bounds.iter().filter(|&&e| e >= s) {
            let Ok(a) = Anchor::new(old, s, e) else {
                continue;
            };
            assert_eq!(
                reattach(&a, old).state,
                State::Attached,
                "{s}..{e} {:?}",
                a.quote
            );
        }
    }
    let text = "東京で週に一度の買い物を一回で済ませる。";
    let a = Anchor::new(text, 9, 18).unwrap();
    let p = reattach(&a, text);
    assert_eq!((p.state, p.range), (State::Attached, Some(9..18)));
}
