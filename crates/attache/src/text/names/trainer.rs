//! Training the name tagger: a structured perceptron. Each sentence is decoded with Viterbi
//! under the current weights; where the best path differs from the gold one, gold features are
//! rewarded and predicted ones penalised. Documents are read in order, each sentence with the
//! memory of the labels the current weights gave the document's earlier sentences, as the
//! tagger reads a text (the order of the documents is shuffled each epoch).

use super::gazetteer::Gazetteer;
use super::label;
use super::memory::{self, DocumentMemory};
use super::model::{
    memory_keys, token_features, transition_feature, transition_scores, viterbi, NameTagger,
};
use crate::text::clusters::Clusters;
use crate::text::iob2;
use crate::text::perceptron::{Feature, Rng, Trainer};
use crate::text::tagger::PosTag;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct NamesConfig {
    pub epochs: usize,
    /// Seeds the per-epoch shuffle; the same seed and data give byte-identical models.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_abs: f32,
    /// Word clusters (by default the embedded ones); stored in the model.
    pub clusters: Clusters,
    /// The document memory learns, during training, the labels of models trained on all
    /// documents but every `memory_folds`-th; 1: the labels the weights being trained give;
    /// 0: nothing (the tagger then learns no weights for it and reads sentences alone).
    pub memory_folds: usize,
}

impl Default for NamesConfig {
    fn default() -> Self {
        NamesConfig {
            epochs: 10,
            seed: 1,
            min_abs: 0.05,
            clusters: Clusters::embedded().clone(),
            memory_folds: 4,
        }
    }
}

struct Example {
    features: Vec<Vec<Feature>>,
    gold: Vec<usize>,
    /// Words whose label the data leaves open (UNER's `OTH`): the gold path takes there
    /// whatever labels the current weights prefer.
    open: Vec<bool>,
    /// `(lowercase form, shape)` hashes of the words: the document memory's keys.
    keys: Vec<(u64, u64)>,
}

/// Train on sentences with their POS tags (`tags[i]` belongs to `sentences[i]`). `progress`
/// hears (epoch, share of sentences decoded exactly right).
pub fn train(
    sentences: &[iob2::Sentence],
    tags: &[Vec<PosTag>],
    gazetteer: Gazetteer,
    config: &NamesConfig,
    progress: impl FnMut(usize, f64),
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
                keys: memory_keys(&words),
            }
        })
        .collect();
    let documents = documents(sentences);
    let held_out;
    let remember = match config.memory_folds {
        0 => Remember::Nothing,
        1 => Remember::Guesses,
        _ => {
            held_out = held_out_labels(&examples, &documents, config);
            Remember::Given(&held_out)
        }
    };
    let trainer = run_epochs(&examples, &documents, remember, config, progress);
    NameTagger::new(
        gazetteer,
        trainer.finish(config.min_abs),
        config.clusters.clone(),
    )
}

/// What the document memory learns from each sentence during training.
#[derive(Clone, Copy)]
enum Remember<'a> {
    /// Nothing: every sentence is read as if alone (the held-out models).
    Nothing,
    /// The labels the current weights give the sentence.
    Guesses,
    /// Given labels, one row per example.
    Given(&'a [Vec<usize>]),
}

/// Perceptron epochs over the given documents (sentence ranges of `examples`).
fn run_epochs(
    examples: &[Example],
    documents: &[Range<usize>],
    remember: Remember,
    config: &NamesConfig,
    mut progress: impl FnMut(usize, f64),
) -> Trainer {
    let mut trainer = Trainer::new(label::COUNT);
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut rng = Rng::new(config.seed);
    let mut memory = DocumentMemory::default();
    let sentences: usize = documents.iter().map(ExactSizeIterator::len).sum();
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let mut exact = 0;
        for &d in &order {
            memory.clear();
            for i in documents[d].clone() {
                let e = &examples[i];
                let (right, guess) = train_sentence(&mut trainer, e, &memory);
                exact += usize::from(right);
                let labels = match remember {
                    Remember::Nothing => continue,
                    Remember::Guesses => &guess,
                    Remember::Given(rows) => &rows[i],
                };
                memory.remember(&lowers(e), labels);
            }
        }
        progress(epoch, exact as f64 / sentences.max(1) as f64);
    }
    trainer
}

/// Labels of every training sentence from a model that did not see its document, reading each
/// sentence alone: what the memory learns during training. Learning from the weights being
/// trained, which decode their training sentences almost perfectly by the last epochs, the
/// tagger trusts the memory far more than on new text, where the earlier labels are often
/// wrong (jackknifing, as for the POS tags).
fn held_out_labels(
    examples: &[Example],
    documents: &[Range<usize>],
    config: &NamesConfig,
) -> Vec<Vec<usize>> {
    let folds = config.memory_folds;
    let mut out = vec![Vec::new(); examples.len()];
    for fold in 0..folds {
        let (held, rest): (Vec<_>, Vec<_>) = documents
            .iter()
            .enumerate()
            .partition(|&(d, _)| d % folds == fold);
        let rest: Vec<Range<usize>> = rest.into_iter().map(|(_, r)| r.clone()).collect();
        let weights = run_epochs(examples, &rest, Remember::Nothing, config, |_, _| {})
            .finish(config.min_abs);
        let transitions = transition_scores(|f, s| weights.add(f, s));
        for i in held.into_iter().flat_map(|(_, r)| r.clone()) {
            let features = with_memory(&examples[i], &DocumentMemory::default());
            let emissions = emissions(&features, |f, s| weights.score(f, s));
            out[i] = viterbi(&emissions, &transitions);
        }
    }
    out
}

fn lowers(e: &Example) -> Vec<u64> {
    e.keys.iter().map(|&(lower, _)| lower).collect()
}

/// The example's features with the memory's.
fn with_memory(e: &Example, memory: &DocumentMemory) -> Vec<Vec<Feature>> {
    let recalled: Vec<_> = e
        .keys
        .iter()
        .map(|&(lower, _)| memory.recall(lower))
        .collect();
    e.features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut f = f.clone();
            memory::features(i, &recalled, e.keys[i].1, &mut f);
            f
        })
        .collect()
}

/// The label scores of every word, given its features and a scorer.
fn emissions(
    features: &[Vec<Feature>],
    score: impl Fn(&[Feature], &mut [i32]),
) -> Vec<[i32; label::COUNT]> {
    features
        .iter()
        .map(|f| {
            let mut s = [0i32; label::COUNT];
            score(f, &mut s);
            s
        })
        .collect()
}

/// Sentence ranges of the documents, in file order.
fn documents(sentences: &[iob2::Sentence]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        match out.last_mut() {
            Some(last) if !s.doc_start => last.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Returns whether the sentence was already decoded right, and the labels it was decoded with.
fn train_sentence(
    trainer: &mut Trainer,
    e: &Example,
    memory: &DocumentMemory,
) -> (bool, Vec<usize>) {
    let features = with_memory(e, memory);
    let emissions = emissions(&features, |f, s| trainer.score(f, s));
    let transitions = transition_scores(|f, s| trainer.score(&[f], s));
    let guess = viterbi(&emissions, &transitions);
    let gold = gold_path(e, &emissions, &transitions);
    let right = guess == gold;
    if !right {
        for i in 0..gold.len() {
            let prev = |labels: &[usize]| i.checked_sub(1).map(|j| labels[j]);
            let (g, p) = (gold[i], guess[i]);
            if g != p || prev(&gold) != prev(&guess) {
                trainer.update(&features[i], g, 1);
                trainer.update(&[transition_feature(prev(&gold))], g, 1);
                trainer.update(&features[i], p, -1);
                trainer.update(&[transition_feature(prev(&guess))], p, -1);
            }
        }
    }
    trainer.tick();
    (right, guess)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_start_at_each_marked_sentence() {
        let sentence = |doc_start| iob2::Sentence {
            doc_start,
            ..Default::default()
        };
        // The file's first sentence opens a document even when unmarked.
        let sentences = [false, false, true, true, false].map(sentence);
        assert_eq!(documents(&sentences), [0..2, 2..3, 3..5]);
        assert!(documents(&[]).is_empty());
    }
}
