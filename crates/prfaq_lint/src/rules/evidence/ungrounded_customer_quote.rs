//! EV701 ungrounded-customer-quote.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// In a workspace, checks that each customer quote is linked to at least one passage
    /// of real customer feedback (a ticket, a review, a survey answer).
    ///
    /// ## Why is this bad?
    /// An invented quote says what the team hopes customers feel. A quote grounded in what
    /// customers actually said tests whether the benefit is real, and a reader can follow
    /// it back to its source.
    ///
    /// ## Example
    /// ```markdown
    /// "This is exactly what I always wanted," said a happy customer.
    /// ```
    ///
    /// ## Use instead
    /// Link a passage from the workspace's feedback to the quote (the evidence panel
    /// beside the document), or use the passage itself with its attribution, with the
    /// customer's permission noted or anonymised as "a customer in <segment>":
    /// ```markdown
    /// "I rebuild the same cart every Sunday and it takes half an hour," said a customer
    /// in family grocery.
    /// ```
    pub struct UngroundedCustomerQuote;
    "EV701", "ungrounded-customer-quote", Evidence, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(evidence) = &ctx.config.evidence else {
        return;
    };
    for part in &ctx.doc.parts {
        if part.kind != PartKind::CustomerQuote {
            continue;
        }
        let text = part.prose.text.trim();
        if text.is_empty() || evidence.linked_quotes.iter().any(|q| q.trim() == text) {
            continue;
        }
        let start = part.prose.text.len() - part.prose.text.trim_start().len();
        out.push(
            Violation::new(
                part.prose.source_range(start..start + text.len()),
                "the customer quote is linked to no real customer feedback",
            )
            .help(
                "link a passage that supports it from the workspace's feedback, or replace \
                 it with a real quote and its attribution",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Evidence};

    const DOC: &str = "# Acme launches Quick Reorder\n\n## Customer quote\n\n\
        \"I rebuild the same cart every Sunday,\" said Ann Ito, a parent in Tacoma.\n";

    fn findings(evidence: Option<Evidence>) -> usize {
        let doc = prfaq_doc::parse(DOC);
        let mut config = Config::only(&["EV701"]);
        config.evidence = evidence;
        crate::check(&doc, &config).len()
    }

    #[test]
    fn a_linked_quote_is_grounded_and_outside_a_workspace_the_rule_is_silent() {
        assert_eq!(findings(None), 0, "no workspace, no evidence to ask for");
        assert_eq!(findings(Some(Evidence::default())), 1);
        let quote = "\"I rebuild the same cart every Sunday,\" said Ann Ito, a parent in Tacoma.";
        let linked = Evidence {
            linked_quotes: vec![format!("  {quote} ")],
        };
        assert_eq!(findings(Some(linked)), 0);
        let other = Evidence {
            linked_quotes: vec!["Another quote.".to_string()],
        };
        assert_eq!(findings(Some(other)), 1);
    }
}
