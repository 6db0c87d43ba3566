//! Dependency trees over a whole document: the parser run sentence by sentence, with heads as
//! document token indices, so that the attribution and event stages can walk from a cue verb to
//! its subject or clausal complement without knowing where sentences begin.

use super::parser::{Deprel, Parser};
use super::Annotated;
use std::borrow::Cow;
use std::ops::Range;

/// One tree per sentence, stored flat: token `i`'s head and relation.
#[derive(Debug, Clone, Default)]
pub struct Trees {
    /// Head token of each token; `None` for a sentence root (and for tokens no tree covers).
    heads: Vec<Option<usize>>,
    deprels: Vec<Option<Deprel>>,
    /// Children of each token in token order, as ranges into `child_list`.
    child_ranges: Vec<Range<u32>>,
    child_list: Vec<u32>,
}

/// Parses every sentence of the document with the embedded parser and the document's POS tags.
/// Without tags (a document from [`super::segment`]) there are no trees.
pub fn parse(doc: &Annotated) -> Trees {
    parse_sentences(doc, |_| true)
}

/// Like [`parse`], but only the sentences (by index) that `wanted` picks; the others get no
/// tree (`head` and `deprel` are `None` there). Parsing is the costly step, and a stage that
/// needs trees for a few sentences should not pay for all.
pub fn parse_sentences(doc: &Annotated, wanted: impl Fn(usize) -> bool) -> Trees {
    let n = doc.tokens.len();
    let mut heads = vec![None; n];
    let mut deprels = vec![None; n];
    if doc.tags.len() == n {
        let parser = Parser::embedded();
        for (_, s) in doc.sentences.iter().enumerate().filter(|(k, _)| wanted(*k)) {
            let units = parser_units(doc, s.tokens.clone());
            let words: Vec<&str> = units.iter().map(|u| u.word.as_ref()).collect();
            let upos: Vec<&str> = units
                .iter()
                .map(|u| doc.tags[u.token].upos.as_str())
                .collect();
            let xpos: Vec<&str> = units.iter().map(|u| doc.tags[u.token].xpos).collect();
            for (u, arc) in units.iter().zip(parser.parse(&words, &upos, &xpos)) {
                heads[u.token] = (arc.head > 0).then(|| units[arc.head - 1].token);
                deprels[u.token] = Some(arc.deprel);
                if u.with_dot {
                    heads[u.token + 1] = Some(u.token);
                    deprels[u.token + 1] = Some(Deprel::punct());
                }
            }
        }
    }
    Trees::from_heads(heads, deprels)
}

/// A word as the parser sees it: a token, or a title and its dot joined into one word.
struct Unit<'a> {
    token: usize,
    word: Cow<'a, str>,
    with_dot: bool,
}

/// The sentence's tokens as the parser was trained on them. Our tokenizer splits the dot off a
/// title ("Sen" "." "Ann" "Ross"), where the treebank writes one word ("Sen."); parsed apart,
/// the title and its dot each became a subject of their own and cut the name's subtree, so
/// the source "Sen. Ann Ross" could not be drawn. The dot is attached to its title after.
fn parser_units<'a>(doc: &'a Annotated, range: Range<usize>) -> Vec<Unit<'a>> {
    let mut units = Vec::with_capacity(range.len());
    let mut i = range.start;
    while i < range.end {
        let word = doc.treebank_word(i);
        let with_dot = i + 1 < range.end
            && doc.word(i + 1) == "."
            && doc.tokens[i].end == doc.tokens[i + 1].start
            && super::is_title_abbreviation(word);
        units.push(Unit {
            token: i,
            word: if with_dot {
                Cow::Owned(format!("{word}."))
            } else {
                Cow::Borrowed(word)
            },
            with_dot,
        });
        i += if with_dot { 2 } else { 1 };
    }
    units
}

impl Trees {
    fn from_heads(heads: Vec<Option<usize>>, deprels: Vec<Option<Deprel>>) -> Trees {
        let n = heads.len();
        let mut counts = vec![0u32; n + 1];
        for h in heads.iter().flatten() {
            counts[*h + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let child_ranges = (0..n).map(|i| counts[i]..counts[i + 1]).collect();
        let mut fill = counts.clone();
        let mut child_list = vec![0u32; heads.iter().flatten().count()];
        for (child, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                child_list[fill[h] as usize] = child as u32;
                fill[h] += 1;
            }
        }
        Trees {
            heads,
            deprels,
            child_ranges,
            child_list,
        }
    }

    /// Whether the document was parsed at all.
    pub fn is_empty(&self) -> bool {
        self.deprels.iter().all(Option::is_none)
    }

    /// The head of token `i`, or `None` at a sentence root.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).copied().flatten()
    }

    /// The relation of token `i` to its head (`root` at the root).
    pub fn deprel(&self, i: usize) -> Option<Deprel> {
        self.deprels.get(i).copied().flatten()
    }

    /// The dependents of token `i`, in token order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let r = self.child_ranges.get(i).cloned().unwrap_or(0..0);
        self.child_list[r.start as usize..r.end as usize]
            .iter()
            .map(|&c| c as usize)
    }

    /// Dependents of `i` whose relation (without subtype) is `rel`, e.g. `nsubj` also finds
    /// `nsubj:pass`.
    pub fn children_with<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children(i)
            .filter(move |&c| self.deprel(c).is_some_and(|d| d.universal() == rel))
    }

    /// The token range spanned by `i` and everything below it. Projective trees make this
    /// contiguous; for the rare non-projective arc it is the smallest range holding the subtree.
    pub fn subtree(&self, i: usize) -> Range<usize> {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            lo = lo.min(t);
            hi = hi.max(t);
            stack.extend(self.children(t));
        }
        lo..hi + 1
    }

    /// Whether `a` dominates `b` (is `b` itself or one of its ancestors).
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        let mut t = Some(b);
        // A tree over n tokens has paths of at most n steps; the bound guards against cycles.
        for _ in 0..=self.heads.len() {
            match t {
                Some(x) if x == a => return true,
                Some(x) => t = self.head(x),
                None => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(doc: &Annotated, word: &str) -> usize {
        (0..doc.tokens.len())
            .find(|&i| doc.word(i) == word)
            .expect("the word is in the text")
    }

    #[test]
    fn every_sentence_gets_one_root_and_heads_stay_inside_it() {
        let doc = super::super::annotate(
            "The minister said on Tuesday that talks would resume. Nobody objected.\n\nFine.",
        );
        let trees = parse(&doc);
        assert!(!trees.is_empty());
        for s in &doc.sentences {
            let roots = s
                .tokens
                .clone()
                .filter(|&i| trees.head(i).is_none())
                .count();
            assert_eq!(roots, 1, "sentence {:?}", doc.slice(s.tokens.clone()));
            for i in s.tokens.clone() {
                if let Some(h) = trees.head(i) {
                    assert!(s.tokens.contains(&h));
                    assert!(trees.children(h).any(|c| c == i));
                }
            }
        }
    }

    #[test]
    fn a_title_and_its_dot_stay_inside_the_name() {
        let doc = super::super::annotate("Sen. Ada Pell said that talks would resume.");
        let trees = parse(&doc);
        let said = token(&doc, "said");
        let subj: Vec<_> = trees.children_with(said, "nsubj").collect();
        assert_eq!(subj.len(), 1, "one subject");
        assert_eq!(doc.slice(trees.subtree(subj[0])), "Sen. Ada Pell");
        assert_eq!(trees.head(1), Some(0), "the dot hangs from its title");
        assert_eq!(trees.deprel(1).map(|d| d.as_str()), Some("punct"));
    }

    #[test]
    fn the_subject_of_said_is_found_below_it() {
        let doc = super::super::annotate("The minister said that talks would resume.");
        let trees = parse(&doc);
        let said = token(&doc, "said");
        let subj: Vec<_> = trees
            .children_with(said, "nsubj")
            .map(|i| doc.word(i))
            .collect();
        assert_eq!(subj, ["minister"]);
        let comp = trees.children_with(said, "ccomp").next().unwrap();
        assert_eq!(doc.slice(trees.subtree(comp)), "that talks would resume");
        assert!(trees.dominates(said, comp));
    }

    #[test]
    fn an_untagged_document_has_no_trees() {
        let doc = super::super::segment("Plain words here.");
        assert!(parse(&doc).is_empty());
        assert_eq!(parse(&super::super::annotate("")).children(0).count(), 0);
    }
}
