//! Who the document is written for: whether its readers are technical people, which
//! PL202 and PL208 both ask (engineering words and acronyms are excused then).

use std::collections::HashSet;

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::words::ListKind;

/// Words that name a technical customer.
const TECHNICAL_PEOPLE: &[&str] = &[
    "developer",
    "developers",
    "engineer",
    "engineers",
    "programmer",
    "programmers",
    "devops",
    "sre",
    "sres",
    "sysadmin",
    "sysadmins",
    "scientist",
    "scientists",
    "coder",
    "coders",
    "devs",
    "maintainer",
    "maintainers",
];

/// True when `lower`, a word in lowercase, is one of [`TECHNICAL_PEOPLE`]. A `match`,
/// which compiles to a switch on the length, not a comparison with every entry.
fn is_technical_person(lower: &str) -> bool {
    matches!(
        lower,
        "developer"
            | "developers"
            | "engineer"
            | "engineers"
            | "programmer"
            | "programmers"
            | "devops"
            | "sre"
            | "sres"
            | "sysadmin"
            | "sysadmins"
            | "scientist"
            | "scientists"
            | "coder"
            | "coders"
            | "devs"
            | "maintainer"
            | "maintainers"
    )
}

/// True when `word` starts with a letter, in either case, that one of
/// [`TECHNICAL_PEOPLE`] starts with.
fn starts_like_a_person(word: &[u8]) -> bool {
    word.first()
        .is_some_and(|b| matches!(b | 0x20, b'c' | b'd' | b'e' | b'm' | b'p' | b's'))
}

/// Front-matter fields besides `customer` that say who the document is for.
const AUDIENCE_FIELDS: &[&str] = &["audience", "customers", "users", "persona", "for"];

/// True when the document is written for technical people (see the rule's doc): its
/// front matter's `customer` (or `audience`) names them or the engineering thing they
/// work with; its customer text names them twice, or its
/// headline or subheadline once; its headline, subheadline or summary says the product
/// is a technical thing (an API, a CLI); its press release uses five engineering words
/// or more across three paragraphs; or it shows inline code in two blocks or more
/// (commands and identifiers are written for people who run them).
pub(crate) fn technical_audience(ctx: &Context) -> bool {
    let is_person = |word: &str| {
        // Most words of the customer's prose are compared with none of them.
        starts_like_a_person(word.as_bytes())
            && TECHNICAL_PEOPLE
                .iter()
                .any(|p| p.eq_ignore_ascii_case(word))
    };
    let names = |text: &str| {
        prfaq_text::words(text)
            .into_iter()
            .filter(|w| is_person(&text[w.clone()]))
            .count()
    };
    let doc = ctx.doc;
    let technical = ctx.list(ListKind::Technical);
    // Hyphenated words count by their parts: a "CLI-first tool" is a CLI.
    let hits = |text: &str| {
        let spaced = text.replace('-', " ");
        technical.find(&spaced, &prfaq_text::words(&spaced))
    };
    // What the front matter says of the customer: `customer`, or a field such as
    // `audience`. Technical people ("platform engineers"), or people described by the
    // engineering thing they work with ("teams that run Kubernetes clusters").
    if let Some(front) = &doc.front_matter {
        let described = front.customer.iter().map(String::as_str).chain(
            front
                .fields
                .iter()
                .filter(|(k, _)| AUDIENCE_FIELDS.contains(&k.to_lowercase().as_str()))
                .map(|(_, v)| v.as_str()),
        );
        for customer in described {
            if names(customer) > 0 || !hits(customer).is_empty() {
                return true;
            }
        }
    }
    let heads = [PartKind::Headline, PartKind::Subheadline];
    for part in heads.iter().filter_map(|&k| doc.part(k)) {
        let text = &part.prose.text;
        if names(text) > 0 || !hits(text).is_empty() {
            return true;
        }
    }
    // "The Evergreen Bible, a Bible API that …": the summary says the product is one.
    if let Some(summary) = ctx.press_release_texts().find(|t| !t.heading) {
        let prose = &summary.prose.text;
        let first = summary.sentences().first().map_or(prose.len(), |s| s.end);
        let apposition = [", a ", ", an "].iter().any(|lead| {
            prose[..first].match_indices(lead).any(|(at, l)| {
                let rest = &prose[at + l.len()..first];
                let end = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
                let head: String = rest[..end]
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                !hits(&head).is_empty()
            })
        });
        if apposition {
            return true;
        }
    }
    // A press release that names five engineering things or more across three
    // paragraphs is written in its readers' own terms.
    let mut distinct: HashSet<String> = HashSet::new();
    let mut blocks: HashSet<usize> = HashSet::new();
    for text in ctx.press_release_texts() {
        // The text's own words serve unless a hyphen joins a term to another word: a
        // hyphen between words splits the text where a space would.
        let prose = &text.prose.text;
        let joined =
            prose.contains('-') && text.words().iter().any(|w| prose[w.clone()].contains('-'));
        let found = if joined {
            std::borrow::Cow::Owned(hits(&text.prose.text))
        } else {
            std::borrow::Cow::Borrowed(text.find(technical))
        };
        for hit in found.iter() {
            distinct.insert(hit.entry.to_lowercase());
            blocks.insert(text.block);
        }
    }
    if distinct.len() >= 5 && blocks.len() >= 3 {
        return true;
    }
    // The texts' words in lowercase, made once for the word lists, compared whole: an
    // ASCII word is one of them when its lowercase is (a word that is not ASCII never is).
    let people: usize = ctx
        .customer_texts()
        .map(|t| {
            t.words()
                .iter()
                .zip(t.lowered())
                .filter(|(w, lower)| {
                    // Its first letter first: most words start none of the people's.
                    starts_like_a_person(lower.as_bytes())
                        && t.prose.text.as_bytes()[(*w).clone()].is_ascii()
                        && is_technical_person(lower)
                })
                .count()
        })
        .sum();
    let code_blocks = ctx
        .press_release_texts()
        .filter(|t| prfaq_doc::has_code(&t.prose.text))
        .count();
    people >= 2 || code_blocks >= 2
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_match_is_the_list() {
        for p in super::TECHNICAL_PEOPLE {
            assert!(super::is_technical_person(p), "`{p}` is not matched");
        }
        assert!(!super::is_technical_person("designer"));
    }

    #[test]
    fn technical_people_start_where_the_filter_looks() {
        for p in super::TECHNICAL_PEOPLE {
            assert!(
                super::starts_like_a_person(p.as_bytes()),
                "`{p}` would never be found"
            );
            assert!(super::starts_like_a_person(p.to_uppercase().as_bytes()));
        }
    }
}
