//! Small lexical helpers shared by the boilerplate rules: normalising a line for matching,
//! splitting a paragraph into sentences, recognising capitalised words.

/// A paragraph prepared for matching.
pub(super) struct Line<'a> {
    pub raw: &'a str,
    /// Lower case, typographic apostrophes and quotes folded to ASCII, whitespace collapsed.
    pub lower: String,
    /// `lower` without surrounding punctuation and decoration: what exact-line lexicons match.
    pub key: String,
    /// Words with a letter or digit in them (a "»" or "|" is decoration, not a word).
    pub words: usize,
    /// Contains quotation marks or a reporting verb: reported speech is story, never boilerplate
    /// of the bio/promo sort.
    pub speech: bool,
}

impl<'a> Line<'a> {
    pub fn new(raw: &'a str) -> Self {
        let lower = fold(raw);
        let key = lower
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#')
            .to_string();
        Line {
            raw,
            words: lower
                .split(' ')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count(),
            speech: is_speech(raw, &lower),
            key,
            lower,
        }
    }

    /// The text before the first colon, when it is a short label such as "Source" or "Read more".
    pub fn label(&self) -> Option<&str> {
        let (label, _) = self.key.split_once(':')?;
        let label = label.trim_start_matches(['(', '[']).trim();
        (label.split(' ').count() <= 3).then_some(label)
    }
}

/// Lower case with typographic quotes folded and whitespace collapsed to single spaces.
pub(super) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | '‘' | '`' => out.push('\''),
                '“' | '”' | '„' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

const REPORTING: &[&str] = &[" said", " says", " told ", "according to", " asked"];

fn is_speech(raw: &str, lower: &str) -> bool {
    raw.contains(['“', '”', '"', '„', '«', '»']) || REPORTING.iter().any(|v| lower.contains(v))
}

/// Whether `phrase` occurs in `text` as whole words.
pub(super) fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "prof",
    "u.s", "u.k", "no", "vs", "inc", "corp", "co",
];

/// Splits a paragraph into sentences at `.`, `!` or `?` followed by a space and a capital
/// letter (or `@`, for "Follow him at @x."), except after initials and common abbreviations.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(at, end), (_, space), (next_at, next)] = [w[0], w[1], w[2]];
        let ends = matches!(end, '.' | '!' | '?') && space.is_whitespace();
        let opens = next.is_uppercase() || next == '@' || matches!(next, '"' | '“');
        if ends && opens && !(end == '.' && is_abbreviation(&text[start..at])) {
            out.push(text[start..at + 1].trim());
            start = next_at;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn is_abbreviation(before_dot: &str) -> bool {
    let word = before_dot.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_letter || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// A word that starts with a capital letter (names, titles of publications).
pub(super) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word without the punctuation around it ("Wire." → "Wire", "(Reuters)" → "Reuters").
pub(super) fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '&')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_initials() {
        let s = sentences("J. R. Smith is a writer for The Post. Follow him at @jrs. Thanks!");
        assert_eq!(
            s,
            vec![
                "J. R. Smith is a writer for The Post.",
                "Follow him at @jrs.",
                "Thanks!"
            ]
        );
        assert_eq!(sentences("Mr. Lee left."), vec!["Mr. Lee left."]);
    }

    #[test]
    fn folds_and_keys() {
        let l = Line::new("  View all   Comments » ");
        assert_eq!(l.key, "view all comments");
        assert_eq!(l.words, 3);
        assert!(Line::new("“Yes,” he said.").speech);
        assert_eq!(fold("America’s"), "america's");
    }

    #[test]
    fn whole_word_phrases() {
        assert!(contains_phrase("read the daily ledger now", "daily ledger"));
        assert!(!contains_phrase("the daily ledgers", "daily ledger"));
    }
}
