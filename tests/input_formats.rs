//! Notices in HTML, Word and PDF: the same letter gives the same findings
//! in every format, positions point into each format's source, and bad
//! files are per-file errors.
//!
//! The converted fixtures under `tests/fixtures/converted/` were
//! made from the Markdown sources by `scripts/convert-fixtures.sh`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` with JSON output; returns the parsed report and the exit code.
fn check(args: &[&str]) -> (serde_json::Value, i32) {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(root())
        .env_remove("BREACHLINT_FORMAT")
        .args(["check", "--today", "2026-11-28", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (json, out.status.code().unwrap_or(-1))
}

fn rule_ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// (Markdown source, converted name, facts file)
const SOURCES: &[(&str, &str, &str)] = &[
    (
        "examples/printing-error-2015/notice.md",
        "printing-error-2015",
        "examples/printing-error-2015/incident.toml",
    ),
    (
        "examples/california-2026/notice.md",
        "california-2026",
        "examples/california-2026/incident.toml",
    ),
    ("tests/fixtures/notices/clean.md", "clean", ""),
    ("tests/fixtures/notices/flawed.md", "flawed", ""),
];

fn same_findings_as_markdown(ext: &str) {
    for (md, name, facts) in SOURCES {
        let converted = format!("tests/fixtures/converted/{name}.{ext}");
        let mut args = vec![];
        if !facts.is_empty() {
            args.extend(["--facts", facts]);
        }
        let (want, want_code) = check(&[args.as_slice(), &[md]].concat());
        let (got, got_code) = check(&[args.as_slice(), &[converted.as_str()]].concat());
        assert_eq!(
            rule_ids(&got),
            rule_ids(&want),
            "{converted} against {md}:\n{got:#}"
        );
        assert_eq!(got_code, want_code, "{converted}");
    }
}

#[test]
fn html_gives_the_same_findings_as_markdown() {
    same_findings_as_markdown("html");
}

#[test]
fn hand_written_html_pages() {
    let (clean, code) = check(&[
        "--facts",
        "tests/fixtures/formats/incident.toml",
        "tests/fixtures/formats/clean.html",
    ]);
    assert_eq!(code, 0, "{clean:#}");
    let ids = rule_ids(&clean);
    // Only the note that type size cannot be checked in HTML.
    assert!(ids.iter().all(|i| i == "california/type-size"), "{clean:#}");

    let (flawed, code) = check(&["--ruleset", "hygiene", "tests/fixtures/formats/flawed.html"]);
    assert_eq!(code, 1);
    let findings = flawed["findings"].as_array().unwrap();
    let at: Vec<(String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Lines and columns in the HTML source; the TBD line is suppressed by
    // an HTML comment.
    assert_eq!(
        at,
        [
            ("hygiene/dangling-contact".to_string(), 11, 46),
            ("hygiene/dangling-contact".to_string(), 12, 54),
        ],
        "{flawed:#}"
    );
}

#[test]
fn folders_are_walked_for_every_format() {
    let (report, _) = check(&["--ruleset", "hygiene", "tests/fixtures/converted"]);
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with(".html")), "{files:?}");
}
