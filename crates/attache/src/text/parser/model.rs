//! The trained model: a hash table from feature hashes to sparse rows of quantised class weights,
//! and the greedy decoder that runs the transition system with it.

use super::cache::GroupScores;
use super::features::{extract_group, Encoded, Group, TEMPLATES};
use super::transition::{class_count, Move, State, ROOT_LABEL};

/// Sparse weights of one feature: the classes it has a non-zero weight for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) class: u8,
    pub(crate) weight: i16,
}

/// Weights of a linear model over transitions, quantised to i16 so that scores add up in exact
/// integer arithmetic (and the model file stays small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Model {
    pub(crate) labels: Vec<String>,
    /// Open addressing table, indexed by the low bits of a feature hash. Slots are 8 bytes so
    /// that as many as possible stay in cache: lookups are the parser's bottleneck. A row of
    /// one class (a third of them) lives in its slot, which saves a second cache miss.
    slots: Vec<Slot>,
    /// The full hash of each occupied slot (0 = empty): only needed to build and save the table.
    keys: Vec<u64>,
    /// Short rows of two classes or more, as (class, weight) lists.
    entries: Vec<Entry>,
    /// Long rows (frequent features such as a lone tag), as one weight per class: adding them
    /// vectorises, where scattered adds to the same few classes would queue up.
    dense: Vec<i16>,
    features: usize,
}

/// Rows with at least this many classes are stored dense.
const DENSE_FROM: usize = 16;
const DENSE_FLAG: u32 = 1 << 31;
const INLINE_FLAG: u32 = 1 << 30;

/// One occupied slot: the high half of the feature hash (the low half chose the slot), and the
/// row: `INLINE_FLAG | class << 16 | weight` of a one-class row, `DENSE_FLAG | index` of a
/// dense row, or `start << 8 | length` of a short row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    fingerprint: u32,
    row: u32,
}

const EMPTY: u32 = 0;
const MAX_ROW: usize = 255;
/// Short rows start below 2^22, so that `start << 8` stays clear of the two flags.
const MAX_ENTRIES: usize = 1 << 22;

/// Never 0, which marks empty slots.
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl Model {
    /// Builds the table from `(feature, row)` pairs; features must be distinct and non-zero.
    /// Rows beyond the table's limits (255 classes, 4M entries) are cut rather than trusted.
    pub(crate) fn new(mut labels: Vec<String>, rows: Vec<(u64, Vec<Entry>)>) -> Model {
        if labels.len() < 2 {
            // Words that do not hang from the root need a relation, even in a degenerate model.
            labels.push("dep".to_string());
        }
        // At most half full, so that probes for unknown features stop early: a table up to
        // two thirds full (half the memory) measured slower in `attache bench models`.
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut model = Model {
            labels,
            slots: vec![Slot::default(); capacity],
            keys: vec![0; capacity],
            entries: Vec::new(),
            dense: Vec::new(),
            features: rows.len(),
        };
        for (key, row) in rows {
            let slot = model.free_slot(key);
            let row = model.store(&row);
            model.keys[slot] = key;
            model.slots[slot] = Slot {
                fingerprint: fingerprint(key),
                row,
            };
        }
        model
    }

    /// Appends a row to `entries` or `dense`; returns its encoding for the slot.
    fn store(&mut self, row: &[Entry]) -> u32 {
        let classes = self.classes();
        if row.len() >= DENSE_FROM {
            let index = self.dense.len() / classes;
            self.dense.resize(self.dense.len() + classes, 0);
            let dense = &mut self.dense[index * classes..];
            for e in row.iter().filter(|e| (e.class as usize) < classes) {
                dense[e.class as usize] = e.weight;
            }
            return DENSE_FLAG | index as u32;
        }
        if let [e] = row {
            return INLINE_FLAG | u32::from(e.class) << 16 | u32::from(e.weight as u16);
        }
        let room = MAX_ENTRIES.saturating_sub(self.entries.len());
        let row = &row[..row.len().min(MAX_ROW).min(room)];
        let start = self.entries.len() as u32;
        self.entries.extend_from_slice(row);
        start << 8 | row.len() as u32
    }

    fn free_slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = (key as usize) & mask;
        while self.keys[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// The row of a feature as its slot encodes it (0, an empty row, when unknown).
    #[inline]
    fn find(&self, key: u64) -> u32 {
        let mask = self.slots.len() - 1;
        let fp = fingerprint(key);
        let mut i = (key as usize) & mask;
        loop {
            let slot = self.slots[i];
            if slot.fingerprint == fp {
                return slot.row;
            }
            if slot.fingerprint == EMPTY {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    /// The class and weight of a one-class row.
    fn inline(row: u32) -> Entry {
        Entry {
            class: (row >> 16) as u8,
            weight: row as u16 as i16,
        }
    }

    fn entries(&self, row: u32) -> &[Entry] {
        let start = (row >> 8) as usize;
        &self.entries[start..start + (row & 0xff) as usize]
    }

    fn dense_row(&self, row: u32) -> &[i16] {
        let classes = self.classes();
        let start = (row & !DENSE_FLAG) as usize * classes;
        &self.dense[start..start + classes]
    }

    /// A row as a (class, weight) list, whichever way it is stored.
    fn sparse(&self, row: u32) -> Vec<Entry> {
        if row & INLINE_FLAG != 0 {
            return vec![Model::inline(row)];
        }
        if row & DENSE_FLAG == 0 {
            return self.entries(row).to_vec();
        }
        let dense = self.dense_row(row).iter().enumerate();
        dense
            .filter(|(_, &w)| w != 0)
            .map(|(class, &weight)| Entry {
                class: class as u8,
                weight,
            })
            .collect()
    }

    /// Rows in a canonical order (sorted by feature), for serialisation.
    pub(crate) fn rows(&self) -> Vec<(u64, Vec<Entry>)> {
        let mut rows: Vec<(u64, Vec<Entry>)> = self
            .keys
            .iter()
            .zip(&self.slots)
            .filter(|(k, _)| **k != 0)
            .map(|(&k, s)| (k, self.sparse(s.row)))
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows
    }

    /// The same model without weights smaller than `min` in absolute value (nor the features
    /// left without weights): a smaller file and table for a small loss.
    pub(crate) fn pruned(&self, min: i16) -> Model {
        let rows = self
            .rows()
            .into_iter()
            .map(|(k, row)| {
                (
                    k,
                    row.into_iter()
                        .filter(|e| e.weight.unsigned_abs() >= min.unsigned_abs())
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        Model::new(self.labels.clone(), rows)
    }

    pub(crate) fn feature_count(&self) -> usize {
        self.features
    }

    pub(crate) fn classes(&self) -> usize {
        class_count(self.labels.len())
    }

    /// Probes the table for `features`, writing each one's row into `rows`, in passes that keep
    /// many memory loads in flight at once: prefetch every slot, probe the table, prefetch the
    /// rows that live outside their slot. Cache misses, not arithmetic, are the cost of a
    /// perceptron parser.
    fn probe(&self, features: &[u64], rows: &mut [u32]) {
        let mask = self.slots.len() - 1;
        for &f in features {
            prefetch(&self.slots[(f as usize) & mask..]);
        }
        for (row, &f) in rows.iter_mut().zip(features) {
            *row = self.find(f);
        }
        for &row in rows.iter() {
            if row & DENSE_FLAG != 0 {
                // A dense row spans a few cache lines: ask for each.
                for line in self.dense_row(row).chunks(32) {
                    prefetch(line);
                }
            } else if row & INLINE_FLAG == 0 {
                prefetch(&self.entries[(row >> 8) as usize..]);
            }
        }
    }

    /// Adds the class weights of `rows` to `scores`.
    fn add_rows(&self, rows: &[u32], scores: &mut [i32]) {
        for &row in rows {
            if row & INLINE_FLAG != 0 {
                let e = Model::inline(row);
                scores[e.class as usize] += i32::from(e.weight);
            } else if row & DENSE_FLAG != 0 {
                for (s, &w) in scores.iter_mut().zip(self.dense_row(row)) {
                    *s += i32::from(w);
                }
            } else {
                for e in self.entries(row) {
                    scores[e.class as usize] += i32::from(e.weight);
                }
            }
        }
    }

    /// The class scores of a configuration's features.
    #[cfg(test)]
    pub(crate) fn score(&self, features: &[u64; TEMPLATES], scores: &mut [i32]) {
        let mut rows = [0u32; TEMPLATES];
        self.probe(features, &mut rows);
        scores.fill(0);
        self.add_rows(&rows, scores);
    }

    /// Greedy decoding: the best-scoring valid transition at each step. Arc-hybrid takes exactly
    /// 2n transitions, so time is linear in the sentence length. Each step probes the table for
    /// the mixed features and for the groups whose kept sums went out of date (`cache.rs`), all
    /// in one batch; the scores are exactly those of probing all templates.
    pub(crate) fn parse(&self, enc: &Encoded) -> State {
        let mut state = State::new(enc.word.len() - 1);
        let mut kept = GroupScores::new(state.n as usize, self.classes());
        let mut feats = [0u64; TEMPLATES];
        let mut rows = [0u32; TEMPLATES];
        let mut scores = vec![0i32; self.classes()];
        while !state.is_terminal() {
            // The stale groups' features, then the mixed ones (last in `Group::ALL`).
            let mut parts = [(Group::Mixed, 0, 0); Group::ALL.len()];
            let mut len = 0;
            let mut stale = 0;
            for group in Group::ALL {
                if kept.stale(group, &state) {
                    let end = len + group.templates();
                    extract_group(group, &state, enc, &mut feats[len..end]);
                    parts[stale] = (group, len, end);
                    (len, stale) = (end, stale + 1);
                }
            }
            self.probe(&feats[..len], &mut rows[..len]);
            let (mixed, groups) = parts[..stale].split_last().expect("mixed is always stale");
            for &(group, start, end) in groups {
                self.add_rows(&rows[start..end], kept.refresh(group, &state));
            }
            kept.sum(&state, &mut scores);
            self.add_rows(&rows[mixed.1..mixed.2], &mut scores);
            state.apply(best_valid(&state, &scores));
        }
        state
    }

    /// The same decoding, probing every template at every step: the reference the kept sums
    /// are checked against.
    #[cfg(test)]
    pub(crate) fn parse_uncached(&self, enc: &Encoded) -> State {
        let mut state = State::new(enc.word.len() - 1);
        let mut feats = [0u64; TEMPLATES];
        let mut scores = vec![0i32; self.classes()];
        while !state.is_terminal() {
            super::features::extract(&state, enc, &mut feats);
            self.score(&feats, &mut scores);
            state.apply(best_valid(&state, &scores));
        }
        state
    }
}

/// The highest-scoring valid move; ties go to the lowest class, so decoding is deterministic.
pub(crate) fn best_valid<S: PartialOrd + Copy>(state: &State, scores: &[S]) -> Move {
    let valid = Validity::of(state);
    let mut best: Option<(Move, S)> = None;
    for (class, &s) in scores.iter().enumerate() {
        let m = Move::from_class(class);
        let better = match best {
            None => true,
            Some((_, b)) => s > b,
        };
        if better && valid.allows(m) {
            best = Some((m, s));
        }
    }
    best.expect("a non-terminal state always has a valid move")
        .0
}

/// Validity depends on the label only through "is it `root`", so it is computed once per state
/// instead of once per class.
pub(crate) struct Validity {
    shift: bool,
    left: bool,
    right_root: bool,
    right_other: bool,
}

impl Validity {
    pub(crate) fn of(state: &State) -> Validity {
        const OTHER: usize = ROOT_LABEL + 1;
        Validity {
            shift: state.is_valid(Move::Shift),
            left: state.is_valid(Move::Left(OTHER)),
            right_root: state.is_valid(Move::Right(ROOT_LABEL)),
            right_other: state.is_valid(Move::Right(OTHER)),
        }
    }

    pub(crate) fn allows(&self, m: Move) -> bool {
        match m {
            Move::Shift => self.shift,
            Move::Left(l) => self.left && l != ROOT_LABEL,
            Move::Right(ROOT_LABEL) => self.right_root,
            Move::Right(_) => self.right_other,
        }
    }
}

/// Hint that `data` is about to be read.
#[inline(always)]
fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never faults (this one
        // points into a live slice anyway).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(data.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}
