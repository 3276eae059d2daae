//! The places users run breachlint: the GitHub Action's lint step and the
//! pre-commit hook, exercised for real.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

#[test]
fn action_step_annotates_fails_and_writes_sarif_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("breachlint.sarif");
    let summary = dir.path().join("summary.md");
    let out = Command::new("bash")
        .arg(root().join("scripts/action-run.sh"))
        .env("BL_BIN", env!("CARGO_BIN_EXE_breachlint"))
        .env("BL_PATHS", fixture("notices/flawed.md"))
        .env("BL_RULESETS", fixture("rules/demo.toml"))
        .env("BL_SARIF", &sarif)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("::error file="), "{stdout}");
    assert!(stdout.contains("title=demo/placeholder"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert!(
        fs::read_to_string(&summary)
            .unwrap()
            .contains("### breachlint")
    );

    // A clean notice passes the step.
    let out = Command::new("bash")
        .arg(root().join("scripts/action-run.sh"))
        .env("BL_BIN", env!("CARGO_BIN_EXE_breachlint"))
        .env("BL_PATHS", fixture("notices/clean.md"))
        .env("BL_RULESETS", fixture("rules/demo.toml"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args([
            "-c",
            "user.email=ci@example.org",
            "-c",
            "user.name=CI",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?} failed");
}

/// Installs the hook from this checkout with the real pre-commit tool and
/// runs it on a flawed notice, then on the fixed notice.
#[test]
fn pre_commit_hook_blocks_a_flawed_notice() {
    if !have("pre-commit") {
        if std::env::var_os("BREACHLINT_REQUIRE_PRE_COMMIT").is_some() {
            panic!("pre-commit is not installed but BREACHLINT_REQUIRE_PRE_COMMIT is set");
        }
        eprintln!(
            "\n*** SKIPPED pre_commit_hook_blocks_a_flawed_notice: `pre-commit` is not installed (pip install pre-commit) ***\n"
        );
        return;
    }
    assert!(have("git"), "git is needed for the pre-commit test");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("notices-repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    fs::write(repo.join("breachlint.toml"), "rulesets = [\"hygiene\"]\n").unwrap();
    fs::write(repo.join("notice.md"), "# Notice of Data Breach\n\nDear <<FirstName>>,\n\nWe are writing about an incident on [DATE].\n").unwrap();
    git(&repo, &["add", "."]);

    let run = || {
        Command::new("pre-commit")
            .args([
                "try-repo",
                root().to_str().unwrap(),
                "breachlint",
                "--files",
                "notice.md",
                "--verbose",
                "--color",
                "never",
            ])
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", dir.path().join("pre-commit-home"))
            // Reuse this workspace's compiled dependencies for the hook's `cargo install`.
            .env("CARGO_TARGET_DIR", root().join("target/pre-commit"))
            .output()
            .unwrap()
    };
    let out = run();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "the hook passed a notice with placeholders:\n{text}"
    );
    assert!(
        text.contains("hygiene/"),
        "no hygiene finding in the hook's output:\n{text}"
    );

    fs::write(repo.join("notice.md"), "# Notice of Data Breach\n\nDear Member,\n\nWe are writing about an incident on March 3, 2026.\n").unwrap();
    git(&repo, &["add", "."]);
    let out = run();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the hook failed on the fixed notice:\n{text}"
    );
}
