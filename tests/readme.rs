//! The copy-paste snippets in README.md and docs/ci.md must match what the
//! repository ships: the action's inputs, the hook's id, and the commands.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

fn read(rel: &str) -> String {
    fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The fenced block following `<!-- snippet: NAME -->`, for every occurrence.
fn snippets(text: &str, name: &str) -> Vec<String> {
    let marker = format!("<!-- snippet: {name} -->");
    text.match_indices(&marker)
        .map(|(i, _)| {
            let rest = &text[i + marker.len()..];
            let start = rest.find("```").unwrap();
            let body = &rest[start..];
            let body = &body[body.find('\n').unwrap() + 1..];
            body[..body.find("```").unwrap()].to_string()
        })
        .collect()
}

/// Top-level keys under `inputs:` in action.yml.
fn action_inputs() -> BTreeSet<String> {
    let action = read("action.yml");
    let mut inputs = BTreeSet::new();
    let mut inside = false;
    for line in action.lines() {
        if line.starts_with("inputs:") {
            inside = true;
            continue;
        }
        if inside && !line.starts_with(' ') && !line.is_empty() {
            break;
        }
        if inside
            && line.starts_with("  ")
            && !line.starts_with("   ")
            && line.trim_end().ends_with(':')
        {
            inputs.insert(line.trim().trim_end_matches(':').to_string());
        }
    }
    inputs
}

#[test]
fn workflow_snippets_use_real_action_inputs() {
    let inputs = action_inputs();
    assert!(
        inputs.contains("paths") && inputs.contains("sarif-file"),
        "{inputs:?}"
    );
    for doc in ["README.md", "docs/ci.md"] {
        let found = snippets(&read(doc), "github-workflow");
        assert!(!found.is_empty(), "{doc} has no github-workflow snippet");
        for s in found {
            let mut in_with = false;
            let mut action_step = false;
            for line in s.lines() {
                let t = line.trim();
                if t.starts_with("- uses:") || t.starts_with("uses:") {
                    action_step = t.contains("/breachlint@");
                    in_with = false;
                } else if t == "with:" {
                    in_with = true;
                } else if in_with && action_step && t.contains(':') {
                    let key = t.split(':').next().unwrap();
                    assert!(
                        inputs.contains(key),
                        "{doc}: the action has no input `{key}`"
                    );
                }
            }
        }
    }
}

#[test]
fn pre_commit_snippets_name_the_shipped_hook() {
    let hooks = read(".pre-commit-hooks.yaml");
    assert!(hooks.contains("- id: breachlint"));
    assert!(hooks.contains("language: rust"));
    for doc in ["README.md", "docs/ci.md"] {
        let found = snippets(&read(doc), "pre-commit-config");
        assert!(!found.is_empty(), "{doc} has no pre-commit-config snippet");
        for s in found {
            for line in s.lines().filter(|l| l.trim_start().starts_with("- id:")) {
                let id = line.trim().trim_start_matches("- id:").trim();
                assert!(
                    hooks.contains(&format!("- id: {id}")),
                    "{doc}: no hook `{id}`"
                );
            }
        }
    }
}

#[test]
fn hook_takes_every_format_folder_walks_take() {
    let hooks = read(".pre-commit-hooks.yaml");
    let files = hooks
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("files:"))
        .expect("the hook filters files")
        .trim()
        .trim_matches('\'');
    let re = regex::Regex::new(files).unwrap();
    for ext in breachlint::walk::NOTICE_EXTENSIONS {
        assert!(re.is_match(&format!("notices/letter.{ext}")), "{ext}");
        assert!(
            re.is_match(&format!("notices/LETTER.{}", ext.to_uppercase())),
            "{ext}"
        );
    }
}

#[test]
fn hook_entry_and_action_script_use_existing_flags() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_breachlint"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let hooks = read(".pre-commit-hooks.yaml");
    let entry = hooks
        .lines()
        .find(|l| l.trim_start().starts_with("entry:"))
        .unwrap();
    for flag in entry.split_whitespace().filter(|w| w.starts_with("--")) {
        assert!(help.contains(flag), "hook entry uses unknown flag {flag}");
    }
    let script = read("scripts/action-run.sh");
    for flag in [
        "--format",
        "--output",
        "--exit-zero",
        "--fail-on",
        "--ruleset",
        "--statistics",
        "--color",
    ] {
        assert!(script.contains(flag));
        assert!(
            help.contains(flag),
            "action script uses unknown flag {flag}"
        );
    }
}
