//! The lemmatiser's model file: magic, edits, the three edit tables in key order, then the
//! hashes of the known lemmas.

use super::model::{Edit, Lemmatizer};
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::FeatureMap;

const MAGIC: &[u8; 8] = b"ATTLEM03";

impl Lemmatizer {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.varint(self.max_suffix as u64);
        w.varint(self.edits.len() as u64);
        for e in &self.edits {
            w.varint(u64::from(e.lowercase));
            w.varint(e.strip as u64);
            w.str(&e.append);
        }
        write_table(&self.exact, &mut w);
        write_table(&self.known, &mut w);
        write_table(&self.endings, &mut w);
        w.keyed(self.lemmas.keys().map(|&k| (k, 0)));
        w.bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Lemmatizer, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let max_suffix = r.len()?;
        let edits = (0..r.len()?)
            .map(|_| {
                Ok(Edit {
                    lowercase: r.varint()? != 0,
                    strip: r.len()?,
                    append: r.str()?.to_string(),
                })
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        let exact = read_table(&mut r, edits.len())?;
        let known = read_table(&mut r, edits.len())?;
        let endings = read_table(&mut r, edits.len())?;
        let mut lemmas = FeatureMap::default();
        r.keyed(|key, _| {
            lemmas.insert(key, ());
            Ok(())
        })?;
        r.finish()?;
        Ok(Lemmatizer {
            edits,
            exact,
            known,
            endings,
            max_suffix,
            lemmas,
        })
    }
}

fn write_table(table: &FeatureMap<u32>, w: &mut Writer) {
    w.keyed(table.iter().map(|(&k, &v)| (k, u64::from(v))));
}

fn read_table(r: &mut Reader, n_edits: usize) -> Result<FeatureMap<u32>, DecodeError> {
    let mut table = FeatureMap::default();
    r.keyed(|key, edit| {
        if edit as usize >= n_edits {
            return Err(DecodeError(format!("edit {edit} out of range")));
        }
        table.insert(key, edit as u32);
        Ok(())
    })?;
    Ok(table)
}
