//! Event scorers (`attache eval events`):
//!
//! - **seed**: the `events` of a seed-style gold file. A gold event is found when a predicted
//!   event's evidence (or a further report of it) overlaps the gold evidence and its CAMEO code
//!   is the gold code or one of its `alt`s; then source and target codes are compared, and a
//!   gold `date` ("Monday") must resolve to that weekday on or before the publication date.
//! - **plover**: PLOVER gold-standard records (one sentence each): event-type accuracy over
//!   all records, source and target country match, and CAMEO where the record gives one.
//! - **petrarch**: the PETRARCH unit-test records, coded with the fictional `PETR.Validate.*`
//!   actor and agent dictionaries and the verbs' default codes (see [`petrarch`]).

pub mod petrarch;

use super::table::Table;
use super::{read_file, EvalError};
use crate::calendar::{weekday_number, Day};
use crate::model::{Analysis, Event, TextSpan};
use crate::pipeline::{analyze, Options};
use crate::InputDoc;
use serde_json::Value;
use std::path::Path;

/// One line of a report: a name, a count over a total.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub name: String,
    pub correct: usize,
    pub total: usize,
}

impl Line {
    fn new(name: &str, correct: usize, total: usize) -> Self {
        Line {
            name: name.to_string(),
            correct,
            total,
        }
    }

    pub fn score(&self) -> Option<f64> {
        super::ratio(self.correct, self.total)
    }
}

/// A titled block of lines.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    pub title: String,
    pub lines: Vec<Line>,
    pub notes: Vec<String>,
    /// One line per record the scorer got wrong (`attache eval events --misses`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub misses: Vec<String>,
    /// Further tables, rendered (the PLOVER type confusion).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
}

impl Section {
    pub fn to_table(&self) -> String {
        let mut t = Table::new(&["metric", "correct", "total", "score"]);
        for l in &self.lines {
            let score = l.score().map_or("-".to_string(), |s| format!("{s:.3}"));
            t.row(vec![
                l.name.clone(),
                l.correct.to_string(),
                l.total.to_string(),
                score,
            ]);
        }
        let mut out = format!("{}\n\n{}", self.title, t.render());
        for n in &self.notes {
            out.push_str(&format!("  {n}\n"));
        }
        out.push('\n');
        for t in &self.tables {
            out.push_str(t);
            out.push('\n');
        }
        out
    }
}

fn read_json(path: &Path) -> Result<Value, EvalError> {
    serde_json::from_str(&read_file(path)?).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        what: "JSON",
        source,
    })
}

fn analyse(text: &str, published: Option<String>) -> Analysis {
    let opts = Options {
        published,
        strip_boilerplate: false,
        ..Options::default()
    };
    analyze(InputDoc::text(text), &opts)
}

// ---------------------------------------------------------------- seed

/// Score the seed gold: analyse the document it names, then compare events.
pub fn seed(gold_path: &Path, published: Option<&str>) -> Result<Section, EvalError> {
    let gold = read_json(gold_path)?;
    let doc = gold["document"]
        .as_str()
        .ok_or_else(|| EvalError::Input(format!("{} names no document", gold_path.display())))?;
    let text_path = gold_path.parent().unwrap_or(Path::new(".")).join(doc);
    let text = read_file(&text_path)?;
    let published = published
        .map(str::to_string)
        .or_else(|| gold["published"].as_str().map(str::to_string));
    let opts = Options {
        published: published.clone(),
        ..Options::default()
    };
    let pred = analyze(InputDoc::text(&text), &opts);
    let events = gold["events"].as_array().cloned().unwrap_or_default();
    let mut s = score_seed(
        &events,
        &pred,
        published.as_deref().and_then(Day::parse_iso),
    );
    s.title = format!("seed events: {}", text_path.display());
    Ok(s)
}

fn code_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn overlaps(a: &TextSpan, start: usize, end: usize) -> bool {
    a.start < end && start < a.end
}

/// Score predicted events against gold events (seed schema).
pub fn score_seed(gold: &[Value], pred: &Analysis, published: Option<Day>) -> Section {
    let mut found = 0;
    let mut source = 0;
    let mut target = 0;
    let mut all = 0;
    let (mut dated, mut dates_right) = (0, 0);
    let mut used = vec![false; pred.events.len()];
    let mut notes = Vec::new();
    for g in gold {
        let evidence = g["evidence"].as_str().unwrap_or("");
        let Some((start, end)) = char_span(&pred.text, evidence) else {
            notes.push(format!("gold evidence not in text: {evidence:?}"));
            continue;
        };
        let mut accepted = vec![g["cameo"].as_str().unwrap_or("").to_string()];
        accepted.extend(
            g["alt"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(code_of),
        );
        let (gs, gt) = (code_of(&g["source"]), code_of(&g["target"]));
        let best = pred
            .events
            .iter()
            .enumerate()
            .filter(|(i, e)| !used[*i] && reported_at(e, start, end))
            .filter(|(_, e)| accepted.contains(&e.cameo))
            .max_by_key(|(_, e)| {
                let s = e.source.actor == gs;
                let t = e.target.as_ref().and_then(|t| t.actor.clone()) == gt;
                (s && t, s, t)
            });
        let Some((i, e)) = best else {
            notes.push(format!("missed: {} {evidence:?}", g["cameo"]));
            continue;
        };
        used[i] = true;
        found += 1;
        let s = e.source.actor == gs;
        let t = e.target.as_ref().and_then(|t| t.actor.clone()) == gt;
        source += s as usize;
        target += t as usize;
        all += (s && t) as usize;
        if !(s && t) {
            notes.push(format!(
                "{}: source {:?} target {:?}, gold {gs:?} {gt:?}",
                e.id,
                e.source.actor,
                e.target.as_ref().and_then(|t| t.actor.clone())
            ));
        }
        if let (Some(day), Some(p)) = (g["date"].as_str().and_then(weekday_number), published) {
            dated += 1;
            let back = (p.weekday() as i64 - day as i64).rem_euclid(7);
            let expected = p.plus_days(-back).to_string();
            dates_right += (e.date.as_deref() == Some(expected.as_str())) as usize;
        }
    }
    let mut lines = vec![
        Line::new("events found (code accepted)", found, gold.len()),
        Line::new("source right", source, gold.len()),
        Line::new("target right", target, gold.len()),
        Line::new("code + source + target", all, gold.len()),
    ];
    if published.is_some() {
        lines.push(Line::new("weekday resolved", dates_right, dated));
    } else {
        notes.push("weekday resolution not scored: no publication date (pass --published)".into());
    }
    lines.push(Line::new(
        "predicted events matched (precision)",
        used.iter().filter(|u| **u).count(),
        pred.events.len(),
    ));
    let misses = pred
        .events
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(e, _)| {
            let target = e.target.as_ref().and_then(|t| t.actor.as_deref());
            format!(
                "unmatched {} {}→{} «{}»",
                e.cameo,
                e.source.actor.as_deref().unwrap_or("?"),
                target.unwrap_or("-"),
                e.evidence.text
            )
        })
        .collect();
    Section {
        title: String::new(),
        lines,
        notes,
        misses,
        tables: Vec::new(),
    }
}

fn reported_at(e: &Event, start: usize, end: usize) -> bool {
    overlaps(&e.evidence, start, end) || e.also_evidence.iter().any(|a| overlaps(a, start, end))
}

/// Character span of `needle` in `text`.
fn char_span(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let at = text.find(needle)?;
    let start = text[..at].chars().count();
    Some((start, start + needle.chars().count()))
}

// ---------------------------------------------------------------- PLOVER

/// Score the PLOVER gold-standard records in `path` (JSON). From the `.flat.tsv` beside it,
/// when present: CAMEO codes, and the PLOVER 2024 event names attache's table uses (the JSON
/// has the v0.5 names: DEMAND for REQUEST, DISAPPROVE and INVESTIGATE for ACCUSE, FIGHT for
/// ASSAULT).
pub fn plover(path: &Path) -> Result<Section, EvalError> {
    let records = read_json(path)?;
    let records = records
        .as_array()
        .ok_or_else(|| EvalError::Input(format!("{}: expected a JSON array", path.display())))?;
    let flat = path.with_extension("flat.tsv");
    let cameo = flat_column(&flat, "cameo_code_consistent");
    let names = flat_column(&flat, "event_plover_2024");
    let records: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(n) = r["id"].as_str().and_then(|id| names.get(id)) {
                r["event"] = Value::String(n.clone());
            }
            r
        })
        .collect();
    let mut s = score_plover(&records, &cameo, analyse);
    s.title = format!("PLOVER gold records (2024 event names): {}", path.display());
    Ok(s)
}

/// One column of the flat TSV, by record id (empty cells left out).
fn flat_column(path: &Path, column: &str) -> std::collections::HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Default::default();
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let id = header.iter().position(|h| *h == "id");
    let code = header.iter().position(|h| *h == column);
    let (Some(id), Some(code)) = (id, code) else {
        return Default::default();
    };
    lines
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let v = c.get(code)?.trim();
            let key = c.get(id)?.to_string();
            (!v.is_empty()).then(|| (key, v.to_string()))
        })
        .collect()
}

/// Country codes of a gold source or target field (a list of {code}, a string, or null).
fn gold_countries(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["code"].as_str())
        .filter(|c| !c.is_empty())
        .map(|c| c[..c.len().min(3)].to_string())
        .collect()
}

/// The sentence's main event: a non-speech event that happened first (PLOVER codes what was
/// done), unless it is told inside what a typed speech act says ("X demanded that Y withdraw",
/// "X accused Y of killing …": the saying is what the sentence reports); else a speech act
/// PLOVER has a type for (the demand in "X said Y must withdraw" happened, the withdrawal did
/// not); else an unreal non-speech event; else any.
fn main_event(a: &Analysis) -> Option<&Event> {
    let plover = |e: &&Event| e.plover.is_some();
    let live = |e: &&Event| !e.negated;
    let typed_speech: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.quote.is_some() && e.plover.is_some() && !e.negated)
        .collect();
    let told = |e: &&Event| {
        typed_speech.iter().any(|s| {
            a.quotes.iter().any(|q| {
                s.quote.as_deref() == Some(q.id.as_str())
                    && q.content.start <= e.evidence.start
                    && e.evidence.end <= q.content.end
            })
        })
    };
    let done = |e: &&Event| e.quote.is_none() && !e.hypothetical && !told(e);
    a.events
        .iter()
        .filter(live)
        .filter(done)
        .find(plover)
        .or_else(|| typed_speech.first().copied())
        .or_else(|| {
            a.events
                .iter()
                .filter(live)
                .filter(|e| e.quote.is_none())
                .find(plover)
        })
        .or_else(|| a.events.iter().filter(live).find(plover))
        .or_else(|| a.events.iter().find(plover))
        .or(a.events.first())
}

/// The country part of a code, compared as the gold compares its codes (their first three
/// letters): an international body without a country keeps its own prefix ("IGO", "NGO"),
/// and the UN's own code counts as the IGO it is.
fn country(code: Option<&str>) -> Option<String> {
    let code = code?;
    let (c, _) = crate::actors::split_code(code);
    let prefix = c.or_else(|| code.get(..3))?;
    Some(if prefix == "UNO" { "IGO" } else { prefix }.to_string())
}

pub fn score_plover(
    records: &[Value],
    cameo: &std::collections::HashMap<String, String>,
    mut run: impl FnMut(&str, Option<String>) -> Analysis,
) -> Section {
    let (mut typed, mut with_event) = (0, 0);
    let (mut src, mut src_total) = (0, 0);
    let (mut tgt, mut tgt_total) = (0, 0);
    let (mut code_right, mut root_right, mut coded) = (0, 0, 0);
    let mut confusion: std::collections::BTreeMap<String, usize> = Default::default();
    let mut by_type = TypeConfusion::default();
    let mut causes = MissCauses::default();
    let mut misses = Vec::new();
    for r in records {
        let Some(event) = r["event"].as_str() else {
            continue;
        };
        with_event += 1;
        let a = run(
            r["text"].as_str().unwrap_or(""),
            r["date"].as_str().map(str::to_string),
        );
        let e = main_event(&a);
        let predicted = e.and_then(|e| e.plover.as_ref()).map(|p| p.event.as_str());
        by_type.add(event, predicted);
        if predicted == Some(event) {
            typed += 1;
        } else {
            *confusion
                .entry(format!("{event} → {}", predicted.unwrap_or("none")))
                .or_default() += 1;
        }
        let sources = gold_countries(&r["source"]);
        if !sources.is_empty() {
            src_total += 1;
            src += source_matches(&sources, e) as usize;
        }
        let targets = gold_countries(&r["target"]);
        tgt_total += 1;
        tgt += target_matches(&targets, e) as usize;
        let src_ok = sources.is_empty() || source_matches(&sources, e);
        let tgt_ok = target_matches(&targets, e);
        if !src_ok {
            causes.source(e);
        }
        if !tgt_ok {
            causes.target(&sources, &targets, e);
        }
        if predicted != Some(event) || !src_ok || !tgt_ok {
            misses.push(plover_miss(r, event, e, &a, &sources, &targets));
        }
        if let Some(gold_code) = r["id"].as_str().and_then(|id| cameo.get(id)) {
            coded += 1;
            let code = e.map(|e| e.cameo.as_str()).unwrap_or("");
            code_right += (code == gold_code) as usize;
            root_right += (code.get(..2) == gold_code.get(..2)) as usize;
        }
    }
    let mut common: Vec<(String, usize)> = confusion.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let notes = vec![
        format!(
            "most common errors: {}",
            common
                .iter()
                .take(6)
                .map(|(k, n)| format!("{k} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!("source misses by cause: {}", causes.source.render()),
        format!("target misses by cause: {}", causes.target.render()),
    ];
    Section {
        title: String::new(),
        lines: vec![
            Line::new("event type accuracy", typed, with_event),
            Line::new("source country match", src, src_total),
            Line::new("target match (incl. none)", tgt, tgt_total),
            Line::new("CAMEO exact (where given)", code_right, coded),
            Line::new("CAMEO root (where given)", root_right, coded),
        ],
        notes,
        misses,
        tables: vec![by_type.render()],
    }
}

/// PLOVER types: for each gold type, how many records, how many typed right, and what was
/// predicted instead.
#[derive(Default)]
struct TypeConfusion {
    rows: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>>,
}

impl TypeConfusion {
    fn add(&mut self, gold: &str, predicted: Option<&str>) {
        *self
            .rows
            .entry(gold.to_string())
            .or_default()
            .entry(predicted.unwrap_or("none").to_string())
            .or_default() += 1;
    }

    fn render(&self) -> String {
        let mut t = Table::new(&["gold type", "records", "right", "predicted instead"]);
        for (gold, predicted) in &self.rows {
            let right = predicted.get(gold).copied().unwrap_or(0);
            let mut wrong: Vec<(&String, &usize)> =
                predicted.iter().filter(|(p, _)| *p != gold).collect();
            wrong.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            t.row(vec![
                gold.clone(),
                predicted.values().sum::<usize>().to_string(),
                right.to_string(),
                wrong
                    .iter()
                    .map(|(p, n)| format!("{p} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        format!("PLOVER type confusion\n\n{}", t.render())
    }
}

/// Counts of misses by kind, in a fixed order.
#[derive(Default)]
struct Tally(Vec<(&'static str, usize)>);

impl Tally {
    fn add(&mut self, kind: &'static str) {
        match self.0.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.0.push((kind, 1)),
        }
    }

    fn render(&self) -> String {
        let mut v = self.0.clone();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let parts: Vec<String> = v.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Why source and target were missed.
#[derive(Default)]
struct MissCauses {
    source: Tally,
    target: Tally,
}

impl MissCauses {
    fn source(&mut self, e: Option<&Event>) {
        self.source.add(match e {
            None => "no event",
            Some(e) if e.source.actor.is_none() => "source uncoded",
            Some(e) if country(e.source.actor.as_deref()).is_none() => "source without country",
            Some(_) => "wrong country",
        });
    }

    fn target(&mut self, sources: &[String], targets: &[String], e: Option<&Event>) {
        let predicted = e.and_then(|e| country(e.target.as_ref()?.actor.as_deref()));
        let domestic = targets.iter().any(|t| sources.contains(t));
        self.target.add(match (e, &predicted) {
            (None, _) => "no event",
            (Some(_), None) if domestic => "none, gold is the source's country",
            (Some(_), None) => "none, gold another country",
            (Some(_), Some(_)) if targets.is_empty() => "predicted, gold none",
            (Some(_), Some(_)) if domestic => "wrong country, gold is the source's",
            (Some(_), Some(_)) => "wrong country",
        });
    }
}

fn source_matches(sources: &[String], e: Option<&Event>) -> bool {
    let c = country(e.and_then(|e| e.source.actor.as_deref()));
    c.is_some_and(|c| sources.contains(&c))
}

/// A record without a gold target is right when nothing is predicted as target.
fn target_matches(targets: &[String], e: Option<&Event>) -> bool {
    let t = country(e.and_then(|e| e.target.as_ref()?.actor.as_deref()));
    match (&t, targets.is_empty()) {
        (None, true) => true,
        (Some(c), false) => targets.contains(c),
        _ => false,
    }
}

/// A side of an event for a miss line: its code, and the entity's name and the basis of its
/// code when it is an entity ("FRAGOV [Ana Ferreira: title]"), so that a wrong country shows
/// where it came from.
fn party_note(a: &Analysis, p: Option<&crate::model::EventActor>) -> String {
    let Some(p) = p else {
        return "-".to_string();
    };
    let code = p.actor.as_deref().unwrap_or("?");
    let entity = p
        .entity
        .as_deref()
        .and_then(|id| a.entities.iter().find(|x| x.id == id));
    match entity {
        Some(x) => {
            let basis = x.actor.as_ref().map_or("none", |c| c.basis.as_str());
            format!("{code} [{}: {basis}]", x.name)
        }
        None => format!("{code} [described]"),
    }
}

fn plover_miss(
    r: &Value,
    event: &str,
    e: Option<&Event>,
    a: &Analysis,
    src: &[String],
    tgt: &[String],
) -> String {
    let pred = e.map_or("-".to_string(), |e| {
        format!(
            "{} {} {} → {} «{}»",
            e.plover.as_ref().map_or("none", |p| p.event.as_str()),
            e.cameo,
            party_note(a, Some(&e.source)),
            party_note(a, e.target.as_ref()),
            e.evidence.text
        )
    });
    format!(
        "{} gold {event} {}→{} | got {pred} | {}",
        r["id"].as_str().unwrap_or("?"),
        src.join(","),
        tgt.join(","),
        r["text"].as_str().unwrap_or("")
    )
}

#[cfg(test)]
mod tests;
