//! The spans the model chooses among: cue spans around a cue word, content spans (subtrees,
//! the rest of the sentence, quotation-mark spans, the previous sentence) and source spans
//! (noun phrases cut at different points). PolNeAR's boundaries follow the syntax closely, so
//! cutting along the tree offers the right span for most gold attributions.

use super::context::Context;
use crate::quotes::marks::Quoted;
use crate::quotes::overlaps;
use crate::quotes::parties::abbreviation_stop;
use crate::text::perceptron::mix;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A cue: its head word and the tokens of the whole cue ("has said", "according to").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueSpan {
    pub head: usize,
    pub tokens: Range<usize>,
}

/// A span offered to a ranker, with the ways it was built (one span can be built several
/// ways: a subtree that is also the rest of the sentence).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub tokens: Range<usize>,
    pub kinds: Vec<&'static str>,
}

/// Collects candidates, merging the kinds of equal spans, in the order first offered.
#[derive(Default)]
struct Pool {
    items: Vec<Candidate>,
    at: HashMap<(usize, usize), usize, BuildHasherDefault<SpanHasher>>,
}

/// A span's key is two small integers: mixing them is all the hashing a lookup needs (SipHash,
/// built against adversarial keys, cost more than the rest of the pool).
#[derive(Default)]
struct SpanHasher(u64);

impl Hasher for SpanHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }

    fn write_usize(&mut self, v: usize) {
        self.0 = mix(self.0, v as u64);
    }
}

impl Pool {
    fn offer(&mut self, r: Range<usize>, kind: &'static str) {
        if r.is_empty() {
            return;
        }
        match self.at.get(&(r.start, r.end)) {
            Some(&k) => {
                if !self.items[k].kinds.contains(&kind) {
                    self.items[k].kinds.push(kind);
                }
            }
            None => {
                self.at.insert((r.start, r.end), self.items.len());
                self.items.push(Candidate {
                    tokens: r,
                    kinds: vec![kind],
                });
            }
        }
    }
}

/// How far a cue reaches left and right of its head word: "would later have said",
/// "said in a statement on Tuesday".
const CUE_LEFT: usize = 3;
const CUE_RIGHT: usize = 6;

pub fn cue_spans(cx: &Context, head: usize) -> Vec<CueSpan> {
    let s = cx.sentence_range(head);
    let lo = head.saturating_sub(CUE_LEFT).max(s.start);
    let hi = (head + 1 + CUE_RIGHT).min(s.end);
    let mut out = Vec::new();
    for a in lo..=head {
        for b in head + 1..=hi {
            let inner_quote = (a..b).any(|j| j != head && cx.is_quote(j));
            if !inner_quote {
                out.push(CueSpan { head, tokens: a..b });
            }
        }
    }
    out
}

/// Leading punctuation and trailing punctuation outside quotation marks: PolNeAR spans do
/// not end in the sentence's full stop, but keep a full stop inside a closing mark.
pub fn trim(cx: &Context, mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && cx.is_punct(r.start) {
        r.start += 1;
    }
    while r.start < r.end && cx.is_punct(r.end - 1) {
        r.end -= 1;
    }
    r
}

pub fn contents(cx: &Context, cue: &CueSpan, quoted: &[Quoted]) -> Vec<Candidate> {
    let mut pool = Pool::default();
    let s = cx.sentence_range(cue.head);
    for t in s.clone().filter(|t| !cue.tokens.contains(t)) {
        let sub = cx.subtree(t);
        if sub.contains(&cue.head) {
            beside_cue(cx, &mut pool, cue, sub);
            continue;
        }
        pool.offer(sub.clone(), "subtree");
        pool.offer(trim(cx, sub), "subtree-trim");
    }
    argument_runs(cx, &mut pool, cue);
    pool.offer(trim(cx, cue.tokens.end..s.end), "right");
    pool.offer(trim(cx, s.start..cue.tokens.start), "left");
    let subject = cx
        .trees
        .children_with(cue.head, "nsubj")
        .map(|c| cx.subtree(c).start)
        .min();
    if let Some(subj) = subject.filter(|&j| j < cue.tokens.start) {
        pool.offer(trim(cx, s.start..subj), "left-of-subject");
    }
    let right_args = cx
        .trees
        .children(cue.head)
        .filter(|&c| c >= cue.tokens.end)
        .filter(|&c| matches!(cx.deprel(c), "obj" | "iobj" | "obl" | "nsubj"))
        .map(|c| cx.subtree(c).end)
        .max();
    if let Some(end) = right_args {
        pool.offer(trim(cx, end..s.end), "right-of-args");
    }
    // "According to the poll, X": the cue's phrase is a subtree; the content is what lies
    // beside it in the sentence.
    for h in [Some(cue.head), cx.trees.head(cue.head)]
        .into_iter()
        .flatten()
    {
        let sub = cx.subtree(h);
        pool.offer(trim(cx, sub.end..s.end), "right-of-cue-phrase");
        pool.offer(trim(cx, s.start..sub.start), "left-of-cue-phrase");
    }
    let k = cx.sentence[cue.head];
    if k > 0 {
        let prev = cx.ann.sentences[k - 1].tokens.clone();
        pool.offer(trim(cx, prev), "previous-sentence");
    }
    quoted_spans(cx, &mut pool, k, quoted);
    pool.items
        .into_iter()
        .filter(|c| !overlaps(&c.tokens, &cue.tokens))
        .collect()
}

/// A phrase that holds the cue at one edge ("according to the report"): the rest of it.
fn beside_cue(cx: &Context, pool: &mut Pool, cue: &CueSpan, sub: Range<usize>) {
    if sub.start >= cue.tokens.start && sub.end > cue.tokens.end {
        pool.offer(trim(cx, cue.tokens.end..sub.end), "after-cue-in-phrase");
    }
    if sub.end <= cue.tokens.end && sub.start < cue.tokens.start {
        pool.offer(
            trim(cx, sub.start..cue.tokens.start),
            "before-cue-in-phrase",
        );
    }
}

/// Consecutive arguments after the cue taken together: "called [Trump “unhinged.”]",
/// "urged [the judge to give me a fair sentence]".
fn argument_runs(cx: &Context, pool: &mut Pool, cue: &CueSpan) {
    let right: Vec<usize> = cx
        .trees
        .children(cue.head)
        .filter(|&c| c >= cue.tokens.end && !cx.is_punct(c))
        .collect();
    for (a, &first) in right.iter().enumerate() {
        let start = cx.subtree(first).start.max(cue.tokens.end);
        for &last in &right[a + 1..] {
            let end = cx.subtree(last).end;
            pool.offer(trim(cx, start..end), "argument-run");
        }
    }
}

/// Quotation-mark spans in or next to the cue's sentence; an unclosed quote runs to the end
/// of its paragraph.
fn quoted_spans(cx: &Context, pool: &mut Pool, k: usize, quoted: &[Quoted]) {
    let near = |i: usize| cx.sentence[i].abs_diff(k) <= 1;
    for q in quoted {
        match q.close {
            Some(close) if near(q.open) || near(close) => {
                pool.offer(q.open..close + 1, "quoted");
            }
            None if near(q.open) => {
                let p = cx.ann.paragraph_of(q.open);
                pool.offer(q.open..cx.ann.paragraphs[p].end, "quoted-unclosed");
            }
            _ => {}
        }
    }
}

/// Parts of speech a source phrase is headed by.
pub(super) fn heads_phrase(upos: &str) -> bool {
    matches!(
        upos,
        "NOUN" | "PROPN" | "PRON" | "NUM" | "DET" | "X" | "ADJ"
    )
}

/// Longest source PolNeAR draws in practice; longer spans only slow the ranker.
pub(super) const MAX_SOURCE: usize = 30;

pub fn sources(cx: &Context, cue: &CueSpan) -> Vec<Candidate> {
    let mut pool = Pool::default();
    let s = cx.sentence_range(cue.head);
    let k = cx.sentence[cue.head];
    let from = if k > 0 {
        cx.ann.sentences[k - 1].tokens.start
    } else {
        s.start
    };
    for t in (from..s.end).filter(|&t| heads_phrase(cx.upos(t))) {
        pool.offer(t..t + 1, "word");
        pool.offer(chunk_start(cx, t)..t + 1, "chunk");
        let sub = cx.subtree(t);
        if sub.contains(&cue.head) {
            beside_cue(cx, &mut pool, cue, sub.clone());
            around_cue(cx, &mut pool, cue, sub);
            continue;
        }
        if overlaps(&sub, &cue.tokens) {
            around_cue(cx, &mut pool, cue, sub.clone());
        }
        let sub = trim(cx, sub);
        pool.offer(sub.clone(), "subtree");
        offer_closed(cx, &mut pool, sub.clone(), s.end, "subtree-closed");
        // An apposition keeps its closing comma: "Ann Ross, the mayor, said".
        if sub.end < s.end && cx.lower[sub.end] == "," && (sub.clone()).any(|j| cx.lower[j] == ",")
        {
            pool.offer(sub.start..sub.end + 1, "subtree-comma");
        }
        let core = sub.start..core_end(cx, t, sub.end);
        pool.offer(core.clone(), "core");
        offer_closed(cx, &mut pool, core, s.end, "core-closed");
        let comma = (t..sub.end).find(|&j| cx.lower[j] == "," || cx.lower[j] == "(");
        if let Some(c) = comma {
            pool.offer(trim(cx, sub.start..c), "to-comma");
        }
    }
    clause_before_cue(cx, &mut pool, cue);
    pool.items
        .into_iter()
        .filter(|c| c.tokens.len() <= MAX_SOURCE && !overlaps(&c.tokens, &cue.tokens))
        .collect()
}

/// A phrase the parse hung on the cue or across it ("a wide array of artists [writing songs
/// about] him", "[according to] a survey of voter lists" with "to" under "survey"): its parts
/// before and after the cue.
fn around_cue(cx: &Context, pool: &mut Pool, cue: &CueSpan, sub: Range<usize>) {
    if sub.start < cue.tokens.start {
        offer_with_comma(cx, pool, sub.start..cue.tokens.start, "phrase-before-cue");
    }
    if sub.end > cue.tokens.end {
        pool.offer(trim(cx, cue.tokens.end..sub.end), "phrase-after-cue");
    }
}

/// The trimmed span, and the span with the comma that closes it when there is one ("Ann Ross,
/// the mayor, said"), or with the bracket or dot the trim dropped.
fn offer_with_comma(cx: &Context, pool: &mut Pool, r: Range<usize>, kind: &'static str) {
    let t = trim(cx, r.clone());
    pool.offer(t.clone(), kind);
    if !t.is_empty() && t.end < r.end && cx.lower[t.end] == "," {
        pool.offer(t.start..t.end + 1, kind);
    }
    offer_closed(cx, pool, t, r.end + 1, kind);
}

/// Words that open a clause, after which a subject starts ("…, and", "because").
fn opens_clause(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "—"
            | "–"
            | "--"
            | "and"
            | "but"
            | "that"
            | "while"
            | "because"
            | "as"
            | "when"
            | "after"
            | "if"
    )
}

/// Everything between the start of the cue's clause and the cue ("[The wife of a man shot
/// by police] recorded video", "[Voting rights advocates] have expressed concern"), for
/// subjects the parse broke into pieces. The clause may start at the sentence or after any of
/// the three nearest clause openers before the cue.
fn clause_before_cue(cx: &Context, pool: &mut Pool, cue: &CueSpan) {
    let s = cx.sentence_range(cue.head);
    let end = cue.tokens.start;
    if end <= s.start {
        return;
    }
    offer_with_comma(cx, pool, s.start..end, "clause-before-cue");
    let openers = (s.start..end).rev().filter(|&j| opens_clause(&cx.lower[j]));
    for j in openers.take(3) {
        offer_with_comma(cx, pool, j + 1..end, "clause-before-cue");
    }
}

/// A phrase whose trim dropped what closes it: the bracket of a label it opened ("Ann Ross
/// (R-XY)") or the dot of an abbreviation ("of Ashton, Md."), with the comma that closes an
/// apposition after it.
fn offer_closed(cx: &Context, pool: &mut Pool, r: Range<usize>, limit: usize, kind: &'static str) {
    if r.is_empty() {
        return;
    }
    let mut end = r.end;
    while end + 1 < limit {
        let w = cx.lower[end].as_str();
        let bracket = w == ")" && (r.start..end).any(|j| cx.lower[j] == "(");
        if bracket || abbreviation_dot(cx, end) {
            end += 1;
        } else {
            break;
        }
    }
    if end > r.end {
        pool.offer(r.start..end, kind);
        if cx.lower[end] == "," {
            pool.offer(r.start..end + 1, kind);
        }
    }
}

/// Is token `i` a full stop written onto the word before it, inside the sentence ("Md.",
/// "Sen.", "J.")?
fn abbreviation_dot(cx: &Context, i: usize) -> bool {
    let toks = &cx.ann.tokens;
    i > 0 && toks[i - 1].end == toks[i].start && abbreviation_stop(cx.ann, i)
}

/// The start of the run of name and noun-phrase words ending at `t` ("Former Florida Gov. Ann
/// Ross"), for when the parse cut the phrase short.
fn chunk_start(cx: &Context, t: usize) -> usize {
    let floor = cx.sentence_range(t).start;
    let mut a = t;
    loop {
        while a > floor
            && (matches!(cx.upos(a - 1), "PROPN" | "NOUN" | "ADJ" | "DET" | "NUM")
                || cx.xpos(a - 1) == "POS")
        {
            a -= 1;
        }
        // A title or an initial with its dot: "Gov. Ann Ross", "Ada J. Pell".
        let titled = a > floor + 1
            && abbreviation_dot(cx, a - 1)
            && cx.ann.word(a - 2).starts_with(char::is_uppercase);
        if !titled {
            return a;
        }
        a -= 2;
    }
}

/// The end of a noun phrase's name part: the head and the flat/compound words right after it
/// ("Hillary Rodham Clinton"), without appositions or relative clauses.
fn core_end(cx: &Context, head: usize, limit: usize) -> usize {
    let mut end = head + 1;
    while end < limit
        && cx.trees.head(end).is_some_and(|h| (head..end).contains(&h))
        && matches!(
            cx.deprel(end),
            "flat" | "compound" | "fixed" | "goeswith" | "nummod"
        )
    {
        end += 1;
    }
    end
}
