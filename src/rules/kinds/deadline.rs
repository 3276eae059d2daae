//! `deadline`: the time from one event to another (`from`, `to`: discovery,
//! breach, notice, a report filed with someone, …) must not exceed `limit`
//! calendar days, business days or hours. A documented law-enforcement
//! delay moves the deadline to its end (`law-enforcement-extends`). Without
//! a `limit` the elapsed time is reported for a reviewer to judge.
//!
//! Example: HIPAA 164.404(b), `from = "discovery"`, `to = "notice"`, `limit = 60`.
//!
//! [`deadline_status`] is shared with `breachlint deadlines`.

use jiff::civil::Date;
use serde_spanned::Spanned;

use super::shared::{attach_origin, facts_name, lowercase_first, top, unknown};
use super::{BuildCx, CompileCx, Eval};
use crate::calendar::{self, HolidayCalendar};
use crate::diagnostic::{Label, Severity};
use crate::engine::{EngineError, finding};
use crate::error::SpannedError;
use crate::facts::ReportKind;
use crate::incident::{Incident, LawEnforcementDelay, Origin, Sourced};
use crate::rules::Rule;
use crate::rules::model::DeadlineUnit;

/// Keys a `deadline` rule takes.
pub const KEYS: &[&str] = &[
    "obligation",
    "from",
    "to",
    "limit",
    "unit",
    "holidays",
    "warn-within",
    "law-enforcement-extends",
    "oral-delay-limit",
    "grace",
];

/// An event a deadline is measured from or to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The discovery date.
    Discovery,
    /// The determination that a breach occurred (`determination-date`);
    /// without it, the discovery date, which is never later.
    Determination,
    /// The breach date (the end of the breach, when it spans days).
    Breach,
    /// The first day of the breach.
    BreachStart,
    /// The end of a documented law-enforcement delay.
    LawEnforcementDelayEnd,
    /// 31 December of the year of discovery.
    EndOfYear,
    /// The notice to individuals (its planned or actual date).
    Notice,
    /// A report filed with `to` (and for `state`, when given).
    Report {
        /// Recipient, e.g. `hhs`, `state-ag`.
        to: String,
        /// State code, for state reports.
        state: Option<String>,
    },
}

impl Event {
    /// Parses `discovery`, `notice`, `report:hhs`, `report:state-ag:CA`, …
    pub fn parse(s: &str) -> Option<Event> {
        Some(match s {
            "discovery" => Event::Discovery,
            "determination" => Event::Determination,
            "breach" => Event::Breach,
            "breach-start" => Event::BreachStart,
            "law-enforcement-delay-end" => Event::LawEnforcementDelayEnd,
            "end-of-year" => Event::EndOfYear,
            "notice" => Event::Notice,
            other => {
                let rest = other.strip_prefix("report:")?;
                let (to, state) = match rest.split_once(':') {
                    Some((t, st)) => (t, Some(st.to_ascii_uppercase())),
                    None => (rest, None),
                };
                if to.is_empty() {
                    return None;
                }
                Event::Report {
                    to: to.to_string(),
                    state,
                }
            }
        })
    }

    /// The date that must be known for the event ("discovery" for the end of
    /// the year of discovery), for "cannot check" messages.
    pub fn needs(&self) -> String {
        match self {
            Event::Discovery | Event::EndOfYear | Event::Determination => "discovery".into(),
            Event::Breach | Event::BreachStart => "breach".into(),
            Event::LawEnforcementDelayEnd => "law-enforcement delay end".into(),
            Event::Notice => "notice".into(),
            Event::Report { .. } => format!("{} filing", self.describe()),
        }
    }

    /// How the event reads in messages ("discovery", "the report to hhs").
    pub fn describe(&self) -> String {
        match self {
            Event::Discovery => "discovery".into(),
            Event::Determination => "the determination of the breach".into(),
            Event::Breach => "the breach".into(),
            Event::BreachStart => "the start of the breach".into(),
            Event::LawEnforcementDelayEnd => "the end of the law-enforcement delay".into(),
            Event::EndOfYear => "the end of the year of discovery".into(),
            Event::Notice => "notice".into(),
            Event::Report {
                to,
                state: Some(st),
            } => format!("the report to {to} ({st})"),
            Event::Report { to, state: None } => format!("the report to {to}"),
        }
    }
}

/// A validated `deadline` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Name of the obligation, for `breachlint deadlines`.
    pub obligation: String,
    /// Clock start.
    pub from: Event,
    /// What must happen in time.
    pub to: Event,
    /// Allowed time in `unit`s; `None` when the law sets no number (the
    /// elapsed time is then reported for information).
    pub limit: Option<i64>,
    /// Calendar days, business days or hours.
    pub unit: DeadlineUnit,
    /// Holiday calendar name for business days.
    pub holidays: String,
    /// Warn when a planned date is this many days or fewer before the deadline.
    pub warn_within: Option<i64>,
    /// A documented law-enforcement delay moves the deadline to its end.
    pub law_enforcement_extends: bool,
    /// An oral request for a delay counts for at most this many days from
    /// the request (HIPAA: 30, 45 CFR 164.412(b)).
    pub oral_delay_limit: Option<i64>,
    /// Up to this many units after the deadline, lateness is a warning: for
    /// duties the law words loosely ("contemporaneously") a day or two late
    /// may still comply.
    pub grace: Option<i64>,
}


pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let need_s =
        |v: &Option<Spanned<String>>, key: &str| -> Result<Spanned<String>, SpannedError> {
            v.clone().ok_or_else(|| {
                cx.err(
                    cx.id_span(),
                    format!("a `deadline` rule needs `{key}`"),
                )
                .with_label(format!("`{key}` is missing"))
            })
        };
    let from = need_s(&cx.def.from, "from")?;
    let to = need_s(&cx.def.to, "to")?;
    let parse_event = |s: &Spanned<String>| {
        Event::parse(s.get_ref()).ok_or_else(|| {
            cx.err(s.span().into(), format!("unknown event `{}`", s.get_ref()))
                .with_label("not an event")
                .with_help("events: discovery, determination, breach, breach-start, law-enforcement-delay-end, end-of-year, notice, report:<to>[:<STATE>]")
        })
    };
    if let Some(limit) = &cx.def.limit {
        if *limit.get_ref() < 0 {
            return Err(cx.err(
                limit.span().into(),
                "`limit` must not be negative".into(),
            ));
        }
    }
    let holidays = cx.def
        .holidays
        .as_ref()
        .map_or_else(|| "us-federal".to_string(), |h| h.get_ref().clone());
    if let Some(l) = &cx.def.oral_delay_limit {
        if *l.get_ref() < 0 {
            return Err(cx.err(
                l.span().into(),
                "`oral-delay-limit` must not be negative".into(),
            ));
        }
    }
    if let Some(g) = &cx.def.grace {
        if *g.get_ref() < 0 {
            return Err(cx.err(g.span().into(), "`grace` must not be negative".into()));
        }
        if cx.def.limit.is_none() {
            return Err(cx
                .err(g.span().into(), "`grace` needs a `limit`".into())
                .with_label("no deadline to be late for"));
        }
    }
    if let Some(h) = &cx.def.holidays {
        cx.vocab::<HolidayCalendar>(h.span().into(), h.get_ref())?;
    }
    for e in [&from, &to] {
        if let Some(Event::Report { to, .. }) = Event::parse(e.get_ref()) {
            cx.vocab::<ReportKind>(e.span().into(), &to)?;
        }
    }
    Ok(Spec {
        obligation: cx.def.obligation.clone().ok_or_else(|| {
            cx.err(cx.id_span(), "a `deadline` rule needs `obligation`".into())
                .with_label("`obligation` is missing")
                .with_help("name what must be done, e.g. `obligation = \"Notice to individuals\"`; `breachlint deadlines` lists it")
        })?,
        from: parse_event(&from)?,
        to: parse_event(&to)?,
        limit: cx.def.limit.as_ref().map(|l| *l.get_ref()),
        unit: cx.def.unit.unwrap_or_default(),
        holidays,
        warn_within: cx.def.warn_within,
        law_enforcement_extends: cx.def.law_enforcement_extends.unwrap_or(true),
        oral_delay_limit: cx.def.oral_delay_limit.as_ref().map(|l| *l.get_ref()),
        grace: cx.def.grace.as_ref().map(|g| *g.get_ref()),
    })
}

pub(super) fn describe(d: &Spec) -> String {
    format!(
        "{}: from {} to {}, at most {} {}{}.",
        d.obligation,
        d.from.describe(),
        d.to.describe(),
        d.limit
            .map_or_else(|| "(no fixed number of)".to_string(), |l| l.to_string()),
        match d.unit {
            DeadlineUnit::CalendarDays => "calendar days".to_string(),
            DeadlineUnit::BusinessDays => format!("business days ({} holidays)", d.holidays),
            DeadlineUnit::Hours => "hours".to_string(),
        },
        if d.law_enforcement_extends {
            "; a documented law-enforcement delay moves the deadline to the delay's end"
        } else {
            ""
        }
    ) + &d
        .grace
        .map(|g| {
            let unit = match d.unit {
                DeadlineUnit::CalendarDays => "calendar days",
                DeadlineUnit::BusinessDays => "business days",
                DeadlineUnit::Hours => "hours",
            };
            format!(" Up to {g} {unit} past the deadline is a warning.")
        })
        .unwrap_or_default()
}

/// Nothing to compile: the rule reads the incident.
#[derive(Debug)]
pub(crate) struct Compiled(Spec);

pub(super) fn compile(s: &Spec, _: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled(s.clone()))
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let spec = &c.0;
    // Without a facts file nothing says which reports were filed; that is
    // not the same as "none was filed", so the rule is listed as unchecked.
    if matches!(spec.to, Event::Report { .. }) && !ev.incident.has_facts {
        ev.unchecked.push((
            ev.rule().info.id.clone(),
            "the reports already filed (`[[report]]`)".into(),
        ));
        return;
    }
    let before = ev.out.len();
    check(ev, spec);
    if [&spec.from, &spec.to].contains(&&Event::Determination)
        && ev.incident.determination.is_none()
        && ev.incident.discovery.is_some()
    {
        // Discovery stands in for the determination, which may have come
        // later: a late finding may not be late under the law.
        let named = format!("{} on ", Event::Determination.describe());
        for d in &mut ev.out[before..] {
            d.message = d.message.replace(&named, "discovery on ");
            d.severity = d.severity.min(Severity::Warning);
            d.notes.push(
                "counted from discovery, as incident.toml gives no `determination-date`; the determination that a breach occurred may have come later, so this is a warning".into(),
            );
        }
    }
    if spec.unit == DeadlineUnit::Hours && exact_hours(spec, ev.incident).is_none() {
        // Whole days stand in for hours: say so on what was found.
        for d in &mut ev.out[before..] {
            d.notes.push(
                "only dates are known, so hours are counted in whole days from midnight; give `discovery-date` and the report's `submitted` as date-times with an offset (2025-01-16T09:00:00Z) to count them exactly".into(),
            );
        }
    }
}

/// The instant of an event, when the facts file gives one: the discovery, or
/// the submission of the earliest report the event names.
fn event_instant(incident: &Incident, e: &Event) -> Option<jiff::Timestamp> {
    match e {
        Event::Discovery => incident.discovery_at,
        Event::Report { to, state } => incident
            .reports_to(to, state.as_deref())
            .min_by_key(|r| (r.submitted(), r.submitted_at))?
            .submitted_at,
        _ => None,
    }
}

/// Start and end instants of an hour-based rule, when both are known and no
/// law-enforcement delay moves its deadline: the hours are then counted
/// exactly, to the second.
fn exact_hours(spec: &Spec, incident: &Incident) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
    if spec.unit != DeadlineUnit::Hours
        || spec.limit.is_none()
        || (spec.law_enforcement_extends && incident.law_enforcement.is_some())
    {
        return None;
    }
    Some((
        event_instant(incident, &spec.from)?,
        event_instant(incident, &spec.to)?,
    ))
}

/// Hours between two instants, whole when they are whole ("75", "74.5",
/// "72.02"): to the hundredth, so a minute late never reads as on time.
fn hours_text(seconds: i64) -> String {
    if seconds % 3600 == 0 {
        return (seconds / 3600).to_string();
    }
    // Rounded up, so any time past the limit shows as more than the limit.
    let hundredths = seconds.saturating_mul(100).saturating_add(3599).div_euclid(3600);
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Checks an hour-based limit between two known instants.
fn check_hours(ev: &mut Eval<'_>, spec: &Spec, start: jiff::Timestamp, end: jiff::Timestamp) {
    let (cx, incident, rule) = (ev.cx, ev.incident, ev.rule());
    let limit = spec.limit.unwrap_or(0);
    let elapsed = end.as_second() - start.as_second();
    if elapsed <= limit.saturating_mul(3600) {
        return;
    }
    let graced = spec
        .grace
        .is_some_and(|g| elapsed <= limit.saturating_add(g).saturating_mul(3600));
    let severity = if graced {
        ev.severity.min(Severity::Warning)
    } else {
        ev.severity
    };
    let deadline = start
        .checked_add(jiff::SignedDuration::from_secs(limit.saturating_mul(3600)))
        .map_or_else(|_| "none".to_string(), |t| t.to_string());
    let message = rule
        .info
        .message
        .replace("{from}", &spec.from.describe())
        .replace("{from-date}", &start.to_string())
        .replace("{to}", &spec.to.describe())
        .replace("{to-date}", &end.to_string())
        .replace("{elapsed}", &hours_text(elapsed))
        .replace("{limit}", &limit.to_string())
        .replace("{unit}", "hours")
        .replace("{deadline}", &deadline)
        .replace("{cite}", &rule.info.cite);
    let late = hours_text(elapsed - limit.saturating_mul(3600));
    let mut d = finding(
        rule,
        severity,
        message,
        Label::new(top(cx, incident), format!("{late} hours after the deadline")),
    );
    if let Some(from) = &incident.discovery.clone().filter(|_| spec.from == Event::Discovery) {
        d = attach_origin(d, incident, &spec.from.describe(), from);
    }
    if graced {
        d = d.with_note(format!(
            "within {} hours after the deadline: a warning, since {} may allow so short a gap",
            spec.grace.unwrap_or(0),
            rule.info.cite
        ));
    }
    ev.push(d);
}

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
    /// How a law-enforcement delay bears on the deadline.
    pub delay: DelayReading,
}

fn event_date(incident: &Incident, e: &Event) -> Option<Sourced<Date>> {
    match e {
        Event::Discovery => incident.discovery.clone(),
        Event::Determination => incident
            .determination
            .clone()
            .or_else(|| incident.discovery.clone()),
        Event::Breach => incident
            .breach_end
            .clone()
            .or_else(|| incident.breach_start.clone()),
        Event::BreachStart => incident.breach_start.clone(),
        Event::LawEnforcementDelayEnd => incident
            .law_enforcement
            .and_then(|d| d.until)
            .map(|d| Sourced::new(d, Origin::Facts(None))),
        Event::EndOfYear => incident.discovery.as_ref().and_then(|d| {
            Date::new(d.value.year(), 12, 31)
                .ok()
                .map(|e| Sourced::new(e, d.origin.clone()))
        }),
        Event::Notice => incident.notice.clone(),
        Event::Report { to, state } => incident
            .reports_to(to, state.as_deref())
            .map(|r| Sourced::new(r.submitted(), Origin::Facts(Some(r.submitted.span))))
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

/// Where a delay ends for this rule: an oral request counts for at most
/// `oral-delay-limit` days from the request, when the rule sets one. A delay
/// the letter says lasted "until now" ends with the notice (`done`).
fn delay_end(
    spec: &Spec,
    delay: &LawEnforcementDelay,
    done: Option<Date>,
    notes: &mut Vec<String>,
) -> Option<Date> {
    let until = delay.until.or(if delay.until_notice { done } else { None })?;
    match (delay.oral, spec.oral_delay_limit, delay.requested) {
        (Some(true), Some(limit), Some(requested)) => {
            let cap = calendar::add_calendar_days(requested, limit);
            if cap < until {
                notes.push(format!(
                    "the delay was requested orally, which counts for at most {limit} days ({cap}) unless confirmed in writing"
                ));
                return Some(cap);
            }
            Some(until)
        }
        _ => Some(until),
    }
}

/// How a law-enforcement delay bears on a deadline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DelayReading {
    /// The deadline if the time the delay lasted is added to the limit (the
    /// clock stops during the delay), when later than [`DeadlineStatus::deadline`].
    pub tolled: Option<Date>,
    /// The deadline without the delay.
    pub undelayed: Option<Date>,
    /// Where the letter states the delay, when it comes from the letter.
    pub stated: Option<crate::span::Span>,
    /// The letter states a delay but not when it ended: the deadline cannot
    /// be computed.
    pub open_ended: bool,
    /// The facts file does not say whether the request was written, and an
    /// oral one would have ended on this date, under this rule's limit.
    pub if_oral: Option<Date>,
}

/// Computes a deadline for `spec` over `incident`.
///
/// A law-enforcement delay (45 CFR 164.412 and state laws) postpones notice
/// "for the time period specified", without saying whether the clock then
/// resumes. Two readings are kept: `deadline` is the later of the limit and
/// the delay's end (notice is due when the delay ends); `delay.tolled` adds
/// the delay's length to the limit. A delay requested after the deadline
/// had passed moves nothing.
pub fn deadline_status(spec: &Spec, incident: &Incident) -> DeadlineStatus {
    let from = event_date(incident, &spec.from);
    let done = event_date(incident, &spec.to);
    let mut notes = Vec::new();
    let mut reading = DelayReading::default();
    let deadline = from.as_ref().and_then(|f| {
        let base = add_units(f.value, spec.limit?, spec.unit, &spec.holidays);
        let Some(delay) = incident.law_enforcement.filter(|_| spec.law_enforcement_extends) else {
            return Some(base);
        };
        reading.undelayed = Some(base);
        reading.stated = delay.stated;
        if let Some(r) = delay.requested.filter(|&r| r > base) {
            notes.push(format!(
                "a law-enforcement delay requested on {r}, after the deadline of {base} had passed, moves nothing"
            ));
            return Some(base);
        }
        let Some(end) = delay_end(spec, &delay, done.as_ref().map(|d| d.value), &mut notes) else {
            reading.open_ended = true;
            return Some(base);
        };
        if let (None, Some(limit), Some(requested)) =
            (delay.oral, spec.oral_delay_limit, delay.requested)
        {
            let cap = calendar::add_calendar_days(requested, limit);
            if cap < end {
                reading.if_oral = Some(cap.max(base));
            }
        }
        if end <= base {
            return Some(base);
        }
        let origin = if delay.stated.is_some() {
            "the letter says".to_string()
        } else {
            format!(
                "a law-enforcement delay{}",
                delay.requested.map(|r| format!(" requested on {r}")).unwrap_or_default()
            )
        };
        notes.push(format!(
            "{origin} runs until {end}, which moves the deadline from {base} to {end}",
            origin = if delay.stated.is_some() {
                format!("{origin} law enforcement asked for a delay that")
            } else {
                origin
            }
        ));
        if let Some(requested) = delay.requested.filter(|&r| r < end) {
            let tolled = add_units(
                base,
                calendar::calendar_days_between(requested, end),
                DeadlineUnit::CalendarDays,
                &spec.holidays,
            );
            if tolled > end {
                reading.tolled = Some(tolled);
            }
        }
        Some(end)
    });
    DeadlineStatus {
        from,
        done,
        deadline,
        notes,
        delay: reading,
    }
}

/// Fills a deadline rule's message template. Without a deadline (the law
/// sets no number of days) `{limit}`, `{unit}` and `{deadline}` say so.
fn fill_message(
    rule: &Rule,
    spec: &Spec,
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

fn check(ev: &mut Eval<'_>, spec: &Spec) {
    let (cx, incident, severity, rule) = (ev.cx, ev.incident, ev.severity, ev.rule());
    let status = deadline_status(spec, incident);
    let name = facts_name(incident);
    let Some(from) = &status.from else {
        let d = unknown(ev, format!("no {} date in the letter or {name}", spec.from.needs()));
        ev.push(d);
        return;
    };
    if let Some((start, end)) = exact_hours(spec, incident) {
        check_hours(ev, spec, start, end);
        return;
    }
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
            ev.push(attach_origin(d, incident, &spec.to.describe(), done));
        } else if matches!(spec.to, Event::Report { .. }) {
            // A duty without a deadline is still owed: an unrecorded report
            // is not a filed one.
            let d = finding(
                rule,
                Severity::Warning,
                format!(
                    "{}: nothing recorded in {name}; {} requires it but sets no number of days",
                    spec.obligation, rule.info.cite
                ),
                Label::new(
                    top(cx, incident),
                    format!("{} is not recorded", lowercase_first(&spec.obligation)),
                ),
            )
            .with_note("an unchecked requirement is not a met one");
            ev.push(attach_origin(d, incident, &spec.from.describe(), from));
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
                ev.push(d);
            }
        }
        Some(done) => {
            let elapsed = units_between(from.value, done.value, spec.unit, &spec.holidays);
            let undelayed = status.delay.undelayed.unwrap_or(deadline);
            if status.delay.open_ended && done.value > undelayed {
                // The letter says law enforcement asked for a delay but not
                // until when: unknown, which is not compliant.
                let mut d = unknown(
                    ev,
                    format!(
                        "the letter says law enforcement asked for a delay, but not until when, and {} on {} is {elapsed} days after {}",
                        spec.to.describe(),
                        done.value,
                        spec.from.describe()
                    ),
                );
                if let Some(at) = status.delay.stated {
                    d = d.with_secondary(Label::new(at, "the delay the letter states"));
                }
                d = d.with_help(format!(
                    "record the delay under [law-enforcement-delay] in {name} (requested, until, form); without it the deadline was {undelayed}"
                ));
                ev.push(attach_origin(d, incident, &spec.from.describe(), from));
                return;
            }
            if done.value > deadline {
                // When no source gives the notice date, today is assumed: the
                // finding is then what would happen if the notice went out now,
                // which is a warning rather than an established fact.
                let assumed = done.origin == Origin::Today;
                // Late only if notice was due when the delay ended; on time
                // if the clock stopped while it lasted: the rule does not
                // say which, so this is a warning naming both dates.
                let tolled = status.delay.tolled;
                let tolled_ok = tolled.is_some_and(|t| done.value <= t);
                let graced = spec.grace.filter(|&g| {
                    done.value <= add_units(deadline, g, spec.unit, &spec.holidays)
                });
                let severity = if assumed || tolled_ok || graced.is_some() {
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
                if let Some(g) = graced {
                    d = d.with_note(format!(
                        "within {g} {} after the deadline: a warning, since {} may allow so short a gap",
                        match spec.unit {
                            DeadlineUnit::CalendarDays => "days",
                            DeadlineUnit::BusinessDays => "business days",
                            DeadlineUnit::Hours => "hours",
                        },
                        rule.info.cite
                    ));
                }
                if let Some(t) = tolled {
                    d = d.with_note(format!(
                        "late under the reading that notice is due when the delay ends ({deadline}); {} under the reading that the clock stops while the delay lasts ({t})",
                        if tolled_ok { "on time" } else { "late too" }
                    ));
                }
                ev.push(d);
            } else if let Some(at) = status.delay.stated.filter(|_| done.value > undelayed) {
                let mut d = finding(
                    rule,
                    severity.min(Severity::Warning),
                    format!(
                        "{} on {} is {elapsed} days after {}, past the deadline of {undelayed}, and is on time only because of the law-enforcement delay the letter states",
                        lowercase_first(&spec.obligation),
                        done.value,
                        spec.from.describe()
                    ),
                    Label::new(at, "the letter states a law-enforcement delay"),
                )
                .with_help(format!(
                    "record the delay under [law-enforcement-delay] in {name} (requested, until, form) so the deadline can be checked against it"
                ));
                for n in &status.notes {
                    d = d.with_note(n.clone());
                }
                ev.push(attach_origin(d, incident, &spec.from.describe(), from));
            } else if let Some(cap) = status.delay.if_oral.filter(|&c| done.value > c) {
                let mut d = finding(
                    rule,
                    severity.min(Severity::Warning),
                    format!(
                        "{} on {} is on time only if law enforcement asked for the delay in writing: an oral request counts until {cap}",
                        lowercase_first(&spec.obligation),
                        done.value
                    ),
                    Label::new(top(cx, incident), "depends on the form of the request"),
                )
                .with_help(format!(
                    "add `form = \"written\"` or `form = \"oral\"` under [law-enforcement-delay] in {name}"
                ));
                for n in &status.notes {
                    d = d.with_note(n.clone());
                }
                ev.push(attach_origin(d, incident, &spec.from.describe(), from));
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
                    ev.push(attach_origin(d, incident, &spec.from.describe(), from));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn hours_are_exact_only_with_both_instants_and_no_delay() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let mut i = incident(date(2026, 1, 16), date(2026, 1, 19));
        let s = spec(72, DeadlineUnit::Hours);
        // Notice has no time of day: whole days.
        i.discovery_at = Some(at("2026-01-16T09:00:00Z"));
        assert_eq!(exact_hours(&s, &i), None);
        assert_eq!(hours_text(72 * 3600), "72");
        assert_eq!(hours_text(72 * 3600 + 1800), "72.5");
        assert_eq!(hours_text(72 * 3600 + 60), "72.02");
        assert_eq!(hours_text(72 * 3600 + 1), "72.01");
        assert_eq!(hours_text(73 * 3600 - 1), "73");
        let report = Spec {
            to: Event::Report {
                to: "supervisory-authority".into(),
                state: None,
            },
            ..s.clone()
        };
        let facts = crate::facts::parse(
            std::path::Path::new("incident.toml"),
            "[[report]]\nto = \"supervisory-authority\"\ncountry = \"IE\"\nsubmitted = 2026-01-19T09:30:00Z\n",
        )
        .unwrap();
        i.reports = facts.reports().to_vec();
        assert_eq!(
            exact_hours(&report, &i),
            Some((at("2026-01-16T09:00:00Z"), at("2026-01-19T09:30:00Z")))
        );
        // A recorded law-enforcement delay moves the deadline by days.
        i.law_enforcement = Some(LawEnforcementDelay::default());
        assert_eq!(exact_hours(&report, &i), None);
        let ignores_delays = Spec {
            law_enforcement_extends: false,
            ..report
        };
        assert!(exact_hours(&ignores_delays, &i).is_some());
    }

    fn spec(limit: i64, unit: DeadlineUnit) -> Spec {
        Spec {
            obligation: "Notice".into(),
            from: Event::Discovery,
            to: Event::Notice,
            limit: Some(limit),
            unit,
            holidays: "us-federal".into(),
            warn_within: None,
            law_enforcement_extends: true,
            oral_delay_limit: Some(30),
            grace: None,
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
        i.law_enforcement = Some(LawEnforcementDelay {
            requested: Some(date(2026, 3, 10)),
            until: Some(date(2026, 6, 30)),
            oral: Some(false),
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 6, 30)));
        assert_eq!(st.notes.len(), 1);
        let mut s = spec(60, DeadlineUnit::CalendarDays);
        s.law_enforcement_extends = false;
        assert_eq!(deadline_status(&s, &i).deadline, Some(date(2026, 5, 1)));
    }

    #[test]
    fn an_oral_delay_counts_only_as_long_as_the_rule_says() {
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some(LawEnforcementDelay {
            requested: Some(date(2026, 4, 20)),
            until: Some(date(2026, 6, 30)),
            oral: Some(true),
            ..LawEnforcementDelay::default()
        });
        // 30 days from 20 April is 20 May, later than day 60 (1 May).
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 5, 20)));
        assert!(st.notes[0].contains("orally"), "{:?}", st.notes);
        // A law without the limit honours the whole delay.
        let mut s = spec(60, DeadlineUnit::CalendarDays);
        s.oral_delay_limit = None;
        assert_eq!(deadline_status(&s, &i).deadline, Some(date(2026, 6, 30)));
    }

    #[test]
    fn a_delay_is_read_both_ways() {
        // Discovery 2 March: day 60 is 1 May. Delay asked on 10 March until
        // 30 May: due 30 May if notice is due when the delay ends; 81 days
        // of delay added to day 60 give 21 July if the clock stops.
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some(LawEnforcementDelay {
            requested: Some(date(2026, 3, 10)),
            until: Some(date(2026, 5, 30)),
            oral: Some(false),
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 5, 30)));
        assert_eq!(st.delay.tolled, Some(date(2026, 7, 21)));
        assert_eq!(st.delay.undelayed, Some(date(2026, 5, 1)));
    }

    #[test]
    fn a_delay_asked_after_the_deadline_moves_nothing() {
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some(LawEnforcementDelay {
            requested: Some(date(2026, 5, 10)),
            until: Some(date(2026, 6, 30)),
            oral: Some(false),
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 5, 1)));
        assert!(st.notes[0].contains("moves nothing"), "{:?}", st.notes);
    }

    #[test]
    fn a_delay_of_unrecorded_form_is_flagged() {
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some(LawEnforcementDelay {
            requested: Some(date(2026, 4, 20)),
            until: Some(date(2026, 6, 30)),
            oral: None,
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 6, 30)));
        assert_eq!(st.delay.if_oral, Some(date(2026, 5, 20)));
    }

    #[test]
    fn a_delay_stated_in_the_letter() {
        let mut i = incident(date(2026, 3, 2), date(2026, 6, 20));
        i.law_enforcement = Some(LawEnforcementDelay {
            stated: Some(crate::span::Span::new(0, 10)),
            until_notice: true,
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert_eq!(st.deadline, Some(date(2026, 6, 20)));
        assert_eq!(st.delay.stated, Some(crate::span::Span::new(0, 10)));
        i.law_enforcement = Some(LawEnforcementDelay {
            stated: Some(crate::span::Span::new(0, 10)),
            ..LawEnforcementDelay::default()
        });
        let st = deadline_status(&spec(60, DeadlineUnit::CalendarDays), &i);
        assert!(st.delay.open_ended);
        assert_eq!(st.deadline, Some(date(2026, 5, 1)));
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

}
