//! Dependency parser: UD relations over a sentence's words and POS tags.
//!
//! A greedy arc-hybrid transition parser scored by an averaged perceptron over the Zhang & Nivre
//! (2011) feature set, trained with a dynamic oracle on UD English EWT (see `models/parser.md`).
//! It runs in time linear in the sentence length and always returns a well-formed tree: every
//! word gets exactly one head, exactly one word hangs from the root, and there are no cycles.
//!
//! ```
//! use attache::text::parser::Parser;
//! let words = ["She", "reads", "news", "."];
//! let upos = ["PRON", "VERB", "NOUN", "PUNCT"];
//! let xpos = ["PRP", "VBZ", "NN", "."];
//! let arcs = Parser::embedded().parse(&words, &upos, &xpos);
//! assert_eq!(arcs.len(), 4);
//! assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
//! ```

mod cache;
mod features;
mod jackknife;
mod model;
mod punct;
mod serialization;
mod trainer;
mod transition;

pub use jackknife::JackknifedTags;
pub use serialization::ModelError;
pub use trainer::{train, EpochReport, TrainConfig};

use crate::text::clusters::Clusters;
use crate::text::conllu::Sentence;
use features::Encoded;
use model::Model;
use std::fmt;
use std::sync::{LazyLock, Mutex};

/// The model shipped in the binary (`models/parser.bin`).
static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/parser.bin");

static EMBEDDED: LazyLock<Parser> = LazyLock::new(|| {
    Parser::from_bytes(EMBEDDED_BYTES).expect("the embedded parser model is valid")
});

/// One word's place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    /// The head word, 1-based as in CoNLL-U: `head == i + 1` means word `i`; 0 is the root.
    pub head: usize,
    pub deprel: Deprel,
}

/// A Universal Dependencies relation, e.g. `nsubj` or `obl:tmod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deprel(&'static str);

impl Deprel {
    /// The relation with its subtype, as in the treebank (`nmod:poss`).
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The universal relation without its subtype (`nmod`), as the CoNLL 2018 LAS compares.
    pub fn universal(self) -> &'static str {
        self.0.split(':').next().unwrap_or(self.0)
    }

    /// The relation of punctuation, for marks attached outside the parser.
    pub fn punct() -> Deprel {
        Deprel::intern("punct")
    }

    /// Labels are interned once per distinct string, so they are `Copy` and compare cheaply.
    fn intern(label: &str) -> Deprel {
        static INTERNED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&s) = interned.iter().find(|s| **s == label) {
            return Deprel(s);
        }
        let s: &'static str = Box::leak(label.to_string().into_boxed_str());
        interned.push(s);
        Deprel(s)
    }
}

impl fmt::Display for Deprel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<&str> for Deprel {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Where the parser's POS tags come from when it reads a treebank (training and evaluation):
/// the treebank's gold tags today, the POS tagger's predictions once it is merged.
pub trait TagSource {
    /// UPOS and XPOS tags of the sentence's words.
    fn tags(&self, sentence: &Sentence) -> (Vec<String>, Vec<String>);
}

/// The treebank's own tags.
pub struct GoldTags;

impl TagSource for GoldTags {
    fn tags(&self, sentence: &Sentence) -> (Vec<String>, Vec<String>) {
        let upos = sentence.words.iter().map(|w| w.upos.clone()).collect();
        let xpos = sentence.words.iter().map(|w| w.xpos.clone()).collect();
        (upos, xpos)
    }
}

/// Tags predicted by our own tagger, as the parser meets them on real text.
pub struct PredictedTags;

impl TagSource for PredictedTags {
    fn tags(&self, sentence: &Sentence) -> (Vec<String>, Vec<String>) {
        tags_by(crate::text::tagger::Tagger::embedded(), sentence)
    }
}

/// UPOS and XPOS tags that `tagger` gives a treebank sentence's words.
fn tags_by(
    tagger: &crate::text::tagger::Tagger,
    sentence: &Sentence,
) -> (Vec<String>, Vec<String>) {
    let words: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
    let tags = tagger.tag(&words);
    let upos = tags.iter().map(|t| t.upos.as_str().to_string()).collect();
    let xpos = tags.iter().map(|t| t.xpos.to_string()).collect();
    (upos, xpos)
}

/// A trained dependency parser.
pub struct Parser {
    model: Model,
    /// The word clusters the model was trained with (stored in its file): its cluster features
    /// are hashes of these clusters' paths.
    clusters: Clusters,
    /// The model's labels, interned once.
    deprels: Vec<Deprel>,
    /// The label of `punct` among them, given to marks the punctuation repair moves.
    punct_label: Option<u8>,
}

impl Parser {
    /// The parser shipped in the binary, loaded on first use.
    pub fn embedded() -> &'static Parser {
        &EMBEDDED
    }

    /// Loads a model written by [`Parser::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        serialization::from_bytes(bytes)
            .map(|(model, clusters)| Parser::from_model(model, clusters))
    }

    fn from_model(model: Model, clusters: Clusters) -> Parser {
        let deprels: Vec<Deprel> = model.labels.iter().map(|l| Deprel::intern(l)).collect();
        let punct_label = deprels
            .iter()
            .position(|d| *d == "punct")
            .and_then(|i| u8::try_from(i).ok());
        Parser {
            model,
            clusters,
            deprels,
            punct_label,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serialization::to_bytes(&self.model, &self.clusters)
    }

    /// The same parser without weights below `min` in absolute value (on the model's i16
    /// scale): trades a little accuracy for size and speed.
    pub fn pruned(&self, min: i16) -> Parser {
        Parser::from_model(self.model.pruned(min), self.clusters.clone())
    }

    /// The word clusters the parser was trained with, which its model file carries.
    pub fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    /// The relations this parser can assign.
    pub fn labels(&self) -> &[Deprel] {
        &self.deprels
    }

    /// Parses one sentence. `upos` and `xpos` are the words' tags (UD and Penn Treebank); a
    /// missing tag (slice shorter than `words`) counts as unknown. Returns one arc per word, in
    /// word order. An empty sentence gives an empty tree.
    pub fn parse<W: AsRef<str>, T: AsRef<str>>(
        &self,
        words: &[W],
        upos: &[T],
        xpos: &[T],
    ) -> Vec<Arc> {
        if words.is_empty() {
            return Vec::new();
        }
        let enc = Encoded::new(words, upos, xpos, &self.clusters);
        let mut state = self.model.parse(&enc);
        self.reattach_punctuation(&mut state.heads, &mut state.labels, words, upos);
        (1..=words.len())
            .map(|i| Arc {
                head: state.heads[i] as usize,
                deprel: self.deprels[state.labels[i] as usize],
            })
            .collect()
    }

    /// Moves punctuation marks to where UD's projectivity rule puts them (see `punct.rs`),
    /// relabelling the moved ones `punct`.
    fn reattach_punctuation<W: AsRef<str>, T: AsRef<str>>(
        &self,
        heads: &mut [u32],
        labels: &mut [u8],
        words: &[W],
        upos: &[T],
    ) {
        let punct: Vec<bool> = (0..words.len())
            .map(|i| upos.get(i).is_some_and(|t| t.as_ref() == "PUNCT"))
            .collect();
        if !punct.contains(&true) {
            return;
        }
        let forms: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let moved = punct::reattach(heads, &forms, &punct);
        if let Some(label) = self.punct_label {
            for node in moved.into_iter().filter(|&m| punct[m - 1]) {
                labels[node] = label;
            }
        }
    }

    /// Parses a treebank sentence with the tags `tags` gives it.
    pub fn parse_sentence(&self, sentence: &Sentence, tags: &dyn TagSource) -> Vec<Arc> {
        let words: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let (upos, xpos) = tags.tags(sentence);
        self.parse(&words, &upos, &xpos)
    }

    /// Attachment scores against a treebank.
    pub fn evaluate(&self, gold: &[Sentence], tags: &dyn TagSource) -> AttachmentScores {
        let mut scores = AttachmentScores::default();
        for s in gold {
            scores.add(s, &self.parse_sentence(s, tags));
        }
        scores
    }
}

/// Attachment scores over all words, punctuation included (as the CoNLL 2018 evaluation script).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentScores {
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and universal relation (subtypes ignored, as CoNLL 2018 LAS).
    pub labeled: usize,
    /// Words with the right head and exact relation, subtype included.
    pub labeled_exact: usize,
}

impl AttachmentScores {
    pub fn add(&mut self, gold: &Sentence, predicted: &[Arc]) {
        for (w, arc) in gold.words.iter().zip(predicted) {
            self.words += 1;
            if w.head == arc.head {
                self.heads += 1;
                let universal = w.deprel.split(':').next().unwrap_or("");
                self.labeled += usize::from(universal == arc.deprel.universal());
                self.labeled_exact += usize::from(w.deprel == arc.deprel.as_str());
            }
        }
        // Words the parser did not return count as errors.
        self.words += gold.words.len().saturating_sub(predicted.len());
    }

    pub fn uas(&self) -> f64 {
        percent(self.heads, self.words)
    }

    pub fn las(&self) -> f64 {
        percent(self.labeled, self.words)
    }

    pub fn las_exact(&self) -> f64 {
        percent(self.labeled_exact, self.words)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::trainer::SplitMix;
    use super::*;

    /// Words and tags of a tiny invented vocabulary, drawn at random into sentences of every
    /// shape: the kept group sums must give the very parse that probing every template gives.
    #[test]
    fn kept_group_scores_parse_as_probing_every_template() {
        const WORDS: [(&str, &str, &str); 12] = [
            ("the", "DET", "DT"),
            ("council", "NOUN", "NN"),
            ("Valdora", "PROPN", "NNP"),
            ("announced", "VERB", "VBD"),
            (",", "PUNCT", ","),
            ("\"", "PUNCT", "``"),
            ("in", "ADP", "IN"),
            ("and", "CCONJ", "CC"),
            ("would", "AUX", "MD"),
            ("not", "PART", "RB"),
            ("quickly", "ADV", "RB"),
            (".", "PUNCT", "."),
        ];
        let parser = Parser::embedded();
        let mut rng = SplitMix(7);
        for _ in 0..200 {
            let n = 1 + rng.below(45);
            let picks: Vec<_> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            let words: Vec<&str> = picks.iter().map(|p| p.0).collect();
            let upos: Vec<&str> = picks.iter().map(|p| p.1).collect();
            let xpos: Vec<&str> = picks.iter().map(|p| p.2).collect();
            let enc = Encoded::new(&words, &upos, &xpos, &parser.clusters);
            let (kept, probed) = (parser.model.parse(&enc), parser.model.parse_uncached(&enc));
            assert_eq!(kept.heads, probed.heads, "{words:?}");
            assert_eq!(kept.labels, probed.labels, "{words:?}");
        }
    }
}
