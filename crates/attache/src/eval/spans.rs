//! Character spans and possibly discontinuous pieces of text ("fragments"), normalised so that
//! two annotations of the same words compare equal.

use serde::Serialize;

/// A character range in a text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
}

impl CharSpan {
    pub fn new(start: usize, end: usize) -> Self {
        CharSpan { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The span without leading and trailing whitespace, clamped to the text; `None` when
    /// nothing but whitespace is left.
    pub fn trimmed(self, chars: &[char]) -> Option<CharSpan> {
        let mut end = self.end.min(chars.len());
        let mut start = self.start.min(end);
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start < end).then_some(CharSpan { start, end })
    }
}

/// A piece of text made of one or more character spans: sorted, whitespace-trimmed, and with
/// fragments that overlap or are separated only by whitespace joined into one. The joining
/// matters because brat annotators split a span at every line break, while a system sees one
/// quote running over two paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Fragments(Vec<CharSpan>);

impl Fragments {
    pub fn normalized(spans: impl IntoIterator<Item = CharSpan>, chars: &[char]) -> Self {
        let mut parts: Vec<CharSpan> = spans.into_iter().filter_map(|s| s.trimmed(chars)).collect();
        parts.sort();
        let mut joined: Vec<CharSpan> = Vec::with_capacity(parts.len());
        for part in parts {
            match joined.last_mut() {
                Some(last) if only_whitespace_between(chars, last.end, part.start) => {
                    last.end = last.end.max(part.end);
                }
                _ => joined.push(part),
            }
        }
        Fragments(joined)
    }

    pub fn spans(&self) -> &[CharSpan] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of characters covered.
    pub fn char_len(&self) -> usize {
        self.0.iter().map(CharSpan::len).sum()
    }

    /// Number of characters covered by both.
    pub fn shared_chars(&self, other: &Fragments) -> usize {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            let lo = a[i].start.max(b[j].start);
            let hi = a[i].end.min(b[j].end);
            shared += hi.saturating_sub(lo);
            if a[i].end < b[j].end {
                i += 1;
            } else {
                j += 1;
            }
        }
        shared
    }

    pub fn overlaps(&self, other: &Fragments) -> bool {
        self.shared_chars(other) > 0
    }

    /// Whether the character range lies wholly inside one fragment.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|s| s.end < end);
        self.0
            .get(i)
            .is_some_and(|s| s.start <= start && end <= s.end)
    }

    /// The text, fragments joined by a space as brat writes them.
    pub fn text(&self, chars: &[char]) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|s| {
                chars[s.start.min(chars.len())..s.end.min(chars.len())]
                    .iter()
                    .collect()
            })
            .collect();
        parts.join(" ")
    }
}

/// `end <= start` counts as "nothing between" (touching or overlapping spans).
fn only_whitespace_between(chars: &[char], end: usize, start: usize) -> bool {
    start <= end
        || chars[end..start.min(chars.len())]
            .iter()
            .all(|c| c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn normalising_trims_sorts_and_joins_across_whitespace() {
        let t = chars("ab  cd\n\nef, gh");
        let f = Fragments::normalized(
            [
                CharSpan::new(12, 14),
                CharSpan::new(0, 3),
                CharSpan::new(4, 6),
                CharSpan::new(8, 10),
            ],
            &t,
        );
        // "ab " + "cd" + "ef" join (only whitespace between), ", " keeps "gh" apart
        assert_eq!(f.spans(), [CharSpan::new(0, 10), CharSpan::new(12, 14)]);
        assert_eq!(f.text(&t), "ab  cd\n\nef gh");
    }

    #[test]
    fn whitespace_only_spans_vanish_and_ends_are_clamped() {
        let t = chars("a   b");
        let f = Fragments::normalized([CharSpan::new(1, 4), CharSpan::new(4, 99)], &t);
        assert_eq!(f.spans(), [CharSpan::new(4, 5)]);
    }

    #[test]
    fn shared_chars_over_discontinuous_spans() {
        let t = chars(&"x".repeat(40));
        let a = Fragments::normalized([CharSpan::new(0, 10), CharSpan::new(20, 30)], &t);
        let b = Fragments::normalized([CharSpan::new(5, 25)], &t);
        assert_eq!(a.shared_chars(&b), 10);
        assert_eq!(b.shared_chars(&a), 10);
        assert!(a.contains(21, 29));
        assert!(!a.contains(8, 12));
    }
}
