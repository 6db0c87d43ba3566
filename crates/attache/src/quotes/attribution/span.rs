//! The factorised content model: every span in a window around the cue is a candidate, scored
//! as Start(s) + End(e) + Σ Inside(t), plus the tree-candidate ranker's score when the span is
//! also one of the candidates cut along the tree (`candidates::contents`). The boundaries are
//! then learnt token by token, instead of being chosen among a few cuts of the parse: most
//! content errors are a boundary a token or a phrase off ("…, citing the deficit").
//!
//! The window is the previous sentence and the cue's sentence, widened to cover every tree
//! candidate (quotation-mark spans may reach into the next sentence or paragraph). With prefix
//! sums of Inside the best span over all O(n²) spans costs O(n).

use super::candidates::{Candidate, CueSpan};
use super::context::{bucket, Context};
use crate::text::perceptron::{hash_const, mix, Feature};
use std::ops::Range;

macro_rules! h {
    ($s:literal) => {
        const { hash_const($s) }
    };
}

/// What every per-token feature of one cue shares: where the cue is, and the subtrees of its
/// clausal complements (the usual home of reported content).
pub struct Frame {
    pub cue: CueSpan,
    pub window: Range<usize>,
    sentence: usize,
    lemma: u64,
    /// Subtree of the cue head.
    governed: Range<usize>,
    /// Subtrees of the cue head's ccomp / xcomp / parataxis / csubj children.
    complements: Vec<Range<usize>>,
    /// The dependency path from the cue head to each window token, computed once: every token
    /// is looked at as a start, an end and an inside token.
    paths: Vec<u64>,
}

impl Frame {
    pub fn new(cx: &Context, cue: &CueSpan, candidates: &[Candidate]) -> Frame {
        let k = cx.sentence[cue.head];
        let s = cx.sentence_range(cue.head);
        let mut lo = if k > 0 {
            cx.ann.sentences[k - 1].tokens.start
        } else {
            s.start
        };
        let mut hi = s.end;
        for c in candidates {
            lo = lo.min(c.tokens.start);
            hi = hi.max(c.tokens.end);
        }
        let complements = cx
            .trees
            .children(cue.head)
            .filter(|&c| {
                matches!(
                    cx.deprel(c).split(':').next(),
                    Some("ccomp" | "xcomp" | "parataxis" | "csubj")
                )
            })
            .map(|c| cx.subtree(c))
            .collect();
        let paths = (lo..hi).map(|t| cx.path_hash(cue.head, t)).collect();
        Frame {
            paths,
            cue: cue.clone(),
            window: lo..hi,
            sentence: k,
            lemma: cx.hashes[cue.head].lemma,
            governed: cx.subtree(cue.head),
            complements,
        }
    }

    /// Tokens a content may not hold besides the cue: the "by" agent of a passive cue is its
    /// source, not its content ("new quotas announced by [the council]"). Only the agent's head
    /// word is barred. Barring the active subject too was measured and dropped: the parse hangs
    /// some contents' own subjects on the cue, and dev contents found from the gold cue fell
    /// from 1,359 to 1,338 (`attache train attribution`).
    pub fn agents(&self, cx: &Context) -> Vec<usize> {
        cx.trees
            .children(self.cue.head)
            .filter(|&c| cx.deprel(c) == "obl:agent")
            .filter(|c| self.window.contains(c) && !self.cue.tokens.contains(c))
            .collect()
    }

    /// Where token `t` lies relative to the cue's clause.
    fn region(&self, cx: &Context, t: usize) -> u64 {
        if t >= cx.len() {
            return h!("</s>");
        }
        let k = cx.sentence[t];
        if k < self.sentence {
            h!("prev-sentence")
        } else if k > self.sentence {
            h!("next-sentence")
        } else if self.cue.tokens.contains(&t) {
            h!("cue")
        } else if self.complements.iter().any(|c| c.contains(&t)) {
            h!("complement")
        } else if self.governed.contains(&t) {
            h!("governed")
        } else {
            h!("outside")
        }
    }

    /// The path from the cue head to `t`.
    fn path(&self, cx: &Context, t: usize) -> u64 {
        match t.checked_sub(self.window.start) {
            Some(k) if k < self.paths.len() => self.paths[k],
            _ => cx.path_hash(self.cue.head, t),
        }
    }

    pub fn side(&self, t: usize) -> Side {
        if t < self.cue.tokens.start {
            Side::Left
        } else {
            Side::Right
        }
    }

    /// Tokens from the cue (0 for the cue's own tokens, whose features no span ever uses).
    fn distance(&self, t: usize) -> u64 {
        let d = if t < self.cue.tokens.start {
            self.cue.tokens.start - t
        } else {
            (t + 1).saturating_sub(self.cue.tokens.end)
        };
        bucket(d) as u64
    }
}

/// Which side of the cue a token lies on.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    fn hash(self) -> u64 {
        match self {
            Side::Left => h!("L"),
            Side::Right => h!("R"),
        }
    }
}

/// Appends hashed features to a buffer.
struct Feats<'v>(&'v mut Vec<Feature>);

impl Feats<'_> {
    fn add(&mut self, template: u64, values: &[u64]) {
        let mut h = template;
        for &v in values {
            h = mix(h, v);
        }
        self.0.push(h);
    }
}

fn mark(cx: &Context, i: isize) -> u64 {
    if i < 0 || i as usize >= cx.len() {
        return h!("edge");
    }
    let i = i as usize;
    if cx.is_quote(i) {
        h!("quote")
    } else if cx.is_punct(i) {
        h!("punct")
    } else {
        h!("word")
    }
}

fn tags(cx: &Context, i: isize) -> (u64, u64, u64) {
    if i < 0 || i as usize >= cx.len() {
        return (h!("edge"), h!("edge"), h!("edge"));
    }
    let t = cx.hashes[i as usize];
    (t.upos, t.xpos, t.rel)
}

/// A verb of the rules' cue lexicon, read off the context's running counts (no lookup).
fn is_speech_verb(cx: &Context, i: usize) -> bool {
    i < cx.len() && cx.speech_verbs_in(&(i..i + 1)) > 0
}

/// Features of a content starting at token `s` that see only the text around it and its side
/// of the cue.
fn start_shared(cx: &Context, s: usize, side: Side, f: &mut Feats) {
    let side = side.hash();
    let si = s as isize;
    let (w, wp) = (cx.word_hash_at(si), cx.word_hash_at(si - 1));
    let (upos, xpos, rel) = tags(cx, si);
    let (upos_p, _, rel_p) = tags(cx, si - 1);
    f.add(h!("S-bias"), &[side]);
    f.add(h!("S-w"), &[w, side]);
    f.add(h!("S-wp"), &[wp, side]);
    f.add(h!("S-wp-w"), &[wp, w]);
    f.add(h!("S-tags"), &[upos_p, upos, side]);
    f.add(h!("S-xpos"), &[xpos, rel]);
    f.add(h!("S-rel"), &[rel, rel_p]);
    f.add(h!("S-marks"), &[mark(cx, si - 1), mark(cx, si), side]);
    f.add(h!("S-wpp-wp"), &[cx.word_hash_at(si - 2), wp]);
}

/// The other features of a content starting at token `s`: where it lies from the cue.
fn start_own(cx: &Context, fr: &Frame, s: usize, f: &mut Feats) {
    let w = cx.word_hash_at(s as isize);
    let (side, dist) = (fr.side(s).hash(), fr.distance(s));
    let (region, region_p) = (fr.region(cx, s), fr.region(cx, s.wrapping_sub(1)));
    let path = fr.path(cx, s);
    let top = cx.top_starting_at(s);
    let top_path = fr.path(cx, top);
    let sentence_start = cx.sentence_range(s).start == s;
    let right_after_cue = s == fr.cue.tokens.end;
    f.add(h!("S-path"), &[path, side]);
    f.add(h!("S-path-lemma"), &[path, fr.lemma]);
    f.add(h!("S-top"), &[cx.hashes[top].rel, top_path]);
    f.add(h!("S-top-lemma"), &[top_path, fr.lemma, side]);
    f.add(h!("S-region"), &[region_p, region]);
    f.add(h!("S-region-w"), &[region, w]);
    f.add(h!("S-side-dist"), &[side, dist]);
    f.add(h!("S-lemma-dist"), &[fr.lemma, side, dist]);
    f.add(
        h!("S-place"),
        &[
            u64::from(sentence_start),
            u64::from(right_after_cue),
            u64::from(s > 0 && cx.ann.paragraph_of(s) != cx.ann.paragraph_of(s - 1)),
        ],
    );
    f.add(h!("S-lemma-w"), &[fr.lemma, w]);
    f.add(h!("S-after-cue-w"), &[u64::from(right_after_cue), w]);
}

/// Features of a content ending before token `e` (its last token is `e - 1`) that see only
/// the text around it and its side of the cue.
fn end_shared(cx: &Context, e: usize, side: Side, f: &mut Feats) {
    let side = side.hash();
    let ei = e as isize;
    let (wl, wn) = (cx.word_hash_at(ei - 1), cx.word_hash_at(ei));
    let (upos_l, xpos_l, rel_l) = tags(cx, ei - 1);
    let (upos_n, xpos_n, rel_n) = tags(cx, ei);
    let next_speech = is_speech_verb(cx, e) || is_speech_verb(cx, e + 1);
    f.add(h!("E-bias"), &[side]);
    f.add(h!("E-wl"), &[wl, side]);
    f.add(h!("E-wn"), &[wn, side]);
    f.add(h!("E-wl-wn"), &[wl, wn]);
    f.add(h!("E-tags"), &[upos_l, upos_n, side]);
    f.add(h!("E-next"), &[xpos_n, rel_n]);
    f.add(h!("E-next-w"), &[wn, rel_n]);
    f.add(h!("E-last"), &[xpos_l, rel_l]);
    f.add(h!("E-marks"), &[mark(cx, ei - 1), mark(cx, ei), side]);
    f.add(h!("E-speech-next"), &[u64::from(next_speech), side]);
    // What follows a comma or conjunction ends a content: ", citing", ", who", "and added".
    let (_, xpos_nn, rel_nn) = tags(cx, ei + 1);
    f.add(h!("E-wn-wnn"), &[wn, cx.word_hash_at(ei + 1)]);
    f.add(h!("E-wn-next2"), &[wn, xpos_nn, rel_nn]);
}

/// The other features of a content ending before token `e`: where it lies from the cue.
fn end_own(cx: &Context, fr: &Frame, e: usize, f: &mut Feats) {
    let last = e - 1;
    let wn = cx.word_hash_at(e as isize);
    let (side, dist) = (fr.side(last).hash(), fr.distance(last));
    let (region_l, region_n) = (fr.region(cx, last), fr.region(cx, e));
    let path = fr.path(cx, last);
    let top = cx.top_ending_at(e);
    let top_path = fr.path(cx, top);
    let send = cx.sentence_range(last).end;
    let sentence_end = send == e;
    // Only punctuation left in the sentence: PolNeAR leaves the full stop out.
    let before_final = !sentence_end && (e..send).all(|j| cx.is_punct(j));
    let right_before_cue = e == fr.cue.tokens.start;
    f.add(h!("E-path"), &[path, side]);
    f.add(h!("E-path-lemma"), &[path, fr.lemma]);
    f.add(h!("E-top"), &[cx.hashes[top].rel, top_path]);
    f.add(h!("E-top-lemma"), &[top_path, fr.lemma, side]);
    f.add(h!("E-region"), &[region_l, region_n]);
    f.add(h!("E-region-w"), &[region_n, wn]);
    f.add(h!("E-side-dist"), &[side, dist]);
    f.add(h!("E-lemma-dist"), &[fr.lemma, side, dist]);
    f.add(
        h!("E-place"),
        &[
            u64::from(sentence_end),
            u64::from(before_final),
            u64::from(right_before_cue),
            side,
        ],
    );
    f.add(h!("E-lemma-wn"), &[fr.lemma, wn]);
}

/// Features of token `t` inside the content that see only the token and its side of the cue.
fn inside_shared(cx: &Context, t: usize, side: Side, f: &mut Feats) {
    f.add(h!("I-mark"), &[mark(cx, t as isize), side.hash()]);
}

/// The other features of token `t` lying inside the content: where it lies from the cue.
fn inside_own(cx: &Context, fr: &Frame, t: usize, f: &mut Feats) {
    let th = cx.hashes[t];
    let (side, region) = (fr.side(t).hash(), fr.region(cx, t));
    let path = fr.path(cx, t);
    f.add(h!("I-region"), &[region, side]);
    f.add(h!("I-region-lemma"), &[region, fr.lemma]);
    f.add(h!("I-path"), &[path]);
    f.add(h!("I-path-lemma"), &[path, fr.lemma]);
    f.add(h!("I-upos"), &[th.upos, region]);
    f.add(h!("I-w"), &[th.lower, region]);
    f.add(h!("I-rel"), &[th.rel, region, side]);
    f.add(h!("I-dist"), &[fr.distance(t), side, region]);
    if is_speech_verb(cx, t) {
        f.add(h!("I-speech"), &[region, th.rel]);
    }
}

/// The three roles a window token plays in a span's score.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// The span starts at the token.
    Start,
    /// The span ends after the token.
    End,
    /// The token lies inside the span.
    Inside,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Start, Part::End, Part::Inside];
}

/// Features of token `t` in the role `part`: those [`shared_features`] gives, then those
/// [`own_features`] gives.
pub fn features(cx: &Context, fr: &Frame, part: Part, t: usize, out: &mut Vec<Feature>) {
    shared_features(cx, part, t, fr.side(t), out);
    add_own(cx, fr, part, t, &mut Feats(out));
}

/// The features of token `t` in the role `part` that do not depend on the cue beyond `side`,
/// its side of it: every cue whose window holds the token on that side shares their score.
pub fn shared_features(cx: &Context, part: Part, t: usize, side: Side, out: &mut Vec<Feature>) {
    out.clear();
    let mut f = Feats(out);
    match part {
        Part::Start => start_shared(cx, t, side, &mut f),
        Part::End => end_shared(cx, t + 1, side, &mut f),
        Part::Inside => inside_shared(cx, t, side, &mut f),
    }
}

/// The features of token `t` in the role `part` that depend on the cue (its distance, the
/// path to it, its lemma, the region of its clause).
pub fn own_features(cx: &Context, fr: &Frame, part: Part, t: usize, out: &mut Vec<Feature>) {
    out.clear();
    add_own(cx, fr, part, t, &mut Feats(out));
}

fn add_own(cx: &Context, fr: &Frame, part: Part, t: usize, f: &mut Feats) {
    match part {
        Part::Start => start_own(cx, fr, t, f),
        Part::End => end_own(cx, fr, t + 1, f),
        Part::Inside => inside_own(cx, fr, t, f),
    }
}

/// The scores of [`shared_features`] for the tokens of one document, each computed when a
/// cue's window first needs it: the cues of a sentence and of the next share a window, and the
/// shared features are nearly half of the model's probes.
pub struct SharedScores {
    /// By token, side and part ([`Part::ALL`] order).
    scores: Vec<[[Option<i32>; 3]; 2]>,
}

impl SharedScores {
    pub fn new(n_tokens: usize) -> Self {
        SharedScores {
            scores: vec![[[None; 3]; 2]; n_tokens],
        }
    }

    /// The shared score of token `t` in the role `part` on `side` of a cue, as `score` gives
    /// it the first time it is asked for.
    pub fn get(&mut self, part: Part, t: usize, side: Side, score: impl FnOnce() -> i32) -> i32 {
        *self.scores[t][side as usize][part as usize].get_or_insert_with(score)
    }
}

/// Scores of one cue's window, by position `k` (token `lo + k`): start at it, end after it,
/// inside.
#[derive(Default)]
pub struct Scores {
    pub start: Vec<i32>,
    pub end: Vec<i32>,
    pub inside: Vec<i32>,
}

impl Scores {
    /// The scores of every token of `window` in every role, as `score` gives them.
    pub fn of_window(window: &Range<usize>, mut score: impl FnMut(Part, usize) -> i32) -> Scores {
        let mut scores = Scores::default();
        for t in window.clone() {
            scores.start.push(score(Part::Start, t));
            scores.end.push(score(Part::End, t));
            scores.inside.push(score(Part::Inside, t));
        }
        scores
    }
}

/// The best span of the window, the tree-candidate bonus included: any span not overlapping
/// the cue, on either side of it, nor holding one of the `barred` tokens. `bonus` holds (span,
/// score) of the tree candidates, which lie inside the window. Ties go to the first found, for
/// determinism.
pub fn decode(
    window: &Range<usize>,
    cue: &Range<usize>,
    barred: &[usize],
    sc: &Scores,
    bonus: &[(Range<usize>, i32)],
) -> Option<Range<usize>> {
    let lo = window.start;
    let n = window.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0i64);
    for k in 0..n {
        prefix.push(prefix[k] + i64::from(sc.inside[k]));
    }
    // A span's score splits into Start(s) − P(s) and P(e) + End(e).
    let head = |s: usize| i64::from(sc.start[s - lo]) - prefix[s - lo];
    let tail = |e: usize| prefix[e - lo] + i64::from(sc.end[e - lo - 1]);
    let mut top: Option<(Range<usize>, i64)> = None;
    let mut consider = |r: Range<usize>, score: i64| {
        if top.as_ref().is_none_or(|(_, t)| score > *t) {
            top = Some((r, score));
        }
    };
    let left = lo..cue.start.max(lo);
    let right = cue.end.min(window.end)..window.end;
    for part in [left, right].into_iter().filter(|p| !p.is_empty()) {
        // For each end, the best start before it, since the last barred token.
        let mut best_start: Option<(usize, i64)> = None;
        for e in part.start + 1..=part.end {
            let s = e - 1;
            if barred.contains(&s) {
                best_start = None;
                continue;
            }
            if best_start.is_none_or(|(_, b)| head(s) > b) {
                best_start = Some((s, head(s)));
            }
            if let Some((s, h)) = best_start {
                consider(s..e, h + tail(e));
            }
        }
    }
    for (r, b) in bonus
        .iter()
        .filter(|(r, _)| !barred.iter().any(|t| r.contains(t)))
    {
        consider(r.clone(), head(r.start) + tail(r.end) + i64::from(*b));
    }
    top.map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(start: &[i32], end: &[i32], inside: &[i32]) -> Scores {
        Scores {
            start: start.to_vec(),
            end: end.to_vec(),
            inside: inside.to_vec(),
        }
    }

    #[test]
    fn the_best_span_never_holds_the_cue() {
        // Tokens 0..6, cue at 2: inside scores would favour a span across the cue.
        let sc = scores(
            &[5, 0, 0, 0, 0, 0],
            &[0, 0, 0, 0, 0, 5],
            &[1, 1, 9, 1, 1, 1],
        );
        let best = decode(&(0..6), &(2..3), &[], &sc, &[]).expect("a span");
        assert!(best.end <= 2 || best.start >= 3, "{best:?}");
    }

    #[test]
    fn the_best_span_sums_start_end_and_inside() {
        // Cue at 0; right side 1..6. Start at 2 and end after 4 win, but token 4 is costly
        // inside, so ending after 3 is better.
        let sc = scores(
            &[0, 0, 4, 0, 0, 0],
            &[0, 0, 0, 1, 3, 0],
            &[0, 0, 1, 1, -5, 0],
        );
        assert_eq!(decode(&(0..6), &(0..1), &[], &sc, &[]), Some(2..4));
    }

    #[test]
    fn a_tree_candidate_carries_its_bonus() {
        let sc = scores(&[0; 5], &[0; 5], &[0; 5]);
        let bonus = [(1..3, 7), (3..5, 2)];
        assert_eq!(decode(&(0..5), &(0..1), &[], &sc, &bonus), Some(1..3));
    }

    #[test]
    fn a_barred_token_splits_the_spans_and_drops_the_bonus_over_it() {
        // Cue at 0; token 3 (a passive's "by" agent) is barred. The best span would be 1..6;
        // the best one beside the barred token is 4..6, and the tree candidate 2..5 is out.
        let sc = scores(
            &[0, 3, 0, 0, 1, 0],
            &[0, 0, 0, 0, 0, 3],
            &[0, 1, 1, 1, 1, 1],
        );
        assert_eq!(decode(&(0..6), &(0..1), &[], &sc, &[]), Some(1..6));
        let bonus = [(2..5, 50)];
        assert_eq!(decode(&(0..6), &(0..1), &[3], &sc, &bonus), Some(4..6));
    }
}
