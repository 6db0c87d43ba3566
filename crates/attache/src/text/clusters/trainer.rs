//! Learning the clusters in two steps.
//!
//! 1. **Exchange** (Uszkoreit & Brants 2008, "predictive" class bigrams, made two-sided): every
//!    frequent word gets one of `K` classes so as to maximise the likelihood of
//!    P(class(w) | previous word) · P(class(w) | next word) · P(w | class(w))². Words are moved,
//!    one at a time, to the class that raises the likelihood most, until a pass moves none (or
//!    the pass limit). With counts N(context, class) the objective is, up to constants,
//!    Σ f(N(context, class)) − 2 Σ f(N(class)), f(x) = x ln x, so a move costs one pass over the
//!    word's distinct contexts per candidate class.
//! 2. **Tree**: the `K` classes are merged bottom-up, always the pair whose merge loses the least
//!    of the same likelihood, now with the neighbours' classes as contexts (an agglomerative
//!    information-bottleneck step, as Brown et al. 1992 merge words). The merge order gives
//!    every class a bit path.
//!
//! Everything is in a fixed order (vocabulary by count then text, passes in a seeded order,
//! ties to the lowest index), so the same text, seed and settings give the same file.

use super::{ClusterPath, Clusters, MAX_DEPTH};
use crate::text::perceptron::{hash_str, FeatureMap, Rng};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Number of flat classes (leaves of the tree).
    pub clusters: usize,
    /// Words seen fewer times are not clustered (they still count as a "rare" context).
    pub min_count: u64,
    /// At most this many exchange passes.
    pub passes: usize,
    /// Seeds the order in which each pass visits the words.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            clusters: 1024,
            min_count: 3,
            passes: 20,
            seed: 1,
        }
    }
}

/// Unlabelled running text as word ids, sentence by sentence.
#[derive(Debug, Default)]
pub struct Corpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    /// Word ids, with [`BREAK`] between sentences.
    tokens: Vec<u32>,
}

const BREAK: u32 = u32::MAX;

impl Corpus {
    /// Add one sentence (its words in order).
    pub fn add_sentence<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) {
        let before = self.tokens.len();
        for word in words {
            let id = match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(word.to_string(), id);
                    self.words.push(word.to_string());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.tokens.push(id);
        }
        if self.tokens.len() > before {
            self.tokens.push(BREAK);
        }
    }

    /// Number of running words.
    pub fn n_tokens(&self) -> usize {
        self.tokens.len() - self.tokens.iter().filter(|&&t| t == BREAK).count()
    }

    /// Number of distinct words.
    pub fn n_types(&self) -> usize {
        self.words.len()
    }
}

/// What training did, for the command line and the card.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Words clustered (seen at least `min_count` times).
    pub words: usize,
    /// Words moved in each exchange pass.
    pub moves: Vec<usize>,
    /// Depth of the deepest leaf.
    pub max_depth: u8,
}

/// Cluster the corpus's frequent words. `progress` hears (pass, words moved).
pub fn train(
    corpus: &Corpus,
    config: &TrainConfig,
    mut progress: impl FnMut(usize, usize),
) -> (Clusters, TrainReport) {
    let vocab = Vocabulary::new(corpus, config.min_count);
    let k = config.clusters.clamp(2, usize::from(u16::MAX));
    let contexts = WordContexts::new(corpus, &vocab);
    let mut exchange = Exchange::new(&vocab, &contexts, k, corpus.n_tokens());
    let mut report = TrainReport {
        words: vocab.len(),
        ..Default::default()
    };
    let mut order: Vec<usize> = (0..vocab.len()).collect();
    let mut rng = Rng::new(config.seed);
    for pass in 1..=config.passes {
        rng.shuffle(&mut order);
        let moved = order.iter().filter(|&&w| exchange.improve(w)).count();
        progress(pass, moved);
        report.moves.push(moved);
        if moved == 0 {
            break;
        }
    }
    let paths = tree_paths(corpus, &vocab, &exchange.class, k, &exchange.f);
    report.max_depth = paths.iter().flatten().map(|p| p.depth()).max().unwrap_or(0);
    (clusters(corpus, &vocab, &exchange.class, &paths), report)
}

/// The clustered words, most frequent first, ids `0..len`; other words map to [`Vocabulary::RARE`].
struct Vocabulary {
    /// Corpus word id → vocabulary id or `RARE`.
    of_word: Vec<u32>,
    /// Vocabulary id → corpus word id.
    words: Vec<u32>,
    counts: Vec<u64>,
}

impl Vocabulary {
    const RARE: u32 = u32::MAX - 1;

    fn new(corpus: &Corpus, min_count: u64) -> Vocabulary {
        let mut frequent: Vec<u32> = (0..corpus.words.len() as u32)
            .filter(|&w| corpus.counts[w as usize] >= min_count.max(1))
            .collect();
        frequent.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            corpus.counts[b]
                .cmp(&corpus.counts[a])
                .then_with(|| corpus.words[a].cmp(&corpus.words[b]))
        });
        let mut of_word = vec![Vocabulary::RARE; corpus.words.len()];
        for (v, &w) in frequent.iter().enumerate() {
            of_word[w as usize] = v as u32;
        }
        let counts = frequent
            .iter()
            .map(|&w| corpus.counts[w as usize])
            .collect();
        Vocabulary {
            of_word,
            words: frequent,
            counts,
        }
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    /// The vocabulary id of the token at `at`, or `RARE`, or `BREAK` beyond a sentence.
    fn at(&self, tokens: &[u32], at: Option<usize>) -> u32 {
        match at.and_then(|i| tokens.get(i)) {
            None | Some(&BREAK) => BREAK,
            Some(&w) => self.of_word[w as usize],
        }
    }
}

/// Context ids of a vocabulary of `n` words: the left neighbour's id, `n` for a rare word, `n + 1`
/// for the sentence edge; right neighbours the same shifted by `n + 2`.
fn context_id(neighbour: u32, n: usize, right: bool) -> u32 {
    let base = match neighbour {
        BREAK => n + 1,
        Vocabulary::RARE => n,
        v => v as usize,
    };
    (base + usize::from(right) * (n + 2)) as u32
}

/// For every clustered word, its distinct contexts with counts (compressed rows).
struct WordContexts {
    starts: Vec<usize>,
    entries: Vec<(u32, u32)>,
    n_contexts: usize,
}

impl WordContexts {
    fn new(corpus: &Corpus, vocab: &Vocabulary) -> WordContexts {
        let n = vocab.len();
        let tokens = &corpus.tokens;
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (i, &t) in tokens.iter().enumerate() {
            if t == BREAK {
                continue;
            }
            let w = vocab.of_word[t as usize];
            if w == Vocabulary::RARE {
                continue;
            }
            let left = vocab.at(tokens, i.checked_sub(1));
            let right = vocab.at(tokens, Some(i + 1));
            pairs.push((w, context_id(left, n, false)));
            pairs.push((w, context_id(right, n, true)));
        }
        pairs.sort_unstable();
        let mut starts = vec![0; n + 1];
        let mut entries: Vec<(u32, u32)> = Vec::new();
        let mut at = 0;
        while at < pairs.len() {
            let run = pairs[at..].iter().take_while(|&&p| p == pairs[at]).count();
            entries.push((pairs[at].1, run as u32));
            starts[pairs[at].0 as usize + 1] = entries.len();
            at += run;
        }
        for w in 1..=n {
            starts[w] = starts[w].max(starts[w - 1]);
        }
        WordContexts {
            starts,
            entries,
            n_contexts: 2 * (n + 2),
        }
    }

    fn of(&self, w: usize) -> &[(u32, u32)] {
        &self.entries[self.starts[w]..self.starts[w + 1]]
    }
}

/// The exchange algorithm's state: class of each word and the counts its objective reads.
struct Exchange<'a> {
    vocab: &'a Vocabulary,
    contexts: &'a WordContexts,
    k: usize,
    class: Vec<usize>,
    /// N(context, class), `context * k + class`.
    by_context: Vec<u32>,
    /// N(class): running words of each class.
    by_class: Vec<u64>,
    /// f(x) = x ln x for every count that can occur.
    f: Vec<f64>,
    gains: Vec<f64>,
}

impl<'a> Exchange<'a> {
    /// Start with the most frequent words spread over the classes round-robin (the `k` most
    /// frequent words each get their own).
    fn new(vocab: &'a Vocabulary, contexts: &'a WordContexts, k: usize, tokens: usize) -> Self {
        let class: Vec<usize> = (0..vocab.len()).map(|w| w % k).collect();
        let mut by_context = vec![0u32; contexts.n_contexts * k];
        let mut by_class = vec![0u64; k];
        for (w, &c) in class.iter().enumerate() {
            by_class[c] += vocab.counts[w];
            for &(ctx, n) in contexts.of(w) {
                by_context[ctx as usize * k + c] += n;
            }
        }
        let f = (0..=tokens.max(1))
            .map(|x| {
                let x = x as f64;
                if x > 0.0 {
                    x * x.ln()
                } else {
                    0.0
                }
            })
            .collect();
        Exchange {
            vocab,
            contexts,
            k,
            class,
            by_context,
            by_class,
            f,
            gains: vec![0.0; k],
        }
    }

    /// Move word `w` to the class where it raises the likelihood most; whether it moved.
    fn improve(&mut self, w: usize) -> bool {
        let from = self.class[w];
        let count = self.vocab.counts[w];
        self.shift(w, from, -1);
        let k = self.k;
        let f = &self.f;
        self.gains.fill(0.0);
        for &(ctx, n) in self.contexts.of(w) {
            let row = &self.by_context[ctx as usize * k..][..k];
            for (g, &m) in self.gains.iter_mut().zip(row) {
                *g += f[(m + n) as usize] - f[m as usize];
            }
        }
        for (g, &size) in self.gains.iter_mut().zip(&self.by_class) {
            *g -= 2.0 * (f[(size + count) as usize] - f[size as usize]);
        }
        // Stay unless another class is strictly better: passes end when nothing moves.
        let mut best = from;
        for (c, &g) in self.gains.iter().enumerate() {
            if g > self.gains[best] + 1e-9 {
                best = c;
            }
        }
        self.shift(w, best, 1);
        best != from
    }

    /// Add (`sign` 1) or remove (−1) word `w`'s counts to or from class `c`.
    fn shift(&mut self, w: usize, c: usize, sign: i64) {
        self.class[w] = c;
        let count = self.vocab.counts[w];
        self.by_class[c] = (self.by_class[c] as i64 + sign * count as i64) as u64;
        for &(ctx, n) in self.contexts.of(w) {
            let cell = &mut self.by_context[ctx as usize * self.k + c];
            *cell = (i64::from(*cell) + sign * i64::from(n)) as u32;
        }
    }
}

/// Merge the classes bottom-up and read each class's path off the tree; `None` for a class no
/// word ended in.
fn tree_paths(
    corpus: &Corpus,
    vocab: &Vocabulary,
    class: &[usize],
    k: usize,
    f: &[f64],
) -> Vec<Option<ClusterPath>> {
    let mut rows = class_contexts(corpus, vocab, class, k);
    let mass: Vec<u64> = rows.iter().map(|r| r.iter().sum::<u64>() / 2).collect();
    let mut merger = Merger::new(&mut rows, mass, f);
    let root = merger.run();
    let mut paths = vec![None; k];
    let mut stack = vec![(root, 0u64, 0u8)];
    while let Some((node, bits, depth)) = stack.pop() {
        match merger.children.get(node.wrapping_sub(k)) {
            Some(&(a, b)) if node >= k => {
                let next = depth.saturating_add(1).min(MAX_DEPTH);
                let turn = |bit: u64| {
                    if depth < MAX_DEPTH {
                        bits | (bit << (63 - u32::from(depth)))
                    } else {
                        bits
                    }
                };
                stack.push((b, turn(1), next));
                stack.push((a, turn(0), next));
            }
            _ => paths[node] = Some(ClusterPath::new(bits, depth, node as u16)),
        }
    }
    paths
}

/// N(class, context) where the contexts are the neighbours' classes (left, then right; `k` for
/// a rare word, `k + 1` for the sentence edge).
fn class_contexts(corpus: &Corpus, vocab: &Vocabulary, class: &[usize], k: usize) -> Vec<Vec<u64>> {
    let width = k + 2;
    let mut rows = vec![vec![0u64; 2 * width]; k];
    let of = |v: u32| match v {
        BREAK => k + 1,
        Vocabulary::RARE => k,
        v => class[v as usize],
    };
    let tokens = &corpus.tokens;
    for i in 0..tokens.len() {
        let v = vocab.at(tokens, Some(i));
        if v == BREAK || v == Vocabulary::RARE {
            continue;
        }
        let row = &mut rows[class[v as usize]];
        row[of(vocab.at(tokens, i.checked_sub(1)))] += 1;
        row[width + of(vocab.at(tokens, Some(i + 1)))] += 1;
    }
    rows
}

/// Agglomerative merging of classes by least likelihood loss. Slots hold live clusters; a merge
/// keeps the result in the lower slot.
struct Merger<'a> {
    rows: &'a mut Vec<Vec<u64>>,
    mass: Vec<u64>,
    /// Tree node in each slot (leaves are `0..k`, merges `k..`).
    node: Vec<usize>,
    alive: Vec<bool>,
    /// `loss[a][b]` for live slots a < b.
    loss: Vec<Vec<f64>>,
    /// Children of merge node `k + i`.
    children: Vec<(usize, usize)>,
    f: &'a [f64],
}

impl<'a> Merger<'a> {
    fn new(rows: &'a mut Vec<Vec<u64>>, mass: Vec<u64>, f: &'a [f64]) -> Merger<'a> {
        let k = rows.len();
        let alive: Vec<bool> = mass.iter().map(|&m| m > 0).collect();
        let mut merger = Merger {
            rows,
            mass,
            node: (0..k).collect(),
            alive,
            loss: vec![vec![f64::INFINITY; k]; k],
            children: Vec::new(),
            f,
        };
        for a in 0..k {
            merger.update_losses(a);
        }
        merger
    }

    fn fx(&self, x: u64) -> f64 {
        match self.f.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }

    /// The likelihood lost by merging slots `a` and `b`.
    fn merge_loss(&self, a: usize, b: usize) -> f64 {
        let (ma, mb) = (self.mass[a], self.mass[b]);
        let mut shared = 0.0;
        for (&x, &y) in self.rows[a].iter().zip(&self.rows[b]) {
            if x > 0 && y > 0 {
                shared += self.fx(x + y) - self.fx(x) - self.fx(y);
            }
        }
        2.0 * (self.fx(ma + mb) - self.fx(ma) - self.fx(mb)) - shared
    }

    /// Recompute the losses of every pair that holds slot `a`.
    fn update_losses(&mut self, a: usize) {
        if !self.alive[a] {
            return;
        }
        for b in 0..self.rows.len() {
            if b != a && self.alive[b] {
                let loss = self.merge_loss(a, b);
                let (lo, hi) = (a.min(b), a.max(b));
                self.loss[lo][hi] = loss;
            }
        }
    }

    /// Merge until one cluster is left; returns the root node.
    fn run(&mut self) -> usize {
        let k = self.rows.len();
        while let Some((a, b)) = self.cheapest() {
            let (row_b, mass_b) = (std::mem::take(&mut self.rows[b]), self.mass[b]);
            for (x, y) in self.rows[a].iter_mut().zip(row_b) {
                *x += y;
            }
            self.mass[a] += mass_b;
            self.alive[b] = false;
            self.children.push((self.node[a], self.node[b]));
            self.node[a] = k + self.children.len() - 1;
            self.update_losses(a);
        }
        (0..k).find(|&s| self.alive[s]).map_or(0, |s| self.node[s])
    }

    /// The live pair with the smallest loss (first in slot order on ties), if two are live.
    fn cheapest(&self) -> Option<(usize, usize)> {
        let k = self.rows.len();
        let mut best: Option<(f64, usize, usize)> = None;
        for a in (0..k).filter(|&a| self.alive[a]) {
            for b in (a + 1..k).filter(|&b| self.alive[b]) {
                let loss = self.loss[a][b];
                if best.is_none_or(|(l, _, _)| loss < l) {
                    best = Some((loss, a, b));
                }
            }
        }
        best.map(|(_, a, b)| (a, b))
    }
}

/// The model: leaves renumbered densely, words keyed by the hash of their form.
fn clusters(
    corpus: &Corpus,
    vocab: &Vocabulary,
    class: &[usize],
    paths: &[Option<ClusterPath>],
) -> Clusters {
    let mut leaf_of = vec![None; paths.len()];
    let mut leaves = Vec::new();
    for (c, path) in paths.iter().enumerate() {
        if let Some(p) = path {
            leaf_of[c] = Some(leaves.len() as u16);
            leaves.push(ClusterPath::new(p.bits, p.len, leaves.len() as u16));
        }
    }
    let mut words = FeatureMap::default();
    for (v, &c) in class.iter().enumerate() {
        if let Some(leaf) = leaf_of[c] {
            let word = &corpus.words[vocab.words[v] as usize];
            words.insert(hash_str(word), leaf);
        }
    }
    Clusters { leaves, words }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented sentences where days and verbs fill distinct slots.
    fn corpus() -> Corpus {
        let mut corpus = Corpus::default();
        let days = ["Monday", "Tuesday", "Friday", "Sunday"];
        let verbs = ["said", "warned", "argued", "added"];
        let names = ["Okafor", "Lindqvist", "Ferreira", "Tanaka"];
        for (i, day) in days.iter().enumerate() {
            for (j, verb) in verbs.iter().enumerate() {
                let name = names[(i + j) % names.len()];
                let words = ["On", day, name, verb, "that", "it", "would", "rain", "."];
                corpus.add_sentence(words);
                corpus.add_sentence(["Officials", verb, "on", day, "."]);
            }
        }
        corpus
    }

    fn config() -> TrainConfig {
        TrainConfig {
            clusters: 6,
            min_count: 2,
            passes: 10,
            seed: 7,
        }
    }

    #[test]
    fn words_of_one_slot_share_paths() {
        let (clusters, report) = train(&corpus(), &config(), |_, _| {});
        assert!(report.words > 10);
        let leaf = |w: &str| clusters.path(w).map(|p| p.leaf());
        assert_eq!(leaf("Monday"), leaf("Friday"));
        assert_eq!(leaf("said"), leaf("warned"));
        assert_ne!(leaf("Monday"), leaf("said"));
        assert_eq!(clusters.path("Atlantis"), None);
    }

    #[test]
    fn training_is_deterministic_and_round_trips() {
        let (a, _) = train(&corpus(), &config(), |_, _| {});
        let (b, _) = train(&corpus(), &config(), |_, _| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert_eq!(Clusters::from_bytes(&a.to_bytes()).unwrap(), a);
    }

    #[test]
    fn empty_text_gives_no_clusters() {
        let (clusters, report) = train(&Corpus::default(), &config(), |_, _| {});
        assert_eq!(report.words, 0);
        assert_eq!(clusters.path("rain"), None);
    }
}
