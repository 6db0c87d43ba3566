//! The tagger's model file: magic, the joint classes as (UPOS, XPOS) strings, the lexicon, the
//! word clusters it was trained with, the weights.

use super::model::{Blocks, LexEntry, Lexicon};
use super::{intern, PosTag, Tagger, Upos};
use crate::text::clusters::Clusters;
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::Weights;

const MAGIC: &[u8; 8] = b"ATTPOS05";

impl Tagger {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.varint(self.classes.len() as u64);
        for c in &self.classes {
            w.str(c.upos.as_str());
            w.str(c.xpos);
        }
        write_lexicon(&self.lexicon, &mut w);
        self.lexicon.clusters.write(&mut w);
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
        let mut lexicon = read_lexicon(&mut r, classes.len())?;
        lexicon.clusters = Clusters::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        r.finish()?;
        if weights.n_classes() != classes.len() {
            return Err(DecodeError("weights and classes disagree".into()));
        }
        Ok(Tagger {
            classes,
            blocks: Blocks::new(&lexicon, &weights),
            lexicon,
            weights,
        })
    }
}

/// Entries in word order: word, class count, class deltas, sure class + 1 (0 for none).
fn write_lexicon(lexicon: &Lexicon, w: &mut Writer) {
    let mut entries: Vec<&LexEntry> = lexicon.entries.values().collect();
    entries.sort_by(|a, b| a.word.cmp(&b.word));
    w.varint(entries.len() as u64);
    for entry in entries {
        w.str(&entry.word);
        w.varint(entry.classes.len() as u64);
        let mut last = 0u16;
        for &c in &entry.classes {
            w.varint(u64::from(c - last));
            last = c;
        }
        w.varint(entry.sure.map_or(0, |c| u64::from(c) + 1));
    }
    let mut caps: Vec<(u64, u8)> = lexicon.caps.iter().map(|(&h, &b)| (h, b)).collect();
    caps.sort_unstable();
    w.varint(caps.len() as u64);
    let mut last = 0u64;
    for (h, b) in caps {
        w.varint(h - last);
        w.varint(u64::from(b));
        last = h;
    }
}

fn read_lexicon(r: &mut Reader, n_classes: usize) -> Result<Lexicon, DecodeError> {
    let mut lexicon = Lexicon::default();
    let check = |c: u64| {
        if c as usize >= n_classes {
            Err(DecodeError(format!("lexicon class {c} out of range")))
        } else {
            Ok(c as u16)
        }
    };
    for _ in 0..r.len()? {
        let word = r.str()?.to_string();
        let mut classes = Vec::new();
        let mut class = 0u64;
        for _ in 0..r.len()? {
            class += r.varint()?;
            classes.push(check(class)?);
        }
        let sure = match r.varint()? {
            0 => None,
            c => Some(check(c - 1)?),
        };
        lexicon.insert(LexEntry::new(word, classes, sure));
    }
    let mut last = 0u64;
    for _ in 0..r.len()? {
        last = last
            .checked_add(r.varint()?)
            .ok_or_else(|| DecodeError("capitalisation keys overflow".into()))?;
        let bucket = r.varint()?;
        if bucket > 7 {
            return Err(DecodeError(format!("capitalisation bucket {bucket}")));
        }
        lexicon.caps.insert(last, bucket as u8);
    }
    Ok(lexicon)
}
