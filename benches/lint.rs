//! Speed and memory of `breachlint check` with all four built-in rule sets.
//!
//! Run with `cargo bench --bench lint`. The notices are made from real
//! letters' sentences by `../shared/tools/make-bench-corpus` when it is
//! there (real wording is what reaches the slow paths of rule patterns);
//! otherwise they come from this crate's own generator, and the numbers are
//! then only comparable with each other.
//!
//! Groups (criterion prints `thrpt:` in notices or bytes per second):
//! - `lint/notices/{1,2}-threads`: a batch of notices, linted in process as
//!   `check` lints them (`lint::lint_documents`, a few at a time per thread);
//! - `big-file/bytes`: one large notice (10 MB), its work split between
//!   the threads of rayon's global pool (one per core);
//! - `formats/{docx,html,pdf}/2-threads`: the converted Word, HTML and PDF
//!   fixtures, read and linted from their bytes, 1,000 at a time;
//! - `cli/notices/all-threads`: `breachlint check --format short` on the batch's folder;
//! - `startup/…`: whole processes: one 3 KB notice, `breachlint rules`, and
//!   one notice with 50 extra rule sets installed that do not apply to it.
//!
//! Peak memory (RSS) of whole runs is printed as `rss:` lines before the
//! groups: one notice, 1,000, 10,000 and 100,000 notices (about 500 MB
//! of them in a temporary folder), the big file; then the
//! time, memory and MB/s of one 100 MB notice, and the memory per input
//! byte of the input shapes that cost the most.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use breachlint::document::{DocFormat, Document};
use breachlint::engine::{Engine, Overrides};
use breachlint::lint::{LINTED_TOGETHER, LintContext, lint_bytes, lint_documents, lint_source};
use breachlint::source::SourceFile;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

// The same allocator as the `breachlint` binary, so in-process numbers
// match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/generate.rs"]
mod generate;

/// Notices per in-process batch.
const BATCH: usize = 1_000;
/// The big file, in megabytes.
const BIG_MB: usize = 10;
/// Extra rule sets installed for the start-up comparison.
const EXTRA_RULESETS: usize = 50;

const ALL_SETS: [&str; 4] = ["hipaa", "california", "accessibility", "hygiene"];

fn engine() -> Engine {
    let sets = ALL_SETS
        .iter()
        .map(|n| {
            breachlint::rules::builtin::load(n)
                .expect("built in")
                .expect("loads")
        })
        .collect();
    Engine::new(sets, &Overrides::default()).expect("engine")
}

/// The script that makes notices from the real letters, if present.
fn corpus_script() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/make-bench-corpus");
    p.exists().then_some(p)
}

/// Writes `n` notices into `dir` and returns their paths.
fn write_notices(dir: &Path, n: usize) -> Vec<PathBuf> {
    if let Some(script) = corpus_script() {
        let st = Command::new("python3")
            .arg(&script)
            .arg(dir)
            .arg(n.to_string())
            .output()
            .expect("run make-bench-corpus");
        assert!(st.status.success(), "make-bench-corpus failed");
    } else {
        std::fs::create_dir_all(dir).expect("notice dir");
        for (i, t) in generate::notices(n, 7).iter().enumerate() {
            std::fs::write(dir.join(format!("notice-{i:05}.md")), t).expect("write notice");
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("notice dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
}

/// Writes one notice of about `mb` megabytes.
fn write_big(path: &Path, mb: usize) {
    if let Some(script) = corpus_script() {
        let st = Command::new("python3")
            .arg(&script)
            .arg("--big")
            .arg(path)
            .arg(mb.to_string())
            .output()
            .expect("run make-bench-corpus");
        assert!(st.status.success(), "make-bench-corpus --big failed");
    } else {
        let mut text = String::new();
        let mut seed = 1;
        while text.len() < mb * 1_000_000 {
            for n in generate::notices(100, seed) {
                text.push_str(&n);
                text.push('\n');
            }
            seed += 1;
        }
        std::fs::write(path, text).expect("write big notice");
    }
}

/// Input shapes that cost the most memory per byte: a text run or a line
/// for every two to four bytes of Markdown.
const SHAPES: [(&str, &str); 8] = [
    ("emphasis runs", "*a* "),
    ("list items", "- a\n"),
    ("short lines", "x\n"),
    ("CRLF lines", "a\r\n"),
    ("headings", "# a\n"),
    ("escapes", "\\*"),
    ("words", "breach "),
    ("open brackets", "["),
];

/// Prints the time and peak memory of one 100 MB notice, and the memory
/// each byte of the [`SHAPES`] costs: the growth of peak RSS from a 2 MB
/// to an 8 MB file, so the fixed cost of the rule sets drops out. Both
/// files are long runs for `check` (1 MiB of text or more), which hand
/// freed memory back at once; a shorter run keeps it a while, and a 1 MB
/// file peaked higher than a 4 MB one.
fn big_file_and_shapes(dir: &Path) {
    let hundred = dir.join("hundred.md");
    write_big(&hundred, 100);
    let len = std::fs::metadata(&hundred).expect("100 MB notice").len() as f64;
    let started = std::time::Instant::now();
    let rss = peak_rss_mib(&check_args(&[
        std::ffi::OsStr::new("--max-file-size"),
        std::ffi::OsStr::new("200"),
        hundred.as_os_str(),
    ]));
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "rss: 100 MB file: {} ({:.2} bytes per input byte), {secs:.1} s ({:.1} MB/s)",
        both_units(rss),
        rss * (1 << 20) as f64 / len,
        len / 1e6 / secs
    );
    std::fs::remove_file(&hundred).expect("remove 100 MB notice");

    let shapes = dir.join("shapes");
    std::fs::create_dir_all(&shapes).expect("shapes dir");
    for (i, (label, unit)) in SHAPES.iter().enumerate() {
        let mut rss = [0.0; 2];
        let mut sizes = [0.0; 2];
        for (k, mb) in [2, 8].into_iter().enumerate() {
            let path = shapes.join(format!("shape-{i}-{mb}.md"));
            let text = unit.repeat(mb * 1_000_000 / unit.len());
            std::fs::write(&path, &text).expect("write shape");
            sizes[k] = text.len() as f64;
            rss[k] = peak_rss_mib(&check_args(&[path.as_os_str()]));
        }
        let per_byte = (rss[1] - rss[0]) * (1 << 20) as f64 / (sizes[1] - sizes[0]);
        eprintln!("rss: shape {label} ({unit:?} repeated): {per_byte:.1} bytes per input byte");
    }
}

/// `mib` mebibytes, and in the megabytes the targets are given in.
fn both_units(mib: f64) -> String {
    format!("{mib:.1} MiB ({:.1} MB)", mib * (1 << 20) as f64 / 1e6)
}

/// Runs the binary with `args` and returns its peak RSS in mebibytes
/// (`ru_maxrss` counts kibibytes).
fn peak_rss_mib(args: &[&std::ffi::OsStr]) -> f64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_breachlint"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run breachlint");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both out-pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    // The child is reaped; forget it so the standard library does not wait again.
    std::mem::forget(child.stdin.take());
    std::mem::forget(child);
    usage.ru_maxrss as f64 / 1024.0
}

fn check_args<'a>(extra: &'a [&'a std::ffi::OsStr]) -> Vec<&'a std::ffi::OsStr> {
    let mut v: Vec<&std::ffi::OsStr> = [
        "check",
        "--quiet",
        "--exit-zero",
        "--isolated",
        "--format",
        "short",
        "--ruleset",
        "hipaa",
        "--ruleset",
        "california",
        "--ruleset",
        "accessibility",
        "--ruleset",
        "hygiene",
    ]
    .iter()
    .map(|s| std::ffi::OsStr::new(*s))
    .collect();
    v.extend_from_slice(extra);
    v
}

/// A folder with `breachlint.toml` naming the built-in rule sets and
/// `EXTRA_RULESETS` rule sets of its own that apply only to residents of a
/// country the incident does not reach, plus the incident's facts.
fn write_extra_rulesets(dir: &Path) {
    let mut names: Vec<String> = ALL_SETS.iter().map(|s| format!("\"{s}\"")).collect();
    for i in 0..EXTRA_RULESETS {
        let name = format!("extra-{i:02}");
        std::fs::write(
            dir.join(format!("{name}.toml")),
            format!(
                r#"[ruleset]
id = "{name}"
title = "Generated rule set {i}"
citation = "Bench Act {i}"
version = "1"
verified = false
applies-when = {{ residents-at-least = {{ NY = 1 }} }}

[[rule]]
id = "{name}/hotline"
kind = "require"
severity = "warning"
message = "no hotline number {i}"
cite = "Bench Act {i} s. 1"
why = "A generated rule."
help = "Add the hotline."
pattern = ['\bhotline\b(?:[^.?!]|\.(?:[0-9,;:)]|(?-i:[a-z])))*?\b\d{{3}}-\d{{4}}\b']

[[rule]]
id = "{name}/title"
kind = "title"
severity = "error"
message = "no title {i}"
cite = "Bench Act {i} s. 2"
why = "A generated rule."
help = "Add the title."
pattern = ['notice of (?:a )?(?:data )?(?:security )?(?:breach|incident) {i}']
"#
            ),
        )
        .expect("write rule set");
        names.push(format!("\"{name}.toml\""));
    }
    std::fs::write(
        dir.join("breachlint.toml"),
        format!("rulesets = [{}]\n", names.join(", ")),
    )
    .expect("write config");
    write_facts(dir);
}

/// An incident that reaches California residents of a HIPAA covered entity.
fn write_facts(dir: &Path) {
    std::fs::write(
        dir.join("incident.toml"),
        "entity = \"covered-entity\"\norganization = \"Bench Clinic\"\ndiscovery-date = 2026-01-05\naffected = 40\n\n[residents]\nCA = 40\n",
    )
    .expect("write facts");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let many = dir.path().join("many");
    let paths = write_notices(&many, BATCH);
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read notice"))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let sources: Vec<Arc<SourceFile>> = paths
        .iter()
        .zip(&texts)
        .map(|(p, t)| Arc::new(SourceFile::new(p.clone(), t.clone())))
        .collect();
    let big = dir.path().join("big.md");
    write_big(&big, BIG_MB);
    let one = paths[1].clone();
    let ten_k = dir.path().join("ten-thousand");
    write_notices(&ten_k, 10 * BATCH);
    let hundred_k = dir.path().join("hundred-thousand");
    write_notices(&hundred_k, 100 * BATCH);
    let extra = dir.path().join("extra");
    std::fs::create_dir_all(&extra).expect("extra dir");
    write_extra_rulesets(&extra);
    std::fs::copy(&one, extra.join("notice.md")).expect("copy notice");
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).expect("plain dir");
    write_facts(&plain);
    std::fs::copy(&one, plain.join("notice.md")).expect("copy notice");

    eprintln!(
        "notices: {} from {} ({:.1} KB on average)",
        BATCH,
        if corpus_script().is_some() {
            "make-bench-corpus (real letters' wording)"
        } else {
            "the built-in generator"
        },
        bytes as f64 / BATCH as f64 / 1000.0
    );
    let os = |p: &Path| p.as_os_str().to_owned();
    for (label, target) in [
        ("one notice", os(&one)),
        ("1,000 notices", os(&many)),
        ("10,000 notices", os(&ten_k)),
        ("100,000 notices", os(&hundred_k)),
        ("big file", os(&big)),
    ] {
        let args = [target.as_os_str()];
        let rss = peak_rss_mib(&check_args(&args));
        eprintln!("rss: {label}: {}", both_units(rss));
    }
    // Half a gigabyte the groups below do not read.
    std::fs::remove_dir_all(&hundred_k).ok();
    big_file_and_shapes(dir.path());

    let engine = engine();
    let cx = LintContext {
        facts: None,
        today: jiff::civil::date(2026, 12, 2),
        notice_date: None,
        max_bytes: u64::MAX,
    };
    // As `check` lints them: a few notices at a time on each thread, one
    // step at a time across them.
    let lint_all = |pool: &rayon::ThreadPool| {
        pool.install(|| {
            sources
                .par_chunks(LINTED_TOGETHER)
                .map(|chunk| {
                    let docs = chunk
                        .iter()
                        .map(|s| Document::parse(s.clone(), DocFormat::Markdown))
                        .collect();
                    lint_documents(&engine, docs, &cx)
                        .iter()
                        .map(|r| r.diagnostics.len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    };
    let mut g = c.benchmark_group("lint");
    g.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        // The same work measured twice, so criterion reports both notices/s and MB/s.
        g.throughput(Throughput::Elements(BATCH as u64));
        g.bench_function(format!("notices/{threads}-threads"), |b| {
            b.iter(|| lint_all(&pool))
        });
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("bytes/{threads}-threads"), |b| {
            b.iter(|| lint_all(&pool))
        });
    }
    g.finish();

    let big_text = Arc::new(SourceFile::new(
        big.clone(),
        std::fs::read_to_string(&big).expect("read big notice"),
    ));
    let mut g = c.benchmark_group("big-file");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big_text.text.len() as u64));
    g.bench_function("bytes", |b| {
        b.iter(|| lint_source(&engine, big_text.clone(), DocFormat::Markdown, &cx))
    });
    g.finish();

    // Word, HTML and PDF notices: unpacking, XML and HTML parsing, text
    // extraction on top of the linting.
    let mut g = c.benchmark_group("formats");
    g.sample_size(10);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let converted = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/converted");
    for (ext, format) in [
        ("docx", DocFormat::Docx),
        ("html", DocFormat::Html),
        ("pdf", DocFormat::Pdf),
    ] {
        let files: Vec<(PathBuf, Vec<u8>)> =
            ["printing-error-2015", "california-2026", "clean", "flawed"]
                .iter()
                .map(|n| {
                    let p = converted.join(format!("{n}.{ext}"));
                    let b = std::fs::read(&p).expect("converted fixture");
                    (p, b)
                })
                .collect();
        g.throughput(Throughput::Elements(BATCH as u64));
        g.bench_function(format!("{ext}/2-threads"), |b| {
            b.iter(|| {
                pool.install(|| {
                    (0..BATCH)
                        .into_par_iter()
                        .map(|i| {
                            let (p, bytes) = &files[i % files.len()];
                            lint_bytes(&engine, p, bytes, format, &cx).diagnostics.len()
                        })
                        .sum::<usize>()
                })
            })
        });
    }
    g.finish();

    let bin = env!("CARGO_BIN_EXE_breachlint");
    // The whole command as users run it: walking the folder, planning,
    // linting on every core and writing `short` output.
    let mut g = c.benchmark_group("cli");
    g.sample_size(10);
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("notices/all-threads", |b| {
        b.iter(|| {
            Command::new(bin)
                .args(check_args(&[many.as_os_str()]))
                .output()
                .expect("run breachlint")
        })
    });
    g.finish();

    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("process/one-notice", |b| {
        b.iter(|| {
            Command::new(bin)
                .args(check_args(&[one.as_os_str()]))
                .output()
                .expect("run breachlint")
        })
    });
    g.bench_function("process/rules", |b| {
        b.iter(|| Command::new(bin).arg("rules").output().expect("run"))
    });
    // Both with the same facts, so the same built-in rule sets apply; the
    // second has 50 more rule sets installed that do not.
    for (name, folder) in [("builtin-only", &plain), ("50-extra-rule-sets", &extra)] {
        g.bench_function(format!("process/one-notice-with-facts/{name}"), |b| {
            b.iter(|| {
                Command::new(bin)
                    .current_dir(folder)
                    .args(["check", "--quiet", "--exit-zero", "--format", "short"])
                    .arg("notice.md")
                    .output()
                    .expect("run breachlint")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
