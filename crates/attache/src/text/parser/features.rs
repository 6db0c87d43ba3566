//! Feature templates: the Zhang & Nivre (2011) set (words, tags, distance, valency, children and
//! their labels, label sets) adapted to arc-hybrid, where the second stack item s1 plays the role
//! of arc-eager's head of s0, and b0 (which only ever has left children) those of s0's children.
//!
//! A feature is a 64-bit hash of its template number and its atoms: no vocabulary to store, and a
//! model is just a table from hashes to class weights.

use super::transition::{State, NONE, ROOT};
use crate::text::clusters::{Clusters, MAX_DEPTH};

/// Number of feature templates, i.e. features per configuration.
pub(crate) const TEMPLATES: usize = 97;

/// Hash of a string atom (words, tags). FNV-1a, then a finaliser: stable across platforms and
/// runs, which the model file relies on.
pub(crate) fn hash_str(kind: u64, s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ kind;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    finalize(h)
}

/// `hash_str` of the lowercased string, without allocating for ASCII words (nearly all).
fn hash_lowercase(kind: u64, s: &str) -> u64 {
    if !s.is_ascii() {
        return hash_str(kind, &s.to_lowercase());
    }
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ kind;
    for b in s.bytes() {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
    }
    finalize(h)
}

const fn finalize(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[inline]
fn mix(h: u64, atom: u64) -> u64 {
    (h ^ atom)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(29)
}

const KIND_WORD: u64 = 1;
const KIND_XPOS: u64 = 2;
const KIND_UPOS: u64 = 3;

const ROOT_CLUSTER: u64 = 0x0c1e_a5e5_0000_0001;
const NO_CLUSTER: u64 = 0x0c1e_a5e5_0000_0002;

/// Atoms of a word's cluster path: a 6-turn prefix and the whole path (`NO_CLUSTER` for words
/// too rare in the unlabelled text).
fn cluster_atoms(clusters: &Clusters, word: &str) -> (u64, u64) {
    match clusters.path(word) {
        Some(path) => (path.prefix(6), path.prefix(MAX_DEPTH)),
        None => (NO_CLUSTER, NO_CLUSTER),
    }
}

/// A sentence with its atoms hashed once, index 0 being the root.
pub(crate) struct Encoded {
    pub(crate) word: Vec<u64>,
    pub(crate) xpos: Vec<u64>,
    pub(crate) upos: Vec<u64>,
    /// The word's distributional cluster (`text/clusters`), coarse and full: what unlabelled
    /// text says about words the treebank rarely or never shows.
    pub(crate) cluster_coarse: Vec<u64>,
    pub(crate) cluster: Vec<u64>,
    /// Punctuation marks and verbs among nodes `0..=i`: prefix sums that count them between
    /// two nodes in O(1) (a comma between s0 and b0 says a lot about attaching them).
    punct: Vec<u16>,
    verbs: Vec<u16>,
}

impl Encoded {
    /// Tags beyond the end of a short tag slice count as unknown rather than panicking.
    pub(crate) fn new<W: AsRef<str>, T: AsRef<str>>(
        words: &[W],
        upos: &[T],
        xpos: &[T],
        clusters: &Clusters,
    ) -> Encoded {
        let n = words.len();
        let tag = |tags: &[T], i: usize, kind| {
            tags.get(i)
                .map_or(hash_str(kind, "?"), |t| hash_str(kind, t.as_ref()))
        };
        let mut enc = Encoded {
            word: Vec::with_capacity(n + 1),
            xpos: Vec::with_capacity(n + 1),
            upos: Vec::with_capacity(n + 1),
            cluster_coarse: Vec::with_capacity(n + 1),
            cluster: Vec::with_capacity(n + 1),
            punct: Vec::with_capacity(n + 1),
            verbs: Vec::with_capacity(n + 1),
        };
        enc.word.push(hash_str(KIND_WORD, "<root>"));
        enc.xpos.push(hash_str(KIND_XPOS, "<root>"));
        enc.upos.push(hash_str(KIND_UPOS, "<root>"));
        enc.cluster_coarse.push(ROOT_CLUSTER);
        enc.cluster.push(ROOT_CLUSTER);
        enc.punct.push(0);
        enc.verbs.push(0);
        let (punct, verb) = (hash_str(KIND_UPOS, "PUNCT"), hash_str(KIND_UPOS, "VERB"));
        for (i, w) in words.iter().enumerate() {
            let u = tag(upos, i, KIND_UPOS);
            enc.word.push(hash_lowercase(KIND_WORD, w.as_ref()));
            enc.xpos.push(tag(xpos, i, KIND_XPOS));
            enc.upos.push(u);
            let (coarse, full) = cluster_atoms(clusters, w.as_ref());
            enc.cluster_coarse.push(coarse);
            enc.cluster.push(full);
            enc.punct
                .push(enc.punct[i].saturating_add(u16::from(u == punct)));
            enc.verbs
                .push(enc.verbs[i].saturating_add(u16::from(u == verb)));
        }
        enc
    }

    /// How many of `counts` lie strictly between two nodes, capped at 3.
    fn between(counts: &[u16], a: Slot, b: Slot) -> u64 {
        if !a.present || !b.present {
            return ABSENT;
        }
        let (lo, hi) = (a.node.min(b.node) as usize, a.node.max(b.node) as usize);
        if hi <= lo + 1 {
            return 0;
        }
        u64::from((counts[hi - 1] - counts[lo]).min(3))
    }
}

const ABSENT: u64 = 0x5bd1_e995_1234_5678;

/// The atoms of one position of the configuration (a stack or buffer item, or a child of one).
#[derive(Clone, Copy)]
struct Slot {
    node: u32,
    present: bool,
    w: u64,
    p: u64,
    u: u64,
    /// Cluster path: 6-turn prefix and whole.
    c: u64,
    cf: u64,
}

impl Slot {
    fn of(enc: &Encoded, node: Option<u32>) -> Slot {
        match node {
            Some(n) => Slot {
                node: n,
                present: true,
                w: enc.word[n as usize],
                p: enc.xpos[n as usize],
                u: enc.upos[n as usize],
                c: enc.cluster_coarse[n as usize],
                cf: enc.cluster[n as usize],
            },
            None => Slot {
                node: NONE,
                present: false,
                w: ABSENT,
                p: ABSENT,
                u: ABSENT,
                c: ABSENT,
                cf: ABSENT,
            },
        }
    }

    /// Child slots: 0 means "no child" (the root is never a child).
    fn child(enc: &Encoded, parent: Slot, child: impl Fn(usize) -> u32) -> Slot {
        let c = if parent.present {
            child(parent.node as usize)
        } else {
            NONE
        };
        Slot::of(enc, (c != NONE).then_some(c))
    }

    fn label(self, state: &State) -> u64 {
        if self.present {
            100 + u64::from(state.labels[self.node as usize])
        } else {
            ABSENT
        }
    }
}

/// Distance bucket between two nodes (Zhang & Nivre use the raw distance; buckets generalise).
fn distance(a: Slot, b: Slot) -> u64 {
    if !a.present || !b.present {
        return ABSENT;
    }
    let d = a.node.abs_diff(b.node);
    match d {
        0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

fn count(present: bool, v: &[u16], node: u32) -> u64 {
    if present {
        u64::from(v[node as usize].min(5))
    } else {
        ABSENT
    }
}

fn label_set(present: bool, v: &[u64], node: u32) -> u64 {
    if present {
        v[node as usize]
    } else {
        ABSENT
    }
}

/// The starting hash of each template's features (`finalize(t + 1)` for template `t`), computed
/// at compile time rather than 91 times a transition.
const TEMPLATE_SEEDS: [u64; TEMPLATES] = {
    let mut seeds = [0u64; TEMPLATES];
    let mut t = 0;
    while t < TEMPLATES {
        seeds[t] = finalize(t as u64 + 1);
        t += 1;
    }
    seeds
};

/// The parts of a configuration a template reads, which decide how long its features stay the
/// same while a sentence is parsed: the decoder (`model.rs`) keeps the summed score rows of every
/// group but `Mixed` until the part it reads changes, and probes the table only for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// Words, tags and clusters of b0, b1 and b2: set by b0's position alone, i.e. the same from
    /// one SHIFT to the next.
    Buffer,
    /// b0 with its left children: changes when b0 moves or gains a child (SHIFT, LEFT-ARC).
    BufferTree,
    /// The stack as it stays while its top does: words, tags and clusters of s0, s1 and s2, what
    /// lies between s1 and s0, s0's left children (it got them as b0, before it was pushed) and
    /// s1's children (a covered item gains none). Set by the top node alone, since a word is
    /// pushed only once.
    Stack,
    /// s0's right children, which it gains on top (RIGHT-ARC).
    TopRight,
    /// Stack and buffer together (s0 with b0): new at every step.
    Mixed,
}

impl Group {
    /// Every group, `Mixed` last.
    pub(crate) const ALL: [Group; 5] = [
        Group::Buffer,
        Group::BufferTree,
        Group::Stack,
        Group::TopRight,
        Group::Mixed,
    ];

    /// Number of templates in the group.
    pub(crate) const fn templates(self) -> usize {
        match self {
            Group::Buffer => BUFFER_TEMPLATES,
            Group::BufferTree => BUFFER_TREE_TEMPLATES,
            Group::Stack => STACK_TEMPLATES,
            Group::TopRight => TOP_RIGHT_TEMPLATES,
            Group::Mixed => MIXED_TEMPLATES,
        }
    }
}

/// Number of templates in each group.
pub(crate) const BUFFER_TEMPLATES: usize = 16;
pub(crate) const BUFFER_TREE_TEMPLATES: usize = 8;
pub(crate) const STACK_TEMPLATES: usize = 35;
pub(crate) const TOP_RIGHT_TEMPLATES: usize = 8;
pub(crate) const MIXED_TEMPLATES: usize = 30;
const _: () = assert!(
    BUFFER_TEMPLATES
        + BUFFER_TREE_TEMPLATES
        + STACK_TEMPLATES
        + TOP_RIGHT_TEMPLATES
        + MIXED_TEMPLATES
        == TEMPLATES
);

/// The features of one group: (template number, feature hash) pairs. The template number, not
/// the place in the list, seeds the hash, so grouping leaves the model file's features alone.
type Hashed<const N: usize> = [(usize, u64); N];

/// The hashed features of one group. A macro, not a function over an array of slices: each
/// template expands to straight-line mixing of its atoms. As a function the loops were
/// unrolled or not as the inliner saw fit, and that hung on how unrelated modules fell into
/// codegen units (a change to the quote stage alone once made feature extraction take 1.6
/// times the instructions).
macro_rules! hashed {
    ([$(($t:expr, &[$($atom:expr),* $(,)?])),* $(,)?]) => {
        [$({
            let mut h = TEMPLATE_SEEDS[$t];
            $(h = mix(h, $atom);)*
            ($t, finalize(h))
        }),*]
    };
}

/// Writes the features of `state` into `out`, one per template, `out[t]` for template `t`.
pub(crate) fn extract(state: &State, enc: &Encoded, out: &mut [u64; TEMPLATES]) {
    let mut put = |hashed: &[(usize, u64)]| {
        for &(t, h) in hashed {
            out[t] = h;
        }
    };
    put(&buffer(state, enc));
    put(&buffer_tree(state, enc));
    put(&stack(state, enc));
    put(&top_right(state, enc));
    put(&mixed(state, enc));
}

/// Writes the features of one group into `out` (of the group's size) in the group's order.
pub(crate) fn extract_group(group: Group, state: &State, enc: &Encoded, out: &mut [u64]) {
    let mut put = |hashed: &[(usize, u64)]| {
        for (o, &(_, h)) in out.iter_mut().zip(hashed) {
            *o = h;
        }
    };
    match group {
        Group::Buffer => put(&buffer(state, enc)),
        Group::BufferTree => put(&buffer_tree(state, enc)),
        Group::Stack => put(&stack(state, enc)),
        Group::TopRight => put(&top_right(state, enc)),
        Group::Mixed => put(&mixed(state, enc)),
    }
}

/// The children slots of a stack or buffer item: leftmost, second leftmost, rightmost, second
/// rightmost.
fn children(state: &State, enc: &Encoded, p: Slot) -> (Slot, Slot, Slot, Slot) {
    (
        Slot::child(enc, p, |i| state.lc1[i]),
        Slot::child(enc, p, |i| state.lc2[i]),
        Slot::child(enc, p, |i| state.rc1[i]),
        Slot::child(enc, p, |i| state.rc2[i]),
    )
}

fn buffer(state: &State, enc: &Encoded) -> Hashed<BUFFER_TEMPLATES> {
    let b0 = Slot::of(enc, state.buffer(0));
    let b1 = Slot::of(enc, state.buffer(1));
    let b2 = Slot::of(enc, state.buffer(2));
    hashed!([
        (4, &[b0.w, b0.p]),
        (5, &[b0.w]),
        (6, &[b0.p]),
        (7, &[b0.u]),
        (8, &[b1.w, b1.p]),
        (9, &[b1.w]),
        (10, &[b1.p]),
        (11, &[b2.w]),
        (12, &[b2.p]),
        (24, &[b0.p, b1.p]),
        (31, &[b0.p, b1.p, b2.p]),
        (83, &[b0.w, b1.w]),
        (84, &[b0.p, b1.w]),
        // Word clusters.
        (88, &[b0.c]),
        (90, &[b0.cf, b0.p]),
        (91, &[b1.c]),
    ])
}

fn buffer_tree(state: &State, enc: &Encoded) -> Hashed<BUFFER_TREE_TEMPLATES> {
    let b0 = Slot::of(enc, state.buffer(0));
    let (b0l, b0l2, _, _) = children(state, enc, b0);
    let b0vl = count(b0.present, &state.left_count, b0.node);
    let b0sl = label_set(b0.present, &state.left_labels, b0.node);
    let (b0ll, b0l2l) = (b0l.label(state), b0l2.label(state));
    hashed!([
        // Valency and label set.
        (53, &[b0.w, b0vl]),
        (54, &[b0.p, b0vl]),
        (78, &[b0.p, b0sl]),
        // Children, second children and their trigrams.
        (61, &[b0l.w]),
        (62, &[b0l.p]),
        (63, &[b0ll]),
        (70, &[b0l2.p, b0l2l]),
        (73, &[b0.p, b0l.p, b0l2.p]),
    ])
}

fn stack(state: &State, enc: &Encoded) -> Hashed<STACK_TEMPLATES> {
    let s0 = Slot::of(enc, state.stack(0));
    let s1 = Slot::of(enc, state.stack(1));
    let s2 = Slot::of(enc, state.stack(2));
    let (s0l, s0l2, _, _) = children(state, enc, s0);
    let (s1l, _, s1r, s1r2) = children(state, enc, s1);
    let d1 = distance(s1, s0);
    let s0vl = count(s0.present, &state.left_count, s0.node);
    let s1vl = count(s1.present, &state.left_count, s1.node);
    let s1vr = count(s1.present, &state.right_count, s1.node);
    let s1sr = label_set(s1.present, &state.right_labels, s1.node);
    let (s0ll, s0l2l) = (s0l.label(state), s0l2.label(state));
    let (s1ll, s1rl) = (s1l.label(state), s1r.label(state));
    let punct_s1s0 = Encoded::between(&enc.punct, s1, s0);
    let verbs_s1s0 = Encoded::between(&enc.verbs, s1, s0);
    hashed!([
        // Single words.
        (0, &[s0.w, s0.p]),
        (1, &[s0.w]),
        (2, &[s0.p]),
        (3, &[s0.u]),
        (13, &[s1.w, s1.p]),
        (14, &[s1.w]),
        (15, &[s1.p]),
        (16, &[s2.p]),
        // Pairs and triples.
        (25, &[s1.p, s0.p]),
        (26, &[s1.w, s1.p, s0.p]),
        (27, &[s1.p, s0.w, s0.p]),
        (30, &[s1.u, s0.u]),
        (34, &[s2.p, s1.p, s0.p]),
        (38, &[s1.p, s1r.p, s0.p]),
        (40, &[s1.p, s0.p, s0l.p]),
        // Distance, valency.
        (48, &[s1.p, s0.p, d1]),
        (51, &[s0.w, s0vl]),
        (52, &[s0.p, s0vl]),
        (55, &[s1.p, s1vr]),
        (56, &[s1.p, s1vl]),
        // Children, second children and their trigrams, label set.
        (57, &[s0l.w]),
        (58, &[s0l.p]),
        (59, &[s0ll]),
        (64, &[s1l.p, s1ll]),
        (65, &[s1r.p, s1rl]),
        (66, &[s1r.w]),
        (68, &[s0l2.p, s0l2l]),
        (71, &[s0.p, s0l.p, s0l2.p]),
        (74, &[s1.p, s1r.p, s1r2.p]),
        (79, &[s1.p, s1sr]),
        // Punctuation and verbs in between.
        (81, &[s1.p, s0.p, punct_s1s0]),
        (82, &[s1.p, s0.p, verbs_s1s0]),
        // Word clusters.
        (87, &[s0.c]),
        (89, &[s0.cf, s0.p]),
        (95, &[s1.c, s0.c]),
    ])
}

fn top_right(state: &State, enc: &Encoded) -> Hashed<TOP_RIGHT_TEMPLATES> {
    let s0 = Slot::of(enc, state.stack(0));
    let s1 = Slot::of(enc, state.stack(1));
    let (_, _, s0r, s0r2) = children(state, enc, s0);
    let s0vr = count(s0.present, &state.right_count, s0.node);
    let s0sl = label_set(s0.present, &state.left_labels, s0.node);
    let s0sr = label_set(s0.present, &state.right_labels, s0.node);
    let (s0rl, s0r2l) = (s0r.label(state), s0r2.label(state));
    hashed!([
        (39, &[s1.p, s0.p, s0r.p]),
        (49, &[s0.w, s0vr]),
        (50, &[s0.p, s0vr]),
        (60, &[s0rl]),
        (69, &[s0r2.p, s0r2l]),
        (72, &[s0.p, s0r.p, s0r2.p]),
        (76, &[s0.w, s0r.w]),
        (77, &[s0.p, s0sl, s0sr]),
    ])
}

fn mixed(state: &State, enc: &Encoded) -> Hashed<MIXED_TEMPLATES> {
    let s0 = Slot::of(enc, state.stack(0));
    let s1 = Slot::of(enc, state.stack(1));
    let b0 = Slot::of(enc, state.buffer(0));
    let b1 = Slot::of(enc, state.buffer(1));
    let s0_is_root = s0.present && s0.node == ROOT;
    let (s0l, _, s0r, _) = children(state, enc, s0);
    let b0l = Slot::child(enc, b0, |i| state.lc1[i]);
    let d = if s0_is_root { 7 } else { distance(s0, b0) };
    let (s0ll, s0rl) = (s0l.label(state), s0r.label(state));
    let punct_s0b0 = Encoded::between(&enc.punct, s0, b0);
    hashed!([
        // Word pairs.
        (17, &[s0.w, s0.p, b0.w, b0.p]),
        (18, &[s0.w, s0.p, b0.w]),
        (19, &[s0.w, b0.w, b0.p]),
        (20, &[s0.w, s0.p, b0.p]),
        (21, &[s0.p, b0.w, b0.p]),
        (22, &[s0.w, b0.w]),
        (23, &[s0.p, b0.p]),
        (28, &[s1.p, b0.p]),
        (29, &[s0.u, b0.u]),
        // Tag triples.
        (32, &[s0.p, b0.p, b1.p]),
        (33, &[s1.p, s0.p, b0.p]),
        (35, &[s0.p, s0l.p, b0.p]),
        (36, &[s0.p, s0r.p, b0.p]),
        (37, &[s0.p, b0.p, b0l.p]),
        (41, &[s0.w, b0.p, b1.p]),
        (42, &[s0.p, b0.w, b1.p]),
        // Distance.
        (43, &[s0.w, d]),
        (44, &[s0.p, d]),
        (45, &[b0.p, d]),
        (46, &[s0.w, b0.w, d]),
        (47, &[s0.p, b0.p, d]),
        // Children's labels.
        (67, &[s0.p, s0ll, b0.p]),
        (75, &[s0.p, s0rl, b0.p]),
        // Punctuation in between, UPOS triples.
        (80, &[s0.p, b0.p, punct_s0b0]),
        (85, &[s0.u, b0.u, b1.u]),
        (86, &[s1.u, s0.u, b0.u]),
        // Word clusters.
        (92, &[s0.c, b0.c]),
        (93, &[s0.cf, b0.p]),
        (94, &[s0.p, b0.cf]),
        (96, &[s0.c, b0.c, d]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template belongs to exactly one group.
    #[test]
    fn groups_partition_the_templates() {
        let enc = Encoded::new(
            &["Rain", "fell", "."],
            &["NOUN", "VERB", "PUNCT"],
            &["NN", "VBD", "."],
            &Clusters::default(),
        );
        let state = State::new(3);
        let mut ids: Vec<usize> = Vec::new();
        ids.extend(buffer(&state, &enc).map(|(t, _)| t));
        ids.extend(buffer_tree(&state, &enc).map(|(t, _)| t));
        ids.extend(stack(&state, &enc).map(|(t, _)| t));
        ids.extend(top_right(&state, &enc).map(|(t, _)| t));
        ids.extend(mixed(&state, &enc).map(|(t, _)| t));
        ids.sort_unstable();
        assert_eq!(ids, (0..TEMPLATES).collect::<Vec<_>>());
    }
}
