//! The PETRARCH unit-test records (`PETR.UnitTest.records.xml`), coded with the suite's own
//! fictional dictionaries (`PETR.Validate.actors.txt`, `.agents.txt`, `.verbs.txt`).
//!
//! This is a shallow dictionary coder, not PETRARCH: actors are the longest dictionary phrases
//! in the sentence (an agent phrase beside an actor adds its role: "Arnorian soldiers" →
//! ARN + MIL); the event is the first verb of the verbs dictionary, coded by the most specific
//! of its patterns whose words occur around it in order ("- * DIPLOMATIC TIES [064]", synsets
//! expanded), else by its default code; the source is the nearest actor before it, the target
//! the first actor after it. Compounds, source/target markers inside patterns and the parse
//! trees in the records are not used yet — the tree-based coder will take the trees.

use super::{Line, Section};
use crate::actors::tabari;
use crate::actors::Dictionary;
use crate::calendar::Day;
use crate::eval::{read_file, EvalError};
use std::collections::HashMap;
use std::path::Path;

/// Verb forms → (default code, group); each group's patterns refine the code by the words
/// around the verb ("- * TIES [064]": "ties" after the verb).
pub struct Verbs {
    forms: HashMap<String, (String, usize)>,
    patterns: Vec<Vec<VerbPattern>>,
}

/// One element of a pattern: alternatives, each a run of consecutive words (synsets expand).
type Element = Vec<Vec<String>>;

pub struct VerbPattern {
    before: Vec<Element>,
    after: Vec<Element>,
    code: String,
}

/// Synset name → members (upper case, words space-separated).
fn parse_synsets(text: &str) -> HashMap<String, Vec<String>> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('&') {
            current = Some(format!("&{}", name.trim()));
        } else if let (Some(m), Some(c)) = (line.strip_prefix('+'), &current) {
            sets.entry(c.clone())
                .or_default()
                .push(tabari::normalise(m));
        } else if !line.is_empty() {
            current = None;
        }
    }
    sets
}

fn element(word: &str, synsets: &HashMap<String, Vec<String>>) -> Element {
    let members = synsets
        .get(word)
        .cloned()
        .unwrap_or_else(|| vec![word.to_string()]);
    members
        .iter()
        .map(|m| m.split(' ').map(str::to_string).collect())
        .collect()
}

/// `- SUGGESTED_+ * DEMAND_&GENINT [111]` → words before and after the verb, and the code.
/// Source/target markers (`$`, `+`, `%`) are dropped; codes that are not numbers are skipped.
fn parse_pattern(line: &str, synsets: &HashMap<String, Vec<String>>) -> Option<VerbPattern> {
    let code = bracket(line)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let body = line.trim_start_matches('-').split('[').next()?;
    let (before, after) = body.split_once('*')?;
    let words = |s: &str| -> Vec<Element> {
        s.split([' ', '_'])
            .map(|w| w.trim_matches(|c| matches!(c, '$' | '+' | '%')).trim())
            .filter(|w| !w.is_empty())
            .map(|w| element(&w.to_uppercase(), synsets))
            .collect()
    };
    Some(VerbPattern {
        before: words(before),
        after: words(after),
        code,
    })
}

/// Parse a PETRARCH verbs file: synsets, `--- GROUP [code] ---` headers, verb lines and
/// `- … * … [code]` patterns under them.
pub fn parse_verbs(text: &str) -> Verbs {
    let synsets = parse_synsets(text);
    let mut forms = HashMap::new();
    let mut patterns: Vec<Vec<VerbPattern>> = Vec::new();
    let mut group_code = String::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if let Some(h) = line.strip_prefix("---") {
            group_code = bracket(h).unwrap_or_default();
            patterns.push(Vec::new());
            continue;
        }
        if line.starts_with('-') {
            if let (Some(p), Some(g)) = (parse_pattern(line, &synsets), patterns.last_mut()) {
                g.push(p);
            }
            continue;
        }
        if line.starts_with(['+', '&', '<']) || patterns.is_empty() {
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
        let group = patterns.len() - 1;
        for form in inflections(&verb).into_iter().chain(irregular) {
            forms.entry(form).or_insert_with(|| (code.clone(), group));
        }
    }
    Verbs { forms, patterns }
}

/// Where the elements occur in order in `ws` (gaps allowed), if they all do.
fn in_order(ws: &[String], elements: &[Element]) -> bool {
    let mut at = 0;
    for e in elements {
        let found = (at..ws.len()).find_map(|i| {
            e.iter()
                .find(|alt| ws.len() >= i + alt.len() && ws[i..i + alt.len()] == alt[..])
                .map(|alt| i + alt.len())
        });
        match found {
            Some(next) => at = next,
            None => return false,
        }
    }
    true
}

impl Verbs {
    /// The code of the verb at `v`: its group's most specific matching pattern, else the default.
    fn code_at(&self, ws: &[String], v: usize) -> Option<String> {
        let (default, group) = self.forms.get(&ws[v])?;
        let best = self.patterns[*group]
            .iter()
            .filter(|p| in_order(&ws[..v], &p.before) && in_order(&ws[v + 1..], &p.after))
            .max_by_key(|p| p.before.len() + p.after.len());
        Some(best.map_or_else(|| default.clone(), |p| p.code.clone()))
    }
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

/// Code a sentence: `(source, target, code)` of its first coded verb, one per pair of a
/// compound source and target ("Arnor and Gondor attacked Osgiliath" codes twice).
pub fn code_sentence(
    text: &str,
    dict: &Dictionary,
    verbs: &Verbs,
    date: Option<Day>,
) -> Vec<(String, String, String)> {
    let ws = words(text);
    let found = actors(&ws, dict, date);
    let in_actor = |i: usize| found.iter().any(|f| f.start <= i && i < f.end);
    let Some((v, code)) = (0..ws.len())
        .filter(|&i| !in_actor(i))
        .find_map(|i| verbs.code_at(&ws, i).map(|c| (i, c)))
    else {
        return Vec::new();
    };
    if code.starts_with('-') {
        return Vec::new();
    }
    let Some(last_source) = found.iter().rposition(|f| f.end <= v) else {
        return Vec::new();
    };
    let sources = compound(&ws, &found, last_source, false);
    let targets = found
        .iter()
        .position(|f| f.start > v)
        .map(|t| compound(&ws, &found, t, true))
        .unwrap_or_else(|| vec![String::new()]);
    let mut out = Vec::new();
    for s in &sources {
        for t in &targets {
            out.push((s.clone(), t.clone(), code.clone()));
        }
    }
    out
}

/// The actor at `at` with those joined to it by "and" or a comma, backwards (sources) or
/// forwards (targets).
fn compound(ws: &[String], found: &[Found], at: usize, forward: bool) -> Vec<String> {
    let joined = |a: &Found, b: &Found| {
        let gap = &ws[a.end..b.start];
        !gap.is_empty() && gap.iter().all(|w| w == "AND" || w.is_empty() || w == ",")
    };
    let mut out = vec![found[at].code.clone()];
    let mut i = at;
    loop {
        let next = if forward { i + 1 } else { i.wrapping_sub(1) };
        let Some(n) = found.get(next) else { break };
        let linked = if forward {
            joined(&found[i], n)
        } else {
            joined(n, &found[i])
        };
        if !linked {
            break;
        }
        out.push(n.code.clone());
        i = next;
    }
    out
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
    let mut dyads = 0;
    let mut misses = Vec::new();
    for r in &records {
        let got = code_sentence(&r.text, &dict, &verbs, r.date);
        if r.expected.is_empty() {
            quiet_total += 1;
            quiet += got.is_empty() as usize;
            continue;
        }
        expected += r.expected.len();
        reproduced += r.expected.iter().filter(|e| got.contains(e)).count();
        dyads += got
            .iter()
            .any(|g| r.expected.iter().any(|e| e.0 == g.0 && e.1 == g.1)) as usize;
        let mut want = r.expected.clone();
        let mut have = got.clone();
        want.sort();
        have.sort();
        exact += (want == have) as usize;
        if want != have {
            misses.push(format!("{} want {want:?} got {have:?} | {}", r.id, r.text));
        }
    }
    Ok(Section {
        title: format!("PETRARCH unit tests: {}", records_path.display()),
        lines: vec![
            Line::new("expected codings reproduced", reproduced, expected),
            Line::new("records coded exactly (all codings, nothing extra)", exact, records.len() - quiet_total),
            Line::new("no-event records left uncoded", quiet, quiet_total),
            Line::new("records with source + target right (any code)", dyads, records.len() - quiet_total),
        ],
        notes: vec![
            "shallow dictionary coder: first verb, its patterns as word order; compounds joined by \"and\"; no trees yet".into(),
        ],
        misses,
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
        let verbs = parse_verbs(
            "&TIES\n+TIES\n+RELATIONS\n--- RESTORE [064] ---\nRESTORE\n- NOT * &TIES [112]\n--- SAY [---] ---\nSAY {SAID}\n",
        );
        let code = |text: &str| code_sentence(text, &dict, &verbs, None);
        assert_eq!(
            code("Arnorian soldiers restored ties with Gondor."),
            vec![("ARNMIL".into(), "GON".into(), "064".into())]
        );
        assert_eq!(
            code("Arnor did not restore relations with Gondor.")[0].2,
            "112"
        );
        assert_eq!(code("Arnor and Gondor restored ties.").len(), 2);
        let xml = "<Sentence date=\"19950101\" id=\"T-1\" category=\"X\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor restores\nties.\n</Text>\n</Sentence>";
        let r = parse_records(xml);
        assert_eq!(r[0].text, "Arnor restores ties.");
        assert_eq!(r[0].expected[0].2, "064");
    }
}
