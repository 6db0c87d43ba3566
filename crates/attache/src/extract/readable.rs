//! The article body as `dom_smoothie` (a Rust port of Mozilla's Readability, the algorithm
//! behind Firefox Reader View) finds it. Measured on the AEB and WCXB dev sets it beat our own
//! tag-based walker in [`super::html`] on body F1, at a cost of a few milliseconds per page; the
//! walker stays as the fallback when Readability finds nothing or the page is too deep for it.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// Trees deeper than this go to the walker: Readability recurses, and pages built of
/// thousands of nested `<div>`s exist (broken generators, hostile pages).
pub const MAX_DEPTH: usize = 256;

/// Body paragraphs, whitespace-normalised, one per line of Readability's formatted text.
/// Readability prunes the tree as it scores, so it takes the page's tree over.
pub fn paragraphs(doc: Document, url: Option<&str>) -> Option<Vec<String>> {
    let config = Config {
        text_mode: TextMode::Formatted,
        // The page's JSON-LD is read once, by the metadata readers.
        disable_json_ld: true,
        ..Default::default()
    };
    // Readability refuses a relative or malformed URL; the page is read without one then
    // (it only resolves links, which the text does not need).
    let url = url.filter(|u| u.contains("://") && !u.trim().ends_with("://"));
    let mut reader = Readability::with_document(doc, url, Some(config)).ok()?;
    let article = reader.parse().ok()?;
    let paragraphs: Vec<String> = article
        .text_content
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    (!paragraphs.is_empty()).then_some(paragraphs)
}
