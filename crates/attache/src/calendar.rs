//! Calendar days: parsing ISO dates, weekdays and day arithmetic, shared by the stages that
//! reason about time (actor codes valid over date ranges, event dates resolved against the
//! publication date). Proleptic Gregorian calendar, days counted from 1970-01-01.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|_| day >= 1 && day <= days_in_month(year, month))
            .map(|_| Day { year, month, day })
    }

    /// `YYYY-MM-DD`, optionally followed by a time (`2022-02-08T10:00:00Z`).
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.get(..10)?;
        let mut parts = s.split('-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Day::new(y, m, d)
    }

    /// `YYYYMMDD`.
    pub fn parse_compact(s: &str) -> Option<Day> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Day::new(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..].parse().ok()?,
        )
    }

    /// Days since 1970-01-01 (negative before).
    pub fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - (self.month <= 2) as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + (month <= 2) as i64) as i32;
        Day { year, month, day }
    }

    pub fn plus_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.ordinal() + 3).rem_euclid(7) as u32
    }

    pub fn last_of_month(year: i32, month: u32) -> Day {
        Day {
            year,
            month,
            day: days_in_month(year, month),
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Month number of an English month name or abbreviation ("Sept", "March").
pub fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// Weekday number (0 = Monday) of an English weekday name.
pub fn weekday_number(word: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.to_lowercase();
    DAYS.iter().position(|d| *d == w).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip_and_weekdays() {
        let d = Day::new(2022, 2, 8).unwrap();
        assert_eq!(Day::from_ordinal(d.ordinal()), d);
        assert_eq!(d.weekday(), 1); // a Tuesday
        assert_eq!(d.plus_days(-1).to_string(), "2022-02-07");
        assert_eq!(
            Day::new(2000, 2, 29).unwrap().plus_days(1).to_string(),
            "2000-03-01"
        );
        assert!(Day::new(2021, 2, 29).is_none());
        assert_eq!(Day::parse_iso("2014-09-05T10:00Z"), Day::new(2014, 9, 5));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(weekday_number("Sunday"), Some(6));
    }
}
