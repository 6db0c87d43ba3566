//! Pairing predicted quotes with gold quotes by content.

use crate::eval::tokens::{dice, words};

/// Two quotes are the same quote when the Dice overlap of their content tokens reaches this.
pub const MATCH_THRESHOLD: f64 = 0.5;

/// A one-to-one pairing of gold and predicted quotes (indices into the two lists).
#[derive(Debug, Clone, Default)]
pub struct Matching {
    pub gold_to_pred: Vec<Option<usize>>,
    pub pred_to_gold: Vec<Option<usize>>,
}

impl Matching {
    /// Matched pairs in gold order.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.gold_to_pred
            .iter()
            .enumerate()
            .filter_map(|(g, p)| p.map(|p| (g, p)))
    }
}

/// Greedy one-to-one matching: the pair with the highest overlap is taken first, so a nested
/// quote ("X said that Y said Z") pairs with the gold quote it overlaps most, not the first
/// one it overlaps enough. Ties go to the earlier gold, then the earlier prediction.
pub fn match_contents(gold: &[&str], pred: &[&str]) -> Matching {
    let gold_words: Vec<Vec<String>> = gold.iter().map(|t| words(t)).collect();
    let pred_words: Vec<Vec<String>> = pred.iter().map(|t| words(t)).collect();
    let mut candidates = Vec::new();
    for (g, gw) in gold_words.iter().enumerate() {
        for (p, pw) in pred_words.iter().enumerate() {
            let overlap = dice(pw, gw);
            if overlap >= MATCH_THRESHOLD {
                candidates.push((overlap, g, p));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut m = Matching {
        gold_to_pred: vec![None; gold.len()],
        pred_to_gold: vec![None; pred.len()],
    };
    for (_, g, p) in candidates {
        if m.gold_to_pred[g].is_none() && m.pred_to_gold[p].is_none() {
            m.gold_to_pred[g] = Some(p);
            m.pred_to_gold[p] = Some(g);
        }
    }
    m
}

/// The prediction overlapping a gold content most, with its overlap, for reporting a miss.
pub fn closest<'a>(gold: &str, pred: &[&'a str]) -> Option<(f64, &'a str)> {
    let gw = words(gold);
    pred.iter()
        .map(|p| (dice(&words(p), &gw), *p))
        .filter(|(o, _)| *o > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_quotes_pair_by_best_overlap() {
        let gold = [
            "the harbor council said the ferry will run all winter",
            "the ferry will run all winter",
        ];
        // predicted in the opposite order; both overlap the outer gold quote enough
        let pred = [
            "the ferry will run all winter",
            "harbor council said the ferry will run all winter",
        ];
        let m = match_contents(&gold, &pred);
        assert_eq!(m.gold_to_pred, [Some(1), Some(0)]);
        assert_eq!(m.pairs().collect::<Vec<_>>(), [(0, 1), (1, 0)]);
    }

    #[test]
    fn below_threshold_is_no_match() {
        let m = match_contents(&["one two three four"], &["one five six seven"]);
        assert_eq!(m.gold_to_pred, [None]);
        assert_eq!(m.pred_to_gold, [None]);
        assert_eq!(
            closest("one two three four", &["one five six seven"])
                .unwrap()
                .0,
            0.25
        );
    }
}
