//! The name tagger's model file: magic, gazetteer (phrase hash, bits) in key order, the word
//! clusters it was trained with, weights.

use super::gazetteer::Gazetteer;
use super::label;
use super::NameTagger;
use crate::text::clusters::Clusters;
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::Weights;

const MAGIC: &[u8; 8] = b"ATTNER02";

impl NameTagger {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.keyed(
            self.gazetteer
                .phrases
                .iter()
                .map(|(&k, &b)| (k, u64::from(b))),
        );
        self.clusters.write(&mut w);
        self.weights.write(&mut w);
        w.bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NameTagger, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let mut gazetteer = Gazetteer::default();
        r.keyed(|key, bits| {
            let bits = u8::try_from(bits)
                .map_err(|_| DecodeError("gazetteer bits out of range".into()))?;
            gazetteer.phrases.insert(key, bits);
            Ok(())
        })?;
        let clusters = Clusters::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        r.finish()?;
        if weights.n_classes() != label::COUNT {
            return Err(DecodeError(format!(
                "expected {} labels, found {}",
                label::COUNT,
                weights.n_classes()
            )));
        }
        Ok(NameTagger::new(gazetteer, weights, clusters))
    }
}
