//! `breachlint merge-check` on the generated batch in tests/fixtures/mailing
//! (one swapped page, one missing letter, one duplicate, one unfilled field)
//! and on small mailings made here.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

#[path = "../benches/support/mailing.rs"]
mod mailing;

const LIST: &str = "tests/fixtures/mailing/recipients.csv";
const LETTERS: &str = "tests/fixtures/mailing/letters";

fn bl() -> Command {
    let mut c = Command::cargo_bin("breachlint").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        .env("BREACHLINT_TODAY", "2026-11-28")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn batch(format: &str, extra: &[&str]) -> (i32, String) {
    let out = bl()
        .args(["merge-check", "--recipients", LIST, "--key", "member_id"])
        .args(["--color", "never", "--format", format])
        .args(extra)
        .arg(LETTERS)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn the_committed_batch_is_what_the_generator_makes() {
    let m = mailing::mailing(300, 2026, true);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(std::fs::read_to_string(root.join(LIST)).unwrap(), m.csv);
    let mut on_disk: Vec<String> = std::fs::read_dir(root.join(LETTERS))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let names: Vec<&String> = m.letters.iter().map(|l| &l.0).collect();
    assert_eq!(on_disk.iter().collect::<Vec<_>>(), names);
    for (name, text) in &m.letters {
        let path = root.join(LETTERS).join(name);
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text, "{name}");
    }
}

#[test]
fn every_planted_mistake_is_found_and_nothing_else() {
    let (code, out) = batch("short", &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("merge_check_short", out);
}

#[test]
fn human_output_points_into_the_letter_and_the_list() {
    let (code, out) = batch("human", &["--show-values"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("merge_check_human_show_values", out);
}

/// The values of the rows involved in the planted mistakes, as written in the list.
fn planted_values() -> Vec<String> {
    let people = mailing::recipients(300, 2026);
    let mut v = Vec::new();
    for row in [
        mailing::SWAPPED,
        mailing::SWAPPED + 1,
        mailing::MISSING,
        mailing::DUPLICATE,
        mailing::UNFILLED,
    ] {
        let r = &people[row];
        v.extend([
            r.member_id.clone(),
            r.last.clone(),
            r.street.clone(),
            r.city.clone(),
        ]);
    }
    v.push("FirstName".into());
    v
}

#[test]
fn values_stay_out_of_every_format_unless_asked_for() {
    for format in [
        "human",
        "short",
        "json",
        "json-lines",
        "sarif",
        "github",
        "junit",
        "html",
    ] {
        let (code, out) = batch(format, &[]);
        assert_eq!(code, 1, "{format}");
        assert!(out.contains("merge/duplicate-letter"), "{format}");
        for value in planted_values() {
            assert!(!out.contains(&value), "{format} shows {value}");
        }
        if format == "json" || format == "sarif" {
            serde_json::from_str::<serde_json::Value>(&out).unwrap();
        }
    }
    let (_, shown) = batch("human", &["--show-values"]);
    let people = mailing::recipients(300, 2026);
    assert!(shown.contains(&people[mailing::MISSING].member_id));
}

fn write_mailing(dir: &Path, csv: &str, letters: &[(&str, &str)]) {
    std::fs::write(dir.join("list.csv"), csv).unwrap();
    std::fs::create_dir(dir.join("letters")).unwrap();
    for (name, text) in letters {
        std::fs::write(dir.join("letters").join(name), text).unwrap();
    }
}

fn run_in(dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    bl().current_dir(dir)
        .args(["merge-check", "--recipients", "list.csv", "--key", "acct"])
        .args(["--format", "short"])
        .args(extra)
        .arg("letters")
        .assert()
}

const SMALL: &str = "\u{feff}acct,name,address\n\
A-20417,Wen Halvorsen,\"88 Quarry Court, Unit 2\"\n\
A-20418,Greta Obi,5 Tamarack Way\n";

#[test]
fn a_clean_mailing_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write_mailing(
        dir.path(),
        SMALL,
        &[
            ("1.md", "# Notice\n\nWen Halvorsen, account A-20417\n"),
            ("2.md", "# Notice\n\nGreta Obi, account A 20418\n"),
        ],
    );
    run_in(dir.path(), &[])
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn two_keys_in_one_letter_and_a_letter_with_none() {
    let dir = tempfile::tempdir().unwrap();
    write_mailing(
        dir.path(),
        SMALL,
        &[
            ("1.txt", "Account A-20417\nAccount A-20418\n"),
            ("2.txt", "Dear customer,\n"),
        ],
    );
    run_in(dir.path(), &[]).code(1).stdout(
        "letters/1.txt:2:9: error[merge/several-recipients]: this letter carries the `acct` of 2 recipients\n\
         letters/2.txt:1:1: error[merge/no-recipient]: no recipient's `acct` appears in this letter\n\
         list.csv:2:1: error[merge/missing-letter]: no letter carries the `acct` of row 1 (line 2)\n\
         list.csv:3:1: error[merge/missing-letter]: no letter carries the `acct` of row 2 (line 3)\n",
    );
    run_in(dir.path(), &["--exit-zero"]).code(0);
}

#[test]
fn bad_lists_and_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_mailing(
        dir.path(),
        "acct,name\nA-1,Wen Halvorsen\nA-1,Greta Obi\n",
        &[("1.txt", "A-1\n")],
    );
    run_in(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains(
            "this recipient has the same `acct` as row 1 (line 2)",
        ))
        .stderr(predicate::str::contains("list.csv:3:1"));
    bl().current_dir(dir.path())
        .args([
            "merge-check",
            "--recipients",
            "list.csv",
            "--key",
            "account",
        ])
        .arg("letters")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--key `account` is not a column of the recipients' list",
        ));
    bl().current_dir(dir.path())
        .args(["merge-check", "--recipients", "nope.csv", "--key", "acct"])
        .arg("letters")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.csv"));
    std::fs::write(dir.path().join("list.csv"), "acct,name\nA-1,Wen\n").unwrap();
    run_in(dir.path(), &["missing-folder"])
        .code(2)
        .stdout(predicate::str::contains("missing-folder"));
}
