//! The same measures as SQL a team can run on its warehouse.
//!
//! One statement returns rows of `(measure, item, value)`: the funnel's users per step
//! (`item` is the step number), time to aha (median, p90, seconds), the share who never
//! reach aha, the activation rate, retention per week (`item` is the week) and each
//! metric's count or sum (`item` is the metric's line). The funnel follows the report's
//! rules except strict order and exclusion events, which have no SQL form here; cohorts
//! are first-time.

use std::fmt::Write as _;

use crate::measures::{Cohorts, Weeks};
use crate::metric::Measure;
use crate::plan::Plan;
use crate::report::{self, Error, Options};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    DuckDb,
    ClickHouse,
}

impl Dialect {
    pub fn parse(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "duckdb" => Some(Dialect::DuckDb),
            "clickhouse" => Some(Dialect::ClickHouse),
            _ => None,
        }
    }

    fn epoch(self, column: &str) -> String {
        match self {
            Dialect::Postgres => format!("EXTRACT(EPOCH FROM {column})"),
            Dialect::DuckDb => format!("epoch({column})"),
            // `toUnixTimestamp` drops the milliseconds; `DateTime64` keeps them.
            Dialect::ClickHouse => {
                format!("toUnixTimestamp64Milli(CAST({column} AS DateTime64(3, 'UTC'))) / 1000")
            }
        }
    }

    /// The type a property is read as: ClickHouse refuses to cast a missing value to a
    /// type without NULL.
    fn property(self) -> &'static str {
        match self {
            Dialect::ClickHouse => "Nullable(Float64)",
            other => other.double(),
        }
    }

    /// The name of the 64-bit floating point type.
    fn double(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::DuckDb => "DOUBLE",
            Dialect::ClickHouse => "Float64",
        }
    }

    fn quantile(self, p: f64, column: &str) -> String {
        match self {
            Dialect::Postgres => format!("percentile_disc({p}) WITHIN GROUP (ORDER BY {column})"),
            Dialect::DuckDb => format!("quantile_disc({column}, {p})"),
            // Nearest rank, as the report: the value at rank ⌈p·n⌉ (arrays count from 1).
            Dialect::ClickHouse => format!(
                "arrayElement(arraySort(groupArray({column})), toUInt64(greatest(1, ceil({p} * count()))))"
            ),
        }
    }

    fn weeks(self, n: usize) -> String {
        match self {
            Dialect::ClickHouse => format!("SELECT toInt64(number) AS k FROM numbers({n})"),
            _ => format!(
                "SELECT k FROM generate_series(0, {}) AS w(k)",
                n.saturating_sub(1)
            ),
        }
    }
}

/// `'text'` with quotes doubled.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `"name"` with quotes doubled.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL for a plan, reading the relation `table`.
pub fn sql(plan: &Plan, options: &Options, dialect: Dialect, table: &str) -> Result<String, Error> {
    if options.strict || !options.exclude.is_empty() {
        return Err(Error::Document(
            "strict order and exclusion events have no SQL form; run the report on a file for them"
                .into(),
        ));
    }
    if options.cohorts == Cohorts::Recurring {
        return Err(Error::Document(
            "the SQL form counts first-time cohorts only".into(),
        ));
    }
    let (events, properties, setup) = report::prepare_sql(plan, options)?;
    let c = &options.columns;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "-- Outcome measures{}; rows of (measure, item, value).",
        plan_title(plan)
    );
    let _ = writeln!(
        s,
        "-- Definitions: see the report's `definitions`. Times in seconds; rates as fractions."
    );
    let _ = write!(
        s,
        "WITH ev AS (\n  SELECT CAST({} AS VARCHAR) AS u, CAST({} AS VARCHAR) AS e, {} AS t",
        ident(&c.user),
        ident(&c.event),
        dialect.epoch(&ident(&c.timestamp))
    );
    for (i, p) in properties.iter().enumerate() {
        let _ = write!(s, ", CAST({} AS {}) AS p{i}", ident(p), dialect.property());
    }
    let list: Vec<String> = events.iter().map(|e| literal(e)).collect();
    let _ = write!(
        s,
        "\n  FROM {table}\n  WHERE {} IN ({})\n)",
        ident(&c.event),
        list.join(", ")
    );
    let window = setup.window_ms as f64 / 1000.0;
    let steps: Vec<(usize, &str)> = plan
        .steps
        .iter()
        .filter_map(|st| Some((st.number, st.event.as_deref()?)))
        .collect();
    for (i, (_, event)) in steps.iter().enumerate() {
        if i == 0 {
            let _ = write!(
                s,
                ",\ns1 AS (SELECT u, t AS t0, t FROM ev WHERE e = {})",
                literal(event)
            );
        } else {
            let _ = write!(
                s,
                ",\ns{n} AS (\n  SELECT p.u AS u, p.t0 AS t0, MIN(x.t) AS t FROM s{i} p JOIN ev x ON x.u = p.u\n  WHERE x.e = {} AND x.t >= p.t AND x.t <= p.t0 + {window}\n  GROUP BY p.u, p.t0\n)",
                literal(event),
                n = i + 1
            );
        }
    }
    let first = literal(steps[0].1);
    let _ = write!(
        s,
        ",\nfirst_step AS (SELECT u, MIN(t) AS t0 FROM ev WHERE e = {first} GROUP BY u),\nbounds AS (SELECT MAX(t) AS tmax FROM ev)"
    );
    let aha = setup.aha.map(|a| steps[a].1);
    if let Some(aha) = aha {
        let _ = write!(
            s,
            ",\naha AS (\n  SELECT f.u AS u, MIN(x.t) - f.t0 AS d FROM first_step f JOIN ev x ON x.u = f.u\n  WHERE x.e = {} AND x.t >= f.t0 GROUP BY f.u, f.t0\n)",
            literal(aha)
        );
    }
    let ret = options.return_event.as_deref().or(aha);
    let weeks = setup.max_weeks;
    if let Some(ret) = ret {
        let (k, observed) = match options.weeks {
            Weeks::Rolling => ("FLOOR((x.t - f.t0) / 604800)".to_owned(), "f.t0 + 604800 * (w.k + 1) <= b.tmax".to_owned()),
            Weeks::Calendar => (
                "FLOOR((FLOOR(x.t / 86400) + 3) / 7) - FLOOR((FLOOR(f.t0 / 86400) + 3) / 7)".to_owned(),
                "FLOOR((FLOOR(f.t0 / 86400) + 3) / 7) + w.k < FLOOR((FLOOR(b.tmax / 86400) + 3) / 7)".to_owned(),
            ),
        };
        let _ = write!(
            s,
            ",\nweeks AS ({}),\nret AS (\n  SELECT DISTINCT f.u AS u, CAST({k} AS BIGINT) AS k FROM first_step f JOIN ev x ON x.u = f.u\n  WHERE x.e = {} AND x.t >= f.t0\n),\n\
             eligible AS (\n  SELECT w.k AS k, COUNT(*) AS n FROM first_step f CROSS JOIN weeks w CROSS JOIN bounds b\n  WHERE {observed} GROUP BY w.k\n),\n\
             returned AS (\n  SELECT w.k AS k, COUNT(*) AS n FROM ret r JOIN first_step f ON f.u = r.u JOIN weeks w ON w.k = r.k CROSS JOIN bounds b\n  WHERE {observed} GROUP BY w.k\n)",
            dialect.weeks(weeks),
            literal(ret)
        );
    }
    let rows = selects(
        plan,
        dialect,
        &steps,
        aha.is_some(),
        ret.is_some(),
        setup.activation_ms,
        &properties,
    );
    let _ = write!(
        s,
        "\nSELECT measure, item, value FROM (\n{}\n) AS m\nORDER BY measure, item;\n",
        rows.join("\nUNION ALL ")
    );
    Ok(s)
}

/// The final `SELECT`s, one for each measure, joined by `UNION ALL`.
fn selects(
    plan: &Plan,
    dialect: Dialect,
    steps: &[(usize, &str)],
    aha: bool,
    ret: bool,
    activation_ms: i64,
    properties: &[String],
) -> Vec<String> {
    let double = dialect.double();
    let mut rows: Vec<String> = Vec::new();
    for (i, (number, _)) in steps.iter().enumerate() {
        rows.push(format!("SELECT 'funnel' AS measure, {number} AS item, CAST(COUNT(DISTINCT u) AS {double}) AS value FROM s{}", i + 1));
    }
    if aha {
        let started = "(SELECT COUNT(*) FROM first_step)";
        rows.push(format!(
            "SELECT 'time_to_aha_median_seconds', 0, CAST({} AS {double}) FROM aha",
            dialect.quantile(0.5, "d")
        ));
        rows.push(format!(
            "SELECT 'time_to_aha_p90_seconds', 0, CAST({} AS {double}) FROM aha",
            dialect.quantile(0.9, "d")
        ));
        rows.push(format!(
            "SELECT 'never_share', 0, 1 - CAST(COUNT(*) AS {double}) / {started} FROM aha"
        ));
        rows.push(format!(
            "SELECT 'activation_rate', 0, CAST(COUNT(*) AS {double}) / {started} FROM aha WHERE d <= {}",
            activation_ms as f64 / 1000.0
        ));
    }
    if ret {
        rows.push(format!("SELECT 'retention', e.k AS k, CAST(COALESCE(r.n, 0) AS {double}) / e.n FROM eligible e LEFT JOIN returned r ON r.k = e.k"));
    }
    for m in &plan.metrics {
        match &m.measure {
            Some(Measure::Count { event }) => rows.push(format!(
                "SELECT 'count', {}, CAST(COUNT(*) AS {double}) FROM ev WHERE e = {}",
                m.line,
                literal(event)
            )),
            Some(Measure::Sum { property, event }) => {
                let p = properties.iter().position(|x| x == property).unwrap_or(0);
                rows.push(format!(
                    "SELECT 'sum', {}, CAST(COALESCE(SUM(p{p}), 0) AS {double}) FROM ev WHERE e = {}",
                    m.line,
                    literal(event)
                ));
            }
            _ => {}
        }
    }
    rows
}

fn plan_title(plan: &Plan) -> String {
    plan.steps.first().map_or_else(String::new, |_| {
        format!(" for a journey of {} steps", plan.steps.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{self, Plant};

    #[test]
    fn every_dialect_names_its_own_functions() {
        let doc = prfaq_doc::parse(generate::document(&Plant::default()));
        let plan = crate::plan::read(&doc);
        let options = Options::default();
        let pg = sql(&plan, &options, Dialect::Postgres, "events").unwrap();
        assert!(pg.contains("percentile_disc(0.5) WITHIN GROUP"));
        assert!(pg.contains("EXTRACT(EPOCH FROM \"timestamp\")"));
        assert!(pg.contains("s4 AS ("));
        assert!(pg.contains("AS DOUBLE PRECISION)") && !pg.contains("AS DOUBLE)"));
        let duck = sql(&plan, &options, Dialect::DuckDb, "events").unwrap();
        assert!(duck.contains("quantile_disc(d, 0.5)"));
        let ch = sql(&plan, &options, Dialect::ClickHouse, "events").unwrap();
        assert!(ch.contains("arraySort(groupArray(d))") && ch.contains("numbers(8)"));
        assert!(
            ch.contains("toUnixTimestamp64Milli(") && ch.contains("AS Nullable(Float64)) AS p0")
        );
        assert!(
            sql(
                &plan,
                &Options {
                    strict: true,
                    ..Options::default()
                },
                Dialect::DuckDb,
                "events"
            )
            .is_err()
        );
    }
}
