//! Command-line behaviour: exit codes, formats, configuration discovery and
//! overrides, suppression comments, per-file errors.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn demo() -> String {
    fixture("rules/demo.toml").display().to_string()
}

fn bl() -> Command {
    let mut c = Command::cargo_bin("breachlint").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("BREACHLINT_FORMAT")
        // Tests never read the real clock.
        .env("BREACHLINT_TODAY", "2026-11-28");
    c
}

#[test]
fn clean_notice_exits_zero() {
    bl().args(["check", "--ruleset", &demo()])
        .arg(fixture("notices/clean.md"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("All checks passed"));
}

#[test]
fn findings_exit_one_and_render_like_rustc() {
    bl().args(["check", "--color", "never", "--ruleset", &demo()])
        .arg(fixture("notices/flawed.md"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[demo/title]: notice is missing the title",
        ))
        .stdout(predicate::str::contains(
            "= note: Cal. Civ. Code 1798.82(d)(1)",
        ))
        .stdout(predicate::str::contains("= help: Add the title."))
        .stdout(predicate::str::contains(
            "placeholder <<FirstName>> left in the notice",
        ))
        .stdout(predicate::str::contains("4 errors, 2 warnings in 1 file"));
}

#[test]
fn short_format_is_one_line_per_finding() {
    let out = bl()
        .args(["check", "--format", "short", "--ruleset", &demo()])
        .arg(fixture("notices/flawed.md"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let re = regex::Regex::new(r"^.+flawed\.md:\d+:\d+: (error|warning|info)\[demo/[a-z-]+\]: .+$")
        .unwrap();
    assert!(text.lines().count() >= 4, "{text}");
    for line in text.lines() {
        assert!(re.is_match(line), "not a short-format line: {line}");
    }
    assert!(
        text.contains(
            "flawed.md:3:6: error[demo/placeholder]: placeholder <<FirstName>> left in the notice"
        ),
        "{text}"
    );
}

#[test]
fn fail_on_and_exit_zero() {
    // Only warnings: exit 0 by default, 1 with --fail-on warning, 0 with --exit-zero.
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.md");
    fs::write(
        &notice,
        fs::read_to_string(fixture("notices/clean.md"))
            .unwrap()
            .replace("1-800-555-0100", "us"),
    )
    .unwrap();
    bl().args(["check", "--ruleset", &demo()])
        .arg(&notice)
        .assert()
        .code(0);
    bl().args(["check", "--fail-on", "warning", "--ruleset", &demo()])
        .arg(&notice)
        .assert()
        .code(1);
    bl().args([
        "check",
        "--fail-on",
        "warning",
        "--exit-zero",
        "--ruleset",
        &demo(),
    ])
    .arg(&notice)
    .assert()
    .code(0);
}

#[test]
fn quiet_drops_the_summary() {
    bl().args(["check", "--quiet", "--ruleset", &demo()])
        .arg(fixture("notices/clean.md"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn usage_errors_exit_two() {
    bl().args(["check", "--format", "fancy"]).assert().code(2);
    bl().args(["check", "--fail-on", "fatal"]).assert().code(2);
    bl().args(["frobnicate"]).assert().code(2);
    bl().args(["check", "--ruleset", "hipa"])
        .arg(fixture("notices/clean.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `hipaa`?"));
}

#[test]
fn bad_rule_set_points_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("bad.toml");
    let text = fs::read_to_string(fixture("rules/demo.toml"))
        .unwrap()
        .replace(
            r"pattern = 'notice of data breach'",
            r"pattern = 'notice of (data breach'",
        );
    fs::write(&rules, text).unwrap();
    bl().args(["check", "--color", "never", "--ruleset"])
        .arg(&rules)
        .arg(fixture("notices/clean.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid regular expression in rule `demo/title`",
        ))
        .stderr(predicate::str::contains("bad.toml:"))
        .stderr(predicate::str::contains("'notice of (data breach'"))
        .stderr(predicate::str::contains("unclosed group"));
}

#[test]
fn missing_unreadable_empty_and_binary_files_are_per_file_errors() {
    bl().args(["check", "--format", "short", "--ruleset", &demo()])
        .arg(fixture("notices/clean.md"))
        .arg(fixture("notices/empty.md"))
        .arg(fixture("notices/binary.md"))
        .arg(fixture("notices/nope.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "empty.md:1:1: error[breachlint/empty]",
        ))
        .stdout(predicate::str::contains(
            "binary.md:1:1: error[breachlint/binary]",
        ))
        .stdout(predicate::str::contains(
            "nope.md:1:1: error[breachlint/io]",
        ));
}

#[test]
fn invalid_utf8_is_a_warning_not_a_crash() {
    bl().args(["check", "--format", "short", "--ruleset", &demo()])
        .arg(fixture("notices/latin1.md"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("warning[breachlint/encoding]"))
        .stdout(predicate::str::contains("error[demo/placeholder]"));
}

#[test]
fn config_is_found_upward_and_overrides_apply() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("notices/2025");
    fs::create_dir_all(&sub).unwrap();
    fs::copy(fixture("rules/demo.toml"), dir.path().join("demo.toml")).unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"demo.toml\"]\n\n[rules]\n\"demo/title\" = \"off\"\n\"demo/order\" = \"error\"\n",
    )
    .unwrap();
    fs::copy(fixture("notices/flawed.md"), sub.join("draft.md")).unwrap();
    let out = bl()
        .current_dir(&sub)
        .args(["check", "--format", "short", "draft.md"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("demo/title"), "{text}");
    assert!(text.contains("error[demo/order]"), "{text}");
    // --isolated ignores it: the default built-in rule sets apply instead.
    bl().current_dir(&sub)
        .args(["check", "--format", "short", "--isolated", "draft.md"])
        .assert()
        .stdout(predicate::str::contains("demo/").not());
}

#[test]
fn unknown_override_is_located_with_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("rules/demo.toml"), dir.path().join("demo.toml")).unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"demo.toml\"]\n[rules]\n\"demo/titel\" = \"off\"\n",
    )
    .unwrap();
    fs::copy(fixture("notices/clean.md"), dir.path().join("n.md")).unwrap();
    bl().current_dir(dir.path())
        .args(["check", "--color", "never", "n.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `demo/titel`"))
        .stderr(predicate::str::contains("did you mean `demo/title`?"))
        .stderr(predicate::str::contains("breachlint.toml:3:1"));
}

#[test]
fn folder_walk_uses_include_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("rules/demo.toml"), dir.path().join("demo.toml")).unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"demo.toml\"]\nexclude = [\"old/**\"]\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("old")).unwrap();
    fs::copy(fixture("notices/flawed.md"), dir.path().join("a.md")).unwrap();
    fs::copy(fixture("notices/flawed.md"), dir.path().join("old/b.md")).unwrap();
    fs::write(dir.path().join("notes.rs"), "fn main() {}").unwrap();
    let out = bl()
        .current_dir(dir.path())
        .args(["check", "--format", "short"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("a.md:"), "{text}");
    assert!(!text.contains("b.md:"), "{text}");
    // Named explicitly, an excluded file is linted, unless --force-exclude.
    bl().current_dir(dir.path())
        .args(["check", "--format", "short", "old/b.md"])
        .assert()
        .code(1);
    bl().current_dir(dir.path())
        .args(["check", "--format", "short", "--force-exclude", "old/b.md"])
        .assert()
        .code(0);
}

#[test]
fn suppression_comments_work_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.md");
    let text = fs::read_to_string(fixture("notices/flawed.md"))
        .unwrap()
        .replace("Dear <<FirstName>>,", "<!-- breachlint-disable-next-line demo/placeholder -->\nDear <<FirstName>>,\n\n<!-- breachlint-disable demo/tollfree -->");
    fs::write(&notice, text).unwrap();
    let out = bl()
        .args(["check", "--format", "short", "--ruleset", &demo()])
        .arg(&notice)
        .assert()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains("<<FirstName>>"), "{out}");
    assert!(out.contains("placeholder [DATE]"), "{out}");
    assert!(out.contains("info[breachlint/unused-suppression]"), "{out}");
}

#[test]
fn output_file_is_written_and_color_follows_flags() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    bl().args([
        "check",
        "--format",
        "short",
        "--ruleset",
        &demo(),
        "--output",
    ])
    .arg(&report)
    .arg(fixture("notices/flawed.md"))
    .assert()
    .code(1)
    .stdout("");
    assert!(
        fs::read_to_string(&report)
            .unwrap()
            .contains("demo/placeholder")
    );
    bl().args(["check", "--color", "always", "--ruleset", &demo()])
        .arg(fixture("notices/flawed.md"))
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    bl().args(["check", "--ruleset", &demo()])
        .env("NO_COLOR", "1")
        .arg(fixture("notices/flawed.md"))
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn statistics_count_per_rule() {
    bl().args([
        "check",
        "--format",
        "short",
        "--statistics",
        "--ruleset",
        &demo(),
    ])
    .arg(fixture("notices/flawed.md"))
    .assert()
    .stdout(predicate::str::is_match(r"(?m)^\s+2  demo/placeholder\s+error").unwrap());
}

#[test]
fn rules_explain_and_verify() {
    bl().args(["rules", "--ruleset", &demo()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("demo/order"))
        .stdout(predicate::str::contains("Cal. Civ. Code 1798.82(d)(1)"));
    bl().args(["explain", "demo/order", "--ruleset", &demo()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Why"))
        .stdout(predicate::str::contains("must appear in this order"));
    bl().args(["explain", "demo/ordr", "--ruleset", &demo()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `demo/order`?"));
    bl().args(["verify", &demo()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("16 passed, 0 failed"));
}

#[test]
fn verify_reports_failing_inline_tests() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.toml");
    let text = fs::read_to_string(fixture("rules/demo.toml"))
        .unwrap()
        .replacen("fires = false", "fires = true", 1);
    fs::write(&rules, text).unwrap();
    bl().arg("verify")
        .arg(&rules)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAIL demo/title test 1: expected the rule to fire, it did not",
        ));
}

/// `breachlint … | head`: when the reader closes the pipe, every command
/// stops quietly with status 0 instead of printing "Broken pipe".
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    use std::io::Read;
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("long.md");
    // Thousands of dates, counts and telephone numbers: far more output
    // than a pipe buffers (64 KiB).
    let notice: String = (0..3000)
        .map(|i| {
            format!(
                "On March {}, 20{:02}, we mailed {} letters; call 1-800-555-{:04}.\n\n",
                i % 28 + 1,
                i % 25,
                i + 2,
                i
            )
        })
        .collect();
    fs::write(&big, notice).unwrap();
    for args in [
        vec!["extract", "--format", "json"],
        vec!["extract"],
        vec!["check", "--isolated", "--format", "json-lines"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_breachlint"))
            .args(&args)
            .arg(&big)
            .env("BREACHLINT_TODAY", "2026-11-28")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: the next write fails with EPIPE.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0) | Some(1)),
            "{args:?}: {:?} {stderr}",
            out.status
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_a_clear_per_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    fs::write(
        &big,
        "We are writing to tell you about an incident.\n".repeat(30_000),
    )
    .unwrap();
    bl().args([
        "check",
        "--isolated",
        "--format",
        "short",
        "--max-file-size",
        "1",
    ])
    .arg(&big)
    .assert()
    .code(2)
    .stdout(predicate::str::contains("error[breachlint/too-large]"))
    .stdout(predicate::str::contains("--max-file-size"));
    bl().args([
        "check",
        "--isolated",
        "--format",
        "short",
        "--max-file-size",
        "2",
    ])
    .arg(&big)
    .assert()
    .stdout(predicate::str::contains("too-large").not());
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    // The notice need not exist on disk: its folder's configuration applies,
    // its extension gives the format, and its name is the one reported.
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("drafts");
    fs::create_dir_all(&sub).unwrap();
    fs::copy(fixture("rules/demo.toml"), dir.path().join("demo.toml")).unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"demo.toml\"]\n\n[rules]\n\"demo/title\" = \"off\"\n",
    )
    .unwrap();
    let notice = fs::read(fixture("notices/flawed.md")).unwrap();
    let out = bl()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "--stdin-filename"])
        .arg("drafts/unsaved.md")
        .arg("-")
        .write_stdin(notice.clone())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("drafts/unsaved.md:3:6: error[demo/placeholder]"),
        "{text}"
    );
    assert!(!text.contains("demo/title"), "{text}");
    assert!(!sub.join("unsaved.md").exists());

    // The same report as for the file itself.
    fs::write(sub.join("saved.md"), &notice).unwrap();
    let from_file = bl()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "drafts/saved.md"])
        .output()
        .unwrap()
        .stdout;
    let from_stdin = bl()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "--stdin-filename"])
        .arg("drafts/saved.md")
        .write_stdin(notice)
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        String::from_utf8(from_stdin).unwrap(),
        String::from_utf8(from_file).unwrap()
    );
}

#[test]
fn stdin_format_comes_from_the_name() {
    // "Title" underlined by a line of '=' is a heading in Markdown only.
    let text = "Notice of Security Incident\n===\n\nDear <<FirstName>>,\n";
    let run = |name: &str| {
        let out = bl()
            .args(["check", "--format", "json", "--ruleset", &demo()])
            .args(["--stdin-filename", name, "-"])
            .write_stdin(text)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.to_string()
    };
    let md = run("n.md");
    let txt = run("n.txt");
    assert!(md.contains("\"n.md\""), "{md}");
    assert!(txt.contains("\"n.txt\""), "{txt}");
    assert_ne!(md.replace("n.md", ""), txt.replace("n.txt", ""));
}

#[test]
fn stdin_front_matter_is_read_from_the_buffer() {
    let dir = tempfile::tempdir().unwrap();
    // On disk the file has no facts; the buffer on standard input does.
    fs::write(dir.path().join("n.md"), "# Notice\n").unwrap();
    let buffer = "+++\norganization = \"Harbor Clinic\"\n+++\n# Notice of Data Breach\n";
    bl().current_dir(dir.path())
        .args([
            "check",
            "--isolated",
            "--verbose",
            "--stdin-filename",
            "n.md",
            "-",
        ])
        .write_stdin(buffer)
        .assert()
        .stderr(predicate::str::contains("n.md: facts from n.md"));
}

#[test]
fn stdin_cannot_be_mixed_with_paths() {
    bl().args(["check", "-", "other.md"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be combined"));
    bl().args(["check", "--stdin-filename", "a.md", "b.md"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--stdin-filename"));
}

#[test]
fn stdin_larger_than_the_limit_is_refused() {
    let big = "a".repeat(1_000_001);
    bl().args([
        "check",
        "--max-file-size",
        "1",
        "--stdin-filename",
        "big.md",
        "-",
    ])
    .write_stdin(big)
    .assert()
    .code(2)
    .stdout(predicate::str::contains("big.md"))
    .stdout(predicate::str::contains("more than the limit"));
}

/// Notices are linted a few at a time on each thread; what a run reports
/// for each file, in name order, is what linting that file alone reports,
/// whatever its neighbours: unreadable files, another folder's settings.
#[test]
fn each_file_of_a_long_run_is_reported_as_if_alone() {
    let dir = tempfile::tempdir().unwrap();
    let notices: Vec<PathBuf> = ["examples", "tests/fixtures"]
        .iter()
        .flat_map(|d| walk_md(&Path::new(env!("CARGO_MANIFEST_DIR")).join(d)))
        .collect();
    assert!(notices.len() > 30, "notices found: {}", notices.len());
    // Two folders checked differently, each with more notices than are
    // linted together, and an empty file among them.
    for (sub, config) in [
        ("a", None),
        ("b", Some("[rules]\n\"accessibility/tty\" = \"off\"\n")),
    ] {
        let sub = dir.path().join(sub);
        fs::create_dir_all(&sub).unwrap();
        for (i, n) in notices.iter().enumerate() {
            fs::copy(n, sub.join(format!("n{i:03}.md"))).unwrap();
        }
        fs::write(sub.join("n010a.md"), "").unwrap();
        if let Some(config) = config {
            fs::write(sub.join("breachlint.toml"), config).unwrap();
        }
    }
    let run = |args: &[&str]| {
        let out = bl()
            .current_dir(dir.path())
            .args(["check", "--format", "short", "--exit-zero", "--quiet"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let all = run(&["a", "b"]);
    let mut alone = String::new();
    for sub in ["a", "b"] {
        let mut names: Vec<String> = fs::read_dir(dir.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        for name in names {
            alone.push_str(&run(&[&format!("{sub}/{name}")]));
        }
    }
    assert!(
        all.contains("a/n010a.md:1:1: error[breachlint/empty]"),
        "{all}"
    );
    assert!(
        all.contains("a/n000.md:") && all.contains("b/n000.md:"),
        "{all}"
    );
    assert!(all.lines().count() > 100);
    let tty = |sub: &str| {
        all.lines()
            .filter(|l| l.starts_with(sub) && l.contains("accessibility/tty"))
            .count()
    };
    assert!(tty("a/") > 10 && tty("b/") == 0, "{all}");
    assert_eq!(all, alone);
}

fn walk_md(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_md(&p));
        } else if p.extension().is_some_and(|e| e == "md") && !p.ends_with("binary.md") {
            // A variant of an incident needs the incident's facts beside it.
            let text = fs::read(&p).unwrap();
            if !String::from_utf8_lossy(&text).contains("variant-for") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
