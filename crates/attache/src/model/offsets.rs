/// Converts byte offsets (how Rust indexes strings) into character offsets (how the output
/// contract, Python and brat count). Built once per text; lookups are a binary search.
pub struct CharIndex {
    /// Byte offset of every non-ASCII character, with the count of extra bytes before it.
    wide: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let mut extra = 0;
        for (byte, ch) in text.char_indices() {
            let len = ch.len_utf8();
            if len > 1 {
                extra += len - 1;
                wide.push((byte + len, extra));
            }
        }
        CharIndex { wide }
    }

    /// The character offset of a byte offset that lies on a character boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        let i = self.wide.partition_point(|&(b, _)| b <= byte);
        if i == 0 {
            byte
        } else {
            byte - self.wide[i - 1].1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points() {
        let t = "a“bé”c";
        let idx = CharIndex::new(t);
        for (chars, (byte, _)) in t.char_indices().enumerate() {
            assert_eq!(idx.char_of(byte), chars);
        }
        assert_eq!(idx.char_of(t.len()), t.chars().count());
    }
}
