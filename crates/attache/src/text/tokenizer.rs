//! Unicode-aware tokenizer. Words keep inner apostrophes, hyphens and dots of abbreviations
//! ("don't", "short-term", "U.S."); the possessive "'s" is split off so that "Okafor's" yields the
//! name "Okafor"; every quotation mark is a token of its own.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// A quotation mark of any style; the quote stage decides whether it opens or closes.
    Quote,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// Quotation marks of every common style: straight, curly, low-9, guillemets, single and double.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    // Whether a single quotation mark opened on this line is still open: then "rules' " closes
    // it rather than being a plural possessive.
    let mut single_open = false;
    while i < chars.len() {
        let c = chars[i].1;
        if c == '\n' {
            single_open = false;
        }
        if c.is_whitespace() || c.is_control() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_alphanumeric() {
            i = scan_word(&chars, i);
            if chars[start..i]
                .iter()
                .all(|&(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
            {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        } else if is_apostrophe(c) && possessive_at(&chars, i) {
            i += 2;
            TokenKind::Word
        } else if is_apostrophe(c) && !single_open && plural_possessive_at(&chars, i) {
            i += 1;
            TokenKind::Word
        } else if is_quote_char(c) {
            single_open = match c {
                '‘' | '‹' => true,
                '\'' => !follows_word(&chars, i) && precedes_word(&chars, i),
                '’' | '›' => false,
                _ => single_open,
            };
            i += 1;
            TokenKind::Quote
        } else {
            // Runs of the same punctuation ("...", "--") stay together.
            i += 1;
            while i < chars.len() && chars[i].1 == c && !c.is_alphanumeric() {
                i += 1;
            }
            TokenKind::Punct
        };
        tokens.push(Token {
            start: byte_at(start),
            end: byte_at(i),
            kind,
        });
    }
    tokens
}

/// "'s" after a word and before a non-letter: the possessive clitic.
fn possessive_at(chars: &[(usize, char)], i: usize) -> bool {
    i > 0
        && chars[i - 1].1.is_alphanumeric()
        && matches!(chars.get(i + 1), Some((_, 's' | 'S')))
        && !chars.get(i + 2).is_some_and(|&(_, c)| c.is_alphanumeric())
}

/// "fishers' union": an apostrophe after a plural "s", before the next word, is the
/// possessive (a word of its own, as in the treebanks), not a closing quotation mark.
fn plural_possessive_at(chars: &[(usize, char)], i: usize) -> bool {
    i > 0
        && matches!(chars[i - 1].1, 's' | 'S')
        && chars.get(i + 1).is_some_and(|&(_, c)| c == ' ')
        && chars.get(i + 2).is_some_and(|&(_, c)| c.is_alphanumeric())
}

fn follows_word(chars: &[(usize, char)], i: usize) -> bool {
    i > 0 && chars[i - 1].1.is_alphanumeric()
}

fn precedes_word(chars: &[(usize, char)], i: usize) -> bool {
    chars.get(i + 1).is_some_and(|&(_, c)| c.is_alphanumeric())
}

/// Scan a word from `i`: letters and digits, joined by inner apostrophes, hyphens, dots of
/// abbreviations ("U.S.", "p.m.") and digit separators ("1,000.5").
fn scan_word(chars: &[(usize, char)], mut i: usize) -> usize {
    let at = |j: usize| chars.get(j).map(|&(_, c)| c);
    let start = i;
    while let Some(c) = at(i) {
        if c.is_alphanumeric() || c == '\u{AD}' {
            i += 1;
            continue;
        }
        let next = at(i + 1);
        let prev = chars[i - 1].1;
        let joins = match c {
            '-' | '‐' | '&' => next.is_some_and(char::is_alphanumeric),
            '\'' | '’' => {
                next.is_some_and(char::is_alphabetic)
                    && !possessive_at(chars, i)
                    && prev.is_alphabetic()
            }
            ',' => {
                prev.is_ascii_digit()
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && digits_follow(chars, i + 1, 3)
            }
            '.' => {
                (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()))
                    || is_dotted_abbreviation(chars, start, i)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        i += 1;
        if c == '.' && !next.is_some_and(char::is_alphanumeric) {
            // The final dot of "U.S." belongs to the word.
            break;
        }
    }
    i
}

fn digits_follow(chars: &[(usize, char)], from: usize, n: usize) -> bool {
    (from..from + n).all(|j| chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit()))
        && !chars
            .get(from + n)
            .is_some_and(|&(_, c)| c.is_ascii_digit())
}

/// A dot inside or closing a run of single letters separated by dots: "U.S.", "U.S.A.", "p.m.".
fn is_dotted_abbreviation(chars: &[(usize, char)], start: usize, dot: usize) -> bool {
    let seg_start = chars[start..dot]
        .iter()
        .rposition(|&(_, c)| c == '.')
        .map_or(start, |p| start + p + 1);
    let seg_len = dot - seg_start;
    if seg_len != 1 {
        return false;
    }
    let next = chars.get(dot + 1).map(|&(_, c)| c);
    let after = chars.get(dot + 2).map(|&(_, c)| c);
    // Either another single letter follows ("U.S"), or we close a run that already had a dot.
    let continues = next.is_some_and(char::is_alphabetic) && after.is_none_or(|c| c == '.');
    let closes = chars[start..dot].iter().any(|&(_, c)| c == '.');
    continues || closes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_news_prose() {
        assert_eq!(
            words(
                "“I don’t think,” Okafor’s aide said of the U.S. short-term plan, 1,000.5 times..."
            ),
            vec![
                "“",
                "I",
                "don’t",
                "think",
                ",",
                "”",
                "Okafor",
                "’s",
                "aide",
                "said",
                "of",
                "the",
                "U.S.",
                "short-term",
                "plan",
                ",",
                "1,000.5",
                "times",
                "..."
            ]
        );
    }

    #[test]
    fn a_plural_possessive_is_a_word_unless_it_closes_a_single_quotation() {
        let kinds =
            |text: &str| -> Vec<TokenKind> { tokenize(text).iter().map(|t| t.kind).collect() };
        assert_eq!(
            words("the fishers' union"),
            vec!["the", "fishers", "'", "union"]
        );
        assert_eq!(kinds("the fishers' union")[2], TokenKind::Word);
        assert_eq!(kinds("the fishers’ union")[2], TokenKind::Word);
        // A single quotation opened before: the mark closes it.
        let closing = kinds("it was 'a mess of rules' and more");
        assert_eq!(closing[7], TokenKind::Quote);
        // A new line forgets an unclosed mark.
        assert_eq!(kinds("a 'b\nthe fishers' union")[5], TokenKind::Word);
    }

    #[test]
    fn quotes_are_tokens() {
        assert_eq!(words("'Terrifying.'"), vec!["'", "Terrifying", ".", "'"]);
        assert_eq!(words("«Oui», dit-il"), vec!["«", "Oui", "»", ",", "dit-il"]);
    }

    #[test]
    fn offsets_are_bytes_on_boundaries() {
        let text = "Kovalenko — “ça va”";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn lists_and_dates() {
        assert_eq!(
            words("p.m. Sept. 12, 2016"),
            vec!["p.m.", "Sept", ".", "12", ",", "2016"]
        );
    }
}
