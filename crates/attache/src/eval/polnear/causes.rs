//! Why attributions are missed or spurious, from the quote stage's own record
//! ([`crate::quotes::trace`]): for `attache eval polnear --errors`.
//!
//! A missed gold attribution (no prediction covers more than 0.3 of its content) is put under
//! the furthest step its cue got: a prediction with the gold cue but another content; a model
//! attribution at the cue that the merge policy dropped (and by which rule); a cue accepted
//! without content; a cue below the classifier's threshold; a cue word whose sentence was not
//! parsed; a cue word outside the model's vocabulary. A spurious prediction is put under where
//! it came from (the rules, or the model on a known or a classifier cue), and whether a gold
//! attribution has its cue.

use super::attribution::Attribution;
use super::metrics::COVERAGE_LOW;
use crate::eval::spans::{CharSpan, Fragments};
use crate::model::CharIndex;
use crate::quotes::trace::{CueFate, Origin, Trace};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Causes {
    pub missed: BTreeMap<String, usize>,
    pub spurious: BTreeMap<String, usize>,
    /// Predictions that match a gold attribution, by origin.
    pub matched: BTreeMap<String, usize>,
    /// The gold cue words of each cause of a miss, lowercased, with their counts.
    pub missed_cues: BTreeMap<String, BTreeMap<String, usize>>,
    /// Classifier margins (margin + bias) of gold cue heads below the threshold, bucketed.
    pub missed_margins: BTreeMap<i64, usize>,
}

impl Causes {
    pub fn add(&mut self, o: &Causes) {
        add_counts(&mut self.missed, &o.missed);
        add_counts(&mut self.spurious, &o.spurious);
        add_counts(&mut self.matched, &o.matched);
        add_counts(&mut self.missed_margins, &o.missed_margins);
        for (k, words) in &o.missed_cues {
            add_counts(self.missed_cues.entry(k.clone()).or_default(), words);
        }
    }

    pub fn to_table(&self) -> String {
        let mut out = String::new();
        for (title, counts) in [
            ("missed attributions by cause", &self.missed),
            ("spurious attributions by origin", &self.spurious),
            (
                "predictions matching a gold attribution, by origin",
                &self.matched,
            ),
        ] {
            out.push_str(&format!("\n{title}:\n"));
            let mut v: Vec<_> = counts.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (k, n) in v {
                out.push_str(&format!("  {n:>6}  {k}\n"));
                if let Some(words) = self.missed_cues.get(k) {
                    out.push_str(&format!("          cues: {}\n", most_frequent(words)));
                }
            }
        }
        if !self.missed_margins.is_empty() {
            out.push_str(&format!(
                "\nmissed cues below the threshold, by margin (floor to {MARGIN_STEP}):\n"
            ));
            for (m, n) in &self.missed_margins {
                out.push_str(&format!("  {n:>6}  {m}\n"));
            }
        }
        out
    }
}

fn add_counts<K: Ord + Clone>(into: &mut BTreeMap<K, usize>, from: &BTreeMap<K, usize>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

/// Margins are sums of i16 weights; buckets this wide show how far below the threshold the
/// missed cues lie. Lower margins fall in the lowest bucket.
const MARGIN_STEP: i64 = 10_000;
const MARGIN_FLOOR: i64 = -100_000;

/// The most frequent words of a count map, as "word ×n" joined.
fn most_frequent(words: &BTreeMap<String, usize>) -> String {
    const SHOWN: usize = 12;
    let mut v: Vec<_> = words.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = (v.iter().take(SHOWN))
        .map(|(w, n)| format!("{w} ×{n}"))
        .collect();
    shown.join(", ")
}

/// The trace in character offsets.
struct CharTrace {
    tokens: Vec<(CharSpan, CueFate)>,
    quotes: Vec<(Fragments, Origin)>,
}

impl CharTrace {
    fn new(trace: &Trace, text: &str, chars: &[char]) -> Self {
        let index = CharIndex::new(text);
        let span = |r: &std::ops::Range<usize>| {
            CharSpan::new(
                index.char_of(r.start.min(text.len())),
                index.char_of(r.end.min(text.len())),
            )
        };
        CharTrace {
            tokens: trace.tokens.iter().map(|(r, f)| (span(r), *f)).collect(),
            quotes: (trace.quotes.iter())
                .map(|(r, o)| (Fragments::normalized([span(r)], chars), *o))
                .collect(),
        }
    }
}

/// How far a cue got: the furthest step wins among the tokens of a gold cue.
fn rank(f: CueFate) -> u8 {
    match f {
        CueFate::OutsideVocabulary => 0,
        CueFate::Unparsed => 1,
        CueFate::BelowThreshold(_) => 2,
        CueFate::InPreviousCue => 3,
        CueFate::NoContent => 4,
        CueFate::Predicted(_) => 5,
    }
}

fn coverage(gold: &Fragments, pred: &Fragments) -> f64 {
    crate::eval::ratio(gold.shared_chars(pred), gold.char_len()).unwrap_or(0.0)
}

/// The causes of one document's misses and spurious predictions; `None` for the trace when
/// the analysed text is not the file's (offsets would not line up).
pub fn classify(
    text: &str,
    chars: &[char],
    gold: &[Attribution],
    pred: &[Attribution],
    trace: Option<&Trace>,
) -> Causes {
    let mut out = Causes::default();
    let Some(trace) = trace else {
        return out;
    };
    let t = CharTrace::new(trace, text, chars);
    for g in gold {
        let found = pred
            .iter()
            .any(|p| coverage(&g.content, &p.content) > COVERAGE_LOW);
        if !found {
            let cause = missed_cause(&t, g, pred, &mut out.missed_margins);
            let cue = g.cue.text(chars).to_lowercase();
            *(out.missed_cues.entry(cause.clone()).or_default())
                .entry(cue)
                .or_default() += 1;
            *out.missed.entry(cause).or_default() += 1;
        }
    }
    for p in pred {
        let matched = gold
            .iter()
            .any(|g| coverage(&g.content, &p.content) > COVERAGE_LOW);
        if matched {
            *out.matched.entry(origin(&t, p).name().into()).or_default() += 1;
        } else {
            *out.spurious.entry(spurious_cause(&t, p, gold)).or_default() += 1;
        }
    }
    out
}

fn missed_cause(
    t: &CharTrace,
    g: &Attribution,
    pred: &[Attribution],
    margins: &mut BTreeMap<i64, usize>,
) -> String {
    if g.cue.is_empty() {
        return "gold without cue".into();
    }
    if pred.iter().any(|p| p.cue.overlaps(&g.cue)) {
        return "a prediction has the gold cue, its content lies elsewhere".into();
    }
    let fate = t
        .tokens
        .iter()
        .filter(|(s, _)| (g.cue.spans().iter()).any(|c| c.start < s.end && s.start < c.end))
        .map(|(_, f)| *f)
        .max_by_key(|f| rank(*f));
    match fate {
        None => "no token at the gold cue".into(),
        Some(f) => {
            if let CueFate::BelowThreshold(m) = f {
                let bucket = i64::from(m).div_euclid(MARGIN_STEP) * MARGIN_STEP;
                *margins.entry(bucket.max(MARGIN_FLOOR)).or_default() += 1;
            }
            f.name().into()
        }
    }
}

/// Where a prediction came from: the model quote sharing most of its content, else the rules.
fn origin(t: &CharTrace, p: &Attribution) -> Origin {
    t.quotes
        .iter()
        .map(|(c, o)| (c.shared_chars(&p.content), *o))
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, _)| *shared)
        .map_or(Origin::Rules, |(_, o)| o)
}

fn spurious_cause(t: &CharTrace, p: &Attribution, gold: &[Attribution]) -> String {
    let origin = origin(t, p);
    let cue = if p.cue.is_empty() {
        "no cue"
    } else if gold.iter().any(|g| g.cue.overlaps(&p.cue)) {
        "a gold attribution has this cue, with another content"
    } else {
        "no gold attribution at this cue"
    };
    format!("{}; {cue}", origin.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::trace::Policy;

    fn part(chars: &[char], start: usize, end: usize) -> Fragments {
        Fragments::normalized([CharSpan::new(start, end)], chars)
    }

    #[test]
    fn misses_go_to_the_furthest_step_their_cue_got_and_spurious_to_their_origin() {
        let text = "Ada Pell warned that fares rise. Bo Lind hopes rain stops.";
        let chars: Vec<char> = text.chars().collect();
        let at = |w: &str| text.find(w).expect("word in text");
        let span = |w: &str| at(w)..at(w) + w.len();
        let attribution = |cue: &str, content: &str| Attribution {
            source: Fragments::default(),
            cue: part(&chars, at(cue), at(cue) + cue.len()),
            content: part(&chars, at(content), at(content) + content.len()),
            quoted: false,
        };
        let gold = [
            attribution("warned", "that fares rise"),
            attribution("hopes", "rain stops"),
        ];
        // The model added "Ada Pell" as the content of "warned", which matches no gold.
        let pred = [attribution("warned", "Ada Pell")];
        let trace = Trace {
            tokens: vec![
                (span("warned"), CueFate::Predicted(Policy::Added)),
                (span("hopes"), CueFate::BelowThreshold(-25_000)),
                (span("rain"), CueFate::OutsideVocabulary),
            ],
            quotes: vec![(span("Ada Pell"), Origin::ModelClassifierCue)],
        };
        let c = classify(text, &chars, &gold, &pred, Some(&trace));
        let count = |m: &BTreeMap<String, usize>, k: &str| m.get(k).copied().unwrap_or(0);
        assert_eq!(
            count(&c.missed, "cue below the classifier threshold"),
            1,
            "{c:?}"
        );
        assert_eq!(
            count(
                &c.missed,
                "a prediction has the gold cue, its content lies elsewhere"
            ),
            1,
            "{c:?}"
        );
        assert_eq!(c.missed_margins.get(&-30_000), Some(&1), "{c:?}");
        assert_eq!(
            count(
                &c.spurious,
                "model, classifier cue; a gold attribution has this cue, with another content"
            ),
            1,
            "{c:?}"
        );
        assert!(c.matched.is_empty(), "{c:?}");
    }
}
