//! Training the tagger: greedy left-to-right decoding with the model's own previous predictions
//! as history (so training sees the errors tagging will make), averaged weights.

use super::model::{caps_bucket, Blocks, Context, History, LexEntry, Lexicon};
use super::{intern, PosTag, Tagger, Upos};
use crate::text::clusters::Clusters;
use crate::text::conllu;
use crate::text::perceptron::{argmax, hash_str, FeatureMap, Rng, Trainer};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seeds the per-epoch shuffle; the same seed and data give byte-identical models.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_abs: f32,
    /// Words seen fewer times get no ambiguity class (as unseen words at tagging time).
    pub lexicon_min_count: usize,
    /// A class must cover this share of a word's occurrences to enter its ambiguity class.
    pub ambiguity_min_share: f64,
    /// Words seen this often with one class ≥ `sure_min_share` of the time are tagged from
    /// the lexicon without scoring.
    pub sure_min_count: usize,
    pub sure_min_share: f64,
    /// Unlabelled running text (e.g. news articles) whose capitalisation profile of words
    /// goes into the lexicon alongside EWT train's; the text itself is not stored.
    pub texts: Vec<String>,
    /// Words seen fewer times away from sentence starts get no capitalisation profile.
    pub caps_min_count: usize,
    /// Word clusters learned from unlabelled text (`attache train clusters`; by default the
    /// embedded ones); stored in the model, so the tagger keeps reading the clusters it was
    /// trained with.
    pub clusters: Clusters,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 1,
            min_abs: 0.05,
            lexicon_min_count: 3,
            ambiguity_min_share: 0.05,
            sure_min_count: 10,
            sure_min_share: 0.99,
            texts: Vec::new(),
            caps_min_count: 2,
            clusters: Clusters::embedded().clone(),
        }
    }
}

/// One training sentence as class ids.
struct Example {
    words: Vec<String>,
    classes: Vec<usize>,
}

/// Train a tagger on treebank sentences. `progress` hears (epoch, training accuracy) after each
/// pass.
pub fn train(
    sentences: &[conllu::Sentence],
    config: &TrainConfig,
    mut progress: impl FnMut(usize, f64),
) -> Tagger {
    let classes = tag_classes(sentences);
    let examples: Vec<Example> = sentences
        .iter()
        .map(|s| Example {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            classes: s
                .words
                .iter()
                .map(|w| {
                    let tag = pos_tag(w);
                    classes.iter().position(|&c| c == tag).unwrap_or(0)
                })
                .collect(),
        })
        .collect();
    let mut lexicon = build_lexicon(&examples, config);
    lexicon.caps = caps_profile(&examples, config);
    lexicon.clusters = config.clusters.clone();
    let mut trainer = Trainer::new(classes.len());
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(config.seed);
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &i in &order {
            correct += train_sentence(&mut trainer, &lexicon, &examples[i]);
            total += examples[i].classes.len();
        }
        progress(epoch, correct as f64 / total.max(1) as f64);
    }
    let weights = trainer.finish(config.min_abs);
    Tagger {
        classes,
        blocks: Blocks::new(&lexicon, &weights),
        lexicon,
        weights,
    }
}

/// Tag one sentence with the current weights, learn from its mistakes; returns the number of
/// correct tags.
fn train_sentence(trainer: &mut Trainer, lexicon: &Lexicon, example: &Example) -> usize {
    let words: Vec<&str> = example.words.iter().map(String::as_str).collect();
    let context = Context::new(&words, lexicon);
    let mut history = History::default();
    let mut features = Vec::with_capacity(64);
    let mut scores = vec![0i32; trainer.n_classes()];
    let mut correct = 0;
    for (i, &gold) in example.classes.iter().enumerate() {
        if let Some(sure) = context.sure(i) {
            correct += usize::from(sure == gold);
            history.push(sure);
            continue;
        }
        features.clear();
        context.features(i, history, &mut features);
        scores.fill(0);
        trainer.score(&features, &mut scores);
        let guess = argmax(&scores);
        if guess == gold {
            correct += 1;
        } else {
            trainer.update(&features, gold, 1);
            trainer.update(&features, guess, -1);
        }
        trainer.tick();
        history.push(guess);
    }
    correct
}

fn pos_tag(word: &conllu::Word) -> PosTag {
    PosTag {
        upos: Upos::parse(&word.upos).unwrap_or(Upos::X),
        xpos: intern(&word.xpos),
    }
}

/// Every UPOS+XPOS pair of the training data, in a fixed order.
fn tag_classes(sentences: &[conllu::Sentence]) -> Vec<PosTag> {
    let pairs: BTreeSet<(Upos, &str)> = sentences
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| (Upos::parse(&w.upos).unwrap_or(Upos::X), w.xpos.as_str()))
        .collect();
    pairs
        .into_iter()
        .map(|(upos, xpos)| PosTag {
            upos,
            xpos: intern(xpos),
        })
        .collect()
}

/// Class counts of every word form, turned into ambiguity classes and sure tags.
fn build_lexicon(examples: &[Example], config: &TrainConfig) -> Lexicon {
    let mut counts: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for e in examples {
        for (w, &c) in e.words.iter().zip(&e.classes) {
            *counts.entry(w).or_default().entry(c).or_default() += 1;
        }
    }
    let mut lexicon = Lexicon::default();
    for (word, by_class) in counts {
        let total: usize = by_class.values().sum();
        if total < config.lexicon_min_count {
            continue;
        }
        let share = |n: usize| n as f64 / total as f64;
        let classes: Vec<u16> = by_class
            .iter()
            .filter(|&(_, &n)| share(n) >= config.ambiguity_min_share)
            .map(|(&c, _)| c as u16)
            .collect();
        let (&top, &top_n) = by_class
            .iter()
            .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
            .expect("counted words have a class");
        let sure = (total >= config.sure_min_count && share(top_n) >= config.sure_min_share)
            .then_some(top as u16);
        lexicon.insert(LexEntry::new(word.to_string(), classes, sure));
    }
    lexicon
}

/// Count, for every lowercase word, its occurrences away from sentence starts and how many of
/// them were capitalised, in EWT train and the unlabelled texts.
fn caps_profile(examples: &[Example], config: &TrainConfig) -> FeatureMap<u8> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut count = |word: &str| {
        let Some(first) = word.chars().next() else {
            return;
        };
        if !first.is_alphabetic() {
            return;
        }
        let entry = counts.entry(word.to_lowercase()).or_default();
        entry.0 += usize::from(first.is_uppercase());
        entry.1 += 1;
    };
    for e in examples {
        for w in e.words.iter().skip(1) {
            count(w);
        }
    }
    for text in &config.texts {
        let doc = crate::text::segment(text);
        for sentence in &doc.sentences {
            for i in sentence.tokens.clone().skip(1) {
                count(doc.word(i));
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (_, total))| *total >= config.caps_min_count)
        .map(|(word, (caps, total))| (hash_str(&word), caps_bucket(caps, total)))
        .collect()
}
