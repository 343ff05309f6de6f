//! Customer evidence benchmarks (see docs/benchmarks.md, "Customer evidence").
//!
//! ```sh
//! cargo run --release -p prfaq_evidence --example evidence_bench -- csv FILE ROWS
//! cargo run --release -p prfaq_evidence --example evidence_bench -- parse FILE
//! cargo run --release -p prfaq_evidence --example evidence_bench -- themes COMMENTS [NOISE]
//! cargo run --release -p prfaq_evidence --example evidence_bench -- suggest COMMENTS DOC
//! ```
//!
//! Each prints one line of `key=value` figures, with the process's peak resident memory
//! (VmHWM) at the end.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use prfaq_evidence::synth::{Generator, feedback};
use prfaq_evidence::{
    Comment, ContentKey, Format, Index, Model, Options, Row, TextReader, ThemeOptions, claims,
    suggest,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| -> &str {
        args.get(i).map(String::as_str).unwrap_or_else(|| {
            eprintln!("usage: evidence_bench csv FILE ROWS | parse FILE | themes COMMENTS | suggest COMMENTS DOC");
            std::process::exit(2)
        })
    };
    match arg(0) {
        "csv" => write_csv(arg(1), arg(2).parse().expect("ROWS is a number")),
        "parse" => parse(arg(1)),
        "themes" => themes(
            arg(1).parse().expect("COMMENTS is a number"),
            args.get(2)
                .map_or(0, |n| n.parse().expect("NOISE is a number")),
        ),
        "suggest" => suggestions(arg(1).parse().expect("COMMENTS is a number"), arg(2)),
        other => {
            eprintln!("unknown command {other:?}");
            std::process::exit(2)
        }
    }
}

fn peak_mib() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| format!("{:.1}", kb / 1024.0))
        .unwrap_or_else(|| "?".into())
}

/// A Zendesk-shaped export: one quoted text (some with a doubled quote or a line
/// break), an id, a date with an offset, an email, a rating and a channel.
fn write_csv(path: &str, rows: usize) {
    let started = Instant::now();
    let mut out = BufWriter::new(File::create(path).expect("cannot create the file"));
    writeln!(
        out,
        "Id,Description,Requester email,Created at,Satisfaction Score,Via"
    )
    .unwrap();
    for (i, s) in Generator::new(1, rows, 10).take(rows).enumerate() {
        let text = match i % 50 {
            0 => format!("{}\nSent from my phone", s.text),
            1 => format!("{} The \"{}\" button does nothing.", s.text, "Save"),
            _ => s.text,
        };
        writeln!(
            out,
            "{},\"{}\",{},{} 10:{:02}:00 -0800,{},{}",
            100_000 + i,
            text.replace('"', "\"\""),
            s.email,
            s.date,
            i % 60,
            s.rating,
            ["Email", "Web Widget", "Mobile", "API"][i % 4]
        )
        .unwrap();
    }
    out.flush().unwrap();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote={path} rows={rows} mib={:.1} seconds={:.2}",
        bytes as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );
}

fn parse(path: &str) {
    let format = Format::from_file_name(path).expect("a .csv, .tsv, .json or .jsonl file");
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    let file = File::open(path).expect("cannot open the file");
    let reader = TextReader::new(file, format, Options::default()).expect("a readable header");
    let (mut records, mut bad) = (0usize, 0usize);
    let mut keys = 0u64;
    for row in reader {
        match row.expect("no I/O error") {
            Row::Record(r) => {
                records += 1;
                // The key is part of an import's work: what makes re-imports idempotent.
                keys ^= u64::from(r.content_key().0[0]);
            }
            Row::Bad(_) => bad += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "parse file_mib={:.1} records={records} bad={bad} seconds={seconds:.2} rows_per_s={:.0} mib_per_s={:.1} peak_mib={} check={keys}",
        bytes as f64 / 1048576.0,
        records as f64 / seconds,
        bytes as f64 / 1048576.0 / seconds,
        peak_mib()
    );
}

fn comments(count: usize) -> (Vec<prfaq_evidence::synth::Synthetic>, Vec<ContentKey>) {
    let synthetic = feedback(3, count, 10);
    let keys = (0..count)
        .map(|i| {
            let mut key = [0u8; 16];
            key[..8].copy_from_slice(&(i as u64).to_le_bytes());
            ContentKey(key)
        })
        .collect();
    (synthetic, keys)
}

/// A made-up word for noise: two to four syllables from a fixed set, so that 20,000
/// of them make a vocabulary as large as real feedback's.
fn pseudo_word(mut n: usize) -> String {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "zen", "tor", "vel", "qua", "rim", "sol", "dex", "nu", "bri", "cal",
        "fen", "gor", "hal", "jin", "kip", "lun", "mar", "nor", "pex", "ril", "tav",
    ];
    let mut word = String::new();
    for _ in 0..2 + n % 3 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word.push_str(SYLLABLES[n % SYLLABLES.len()]);
    word
}

fn themes(count: usize, noise: usize) {
    let (mut synthetic, keys) = comments(count);
    // Optional noise: NOISE extra words a comment drawn from a 20,000-word lexicon with
    // a long tail (word i drawn about as often as 1/i), as real vocabularies are.
    let mut rng = prfaq_evidence::synth::Rng::new(99);
    for s in &mut synthetic {
        for _ in 0..noise {
            let rank = (20_000f64.powf(rng.unit())) as usize;
            s.text.push(' ');
            s.text.push_str(&pseudo_word(rank));
        }
    }
    let list: Vec<Comment> = synthetic
        .iter()
        .zip(&keys)
        .map(|(s, &key)| Comment {
            key,
            text: &s.text,
            customer: Some(&s.email),
            date: Some(s.date),
        })
        .collect();
    let started = Instant::now();
    let model = Model::new(&list, &ThemeOptions::default());
    let vectors = started.elapsed().as_secs_f64();
    let themes = model.themes(&[]);
    let seconds = started.elapsed().as_secs_f64();
    // The planted-theme score: the share of comments in the theme holding most of
    // their kind.
    let mut theme_of = vec![usize::MAX; count];
    for (t, theme) in themes.themes.iter().enumerate() {
        for &m in &theme.members {
            theme_of[m] = t;
        }
    }
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, s) in synthetic.iter().enumerate() {
        *votes.entry((s.theme, theme_of[i])).or_default() += 1;
    }
    let mut best: HashMap<usize, usize> = HashMap::new();
    for (&(kind, _), &n) in &votes {
        let b = best.entry(kind).or_default();
        *b = (*b).max(n);
    }
    let share = best.values().sum::<usize>() as f64 / count as f64;
    println!(
        "themes comments={count} noise_words={noise} vocabulary={} themes={} planted_share={share:.3} vectors_s={vectors:.2} seconds={seconds:.2} peak_mib={}",
        model.vocabulary(),
        themes.themes.len(),
        peak_mib()
    );
}

fn suggestions(count: usize, doc_path: &str) {
    let (synthetic, _) = comments(count);
    let source = std::fs::read_to_string(doc_path).expect("cannot read the document");
    let started = Instant::now();
    let index = Index::new(synthetic.iter().map(|s| s.text.as_str()));
    let index_s = started.elapsed().as_secs_f64();
    let mut times = Vec::new();
    let mut claim_count = 0;
    for _ in 0..30 {
        let started = Instant::now();
        let doc = prfaq_doc::parse(&source);
        let found = claims(&doc);
        let s = suggest(&found, &index, 5);
        claim_count = found.len();
        assert_eq!(s.len(), claim_count);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "suggest comments={count} claims={claim_count} index_s={index_s:.2} median_ms={:.1} p95_ms={:.1} max_ms={:.1} peak_mib={}",
        times[times.len() / 2],
        times[(times.len() * 95) / 100],
        times[times.len() - 1],
        peak_mib()
    );
}
