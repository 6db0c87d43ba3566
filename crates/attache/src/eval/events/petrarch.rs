//! The PETRARCH unit-test records (`PETR.UnitTest.records.xml`), coded with the suite's own
//! fictional dictionaries (`PETR.Validate.actors.txt`, `.agents.txt`, `.verbs.txt`).
//!
//! This is a shallow dictionary coder, not PETRARCH: actors are the longest dictionary phrases
//! in the sentence (an agent phrase beside an actor adds its role: "Arnorian soldiers" →
//! ARN + MIL); the event is the first verb of the verbs dictionary, coded with its default
//! code; the source is the nearest actor before it, the target the first actor after it. Verb
//! patterns ("- * DIPLOMATIC TIES [064]"), synsets, compounds and the parse trees in the
//! records are not used yet — the tree-based coder will take the trees.

use super::{Line, Section};
use crate::actors::tabari;
use crate::actors::Dictionary;
use crate::calendar::Day;
use crate::eval::{read_file, EvalError};
use std::collections::HashMap;
use std::path::Path;

/// A verb form → its default code ("---" codes nothing).
pub struct Verbs {
    forms: HashMap<String, String>,
}

/// Parse a PETRARCH verbs file: `--- GROUP [code] ---` headers and verb lines under them.
pub fn parse_verbs(text: &str) -> Verbs {
    let mut forms = HashMap::new();
    let mut group_code = String::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if let Some(h) = line.strip_prefix("---") {
            group_code = bracket(h).unwrap_or_default();
            continue;
        }
        if line.starts_with(['-', '+', '&', '<']) {
            continue;
        }
        let head = line.split(['[', '{']).next().unwrap_or("").trim();
        if head.is_empty() || head.contains(' ') {
            continue;
        }
        let code = bracket(line).unwrap_or_else(|| group_code.clone());
        let irregular: Vec<String> = line
            .split('{')
            .nth(1)
            .and_then(|r| r.split('}').next())
            .map(|r| r.split_whitespace().map(tabari::normalise).collect())
            .unwrap_or_default();
        let verb = tabari::normalise(head);
        for form in inflections(&verb).into_iter().chain(irregular) {
            forms.entry(form).or_insert_with(|| code.clone());
        }
    }
    Verbs { forms }
}

fn bracket(s: &str) -> Option<String> {
    let inner = s.split('[').nth(1)?.split(']').next()?.trim();
    Some(inner.split_whitespace().next()?.to_string())
}

/// Regular English inflections of an upper-case verb.
fn inflections(v: &str) -> Vec<String> {
    let stem = v.strip_suffix('E').unwrap_or(v);
    let mut out = vec![
        v.to_string(),
        format!("{v}S"),
        format!("{stem}ED"),
        format!("{stem}ING"),
    ];
    if v.ends_with('Y') {
        out.push(format!("{}IED", &v[..v.len() - 1]));
        out.push(format!("{}IES", &v[..v.len() - 1]));
    }
    if ["SH", "CH", "S", "X", "Z"].iter().any(|e| v.ends_with(e)) {
        out.push(format!("{v}ES"));
    }
    out
}

/// Upper-case word tokens of a sentence ("Arnor's" → "ARNOR", "'S").
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
        let w = w.to_uppercase();
        match w.strip_suffix("'S") {
            Some(stem) if !stem.is_empty() => {
                out.push(stem.to_string());
                out.push("'S".to_string());
            }
            _ if !w.is_empty() => out.push(w),
            _ => {}
        }
    }
    out
}

struct Found {
    start: usize,
    end: usize,
    code: String,
}

/// Actors in a sentence, longest phrase first; agents next to an actor add their role.
fn actors(ws: &[String], dict: &Dictionary, date: Option<Day>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let hit = (1..=6.min(ws.len() - i)).rev().find_map(|len| {
            let phrase = ws[i..i + len].join(" ");
            dict.lookup(&phrase, date)
                .map(|c| (len, c.to_string(), false))
                .or_else(|| dict.role(&phrase).map(|r| (len, r.to_string(), true)))
        });
        match hit {
            Some((len, code, is_agent)) => {
                match out.last_mut() {
                    // "Arnorian soldiers": the agent follows its actor.
                    Some(prev) if is_agent && prev.end == i => {
                        prev.code.push_str(&code);
                        prev.end = i + len;
                    }
                    _ if is_agent => {}
                    _ => out.push(Found {
                        start: i,
                        end: i + len,
                        code,
                    }),
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// Code a sentence: `(source, target, code)` of its first coded verb.
pub fn code_sentence(
    text: &str,
    dict: &Dictionary,
    verbs: &Verbs,
    date: Option<Day>,
) -> Option<(String, String, String)> {
    let ws = words(text);
    let found = actors(&ws, dict, date);
    let in_actor = |i: usize| found.iter().any(|f| f.start <= i && i < f.end);
    let (v, code) = ws
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_actor(*i))
        .find_map(|(i, w)| verbs.forms.get(w).map(|c| (i, c.clone())))?;
    if code.starts_with('-') {
        return None;
    }
    let source = found.iter().rev().find(|f| f.end <= v)?;
    let target = found.iter().find(|f| f.start > v);
    Some((
        source.code.clone(),
        target.map(|t| t.code.clone()).unwrap_or_default(),
        code,
    ))
}

/// One unit-test record: its text, date and expected codings.
pub struct Record {
    pub id: String,
    pub date: Option<Day>,
    pub text: String,
    /// (source, target, code); empty when the record expects no events.
    pub expected: Vec<(String, String, String)>,
}

/// Read the `<Sentence>` records of the unit-test XML.
pub fn parse_records(xml: &str) -> Vec<Record> {
    xml.split("<Sentence ")
        .skip(1)
        .filter_map(|chunk| {
            let attr = |name: &str| {
                let key = format!("{name}=\"");
                let at = chunk.find(&key)? + key.len();
                Some(chunk[at..].split('"').next()?.to_string())
            };
            let text = chunk.split("<Text>").nth(1)?.split("</Text>").next()?;
            let expected = chunk
                .split("<EventCoding ")
                .skip(1)
                .filter_map(|c| {
                    let a = |n: &str| {
                        let key = format!("{n}=\"");
                        let at = c.find(&key)? + key.len();
                        Some(c[at..].split('"').next()?.to_string())
                    };
                    Some((a("sourcecode")?, a("targetcode")?, a("eventcode")?))
                })
                .collect();
            Some(Record {
                id: attr("id")?,
                date: attr("date").and_then(|d| Day::parse_compact(&d)),
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                expected,
            })
        })
        .collect()
}

/// Score the unit-test records under `data` (`events-gold/` and `petrarch/`).
pub fn score(data: &Path) -> Result<Section, EvalError> {
    let p = data.join("petrarch");
    let records_path = data.join("events-gold/PETR.UnitTest.records.xml");
    let dict = Dictionary::new(
        tabari::parse_actors(&read_file(&p.join("PETR.Validate.actors.txt"))?),
        tabari::parse_agents(&read_file(&p.join("PETR.Validate.agents.txt"))?),
    );
    let verbs = parse_verbs(&read_file(&p.join("PETR.Validate.verbs.txt"))?);
    let records = parse_records(&read_file(&records_path)?);
    let (mut reproduced, mut expected, mut quiet, mut quiet_total, mut exact) = (0, 0, 0, 0, 0);
    for r in &records {
        let got = code_sentence(&r.text, &dict, &verbs, r.date);
        if r.expected.is_empty() {
            quiet_total += 1;
            quiet += got.is_none() as usize;
            continue;
        }
        expected += r.expected.len();
        let hit = got.as_ref().is_some_and(|g| r.expected.contains(g));
        reproduced += hit as usize;
        exact += (hit && r.expected.len() == 1) as usize;
    }
    Ok(Section {
        title: format!("PETRARCH unit tests: {}", records_path.display()),
        lines: vec![
            Line::new("expected codings reproduced", reproduced, expected),
            Line::new("records coded exactly (single coding)", exact, records.len() - quiet_total),
            Line::new("no-event records left uncoded", quiet, quiet_total),
        ],
        notes: vec![
            "shallow dictionary coder: first verb's default code; no verb patterns, compounds or trees yet".into(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_a_stylised_sentence() {
        let dict = Dictionary::new(
            tabari::parse_actors("ARNOR_ [ARN]\n+ARNORIAN\nGONDOR_ [GON]\n"),
            tabari::parse_agents("SOLDIER {SOLDIERS} [~MIL]\n"),
        );
        let verbs = parse_verbs("--- RESTORE [064] ---\nRESTORE\n--- SAY [---] ---\nSAY {SAID}\n");
        let got = code_sentence(
            "Arnorian soldiers restored ties with Gondor.",
            &dict,
            &verbs,
            None,
        );
        assert_eq!(got, Some(("ARNMIL".into(), "GON".into(), "064".into())));
        let xml = "<Sentence date=\"19950101\" id=\"T-1\" category=\"X\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor restores\nties.\n</Text>\n</Sentence>";
        let r = parse_records(xml);
        assert_eq!(r[0].text, "Arnor restores ties.");
        assert_eq!(r[0].expected[0].2, "064");
    }
}
