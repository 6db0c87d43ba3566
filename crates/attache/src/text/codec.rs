//! A tiny binary format for the embedded models: little-endian integers, LEB128 varints and
//! length-prefixed strings. Our own, so the model files depend on no serialisation crate and
//! stay byte-identical across builds.

use std::fmt;

/// A model file that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad model file: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn magic(&mut self, magic: &[u8; 8]) {
        self.bytes.extend_from_slice(magic);
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// Signed values as zig-zag varints, so small negatives stay small.
    pub fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn strs(&mut self, items: &[String]) {
        self.varint(items.len() as u64);
        for s in items {
            self.str(s);
        }
    }

    /// A map from hashed keys to small values, keys sorted and delta-coded so that the file is
    /// compact and the same map always gives the same bytes.
    pub fn keyed(&mut self, entries: impl IntoIterator<Item = (u64, u64)>) {
        let mut entries: Vec<(u64, u64)> = entries.into_iter().collect();
        entries.sort_unstable();
        self.varint(entries.len() as u64);
        let mut previous = 0u64;
        for (key, value) in entries {
            self.varint(key - previous);
            previous = key;
            self.varint(value);
        }
    }
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

// `len` reads a length field from the bytes; it is not the reader's size.
#[allow(clippy::len_without_is_empty)]
impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn magic(&mut self, magic: &[u8; 8]) -> Result<(), DecodeError> {
        let got = self.take(8)?;
        if got != magic {
            return Err(DecodeError(format!(
                "expected magic {:?}, found {:?}",
                String::from_utf8_lossy(magic),
                String::from_utf8_lossy(got)
            )));
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| DecodeError(format!("truncated at byte {}", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(DecodeError(format!("varint too long at byte {}", self.at)))
    }

    /// A varint that is a length or count: bounded by the bytes left, so a corrupt file cannot
    /// make us allocate gigabytes.
    pub fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.varint()?;
        if n > self.bytes.len() as u64 {
            return Err(DecodeError(format!("implausible length {n}")));
        }
        Ok(n as usize)
    }

    pub fn signed(&mut self) -> Result<i64, DecodeError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    pub fn f32(&mut self) -> Result<f32, DecodeError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn str(&mut self) -> Result<&'a str, DecodeError> {
        let n = self.len()?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|e| DecodeError(format!("bad UTF-8: {e}")))
    }

    pub fn strs(&mut self) -> Result<Vec<String>, DecodeError> {
        let n = self.len()?;
        (0..n).map(|_| self.str().map(str::to_string)).collect()
    }

    /// Read what [`Writer::keyed`] wrote, calling `entry` for each key and value.
    pub fn keyed(
        &mut self,
        mut entry: impl FnMut(u64, u64) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        let mut key = 0u64;
        for _ in 0..self.len()? {
            key = key.wrapping_add(self.varint()?);
            entry(key, self.varint()?)?;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), DecodeError> {
        if self.at != self.bytes.len() {
            return Err(DecodeError(format!(
                "{} trailing bytes",
                self.bytes.len() - self.at
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut w = Writer::default();
        w.magic(b"TESTMAG1");
        w.varint(300);
        w.signed(-5);
        w.str("héllo");
        w.f32(1.5);
        let mut r = Reader::new(&w.bytes);
        r.magic(b"TESTMAG1").unwrap();
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.signed().unwrap(), -5);
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.f32().unwrap(), 1.5);
        r.finish().unwrap();
    }

    #[test]
    fn rejects_truncated_input() {
        assert!(Reader::new(&[0x80]).varint().is_err());
        assert!(Reader::new(b"abc").magic(b"TESTMAG1").is_err());
    }
}
