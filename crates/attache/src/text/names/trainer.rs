//! Training the name tagger: a structured perceptron. Each sentence is decoded with Viterbi
//! under the current weights; where the best path differs from the gold one, gold features are
//! rewarded and predicted ones penalised.

use super::gazetteer::Gazetteer;
use super::label;
use super::model::{token_features, transition_feature, transition_scores, viterbi, NameTagger};
use crate::text::clusters::Clusters;
use crate::text::iob2;
use crate::text::perceptron::{Feature, Rng, Trainer};
use crate::text::tagger::PosTag;

#[derive(Debug, Clone)]
pub struct NamesConfig {
    pub epochs: usize,
    /// Seeds the per-epoch shuffle; the same seed and data give byte-identical models.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_abs: f32,
    /// Word clusters (by default the embedded ones); stored in the model.
    pub clusters: Clusters,
}

impl Default for NamesConfig {
    fn default() -> Self {
        NamesConfig {
            epochs: 10,
            seed: 1,
            min_abs: 0.05,
            clusters: Clusters::embedded().clone(),
        }
    }
}

struct Example {
    features: Vec<Vec<Feature>>,
    gold: Vec<usize>,
    /// Words whose label the data leaves open (UNER's `OTH`): the gold path takes there
    /// whatever labels the current weights prefer.
    open: Vec<bool>,
}

/// Train on sentences with their POS tags (`tags[i]` belongs to `sentences[i]`). `progress`
/// hears (epoch, share of sentences decoded exactly right).
pub fn train(
    sentences: &[iob2::Sentence],
    tags: &[Vec<PosTag>],
    gazetteer: Gazetteer,
    config: &NamesConfig,
    mut progress: impl FnMut(usize, f64),
) -> NameTagger {
    let examples: Vec<Example> = sentences
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            Example {
                features: token_features(&words, t, &gazetteer, &config.clusters),
                gold: label::from_spans(words.len(), &s.spans),
                open: (0..words.len())
                    .map(|i| s.other.get(i).copied().unwrap_or(false))
                    .collect(),
            }
        })
        .collect();
    let mut trainer = Trainer::new(label::COUNT);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(config.seed);
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let mut exact = 0;
        for &i in &order {
            exact += usize::from(train_sentence(&mut trainer, &examples[i]));
        }
        progress(epoch, exact as f64 / examples.len().max(1) as f64);
    }
    NameTagger::new(
        gazetteer,
        trainer.finish(config.min_abs),
        config.clusters.clone(),
    )
}

/// Returns whether the sentence was already decoded right.
fn train_sentence(trainer: &mut Trainer, e: &Example) -> bool {
    let emissions: Vec<[i32; label::COUNT]> = e
        .features
        .iter()
        .map(|f| {
            let mut s = [0i32; label::COUNT];
            trainer.score(f, &mut s);
            s
        })
        .collect();
    let transitions = transition_scores(|f, s| trainer.score(&[f], s));
    let guess = viterbi(&emissions, &transitions);
    let gold = gold_path(e, &emissions, &transitions);
    let right = guess == gold;
    if !right {
        for i in 0..gold.len() {
            let prev = |labels: &[usize]| i.checked_sub(1).map(|j| labels[j]);
            let (g, p) = (gold[i], guess[i]);
            if g != p || prev(&gold) != prev(&guess) {
                trainer.update(&e.features[i], g, 1);
                trainer.update(&[transition_feature(prev(&gold))], g, 1);
                trainer.update(&e.features[i], p, -1);
                trainer.update(&[transition_feature(prev(&guess))], p, -1);
            }
        }
    }
    trainer.tick();
    right
}

/// The gold labels, with the open words filled in by the best path that keeps every other
/// word's gold label (Viterbi with the known labels given an overwhelming bonus).
fn gold_path(
    e: &Example,
    emissions: &[[i32; label::COUNT]],
    transitions: &super::model::Transitions,
) -> Vec<usize> {
    if !e.open.contains(&true) {
        return e.gold.clone();
    }
    const SURE: i32 = 1 << 24;
    let forced: Vec<[i32; label::COUNT]> = emissions
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut row = *row;
            if !e.open[i] {
                row[e.gold[i]] = row[e.gold[i]].saturating_add(SURE);
            }
            row
        })
        .collect();
    viterbi(&forced, transitions)
}
