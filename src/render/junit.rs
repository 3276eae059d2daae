//! The `junit` output format: JUnit XML for CI test dashboards.
//!
//! The mapping is Ruff's: the run is the `testsuites` element, each file with
//! findings (or an error) is a `testsuite`, and each finding is a failed
//! `testcase` named `org.breachlint.<RULE-ID>` with `line` and `column`
//! attributes and a `severity` property. A file that could not be linted is
//! a testcase with an `error`. A clean run is a single passing testcase,
//! `No errors found`, so dashboards show a green run rather than an empty one.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use super::RenderOptions;
use super::json::{TOOL_NAME, effective_cite, position};
use crate::report::Report;

/// Writes `report` as JUnit XML.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut junit = quick_junit::Report::new(TOOL_NAME);
    let mut any = false;
    for file in &report.files {
        if file.error.is_none() && file.diagnostics.is_empty() {
            continue;
        }
        any = true;
        let mut suite = TestSuite::new(file.path.as_str());
        if let Some(err) = &file.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(err.message.as_str()).set_type(err.kind);
            let mut case = TestCase::new("org.breachlint.file-error", status);
            case.set_classname(file.path.as_str());
            suite.add_test_case(case);
        }
        let source = file.source.as_deref();
        for d in &file.diagnostics {
            let start = position(source, d.primary.span.start);
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(d.message.as_str())
                .set_description(format!(
                    "line {}, col {}, {}",
                    start.line, start.column, d.message
                ));
            let mut case = TestCase::new(format!("org.breachlint.{}", d.rule), status);
            case.set_classname(file.path.as_str());
            case.extra
                .insert("line".into(), start.line.to_string().into());
            case.extra
                .insert("column".into(), start.column.to_string().into());
            case.add_property(Property::new("severity", d.severity.as_str()));
            if let Some(cite) = effective_cite(report, d) {
                case.add_property(Property::new("cite", cite));
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    if !any {
        let mut suite = TestSuite::new(TOOL_NAME);
        suite.add_test_case(TestCase::new("No errors found", TestCaseStatus::success()));
        junit.add_test_suite(suite);
    }
    junit.serialize(&mut *out).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::json::fixtures;
    use crate::report::FileReport;

    fn junit(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).expect("rendering succeeds");
        String::from_utf8(out).expect("UTF-8 output")
    }

    #[test]
    fn fixture_output() {
        insta::assert_snapshot!(junit(&fixtures::report()), @r#"
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="breachlint" tests="5" skipped="0" failures="4" errors="1">
            <testsuite name="a notice.md" tests="2" skipped="0" errors="0" failures="2">
                <testcase name="org.breachlint.hipaa/placeholder" classname="a notice.md" line="5" column="4">
                    <properties>
                        <property name="severity" value="error"/>
                        <property name="cite" value="45 CFR 164.404(c)"/>
                    </properties>
                    <failure message="unfilled placeholder `[DATE]`">line 5, col 4, unfilled placeholder `[DATE]`</failure>
                </testcase>
                <testcase name="org.breachlint.hipaa/contact" classname="a notice.md" line="7" column="1">
                    <properties>
                        <property name="severity" value="warning"/>
                        <property name="cite" value="45 CFR 164.404(c)"/>
                    </properties>
                    <failure message="no toll-free contact number">line 7, col 1, no toll-free contact number</failure>
                </testcase>
            </testsuite>
            <testsuite name="dir/b.txt" tests="2" skipped="0" errors="0" failures="2">
                <testcase name="org.breachlint.breachlint/encoding" classname="dir/b.txt" line="1" column="1">
                    <properties>
                        <property name="severity" value="info"/>
                    </properties>
                    <failure message="title uses non-ASCII text">line 1, col 1, title uses non-ASCII text</failure>
                </testcase>
                <testcase name="org.breachlint.hipaa/date" classname="dir/b.txt" line="3" column="39">
                    <properties>
                        <property name="severity" value="error"/>
                        <property name="cite" value="45 CFR 164.404(c)(1)(A)"/>
                    </properties>
                    <failure message="`2024-02-30` is not a calendar date">line 3, col 39, `2024-02-30` is not a calendar date</failure>
                </testcase>
            </testsuite>
            <testsuite name="gone.md" tests="1" skipped="0" errors="1" failures="0">
                <testcase name="org.breachlint.file-error" classname="gone.md">
                    <error message="permission denied" type="io"/>
                </testcase>
            </testsuite>
        </testsuites>
        "#);
    }

    #[test]
    fn clean_run_is_one_passing_case() {
        let report = Report {
            files: vec![FileReport {
                path: "ok.md".into(),
                source: None,
                diagnostics: Vec::new(),
                error: None,
            }],
            rules: Default::default(),
        };
        let out = junit(&report);
        assert!(out.contains(r#"<testcase name="No errors found"/>"#));
        assert!(out.contains(r#"tests="1" skipped="0" failures="0" errors="0""#));
        assert!(!out.contains("ok.md"));
    }

    #[test]
    fn markup_in_messages_is_escaped() {
        let mut report = fixtures::report();
        report.files[0].diagnostics[0].message = "a <b> & \"c\"".into();
        let out = junit(&report);
        assert!(out.contains("message=\"a &lt;b&gt; &amp; &quot;c&quot;\""));
    }
}
