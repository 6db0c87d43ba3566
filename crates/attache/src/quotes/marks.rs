//! Pairs quotation marks into quoted spans. Handles straight, curly, low-9 and angle marks,
//! single quotes (told apart from apostrophes), quotes that run over several paragraphs (each
//! paragraph reopens the quote without closing the previous one) and unbalanced marks, which
//! are closed at the end of their paragraph and flagged.

use crate::text::{Annotated, TokenKind};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    /// Straight marks between two words or two spaces: the pairing state decides.
    Either,
}

/// One quoted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; None when the paragraph ended first.
    pub close: Option<usize>,
    /// Tokens between the marks.
    pub content: Range<usize>,
    /// The previous paragraph's quote runs on into this one.
    pub continues_paragraph: bool,
    /// Single quotation marks (‘…’ or '…').
    pub single: bool,
}

impl Quoted {
    /// Index just past the closing mark (or the content, when unterminated).
    pub fn end(&self) -> usize {
        self.close.map_or(self.content.end, |c| c + 1)
    }
}

/// All quoted spans of the document, in order; single-quoted spans nested in double ones are
/// left out (they are quotes within a quote, not new quotations).
pub fn pair(ann: &Annotated) -> Vec<Quoted> {
    let mut out = pair_double(ann);
    let singles: Vec<Quoted> = pair_single(ann)
        .into_iter()
        .filter(|s| {
            !out.iter()
                .any(|d| d.content.start <= s.open && s.open < d.content.end)
        })
        .collect();
    out.extend(singles);
    out.sort_by_key(|q| q.open);
    out
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '「' | '」')
}

fn mark_char(ann: &Annotated, i: usize) -> char {
    ann.word(i).chars().next().unwrap_or(' ')
}

/// Direction from the characters around the mark (flanking), then from the glyph itself.
fn direction(ann: &Annotated, i: usize) -> Dir {
    let t = ann.tokens[i];
    let before = ann.text[..t.start].chars().next_back();
    let after = ann.text[t.end..].chars().next();
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]".contains(c));
    let opens_paragraph = before.is_none_or(|c| c == '\n');
    match (space_before, space_after) {
        (true, false) => Dir::Open,
        (true, true) if opens_paragraph => Dir::Open,
        (false, true) => Dir::Close,
        _ => match mark_char(ann, i) {
            '“' | '„' | '«' | '‘' | '「' => Dir::Open,
            '”' | '»' | '’' | '」' => Dir::Close,
            _ => Dir::Either,
        },
    }
}

fn pair_double(ann: &Annotated) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut carried = false;
    for (p, para) in ann.paragraphs.iter().enumerate() {
        let mut open: Option<usize> = None;
        let continues = std::mem::take(&mut carried);
        for i in para.clone() {
            if ann.tokens[i].kind != TokenKind::Quote || !is_double(mark_char(ann, i)) {
                continue;
            }
            match (open, direction(ann, i)) {
                (None, Dir::Open | Dir::Either) => open = Some(i),
                (None, Dir::Close) => {} // An unpaired closing mark: nothing to pair it with.
                (Some(o), Dir::Close | Dir::Either) => {
                    out.push(span(
                        o,
                        Some(i),
                        continues && out_is_first(&out, para.start),
                    ));
                    open = None;
                }
                (Some(o), Dir::Open) => {
                    // Two openings in a row: the first quote was never closed.
                    out.push(span(o, None, false).ending_at(i));
                    open = Some(i);
                }
            }
        }
        if let Some(o) = open {
            let mut q =
                span(o, None, continues && out_is_first(&out, para.start)).ending_at(para.end);
            q.content.end = trim_end(ann, q.content.clone());
            out.push(q);
            // News style: a quote running on into the next paragraph is reopened there.
            carried = ann
                .paragraphs
                .get(p + 1)
                .is_some_and(|next| starts_with_opening(ann, next.clone()));
        }
    }
    out
}

fn out_is_first(out: &[Quoted], para_start: usize) -> bool {
    !out.iter().any(|q| q.open >= para_start)
}

fn span(open: usize, close: Option<usize>, continues_paragraph: bool) -> Quoted {
    let end = close.unwrap_or(open + 1);
    Quoted {
        open,
        close,
        content: open + 1..end,
        continues_paragraph,
        single: false,
    }
}

impl Quoted {
    fn ending_at(mut self, end: usize) -> Self {
        self.content.end = end.max(self.content.start);
        self
    }
}

fn trim_end(ann: &Annotated, r: Range<usize>) -> usize {
    let mut end = r.end;
    while end > r.start && ann.tokens[end - 1].kind == TokenKind::Quote {
        end -= 1;
    }
    end
}

fn starts_with_opening(ann: &Annotated, para: Range<usize>) -> bool {
    !para.is_empty()
        && ann.tokens[para.start].kind == TokenKind::Quote
        && direction(ann, para.start) != Dir::Close
}

/// Single-quoted spans within one paragraph. An opening single mark must be followed by a
/// letter and a closing one must end a word, so that apostrophes ("don't", "voters'") are not
/// taken for quotes; unpaired single marks are ignored.
fn pair_single(ann: &Annotated) -> Vec<Quoted> {
    let mut out = Vec::new();
    for para in &ann.paragraphs {
        let mut open: Option<usize> = None;
        for i in para.clone() {
            let c = mark_char(ann, i);
            if ann.tokens[i].kind != TokenKind::Quote || !matches!(c, '\'' | '‘' | '’' | '‹' | '›')
            {
                continue;
            }
            let dir = direction(ann, i);
            let next_is_letter = ann.text[ann.tokens[i].end..].starts_with(char::is_alphanumeric);
            match (open, dir) {
                (None, Dir::Open) if next_is_letter && c != '’' => open = Some(i),
                (Some(o), Dir::Close) if i > o + 1 => {
                    out.push(Quoted {
                        open: o,
                        close: Some(i),
                        content: o + 1..i,
                        continues_paragraph: false,
                        single: true,
                    });
                    open = None;
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::annotate;

    fn quoted(text: &str) -> Vec<(String, bool, bool)> {
        let ann = annotate(text);
        pair(&ann)
            .iter()
            .map(|q| {
                (
                    ann.slice(q.content.clone()).to_string(),
                    q.close.is_some(),
                    q.continues_paragraph,
                )
            })
            .collect()
    }

    #[test]
    fn styles() {
        assert_eq!(
            quoted("“Yes,” he said. \"No,\" she said."),
            vec![("Yes,".into(), true, false), ("No,".into(), true, false)]
        );
        assert_eq!(
            quoted("«Oui», dit-il, „Ja“."),
            vec![("Oui".into(), true, false), ("Ja".into(), true, false)]
        );
        assert_eq!(
            quoted("He called it 'absurd' and left."),
            vec![("absurd".into(), true, false)]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("The voters' choice isn't Trump's, it's the '90s.").is_empty());
    }

    #[test]
    fn single_inside_double_is_one_quote() {
        assert_eq!(quoted("“He said ‘never’ twice,” she said.").len(), 1);
    }

    #[test]
    fn multi_paragraph_quote() {
        let q = quoted("“First part of it.\n\n“Second part,” he said.");
        assert_eq!(
            q,
            vec![
                ("First part of it.".into(), false, false),
                ("Second part,".into(), true, true)
            ]
        );
    }

    #[test]
    fn unbalanced_marks_close_at_paragraph_end() {
        let q = quoted("He said “this never ends.\n\nNew paragraph ” here.");
        assert_eq!(q, vec![("this never ends.".into(), false, false)]);
    }
}
