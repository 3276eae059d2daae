//! Throughput of the default rule sets: notices per second and MB/s on one
//! core and on all cores, and the time to lint one notice from process start.
//!
//! Run with `cargo bench --bench lint`. Criterion prints the throughput lines
//! (`thrpt:`) in elements (notices) and bytes per second.

use std::path::Path;
use std::sync::Arc;

use breachlint::config::Settings;
use breachlint::document::DocFormat;
use breachlint::engine::Engine;
use breachlint::lint::{LintContext, lint_source};
use breachlint::source::SourceFile;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

#[path = "support/generate.rs"]
mod generate;

const BATCH: usize = 400;

fn engine() -> Engine {
    let settings = Settings::defaults();
    let sets = settings
        .rulesets
        .iter()
        .map(|r| r.load().expect("built-in rule set"))
        .collect();
    Engine::new(sets, &settings.overrides).expect("engine")
}

fn lint_one(engine: &Engine, source: &Arc<SourceFile>, cx: &LintContext) -> usize {
    lint_source(engine, source.clone(), DocFormat::Markdown, cx)
        .diagnostics
        .len()
}

fn bench(c: &mut Criterion) {
    let engine = self::engine();
    let notices = generate::notices(BATCH, 7);
    let bytes: usize = notices.iter().map(String::len).sum();
    let sources: Vec<Arc<SourceFile>> = notices
        .iter()
        .enumerate()
        .map(|(i, t)| Arc::new(SourceFile::new(format!("n{i}.md"), t.clone())))
        .collect();

    let cx = LintContext::today();
    let mut g = c.benchmark_group("lint");
    g.sample_size(20);
    // The same work measured twice, so criterion reports both notices/s and MB/s.
    for (unit, throughput) in [
        ("notices", Throughput::Elements(BATCH as u64)),
        ("bytes", Throughput::Bytes(bytes as u64)),
    ] {
        g.throughput(throughput);
        g.bench_function(format!("{unit}/one-core"), |b| {
            b.iter(|| {
                sources
                    .iter()
                    .map(|s| lint_one(&engine, s, &cx))
                    .sum::<usize>()
            })
        });
        g.bench_function(format!("{unit}/all-cores"), |b| {
            b.iter(|| {
                sources
                    .par_iter()
                    .map(|s| lint_one(&engine, s, &cx))
                    .sum::<usize>()
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("compile-default-rule-sets", |b| b.iter(self::engine));
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("notice.md");
    std::fs::write(&one, &notices[0]).expect("write notice");
    let bin = env!("CARGO_BIN_EXE_breachlint");
    if Path::new(bin).exists() {
        g.bench_function("process/one-notice", |b| {
            b.iter(|| {
                std::process::Command::new(bin)
                    .args([
                        "check",
                        "--quiet",
                        "--exit-zero",
                        "--isolated",
                        "--format",
                        "short",
                    ])
                    .arg(&one)
                    .output()
                    .expect("run breachlint")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
