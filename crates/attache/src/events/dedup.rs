//! Within-document dedup: an article often reports the same event twice (in the lead and again
//! in the body). Events with the same source, target, code, polarity and modality whose dates
//! agree (or one of which has no date of its own) are one event with several evidence spans.

use super::dates::DateBasis;
use super::Found;
use crate::text::Annotated;
use std::collections::HashSet;
use std::ops::Range;

pub fn merge(ann: &Annotated, items: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in items {
        match out.iter_mut().find(|o| same_event(ann, o, &f)) {
            Some(o) => {
                let overlaps = |r: &Range<usize>| {
                    r.start < f.candidate.evidence.end && f.candidate.evidence.start < r.end
                };
                if !overlaps(&o.candidate.evidence) && !o.also.iter().any(|(r, _)| overlaps(r)) {
                    o.also
                        .push((f.candidate.evidence.clone(), f.candidate.quote));
                }
                // A report that dates the event dates the merged one.
                if o.date.basis != Some(DateBasis::Text) && f.date.basis == Some(DateBasis::Text) {
                    o.date = f.date.clone();
                }
            }
            None => out.push(f),
        }
    }
    out
}

fn same_event(ann: &Annotated, a: &Found, b: &Found) -> bool {
    let (x, y) = (&a.candidate, &b.candidate);
    if x.origin != y.origin {
        return false;
    }
    // Statements are the same only when they say the same thing.
    if let (Some(c), Some(d)) = (&x.content, &y.content) {
        if !same_words(ann, c.clone(), d.clone()) {
            return false;
        }
    }
    let target = |c: &super::Candidate| c.target.as_ref().map(|t| t.code.clone());
    x.source.code == y.source.code
        && target(x) == target(y)
        && x.cameo == y.cameo
        && x.negated == y.negated
        && x.hypothetical == y.hypothetical
        && (a.date.day == b.date.day
            || a.date.basis != Some(DateBasis::Text)
            || b.date.basis != Some(DateBasis::Text))
}

/// Overlapping spans, or at least half of the content words shared.
fn same_words(ann: &Annotated, a: Range<usize>, b: Range<usize>) -> bool {
    if a.start < b.end && b.start < a.end {
        return true;
    }
    let words = |r: Range<usize>| -> HashSet<String> {
        r.map(|i| ann.word(i).to_lowercase())
            .filter(|w| w.chars().count() > 3)
            .collect()
    };
    let (x, y) = (words(a), words(b));
    let shared = x.intersection(&y).count();
    shared * 2 >= x.len().min(y.len()).max(1)
}
