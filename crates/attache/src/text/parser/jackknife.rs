//! Jackknifed POS tags for training the parser.
//!
//! At run time the parser reads our tagger's tags, errors included (UPOS ≈ 95%). Trained on gold
//! tags it learns to trust them blindly and loses about 4 UAS on real tags. The tagger's own
//! tags of its training data are too good to teach distrust (it has seen those sentences), so
//! the training treebank is cut into k folds and each fold is tagged by a tagger trained on the
//! other k−1: tags with the error rate of unseen text.

use super::{tags_by, PredictedTags, TagSource};
use crate::text::conllu::Sentence;
use crate::text::tagger;
use std::collections::HashMap;

/// Tags of one sentence: UPOS and XPOS per word.
type SentenceTags = (Vec<String>, Vec<String>);

/// Separates the fields of a saved line (`key`, UPOS, XPOS); [`SEPARATOR`] the items of a field.
const FIELD: char = '\u{2}';
const SEPARATOR: char = '\u{1}';

/// Tags fixed in advance for the sentences of a training treebank; any other sentence (dev,
/// test, real text) gets the embedded tagger's tags, as at run time.
pub struct JackknifedTags {
    by_words: HashMap<String, SentenceTags>,
}

impl JackknifedTags {
    /// Tags `sentences` in `folds` interleaved folds (sentence i is in fold i mod k), each by a
    /// tagger trained with `config` on the other folds. `progress` hears each finished fold.
    /// Deterministic: the folds are fixed and the tagger's training is seeded.
    pub fn new(
        sentences: &[Sentence],
        folds: usize,
        config: &tagger::TrainConfig,
        mut progress: impl FnMut(usize),
    ) -> JackknifedTags {
        let folds = folds.max(2);
        let mut by_words = HashMap::with_capacity(sentences.len());
        for fold in 0..folds {
            let rest: Vec<Sentence> = in_fold(sentences, folds, fold, false).cloned().collect();
            let tagger = tagger::train(&rest, config, |_, _| {});
            for s in in_fold(sentences, folds, fold, true) {
                by_words.insert(key(s), tags_by(&tagger, s));
            }
            progress(fold + 1);
        }
        JackknifedTags { by_words }
    }

    /// Share of words whose jackknifed UPOS is the treebank's: should be close to the tagger's
    /// accuracy on unseen text.
    pub fn upos_accuracy(&self, sentences: &[Sentence]) -> f64 {
        let (mut right, mut all) = (0usize, 0usize);
        for s in sentences {
            let Some((upos, _)) = self.by_words.get(&key(s)) else {
                continue;
            };
            all += s.words.len();
            right += s
                .words
                .iter()
                .zip(upos)
                .filter(|(w, u)| w.upos == **u)
                .count();
        }
        right as f64 / all.max(1) as f64
    }

    /// The tags as text, one sentence a line in a fixed order, so that a training run can reuse
    /// the fold taggers' work of an earlier one ([`JackknifedTags::from_text`]).
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .by_words
            .iter()
            .map(|(k, (upos, xpos))| {
                let sep = SEPARATOR.to_string();
                format!("{k}{FIELD}{}{FIELD}{}", upos.join(&sep), xpos.join(&sep))
            })
            .collect();
        lines.sort_unstable();
        lines.join("\n")
    }

    /// Reads [`JackknifedTags::to_text`]; `None` if a line is malformed.
    pub fn from_text(text: &str) -> Option<JackknifedTags> {
        let mut by_words = HashMap::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            let mut fields = line.split(FIELD);
            let (key, upos, xpos) = (fields.next()?, fields.next()?, fields.next()?);
            let split = |f: &str| f.split(SEPARATOR).map(str::to_string).collect::<Vec<_>>();
            let (upos, xpos) = (split(upos), split(xpos));
            let words = key.split(SEPARATOR).count();
            if fields.next().is_some() || upos.len() != words || xpos.len() != words {
                return None;
            }
            by_words.insert(key.to_string(), (upos, xpos));
        }
        Some(JackknifedTags { by_words })
    }
}

impl TagSource for JackknifedTags {
    fn tags(&self, sentence: &Sentence) -> (Vec<String>, Vec<String>) {
        match self.by_words.get(&key(sentence)) {
            Some(tags) => tags.clone(),
            None => PredictedTags.tags(sentence),
        }
    }
}

fn in_fold(
    sentences: &[Sentence],
    folds: usize,
    fold: usize,
    inside: bool,
) -> impl Iterator<Item = &Sentence> {
    sentences
        .iter()
        .enumerate()
        .filter(move |(i, _)| (i % folds == fold) == inside)
        .map(|(_, s)| s)
}

/// A sentence is known by its words: a sentence repeated in the treebank (short ones such as
/// "Thanks." are) gets one set of tags, which the tagger would give it anyway.
fn key(s: &Sentence) -> String {
    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    words.join(&SEPARATOR.to_string())
}
