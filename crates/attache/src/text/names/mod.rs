//! Name tagger: finds names of persons, organisations and locations in a tagged sentence. An
//! averaged structured perceptron over BIO labels with Viterbi decoding (an `I-` label only
//! continues a name of its own type), trained on Universal NER English EWT, with features that
//! travel to news: word shape, capitalisation, POS tags, title words and gazetteer hits
//! (countries, capitals, PETRARCH actor dictionaries, attache's own gazetteer).
//!
//! ```no_run
//! use attache::text::names::{NameKind, NameTagger};
//! use attache::text::tagger::Tagger;
//! let words = ["President", "Ana", "Ferreira", "met", "Okafor", "in", "Lagos", "."];
//! let tags = Tagger::embedded().tag(&words);
//! let spans = NameTagger::embedded().tag(&words, &tags);
//! assert_eq!((spans[0].start, spans[0].end, spans[0].kind), (1, 3, NameKind::Person));
//! ```

mod gazetteer;
mod model;
mod serialization;
mod trainer;

pub use gazetteer::{Gazetteer, GazetteerSources};
pub use model::NameTagger;
pub use trainer::{train, NamesConfig};

use std::fmt;

/// The kinds of names the tagger finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    Person,
    Organization,
    Location,
}

impl NameKind {
    pub const ALL: [NameKind; 3] = [NameKind::Person, NameKind::Organization, NameKind::Location];

    /// The IOB2 type: "PER", "ORG", "LOC".
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Person => "PER",
            NameKind::Organization => "ORG",
            NameKind::Location => "LOC",
        }
    }

    pub fn parse(s: &str) -> Option<NameKind> {
        NameKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name: tokens `start..end` of the sentence (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: NameKind,
}

/// BIO labels as class ids: 0 is outside, then B and I of each kind.
pub(crate) mod label {
    use super::NameKind;

    pub const OUTSIDE: usize = 0;
    pub const COUNT: usize = 1 + 2 * NameKind::ALL.len();

    pub fn begin(kind: NameKind) -> usize {
        1 + 2 * kind.index()
    }

    pub fn inside(kind: NameKind) -> usize {
        2 + 2 * kind.index()
    }

    pub fn kind(label: usize) -> Option<NameKind> {
        (label != OUTSIDE).then(|| NameKind::ALL[(label - 1) / 2])
    }

    pub fn is_inside(label: usize) -> bool {
        label != OUTSIDE && (label - 1) % 2 == 1
    }

    /// May `next` follow `prev` (`None` = sentence start)? `I-X` only continues an `X`.
    pub fn allowed(prev: Option<usize>, next: usize) -> bool {
        !is_inside(next) || prev.is_some_and(|p| kind(p) == kind(next))
    }

    pub fn from_spans(n: usize, spans: &[super::Span]) -> Vec<usize> {
        let mut labels = vec![OUTSIDE; n];
        for s in spans {
            for (i, l) in labels.iter_mut().enumerate().take(s.end).skip(s.start) {
                *l = if i == s.start {
                    begin(s.kind)
                } else {
                    inside(s.kind)
                };
            }
        }
        labels
    }

    pub fn to_spans(labels: &[usize]) -> Vec<super::Span> {
        let mut spans: Vec<super::Span> = Vec::new();
        for (i, &l) in labels.iter().enumerate() {
            let Some(kind) = kind(l) else { continue };
            match spans.last_mut() {
                Some(last) if is_inside(l) && last.end == i && last.kind == kind => last.end += 1,
                _ => spans.push(super::Span {
                    start: i,
                    end: i + 1,
                    kind,
                }),
            }
        }
        spans
    }
}

/// Names in every sentence of an annotated document, as document token ranges, given the
/// document's POS tags (from [`super::tagger::tag_document`]).
pub fn tag_document(doc: &super::Annotated, tags: &[super::tagger::PosTag]) -> Vec<Span> {
    let tagger = NameTagger::embedded();
    let mut out = Vec::new();
    let mut words = Vec::new();
    for sentence in &doc.sentences {
        let range = sentence.tokens.clone();
        words.clear();
        words.extend(range.clone().map(|i| doc.treebank_word(i)));
        let spans = tagger.tag(&words, &tags[range.clone()]);
        out.extend(spans.into_iter().map(|s| Span {
            start: s.start + range.start,
            end: s.end + range.start,
            kind: s.kind,
        }));
    }
    out
}
