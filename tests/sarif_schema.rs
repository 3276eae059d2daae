//! The SARIF output validates against the official SARIF 2.1.0 JSON schema and
//! keeps the properties GitHub code scanning relies on: code-point columns,
//! end columns one past the end, and fingerprints that survive edits above a
//! finding.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use breachlint::diagnostic::{Diagnostic, Label, Severity, builtin};
use breachlint::render::{RenderOptions, sarif};
use breachlint::report::{FileReport, Report, RuleInfo};
use breachlint::source::SourceFile;
use breachlint::span::Span;
use serde_json::Value;

/// The first notice. Written for these tests; the names are invented.
const FIRST: &str = "# Notice of Data Breach\n\n\
Dear Patient,\n\n\
## What Happened\n\n\
On [DATE], someone outside Brightwater Clinic opened a staff mailbox.\n\n\
## What Information Was Involved\n\n\
Names and dates of birth.\n";

/// The second notice, with non-ASCII text before the findings on a line.
const SECOND: &str = "Ünïcode Hëalth — notice\n\nWir haben am 2024-02-30 bemerkt, dass…\n";

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("fixture contains needle");
    Span::new(start, start + needle.len())
}

fn rule(id: &str, severity: Severity, why: &str) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        ruleset: "hipaa".into(),
        severity,
        message: "placeholder `{match}` left in the notice".into(),
        title: "placeholder `…` left in the notice".into(),
        cite: "45 CFR 164.404(c)(1)".into(),
        why: why.into(),
        help: "replace the placeholder with the real value".into(),
        verified: true,
    }
}

/// Findings for `FIRST` (or a variant of it with lines added at the top).
fn first_file(text: &str) -> FileReport {
    let placeholder = Diagnostic::new(
        "hipaa/placeholder",
        Severity::Error,
        "placeholder `[DATE]` left in the notice",
        Label::new(span_of(text, "[DATE]"), "fill in the date"),
    )
    .with_secondary(Label::new(
        span_of(text, "## What Happened"),
        "in this section",
    ))
    .with_cite("45 CFR 164.404(c)(1)(A)");
    let missing = Diagnostic::new(
        "hipaa/contact",
        Severity::Warning,
        "no contact procedures for questions",
        // Empty span at the end of the last section.
        Label::new(Span::point(text.len()), "expected a contact section here"),
    )
    .with_note("a toll-free number, an email address, a website or a postal address");
    FileReport {
        path: "notices/first notice.md".into(),
        source: Some(Arc::new(SourceFile::new("notices/first notice.md", text))),
        diagnostics: vec![placeholder, missing],
        error: None,
    }
}

fn report(first_text: &str) -> Report {
    let bad_date = Diagnostic::new(
        "hipaa/date",
        Severity::Error,
        "`2024-02-30` is not a calendar date",
        Label::new(span_of(SECOND, "2024-02-30"), "no such day"),
    )
    .with_secondary(Label::new(span_of(SECOND, "Ünïcode Hëalth"), ""));
    let encoding = Diagnostic::new(
        builtin::UNUSED_SUPPRESSION,
        Severity::Info,
        "this suppression comment suppresses nothing",
        Label::new(span_of(SECOND, "notice"), ""),
    );
    let mut rules = BTreeMap::new();
    for r in [
        rule(
            "hipaa/placeholder",
            Severity::Error,
            // Longer than GitHub's 1024-character limit.
            &"A notice with placeholders was sent before review. ".repeat(40),
        ),
        rule(
            "hipaa/contact",
            Severity::Warning,
            "Readers need a way to ask.",
        ),
        rule("hipaa/date", Severity::Error, "Dates must exist."),
    ] {
        rules.insert(r.id.clone(), r);
    }
    Report {
        files: vec![
            first_file(first_text),
            FileReport {
                path: "notices/zweite.txt".into(),
                source: Some(Arc::new(SourceFile::new("notices/zweite.txt", SECOND))),
                diagnostics: vec![encoding, bad_date],
                error: None,
            },
            FileReport::failed("notices/locked.md", "io", "permission denied"),
        ],
        rules,
    }
}

fn render(report: &Report) -> Value {
    let mut out = Vec::new();
    sarif::render(report, &RenderOptions::default(), &mut out).expect("SARIF renders");
    serde_json::from_slice(&out).expect("SARIF output is JSON")
}

#[test]
fn validates_against_the_sarif_schema() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "note: {} not found; skipping SARIF schema validation",
            path.display()
        );
        return;
    };
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let log = render(&report(FIRST));
    assert_valid(&validator, &log);

    // The validator must be able to fail: a level outside the enum is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    // A clean run validates too.
    assert!(validator.is_valid(&render(&Report::default())));

    // So does a PDF's, whose regions carry the page.
    let mut paged = report(FIRST);
    let view = "Notice of Data Breach\nOn [DATE], someone opened a mailbox.\n";
    let pdf =
        SourceFile::new("notices/letter.pdf", view).with_pages(vec![0, view.find("On").unwrap()]);
    paged.files = vec![FileReport {
        path: "notices/letter.pdf".into(),
        source: Some(Arc::new(pdf)),
        diagnostics: vec![Diagnostic::new(
            "hipaa/placeholder",
            Severity::Error,
            "placeholder `[DATE]` left in the notice",
            Label::new(span_of(view, "[DATE]"), "fill in the date"),
        )],
        error: None,
    }];
    let log = render(&paged);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["properties"]["page"], 2);
    assert_eq!(region["properties"]["pageLine"], 1);
    assert_valid(&validator, &log);
}

#[test]
fn column_kind_and_regions() {
    let log = render(&report(FIRST));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);

    // `[DATE]` on line 7 at columns 4..10: endColumn is one past the `]`.
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7);
    assert_eq!(region["startColumn"], 4);
    assert_eq!(region["endLine"], 7);
    assert_eq!(region["endColumn"], 10);

    // The empty span still has a valid, empty region.
    let region = &results[1]["locations"][0]["physicalLocation"]["region"];
    let start = region["startColumn"].as_u64().expect("startColumn");
    assert!(start >= 1);
    assert_eq!(region["endColumn"].as_u64(), Some(start));

    // Non-ASCII before the date: columns count code points, not bytes.
    let line = SECOND.lines().nth(2).expect("third line");
    let col = line[..line.find("2024").expect("date")].chars().count() + 1;
    let region = &results[3]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"].as_u64(), Some(col as u64));
    assert_eq!(region["endColumn"].as_u64(), Some(col as u64 + 10));
    let related = &results[3]["relatedLocations"][0]["physicalLocation"]["region"];
    assert_eq!(
        related["endColumn"].as_u64(),
        Some("Ünïcode Hëalth".chars().count() as u64 + 1),
        "one past the last character, counted in code points"
    );

    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "notices/first%20notice.md"
    );
}

#[test]
fn rules_and_notifications() {
    let log = render(&report(FIRST));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "breachlint/unused-suppression",
            "hipaa/contact",
            "hipaa/date",
            "hipaa/placeholder"
        ]
    );
    let full = rules[3]["fullDescription"]["text"].as_str().expect("text");
    assert!(full.chars().count() <= 1024);
    assert!(full.ends_with('…'));
    assert_eq!(
        rules[3]["shortDescription"]["text"],
        "placeholder `…` left in the notice"
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "notices/locked.md"
    );
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let fingerprints = |text: &str| -> Vec<Value> {
        let log = render(&report(text));
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"][sarif::FINGERPRINT_KEY].clone())
            .collect()
    };
    let before = fingerprints(FIRST);
    let edited = FIRST.replacen(
        "Dear Patient,\n",
        "Dear Patient,\n\nWe are writing with news we wish we did not have to share.\n",
        1,
    );
    let after = fingerprints(&edited);
    assert!(before.iter().all(Value::is_string));
    assert_eq!(before, after);

    // The placeholder moved two lines down, and its fingerprint stayed.
    let log = render(&report(&edited));
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        9
    );
    // Different findings have different fingerprints.
    let mut unique = before.clone();
    unique.sort_by_key(|v| v.to_string());
    unique.dedup();
    assert_eq!(unique.len(), before.len());
}

/// Fails with every schema violation of `log`, each with where it is.
fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}
