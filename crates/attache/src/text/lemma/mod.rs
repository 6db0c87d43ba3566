//! Lemmatiser: form + POS tag → lemma, as UD English EWT lemmatises. Words seen in training are
//! looked up (by lowercased form and XPOS); unseen words get the edit script ("strip 3
//! characters, append 'y'") most common among training words with the longest shared ending and
//! the same XPOS, unless a shorter ending's edit gives a lemma seen in training and the longest
//! one's does not.
//!
//! ```no_run
//! use attache::text::lemma::Lemmatizer;
//! use attache::text::tagger::Tagger;
//! let words = ["Talks", "were", "held"];
//! let tags = Tagger::embedded().tag(&words);
//! let lemmas: Vec<String> = words.iter().zip(&tags)
//!     .map(|(w, t)| Lemmatizer::embedded().lemma(w, t)).collect();
//! assert_eq!(lemmas, ["talk", "be", "hold"]);
//! ```

mod model;
mod serialization;
mod trainer;

pub use model::{Edit, Lemmatizer};
pub use trainer::{train, LemmaConfig};

use super::tagger::PosTag;

/// Lemmas of every token of an annotated document, given its tags (from
/// [`super::tagger::tag_document`]).
pub fn lemmatize_document(doc: &super::Annotated, tags: &[PosTag]) -> Vec<String> {
    let lemmatizer = Lemmatizer::embedded();
    (0..doc.tokens.len())
        .zip(tags)
        .map(|(i, tag)| lemmatizer.lemma(doc.word(i), tag))
        .collect()
}
