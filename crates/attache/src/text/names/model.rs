//! The trained name tagger: token features, transition features and Viterbi decoding.

use super::gazetteer::{bit, Gazetteer, Hit};
use super::{label, Span};
use crate::text::clusters::{ClusterPath, Clusters};
use crate::text::perceptron::{hash_str, mix, Feature, FeatureMap, Position, Weights};
use crate::text::tagger::{PosTag, Tagger};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq)]
pub struct NameTagger {
    pub(super) gazetteer: Gazetteer,
    pub(super) weights: Weights,
    /// Distributional word clusters the weights were trained with (stored in the model).
    pub(super) clusters: Clusters,
    blocks: WordBlocks,
}

/// Speed: for the words of the POS tagger's lexicon (frequent words), the summed scores of the
/// features that look at that word alone, from each position around the scored word, computed
/// once at load time. A known word then costs one dense addition per position instead of up to
/// ten hash probes; the scores are the same integers either way.
#[derive(Debug, Clone, Default)]
struct WordBlocks {
    /// Hash of the exact form → row.
    index: FeatureMap<u32>,
    /// `scores[row * Position::ALL.len() + position]`.
    scores: Vec<[i32; label::COUNT]>,
}

impl PartialEq for WordBlocks {
    /// Blocks are derived from the weights.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl WordBlocks {
    fn new<'a>(
        vocabulary: impl Iterator<Item = &'a str>,
        weights: &Weights,
        clusters: &Clusters,
    ) -> WordBlocks {
        let mut blocks = WordBlocks::default();
        let (mut lower, mut shape) = (String::new(), String::new());
        let mut features = Vec::new();
        for word in vocabulary {
            let lexical = Lexical::new(word, &mut lower, &mut shape, clusters);
            let row = blocks.index.len() as u32;
            if blocks.index.insert(lexical.form, row).is_some() {
                continue;
            }
            for position in Position::ALL {
                features.clear();
                window_features(position, &lexical, &mut features);
                let mut s = [0i32; label::COUNT];
                weights.score(&features, &mut s);
                blocks.scores.push(s);
            }
        }
        blocks
    }

    fn add(&self, row: u32, position: Position, scores: &mut [i32; label::COUNT]) {
        let block = &self.scores[row as usize * Position::ALL.len() + position as usize];
        for (s, b) in scores.iter_mut().zip(block) {
            *s += b;
        }
    }
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/names.bin");

static EMBEDDED: LazyLock<NameTagger> = LazyLock::new(|| {
    NameTagger::from_bytes(EMBEDDED_BYTES).unwrap_or_else(|e| {
        panic!("the embedded name tagger is unusable ({e}); rebuild it with `attache train names`")
    })
});

impl NameTagger {
    /// A tagger from its gazetteer and weights; the word blocks are built over the embedded
    /// POS tagger's lexicon when there is one.
    pub(super) fn new(gazetteer: Gazetteer, weights: Weights, clusters: Clusters) -> NameTagger {
        let blocks = if Tagger::has_embedded() {
            WordBlocks::new(Tagger::embedded().lexicon_words(), &weights, &clusters)
        } else {
            WordBlocks::default()
        };
        NameTagger {
            gazetteer,
            weights,
            clusters,
            blocks,
        }
    }

    /// The model built into the binary (models/names.bin), decoded on first use.
    pub fn embedded() -> &'static NameTagger {
        &EMBEDDED
    }

    pub fn has_embedded() -> bool {
        !EMBEDDED_BYTES.is_empty()
    }

    /// Names in one sentence, given its words and their POS tags (same length).
    pub fn tag(&self, words: &[&str], tags: &[PosTag]) -> Vec<Span> {
        label::to_spans(&self.labels(words, tags))
    }

    /// BIO label ids of one sentence.
    pub(super) fn labels(&self, words: &[&str], tags: &[PosTag]) -> Vec<usize> {
        let info = sentence_words(words, tags, &self.gazetteer, &self.clusters);
        let rows: Vec<Option<u32>> = info
            .iter()
            .map(|w| self.blocks.index.get(&w.lexical.form).copied())
            .collect();
        let mut features = Vec::with_capacity(64);
        let emissions: Vec<[i32; label::COUNT]> = (0..words.len())
            .map(|i| {
                features.clear();
                let mut s = [0i32; label::COUNT];
                for position in Position::ALL {
                    let j = i.checked_add_signed(position.offset());
                    match j.and_then(|j| rows.get(j)) {
                        Some(&Some(row)) => self.blocks.add(row, position, &mut s),
                        _ => window_features(position, &word_at(&info, j).lexical, &mut features),
                    }
                }
                context_features(i, &info, &mut features);
                self.weights.score(&features, &mut s);
                s
            })
            .collect();
        let transitions = transition_scores(|f, s| self.weights.add(f, s));
        viterbi(&emissions, &transitions)
    }

    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    pub fn gazetteer_len(&self) -> usize {
        self.gazetteer.len()
    }
}

/// The feature of label `prev` (or the sentence start) preceding the scored label.
pub(super) fn transition_feature(prev: Option<usize>) -> Feature {
    mix(template::TRANSITION, prev.map_or(99, |p| p as u64))
}

/// `scores[p][l]`: weight of label `l` after `p`; row `label::COUNT` is the sentence start.
pub(super) type Transitions = [[i32; label::COUNT]; label::COUNT + 1];

pub(super) fn transition_scores(mut add: impl FnMut(Feature, &mut [i32])) -> Transitions {
    let mut t = [[0i32; label::COUNT]; label::COUNT + 1];
    for (p, row) in t.iter_mut().enumerate() {
        let prev = (p < label::COUNT).then_some(p);
        add(transition_feature(prev), row);
    }
    t
}

/// Best label sequence under the BIO constraints.
pub(super) fn viterbi(emissions: &[[i32; label::COUNT]], transitions: &Transitions) -> Vec<usize> {
    const NEG: i64 = i64::MIN / 4;
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[NEG; label::COUNT]; n];
    let mut back = vec![[0usize; label::COUNT]; n];
    for l in 0..label::COUNT {
        if label::allowed(None, l) {
            score[0][l] = i64::from(emissions[0][l] + transitions[label::COUNT][l]);
        }
    }
    for i in 1..n {
        for l in 0..label::COUNT {
            for p in 0..label::COUNT {
                if score[i - 1][p] == NEG || !label::allowed(Some(p), l) {
                    continue;
                }
                let s = score[i - 1][p] + i64::from(transitions[p][l] + emissions[i][l]);
                if s > score[i][l] {
                    score[i][l] = s;
                    back[i][l] = p;
                }
            }
        }
    }
    let mut best = (0..label::COUNT)
        .max_by_key(|&l| (score[n - 1][l], std::cmp::Reverse(l)))
        .unwrap_or(label::OUTSIDE);
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = best;
        best = back[i][best];
    }
    out
}

mod template {
    pub const BIAS: u64 = 1;
    pub const FORM: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SUFFIX: u64 = 5; // + 0..3
    pub const PREFIX: u64 = 9; // + 0..3
    pub const PREV_LOWER: u64 = 12;
    pub const NEXT_LOWER: u64 = 13;
    pub const PREV2_LOWER: u64 = 14;
    pub const NEXT2_LOWER: u64 = 15;
    pub const PREV_SHAPE: u64 = 16;
    pub const NEXT_SHAPE: u64 = 17;
    pub const TAG: u64 = 18;
    pub const PREV_TAG: u64 = 19;
    pub const NEXT_TAG: u64 = 20;
    pub const TAG_SHAPE: u64 = 21;
    pub const GAZ: u64 = 22;
    pub const PREV_GAZ: u64 = 23;
    pub const NEXT_GAZ: u64 = 24;
    pub const GAZ_SHAPE: u64 = 25;
    pub const FIRST_SHAPE: u64 = 26;
    pub const TITLE_BEFORE: u64 = 27;
    pub const PREV_WORD_SHAPE: u64 = 28;
    pub const NEXT_WORD_SHAPE: u64 = 29;
    pub const TAGS3: u64 = 30;
    pub const TRANSITION: u64 = 31;
    pub const WORD_TAG: u64 = 32;
    pub const RUN_POS: u64 = 33;
    pub const RUN_BEFORE: u64 = 34;
    pub const RUN_AFTER: u64 = 35;
    pub const RUN_LAST: u64 = 36;
    pub const RUN_FIRST: u64 = 37;
    pub const RUN_ORG_WORD: u64 = 38;
    pub const RUN_BEFORE2: u64 = 39;
    pub const RUN_LAST_POS: u64 = 40;
    pub const WINDOW: u64 = 41;
    pub const PREV_WORD: u64 = 42;
    pub const WORD_NEXT: u64 = 43;
    pub const TAGS_AROUND2: u64 = 44;
    pub const GAZ_RUN: u64 = 45;
    pub const ACRONYM: u64 = 46;
    pub const SUFFIX4_RUN: u64 = 47;
    pub const PREV_FORM: u64 = 48;
    pub const NEXT_FORM: u64 = 49;
    pub const CLUSTER: u64 = 50; // + 0..3
    pub const CLUSTER_SHAPE: u64 = 54;
    pub const PREV_CLUSTER: u64 = 55;
    pub const NEXT_CLUSTER: u64 = 56;
    pub const CLUSTER_TAG: u64 = 57;
    pub const CLUSTER_RUN: u64 = 58;
}

/// Hashes of one word's letters: what the word-only features look at.
#[derive(Clone, Copy)]
struct Lexical {
    form: u64,
    lower: u64,
    shape: u64,
    /// Suffixes of 2, 3, 4 and prefixes of 1, 2, 3 characters of the lowercase form.
    affixes: [u64; 6],
    /// Prefixes of the word's cluster path ([`ClusterPath::PREFIXES`]), or "none" values.
    cluster: [u64; 4],
}

impl Lexical {
    const EDGE: Lexical = Lexical {
        form: 1,
        lower: 1,
        shape: 1,
        affixes: [1; 6],
        cluster: [1; 4],
    };

    /// `lower` and `shape` are scratch buffers.
    fn new(word: &str, lower: &mut String, shape: &mut String, clusters: &Clusters) -> Lexical {
        let form = hash_str(word);
        let path = clusters.path_of_hash(form);
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        let lower: &str = lower;
        let n = lower.chars().count();
        // Byte offset of the character `k` characters into the lowercase form.
        let char_at = |k: usize| lower.char_indices().nth(k).map_or(lower.len(), |c| c.0);
        let suffix = |k: usize| hash_str(&lower[char_at(n - k.min(n))..]);
        let prefix = |k: usize| hash_str(&lower[..char_at(k)]);
        Lexical {
            form,
            lower: hash_str(lower),
            shape: word_shape(word, shape),
            affixes: [
                suffix(2),
                suffix(3),
                suffix(4),
                prefix(1),
                prefix(2),
                prefix(3),
            ],
            cluster: std::array::from_fn(|k| match path {
                Some(p) => p.prefix(ClusterPath::PREFIXES[k]),
                None => 0x4e4f_434c_5553 + k as u64,
            }),
        }
    }
}

/// Features that look at the word `w` alone, standing at `position`.
fn window_features(position: Position, w: &Lexical, f: &mut Vec<Feature>) {
    use template::*;
    match position {
        Position::Current => {
            f.push(mix(BIAS, 0));
            f.push(mix(FORM, w.form));
            f.push(mix(LOWER, w.lower));
            f.push(mix(SHAPE, w.shape));
            for k in 0..3 {
                f.push(mix(SUFFIX + k as u64, w.affixes[k]));
                f.push(mix(PREFIX + k as u64, w.affixes[3 + k]));
            }
            for (k, &c) in w.cluster.iter().enumerate() {
                f.push(mix(CLUSTER + k as u64, c));
            }
            f.push(mix(mix(CLUSTER_SHAPE, w.cluster[3]), w.shape));
        }
        Position::Prev => {
            f.push(mix(PREV_LOWER, w.lower));
            f.push(mix(PREV_SHAPE, w.shape));
            f.push(mix(PREV_FORM, w.form));
            f.push(mix(PREV_CLUSTER, w.cluster[2]));
        }
        Position::Next => {
            f.push(mix(NEXT_LOWER, w.lower));
            f.push(mix(NEXT_SHAPE, w.shape));
            f.push(mix(NEXT_FORM, w.form));
            f.push(mix(NEXT_CLUSTER, w.cluster[2]));
        }
        Position::Prev2 => f.push(mix(PREV2_LOWER, w.lower)),
        Position::Next2 => f.push(mix(NEXT2_LOWER, w.lower)),
    }
}

/// Hashes of one word in its sentence.
#[derive(Clone, Copy)]
struct Word {
    lexical: Lexical,
    tag: u64,
    hit: Hit,
    run: Run,
    /// Two to six letters, all capitals ("NASA", "FBI"): acronyms are mostly organisations.
    acronym: bool,
}

/// Where a word stands in a run of capitalised words ("Department of State" counts "of" in).
#[derive(Clone, Copy)]
struct Run {
    /// 0 outside a run; else position (single, first, inside, last) mixed with length bucket.
    pos: u64,
    /// Lowercase words before the run (two) and after it, its first and last words.
    before: u64,
    before2: u64,
    after: u64,
    first: u64,
    last: u64,
    /// The run holds a word that typically ends or heads organisation names.
    org_word: bool,
}

impl Run {
    const NONE: Run = Run {
        pos: 0,
        before: 0,
        before2: 0,
        after: 0,
        first: 0,
        last: 0,
        org_word: false,
    };
}

/// Words that head or end organisation names.
const ORG_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "company",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "group",
    "party",
    "department",
    "dept",
    "ministry",
    "university",
    "college",
    "school",
    "institute",
    "association",
    "council",
    "committee",
    "commission",
    "agency",
    "bank",
    "bureau",
    "board",
    "church",
    "club",
    "court",
    "congress",
    "senate",
    "house",
    "parliament",
    "union",
    "foundation",
    "society",
    "center",
    "centre",
    "hospital",
    "airlines",
    "airways",
    "news",
    "times",
    "post",
    "journal",
    "network",
    "office",
    "service",
    "services",
    "systems",
    "technologies",
    "international",
    "federation",
    "league",
    "army",
    "navy",
    "force",
    "police",
    "administration",
    "organization",
    "organisation",
    "authority",
    "fund",
    "trust",
    "team",
    "press",
    "media",
    "bros",
    "bros.",
    "&",
    "labs",
    "motors",
    "industries",
    "holdings",
];

/// Capitalised runs of a sentence: words starting with a capital letter, joined across a
/// lowercase "of", "and", "for", "the", "&" between two capitalised words.
fn runs(words: &[&str]) -> Vec<Run> {
    let caps = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let joiner = |w: &str| matches!(w, "of" | "and" | "for" | "the" | "&" | "de");
    let n = words.len();
    let inside: Vec<bool> = (0..n)
        .map(|i| {
            caps(words[i])
                || (joiner(words[i])
                    && i > 0
                    && caps(words[i - 1])
                    && i + 1 < n
                    && caps(words[i + 1]))
        })
        .collect();
    let mut out = vec![Run::NONE; n];
    let lower = |i: Option<usize>| {
        i.and_then(|i| words.get(i))
            .map_or(7, |w| hash_str(&w.to_lowercase()))
    };
    let mut i = 0;
    while i < n {
        if !inside[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && inside[i] {
            i += 1;
        }
        let len = i - start;
        let org_word = words[start..i]
            .iter()
            .any(|w| ORG_WORDS.contains(&w.to_lowercase().as_str()));
        let bucket = len.min(5) as u64;
        let (before, before2, after) = (
            lower(start.checked_sub(1)),
            lower(start.checked_sub(2)),
            lower(Some(i)),
        );
        let (first, last) = (lower(Some(start)), lower(Some(i - 1)));
        for (k, slot) in out[start..i].iter_mut().enumerate() {
            let place = if len == 1 {
                1
            } else if k == 0 {
                2
            } else if k + 1 == len {
                4
            } else {
                3
            };
            *slot = Run {
                pos: place * 8 + bucket,
                before,
                before2,
                after,
                first,
                last,
                org_word,
            };
        }
    }
    out
}

impl Word {
    const EDGE: Word = Word {
        lexical: Lexical::EDGE,
        tag: 1,
        hit: Hit {
            bits: 0,
            begins: false,
        },
        run: Run::NONE,
        acronym: false,
    };
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

fn word_shape(w: &str, s: &mut String) -> u64 {
    s.clear();
    let mut last = ' ';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            s.push(k);
        }
        last = k;
    }
    hash_str(s)
}

/// Emission features of every word of a sentence.
pub(super) fn token_features(
    words: &[&str],
    tags: &[PosTag],
    gazetteer: &Gazetteer,
    clusters: &Clusters,
) -> Vec<Vec<Feature>> {
    let info = sentence_words(words, tags, gazetteer, clusters);
    (0..words.len())
        .map(|i| {
            let mut f = Vec::with_capacity(48);
            for position in Position::ALL {
                let j = i.checked_add_signed(position.offset());
                window_features(position, &word_at(&info, j).lexical, &mut f);
            }
            context_features(i, &info, &mut f);
            f
        })
        .collect()
}

/// The word at `j`, or the edge beyond the sentence.
fn word_at(info: &[Word], j: Option<usize>) -> Word {
    j.and_then(|j| info.get(j)).copied().unwrap_or(Word::EDGE)
}

/// The hashes of every word of a sentence, computed once (one lowercase buffer for all).
fn sentence_words(
    words: &[&str],
    tags: &[PosTag],
    gazetteer: &Gazetteer,
    clusters: &Clusters,
) -> Vec<Word> {
    let hits = gazetteer.hits(words);
    let runs = runs(words);
    let (mut lower, mut shape) = (String::new(), String::new());
    words
        .iter()
        .enumerate()
        .map(|(i, w)| Word {
            lexical: Lexical::new(w, &mut lower, &mut shape, clusters),
            tag: tags.get(i).map_or(0, |t| hash_str(t.xpos)),
            hit: hits[i],
            run: runs[i],
            acronym: is_acronym(w),
        })
        .collect()
}

/// The features that combine words, tags, gazetteer hits and runs (all but [`Position`]'s).
fn context_features(i: usize, info: &[Word], f: &mut Vec<Feature>) {
    use template::*;
    let at = |i: usize, d: isize| word_at(info, i.checked_add_signed(d));
    let (w, p, n, p2, n2) = (at(i, 0), at(i, -1), at(i, 1), at(i, -2), at(i, 2));
    if i == 0 {
        f.push(mix(FIRST_SHAPE, w.lexical.shape));
    }
    f.push(mix(mix(PREV_WORD_SHAPE, p.lexical.lower), w.lexical.shape));
    f.push(mix(mix(NEXT_WORD_SHAPE, n.lexical.lower), w.lexical.shape));
    f.push(mix(TAG, w.tag));
    f.push(mix(PREV_TAG, p.tag));
    f.push(mix(NEXT_TAG, n.tag));
    f.push(mix(mix(TAG_SHAPE, w.tag), w.lexical.shape));
    f.push(mix(mix(mix(TAGS3, p.tag), w.tag), n.tag));
    f.push(mix(mix(WORD_TAG, w.lexical.lower), w.tag));
    f.push(mix(mix(CLUSTER_TAG, w.lexical.cluster[2]), w.tag));
    for b in bit::ALL {
        if w.hit.bits & b != 0 {
            f.push(mix(mix(GAZ, u64::from(b)), u64::from(w.hit.begins)));
            f.push(mix(mix(GAZ_SHAPE, u64::from(b)), w.lexical.shape));
        }
        if p.hit.bits & b != 0 {
            f.push(mix(PREV_GAZ, u64::from(b)));
        }
        if n.hit.bits & b != 0 {
            f.push(mix(NEXT_GAZ, u64::from(b)));
        }
    }
    let r = w.run;
    if r.pos != 0 {
        f.push(mix(RUN_POS, r.pos));
        f.push(mix(mix(RUN_BEFORE, r.pos & 7), r.before));
        f.push(mix(mix(RUN_BEFORE2, r.before2), r.before));
        f.push(mix(RUN_AFTER, r.after));
        f.push(mix(RUN_LAST, r.last));
        f.push(mix(mix(RUN_LAST_POS, r.last), r.pos));
        f.push(mix(RUN_FIRST, r.first));
        f.push(mix(mix(RUN_ORG_WORD, u64::from(r.org_word)), r.pos));
        f.push(mix(mix(CLUSTER_RUN, w.lexical.cluster[3]), r.pos & 7));
        for d in [-3isize, -2, -1, 1, 2, 3] {
            let c = at(i, d);
            if c.run.pos == 0 {
                f.push(mix(WINDOW, c.lexical.lower));
            }
        }
    }
    f.push(mix(mix(PREV_WORD, p.lexical.lower), w.lexical.lower));
    f.push(mix(mix(WORD_NEXT, w.lexical.lower), n.lexical.lower));
    f.push(mix(mix(TAGS_AROUND2, p2.tag), n2.tag));
    if w.acronym {
        f.push(mix(mix(ACRONYM, w.tag), u64::from(w.hit.bits)));
    }
    if r.pos != 0 {
        f.push(mix(
            mix(mix(GAZ_RUN, u64::from(w.hit.bits)), u64::from(w.hit.begins)),
            r.pos,
        ));
        f.push(mix(mix(SUFFIX4_RUN, w.lexical.affixes[2]), r.pos & 7));
    }
    if p.hit.bits & bit::TITLE != 0 {
        f.push(mix(mix(TITLE_BEFORE, 1), w.lexical.shape));
    }
}
