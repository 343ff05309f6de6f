//! Press release structure and claims (PR1xx).

pub mod company_centric;
pub mod cta_without_destination;
pub mod future_tense;
pub mod headline_too_long;
pub mod missing_call_to_action;
pub mod missing_customer_quote;
pub mod missing_dateline;
pub mod missing_headline;
pub mod missing_how_it_works;
pub mod missing_leader_quote;
pub mod missing_problem;
pub mod missing_solution;
pub mod missing_subheadline;
pub mod too_long;
pub mod unattributed_quote;
pub mod unquantified_problem;

crate::registry::rules! {
    missing_headline::MissingHeadline,
    missing_subheadline::MissingSubheadline,
    missing_problem::MissingProblem,
    missing_solution::MissingSolution,
    missing_leader_quote::MissingLeaderQuote,
    missing_how_it_works::MissingHowItWorks,
    missing_customer_quote::MissingCustomerQuote,
    missing_call_to_action::MissingCallToAction,
    too_long::PressReleaseTooLong,
    headline_too_long::HeadlineTooLong,
    missing_dateline::MissingDateline,
    future_tense::FutureTense,
    unattributed_quote::UnattributedQuote,
    company_centric::CompanyCentric,
    unquantified_problem::UnquantifiedProblem,
    cta_without_destination::CallToActionWithoutDestination,
}

use std::ops::Range;

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::diagnostic::Violation;

/// Where a missing part is reported: the headline, else the start of the press release,
/// else the first line of the document.
pub(crate) fn anchor(ctx: &Context) -> Range<usize> {
    let doc = ctx.doc;
    let block = doc
        .part(PartKind::Headline)
        .map(|p| p.blocks[0])
        .or_else(|| {
            doc.press_release_blocks()
                .find(|(_, b)| b.is_prose())
                .map(|(i, _)| i)
        })
        .or_else(|| doc.blocks.iter().position(|b| b.is_prose()));
    match block {
        Some(i) => short(&doc.source, doc.blocks[i].span.start),
        None => short(&doc.source, 0),
    }
}

/// A short span from `start`: to the end of its line, but at most a few words, so a
/// finding about the whole release underlines its start rather than a paragraph.
fn short(source: &str, start: usize) -> Range<usize> {
    let rest = &source[start..];
    let line = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let mut end = line.min(48);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    // Finish the word the cut fell in.
    if end < line {
        end += rest[end..line]
            .find(char::is_whitespace)
            .unwrap_or(line - end);
    }
    start..start + rest[..end].trim_end().len().max(1).min(rest.len())
}

/// Reports `kind` as missing when the press release has no such part.
pub(crate) fn missing(
    ctx: &Context,
    kind: PartKind,
    message: &str,
    help: &str,
    out: &mut Vec<Violation>,
) {
    if ctx.doc.part(kind).is_none() {
        out.push(Violation::new(anchor(ctx), message).help(help));
    }
}
