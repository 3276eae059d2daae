//! Counts of days from today, written in a stored expectation with the day
//! they count from.
//!
//! A finding such as "it was due on 2026-01-19 (13 days ago)" counts from
//! the clock the test pins, never from the real one. A snapshot that kept
//! "(13 days ago)" alone would not show which day that is, so it keeps
//! "(13 days before 2026-02-01)", and every such count is checked against
//! the date it follows. The same goes for a deadline table's "overdue by
//! 13 days", kept as "overdue by 13 days on 2026-02-01".

use jiff::ToSpan;
use jiff::civil::Date;
use regex::Regex;

/// Rewrites every "(N days ago)" in `text`, counted from `today`, as
/// "(N days before TODAY)", and every "overdue by N days" as "overdue by N
/// days on TODAY", after checking that each "due on D (N days ago)", and
/// each deadline table row "D  overdue  overdue by N days", is exactly N
/// days from D to `today`.
pub fn days_before(text: &str, today: &str) -> String {
    let day: Date = today.parse().expect("a pinned date");
    let due = Regex::new(r"due on (\d{4}-\d{2}-\d{2}) \((\d+) days ago\)").unwrap();
    let row = Regex::new(r"(\d{4}-\d{2}-\d{2}) +overdue +overdue by (\d+) days").unwrap();
    for c in due.captures_iter(text).chain(row.captures_iter(text)) {
        let from: Date = c[1].parse().unwrap();
        let n: i64 = c[2].parse().unwrap();
        assert_eq!(
            from.checked_add(n.days()).unwrap(),
            day,
            "{} does not count from {today}",
            &c[0]
        );
    }
    // A notice dated by the clock ("if it goes out today") is that day.
    let dated = Regex::new(
        r"notice on (\d{4}-\d{2}-\d{2}) is (\d+) days after discovery on (\d{4}-\d{2}-\d{2});[^\n]*if it goes out today",
    )
    .unwrap();
    for c in dated.captures_iter(text) {
        assert_eq!(&c[1], today, "{} is not dated {today}", &c[0]);
        let n: i64 = c[2].parse().unwrap();
        assert_eq!(days_between(&c[3], &c[1]), n, "{}", &c[0]);
    }
    let text = Regex::new(r"\((\d+) days ago\)")
        .unwrap()
        .replace_all(text, format!("($1 days before {today})"));
    Regex::new(r"overdue by (\d+) days")
        .unwrap()
        .replace_all(&text, format!("overdue by $1 days on {today}"))
        .into_owned()
}

/// Days from `from` to `to` (both `YYYY-MM-DD`), for expectations that
/// must follow the clock a test pins rather than spell a count out.
#[allow(dead_code)]
pub fn days_between(from: &str, to: &str) -> i64 {
    let (from, to): (Date, Date) = (from.parse().unwrap(), to.parse().unwrap());
    i64::from(from.until(to).unwrap().get_days())
}
