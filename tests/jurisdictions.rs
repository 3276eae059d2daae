//! Each jurisdiction's rule set against a compliant and a flawed letter of its own
//! (`tests/fixtures/<jurisdiction>/{compliant,flawed}/`, each with an
//! incident.toml): the rule set is chosen from `[residents]` and `entity`, a compliant
//! letter draws only information findings from it, and a flawed one draws
//! exactly the findings listed here.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;

/// The day every check runs as of, after every deadline in the fixtures.
const TODAY: &str = "2026-06-01";

/// (jurisdiction, letter, rule names of that jurisdiction's findings).
const EXPECTED: &[(&str, &str, &[&str])] = &[
    ("new-york", "compliant", &["agency-notices"]),
    (
        "new-york",
        "flawed",
        &[
            "agencies",
            "agency-notices",
            "contact",
            "credit-bureaus-report",
            "data-types-named",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    (
        "massachusetts",
        "compliant",
        &["ag-report", "expedient-notice", "ocabr-report"],
    ),
    (
        "massachusetts",
        "flawed",
        &[
            "ag-report",
            "expedient-notice",
            "freeze-how",
            "freeze-no-fee",
            "no-breach-nature",
            "no-resident-count",
            "ocabr-report",
            "police-report",
            "ssn-credit-monitoring",
        ],
    ),
    ("illinois", "compliant", &["expedient-notice"]),
    (
        "illinois",
        "flawed",
        &[
            "ag-report",
            "credit-bureaus",
            "expedient-notice",
            "fraud-alert-freeze-statement",
            "ftc",
            "no-resident-count",
        ],
    ),
    (
        "rhode-island",
        "compliant",
        &["ag-report", "credit-bureaus-report"],
    ),
    (
        "rhode-island",
        "flawed",
        &[
            "affected-count",
            "ag-report",
            "breach-date",
            "credit-bureaus-report",
            "discovery-date",
            "freeze-fees",
            "freeze-how",
            "how-it-occurred",
            "notice-deadline",
            "police-report",
            "remediation-contacts",
        ],
    ),
    ("texas", "compliant", &[]),
    ("texas", "flawed", &["ag-report", "notice-deadline"]),
    ("florida", "compliant", &[]),
    (
        "florida",
        "flawed",
        &[
            "contact",
            "department-report",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    ("colorado", "compliant", &[]),
    (
        "colorado",
        "flawed",
        &[
            "ag-report",
            "contact",
            "credit-bureaus",
            "credit-bureaus-report",
            "fraud-alert-freeze-statement",
            "ftc",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    ("washington", "compliant", &[]),
    (
        "washington",
        "flawed",
        &[
            "ag-report",
            "contact",
            "credit-bureaus",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    ("connecticut", "compliant", &[]),
    (
        "connecticut",
        "flawed",
        &["ag-report", "identity-protection", "notice-deadline"],
    ),
    ("maryland", "compliant", &[]),
    (
        "maryland",
        "flawed",
        &[
            "ag-report",
            "attorney-general",
            "contact",
            "credit-bureaus",
            "ftc",
            "identity-theft-statement",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    ("virginia", "compliant", &["ag-report", "expedient-notice"]),
    (
        "virginia",
        "flawed",
        &[
            "ag-report",
            "expedient-notice",
            "protective-steps",
            "remain-vigilant",
            "telephone",
            "types-of-information",
        ],
    ),
    ("michigan", "compliant", &["expedient-notice"]),
    (
        "michigan",
        "flawed",
        &[
            "expedient-notice",
            "protective-steps",
            "remain-vigilant",
            "telephone",
            "types-of-information",
        ],
    ),
    (
        "north-carolina",
        "compliant",
        &["ag-report", "expedient-notice"],
    ),
    (
        "north-carolina",
        "flawed",
        &[
            "ag-report",
            "attorney-general",
            "credit-bureaus",
            "expedient-notice",
            "ftc",
            "protective-steps",
            "remain-vigilant",
        ],
    ),
    ("arizona", "compliant", &["credit-bureaus-report"]),
    (
        "arizona",
        "flawed",
        &[
            "ag-report",
            "credit-bureaus",
            "credit-bureaus-report",
            "ftc",
            "homeland-security-report",
            "notice-deadline",
            "types-of-information",
        ],
    ),
    ("ftc-hbnr", "compliant", &[]),
    (
        "ftc-hbnr",
        "flawed",
        &[
            "breach-date",
            "contact",
            "discovery-date",
            "ftc-report",
            "media-notice",
            "notice-deadline",
            "steps-to-take",
            "third-parties",
            "two-contact-methods",
        ],
    ),
    ("gdpr", "compliant", &["subject-notice-timing"]),
    (
        "gdpr",
        "flawed",
        &[
            "authority-deadline",
            "contact-point",
            "likely-consequences",
            "measures",
            "subject-notice-timing",
        ],
    ),
    ("uk-gdpr", "compliant", &["subject-notice-timing"]),
    (
        "uk-gdpr",
        "flawed",
        &[
            "authority-deadline",
            "contact-point",
            "likely-consequences",
            "measures",
            "subject-notice-timing",
        ],
    ),
];

/// The findings of every notice as (path, rule id, severity), from one run.
fn findings(notices: &[String]) -> Vec<(String, String, String)> {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("BREACHLINT_FORMAT")
        .args(["check", "--isolated", "--format", "json", "--today", TODAY])
        .args(notices)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (s(&f["path"]), s(&f["rule"]), s(&f["severity"])))
        .collect()
}

#[test]
fn each_jurisdiction_finds_what_its_letters_lack_and_nothing_in_a_compliant_one() {
    let notice = |j: &str, l: &str| format!("tests/fixtures/{j}/{l}/notice.md");
    let notices: Vec<String> = EXPECTED.iter().map(|(j, l, _)| notice(j, l)).collect();
    let every = findings(&notices);
    let mut failures = Vec::new();
    for (jurisdiction, letter, expected) in EXPECTED {
        let notice = notice(jurisdiction, letter);
        let all: Vec<(String, String)> = every
            .iter()
            .filter(|(p, _, _)| *p == notice)
            .map(|(_, r, s)| (r.clone(), s.clone()))
            .collect();
        let prefix = format!("{jurisdiction}/");
        let own: Vec<&(String, String)> =
            all.iter().filter(|(r, _)| r.starts_with(&prefix)).collect();
        let got: BTreeSet<&str> = own.iter().map(|(r, _)| &r[prefix.len()..]).collect();
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        if got != want {
            failures.push(format!("{notice}: expected {want:?}, got {got:?}"));
        }
        if *letter == "compliant" {
            for (rule, severity) in &own {
                if severity != "info" {
                    failures.push(format!(
                        "{notice}: {severity} from {rule} in a compliant letter"
                    ));
                }
            }
            // Only the letter's own jurisdiction applies: no other's rules.
            for (rule, _) in &all {
                let set = rule.split('/').next().unwrap();
                if ![*jurisdiction, "accessibility", "hygiene"].contains(&set) {
                    failures.push(format!(
                        "{notice}: {rule} from a rule set that should not apply"
                    ));
                }
            }
        } else if !own.iter().any(|(_, s)| s != "info") {
            failures.push(format!(
                "{notice}: no error or warning in the flawed letter"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_state_rule_set_has_fixtures() {
    for name in breachlint::rules::builtin::names() {
        let set = breachlint::rules::builtin::load(name).unwrap().unwrap();
        // The state sets are the ones chosen by `[residents]`.
        let Some(cond) = &set.applies_when else {
            continue;
        };
        if cond.residents_at_least.is_none() || name == "california" {
            continue;
        }
        for letter in ["compliant", "flawed"] {
            assert!(
                EXPECTED.iter().any(|(j, l, _)| *j == name && *l == letter),
                "{name} has no {letter} letter in tests/fixtures/{name}/"
            );
        }
    }
}

#[test]
fn one_letter_for_states_whose_laws_conflict_is_reported_and_a_variant_is_checked_alone() {
    let shared = "tests/fixtures/conflicts/shared/notice.md";
    let variant = "tests/fixtures/conflicts/shared/massachusetts-variant.md";
    let all = findings(&[shared.to_string(), variant.to_string()]);
    let of = |p: &str| -> Vec<(String, String)> {
        all.iter()
            .filter(|(path, _, _)| path == p)
            .map(|(_, r, s)| (r.clone(), s.clone()))
            .collect()
    };
    let conflicts = of(shared)
        .into_iter()
        .filter(|(r, _)| r == "breachlint/conflict")
        .count();
    // Massachusetts forbids the count and the nature that Rhode Island
    // requires; Illinois forbids the count too.
    assert_eq!(conflicts, 3, "{:?}", of(shared));
    let variant = of(variant);
    assert!(
        !variant.iter().any(|(r, s)| r == "breachlint/conflict"
            || r.starts_with("rhode-island/")
            || r.starts_with("illinois/")
            || (r.starts_with("massachusetts/") && s == "error")),
        "{variant:?}"
    );
    assert!(variant.iter().any(|(r, _)| r.starts_with("massachusetts/")));
}

#[test]
fn a_conflict_names_both_jurisdictions_and_recommends_a_variant() {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--isolated", "--format", "json", "--today", TODAY])
        .arg("tests/fixtures/conflicts/shared/notice.md")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let count = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "breachlint/conflict"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("massachusetts/no-resident-count")
        })
        .expect("a conflict over the count");
    assert_eq!(
        count["message"],
        "one letter cannot meet both Massachusetts and Rhode Island: massachusetts/no-resident-count forbids the number of people affected, which rhode-island/affected-count requires"
    );
    assert_eq!(count["severity"], "error");
    // It points at the count in the letter.
    assert_eq!(count["start"]["line"], 47);
    assert!(
        count["help"]
            .as_str()
            .unwrap()
            .contains("variant-for = [\"MA\"]"),
        "{count}"
    );
}

#[test]
fn docs_jurisdictions_md_is_generated_from_the_rule_sets() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(&root)
        .args(["rules", "--isolated", "--all", "--markdown"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).unwrap();
    let page = std::fs::read_to_string(root.join("docs/jurisdictions.md")).unwrap();
    assert!(
        generated == page,
        "docs/jurisdictions.md is out of date: run `cargo run -- rules --all --markdown > docs/jurisdictions.md`"
    );
    for name in breachlint::rules::builtin::names() {
        assert!(page.contains(&format!("(`{name}`)")), "{name} is missing");
    }
}

fn deadlines(format: &str) -> String {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .args([
            "deadlines",
            "--facts",
            "tests/fixtures/deadlines/incident.toml",
        ])
        .args(["--today", "2026-03-10", "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn deadlines_of_several_states_are_sorted_and_the_earliest_individual_one_controls() {
    let doc: serde_json::Value = serde_json::from_str(&deadlines("json")).unwrap();
    let rows = doc["obligations"].as_array().unwrap();
    let dated: Vec<(&str, &str)> = rows
        .iter()
        .filter_map(|r| Some((r["rule"].as_str()?, r["deadline"].as_str()?)))
        .collect();
    assert_eq!(
        dated,
        [
            ("connecticut/ag-report", "2026-03-10"),
            ("maryland/ag-report", "2026-03-10"),
            ("new-york/notice-deadline", "2026-04-01"),
            ("maryland/notice-deadline", "2026-04-16"),
            ("connecticut/notice-deadline", "2026-05-01"),
        ]
    );
    let controlling: Vec<&str> = rows
        .iter()
        .filter(|r| r["controlling"] == true)
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(controlling, ["new-york/notice-deadline"]);
}

#[test]
fn deadlines_as_an_icalendar_file() {
    let ics = deadlines("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 5, "{ics}");
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(
        "DTSTART;VALUE=DATE:20260401\r\nDTEND;VALUE=DATE:20260402\r\nSUMMARY:Deadline: Notice to New York residents (controlling)\r\nDESCRIPTION:N.Y. Gen. Bus. Law 899-aa(2)\\n"
    ), "{unfolded}");
}
