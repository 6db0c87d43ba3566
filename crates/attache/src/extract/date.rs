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

/// The first calendar date written in prose or page text: "March 3, 2021", "3rd Mar. 2021",
/// "3. März 2021", "le 3 mars 2021", "03.03.2021", "2021/03/03", "3/14/2021". Numeric dates
/// with both parts ≤ 12 are read day-first after a dot ("03.04.2021", European) and
/// month-first after a slash ("03/04/2021", American), as pages in each convention write them.
/// Years outside 1990..=2099 are not dates a news page is published on and are passed over.
pub fn find_in_text(text: &str) -> Option<String> {
    let tokens = tokens(text);
    (0..tokens.len()).find_map(|i| date_at(&tokens[i..]))
}

/// A word or a number, with the characters that separate it from the next token.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(u32, usize, &'a str),
    Word(&'a str, &'a str),
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
        rest = &rest[start..];
        let digits = rest.starts_with(|c: char| c.is_ascii_digit());
        let end = rest
            .find(|c: char| {
                if digits {
                    !c.is_ascii_digit()
                } else {
                    !c.is_alphabetic()
                }
            })
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let sep_end = after
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(after.len());
        let sep = &after[..sep_end];
        out.push(match word.parse::<u32>() {
            Ok(n) if digits && word.len() <= 8 => Tok::Num(n, word.len(), sep),
            _ => Tok::Word(word, sep),
        });
        rest = &after[sep_end..];
        if out.len() > 100_000 {
            break;
        }
    }
    out
}

fn date_at(t: &[Tok]) -> Option<String> {
    numeric_date(t)
        .or_else(|| month_first(t))
        .or_else(|| day_first(t))
}

/// `2021-03-03`, `2021/3/3`, `2021.03.03`, `03.03.2021`, `3/14/2021`.
fn numeric_date(t: &[Tok]) -> Option<String> {
    let [Tok::Num(a, la, s1), Tok::Num(b, lb, s2), Tok::Num(c, lc, _), ..] = *t else {
        return None;
    };
    let s1 = s1.trim();
    let same_sep = s1 == s2.trim() && ["-", "/", "."].contains(&s1);
    if !same_sep || lb > 2 {
        return None;
    }
    if la == 4 && lc <= 2 {
        return day(a, b, c);
    }
    if lc != 4 || la > 2 {
        return None;
    }
    let month_first = (s1 == "/" && b <= 31 && a <= 12) || b > 12;
    if month_first {
        day(c, a, b)
    } else {
        day(c, b, a)
    }
}

/// `March 3, 2021`, `Mar. 3rd 2021`, `marzo 3 de 2021`.
fn month_first(t: &[Tok]) -> Option<String> {
    let Tok::Word(m, _) = *t.first()? else {
        return None;
    };
    let m = month(m)?;
    let (d, rest) = day_number(&t[1..])?;
    let rest = skip_words(rest, &["de", "of"]);
    let Tok::Num(y, 4, _) = *rest.first()? else {
        return None;
    };
    day(y, m, d)
}

/// `3 March 2021`, `3rd of March, 2021`, `3. März 2021`, `3 de marzo de 2021`.
fn day_first(t: &[Tok]) -> Option<String> {
    let (d, rest) = day_number(t)?;
    let rest = skip_words(rest, &["de", "of", "di", "du"]);
    let Tok::Word(m, _) = *rest.first()? else {
        return None;
    };
    let m = month(m)?;
    let rest = skip_words(&rest[1..], &["de", "of", "del"]);
    let Tok::Num(y, 4, _) = *rest.first()? else {
        return None;
    };
    day(y, m, d)
}

/// A day of the month, with its ordinal suffix ("3rd", "1er") skipped.
fn day_number<'a, 'b>(t: &'a [Tok<'b>]) -> Option<(u32, &'a [Tok<'b>])> {
    let Tok::Num(d, 1..=2, _) = *t.first()? else {
        return None;
    };
    let rest = skip_words(&t[1..], &["st", "nd", "rd", "th", "er"]);
    (1..=31).contains(&d).then_some((d, rest))
}

fn skip_words<'a, 'b>(t: &'a [Tok<'b>], words: &[&str]) -> &'a [Tok<'b>] {
    match t.first() {
        Some(Tok::Word(w, _)) if words.iter().any(|x| w.eq_ignore_ascii_case(x)) => &t[1..],
        _ => t,
    }
}

/// Month names and their usual abbreviations in the languages of the news most often read
/// with attache (English, German, French, Spanish, Italian, Portuguese, Dutch).
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "jan", "januar", "janvier", "enero", "gennaio", "janeiro", "januari", "jänner",
    ],
    &[
        "february",
        "feb",
        "februar",
        "février",
        "fevrier",
        "févr",
        "febrero",
        "febbraio",
        "fevereiro",
        "februari",
    ],
    &[
        "march", "mar", "märz", "mars", "marzo", "março", "maart", "mär",
    ],
    &["april", "apr", "avril", "abril", "aprile"],
    &["may", "mai", "mayo", "maggio", "maio", "mei"],
    &["june", "jun", "juni", "juin", "junio", "giugno", "junho"],
    &[
        "july", "jul", "juli", "juillet", "julio", "luglio", "julho", "juil",
    ],
    &["august", "aug", "août", "aout", "agosto", "augustus"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
    ],
    &[
        "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro",
    ],
    &["november", "nov", "novembre", "noviembre", "novembro"],
    &[
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dicembre",
        "dezembro",
    ],
];

fn month(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    let word = word.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&word.as_str()))
        .map(|i| i as u32 + 1)
}

/// `YYYY-MM-DD` for a valid day in a plausible publication year.
fn day(y: u32, m: u32, d: u32) -> Option<String> {
    ((1990..=2099).contains(&y) && valid_day(y, m, d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
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

    #[test]
    fn dates_in_text() {
        for (text, want) in [
            ("Published March 3, 2021 at 9:00", "2021-03-03"),
            ("Updated: Mar. 3rd 2021", "2021-03-03"),
            ("on 3 March 2021", "2021-03-03"),
            ("3rd of March, 2021", "2021-03-03"),
            ("Veröffentlicht am 3. März 2021", "2021-03-03"),
            ("publié le 3 mars 2021", "2021-03-03"),
            ("3 de marzo de 2021", "2021-03-03"),
            ("Stand: 03.04.2021, 10:15 Uhr", "2021-04-03"),
            ("posted 04/03/2021", "2021-04-03"),
            ("posted 14/03/2021", "2021-03-14"),
            ("2021/03/03 12:00", "2021-03-03"),
            ("Sat 2021-3-3", "2021-03-03"),
        ] {
            assert_eq!(find_in_text(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "",
            "March 2021",
            "May the 4th",
            "call 555-1234-5678",
            "31 February 2021",
            "in 1850-03-03",
            "3 mayors 2021",
        ] {
            assert_eq!(find_in_text(text), None, "{text}");
        }
    }
}
