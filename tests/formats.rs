//! Every output format on the bundled flawed example: snapshots, and
//! `--redact` keeping the notice's words out of all of them.

use std::path::PathBuf;

use assert_cmd::Command;

#[path = "support/clock.rs"]
mod clock;

const FORMATS: &[&str] = &[
    "human",
    "short",
    "json",
    "json-lines",
    "sarif",
    "github",
    "junit",
];

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        // Tests never read the real clock.
        .env("BREACHLINT_TODAY", "2026-11-28")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn example(format: &str, redact: bool) -> String {
    let mut args = vec![
        "check",
        "--color",
        "never",
        "--today",
        "2026-11-28",
        "--format",
        format,
    ];
    if redact {
        args.push("--redact");
    }
    args.push("examples/printing-error-2015/notice.md");
    let (out, code) = run(&args);
    assert_eq!(code, 1, "{format}: {out}");
    // The version changes with every release; keep snapshots about the content.
    out.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn every_format_snapshot() {
    for format in FORMATS.iter().filter(|f| !matches!(**f, "human" | "short")) {
        // A count of days from today is kept with the day it is from.
        let out = clock::days_before(&example(format, false), "2026-11-28");
        insta::assert_snapshot!(format!("example_{}", format.replace('-', "_")), out);
    }
}

#[test]
fn machine_formats_parse() {
    let json: serde_json::Value = serde_json::from_str(&example("json", false)).unwrap();
    assert!(json["findings"].as_array().unwrap().len() > 10);
    assert_eq!(json["summary"]["files"], 1);
    for line in example("json-lines", false).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["type"].is_string(), "{line}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&example("sarif", false)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let junit = example("junit", false);
    assert!(junit.starts_with("<?xml"));
    assert!(junit.contains("org.breachlint.hipaa/individual-deadline"));
}

#[test]
fn redact_keeps_the_notice_text_out_of_every_format() {
    // Words that occur in the notice (and its facts file) but in no rule's wording.
    let words = [
        "Bayside",
        "surveys were placed",
        "envelopes addressed",
        "printing vendor",
        "Privacy Enforcement",
        "0117",
        "benefits survey",
        "Member Services",
    ];
    let notice = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/printing-error-2015/notice.md"),
    )
    .unwrap();
    for w in words {
        assert!(notice.contains(w), "test word {w} is not in the notice");
    }
    // Without --redact the snippets and quotes do show notice text, so the
    // assertions below can fail.
    let plain = example("human", false);
    assert!(
        words.iter().any(|w| plain.contains(w)),
        "the unredacted output quotes nothing"
    );
    for format in FORMATS {
        let redacted = example(format, true);
        for w in words {
            assert!(
                !redacted.contains(w),
                "{format} --redact still contains {w:?}:\n{redacted}"
            );
        }
    }
}
