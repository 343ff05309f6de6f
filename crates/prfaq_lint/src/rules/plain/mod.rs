//! Plain-language rules (PL2xx): read the press release and the customer FAQ as a
//! customer would, except PL210, which reads the whole document.

pub mod internal_metric;
pub mod jargon;
pub mod long_sentence;
pub mod passive_voice;
pub mod placeholder;
pub mod reading_level;
pub mod technical_detail;
pub mod undefined_acronym;
pub mod unsupported_superlative;
pub mod weasel_word;

crate::registry::rules! {
    jargon::Jargon,
    technical_detail::TechnicalDetail,
    internal_metric::InternalMetric,
    weasel_word::WeaselWord,
    passive_voice::PassiveVoice,
    long_sentence::LongSentence,
    reading_level::ReadingLevel,
    undefined_acronym::UndefinedAcronym,
    unsupported_superlative::UnsupportedSuperlative,
    placeholder::Placeholder,
}

use std::borrow::Cow;
use std::ops::Range;

use prfaq_doc::PartKind;

use crate::context::{Context, Text};

/// The byte ranges of `text` that are someone else's speech: the whole of a customer
/// quote (often a block quote without quotation marks), and quoted words anywhere but
/// in the leader's quote. A customer speaks in their own voice, so style rules about
/// hedges, passives and claims do not rewrite what they say; a leader's quote speaks
/// for the product and is judged like the rest of the release.
pub(crate) fn customer_speech<'t>(ctx: &Context, text: &'t Text) -> Cow<'t, [Range<usize>]> {
    match ctx.doc.part_of_block(text.block).map(|p| p.kind) {
        Some(PartKind::LeaderQuote) => Cow::Borrowed(&[]),
        Some(PartKind::CustomerQuote) => {
            Cow::Owned(std::iter::once(0..text.prose.text.len()).collect())
        }
        _ => Cow::Borrowed(text.quotes()),
    }
}

/// True when `range` lies inside one of `ranges`.
pub(crate) fn inside(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start <= range.start && range.end <= r.end)
}
