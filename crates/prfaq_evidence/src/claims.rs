//! A PR/FAQ's claims: what the document says customers need or will get, each with the
//! bytes it came from, so that evidence can be found and linked claim by claim.

use std::ops::Range;

use prfaq_doc::{Document, PartKind, Prose};
use serde::{Deserialize, Serialize};

/// What kind of statement a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// The problem paragraph, whole.
    Problem,
    /// One sentence of the solution.
    Solution,
    /// A customer quote, whole (rule EV701 asks for a linked passage behind it).
    CustomerQuote,
    /// A FAQ answer, whole.
    FaqAnswer,
}

impl ClaimKind {
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Problem => "problem",
            ClaimKind::Solution => "solution",
            ClaimKind::CustomerQuote => "customer-quote",
            ClaimKind::FaqAnswer => "faq-answer",
        }
    }
}

/// One claim of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The claim's readable text (markup removed).
    pub text: String,
    /// The claim's bytes in the document's source.
    pub span: Range<usize>,
    /// For a FAQ answer, its question.
    pub question: Option<String>,
    /// For a customer quote, who said it, as written.
    pub speaker: Option<String>,
}

impl Claim {
    /// What to search the feedback for: the claim, and for an answer its question too.
    pub fn query(&self) -> String {
        match &self.question {
            Some(q) => format!("{q} {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// The claims of `doc` in document order: the problem paragraph, each sentence of the
/// solution, each customer quote, each FAQ answer (customer and internal).
pub fn claims(doc: &Document) -> Vec<Claim> {
    let mut out = Vec::new();
    let whole = |prose: &Prose| -> Option<(String, Range<usize>)> {
        let text = prose.text.trim();
        if text.is_empty() {
            return None;
        }
        let start = prose.text.len() - prose.text.trim_start().len();
        Some((
            text.to_string(),
            prose.source_range(start..start + text.len()),
        ))
    };
    for part in &doc.parts {
        match part.kind {
            PartKind::Problem => {
                if let Some((text, span)) = whole(&part.prose) {
                    out.push(Claim {
                        kind: ClaimKind::Problem,
                        text,
                        span,
                        question: None,
                        speaker: None,
                    });
                }
            }
            PartKind::Solution => {
                for range in prfaq_text::sentences(&part.prose.text) {
                    let sentence = &part.prose.text[range.clone()];
                    let text = sentence.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let start = range.start + (sentence.len() - sentence.trim_start().len());
                    out.push(Claim {
                        kind: ClaimKind::Solution,
                        text: text.to_string(),
                        span: part.prose.source_range(start..start + text.len()),
                        question: None,
                        speaker: None,
                    });
                }
            }
            PartKind::CustomerQuote => {
                if let Some((text, span)) = whole(&part.prose) {
                    out.push(Claim {
                        kind: ClaimKind::CustomerQuote,
                        text,
                        span,
                        question: None,
                        speaker: part.speaker.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    for q in &doc.faq.questions {
        if let Some((text, span)) = whole(&q.answer) {
            out.push(Claim {
                kind: ClaimKind::FaqAnswer,
                text,
                span,
                question: Some(q.prose.text.trim().to_string()),
                speaker: None,
            });
        }
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    out
}
