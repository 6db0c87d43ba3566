//! When a predicted name counts as the gold name.

use super::schema::GoldEntity;
use std::collections::HashMap;

/// Lowercase, whitespace collapsed: names and phrases compare case-insensitively.
pub fn normalize(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The gold document's names, indexed by surname so that "Duval" can stand for
/// "Claire Duval" — but only when no other gold entity shares that surname.
pub struct NameBook {
    surname_counts: HashMap<String, usize>,
}

impl NameBook {
    pub fn new(entities: &[GoldEntity]) -> Self {
        let mut surname_counts = HashMap::new();
        for e in entities {
            if let Some(s) = surname(&normalize(&e.name)) {
                *surname_counts.entry(s.to_string()).or_default() += 1;
            }
        }
        NameBook { surname_counts }
    }

    /// Whether `predicted` names the gold `gold`: equal ignoring case, or the gold name's
    /// surname alone when that surname is unique among the gold entity names.
    pub fn matches(&self, predicted: &str, gold: &str) -> bool {
        let (p, g) = (normalize(predicted), normalize(gold));
        if p.is_empty() {
            return false;
        }
        if p == g {
            return true;
        }
        surname(&g).is_some_and(|s| s == p && self.surname_counts.get(s) == Some(&1))
    }
}

/// The last word of a name of two or more words.
fn surname(normalized: &str) -> Option<&str> {
    normalized
        .rsplit_once(' ')
        .map(|(_, last)| last)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(names: &[&str]) -> NameBook {
        let entities: Vec<GoldEntity> = names
            .iter()
            .map(|n| GoldEntity {
                name: n.to_string(),
            })
            .collect();
        NameBook::new(&entities)
    }

    #[test]
    fn surname_counts_only_when_unique() {
        let b = book(&["Ada Quill", "Boris Quill", "Cyrus Vane", "Harbor Council"]);
        assert!(b.matches("cyrus  VANE", "Cyrus Vane"));
        assert!(b.matches("Vane", "Cyrus Vane"));
        assert!(
            !b.matches("Quill", "Ada Quill"),
            "two gold entities are called Quill"
        );
        assert!(b.matches("Ada Quill", "Ada Quill"));
        assert!(
            !b.matches("Cyrus", "Cyrus Vane"),
            "a first name is not a surname"
        );
        assert!(!b.matches("", "Cyrus Vane"));
    }

    #[test]
    fn plain_phrases_compare_case_insensitively() {
        let b = book(&["Cyrus Vane"]);
        assert!(b.matches("Reporters", "reporters"));
        assert!(!b.matches("journalists", "reporters"));
    }
}
