//! The PolNeAR metrics, per document, summed over the corpus (micro-averaged).
//!
//! Conventions, following Citron's evaluation (bbc/citron `metrics.py`) and CofeNet's
//! per-part span scores:
//! - **exact**: a predicted part is right when some gold attribution has exactly the same
//!   (normalised) spans for that part, and a gold part is found when some prediction has them.
//!   Precision counts predictions, recall counts gold, so neither side needs a one-to-one
//!   matching. Content compares its whole span list. Parts that are empty on a side (no
//!   source, no cue) are not counted on that side.
//! - **tokens**: Citron's overlap measure over `\w+` tokens: precision is the share of tokens
//!   inside predicted spans that are also inside gold spans of the same part; recall the
//!   other way round. Each token counts once however many spans cover it.
//! - **coverage > t**: a prediction matches a gold content when it covers more than `t` of the
//!   gold content's characters; precision is the share of predictions matching some gold,
//!   recall the share of gold matched by some prediction.
//! - **speaker**: of the gold attributions with a source matched at coverage 0.3 (by the
//!   prediction covering most of them), the share whose predicted source overlaps the gold
//!   source or has the same text, ignoring case. Gold attributions without a source are not
//!   scored.
//!
//! For the quoted subset, the side being counted is restricted (gold whose content holds
//! quotation marks; predictions whose content holds or is wrapped by them) and matched
//! against everything on the other side: a predicted direct quote that finds a gold indirect
//! one is still a correct find.

use super::attribution::{Attribution, Part};
use crate::eval::spans::Fragments;
use crate::eval::tokens::word_ranges;
use crate::eval::{f1, ratio};
use serde::Serialize;

/// The coverage thresholds reported.
pub const COVERAGE_LOW: f64 = 0.3;
pub const COVERAGE_HIGH: f64 = 0.8;

/// Hits and totals for a precision/recall pair, kept separately because with existence
/// matching the precision and recall numerators differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pred_hits: usize,
    pub pred_total: usize,
    pub gold_hits: usize,
    pub gold_total: usize,
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.pred_hits, self.pred_total)
    }

    pub fn recall(&self) -> Option<f64> {
        ratio(self.gold_hits, self.gold_total)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    fn add(&mut self, o: &Counts) {
        self.pred_hits += o.pred_hits;
        self.pred_total += o.pred_total;
        self.gold_hits += o.gold_hits;
        self.gold_total += o.gold_total;
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Prf {
            precision: Option<f64>,
            recall: Option<f64>,
            f1: f64,
            pred_hits: usize,
            pred_total: usize,
            gold_hits: usize,
            gold_total: usize,
        }
        Prf {
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
            pred_hits: self.pred_hits,
            pred_total: self.pred_total,
            gold_hits: self.gold_hits,
            gold_total: self.gold_total,
        }
        .serialize(s)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn score(&self) -> Option<f64> {
        ratio(self.correct, self.total)
    }
}

/// Every metric for one set of attributions (all, or the quoted subset).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub gold: usize,
    pub predicted: usize,
    pub source_exact: Counts,
    pub cue_exact: Counts,
    pub content_exact: Counts,
    pub source_tokens: Counts,
    pub cue_tokens: Counts,
    pub content_tokens: Counts,
    pub content_coverage_low: Counts,
    pub content_coverage_high: Counts,
    pub speaker: Accuracy,
}

impl Scores {
    pub fn add(&mut self, o: &Scores) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        for (mine, theirs) in self.counts_mut().into_iter().zip(o.counts()) {
            mine.add(&theirs);
        }
        self.speaker.correct += o.speaker.correct;
        self.speaker.total += o.speaker.total;
    }

    fn counts(&self) -> [Counts; 8] {
        [
            self.source_exact,
            self.cue_exact,
            self.content_exact,
            self.source_tokens,
            self.cue_tokens,
            self.content_tokens,
            self.content_coverage_low,
            self.content_coverage_high,
        ]
    }

    fn counts_mut(&mut self) -> [&mut Counts; 8] {
        [
            &mut self.source_exact,
            &mut self.cue_exact,
            &mut self.content_exact,
            &mut self.source_tokens,
            &mut self.cue_tokens,
            &mut self.content_tokens,
            &mut self.content_coverage_low,
            &mut self.content_coverage_high,
        ]
    }

    fn exact_mut(&mut self, part: Part) -> &mut Counts {
        match part {
            Part::Source => &mut self.source_exact,
            Part::Cue => &mut self.cue_exact,
            Part::Content => &mut self.content_exact,
        }
    }

    fn tokens_mut(&mut self, part: Part) -> &mut Counts {
        match part {
            Part::Source => &mut self.source_tokens,
            Part::Cue => &mut self.cue_tokens,
            Part::Content => &mut self.content_tokens,
        }
    }
}

/// One document: its characters, gold and predicted attributions.
pub struct DocPair<'a> {
    pub chars: &'a [char],
    pub gold: &'a [Attribution],
    pub pred: &'a [Attribution],
}

/// Which attributions are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subset {
    All,
    Quoted,
}

impl Subset {
    fn keeps(self, a: &Attribution) -> bool {
        self == Subset::All || a.quoted
    }
}

pub fn score_doc(doc: &DocPair, subset: Subset) -> Scores {
    let gold: Vec<&Attribution> = doc.gold.iter().filter(|a| subset.keeps(a)).collect();
    let pred: Vec<&Attribution> = doc.pred.iter().filter(|a| subset.keeps(a)).collect();
    let words = word_ranges(doc.chars);
    let mut s = Scores {
        gold: gold.len(),
        predicted: pred.len(),
        ..Scores::default()
    };
    for part in Part::ALL {
        *s.exact_mut(part) = exact(part, &gold, &pred, doc);
        *s.tokens_mut(part) = tokens(part, &gold, &pred, doc, &words);
    }
    s.content_coverage_low = coverage(COVERAGE_LOW, &gold, &pred, doc);
    s.content_coverage_high = coverage(COVERAGE_HIGH, &gold, &pred, doc);
    s.speaker = speaker(&gold, doc);
    s
}

fn exact(part: Part, gold: &[&Attribution], pred: &[&Attribution], doc: &DocPair) -> Counts {
    let found_in = |f: &Fragments, side: &[Attribution]| side.iter().any(|a| part.of(a) == f);
    let mut c = Counts::default();
    for f in pred.iter().map(|a| part.of(a)).filter(|f| !f.is_empty()) {
        c.pred_total += 1;
        c.pred_hits += usize::from(found_in(f, doc.gold));
    }
    for f in gold.iter().map(|a| part.of(a)).filter(|f| !f.is_empty()) {
        c.gold_total += 1;
        c.gold_hits += usize::from(found_in(f, doc.pred));
    }
    c
}

fn tokens(
    part: Part,
    gold: &[&Attribution],
    pred: &[&Attribution],
    doc: &DocPair,
    words: &[(usize, usize)],
) -> Counts {
    let pred_in = union(part, pred.iter().copied(), doc.chars);
    let gold_in = union(part, gold.iter().copied(), doc.chars);
    let pred_all = union(part, doc.pred.iter(), doc.chars);
    let gold_all = union(part, doc.gold.iter(), doc.chars);
    let mut c = Counts::default();
    for &(start, end) in words {
        if pred_in.contains(start, end) {
            c.pred_total += 1;
            c.pred_hits += usize::from(gold_all.contains(start, end));
        }
        if gold_in.contains(start, end) {
            c.gold_total += 1;
            c.gold_hits += usize::from(pred_all.contains(start, end));
        }
    }
    c
}

/// Everything one part of these attributions covers, so overlapping spans count once.
fn union<'a>(
    part: Part,
    attributions: impl Iterator<Item = &'a Attribution>,
    chars: &[char],
) -> Fragments {
    let spans = attributions.flat_map(|a| part.of(a).spans().iter().copied());
    Fragments::normalized(spans, chars)
}

/// The share of `gold`'s characters that `pred` covers.
fn coverage_of(gold: &Fragments, pred: &Fragments) -> f64 {
    ratio(gold.shared_chars(pred), gold.char_len()).unwrap_or(0.0)
}

fn coverage(t: f64, gold: &[&Attribution], pred: &[&Attribution], doc: &DocPair) -> Counts {
    let covers = |g: &Attribution, p: &Attribution| coverage_of(&g.content, &p.content) > t;
    Counts {
        pred_hits: pred
            .iter()
            .filter(|p| doc.gold.iter().any(|g| covers(g, p)))
            .count(),
        pred_total: pred.len(),
        gold_hits: gold
            .iter()
            .filter(|g| doc.pred.iter().any(|p| covers(g, p)))
            .count(),
        gold_total: gold.len(),
    }
}

fn speaker(gold: &[&Attribution], doc: &DocPair) -> Accuracy {
    let mut acc = Accuracy::default();
    for g in gold.iter().filter(|g| !g.source.is_empty()) {
        let best = doc
            .pred
            .iter()
            .map(|p| (coverage_of(&g.content, &p.content), p))
            .filter(|(c, _)| *c > COVERAGE_LOW)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, p)) = best {
            acc.total += 1;
            acc.correct += usize::from(same_source(&g.source, &p.source, doc.chars));
        }
    }
    acc
}

fn same_source(gold: &Fragments, pred: &Fragments, chars: &[char]) -> bool {
    !pred.is_empty()
        && (gold.overlaps(pred)
            || gold.text(chars).to_lowercase() == pred.text(chars).to_lowercase())
}
