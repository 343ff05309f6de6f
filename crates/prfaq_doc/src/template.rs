//! The documents `prfaq new` (and the workspace's "new document") writes: the recommended layout, with a short guidance line
//! in brackets under each part. `prfaq check` reports every bracket left in (PL210), so
//! a fresh skeleton shows exactly what is still to write.

/// A file name for a title: `Quick Reorder!` → `quick-reorder` (letters of any script
/// are kept; everything else becomes one hyphen). Never empty.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "document".to_owned()
    } else {
        out
    }
}

/// The answers to the five customer questions, when the author gave them.
#[derive(Debug, Default, Clone)]
pub struct Answers {
    pub customer: String,
    pub problem: String,
    pub benefit: String,
    pub evidence: String,
    pub experience: String,
}

/// The five customer questions, in order, with the field each fills.
pub const QUESTIONS: [&str; 5] = [
    "Who is the customer?",
    "What is the customer's problem or opportunity?",
    "What is the most important customer benefit?",
    "How do you know what customers need or want?",
    "What does the customer experience look like?",
];

fn or<'a>(answer: &'a str, guidance: &'a str) -> &'a str {
    if answer.trim().is_empty() {
        guidance
    } else {
        answer.trim()
    }
}

/// Ends a sentence with a full stop unless it already ends with punctuation, and starts
/// it with a capital.
fn sentence(text: &str) -> String {
    let t = capitalised(text.trim());
    if t.ends_with(['.', '!', '?', ']']) {
        t
    } else {
        format!("{t}.")
    }
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words that start a benefit named as a thing, not as something the customer does:
/// "less time at the till", "a week back".
const BENEFIT_AS_A_THING: &[&str] = &[
    "a", "an", "the", "one", "no", "less", "more", "fewer", "faster", "quicker", "lower", "higher",
    "better", "cheaper", "time", "money", "peace", "fewer", "every", "their",
];

/// What the product does for `who`, woven from the benefit as the author wrote it:
/// "saves ten minutes" reads as the product's verb (`Split a Bill saves ten minutes`),
/// "less time at the till" as a thing it gives (`gives diners less time at the till`),
/// and anything else as what the customer does (`lets diners pay their share`).
fn benefit_clause(title: &str, who: &str, benefit: &str) -> String {
    let benefit = lowercase_first(benefit.trim().trim_end_matches(['.', '!']));
    let first = benefit
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let a_verb_of_its_own = first.len() > 3
        && first.ends_with('s')
        && !first.ends_with("ss")
        && !first.ends_with("us")
        && !BENEFIT_AS_A_THING.contains(&first.as_str());
    if a_verb_of_its_own {
        format!("{title} {benefit}")
    } else if BENEFIT_AS_A_THING.contains(&first.as_str()) {
        format!("{title} gives {who} {benefit}")
    } else {
        format!("{title} lets {who} {benefit}")
    }
}

/// The full PR/FAQ skeleton.
pub fn full(title: &str, answers: &Answers) -> String {
    let Filled {
        customer,
        headline,
        subheadline,
        problem,
        evidence,
        solution,
        experience,
    } = Filled::new(title, answers);
    format!(
        r#"---
title: {title}
customer: {customer}
launch: [YYYY-MM-DD]
owner: [Your name]
status: draft
---

# {headline}

*{subheadline}*

[CITY] — [Launch date] — [Company] today launched {title}. [One or two sentences: what it is and the benefit.]

## Problem

{problem}{evidence}

## Solution

{solution}

## Leader quote

"[Why this matters to customers, in a leader's own words.]" said [Name], [role] at [Company].

## How it works

{experience}

## Customer quote

"[What changed for this customer, in their words.]" said [Name], [a role and a place, such as a parent in Tacoma].

## Call to action

[Where to start: a link, the app and where to tap, a store, or a phone number.]

# FAQ

## Customer FAQ

### How much does it cost?

[The price, or that it is free.]

### How do I get started?

[The first step, and where.]

### How does it work?

[What happens, from the customer's side.]

## Internal FAQ

### What is the biggest risk, and how do we reduce it?

[What could go wrong, and what the team does about it.]

### What is hardest to build?

[The technical or operational challenge, and why the team can meet it.]

### What do we depend on?

[Other teams, partners or vendors, and what each has committed to.]

### What will it take?

[People, time and money.]

### How will we know it worked?

[The metric, its baseline, its target and the date: see Metrics.]

### How is this different from what customers use today?

[Competitors and the customer's current workaround.]

# User journey

1. [How the customer first meets the product.]
2. [The next step.]
3. Aha: [the moment the customer first gets the benefit.]

# Metrics

| Metric | Baseline | Target | By | Owner |
|---|---|---|---|---|
| [What you measure] | [Today's value] | [The value that means success] | [YYYY-MM-DD] | [Name] |

# Scope

## In scope

- [A piece of work, and the press-release claim it delivers]

## Out of scope

- [What this launch deliberately leaves out]
"#,
    )
}

/// What the full skeleton says from the author's answers, or the placeholder that asks
/// for each.
struct Filled {
    customer: String,
    headline: String,
    subheadline: String,
    problem: String,
    evidence: String,
    solution: String,
    experience: String,
}

impl Filled {
    fn new(title: &str, answers: &Answers) -> Filled {
        let customer = or(&answers.customer, "[the customer, in a few words]");
        let benefit = or(
            &answers.benefit,
            "[the one benefit customers get, in their words]",
        );
        let problem = sentence(or(
            &answers.problem,
            "[Who hurts, how often and what it costs them today.",
        ));
        let problem = if answers.problem.trim().is_empty() {
            format!("{problem} Give a number or a source: a survey, tickets, a study.]")
        } else {
            problem
        };
        let evidence = if answers.evidence.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", sentence(&answers.evidence))
        };
        let experience = sentence(or(
            &answers.experience,
            "[The steps a customer takes, from opening the product to the moment it pays off.]",
        ));
        // The customer woven into sentences: `friends who eat out together`, not capitalised
        // mid-sentence; `customers` when the author did not say.
        let who = if answers.customer.trim().is_empty() {
            "customers".to_owned()
        } else {
            lowercase_first(answers.customer.trim().trim_end_matches('.'))
        };
        let subheadline = if answers.benefit.trim().is_empty() {
            "[One sentence: who the customer is and the most important benefit.]".to_owned()
        } else if answers.customer.trim().is_empty() {
            sentence(&benefit_clause(title, &who, benefit))
        } else {
            sentence(&format!(
                "For {who}, {}",
                benefit_clause(title, "them", benefit)
            ))
        };
        let headline = if answers.benefit.trim().is_empty() {
            format!("{title} [does what, for whom, in one sentence]")
        } else {
            format!("{title}: {}", answers.benefit.trim().trim_end_matches('.'))
        };
        let solution = if answers.benefit.trim().is_empty() {
            format!("{title} [does what for the customer, and why that solves the problem.]")
        } else {
            sentence(&benefit_clause(title, &who, benefit))
        };
        Filled {
            customer: customer.to_owned(),
            headline,
            subheadline,
            problem,
            evidence,
            solution,
            experience,
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        Some(c) => std::iter::once(c).chain(chars).collect(),
        None => String::new(),
    }
}

/// The one-paragraph vision.
pub fn vision(title: &str, answers: &Answers) -> String {
    let body = if answers.customer.trim().is_empty() && answers.benefit.trim().is_empty() {
        format!(
            "[One paragraph: who the customer is, the problem they have today, what {title} lets them do, and how you know they want it.]"
        )
    } else {
        let who = lowercase_first(or(&answers.customer, "[the customer]").trim_end_matches('.'));
        let mut parts = vec![format!("{title} is for {who}.")];
        if !answers.problem.trim().is_empty() {
            parts.push(sentence(&answers.problem));
        }
        if !answers.benefit.trim().is_empty() {
            parts.push(sentence(&benefit_clause(title, "them", &answers.benefit)));
        }
        for text in [&answers.evidence, &answers.experience] {
            if !text.trim().is_empty() {
                parts.push(sentence(text));
            }
        }
        parts.join(" ")
    };
    format!("---\ntitle: {title}\nformat: vision\nstatus: draft\n---\n\n# {title}\n\n{body}\n")
}
