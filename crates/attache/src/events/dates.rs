//! Event dates: the date expression nearest the event, resolved against the publication date.
//!
//! News reports past events: a bare weekday is the most recent such day on or before
//! publication ("on Monday"), unless "next" says otherwise. Also "yesterday", "today",
//! "tomorrow", "last night", "last/this week|month|year", "March 3" / "3 March" (with or without
//! a year; without one, the latest such day not more than a week after publication), "in
//! September 2014", "in September", "in 2014". A span keeps its first and last day. With no
//! expression, the publication date stands in and is marked so.

use crate::calendar::{month_number, weekday_number, Day};
use crate::text::Annotated;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBasis {
    /// Resolved from a date expression in the text.
    Text,
    /// No expression: the publication date.
    Published,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Published => "published",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventDate {
    pub day: Option<Day>,
    /// Last day of a span.
    pub end: Option<Day>,
    pub text: Option<Range<usize>>,
    pub basis: Option<DateBasis>,
}

/// A date expression: its tokens, and how to resolve it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expression {
    tokens: Range<usize>,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Weekday {
        day: u32,
        next: bool,
    },
    Offset(i64),
    LastWeek,
    ThisWeek,
    LastMonth,
    LastYear,
    MonthDay {
        month: u32,
        day: u32,
        year: Option<i32>,
    },
    Month {
        month: u32,
        year: Option<i32>,
    },
    Year(i32),
}

pub fn resolve(
    ann: &Annotated,
    scope: &[Range<usize>],
    evidence: &Range<usize>,
    published: Option<Day>,
) -> EventDate {
    let nearest = scope
        .iter()
        .flat_map(|r| expressions(ann, r.clone()))
        .min_by_key(|e| distance(&e.tokens, evidence));
    match nearest {
        Some(e) => {
            let (day, end) = e.kind.resolve(published).unwrap_or((None, None));
            EventDate {
                day,
                end,
                text: Some(e.tokens),
                basis: day.map(|_| DateBasis::Text),
            }
        }
        None => EventDate {
            day: published,
            end: None,
            text: None,
            basis: published.map(|_| DateBasis::Published),
        },
    }
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    // At most one of the gaps is positive; overlapping ranges have none.
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

fn lower(ann: &Annotated, i: usize) -> String {
    ann.word(i).to_lowercase()
}

fn year_at(ann: &Annotated, i: usize, end: usize) -> Option<i32> {
    (i < end)
        .then(|| ann.word(i))
        .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|w| w.parse().ok())
        .filter(|y| (1900..2100).contains(y))
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    digits
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d) && digits.len() <= 2)
}

/// All date expressions in a token range.
fn expressions(ann: &Annotated, range: Range<usize>) -> Vec<Expression> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        match expression_at(ann, i, range.start, range.end) {
            Some(e) => {
                i = e.tokens.end;
                out.push(e);
            }
            None => i += 1,
        }
    }
    out
}

fn expression_at(ann: &Annotated, i: usize, start: usize, end: usize) -> Option<Expression> {
    let w = lower(ann, i);
    let word_at = |j: Option<usize>| {
        j.filter(|j| (start..end).contains(j))
            .map(|j| lower(ann, j))
            .unwrap_or_default()
    };
    let (prev, next) = (word_at(i.checked_sub(1)), word_at(Some(i + 1)));
    let e = |len: usize, kind| {
        Some(Expression {
            tokens: i..i + len,
            kind,
        })
    };
    if let Some(day) = weekday_number(&w) {
        let next_week = prev == "next";
        let from = if next_week || prev == "last" {
            i - 1
        } else {
            i
        };
        return Some(Expression {
            tokens: from..i + 1,
            kind: Kind::Weekday {
                day,
                next: next_week,
            },
        });
    }
    match (w.as_str(), next.as_str()) {
        ("yesterday", _) => return e(1, Kind::Offset(-1)),
        ("today", _) => return e(1, Kind::Offset(0)),
        ("tomorrow", _) => return e(1, Kind::Offset(1)),
        ("last", "night") => return e(2, Kind::Offset(-1)),
        ("last", "week") => return e(2, Kind::LastWeek),
        ("this", "week") => return e(2, Kind::ThisWeek),
        ("last", "month") => return e(2, Kind::LastMonth),
        ("last", "year") => return e(2, Kind::LastYear),
        _ => {}
    }
    if let Some(month) = month_name(ann, i) {
        // "March 3", "March 3, 2014", "September 2014", "in September".
        if let Some(day) = (i + 1 < end).then(|| day_number(ann.word(i + 1))).flatten() {
            let comma = i + 2 < end && ann.word(i + 2) == ",";
            let year = year_at(ann, i + 2 + comma as usize, end);
            let len = if year.is_some() {
                3 + comma as usize
            } else {
                2
            };
            return e(len, Kind::MonthDay { month, day, year });
        }
        let year = year_at(ann, i + 1, end);
        if year.is_some() || prev == "in" || prev == "since" {
            return e(1 + year.is_some() as usize, Kind::Month { month, year });
        }
        return None;
    }
    if let Some(day) = day_number(ann.word(i)) {
        // "3 March 2014".
        if let Some(month) = (i + 1 < end).then(|| month_name(ann, i + 1)).flatten() {
            let year = year_at(ann, i + 2, end);
            return e(
                2 + year.is_some() as usize,
                Kind::MonthDay { month, day, year },
            );
        }
    }
    if prev == "in" {
        if let Some(y) = year_at(ann, i, end) {
            return e(1, Kind::Year(y));
        }
    }
    None
}

/// A capitalised month name ("May" the modal is lowercase mid-sentence).
fn month_name(ann: &Annotated, i: usize) -> Option<u32> {
    let w = ann.word(i);
    w.starts_with(char::is_uppercase)
        .then(|| month_number(w))
        .flatten()
        .filter(|_| w.len() >= 3)
}

impl Kind {
    /// First and last day (last only for spans).
    fn resolve(&self, published: Option<Day>) -> Option<(Option<Day>, Option<Day>)> {
        let single = |d: Day| Some((Some(d), None));
        let span = |a: Day, b: Day| Some((Some(a), Some(b)));
        match *self {
            Kind::MonthDay {
                month,
                day,
                year: Some(y),
            } => single(Day::new(y, month, day)?),
            Kind::Month {
                month,
                year: Some(y),
            } => span(Day::new(y, month, 1)?, Day::last_of_month(y, month)),
            Kind::Year(y) => span(Day::new(y, 1, 1)?, Day::new(y, 12, 31)?),
            _ => self.relative(published?),
        }
    }

    fn relative(&self, p: Day) -> Option<(Option<Day>, Option<Day>)> {
        let single = |d: Day| Some((Some(d), None));
        let monday = p.plus_days(-(p.weekday() as i64));
        match *self {
            Kind::Weekday { day, next: false } => {
                let back = (p.weekday() as i64 - day as i64).rem_euclid(7);
                single(p.plus_days(-back))
            }
            Kind::Weekday { day, next: true } => {
                let ahead = (day as i64 - p.weekday() as i64).rem_euclid(7);
                single(p.plus_days(if ahead == 0 { 7 } else { ahead }))
            }
            Kind::Offset(n) => single(p.plus_days(n)),
            Kind::LastWeek => Some((Some(monday.plus_days(-7)), Some(monday.plus_days(-1)))),
            Kind::ThisWeek => Some((Some(monday), Some(monday.plus_days(6)))),
            Kind::LastMonth => {
                let (y, m) = if p.month == 1 {
                    (p.year - 1, 12)
                } else {
                    (p.year, p.month - 1)
                };
                Some((Day::new(y, m, 1), Some(Day::last_of_month(y, m))))
            }
            Kind::LastYear => Some((Day::new(p.year - 1, 1, 1), Day::new(p.year - 1, 12, 31))),
            Kind::MonthDay {
                month,
                day,
                year: None,
            } => {
                let this_year = Day::new(p.year, month, day)?;
                let d = if this_year.ordinal() > p.ordinal() + 7 {
                    Day::new(p.year - 1, month, day)?
                } else {
                    this_year
                };
                single(d)
            }
            Kind::Month { month, year: None } => {
                let y = if month > p.month { p.year - 1 } else { p.year };
                Some((Day::new(y, month, 1), Some(Day::last_of_month(y, month))))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::annotate;

    fn date(text: &str, published: &str) -> (Option<String>, Option<String>, Option<String>) {
        let ann = annotate(text);
        let all = 0..ann.tokens.len();
        let d = resolve(
            &ann,
            std::slice::from_ref(&all),
            &(0..1),
            Day::parse_iso(published),
        );
        (
            d.day.map(|d| d.to_string()),
            d.end.map(|d| d.to_string()),
            d.text.map(|r| ann.slice(r).to_string()),
        )
    }

    #[test]
    fn relative_and_absolute_dates() {
        // 2022-02-09 is a Wednesday.
        let p = "2022-02-09";
        assert_eq!(
            date("Ana met Ivo on Monday.", p).0.as_deref(),
            Some("2022-02-07")
        );
        assert_eq!(
            date("Ana met Ivo on Wednesday.", p).0.as_deref(),
            Some("2022-02-09")
        );
        assert_eq!(
            date("They spoke yesterday.", p).0.as_deref(),
            Some("2022-02-08")
        );
        let w = date("They spoke last week.", p);
        assert_eq!(
            (w.0.as_deref(), w.1.as_deref()),
            (Some("2022-01-31"), Some("2022-02-06"))
        );
        assert_eq!(
            date("It was signed on March 3.", p).0.as_deref(),
            Some("2021-03-03")
        );
        let s = date("It was signed in September 2014.", p);
        assert_eq!(
            (s.0.as_deref(), s.1.as_deref()),
            (Some("2014-09-01"), Some("2014-09-30"))
        );
        assert_eq!(s.2.as_deref(), Some("September 2014"));
        assert_eq!(
            date("It was signed on 3 March 2014.", p).0.as_deref(),
            Some("2014-03-03")
        );
    }

    #[test]
    fn falls_back_to_publication() {
        let ann = annotate("They met.");
        let d = resolve(
            &ann,
            std::slice::from_ref(&(0..3)),
            &(0..1),
            Day::parse_iso("2020-01-01"),
        );
        assert_eq!(d.basis, Some(DateBasis::Published));
        assert_eq!(d.day.map(|d| d.to_string()).as_deref(), Some("2020-01-01"));
        let sentence = 0..5;
        let d = resolve(
            &annotate("They met on Monday."),
            std::slice::from_ref(&sentence),
            &(0..1),
            None,
        );
        assert_eq!((d.day, d.basis), (None, None));
        assert!(d.text.is_some());
    }
}
