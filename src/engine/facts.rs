//! Rules over the incident: deadlines, counts, dates and filed reports. They
//! read the [`Incident`] (facts file merged with the letter) rather than
//! patterns, and say so when a fact they need is unknown.

use jiff::civil::Date;

use super::context::Context;
use super::{Compiled, Engine, finding};
use crate::calendar::{self, HolidayCalendar};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::incident::{FiledReport, Incident, LetterCount, Origin, Sourced};
use crate::rules::model::DeadlineUnit;
use crate::rules::{Check, DeadlineSpec, Event, Rule};
use crate::span::Span;

/// The result of computing one deadline, shared by the `deadline` rule kind
/// and the `breachlint deadlines` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineStatus {
    /// The clock's start date and where it came from.
    pub from: Option<Sourced<Date>>,
    /// The date the obligation was (or is planned to be) met, if any.
    pub done: Option<Sourced<Date>>,
    /// The last day that is on time.
    pub deadline: Option<Date>,
    /// Extra facts used (law-enforcement delay).
    pub notes: Vec<String>,
}

fn event_date(incident: &Incident, e: &Event) -> Option<Sourced<Date>> {
    match e {
        Event::Discovery => incident.discovery.clone(),
        Event::Breach => incident
            .breach_end
            .clone()
            .or_else(|| incident.breach_start.clone()),
        Event::BreachStart => incident.breach_start.clone(),
        Event::LawEnforcementDelayEnd => incident
            .law_enforcement
            .and_then(|(_, until)| until)
            .map(|d| Sourced::new(d, Origin::Facts(None))),
        Event::EndOfYear => incident.discovery.as_ref().and_then(|d| {
            Date::new(d.value.year(), 12, 31)
                .ok()
                .map(|e| Sourced::new(e, d.origin.clone()))
        }),
        Event::Notice => incident.notice.clone(),
        Event::Report { to, state } => incident
            .reports_to(to, state.as_deref())
            .filter_map(|r| {
                r.submitted
                    .map(|d| Sourced::new(d, Origin::Facts(r.submitted_span)))
            })
            .min_by_key(|s| s.value),
    }
}

/// The named holiday calendar; rule loading accepts only names it knows.
fn holiday_calendar(name: &str) -> HolidayCalendar {
    name.parse().unwrap_or(HolidayCalendar::UsFederal)
}

/// Adds `n` units to `d` per the deadline's unit.
pub fn add_units(d: Date, n: i64, unit: DeadlineUnit, holidays: &str) -> Date {
    match unit {
        DeadlineUnit::CalendarDays => calendar::add_calendar_days(d, n),
        DeadlineUnit::Hours => calendar::add_calendar_days(d, n.div_euclid(24)),
        DeadlineUnit::BusinessDays => {
            let cal = holiday_calendar(holidays);
            calendar::add_business_days(d, n, &cal)
        }
    }
}

/// Elapsed units from `a` to `b`.
pub fn units_between(a: Date, b: Date, unit: DeadlineUnit, holidays: &str) -> i64 {
    match unit {
        DeadlineUnit::CalendarDays => calendar::calendar_days_between(a, b),
        DeadlineUnit::Hours => calendar::calendar_days_between(a, b) * 24,
        DeadlineUnit::BusinessDays => {
            let cal = holiday_calendar(holidays);
            calendar::business_days_between(a, b, &cal)
        }
    }
}

/// Computes a deadline for `spec` over `incident`.
pub fn deadline_status(spec: &DeadlineSpec, incident: &Incident) -> DeadlineStatus {
    let from = event_date(incident, &spec.from);
    let done = event_date(incident, &spec.to);
    let mut notes = Vec::new();
    let deadline = from.as_ref().and_then(|f| {
        let mut d = add_units(f.value, spec.limit?, spec.unit, &spec.holidays);
        if spec.law_enforcement_extends {
            if let Some((requested, Some(until))) = incident.law_enforcement {
                if until > d {
                    notes.push(format!(
                        "a law-enforcement delay{} runs until {until}, which moves the deadline from {d} to {until}",
                        requested.map(|r| format!(" requested on {r}")).unwrap_or_default()
                    ));
                    d = until;
                }
            }
        }
        Some(d)
    });
    DeadlineStatus {
        from,
        done,
        deadline,
        notes,
    }
}

pub(super) fn rule(
    engine: &Engine,
    cx: &Context<'_>,
    incident: &Incident,
    index: usize,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
    unchecked: &mut Vec<(String, String)>,
) {
    let r = &engine.rules[index];
    match (&r.check, &r.rule.check) {
        // Without a facts file nothing says which reports were filed; that is
        // not the same as "none was filed", so the rule is listed as unchecked.
        (Compiled::Facts, Check::Deadline(spec))
            if matches!(spec.to, Event::Report { .. }) && !incident.has_facts =>
        {
            unchecked.push((
                r.rule.info.id.clone(),
                "the reports already filed (`[[report]]`)".into(),
            ));
        }
        (Compiled::Facts, Check::Deadline(spec)) => {
            deadline(cx, incident, &r.rule, spec, severity, out)
        }
        (Compiled::Facts, Check::Count { tolerance }) => {
            count(cx, incident, &r.rule, *tolerance, severity, out)
        }
        (Compiled::Facts, Check::DateMatch { roles }) => {
            date_match(cx, incident, &r.rule, roles, severity, out)
        }
        (Compiled::ReportMatch { report, field, map }, _) => {
            report_match(cx, incident, &r.rule, report, field, map, severity, out)
        }
        _ => {}
    }
}

/// Where a finding about the whole notice is anchored: the notice date if the
/// letter states one, else the start of the text.
fn top(cx: &Context<'_>, incident: &Incident) -> Span {
    match incident.notice.as_ref().map(|n| &n.origin) {
        Some(Origin::Letter(s)) => *s,
        _ => Span::point(cx.doc.content_start()),
    }
}

fn facts_name(incident: &Incident) -> String {
    incident
        .facts_file
        .as_ref()
        .map(|f| f.name())
        .unwrap_or_else(|| "incident.toml".into())
}

fn unknown(rule: &Rule, cx: &Context<'_>, incident: &Incident, what: String) -> Diagnostic {
    // A warning, since an unchecked requirement is not a met one; an
    // informational rule stays informational.
    let severity = rule.info.severity.min(Severity::Warning);
    finding(
        rule,
        severity,
        format!("cannot check {}: {what}", rule_subject(rule)),
        Label::new(top(cx, incident), "not checked"),
    )
    .with_note("an unchecked requirement is not a met one")
}

fn rule_subject(rule: &Rule) -> String {
    match &rule.check {
        Check::Deadline(d) => format!("the deadline for {}", lowercase_first(&d.obligation)),
        _ => format!("`{}`", rule.info.id),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn attach_origin(
    mut d: Diagnostic,
    incident: &Incident,
    what: &str,
    value: &Sourced<Date>,
) -> Diagnostic {
    let name = facts_name(incident);
    match (&value.origin, &incident.facts_file) {
        (Origin::Letter(span), _) => {
            d = d.with_secondary(Label::new(*span, format!("{what} date {}", value.value)));
        }
        (Origin::Facts(Some(span)), Some(file)) => {
            d = d.with_external(file, *span, format!("{what} date"));
        }
        _ => {}
    }
    d.with_note(format!(
        "{what} date {} {}",
        value.value,
        value.origin.describe(&name)
    ))
}

/// Fills a deadline rule's message template. Without a deadline (the law
/// sets no number of days) `{limit}`, `{unit}` and `{deadline}` say so.
fn fill_message(
    rule: &Rule,
    spec: &DeadlineSpec,
    from: Date,
    done: Date,
    elapsed: i64,
    deadline: Option<Date>,
) -> String {
    let unit = match spec.unit {
        DeadlineUnit::CalendarDays => "days",
        DeadlineUnit::BusinessDays => "business days",
        DeadlineUnit::Hours => "hours",
    };
    let (limit, unit, deadline) = match (spec.limit, deadline) {
        (Some(l), Some(d)) => (l.to_string(), unit, d.to_string()),
        _ => ("no fixed number of".to_string(), "days", "none".to_string()),
    };
    rule.info
        .message
        .replace("{from}", &spec.from.describe())
        .replace("{from-date}", &from.to_string())
        .replace("{to}", &spec.to.describe())
        .replace("{to-date}", &done.to_string())
        .replace("{elapsed}", &elapsed.to_string())
        .replace("{limit}", &limit)
        .replace("{unit}", unit)
        .replace("{deadline}", &deadline)
        .replace("{cite}", &rule.info.cite)
}

fn deadline(
    cx: &Context<'_>,
    incident: &Incident,
    rule: &Rule,
    spec: &DeadlineSpec,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let status = deadline_status(spec, incident);
    let name = facts_name(incident);
    let Some(from) = &status.from else {
        out.push(unknown(
            rule,
            cx,
            incident,
            format!("no {} date in the letter or {name}", spec.from.needs()),
        ));
        return;
    };
    let Some(deadline) = status.deadline else {
        // The law sets no number of days: report the elapsed time so a
        // reviewer can judge "without unreasonable delay".
        if let Some(done) = &status.done {
            let elapsed = units_between(from.value, done.value, spec.unit, &spec.holidays);
            let message = fill_message(rule, spec, from.value, done.value, elapsed, None);
            let d = finding(
                rule,
                severity,
                message,
                Label::new(top(cx, incident), "no fixed deadline applies"),
            );
            let d = attach_origin(d, incident, &spec.from.describe(), from);
            out.push(attach_origin(d, incident, &spec.to.describe(), done));
        }
        return;
    };
    let today = incident.today.unwrap_or(from.value);
    match &status.done {
        None => {
            // Nothing recorded yet: late if the deadline has passed, otherwise only due.
            if today > deadline {
                let overdue = calendar::calendar_days_between(deadline, today);
                let mut d = finding(
                    rule,
                    severity,
                    format!(
                        "{}: nothing recorded in {name}, and it was due on {deadline} ({overdue} days ago)",
                        spec.obligation
                    ),
                    Label::new(
                        top(cx, incident),
                        format!("{} is overdue", lowercase_first(&spec.obligation)),
                    ),
                );
                d = attach_origin(d, incident, &spec.from.describe(), from);
                for n in &status.notes {
                    d = d.with_note(n.clone());
                }
                out.push(d);
            }
        }
        Some(done) => {
            let elapsed = units_between(from.value, done.value, spec.unit, &spec.holidays);
            if done.value > deadline {
                // When no source gives the notice date, today is assumed: the
                // finding is then what would happen if the notice went out now,
                // which is a warning rather than an established fact.
                let assumed = done.origin == Origin::Today;
                let severity = if assumed {
                    severity.min(Severity::Warning)
                } else {
                    severity
                };
                let mut message =
                    fill_message(rule, spec, from.value, done.value, elapsed, Some(deadline));
                if assumed {
                    message.push_str(" if it goes out today");
                }
                let mut d = finding(
                    rule,
                    severity,
                    message,
                    Label::new(
                        match &done.origin {
                            Origin::Letter(s) => *s,
                            _ => top(cx, incident),
                        },
                        {
                            let late = calendar::calendar_days_between(deadline, done.value);
                            let what = match &done.origin {
                                Origin::Letter(_) => "this date is",
                                _ if spec.to == Event::Notice => "this notice goes out",
                                _ => "it was done",
                            };
                            format!(
                                "{what} {late} day{} after the deadline",
                                if late == 1 { "" } else { "s" }
                            )
                        },
                    ),
                );
                d = attach_origin(d, incident, &spec.from.describe(), from);
                d = attach_origin(d, incident, &spec.to.describe(), done);
                for n in &status.notes {
                    d = d.with_note(n.clone());
                }
                out.push(d);
            } else if let Some(warn) = spec.warn_within {
                let left = calendar::calendar_days_between(done.value, deadline);
                if done.value >= today && left <= warn {
                    let d = finding(
                        rule,
                        Severity::Warning,
                        format!(
                            "{} is planned for {}, {left} day{} before the deadline of {deadline} ({})",
                            lowercase_first(&spec.obligation),
                            done.value,
                            if left == 1 { "" } else { "s" },
                            rule.info.cite
                        ),
                        Label::new(top(cx, incident), "close to the deadline"),
                    )
                    .with_note("the deadline is an outer limit; notice is due without unreasonable delay");
                    out.push(attach_origin(d, incident, &spec.from.describe(), from));
                }
            }
        }
    }
}

fn fmt_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn says(c: &LetterCount) -> String {
    match &c.qualifier {
        Some(q) => format!("{q} {} {}", fmt_count(c.value), c.noun),
        None => format!("{} {}", fmt_count(c.value), c.noun),
    }
}

/// Whether a letter's count agrees with an exact figure.
fn agrees(c: &LetterCount, actual: u64, tolerance: f64) -> bool {
    let a = c.value as f64;
    let b = actual as f64;
    if !c.approximate {
        return c.value == actual;
    }
    let q = c.qualifier.as_deref().unwrap_or("");
    if [
        "more than",
        "over",
        "at least",
        "in excess of",
        "upwards of",
    ]
    .iter()
    .any(|w| q.starts_with(w))
    {
        return b >= a && b <= a * (1.0 + tolerance);
    }
    if [
        "up to",
        "fewer than",
        "less than",
        "under",
        "no more than",
        "at most",
    ]
    .iter()
    .any(|w| q.starts_with(w))
    {
        return b <= a && b >= a * (1.0 - tolerance);
    }
    (a - b).abs() <= tolerance * a.max(b)
}

fn count(
    cx: &Context<'_>,
    incident: &Incident,
    rule: &Rule,
    tolerance: f64,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let name = facts_name(incident);
    let facts_total = incident
        .affected
        .as_ref()
        .filter(|a| matches!(a.origin, Origin::Facts(_)));
    let reports: Vec<&FiledReport> = incident
        .reports
        .iter()
        .filter(|r| r.affected.is_some())
        .collect();
    // Letters name subgroups too ("10 of them had card numbers exposed"), so
    // only the largest count is taken as the letter's figure for everyone.
    let largest = incident.letter_counts.iter().max_by_key(|c| c.value);
    for c in largest.into_iter() {
        let mut conflicts: Vec<String> = Vec::new();
        let mut d_labels: Vec<(Option<Span>, String)> = Vec::new();
        if let Some(t) = facts_total {
            if !agrees(c, t.value, tolerance) {
                conflicts.push(format!("{name} says {}", fmt_count(t.value)));
                if let Origin::Facts(span) = t.origin {
                    d_labels.push((span, format!("affected = {}", t.value)));
                }
            }
        }
        for r in &reports {
            let n = r.affected.unwrap_or(0);
            if !agrees(c, n, tolerance) {
                conflicts.push(format!("{} says {}", r.describe(), fmt_count(n)));
                d_labels.push((
                    r.affected_span,
                    format!("{} says {}", r.describe(), fmt_count(n)),
                ));
            }
        }
        if conflicts.is_empty() {
            continue;
        }
        let mut d = finding(
            rule,
            severity,
            format!(
                "the letter says {} were affected, but {}",
                says(c),
                conflicts.join(" and ")
            ),
            Label::new(c.span, "this count"),
        );
        if let Some(file) = &incident.facts_file {
            for (span, msg) in d_labels {
                if let Some(span) = span {
                    d = d.with_external(file, span, msg);
                }
            }
        }
        for other in incident.letter_counts.iter().filter(|o| o.span != c.span) {
            d = d.with_secondary(Label::new(
                other.span,
                format!("the letter also says {}", says(other)),
            ));
        }
        if c.approximate {
            d = d.with_note(format!(
                "approximate wording allows a difference of up to {:.0}%",
                tolerance * 100.0
            ));
        }
        out.push(d);
    }
    // The facts file against its own reports.
    if let (Some(t), Some(file)) = (facts_total, &incident.facts_file) {
        for r in &reports {
            let n = r.affected.unwrap_or(0);
            if n != t.value && incident.letter_counts.is_empty() {
                let mut d = finding(
                    rule,
                    severity,
                    format!(
                        "{name} gives {} affected, but {} says {}",
                        fmt_count(t.value),
                        r.describe(),
                        fmt_count(n)
                    ),
                    Label::new(top(cx, incident), "the notice's facts disagree"),
                );
                if let Origin::Facts(Some(s)) = t.origin {
                    d = d.with_external(file, s, "affected");
                }
                if let Some(s) = r.affected_span {
                    d = d.with_external(file, s, "the report's count");
                }
                out.push(d);
            }
        }
    }
}

fn date_match(
    cx: &Context<'_>,
    incident: &Incident,
    rule: &Rule,
    roles: &[String],
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let _ = cx;
    let name = facts_name(incident);
    for ld in &incident.letter_dates {
        let (role, facts_range): (&str, Option<(Date, Date, Origin)>) = match ld.role.as_str() {
            "discovery" => (
                "discovery",
                incident
                    .discovery
                    .as_ref()
                    .map(|d| (d.value, d.value, d.origin.clone())),
            ),
            "breach" | "breach-start" | "breach-end" => (
                "breach",
                match (&incident.breach_start, &incident.breach_end) {
                    (Some(s), Some(e)) => Some((s.value, e.value, s.origin.clone())),
                    (Some(s), None) => Some((s.value, s.value, s.origin.clone())),
                    (None, Some(e)) => Some((e.value, e.value, e.origin.clone())),
                    (None, None) => None,
                },
            ),
            _ => continue,
        };
        if !roles.iter().any(|r| r == role) {
            continue;
        }
        let Some((start, end, Origin::Facts(span))) = facts_range else {
            continue;
        };
        if ld.date >= start && ld.date <= end {
            continue;
        }
        let facts_text = if start == end {
            start.to_string()
        } else {
            format!("{start} to {end}")
        };
        let mut d = finding(
            rule,
            severity,
            format!(
                "the letter gives {} as the {role} date, but {name} says {facts_text}",
                ld.date
            ),
            Label::new(ld.span, format!("{role} date in the letter")),
        );
        if let (Some(file), Some(span)) = (&incident.facts_file, span) {
            d = d.with_external(file, span, format!("{role} date in the facts"));
        }
        out.push(d);
    }
}

#[allow(clippy::too_many_arguments)]
fn report_match(
    cx: &Context<'_>,
    incident: &Incident,
    rule: &Rule,
    report: &str,
    field: &str,
    map: &[(Vec<regex::Regex>, Vec<String>, String)],
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let plain = &cx.doc.plain;
    // The first narrative whose cues occur in the letter.
    let Some((cue, expect, describes)) = map.iter().find_map(|(cues, expect, describes)| {
        cues.iter()
            .find_map(|c| c.find(plain))
            .map(|m| (Span::new(m.start(), m.end()), expect, describes))
    }) else {
        return;
    };
    for r in incident.reports.iter().filter(|r| r.to == report) {
        let (values, span): (Vec<String>, Option<Span>) = match field {
            "location" => (r.location.clone(), r.location_span),
            _ => (r.kind.clone().into_iter().collect(), r.kind_span),
        };
        if values.is_empty() {
            out.push(unknown(
                rule,
                cx,
                incident,
                format!("{} gives no `{field}`", r.describe()),
            ));
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
        let mut d = finding(
            rule,
            severity,
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
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn spec(limit: i64, unit: DeadlineUnit) -> DeadlineSpec {
        DeadlineSpec {
            obligation: "Notice".into(),
            from: Event::Discovery,
            to: Event::Notice,
            limit: Some(limit),
            unit,
            holidays: "us-federal".into(),
            warn_within: None,
            law_enforcement_extends: true,
        }
    }

    fn incident(discovered: Date, notice: Date) -> Incident {
        Incident {
            discovery: Some(Sourced::new(discovered, Origin::Facts(None))),
            notice: Some(Sourced::new(notice, Origin::Facts(None))),
            ..Incident::default()
        }
    }

    #[test]
    fn day_sixty_is_on_time_and_day_sixty_one_is_late() {
        let st = deadline_status(
            &spec(60, DeadlineUnit::CalendarDays),
            &incident(date(2026, 3, 2), date(2026, 5, 1)),
        );
        assert_eq!(st.deadline, Some(date(2026, 5, 1)));
        assert!(st.done.unwrap().value <= st.deadline.unwrap());
        // Across a leap day.
        let st = deadline_status(
            &spec(60, DeadlineUnit::CalendarDays),
            &incident(date(2024, 1, 15), date(2024, 3, 16)),
        );
        assert_eq!(st.deadline, Some(date(2024, 3, 15)));
    }

    #[test]
    fn business_days_skip_thanksgiving_and_new_year() {
        // 15 business days from Wednesday 25 November 2026: Thanksgiving (26th)
        // and the weekends do not count.
        let st = deadline_status(
            &spec(15, DeadlineUnit::BusinessDays),
            &incident(date(2026, 11, 25), date(2026, 12, 1)),
        );
        assert_eq!(st.deadline, Some(date(2026, 12, 17)));
        // Across Christmas and New Year's Day 2027 (a Friday).
        let st = deadline_status(
            &spec(5, DeadlineUnit::BusinessDays),
            &incident(date(2026, 12, 28), date(2027, 1, 1)),
        );
        assert_eq!(st.deadline, Some(date(2027, 1, 5)));
        let st = deadline_status(
            &spec(2, DeadlineUnit::BusinessDays),
            &incident(date(2026, 12, 23), date(2027, 1, 1)),
        );
        assert_eq!(
            st.deadline,
            Some(date(2026, 12, 28)),
            "Christmas (Friday 25th) is skipped"
        );
    }

    #[test]
    fn law_enforcement_delay_moves_the_deadline() {
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some((Some(date(2026, 3, 10)), Some(date(2026, 6, 30))));
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 6, 30)));
        assert_eq!(st.notes.len(), 1);
        let mut s = spec(60, DeadlineUnit::CalendarDays);
        s.law_enforcement_extends = false;
        assert_eq!(deadline_status(&s, &i).deadline, Some(date(2026, 5, 1)));
    }

    #[test]
    fn unknown_start_gives_no_deadline() {
        let i = Incident {
            notice: Some(Sourced::new(date(2026, 1, 1), Origin::Today)),
            ..Incident::default()
        };
        assert_eq!(
            deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i).deadline,
            None
        );
    }

    #[test]
    fn approximate_counts() {
        let c = |v: u64, q: Option<&str>| LetterCount {
            value: v,
            approximate: q.is_some(),
            qualifier: q.map(str::to_string),
            noun: "members".into(),
            span: Span::default(),
        };
        assert!(agrees(&c(1000, None), 1000, 0.1));
        assert!(!agrees(&c(1000, None), 1001, 0.1));
        assert!(agrees(&c(1000, Some("approximately")), 1080, 0.1));
        assert!(!agrees(&c(100, Some("approximately")), 1000, 0.1));
        assert!(agrees(&c(1000, Some("more than")), 1050, 0.1));
        assert!(!agrees(&c(1000, Some("more than")), 1200, 0.1));
        assert!(!agrees(&c(1000, Some("more than")), 900, 0.1));
        assert!(agrees(&c(1000, Some("up to")), 950, 0.1));
    }
}
