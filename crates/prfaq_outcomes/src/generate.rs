//! A seeded generator of realistic event streams with planted numbers: funnel
//! conversion per step, time to aha, weekly retention and a summed property. The tests
//! check that the report recovers the planted numbers; the benchmark writes large files.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StringBuilder, TimestampMillisecondBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};

use crate::time::DAY_MS;

/// What to plant.
#[derive(Debug, Clone)]
pub struct Plant {
    pub seed: u64,
    pub users: u64,
    /// The journey's events, in order.
    pub steps: Vec<String>,
    /// For each step after the first, the chance a user at the previous step goes on.
    pub conversion: Vec<f64>,
    /// The aha step's index.
    pub aha: usize,
    /// Median time from the first step to aha, in seconds (exponential, cut at 10 days).
    pub median_aha_seconds: f64,
    /// For weeks 1, 2, …: the chance a user who reached aha does the aha event again
    /// in that week (rolling weeks from the first step).
    pub retention: Vec<f64>,
    /// First steps are spread over this many weeks.
    pub signup_weeks: u32,
    /// Unrelated events per user, on average.
    pub noise: u32,
    /// Share of users who do the exclusion event between the first and second step (and
    /// so never count in the funnel).
    pub excluded_share: f64,
    /// First day of the data, in milliseconds.
    pub start_ms: i64,
}

impl Default for Plant {
    fn default() -> Self {
        Plant {
            seed: 7,
            users: 20_000,
            steps: ["app_opened", "reorder_seen", "basket_filled", "order_paid"]
                .map(String::from)
                .to_vec(),
            conversion: vec![0.7, 0.6, 0.8],
            aha: 2,
            median_aha_seconds: 86_400.0,
            retention: vec![0.5, 0.4, 0.35, 0.3],
            signup_weeks: 6,
            noise: 3,
            excluded_share: 0.0,
            start_ms: 1_772_409_600_000, // 2026-03-02, a Monday
        }
    }
}

/// The exclusion event the generator writes.
pub const EXCLUDED_EVENT: &str = "account_deleted";
/// The noise event.
pub const NOISE_EVENT: &str = "page_viewed";
/// The property written on the last step's events.
pub const AMOUNT: &str = "amount";

const CUT_MS: f64 = 10.0 * DAY_MS as f64;

/// What the report should find for a plant (rolling weeks, first-time cohorts).
#[derive(Debug, Clone)]
pub struct Expected {
    /// Share of first-step users reaching each step.
    pub overall: Vec<f64>,
    pub median_seconds: f64,
    pub p90_seconds: f64,
    pub never_share: f64,
    /// Activation within 7 days.
    pub activation: f64,
    /// Retention for weeks 0, 1, 2, …
    pub retention: Vec<f64>,
}

impl Plant {
    fn lambda(&self) -> f64 {
        std::f64::consts::LN_2 / (self.median_aha_seconds * 1000.0)
    }

    /// The `p` quantile of the cut exponential, in seconds.
    fn quantile_seconds(&self, p: f64) -> f64 {
        let l = self.lambda();
        let f_cut = 1.0 - (-l * CUT_MS).exp();
        -(1.0 - p * f_cut).ln() / l / 1000.0
    }

    pub fn expected(&self) -> Expected {
        let mut overall = vec![1.0];
        for p in &self.conversion {
            let last = *overall.last().unwrap_or(&1.0);
            overall.push(last * p);
        }
        let reach_aha = overall[self.aha];
        let l = self.lambda();
        let f = |ms: f64| 1.0 - (-l * ms).exp();
        let within_week = f(7.0 * DAY_MS as f64) / f(CUT_MS);
        let mut retention = vec![reach_aha * within_week];
        retention.extend(self.retention.iter().map(|r| reach_aha * r));
        Expected {
            overall,
            median_seconds: self.quantile_seconds(0.5),
            p90_seconds: self.quantile_seconds(0.9),
            never_share: 1.0 - reach_aha,
            activation: reach_aha * within_week,
            retention,
        }
    }
}

/// A small, fast, seeded random source (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One generated event: user number, event index (steps, then noise, then exclusion),
/// time, and amount (NaN when none).
#[derive(Debug, Clone, Copy)]
pub struct Generated {
    pub user: u32,
    pub event: u8,
    pub ms: i64,
    pub amount: f32,
}

/// The name of a generated event index.
pub fn event_name(plant: &Plant, event: u8) -> &str {
    let i = usize::from(event);
    match i.cmp(&plant.steps.len()) {
        std::cmp::Ordering::Less => &plant.steps[i],
        std::cmp::Ordering::Equal => NOISE_EVENT,
        std::cmp::Ordering::Greater => EXCLUDED_EVENT,
    }
}

/// Generates the events, in time order.
pub fn generate(plant: &Plant) -> Vec<Generated> {
    let mut rng = Rng::new(plant.seed);
    let mut out = Vec::new();
    let k = plant.steps.len();
    let noise = k as u8;
    let excluded = k as u8 + 1;
    let span = i64::from(plant.signup_weeks) * 7 * DAY_MS;
    let lambda = plant.lambda();
    for user in 0..plant.users as u32 {
        let t0 = plant.start_ms + (rng.unit() * span as f64) as i64;
        let mut level = 1;
        while level < k && rng.unit() < plant.conversion[level - 1] {
            level += 1;
        }
        // Time to aha: exponential with the planted median, cut at ten days.
        let d = loop {
            let x = -(1.0 - rng.unit()).ln() / lambda;
            if x < CUT_MS {
                break x as i64;
            }
        };
        let aha = plant.aha.max(1) as i64;
        let drop_out = rng.unit() < plant.excluded_share;
        for step in 0..level {
            let s = step as i64;
            let ms = if s <= aha {
                t0 + d * s / aha
            } else {
                t0 + d + (s - aha) * 600_000
            };
            let amount = if step + 1 == k {
                10.0 + (rng.unit() * 40.0) as f32
            } else {
                f32::NAN
            };
            out.push(Generated {
                user,
                event: step as u8,
                ms,
                amount,
            });
            if step == 0 && drop_out {
                out.push(Generated {
                    user,
                    event: excluded,
                    ms: t0 + 1,
                    amount: f32::NAN,
                });
            }
        }
        if level > plant.aha {
            for (week, r) in plant.retention.iter().enumerate() {
                if rng.unit() < *r {
                    let at = t0
                        + (week as i64 + 1) * 7 * DAY_MS
                        + (rng.unit() * (7 * DAY_MS - 1) as f64) as i64;
                    out.push(Generated {
                        user,
                        event: plant.aha as u8,
                        ms: at,
                        amount: f32::NAN,
                    });
                }
            }
        }
        let n = rng.next_u64() % (2 * u64::from(plant.noise) + 1);
        for _ in 0..n {
            let at = t0 + (rng.unit() * 21.0 * DAY_MS as f64) as i64;
            out.push(Generated {
                user,
                event: noise,
                ms: at,
                amount: f32::NAN,
            });
        }
    }
    // Times are written to the second, as most event exports are.
    for g in &mut out {
        g.ms -= g.ms.rem_euclid(1000);
    }
    out.sort_by_key(|g| g.ms);
    out
}

fn iso(ms: i64) -> String {
    let (y, m, d) = crate::time::civil_from_days(ms.div_euclid(DAY_MS));
    let s = ms.rem_euclid(DAY_MS) / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Writes CSV with the columns `user_id,event,timestamp,amount` (ISO 8601 times).
pub fn write_csv(path: &Path, plant: &Plant, events: &[Generated]) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "user_id,event,timestamp,{AMOUNT}")?;
    for g in events {
        write!(
            w,
            "u{},{},{},",
            g.user,
            event_name(plant, g.event),
            iso(g.ms)
        )?;
        if g.amount.is_nan() {
            writeln!(w)?;
        } else {
            writeln!(w, "{:.2}", g.amount)?;
        }
    }
    w.flush()
}

/// Writes JSON Lines with epoch seconds.
pub fn write_jsonl(path: &Path, plant: &Plant, events: &[Generated]) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for g in events {
        write!(
            w,
            "{{\"user_id\":\"u{}\",\"event\":\"{}\",\"timestamp\":{}",
            g.user,
            event_name(plant, g.event),
            g.ms as f64 / 1000.0
        )?;
        if g.amount.is_nan() {
            writeln!(w, "}}")?;
        } else {
            writeln!(w, ",\"properties\":{{\"{AMOUNT}\":{:.2}}}}}", g.amount)?;
        }
    }
    w.flush()
}

/// Writes Parquet (Snappy) with a UTC millisecond timestamp column, 1,000,000 rows a group.
pub fn write_parquet(path: &Path, plant: &Plant, events: &[Generated]) -> Result<(), String> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Utf8, false),
        Field::new("event", DataType::Utf8, false),
        Field::new(
            "timestamp",
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
            false,
        ),
        Field::new(AMOUNT, DataType::Float64, true),
    ]));
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(1_000_000))
        .build();
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, schema.clone(), Some(props))
        .map_err(|e| e.to_string())?;
    for chunk in events.chunks(65_536) {
        let mut users = StringBuilder::new();
        let mut names = StringBuilder::new();
        let mut times = TimestampMillisecondBuilder::new().with_timezone("UTC");
        let mut amounts = Float64Builder::new();
        for g in chunk {
            users.append_value(format!("u{}", g.user));
            names.append_value(event_name(plant, g.event));
            times.append_value(g.ms);
            if g.amount.is_nan() {
                amounts.append_null();
            } else {
                amounts.append_value((f64::from(g.amount) * 100.0).round() / 100.0);
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(users.finish()),
            Arc::new(names.finish()),
            Arc::new(times.finish()),
            Arc::new(amounts.finish()),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())?;
        writer.write(&batch).map_err(|e| e.to_string())?;
    }
    writer.close().map_err(|e| e.to_string())?;
    Ok(())
}

/// A PR/FAQ whose journey and metrics name the plant's events, for tests and benchmarks.
pub fn document(plant: &Plant) -> String {
    let mut doc =
        String::from("---\ntitle: Quick reorder\nlaunch: 2026-03-02\n---\n\n# User journey\n\n");
    for (i, e) in plant.steps.iter().enumerate() {
        let aha = if i == plant.aha { "Aha: " } else { "" };
        doc.push_str(&format!(
            "{}. {aha}The customer does step {} — event: {e}\n",
            i + 1,
            i + 1
        ));
    }
    let last = plant.steps.last().map_or("", String::as_str);
    doc.push_str(&format!(
        "\n# Metrics\n\n| Metric | Measure | Baseline | Target | By | Direction | Min sample |\n|---|---|---|---|---|---|---|\n\
         | Activation | activation 7d | 20% | 60% | 2026-12-31 | higher | 100 |\n\
         | Week 2 retention | retention week 2 | 10% | 15% | 2026-12-31 | higher | 100 |\n\
         | Time to aha | time to aha | 3 days | 2 hours | 2026-12-31 | lower | 100 |\n\
         | Orders | count {last} | 0 | 1000 | 2026-12-31 | higher | |\n\
         | Revenue | sum {AMOUNT} of {last} | 0 | 1000000 | 2026-12-31 | higher | |\n"
    ));
    doc
}
