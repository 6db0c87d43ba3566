//! Word tokens as the scorers count them: maximal runs of `\w` characters (letters, digits,
//! underscore), lowercased. Deliberately independent of the pipeline's tokenizer, so that a
//! change in the system under test cannot change how it is scored.

use std::collections::HashMap;

/// `\w` as regex engines define it, minus combining marks (rare in NFC news text).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lowercased `\w+` tokens of `text`, in order (a multiset when counted).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Character ranges (start, end exclusive) of the `\w+` tokens of a text given as characters.
pub fn word_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in chars.iter().enumerate() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, chars.len()));
    }
    out
}

/// Dice coefficient over token multisets: 2|p ∩ g| / (|p| + |g|). Two empty texts score 0,
/// because an empty quote matches nothing.
pub fn dice(p: &[String], g: &[String]) -> f64 {
    if p.is_empty() || g.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in g {
        *counts.entry(w).or_default() += 1;
    }
    let mut shared = 0;
    for w in p {
        if let Some(n) = counts.get_mut(w.as_str()) {
            if *n > 0 {
                *n -= 1;
                shared += 1;
            }
        }
    }
    2.0 * shared as f64 / (p.len() + g.len()) as f64
}

/// Dice over the word tokens of two texts.
pub fn text_dice(p: &str, g: &str) -> f64 {
    dice(&words(p), &words(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_word_runs() {
        assert_eq!(words("Don’t stop, Bob_2!"), ["don", "t", "stop", "bob_2"]);
        assert!(words(" — , ").is_empty());
    }

    #[test]
    fn word_ranges_are_char_offsets() {
        let chars: Vec<char> = "“Hé said” ok".chars().collect();
        assert_eq!(word_ranges(&chars), [(1, 3), (4, 8), (10, 12)]);
    }

    #[test]
    fn dice_counts_multisets() {
        let a = words("the cat saw the dog");
        let b = words("the dog");
        // shared: "the", "dog" → 2·2 / (5 + 2)
        assert!((dice(&a, &b) - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(text_dice("Same words here", "same WORDS here"), 1.0);
        assert_eq!(text_dice("", ""), 0.0);
        assert_eq!(text_dice("alpha", "beta"), 0.0);
        // a repeated token only counts as often as it occurs on both sides
        assert!((text_dice("no no no", "no") - 0.5).abs() < 1e-12);
    }
}
