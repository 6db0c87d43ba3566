//! Sentence splitter for news prose. A sentence ends at ".", "!", "?" or an ellipsis, together
//! with any closing quotation marks and brackets after it, when the next word starts a sentence;
//! never after titles and abbreviations ("Mr.", "Sen.", "Sept.") or initials ("J. Smith").
//! Paragraph breaks always end a sentence.

use super::{Sentence, Token, TokenKind};
use std::ops::Range;

/// Abbreviations that are followed by a dot and rarely end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt",
    "cmdr", "adm", "sgt", "st", "rev", "hon", "pres", "sec", "amb", "jr", "sr", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues",
    "wed", "thu", "thurs", "fri", "sat", "no", "nos", "vs", "v", "inc", "corp", "co", "ltd",
    "dept", "est", "approx", "fig", "ft", "mt", "ave", "blvd", "u.s", "d.c", "u.k", "u.n", "e.u",
];

/// A title written with a dot that stands before a name ("Sen." in "Sen. Ann Ross"); the
/// tokenizer splits the dot off, as it does after every abbreviation of [`ABBREVIATIONS`].
pub fn is_title_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Prof"
            | "Rev"
            | "St"
    )
}

/// Words after a dotted abbreviation such as "U.S." that show a new sentence has begun.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Still",
    "Yet",
    "So",
    "Now",
    "Then",
    "However",
    "Meanwhile",
    "Some",
    "Many",
];

pub fn split(text: &str, tokens: &[Token], paragraphs: &[Range<usize>]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        let mut start = para.start;
        let mut i = para.start;
        while i < para.end {
            if let Some(end) = sentence_end(text, tokens, i, para.end) {
                out.push(Sentence {
                    tokens: start..end,
                    paragraph: p,
                });
                start = end;
                i = end;
            } else {
                i += 1;
            }
        }
        if start < para.end {
            out.push(Sentence {
                tokens: start..para.end,
                paragraph: p,
            });
        }
    }
    out
}

/// If token `i` ends a sentence, the index just past the sentence (after closing marks).
fn sentence_end(text: &str, tokens: &[Token], i: usize, para_end: usize) -> Option<usize> {
    let word = |j: usize| &text[tokens[j].start..tokens[j].end];
    let t = tokens[i];
    let w = word(i);
    let terminal = match t.kind {
        TokenKind::Punct => matches!(w.chars().next(), Some('.' | '!' | '?' | '…')),
        // "U.S." at the very end of a sentence carries the full stop in its last dot.
        TokenKind::Word => w.len() > 2 && w.ends_with('.'),
        _ => false,
    };
    if !terminal {
        return None;
    }
    if t.kind == TokenKind::Punct && w == "." && i > 0 && is_abbreviation(text, tokens, i) {
        return None;
    }
    // Take closing quotation marks and brackets with the sentence.
    let mut end = i + 1;
    while end < para_end
        && closes(word(end), tokens[end].kind)
        && tokens[end].start == tokens[end - 1].end
    {
        end += 1;
    }
    if end >= para_end {
        return Some(para_end);
    }
    let next = word(end);
    let first = next.chars().next()?;
    let starts_sentence = first.is_uppercase()
        || first.is_ascii_digit()
        || tokens[end].kind == TokenKind::Quote
        || matches!(first, '(' | '[' | '—' | '-');
    if !starts_sentence {
        return None;
    }
    if t.kind == TokenKind::Word && !SENTENCE_STARTERS.contains(&next) {
        return None;
    }
    Some(end)
}

fn closes(w: &str, kind: TokenKind) -> bool {
    kind == TokenKind::Quote || matches!(w, ")" | "]")
}

/// A dot right after a known abbreviation or a single capital letter (an initial).
fn is_abbreviation(text: &str, tokens: &[Token], dot: usize) -> bool {
    let prev = tokens[dot - 1];
    if prev.end != tokens[dot].start || prev.kind != TokenKind::Word {
        return false;
    }
    let w = &text[prev.start..prev.end];
    let initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use crate::text::annotate;

    fn sentences(text: &str) -> Vec<String> {
        let a = annotate(text);
        a.sentences
            .iter()
            .map(|s| a.slice(s.tokens.clone()).to_string())
            .collect()
    }

    #[test]
    fn titles_abbreviations_initials() {
        assert_eq!(
            sentences("Mr. Smith met Sen. Warren on Sept. 12. J. R. Jones came too. He left."),
            vec![
                "Mr. Smith met Sen. Warren on Sept. 12.",
                "J. R. Jones came too.",
                "He left."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations() {
        assert_eq!(
            sentences("The U.S. Navy sailed. It reached the U.S. The crew cheered."),
            vec![
                "The U.S. Navy sailed.",
                "It reached the U.S.",
                "The crew cheered."
            ]
        );
    }

    #[test]
    fn quotes_end_sentences() {
        assert_eq!(
            sentences("“We won,” he said. “It was hard.” She agreed... Then, “why?” she asked."),
            vec![
                "“We won,” he said.",
                "“It was hard.”",
                "She agreed...",
                "Then, “why?” she asked."
            ]
        );
    }

    #[test]
    fn paragraphs_end_sentences() {
        let a = annotate("Notify of\nInline Feedbacks\n\nView all comments");
        assert_eq!(a.paragraphs.len(), 3);
        assert_eq!(a.sentences.len(), 3);
    }
}
