//! A bound on how deeply a page's elements nest, enforced before the HTML parser sees it.
//!
//! The HTML5 tree builder checks "is there an open `<p>` in scope?" on every block start tag by
//! walking the stack of open elements, so a page of a million nested `<div>`s (broken
//! generators, hostile pages) costs time quadratic in its depth: 80,000 levels already take
//! many seconds. Real pages nest a few dozen levels. Start tags beyond [`MAX_NESTING`] open
//! elements are dropped together with their end tags; the text between them is kept, so the
//! page reads the same, flattened.
//!
//! The same pass also drops what no reader of the page looks at ([`prepare`]): the code of
//! `<script>`s (all but JSON-LD) and `<style>`s, and comments. On news pages that is close to
//! half the bytes (44% on the AEB and WCXB dev pages), and the HTML tokenizer would otherwise
//! read each of them one character at a time.

use memchr::memmem;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Open elements allowed before further start tags are dropped: ten times what real pages use.
pub const MAX_NESTING: usize = 512;

/// Elements that never have content, so never deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out (the parser closes them on the next sibling), so
/// counting them would see depth that the tree does not have.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc",
    "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text: a `<` inside them is not a tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with start tags beyond `max` open elements (and their end tags) removed; borrowed
/// unchanged when the page stays within the bound, as every ordinary page does.
pub fn limit(html: &str, max: usize) -> Cow<'_, str> {
    scan(html, max, false)
}

/// `html` as the extractors read it: nesting bounded by [`MAX_NESTING`], and the code of
/// scripts (except JSON-LD, which holds metadata) and styles, and comments, removed. The
/// elements themselves stay, empty, so the tree keeps its shape.
pub fn prepare(html: &str) -> Cow<'_, str> {
    scan(html, MAX_NESTING, true)
}

/// Whether a `<script>` start tag declares JSON-LD.
fn is_linked_data(start_tag: &str) -> bool {
    start_tag.to_ascii_lowercase().contains("ld+json")
}

/// The pass behind [`limit`] and [`prepare`]; `drop_unread` removes scripts, styles and
/// comments as well.
fn scan(html: &str, max: usize, drop_unread: bool) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut depth = 0usize;
    // Per dropped tag name (lower case), how many end tags still to drop.
    let mut dropped: Vec<(String, usize)> = Vec::new();
    let mut copied = 0; // bytes of `html` already handled
    let mut at = 0;
    // The byte ranges of the current tag (and its content) to leave out, in order.
    let mut skips: Vec<(usize, usize)> = Vec::new();
    // Whether the last tag read breaks lines, and how many `<pre>`s are open.
    let mut after_break = true;
    let mut preformatted = 0usize;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let gap = at..start;
        let tag = Tag::read(html, start);
        at = tag.end.max(start + 1);
        skips.clear();
        let lower = Lower::new(match tag.kind {
            Kind::Start(name) | Kind::End(name) => name,
            _ => "",
        });
        let lower = lower.as_str();
        if drop_unread && !matches!(tag.kind, Kind::Comment) {
            let breaks = !matches!(tag.kind, Kind::Start(_) | Kind::End(_))
                || LINE_BREAKING.contains(&lower);
            let blank =
                !gap.is_empty() && html[gap.clone()].bytes().all(|b| b.is_ascii_whitespace());
            if blank && (breaks || after_break) && preformatted == 0 {
                skips.push((gap.start, gap.end));
            }
            after_break = breaks;
            if lower == "pre" || lower == "listing" {
                match tag.kind {
                    Kind::Start(_) if !tag.self_closing => preformatted += 1,
                    Kind::End(_) => preformatted = preformatted.saturating_sub(1),
                    _ => {}
                }
            }
        }
        let keep = match tag.kind {
            Kind::Start(_) if VOID.contains(&lower) || tag.self_closing => {
                if drop_unread {
                    unread_attributes(html, start, tag.end, &mut skips);
                }
                true
            }
            Kind::Start(name) if RAW_TEXT.contains(&lower) => {
                at = raw_text_end(html, at, name);
                let unread = lower == "style"
                    || (lower == "script" && !is_linked_data(&html[start..tag.end]));
                if drop_unread && unread && at > tag.end {
                    skips.push((tag.end, at));
                }
                true
            }
            Kind::Start(_) if OPTIONAL_END.contains(&lower) => {
                if drop_unread {
                    unread_attributes(html, start, tag.end, &mut skips);
                }
                true
            }
            Kind::Start(name) => {
                if depth < max {
                    depth += 1;
                    if drop_unread {
                        unread_attributes(html, start, tag.end, &mut skips);
                        // Vector drawings: path data, never prose. The element stays, empty.
                        if lower == "svg" {
                            let content_end = raw_text_end(html, tag.end, "svg");
                            let closed = content_end < html.len();
                            if closed && !holds_html(&html[tag.end..content_end]) {
                                skips.push((tag.end, content_end));
                                at = content_end;
                            }
                        }
                    }
                    true
                } else {
                    match dropped
                        .iter_mut()
                        .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    {
                        Some((_, count)) => *count += 1,
                        None => dropped.push((name.to_ascii_lowercase(), 1)),
                    }
                    false
                }
            }
            Kind::End(name) => match dropped
                .iter_mut()
                .find(|(n, c)| n.eq_ignore_ascii_case(name) && *c > 0)
            {
                Some((_, count)) => {
                    *count -= 1;
                    false
                }
                None => {
                    let counted = [OPTIONAL_END, VOID, RAW_TEXT]
                        .iter()
                        .all(|names| !names.contains(&lower));
                    if counted {
                        depth = depth.saturating_sub(1);
                    }
                    true
                }
            },
            Kind::Comment => !drop_unread,
            Kind::Other => true,
        };
        if !keep {
            skips.retain(|&(from, _)| from < start);
            skips.push((start, tag.end));
        }
        for &(from, to) in &skips {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            buf.push_str(&html[copied..from]);
            copied = to;
        }
        debug_assert!(at <= html.len());
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Elements that start a new line wherever they stand (block boxes and what is never shown):
/// white space beside their tags separates no words, yet every run of it would become a
/// text node of its own, and they are a third of a page's nodes.
#[rustfmt::skip]
const LINE_BREAKING: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "base", "script", "style", "noscript",
    "template", "div", "p", "section", "article", "main", "header", "footer", "nav", "aside", "ul",
    "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot",
    "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "form", "fieldset",
    "legend", "figure", "figcaption", "hr", "br", "address", "details", "summary", "dialog", "menu",
    "option", "optgroup",
];

/// Start tags that end an `<svg>` in the HTML parser (the drawing closes and the element is
/// HTML again), from the HTML standard's rules for foreign content.
#[rustfmt::skip]
const LEAVES_SVG: &[&str] = &[
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
    "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
    "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub",
    "sup", "table", "tt", "ul", "var", "font",
];

/// Whether an `<svg>`'s content holds a tag that the parser would lift out of the drawing, so
/// that dropping the content would drop page text (broken pages).
fn holds_html(content: &str) -> bool {
    content.match_indices('<').any(|(i, _)| {
        let name: &str = {
            let rest = &content[i + 1..];
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            &rest[..len]
        };
        LEAVES_SVG.contains(&Lower::new(name).as_str())
    })
}

/// A tag name lower-cased on the stack, for the name lists above: every name in them is
/// short, so a longer name (a custom element) is kept as none of them.
struct Lower {
    buf: [u8; 12],
    len: usize,
}

impl Lower {
    fn new(name: &str) -> Lower {
        let mut buf = [0; 12];
        if name.len() > buf.len() {
            return Lower { buf, len: 0 };
        }
        for (b, c) in buf.iter_mut().zip(name.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        Lower {
            buf,
            len: name.len(),
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// Attributes no reader looks at, yet often a tenth of a page: image sources for other screen
/// sizes (`srcset`, `sizes`) and scripts' data (`data-*`). Readability and the walker read
/// classes, ids, styles, `href`s and the metadata attributes, never these.
fn is_unread_attribute(name: &str) -> bool {
    let starts_data = name
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("data-"));
    starts_data || name.eq_ignore_ascii_case("srcset") || name.eq_ignore_ascii_case("sizes")
}

static UNREAD_ATTRIBUTES: LazyLock<[memmem::Finder<'static>; 3]> =
    LazyLock::new(|| [b"data-".as_slice(), b"srcset", b"sizes"].map(memmem::Finder::new));

/// Adds the byte ranges of a start tag's unread attributes (each with the space before it) to
/// `skips`. `start..end` is the whole tag, `<` to `>`.
fn unread_attributes(html: &str, start: usize, end: usize, skips: &mut Vec<(usize, usize)>) {
    let tag = &html.as_bytes()[..end];
    // Most tags have none: look before parsing (generators write these names in lower case).
    let has_unread = UNREAD_ATTRIBUTES
        .iter()
        .any(|f| f.find(&tag[start..]).is_some());
    if !has_unread {
        return;
    }
    // Past the tag name.
    let mut i = start + 1;
    while i < end && !tag[i].is_ascii_whitespace() && tag[i] != b'>' && tag[i] != b'/' {
        i += 1;
    }
    loop {
        let space = i;
        while i < end && (tag[i].is_ascii_whitespace() || tag[i] == b'/') {
            i += 1;
        }
        let name_at = i;
        while i < end && !matches!(tag[i], b'=' | b'>' | b'/') && !tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == name_at {
            return;
        }
        let name = &html[name_at..i];
        i = attribute_value_end(tag, i, end);
        if is_unread_attribute(name) && space < name_at {
            skips.push((space, i));
        }
    }
}

/// Just after the value of an attribute whose name ends at `i` (`i` itself when it has none).
fn attribute_value_end(tag: &[u8], mut i: usize, end: usize) -> usize {
    let mut j = i;
    while j < end && tag[j].is_ascii_whitespace() {
        j += 1;
    }
    if j >= end || tag[j] != b'=' {
        return i;
    }
    j += 1;
    while j < end && tag[j].is_ascii_whitespace() {
        j += 1;
    }
    match tag.get(j) {
        Some(&q @ (b'"' | b'\'')) if j < end => {
            i = j + 1;
            while i < end && tag[i] != q {
                i += 1;
            }
            (i + 1).min(end)
        }
        _ => {
            i = j;
            while i < end && !tag[i].is_ascii_whitespace() && tag[i] != b'>' {
                i += 1;
            }
            i
        }
    }
}

enum Kind<'a> {
    Start(&'a str),
    End(&'a str),
    Comment,
    /// A doctype, a processing instruction, or a `<` that opens no tag.
    Other,
}

/// One tag as the HTML tokenizer would see it, from its `<` to just after its `>`.
struct Tag<'a> {
    kind: Kind<'a>,
    self_closing: bool,
    end: usize,
}

impl<'a> Tag<'a> {
    fn read(html: &'a str, start: usize) -> Tag<'a> {
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment
                .find("-->")
                .map_or(html.len(), |i| start + 4 + i + 3);
            return Tag {
                kind: Kind::Comment,
                self_closing: false,
                end,
            };
        }
        let (closing, name_at) = if rest.starts_with("</") {
            (true, 2)
        } else {
            (false, 1)
        };
        let name_len = rest.as_bytes()[name_at.min(rest.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        let name = &rest[name_at.min(rest.len())..name_at.min(rest.len()) + name_len];
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = if rest.starts_with("<!") || rest.starts_with("<?") {
                rest.find('>').map_or(html.len(), |i| start + i + 1)
            } else {
                start + 1
            };
            return Tag::other(end);
        }
        let end = tag_end(html, start + name_at + name.len());
        let self_closing = html[..end].ends_with("/>");
        Tag {
            kind: if closing {
                Kind::End(name)
            } else {
                Kind::Start(name)
            },
            self_closing,
            end,
        }
    }

    fn other(end: usize) -> Tag<'a> {
        Tag {
            kind: Kind::Other,
            self_closing: false,
            end,
        }
    }
}

/// Just after the `>` that closes a tag whose attributes start at `from`, skipping quoted
/// attribute values; the end of the page when the tag never closes.
fn tag_end(html: &str, from: usize) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = memchr::memchr3(b'>', b'"', b'\'', &bytes[at..]) {
        let i = at + offset;
        if bytes[i] == b'>' {
            return i + 1;
        }
        match memchr::memchr(bytes[i], &bytes[i + 1..]) {
            Some(len) => at = i + 1 + len + 1,
            None => break,
        }
    }
    html.len()
}

/// Where the raw text of a `<script>` (or `<style>`, …) opened before `from` ends: at its
/// end tag, which the main loop then reads.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let i = at + offset;
        let closes = bytes.get(i + 1) == Some(&b'/')
            && bytes
                .get(i + 2..i + 2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if closes {
            return i;
        }
        at = i + 1;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_borrowed_unchanged() {
        let page = r#"<!doctype html><html><head><title>a < b</title><script>if (a<b) {"</div>"}</script>
            </head><body><div class="x>y"><p>One<p>Two<br><img src=x /><!-- <div> --></div></body></html>"#;
        assert!(matches!(limit(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = format!(
            "<body>{}<p>Deep text.</p>{}</body>",
            "<div>".repeat(10),
            "</div>".repeat(10)
        );
        let out = limit(&page, 4);
        assert_eq!(
            out,
            format!(
                "<body>{}<p>Deep text.</p>{}</body>",
                "<div>".repeat(4),
                "</div>".repeat(4)
            )
        );
        let unclosed = format!("{}<span>x</span> tail", "<div>".repeat(1000));
        let out = limit(&unclosed, 8);
        assert_eq!(out, format!("{}x tail", "<div>".repeat(8)));
    }

    #[test]
    fn malformed_tags_never_panic() {
        for page in [
            "<",
            "</",
            "<div",
            "<div class='",
            "<!--",
            "<script>",
            "<a<b<c",
            "<é>",
            "</é>",
        ] {
            let _ = limit(page, 1);
        }
        assert_eq!(limit("<b><i>x", 1), "<b>x");
        for page in ["<script>x", "<style", "<!-- x", "<script type='ld+json'>"] {
            let _ = prepare(page);
        }
    }

    #[test]
    fn drawings_and_unread_attributes_are_dropped() {
        let page = r#"<div class="a" data-id='7' id=x srcset="a.jpg 1x, b.jpg 2x" DATA-Y=z>
            <img src=a.jpg data-src=b.jpg sizes="50vw"/><svg viewBox="0 0 1 1"><path d="M0 0"/></svg>
            <time datetime="2024-01-02" data-t="1">Jan 2</time><p data-x>Text</p></div>"#;
        assert_eq!(
            prepare(page),
            r#"<div class="a" id=x><img src=a.jpg/><svg viewBox="0 0 1 1"></svg>
            <time datetime="2024-01-02">Jan 2</time><p>Text</p></div>"#
        );
        // A drawing the parser would close early (HTML inside, or never closed) is kept.
        for page in ["<svg><path/><p>Text</p></svg>", "<svg><path d='M0'/> text"] {
            assert_eq!(prepare(page), page);
        }
        // Plain limiting leaves attributes alone.
        let page = r#"<p data-x="1">Text</p>"#;
        assert!(matches!(limit(page, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn blank_runs_between_blocks_go_between_words_stay() {
        let page = "<div>\n  <p>One <b>two</b> <i>three</i></p>\n  <ul>\n <li>x</li>\n</ul>\n\
                    <pre>\n <b>a</b> <i>b</i>\n</pre></div>";
        assert_eq!(
            prepare(page),
            "<div><p>One <b>two</b> <i>three</i></p><ul><li>x</li></ul><pre>\n <b>a</b> <i>b</i>\n</pre></div>"
        );
    }

    #[test]
    fn code_and_comments_are_dropped_metadata_kept() {
        let page = r#"<head><script>if (a<b) {"</div>"}</script><STYLE>p{}</STYLE>
            <script type="application/ld+json">{"headline":"H"}</script></head>
            <body><!-- <p>old</p> --><p>Text <b>bold</b></p><script src="x.js"></script></body>"#;
        assert_eq!(
            prepare(page),
            r#"<head><script></script><STYLE></STYLE><script type="application/ld+json">{"headline":"H"}</script></head><body><p>Text <b>bold</b></p><script src="x.js"></script></body>"#
        );
        let deep = format!("{}x", "<div>".repeat(MAX_NESTING + 5));
        assert_eq!(prepare(&deep), format!("{}x", "<div>".repeat(MAX_NESTING)));
    }
}
