//! Text stage: the clean body → tokens with offsets, sentences and paragraphs.

pub mod clusters;
pub mod codec;
pub mod conllu;
pub mod iob2;
pub mod lemma;
pub mod names;
pub mod parser;
pub mod perceptron;
mod sentences;
pub mod syntax;
pub use sentences::is_title_abbreviation;
pub mod tagger;
mod tokenizer;

pub use tokenizer::{is_quote_char, tokenize, Token, TokenKind};

use std::ops::Range;

/// A sentence: a run of tokens inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Range<usize>,
    pub paragraph: usize,
}

/// The body with its tokens, sentences and paragraphs. Offsets are byte offsets into `text`;
/// the output stage turns them into character offsets.
#[derive(Debug, Clone)]
pub struct Annotated<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Token ranges of paragraphs (text separated by line breaks).
    pub paragraphs: Vec<Range<usize>>,
    /// Part-of-speech tags, one per token (our tagger, trained on UD English EWT).
    pub tags: Vec<tagger::PosTag>,
}

pub fn annotate(text: &str) -> Annotated<'_> {
    let mut ann = segment(text);
    ann.tags = tagger::tag_document(&ann);
    ann
}

/// Tokens, sentences and paragraphs only, without tags: what training the tagger itself needs.
pub fn segment(text: &str) -> Annotated<'_> {
    let tokens = tokenize(text);
    let paragraphs = paragraphs(text, &tokens);
    let sentences = sentences::split(text, &tokens, &paragraphs);
    Annotated {
        text,
        tokens,
        sentences,
        paragraphs,
        tags: Vec::new(),
    }
}

impl<'a> Annotated<'a> {
    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Token `i` as the treebank the tagger and parser learnt from writes it: EWT's lone
    /// possessive apostrophe ("fishers ' union") is straight, so a curly one would read as a
    /// closing quotation mark.
    pub fn treebank_word(&self, i: usize) -> &'a str {
        match self.word(i) {
            "’" if self.tokens[i].kind == TokenKind::Word => "'",
            w => w,
        }
    }

    /// The text between two token indices (inclusive start, exclusive end), as it stands in the body.
    pub fn slice(&self, tokens: Range<usize>) -> &'a str {
        if tokens.is_empty() {
            return "";
        }
        &self.text[self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end]
    }

    /// Byte range covered by a token range.
    pub fn bytes(&self, tokens: Range<usize>) -> Range<usize> {
        if tokens.is_empty() {
            let at = self
                .tokens
                .get(tokens.start)
                .map_or(self.text.len(), |t| t.start);
            return at..at;
        }
        self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= i)
    }

    /// Index of the paragraph holding token `i`.
    pub fn paragraph_of(&self, i: usize) -> usize {
        self.paragraphs.partition_point(|p| p.end <= i)
    }
}

/// Paragraphs are separated by line breaks: scraped news puts one paragraph on a line, and a
/// blank line between them when it can.
fn paragraphs(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        let breaks = i == tokens.len() || text[tokens[i - 1].end..tokens[i].start].contains('\n');
        if breaks {
            out.push(start..i);
            start = i;
        }
    }
    out
}
