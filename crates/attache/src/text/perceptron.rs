//! The averaged perceptron shared by the tagger and the name tagger: features are 64-bit hashes,
//! training keeps dense integer rows, and the trained model is a sparse, quantised table that
//! scores a token with one hash probe per feature.

use super::codec::{DecodeError, Reader, Writer};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hashed feature: a template id mixed with the hashes of the values it looks at.
pub type Feature = u64;

/// FNV-1a over bytes with a final avalanche; stable across platforms and releases (the model
/// files store these hashes).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    avalanche(h)
}

pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Combine two hashes (order matters). Never returns 0, the empty slot of [`Weights`].
#[inline]
pub const fn mix(a: u64, b: u64) -> u64 {
    let h = avalanche(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    h | (h == 0) as u64
}

#[inline]
const fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// [`hash_str`] at compile time, for feature template names.
pub const fn hash_const(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = ByteHasher::new();
    let mut i = 0;
    while i < bytes.len() {
        h.0 = fnv_step(h.0, bytes[i]);
        i += 1;
    }
    h.finish()
}

#[inline]
const fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
}

/// [`hash_bytes`] over pieces fed one after another, so a feature value made of several
/// parts (a dependency path, a list of relations) is hashed without building a string:
/// feeding "a", "bc" gives the hash of "abc".
#[derive(Clone, Copy)]
pub struct ByteHasher(u64);

impl ByteHasher {
    pub const fn new() -> Self {
        ByteHasher(0xcbf2_9ce4_8422_2325)
    }

    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = fnv_step(self.0, b);
        }
    }

    #[inline]
    pub const fn finish(self) -> u64 {
        avalanche(self.0)
    }
}

impl Default for ByteHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// Keys are already hashes: hashing them again would only cost time.
#[derive(Default, Clone, Copy)]
pub struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type FeatureMap<V> = HashMap<Feature, V, BuildHasherDefault<PrehashedKey>>;

/// A small deterministic random generator (SplitMix64) for shuffling training data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        avalanche(self.0)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Training state: integer weights plus the running sums of the averaging trick
/// (average = w − Σ(c·Δ)/c), so no per-weight timestamps are needed.
pub struct Trainer {
    n_classes: usize,
    rows: FeatureMap<u32>,
    weights: Vec<i32>,
    sums: Vec<i64>,
    /// Number of examples seen: the clock of the averaging trick.
    clock: i64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            rows: FeatureMap::default(),
            weights: Vec::new(),
            sums: Vec::new(),
            clock: 1,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Add the current weights of `features` to `scores` (one slot per class).
    pub fn score(&self, features: &[Feature], scores: &mut [i32]) {
        for f in features {
            if let Some(&row) = self.rows.get(f) {
                let start = row as usize * self.n_classes;
                let w = &self.weights[start..start + self.n_classes];
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
    }

    /// Add `delta` to the weights of `features` for `class`.
    pub fn update(&mut self, features: &[Feature], class: usize, delta: i32) {
        for &f in features {
            let next = self.rows.len() as u32;
            let row = *self.rows.entry(f).or_insert(next);
            if row == next {
                self.weights.resize(self.weights.len() + self.n_classes, 0);
                self.sums.resize(self.sums.len() + self.n_classes, 0);
            }
            let at = row as usize * self.n_classes + class;
            self.weights[at] += delta;
            self.sums[at] += self.clock * i64::from(delta);
        }
    }

    /// One example has been seen.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// The averaged weights, quantised; entries whose magnitude stays under `min_abs` are
    /// dropped (they barely move a decision and would only bloat the model).
    pub fn finish(&self, min_abs: f32) -> Weights {
        let mut one = Ensemble::new(self.n_classes);
        one.add(self);
        one.finish(min_abs)
    }

    /// The averaged weight of each entry (average = w − Σ(c·Δ)/c).
    fn average(&self, at: usize) -> f64 {
        self.weights[at] as f64 - self.sums[at] as f64 / self.clock as f64
    }
}

/// The mean of the averaged weights of several trainers of the same problem, feature by
/// feature (a feature a trainer never updated counts as 0 there): models trained on
/// differently shuffled data disagree mostly on rare features, and their mean smooths that
/// out, as the averaging of one perceptron does over time.
pub struct Ensemble {
    n_classes: usize,
    rows: FeatureMap<u32>,
    sums: Vec<f64>,
    members: usize,
}

impl Ensemble {
    pub fn new(n_classes: usize) -> Self {
        Ensemble {
            n_classes,
            rows: FeatureMap::default(),
            sums: Vec::new(),
            members: 0,
        }
    }

    /// Add one trainer's averaged weights.
    pub fn add(&mut self, t: &Trainer) {
        assert_eq!(
            t.n_classes, self.n_classes,
            "ensemble of different problems"
        );
        for (&f, &row) in &t.rows {
            let next = self.rows.len() as u32;
            let to = *self.rows.entry(f).or_insert(next);
            if to == next {
                self.sums.resize(self.sums.len() + self.n_classes, 0.0);
            }
            for class in 0..self.n_classes {
                let at = row as usize * self.n_classes + class;
                self.sums[to as usize * self.n_classes + class] += t.average(at);
            }
        }
        self.members += 1;
    }

    /// The mean weights, quantised; entries whose magnitude stays under `min_abs` are dropped.
    pub fn finish(&self, min_abs: f32) -> Weights {
        let mut features: Vec<(Feature, u32)> = self.rows.iter().map(|(&f, &r)| (f, r)).collect();
        features.sort_unstable();
        let members = self.members.max(1) as f64;
        let mean = |at: usize| self.sums[at] / members;
        let max = (0..self.sums.len())
            .map(|at| mean(at).abs())
            .fold(0.0f64, f64::max)
            .max(1e-9);
        let scale = (max / f64::from(i16::MAX)) as f32;
        let mut table = SparseTable::default();
        for (feature, row) in features {
            let base = row as usize * self.n_classes;
            let entries: Vec<Entry> = (0..self.n_classes)
                .filter_map(|class| {
                    let avg = mean(base + class);
                    let q = (avg / f64::from(scale)).round() as i32;
                    (avg.abs() >= f64::from(min_abs) && q != 0).then_some(Entry {
                        class: class as u16,
                        weight: q as i16,
                    })
                })
                .collect();
            if !entries.is_empty() {
                table.push(feature, &entries);
            }
        }
        Weights::new(self.n_classes, scale, table)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub class: u16,
    pub weight: i16,
}

/// Features in key order with their non-zero entries.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct SparseTable {
    keys: Vec<Feature>,
    /// `entries[starts[i]..starts[i + 1]]` belong to `keys[i]`.
    starts: Vec<u32>,
    entries: Vec<Entry>,
}

impl SparseTable {
    fn push(&mut self, key: Feature, entries: &[Entry]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.keys.push(key);
        self.entries.extend_from_slice(entries);
        self.starts.push(self.entries.len() as u32);
    }
}

/// One slot of the open-addressing index: the key and its entry range, in one cache line read.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: Feature,
    /// The feature's entries are `entries[start..start + len]`.
    start: u32,
    len: u16,
    /// In a one-class table (the rankers) the feature's only weight, read with the key, so
    /// scoring a ranker needs no second memory access.
    weight: i16,
}

impl Slot {
    fn entries(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + usize::from(self.len)
    }
}

/// Trained, quantised weights: scores are integers, `scale` turns them back into perceptron units.
#[derive(Clone)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    table: SparseTable,
    slots: Vec<Slot>,
    mask: usize,
}

impl PartialEq for Weights {
    fn eq(&self, other: &Self) -> bool {
        self.n_classes == other.n_classes && self.scale == other.scale && self.table == other.table
    }
}

impl std::fmt::Debug for Weights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Weights {{ classes: {}, features: {}, entries: {} }}",
            self.n_classes,
            self.table.keys.len(),
            self.table.entries.len()
        )
    }
}

impl Weights {
    fn new(n_classes: usize, scale: f32, table: SparseTable) -> Self {
        let capacity = (table.keys.len() * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![Slot::default(); capacity];
        for (i, &key) in table.keys.iter().enumerate() {
            let mut at = (key as usize) & mask;
            while slots[at].key != 0 {
                at = (at + 1) & mask;
            }
            let (start, end) = (table.starts[i], table.starts[i + 1]);
            let weight = match &table.entries[start as usize..end as usize] {
                [only] if n_classes == 1 => only.weight,
                _ => 0,
            };
            slots[at] = Slot {
                key,
                start,
                len: (end - start) as u16,
                weight,
            };
        }
        Weights {
            n_classes,
            scale,
            table,
            slots,
            mask,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.table.keys.len()
    }

    /// The factor from integer scores back to perceptron units.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Add the weights of one feature to `scores`.
    #[inline]
    pub fn add(&self, feature: Feature, scores: &mut [i32]) {
        for e in &self.table.entries[self.find(feature).entries()] {
            scores[e.class as usize] += i32::from(e.weight);
        }
    }

    /// Add the weights of all `features`. Probes first, additions second: the probes are
    /// independent memory reads the CPU can overlap, which is most of the cost.
    pub fn score(&self, features: &[Feature], scores: &mut [i32]) {
        if self.n_classes == 1 {
            scores[0] += features
                .iter()
                .map(|&f| i32::from(self.find(f).weight))
                .sum::<i32>();
            return;
        }
        const CHUNK: usize = 16;
        for chunk in features.chunks(CHUNK) {
            let mut found = [Slot::default(); CHUNK];
            for (slot, &f) in found.iter_mut().zip(chunk) {
                *slot = self.find(f);
            }
            for slot in &found[..chunk.len()] {
                for e in &self.table.entries[slot.entries()] {
                    scores[e.class as usize] += i32::from(e.weight);
                }
            }
        }
    }

    /// The slot of a feature (an empty one when absent).
    #[inline]
    fn find(&self, feature: Feature) -> Slot {
        let mut at = (feature as usize) & self.mask;
        loop {
            let slot = self.slots[at];
            if slot.key == feature || slot.key == 0 {
                return slot;
            }
            at = (at + 1) & self.mask;
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.varint(self.n_classes as u64);
        w.f32(self.scale);
        w.varint(self.table.keys.len() as u64);
        let mut previous = 0u64;
        for (i, &key) in self.table.keys.iter().enumerate() {
            w.varint(key - previous);
            previous = key;
            let entries = &self.table.entries
                [self.table.starts[i] as usize..self.table.starts[i + 1] as usize];
            w.varint(entries.len() as u64);
            let mut class = 0u16;
            for e in entries {
                w.varint(u64::from(e.class - class));
                class = e.class;
                w.signed(i64::from(e.weight));
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Self, DecodeError> {
        let n_classes = r.len()?;
        if n_classes > usize::from(u16::MAX) {
            return Err(DecodeError(format!("{n_classes} classes: at most 65,535")));
        }
        let scale = r.f32()?;
        let n = r.len()?;
        let mut table = SparseTable::default();
        let mut key = 0u64;
        let mut entries = Vec::new();
        for _ in 0..n {
            key = key.wrapping_add(r.varint()?);
            entries.clear();
            let mut class = 0u64;
            let n_entries = r.len()?;
            if n_entries > n_classes {
                return Err(DecodeError(format!(
                    "{n_entries} entries for {n_classes} classes"
                )));
            }
            for _ in 0..n_entries {
                class += r.varint()?;
                let weight = r.signed()?;
                if class as usize >= n_classes || weight.abs() > i64::from(i16::MAX) {
                    return Err(DecodeError(format!("bad weight entry for class {class}")));
                }
                entries.push(Entry {
                    class: class as u16,
                    weight: weight as i16,
                });
            }
            table.push(key, &entries);
        }
        Ok(Weights::new(n_classes, scale, table))
    }
}

/// Where a word stands relative to the word being scored. Features that look at one word alone,
/// from one of these positions, can be summed once per known word and position at load time
/// (the tagger's and the name tagger's blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Current,
    Prev,
    Next,
    Prev2,
    Next2,
}

impl Position {
    pub const ALL: [Position; 5] = [
        Position::Current,
        Position::Prev,
        Position::Next,
        Position::Prev2,
        Position::Next2,
    ];

    /// Offset from the scored word.
    pub fn offset(self) -> isize {
        match self {
            Position::Current => 0,
            Position::Prev => -1,
            Position::Next => 1,
            Position::Prev2 => -2,
            Position::Next2 => 2,
        }
    }
}

/// Index of the highest score; ties go to the lowest class, for determinism.
#[inline]
pub fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_and_compile_time_hashes_equal_the_string_hash() {
        const SAID: u64 = hash_const("said");
        assert_eq!(SAID, hash_str("said"));
        let mut h = ByteHasher::new();
        h.write(b"^nsu");
        h.write(b"bj");
        assert_eq!(h.finish(), hash_str("^nsubj"));
        assert_ne!(h.finish(), hash_str("^nsub"));
        assert_eq!(ByteHasher::new().finish(), hash_str(""));
    }

    #[test]
    fn scores_equal_the_summed_entries() {
        // Features with 0 to 60 entries, and one that is absent.
        let n_classes = 61;
        let mut table = SparseTable::default();
        let mut keys = Vec::new();
        for count in 0..=60u16 {
            let key = mix(0x7465_7374, u64::from(count));
            let entries: Vec<Entry> = (0..count)
                .map(|c| Entry {
                    class: c,
                    weight: (i32::from(c) * 7 - 200) as i16 | 1,
                })
                .collect();
            keys.push((key, entries));
        }
        keys.sort_by_key(|(k, _)| *k);
        for (key, entries) in &keys {
            table.push(*key, entries);
        }
        let weights = Weights::new(n_classes, 1.0, table);
        for (key, entries) in &keys {
            let mut expected = vec![0i32; n_classes];
            for e in entries {
                expected[e.class as usize] += i32::from(e.weight);
            }
            let mut scores = vec![0i32; n_classes];
            weights.score(&[*key, hash_str("absent")], &mut scores);
            assert_eq!(scores, expected, "{} entries", entries.len());
            let mut one = vec![0i32; n_classes];
            weights.add(*key, &mut one);
            assert_eq!(one, expected);
        }
    }

    /// A trainer that has pushed `feature` towards class 0 once, at the first of two examples.
    fn pushed(feature: Feature) -> Trainer {
        let mut t = Trainer::new(1);
        t.update(&[feature], 0, 2);
        t.tick();
        t.tick();
        t
    }

    #[test]
    fn an_ensemble_is_the_mean_of_its_members() {
        let (a, b) = (hash_str("a"), hash_str("b"));
        let (ta, tb) = (pushed(a), pushed(b));
        let mut same = Ensemble::new(1);
        same.add(&ta);
        same.add(&ta);
        assert_eq!(
            same.finish(0.0),
            ta.finish(0.0),
            "the mean of one model is that model"
        );
        let mut both = Ensemble::new(1);
        both.add(&ta);
        both.add(&tb);
        let (one, mean) = (ta.finish(0.0), both.finish(0.0));
        assert_eq!(mean.n_features(), 2);
        assert_eq!(mean.scale(), one.scale() / 2.0, "each weight is halved");
        for f in [a, b] {
            let mut s = [0; 1];
            mean.score(&[f], &mut s);
            assert_eq!(s[0], i32::from(i16::MAX));
        }
        // Halved, a weight can fall under the cut that kept it in its own model.
        let min = one.scale() * f32::from(i16::MAX) * 0.75;
        assert_eq!(ta.finish(min).n_features(), 1);
        assert_eq!(both.finish(min).n_features(), 0);
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let (a, b) = (hash_str("a"), hash_str("b"));
        let mut t = Trainer::new(2);
        for _ in 0..5 {
            for (f, class) in [(a, 0), (b, 1)] {
                let mut scores = [0; 2];
                t.score(&[f], &mut scores);
                let guess = argmax(&scores);
                if guess != class {
                    t.update(&[f], class, 1);
                    t.update(&[f], guess, -1);
                }
                t.tick();
            }
        }
        let w = t.finish(0.0);
        for (f, class) in [(a, 0), (b, 1)] {
            let mut scores = [0; 2];
            w.score(&[f], &mut scores);
            assert_eq!(argmax(&scores), class);
        }
        let mut out = Writer::default();
        w.write(&mut out);
        let back = Weights::read(&mut Reader::new(&out.bytes)).unwrap();
        assert_eq!(back, w);
    }
}
