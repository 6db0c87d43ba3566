//! The trained tagger and its features. Training and tagging share [`Context::features`], so the
//! two can never drift apart.

use super::PosTag;
use crate::text::clusters::{ClusterPath, Clusters};
use crate::text::perceptron::{argmax, hash_str, mix, Feature, FeatureMap, Position, Weights};
use std::sync::LazyLock;

/// A trained POS tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// The joint UPOS+XPOS classes the weights score.
    pub(super) classes: Vec<PosTag>,
    pub(super) lexicon: Lexicon,
    pub(super) weights: Weights,
    pub(super) blocks: Blocks,
}

impl PartialEq for Blocks {
    /// Blocks are derived from the lexicon and weights.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// What the training data says about frequent words: the classes each took (its "ambiguity
/// class", a cheap look at the right context's tags) and, for words that always took the same
/// class, that class, which skips scoring altogether.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Lexicon {
    pub(super) entries: FeatureMap<LexEntry>,
    /// Capitalisation profile of lowercased words in running text (EWT train and unlabelled
    /// news), keyed by the hash of the lowercase form: see [`caps_bucket`].
    pub(super) caps: FeatureMap<u8>,
    /// Distributional word clusters (from unlabelled text) the weights were trained with.
    pub(super) clusters: Clusters,
}

/// How often a word is capitalised away from the start of a sentence, in buckets of share
/// (under 5 %, under 50 %, under 95 %, more) times frequency (under 5 occurrences, more).
pub(super) fn caps_bucket(capitalised: usize, total: usize) -> u8 {
    let share = capitalised as f64 / total.max(1) as f64;
    let band = if share < 0.05 {
        0
    } else if share < 0.5 {
        1
    } else if share < 0.95 {
        2
    } else {
        3
    };
    band * 2 + u8::from(total >= 5)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexEntry {
    pub(super) word: String,
    /// Classes the word took often enough to count, ascending.
    pub(super) classes: Vec<u16>,
    /// The one class a frequent word always takes.
    pub(super) sure: Option<u16>,
    pub(super) ambiguity: u64,
}

impl LexEntry {
    pub(super) fn new(word: String, classes: Vec<u16>, sure: Option<u16>) -> LexEntry {
        let ambiguity = classes
            .iter()
            .fold(0x414d_4249_47u64, |h, &c| mix(h, u64::from(c)));
        LexEntry {
            word,
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

    pub(super) fn insert(&mut self, entry: LexEntry) {
        self.entries.insert(hash_str(&entry.word), entry);
    }
}

/// Speed: for every lexicon word, its lexeme and the summed scores of the features it
/// contributes from each position around the tagged word, computed once at load time. Tagging
/// a sentence of known words then costs a few dense additions instead of dozens of probes.
#[derive(Debug, Clone, Default)]
pub(super) struct Blocks {
    index: FeatureMap<u32>,
    lexemes: Vec<Lexeme>,
    /// `scores[(row * POSITIONS + position) * n_classes ..][..n_classes]`.
    scores: Vec<i32>,
    /// Summed scores of the history-only features for every (previous, one before) pair,
    /// `None` first: `history[(prev * (n + 1) + prev2) * n ..][..n]`.
    history: Vec<i32>,
    n_classes: usize,
}

impl Blocks {
    pub(super) fn new(lexicon: &Lexicon, weights: &Weights) -> Blocks {
        let mut words: Vec<&LexEntry> = lexicon.entries.values().collect();
        words.sort_by(|a, b| a.word.cmp(&b.word));
        let n_classes = weights.n_classes();
        let mut blocks = Blocks {
            n_classes,
            ..Default::default()
        };
        let mut lower = String::new();
        let mut features = Vec::new();
        let edges = [Lexeme::START, Lexeme::END];
        let lexemes = edges.into_iter().chain(
            words
                .iter()
                .map(|e| Lexeme::new(&e.word, &mut lower, lexicon)),
        );
        for (row, lexeme) in lexemes.enumerate() {
            blocks.index.insert(lexeme.form, row as u32);
            blocks.lexemes.push(lexeme);
            for position in Position::ALL {
                features.clear();
                window_features(position, &lexeme, &mut features);
                let at = blocks.scores.len();
                blocks.scores.resize(at + n_classes, 0);
                weights.score(&features, &mut blocks.scores[at..]);
            }
        }
        let tags = || std::iter::once(None).chain((0..n_classes).map(Some));
        for prev in tags() {
            for prev2 in tags() {
                features.clear();
                history_features(History { prev, prev2 }, &mut features);
                let at = blocks.history.len();
                blocks.history.resize(at + n_classes, 0);
                weights.score(&features, &mut blocks.history[at..]);
            }
        }
        blocks
    }

    /// Add the scores of the features that look only at the two previous classes.
    fn add_history(&self, history: History, scores: &mut [i32]) {
        let n = self.n_classes;
        let slot = |t: Option<usize>| t.map_or(0, |t| t + 1);
        let at = (slot(history.prev) * (n + 1) + slot(history.prev2)) * n;
        for (s, b) in scores.iter_mut().zip(&self.history[at..at + n]) {
            *s += b;
        }
    }

    fn add(&self, row: u32, position: Position, scores: &mut [i32]) {
        let at = (row as usize * Position::ALL.len() + position as usize) * self.n_classes;
        for (s, b) in scores.iter_mut().zip(&self.scores[at..at + self.n_classes]) {
            *s += b;
        }
    }
}

/// Features that look at the word `w` alone, standing at `position`.
fn window_features(position: Position, w: &Lexeme, out: &mut Vec<Feature>) {
    use template::*;
    match position {
        Position::Current => {
            out.push(mix(BIAS, 0));
            out.push(mix(FORM, w.form));
            out.push(mix(LOWER, w.lower));
            for k in 0..3 {
                out.push(mix(PREFIX + k as u64, w.prefix[k]));
            }
            out.push(mix(PREFIX4, w.prefix[3]));
            for k in 0..4 {
                out.push(mix(SUFFIX + k as u64, w.suffix[k]));
            }
            out.push(mix(SUFFIX5, w.suffix[4]));
            out.push(mix(SHAPE, w.shape));
            out.push(mix(FLAGS, w.flags));
            out.push(mix(AMB, w.ambiguity));
            out.push(mix(CAPS, w.caps));
            out.push(mix(mix(CAPS_FLAGS, w.caps), w.flags));
            out.push(mix(mix(AMB_FLAGS, w.ambiguity), w.flags));
            for (k, &c) in w.cluster.iter().enumerate() {
                out.push(mix(CLUSTER + k as u64, c));
            }
            out.push(mix(mix(CLUSTER_FLAGS, w.cluster[1]), w.flags));
            out.push(mix(mix(CLUSTER_SUFFIX3, w.cluster[3]), w.suffix[2]));
            if let Some((last, last_suffix)) = w.hyphen {
                out.push(mix(HYPHEN_LAST, last));
                out.push(mix(HYPHEN_SUFFIX3, last_suffix));
            }
        }
        Position::Prev => {
            out.push(mix(PREV_LOWER, w.lower));
            out.push(mix(PREV_SUFFIX3, w.suffix[2]));
            out.push(mix(PREV_SHAPE, w.shape));
            out.push(mix(PREV_AMB, w.ambiguity));
            out.push(mix(mix(PREV_CAPS_FLAGS, w.caps), w.flags));
            out.push(mix(PREV_CLUSTER6, w.cluster[1]));
            out.push(mix(PREV_CLUSTER20, w.cluster[3]));
        }
        Position::Next => {
            out.push(mix(NEXT_LOWER, w.lower));
            out.push(mix(NEXT_SUFFIX3, w.suffix[2]));
            out.push(mix(NEXT_SHAPE, w.shape));
            out.push(mix(NEXT_AMB, w.ambiguity));
            out.push(mix(NEXT_SUFFIX2, w.suffix[1]));
            out.push(mix(NEXT_FLAGS, w.flags));
            out.push(mix(mix(NEXT_CAPS_FLAGS, w.caps), w.flags));
            out.push(mix(NEXT_CLUSTER6, w.cluster[1]));
            out.push(mix(NEXT_CLUSTER20, w.cluster[3]));
        }
        Position::Prev2 => {
            out.push(mix(PREV2_LOWER, w.lower));
            out.push(mix(PREV2_AMB, w.ambiguity));
            out.push(mix(PREV2_CLUSTER6, w.cluster[1]));
        }
        Position::Next2 => {
            out.push(mix(NEXT2_LOWER, w.lower));
            out.push(mix(NEXT2_AMB, w.ambiguity));
            out.push(mix(NEXT2_SHAPE, w.shape));
            out.push(mix(NEXT2_CLUSTER6, w.cluster[1]));
        }
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
        let context = Context::with_blocks(words, &self.lexicon, &self.blocks);
        let mut scores = vec![0i32; self.classes.len()];
        let mut features = Vec::with_capacity(64);
        let mut history = History::default();
        let mut out = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            let class = match context.sure(i) {
                Some(class) => class,
                None => {
                    features.clear();
                    scores.fill(0);
                    context.block_scores(i, &self.blocks, &mut scores, &mut features);
                    self.blocks.add_history(history, &mut scores);
                    context.pair_features(i, history, &mut features);
                    self.weights.score(&features, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(self.classes[class]);
            history.push(class);
        }
        out
    }

    /// The words of the lexicon (seen often enough in training), in no particular order.
    pub fn lexicon_words(&self) -> impl Iterator<Item = &str> {
        self.lexicon.entries.values().map(|e| e.word.as_str())
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
    prefix: [u64; 4],
    suffix: [u64; 5],
    shape: u64,
    /// Digit, hyphen, capital letters, full stop: see [`flags_hash`].
    flags: u64,
    /// For hyphenated words, the part after the last hyphen and its last three letters.
    hyphen: Option<(u64, u64)>,
    /// The capitalisation bucket of the lowercase form in running text, or a "none" value.
    caps: u64,
    /// The prefixes of the word's cluster path ([`ClusterPath::PREFIXES`]), or "none" values.
    cluster: [u64; 4],
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
            prefix: [h; 4],
            suffix: [h; 5],
            shape: h,
            flags: h,
            hyphen: None,
            caps: h,
            cluster: [h; 4],
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
            flags: flags_hash(word),
            hyphen: lower
                .rsplit_once('-')
                .filter(|(head, tail)| !head.is_empty() && !tail.is_empty())
                .map(|(_, tail)| (hash_str(tail), hash_str(suffix(tail, 3)))),
            caps: lexicon
                .caps
                .get(&hash_str(lower))
                .map_or(0x4e4f_4341_5053, |&b| u64::from(b) + 1),
            cluster: cluster_prefixes(lexicon.clusters.path_of_hash(form)),
            ambiguity: entry.map_or(UNKNOWN_AMBIGUITY, |e| e.ambiguity),
            sure: entry.and_then(|e| e.sure),
        }
    }
}

/// The cluster path's prefixes as feature values; words without a cluster share one value per
/// length.
fn cluster_prefixes(path: Option<ClusterPath>) -> [u64; 4] {
    std::array::from_fn(|k| match path {
        Some(p) => p.prefix(ClusterPath::PREFIXES[k]),
        None => 0x4e4f_434c_5553 + k as u64,
    })
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

/// Coarse orthographic flags: any digit, any hyphen, first letter capital, any other capital,
/// all letters capital, any lowercase letter, a full stop.
fn flags_hash(word: &str) -> u64 {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let (mut digit, mut hyphen, mut inner_upper, mut lower, mut period) =
        (false, false, false, false, false);
    for c in word.chars() {
        digit |= c.is_numeric();
        hyphen |= c == '-';
        lower |= c.is_lowercase();
        period |= c == '.';
    }
    for c in chars {
        inner_upper |= c.is_uppercase();
    }
    let all_upper = (first_upper || inner_upper) && !lower;
    let bits = [
        digit,
        hyphen,
        first_upper,
        inner_upper,
        all_upper,
        lower,
        period,
    ];
    bits.iter()
        .fold(0x464c_4147u64, |h, &b| (h << 1) | u64::from(b))
}

const UNKNOWN_AMBIGUITY: u64 = 0x554e_4b;

/// Word shape with runs capped at two: "Okafor" → "Xxx", "G-20" → "X-dd", "1990s" → "ddx".
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
    pub const PREFIX4: u64 = 40;
    pub const SUFFIX5: u64 = 41;
    pub const FLAGS: u64 = 42;
    pub const AMB_FLAGS: u64 = 43;
    pub const HYPHEN_LAST: u64 = 44;
    pub const HYPHEN_SUFFIX3: u64 = 45;
    pub const NEXT_FLAGS: u64 = 46;
    pub const PREV2_AMB: u64 = 47;
    pub const NEXT2_SHAPE: u64 = 48;
    pub const CAPS: u64 = 49;
    pub const CAPS_FLAGS: u64 = 50;
    pub const NEXT_CAPS_FLAGS: u64 = 51;
    pub const PREV_CAPS_FLAGS: u64 = 52;
    pub const CLUSTER: u64 = 53; // + 0..3
    pub const CLUSTER_FLAGS: u64 = 57;
    pub const CLUSTER_SUFFIX3: u64 = 58;
    pub const PREV_CLUSTER6: u64 = 59;
    pub const PREV_CLUSTER20: u64 = 60;
    pub const NEXT_CLUSTER6: u64 = 61;
    pub const NEXT_CLUSTER20: u64 = 62;
    pub const PREV2_CLUSTER6: u64 = 63;
    pub const NEXT2_CLUSTER6: u64 = 64;
    pub const TAG1_CLUSTER10: u64 = 65;
}

/// A sentence ready for feature extraction.
pub(super) struct Context {
    lexemes: Vec<Lexeme>,
    /// Row of each word in [`Blocks`], when it has one.
    rows: Vec<Option<u32>>,
}

impl Context {
    pub(super) fn new(words: &[&str], lexicon: &Lexicon) -> Context {
        Context::with_blocks(words, lexicon, &Blocks::default())
    }

    pub(super) fn with_blocks(words: &[&str], lexicon: &Lexicon, blocks: &Blocks) -> Context {
        let mut lower = String::new();
        let mut lexemes = Vec::with_capacity(words.len());
        let mut rows = Vec::with_capacity(words.len());
        for w in words {
            let row = blocks.index.get(&hash_str(w)).copied();
            lexemes.push(match row {
                Some(r) => blocks.lexemes[r as usize],
                None => Lexeme::new(w, &mut lower, lexicon),
            });
            rows.push(row);
        }
        Context { lexemes, rows }
    }

    /// Block row of the word at `i + offset`; the sentence edges have rows 0 and 1.
    fn row(&self, i: usize, offset: isize, blocks: &Blocks) -> Option<u32> {
        if blocks.lexemes.is_empty() {
            return None;
        }
        match i.checked_add_signed(offset) {
            None => Some(0),
            Some(j) if j >= self.rows.len() => Some(1),
            Some(j) => self.rows[j],
        }
    }

    /// Add the single-word feature scores of word `i`'s neighbourhood: precomputed blocks for
    /// known words, features to probe (pushed to `probe`) for the others.
    pub(super) fn block_scores(
        &self,
        i: usize,
        blocks: &Blocks,
        scores: &mut [i32],
        probe: &mut Vec<Feature>,
    ) {
        for position in Position::ALL {
            match self.row(i, position.offset(), blocks) {
                Some(row) => blocks.add(row, position, scores),
                None => window_features(position, self.at(i, position.offset()), probe),
            }
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
        for position in Position::ALL {
            window_features(position, self.at(i, position.offset()), out);
        }
        history_features(history, out);
        self.pair_features(i, history, out);
    }

    /// Features that combine two words, or a word and the predicted history.
    pub(super) fn pair_features(&self, i: usize, history: History, out: &mut Vec<Feature>) {
        use template::*;
        let w = self.at(i, 0);
        let (p, n, n2) = (self.at(i, -1), self.at(i, 1), self.at(i, 2));
        if i == 0 {
            out.push(mix(FIRST_SHAPE, w.shape));
        }
        out.push(mix(mix(PREV_AND_WORD, p.lower), w.lower));
        out.push(mix(mix(WORD_AND_NEXT, w.lower), n.lower));
        out.push(mix(mix(PREV_NEXT, p.lower), n.lower));
        out.push(mix(mix(NEXT_AMBS, n.ambiguity), n2.ambiguity));
        out.push(mix(mix(AMB_NEXT_AMB, w.ambiguity), n.ambiguity));
        out.push(mix(mix(WORD_NEXT_AMB, w.lower), n.ambiguity));
        let t1 = History::hash(history.prev);
        out.push(mix(mix(TAG1_WORD, t1), w.lower));
        out.push(mix(mix(TAG1_SUFFIX3, t1), w.suffix[2]));
        out.push(mix(mix(TAG1_NEXT, t1), n.lower));
        out.push(mix(mix(TAG1_AMB, t1), w.ambiguity));
        out.push(mix(mix(TAG1_CLUSTER10, t1), w.cluster[2]));
    }
}

/// Features of the predicted history alone.
fn history_features(history: History, out: &mut Vec<Feature>) {
    use template::*;
    let t1 = History::hash(history.prev);
    let t2 = History::hash(history.prev2);
    out.push(mix(TAG1, t1));
    out.push(mix(TAG2, t2));
    out.push(mix(mix(TAG12, t1), t2));
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

    /// Tagging with the precomputed blocks must give the classes of scoring each word with all
    /// its features probed one by one.
    #[test]
    fn tagging_with_blocks_equals_probing_every_feature() {
        if !Tagger::has_embedded() {
            eprintln!("skipped: no embedded tagger model");
            return;
        }
        let tagger = Tagger::embedded();
        let sentences = [
            "The committee said on Tuesday that it would review the Brisk-Tarrow report .",
            "Can you book two tickets for Friday night at the Vantor Arms ?",
            "run running ran runs to to the the of of I I",
            "Zqxv wrrblt 2031 G-20 e-mail vantor@example.org :) !!!",
            "",
            "that that that is is not not",
        ];
        for sentence in sentences {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            assert_eq!(
                tagger.tag(&words),
                word_by_word(tagger, &words),
                "{sentence}"
            );
        }
    }

    fn word_by_word(tagger: &Tagger, words: &[&str]) -> Vec<PosTag> {
        let context = Context::new(words, &tagger.lexicon);
        let mut history = History::default();
        let mut features = Vec::new();
        let mut scores = vec![0i32; tagger.n_classes()];
        let mut out = Vec::new();
        for i in 0..words.len() {
            let class = context.sure(i).unwrap_or_else(|| {
                features.clear();
                context.features(i, history, &mut features);
                scores.fill(0);
                tagger.weights.score(&features, &mut scores);
                argmax(&scores)
            });
            out.push(tagger.classes[class]);
            history.push(class);
        }
        out
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Okafor"), shape_hash("Ferreira"));
        assert_ne!(shape_hash("Okafor"), shape_hash("okafor"));
        assert_eq!(shape_hash("1990s"), shape_hash("2000s"));
    }
}
