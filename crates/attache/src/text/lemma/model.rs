//! Edit scripts and the trained lookup tables.

use crate::text::perceptron::{hash_str, mix, FeatureMap};
use crate::text::tagger::PosTag;
use std::borrow::Cow;
use std::sync::LazyLock;

/// How to turn a form into its lemma: optionally lowercase it, strip characters from the end,
/// append a string. "Ran" → "run" is `{ lowercase, strip: 2, append: "un" }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    pub lowercase: bool,
    pub strip: usize,
    pub append: String,
}

impl Edit {
    /// The shortest edit from `form` to `lemma`; lowercasing wins ties, so "the" and "The"
    /// share one edit.
    pub fn between(form: &str, lemma: &str) -> Edit {
        let lower = form.to_lowercase();
        let by_lower = Edit::suffix_edit(&lower, lemma, true);
        let as_is = Edit::suffix_edit(form, lemma, false);
        if as_is.cost() < by_lower.cost() {
            as_is
        } else {
            by_lower
        }
    }

    fn suffix_edit(from: &str, to: &str, lowercase: bool) -> Edit {
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to_tail: String = to.chars().skip(common).collect();
        Edit {
            lowercase,
            strip: from.chars().count() - common,
            append: to_tail,
        }
    }

    fn cost(&self) -> usize {
        self.strip + self.append.chars().count()
    }

    /// Apply to a form; `None` when the form is too short to strip.
    pub fn apply(&self, form: &str) -> Option<String> {
        self.apply_cased(form, self.lowercase)
    }

    /// Apply with the casing decided by the caller rather than by the edit.
    fn apply_cased(&self, form: &str, lowercase: bool) -> Option<String> {
        // Lowercase first: the edit counts characters of the lowercase form.
        let base = if lowercase {
            Cow::Owned(form.to_lowercase())
        } else {
            Cow::Borrowed(form)
        };
        let n = base.chars().count();
        if self.strip > n || (self.strip == n && self.append.is_empty() && n > 0) {
            return None;
        }
        let end = base
            .char_indices()
            .nth(n - self.strip)
            .map_or(base.len(), |(at, _)| at);
        let mut out = String::with_capacity(end + self.append.len());
        out.push_str(&base[..end]);
        out.push_str(&self.append);
        Some(out)
    }
}

/// A trained lemmatiser.
#[derive(Debug, Clone, PartialEq)]
pub struct Lemmatizer {
    pub(super) edits: Vec<Edit>,
    /// hash(form, XPOS) → edit index.
    pub(super) exact: FeatureMap<u32>,
    /// hash(lowercased form, XPOS) → edit index, for case variants not seen as such.
    pub(super) known: FeatureMap<u32>,
    /// hash(XPOS, ending) → edit index, for endings of 0..=`max_suffix` characters.
    pub(super) endings: FeatureMap<u32>,
    pub(super) max_suffix: usize,
    /// Hashes of the lowercased lemmas of the training data: an unseen word's candidate lemmas
    /// (one per matching ending) are checked against them, so "provoked" becomes "provoke",
    /// a known lemma, rather than "provok".
    pub(super) lemmas: FeatureMap<()>,
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/lemma.bin");

static EMBEDDED: LazyLock<Lemmatizer> = LazyLock::new(|| {
    Lemmatizer::from_bytes(EMBEDDED_BYTES).unwrap_or_else(|e| {
        panic!("the embedded lemmatiser is unusable ({e}); rebuild it with `attache train tagger`")
    })
});

pub(super) fn known_key(lower: &str, xpos: &str) -> u64 {
    mix(hash_str(lower), hash_str(xpos))
}

pub(super) fn ending_key(xpos: &str, ending: &str) -> u64 {
    mix(mix(0x454e_44, hash_str(xpos)), hash_str(ending))
}

/// The last `chars` characters of `s` (all of it when shorter); `None` past its length.
pub(super) fn ending(s: &str, chars: usize) -> Option<&str> {
    if chars == 0 {
        return Some("");
    }
    s.char_indices()
        .rev()
        .nth(chars - 1)
        .map(|(at, _)| &s[at..])
}

impl Lemmatizer {
    /// The model built into the binary (models/lemma.bin), decoded on first use.
    pub fn embedded() -> &'static Lemmatizer {
        &EMBEDDED
    }

    pub fn has_embedded() -> bool {
        !EMBEDDED_BYTES.is_empty()
    }

    /// The lemma of `form` tagged `tag`.
    pub fn lemma(&self, form: &str, tag: &PosTag) -> String {
        if let Some(&e) = self.exact.get(&known_key(form, tag.xpos)) {
            return self.apply(e, form, None);
        }
        if let Some(number) = ungrouped_number(form) {
            return number;
        }
        if tag.xpos == "ADD" {
            // Web and e-mail addresses are their own lemma, case and all.
            return form.to_string();
        }
        let lower = form.to_lowercase();
        let proper = tag.xpos.starts_with("NNP");
        if proper {
            if let Some(lemma) = self.as_seen_cased(form, &lower, tag.xpos) {
                return lemma;
            }
        }
        if let Some(&e) = self.known.get(&known_key(&lower, tag.xpos)) {
            return self.apply(e, form, proper.then_some(false));
        }
        self.unseen(form, &lower, tag.xpos)
    }

    /// Words not seen with this tag in training. EWT keeps the case of proper nouns (and the
    /// form of singular ones) but title-cases long all-capital proper nouns ("TEHRAN" →
    /// "Tehran"), and lowercases everything else, acronyms of common nouns included ("RFP" →
    /// "rfp").
    fn unseen(&self, form: &str, lower: &str, xpos: &str) -> String {
        let proper = xpos.starts_with("NNP");
        let shouting = proper && is_all_caps(form) && form.chars().count() >= 5;
        let title;
        let form = if shouting {
            title = title_case(lower);
            title.as_str()
        } else {
            form
        };
        if xpos == "NNP" {
            return form.to_string();
        }
        let candidates = self.by_ending(lower, xpos);
        let chosen = candidates
            .iter()
            .find(|&&e| {
                self.edits[e as usize]
                    .apply_cased(lower, true)
                    .is_some_and(|l| self.lemmas.contains_key(&hash_str(&l)))
            })
            .or(candidates.first());
        match chosen {
            Some(&e) => self.apply(e, form, Some(!proper)),
            None if !proper => lower.to_string(),
            None => form.to_string(),
        }
    }

    /// A proper noun written all in lowercase or all in capitals ("chicago", "KENNEDY") takes
    /// the lemma of its title-cased form when training saw that form ("Chicago", "Kennedy"):
    /// EWT lemmatises names to their usual spelling more often than not.
    fn as_seen_cased(&self, form: &str, lower: &str, xpos: &str) -> Option<String> {
        let one_case = form == lower || !form.chars().any(char::is_lowercase);
        if !one_case {
            return None;
        }
        let variant = title_case(lower);
        let &e = self.exact.get(&known_key(&variant, xpos))?;
        Some(self.apply(e, &variant, None))
    }

    /// Apply edit `e`, optionally overriding its casing; an edit that does not fit the form
    /// leaves it as it is.
    fn apply(&self, e: u32, form: &str, lowercase: Option<bool>) -> String {
        let edit = &self.edits[e as usize];
        edit.apply_cased(form, lowercase.unwrap_or(edit.lowercase))
            .unwrap_or_else(|| form.to_string())
    }

    /// The edits of the word's endings that have a rule, longest ending first.
    fn by_ending(&self, lower: &str, xpos: &str) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.max_suffix + 1);
        for k in (0..=self.max_suffix).rev() {
            let Some(end) = ending(lower, k) else {
                continue;
            };
            if let Some(&e) = self.endings.get(&ending_key(xpos, end)) {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    pub fn n_known(&self) -> usize {
        self.known.len()
    }
}

/// EWT writes the lemma of a number grouped by commas without them: "6,363,217" → "6363217".
fn ungrouped_number(form: &str) -> Option<String> {
    let (int, fraction) = form.split_once('.').unwrap_or((form, ""));
    let mut groups = int.split(',');
    let head = groups.next()?;
    let digits = |g: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit())
    };
    let mut grouped = false;
    for g in groups {
        if !digits(g, 3..=3) {
            return None;
        }
        grouped = true;
    }
    let fraction_ok = fraction.is_empty() || digits(fraction, 1..=usize::MAX);
    (grouped && digits(head, 1..=3) && fraction_ok && !form.ends_with('.'))
        .then(|| form.replace(',', ""))
}

/// Two or more letters and no lowercase one: "NASA", "TEHRAN".
fn is_all_caps(form: &str) -> bool {
    form.chars().filter(|c| c.is_alphabetic()).count() > 1 && !form.chars().any(char::is_lowercase)
}

/// "tehran" → "Tehran".
fn title_case(lower: &str) -> String {
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_round_trip() {
        for (form, lemma) in [
            ("ran", "run"),
            ("The", "the"),
            ("Americans", "American"),
            ("studies", "study"),
            ("I", "I"),
            ("", ""),
        ] {
            let edit = Edit::between(form, lemma);
            assert_eq!(edit.apply(form).as_deref(), Some(lemma), "{form}");
        }
    }

    #[test]
    fn grouped_numbers_lose_their_commas() {
        assert_eq!(ungrouped_number("6,363,217").as_deref(), Some("6363217"));
        assert_eq!(ungrouped_number("1,250.75").as_deref(), Some("1250.75"));
        for not_grouped in [
            "1990", "12,34", "1,2345", ",123", "1,234.", "a,123", "1,234,",
        ] {
            assert_eq!(ungrouped_number(not_grouped), None, "{not_grouped}");
        }
        assert!(Edit::between("The", "the").lowercase);
        assert_eq!(Edit::between("The", "the"), Edit::between("the", "the"));
    }
}
