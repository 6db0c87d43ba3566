//! The trained model: a hash table from feature hashes to sparse rows of quantised class weights,
//! and the greedy decoder that runs the transition system with it.

use super::features::{extract, Encoded, TEMPLATES};
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
    /// Open addressing table: `keys[slot]` (0 = empty) owns `entries[rows[slot]..rows[slot+1]]`
    /// through `spans`.
    keys: Vec<u64>,
    spans: Vec<(u32, u32)>,
    entries: Vec<Entry>,
    features: usize,
}

impl Model {
    /// Builds the table from `(feature, row)` pairs; features must be distinct and non-zero.
    pub(crate) fn new(labels: Vec<String>, rows: Vec<(u64, Vec<Entry>)>) -> Model {
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut model = Model {
            labels,
            keys: vec![0; capacity],
            spans: vec![(0, 0); capacity],
            entries: Vec::with_capacity(rows.iter().map(|(_, r)| r.len()).sum()),
            features: rows.len(),
        };
        for (key, row) in rows {
            let slot = model.free_slot(key);
            let start = model.entries.len() as u32;
            model.entries.extend_from_slice(&row);
            model.keys[slot] = key;
            model.spans[slot] = (start, model.entries.len() as u32);
        }
        model
    }

    fn free_slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut slot = (key as usize) & mask;
        while self.keys[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slot
    }

    fn row(&self, key: u64) -> &[Entry] {
        let mask = self.keys.len() - 1;
        let mut slot = (key as usize) & mask;
        loop {
            match self.keys[slot] {
                0 => return &[],
                k if k == key => {
                    let (a, b) = self.spans[slot];
                    return &self.entries[a as usize..b as usize];
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Rows in a canonical order (sorted by feature), for serialisation.
    pub(crate) fn rows(&self) -> Vec<(u64, &[Entry])> {
        let mut rows: Vec<(u64, &[Entry])> = self
            .keys
            .iter()
            .zip(&self.spans)
            .filter(|(k, _)| **k != 0)
            .map(|(&k, &(a, b))| (k, &self.entries[a as usize..b as usize]))
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows
    }

    pub(crate) fn feature_count(&self) -> usize {
        self.features
    }

    pub(crate) fn classes(&self) -> usize {
        class_count(self.labels.len())
    }

    pub(crate) fn score(&self, features: &[u64], scores: &mut [i32]) {
        scores.fill(0);
        for &f in features {
            for e in self.row(f) {
                scores[e.class as usize] += i32::from(e.weight);
            }
        }
    }

    /// Greedy decoding: the best-scoring valid transition at each step. Arc-hybrid takes exactly
    /// 2n transitions, so time is linear in the sentence length.
    pub(crate) fn parse(&self, enc: &Encoded) -> State {
        let mut state = State::new(enc.word.len() - 1);
        let mut feats = [0u64; TEMPLATES];
        let mut scores = vec![0i32; self.classes()];
        while !state.is_terminal() {
            extract(&state, enc, &mut feats);
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
