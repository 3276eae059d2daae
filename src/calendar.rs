//! Calendar arithmetic for deadlines.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// Which days are holidays for business-day counting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HolidayCalendar {
    /// No holidays; only weekends are skipped.
    None,
    /// United States federal holidays, with observed dates.
    UsFederal,
    /// An explicit list.
    Custom(Vec<Date>),
}

/// `d` plus `n` calendar days.
pub fn add_calendar_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).unwrap_or(d)
}

/// Calendar days from `a` to `b` (negative when `b` is earlier).
pub fn calendar_days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

fn nth_weekday(year: i16, month: i8, weekday: Weekday, n: i8) -> Date {
    let first = Date::new(year, month, 1).expect("valid month");
    let offset = (weekday.to_monday_zero_offset() - first.weekday().to_monday_zero_offset()).rem_euclid(7);
    first.checked_add((i64::from(offset) + 7 * i64::from(n - 1)).days()).expect("in range")
}

fn last_weekday(year: i16, month: i8, weekday: Weekday) -> Date {
    let last = Date::new(year, month, 1).expect("valid month").last_of_month();
    let back = (last.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
    last.checked_sub(i64::from(back).days()).expect("in range")
}

fn observed(d: Date) -> Date {
    match d.weekday() {
        Weekday::Saturday => add_calendar_days(d, -1),
        Weekday::Sunday => add_calendar_days(d, 1),
        _ => d,
    }
}

/// US federal holidays observed in `year` (5 U.S.C. 6103), including a New
/// Year's Day of the next year observed on 31 December.
pub fn us_federal_holidays(year: i16) -> Vec<Date> {
    let fixed = |m: i8, d: i8| observed(Date::new(year, m, d).expect("valid date"));
    let mut out = vec![
        fixed(1, 1),
        nth_weekday(year, 1, Weekday::Monday, 3),
        nth_weekday(year, 2, Weekday::Monday, 3),
        last_weekday(year, 5, Weekday::Monday),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Monday, 1),
        nth_weekday(year, 10, Weekday::Monday, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thursday, 4),
        fixed(12, 25),
    ];
    if year >= 2021 {
        out.push(fixed(6, 19));
    }
    if let Ok(next) = Date::new(year + 1, 1, 1) {
        if next.weekday() == Weekday::Saturday {
            out.push(add_calendar_days(next, -1));
        }
    }
    out.retain(|d| d.year() == year);
    out.sort();
    out
}

impl HolidayCalendar {
    /// Whether `d` is a holiday.
    pub fn is_holiday(&self, d: Date) -> bool {
        match self {
            HolidayCalendar::None => false,
            HolidayCalendar::UsFederal => us_federal_holidays(d.year()).contains(&d),
            HolidayCalendar::Custom(days) => days.contains(&d),
        }
    }

    /// Whether `d` is a weekday that is not a holiday.
    pub fn is_business_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_holiday(d)
    }
}

/// The `n`th business day after `d`.
pub fn add_business_days(d: Date, n: i64, cal: &HolidayCalendar) -> Date {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = add_calendar_days(day, 1);
        if cal.is_business_day(day) {
            left -= 1;
        }
    }
    day
}

/// Business days after `a` up to and including `b`.
pub fn business_days_between(a: Date, b: Date, cal: &HolidayCalendar) -> i64 {
    if b <= a {
        return -business_days_between(b, a, cal);
    }
    let mut n = 0;
    let mut day = a;
    while day < b {
        day = add_calendar_days(day, 1);
        if cal.is_business_day(day) {
            n += 1;
        }
    }
    n
}
