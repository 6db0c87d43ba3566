//! Error kinds for `attache eval polnear --errors`: every gold attribution that is not found
//! exactly, and every prediction that matches no gold, counted under one kind, so that the
//! error analysis in docs/attribution.md can be reproduced.
//!
//! A gold attribution is paired with the prediction covering most of its content (coverage >
//! 0.3, as the speaker metric). Its first wrong part decides the kind, content first, since a
//! wrong content is what a reader notices.

use super::attribution::Attribution;
use super::metrics::COVERAGE_LOW;
use crate::eval::ratio;
use crate::eval::spans::Fragments;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts per error kind, and one example (document name and text) of each.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorCounts {
    pub counts: BTreeMap<&'static str, usize>,
    pub examples: BTreeMap<&'static str, String>,
}

impl ErrorCounts {
    pub fn add(&mut self, o: &ErrorCounts) {
        for (k, v) in &o.counts {
            *self.counts.entry(k).or_default() += v;
        }
        for (k, v) in &o.examples {
            self.examples.entry(k).or_insert_with(|| v.clone());
        }
    }

    fn note(&mut self, kind: &'static str, example: impl FnOnce() -> String) {
        *self.counts.entry(kind).or_default() += 1;
        self.examples.entry(kind).or_insert_with(example);
    }

    /// Kinds by count, most frequent first.
    pub fn ranked(&self) -> Vec<(&'static str, usize)> {
        let mut v: Vec<_> = self.counts.iter().map(|(k, c)| (*k, *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    pub fn to_table(&self) -> String {
        let mut out = String::from(
            "\nerror kinds (gold attributions not found exactly, and spurious predictions):\n",
        );
        for (kind, n) in self.ranked() {
            out.push_str(&format!("  {n:>6}  {kind}\n"));
            if let Some(e) = self.examples.get(kind) {
                out.push_str(&format!("          e.g. {e}\n"));
            }
        }
        out
    }
}

fn coverage(gold: &Fragments, pred: &Fragments) -> f64 {
    ratio(gold.shared_chars(pred), gold.char_len()).unwrap_or(0.0)
}

fn clip(s: &str) -> String {
    const MAX: usize = 100;
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        one_line.chars().take(MAX).collect::<String>() + "…"
    }
}

/// The error kinds of one document.
pub fn classify(
    name: &str,
    chars: &[char],
    gold: &[Attribution],
    pred: &[Attribution],
) -> ErrorCounts {
    let mut e = ErrorCounts::default();
    let show = |f: &Fragments| clip(&f.text(chars));
    for g in gold {
        let best = pred
            .iter()
            .map(|p| (coverage(&g.content, &p.content), p))
            .filter(|(c, _)| *c > COVERAGE_LOW)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, p)) = best else {
            e.note("missed attribution", || {
                format!("{name}: {}", show(&g.content))
            });
            continue;
        };
        let example = |what: &Fragments, got: &Fragments| {
            format!("{name}: gold [{}] predicted [{}]", show(what), show(got))
        };
        if g.content != p.content {
            let kind = if p.content.char_len() > g.content.char_len() {
                "content too long"
            } else {
                "content too short or shifted"
            };
            e.note(kind, || example(&g.content, &p.content));
        } else if g.source != p.source {
            let kind = match (g.source.is_empty(), p.source.is_empty()) {
                (false, true) => "source missing",
                (true, false) => "source where gold has none",
                _ if g.source.overlaps(&p.source) => "source boundary",
                _ => "source wrong phrase",
            };
            e.note(kind, || example(&g.source, &p.source));
        } else if g.cue != p.cue {
            let kind = if g.cue.overlaps(&p.cue) {
                "cue boundary"
            } else {
                "cue wrong"
            };
            e.note(kind, || example(&g.cue, &p.cue));
        }
    }
    for p in pred {
        if !gold
            .iter()
            .any(|g| coverage(&g.content, &p.content) > COVERAGE_LOW)
        {
            e.note("spurious attribution", || {
                format!("{name}: {}", show(&p.content))
            });
        }
    }
    e
}
