//! The model file: a small self-describing binary format, little-endian throughout.
//!
//! ```text
//! magic "ATPARSE2"
//! u32 label count, then each label as u8 length + UTF-8 bytes (label 0 is `root`)
//! u32 feature count, then per feature in increasing hash order:
//!     varint (hash - previous hash), u8 row length, row length × (u8 class, i16 weight)
//! u32 length, then the word clusters the model was trained with (`Clusters::to_bytes`)
//! ```
//!
//! Sorted features make the file byte-identical for identical weights, and delta-coded hashes
//! save a quarter of the size. The clusters travel with the weights because the cluster
//! features' hashes mean nothing under other clusters: a retrained `models/clusters.bin` must
//! not change the parser behind its back. Files of the first format ("ATPARSE1", without
//! clusters) predate that and are read with the binary's own clusters, as they were then.

use super::model::{Entry, Model};
use crate::text::clusters::Clusters;
use std::fmt;

const MAGIC: &[u8; 8] = b"ATPARSE2";
const MAGIC_WITHOUT_CLUSTERS: &[u8; 8] = b"ATPARSE1";

/// What is wrong with a model file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parser model, byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ModelError {}

pub(crate) fn to_bytes(model: &Model, clusters: &Clusters) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(model.labels.len() as u32).to_le_bytes());
    for l in &model.labels {
        out.push(l.len() as u8);
        out.extend_from_slice(l.as_bytes());
    }
    let rows = model.rows();
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut previous = 0u64;
    for (key, row) in rows {
        write_varint(&mut out, key - previous);
        previous = key;
        out.push(row.len() as u8);
        for e in &row {
            out.push(e.class);
            out.extend_from_slice(&e.weight.to_le_bytes());
        }
    }
    let clusters = clusters.to_bytes();
    out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
    out.extend_from_slice(&clusters);
    out
}

pub(crate) fn from_bytes(bytes: &[u8]) -> Result<(Model, Clusters), ModelError> {
    let mut r = Reader { bytes, at: 0 };
    let magic = r.take(MAGIC.len())?;
    let with_clusters = magic == MAGIC;
    if !with_clusters && magic != MAGIC_WITHOUT_CLUSTERS {
        return Err(r.error("not a parser model (bad magic)"));
    }
    let label_count = r.u32()? as usize;
    if label_count > 127 {
        // Classes (1 + 2 × labels) are stored as u8.
        return Err(r.error("more than 127 labels"));
    }
    let mut labels = Vec::with_capacity(label_count.min(256));
    for _ in 0..label_count {
        let len = r.u8()? as usize;
        let text = std::str::from_utf8(r.take(len)?).map_err(|_| r.error("label is not UTF-8"))?;
        labels.push(text.to_string());
    }
    if labels.first().map(String::as_str) != Some("root") {
        return Err(r.error("the first label must be `root`"));
    }
    let classes = 1 + 2 * labels.len();
    let feature_count = r.u32()? as usize;
    let mut rows = Vec::with_capacity(feature_count.min(bytes.len()));
    let mut key = 0u64;
    for _ in 0..feature_count {
        let delta = r.varint()?;
        // Increasing hashes: distinct, and never 0 (the empty-slot marker of the table).
        key = key
            .checked_add(delta)
            .filter(|&next| next > key)
            .ok_or_else(|| r.error("feature hashes must be non-zero and increasing"))?;
        let len = r.u8()? as usize;
        let mut row = Vec::with_capacity(len);
        for _ in 0..len {
            let class = r.u8()?;
            if class as usize >= classes {
                return Err(r.error("class out of range"));
            }
            let weight = i16::from_le_bytes([r.u8()?, r.u8()?]);
            row.push(Entry { class, weight });
        }
        rows.push((key, row));
    }
    let clusters = if with_clusters {
        let len = r.u32()? as usize;
        let at = r.at;
        Clusters::from_bytes(r.take(len)?).map_err(|e| ModelError {
            offset: at,
            message: format!("word clusters: {e}"),
        })?
    } else {
        Clusters::embedded().clone()
    };
    if r.at != bytes.len() {
        return Err(r.error("trailing bytes"));
    }
    Ok((Model::new(labels, rows), clusters))
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &str) -> ModelError {
        ModelError {
            offset: self.at,
            message: message.to_string(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.error("truncated file"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let rows = vec![
            (
                7u64,
                vec![Entry {
                    class: 0,
                    weight: -3,
                }],
            ),
            (
                u64::MAX,
                vec![
                    Entry {
                        class: 2,
                        weight: 300,
                    },
                    Entry {
                        class: 1,
                        weight: 1,
                    },
                ],
            ),
        ];
        let model = Model::new(vec!["root".into(), "nsubj".into()], rows);
        let bytes = to_bytes(&model, &Clusters::default());
        let (back, clusters) = from_bytes(&bytes).unwrap();
        assert_eq!(to_bytes(&back, &clusters), bytes);
        assert_eq!(back.labels, model.labels);
    }

    #[test]
    fn reads_files_without_clusters_with_the_binary_ones() {
        let model = Model::new(vec!["root".into(), "nsubj".into()], Vec::new());
        let mut bytes = to_bytes(&model, &Clusters::default());
        let clusters_len = Clusters::default().to_bytes().len();
        bytes.truncate(bytes.len() - clusters_len - 4);
        bytes[..8].copy_from_slice(MAGIC_WITHOUT_CLUSTERS);
        let (back, clusters) = from_bytes(&bytes).unwrap();
        assert_eq!(back.labels, model.labels);
        assert_eq!(&clusters, Clusters::embedded());
    }

    #[test]
    fn rejects_garbage() {
        assert!(from_bytes(b"nope").is_err());
        assert!(from_bytes(b"ATPARSE1\x01\x00\x00\x00").is_err());
    }
}
