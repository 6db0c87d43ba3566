//! The PETRARCH unit-test records (`PETR.UnitTest.records.xml`), coded with the suite's own
//! fictional dictionaries (`PETR.Validate.actors.txt`, `.agents.txt`, `.verbs.txt`).
//!
//! The records are coded by [`coder`]: our tokenizer, tagger and dependency parser find the
//! subject, object and coordinated actors; the suite's dictionaries name the actors, agents and
//! verbs, and the verbs' patterns refine the code by the words around the verb
//! ("- * DIPLOMATIC TIES [064]", synsets expanded), as PETRARCH's own do.

mod coder;

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

/// Elements joined by `_` in a pattern: they must follow each other with no word between.
type Group = Vec<Element>;

/// One side of the verb in a pattern: groups in order, gaps allowed between them; `anchored`
/// when the group nearest the verb touches it (`NOT_*`, `*_TALKS`).
#[derive(Default)]
struct Side {
    groups: Vec<Group>,
    anchored: bool,
}

pub struct VerbPattern {
    before: Side,
    after: Side,
    code: String,
    /// `%` before the verb: the pattern codes a compound source ("X and Y agree").
    compound_source: bool,
    /// Where the pattern places its actors (`+` target, `$` source), as the word they follow
    /// or precede: `* EID AT ^ WITH +` puts the target after "with".
    pub marks: Marks,
}

/// Actor positions a pattern names by the literal word beside them.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    /// The target is the first actor after this word (after the verb).
    pub target_after: Option<String>,
    /// The source is the first actor after this word (after the verb).
    pub source_after: Option<String>,
    /// The target is the last actor before this word (before the verb).
    pub target_before: Option<String>,
}

/// The literal word just before (`next` false) or after (`next` true) `marker` in one side
/// of a pattern; none when a skip (`^`), a synset or another marker stands there.
fn beside(side: &str, marker: &str, next: bool) -> Option<String> {
    let toks: Vec<&str> = side.split([' ', '_']).filter(|t| !t.is_empty()).collect();
    let k = toks.iter().position(|t| *t == marker)?;
    let w = if next {
        toks.get(k + 1)?
    } else {
        toks.get(k.checked_sub(1)?)?
    };
    w.chars()
        .all(|c| c.is_ascii_alphabetic())
        .then(|| w.to_uppercase())
}

/// Synset name → members (upper case, words space-separated).
fn parse_synsets(text: &str) -> HashMap<String, Vec<String>> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('&') {
            // Names are written `&PREPOSIT1_` where defined and `&PREPOSIT1` where used.
            current = Some(format!("&{}", name.trim().trim_end_matches('_')));
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
    // Numeric codes, reciprocal pairs ("030:030") and the suite's lettered variants ("174K").
    let numeric = code.starts_with(|c: char| c.is_ascii_digit())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == ':');
    if !numeric {
        return None;
    }
    let body = line.trim_start_matches('-').split('[').next()?;
    let (before, after) = body.split_once('*')?;
    let side = |s: &str, anchored: bool| -> Side {
        let groups = s
            .split_whitespace()
            .map(|g| {
                g.split('_')
                    .map(|w| w.trim_matches(|c| matches!(c, '$' | '+' | '%' | '^')))
                    .filter(|w| !w.is_empty())
                    .map(|w| element(&w.to_uppercase(), synsets))
                    .collect::<Group>()
            })
            .filter(|g| !g.is_empty())
            .collect::<Vec<_>>();
        Side {
            anchored: anchored && !groups.is_empty(),
            groups,
        }
    };
    Some(VerbPattern {
        before: side(before, before.trim_end().ends_with('_')),
        after: side(after, after.trim_start().starts_with('_')),
        code,
        compound_source: before.contains('%'),
        marks: Marks {
            target_after: beside(after, "+", false),
            source_after: beside(after, "$", false),
            target_before: beside(before, "+", true),
        },
    })
}

/// Parse a PETRARCH verbs file: synsets, `--- GROUP [code] ---` headers, verb lines (with
/// multi-word forms: `+BREAK_DOWN`, `WIRE_+TAP`) and `- … * … [code]` patterns under them.
pub fn parse_verbs(text: &str) -> Verbs {
    let synsets = parse_synsets(text);
    let mut forms = HashMap::new();
    let mut patterns: Vec<Vec<VerbPattern>> = Vec::new();
    let mut group_code = String::new();
    // `+` lines list a synset's members after `&NAME`, and multi-word verbs in a group.
    let mut in_synset = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if let Some(h) = line.strip_prefix("---") {
            group_code = bracket(h).unwrap_or_default();
            patterns.push(Vec::new());
            in_synset = false;
            continue;
        }
        if line.starts_with('&') {
            in_synset = true;
            continue;
        }
        if line.starts_with('-') {
            if let (Some(p), Some(g)) = (parse_pattern(line, &synsets), patterns.last_mut()) {
                g.push(p);
            }
            continue;
        }
        if line.starts_with('<') || (line.starts_with('+') && in_synset) || patterns.is_empty() {
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
            .map(|r| r.split_whitespace().map(plain_form).collect())
            .unwrap_or_default();
        let group = patterns.len() - 1;
        for form in verb_forms(head).into_iter().chain(irregular) {
            forms.entry(form).or_insert_with(|| (code.clone(), group));
        }
    }
    Verbs { forms, patterns }
}

/// `+BROKE_DOWN` → `BROKE DOWN`.
fn plain_form(form: &str) -> String {
    tabari::normalise(&form.replace('+', ""))
}

/// The regular forms of a verb line's head: the marked word (`+`, else the first) inflected
/// inside its phrase (`WIRE_+TAP` → WIRE TAPS, WIRE TAPPED…).
fn verb_forms(head: &str) -> Vec<String> {
    let words: Vec<&str> = head.split('_').filter(|w| !w.is_empty()).collect();
    let Some(marked) = words
        .iter()
        .position(|w| w.starts_with('+'))
        .or((!words.is_empty()).then_some(0))
    else {
        return Vec::new();
    };
    let verb = plain_form(words[marked]);
    inflections(&verb)
        .into_iter()
        .map(|form| {
            let mut ws: Vec<String> = words.iter().map(|w| plain_form(w)).collect();
            ws[marked] = form;
            ws.join(" ")
        })
        .collect()
}

/// Where a group can end when it starts at `i` in `ws` (each element's alternatives tried).
fn group_ends(ws: &[String], group: &[Element], i: usize) -> Vec<usize> {
    let mut ends = vec![i];
    for e in group {
        ends = ends
            .iter()
            .flat_map(|&at| {
                e.iter()
                    .filter(move |alt| {
                        ws.len() >= at + alt.len() && ws[at..at + alt.len()] == alt[..]
                    })
                    .map(move |alt| at + alt.len())
            })
            .collect();
        ends.dedup();
    }
    ends
}

/// Whether the groups occur in order in `ws`, gaps allowed between them; `first_at` pins the
/// first group's start, `last_to` the last group's end.
fn in_order(
    ws: &[String],
    groups: &[Group],
    first_at: Option<usize>,
    last_to: Option<usize>,
) -> bool {
    let mut at = 0;
    for (k, g) in groups.iter().enumerate() {
        let starts = match first_at.filter(|_| k == 0) {
            Some(s) => s..s + 1,
            None => at..ws.len() + 1,
        };
        let last = k + 1 == groups.len();
        let end = starts.into_iter().find_map(|i| {
            let ends = group_ends(ws, g, i);
            match last_to.filter(|_| last) {
                Some(to) => ends.contains(&to).then_some(to),
                None => ends.into_iter().min(),
            }
        });
        match end {
            Some(e) => at = e,
            None => return false,
        }
    }
    true
}

impl Side {
    fn len(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }

    /// Whether this side of a pattern matches the words before the verb.
    fn before(&self, ws: &[String]) -> bool {
        in_order(ws, &self.groups, None, self.anchored.then_some(ws.len()))
    }

    /// Whether this side of a pattern matches the words after the verb.
    fn after(&self, ws: &[String]) -> bool {
        in_order(ws, &self.groups, self.anchored.then_some(0), None)
    }
}

impl Verbs {
    /// Whether a (space-separated, upper-case) phrase is a form of a dictionary verb.
    fn is_form(&self, phrase: &str) -> bool {
        self.forms.contains_key(phrase)
    }

    /// The code of the verb form `ws[at..at + len]`: its group's most specific pattern whose
    /// words occur around it, else the default. `None` for verbs coded `---` (not events).
    fn code_at(
        &self,
        ws: &[String],
        at: usize,
        len: usize,
        compound_source: bool,
    ) -> Option<(String, Marks)> {
        let (default, group) = self.forms.get(&ws[at..at + len].join(" "))?;
        let best = self.patterns[*group]
            .iter()
            .filter(|p| compound_source || !p.compound_source)
            .filter(|p| p.before.before(&ws[..at]) && p.after.after(&ws[at + len..]))
            .max_by_key(|p| p.before.len() + p.after.len());
        let code = best.map_or(default.as_str(), |p| p.code.as_str());
        let marks = best.map(|p| p.marks.clone()).unwrap_or_default();
        let numeric = code
            .split(':')
            .all(|c| c.bytes().next().is_some_and(|b| b.is_ascii_digit()));
        numeric.then(|| (code.to_string(), marks))
    }
}

fn bracket(s: &str) -> Option<String> {
    let inner = s.split('[').nth(1)?.split(']').next()?.trim();
    Some(inner.split_whitespace().next()?.to_string())
}

/// Regular English inflections of an upper-case verb: AGREE → AGREES AGREED AGREEING,
/// TAP → TAPS TAPPED TAPPING, CARRY → CARRIES CARRIED.
fn inflections(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let b = v.as_bytes();
    let vowel = |c: u8| b"AEIOU".contains(&c);
    if let Some(stem) = v
        .strip_suffix('Y')
        .filter(|s| !s.ends_with(|c: char| vowel(c as u8)))
    {
        out.extend([
            format!("{stem}IES"),
            format!("{stem}IED"),
            format!("{v}ING"),
        ]);
        return out;
    }
    let sibilant = ["SH", "CH", "S", "X", "Z"].iter().any(|e| v.ends_with(e));
    out.push(if sibilant {
        format!("{v}ES")
    } else {
        format!("{v}S")
    });
    match v.strip_suffix('E') {
        Some(stem) if !v.ends_with("EE") => out.extend([format!("{v}D"), format!("{stem}ING")]),
        Some(_) => out.extend([format!("{v}D"), format!("{v}ING")]),
        None => out.extend([format!("{v}ED"), format!("{v}ING")]),
    }
    // A final consonant after a single vowel may double: TAPPED, SHIPPING.
    let n = b.len();
    if n >= 3
        && !vowel(b[n - 1])
        && !b"WXY".contains(&b[n - 1])
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
    {
        let last = b[n - 1] as char;
        out.extend([format!("{v}{last}ED"), format!("{v}{last}ING")]);
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
        let got = coder::code(&r.text, &dict, &verbs, r.date);
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
            "tree coder: our parser's subjects, objects and conjuncts; the suite's dictionaries; verb patterns as word order".into(),
        ],
        misses,
        tables: Vec::new(),
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
        let code = |text: &str| coder::code(text, &dict, &verbs, None);
        assert_eq!(
            code("Arnorian soldiers restored ties with Gondor."),
            vec![("ARNMIL".into(), "GON".into(), "064".into())]
        );
        assert_eq!(
            code("Arnor did not restore relations with Gondor.")[0].2,
            "112"
        );
        // A compound source without a target acts on itself.
        let got = code("Arnor and Gondor have restored their diplomatic ties.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.contains(&("GON".into(), "ARN".into(), "064".into())),
            "{got:?}"
        );
        let verbs = parse_verbs(
            "&NEG_\n+DID N'T\n--- CLASH [223] ---\nCLASH\n- &NEG EVER * [905]\n- &NEG_* [904]\n--- TAP [171] ---\nWIRE_+TAP\n--- AGREE [081] ---\nAGREE\n- % * [030:030]\n",
        );
        let ws = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        let code =
            |t: &str, at: usize, len: usize| verbs.code_at(&ws(t), at, len, false).map(|c| c.0);
        assert_eq!(code("X DID N'T CLASH", 3, 1).as_deref(), Some("904"));
        // `_` binds "DID N'T" to the verb; a word between breaks it, a space allows one.
        assert_eq!(code("X DID N'T EVEN CLASH", 4, 1).as_deref(), Some("223"));
        assert_eq!(
            code("X DID N'T EVEN EVER CLASH", 5, 1).as_deref(),
            Some("905")
        );
        assert_eq!(code("X WIRE TAPPED Y", 1, 2).as_deref(), Some("171"));
        assert_eq!(code("X AGREED", 1, 1).as_deref(), Some("081"));
        assert_eq!(
            verbs
                .code_at(&ws("X AND Y AGREE"), 3, 1, true)
                .map(|c| c.0)
                .as_deref(),
            Some("030:030")
        );
        let xml = "<Sentence date=\"19950101\" id=\"T-1\" category=\"X\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor restores\nties.\n</Text>\n</Sentence>";
        let r = parse_records(xml);
        assert_eq!(r[0].text, "Arnor restores ties.");
        assert_eq!(r[0].expected[0].2, "064");
    }
}
