//! Publication dates: the output contract wants `YYYY-MM-DD`; pages and feeds write them in a
//! handful of machine formats.

/// `s` if it is exactly a valid calendar date written `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !shape {
        return None;
    }
    let (y, m, d) = (number(&s[0..4])?, number(&s[5..7])?, number(&s[8..10])?);
    valid_day(y, m, d).then(|| s.to_string())
}

/// The day of a machine-written timestamp: `2022-02-08T10:00:00Z`, `2022-02-08 10:00`,
/// `2022/02/08`, `20220208`. Prose dates ("Feb 8, 2022") are left to the date resolver.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() == 8 {
        let iso = format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]);
        return parse_iso_date(&iso);
    }
    let head: String = s.chars().take(10).collect();
    parse_iso_date(&head.replace('/', "-"))
}

fn number(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

// `%` rather than `is_multiple_of`, which is newer than the workspace's rust-version.
#[allow(clippy::manual_is_multiple_of)]
fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1000 && (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_iso() {
        assert_eq!(parse_iso_date("2022-02-08").as_deref(), Some("2022-02-08"));
        assert_eq!(parse_iso_date("2024-02-29").as_deref(), Some("2024-02-29"));
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "2022-2-8",
            "22-02-08",
            "2022-02-08T",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn machine_formats() {
        for s in [
            "2022-02-08T10:00:00Z",
            "2022-02-08 10:00",
            "2022/02/08",
            "20220208",
            " 2022-02-08+01:00",
        ] {
            assert_eq!(normalize(s).as_deref(), Some("2022-02-08"), "{s}");
        }
        assert_eq!(normalize("Feb 8, 2022"), None);
        assert_eq!(normalize("2022-99-08"), None);
    }
}
