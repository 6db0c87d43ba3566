//! What every feature of the attribution model looks at: the document's words, tags, lemmas and
//! dependency trees, computed once per document.

use crate::text::lemma::Lemmatizer;
use crate::text::syntax::Trees;
use crate::text::{Annotated, TokenKind};
use std::ops::Range;

pub struct Context<'a, 'b> {
    pub ann: &'b Annotated<'a>,
    pub trees: &'b Trees,
    /// Lowercased words.
    pub lower: Vec<String>,
    pub lemmas: Vec<String>,
    /// Sentence index of each token.
    pub sentence: Vec<usize>,
}

impl<'a, 'b> Context<'a, 'b> {
    pub fn new(ann: &'b Annotated<'a>, trees: &'b Trees) -> Self {
        let n = ann.tokens.len();
        let lower: Vec<String> = (0..n).map(|i| ann.word(i).to_lowercase()).collect();
        let lemmas = if ann.tags.len() == n && Lemmatizer::has_embedded() {
            let lem = Lemmatizer::embedded();
            (0..n).map(|i| lem.lemma(&lower[i], &ann.tags[i])).collect()
        } else {
            lower.clone()
        };
        let mut sentence = vec![0; n];
        for (k, s) in ann.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                sentence[i] = k;
            }
        }
        Context {
            ann,
            trees,
            lower,
            lemmas,
            sentence,
        }
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

    /// The dependency path from `a` to `b` as relation labels: `^rel` going up from `a`,
    /// `vrel` going down to `b`; "far" past four steps, "xs" across sentences.
    pub fn path(&self, a: usize, b: usize) -> String {
        if self.sentence.get(a) != self.sentence.get(b) {
            return "xs".into();
        }
        const MAX: usize = 4;
        let up_a = self.ancestors(a, MAX);
        let up_b = self.ancestors(b, MAX);
        let Some((ia, ib)) = up_a
            .iter()
            .enumerate()
            .find_map(|(ia, x)| up_b.iter().position(|y| y == x).map(|ib| (ia, ib)))
        else {
            return "far".into();
        };
        if ia + ib > MAX {
            return "far".into();
        }
        let mut out = String::new();
        for &x in &up_a[..ia] {
            out.push('^');
            out.push_str(self.deprel(x));
        }
        for &y in up_b[..ib].iter().rev() {
            out.push('v');
            out.push_str(self.deprel(y));
        }
        if out.is_empty() {
            out.push('=');
        }
        out
    }

    /// `i` and up to `max` of its ancestors, nearest first.
    fn ancestors(&self, i: usize, max: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut t = i;
        while out.len() <= max {
            match self.trees.head(t) {
                Some(h) => {
                    out.push(h);
                    t = h;
                }
                None => break,
            }
        }
        out
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
