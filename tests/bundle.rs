//! `breachlint check` on an incident whose facts list its documents:
//! examples/incident-bundle-2026 and small bundles made here.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn bl() -> Command {
    let mut c = Command::cargo_bin("breachlint").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        .env("BREACHLINT_TODAY", "2026-03-06")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn bundle_lines(out: &[u8]) -> String {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| l.contains("[bundle/"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_bundle_shows_its_three_planted_disagreements() {
    let out = bl()
        .args([
            "check",
            "--format",
            "short",
            "examples/incident-bundle-2026/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("bundle_example_short", bundle_lines(&out.stdout));
}

#[test]
fn human_output_labels_every_document_involved() {
    let out = bl()
        .args([
            "check",
            "--color",
            "never",
            "examples/incident-bundle-2026/letter.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let count = text
        .split("\n\n")
        .find(|b| b.contains("bundle/affected-count"))
        .expect("the count finding is on the letter when only the letter is checked");
    assert!(count.contains("examples/incident-bundle-2026/letter.md"));
    assert!(count.contains("examples/incident-bundle-2026/media-notice.md"));
    assert!(count.contains("examples/incident-bundle-2026/regulator-copy.md"));
}

#[test]
fn redaction_masks_the_other_documents_too() {
    let out = bl()
        .args([
            "check",
            "--redact",
            "--color",
            "never",
            "examples/incident-bundle-2026/",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("bundle/toll-free"));
    for secret in ["Harbor Point", "555-0132", "3,000"] {
        assert!(!text.contains(secret), "{secret}");
    }
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn a_document_that_cannot_be_read_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "incident.toml",
                "[[document]]\npath = \"letter.md\"\nrole = \"letter\"\n\n[[document]]\npath = \"web.md\"\nrole = \"web-notice\"\n",
            ),
            (
                "letter.md",
                "# Notice of Data Breach\n\nAbout 40 people are affected.\n",
            ),
        ],
    );
    bl().current_dir(dir.path())
        .args(["check", "--color", "never", "letter.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the web notice"))
        .stderr(predicate::str::contains("incident.toml:6:8"));
}

#[test]
fn documents_without_a_bundle_are_checked_as_before() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("incident.toml", "organization = \"Tidewater Books\"\n"),
            (
                "a.md",
                "# Notice of Data Breach\n\nAbout 40 people are affected.\n",
            ),
            (
                "b.md",
                "# Notice of Data Breach\n\nAbout 4,000 people are affected.\n",
            ),
        ],
    );
    let out = bl()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "."])
        .output()
        .unwrap();
    assert_eq!(bundle_lines(&out.stdout), "");
}

#[test]
fn the_html_report_is_one_self_contained_page_with_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let short = bl()
        .args([
            "check",
            "--format",
            "short",
            "examples/incident-bundle-2026/",
        ])
        .output()
        .unwrap();
    bl().args(["check", "--format", "html", "-o"])
        .arg(&page)
        .arg("examples/incident-bundle-2026/")
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&page).unwrap();
    let findings = String::from_utf8_lossy(&short.stdout).lines().count();
    assert_eq!(html.matches("<article class=\"finding").count(), findings);
    for rule in [
        "bundle/affected-count",
        "bundle/toll-free",
        "bundle/data-types",
    ] {
        assert!(html.contains(&format!("<code>{rule}</code>")), "{rule}");
    }
    let lower = html.to_lowercase();
    for banned in ["<script", "<link", "<img", "src=", "url("] {
        assert!(!lower.contains(banned), "{banned}");
    }
}
