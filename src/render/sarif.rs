//! The `sarif` output format: SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! One run, one tool component, a rule table holding only the rules that
//! produced results (sorted by id), and one result per finding. Columns are
//! counted in Unicode code points (`columnKind: unicodeCodePoints`), the same
//! unit as every other breachlint format. The metadata is self-contained: no
//! URI points outside the file, since breachlint works offline.
//!
//! Each result carries a content-based `partialFingerprints` entry so code
//! scanning keeps an alert's identity when lines above it move; see
//! [`fingerprint`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use super::RenderOptions;
use super::json::{TOOL_NAME, TOOL_VERSION, display_end, effective_cite, position};
use crate::diagnostic::{Diagnostic, Label, Severity, builtin};
use crate::report::{FileReport, Report};
use crate::source::SourceFile;
use crate::span::Span;

/// Where the SARIF 2.1.0 schema is published (the URI GitHub documents).
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of breachlint's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "breachlintFingerprint/v1";

/// GitHub shows at most this many characters of a rule description.
const MAX_DESCRIPTION_CHARS: usize = 1024;

/// Writes `report` as a SARIF 2.1.0 log.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let log = build(report);
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[derive(Debug, Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Debug, Serialize)]
struct Text {
    text: String,
}

#[derive(Debug, Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct RuleProperties<'a> {
    tags: Vec<String>,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cite: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Debug, Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    properties: NotificationProperties<'a>,
}

#[derive(Debug, Serialize)]
struct NotificationProperties<'a> {
    kind: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Debug, Serialize)]
struct ResultProperties<'a> {
    cite: &'a str,
}

#[derive(Debug, Serialize)]
struct Message {
    text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// A text region: 1-based lines and code-point columns, `end_column` one past
/// the last character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    /// In a PDF, where the region starts on the page (lines are lines of
    /// the extracted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RegionProperties>,
}

/// The page and the line of that page a region starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionProperties {
    page: usize,
    page_line: usize,
}

fn build(report: &Report) -> SarifLog<'_> {
    // The rule table holds only rules that have results, sorted by id, so a
    // result's `ruleIndex` is its rule's position in that order.
    let used: BTreeSet<&str> = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .map(|d| d.rule.as_str())
        .collect();
    let index: HashMap<&str, usize> = used.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let rules = used.iter().map(|id| descriptor(report, id)).collect();

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            notifications.push(Notification {
                level: "error",
                message: Message {
                    text: format!("{}: {}", file.path, err.message),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: artifact_uri(&file.path),
                        },
                        region: None,
                    },
                    message: None,
                }],
                properties: NotificationProperties { kind: err.kind },
            });
        }
        let fingerprints = fingerprints(file);
        for (d, fp) in file.diagnostics.iter().zip(fingerprints) {
            results.push(result(report, file, d, index[d.rule.as_str()], fp));
        }
    }

    SarifLog {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: TOOL_VERSION,
                    semantic_version: TOOL_VERSION,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn result<'a>(
    report: &'a Report,
    file: &'a FileReport,
    d: &'a Diagnostic,
    rule_index: usize,
    fingerprint: String,
) -> SarifResult<'a> {
    let source = file.source.as_deref();
    let uri = artifact_uri(&file.path);
    let primary = Location {
        id: None,
        physical_location: physical(&uri, source, d.primary.span),
        message: label_message(&d.primary),
    };
    // Secondary labels first, then places in other files (the facts file),
    // numbered from 1 in that order.
    let in_notice = d
        .secondary
        .iter()
        .map(|l| (physical(&uri, source, l.span), l.message.as_str()));
    let elsewhere = d.external.iter().map(|l| {
        (
            physical(&artifact_uri(&l.path), Some(&l.source), l.span),
            l.message.as_str(),
        )
    });
    let related = in_notice
        .chain(elsewhere)
        .enumerate()
        .map(|(i, (physical_location, message))| Location {
            id: Some(i + 1),
            physical_location,
            message: Some(Message {
                text: if message.is_empty() {
                    "related place".to_string()
                } else {
                    message.to_string()
                },
            }),
        })
        .collect();
    SarifResult {
        rule_id: &d.rule,
        rule_index,
        level: level(d.severity),
        message: Message {
            text: result_text(report, d),
        },
        locations: vec![primary],
        related_locations: related,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        properties: effective_cite(report, d).map(|cite| ResultProperties { cite }),
    }
}

/// The result message: the finding's one line first (GitHub shows only the
/// first sentence where space is short), then its notes and its help when
/// that differs from the rule's (which the rule table already carries).
fn result_text(report: &Report, d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    let rule_help = report.rules.get(&d.rule).map(|r| r.help.trim());
    if let Some(help) = d.help.as_deref().filter(|h| Some(h.trim()) != rule_help) {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

fn label_message(label: &Label) -> Option<Message> {
    (!label.message.is_empty()).then(|| Message {
        text: label.message.clone(),
    })
}

fn physical(uri: &str, source: Option<&SourceFile>, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri.to_string(),
        },
        region: Some(region(source, span)),
    }
}

/// The region of `span`. An empty span (missing content) becomes an empty
/// region at its place, with `endColumn == startColumn`.
fn region(source: Option<&SourceFile>, span: Span) -> Region {
    let start = position(source, span.start);
    let end = position(source, display_end(source, span).max(span.start));
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line.max(start.line),
        end_column: if end.line > start.line {
            end.column
        } else {
            end.column.max(start.column)
        },
        properties: start
            .page
            .zip(start.page_line)
            .map(|(page, page_line)| RegionProperties { page, page_line }),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

/// Descriptions of breachlint's own findings, which no rule set defines:
/// (id, short description, full description).
const BUILTIN: &[(&str, &str, &str)] = &[
    (
        builtin::ENCODING,
        "the notice is not valid UTF-8",
        "The file was decoded with invalid bytes replaced, so positions after the first invalid byte may be off and some text may be lost.",
    ),
    (
        builtin::UNUSED_SUPPRESSION,
        "a suppression comment suppresses nothing",
        "A comment that disables a rule no longer matches any finding; it hides nothing and may hide a future problem.",
    ),
    (
        builtin::UNKNOWN_SUPPRESSION,
        "a suppression comment names an unknown rule",
        "A comment disables a rule id that no loaded rule set defines, usually a typo or a rule from a set that is not enabled.",
    ),
    (
        builtin::UNCHECKED,
        "rules that need incident facts were not checked",
        "Some rules apply only under conditions on the incident (number affected, residents per state, data types). Without an incident facts file they could not be decided, so they were not checked; an unchecked requirement is not a met one.",
    ),
    (
        builtin::CONFLICT,
        "two applicable laws require and forbid the same content",
        "One law that applies to the notice forbids content that another requires (Massachusetts forbids the number of residents affected, which Rhode Island requires). One letter cannot meet both; send a variant of the letter to the residents of one state and check it with `variant-for` in its facts.",
    ),
    (
        builtin::FORMAT,
        "part of the file could not be read",
        "The reader for the notice's format (HTML, Word) left part of the file out: it was past a safety limit, hidden, or in a form breachlint cannot read. Findings cover only the text that was read.",
    ),
];

fn descriptor<'a>(report: &'a Report, id: &'a str) -> ReportingDescriptor<'a> {
    if let Some(rule) = report.rules.get(id) {
        let short = truncate_chars(&rule.title, MAX_DESCRIPTION_CHARS);
        let full = if rule.why.trim().is_empty() {
            short.clone()
        } else {
            truncate_chars(rule.why.trim(), MAX_DESCRIPTION_CHARS)
        };
        let unverified = if rule.verified {
            ""
        } else {
            "\n\nThis rule's reading of the law has not been checked against the statute text; confirm it with counsel."
        };
        let cite = rule.cite.trim();
        let (cite_text, cite_md) = if cite.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("\n\nLegal source: {cite}"),
                format!("\n\n**Legal source:** {cite}"),
            )
        };
        let mut tags = vec!["compliance".to_string()];
        if !rule.ruleset.is_empty() {
            tags.push(rule.ruleset.clone());
        }
        if !rule.verified {
            tags.push("unverified".to_string());
        }
        return ReportingDescriptor {
            id,
            name: pascal_case(id),
            short_description: Text { text: short },
            full_description: Text { text: full },
            help: Help {
                text: format!(
                    "{}\n\n{}{cite_text}{unverified}",
                    rule.why.trim(),
                    rule.help.trim()
                )
                .trim()
                .to_string(),
                markdown: format!(
                    "{}\n\n{}{cite_md}{unverified}",
                    rule.why.trim(),
                    rule.help.trim()
                )
                .trim()
                .to_string(),
            },
            default_configuration: Configuration {
                level: level(rule.severity),
            },
            properties: RuleProperties {
                tags,
                problem_severity: problem_severity(rule.severity),
                cite: Some(cite).filter(|c| !c.is_empty()),
                verified: Some(rule.verified),
            },
        };
    }

    // No metadata: one of breachlint's own checks. Describe it from the
    // table above, or failing that from its first finding, which is
    // deterministic because findings come in report order.
    let first = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .find(|d| d.rule == id);
    let severity = first.map_or(Severity::Warning, |d| d.severity);
    let (short, full) = match BUILTIN.iter().find(|(bid, _, _)| *bid == id) {
        Some((_, short, full)) => (short.to_string(), full.to_string()),
        None => {
            let m = first.map_or_else(|| id.to_string(), |d| d.message.clone());
            (m.clone(), m)
        }
    };
    let help = first
        .and_then(|d| d.help.clone())
        .unwrap_or_else(|| full.clone());
    ReportingDescriptor {
        id,
        name: pascal_case(id),
        short_description: Text {
            text: truncate_chars(&short, MAX_DESCRIPTION_CHARS),
        },
        full_description: Text {
            text: truncate_chars(&full, MAX_DESCRIPTION_CHARS),
        },
        help: Help {
            text: help.clone(),
            markdown: help,
        },
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            tags: vec!["breachlint".to_string()],
            problem_severity: problem_severity(severity),
            cite: None,
            verified: None,
        },
    }
}

/// `california/heading-order` → `CaliforniaHeadingOrder`: SARIF asks for a
/// rule name readable by people and distinct in form from the id.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// Shortens `s` to at most `max` characters, cutting at a word boundary when
/// one is reasonably close and marking the cut with an ellipsis.
fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max || max == 0 {
        return s.to_string();
    }
    // Leave room for the ellipsis.
    let cut = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
    let head = &s[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(ws) if ws >= cut / 2 => &head[..ws],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// Turns a display path into a SARIF artifact URI.
///
/// Relative paths stay relative (code scanning resolves them against the
/// checkout); absolute ones become `file://` URIs. Every byte outside the
/// RFC 3986 unreserved set and `/` is percent-encoded, so spaces, `#`, `?`,
/// `%`, `:` and non-ASCII names round-trip.
pub fn artifact_uri(path: &str) -> String {
    let mut p = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    let bytes = p.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        // `C:/x` → `file:///C:/x`; the drive colon stays literal.
        format!("file:///{}:{}", &p[..1], percent_encode(&p[2..]))
    } else if p.starts_with('/') {
        format!("file://{}", percent_encode(&p))
    } else {
        percent_encode(&p)
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fingerprints of every finding of `file`, in order.
///
/// A fingerprint hashes the rule id, the text under the primary span with
/// whitespace runs collapsed, and the occurrence index among findings of this
/// file with the same rule and text. No line number or offset goes in, so a
/// finding keeps its fingerprint when text above it is added or removed.
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    let source = file.source.as_deref();
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let text = source.map_or_else(String::new, |s| {
                super::one_line(s.slice(d.primary.span)).into_owned()
            });
            let n = seen.entry((d.rule.as_str(), text.clone())).or_insert(0);
            let occurrence = *n;
            *n += 1;
            fingerprint(&d.rule, &text, occurrence)
        })
        .collect()
}

/// The fingerprint of the `occurrence`-th finding of `rule` over `text`
/// (already whitespace-collapsed), as 16 lower-case hex digits.
pub fn fingerprint(rule: &str, text: &str, occurrence: usize) -> String {
    let mut h = Fnv1a::new();
    h.write(rule.as_bytes());
    h.write(&[0]);
    h.write(text.as_bytes());
    h.write(&[0]);
    h.write(occurrence.to_string().as_bytes());
    format!("{:016x}", h.finish())
}

/// 64-bit FNV-1a. Written out here because the standard library's hashers
/// do not promise the same output across Rust releases, and fingerprints
/// must not change when breachlint is rebuilt.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::json::fixtures;
    use serde_json::Value;

    fn sarif(report: &Report) -> Value {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).expect("rendering succeeds");
        serde_json::from_slice(&out).expect("output is JSON")
    }

    #[test]
    fn fnv1a_known_values() {
        // Published FNV-1a 64 test vectors.
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn log_header_and_driver() {
        let v = sarif(&fixtures::report());
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["$schema"], SCHEMA_URI);
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "breachlint");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(driver.get("informationUri").is_none());
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "breachlint/encoding",
                "hipaa/contact",
                "hipaa/date",
                "hipaa/placeholder"
            ]
        );
        // Every result's index points at its own rule.
        for r in run["results"].as_array().into_iter().flatten() {
            let i = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(driver["rules"][i]["id"], r["ruleId"]);
        }
    }

    #[test]
    fn rule_descriptors() {
        let v = sarif(&fixtures::report());
        let rules = &v["runs"][0]["tool"]["driver"]["rules"];
        let contact = &rules[1];
        assert_eq!(contact["name"], "HipaaContact");
        assert_eq!(
            contact["shortDescription"]["text"],
            "message of hipaa/contact"
        );
        assert_eq!(
            contact["fullDescription"]["text"],
            "why hipaa/contact exists"
        );
        let help = contact["help"]["text"].as_str().unwrap_or_default();
        assert!(help.contains("how to fix hipaa/contact"));
        assert!(help.contains("45 CFR 164.404(c)"));
        assert!(help.contains("not been checked"));
        let md = contact["help"]["markdown"].as_str().unwrap_or_default();
        assert!(md.contains("**Legal source:** 45 CFR 164.404(c)"));
        assert_eq!(contact["defaultConfiguration"]["level"], "warning");
        assert_eq!(contact["properties"]["problem.severity"], "warning");
        assert_eq!(
            contact["properties"]["tags"],
            serde_json::json!(["compliance", "hipaa", "unverified"])
        );
        let builtin = &rules[0];
        assert_eq!(
            builtin["shortDescription"]["text"],
            "the notice is not valid UTF-8"
        );
        assert_eq!(builtin["defaultConfiguration"]["level"], "note");
        assert_eq!(builtin["properties"]["problem.severity"], "recommendation");
    }

    #[test]
    fn results_and_regions() {
        let v = sarif(&fixtures::report());
        let results = &v["runs"][0]["results"];
        let placeholder = &results[0];
        assert_eq!(placeholder["level"], "error");
        let loc = &placeholder["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "a%20notice.md");
        // "On [DATE] we" on line 5: the placeholder covers columns 4..10.
        assert_eq!(
            loc["region"],
            serde_json::json!({"startLine": 5, "startColumn": 4, "endLine": 5, "endColumn": 10})
        );
        let related = &placeholder["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(related["message"]["text"], "salutation here");
        assert_eq!(related["physicalLocation"]["region"]["startLine"], 3);
        assert!(
            placeholder["message"]["text"]
                .as_str()
                .unwrap_or_default()
                .contains("\nnote: placeholders are bracketed capitals")
        );
        assert_eq!(placeholder["properties"]["cite"], "45 CFR 164.404(c)");
        // Help of its own is shown; help equal to the rule's is not repeated.
        let date_text = results[3]["message"]["text"].as_str().unwrap_or_default();
        assert!(date_text.ends_with("\nhelp: write the date the breach happened"));
        let mut same = fixtures::report();
        same.files[1].diagnostics[1].help = Some("how to fix hipaa/date".into());
        let v = sarif(&same);
        assert_eq!(
            v["runs"][0]["results"][3]["message"]["text"],
            "`2024-02-30` is not a calendar date"
        );

        // Empty span at the very end of the file (after the last newline).
        let missing = &results[1]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(missing["startLine"], 7);
        assert_eq!(missing["startColumn"], 1);
        assert_eq!(missing["endColumn"], 1);

        // Non-ASCII columns are code points: "Café Zoë" ends before column 9.
        let title = &results[2]["locations"][0]["physicalLocation"];
        assert_eq!(title["artifactLocation"]["uri"], "dir/b.txt");
        assert_eq!(title["region"]["endColumn"], 9);
        assert_eq!(results[2]["level"], "note");

        // A place in the facts file is a related location in that file.
        let facts = &results[3]["relatedLocations"][0];
        assert_eq!(facts["id"], 1);
        assert_eq!(facts["message"]["text"], "discovery date");
        assert_eq!(
            facts["physicalLocation"]["artifactLocation"]["uri"],
            "incident.toml"
        );
        assert_eq!(
            facts["physicalLocation"]["region"],
            serde_json::json!({"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 24})
        );
    }

    #[test]
    fn file_errors_become_notifications() {
        let v = sarif(&fixtures::report());
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let n = &inv["toolExecutionNotifications"][0];
        assert_eq!(n["level"], "error");
        assert_eq!(n["message"]["text"], "gone.md: permission denied");
        assert_eq!(
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "gone.md"
        );
        let clean = sarif(&Report::default());
        assert_eq!(
            clean["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        assert_eq!(clean["runs"][0]["results"], serde_json::json!([]));
        assert_eq!(
            clean["runs"][0]["tool"]["driver"]["rules"],
            serde_json::json!([])
        );
    }

    #[test]
    fn uris() {
        assert_eq!(artifact_uri("notices/a.md"), "notices/a.md");
        assert_eq!(artifact_uri("./notices/a b,c.md"), "notices/a%20b%2Cc.md");
        assert_eq!(artifact_uri("x#1?%.md"), "x%231%3F%25.md");
        assert_eq!(artifact_uri("Zoë.md"), "Zo%C3%AB.md");
        assert_eq!(artifact_uri("a:b.md"), "a%3Ab.md");
        assert_eq!(artifact_uri("/srv/n 1.md"), "file:///srv/n%201.md");
        assert_eq!(artifact_uri("C:/n/a.md"), "file:///C:/n/a.md");
        assert_eq!(artifact_uri("../up/a.md"), "../up/a.md");
    }

    #[test]
    fn fingerprints_ignore_position_but_count_repeats() {
        use crate::diagnostic::Label;
        use std::sync::Arc;
        let make = |text: &str| {
            let src = Arc::new(SourceFile::new("n.md", text));
            let diagnostics = text
                .match_indices("[NAME]")
                .map(|(i, m)| {
                    Diagnostic::new(
                        "x/placeholder",
                        Severity::Error,
                        "placeholder",
                        Label::new(Span::new(i, i + m.len()), ""),
                    )
                })
                .collect();
            FileReport {
                path: "n.md".into(),
                source: Some(src),
                diagnostics,
                error: None,
            }
        };
        let before = fingerprints(&make("Dear [NAME],\nfrom [NAME]\n"));
        let after = fingerprints(&make("New line\n\nDear  [NAME],\nfrom [NAME]\n"));
        assert_eq!(before, after);
        assert_eq!(before.len(), 2);
        assert_ne!(before[0], before[1]);
        assert_eq!(before[0].len(), 16);
        // Whitespace inside the span is collapsed.
        let spread = FileReport {
            path: "n.md".into(),
            source: Some(Arc::new(SourceFile::new("n.md", "x a \n  b y"))),
            diagnostics: vec![Diagnostic::new(
                "r",
                Severity::Info,
                "m",
                Label::new(Span::new(2, 8), ""),
            )],
            error: None,
        };
        assert_eq!(fingerprints(&spread), [fingerprint("r", "a b", 0)]);
        assert_ne!(fingerprint("r", "a", 0), fingerprint("s", "a", 0));
    }

    #[test]
    fn truncation_is_clean() {
        let long = "word ".repeat(400);
        let t = truncate_chars(&long, MAX_DESCRIPTION_CHARS);
        assert!(t.chars().count() <= MAX_DESCRIPTION_CHARS);
        assert!(t.ends_with("word…"));
        let one = "é".repeat(2000);
        let t = truncate_chars(&one, 10);
        assert_eq!(t.chars().count(), 10);
        assert_eq!(truncate_chars("short", 10), "short");
    }

    #[test]
    fn regions_in_a_pdf_name_the_page() {
        let src = SourceFile::new("n.pdf", "a\nb\nc\n").with_pages(vec![0, 4]);
        let r = region(Some(&src), Span::new(4, 5));
        assert_eq!(r.start_line, 3);
        assert_eq!(
            r.properties,
            Some(RegionProperties {
                page: 2,
                page_line: 1
            })
        );
    }

    #[test]
    fn multi_line_and_trailing_newline_regions() {
        let src = SourceFile::new("n.md", "ab\ncd\nef\n");
        // Whole second line with its newline: ends on that line.
        assert_eq!(
            region(Some(&src), Span::new(3, 6)),
            Region {
                start_line: 2,
                start_column: 1,
                end_line: 2,
                end_column: 3,
                properties: None,
            }
        );
        assert_eq!(
            region(Some(&src), Span::new(1, 7)),
            Region {
                start_line: 1,
                start_column: 2,
                end_line: 3,
                end_column: 2,
                properties: None,
            }
        );
        assert_eq!(
            region(None, Span::new(5, 9)),
            Region {
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
                properties: None,
            }
        );
    }

    #[test]
    fn pascal_names() {
        assert_eq!(
            pascal_case("california/heading-order"),
            "CaliforniaHeadingOrder"
        );
        assert_eq!(pascal_case("breachlint/encoding"), "BreachlintEncoding");
    }
}
