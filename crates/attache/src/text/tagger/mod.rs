//! Part-of-speech tagger: an averaged perceptron that reads a sentence left to right and gives
//! every word a Universal POS tag (UPOS) and a Penn Treebank tag (XPOS), trained on UD English
//! EWT. Both tags are predicted together as one joint class, so they never disagree.
//!
//! ```no_run
//! use attache::text::tagger::{Tagger, Upos};
//! let tags = Tagger::embedded().tag(&["She", "said", "no", "."]);
//! assert_eq!(tags[1].upos, Upos::Verb);
//! assert_eq!(tags[1].xpos, "VBD");
//! ```

mod model;
mod serialization;
mod trainer;

pub use model::Tagger;
pub use trainer::{train, TrainConfig};

use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;

/// The 17 Universal POS tags of Universal Dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as CoNLL-U writes it ("NOUN", "PROPN", …).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parse a CoNLL-U UPOS column; `None` for anything outside the 17 tags (e.g. "_").
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tags of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PosTag {
    pub upos: Upos,
    /// Penn Treebank tag as EWT uses it ("NN", "VBD", "HYPH", "ADD", …).
    pub xpos: &'static str,
}

/// Tag strings live for the whole program: there are a few dozen of them, and `&'static str`
/// keeps [`PosTag`] `Copy` and free of lifetimes for the parser and the entity stage.
pub(crate) fn intern(tag: &str) -> &'static str {
    static TAGS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut guard = TAGS.lock().unwrap_or_else(|e| e.into_inner());
    let set = guard.get_or_insert_with(HashSet::new);
    if let Some(&t) = set.get(tag) {
        return t;
    }
    let leaked: &'static str = Box::leak(tag.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// Tags of every token of an annotated document, sentence by sentence (index = token index).
pub fn tag_document(doc: &super::Annotated) -> Vec<PosTag> {
    let tagger = Tagger::embedded();
    let unknown = PosTag {
        upos: Upos::X,
        xpos: "XX",
    };
    let mut out = vec![unknown; doc.tokens.len()];
    let mut words = Vec::new();
    for sentence in &doc.sentences {
        words.clear();
        words.extend(sentence.tokens.clone().map(|i| doc.treebank_word(i)));
        out[sentence.tokens.clone()].copy_from_slice(&tagger.tag(&words));
    }
    // The tokenizer has told a plural's possessive apostrophe from a closing quotation mark
    // ("fishers' union"), which EWT's tags leave to context (mostly quotation marks).
    for (i, tag) in out.iter_mut().enumerate() {
        if doc.tokens[i].kind == super::TokenKind::Word && doc.treebank_word(i) == "'" {
            *tag = PosTag {
                upos: Upos::Part,
                xpos: "POS",
            };
        }
    }
    out
}
