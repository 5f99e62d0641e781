//! Civil (calendar) dates without time zones, and ages by the birthday rule.
//!
//! The kernel never reads a clock: every date it sees comes from the case or the options.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl CivilDate {
    /// A date, or `None` when it does not exist (2023-02-29, month 13, year outside 1..=9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(CivilDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly (no time, no zone).
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        CivilDate::new(year, month, day)
    }

    /// The year (1..=9999).
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month (1..=12).
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month (1..=31).
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`CivilDate::to_days`]; `None` outside years 1..=9999.
    pub fn from_days(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        CivilDate::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The date `days` later (earlier when negative); `None` outside years 1..=9999.
    pub fn add_days(self, days: i64) -> Option<Self> {
        CivilDate::from_days(self.to_days().checked_add(days)?)
    }

    /// Adds calendar months; a day past the end of the target month becomes its last day
    /// (2024-01-31 plus one month is 2024-02-29).
    pub fn add_months(self, months: i64) -> Option<Self> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let day = self.day.min(days_in_month(year, month));
        CivilDate::new(year, month, day)
    }

    /// The date on which someone born on `self` has their birthday in `year`.
    /// A 29 February birthday falls on 1 March in common years: the person has not lived
    /// the full year until 28 February has ended.
    pub fn anniversary_in(self, year: i32) -> Option<Self> {
        if self.month == 2 && self.day == 29 && !is_leap(year) {
            CivilDate::new(year, 3, 1)
        } else {
            CivilDate::new(year, self.month, self.day)
        }
    }
}

/// Whole years from `from` to `to` by the birthday rule: the count goes up on each
/// anniversary of `from` (1 March for 29 February in common years). Negative when `to`
/// is before `from`.
pub fn years_between(from: CivilDate, to: CivilDate) -> i64 {
    if to < from {
        return -years_between(to, from);
    }
    let mut years = i64::from(to.year - from.year);
    match from.anniversary_in(to.year) {
        Some(anniversary) if to < anniversary => years -= 1,
        Some(_) => {}
        None => {}
    }
    years
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

// A date serializes as its ISO 8601 text (`"2026-11-23"`).
crate::money::serde_as_text!(CivilDate: "a date YYYY-MM-DD");

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> CivilDate {
        CivilDate::parse(text).unwrap()
    }

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert!(CivilDate::parse("2023-02-29").is_none());
        assert!(CivilDate::parse("2023-13-01").is_none());
        assert!(CivilDate::parse("2023-1-01").is_none());
        assert!(CivilDate::parse("+023-01-01").is_none());
        assert!(CivilDate::parse("0000-01-01").is_none());
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2000-03-01").to_days(), 11_017);
        for days in [-719_162, -1, 0, 1, 10_957, 2_932_896] {
            assert_eq!(CivilDate::from_days(days).unwrap().to_days(), days);
        }
    }

    #[test]
    fn birthday_rule() {
        assert_eq!(years_between(d("2008-01-15"), d("2026-01-14")), 17);
        assert_eq!(years_between(d("2008-01-15"), d("2026-01-15")), 18);
        assert_eq!(years_between(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(years_between(d("2008-02-29"), d("2026-03-01")), 18);
        assert_eq!(years_between(d("2008-02-29"), d("2028-02-29")), 20);
        assert_eq!(years_between(d("2026-01-15"), d("2008-01-15")), -18);
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(d("2024-01-31").add_months(1).unwrap(), d("2024-02-29"));
        assert_eq!(d("2024-08-31").add_months(-6).unwrap(), d("2024-02-29"));
        assert_eq!(d("2024-03-15").add_months(-15).unwrap(), d("2022-12-15"));
    }
}
