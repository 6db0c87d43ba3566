//! The tagger's model file: magic, the joint classes as (UPOS, XPOS) strings, the weights.

use super::{intern, PosTag, Tagger, Upos};
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::Weights;

const MAGIC: &[u8; 8] = b"ATTPOS01";

impl Tagger {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.varint(self.classes.len() as u64);
        for c in &self.classes {
            w.str(c.upos.as_str());
            w.str(c.xpos);
        }
        self.weights.write(&mut w);
        w.bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let n = r.len()?;
        let classes = (0..n)
            .map(|_| {
                let upos = r.str()?;
                let upos = Upos::parse(upos)
                    .ok_or_else(|| DecodeError(format!("unknown UPOS {upos:?}")))?;
                Ok(PosTag {
                    upos,
                    xpos: intern(r.str()?),
                })
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        let weights = Weights::read(&mut r)?;
        r.finish()?;
        if weights.n_classes() != classes.len() {
            return Err(DecodeError("weights and classes disagree".into()));
        }
        Ok(Tagger { classes, weights })
    }
}
