//! The rule of alignment: when a document's review is done.
//!
//! A document is **aligned** on its newest revision when
//!
//! - every concern is resolved: linked to an FAQ question that the newest revision has,
//!   with an answer that is neither empty nor a placeholder (a concern linked to a
//!   question that is missing or unanswered stays open);
//! - every other thread is resolved (a suggestion is resolved once decided);
//! - every required reviewer of the newest round approved the newest revision (an
//!   approval of an older revision is stale, unless all that came after it are the
//!   status changes' rewrites of the front matter's `status:` line), and every function
//!   the workspace requires has a required reviewer asked;
//! - the checker finds no error in the newest revision;
//!
//! and a review was asked for at all. [`judge`] is that rule, pure: the store gives the
//! review, the parser the FAQ, the checker the errors.

use prfaq_store::{Review, ThreadId, UserId, Verdict};
use serde::Serialize;

/// One question of the newest revision's FAQ, as the rule reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FaqEntry {
    /// The question, as [`question_key`] compares it.
    pub key: String,
    /// Whether it has a real answer: not empty, not a placeholder, and not reported
    /// unanswered by the checker.
    pub answered: bool,
}

/// A concern that is not resolved yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct OpenConcern {
    pub thread: ThreadId,
    /// The function of whoever raised it in the newest round, `other` when they were
    /// not asked in it.
    pub function: String,
    /// The question it is linked to, if any.
    pub question: Option<String>,
    /// Why it is open: `no question linked`, `the question is not in the FAQ`, `the
    /// question has no answer`.
    pub why: &'static str,
}

/// An approval the newest revision still needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct MissingApproval {
    /// The reviewer asked, or `None` when nobody was asked for a required function.
    pub user: Option<UserId>,
    pub name: Option<String>,
    pub function: String,
    /// The older revision this reviewer approved, when their approval went stale.
    pub stale_since: Option<i64>,
}

/// What the rule found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Report {
    pub aligned: bool,
    /// The revision judged: the document's newest.
    pub revision: i64,
    /// Whether a review was ever asked for.
    pub requested: bool,
    pub open_concerns: Vec<OpenConcern>,
    pub open_threads: Vec<ThreadId>,
    pub missing_approvals: Vec<MissingApproval>,
    /// Errors the checker finds in the newest revision.
    pub errors: usize,
}

impl Report {
    /// One sentence on why the document is or is not aligned, for the status history.
    pub fn reason(&self) -> String {
        if self.aligned {
            return format!(
                "Every concern is answered in the FAQ, every thread is resolved, every \
                 required reviewer approved revision {} and the checker finds no error",
                self.revision
            );
        }
        let mut parts = Vec::new();
        if !self.requested {
            parts.push("no review was asked for".to_owned());
        }
        let count = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        if !self.open_concerns.is_empty() {
            parts.push(count(
                self.open_concerns.len(),
                "open concern",
                "open concerns",
            ));
        }
        if !self.open_threads.is_empty() {
            parts.push(count(
                self.open_threads.len(),
                "open thread",
                "open threads",
            ));
        }
        let stale = self
            .missing_approvals
            .iter()
            .filter(|m| m.stale_since.is_some())
            .count();
        let missing = self.missing_approvals.len() - stale;
        if stale > 0 {
            parts.push(count(stale, "stale approval", "stale approvals"));
        }
        if missing > 0 {
            parts.push(count(missing, "missing approval", "missing approvals"));
        }
        if self.errors > 0 {
            parts.push(count(self.errors, "checker error", "checker errors"));
        }
        format!("Revision {}: {}", self.revision, parts.join(", "))
    }
}

/// A question as the rule compares it: lower-case words without punctuation, so
/// "Who pays for delivery?" and "who pays for delivery" are the same question.
pub(crate) fn question_key(question: &str) -> String {
    let question = question.trim();
    let question = question
        .strip_prefix("Q:")
        .or_else(|| question.strip_prefix("q:"))
        .unwrap_or(question);
    question
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An answer that is only a placeholder: `TBD`, `TODO`, `?`, `…`, `N/A`, `[answer]`.
pub(crate) fn is_placeholder_answer(answer: &str) -> bool {
    let text = answer.trim().trim_end_matches('.').trim();
    if text.is_empty() {
        return true;
    }
    if text.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    let lower = text.to_lowercase();
    const WORDS: &[&str] = &[
        "tbd",
        "tbc",
        "tba",
        "todo",
        "fixme",
        "n/a",
        "na",
        "none",
        "unknown",
        "xxx",
        "answer",
        "to do",
        "to be decided",
        "to be determined",
        "to be confirmed",
        "coming soon",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    // One bracketed stand-in and nothing else: `[answer]`, `{answer here}`, `<TBD>`.
    [('[', ']'), ('{', '}'), ('<', '>'), ('(', ')')]
        .iter()
        .any(|&(open, close)| {
            text.starts_with(open)
                && text.ends_with(close)
                && text[1..].find(close) == Some(text.len() - 2)
        })
}

/// The checker's code for an FAQ question without a real answer.
pub(crate) const UNANSWERED: &str = "FQ304";

/// The FAQ entries of a text: each question's key, and whether it is answered, given
/// the lines where the checker reported an unanswered question.
#[cfg(test)]
pub(crate) fn faq_entries(text: &str, unanswered_lines: &[usize]) -> Vec<FaqEntry> {
    faq_entries_of(&prfaq_doc::parse(text), unanswered_lines)
}

/// [`faq_entries`] of a document already parsed (the checker's own parse).
pub(crate) fn faq_entries_of(
    doc: &prfaq_doc::Document,
    unanswered_lines: &[usize],
) -> Vec<FaqEntry> {
    doc.faq
        .questions
        .iter()
        .map(|q| {
            let line = doc.lines.line_of(q.prose.source_span().start) + 1;
            let answer = q.answer.text.as_str();
            FaqEntry {
                key: question_key(&q.prose.text),
                answered: !is_placeholder_answer(answer) && !unanswered_lines.contains(&line),
            }
        })
        .collect()
}

/// The rule. `faq` is the newest revision's FAQ and `errors` the checker's errors in it.
pub(crate) fn judge(review: &Review, faq: &[FaqEntry], errors: usize) -> Report {
    let revision = review.document.current_revision;
    let function_of = |user: UserId| {
        review
            .round
            .as_ref()
            .and_then(|round| round.reviewers.iter().find(|r| r.user == user))
            .map_or_else(|| "other".to_owned(), |r| r.function.clone())
    };
    let mut open_concerns = Vec::new();
    let mut open_threads = Vec::new();
    for thread in &review.threads {
        // Someone's unpublished draft is not part of the review yet.
        if thread.pending() {
            continue;
        }
        if thread.concern {
            let link = thread.answer();
            let why = match link {
                None => Some("no question linked"),
                Some(link) => {
                    let key = question_key(&link.question);
                    match faq.iter().find(|entry| entry.key == key) {
                        None => Some("the question is not in the FAQ"),
                        Some(entry) if !entry.answered => Some("the question has no answer"),
                        Some(_) => None,
                    }
                }
            };
            if let Some(why) = why {
                open_concerns.push(OpenConcern {
                    thread: thread.id,
                    function: function_of(thread.author),
                    question: link.map(|l| l.question.clone()),
                    why,
                });
            }
        } else if !thread.resolved() {
            open_threads.push(thread.id);
        }
    }
    let mut missing_approvals = Vec::new();
    if let Some(round) = &review.round {
        for reviewer in round.reviewers.iter().filter(|r| r.required) {
            let approvals = review
                .verdicts
                .iter()
                .filter(|v| v.user == reviewer.user && v.verdict == Verdict::Approve);
            let newest = review
                .verdicts
                .iter()
                .rev()
                .find(|v| v.user == reviewer.user && v.revision >= review.content_revision);
            if newest.is_some_and(|v| v.verdict == Verdict::Approve) {
                continue;
            }
            missing_approvals.push(MissingApproval {
                user: Some(reviewer.user),
                name: Some(reviewer.name.clone()),
                function: reviewer.function.clone(),
                stale_since: approvals
                    .map(|v| v.revision)
                    .filter(|&r| r < review.content_revision)
                    .max()
                    .filter(|_| newest.is_none()),
            });
        }
        for function in &review.required_functions {
            let covered = round
                .reviewers
                .iter()
                .any(|r| r.required && &r.function == function);
            if !covered {
                missing_approvals.push(MissingApproval {
                    user: None,
                    name: None,
                    function: function.clone(),
                    stale_since: None,
                });
            }
        }
    }
    let requested = review.round.is_some();
    Report {
        aligned: requested
            && open_concerns.is_empty()
            && open_threads.is_empty()
            && missing_approvals.is_empty()
            && errors == 0,
        revision,
        requested,
        open_concerns,
        open_threads,
        missing_approvals,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prfaq_store::*;

    const TEXT: &str = "# Quick Reorder\n\nShoppers reorder in one tap.\n\n## FAQ\n\n\
### Who pays for delivery?\n\nThe shopper, as today.\n\n### What if an item is out of stock?\n\nTBD\n";

    fn user(id: i64) -> UserId {
        UserId(id)
    }

    fn review(revision: i64) -> Review {
        Review {
            stamp: Default::default(),
            document: Document {
                id: DocumentId(1),
                workspace: WorkspaceId(2),
                title: "Quick Reorder".to_owned(),
                status: Status::InReview,
                archived_at: None,
                created_by: user(10),
                created_by_name: "owner".to_owned(),
                created_at: 0,
                updated_at: 0,
                current_revision: revision,
            },
            content_revision: revision,
            role: Role::Owner,
            round: Some(Round {
                id: RoundId(3),
                document: DocumentId(1),
                revision: 1,
                requested_by: user(10),
                requested_by_name: "owner".to_owned(),
                created_at: 0,
                reviewers: vec![reviewer(20, "finance", true), reviewer(21, "design", false)],
            }),
            threads: Vec::new(),
            verdicts: Vec::new(),
            status_history: Vec::new(),
            assumptions: Vec::new(),
            required_functions: Vec::new(),
            functions: Vec::new(),
            credits: Vec::new(),
        }
    }

    fn reviewer(id: i64, function: &str, required: bool) -> Reviewer {
        Reviewer {
            user: user(id),
            name: format!("r{id}"),
            email: format!("r{id}@example.com"),
            function: function.to_owned(),
            required,
            added_by: user(10),
            created_at: 0,
        }
    }

    fn verdict(id: i64, revision: i64, verdict: Verdict) -> VerdictRecord {
        VerdictRecord {
            id: VerdictId(revision * 100 + id),
            round: RoundId(3),
            revision,
            user: user(id),
            user_name: format!("r{id}"),
            verdict,
            body: String::new(),
            created_at: revision,
            published: 0,
        }
    }

    fn thread(id: i64, author: i64, concern: bool) -> Thread {
        let anchor = Anchor::new(TEXT, 2, 7).expect("anchor");
        Thread {
            id: ThreadId(id),
            document: DocumentId(1),
            revision: 1,
            anchor: anchor.clone(),
            concern,
            replacement: None,
            author: user(author),
            author_name: format!("r{author}"),
            created_at: 0,
            comments: vec![Comment {
                id: CommentId(id),
                thread: ThreadId(id),
                author: user(author),
                author_name: format!("r{author}"),
                body: "why?".to_owned(),
                pending: false,
                created_at: 0,
            }],
            events: Vec::new(),
            links: Vec::new(),
            placement: ThreadPlacement {
                revision: 1,
                state: AnchorState::Attached,
                anchor,
            },
        }
    }

    fn link(question: &str) -> ConcernLink {
        ConcernLink {
            thread: ThreadId(5),
            document: DocumentId(1),
            question: question.to_owned(),
            new_question: false,
            actor: user(10),
            actor_name: "owner".to_owned(),
            created_at: 1,
        }
    }

    fn event(action: ThreadAction) -> ThreadEvent {
        ThreadEvent {
            thread: ThreadId(6),
            document: DocumentId(1),
            action,
            reason: String::new(),
            revision: None,
            actor: user(10),
            actor_name: "owner".to_owned(),
            created_at: 1,
        }
    }

    #[test]
    fn questions_and_placeholders() {
        assert_eq!(
            question_key("  Who pays for delivery? "),
            "who pays for delivery"
        );
        assert_eq!(
            question_key("Q: WHO pays -- for delivery"),
            "who pays for delivery"
        );
        for placeholder in [
            "",
            " TBD ",
            "todo.",
            "?",
            "…",
            "[answer]",
            "{answer here}",
            "N/A",
        ] {
            assert!(is_placeholder_answer(placeholder), "{placeholder:?}");
        }
        for answer in ["The shopper.", "No", "[1] says so, see the study", "0"] {
            assert!(!is_placeholder_answer(answer), "{answer:?}");
        }
        let faq = faq_entries(TEXT, &[]);
        assert_eq!(
            faq,
            [
                FaqEntry {
                    key: "who pays for delivery".to_owned(),
                    answered: true,
                },
                FaqEntry {
                    key: "what if an item is out of stock".to_owned(),
                    answered: false,
                },
            ]
        );
        // The checker's own word on a question counts too.
        let flagged = faq_entries(TEXT, &[7]);
        assert!(!flagged[0].answered);
    }

    #[test]
    fn aligned_needs_a_request_approvals_and_no_errors() {
        let faq = faq_entries(TEXT, &[]);
        let mut r = review(2);
        r.round = None;
        let report = judge(&r, &faq, 0);
        assert!(!report.aligned && !report.requested);

        let mut r = review(2);
        let report = judge(&r, &faq, 0);
        assert!(!report.aligned);
        assert_eq!(
            report.missing_approvals.len(),
            1,
            "only the required reviewer"
        );
        assert_eq!(report.missing_approvals[0].function, "finance");
        assert_eq!(report.missing_approvals[0].stale_since, None);

        r.verdicts.push(verdict(20, 1, Verdict::Approve));
        let report = judge(&r, &faq, 0);
        assert_eq!(report.missing_approvals[0].stale_since, Some(1), "stale");
        assert!(
            report.reason().contains("1 stale approval"),
            "{}",
            report.reason()
        );

        r.verdicts.push(verdict(20, 2, Verdict::Approve));
        let report = judge(&r, &faq, 0);
        assert!(report.aligned, "{report:?}");
        // Revision 3 only rewrote the front matter's status: the approval still holds.
        let mut rewritten = r.clone();
        rewritten.document.current_revision = 3;
        assert!(judge(&rewritten, &faq, 0).aligned);
        rewritten.content_revision = 3;
        assert!(!judge(&rewritten, &faq, 0).aligned);
        assert!(report.reason().contains("revision 2"));
        assert!(!judge(&r, &faq, 1).aligned, "a checker error blocks");

        // A later request for changes on the same revision takes the approval back.
        r.verdicts.push(verdict(20, 2, Verdict::RequestChanges));
        assert!(!judge(&r, &faq, 0).aligned);
        r.verdicts.push(verdict(20, 2, Verdict::Approve));
        assert!(judge(&r, &faq, 0).aligned);

        // A function the workspace requires needs a required reviewer asked.
        r.required_functions = vec!["legal".to_owned()];
        let report = judge(&r, &faq, 0);
        assert!(!report.aligned);
        assert_eq!(report.missing_approvals[0].function, "legal");
        assert_eq!(report.missing_approvals[0].user, None);
    }

    #[test]
    fn concerns_close_only_with_an_answered_question() {
        let faq = faq_entries(TEXT, &[]);
        let mut r = review(2);
        r.verdicts.push(verdict(20, 2, Verdict::Approve));
        let mut concern = thread(5, 20, true);
        // Resolving by hand does not count for a concern.
        concern.events.push(event(ThreadAction::Resolved));
        r.threads.push(concern.clone());
        let report = judge(&r, &faq, 0);
        assert_eq!(report.open_concerns.len(), 1);
        assert_eq!(report.open_concerns[0].why, "no question linked");
        assert_eq!(report.open_concerns[0].function, "finance");

        for (question, why) in [
            (
                "How much does it cost?",
                Some("the question is not in the FAQ"),
            ),
            (
                "What if an item is out of stock?",
                Some("the question has no answer"),
            ),
            ("who pays for delivery", None),
        ] {
            r.threads[0].links.push(link(question));
            let report = judge(&r, &faq, 0);
            assert_eq!(
                report.open_concerns.first().map(|c| c.why),
                why,
                "{question}"
            );
            assert_eq!(report.aligned, why.is_none());
        }
        // The newest link counts.
        r.threads[0]
            .links
            .push(link("What if an item is out of stock?"));
        assert!(!judge(&r, &faq, 0).aligned);
        let answered = TEXT.replace("TBD", "We offer the closest match, or a refund.");
        assert!(judge(&r, &faq_entries(&answered, &[]), 0).aligned);
    }

    #[test]
    fn threads_close_when_resolved_and_drafts_do_not_count() {
        let faq = faq_entries(TEXT, &[]);
        let mut r = review(2);
        r.verdicts.push(verdict(20, 2, Verdict::Approve));
        r.threads.push(thread(6, 21, false));
        let report = judge(&r, &faq, 0);
        assert_eq!(report.open_threads, [ThreadId(6)]);
        r.threads[0].events.push(event(ThreadAction::Resolved));
        assert!(judge(&r, &faq, 0).aligned);
        r.threads[0].events.push(event(ThreadAction::Reopened));
        assert!(!judge(&r, &faq, 0).aligned);
        r.threads[0].events.push(event(ThreadAction::Rejected));
        assert!(
            judge(&r, &faq, 0).aligned,
            "a decided suggestion is resolved"
        );

        let mut draft = thread(7, 21, true);
        draft.comments[0].pending = true;
        r.threads.push(draft);
        assert!(judge(&r, &faq, 0).aligned, "an unpublished concern waits");
    }
}
