//! Inputs the fuzz targets once failed on, replayed through the same code.
//!
//! Each file under `tests/fixtures/fuzz/<target>/` is handed to the function
//! of that name in `fuzz/src/lib.rs`, which the fuzz targets call too, so an
//! input that made a target panic, hang or blow up keeps being checked by a
//! plain `cargo test` without libFuzzer or a nightly toolchain.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

/// As long as the fuzzer lets one input run (`-timeout=10`), with room for
/// an unoptimised build: a slower replay means the fix has come undone.
const LIMIT: Duration = Duration::from_secs(60);

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files {
        // Shown with the panic, should the input fail again.
        eprintln!("replaying {}", file.display());
        let data = std::fs::read(&file).unwrap();
        let start = Instant::now();
        run(&data);
        let took = start.elapsed();
        assert!(
            took < LIMIT,
            "{} took {took:?} (limit {LIMIT:?})",
            file.display()
        );
    }
}

#[test]
fn markdown() {
    replay("markdown", targets::markdown);
}

#[test]
fn text() {
    replay("text", targets::text);
}

#[test]
fn html() {
    replay("html", targets::html);
}

#[test]
fn docx() {
    replay("docx", targets::docx);
}

#[test]
fn pdf() {
    replay("pdf", targets::pdf);
}

#[test]
fn docx_xml() {
    replay("docx_xml", targets::docx_xml);
}

#[test]
fn incident() {
    replay("incident", targets::incident);
}

#[test]
fn ruleset() {
    replay("ruleset", targets::ruleset);
}

#[test]
fn config() {
    replay("config", targets::config);
}

#[test]
fn extract() {
    replay("extract", targets::extract);
}

#[test]
fn suppress() {
    replay("suppress", targets::suppress);
}

#[test]
fn render() {
    replay("render", targets::render);
}

#[test]
fn lint() {
    replay("lint", targets::lint);
}
