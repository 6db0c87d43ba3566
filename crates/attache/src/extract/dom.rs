//! Read-only helpers over the one tree a page is parsed into (`dom_query`, the tree
//! Readability works on), shared by the metadata, date and body readers so that no reader
//! parses the page again.

use dom_query::{Document, LocalName, Matcher, NodeRef, Selection};
use std::sync::LazyLock;

static META: LazyLock<Matcher> = LazyLock::new(|| matcher("meta[content]"));

/// A compiled CSS selector. The selectors of the extract stage are constants, so a failure is
/// a bug caught by the first test that reads a page.
pub fn matcher(css: &str) -> Matcher {
    Matcher::new(css).expect("selectors in the extract stage are valid CSS")
}

/// Collapses runs of whitespace (including non-breaking spaces) into one space.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The elements under `node` (not `node` itself) that `m` matches, in document order.
pub fn select_in<'a>(node: &NodeRef<'a>, m: &Matcher) -> Vec<NodeRef<'a>> {
    Selection::from(*node).select_matcher(m).nodes().to_vec()
}

/// The elements of the whole page that `m` matches, in document order.
pub fn select_all<'a>(doc: &'a Document, m: &Matcher) -> Vec<NodeRef<'a>> {
    doc.select_matcher(m).nodes().to_vec()
}

/// An element's tag name (lower case for HTML), None for text and other nodes. An interned
/// atom: the walkers ask for it on every node, and a clone of it allocates nothing.
pub fn tag(node: &NodeRef) -> Option<LocalName> {
    node.qual_name_ref().map(|q| q.local.clone())
}

/// One `<meta>` element: the attributes that name it, and its content.
#[derive(Debug, Clone, Default)]
struct MetaTag {
    property: Option<String>,
    name: Option<String>,
    itemprop: Option<String>,
    http_equiv: Option<String>,
    content: String,
}

impl MetaTag {
    fn attr(&self, attr: &str) -> Option<&str> {
        match attr {
            "property" => self.property.as_deref(),
            "name" => self.name.as_deref(),
            "itemprop" => self.itemprop.as_deref(),
            "http-equiv" => self.http_equiv.as_deref(),
            _ => None,
        }
    }
}

/// The page's `<meta content>` elements, read in one pass: pages have dozens, and each field
/// (title, site name, author, dates) looks several names up.
#[derive(Debug, Clone, Default)]
pub struct Metas(Vec<MetaTag>);

impl Metas {
    pub fn read(doc: &Document) -> Self {
        let found = doc.select_matcher(&META);
        let tags = found.nodes().iter().filter_map(|n| {
            let e = n.element_ref()?;
            let get = |a: &str| e.attr(a).map(|v| v.to_string());
            Some(MetaTag {
                property: get("property"),
                name: get("name"),
                itemprop: get("itemprop"),
                http_equiv: get("http-equiv"),
                content: get("content").unwrap_or_default(),
            })
        });
        Metas(tags.collect())
    }

    /// The first non-empty content of `<meta {attr}="{value}">` among `pairs`, in order.
    pub fn first(&self, pairs: &[(&str, &str)]) -> Option<String> {
        pairs.iter().find_map(|(attr, value)| {
            self.0
                .iter()
                .filter(|t| t.attr(attr) == Some(value))
                .map(|t| squash(&t.content))
                .find(|c| !c.is_empty())
        })
    }

    /// Each element's name (its `property`, else `name`, `itemprop` or `http-equiv`, trimmed
    /// and lower-cased) with its raw content.
    pub fn named(&self) -> impl Iterator<Item = (String, &str)> {
        self.0.iter().filter_map(|t| {
            let name = ["property", "name", "itemprop", "http-equiv"]
                .iter()
                .find_map(|a| t.attr(a))?;
            Some((name.trim().to_ascii_lowercase(), t.content.as_str()))
        })
    }
}
