//! The arc-hybrid transition system (Kuhlmann et al. 2011) with its dynamic oracle (Goldberg &
//! Nivre 2013).
//!
//! Nodes are numbered as in CoNLL-U: 0 is the virtual root, words are `1..=n`. The root sits at
//! the bottom of the stack, and the only transition that may attach a word to it is the very last
//! RIGHT-ARC (buffer empty, one word left on the stack). Every terminal state is therefore a
//! single-rooted tree, whatever the model scores: well-formedness is a property of the system,
//! not something the decoder has to repair.

/// The virtual root node.
pub(crate) const ROOT: u32 = 0;

/// Index of the `root` relation in every model's label table.
pub(crate) const ROOT_LABEL: usize = 0;

/// A transition, encoded as a class of the classifier: 0 is SHIFT, `1 + 2l` is LEFT-ARC with
/// label `l`, `2 + 2l` is RIGHT-ARC with label `l`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// Push the first buffer word onto the stack.
    Shift,
    /// Attach the stack top to the first buffer word and pop it.
    Left(usize),
    /// Attach the stack top to the word below it and pop it.
    Right(usize),
}

impl Move {
    pub(crate) fn from_class(class: usize) -> Move {
        match class {
            0 => Move::Shift,
            c if c % 2 == 1 => Move::Left((c - 1) / 2),
            c => Move::Right((c - 2) / 2),
        }
    }

    pub(crate) fn class(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + 2 * l,
            Move::Right(l) => 2 + 2 * l,
        }
    }
}

/// Number of classifier classes for a label table of `labels` relations.
pub(crate) fn class_count(labels: usize) -> usize {
    1 + 2 * labels
}

/// "No node": the root can never be a dependent, so 0 is free to mean "none" in child slots.
pub(crate) const NONE: u32 = 0;

/// A parser configuration plus the partial tree built so far, with the child bookkeeping the
/// features need kept up to date in O(1) per transition.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) n: u32,
    pub(crate) stack: Vec<u32>,
    /// First buffer word; the buffer is `b0..=n`, empty when `b0 > n`.
    pub(crate) b0: u32,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost children.
    pub(crate) lc1: Vec<u32>,
    pub(crate) lc2: Vec<u32>,
    pub(crate) rc1: Vec<u32>,
    pub(crate) rc2: Vec<u32>,
    pub(crate) left_count: Vec<u16>,
    pub(crate) right_count: Vec<u16>,
    /// Sets of the labels of left and right children (bit `label % 64`).
    pub(crate) left_labels: Vec<u64>,
    pub(crate) right_labels: Vec<u64>,
}

impl State {
    pub(crate) fn new(words: usize) -> State {
        let size = words + 1;
        let mut stack = Vec::with_capacity(size);
        stack.push(ROOT);
        State {
            n: words as u32,
            stack,
            b0: 1,
            heads: vec![ROOT; size],
            labels: vec![ROOT_LABEL as u8; size],
            lc1: vec![NONE; size],
            lc2: vec![NONE; size],
            rc1: vec![NONE; size],
            rc2: vec![NONE; size],
            left_count: vec![0; size],
            right_count: vec![0; size],
            left_labels: vec![0; size],
            right_labels: vec![0; size],
        }
    }

    pub(crate) fn is_terminal(&self) -> bool {
        self.buffer_empty() && self.stack.len() == 1
    }

    pub(crate) fn buffer_empty(&self) -> bool {
        self.b0 > self.n
    }

    /// The `i`-th stack item from the top, if any.
    pub(crate) fn stack(&self, i: usize) -> Option<u32> {
        let len = self.stack.len();
        (i < len).then(|| self.stack[len - 1 - i])
    }

    /// The `i`-th buffer word, if any.
    pub(crate) fn buffer(&self, i: u32) -> Option<u32> {
        let b = self.b0 + i;
        (b <= self.n).then_some(b)
    }

    pub(crate) fn is_valid(&self, m: Move) -> bool {
        let has_dependent = self.stack.len() >= 2;
        match m {
            Move::Shift => !self.buffer_empty(),
            Move::Left(l) => has_dependent && !self.buffer_empty() && l != ROOT_LABEL,
            Move::Right(l) => {
                has_dependent && {
                    let to_root = self.stack[self.stack.len() - 2] == ROOT;
                    // Attaching to the root is only allowed as the last transition: one root.
                    if to_root {
                        self.buffer_empty() && l == ROOT_LABEL
                    } else {
                        l != ROOT_LABEL
                    }
                }
            }
        }
    }

    pub(crate) fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b0);
                self.b0 += 1;
            }
            Move::Left(l) => {
                let dep = self.stack.pop().expect("LEFT-ARC needs a stack word");
                self.attach(self.b0, dep, l);
            }
            Move::Right(l) => {
                let dep = self.stack.pop().expect("RIGHT-ARC needs a stack word");
                let head = *self.stack.last().expect("RIGHT-ARC needs a head");
                self.attach(head, dep, l);
            }
        }
    }

    /// In arc-hybrid a new left child is always further left than the earlier ones, and a new
    /// right child further right, so the extreme children are a simple shift register.
    fn attach(&mut self, head: u32, dep: u32, label: usize) {
        let (h, d) = (head as usize, dep as usize);
        self.heads[d] = head;
        self.labels[d] = label as u8;
        let bit = 1u64 << (label % 64);
        if dep < head {
            self.lc2[h] = self.lc1[h];
            self.lc1[h] = dep;
            self.left_count[h] = self.left_count[h].saturating_add(1);
            self.left_labels[h] |= bit;
        } else {
            self.rc2[h] = self.rc1[h];
            self.rc1[h] = dep;
            self.right_count[h] = self.right_count[h].saturating_add(1);
            self.right_labels[h] |= bit;
        }
    }
}

/// A gold tree for the dynamic oracle: heads and label indices by node (index 0 unused).
pub(crate) struct GoldTree<'a> {
    pub(crate) heads: &'a [u32],
    pub(crate) labels: &'a [u8],
}

/// Costs (gold arcs made unreachable) of the three unlabelled moves plus the labelled
/// corrections, computed once per configuration.
pub(crate) struct Costs {
    shift: u32,
    left: u32,
    right: u32,
    /// Gold label of s0 if LEFT-ARC would give it its gold head.
    left_gold_label: Option<u8>,
    right_gold_label: Option<u8>,
}

impl Costs {
    /// Goldberg & Nivre (2013), arc-hybrid: the system is arc-decomposable, so the cost of a
    /// transition is the number of gold arcs it makes unreachable.
    pub(crate) fn new(state: &State, gold: &GoldTree) -> Costs {
        let in_buffer = |k: u32| k >= state.b0 && k <= state.n && k != ROOT;
        let s0 = state.stack(0);
        let s1 = state.stack(1);
        let b0 = state.buffer(0);
        let mut costs = Costs {
            shift: 0,
            left: 0,
            right: 0,
            left_gold_label: None,
            right_gold_label: None,
        };
        if let Some(b) = b0 {
            // b0's head deeper in the stack than s0, and b0's dependents on the stack, are lost.
            let head = gold.heads[b as usize];
            let top = s0.unwrap_or(ROOT);
            costs.shift = state
                .stack
                .iter()
                .map(|&k| {
                    u32::from(k == head && k != top)
                        + u32::from(gold.heads[k as usize] == b && k != ROOT)
                })
                .sum();
        }
        if let (Some(s), Some(under)) = (s0, s1) {
            let head = gold.heads[s as usize];
            let deps_in_buffer = (state.b0..=state.n)
                .filter(|&k| gold.heads[k as usize] == s)
                .count() as u32;
            let label = gold.labels[s as usize];
            if let Some(b) = b0 {
                costs.left =
                    deps_in_buffer + u32::from(head == under || (in_buffer(head) && head != b));
                costs.left_gold_label = (head == b).then_some(label);
            }
            costs.right = deps_in_buffer + u32::from(in_buffer(head));
            costs.right_gold_label = (head == under).then_some(label);
        }
        costs
    }

    pub(crate) fn of(&self, m: Move) -> u32 {
        let label_cost =
            |gold: Option<u8>, l: usize| u32::from(gold.is_some_and(|g| g as usize != l));
        match m {
            Move::Shift => self.shift,
            Move::Left(l) => self.left + label_cost(self.left_gold_label, l),
            Move::Right(l) => self.right + label_cost(self.right_gold_label, l),
        }
    }
}

/// Lift non-projective arcs (attach the dependent to its head's head) until the tree is
/// projective: arc-hybrid can only build projective trees, and its oracle needs a reachable gold.
/// `heads` is indexed by node, `heads[0]` unused.
pub(crate) fn projectivize(heads: &mut [u32]) {
    // Each lift moves a dependent strictly up the tree, so n² lifts bound the loop.
    let n = heads.len();
    for _ in 0..n * n {
        match shortest_non_projective(heads) {
            Some(dep) => heads[dep] = heads[heads[dep] as usize],
            None => return,
        }
    }
}

fn shortest_non_projective(heads: &[u32]) -> Option<usize> {
    (1..heads.len())
        .filter(|&d| !is_projective(heads, d))
        .min_by_key(|&d| (d as i64 - heads[d] as i64).abs())
}

fn is_projective(heads: &[u32], dep: usize) -> bool {
    let head = heads[dep] as usize;
    let (lo, hi) = (head.min(dep), head.max(dep));
    (lo + 1..hi).all(|k| dominates(heads, head, k))
}

fn dominates(heads: &[u32], ancestor: usize, mut node: usize) -> bool {
    for _ in 0..heads.len() {
        if node == ancestor {
            return true;
        }
        if node == 0 {
            return false;
        }
        node = heads[node] as usize;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_trip() {
        for c in 0..class_count(5) {
            assert_eq!(Move::from_class(c).class(), c);
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 <- 3 (root), 2 -> 4, 4 -> 3: arc 2-4 crosses nothing, arc 1..3? build a crossing:
        // heads: 1:3, 2:4, 3:0, 4:1  => arc (1,4) spans 2,3 which 1 does not dominate.
        let mut heads = vec![0, 3, 4, 0, 1];
        projectivize(&mut heads);
        for d in 1..heads.len() {
            assert!(is_projective(&heads, d), "{heads:?}");
        }
    }

    #[test]
    fn static_oracle_path_has_zero_cost_and_rebuilds_gold() {
        // "She saw him ." : saw root; she, him, . depend on saw.
        let heads = [0, 2, 0, 2, 2];
        let labels = [0u8, 1, 0, 2, 3];
        let gold = GoldTree {
            heads: &heads,
            labels: &labels,
        };
        let mut state = State::new(4);
        while !state.is_terminal() {
            let costs = Costs::new(&state, &gold);
            let m = (0..class_count(4))
                .map(Move::from_class)
                .find(|&m| state.is_valid(m) && costs.of(m) == 0)
                .expect("a zero-cost move exists");
            state.apply(m);
        }
        assert_eq!(&state.heads[1..], &heads[1..]);
        assert_eq!(&state.labels[1..], &labels[1..]);
    }
}
