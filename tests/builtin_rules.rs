//! Every built-in rule set loads, every rule is documented, and every rule's
//! inline tests (at least one that fires and one that does not) pass.

use breachlint::rules::builtin;
use breachlint::rules::testing::run_tests;

#[path = "support/clock.rs"]
mod clock;

#[test]
fn every_builtin_rule_is_complete_and_its_inline_tests_pass() {
    let mut total = 0;
    let mut failures = Vec::new();
    for name in builtin::names() {
        let set = builtin::load(name)
            .expect("listed")
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        assert_eq!(set.id, name);
        assert!(!set.citation.trim().is_empty(), "{name}: no citation");
        assert!(!set.rules.is_empty(), "{name}: no rules");
        for rule in &set.rules {
            let i = &rule.info;
            assert!(i.id.starts_with(&format!("{name}/")), "{}", i.id);
            for (what, text) in [
                ("message", &i.message),
                ("cite", &i.cite),
                ("why", &i.why),
                ("help", &i.help),
            ] {
                assert!(text.trim().len() > 3, "{}: {what} is missing", i.id);
            }
            assert!(
                rule.example
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty()),
                "{}: no example for `explain`",
                i.id
            );
            assert!(
                rule.tests.iter().any(|t| t.fires),
                "{}: no test that fires",
                i.id
            );
            assert!(
                rule.tests.iter().any(|t| !t.fires),
                "{}: no test that stays quiet",
                i.id
            );
        }
        for outcome in run_tests(&set).unwrap() {
            total += 1;
            if !outcome.passed() {
                failures.push(format!(
                    "{} test {} ({:?}): expected fires={}, got {:?} {:?}",
                    outcome.rule,
                    outcome.number,
                    outcome.name,
                    outcome.expected,
                    outcome.findings,
                    outcome.problem
                ));
            }
        }
    }
    assert!(total > 100, "only {total} inline tests ran");
    assert!(
        failures.is_empty(),
        "{} inline rule tests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn default_rule_sets_exist() {
    for name in builtin::DEFAULT {
        assert!(
            builtin::load(name).is_some(),
            "default rule set {name} is not built in"
        );
    }
}

/// The findings of every firing inline test, per built-in rule set, as
/// `rule #test (name) line:col message`: a change of wording or position in
/// any rule shows up in review. A count of days from today is kept with the
/// test's own today (see `support/clock.rs`).
#[test]
fn inline_test_findings_are_pinned_per_rule_set() {
    for name in builtin::names() {
        let set = builtin::load(name).expect("listed").expect("loads");
        let mut lines = Vec::new();
        for o in run_tests(&set).unwrap() {
            if !o.expected {
                continue;
            }
            for f in &o.findings {
                let today = o.today.expect("a test with findings ran").to_string();
                let line = format!(
                    "{} #{} ({}) {}",
                    o.rule,
                    o.number,
                    o.name.as_deref().unwrap_or("-"),
                    f
                );
                lines.push(clock::days_before(&line, &today));
            }
        }
        insta::assert_snapshot!(format!("inline_tests_{name}"), lines.join("\n"));
    }
}
