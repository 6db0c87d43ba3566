//! Reader for the TABARI/PETRARCH dictionary formats (`*.actors.txt`, `*.agents.txt`).
//!
//! Actors: a primary phrase on its own line, synonyms on following `+` lines, and codes in
//! brackets on the same line or on indented lines after it. A code may carry a date range:
//! `[RUSGOV 990809-000507]`, `[RUSGOV >080508]` (from), `[RUSELI <700101]` (until), or none
//! (the default when no dated code applies). Dates are `YYMMDD` or `YYYYMMDD`. Phrases use `_`
//! for spaces; `#` starts a comment; `<!-- … -->` lines are comments too.
//!
//! Agents: `PHRASE [~ROLE]`, with `!MACRO! = A, B` substitutions and `{PLURAL}` forms.

use crate::calendar::Day;

/// An actor code, valid over an optional span of days (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Day>,
    pub until: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// Normalised phrases: upper case, words separated by single spaces.
    pub names: Vec<String>,
    pub codes: Vec<DatedCode>,
}

/// `Ivan_Petrov_` → `IVAN PETROV`.
pub fn normalise(phrase: &str) -> String {
    phrase
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with("<!--") {
        return "";
    }
    line.split('#').next().unwrap_or("")
}

/// Bracketed groups on a line and the text before the first bracket.
fn split_codes(line: &str) -> (&str, Vec<&str>) {
    let head = line.split('[').next().unwrap_or("");
    let codes = line
        .split('[')
        .skip(1)
        .filter_map(|part| part.split(']').next())
        .collect();
    (head, codes)
}

/// Two-digit years below 30 are 20xx (the files were frozen in 2014).
fn parse_date(s: &str) -> Option<Day> {
    let s = s.trim();
    match s.len() {
        8 => Day::parse_compact(s),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy < 30 { 2000 + yy } else { 1900 + yy };
            Day::new(year, s[2..4].parse().ok()?, s[4..].parse().ok()?)
        }
        _ => None,
    }
}

/// `RUSGOV 990809-000507` → a dated code; `---` (no code) and malformed dates give None.
fn parse_code(group: &str) -> Option<DatedCode> {
    let mut parts = group.split_whitespace();
    let code = parts.next()?.trim_start_matches('~').to_uppercase();
    if code.is_empty() || code.starts_with('-') {
        return None;
    }
    let range: String = parts.collect();
    let (from, until) = if range.is_empty() {
        (None, None)
    } else if let Some(d) = range.strip_prefix('>') {
        (Some(parse_date(d)?), None)
    } else if let Some(d) = range.strip_prefix('<') {
        (None, Some(parse_date(d)?))
    } else {
        let (a, b) = range.split_once('-')?;
        (Some(parse_date(a)?), Some(parse_date(b)?))
    };
    Some(DatedCode { code, from, until })
}

/// Parse an actors file. Entries without a usable code are dropped.
pub fn parse_actors(text: &str) -> Vec<ActorEntry> {
    let mut out: Vec<ActorEntry> = Vec::new();
    let mut current: Option<ActorEntry> = None;
    for raw in text.lines() {
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(char::is_whitespace);
        let (head, groups) = split_codes(line);
        let head = head.trim();
        let synonym = head.strip_prefix('+');
        if !indented && synonym.is_none() && !head.is_empty() {
            out.extend(current.take().filter(|e| !e.codes.is_empty()));
            current = Some(ActorEntry {
                names: vec![normalise(head)],
                codes: Vec::new(),
            });
        }
        let Some(entry) = current.as_mut() else {
            continue;
        };
        if let Some(s) = synonym.map(normalise).filter(|s| !s.is_empty()) {
            entry.names.push(s);
        }
        entry
            .codes
            .extend(groups.into_iter().filter_map(parse_code));
    }
    out.extend(current.filter(|e| !e.codes.is_empty()));
    out
}

/// Parse an agents file into (phrase, role) pairs, macros and plurals expanded.
pub fn parse_agents(text: &str) -> Vec<(String, String)> {
    let mut macros: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw).trim();
        if let Some((name, values)) = macro_definition(line) {
            macros.push((name, values));
            continue;
        }
        let (head, groups) = split_codes(line);
        let Some(role) = groups.first().and_then(|g| parse_code(g)) else {
            continue;
        };
        let (phrase, plural) = match head.split_once('{') {
            Some((p, rest)) => (p.trim(), rest.split('}').next().unwrap_or("").trim()),
            None => (head.trim(), ""),
        };
        for p in std::iter::once(phrase).chain((!plural.is_empty()).then_some(plural)) {
            for expanded in expand_macros(p, &macros) {
                let n = normalise(&expanded);
                if !n.is_empty() {
                    out.push((n, role.code.clone()));
                }
            }
        }
    }
    out
}

fn macro_definition(line: &str) -> Option<(String, Vec<String>)> {
    let (name, values) = line.split_once('=')?;
    let name = name.trim();
    (name.starts_with('!') && name.ends_with('!') && name.len() > 2).then(|| {
        (
            name.to_string(),
            values.split(',').map(|v| v.trim().to_string()).collect(),
        )
    })
}

fn expand_macros(phrase: &str, macros: &[(String, Vec<String>)]) -> Vec<String> {
    let Some((name, values)) = macros.iter().find(|(n, _)| phrase.contains(n.as_str())) else {
        return vec![phrase.to_string()];
    };
    values
        .iter()
        .flat_map(|v| expand_macros(&phrase.replacen(name.as_str(), v, 1), macros))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_with_synonyms_and_dated_codes() {
        let text = "# comment\nGONDOR_ [GON]\n+MINAS_TIRITH\n\nDENETHOR_  # steward\n+LORD_DENETHOR\n\t[GONGOV 300101-190301]\n\t[GONELI]\nNOBODY_\nARNOR_ [ARN] [---]\n";
        let got = parse_actors(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].names, vec!["GONDOR", "MINAS TIRITH"]);
        assert_eq!(got[1].names, vec!["DENETHOR", "LORD DENETHOR"]);
        assert_eq!(got[1].codes[0].from, Day::new(1930, 1, 1));
        assert_eq!(got[1].codes[0].until, Day::new(2019, 3, 1));
        assert_eq!(got[1].codes[1].from, None);
        assert_eq!(got[2].codes.len(), 1);
    }

    #[test]
    fn agents_expand_macros_and_plurals() {
        let text = "!PERSON! = MAN, WOMAN\nSPOKES!PERSON! [~GOV]\nREBEL {REBELS} [~REB] # x\n";
        let got = parse_agents(text);
        assert!(got.contains(&("SPOKESMAN".into(), "GOV".into())));
        assert!(got.contains(&("SPOKESWOMAN".into(), "GOV".into())));
        assert!(got.contains(&("REBELS".into(), "REB".into())));
    }
}
