//! Features of the three decisions the model makes: is this token a cue, which span is the
//! cue's content, which span (if any) is its source. Each feature is a template name hashed
//! with the values it looks at.

use super::candidates::{Candidate, CueSpan};
use super::context::{bucket, Context};
use crate::text::perceptron::{hash_str, mix, Feature};

/// Collects hashed features.
#[derive(Default)]
pub struct Feats(pub Vec<Feature>);

impl Feats {
    fn add(&mut self, template: &str, values: &[&str]) {
        let mut h = hash_str(template);
        for v in values {
            h = mix(h, hash_str(v));
        }
        self.0.push(h);
    }
}

fn near_quote(cx: &Context, i: usize, width: usize) -> bool {
    let s = cx.sentence_range(i);
    (i.saturating_sub(width).max(s.start)..(i + width + 1).min(s.end)).any(|j| cx.is_quote(j))
}

/// Is token `i` the head word of a cue ("said", "according", "believes", ":")?
pub fn cue_token(cx: &Context, i: usize) -> Vec<Feature> {
    let mut f = Feats::default();
    let (w, lemma, upos, rel) = (
        cx.lower[i].as_str(),
        cx.lemmas[i].as_str(),
        cx.upos(i),
        cx.deprel(i),
    );
    let ii = i as isize;
    f.add("bias", &[]);
    f.add("w", &[w]);
    f.add("lemma", &[lemma]);
    f.add("upos", &[upos]);
    f.add("xpos", &[cx.xpos(i)]);
    f.add("rel", &[rel]);
    f.add("lemma-rel", &[lemma, rel]);
    f.add("lemma-xpos", &[lemma, cx.xpos(i)]);
    let suffix: String = w.chars().rev().take(3).collect();
    f.add("suffix", &[&suffix]);
    f.add("w-1", &[cx.word_at(ii - 1)]);
    f.add("w+1", &[cx.word_at(ii + 1)]);
    f.add("w-2", &[cx.word_at(ii - 2)]);
    f.add("w+2", &[cx.word_at(ii + 2)]);
    f.add("lemma-w+1", &[lemma, cx.word_at(ii + 1)]);
    f.add("lemma-w-1", &[lemma, cx.word_at(ii - 1)]);
    let head = cx.trees.head(i);
    let head_lemma = head.map_or("<root>", |h| cx.lemmas[h].as_str());
    f.add("head-lemma", &[head_lemma, rel]);
    f.add("lemma-head", &[lemma, head_lemma]);
    let mut kids: Vec<&str> = cx.trees.children(i).map(|c| cx.deprel(c)).collect();
    kids.sort_unstable();
    kids.dedup();
    for k in &kids {
        f.add("child", &[k]);
        f.add("lemma-child", &[lemma, k]);
        f.add("upos-child", &[upos, k]);
    }
    f.add("kids", &[&kids.join(",")]);
    let quote = if near_quote(cx, i, 3) { "q" } else { "-" };
    f.add("quote3", &[quote]);
    f.add("lemma-quote3", &[lemma, quote]);
    let s = cx.sentence_range(i);
    let quotes = s.clone().filter(|&j| cx.is_quote(j)).count();
    f.add("sent-quotes", &[&bucket(quotes).to_string()]);
    f.add("lemma-at-end", &[lemma, &bucket(s.end - i).to_string()]);
    f.0
}

/// How well a token range fits the cue whose head is `cue.head`.
pub fn cue_span(cx: &Context, cue: &CueSpan) -> Vec<Feature> {
    let mut f = Feats::default();
    let (h, r) = (cue.head, cue.tokens.clone());
    let lemma = cx.lemmas[h].as_str();
    f.add("len", &[&r.len().to_string()]);
    f.add("lemma-len", &[lemma, &r.len().to_string()]);
    for j in r.clone().filter(|&j| j != h) {
        let side = if j < h { "L" } else { "R" };
        let rel = if cx.trees.head(j) == Some(h) {
            cx.deprel(j)
        } else {
            "other"
        };
        f.add("in", &[side, rel, &cx.lower[j]]);
        f.add("in-rel", &[side, rel, cx.upos(j)]);
        f.add("lemma-in", &[lemma, side, &cx.lower[j]]);
    }
    let before = r.start as isize - 1;
    f.add("out-left", &[cx.word_at(before)]);
    f.add("out-right", &[cx.word_at(r.end as isize)]);
    f.add("lemma-out-right", &[lemma, cx.word_at(r.end as isize)]);
    f.add("first", &[&cx.lower[r.start]]);
    f.add("last", &[&cx.lower[r.end - 1]]);
    f.add("lemma-last", &[lemma, &cx.lower[r.end - 1]]);
    f.0
}

/// Shared by content and source candidates: where the span lies and what bounds it.
fn span_features(f: &mut Feats, cx: &Context, cue: &CueSpan, c: &Candidate, role: &str) {
    let lemma = cx.lemmas[cue.head].as_str();
    let r = c.tokens.clone();
    let root = cx.roots(r.clone()).next().unwrap_or(r.start);
    let n_roots = cx.roots(r.clone()).count().min(3).to_string();
    let path = cx.path(cue.head, root);
    let side = if r.end <= cue.tokens.start {
        "before"
    } else if r.start >= cue.tokens.end {
        "after"
    } else {
        "overlap"
    };
    let len = bucket(r.len()).to_string();
    let gap = if r.end <= cue.tokens.start {
        cue.tokens.start - r.end
    } else {
        r.start.saturating_sub(cue.tokens.end)
    };
    let gap = bucket(gap).to_string();
    let first = cx.lower[r.start].as_str();
    let last = cx.lower[r.end - 1].as_str();
    let before = cx.word_at(r.start as isize - 1);
    let after = cx.word_at(r.end as isize);
    f.add(role, &["bias"]);
    for kind in &c.kinds {
        f.add(role, &["kind", kind]);
        f.add(role, &["kind-lemma", kind, lemma]);
        f.add(role, &["kind-side", kind, side]);
    }
    f.add(role, &["path", &path]);
    f.add(role, &["path-lemma", &path, lemma]);
    f.add(role, &["path-side", &path, side]);
    f.add(role, &["roots", &n_roots]);
    f.add(role, &["root-upos", cx.upos(root)]);
    f.add(role, &["root-upos-path", cx.upos(root), &path]);
    f.add(role, &["side", side]);
    f.add(role, &["side-gap", side, &gap]);
    f.add(role, &["side-len", side, &len]);
    f.add(role, &["len", &len]);
    f.add(role, &["first", first]);
    f.add(role, &["last", last]);
    f.add(role, &["first-upos", cx.upos(r.start)]);
    f.add(role, &["last-upos", cx.upos(r.end - 1)]);
    f.add(role, &["before", before]);
    f.add(role, &["after", after]);
    f.add(role, &["before-first", before, first]);
    f.add(role, &["last-after", last, after]);
    f.add(role, &["lemma-first", lemma, first]);
    f.add(role, &["lemma-side-first", lemma, side, cx.upos(r.start)]);
    let commas = r.clone().filter(|&j| cx.lower[j] == ",").count().min(3);
    f.add(role, &["commas", &commas.to_string()]);
    let verb = r.clone().any(|j| cx.upos(j) == "VERB");
    f.add(role, &["has-verb", &verb.to_string(), side]);
    f.add(
        role,
        &["first-last-upos", cx.upos(r.start), cx.upos(r.end - 1)],
    );
    let sentences = (cx.sentence[r.end - 1] - cx.sentence[r.start]).min(3);
    f.add(role, &["sentences", &sentences.to_string(), side]);
}

pub fn content(cx: &Context, cue: &CueSpan, c: &Candidate) -> Vec<Feature> {
    let mut f = Feats::default();
    span_features(&mut f, cx, cue, c, "content");
    let r = c.tokens.clone();
    let quoted = |j: usize| if cx.is_quote(j) { "q" } else { "-" };
    f.add("content", &["quotes", quoted(r.start), quoted(r.end - 1)]);
    let through_end = r.end == cx.sentence_range(r.end - 1).end;
    f.add("content", &["to-sentence-end", &through_end.to_string()]);
    f.0
}

pub fn source(cx: &Context, cue: &CueSpan, c: &Candidate) -> Vec<Feature> {
    let mut f = Feats::default();
    span_features(&mut f, cx, cue, c, "source");
    let r = c.tokens.clone();
    if r.len() == 1 {
        f.add("source", &["single", &cx.lower[r.start]]);
    }
    f.0
}

/// The "no source" choice: PolNeAR leaves the source out for passives and bare reports.
pub fn no_source(cx: &Context, cue: &CueSpan) -> Vec<Feature> {
    let mut f = Feats::default();
    let lemma = cx.lemmas[cue.head].as_str();
    f.add("nosrc", &[]);
    f.add("nosrc-lemma", &[lemma]);
    f.add("nosrc-rel", &[cx.deprel(cue.head)]);
    f.add("nosrc-xpos", &[cx.xpos(cue.head)]);
    let mut kids: Vec<&str> = cx.trees.children(cue.head).map(|c| cx.deprel(c)).collect();
    kids.sort_unstable();
    kids.dedup();
    for k in kids {
        f.add("nosrc-child", &[k]);
    }
    f.0
}
