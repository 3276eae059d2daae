//! Speed of `breachlint merge-check`: 100,000 letters against a list of
//! 100,000 recipients, on two threads. The mailing is generated here
//! (`support/mailing.rs`, about 1.25 KB a letter), so the numbers are
//! reproducible anywhere.
//!
//! Run with `cargo bench --bench merge` (`-- --test` runs the full timing
//! once and each group once). Before the criterion groups, one
//! full run is timed and printed as `full:` lines: reading and indexing the
//! list, then checking every letter (in memory, no disk) and tallying.
//!
//! Groups:
//! - `merge/index-100k`: reading and indexing the 100,000-row list;
//! - `merge/letters-2-threads`: 10,000 letters against that index
//!   (`thrpt:` in letters per second).

use std::path::Path;
use std::time::Instant;

use breachlint::lint::LintContext;
use breachlint::merge::{MergeIndex, Options, Recipients, Tally};
use breachlint::source::SourceFile;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

#[path = "support/mailing.rs"]
mod mailing;

const RECIPIENTS: usize = 100_000;
const SAMPLE_LETTERS: usize = 10_000;

fn options() -> Options {
    Options {
        key: "member_id".into(),
        ..Options::default()
    }
}

fn index(csv: &str) -> MergeIndex {
    let r = Recipients::parse(SourceFile::new("recipients.csv", csv), &options()).expect("list");
    MergeIndex::new(r).expect("index")
}

fn cx() -> LintContext {
    LintContext {
        today: "2026-03-01".parse().unwrap(),
        ..LintContext::today()
    }
}

/// Checks `letters` on the current rayon pool and tallies them; returns
/// the number of findings.
fn check_all(index: &MergeIndex, letters: &[(String, String)]) -> usize {
    let cx = cx();
    let mut tally = Tally::new(index);
    let mut findings = 0;
    for chunk in letters.chunks(128) {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|(name, text)| index.check_bytes(Path::new(name), text.as_bytes(), &cx))
            .collect();
        for r in &results {
            tally.add(r);
            findings += r.report.diagnostics.len();
        }
    }
    findings + tally.finish(index).diagnostics.len()
}

fn two_threads() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool")
}

fn full_run(m: &mailing::Mailing) {
    let bytes: usize = m.letters.iter().map(|l| l.1.len()).sum();
    let pool = two_threads();
    let t = Instant::now();
    let ix = index(&m.csv);
    let built = t.elapsed();
    let t = Instant::now();
    let findings = pool.install(|| check_all(&ix, &m.letters));
    let checked = t.elapsed();
    println!(
        "full: {} recipients ({} identifying values) indexed in {:.2} s",
        RECIPIENTS,
        ix.pattern_count(),
        built.as_secs_f64()
    );
    println!(
        "full: {} letters ({:.0} MB) checked on 2 threads in {:.2} s ({:.0} letters/s), {} findings",
        m.letters.len(),
        bytes as f64 / 1e6,
        checked.as_secs_f64(),
        m.letters.len() as f64 / checked.as_secs_f64(),
        findings
    );
    println!("full: total {:.2} s", (built + checked).as_secs_f64());
    assert_eq!(findings, 0, "a mailing without faults has no findings");
}

fn bench(c: &mut Criterion) {
    let m = mailing::mailing(RECIPIENTS, 7, false);
    full_run(&m);

    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    g.bench_function("index-100k", |b| b.iter(|| index(&m.csv)));
    let ix = index(&m.csv);
    let pool = two_threads();
    let sample = &m.letters[..SAMPLE_LETTERS];
    g.throughput(Throughput::Elements(SAMPLE_LETTERS as u64));
    g.bench_function("letters-2-threads", |b| {
        b.iter(|| pool.install(|| check_all(&ix, sample)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
