//! Simple HTML extraction: title, metadata and the body paragraphs of a news page.
//!
//! Metadata comes from the page's own declarations (Open Graph, `<meta>`, JSON-LD, `<time>`);
//! the body is the text of paragraphs, headings and list items inside the article element (or
//! the main content), with page furniture (scripts, navigation, headers, footers, asides,
//! forms, share and comment widgets) left out. A full readability-style scorer is future work;
//! this keeps to what pages state explicitly and never fails on malformed markup.

use super::dom::{self, select_all, select_in, squash, tag, Metas};
use super::published::{self, Clues};
use super::{date, encoding, nesting, readable, title};
use dom_query::{Document, LocalName, Matcher, NodeRef};
use serde_json::Value;
use std::sync::LazyLock;

static TITLE: LazyLock<Matcher> = LazyLock::new(|| dom::matcher("title"));
static H1: LazyLock<Matcher> = LazyLock::new(|| dom::matcher("h1"));
static P: LazyLock<Matcher> = LazyLock::new(|| dom::matcher("p"));
static ARTICLE: LazyLock<Matcher> = LazyLock::new(|| dom::matcher("article"));
static BODY: LazyLock<Matcher> = LazyLock::new(|| dom::matcher("body"));
static LD_JSON: LazyLock<Matcher> =
    LazyLock::new(|| dom::matcher(r#"script[type="application/ld+json"]"#));
static DECLARED_BODY: LazyLock<Matcher> =
    LazyLock::new(|| dom::matcher(r#"[itemprop="articleBody"]"#));
static MAIN: LazyLock<Matcher> = LazyLock::new(|| dom::matcher(r#"main, [role="main"]"#));
static AUTHOR_LINKS: LazyLock<Matcher> =
    LazyLock::new(|| dom::matcher(r#"a[rel~="author"], [itemprop="author"] [itemprop="name"]"#));

/// What the page says about itself, and its body paragraphs in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Whitespace-normalised text of each paragraph; none contains a line break.
    pub paragraphs: Vec<String>,
}

/// Reads a page; `url` (where it was fetched from) helps Readability resolve the page and
/// dates the story when the path holds a day; `fetched` (`YYYY-MM-DD…`, default today) bounds
/// the publication date.
///
/// The page is parsed once: metadata and dates are read from the tree first, then Readability
/// takes the tree over (it prunes it as it scores). Only when Readability finds nothing is the
/// page parsed a second time, for the walker.
pub fn parse(html: &str, url: Option<&str>, fetched: Option<&str>) -> Page {
    let html = &*encoding::repair_double_encoding(html);
    let html = &*nesting::prepare(html);
    let doc = Document::from(html);
    let metas = Metas::read(&doc);
    let ld = LinkedData::find(&doc);
    let reference = fetched
        .and_then(|f| f.get(..10))
        .map_or_else(published::today, str::to_string);
    let publisher = metas
        .first(&[("property", "og:site_name"), ("name", "application-name")])
        .or_else(|| ld.publisher.clone());
    let title = title(&doc, &metas, &ld, url);
    let authors = authors(&doc, &metas, &ld);
    let published = Clues::find(&doc, &metas, &ld.blocks, url, &reference).published();
    let paragraphs = if max_depth(&doc) > readable::MAX_DEPTH {
        body(&doc, title.as_deref())
    } else {
        readable::article(doc, url)
            .and_then(|article| {
                let root = readable::root(&article)?;
                let ps = paragraphs(&root, title.as_deref(), Scope::Article);
                Some(ps).filter(|ps| !ps.is_empty())
            })
            .unwrap_or_else(|| body(&Document::from(html), title.as_deref()))
    };
    Page {
        publisher,
        authors,
        published,
        title,
        paragraphs: without_datelines(paragraphs),
    }
}

/// Each matching element's whitespace-normalised text, empty ones left out.
fn texts<'a>(doc: &'a Document, m: &Matcher) -> impl Iterator<Item = String> + 'a {
    let nodes = select_all(doc, m);
    nodes
        .into_iter()
        .map(|e| squash(&e.text()))
        .filter(|t| !t.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Metadata

/// What the page offers for its headline (see [`title`]).
fn title(doc: &Document, metas: &Metas, ld: &LinkedData, url: Option<&str>) -> Option<String> {
    let declared = [
        metas.first(&[("property", "og:title"), ("name", "twitter:title")]),
        ld.headline.clone(),
        texts(doc, &TITLE).next(),
    ];
    let site_names = [
        metas.first(&[("property", "og:site_name"), ("name", "application-name")]),
        ld.publisher.clone(),
    ];
    title::Candidates {
        declared: declared.into_iter().flatten().collect(),
        h1s: texts(doc, &H1).take(MAX_H1S).collect(),
        site_names: site_names.into_iter().flatten().collect(),
        url: url.map(str::to_string),
    }
    .headline()
}

/// `<h1>`s read for the headline: pages repeat them for every teaser.
const MAX_H1S: usize = 16;

/// How deep the element tree goes, walked without recursion.
fn max_depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > readable::MAX_DEPTH {
            break;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    deepest
}

/// The fields of a page's schema.org `NewsArticle` (JSON-LD), when it declares one.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    /// Every JSON-LD block of the page, parsed, for the date finder.
    blocks: Vec<Value>,
}

impl LinkedData {
    fn find(doc: &Document) -> Self {
        let blocks: Vec<Value> = select_all(doc, &LD_JSON)
            .iter()
            .filter_map(|s| serde_json::from_str::<Value>(&s.text()).ok())
            .collect();
        let mut ld = blocks
            .iter()
            .find_map(|v| article_object(v).map(LinkedData::from_object))
            .unwrap_or_default();
        ld.blocks = blocks;
        ld
    }

    fn from_object(obj: &Value) -> Self {
        LinkedData {
            headline: obj["headline"].as_str().map(squash),
            authors: names(&obj["author"]),
            publisher: names(&obj["publisher"]).into_iter().next(),
            blocks: Vec::new(),
        }
    }
}

/// The first object typed as an article, searching arrays and `@graph`.
fn article_object(v: &Value) -> Option<&Value> {
    match v {
        Value::Array(items) => items.iter().find_map(article_object),
        Value::Object(map) => {
            let typed = |t: &str| t.contains("Article") || t.contains("Posting");
            let is_article = match &map.get("@type") {
                Some(Value::String(t)) => typed(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(typed),
                _ => false,
            };
            if is_article {
                Some(v)
            } else {
                map.get("@graph").and_then(article_object)
            }
        }
        _ => None,
    }
}

/// Names from a JSON-LD person/organisation: a string, `{ "name": … }`, or a list of them.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![squash(s)],
        Value::Object(o) => o.get("name").map(names).unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
}

fn authors(doc: &Document, metas: &Metas, ld: &LinkedData) -> Vec<String> {
    let declared = metas
        .first(&[("name", "author"), ("property", "article:author")])
        .map(|a| vec![a])
        .unwrap_or_default();
    let linked = || {
        select_all(doc, &AUTHOR_LINKS)
            .iter()
            .map(|e| e.text().to_string())
            .collect::<Vec<_>>()
    };
    let mut candidates = declared;
    if candidates.iter().all(|a| !is_person(a)) {
        candidates = ld.authors.clone();
    }
    if candidates.iter().all(|a| !is_person(a)) {
        candidates = linked();
    }
    let mut out: Vec<String> = Vec::new();
    for name in candidates.iter().flat_map(|a| a.split(" and ")) {
        let name = squash(name);
        let name = name.strip_prefix("By ").unwrap_or(&name).to_string();
        if is_person(&name) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Author fields also hold profile URLs and whole sentences; keep what reads as a name.
fn is_person(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=6).contains(&words) && !name.contains("://") && !name.contains('@')
}

// ---------------------------------------------------------------------------------------------
// Body

/// Words that open or mark a dateline ("Updated 5:27 am", "Posted Nov 18", "By Jo Park -
/// 11/18/19"), in the languages of [`date::find_in_text`]'s month names.
const DATELINE_MARKS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "modified",
    "aktualisiert",
    "veröffentlicht",
    "publié",
    "mis à jour",
    "publicado",
    "actualizado",
    "atualizado",
    "pubblicato",
    "aggiornato",
];

/// The body without the byline-and-date lines that Readability keeps above the story: only
/// among the first three paragraphs, and only short ones that carry a date or a clock time
/// with a dateline word (or open with "By "). Article gold texts leave them out; the date
/// itself is metadata, read elsewhere.
fn without_datelines(paragraphs: Vec<String>) -> Vec<String> {
    paragraphs
        .into_iter()
        .enumerate()
        .filter(|(i, p)| *i >= 3 || !is_dateline(p))
        .map(|(_, p)| p)
        .collect()
}

fn is_dateline(p: &str) -> bool {
    if p.split_whitespace().count() > 30 {
        return false;
    }
    let lower = p.to_lowercase();
    let marked = lower.starts_with("by ") || DATELINE_MARKS.iter().any(|m| lower.contains(m));
    marked && (has_clock(p) || date::find_in_text(p).is_some() || lower.contains(" ago"))
}

/// A clock time such as "5:27" or "17:19".
fn has_clock(p: &str) -> bool {
    let b = p.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// Elements whose text is never article body.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "label",
    "svg",
    "iframe",
    "canvas",
    "video",
    "audio",
    "object",
    "embed",
    "figure",
    "figcaption",
    "menu",
    "dialog",
    "head",
    "title",
    "meta",
    "link",
];

/// Elements that usually hold page furniture, but that some sites wrap around everything (a
/// page-wide `<form>`): skipped unless they hold most of the paragraph text.
const USUALLY_SKIPPED: &[&str] = &["header", "aside", "form"];

/// Elements that break text into paragraphs.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "figcaption",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
];

/// Blocks whose text is body when it is there at all; other blocks contribute only loose text
/// that reads as prose.
const CONTENT: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
];

/// Class or id words that mark widgets (matched on the first part of a class name, so
/// "share-bar" and "comments" match but "has-comments" does not).
const WIDGET_CLASSES: &[&str] = &[
    "comment",
    "comments",
    "share",
    "sharing",
    "social",
    "newsletter",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
];

/// Class words of widgets that some sites also give to content wrappers ("ad_body",
/// "box article modal-enabled"): skipped unless the element holds most of the paragraph text.
const WEAK_WIDGET_CLASSES: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "related",
    "promo",
    "subscribe",
    "subscription",
    "popup",
    "modal",
];

fn body(doc: &Document, title: Option<&str>) -> Vec<String> {
    content_roots(doc)
        .into_iter()
        .map(|root| paragraphs(&root, title, Scope::Page))
        .find(|ps| !ps.is_empty())
        .unwrap_or_default()
}

/// Where the article text most likely is, best guess first: the declared article body, the
/// article element with the most paragraph text, the main element — each only when it holds a
/// fair share of the page's paragraph text (a teaser card is an `<article>` too) — then the
/// whole body, then the document.
fn content_roots(doc: &Document) -> Vec<NodeRef<'_>> {
    let whole = select_all(doc, &BODY)
        .into_iter()
        .next()
        .unwrap_or(doc.html_root());
    let page_text = paragraph_text(&whole);
    let mut articles = select_all(doc, &ARTICLE);
    articles.sort_by_key(|a| std::cmp::Reverse(paragraph_text(a)));
    let best = select_all(doc, &DECLARED_BODY)
        .into_iter()
        .chain(articles)
        .chain(select_all(doc, &MAIN))
        .find(|c| paragraph_text(c) * 5 >= page_text * 2 && page_text > 0);
    best.into_iter().chain([whole, doc.html_root()]).collect()
}

/// Characters of `<p>` text under an element: where the prose is.
fn paragraph_text(el: &NodeRef) -> usize {
    select_in(el, &P).iter().map(|p| p.text().len()).sum()
}

/// Text gathered for one block element.
struct Frame {
    tag: LocalName,
    text: String,
    link_chars: usize,
}

impl Frame {
    fn new(tag: LocalName) -> Self {
        Frame {
            tag,
            text: String::new(),
            link_chars: 0,
        }
    }
}

enum Step<N> {
    Enter(N),
    Exit(N),
}

/// Walks the tree under `root` without recursion (pages can nest deeply), collecting the text
/// of each block and deciding block by block whether it is body.
fn paragraphs(root: &NodeRef, title: Option<&str>, scope: Scope) -> Vec<String> {
    let mut out = Vec::new();
    let root_text = paragraph_text(root);
    let mut frames = vec![Frame::new(tag(root).unwrap_or_default())];
    let mut in_link = 0usize;
    let mut stack = vec![Step::Exit(*root)];
    stack.extend(root.children_it(true).map(Step::Enter));
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                if node.is_text() {
                    let t = node.text();
                    let frame = frames
                        .last_mut()
                        .expect("the root frame stays until the end");
                    frame.text.push_str(&t);
                    if in_link > 0 {
                        frame.link_chars += t.trim().len();
                    }
                    continue;
                }
                let Some(name) = tag(&node) else {
                    continue;
                };
                let tag: &str = &name;
                if tag == "br" {
                    if let Some(f) = frames.last_mut() {
                        f.text.push(' ');
                    }
                    continue;
                }
                if is_skipped(&node, tag, root_text, scope) {
                    continue;
                }
                if BLOCKS.contains(&tag) {
                    let frame = frames.last_mut().expect("root frame");
                    let same_block = Frame::new(frame.tag.clone());
                    let before = std::mem::replace(frame, same_block);
                    emit(before, title, scope, &mut out);
                    frames.push(Frame::new(name.clone()));
                }
                if tag == "a" {
                    in_link += 1;
                }
                stack.push(Step::Exit(node));
                stack.extend(node.children_it(true).map(Step::Enter));
            }
            Step::Exit(node) => {
                let Some(name) = tag(&node) else {
                    continue;
                };
                let tag: &str = &name;
                if tag == "a" {
                    in_link = in_link.saturating_sub(1);
                }
                let closes_root = node.id == root.id;
                if BLOCKS.contains(&tag) || closes_root {
                    if let Some(frame) = frames.pop() {
                        emit(frame, title, scope, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// Whether an element is page furniture. `root_text` is the paragraph text of the whole
/// content root: an element holding most of it is the content, whatever its class says.
///
/// In Readability's article a `<figure>` often wraps a table or a list, so only its caption
/// goes, and a widget class name alone does not outweigh holding most of the text.
fn is_skipped(el: &NodeRef, tag: &str, root_text: usize, scope: Scope) -> bool {
    let article = scope == Scope::Article;
    if (SKIPPED.contains(&tag) && !(article && tag == "figure")) || el.has_attr("hidden") {
        return true;
    }
    if el.attr("aria-hidden").as_deref() == Some("true") {
        return true;
    }
    let style = el.attr("style").unwrap_or_default().replace(' ', "");
    if style.contains("display:none") {
        return true;
    }
    let marks = class_marks(el);
    let widget = marks.iter().any(|m| WIDGET_CLASSES.contains(&m.as_str()));
    if widget && !article {
        return true;
    }
    let weak = widget
        || USUALLY_SKIPPED.contains(&tag)
        || marks
            .iter()
            .any(|m| WEAK_WIDGET_CLASSES.contains(&m.as_str()));
    weak && paragraph_text(el) * 2 < root_text.max(1)
}

/// The first part of each class name and of the id, lower-cased: "share-bar" → "share".
fn class_marks(el: &NodeRef) -> Vec<String> {
    let (class, id) = (el.attr("class").unwrap_or_default(), el.attr("id"));
    let names = class.split_whitespace().chain(id.as_deref());
    names
        .map(|n| n.split(['-', '_']).next().unwrap_or("").to_lowercase())
        .collect()
}

/// What the walker reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// A whole page: the walker must tell the prose from the furniture itself.
    Page,
    /// The article Readability chose: every block of text is body unless a block rule
    /// (links, widgets, captions, the title) rejects it, since short list items and table
    /// cells are part of how-to and list articles.
    Article,
}

/// Adds a block's text to the body when it is body: content blocks with something in them,
/// loose prose in other blocks; never a block that is mostly links (menus, related lists) or a
/// repeat of the title.
fn emit(frame: Frame, title: Option<&str>, scope: Scope, out: &mut Vec<String>) {
    let text = squash(&frame.text);
    if text.is_empty() {
        return;
    }
    let mostly_links = frame.link_chars * 10 > text.len() * 7;
    let words = || text.split(' ').count();
    let keep = match (scope, &*frame.tag) {
        (_, "h1") => Some(text.as_str()) != title,
        (Scope::Article, _) => true,
        (Scope::Page, "li") => words() >= 4,
        (Scope::Page, t) if CONTENT.contains(&t) => true,
        (Scope::Page, _) => words() >= 12 && text.ends_with(['.', '!', '?', '"', '”']),
    };
    if keep && !mostly_links {
        out.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html><head>
  <title>Harbor bridge approved | Harbor Ledger</title>
  <meta property="og:title" content="Harbor bridge approved">
  <meta property="og:site_name" content="Harbor Ledger">
  <meta name="author" content="Ian Ames">
  <meta property="article:published_time" content="2024-03-05T18:30:00Z">
  <script>var x = "<p>not text</p>";</script>
</head><body>
  <header><nav><a href="/">Home</a> | <a href="/news">News</a></nav></header>
  <article>
    <h1>Harbor bridge approved</h1>
    <div class="share-bar"><a>Facebook</a><a>Twitter</a></div>
    <p>The council approved the bridge on Tuesday&nbsp;night.</p>
    <p>“It is a good day,” Mayor Ada Flint said.<br>She left early.</p>
    <h2>What comes next</h2>
    <ul><li>Work starts in spring 2025.</li><li><a href="/x">Tags</a></li></ul>
    <div>Loose prose inside a div that is long enough to be a real paragraph of the story.</div>
    <div>Share</div>
    <p><a href="/related">Council delays vote on ferry fares</a></p>
    <aside><p>Most read: something else</p></aside>
    <section id="comments"><p>Great article!</p></section>
  </article>
  <footer><p>© Harbor Ledger</p></footer>
</body></html>"#;

    #[test]
    fn readability_finds_the_story() {
        let paragraphs = parse(PAGE, None, None).paragraphs;
        assert!(paragraphs.contains(&"The council approved the bridge on Tuesday night.".into()));
        assert!(!paragraphs
            .iter()
            .any(|p| p.contains("Most read") || p.contains("Harbor Ledger")));
    }

    #[test]
    fn extracts_metadata() {
        let page = parse(PAGE, None, None);
        assert_eq!(page.title.as_deref(), Some("Harbor bridge approved"));
        assert_eq!(page.publisher.as_deref(), Some("Harbor Ledger"));
        assert_eq!(page.authors, vec!["Ian Ames"]);
        assert_eq!(page.published.as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn walker_extracts_body_paragraphs() {
        // The walker is the fallback when Readability finds nothing or the tree is too deep.
        let doc = Document::from(PAGE);
        assert_eq!(
            body(&doc, Some("Harbor bridge approved")),
            vec![
                "The council approved the bridge on Tuesday night.",
                "“It is a good day,” Mayor Ada Flint said. She left early.",
                "What comes next",
                "Work starts in spring 2025.",
                "Loose prose inside a div that is long enough to be a real paragraph of the story.",
            ]
        );
    }

    #[test]
    fn json_ld_and_time_fallbacks() {
        let page = parse(
            r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
             {"@type":["NewsArticle"],"headline":"H","datePublished":"2021/07/09",
              "author":[{"@type":"Person","name":"Jo Park"},{"name":"Ian Ames"}],
              "publisher":{"@type":"Organization","name":"Valley Courier"}}]}
            </script></head><body><p>Text.</p></body></html>"#,
            None,
            None,
        );
        assert_eq!(page.title.as_deref(), Some("H"));
        assert_eq!(page.published.as_deref(), Some("2021-07-09"));
        assert_eq!(page.authors, vec!["Jo Park", "Ian Ames"]);
        assert_eq!(page.publisher.as_deref(), Some("Valley Courier"));
        let page = parse(
            r#"<p>A.</p><time datetime="2020-01-02T03:04">Jan 2</time>"#,
            None,
            None,
        );
        assert_eq!(page.published.as_deref(), Some("2020-01-02"));
        assert_eq!(page.paragraphs[0], "A.");
    }

    #[test]
    fn datelines_above_the_story_go() {
        let story = "The council approved the bridge on Tuesday night after a long debate about its cost and the ferry routes it replaces.";
        let ps = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            without_datelines(ps(&[
                "Jo Park, Staff Writer Updated 5:27 am CST, Wednesday, November 20, 2019",
                "By Ian Ames - 11/18/19 11:04 PM EST",
                story,
                "Updated at 9:00, the minister said, nothing changed.",
            ])),
            ps(&[
                story,
                "Updated at 9:00, the minister said, nothing changed."
            ])
        );
        let kept = ps(&["Published works by the author include three novels.", story]);
        assert_eq!(without_datelines(kept.clone()), kept);
    }

    #[test]
    fn url_dates_the_page() {
        let page = parse("<p>A.</p>", Some("https://x.test/2021/02/03/a"), None);
        assert_eq!(page.published.as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn malformed_and_empty_pages() {
        assert_eq!(parse("", None, None), Page::default());
        let page = parse(
            "<p>Unclosed <b>bold <i>text<div>then a div</p></table>",
            None,
            None,
        );
        assert!(page.paragraphs.concat().contains("Unclosed bold text"));
        let deep = "<div>".repeat(20_000) + "<p>Deep.</p>";
        assert_eq!(parse(&deep, None, None).paragraphs, vec!["Deep."]);
    }
}
