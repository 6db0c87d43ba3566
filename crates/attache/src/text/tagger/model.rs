//! The trained tagger and its features. Training and tagging share [`Context::features`], so the
//! two can never drift apart.

use super::PosTag;
use crate::text::perceptron::{argmax, hash_str, mix, Feature, FeatureMap, Weights};
use std::sync::LazyLock;

/// A trained POS tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// The joint UPOS+XPOS classes the weights score.
    pub(super) classes: Vec<PosTag>,
    pub(super) lexicon: Lexicon,
    pub(super) weights: Weights,
}

/// What the training data says about frequent words: the classes each took (its "ambiguity
/// class", a cheap look at the right context's tags) and, for words that always took the same
/// class, that class, which skips scoring altogether.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Lexicon {
    pub(super) entries: FeatureMap<LexEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexEntry {
    /// Classes the word took often enough to count, ascending.
    pub(super) classes: Vec<u16>,
    /// The one class a frequent word always takes.
    pub(super) sure: Option<u16>,
    pub(super) ambiguity: u64,
}

impl LexEntry {
    pub(super) fn new(classes: Vec<u16>, sure: Option<u16>) -> LexEntry {
        let ambiguity = classes
            .iter()
            .fold(0x414d_4249_47u64, |h, &c| mix(h, u64::from(c)));
        LexEntry {
            classes,
            sure,
            ambiguity,
        }
    }
}

impl Lexicon {
    /// Words are looked up by the hash of their exact form.
    pub(super) fn get(&self, form: u64) -> Option<&LexEntry> {
        self.entries.get(&form)
    }
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/tagger.bin");

static EMBEDDED: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::from_bytes(EMBEDDED_BYTES).unwrap_or_else(|e| {
        panic!(
            "the embedded tagger model is unusable ({e}); rebuild it with `attache train tagger`"
        )
    })
});

impl Tagger {
    /// The model built into the binary (models/tagger.bin), decoded on first use.
    pub fn embedded() -> &'static Tagger {
        &EMBEDDED
    }

    /// Whether the binary carries a tagger model (a fresh checkout before the first training
    /// does not).
    pub fn has_embedded() -> bool {
        !EMBEDDED_BYTES.is_empty()
    }

    /// Tag one sentence of words (gold or tokenizer tokens). Empty input gives empty output.
    pub fn tag(&self, words: &[&str]) -> Vec<PosTag> {
        let context = Context::new(words, &self.lexicon);
        let mut scores = vec![0i32; self.classes.len()];
        let mut features = Vec::with_capacity(40);
        let mut history = History::default();
        let mut out = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            let class = match context.sure(i) {
                Some(class) => class,
                None => {
                    features.clear();
                    context.features(i, history, &mut features);
                    scores.fill(0);
                    self.weights.score(&features, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(self.classes[class]);
            history.push(class);
        }
        out
    }

    /// Number of joint tag classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// Number of features with non-zero weights.
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }
}

/// The two previous predicted classes (`None` before the sentence start).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct History {
    prev: Option<usize>,
    prev2: Option<usize>,
}

impl History {
    pub(super) fn push(&mut self, class: usize) {
        self.prev2 = self.prev;
        self.prev = Some(class);
    }

    fn hash(tag: Option<usize>) -> u64 {
        tag.map_or(0x5747_4152_5453, |t| t as u64 + 1)
    }
}

/// Hashes of one word's lexical properties, computed once per sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lexeme {
    form: u64,
    lower: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    shape: u64,
    ambiguity: u64,
    sure: Option<u16>,
}

impl Lexeme {
    /// Stands for the words beyond either end of the sentence.
    const START: Lexeme = Lexeme::boundary(0x5354_4152_54);
    const END: Lexeme = Lexeme::boundary(0x454e_44);

    const fn boundary(h: u64) -> Lexeme {
        Lexeme {
            form: h,
            lower: h,
            prefix: [h; 3],
            suffix: [h; 4],
            shape: h,
            ambiguity: h,
            sure: None,
        }
    }

    fn new(word: &str, lower: &mut String, lexicon: &Lexicon) -> Lexeme {
        let form = hash_str(word);
        let entry = lexicon.get(form);
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        let lower: &str = lower;
        Lexeme {
            form,
            lower: hash_str(lower),
            prefix: std::array::from_fn(|k| hash_str(prefix(lower, k + 1))),
            suffix: std::array::from_fn(|k| hash_str(suffix(lower, k + 1))),
            shape: shape_hash(word),
            ambiguity: entry.map_or(UNKNOWN_AMBIGUITY, |e| e.ambiguity),
            sure: entry.and_then(|e| e.sure),
        }
    }
}

fn prefix(s: &str, chars: usize) -> &str {
    match s.char_indices().nth(chars) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

fn suffix(s: &str, chars: usize) -> &str {
    match s.char_indices().rev().nth(chars - 1) {
        Some((at, _)) => &s[at..],
        None => s,
    }
}

const UNKNOWN_AMBIGUITY: u64 = 0x554e_4b;

/// Word shape with runs capped at two: "Putin" → "Xxx", "G-20" → "X-dd", "1990s" → "ddx".
fn shape_hash(word: &str) -> u64 {
    let mut shape = [0u8; 32];
    let (mut len, mut run, mut last) = (0, 0, 0u8);
    for c in word.chars() {
        let class = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        run = if class == last { run + 1 } else { 1 };
        last = class;
        if run <= 2 && len < shape.len() {
            shape[len] = class;
            len += 1;
        }
    }
    crate::text::perceptron::hash_bytes(&shape[..len])
}

/// Feature templates: each feature mixes one of these ids with the hashes it looks at.
mod template {
    pub const BIAS: u64 = 1;
    pub const FORM: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const PREFIX: u64 = 4; // + 0..3
    pub const SUFFIX: u64 = 8; // + 0..4
    pub const SHAPE: u64 = 12;
    pub const FIRST_SHAPE: u64 = 13;
    pub const PREV_LOWER: u64 = 14;
    pub const NEXT_LOWER: u64 = 15;
    pub const PREV2_LOWER: u64 = 16;
    pub const NEXT2_LOWER: u64 = 17;
    pub const PREV_SUFFIX3: u64 = 18;
    pub const NEXT_SUFFIX3: u64 = 19;
    pub const PREV_SHAPE: u64 = 20;
    pub const NEXT_SHAPE: u64 = 21;
    pub const PREV_AND_WORD: u64 = 22;
    pub const WORD_AND_NEXT: u64 = 23;
    pub const TAG1: u64 = 24;
    pub const TAG12: u64 = 25;
    pub const TAG1_WORD: u64 = 26;
    pub const TAG1_SUFFIX3: u64 = 27;
    pub const TAG1_NEXT: u64 = 28;
    pub const TAG2: u64 = 29;
    pub const AMB: u64 = 30;
    pub const PREV_AMB: u64 = 31;
    pub const NEXT_AMB: u64 = 32;
    pub const NEXT2_AMB: u64 = 33;
    pub const NEXT_AMBS: u64 = 34;
    pub const TAG1_AMB: u64 = 35;
    pub const AMB_NEXT_AMB: u64 = 36;
    pub const WORD_NEXT_AMB: u64 = 37;
    pub const NEXT_SUFFIX2: u64 = 38;
    pub const PREV_NEXT: u64 = 39;
}

/// A sentence ready for feature extraction.
pub(super) struct Context {
    lexemes: Vec<Lexeme>,
}

impl Context {
    pub(super) fn new(words: &[&str], lexicon: &Lexicon) -> Context {
        let mut lower = String::new();
        Context {
            lexemes: words
                .iter()
                .map(|w| Lexeme::new(w, &mut lower, lexicon))
                .collect(),
        }
    }

    /// The class of word `i` when the lexicon is sure of it.
    pub(super) fn sure(&self, i: usize) -> Option<usize> {
        self.lexemes[i].sure.map(usize::from)
    }

    fn at(&self, i: usize, offset: isize) -> &Lexeme {
        match i.checked_add_signed(offset) {
            None => &Lexeme::START,
            Some(j) => self.lexemes.get(j).unwrap_or(&Lexeme::END),
        }
    }

    /// The features of word `i` given the classes predicted before it.
    pub(super) fn features(&self, i: usize, history: History, out: &mut Vec<Feature>) {
        use template::*;
        let w = self.at(i, 0);
        let (p, n) = (self.at(i, -1), self.at(i, 1));
        let (p2, n2) = (self.at(i, -2), self.at(i, 2));
        out.push(mix(BIAS, 0));
        out.push(mix(FORM, w.form));
        out.push(mix(LOWER, w.lower));
        for k in 0..3 {
            out.push(mix(PREFIX + k as u64, w.prefix[k]));
        }
        for k in 0..4 {
            out.push(mix(SUFFIX + k as u64, w.suffix[k]));
        }
        out.push(mix(SHAPE, w.shape));
        if i == 0 {
            out.push(mix(FIRST_SHAPE, w.shape));
        }
        out.push(mix(PREV_LOWER, p.lower));
        out.push(mix(NEXT_LOWER, n.lower));
        out.push(mix(PREV2_LOWER, p2.lower));
        out.push(mix(NEXT2_LOWER, n2.lower));
        out.push(mix(PREV_SUFFIX3, p.suffix[2]));
        out.push(mix(NEXT_SUFFIX3, n.suffix[2]));
        out.push(mix(PREV_SHAPE, p.shape));
        out.push(mix(NEXT_SHAPE, n.shape));
        out.push(mix(mix(PREV_AND_WORD, p.lower), w.lower));
        out.push(mix(mix(WORD_AND_NEXT, w.lower), n.lower));
        let t1 = History::hash(history.prev);
        let t2 = History::hash(history.prev2);
        out.push(mix(TAG1, t1));
        out.push(mix(TAG2, t2));
        out.push(mix(mix(TAG12, t1), t2));
        out.push(mix(mix(TAG1_WORD, t1), w.lower));
        out.push(mix(mix(TAG1_SUFFIX3, t1), w.suffix[2]));
        out.push(mix(mix(TAG1_NEXT, t1), n.lower));
        out.push(mix(AMB, w.ambiguity));
        out.push(mix(PREV_AMB, p.ambiguity));
        out.push(mix(NEXT_AMB, n.ambiguity));
        out.push(mix(NEXT2_AMB, n2.ambiguity));
        out.push(mix(mix(NEXT_AMBS, n.ambiguity), n2.ambiguity));
        out.push(mix(mix(TAG1_AMB, t1), w.ambiguity));
        out.push(mix(mix(AMB_NEXT_AMB, w.ambiguity), n.ambiguity));
        out.push(mix(mix(WORD_NEXT_AMB, w.lower), n.ambiguity));
        out.push(mix(NEXT_SUFFIX2, n.suffix[1]));
        out.push(mix(mix(PREV_NEXT, p.lower), n.lower));
    }
}

/// Shape feature helpers are private; tests check them here.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_characters() {
        assert_eq!(prefix("été", 2), "ét");
        assert_eq!(suffix("été", 2), "té");
        assert_eq!(suffix("a", 4), "a");
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Putin"), shape_hash("Macron"));
        assert_ne!(shape_hash("Putin"), shape_hash("putin"));
        assert_eq!(shape_hash("1990s"), shape_hash("2000s"));
    }
}
