//! Training: an averaged perceptron over arc-hybrid transitions, taught by the dynamic oracle
//! with error exploration (Goldberg & Nivre 2012, 2013). After the first epoch the trainer
//! follows its own (sometimes wrong) predictions, so it learns to act well in the
//! configurations its mistakes lead to, which greedy decoding will meet.
//!
//! Everything is integer arithmetic driven by a seeded generator, so a seed determines the model
//! byte for byte.

use super::features::{extract, Encoded, TEMPLATES};
use super::model::{best_valid, Entry, Model, Validity};
use super::transition::{class_count, projectivize, Costs, GoldTree, Move, State, ROOT_LABEL};
use super::{AttachmentScores, Parser, TagSource};
use crate::text::clusters::Clusters;
use crate::text::conllu::Sentence;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Knobs of a training run.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Epochs that follow the oracle before the trainer starts following its own predictions.
    pub static_epochs: usize,
    /// Probability of following a wrong prediction once exploring.
    pub explore: f64,
    /// Weights below this absolute value (on the i16 scale, where the largest weight is 32767)
    /// are dropped from the model: 500 shrinks the EWT model from 19.5 to 6 MB and speeds it
    /// up by a fifth, for under 0.1 point of UAS.
    pub prune: i16,
    /// Word clusters learned from unlabelled text (`attache train clusters`; by default the
    /// embedded ones); stored in the model, so the parser keeps reading the clusters it was
    /// trained with.
    pub clusters: Clusters,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 1,
            static_epochs: 1,
            explore: 0.9,
            prune: 500,
            clusters: Clusters::embedded().clone(),
        }
    }
}

/// What an epoch achieved, for progress reports.
#[derive(Debug, Clone)]
pub struct EpochReport {
    pub epoch: usize,
    /// Share of transitions where the prediction was not a zero-cost move.
    pub train_errors: f64,
    pub features: usize,
    pub dev: Option<AttachmentScores>,
    /// Whether this epoch's model is the best on dev so far, and so the one `train` returns
    /// unless a later epoch beats it.
    pub best: bool,
}

/// A treebank sentence prepared for training: hashed atoms and a projective gold tree.
struct Example {
    enc: Encoded,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Trains a parser on `train`, scoring `dev` after each epoch (pass an empty slice to skip).
/// With a dev set, the epoch with the best dev LAS (then UAS; the earlier on ties) is returned:
/// later epochs can overfit. Without one, the last epoch is.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    tags: &dyn TagSource,
    config: &TrainConfig,
    mut on_epoch: impl FnMut(&EpochReport),
) -> Parser {
    let labels = label_table(train);
    let examples: Vec<Example> = train
        .iter()
        .map(|s| example(s, tags, &labels, &config.clusters))
        .collect();
    let mut trainer = Perceptron::new(class_count(labels.len()));
    let mut rng = SplitMix(config.seed);
    let mut best: Option<(Parser, (usize, usize))> = None;
    for epoch in 1..=config.epochs {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        rng.shuffle(&mut order);
        let explore = (epoch > config.static_epochs).then_some(config.explore);
        let (mut steps, mut errors) = (0usize, 0usize);
        for &i in &order {
            let (s, e) = trainer.learn(&examples[i], explore, &mut rng);
            steps += s;
            errors += e;
        }
        let model = trainer.averaged(labels.clone(), config.prune);
        let parser = Parser::from_model(model, config.clusters.clone());
        let dev_scores = (!dev.is_empty()).then(|| parser.evaluate(dev, tags));
        let rank = dev_scores.map_or((0, 0), |s| (s.labeled, s.heads));
        let is_best = best.as_ref().is_none_or(|(_, r)| rank > *r);
        on_epoch(&EpochReport {
            epoch,
            train_errors: errors as f64 / steps.max(1) as f64,
            features: parser.model.feature_count(),
            dev: dev_scores,
            best: is_best,
        });
        if is_best || dev.is_empty() {
            best = Some((parser, rank));
        }
    }
    best.map_or_else(
        || Parser::from_model(Model::new(labels, Vec::new()), config.clusters.clone()),
        |(parser, _)| parser,
    )
}

/// `root` first (the transition system relies on it), then by frequency, ties by name.
fn label_table(train: &[Sentence]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in train.iter().flat_map(|s| &s.words) {
        if w.deprel != "root" && w.deprel != "_" {
            *counts.entry(w.deprel.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, usize)> = counts.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut labels = vec!["root".to_string()];
    labels.extend(by_freq.into_iter().map(|(l, _)| l.to_string()));
    if labels.len() < 2 {
        labels.push("dep".to_string());
    }
    labels.truncate(127); // classes must fit a u8
    labels
}

fn example(s: &Sentence, tags: &dyn TagSource, labels: &[String], clusters: &Clusters) -> Example {
    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let (upos, xpos) = tags.tags(s);
    let n = words.len();
    let mut heads = vec![0u32; n + 1];
    let mut gold_labels = vec![ROOT_LABEL as u8; n + 1];
    for (i, w) in s.words.iter().enumerate() {
        // A malformed head (beyond the sentence) is treated as the root rather than trusted.
        heads[i + 1] = if w.head <= n { w.head as u32 } else { 0 };
        gold_labels[i + 1] = labels
            .iter()
            .position(|l| *l == w.deprel)
            .unwrap_or(ROOT_LABEL) as u8;
    }
    projectivize(&mut heads);
    Example {
        enc: Encoded::new(&words, &upos, &xpos, clusters),
        heads,
        labels: gold_labels,
    }
}

/// A class weight with the bookkeeping of lazy averaging: `total` is the sum of the weight over
/// all steps up to `stamp`.
#[derive(Clone, Copy)]
struct Param {
    total: i64,
    weight: i32,
    stamp: u32,
    class: u8,
}

/// Feature hashes are already well mixed: hashing them again would only cost time.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type Table = HashMap<u64, Vec<Param>, BuildHasherDefault<IdentityHasher>>;

struct Perceptron {
    classes: usize,
    weights: Table,
    /// Number of training steps so far: the clock of lazy averaging.
    now: u32,
}

impl Perceptron {
    fn new(classes: usize) -> Perceptron {
        Perceptron {
            classes,
            weights: Table::default(),
            now: 0,
        }
    }

    fn score(&self, features: &[u64], scores: &mut [i64]) {
        scores.fill(0);
        for f in features {
            for p in self.weights.get(f).map_or(&[][..], Vec::as_slice) {
                scores[p.class as usize] += i64::from(p.weight);
            }
        }
    }

    fn update(&mut self, features: &[u64], class: usize, delta: i32) {
        let now = self.now;
        for &f in features {
            let row = self.weights.entry(f).or_default();
            let p = match row.iter().position(|p| p.class as usize == class) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Param {
                        total: 0,
                        weight: 0,
                        stamp: now,
                        class: class as u8,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            p.total += i64::from(p.weight) * i64::from(now - p.stamp);
            p.stamp = now;
            p.weight += delta;
        }
    }

    /// Runs one sentence through the transition system; returns (steps, errors).
    fn learn(&mut self, ex: &Example, explore: Option<f64>, rng: &mut SplitMix) -> (usize, usize) {
        let gold = GoldTree {
            heads: &ex.heads,
            labels: &ex.labels,
        };
        let mut state = State::new(ex.heads.len() - 1);
        let mut feats = [0u64; TEMPLATES];
        let mut scores = vec![0i64; self.classes];
        let (mut steps, mut errors) = (0, 0);
        while !state.is_terminal() {
            extract(&state, &ex.enc, &mut feats);
            self.score(&feats, &mut scores);
            let costs = Costs::new(&state, &gold);
            let predicted = best_valid(&state, &scores);
            let target = best_cheapest(&state, &costs, &scores);
            self.now += 1;
            steps += 1;
            let next = if costs.of(predicted) > costs.of(target) {
                errors += 1;
                self.update(&feats, target.class(), 1);
                self.update(&feats, predicted.class(), -1);
                let follow_mistake = explore.is_some_and(|p| rng.unit() < p);
                if follow_mistake {
                    predicted
                } else {
                    target
                }
            } else {
                predicted
            };
            state.apply(next);
        }
        (steps, errors)
    }

    /// The averaged weights, quantised to i16 with one scale for the whole model; weights below
    /// `prune` are dropped.
    fn averaged(&self, labels: Vec<String>, prune: i16) -> Model {
        let min = prune.unsigned_abs().max(1);
        let now = i64::from(self.now.max(1));
        let average = |p: &Param| {
            (p.total + i64::from(p.weight) * (now - i64::from(p.stamp))) as f64 / now as f64
        };
        let max = self
            .weights
            .values()
            .flatten()
            .map(|p| average(p).abs())
            .fold(0.0f64, f64::max);
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        let mut rows: Vec<(u64, Vec<Entry>)> = self
            .weights
            .iter()
            .filter(|(&k, _)| k != 0)
            .filter_map(|(&k, row)| {
                let mut entries: Vec<Entry> = row
                    .iter()
                    .map(|p| Entry {
                        class: p.class,
                        weight: (average(p) * scale).round() as i16,
                    })
                    .filter(|e| e.weight.unsigned_abs() >= min)
                    .collect();
                entries.sort_by_key(|e| e.class);
                (!entries.is_empty()).then_some((k, entries))
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        Model::new(labels, rows)
    }
}

/// The best-scoring move among the valid moves of least cost (zero when the gold tree is still
/// reachable, which the projectivised gold guarantees except around the single-root rule).
fn best_cheapest(state: &State, costs: &Costs, scores: &[i64]) -> Move {
    let valid = Validity::of(state);
    let mut best: Option<(Move, u32, i64)> = None;
    for (class, &s) in scores.iter().enumerate() {
        let m = Move::from_class(class);
        if !valid.allows(m) {
            continue;
        }
        let c = costs.of(m);
        let better = match best {
            None => true,
            Some((_, bc, bs)) => c < bc || (c == bc && s > bs),
        };
        if better {
            best = Some((m, c, s));
        }
    }
    best.expect("a non-terminal state always has a valid move")
        .0
}

/// SplitMix64: a tiny, well-distributed generator; enough for shuffling and exploration.
pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}
