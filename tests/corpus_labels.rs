//! Hand-made judgements on the linter's findings for the real notices in
//! `../shared/corpus`, kept in `tests/corpus-labels.tsv`.
//!
//! Each row says whether one finding (notice, rule, line) is a real problem
//! of the letter (`true`) or a false alarm (`false`). Two checks hold the
//! rule sets to those judgements as they change: a false alarm that was
//! fixed must not come back, and a real problem that was found must not be
//! lost. The corpus is not part of the repository (its text must not be
//! copied in), so without it both checks are skipped.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The day the judgements were made against; deadline findings such as
/// "if it goes out today" depend on it.
const TODAY: &str = "2026-12-02";

const RULESETS: [&str; 4] = ["accessibility", "california", "hipaa", "hygiene"];

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    notice: String,
    rule: String,
    line: u32,
}

/// A judgement on one finding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    /// A real problem of the letter.
    True,
    /// A false alarm that must not come back.
    False,
    /// A false alarm still reported, whose cause is known but not yet
    /// fixed; once it stops firing the row must become `false`, so a fix
    /// cannot silently be undone later.
    Open,
}

struct Label {
    key: Key,
    verdict: Verdict,
    reason: String,
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "  {}:{} [{}] labelled {}: {}",
            self.key.notice,
            self.key.line,
            self.key.rule,
            format!("{:?}", self.verdict).to_lowercase(),
            self.reason
        )
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    manifest_dir().join("../shared/corpus")
}

fn labels() -> Vec<Label> {
    let path = manifest_dir().join("tests/corpus-labels.tsv");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut seen = HashSet::new();
    let mut labels = Vec::new();
    for (index, row) in text.lines().enumerate() {
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let row_no = index + 1;
        let cols: Vec<&str> = row.split('\t').collect();
        let [notice, rule, line, verdict, reason] = cols[..] else {
            panic!(
                "corpus-labels.tsv row {row_no}: expected 5 tab-separated columns, found {}",
                cols.len()
            );
        };
        let line = line
            .parse()
            .unwrap_or_else(|_| panic!("corpus-labels.tsv row {row_no}: bad line number {line:?}"));
        let verdict = match verdict {
            "true" => Verdict::True,
            "false" => Verdict::False,
            "open" => Verdict::Open,
            other => panic!(
                "corpus-labels.tsv row {row_no}: verdict must be true, false or open, not {other:?}"
            ),
        };
        let key = Key {
            notice: notice.to_string(),
            rule: rule.to_string(),
            line,
        };
        // A second row for the same finding would let one verdict silently
        // override the other.
        assert!(
            seen.insert(key.clone()),
            "corpus-labels.tsv row {row_no}: {notice}:{line} [{rule}] is labelled twice"
        );
        labels.push(Label {
            key,
            verdict,
            reason: reason.to_string(),
        });
    }
    labels
}

/// Reads one line of `--format short` output:
/// `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`. Only the directory part of
/// the path may hold colons, so the file name is the run of characters
/// without slashes or colons right before the line and column.
fn parse_finding(line: &str) -> Option<Key> {
    static SHORT: OnceLock<regex::Regex> = OnceLock::new();
    let re = SHORT.get_or_init(|| {
        regex::Regex::new(
            r"^(?:.*[/\\])?(?P<file>[^/\\:]+):(?P<line>\d+):\d+: [a-z]+\[(?P<rule>[^\]\s]+)\]: ",
        )
        .unwrap()
    });
    let caps = re.captures(line)?;
    Some(Key {
        notice: caps["file"].to_string(),
        rule: caps["rule"].to_string(),
        line: caps["line"].parse().ok()?,
    })
}

struct Run {
    notices: BTreeSet<String>,
    findings: BTreeSet<Key>,
}

/// One run of the linter over the whole corpus, shared by both checks.
/// `None` when the corpus is not there.
fn run() -> Option<&'static Run> {
    static RUN: OnceLock<Option<Run>> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = corpus_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return None;
        };
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no notices in {}", dir.display());

        let mut cmd = Command::cargo_bin("breachlint").unwrap();
        cmd.env_remove("NO_COLOR")
            .env_remove("BREACHLINT_FORMAT")
            .env("BREACHLINT_TODAY", TODAY)
            .args([
                "check",
                "--format",
                "short",
                "--color",
                "never",
                "--fail-on",
                "info",
                "--today",
                TODAY,
            ]);
        for set in RULESETS {
            cmd.args(["--ruleset", set]);
        }
        let out = cmd.args(&files).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        // Exit 1 only says there were findings; anything else is a failed run
        // whose findings cannot be trusted.
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "breachlint exited with {:?}\n{}\n{stdout}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut findings = BTreeSet::new();
        let mut unreadable = Vec::new();
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            match parse_finding(line) {
                Some(key) => {
                    findings.insert(key);
                }
                None => unreadable.push(line),
            }
        }
        assert!(
            unreadable.is_empty(),
            "lines not in the short format:\n{}",
            unreadable.join("\n")
        );
        let notices = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        Some(Run { notices, findings })
    })
    .as_ref()
}

fn skip_message() {
    eprintln!(
        "note: {} not found; the corpus label checks are skipped",
        corpus_dir().display()
    );
}

fn rows(list: &[&Label]) -> String {
    list.iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn labels_name_notices_in_the_corpus() {
    let Some(run) = run() else {
        skip_message();
        return;
    };
    let labels = labels();
    let stray: Vec<&Label> = labels
        .iter()
        .filter(|l| !run.notices.contains(&l.key.notice))
        .collect();
    assert!(
        stray.is_empty(),
        "{} labelled rows name a notice that is not in the corpus (renamed or removed?):\n{}",
        stray.len(),
        rows(&stray)
    );
}

#[test]
fn false_alarms_do_not_come_back() {
    let Some(run) = run() else {
        skip_message();
        return;
    };
    let labels = labels();
    let back: Vec<&Label> = labels
        .iter()
        .filter(|l| l.verdict == Verdict::False && run.findings.contains(&l.key))
        .collect();
    let total = labels
        .iter()
        .filter(|l| l.verdict == Verdict::False)
        .count();
    assert!(
        back.is_empty(),
        "{} of {total} findings labelled as false alarms are still reported:\n{}",
        back.len(),
        rows(&back)
    );
}

#[test]
fn open_false_alarms_are_still_open() {
    let Some(run) = run() else {
        skip_message();
        return;
    };
    let labels = labels();
    let open: Vec<&Label> = labels
        .iter()
        .filter(|l| l.verdict == Verdict::Open)
        .collect();
    eprintln!(
        "{} known false alarms are still reported:\n{}",
        open.len(),
        rows(&open)
    );
    let fixed: Vec<&Label> = open
        .iter()
        .copied()
        .filter(|l| !run.findings.contains(&l.key))
        .collect();
    assert!(
        fixed.is_empty(),
        "{} false alarms labelled `open` are no longer reported; label them `false` so they stay fixed:\n{}",
        fixed.len(),
        rows(&fixed)
    );
}

#[test]
fn real_problems_are_still_found() {
    let Some(run) = run() else {
        skip_message();
        return;
    };
    let labels = labels();
    let lost: Vec<&Label> = labels
        .iter()
        .filter(|l| l.verdict == Verdict::True && !run.findings.contains(&l.key))
        .collect();
    let total = labels.iter().filter(|l| l.verdict == Verdict::True).count();
    assert!(
        lost.is_empty(),
        "{} of {total} findings labelled as real problems are no longer reported at that line:\n{}",
        lost.len(),
        rows(&lost)
    );
}
