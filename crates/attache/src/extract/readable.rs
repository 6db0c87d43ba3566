//! The article body as `dom_smoothie` (a Rust port of Mozilla's Readability, the algorithm
//! behind Firefox Reader View) finds it. Measured on the AEB and WCXB dev sets it beat our own
//! tag-based walker in [`super::html`] on body F1; the walker stays as the fallback when
//! Readability finds nothing or the page is too deep for it, and it also reads Readability's
//! result, so that the same block rules (link density, widgets, captions) apply to both.

use dom_query::{Document, Matcher, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};
use std::sync::LazyLock;

/// Trees deeper than this go to the walker: Readability recurses, and pages built of
/// thousands of nested `<div>`s exist (broken generators, hostile pages).
pub const MAX_DEPTH: usize = 256;

/// Where Readability puts the article it found.
static ARTICLE_ROOT: LazyLock<Matcher> =
    LazyLock::new(|| super::dom::matcher("#readability-page-1"));

/// The tree of the article Readability finds in `doc` (which it prunes as it scores, so it
/// takes the page's tree over); read it with [`root`].
pub fn article(doc: Document, url: Option<&str>) -> Option<Document> {
    let config = Config {
        // The text is read from the tree by our walker; the raw mode is the cheapest.
        text_mode: TextMode::Raw,
        // The walker's widget and caption rules read class names.
        keep_classes: true,
        // The page's JSON-LD is read once, by the metadata readers.
        disable_json_ld: true,
        ..Default::default()
    };
    // Readability refuses a relative or malformed URL; the page is read without one then
    // (it only resolves links, which the text does not need).
    let url = url.filter(|u| u.contains("://") && !u.trim().ends_with("://"));
    let mut reader = Readability::with_document(doc, url, Some(config)).ok()?;
    let found = reader.parse().ok()?;
    (!found.text_content.trim().is_empty()).then_some(reader.doc)
}

/// The article element of a tree returned by [`article`].
pub fn root(article: &Document) -> Option<NodeRef<'_>> {
    article
        .select_single_matcher(&ARTICLE_ROOT)
        .nodes()
        .first()
        .cloned()
}
