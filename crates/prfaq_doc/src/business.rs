//! The business case: the reach, adoption, value per customer and cost a document's bet
//! rests on, each in a low, base and high case, and the first-year impact and payback
//! they give.
//!
//! It is read on request from the front matter (a `business_case:` map) or from a
//! section headed "Business case" (a table of inputs, with one value column or Low,
//! Base and High columns, or `Input: value` lines), so parsing a document costs nothing
//! for it. Values are read as people write them: `200,000`, `1.2M`, `10%`, `$3 a month`,
//! `€400k`, and a value with three cases as `5% / 10% / 15%`.
//!
//! Definitions (the docs state them too): adopters = reach × adoption; first-year impact
//! = adopters × value per customer per year; net = impact − cost; payback = cost ÷
//! (impact ÷ 12) months, none when the impact is zero.

use std::ops::Range;

use yaml_rust2::{Yaml, YamlLoader};

use crate::cues::phrases::{List, list};
use crate::cues::{self};
use crate::{BlockKind, Document};

/// One input of a business case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// Customers the launch can reach in its first year.
    Reach,
    /// The share of them who adopt it.
    Adoption,
    /// What one adopting customer is worth in a year (revenue, savings).
    Value,
    /// What the first year costs (build and run).
    Cost,
}

impl Input {
    pub const ALL: [Input; 4] = [Input::Reach, Input::Adoption, Input::Value, Input::Cost];

    /// The input's name as the docs and messages say it.
    pub fn name(self) -> &'static str {
        match self {
            Input::Reach => "reach",
            Input::Adoption => "adoption",
            Input::Value => "value per customer",
            Input::Cost => "cost",
        }
    }

    /// The key of the front matter's `business_case:` map.
    pub fn key(self) -> &'static str {
        match self {
            Input::Reach => "reach",
            Input::Adoption => "adoption",
            Input::Value => "value_per_customer",
            Input::Cost => "cost",
        }
    }
}

/// A value in the three cases: for reach a count, for adoption a fraction (0.1 for 10%),
/// for value and cost an amount of money a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cases {
    pub low: f64,
    pub base: f64,
    pub high: f64,
}

impl Cases {
    fn same(v: f64) -> Cases {
        Cases {
            low: v,
            base: v,
            high: v,
        }
    }

    /// The three values, low first.
    pub fn all(&self) -> [f64; 3] {
        [self.low, self.base, self.high]
    }
}

/// One input as the document gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    pub input: Input,
    /// The text as written (`5% / 10% / 15%`).
    pub text: String,
    /// Where it stands in the file.
    pub span: Range<usize>,
    /// The value read, or why it could not be read.
    pub value: Result<Cases, String>,
}

/// Where the business case was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    FrontMatter,
    Section,
}

/// A document's business case.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCase {
    pub source: Source,
    /// The front matter's `business_case:` line or the section's heading.
    pub span: Range<usize>,
    /// The inputs given, in the order of [`Input::ALL`]; at most one of each.
    pub given: Vec<Given>,
    /// The currency sign the amounts were written with (`$`), if any.
    pub currency: Option<String>,
}

/// The outcome of one case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub adopters: f64,
    /// Adopters × value per customer per year.
    pub impact: f64,
    /// Impact − cost.
    pub net: f64,
    /// Months until the impact has paid the cost; `None` when the impact is zero.
    pub payback_months: Option<f64>,
}

impl BusinessCase {
    /// The input given for `input`, if any.
    pub fn get(&self, input: Input) -> Option<&Given> {
        self.given.iter().find(|g| g.input == input)
    }

    /// The inputs not given, or given without a value that reads as a number.
    pub fn missing(&self) -> Vec<Input> {
        Input::ALL
            .into_iter()
            .filter(|&i| self.get(i).is_none_or(|g| g.value.is_err()))
            .collect()
    }

    /// The low, base and high outcomes, when every input reads.
    pub fn outcomes(&self) -> Option<[Outcome; 3]> {
        let value = |i: Input| self.get(i).and_then(|g| g.value.as_ref().ok().copied());
        let (reach, adoption, worth, cost) = (
            value(Input::Reach)?,
            value(Input::Adoption)?,
            value(Input::Value)?,
            value(Input::Cost)?,
        );
        let case = |n: usize| {
            let adopters = reach.all()[n] * adoption.all()[n];
            let impact = adopters * worth.all()[n];
            let cost = cost.all()[n];
            Outcome {
                adopters,
                impact,
                net: impact - cost,
                payback_months: (impact > 0.0).then(|| cost / (impact / 12.0)),
            }
        };
        Some([case(0), case(1), case(2)])
    }
}

/// The words that name each input (`data/<language>/business-*.txt`), and the heading.
static REACH: List = list!("business-reach");
static ADOPTION: List = list!("business-adoption");
static VALUE: List = list!("business-value");
static COST: List = list!("business-cost");
static HEADING: List = list!("business-case-words");

/// Which input a label names (`Reach`, `Adoption rate`, `Revenue per customer`).
fn input_named(label: &str) -> Option<Input> {
    let label = cues::normalize(label).replace('_', " ");
    [
        (Input::Value, &VALUE),
        (Input::Adoption, &ADOPTION),
        (Input::Reach, &REACH),
        (Input::Cost, &COST),
    ]
    .into_iter()
    .find(|(_, words)| words.iter().any(|w| cues::has_phrase(&label, w)))
    .map(|(input, _)| input)
}

/// Reads the business case of `doc`: the front matter's first, else the section's.
pub fn read(doc: &Document) -> Option<BusinessCase> {
    from_front_matter(doc).or_else(|| from_section(doc))
}

fn from_front_matter(doc: &Document) -> Option<BusinessCase> {
    let fm = doc.front_matter.as_ref()?;
    let block = &doc.source[fm.span.clone()];
    // Most front matter has no business case: it is read as YAML again only when it may.
    if !block.contains("business") {
        return None;
    }
    let yaml_start = block.find('\n')? + 1;
    let yaml_end = block.trim_end().rfind('\n')?;
    let docs = YamlLoader::load_from_str(block.get(yaml_start..yaml_end)?).ok()?;
    let Some(Yaml::Hash(map)) = docs.first() else {
        return None;
    };
    let (key, inner) = map.iter().find_map(|(k, v)| {
        let k = k.as_str()?;
        matches!(k, "business_case" | "business-case" | "business case").then_some((k, v))
    })?;
    let Yaml::Hash(inner) = inner else {
        return None;
    };
    let span = line_of(&doc.source, 0..fm.span.end, key, 0)?;
    let mut case = BusinessCase {
        source: Source::FrontMatter,
        span: span.clone(),
        given: Vec::new(),
        currency: None,
    };
    for (k, v) in inner {
        let Some(name) = k.as_str() else { continue };
        let Some(input) = input_named(name) else {
            continue;
        };
        let text = match v {
            Yaml::String(s) => s.clone(),
            Yaml::Integer(i) => i.to_string(),
            Yaml::Real(r) => r.clone(),
            _ => String::new(),
        };
        let at = line_of(&doc.source, span.end..fm.span.end, name, 1).unwrap_or(span.clone());
        case.add(input, text, at);
    }
    Some(case)
}

/// The line of the file in `within` whose text starts with `key` followed by `:`
/// (indented when `indented` is 1), as a byte range.
fn line_of(source: &str, within: Range<usize>, key: &str, indented: usize) -> Option<Range<usize>> {
    let mut offset = within.start;
    for line in source[within.clone()].split_inclusive('\n') {
        let bare = line.trim_start();
        let indent = line.len() - bare.len();
        if (indent > 0) == (indented > 0)
            && let Some(rest) = bare.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset + indent..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    None
}

fn from_section(doc: &Document) -> Option<BusinessCase> {
    let (heading, level) = doc.blocks.iter().enumerate().find_map(|(i, b)| {
        let level = b.heading_level()?;
        let text = cues::normalize(b.text());
        HEADING
            .iter()
            .any(|w| cues::has_phrase(&text, w))
            .then_some((i, level))
    })?;
    let mut case = BusinessCase {
        source: Source::Section,
        span: doc.blocks[heading].span.clone(),
        given: Vec::new(),
        currency: None,
    };
    // Table columns: which one holds each case (Low, Base, High), or one value column.
    let mut columns: Option<[usize; 3]> = None;
    for block in doc.blocks[heading + 1..]
        .iter()
        .take_while(|b| b.heading_level().is_none_or(|l| l > level))
    {
        match block.kind {
            BlockKind::TableRow if block.header => {
                columns = case_columns(&block.cells);
            }
            BlockKind::TableRow => {
                let Some(label) = block.cells.first() else {
                    continue;
                };
                let Some(input) = input_named(&label.text) else {
                    continue;
                };
                let text = match columns {
                    Some([l, b, h]) => {
                        let cell =
                            |n: usize| block.cells.get(n).map_or("", |c| c.text.trim()).to_owned();
                        let (low, base, high) = (cell(l), cell(b), cell(h));
                        if low.is_empty() && high.is_empty() {
                            base
                        } else {
                            format!("{low} / {base} / {high}")
                        }
                    }
                    None => block.cells.get(1).map_or("", |c| c.text.trim()).to_owned(),
                };
                case.add(input, text, block.span.clone());
            }
            BlockKind::Paragraph | BlockKind::Item => {
                // `Reach: 200,000 customers`, one a line.
                for line in block.text().lines() {
                    if let Some((label, value)) = line.split_once(':')
                        && let Some(input) = input_named(label)
                    {
                        case.add(input, value.trim().to_owned(), block.span.clone());
                    }
                }
            }
            _ => {}
        }
    }
    Some(case)
}

/// The columns of the low, base and high cases in a header row, when it names all
/// three; `None` for a table with one value column.
fn case_columns(cells: &[crate::Prose]) -> Option<[usize; 3]> {
    let find = |words: &[&str]| {
        cells.iter().position(|c| {
            let t = cues::normalize(&c.text);
            words.iter().any(|w| cues::has_phrase(&t, w))
        })
    };
    Some([
        find(&["low", "pessimistic", "conservative", "worst"])?,
        find(&["base", "expected", "likely", "mid", "middle"])?,
        find(&["high", "optimistic", "best"])?,
    ])
}

impl BusinessCase {
    /// Adds an input (the first of each kind counts).
    fn add(&mut self, input: Input, text: String, span: Range<usize>) {
        if self.get(input).is_some() {
            return;
        }
        if self.currency.is_none() {
            self.currency = currency_of(&text);
        }
        let value = cases(input, &text);
        self.given.push(Given {
            input,
            text,
            span,
            value,
        });
        self.given.sort_by_key(|g| g.input);
    }
}

const CURRENCIES: [&str; 6] = ["$", "€", "£", "¥", "₹", "₩"];

fn currency_of(text: &str) -> Option<String> {
    CURRENCIES
        .iter()
        .find(|c| text.contains(**c))
        .map(|c| (*c).to_owned())
}

/// Reads a value in one case or three (`5% / 10% / 15%`).
pub fn cases(input: Input, text: &str) -> Result<Cases, String> {
    let parts: Vec<&str> = text.split(" / ").map(str::trim).collect();
    match parts.as_slice() {
        [one] => amount(input, one).map(Cases::same),
        [low, base, high] => Ok(Cases {
            low: amount(input, low)?,
            base: amount(input, base)?,
            high: amount(input, high)?,
        }),
        _ => Err(format!(
            "`{text}` is neither one value nor three (low / base / high)"
        )),
    }
}

/// Reads one value: a number with an optional currency sign, thousands separators, a
/// scale (`k`, `M`, `bn`, `thousand`, `million`, `billion`), a percent sign, and for
/// money a period (`a month`, `/mo`, `per year`, `weekly`) turned into a year's worth.
fn amount(input: Input, text: &str) -> Result<f64, String> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return Err("no value is given".to_owned());
    }
    // The number: the first run of digits with its separators and decimal point.
    let start = lower
        .find(|c: char| c.is_ascii_digit())
        .ok_or_else(|| format!("`{}` holds no number", text.trim()))?;
    let rest = &lower[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '_'))
        .unwrap_or(rest.len());
    let digits: String = rest[..end]
        .trim_end_matches(['.', ','])
        .chars()
        .filter(|&c| c != ',' && c != '_')
        .collect();
    let mut value: f64 = digits
        .parse()
        .map_err(|_| format!("`{}` holds no number", text.trim()))?;
    let after = rest[end..].trim_start();
    let word = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    value *= match word {
        "k" | "thousand" | "tsd" => 1e3,
        "m" | "mm" | "mn" | "million" | "millions" | "mio" => 1e6,
        "b" | "bn" | "billion" | "billions" | "mrd" => 1e9,
        _ => 1.0,
    };
    if lower.contains('%') {
        value /= 100.0;
    } else if input == Input::Adoption && value > 1.0 {
        return Err(format!(
            "`{}` is not a share: write adoption as a percentage (10%)",
            text.trim()
        ));
    }
    if matches!(input, Input::Value | Input::Cost) {
        value *= per_year(&lower);
    }
    Ok(value)
}

/// How many times a year an amount written `text` (lowercase) comes: 12 for a month's.
fn per_year(text: &str) -> f64 {
    let has = |w: &str| cues::has_phrase(text, w);
    if has("month") || has("monthly") || has("mo") || has("mth") || text.contains("/month") {
        12.0
    } else if has("week") || has("weekly") || has("wk") {
        52.0
    } else if has("quarter") || has("quarterly") {
        4.0
    } else if has("day") || has("daily") {
        365.0
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(text: &str) -> BusinessCase {
        read(&crate::parse(text)).expect("a business case")
    }

    #[test]
    fn values_are_read_as_people_write_them() {
        let v = |input, text| amount(input, text).unwrap();
        assert_eq!(v(Input::Reach, "200,000 customers"), 200_000.0);
        assert_eq!(v(Input::Reach, "1.2M households"), 1_200_000.0);
        assert_eq!(v(Input::Reach, "40k"), 40_000.0);
        assert_eq!(v(Input::Adoption, "10%"), 0.1);
        assert_eq!(v(Input::Adoption, "0.25"), 0.25);
        assert_eq!(v(Input::Value, "$3 a month"), 36.0);
        assert_eq!(v(Input::Value, "$3/month"), 36.0);
        assert_eq!(v(Input::Value, "€40 per year"), 40.0);
        assert_eq!(v(Input::Cost, "$400k"), 400_000.0);
        assert_eq!(v(Input::Cost, "£1.5 million"), 1_500_000.0);
        assert!(
            amount(Input::Adoption, "12").is_err(),
            "a share needs a percent sign"
        );
        assert!(
            amount(Input::Cost, "TBD")
                .unwrap_err()
                .contains("holds no number")
        );
        let three = cases(Input::Adoption, "5% / 10% / 15%").unwrap();
        assert_eq!(three.all(), [0.05, 0.1, 0.15]);
        assert!(cases(Input::Adoption, "5% / 10%").is_err());
    }

    #[test]
    fn the_front_matter_gives_the_case_and_its_outcomes() {
        let doc = "---\ntitle: Quick Reorder\nbusiness_case:\n  reach: 200,000 customers\n  adoption: 5% / 10% / 15%\n  value_per_customer: $3 a month\n  cost: $400k\n---\n# Quick Reorder\n";
        let c = case(doc);
        assert_eq!(c.source, Source::FrontMatter);
        assert!(c.missing().is_empty(), "{:?}", c.given);
        assert_eq!(c.currency.as_deref(), Some("$"));
        assert_eq!(&doc[c.span.clone()], "business_case:");
        assert_eq!(
            &doc[c.get(Input::Cost).unwrap().span.clone()],
            "cost: $400k"
        );
        let [low, base, high] = c.outcomes().unwrap();
        assert_eq!(base.adopters, 20_000.0);
        assert_eq!(base.impact, 720_000.0);
        assert_eq!(base.net, 320_000.0);
        assert!((base.payback_months.unwrap() - 6.666).abs() < 0.01);
        assert_eq!(low.impact, 360_000.0);
        assert_eq!(high.impact, 1_080_000.0);
    }

    #[test]
    fn a_section_gives_the_case_as_a_table_of_cases_or_as_lines() {
        let table = "# Quick Reorder\n\n## Business case\n\n| Input | Low | Base | High |\n|---|---|---|---|\n| Reach | 100,000 | 200,000 | 300,000 |\n| Adoption rate | 5% | 10% | 15% |\n| Revenue per customer | $2/month | $3/month | $4/month |\n| Cost | $500k | $400k | $400k |\n\n## Next\n\nText.\n";
        let c = case(table);
        assert_eq!(c.source, Source::Section);
        assert!(c.missing().is_empty(), "{:?}", c.given);
        let [low, base, high] = c.outcomes().unwrap();
        assert_eq!(low.impact, 100_000.0 * 0.05 * 24.0);
        assert_eq!(base.impact, 200_000.0 * 0.1 * 36.0);
        assert_eq!(high.impact, 300_000.0 * 0.15 * 48.0);

        let lines = "# Quick Reorder\n\n## Business case\n\n- Reach: 200,000 customers\n- Adoption: TBD\n- Cost: $400k\n";
        let c = case(lines);
        assert_eq!(c.missing(), [Input::Adoption, Input::Value]);
        assert!(c.outcomes().is_none());
        assert!(read(&crate::parse("# Quick Reorder\n\nNo case.\n")).is_none());
    }
}
