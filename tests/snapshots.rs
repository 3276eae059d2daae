//! Snapshots of rendered diagnostics for the bundled examples. Review changes
//! with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and a diff).

use std::path::PathBuf;

use assert_cmd::Command;

#[path = "support/clock.rs"]
mod clock;

/// The date every snapshot is taken on: messages that count days from
/// the clock ("due on 2015-12-07 (N days ago)") must not change with the
/// real calendar. Every run passes it as `--today` (and sets
/// `BREACHLINT_TODAY` to it), and snapshots keep such a count with the day
/// it is from (see `support/clock.rs`).
const TODAY: &str = "2026-11-28";

fn run(args: &[&str]) -> String {
    run_on(TODAY, args)
}

/// Runs the binary with `BREACHLINT_TODAY` set to `today` (a `--today` in
/// `args` wins), and writes each count of days from today with the day it
/// counts from.
fn run_on(today: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        .env("BREACHLINT_TODAY", today)
        .args(args)
        .output()
        .unwrap();
    let mut s = String::from_utf8(out.stdout).unwrap();
    s.push_str(&format!(
        "[exit code: {}]\n",
        out.status.code().unwrap_or(-1)
    ));
    let clock = args
        .iter()
        .position(|a| *a == "--today")
        .map_or(today, |i| args[i + 1]);
    clock::days_before(&s, clock)
}

#[test]
fn california_example_is_clean() {
    let out = run(&[
        "check",
        "--today",
        TODAY,
        "--color",
        "never",
        "--notice-date",
        "2026-03-03",
        "--ruleset",
        "california",
        "--ruleset",
        "hipaa",
        "--ruleset",
        "accessibility",
        "--ruleset",
        "hygiene",
        "examples/california-2026/notice.md",
    ]);
    insta::assert_snapshot!("california_example", out);
}

#[test]
fn printing_error_draft_human() {
    let out = run(&[
        "check",
        "--today",
        TODAY,
        "--color",
        "never",
        "examples/printing-error-2015/notice.md",
    ]);
    insta::assert_snapshot!("printing_error_human", out);
}

#[test]
fn printing_error_draft_short() {
    let out = run(&[
        "check",
        "--today",
        TODAY,
        "--format",
        "short",
        "examples/printing-error-2015/notice.md",
    ]);
    insta::assert_snapshot!("printing_error_short", out);
}

#[test]
fn printing_error_deadlines() {
    let out = run(&[
        "deadlines",
        "--facts",
        "examples/printing-error-2015/incident.toml",
        "--today",
        TODAY,
    ]);
    insta::assert_snapshot!("printing_error_deadlines", out);
}

#[test]
fn notice_without_facts_says_what_was_not_checked() {
    let out = run(&[
        "check",
        "--color",
        "never",
        "--isolated",
        "--today",
        TODAY,
        "--ruleset",
        "hipaa",
        "tests/fixtures/notices/clean.md",
    ]);
    insta::assert_snapshot!("no_facts", out);
}

/// The clock is read from `BREACHLINT_TODAY` (what every test sets) and
/// `--today` wins over it: the same snapshot run on two other days counts
/// from those days, so no snapshot can depend on the real date.
#[test]
fn snapshots_count_from_the_injected_clock() {
    // The example's notice to the media was due on this day and never sent.
    const DUE: &str = "2015-12-07";
    const LATER: &str = "2026-12-02";
    let counted = |day: &str| {
        let n = clock::days_between(DUE, day);
        format!("{n} days before {day}")
    };
    let args = [
        "check",
        "--format",
        "short",
        "examples/printing-error-2015/notice.md",
    ];
    let pinned = run(&args);
    assert!(
        pinned.contains(&format!("({})", counted(TODAY))),
        "{pinned}"
    );
    let later = run_on(LATER, &args);
    assert!(later.contains(&format!("({})", counted(LATER))), "{later}");
    assert_eq!(
        pinned.replace(&counted(TODAY), "N days before the pinned day"),
        later.replace(&counted(LATER), "N days before the pinned day"),
        "only the count from the pinned day may differ between two clocks"
    );
    let mut flag = args.to_vec();
    flag.extend(["--today", TODAY]);
    assert_eq!(run_on("2030-01-01", &flag), pinned);
}
