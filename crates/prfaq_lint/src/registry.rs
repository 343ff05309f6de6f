//! The one table that maps every rule code to its rule, family and default severity.
//!
//! Codes are a public interface: once shipped, a code keeps its meaning. A rule's
//! explanation is the doc comment on its struct, captured by [`declare_rule!`], so the
//! help, the web page and the docs never drift apart.

use crate::context::Context;
use crate::diagnostic::{Severity, Violation};
use crate::rules::{faq, journey, metrics, plain, press_release, scope};

/// The family a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    PressRelease,
    PlainLanguage,
    Faq,
    Journey,
    Metrics,
    Scope,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::PressRelease => "press release",
            Family::PlainLanguage => "plain language",
            Family::Faq => "FAQ",
            Family::Journey => "journey",
            Family::Metrics => "metrics",
            Family::Scope => "scope",
        }
    }

    /// True for the families that check that a part exists: off for a vision document.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            Family::Faq | Family::Journey | Family::Metrics | Family::Scope
        )
    }
}

/// A rule's check: reads the document through the context and reports violations.
pub type Check = fn(&Context, &mut Vec<Violation>);

/// Everything known about one rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// True for rules that check a part is present (off for vision documents).
    pub structural: bool,
    /// The rule's doc comment: what it does, why, an example and what to use instead.
    pub doc: &'static str,
    pub check: Check,
}

impl Rule {
    /// The explanation as Markdown: the doc comment without its leading spaces.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_owned()
    }

    /// The first sentence of "What it does", on one line, for `prfaq rules`.
    pub fn summary(&self) -> String {
        let explanation = self.explanation();
        let body = explanation
            .split("## What it does")
            .nth(1)
            .unwrap_or(&explanation)
            .trim_start();
        let paragraph = body.split("\n\n").next().unwrap_or("");
        let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = joined.split_once(". ").map_or(joined.as_str(), |(s, _)| s);
        first.trim_end_matches('.').to_owned()
    }
}

/// Declares a rule's struct with its doc comment, and exposes the comment as `DOC`.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:expr])* $vis:vis struct $name:ident;) => {
        $(#[doc = $doc])*
        $vis struct $name;
        impl $name {
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
        }
    };
}

macro_rules! rule {
    ($code:literal, $name:literal, $family:ident, $severity:ident, $module:path, $ty:ident) => {{
        use $module as m;
        Rule {
            code: $code,
            name: $name,
            family: Family::$family,
            severity: Severity::$severity,
            structural: false,
            doc: m::$ty::DOC,
            check: m::check,
        }
    }};
    (structural $code:literal, $name:literal, $family:ident, $severity:ident, $module:path, $ty:ident) => {{
        let mut r = rule!($code, $name, $family, $severity, $module, $ty);
        r.structural = true;
        r
    }};
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    rule!(structural "PR101", "missing-headline", PressRelease, Error, press_release::missing_headline, MissingHeadline),
    rule!(structural "PR102", "missing-subheadline", PressRelease, Warning, press_release::missing_subheadline, MissingSubheadline),
    rule!(structural "PR103", "missing-problem", PressRelease, Error, press_release::missing_problem, MissingProblem),
    rule!(structural "PR104", "missing-solution", PressRelease, Error, press_release::missing_solution, MissingSolution),
    rule!(structural "PR105", "missing-leader-quote", PressRelease, Warning, press_release::missing_leader_quote, MissingLeaderQuote),
    rule!(structural "PR106", "missing-how-it-works", PressRelease, Warning, press_release::missing_how_it_works, MissingHowItWorks),
    rule!(structural "PR107", "missing-customer-quote", PressRelease, Error, press_release::missing_customer_quote, MissingCustomerQuote),
    rule!(structural "PR108", "missing-call-to-action", PressRelease, Error, press_release::missing_call_to_action, MissingCallToAction),
    rule!(
        "PR110",
        "press-release-too-long",
        PressRelease,
        Warning,
        press_release::too_long,
        PressReleaseTooLong
    ),
    rule!(
        "PR111",
        "headline-too-long",
        PressRelease,
        Warning,
        press_release::headline_too_long,
        HeadlineTooLong
    ),
    rule!(structural "PR112", "missing-dateline", PressRelease, Warning, press_release::missing_dateline, MissingDateline),
    rule!(
        "PR113",
        "future-tense",
        PressRelease,
        Warning,
        press_release::future_tense,
        FutureTense
    ),
    rule!(
        "PR114",
        "unattributed-quote",
        PressRelease,
        Error,
        press_release::unattributed_quote,
        UnattributedQuote
    ),
    rule!(
        "PR115",
        "company-centric",
        PressRelease,
        Warning,
        press_release::company_centric,
        CompanyCentric
    ),
    rule!(
        "PR116",
        "unquantified-problem",
        PressRelease,
        Warning,
        press_release::unquantified_problem,
        UnquantifiedProblem
    ),
    rule!(
        "PR117",
        "call-to-action-without-destination",
        PressRelease,
        Warning,
        press_release::cta_without_destination,
        CallToActionWithoutDestination
    ),
    rule!(
        "PL201",
        "jargon",
        PlainLanguage,
        Warning,
        plain::jargon,
        Jargon
    ),
    rule!(
        "PL202",
        "technical-detail",
        PlainLanguage,
        Warning,
        plain::technical_detail,
        TechnicalDetail
    ),
    rule!(
        "PL203",
        "internal-metric",
        PlainLanguage,
        Warning,
        plain::internal_metric,
        InternalMetric
    ),
    rule!(
        "PL204",
        "weasel-word",
        PlainLanguage,
        Warning,
        plain::weasel_word,
        WeaselWord
    ),
    rule!(
        "PL205",
        "passive-voice",
        PlainLanguage,
        Warning,
        plain::passive_voice,
        PassiveVoice
    ),
    rule!(
        "PL206",
        "long-sentence",
        PlainLanguage,
        Warning,
        plain::long_sentence,
        LongSentence
    ),
    rule!(
        "PL207",
        "reading-level",
        PlainLanguage,
        Warning,
        plain::reading_level,
        ReadingLevel
    ),
    rule!(
        "PL208",
        "undefined-acronym",
        PlainLanguage,
        Warning,
        plain::undefined_acronym,
        UndefinedAcronym
    ),
    rule!(
        "PL209",
        "unsupported-superlative",
        PlainLanguage,
        Warning,
        plain::unsupported_superlative,
        UnsupportedSuperlative
    ),
    rule!(
        "PL210",
        "placeholder",
        PlainLanguage,
        Error,
        plain::placeholder,
        Placeholder
    ),
    rule!(structural "FQ301", "missing-faq", Faq, Error, faq::missing_faq, MissingFaq),
    rule!(structural "FQ302", "missing-customer-faq", Faq, Error, faq::missing_customer_faq, MissingCustomerFaq),
    rule!(structural "FQ303", "missing-internal-faq", Faq, Error, faq::missing_internal_faq, MissingInternalFaq),
    rule!(structural "FQ304", "unanswered-question", Faq, Error, faq::unanswered_question, UnansweredQuestion),
    rule!(structural "FQ305", "duplicate-question", Faq, Warning, faq::duplicate_question, DuplicateQuestion),
    rule!(structural "FQ310", "no-risk-question", Faq, Warning, faq::no_risk_question, NoRiskQuestion),
    rule!(structural "FQ311", "no-feasibility-question", Faq, Warning, faq::no_feasibility_question, NoFeasibilityQuestion),
    rule!(structural "FQ312", "no-dependency-question", Faq, Warning, faq::no_dependency_question, NoDependencyQuestion),
    rule!(structural "FQ313", "no-resource-question", Faq, Warning, faq::no_resource_question, NoResourceQuestion),
    rule!(structural "FQ314", "no-success-measure-question", Faq, Warning, faq::no_success_measure_question, NoSuccessMeasureQuestion),
    rule!(structural "FQ315", "no-differentiation-question", Faq, Warning, faq::no_differentiation_question, NoDifferentiationQuestion),
    rule!(structural "FQ320", "no-pricing-question", Faq, Warning, faq::no_pricing_question, NoPricingQuestion),
    rule!(structural "FQ321", "no-getting-started-question", Faq, Warning, faq::no_getting_started_question, NoGettingStartedQuestion),
    rule!(structural "FQ322", "no-how-it-works-question", Faq, Warning, faq::no_how_it_works_question, NoHowItWorksQuestion),
    rule!(structural "MT401", "missing-metrics", Metrics, Warning, metrics::missing_metrics, MissingMetrics),
    rule!(structural "MT402", "metric-without-target", Metrics, Error, metrics::metric_without_target, MetricWithoutTarget),
    rule!(structural "MT403", "metric-without-baseline", Metrics, Warning, metrics::metric_without_baseline, MetricWithoutBaseline),
    rule!(structural "MT404", "metric-without-deadline", Metrics, Warning, metrics::metric_without_deadline, MetricWithoutDeadline),
    rule!(structural "JR501", "missing-journey", Journey, Warning, journey::missing_journey, MissingJourney),
    rule!(structural "JR502", "journey-without-aha", Journey, Warning, journey::journey_without_aha, JourneyWithoutAha),
    rule!(structural "SC601", "scope-item-not-in-press-release", Scope, Warning, scope::not_in_press_release, ScopeItemNotInPressRelease),
    rule!(structural "SC602", "scope-item-without-metric", Scope, Warning, scope::without_metric, ScopeItemWithoutMetric),
];

/// The rule with this code (case-insensitive) or kebab-case name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
