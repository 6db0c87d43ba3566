//! Plain-text boilerplate: what scraped articles drag along — author bios, publisher promos,
//! "Source:" lines, comment widgets, share and navigation lines.
//!
//! The text is read paragraph by paragraph (one paragraph per line). [`rules`] classify each
//! paragraph; a finding is removed when it is unmistakable anywhere ("Inline Feedbacks") or when
//! it belongs to the unbroken run of findings at the start or the end of the article, where such
//! blocks cluster. The cleaner is deliberately conservative: deleting a body paragraph is worse
//! than leaving a bio in.

mod byline;
mod lexical;
mod rules;

pub use byline::Byline;

use crate::model::{Boilerplate, BoilerplateKind};
use lexical::contains_phrase;
use rules::{Context, Finding, Reach};

/// One paragraph of the input: a non-blank line (without its line break), and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the input.
    pub start: usize,
}

/// The result of cleaning a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The paragraphs that remain, exactly as written, joined by blank lines.
    pub body: String,
    /// What was removed, with character offsets into the input.
    pub removed: Vec<Boilerplate>,
    /// Authors and publisher named by a removed bio or byline.
    pub byline: Byline,
}

/// Splits the input into paragraphs: every line with something other than whitespace on it.
pub fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            out.push(Paragraph {
                text: content,
                start,
            });
        }
        start += line.len();
    }
    out
}

/// Finds and removes boilerplate. `publisher`, when known, helps recognise the publisher's own
/// promos ("The X is one of …").
pub fn clean(text: &str, publisher: Option<&str>) -> Cleaned {
    let paras = paragraphs(text);
    let findings = detect(&paras, publisher);
    let removed = select(
        &findings,
        paras.first().is_some_and(|p| is_headline(p.text)),
    );
    let byline = byline_of(&findings, &removed);
    let mut offsets = CharOffsets::new(text);
    let mut body_parts = Vec::new();
    let mut spans = Vec::new();
    for ((p, finding), gone) in paras.iter().zip(&findings).zip(&removed) {
        match finding {
            Some(f) if *gone => spans.push(span(&mut offsets, p, f.kind)),
            _ => body_parts.push(p.text),
        }
    }
    Cleaned {
        body: body_parts.join("\n\n"),
        removed: spans,
        byline,
    }
}

/// Byte → character offsets for positions visited in increasing order: counts only the text
/// between the last position and the next, so a clean article pays nothing.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn char_of(&mut self, byte: usize) -> usize {
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

fn span(offsets: &mut CharOffsets, p: &Paragraph, kind: BoilerplateKind) -> Boilerplate {
    Boilerplate {
        start: offsets.char_of(p.start),
        end: offsets.char_of(p.start + p.text.len()),
        kind,
        text: p.text.to_string(),
    }
}

/// Classifies the paragraphs. Positional findings only count in the runs at the article's two
/// ends, so the full rules run from each end inward up to the first story paragraph; the middle
/// is only checked for unmistakable lines. Bios are read first: the publisher they name lets a
/// second look recognise that publisher's promo.
fn detect(paras: &[Paragraph], publisher: Option<&str>) -> Vec<Option<Finding>> {
    let mut cx = Context::default();
    if let Some(p) = publisher {
        cx.add_publisher(p);
    }
    let middle: Vec<Option<Finding>> = paras.iter().map(|p| rules::unmistakable(p.text)).collect();
    let mut findings = middle.clone();
    classify_edges(paras, &cx, &mut findings);
    reject_story_people(paras, &mut findings);
    let learned: Vec<String> = findings
        .iter()
        .flatten()
        .filter_map(|f| f.byline.as_ref()?.publisher.clone())
        .collect();
    if learned.is_empty() {
        return findings;
    }
    learned.iter().for_each(|p| cx.add_publisher(p));
    let mut findings = middle;
    classify_edges(paras, &cx, &mut findings);
    reject_story_people(paras, &mut findings);
    findings
}

/// Runs the full rules from the end backwards and from the start (after a headline) forwards,
/// each up to the first paragraph that is story.
fn classify_edges(paras: &[Paragraph], cx: &Context, findings: &mut [Option<Finding>]) {
    let mut tail = paras.len();
    while tail > 0 {
        let f = rules::classify(paras[tail - 1].text, cx);
        if f.is_none() {
            break;
        }
        tail -= 1;
        findings[tail] = f;
    }
    let headline = paras
        .first()
        .is_some_and(|p| is_headline(p.text) && rules::classify(p.text, cx).is_none());
    for i in usize::from(headline)..tail {
        let f = rules::classify(paras[i].text, cx);
        if f.is_none() {
            break;
        }
        findings[i] = f;
    }
}

/// A bio of someone the story talks about is story: "Marta Kell is a journalist for …" in an
/// article about Marta Kell. Drops bio findings whose surname appears in a paragraph that is
/// not itself boilerplate.
fn reject_story_people(paras: &[Paragraph], findings: &mut [Option<Finding>]) {
    let story: Vec<&str> = paras
        .iter()
        .zip(findings.iter())
        .filter(|(_, f)| f.is_none())
        .map(|(p, _)| p.text)
        .collect();
    for f in findings.iter_mut() {
        let named = f.as_ref().and_then(|f| f.check_name.as_deref());
        if named.is_some_and(|name| story.iter().any(|t| contains_phrase(t, name))) {
            *f = None;
        }
    }
}

/// A short first line without a full stop: scraped text often starts with the headline, and a
/// byline or share row may follow it.
fn is_headline(text: &str) -> bool {
    text.split_whitespace().count() <= 20 && !text.trim_end().ends_with('.')
}

/// Which findings to remove: the unbroken runs at the end and at the start of the article (after
/// the headline, when `headline`), plus unmistakable lines anywhere. An article is never emptied
/// on the strength of positional rules alone.
fn select(findings: &[Option<Finding>], headline: bool) -> Vec<bool> {
    let n = findings.len();
    let mut removed = vec![false; n];
    let mut tail = n;
    while tail > 0 && findings[tail - 1].is_some() {
        tail -= 1;
        removed[tail] = true;
    }
    let first = usize::from(headline && findings.first().is_some_and(Option::is_none));
    for i in first..tail {
        if findings[i].is_none() {
            break;
        }
        removed[i] = true;
    }
    for (i, f) in findings.iter().enumerate() {
        if f.as_ref().is_some_and(|f| f.reach == Reach::Anywhere) {
            removed[i] = true;
        }
    }
    if removed.iter().all(|&r| r) {
        for (i, f) in findings.iter().enumerate() {
            removed[i] = f.as_ref().is_some_and(|f| f.reach == Reach::Anywhere);
        }
    }
    removed
}

/// Authors from every removed bio or byline, the publisher from the first that names one.
fn byline_of(findings: &[Option<Finding>], removed: &[bool]) -> Byline {
    let mut out = Byline::default();
    let chosen = findings
        .iter()
        .zip(removed)
        .filter(|(_, &gone)| gone)
        .filter_map(|(f, _)| f.as_ref()?.byline.as_ref());
    for b in chosen {
        for a in &b.authors {
            if !out.authors.contains(a) {
                out.authors.push(a.clone());
            }
        }
        out.publisher = out.publisher.or_else(|| b.publisher.clone());
    }
    out
}

#[cfg(test)]
mod tests;
