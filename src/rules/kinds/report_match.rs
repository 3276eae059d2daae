//! `report-match`: a field (`location` or `type`) of the report filed with
//! `report` must fit what the letter says happened. Each `[[rule.map]]`
//! gives narrative `cues`, the report values that fit (`expect`) and what
//! the narrative is (`describes`); the first narrative found in the letter
//! decides.
//!
//! Example: a paper mailing reported to HHS as "Other Portable Electronic Device".

use crate::pattern::LazyRegex;

use super::shared::unknown;
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::facts::{HhsBreachType, HhsLocation, ReportKind};
use crate::span::Span;

/// Keys a `report-match` rule takes.
pub const KEYS: &[&str] = &["report", "field", "map"];

/// One `[[rule.map]]` entry of a `report-match` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrativeRule {
    /// Regexes that recognise the narrative.
    pub cues: Vec<String>,
    /// Report values consistent with it.
    pub expect: Vec<String>,
    /// What the narrative is, for messages.
    pub describes: String,
}

/// A validated `report-match` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The report's recipient (`hhs`).
    pub report: String,
    /// The field compared (`location`, `type`).
    pub field: String,
    /// Narrative cues → expected values.
    pub map: Vec<NarrativeRule>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let report = cx.def.report.as_ref().ok_or_else(|| {
        cx.err(
            cx.id_span(),
            "a `report-match` rule needs `report`".into(),
        )
    })?;
    let field = cx.def.field.as_ref().ok_or_else(|| {
        cx.err(
            cx.id_span(),
            "a `report-match` rule needs `field`".into(),
        )
    })?;
    if !matches!(field.get_ref().as_str(), "location" | "type") {
        return Err(cx.err(
            field.span().into(),
            format!("unknown report field `{}`", field.get_ref()),
        )
        .with_help("fields: location, type"));
    }
    if cx.def.map.is_empty() {
        return Err(cx.err(
            cx.id_span(),
            "a `report-match` rule needs at least one [[rule.map]]".into(),
        ));
    }
    let recipient = cx.vocab::<ReportKind>(report.span().into(), report.get_ref())?;
    let mut map = Vec::new();
    for m in &cx.def.map {
        // The HHS portal's categories are a closed list: a value outside it
        // could never match a filed report.
        if recipient == ReportKind::Hhs {
            for e in &m.expect {
                match field.get_ref().as_str() {
                    "location" => cx.vocab::<HhsLocation>(e.span().into(), e.get_ref()).map(drop)?,
                    _ => cx.vocab::<HhsBreachType>(e.span().into(), e.get_ref()).map(drop)?,
                }
            }
        }
        map.push(NarrativeRule {
            cues: cx.patterns(&m.cues, false),
            expect: m.expect.iter().map(|e| e.get_ref().clone()).collect(),
            describes: m.describes.clone(),
        });
    }
    Ok(Spec {
        report: report.get_ref().clone(),
        field: field.get_ref().clone(),
        map,
    })
}

pub(super) fn describe(s: &Spec) -> String {
    let mut out = format!(
        "The `{}` of the report filed with `{}` must fit what the letter says happened:",
        s.field, s.report
    );
    for m in &s.map {
        out.push_str(&format!(
            "\n  {} ({}) → {}",
            m.describes,
            m.cues
                .iter()
                .map(|c| format!("/{c}/"))
                .collect::<Vec<_>>()
                .join(" "),
            m.expect.join(" | ")
        ));
    }
    out
}

/// The narrative cues compiled: (cues, expected values, description).
#[derive(Debug)]
pub(crate) struct Compiled {
    report: String,
    field: String,
    map: Vec<(Vec<LazyRegex>, Vec<String>, String)>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    let mut map = Vec::new();
    for m in &s.map {
        let cues = m.cues.iter().map(|c| cx.regex(c)).collect();
        map.push((cues, m.expect.clone(), m.describes.clone()));
    }
    Ok(Compiled {
        report: s.report.clone(),
        field: s.field.clone(),
        map,
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let (cx, incident) = (ev.cx, ev.incident);
    let (report, field, map) = (c.report.as_str(), c.field.as_str(), &c.map);
    let plain = &cx.doc.plain;
    let mut reports = incident
        .reports
        .iter()
        .filter(|r| r.kind().as_str() == report)
        .peekable();
    // Without such a report there is nothing to compare the letter with,
    // and most letters are checked without one: the cues are not searched.
    if reports.peek().is_none() {
        return;
    }
    // The first narrative whose cues occur in the letter.
    let Some((cue, expect, describes)) = map.iter().find_map(|(cues, expect, describes)| {
        cues.iter()
            .find_map(|c| c.get().find(plain))
            .map(|m| (Span::new(m.start(), m.end()), expect, describes))
    }) else {
        return;
    };
    for r in reports {
        let (values, span): (Vec<String>, Option<Span>) = match field {
            "location" => (
                r.hhs_locations().map(|l| l.as_str().to_string()).collect(),
                r.locations_span(),
            ),
            _ => (
                r.hhs_type().map(|t| t.as_str().to_string()).into_iter().collect(),
                r.hhs_type.map(|t| t.span),
            ),
        };
        if values.is_empty() {
            let d = unknown(ev, format!("{} gives no `{field}`", r.describe()));
            ev.push(d);
            continue;
        }
        let fits = values
            .iter()
            .any(|v| expect.iter().any(|e| e.eq_ignore_ascii_case(v)));
        if fits {
            continue;
        }
        let given = values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = ev.finding(
            format!(
                "{} gives {field} {given}, but the letter describes {describes}",
                r.describe()
            ),
            Label::new(
                cx.doc.to_source(cue),
                format!("the letter describes {describes}"),
            ),
        )
        .with_note(format!(
            "for {describes} the report's {field} would be {}",
            expect
                .iter()
                .map(|e| format!("\"{e}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
        if let (Some(file), Some(span)) = (&incident.facts_file, span) {
            d = d.with_external(file, span, format!("{field} in the report"));
        }
        ev.push(d);
    }
}

