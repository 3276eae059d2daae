//! Calendar arithmetic for deadlines.
//!
//! Breach-notification laws count time in three ways: calendar days ("within
//! 60 calendar days after discovery"), business days ("15 business days",
//! skipping weekends and holidays), and hours ("72 hours after becoming
//! aware"). This module implements all three on [`jiff`] civil dates and
//! timestamps.
//!
//! Every function is total: arithmetic that would leave jiff's supported range
//! (years -9999 to 9999) saturates at [`Date::MIN`] or [`Date::MAX`] instead
//! of panicking, so a typo such as a year 9999 in a facts file cannot crash a
//! run.
//!
//! Business days are counted in *steps*: `add_business_days(d, 3, cal)` is the
//! third business day after `d` (d itself never counts), and
//! `add_business_days(d, -3, cal)` is the third business day before `d`.
//! [`business_days_between`] is the inverse, so
//! `business_days_between(d, add_business_days(d, n, cal), cal) == n`.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

/// Today's date on this machine's clock: the one place the real clock is
/// read (the command line reads it once per run; `--today` and
/// `BREACHLINT_TODAY` replace it).
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Seconds in a civil day (civil dates have no time zone, so no DST days).
const SECONDS_PER_DAY: i64 = 86_400;

/// A Monday. Day numbers count from here so that `n.rem_euclid(7)` is the
/// weekday with Monday = 0, which keeps the weekday arithmetic branch-free.
const EPOCH: Date = Date::constant(1970, 1, 5);

/// `date` + `n` calendar days, saturating at [`Date::MIN`] / [`Date::MAX`].
pub fn add_calendar_days(date: Date, n: i64) -> Date {
    from_day_number(day_number(date).saturating_add(n))
}

/// The number of calendar days from `a` to `b` (`b - a`; negative when `b` is earlier).
pub fn calendar_days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

/// December 31 of `date`'s year: the base of "60 days after the end of the
/// calendar year" deadlines (HIPAA's annual log of small breaches).
pub fn end_of_year(date: Date) -> Date {
    date.last_of_year()
}

/// Whole hours from `a` to `b`, truncated toward zero (negative when `b` is earlier).
///
/// "Within 72 hours" is met when this is at most 72 and the remainder is zero;
/// use [`seconds_between`] when minutes matter.
pub fn hours_between(a: Timestamp, b: Timestamp) -> i64 {
    seconds_between(a, b) / 3_600
}

/// Seconds from `a` to `b` (negative when `b` is earlier).
pub fn seconds_between(a: Timestamp, b: Timestamp) -> i64 {
    // Both values lie within jiff's range (about ±10,000 years), so the
    // difference of their second counts cannot overflow an i64.
    b.as_second() - a.as_second()
}

/// `ts` + `hours`, saturating at [`Timestamp::MIN`] / [`Timestamp::MAX`].
pub fn add_hours(ts: Timestamp, hours: i64) -> Timestamp {
    let secs = hours.saturating_mul(3_600);
    ts.checked_add(SignedDuration::from_secs(secs))
        .unwrap_or(if hours < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        })
}

/// Which days, besides Saturdays and Sundays, are not business days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HolidayCalendar {
    /// Only weekends are skipped.
    None,
    /// United States federal holidays as observed by federal offices
    /// (5 U.S.C. 6103), see [`us_federal_holidays`].
    UsFederal,
    /// Exactly these dates (plus weekends). Build it with
    /// [`HolidayCalendar::custom`] to get a sorted, duplicate-free list.
    Custom(Vec<Date>),
}

impl HolidayCalendar {
    /// A custom calendar of `dates`, sorted and without duplicates.
    pub fn custom(mut dates: Vec<Date>) -> Self {
        dates.sort_unstable();
        dates.dedup();
        HolidayCalendar::Custom(dates)
    }

    /// The calendar's name as written in configuration files.
    pub fn as_str(&self) -> &'static str {
        match self {
            HolidayCalendar::None => "none",
            HolidayCalendar::UsFederal => "us-federal",
            HolidayCalendar::Custom(_) => "custom",
        }
    }

    /// Whether `date` is a holiday of this calendar (whatever its weekday).
    pub fn is_holiday(&self, date: Date) -> bool {
        match self {
            HolidayCalendar::None => false,
            HolidayCalendar::UsFederal => us_federal_holidays(date.year()).contains(&date),
            HolidayCalendar::Custom(dates) => dates.contains(&date),
        }
    }

    /// Whether `date` is a Monday to Friday that is not a holiday.
    pub fn is_business_day(&self, date: Date) -> bool {
        is_weekday(date) && !self.is_holiday(date)
    }

    /// The holidays of this calendar that fall in `year`, sorted.
    pub fn holidays_in_year(&self, year: i16) -> Vec<Date> {
        match self {
            HolidayCalendar::None => Vec::new(),
            HolidayCalendar::UsFederal => us_federal_holidays(year),
            HolidayCalendar::Custom(dates) => {
                let mut v: Vec<Date> = dates.iter().copied().filter(|d| d.year() == year).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        }
    }

    /// How many holidays that fall on Monday to Friday lie in the day-number
    /// range `[lo, hi)`. Weekend holidays do not matter: weekends are skipped anyway.
    fn weekday_holidays_in(&self, lo: i64, hi: i64) -> i64 {
        if lo >= hi {
            return 0;
        }
        let in_range = |d: &Date| {
            let n = day_number(*d);
            lo <= n && n < hi && is_weekday(*d)
        };
        match self {
            HolidayCalendar::None => 0,
            HolidayCalendar::UsFederal => {
                let first = from_day_number(lo).year();
                let last = from_day_number(hi - 1).year();
                (first..=last)
                    .flat_map(us_federal_holidays)
                    .filter(in_range)
                    .count() as i64
            }
            HolidayCalendar::Custom(dates) => {
                // The variant is public, so the list may be unsorted or hold
                // duplicates; count distinct dates without assuming order.
                let mut hits: Vec<Date> = dates.iter().copied().filter(in_range).collect();
                hits.sort_unstable();
                hits.dedup();
                hits.len() as i64
            }
        }
    }
}

impl fmt::Display for HolidayCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HolidayCalendar::None => f.write_str("weekends only"),
            HolidayCalendar::UsFederal => f.write_str("US federal holidays"),
            HolidayCalendar::Custom(d) => write!(f, "custom calendar of {} holidays", d.len()),
        }
    }
}

impl FromStr for HolidayCalendar {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(HolidayCalendar::None),
            "us-federal" => Ok(HolidayCalendar::UsFederal),
            other => {
                let mut msg = format!("unknown holiday calendar `{other}`");
                if let Some(s) = crate::error::did_you_mean(other, ["none", "us-federal"]) {
                    msg.push_str(&format!(": did you mean `{s}`?"));
                } else {
                    msg.push_str(": expected `none`, `us-federal` or a list of dates");
                }
                Err(msg)
            }
        }
    }
}

impl<'de> Deserialize<'de> for HolidayCalendar {
    /// Accepts `"none"`, `"us-federal"`, or an array of TOML dates (a custom calendar).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = HolidayCalendar;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`none`, `us-federal` or an array of dates")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                s.parse().map_err(E::custom)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut dates = Vec::new();
                while let Some(TomlDate(d)) = seq.next_element()? {
                    dates.push(d);
                }
                Ok(HolidayCalendar::custom(dates))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// Whether `date` is Monday to Friday.
pub fn is_weekday(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// United States federal holidays as observed by federal offices, for the
/// dates that fall in `year`, sorted.
///
/// A holiday on a Saturday is observed on the Friday before, one on a Sunday
/// on the Monday after. When New Year's Day falls on a Saturday it is observed
/// on Friday, December 31 of the *previous* year, so that date is part of the
/// previous year's list and the new year's list has no New Year's Day entry.
///
/// Juneteenth is included from 2021 and Martin Luther King Jr. Day from 1986;
/// other holidays use today's rules for every year (the Monday holidays date
/// from 1971). Years outside jiff's range give an empty list.
pub fn us_federal_holidays(year: i16) -> Vec<Date> {
    let Ok(jan1) = Date::new(year, 1, 1) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(12);
    let fixed = |m: i8, d: i8| Date::new(year, m, d).ok().map(observed);
    let nth = |m: i8, n: i8, wd: Weekday| {
        Date::new(year, m, 1)
            .and_then(|first| first.nth_weekday_of_month(n, wd))
            .ok()
    };

    // New Year's Day, unless it moved back into the previous year.
    if jan1.weekday() != Weekday::Saturday {
        out.extend(fixed(1, 1));
    }
    if year >= 1986 {
        out.extend(nth(1, 3, Weekday::Monday)); // Martin Luther King Jr. Day
    }
    out.extend(nth(2, 3, Weekday::Monday)); // Washington's Birthday
    out.extend(nth(5, -1, Weekday::Monday)); // Memorial Day
    if year >= 2021 {
        out.extend(fixed(6, 19)); // Juneteenth
    }
    out.extend(fixed(7, 4)); // Independence Day
    out.extend(nth(9, 1, Weekday::Monday)); // Labor Day
    out.extend(nth(10, 2, Weekday::Monday)); // Columbus Day
    out.extend(fixed(11, 11)); // Veterans Day
    out.extend(nth(11, 4, Weekday::Thursday)); // Thanksgiving Day
    out.extend(fixed(12, 25)); // Christmas Day
    // Next year's New Year's Day falls on a Saturday exactly when this
    // December 31 is a Friday; checking the weekday here also works for
    // year 9999, whose successor jiff cannot represent.
    if let Ok(dec31) = Date::new(year, 12, 31) {
        if dec31.weekday() == Weekday::Friday {
            out.push(dec31);
        }
    }
    out.sort_unstable();
    out
}

/// The weekday on which a fixed-date holiday is observed.
fn observed(date: Date) -> Date {
    match date.weekday() {
        Weekday::Saturday => add_calendar_days(date, -1),
        Weekday::Sunday => add_calendar_days(date, 1),
        _ => date,
    }
}

/// The `n`th business day after `date` (before it, for negative `n`); `date`
/// itself for `n == 0`. `date` itself is never counted.
///
/// A result outside jiff's range saturates at [`Date::MIN`] / [`Date::MAX`].
pub fn add_business_days(date: Date, n: i64, cal: &HolidayCalendar) -> Date {
    if n == 0 {
        return date;
    }
    let max = day_number(Date::MAX);
    let min = day_number(Date::MIN);
    // Clamp the step count so that weekday arithmetic cannot overflow; any
    // count this large lands outside the supported range anyway.
    let mut remaining = n.unsigned_abs().min((max - min) as u64 + 1) as i64;
    if n > 0 {
        let mut start = day_number(date) + 1;
        // Jump straight to the `remaining`th weekday, then move further by
        // one business day for each holiday skipped over, until none is left.
        // Each pass starts after the previous one, so this ends after at most
        // one pass per holiday in the range.
        loop {
            let end = nth_weekday_from(start, remaining);
            if end > max {
                return Date::MAX;
            }
            let skipped = cal.weekday_holidays_in(start, end + 1);
            if skipped == 0 {
                return from_day_number(end);
            }
            start = end + 1;
            remaining = skipped;
        }
    } else {
        let mut end = day_number(date);
        loop {
            let start = nth_weekday_before(end, remaining);
            if start < min {
                return Date::MIN;
            }
            let skipped = cal.weekday_holidays_in(start, end);
            if skipped == 0 {
                return from_day_number(start);
            }
            end = start;
            remaining = skipped;
        }
    }
}

/// The number of business-day steps from `a` to `b`: the business days in
/// `(a, b]` when `b` is later, minus those in `[b, a)` when `b` is earlier.
///
/// This is the inverse of [`add_business_days`]: a deadline of "10 business
/// days after discovery" is met when `business_days_between(discovery, sent) <= 10`.
pub fn business_days_between(a: Date, b: Date, cal: &HolidayCalendar) -> i64 {
    let (da, db) = (day_number(a), day_number(b));
    match da.cmp(&db) {
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Less => business_days_in(da + 1, db + 1, cal),
        std::cmp::Ordering::Greater => -business_days_in(db, da, cal),
    }
}

/// Business days in the day-number range `[lo, hi)`.
fn business_days_in(lo: i64, hi: i64, cal: &HolidayCalendar) -> i64 {
    weekdays_before(hi) - weekdays_before(lo) - cal.weekday_holidays_in(lo, hi)
}

/// The number of weekdays in `[0, n)` (negative for negative `n`): a
/// non-decreasing step function whose differences count weekdays in a range.
fn weekdays_before(n: i64) -> i64 {
    5 * n.div_euclid(7) + n.rem_euclid(7).min(5)
}

/// The day with `weekdays_before(x) == t` that is a weekday. Because
/// `weekdays_before` grows by one on each weekday, there is exactly one.
fn weekday_with_rank(t: i64) -> i64 {
    7 * t.div_euclid(5) + t.rem_euclid(5)
}

/// The `k`th weekday (k >= 1) counting from day `start` inclusive.
fn nth_weekday_from(start: i64, k: i64) -> i64 {
    weekday_with_rank(weekdays_before(start) + k - 1)
}

/// The `k`th weekday (k >= 1) counting back from the day before `end`.
fn nth_weekday_before(end: i64, k: i64) -> i64 {
    weekday_with_rank(weekdays_before(end) - k)
}

/// Days since [`EPOCH`] (a Monday).
fn day_number(date: Date) -> i64 {
    EPOCH.duration_until(date).as_secs() / SECONDS_PER_DAY
}

/// The date `n` days after [`EPOCH`], saturating at the ends of jiff's range.
fn from_day_number(n: i64) -> Date {
    if n <= day_number(Date::MIN) {
        return Date::MIN;
    }
    if n >= day_number(Date::MAX) {
        return Date::MAX;
    }
    jiff::Span::new()
        .try_days(n)
        .ok()
        .and_then(|span| EPOCH.checked_add(span).ok())
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// A date written in a TOML file as a native, unquoted local date (`2015-10-08`).
///
/// Deserialisation rejects, with a message that says to write an unquoted
/// `YYYY-MM-DD`: quoted strings (suggesting the corrected value when the
/// string is a recognisable date such as `"10/08/2015"`), date-times, times of
/// day, and any other type. Only the `toml` deserialiser produces native dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TomlDate(pub Date);

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TomlDateVisitor)
    }
}

/// The private key under which the `toml` crate hands a datetime to a visitor.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// The message shape shared by every date error: what was found, and the fix.
/// Lines after the first are `help:` lines (see `crate::facts` for how they
/// are shown); the first line alone already says what to write.
fn date_error<E: serde::de::Error>(found: &str, fix: Option<String>) -> E {
    let mut msg = format!("expected a date written as an unquoted YYYY-MM-DD, found {found}");
    if let Some(fix) = fix {
        msg.push_str("\nhelp: ");
        msg.push_str(&fix);
    }
    E::custom(msg)
}

struct TomlDateVisitor;

impl<'de> serde::de::Visitor<'de> for TomlDateVisitor {
    type Value = TomlDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written as an unquoted YYYY-MM-DD")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<TomlDate, E> {
        let fix = match parse_loose_date(s) {
            Some(d) => format!("write it without quotes: {d}"),
            None => "write a TOML date without quotes, e.g. 2015-10-08".to_string(),
        };
        Err(date_error("a quoted string", Some(fix)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TomlDate, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_KEY) {
            return Err(date_error("a table", None));
        }
        let raw: String = map.next_value()?;
        let dt: toml::value::Datetime = raw.parse().map_err(serde::de::Error::custom)?;
        match (dt.date, dt.time) {
            (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8)
                .map(TomlDate)
                .map_err(|e| serde::de::Error::custom(format!("invalid date {raw}: {e}"))),
            (Some(d), Some(_)) => Err(date_error(
                "a date and time",
                Some(format!(
                    "write only the date: {:04}-{:02}-{:02}",
                    d.year, d.month, d.day
                )),
            )),
            (None, _) => Err(date_error("a time of day", None)),
        }
    }
}

/// A date that may carry a time of day with its UTC offset: `2025-01-16` or
/// `2025-01-16T09:00:00Z` (`+01:00`). Keys that count hours (the discovery,
/// a report's submission) take it; a time without an offset is an error,
/// since the hours between two such times are not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TomlDateTime {
    /// The day, in the offset written.
    pub date: Date,
    /// The instant, when a time was given.
    pub at: Option<jiff::Timestamp>,
}

impl<'de> Deserialize<'de> for TomlDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TomlDateTimeVisitor)
    }
}

struct TomlDateTimeVisitor;

impl<'de> serde::de::Visitor<'de> for TomlDateTimeVisitor {
    type Value = TomlDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (YYYY-MM-DD) or a date and time with its offset (YYYY-MM-DDTHH:MM:SSZ)")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<TomlDateTime, E> {
        TomlDateVisitor.visit_str(s).map(|d| TomlDateTime {
            date: d.0,
            at: None,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TomlDateTime, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_KEY) {
            return Err(date_error("a table", None));
        }
        let raw: String = map.next_value()?;
        let dt: toml::value::Datetime = raw.parse().map_err(serde::de::Error::custom)?;
        let invalid = |e: jiff::Error| serde::de::Error::custom(format!("invalid date {raw}: {e}"));
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, _) => Ok(TomlDateTime {
                date: Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(invalid)?,
                at: None,
            }),
            (Some(d), Some(_), None) => Err(serde::de::Error::custom(format!(
                "expected a date, or a date and time with its offset, found a date and time without an offset\n\
                 help: add the offset, e.g. {raw}Z for UTC or {raw}-05:00, or write only the date: {:04}-{:02}-{:02}",
                d.year, d.month, d.day
            ))),
            (Some(d), Some(_), Some(_)) => Ok(TomlDateTime {
                // The day is the one written, in the offset written.
                date: Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(invalid)?,
                at: Some(
                    raw.replacen(' ', "T", 1)
                        .parse::<jiff::Timestamp>()
                        .map_err(invalid)?,
                ),
            }),
            (None, _, _) => Err(date_error("a time of day", None)),
        }
    }
}

/// Recognises the date spellings people paste into quoted strings, so the
/// error can show the exact unquoted replacement.
fn parse_loose_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    const FORMATS: &[&str] = &["%m/%d/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"];
    FORMATS.iter().find_map(|f| Date::strptime(f, s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const FED: &HolidayCalendar = &HolidayCalendar::UsFederal;

    #[test]
    fn date_times_keep_the_day_written_and_the_instant() {
        #[derive(serde::Deserialize)]
        struct T {
            at: TomlDateTime,
        }
        let t = |s: &str| toml::from_str::<T>(&format!("at = {s}")).map(|t| t.at);
        let d = t("2026-01-16").unwrap();
        assert_eq!((d.date, d.at), (date(2026, 1, 16), None));
        let d = t("2026-01-16T23:30:00-05:00").unwrap();
        assert_eq!(d.date, date(2026, 1, 16));
        assert_eq!(d.at.unwrap().to_string(), "2026-01-17T04:30:00Z");
        let d = t("2026-01-16 09:00:00Z").unwrap();
        assert_eq!(d.at.unwrap().to_string(), "2026-01-16T09:00:00Z");
        let e = t("2026-01-16T09:00:00").unwrap_err().to_string();
        assert!(e.contains("without an offset"), "{e}");
        assert!(t("09:00:00").is_err());
        assert!(t("\"2026-01-16\"").is_err());
    }

    #[test]
    fn calendar_days_cross_month_and_leap_day() {
        assert_eq!(add_calendar_days(date(2024, 1, 31), 29), date(2024, 2, 29));
        assert_eq!(add_calendar_days(date(2023, 1, 31), 29), date(2023, 3, 1));
        assert_eq!(add_calendar_days(date(2015, 10, 8), 60), date(2015, 12, 7));
        assert_eq!(
            calendar_days_between(date(2015, 10, 8), date(2016, 6, 23)),
            259
        );
        assert_eq!(
            calendar_days_between(date(2016, 6, 23), date(2015, 10, 8)),
            -259
        );
    }

    #[test]
    fn calendar_days_saturate_instead_of_panicking() {
        assert_eq!(add_calendar_days(date(2020, 1, 1), i64::MAX), Date::MAX);
        assert_eq!(add_calendar_days(date(2020, 1, 1), i64::MIN), Date::MIN);
        assert_eq!(add_calendar_days(Date::MAX, 1), Date::MAX);
        assert_eq!(
            add_business_days(date(2020, 1, 1), i64::MAX, FED),
            Date::MAX
        );
        assert_eq!(
            add_business_days(date(2020, 1, 1), i64::MIN, FED),
            Date::MIN
        );
        assert_eq!(
            calendar_days_between(Date::MIN, Date::MAX),
            day_number(Date::MAX) - day_number(Date::MIN)
        );
    }

    #[test]
    fn end_of_year_and_hours() {
        assert_eq!(end_of_year(date(2015, 10, 8)), date(2015, 12, 31));
        let a: Timestamp = "2024-03-09T12:00:00Z".parse().unwrap();
        let b: Timestamp = "2024-03-12T11:59:59Z".parse().unwrap();
        assert_eq!(hours_between(a, b), 71);
        assert_eq!(hours_between(b, a), -71);
        assert_eq!(add_hours(a, 72), "2024-03-12T12:00:00Z".parse().unwrap());
        assert_eq!(add_hours(a, i64::MAX), Timestamp::MAX);
    }

    #[test]
    fn observed_holidays_2021() {
        let h = us_federal_holidays(2021);
        // Juneteenth (Saturday) observed Friday; Independence Day (Sunday)
        // observed Monday; Christmas (Saturday) observed Friday; New Year 2022
        // (Saturday) observed Friday, December 31, 2021.
        for d in [
            date(2021, 1, 1),
            date(2021, 1, 18),
            date(2021, 6, 18),
            date(2021, 7, 5),
            date(2021, 11, 25),
            date(2021, 12, 24),
            date(2021, 12, 31),
        ] {
            assert!(h.contains(&d), "{d} missing from {h:?}");
        }
        assert!(!h.contains(&date(2021, 6, 19)));
        assert!(!h.contains(&date(2021, 7, 4)));
        assert_eq!(h.len(), 12);
        assert!(FED.is_holiday(date(2021, 12, 31)));
        assert!(!FED.is_business_day(date(2021, 12, 31)));
    }

    #[test]
    fn observed_holidays_2022_has_no_new_years_day() {
        let h = us_federal_holidays(2022);
        assert!(!h.iter().any(|d| d.month() == 1 && d.day() <= 3));
        assert!(h.contains(&date(2022, 6, 20))); // Juneteenth, Sunday → Monday
        assert!(h.contains(&date(2022, 12, 26))); // Christmas, Sunday → Monday
        assert_eq!(h.len(), 10);
        assert!(FED.is_business_day(date(2022, 1, 3)));
    }

    #[test]
    fn observed_holidays_2023_and_2027() {
        let h = us_federal_holidays(2023);
        assert!(h.contains(&date(2023, 1, 2))); // New Year, Sunday → Monday
        assert!(h.contains(&date(2023, 11, 10))); // Veterans Day, Saturday → Friday
        assert!(h.contains(&date(2023, 6, 19)));
        assert_eq!(h.len(), 11);

        let h = us_federal_holidays(2027);
        assert!(h.contains(&date(2027, 1, 1))); // a Friday
        assert!(h.contains(&date(2027, 6, 18))); // Juneteenth, Saturday → Friday
        assert!(h.contains(&date(2027, 7, 5))); // Independence Day, Sunday → Monday
        assert!(h.contains(&date(2027, 12, 24))); // Christmas, Saturday → Friday
        assert!(h.contains(&date(2027, 12, 31))); // New Year 2028, Saturday → Friday
        assert!(
            !us_federal_holidays(2028)
                .iter()
                .any(|d| d.month() == 1 && d.day() < 10)
        );
    }

    #[test]
    fn juneteenth_and_mlk_start_years() {
        assert!(!us_federal_holidays(2020).iter().any(|d| d.month() == 6));
        assert!(
            !us_federal_holidays(1985)
                .iter()
                .any(|d| d.month() == 1 && d.day() > 1)
        );
        assert!(us_federal_holidays(1986).contains(&date(1986, 1, 20)));
    }

    #[test]
    fn thanksgiving_weekend_business_days() {
        // Wednesday before Thanksgiving 2023: Thursday is a holiday, then
        // Friday, then the weekend.
        let wed = date(2023, 11, 22);
        assert_eq!(add_business_days(wed, 1, FED), date(2023, 11, 24));
        assert_eq!(add_business_days(wed, 2, FED), date(2023, 11, 27));
        assert_eq!(
            add_business_days(wed, 1, &HolidayCalendar::None),
            date(2023, 11, 23)
        );
        assert_eq!(business_days_between(wed, date(2023, 11, 27), FED), 2);
        assert_eq!(add_business_days(date(2023, 11, 27), -2, FED), wed);
    }

    #[test]
    fn new_year_crossing() {
        // Thursday, December 30, 2021: Friday the 31st is the observed New
        // Year's Day, January 1-2 are a weekend.
        let d = date(2021, 12, 30);
        assert_eq!(add_business_days(d, 1, FED), date(2022, 1, 3));
        assert_eq!(add_business_days(d, 15, FED), date(2022, 1, 24)); // skips MLK Day
        assert_eq!(business_days_between(d, date(2022, 1, 24), FED), 15);
        assert_eq!(business_days_between(d, d, FED), 0);
    }

    #[test]
    fn custom_calendars_and_parsing() {
        let cal =
            HolidayCalendar::custom(vec![date(2024, 3, 6), date(2024, 3, 5), date(2024, 3, 5)]);
        assert_eq!(
            cal,
            HolidayCalendar::Custom(vec![date(2024, 3, 5), date(2024, 3, 6)])
        );
        assert_eq!(
            add_business_days(date(2024, 3, 4), 1, &cal),
            date(2024, 3, 7)
        );
        // An unsorted list built directly still counts each date once.
        let raw =
            HolidayCalendar::Custom(vec![date(2024, 3, 6), date(2024, 3, 5), date(2024, 3, 6)]);
        assert_eq!(
            business_days_between(date(2024, 3, 4), date(2024, 3, 7), &raw),
            1
        );

        assert_eq!(
            "us-federal".parse::<HolidayCalendar>(),
            Ok(HolidayCalendar::UsFederal)
        );
        let err = "us-federl".parse::<HolidayCalendar>().unwrap_err();
        assert!(err.contains("did you mean `us-federal`"), "{err}");

        #[derive(Deserialize)]
        struct C {
            cal: HolidayCalendar,
        }
        let c: C = toml::from_str("cal = \"none\"").unwrap();
        assert_eq!(c.cal, HolidayCalendar::None);
        let c: C = toml::from_str("cal = [2024-12-24, 2024-12-26]").unwrap();
        assert!(c.cal.is_holiday(date(2024, 12, 24)));
        assert!(toml::from_str::<C>("cal = \"weekly\"").is_err());
    }

    #[test]
    fn toml_dates_are_strict() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            d: TomlDate,
        }
        let ok: T = toml::from_str("d = 2015-10-08").unwrap();
        assert_eq!(ok.d, TomlDate(date(2015, 10, 8)));
        for (src, help) in [
            (
                "d = \"2015-10-08\"",
                Some("write it without quotes: 2015-10-08"),
            ),
            (
                "d = \"10/08/2015\"",
                Some("write it without quotes: 2015-10-08"),
            ),
            (
                "d = \"October 8, 2015\"",
                Some("write it without quotes: 2015-10-08"),
            ),
            ("d = \"soon\"", None),
            (
                "d = 2015-10-08T09:30:00",
                Some("write only the date: 2015-10-08"),
            ),
            (
                "d = 2015-10-08T09:30:00Z",
                Some("write only the date: 2015-10-08"),
            ),
            ("d = 09:30:00", None),
            ("d = 20151008", None),
            ("d = { y = 2015 }", None),
        ] {
            let err = toml::from_str::<T>(src).unwrap_err();
            let msg = err.message();
            assert!(msg.contains("unquoted YYYY-MM-DD"), "{src}: {msg}");
            if let Some(help) = help {
                assert!(msg.contains(help), "{src}: {msg}");
            }
            let span = err.span().expect("span");
            assert_eq!(&src[span], &src[4..], "{src}");
        }
        assert!(toml::from_str::<T>("d = 2015-02-30").is_err());
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // 1900..2200 covers every plausible deadline, with leap years and
        // the 2100 non-leap century year.
        (1900i16..2200, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
            let first = Date::new(y, m, 1).unwrap();
            Date::new(y, m, d.min(first.days_in_month())).unwrap()
        })
    }

    /// A calendar for dates near `anchor`: custom holidays are drawn within
    /// 500 days of it so that they actually fall inside the ranges tested.
    fn calendar_near(anchor: Date) -> impl Strategy<Value = HolidayCalendar> {
        prop_oneof![
            Just(HolidayCalendar::None),
            Just(HolidayCalendar::UsFederal),
            proptest::collection::vec(-500i64..500, 0..60).prop_map(move |offs| {
                HolidayCalendar::Custom(
                    offs.into_iter()
                        .map(|o| add_calendar_days(anchor, o))
                        .collect(),
                )
            }),
        ]
    }

    fn date_and_calendar() -> impl Strategy<Value = (Date, HolidayCalendar)> {
        any_date().prop_flat_map(|d| (Just(d), calendar_near(d)))
    }

    proptest! {
        #[test]
        fn calendar_days_round_trip(d in any_date(), n in -100_000i64..100_000) {
            let e = add_calendar_days(d, n);
            prop_assert_eq!(calendar_days_between(d, e), n);
            // Agrees with jiff's own span arithmetic.
            prop_assert_eq!(e, d.checked_add(jiff::Span::new().days(n)).unwrap());
        }

        #[test]
        fn business_deadline_is_a_business_day((d, cal) in date_and_calendar(), n in -400i64..400) {
            prop_assume!(n != 0);
            let e = add_business_days(d, n, &cal);
            prop_assert!(cal.is_business_day(e), "{} + {} = {} ({:?})", d, n, e, e.weekday());
            prop_assert_eq!(business_days_between(d, e, &cal), n);
        }

        #[test]
        fn business_days_agree_with_day_by_day_count((d, cal) in date_and_calendar(), len in 0i64..800) {
            let e = add_calendar_days(d, len);
            let slow = (1..=len)
                .filter(|i| cal.is_business_day(add_calendar_days(d, *i)))
                .count() as i64;
            prop_assert_eq!(business_days_between(d, e, &cal), slow);
            let slow_back = (0..len)
                .filter(|i| cal.is_business_day(add_calendar_days(d, *i)))
                .count() as i64;
            prop_assert_eq!(business_days_between(e, d, &cal), -slow_back);
        }

        #[test]
        fn business_days_are_monotonic((d, cal) in date_and_calendar(), n in 0i64..300) {
            let a = add_business_days(d, n, &cal);
            let b = add_business_days(d, n + 1, &cal);
            prop_assert!(a < b);
            prop_assert!(b > d);
            // Every day strictly between two consecutive deadlines is not a business day.
            let gap = calendar_days_between(a, b);
            for i in 1..gap {
                prop_assert!(!cal.is_business_day(add_calendar_days(a, i)));
            }
        }

        #[test]
        fn business_days_between_is_monotonic_in_the_end_date(d in any_date(), x in 0i64..500, y in 0i64..500) {
            let (x, y) = (x.min(y), x.max(y));
            let bx = business_days_between(d, add_calendar_days(d, x), FED);
            let by = business_days_between(d, add_calendar_days(d, y), FED);
            prop_assert!(bx <= by);
        }

        #[test]
        fn federal_holidays_are_weekdays_in_their_year(y in 1900i16..2200) {
            let h = us_federal_holidays(y);
            prop_assert!(h.iter().all(|d| is_weekday(*d) && d.year() == y));
            prop_assert!(h.windows(2).all(|w| w[0] < w[1]));
            prop_assert!((8..=12).contains(&h.len()));
        }
    }
}
