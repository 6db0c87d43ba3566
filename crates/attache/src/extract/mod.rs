//! Extract stage: raw input (plain text, HTML, a JSONL record) → [`Article`], the clean body the
//! rest of the pipeline reads, with the boilerplate that was removed reported as spans.
//!
//! - [`input`] reads documents from files or stdin (text, HTML, JSON, JSON Lines);
//! - [`html`] pulls the title, metadata and body paragraphs out of a page;
//! - [`boilerplate`] removes what scraped articles drag along (author bios, promos, comment
//!   widgets, share and nav lines) paragraph by paragraph, and reads the byline out of a bio;
//! - [`encoding`] turns page bytes into text (declared charset, else detected);
//! - `readable` finds the body with Readability (`dom_smoothie`);
//! - [`warc`] streams the HTML responses out of WARC archives;
//! - `dom` holds the helpers over the one parsed tree of a page that every reader shares;
//! - [`date`] normalises publication dates to `YYYY-MM-DD`;
//! - [`nesting`] bounds how deep a page nests before it is parsed (hostile pages);
//! - [`published`] finds a page's publication date among the places pages state it;
//! - `title` finds the headline the page's title, Open Graph, JSON-LD and `<h1>`s agree on.

pub mod boilerplate;
pub mod date;
mod dom;
pub mod encoding;
pub mod html;
pub mod input;
pub mod nesting;
pub mod published;
mod readable;
pub mod sources;
mod title;
pub mod warc;

use crate::model::Boilerplate;
use sha2::{Digest, Sha256};

/// One document as it arrives.
#[derive(Debug, Clone, Default)]
pub struct InputDoc {
    /// The input's own id (JSONL `id`, file name); a content hash is used when absent.
    pub id: Option<String>,
    pub content: Content,
    pub url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    /// When the page was fetched (a WARC record's date), ISO 8601.
    pub fetched: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Content {
    Text(String),
    Html(String),
}

impl Default for Content {
    fn default() -> Self {
        Content::Text(String::new())
    }
}

impl Content {
    /// The raw input, whatever its format.
    pub fn raw(&self) -> &str {
        match self {
            Content::Text(t) | Content::Html(t) => t,
        }
    }
}

impl InputDoc {
    pub fn text(text: &str) -> Self {
        InputDoc {
            content: Content::Text(text.to_string()),
            ..Default::default()
        }
    }

    pub fn html(html: &str) -> Self {
        InputDoc {
            content: Content::Html(html.to_string()),
            ..Default::default()
        }
    }
}

/// The article the NLP stages read.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    /// When the page was fetched, ISO 8601 (WARC input).
    pub fetched: Option<String>,
    /// Clean body text, paragraphs separated by a blank line.
    pub body: String,
    /// What was removed; offsets are character offsets into the input text (for HTML input:
    /// into the paragraph text extracted from the page, before boilerplate removal).
    pub boilerplate: Vec<Boilerplate>,
    pub warnings: Vec<String>,
}

/// Turn an input document into an article.
///
/// With `strip_boilerplate` false the body is the input text verbatim (for HTML: the extracted
/// paragraphs) and nothing is removed; bylines found in bios still fill in missing metadata.
pub fn extract(doc: InputDoc, strip_boilerplate: bool) -> Article {
    let id = doc
        .id
        .clone()
        .unwrap_or_else(|| content_id(doc.content.raw()));
    let mut warnings = Vec::new();
    let published = doc
        .published
        .as_deref()
        .and_then(|p| given_date(p, &mut warnings));
    let mut article = Article {
        id,
        url: doc.url,
        publisher: doc.publisher,
        fetched: doc.fetched,
        published,
        warnings,
        ..Default::default()
    };
    let text = match doc.content {
        Content::Text(text) => text,
        Content::Html(page) => from_html(&page, &mut article),
    };
    if text.contains('\0') {
        article
            .warnings
            .push("input contains NUL bytes; is it a binary file?".to_string());
    }
    clean_text(text, strip_boilerplate, &mut article);
    article
}

/// A stable id for input that has none: the first 16 hex digits of the content's SHA-256.
pub fn content_id(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The input's own date, kept when it is an ISO date (time optional); anything else is dropped
/// with a warning, because downstream date resolution must be able to trust it.
fn given_date(published: &str, warnings: &mut Vec<String>) -> Option<String> {
    let published = published.trim();
    if published.is_empty() {
        return None;
    }
    if date::parse_iso_date(published.get(..10).unwrap_or(published)).is_some() {
        return Some(published.to_string());
    }
    match date::normalize(published) {
        Some(day) => Some(day),
        None => {
            warnings.push(format!(
                "published date {published:?} is not YYYY-MM-DD; ignored"
            ));
            None
        }
    }
}

/// Fills the article's metadata from the page (the input's own fields win) and returns the
/// paragraph text that the boilerplate cleaner reads next.
fn from_html(page: &str, article: &mut Article) -> String {
    let page = html::parse(page, article.url.as_deref(), article.fetched.as_deref());
    article.title = page.title;
    article.publisher = article.publisher.take().or(page.publisher);
    article.published = article.published.take().or(page.published);
    article.authors = page.authors;
    if page.paragraphs.is_empty() {
        article
            .warnings
            .push("no article text found in the HTML".to_string());
    }
    page.paragraphs.join("\n\n")
}

/// Runs the boilerplate cleaner and completes missing metadata from any byline it found.
fn clean_text(text: String, strip: bool, article: &mut Article) {
    let cleaned = boilerplate::clean(&text, article.publisher.as_deref());
    if article.authors.is_empty() {
        article.authors = cleaned.byline.authors.clone();
    }
    if article.publisher.is_none() {
        article.publisher = cleaned.byline.publisher.clone();
    }
    if strip {
        article.body = cleaned.body;
        article.boilerplate = cleaned.removed;
    } else {
        article.body = text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_given_or_hashed() {
        let mut doc = InputDoc::text("Hello.");
        assert_eq!(extract(doc.clone(), true).id.len(), 16);
        assert_eq!(
            extract(doc.clone(), true).id,
            extract(doc.clone(), false).id
        );
        doc.id = Some("a1".into());
        assert_eq!(extract(doc, true).id, "a1");
    }

    #[test]
    fn keep_boilerplate_keeps_text_verbatim() {
        let text = "Body one.\nNotify of\nView all comments\n";
        let a = extract(InputDoc::text(text), false);
        assert_eq!(a.body, text);
        assert!(a.boilerplate.is_empty());
        let a = extract(InputDoc::text(text), true);
        assert_eq!(a.body, "Body one.");
        assert_eq!(a.boilerplate.len(), 2);
    }

    #[test]
    fn bio_fills_missing_metadata_only() {
        let text =
            "The council voted on Tuesday.\n\nMara Quint is a reporter for The Harbor Ledger.";
        let a = extract(InputDoc::text(text), true);
        assert_eq!(a.authors, vec!["Mara Quint"]);
        assert_eq!(a.publisher.as_deref(), Some("Harbor Ledger"));
        let mut doc = InputDoc::text(text);
        doc.publisher = Some("Wire Co".into());
        assert_eq!(extract(doc, true).publisher.as_deref(), Some("Wire Co"));
    }

    #[test]
    fn bad_published_date_is_dropped_with_warning() {
        let mut doc = InputDoc::text("x");
        doc.published = Some("last Tuesday".into());
        let a = extract(doc, true);
        assert_eq!(a.published, None);
        assert_eq!(a.warnings.len(), 1);
        let mut doc = InputDoc::text("x");
        doc.published = Some("2022-02-08T10:00:00Z".into());
        assert_eq!(
            extract(doc, true).published.as_deref(),
            Some("2022-02-08T10:00:00Z")
        );
    }

    #[test]
    fn html_metadata_and_body() {
        let page = r#"<html><head><title>T</title><meta property="og:site_name" content="Paper">
            <meta property="article:published_time" content="2023-05-01T08:00:00+02:00"></head>
            <body><article><p>First paragraph of the story.</p><p>Second one.</p></article></body></html>"#;
        let a = extract(InputDoc::html(page), true);
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.publisher.as_deref(), Some("Paper"));
        assert_eq!(a.published.as_deref(), Some("2023-05-01"));
        assert_eq!(a.body, "First paragraph of the story.\n\nSecond one.");
    }
}
