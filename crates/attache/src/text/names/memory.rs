//! Document memory: the labels the tagger gave each word earlier in the same document
//! (Ratinov & Roth 2009, "prediction history"). A name is mostly written the same way and means
//! the same thing throughout a text, so a word that an earlier sentence tagged as a place is
//! likely a place again where its own sentence says little ("What do you eat in Miramar ?"
//! after "Miramar is a city in Florida").

use super::label;
use crate::text::perceptron::{mix, Feature, FeatureMap};

/// Outside, then one class per [`super::NameKind`].
const CLASSES: usize = 1 + super::NameKind::ALL.len();

/// Per lowercase word form (its hash): how often each class was given to it so far.
#[derive(Debug, Clone, Default)]
pub struct DocumentMemory {
    counts: FeatureMap<[u16; CLASSES]>,
}

/// What the memory says about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Recalled {
    /// The class given most often (ties go to the lowest class).
    majority: u8,
    /// Bit `k` set when name kind `k` was given at least once.
    kinds: u8,
}

impl DocumentMemory {
    /// Forget everything: a new document starts.
    pub fn clear(&mut self) {
        self.counts.clear();
    }

    pub(super) fn recall(&self, lower: u64) -> Option<Recalled> {
        let counts = self.counts.get(&lower)?;
        let majority = (0..CLASSES)
            .max_by_key(|&c| (counts[c], std::cmp::Reverse(c)))
            .unwrap_or(0);
        let kinds = (1..CLASSES)
            .filter(|&c| counts[c] > 0)
            .fold(0u8, |bits, c| bits | 1 << (c - 1));
        Some(Recalled {
            majority: majority as u8,
            kinds,
        })
    }

    /// Store the labels a sentence got, word by word (`lowers[i]` is word `i`'s lowercase hash).
    pub(super) fn remember(&mut self, lowers: &[u64], labels: &[usize]) {
        for (&lower, &l) in lowers.iter().zip(labels) {
            let class = label::kind(l).map_or(0, |k| 1 + k.index());
            let slot = &mut self.counts.entry(lower).or_default()[class];
            *slot = slot.saturating_add(1);
        }
    }
}

mod template {
    pub const MAJORITY: u64 = 70;
    pub const KINDS: u64 = 71;
    pub const MAJORITY_SHAPE: u64 = 72;
    pub const PREV_MAJORITY: u64 = 73;
    pub const NEXT_MAJORITY: u64 = 74;
    pub const UNSEEN_SHAPE: u64 = 75;
}

/// Memory features of word `i`, given what the memory recalls of every word of the sentence and
/// the word's shape hash. A word the document has not shown before says so with its shape (a
/// capitalised word seen for the first time opens a name more often than a repeated one).
pub(super) fn features(i: usize, recalled: &[Option<Recalled>], shape: u64, f: &mut Vec<Feature>) {
    use template::*;
    let at = |j: Option<usize>| j.and_then(|j| recalled.get(j).copied().flatten());
    match at(Some(i)) {
        Some(r) => {
            f.push(mix(MAJORITY, u64::from(r.majority)));
            f.push(mix(KINDS, u64::from(r.kinds)));
            f.push(mix(mix(MAJORITY_SHAPE, u64::from(r.majority)), shape));
        }
        None => f.push(mix(UNSEEN_SHAPE, shape)),
    }
    if let Some(r) = at(i.checked_sub(1)) {
        f.push(mix(PREV_MAJORITY, u64::from(r.majority)));
    }
    if let Some(r) = at(i.checked_add(1)) {
        f.push(mix(NEXT_MAJORITY, u64::from(r.majority)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::names::NameKind;

    #[test]
    fn recalls_the_most_frequent_class_and_every_kind_seen() {
        let mut memory = DocumentMemory::default();
        let loc = label::begin(NameKind::Location);
        let per = label::begin(NameKind::Person);
        memory.remember(&[7, 8], &[loc, label::OUTSIDE]);
        memory.remember(&[7], &[loc]);
        memory.remember(&[7], &[per]);
        let r = memory.recall(7).unwrap();
        assert_eq!(usize::from(r.majority), 1 + NameKind::Location.index());
        assert_eq!(r.kinds, 0b101);
        assert_eq!(memory.recall(8).unwrap().majority, 0);
        assert!(memory.recall(9).is_none());
        memory.clear();
        assert!(memory.recall(7).is_none());
    }

    #[test]
    fn unseen_and_seen_words_give_different_features() {
        let mut memory = DocumentMemory::default();
        memory.remember(&[7], &[label::begin(NameKind::Organization)]);
        let recalled = [memory.recall(7), memory.recall(9)];
        let (mut seen, mut unseen) = (Vec::new(), Vec::new());
        features(0, &recalled, 3, &mut seen);
        features(1, &recalled, 3, &mut unseen);
        assert_eq!(seen.len(), 3);
        assert_eq!(unseen.len(), 2);
        assert!(seen.iter().all(|f| !unseen.contains(f)));
    }
}
