//! `breachlint deadlines --format ics`: an iCalendar file (RFC 5545) with one
//! all-day event per deadline, which calendar applications import.

use super::Obligation;

/// The calendar for `rows` of the incident in `facts`, stamped `today`
/// (events of the same obligation and incident keep their UID, so importing
/// a newer file updates them instead of adding copies).
pub fn calendar(rows: &[Obligation], facts: &str, today: jiff::civil::Date) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//breachlint//deadlines//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    let stamp = format!("{}T000000Z", compact(&today.to_string()));
    for r in rows {
        let Some(deadline) = &r.deadline else {
            continue;
        };
        let Ok(day) = deadline.parse::<jiff::civil::Date>() else {
            continue;
        };
        let next = day.tomorrow().unwrap_or(day);
        let mut summary = format!("Deadline: {}", r.obligation);
        if r.controlling {
            summary.push_str(" (controlling)");
        }
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:{}",
                escape(&format!("{}:{}@breachlint", r.rule, uid_part(facts)))
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", compact(deadline)),
            format!("DTEND;VALUE=DATE:{}", compact(&next.to_string())),
            format!("SUMMARY:{}", escape(&summary)),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "{}\nStatus: {} ({})\nRule: {}\nFacts: {facts}",
                    r.cite, r.status, r.detail, r.rule
                ))
            ),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// `2026-04-01` as `20260401`.
fn compact(date: &str) -> String {
    date.replace('-', "")
}

/// The facts file's name without characters a UID should not carry.
fn uid_part(facts: &str) -> String {
    facts
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// TEXT value escaping (RFC 5545 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets without splitting a character,
/// ended with CRLF (RFC 5545 3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // Continuation lines start with a space, which counts.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(deadline: Option<&str>, controlling: bool) -> Obligation {
        Obligation {
            obligation: "Notice to New York residents".into(),
            rule: "new-york/notice-deadline".into(),
            cite: "N.Y. Gen. Bus. Law 899-aa(2)".into(),
            deadline: deadline.map(str::to_string),
            status: "due",
            detail: "due in 3 days".into(),
            done_on: None,
            days_left: Some(3),
            controlling,
        }
    }

    #[test]
    fn one_all_day_event_per_deadline_with_its_citation() {
        let ics = calendar(
            &[row(Some("2026-04-01"), true), row(None, false)],
            "cases/incident.toml",
            jiff::civil::date(2026, 3, 29),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("DTSTART;VALUE=DATE:20260401\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20260402\r\n"));
        assert!(ics.contains("DTSTAMP:20260329T000000Z\r\n"));
        assert!(ics.contains("SUMMARY:Deadline: Notice to New York residents (controlling)\r\n"));
        assert!(ics.contains("UID:new-york/notice-deadline:cases-incident.toml@breachlint\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains(
                "DESCRIPTION:N.Y. Gen. Bus. Law 899-aa(2)\\nStatus: due (due in 3 days)\\n"
            )
        );
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
    }

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }
}
