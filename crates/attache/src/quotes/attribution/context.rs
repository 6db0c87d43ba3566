//! What every feature of the attribution model looks at: the document's words, tags, lemmas and
//! dependency trees, computed once per document, with the hash of every token's word, lemma,
//! tags and relation computed once too (features mix these hashes instead of strings).

use crate::quotes::cues;
use crate::text::lemma::Lemmatizer;
use crate::text::perceptron::{hash_const, hash_str, ByteHasher};
use crate::text::syntax::Trees;
use crate::text::{Annotated, TokenKind};
use std::ops::Range;

pub struct Context<'a, 'b> {
    pub ann: &'b Annotated<'a>,
    pub trees: &'b Trees,
    /// Lowercased words.
    pub lower: Vec<String>,
    /// Lemmas of the tokens of parsed sentences (the only ones that can be cues); the
    /// lowercased word elsewhere.
    pub lemmas: Vec<String>,
    /// Sentence index of each token.
    pub sentence: Vec<usize>,
    pub hashes: Vec<TokenHashes>,
    /// Commas and verbs before each position, so a span's counts cost two lookups.
    commas_before: Vec<u32>,
    verbs_before: Vec<u32>,
    /// Words of the rules' cue lexicon before each position: a content that holds one may
    /// have run on into a reporting clause ("…, the minister added").
    speech_before: Vec<u32>,
    /// First and last token of each token's subtree (the token itself outside parsed
    /// sentences), so subtrees and constituent edges cost a lookup.
    sub_lo: Vec<u32>,
    sub_hi: Vec<u32>,
}

/// The hashes of a token's strings, as `hash_str` gives them.
#[derive(Debug, Clone, Copy)]
pub struct TokenHashes {
    pub lower: u64,
    pub lemma: u64,
    pub upos: u64,
    pub xpos: u64,
    pub rel: u64,
}

const BEFORE_TEXT: u64 = hash_const("<s>");
const AFTER_TEXT: u64 = hash_const("</s>");

impl<'a, 'b> Context<'a, 'b> {
    pub fn new(ann: &'b Annotated<'a>, trees: &'b Trees) -> Self {
        let n = ann.tokens.len();
        let lower: Vec<String> = (0..n).map(|i| ann.word(i).to_lowercase()).collect();
        let lemmas = if ann.tags.len() == n && Lemmatizer::has_embedded() {
            let lem = Lemmatizer::embedded();
            (0..n)
                .map(|i| match trees.deprel(i) {
                    Some(_) => lem.lemma(&lower[i], &ann.tags[i]),
                    None => lower[i].clone(),
                })
                .collect()
        } else {
            lower.clone()
        };
        let mut sentence = vec![0; n];
        for (k, s) in ann.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                sentence[i] = k;
            }
        }
        let mut cx = Context {
            ann,
            trees,
            lower,
            lemmas,
            sentence,
            hashes: Vec::with_capacity(n),
            commas_before: Vec::with_capacity(n + 1),
            verbs_before: Vec::with_capacity(n + 1),
            speech_before: Vec::with_capacity(n + 1),
            sub_lo: (0..n as u32).collect(),
            sub_hi: (0..n as u32).collect(),
        };
        cx.spread_subtrees();
        cx.hashes = (0..n).map(|i| cx.token_hashes(i)).collect();
        let (mut commas, mut verbs, mut speech) = (0, 0, 0);
        for i in 0..n {
            cx.commas_before.push(commas);
            cx.verbs_before.push(verbs);
            cx.speech_before.push(speech);
            commas += u32::from(cx.lower[i] == ",");
            let verb = cx.upos(i) == "VERB";
            verbs += u32::from(verb);
            speech += u32::from(verb && cues::lookup(ann.word(i)).is_some());
        }
        cx.commas_before.push(commas);
        cx.verbs_before.push(verbs);
        cx.speech_before.push(speech);
        cx
    }

    /// Widens every ancestor's subtree edges to each token: O(tokens × depth).
    fn spread_subtrees(&mut self) {
        let n = self.len();
        for i in 0..n {
            let mut t = i;
            // A tree over n tokens has paths of at most n steps; the bound guards cycles.
            for _ in 0..n {
                let Some(h) = self.trees.head(t).filter(|&h| h < n) else {
                    break;
                };
                self.sub_lo[h] = self.sub_lo[h].min(i as u32);
                self.sub_hi[h] = self.sub_hi[h].max(i as u32);
                t = h;
            }
        }
    }

    /// The smallest range holding `i`'s subtree, as `Trees::subtree` gives it.
    pub fn subtree(&self, i: usize) -> Range<usize> {
        self.sub_lo[i] as usize..self.sub_hi[i] as usize + 1
    }

    /// The highest token whose subtree starts at `s`: the largest constituent opening there.
    pub fn top_starting_at(&self, s: usize) -> usize {
        let mut x = s;
        for _ in 0..self.len() {
            match self.trees.head(x) {
                Some(h) if h < self.len() && self.sub_lo[h] as usize == s => x = h,
                _ => break,
            }
        }
        x
    }

    /// The highest token whose subtree ends just before `e`: the largest constituent closing
    /// there.
    pub fn top_ending_at(&self, e: usize) -> usize {
        let mut x = e - 1;
        for _ in 0..self.len() {
            match self.trees.head(x) {
                Some(h) if h < self.len() && self.sub_hi[h] as usize + 1 == e => x = h,
                _ => break,
            }
        }
        x
    }

    fn token_hashes(&self, i: usize) -> TokenHashes {
        TokenHashes {
            lower: hash_str(&self.lower[i]),
            lemma: hash_str(&self.lemmas[i]),
            upos: hash_str(self.upos(i)),
            xpos: hash_str(self.xpos(i)),
            rel: hash_str(self.deprel(i)),
        }
    }

    pub fn commas_in(&self, r: &Range<usize>) -> usize {
        (self.commas_before[r.end] - self.commas_before[r.start]) as usize
    }

    /// How many verbs of the rules' cue lexicon the span holds.
    pub fn speech_verbs_in(&self, r: &Range<usize>) -> usize {
        (self.speech_before[r.end] - self.speech_before[r.start]) as usize
    }

    pub fn has_verb(&self, r: &Range<usize>) -> bool {
        self.verbs_before[r.end] > self.verbs_before[r.start]
    }

    /// The hash of [`Context::word_at`].
    pub fn word_hash_at(&self, i: isize) -> u64 {
        if i < 0 {
            return BEFORE_TEXT;
        }
        self.hashes.get(i as usize).map_or(AFTER_TEXT, |h| h.lower)
    }

    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn upos(&self, i: usize) -> &'static str {
        self.ann.tags.get(i).map_or("_", |t| t.upos.as_str())
    }

    pub fn xpos(&self, i: usize) -> &'static str {
        self.ann.tags.get(i).map_or("_", |t| t.xpos)
    }

    pub fn deprel(&self, i: usize) -> &'static str {
        self.trees.deprel(i).map_or("_", |d| d.as_str())
    }

    /// The word at a position that may lie outside the document.
    pub fn word_at(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.lower.get(i as usize).map_or("</s>", String::as_str)
    }

    pub fn is_quote(&self, i: usize) -> bool {
        self.ann
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Quote)
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.ann
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct)
    }

    pub fn sentence_range(&self, i: usize) -> Range<usize> {
        self.ann.sentences[self.sentence[i]].tokens.clone()
    }

    /// The tokens of a span whose head lies outside it: one for a subtree, several for a
    /// span that cuts across the tree.
    pub fn roots(&self, span: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let s = span.clone();
        span.filter(move |&i| self.trees.head(i).is_none_or(|h| !s.contains(&h)))
    }

    /// The hash of the dependency path from `a` to `b` as relation labels: `^rel` going up
    /// from `a`, `vrel` going down to `b`; "far" past four steps, "xs" across sentences.
    pub fn path_hash(&self, a: usize, b: usize) -> u64 {
        const MAX: usize = 4;
        if self.sentence.get(a) != self.sentence.get(b) {
            return hash_const("xs");
        }
        let (up_a, na) = self.ancestors::<{ MAX + 1 }>(a);
        let (up_b, nb) = self.ancestors::<{ MAX + 1 }>(b);
        let Some((ia, ib)) = up_a[..na]
            .iter()
            .enumerate()
            .find_map(|(ia, x)| up_b[..nb].iter().position(|y| y == x).map(|ib| (ia, ib)))
        else {
            return hash_const("far");
        };
        if ia + ib > MAX {
            return hash_const("far");
        }
        if ia + ib == 0 {
            return hash_const("=");
        }
        let mut h = ByteHasher::new();
        for &x in &up_a[..ia] {
            h.write(b"^");
            h.write(self.deprel(x).as_bytes());
        }
        for &y in up_b[..ib].iter().rev() {
            h.write(b"v");
            h.write(self.deprel(y).as_bytes());
        }
        h.finish()
    }

    /// `i` and its ancestors, nearest first, as many as fit in `N`; and how many there are.
    fn ancestors<const N: usize>(&self, i: usize) -> ([usize; N], usize) {
        let mut out = [i; N];
        let mut n = 1;
        let mut t = i;
        while n < N {
            match self.trees.head(t) {
                Some(h) => {
                    out[n] = h;
                    n += 1;
                    t = h;
                }
                None => break,
            }
        }
        (out, n)
    }
}

/// A coarse bucket for lengths and distances, so that features generalise.
pub fn bucket(n: usize) -> usize {
    match n {
        0..=4 => n,
        5..=7 => 5,
        8..=12 => 8,
        13..=20 => 13,
        21..=40 => 21,
        _ => 41,
    }
}
