//! Incident facts from the command line: deadlines, counts, reports,
//! `extract`, `deadlines`, jurisdiction selection and facts errors.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bl() -> Command {
    let mut c = Command::cargo_bin("breachlint").unwrap();
    c.current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        // Tests never read the real clock.
        .env("BREACHLINT_TODAY", "2026-11-28");
    c
}

const EXAMPLE: &str = "examples/printing-error-2015/notice.md";

#[test]
fn printing_error_case_is_caught() {
    bl().args(["check", "--format", "short", "--today", "2026-11-28", EXAMPLE])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[hipaa/individual-deadline]: notice on 2016-06-23 is 259 days after discovery on 2015-10-08; 45 CFR 164.404(b) allows 60 (deadline 2015-12-07)",
        ))
        .stdout(predicate::str::contains("error[hipaa/affected-count]: the letter says approximately 100 members were affected"))
        .stdout(predicate::str::contains("error[hipaa/hhs-report-deadline]: the report to hhs on 2016-08-22 is 319 days after discovery"))
        .stdout(predicate::str::contains("error[hipaa/hhs-location]: the HHS breach report filed 2016-08-22 gives location \"Other Portable Electronic Device\""));
}

#[test]
fn count_conflict_labels_both_places() {
    let out = bl()
        .args([
            "check",
            "--color",
            "never",
            "--ruleset",
            "hipaa",
            "--today",
            "2026-11-28",
            EXAMPLE,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let block = text
        .split("\n\n")
        .find(|b| b.contains("hipaa/affected-count"))
        .expect("count finding");
    assert!(
        block.contains("^^^^^^^^^^^^^^^^^^^^^^^^^ this count"),
        "{block}"
    );
    assert!(block.contains("incident.toml:"), "{block}");
    assert!(
        block.contains("the HHS breach report filed 2016-08-22 says 1,000"),
        "{block}"
    );
}

#[test]
fn notice_date_override_and_missing_discovery_date() {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.md");
    fs::write(
        &notice,
        "# Notice\n\nWe are writing about an incident that affected your account.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("incident.toml"),
        "entity = \"covered-entity\"\n",
    )
    .unwrap();
    bl().args(["check", "--format", "short", "--ruleset", "hipaa"])
        .arg(&notice)
        .assert()
        .stdout(predicate::str::contains(
            "warning[hipaa/individual-deadline]: cannot check the deadline for notice to individuals: no discovery date in the letter or",
        ));
    fs::write(
        dir.path().join("incident.toml"),
        "discovery-date = 2026-03-02\n",
    )
    .unwrap();
    bl().args([
        "check",
        "--format",
        "short",
        "--ruleset",
        "hipaa",
        "--notice-date",
        "2026-05-02",
        "--today",
        "2026-03-10",
    ])
    .arg(&notice)
    .assert()
    .stdout(predicate::str::contains(
        "notice on 2026-05-02 is 61 days after discovery on 2026-03-02",
    ));
    bl().args([
        "check",
        "--format",
        "short",
        "--ruleset",
        "hipaa",
        "--notice-date",
        "2026-04-25",
        "--today",
        "2026-03-10",
    ])
    .arg(&notice)
    .assert()
    .stdout(predicate::str::contains(
        "planned for 2026-04-25, 6 days before the deadline of 2026-05-01",
    ));
}

#[test]
fn facts_in_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.md");
    fs::write(
        &notice,
        "+++\ndiscovery-date = 2026-01-05\nnotice-date = 2026-04-01\n+++\n\n# Notice\n\nText.\n",
    )
    .unwrap();
    bl().args(["check", "--format", "short", "--ruleset", "hipaa"])
        .arg(&notice)
        .assert()
        .stdout(predicate::str::contains(
            "notice on 2026-04-01 is 86 days after discovery on 2026-01-05",
        ));
}

#[test]
fn bad_facts_are_located_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("incident.toml");
    fs::write(dir.path().join("n.md"), "# Notice\n").unwrap();
    fs::write(&facts, "discovery-date = \"2015-10-08\"\n").unwrap();
    bl().args(["check", "--color", "never"])
        .arg(dir.path().join("n.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("incident.toml:1:"))
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    fs::write(&facts, "data-types = [\"snn\"]\n").unwrap();
    bl().args(["check", "--color", "never"])
        .arg(dir.path().join("n.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("incident.toml:1:15"))
        .stderr(predicate::str::contains("did you mean `ssn`?"));
}

#[test]
fn rule_sets_follow_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("n.md"), "# Notice\n\nText.\n").unwrap();
    fs::write(
        dir.path().join("incident.toml"),
        "entity = \"business\"\n[residents]\nTX = 40\n",
    )
    .unwrap();
    bl().args(["check", "--verbose", "--format", "short"])
        .arg(dir.path().join("n.md"))
        .assert()
        .stderr(predicate::str::contains("not hipaa"))
        .stderr(predicate::str::contains("not california"))
        .stdout(predicate::str::contains("[hipaa/").not())
        .stdout(predicate::str::contains("[california/").not());
    fs::write(
        dir.path().join("incident.toml"),
        "entity = \"covered-entity\"\n[residents]\nCA = 40\n",
    )
    .unwrap();
    bl().args(["check", "--verbose", "--format", "short"])
        .arg(dir.path().join("n.md"))
        .assert()
        .stderr(predicate::str::contains("hipaa (its conditions hold)"))
        .stderr(predicate::str::contains("california (its conditions hold)"));
}

#[test]
fn deadlines_table_and_json() {
    bl().args(["deadlines", "--facts", "examples/printing-error-2015/incident.toml", "--today", "2026-11-28"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Notice to individuals"))
        .stdout(predicate::str::is_match(r"Notice to individuals\s+2015-12-07\s+late\s+planned|Notice to individuals\s+2015-12-07\s+late\s+done on 2016-06-23, 199 days late").unwrap())
        .stdout(predicate::str::contains("45 CFR 164.404(b)"));
    let out = bl()
        .args([
            "deadlines",
            "--facts",
            "examples/printing-error-2015/incident.toml",
            "--today",
            "2026-11-28",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obligations = v["obligations"].as_array().unwrap();
    let media = obligations
        .iter()
        .find(|o| o["rule"] == "hipaa/media-notice")
        .unwrap();
    assert_eq!(media["status"], "overdue");
    assert_eq!(media["deadline"], "2015-12-07");
    let hhs = obligations
        .iter()
        .find(|o| o["rule"] == "hipaa/hhs-report-deadline")
        .unwrap();
    assert_eq!(hhs["status"], "late");
    assert_eq!(hhs["done_on"], "2016-08-22");
}

#[test]
fn extract_lists_what_was_read() {
    let out = bl()
        .args(["extract", "--format", "json", EXAMPLE])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v[0];
    let discovery = f["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["role"] == "discovery")
        .unwrap();
    assert_eq!(discovery["date"], "2015-10-08");
    assert_eq!(discovery["line"], 7);
    assert_eq!(discovery["text"], "October 8, 2015");
    assert_eq!(f["counts"][0]["value"], 100);
    assert_eq!(f["counts"][0]["approximate"], true);
    assert_eq!(f["phones"][0]["toll_free"], true);
    let ssn = f["data_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == "ssn")
        .unwrap();
    assert_eq!(ssn["negated"], true);
    bl().args(["extract", EXAMPLE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("discovery"));
}
