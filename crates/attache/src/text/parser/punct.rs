//! Punctuation reattachment after parsing.
//!
//! UD attaches a punctuation mark "at the highest possible node that preserves projectivity"
//! within the unit it delimits, and EWT's punctuation was normalised to that rule by a
//! deterministic procedure (udapi's `ud.FixPunct`). So once the words are attached, where the
//! punctuation goes follows from the tree, more reliably than the parser guesses it word by
//! word: this module applies the same procedure to the parser's output.
//!
//! Nodes are numbered as in the parser's state: 0 is the root, word `i` is node `i + 1`.

/// Sentences longer than this keep the parser's punctuation: the checks below cost time
/// quadratic in the sentence length, and such "sentences" are lists or markup, not prose.
const MAX_WORDS: usize = 400;

/// What a paired mark opens and closes.
const PAIRS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("\"", "\""),
    ("“", "”"),
    ("‘", "’"),
    ("«", "»"),
    ("-LRB-", "-RRB-"),
];

/// The role a mark turned out to play in a pair, which the single-mark rule must respect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paired {
    No,
    Opening,
    Closing,
}

/// A tree under repair: `heads[n]` is node `n`'s head (`heads[0]` unused). The parser's trees
/// are projective and stay so here, so a word's subtree is the run of words from `first[n]` to
/// `last[n]`: dominance is two comparisons. Only marks move, and marks are leaves, so the runs
/// (taken over words, marks left out) are computed once.
struct Tree<'a> {
    heads: &'a mut [u32],
    punct: &'a [bool],
    first: Vec<usize>,
    last: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn new(heads: &'a mut [u32], punct: &'a [bool]) -> Tree<'a> {
        let n = heads.len();
        let mut tree = Tree {
            heads,
            punct,
            first: (0..n).collect(),
            last: (0..n).collect(),
        };
        tree.first[0] = 1;
        tree.last[0] = n - 1;
        tree
    }

    /// Computes the words' runs; call after the last word (not mark) has moved.
    fn index_subtrees(&mut self) {
        for m in 1..self.len() {
            if self.punct[m] {
                continue;
            }
            let mut a = self.head(m);
            for _ in 0..self.len() {
                if a == 0 {
                    break;
                }
                self.first[a] = self.first[a].min(m);
                self.last[a] = self.last[a].max(m);
                a = self.head(a);
            }
        }
    }

    fn len(&self) -> usize {
        self.heads.len()
    }

    fn head(&self, n: usize) -> usize {
        self.heads[n] as usize
    }

    /// Whether `a` dominates the word `b` (a node dominates itself).
    fn dominates(&self, a: usize, b: usize) -> bool {
        a == 0 || (self.first[a] <= b && b <= self.last[a])
    }

    /// Whether attaching the mark `p` to the word `cand` keeps the tree projective: every word
    /// between them hangs below `cand`, and every arc spanning `p` comes from a head above it.
    fn projective_with(&self, p: usize, cand: usize) -> bool {
        let (lo, hi) = (p.min(cand), p.max(cand));
        (lo + 1..hi)
            .filter(|&m| !self.punct[m])
            .all(|m| self.dominates(cand, m))
            && (1..self.len()).filter(|&d| !self.punct[d]).all(|d| {
                let h = self.head(d);
                let spans = d.min(h) < p && p < d.max(h);
                !spans || self.dominates(h, cand)
            })
    }
}

/// Reattaches the punctuation marks of a parsed sentence. `heads` are node heads (index 0
/// unused), `forms[i]` and `punct[i]` describe node `i + 1`. Returns the nodes whose head changed.
pub(crate) fn reattach(heads: &mut [u32], forms: &[&str], punct: &[bool]) -> Vec<usize> {
    let n = forms.len();
    if n == 0 || n > MAX_WORDS || heads.len() != n + 1 || punct.len() != n {
        return Vec::new();
    }
    let mark_is_root_word = (1..=n).any(|i| punct[i - 1] && heads[i] == 0);
    if mark_is_root_word {
        // Lifting its dependents would give the sentence a second root word.
        return Vec::new();
    }
    let before = heads.to_vec();
    let mut is_punct = vec![false; n + 1];
    is_punct[1..].copy_from_slice(punct);
    let mut tree = Tree::new(heads, &is_punct);
    lift_children_of_marks(&mut tree);
    tree.index_subtrees();
    let roles = attach_pairs(&mut tree, forms);
    for p in 1..=n {
        if tree.punct[p] && roles[p] == Paired::No {
            attach_single(&mut tree, p, &roles);
        }
    }
    if !is_rooted_tree(tree.heads) {
        // Never trade a tree for a better-placed mark: keep the parser's output.
        heads.copy_from_slice(&before);
        return Vec::new();
    }
    (1..=n).filter(|&i| heads[i] != before[i]).collect()
}

/// Whether every node reaches the root without a cycle and exactly one hangs from it.
fn is_rooted_tree(heads: &[u32]) -> bool {
    let n = heads.len();
    let reaches_root = (1..n).all(|start| {
        let mut node = start;
        for _ in 0..n {
            node = heads[node] as usize;
            if node == 0 {
                return true;
            }
            if node >= n {
                return false;
            }
        }
        false
    });
    reaches_root && heads[1..].iter().filter(|&&h| h == 0).count() == 1
}

/// Punctuation has no dependents: a word hanging from a mark moves up to the mark's head.
fn lift_children_of_marks(tree: &mut Tree) {
    for m in 1..tree.len() {
        for _ in 0..tree.len() {
            let h = tree.head(m);
            if h == 0 || !tree.punct[h] {
                break;
            }
            tree.heads[m] = tree.heads[h];
        }
    }
}

/// Brackets and quotation marks attach, both of them, to the one word between them whose head
/// lies outside the pair, when there is exactly one such word (the enclosed phrase's head).
fn attach_pairs(tree: &mut Tree, forms: &[&str]) -> Vec<Paired> {
    let mut roles = vec![Paired::No; tree.len()];
    for open in 1..tree.len() {
        if !tree.punct[open] || roles[open] != Paired::No {
            continue;
        }
        let Some(&(opening, closing)) = PAIRS.iter().find(|(o, _)| *o == forms[open - 1]) else {
            continue;
        };
        // The closing mark must be tagged a mark too: a word may have dependents, and
        // attaching it to one of them would close a cycle.
        let Some(close) = matching_close(forms, open, opening, closing).filter(|&c| tree.punct[c])
        else {
            continue;
        };
        let inside = open + 1..close;
        let heads: Vec<usize> = inside
            .clone()
            .filter(|&m| !tree.punct[m] && !inside.contains(&tree.head(m)))
            .collect();
        if let [head] = heads[..] {
            tree.heads[open] = head as u32;
            tree.heads[close] = head as u32;
            roles[open] = Paired::Opening;
            roles[close] = Paired::Closing;
        }
    }
    roles
}

/// The node of the mark closing the one opened at node `open`, minding nested pairs.
fn matching_close(forms: &[&str], open: usize, opening: &str, closing: &str) -> Option<usize> {
    let mut depth = 0;
    for m in open + 1..=forms.len() {
        let form = forms[m - 1];
        if form == closing {
            if depth == 0 {
                return Some(m);
            }
            depth -= 1;
        } else if form == opening {
            depth += 1;
        }
    }
    None
}

/// Any other mark: climb from the nearest word on each side as long as the climb stays on that
/// side of the mark, keep the candidates that leave the tree projective, and attach to the
/// lower of the two highest ones, unless the parser's choice is already among them.
fn attach_single(tree: &mut Tree, p: usize, roles: &[Paired]) {
    let left = nearest_word(tree, p, roles, Side::Left);
    let right = nearest_word(tree, p, roles, Side::Right);
    let mut left_path = left.map_or_else(Vec::new, |l| climb(tree, p, l, Side::Left));
    let mut right_path = right.map_or_else(Vec::new, |r| climb(tree, p, r, Side::Right));
    left_path.retain(|&c| tree.projective_with(p, c));
    right_path.retain(|&c| tree.projective_with(p, c));
    let (l, r) = (left_path.last().copied(), right_path.last().copied());
    let cand = match (l, r) {
        (Some(l), Some(r)) if tree.dominates(r, l) => l,
        (Some(l), Some(r)) if tree.dominates(l, r) => r,
        (Some(l), _) => l,
        (None, Some(r)) => r,
        (None, None) => return,
    };
    let current = tree.head(p);
    if !left_path.contains(&current) && !right_path.contains(&current) {
        tree.heads[p] = cand as u32;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The nearest non-punctuation word on `side` of the mark `p`, unless an opening (left) or
/// closing (right) mark of another pair comes first: the mark cannot attach across it.
fn nearest_word(tree: &Tree, p: usize, roles: &[Paired], side: Side) -> Option<usize> {
    let mut m = p;
    loop {
        m = match side {
            Side::Left if m > 1 => m - 1,
            Side::Right if m + 1 < tree.len() => m + 1,
            _ => return None,
        };
        if !tree.punct[m] {
            return Some(m);
        }
        let barrier = match side {
            Side::Left => Paired::Opening,
            Side::Right => Paired::Closing,
        };
        if roles[m] == barrier && tree.head(m) != p {
            return None;
        }
    }
}

/// `start` and its ancestors while they stay on `side` of `p` and their subtrees do not reach
/// across it (climbing further would make the mark a gap in a phrase).
fn climb(tree: &Tree, p: usize, start: usize, side: Side) -> Vec<usize> {
    let mut path = vec![start];
    let mut c = start;
    for _ in 0..tree.len() {
        let h = tree.head(c);
        let continues = h != 0
            && match side {
                Side::Left => h < p && tree.last[c] < p,
                Side::Right => h > p && tree.first[c] > p,
            };
        if !continues {
            break;
        }
        c = h;
        path.push(c);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Heads given per word (1-based, 0 = root), as in CoNLL-U.
    fn fix(forms: &[&str], punct: &[bool], heads: &[u32]) -> Vec<u32> {
        let mut h = vec![0];
        h.extend_from_slice(heads);
        reattach(&mut h, forms, punct);
        h[1..].to_vec()
    }

    #[test]
    fn a_final_full_stop_attaches_to_the_root_word() {
        // "Ships sailed ." with the stop wrongly on "Ships".
        let forms = ["Ships", "sailed", "."];
        let heads = fix(&forms, &[false, false, true], &[2, 0, 1]);
        assert_eq!(heads, vec![2, 0, 2]);
    }

    #[test]
    fn a_comma_before_a_conjunct_attaches_to_the_conjunct() {
        // "Tolven rested , Mara sang ." : "sang" is a conjunct of "rested".
        let forms = ["Tolven", "rested", ",", "Mara", "sang", "."];
        let punct = [false, false, true, false, false, true];
        let heads = fix(&forms, &punct, &[2, 0, 1, 5, 2, 2]);
        assert_eq!(heads, vec![2, 0, 5, 5, 2, 2]);
    }

    #[test]
    fn brackets_attach_to_the_phrase_they_enclose() {
        // "Ferns ( mostly green ) grow" with both brackets misplaced.
        let forms = ["Ferns", "(", "mostly", "green", ")", "grow"];
        let punct = [false, true, false, false, true, false];
        let heads = fix(&forms, &punct, &[6, 6, 4, 1, 1, 0]);
        assert_eq!(heads, vec![6, 4, 4, 1, 4, 0]);
    }

    #[test]
    fn a_choice_on_the_candidate_path_is_kept() {
        // The comma on "rested" (the left path's top) is acceptable and stays.
        let forms = ["Tolven", "rested", ",", "then", "slept"];
        let punct = [false, false, true, false, false];
        let heads = fix(&forms, &punct, &[2, 0, 2, 5, 2]);
        assert_eq!(heads, vec![2, 0, 2, 5, 2]);
    }

    #[test]
    fn a_closing_form_tagged_as_a_word_is_not_paired() {
        // '»' tagged as a word, with the enclosed word hanging from it: pairing would attach
        // '»' to its own dependent.
        let forms = ["«", "Oda", "»", "rests"];
        let punct = [true, false, false, false];
        let heads = fix(&forms, &punct, &[4, 3, 4, 0]);
        assert!(is_rooted_tree(&[0, heads[0], heads[1], heads[2], heads[3]]));
        assert_eq!(heads[1..], [3, 4, 0]);
    }

    #[test]
    fn a_sentence_whose_root_word_is_a_mark_is_left_alone() {
        let forms = ["Oda", "!"];
        let heads = fix(&forms, &[false, true], &[2, 0]);
        assert_eq!(heads, vec![2, 0]);
    }

    #[test]
    fn words_never_hang_from_punctuation_and_the_tree_stays_a_tree() {
        let forms = ["Oda", ":", "yes", "."];
        let punct = [false, true, false, true];
        let heads = fix(&forms, &punct, &[0, 1, 2, 2]);
        assert_eq!(heads[2], 1, "'yes' moves from ':' to its head");
        assert_eq!(heads.iter().filter(|&&h| h == 0).count(), 1);
    }
}
