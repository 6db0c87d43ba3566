//! The metrics the extraction benchmarks publish, re-implemented so that our numbers compare
//! with theirs: AEB's 4-gram shingle matching, WCXB's word-bag F1, htmldate's day-level P/R/F.

use std::collections::HashMap;

/// Tokens as Python's `re.findall(r'\w+', text)` finds them: runs of letters, digits, marks and
/// underscores.
pub fn word_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

/// Combining marks (Python's `\w` keeps them inside words, e.g. Devanagari vowel signs).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
        && !c.is_whitespace()
}

/// True positives, false positives and false negatives of one page, normalised to sum to 1 so
/// that long pages do not weigh more (AEB's `string_shingle_matching`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shingles {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl Shingles {
    /// Compares the 4-gram shingles of gold and predicted text, counting repeats.
    pub fn matching(gold: &str, pred: &str) -> Shingles {
        let (gold, pred) = (shingle_counts(gold, 4), shingle_counts(pred, 4));
        let mut s = Shingles::default();
        for (key, &g) in &gold {
            let p = pred.get(key).copied().unwrap_or(0);
            s.tp += g.min(p) as f64;
            s.fn_ += g.saturating_sub(p) as f64;
        }
        for (key, &p) in &pred {
            s.fp += p.saturating_sub(gold.get(key).copied().unwrap_or(0)) as f64;
        }
        let sum = s.tp + s.fp + s.fn_;
        if sum > 0.0 {
            s = Shingles {
                tp: s.tp / sum,
                fp: s.fp / sum,
                fn_: s.fn_ / sum,
            };
        }
        s
    }

    /// AEB's precision: 1 when nothing was missed or added, `None` when undefined.
    pub fn precision(&self) -> Option<f64> {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            return Some(1.0);
        }
        (self.tp + self.fp > 0.0).then(|| self.tp / (self.tp + self.fp))
    }

    pub fn recall(&self) -> Option<f64> {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            return Some(1.0);
        }
        (self.tp + self.fn_ > 0.0).then(|| self.tp / (self.tp + self.fn_))
    }
}

/// Shingles of `n` consecutive tokens; a text shorter than `n` tokens is one shingle.
fn shingle_counts(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = word_tokens(text);
    let mut counts = HashMap::new();
    let windows = tokens.len().saturating_sub(n) + 1;
    for i in 0..windows {
        let shingle = &tokens[i..(i + n).min(tokens.len())];
        if !shingle.is_empty() {
            *counts.entry(shingle.to_vec()).or_insert(0) += 1;
        }
    }
    counts
}

/// Precision and recall as the mean over pages where each is defined, F1 from the two means
/// (AEB's `metrics_from_tp_fp_fns`).
pub fn aeb_summary(pages: &[Shingles]) -> Prf {
    let precision = mean(pages.iter().filter_map(Shingles::precision));
    let recall = mean(pages.iter().filter_map(Shingles::recall));
    Prf::from_pr(precision, recall)
}

/// Precision, recall and F1 of one page or a whole set.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn from_pr(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }

    /// Each of the three averaged over pages (WCXB averages F1 per page, not from the means).
    pub fn mean_of(pages: &[Prf]) -> Prf {
        Prf {
            precision: mean(pages.iter().map(|p| p.precision)),
            recall: mean(pages.iter().map(|p| p.recall)),
            f1: mean(pages.iter().map(|p| p.f1)),
        }
    }
}

/// WCXB's word-bag F1 over lower-cased `\w+` tokens; an empty gold with an empty prediction is
/// perfect.
pub fn word_bag(gold: &str, pred: &str) -> Prf {
    let (gold, pred) = (gold.to_lowercase(), pred.to_lowercase());
    let (g, p) = (word_tokens(&gold), word_tokens(&pred));
    if g.is_empty() {
        let score = if p.is_empty() { 1.0 } else { 0.0 };
        return Prf::from_pr(score, score);
    }
    if p.is_empty() {
        return Prf::default();
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in &g {
        *counts.entry(t).or_insert(0) += 1;
    }
    let mut overlap = 0usize;
    for t in &p {
        if let Some(c) = counts.get_mut(t) {
            if *c > 0 {
                *c -= 1;
                overlap += 1;
            }
        }
    }
    Prf::from_pr(
        overlap as f64 / p.len() as f64,
        overlap as f64 / g.len() as f64,
    )
}

/// Day-level date scoring as htmldate counts it: a right day is a true positive, a wrong day a
/// false positive, no day where gold has one a false negative.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct DateCounts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Pages without a gold date where none was predicted.
    pub tn: usize,
}

impl DateCounts {
    pub fn add(&mut self, gold: Option<&str>, pred: Option<&str>) {
        let day = |d: &str| d.get(..10).unwrap_or(d).to_string();
        match (gold.map(day), pred.map(day)) {
            (Some(g), Some(p)) if g == p => self.tp += 1,
            (_, Some(_)) => self.fp += 1,
            (Some(_), None) => self.fn_ += 1,
            (None, None) => self.tn += 1,
        }
    }

    pub fn prf(&self) -> Prf {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        Prf::from_pr(p, r)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

pub fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}
