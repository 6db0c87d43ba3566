//! A second look at the words the greedy first pass was unsure of. The first pass reads left to
//! right, so when it tags a word it knows the classes before it but not those after it ("that"
//! before a noun or before a clause, a capitalised word before "said" or before a noun). The
//! second pass sees the first pass's classes on both sides, the first pass's two best classes
//! and how far apart they were, and the word itself. It is trained on jackknifed first-pass
//! output (each part of the training data tagged by a first pass trained without it), so it
//! learns from the errors the first pass makes on text it has not seen. Only words whose margin
//! falls under a threshold pay for it, so tagging stays nearly as fast.

use super::model::{Context, Lexeme};
use crate::text::perceptron::{argmax, mix, Feature, Rng, Trainer, Weights};

/// What the first pass said about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Guess {
    pub(super) class: u16,
    /// The class with the second-best score (the same class for lexicon-sure words).
    pub(super) runner_up: u16,
    /// The gap between the two best scores, in [`margin_bucket`]s; [`Guess::SURE`] for words
    /// the lexicon tags without scoring.
    pub(super) margin: u8,
}

impl Guess {
    pub(super) const SURE: u8 = u8::MAX;

    pub(super) fn sure(class: usize) -> Guess {
        Guess {
            class: class as u16,
            runner_up: class as u16,
            margin: Guess::SURE,
        }
    }

    /// The best class of `scores` (as [`argmax`] picks it), the runner-up and their gap;
    /// `scale` turns integer scores into perceptron units, so buckets mean the same for every
    /// model.
    pub(super) fn from_scores(scores: &[i32], scale: f32) -> Guess {
        let best = argmax(scores);
        let mut second: Option<usize> = None;
        for (i, &s) in scores.iter().enumerate() {
            if i != best && second.is_none_or(|j| s > scores[j]) {
                second = Some(i);
            }
        }
        let second = second.unwrap_or(best);
        Guess {
            class: best as u16,
            runner_up: second as u16,
            margin: margin_bucket(scores[best] - scores[second], scale),
        }
    }
}

/// Logarithmic buckets of a score gap in perceptron units: 0 for ties, then two buckets per
/// doubling, capped at 15.
pub(super) fn margin_bucket(gap: i32, scale: f32) -> u8 {
    let units = (gap.max(0) as f32 * scale).max(0.0);
    ((1.0 + units).log2() * 2.0).min(15.0) as u8
}

/// The trained second pass.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SecondPass {
    pub(super) weights: Weights,
    /// Words whose first-pass margin bucket is below this are retagged.
    pub(super) below: u8,
    /// How much of the second pass's scores to add to the first pass's (chosen on dev: a second
    /// pass trusted fully overturns about as many right tags as wrong ones).
    pub(super) trust: f32,
}

impl SecondPass {
    /// The final classes: the first pass's, with the unsure words rescored. `kept` holds the
    /// first-pass scores of the words whose margin is below [`SecondPass::below`], in order, in
    /// integer units of `first_scale`; the second pass adds its own scores to them, so it
    /// only has to learn where the right context overturns the first pass.
    pub(super) fn retag(
        &self,
        context: &Context,
        guesses: &[Guess],
        kept: &[i32],
        first_scale: f32,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        out.extend(guesses.iter().map(|g| usize::from(g.class)));
        let n = self.weights.n_classes();
        let mut first = kept.chunks_exact(n);
        let mut features = Vec::new();
        let mut scores = vec![0i32; n];
        let mut total = vec![0f32; n];
        for (i, g) in guesses.iter().enumerate() {
            if g.margin >= self.below {
                continue;
            }
            let Some(first) = first.next() else {
                return;
            };
            features.clear();
            second_pass_features(context, guesses, i, &mut features);
            scores.fill(0);
            self.weights.score(&features, &mut scores);
            let second_scale = self.weights.scale() * self.trust;
            for ((t, &a), &b) in total.iter_mut().zip(first).zip(&scores) {
                *t = a as f32 * first_scale + b as f32 * second_scale;
            }
            out[i] = argmax_f32(&total);
        }
    }
}

/// Index of the highest score; ties go to the lowest class, as in [`argmax`].
fn argmax_f32(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// How to train the second pass.
#[derive(Debug, Clone)]
pub struct SecondPassConfig {
    /// Parts of the training data for jackknifing the first pass.
    pub folds: usize,
    /// Passes over the training words.
    pub epochs: usize,
    /// Words whose first-pass margin bucket (0–15, two per doubling of the score gap) is below
    /// this are retagged at tagging time.
    pub below: u8,
    /// Only words whose jackknifed margin bucket is below this are training examples.
    pub train_below: u8,
    /// The weight of the second pass's scores against the first pass's when tagging.
    pub trust: f32,
}

impl Default for SecondPassConfig {
    fn default() -> Self {
        SecondPassConfig {
            folds: 5,
            epochs: 10,
            below: 8,
            train_below: 16,
            trust: 1.0,
        }
    }
}

/// One sentence of training data for the second pass: the held-out first pass's view of it.
pub(super) struct Jackknifed {
    pub(super) context: Context,
    pub(super) guesses: Vec<Guess>,
    /// First-pass scores in perceptron units of the words whose margin bucket is below the
    /// training threshold, word after word.
    pub(super) scores: Vec<f32>,
    pub(super) gold: Vec<usize>,
}

/// Train the second pass's weights on jackknifed first-pass output.
pub(super) fn train(
    sentences: &[Jackknifed],
    n_classes: usize,
    config: &SecondPassConfig,
    seed: u64,
    min_abs: f32,
) -> SecondPass {
    // (sentence, word, start of the word's first-pass scores)
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        let unsure = sentence
            .guesses
            .iter()
            .enumerate()
            .filter(|(_, g)| g.margin < config.train_below);
        for (k, (i, _)) in unsure.enumerate() {
            words.push((s, i, k * n_classes));
        }
    }
    let mut trainer = Trainer::new(n_classes);
    let mut rng = Rng::new(seed ^ 0x5345_434f_4e44);
    let mut features = Vec::new();
    let mut scores = vec![0i32; n_classes];
    let mut total = vec![0f32; n_classes];
    for _ in 0..config.epochs {
        rng.shuffle(&mut words);
        for &(s, i, at) in &words {
            let sentence = &sentences[s];
            features.clear();
            second_pass_features(&sentence.context, &sentence.guesses, i, &mut features);
            scores.fill(0);
            trainer.score(&features, &mut scores);
            let first = &sentence.scores[at..at + n_classes];
            for ((t, &a), &b) in total.iter_mut().zip(first).zip(&scores) {
                *t = a + b as f32;
            }
            let guess = argmax_f32(&total);
            let gold = sentence.gold[i];
            if guess != gold {
                trainer.update(&features, gold, 1);
                trainer.update(&features, guess, -1);
            }
            trainer.tick();
        }
    }
    SecondPass {
        weights: trainer.finish(min_abs),
        below: config.below,
        trust: config.trust,
    }
}

/// The first-pass class at `i + offset`, or a value for beyond either end of the sentence.
fn class_at(guesses: &[Guess], i: usize, offset: isize) -> u64 {
    match i.checked_add_signed(offset) {
        None => 0x5354_4152_54,
        Some(j) => guesses.get(j).map_or(0x454e_44, |g| u64::from(g.class) + 1),
    }
}

/// Features of word `i` given the first pass's classes around it.
fn second_pass_features(context: &Context, guesses: &[Guess], i: usize, out: &mut Vec<Feature>) {
    use template::*;
    let g = guesses[i];
    let (c1, c2, margin) = (
        u64::from(g.class),
        u64::from(g.runner_up),
        u64::from(g.margin),
    );
    let pair = mix(c1, c2);
    let (p2, p1) = (class_at(guesses, i, -2), class_at(guesses, i, -1));
    let (n1, n2) = (class_at(guesses, i, 1), class_at(guesses, i, 2));
    let w: &Lexeme = context.at(i, 0);
    let (prev, next) = (context.at(i, -1), context.at(i, 1));
    out.extend([
        mix(BIAS, 0),
        mix(BEST, c1),
        mix(PAIR, pair),
        mix(mix(PAIR_MARGIN, pair), margin),
        mix(mix(BEST_MARGIN, c1), margin),
        mix(NEXT, n1),
        mix(mix(NEXT_NEXT2, n1), n2),
        mix(mix(PREV_NEXT, p1), n1),
        mix(PREV, p1),
        mix(mix(PREV2_PREV, p2), p1),
        mix(mix(BEST_NEXT, c1), n1),
        mix(mix(PAIR_NEXT, pair), n1),
        mix(mix(PAIR_PREV, pair), p1),
        mix(mix(mix(PAIR_PREV_NEXT, pair), p1), n1),
        mix(mix(PAIR_NEXT_NEXT2, pair), mix(n1, n2)),
        mix(LOWER, w.lower),
        mix(mix(LOWER_NEXT, w.lower), n1),
        mix(mix(LOWER_PREV, w.lower), p1),
        mix(mix(LOWER_PAIR, w.lower), pair),
        mix(SUFFIX3, w.suffix[2]),
        mix(mix(SUFFIX3_NEXT, w.suffix[2]), n1),
        mix(mix(SHAPE_FLAGS, w.shape), w.flags),
        mix(mix(CLUSTER10_NEXT, w.cluster[2]), n1),
        mix(mix(CLUSTER6_PAIR, w.cluster[1]), pair),
        mix(mix(AMB_NEXT, w.ambiguity), n1),
        mix(mix(PAIR_NEXT_LOWER, pair), next.lower),
        mix(mix(PAIR_PREV_LOWER, pair), prev.lower),
        mix(mix(PAIR_NEXT_CLUSTER6, pair), next.cluster[1]),
    ]);
}

/// Feature templates of the second pass (its own weight table, so ids may repeat the first
/// pass's).
mod template {
    pub const BIAS: u64 = 1;
    pub const BEST: u64 = 2;
    pub const PAIR: u64 = 3;
    pub const PAIR_MARGIN: u64 = 4;
    pub const BEST_MARGIN: u64 = 5;
    pub const NEXT: u64 = 6;
    pub const NEXT_NEXT2: u64 = 7;
    pub const PREV_NEXT: u64 = 8;
    pub const PREV: u64 = 9;
    pub const PREV2_PREV: u64 = 10;
    pub const BEST_NEXT: u64 = 11;
    pub const PAIR_NEXT: u64 = 12;
    pub const PAIR_PREV: u64 = 13;
    pub const PAIR_PREV_NEXT: u64 = 14;
    pub const PAIR_NEXT_NEXT2: u64 = 15;
    pub const LOWER: u64 = 16;
    pub const LOWER_NEXT: u64 = 17;
    pub const LOWER_PREV: u64 = 18;
    pub const LOWER_PAIR: u64 = 19;
    pub const SUFFIX3: u64 = 20;
    pub const SUFFIX3_NEXT: u64 = 21;
    pub const SHAPE_FLAGS: u64 = 22;
    pub const CLUSTER10_NEXT: u64 = 23;
    pub const CLUSTER6_PAIR: u64 = 24;
    pub const AMB_NEXT: u64 = 25;
    pub const PAIR_NEXT_LOWER: u64 = 26;
    pub const PAIR_PREV_LOWER: u64 = 27;
    pub const PAIR_NEXT_CLUSTER6: u64 = 28;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_take_the_argmax_and_the_runner_up() {
        let g = Guess::from_scores(&[3, 9, 9, -1], 1.0);
        assert_eq!((g.class, g.runner_up, g.margin), (1, 2, 0));
        let g = Guess::from_scores(&[0, 10, 3], 1.0);
        assert_eq!((g.class, g.runner_up), (1, 2));
        assert!(g.margin > 0);
        let g = Guess::from_scores(&[5], 1.0);
        assert_eq!((g.class, g.runner_up, g.margin), (0, 0, 0));
    }

    #[test]
    fn margin_buckets_grow_with_the_gap_and_stop_at_15() {
        assert_eq!(margin_bucket(0, 0.5), 0);
        assert_eq!(margin_bucket(-4, 0.5), 0);
        assert!(margin_bucket(2, 1.0) < margin_bucket(8, 1.0));
        assert_eq!(margin_bucket(i32::MAX, 1.0), 15);
    }
}
