//! Training the lemmatiser: count edit scripts per (form, XPOS) and per (XPOS, ending); keep
//! the most frequent. Endings are counted over word types, since unseen words resemble rare
//! words more than frequent ones.

use super::model::{ending, ending_key, known_key, Edit, Lemmatizer};
use crate::text::conllu;
use crate::text::perceptron::{hash_str, FeatureMap};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct LemmaConfig {
    /// Longest word ending (in characters) the unseen-word rules look at.
    pub max_suffix: usize,
    /// An ending rule needs this many word types behind it.
    pub min_types: usize,
}

impl Default for LemmaConfig {
    fn default() -> Self {
        LemmaConfig {
            max_suffix: 5,
            min_types: 2,
        }
    }
}

pub fn train(sentences: &[conllu::Sentence], config: &LemmaConfig) -> Lemmatizer {
    type Counts<'a> = BTreeMap<(String, &'a str), BTreeMap<Edit, usize>>;
    let (mut by_form, mut by_lower, mut lower_edits) =
        (Counts::new(), Counts::new(), Counts::new());
    let mut lemmas = FeatureMap::default();
    for w in sentences.iter().flat_map(|s| &s.words) {
        if w.lemma == "_" {
            continue;
        }
        lemmas.insert(hash_str(&w.lemma.to_lowercase()), ());
        let edit = Edit::between(&w.form, &w.lemma);
        let lower = w.form.to_lowercase();
        let key = (lower.clone(), w.xpos.as_str());
        *by_form
            .entry((w.form.clone(), w.xpos.as_str()))
            .or_default()
            .entry(edit.clone())
            .or_default() += 1;
        *by_lower
            .entry(key.clone())
            .or_default()
            .entry(edit)
            .or_default() += 1;
        // Ending rules see case-free edits: the caller decides the case from the tag.
        let case_free = Edit::between(&lower, &w.lemma.to_lowercase());
        *lower_edits
            .entry(key)
            .or_default()
            .entry(case_free)
            .or_default() += 1;
    }
    let mut edits = EditSet::default();
    let mut exact = FeatureMap::default();
    for ((form, xpos), counts) in &by_form {
        exact.insert(known_key(form, xpos), edits.id(most_frequent(counts)));
    }
    let mut known = FeatureMap::default();
    for ((lower, xpos), counts) in &by_lower {
        known.insert(known_key(lower, xpos), edits.id(most_frequent(counts)));
    }
    let mut by_ending: BTreeMap<(&str, String), BTreeMap<Edit, usize>> = BTreeMap::new();
    for ((lower, xpos), counts) in &lower_edits {
        let types: BTreeSet<&Edit> = counts.keys().collect();
        for k in 0..=config.max_suffix {
            let Some(end) = ending(lower, k) else { break };
            let slot = by_ending.entry((xpos, end.to_string())).or_default();
            for &e in &types {
                *slot.entry(e.clone()).or_default() += 1;
            }
        }
    }
    let mut endings = FeatureMap::default();
    for ((xpos, end), counts) in &by_ending {
        if counts.values().sum::<usize>() >= config.min_types {
            endings.insert(ending_key(xpos, end), edits.id(most_frequent(counts)));
        }
    }
    Lemmatizer {
        edits: edits.list,
        exact,
        known,
        endings,
        max_suffix: config.max_suffix,
        lemmas,
    }
}

/// The edit with the highest count; ties go to the smallest edit, for determinism.
fn most_frequent(counts: &BTreeMap<Edit, usize>) -> &Edit {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(e, _)| e)
        .expect("counted at least one edit")
}

#[derive(Default)]
struct EditSet {
    list: Vec<Edit>,
    ids: BTreeMap<Edit, u32>,
}

impl EditSet {
    fn id(&mut self, edit: &Edit) -> u32 {
        if let Some(&id) = self.ids.get(edit) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(edit.clone());
        self.ids.insert(edit.clone(), id);
        id
    }
}
