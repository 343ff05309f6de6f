//! FQ312 no-dependency-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks what the launch depends on: other teams, partners, vendors. A topic counts as covered only when its question has a real answer.
    ///
    /// ## Why is this bad?
    /// Launches slip on what the team does not control. Naming dependencies early lets owners commit to dates before the release does.
    ///
    /// ## Example
    /// ```markdown
    /// ## Internal FAQ
    /// ### What does it cost?
    /// Four engineers for two quarters.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Internal FAQ
    /// ### What do we depend on?
    /// The payments team's saved-cart API, committed for January.
    /// ```
    pub struct NoDependencyQuestion;
    "FQ312", "no-dependency-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "dependencies",
    cues: QuestionCues::Dependency,
    help: "add an internal question on what the launch depends on and who owns it",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
