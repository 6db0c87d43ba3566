//! Features of the decisions the model makes: is this token a cue, which span is the cue,
//! which span is the cue's content, which span (if any) is its source. Each feature is a
//! template name hashed with the values it looks at; the values are mixed from the hashes the
//! [`Context`] computed once per token, so no feature builds a string. Every function writes
//! into a buffer the caller reuses across candidates.

use super::candidates::{Candidate, CueSpan};
use super::context::{bucket, Context};
use crate::text::clusters::Clusters;
use crate::text::perceptron::{hash_const, hash_str, mix, ByteHasher, Feature};

/// The hash of a template name or a fixed value, computed at compile time.
macro_rules! h {
    ($s:literal) => {
        const { hash_const($s) }
    };
}

/// Appends hashed features to a buffer.
struct Feats<'v>(&'v mut Vec<Feature>);

impl Feats<'_> {
    /// Starts a fresh feature set in `out`.
    fn new(out: &mut Vec<Feature>) -> Feats<'_> {
        out.clear();
        Feats(out)
    }

    #[inline]
    fn add(&mut self, template: u64, values: &[u64]) {
        let mut h = template;
        for &v in values {
            h = mix(h, v);
        }
        self.0.push(h);
    }
}

/// The hash of a number written in decimal, as `hash_str(&n.to_string())` gives it.
fn num(n: usize) -> u64 {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut h = ByteHasher::new();
    h.write(&digits[at..]);
    h.finish()
}

fn boolean(b: bool) -> u64 {
    if b {
        h!("true")
    } else {
        h!("false")
    }
}

fn near_quote(cx: &Context, i: usize, width: usize) -> bool {
    let s = cx.sentence_range(i);
    (i.saturating_sub(width).max(s.start)..(i + width + 1).min(s.end)).any(|j| cx.is_quote(j))
}

/// The distinct relations of a token's children, sorted; at most 16 (more never occur in
/// practice, and the rest would only repeat).
fn child_relations<'c>(cx: &'c Context, i: usize) -> ([&'static str; 16], usize) {
    let mut kids = [""; 16];
    let mut n = 0;
    for c in cx.trees.children(i) {
        if n < kids.len() {
            kids[n] = cx.deprel(c);
            n += 1;
        }
    }
    kids[..n].sort_unstable();
    let mut m = 0;
    for k in 0..n {
        if m == 0 || kids[m - 1] != kids[k] {
            kids[m] = kids[k];
            m += 1;
        }
    }
    (kids, m)
}

/// The last three characters of a word, last first ("said" → "dia").
fn reversed_suffix(w: &str) -> u64 {
    let mut h = ByteHasher::new();
    let mut buf = [0u8; 4];
    for c in w.chars().rev().take(3) {
        h.write(c.encode_utf8(&mut buf).as_bytes());
    }
    h.finish()
}

/// Is token `i` the head word of a cue ("said", "according", "believes", ":")?
pub fn cue_token(cx: &Context, i: usize, out: &mut Vec<Feature>) {
    let mut f = Feats::new(out);
    let t = cx.hashes[i];
    let (w, lemma, upos, rel) = (t.lower, t.lemma, t.upos, t.rel);
    let ii = i as isize;
    f.add(h!("bias"), &[]);
    f.add(h!("w"), &[w]);
    f.add(h!("lemma"), &[lemma]);
    f.add(h!("upos"), &[upos]);
    f.add(h!("xpos"), &[t.xpos]);
    f.add(h!("rel"), &[rel]);
    f.add(h!("lemma-rel"), &[lemma, rel]);
    f.add(h!("lemma-xpos"), &[lemma, t.xpos]);
    f.add(h!("suffix"), &[reversed_suffix(&cx.lower[i])]);
    f.add(h!("w-1"), &[cx.word_hash_at(ii - 1)]);
    f.add(h!("w+1"), &[cx.word_hash_at(ii + 1)]);
    f.add(h!("w-2"), &[cx.word_hash_at(ii - 2)]);
    f.add(h!("w+2"), &[cx.word_hash_at(ii + 2)]);
    f.add(h!("lemma-w+1"), &[lemma, cx.word_hash_at(ii + 1)]);
    f.add(h!("lemma-w-1"), &[lemma, cx.word_hash_at(ii - 1)]);
    let head_lemma = cx
        .trees
        .head(i)
        .map_or(h!("<root>"), |h| cx.hashes[h].lemma);
    f.add(h!("head-lemma"), &[head_lemma, rel]);
    f.add(h!("lemma-head"), &[lemma, head_lemma]);
    let (kids, n) = child_relations(cx, i);
    let mut joined = ByteHasher::new();
    for (k, kid) in kids[..n].iter().enumerate() {
        let kh = hash_str(kid);
        f.add(h!("child"), &[kh]);
        f.add(h!("lemma-child"), &[lemma, kh]);
        f.add(h!("upos-child"), &[upos, kh]);
        if k > 0 {
            joined.write(b",");
        }
        joined.write(kid.as_bytes());
    }
    f.add(h!("kids"), &[joined.finish()]);
    let quote = if near_quote(cx, i, 3) {
        h!("q")
    } else {
        h!("-")
    };
    f.add(h!("quote3"), &[quote]);
    f.add(h!("lemma-quote3"), &[lemma, quote]);
    let s = cx.sentence_range(i);
    let quotes = s.clone().filter(|&j| cx.is_quote(j)).count();
    f.add(h!("sent-quotes"), &[num(bucket(quotes))]);
    f.add(h!("lemma-at-end"), &[lemma, num(bucket(s.end - i))]);
    cue_context(&mut f, cx, i);
}

/// What a cue word's arguments and surroundings look like: the words and word clusters of its
/// subject and complements (a person or organisation saying a clause, or a thing doing
/// something), whether it stands inside a quotation, and how its sentence ends (headlines
/// drop the full stop).
fn cue_context(f: &mut Feats, cx: &Context, i: usize) {
    let t = cx.hashes[i];
    let clusters = Clusters::embedded();
    let cluster = |j: usize, len: u8| {
        clusters
            .path(cx.ann.word(j))
            .map_or(h!("<none>"), |p| p.prefix(len))
    };
    let cl6 = cluster(i, 6);
    f.add(h!("cl6"), &[cl6]);
    f.add(h!("cl10"), &[cluster(i, 10)]);
    f.add(h!("rel-cl6"), &[t.rel, cl6]);
    let head = cx.trees.head(i);
    let (head_upos, head_rel) = head.map_or((h!("<root>"), h!("<root>")), |h| {
        (cx.hashes[h].upos, cx.hashes[h].rel)
    });
    f.add(h!("head-tags"), &[t.rel, head_upos, head_rel]);
    for c in cx.trees.children(i) {
        let k = cx.hashes[c];
        f.add(h!("child-w"), &[k.rel, k.lower]);
        f.add(h!("child-upos"), &[k.rel, k.upos, boolean(c < i)]);
        match cx.deprel(c) {
            "nsubj" | "nsubj:pass" | "obj" | "iobj" => {
                f.add(h!("arg-cl4"), &[k.rel, cluster(c, 4)]);
                f.add(h!("lemma-arg-upos"), &[t.lemma, k.rel, k.upos]);
            }
            "ccomp" | "xcomp" | "parataxis" | "advcl" | "acl" | "acl:relcl" => {
                let first = cx.subtree(c).start;
                let fw = cx.hashes[first].lower;
                f.add(h!("clause-first"), &[k.rel, fw, boolean(first > i)]);
                f.add(h!("lemma-clause"), &[t.lemma, k.rel, boolean(first > i)]);
            }
            _ => {}
        }
    }
    let s = cx.sentence_range(i);
    let marks_before = (s.start..i).filter(|&j| cx.is_quote(j)).count();
    let inside = boolean(marks_before % 2 == 1);
    f.add(h!("in-quotes"), &[inside]);
    f.add(h!("lemma-in-quotes"), &[t.lemma, inside]);
    let last = (s.clone())
        .rev()
        .find(|&j| !cx.is_quote(j))
        .map_or(h!("</s>"), |j| cx.hashes[j].lower);
    f.add(h!("sent-last"), &[last]);
    f.add(h!("sent-pos"), &[num(bucket(i - s.start))]);
}

/// How well a token range fits the cue whose head is `cue.head`.
pub fn cue_span(cx: &Context, cue: &CueSpan, out: &mut Vec<Feature>) {
    let mut f = Feats::new(out);
    let (h, r) = (cue.head, cue.tokens.clone());
    let lemma = cx.hashes[h].lemma;
    let len = num(r.len());
    f.add(h!("len"), &[len]);
    f.add(h!("lemma-len"), &[lemma, len]);
    for j in r.clone().filter(|&j| j != h) {
        let side = if j < h { h!("L") } else { h!("R") };
        let rel = if cx.trees.head(j) == Some(h) {
            cx.hashes[j].rel
        } else {
            h!("other")
        };
        let w = cx.hashes[j].lower;
        f.add(h!("in"), &[side, rel, w]);
        f.add(h!("in-rel"), &[side, rel, cx.hashes[j].upos]);
        f.add(h!("lemma-in"), &[lemma, side, w]);
    }
    let after = cx.word_hash_at(r.end as isize);
    let last = cx.hashes[r.end - 1].lower;
    f.add(h!("out-left"), &[cx.word_hash_at(r.start as isize - 1)]);
    f.add(h!("out-right"), &[after]);
    f.add(h!("lemma-out-right"), &[lemma, after]);
    f.add(h!("first"), &[cx.hashes[r.start].lower]);
    f.add(h!("last"), &[last]);
    f.add(h!("lemma-last"), &[lemma, last]);
}

/// Where a candidate span lies relative to its cue.
fn side_of(r: &std::ops::Range<usize>, cue: &CueSpan) -> u64 {
    if r.end <= cue.tokens.start {
        h!("before")
    } else if r.start >= cue.tokens.end {
        h!("after")
    } else {
        h!("overlap")
    }
}

/// Shared by content and source candidates: where the span lies and what bounds it.
fn span_features(f: &mut Feats, cx: &Context, cue: &CueSpan, c: &Candidate, role: u64) {
    let lemma = cx.hashes[cue.head].lemma;
    let r = c.tokens.clone();
    let mut roots = cx.roots(r.clone());
    let first_root = roots.next();
    let root = first_root.unwrap_or(r.start);
    let n_roots = num(usize::from(first_root.is_some()) + roots.take(2).count());
    let path = cx.path_hash(cue.head, root);
    let side = side_of(&r, cue);
    let len = num(bucket(r.len()));
    let gap = if r.end <= cue.tokens.start {
        cue.tokens.start - r.end
    } else {
        r.start.saturating_sub(cue.tokens.end)
    };
    let gap = num(bucket(gap));
    let (first, last) = (cx.hashes[r.start], cx.hashes[r.end - 1]);
    let before = cx.word_hash_at(r.start as isize - 1);
    let after = cx.word_hash_at(r.end as isize);
    f.add(role, &[h!("bias")]);
    for kind in &c.kinds {
        let kind = hash_str(kind);
        f.add(role, &[h!("kind"), kind]);
        f.add(role, &[h!("kind-lemma"), kind, lemma]);
        f.add(role, &[h!("kind-side"), kind, side]);
    }
    let root_upos = cx.hashes[root].upos;
    f.add(role, &[h!("path"), path]);
    f.add(role, &[h!("path-lemma"), path, lemma]);
    f.add(role, &[h!("path-side"), path, side]);
    f.add(role, &[h!("roots"), n_roots]);
    f.add(role, &[h!("root-upos"), root_upos]);
    f.add(role, &[h!("root-upos-path"), root_upos, path]);
    f.add(role, &[h!("side"), side]);
    f.add(role, &[h!("side-gap"), side, gap]);
    f.add(role, &[h!("side-len"), side, len]);
    f.add(role, &[h!("len"), len]);
    f.add(role, &[h!("first"), first.lower]);
    f.add(role, &[h!("last"), last.lower]);
    f.add(role, &[h!("first-upos"), first.upos]);
    f.add(role, &[h!("last-upos"), last.upos]);
    f.add(role, &[h!("before"), before]);
    f.add(role, &[h!("after"), after]);
    f.add(role, &[h!("before-first"), before, first.lower]);
    f.add(role, &[h!("last-after"), last.lower, after]);
    f.add(role, &[h!("lemma-first"), lemma, first.lower]);
    f.add(role, &[h!("lemma-side-first"), lemma, side, first.upos]);
    f.add(role, &[h!("commas"), num(cx.commas_in(&r).min(3))]);
    f.add(role, &[h!("has-verb"), boolean(cx.has_verb(&r)), side]);
    f.add(role, &[h!("first-last-upos"), first.upos, last.upos]);
    let sentences = (cx.sentence[r.end - 1] - cx.sentence[r.start]).min(3);
    f.add(role, &[h!("sentences"), num(sentences), side]);
}

pub fn content(cx: &Context, cue: &CueSpan, c: &Candidate, out: &mut Vec<Feature>) {
    let mut f = Feats::new(out);
    span_features(&mut f, cx, cue, c, h!("content"));
    let r = c.tokens.clone();
    let quoted = |j: usize| if cx.is_quote(j) { h!("q") } else { h!("-") };
    f.add(
        h!("content"),
        &[h!("quotes"), quoted(r.start), quoted(r.end - 1)],
    );
    let through_end = r.end == cx.sentence_range(r.end - 1).end;
    f.add(
        h!("content"),
        &[h!("to-sentence-end"), boolean(through_end)],
    );
    // A content that runs on into a reporting clause ("…, the minister added") or past a
    // coordinated clause its cue does not govern.
    let side = side_of(&r, cue);
    let speech = num(cx.speech_verbs_in(&r).min(2));
    f.add(h!("content"), &[h!("speech-verbs"), speech, side]);
    let root = cx.roots(r.clone()).next().unwrap_or(r.start);
    let (mut conj_in, mut conj_out) = (false, false);
    for c in cx.trees.children_with(root, "conj") {
        if r.contains(&c) {
            conj_in = true;
        } else {
            conj_out = true;
        }
    }
    f.add(
        h!("content"),
        &[h!("conj"), boolean(conj_in), boolean(conj_out)],
    );
    let path = cx.path_hash(cue.head, root);
    f.add(
        h!("content"),
        &[h!("path-first"), path, cx.hashes[r.start].lower],
    );
    let next = (r.end < cx.len()).then(|| cx.hashes[r.end]);
    let (next_upos, next_rel) = next.map_or((h!("</s>"), h!("</s>")), |t| (t.upos, t.rel));
    f.add(h!("content"), &[h!("after-tags"), next_upos, next_rel]);
}

pub fn source(cx: &Context, cue: &CueSpan, c: &Candidate, out: &mut Vec<Feature>) {
    let mut f = Feats::new(out);
    span_features(&mut f, cx, cue, c, h!("source"));
    let r = c.tokens.clone();
    if r.len() == 1 {
        f.add(h!("source"), &[h!("single"), cx.hashes[r.start].lower]);
    }
    source_shape(&mut f, cx, cue, c);
}

/// What a source span is made of: the relations of its roots (a second root that is an
/// oblique or adverb of the cue means a trailing "on Tuesday" was taken in), whether it is a
/// whole phrase of the parse, a relative clause or a name inside it.
fn source_shape(f: &mut Feats, cx: &Context, cue: &CueSpan, c: &Candidate) {
    let r = c.tokens.clone();
    let side = side_of(&r, cue);
    let mut roots = cx.roots(r.clone()).filter(|&t| !cx.is_punct(t));
    let first = roots.next().unwrap_or(r.start);
    for (k, root) in std::iter::once(first).chain(roots.take(2)).enumerate() {
        let to_cue = boolean(cx.trees.head(root) == Some(cue.head));
        f.add(
            h!("source"),
            &[
                h!("root-rel"),
                num(k.min(1)),
                cx.hashes[root].rel,
                to_cue,
                side,
            ],
        );
    }
    // The span holds its first root's whole phrase, give or take the comma closing it.
    let whole = cx.subtree(first);
    let complete = whole.start == r.start && whole.end <= r.end + 1;
    f.add(h!("source"), &[h!("complete"), boolean(complete), side]);
    let relative = r.clone().any(|t| cx.deprel(t) == "acl:relcl");
    let comma_end = cx.lower[r.end - 1] == ",";
    f.add(
        h!("source"),
        &[h!("relative"), boolean(relative), boolean(comma_end), side],
    );
    let name = r.clone().any(|t| cx.upos(t) == "PROPN");
    f.add(h!("source"), &[h!("name"), boolean(name), side]);
    let len = num(bucket(r.len()));
    for kind in &c.kinds {
        f.add(h!("source"), &[h!("kind-len"), hash_str(kind), len]);
    }
}

/// The "no source" choice: PolNeAR leaves the source out for passives and bare reports.
pub fn no_source(cx: &Context, cue: &CueSpan, out: &mut Vec<Feature>) {
    let mut f = Feats::new(out);
    let t = cx.hashes[cue.head];
    f.add(h!("nosrc"), &[]);
    f.add(h!("nosrc-lemma"), &[t.lemma]);
    f.add(h!("nosrc-rel"), &[t.rel]);
    f.add(h!("nosrc-xpos"), &[t.xpos]);
    let (kids, n) = child_relations(cx, cue.head);
    for k in &kids[..n] {
        f.add(h!("nosrc-child"), &[hash_str(k)]);
    }
}

/// Runs a feature function into a fresh vector (for training, which keeps every example).
pub fn collected(write: impl FnOnce(&mut Vec<Feature>)) -> Vec<Feature> {
    let mut out = Vec::new();
    write(&mut out);
    out
}
