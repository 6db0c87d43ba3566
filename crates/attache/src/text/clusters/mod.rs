//! Distributional word clusters learned from unlabelled text: words that occur in similar
//! contexts share a cluster, and clusters sit in a binary tree, so that a bit-string prefix of a
//! word's path names a coarser or finer group ("Tuesday" and "Friday" share a long prefix,
//! "Tuesday" and "announced" only a short one). The tagger, the name tagger and the parser use
//! the prefixes as features: they tell a model about words its labelled data never showed.
//!
//! ```no_run
//! use attache::text::clusters::{ClusterPath, Clusters};
//! if let Some(path) = Clusters::embedded().path("Tuesday") {
//!     for len in ClusterPath::PREFIXES {
//!         let _feature_value = path.prefix(len);
//!     }
//! }
//! ```
//!
//! The model file holds only hashes of words and their clusters' paths, never text.

mod trainer;

pub use trainer::{train, Corpus, TrainConfig, TrainReport};

use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::{hash_str, FeatureMap};
use std::sync::LazyLock;

const MAGIC: &[u8; 8] = b"ATTCLU01";

/// Paths deeper than this are cut: prefixes that long carry no more than the leaf does.
pub const MAX_DEPTH: u8 = 63;

/// Where a cluster sits in the tree: the turns from the root (0 = first child, 1 = second),
/// most significant bit first, and the leaf's flat id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClusterPath {
    /// The turns, left-aligned: the first turn is bit 63.
    bits: u64,
    len: u8,
    leaf: u16,
}

impl ClusterPath {
    /// The prefix lengths the models use (as in Koo et al. 2008 and Turian et al. 2010).
    pub const PREFIXES: [u8; 4] = [4, 6, 10, 20];

    pub(crate) fn new(bits: u64, len: u8, leaf: u16) -> ClusterPath {
        let len = len.min(MAX_DEPTH);
        let bits = if len == 0 {
            0
        } else {
            bits & (u64::MAX << (64 - u32::from(len)))
        };
        ClusterPath { bits, len, leaf }
    }

    /// The first `len` turns (all of them when the path is shorter), as one value that differs
    /// between prefixes of different lengths: ready to mix into a feature hash.
    pub fn prefix(self, len: u8) -> u64 {
        let len = len.min(self.len);
        let turns = if len == 0 {
            0
        } else {
            self.bits >> (64 - u32::from(len))
        };
        (turns << 6) | u64::from(len)
    }

    /// The path as a string of '0' and '1' (for inspection).
    pub fn bit_string(self) -> String {
        (0..self.len)
            .map(|k| {
                if self.bits >> (63 - k) & 1 == 1 {
                    '1'
                } else {
                    '0'
                }
            })
            .collect()
    }

    /// Number of turns from the root.
    pub fn depth(self) -> u8 {
        self.len
    }

    /// The flat cluster id (a leaf of the tree).
    pub fn leaf(self) -> u16 {
        self.leaf
    }
}

/// Word → cluster path, keyed by the hash of the word's exact form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    leaves: Vec<ClusterPath>,
    words: FeatureMap<u16>,
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/clusters.bin");

static EMBEDDED: LazyLock<Clusters> = LazyLock::new(|| {
    Clusters::from_bytes(EMBEDDED_BYTES).unwrap_or_else(|e| {
        panic!(
            "the embedded clusters are unusable ({e}); rebuild them with `attache train clusters`"
        )
    })
});

impl Clusters {
    /// The clusters built into the binary (models/clusters.bin), decoded on first use. A binary
    /// built before the first training has none: every lookup then gives `None`.
    pub fn embedded() -> &'static Clusters {
        &EMBEDDED
    }

    /// The path of a word, by its exact form; `None` for words too rare in the training text.
    pub fn path(&self, word: &str) -> Option<ClusterPath> {
        self.path_of_hash(hash_str(word))
    }

    /// The path of a word given [`hash_str`] of its form (the models hash forms anyway).
    pub fn path_of_hash(&self, form: u64) -> Option<ClusterPath> {
        let &leaf = self.words.get(&form)?;
        self.leaves.get(usize::from(leaf)).copied()
    }

    /// Number of words with a cluster.
    pub fn n_words(&self) -> usize {
        self.words.len()
    }

    /// Number of clusters (leaves of the tree).
    pub fn n_clusters(&self) -> usize {
        self.leaves.len()
    }

    /// Magic, then [`Clusters::write`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        self.write(&mut w);
        w.bytes
    }

    /// Decode a model file; empty input gives empty clusters.
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters, DecodeError> {
        if bytes.is_empty() {
            return Ok(Clusters::default());
        }
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let clusters = Clusters::read(&mut r)?;
        r.finish()?;
        Ok(clusters)
    }

    /// The leaves' paths (depth, turns), then (word hash, leaf) in key order: the same clusters
    /// always give the same bytes. Models that read clusters store the ones they were trained
    /// with this way, so retraining the clusters never silently changes a trained model.
    pub fn write(&self, w: &mut Writer) {
        w.varint(self.leaves.len() as u64);
        for leaf in &self.leaves {
            w.varint(u64::from(leaf.len));
            w.varint(leaf.bits >> (64 - u32::from(leaf.len.max(1))));
        }
        w.keyed(self.words.iter().map(|(&k, &v)| (k, u64::from(v))));
    }

    /// Read what [`Clusters::write`] wrote.
    pub fn read(r: &mut Reader) -> Result<Clusters, DecodeError> {
        let n = r.len()?;
        if n > usize::from(u16::MAX) {
            return Err(DecodeError(format!("{n} clusters is too many")));
        }
        let leaves = (0..n)
            .map(|leaf| {
                let len = r.varint()?;
                if len > u64::from(MAX_DEPTH) {
                    return Err(DecodeError(format!("cluster path of depth {len}")));
                }
                let turns = r.varint()?;
                let bits = if len == 0 { 0 } else { turns << (64 - len) };
                Ok(ClusterPath::new(bits, len as u8, leaf as u16))
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        let mut words = FeatureMap::default();
        r.keyed(|key, leaf| {
            if leaf >= n as u64 {
                return Err(DecodeError(format!("cluster {leaf} out of range")));
            }
            words.insert(key, leaf as u16);
            Ok(())
        })?;
        Ok(Clusters { leaves, words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_tell_lengths_and_turns_apart() {
        let p = ClusterPath::new(0b1011u64 << 60, 4, 3);
        assert_eq!(p.bit_string(), "1011");
        assert_ne!(p.prefix(2), p.prefix(3));
        // A prefix longer than the path is the whole path.
        assert_eq!(p.prefix(4), p.prefix(20));
        let q = ClusterPath::new(0b1001u64 << 60, 4, 5);
        assert_eq!(p.prefix(1), q.prefix(1));
        assert_ne!(p.prefix(3), q.prefix(3));
    }

    #[test]
    fn bad_bytes_are_an_error_not_a_panic() {
        assert!(Clusters::from_bytes(b"ATTCLU01").is_err());
        assert!(Clusters::from_bytes(b"garbage!garbage!").is_err());
        assert_eq!(Clusters::from_bytes(b"").unwrap().n_words(), 0);
    }
}
