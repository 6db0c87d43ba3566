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

use std::borrow::Cow;

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
    // Per dropped tag name, how many end tags still to drop.
    let mut dropped: Vec<(String, usize)> = Vec::new();
    let mut copied = 0; // bytes of `html` already handled
    let mut at = 0;
    let bytes = html.as_bytes();
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let tag = Tag::read(html, start);
        at = tag.end.max(start + 1);
        // The byte range to leave out of the output, if any.
        let mut skip = None;
        let keep = match &tag.kind {
            Kind::Start(name) if VOID.contains(&name.as_str()) || tag.self_closing => true,
            Kind::Start(name) if RAW_TEXT.contains(&name.as_str()) => {
                at = raw_text_end(html, at, name);
                let unread =
                    name == "style" || (name == "script" && !is_linked_data(&html[start..tag.end]));
                if drop_unread && unread && at > tag.end {
                    skip = Some((tag.end, at));
                }
                true
            }
            Kind::Start(name) if OPTIONAL_END.contains(&name.as_str()) => true,
            Kind::Start(name) => {
                if depth < max {
                    depth += 1;
                    true
                } else {
                    match dropped.iter_mut().find(|(n, _)| n == name) {
                        Some((_, count)) => *count += 1,
                        None => dropped.push((name.clone(), 1)),
                    }
                    false
                }
            }
            Kind::End(name) => match dropped.iter_mut().find(|(n, c)| n == name && *c > 0) {
                Some((_, count)) => {
                    *count -= 1;
                    false
                }
                None => {
                    let counted = [OPTIONAL_END, VOID, RAW_TEXT]
                        .iter()
                        .all(|names| !names.contains(&name.as_str()));
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
            skip = Some((start, tag.end));
        }
        if let Some((from, to)) = skip {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            buf.push_str(&html[copied..from]);
            copied = to;
        }
        debug_assert!(at <= bytes.len());
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

enum Kind {
    Start(String),
    End(String),
    Comment,
    /// A doctype, a processing instruction, or a `<` that opens no tag.
    Other,
}

/// One tag as the HTML tokenizer would see it, from its `<` to just after its `>`.
struct Tag {
    kind: Kind,
    self_closing: bool,
    end: usize,
}

impl Tag {
    fn read(html: &str, start: usize) -> Tag {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest[4..]
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
        let name: String = rest[name_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
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
        let name = name.to_ascii_lowercase();
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

    fn other(end: usize) -> Tag {
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
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes()[from..].iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return from + i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Where the raw text of a `<script>` (or `<style>`, …) opened before `from` ends: at its
/// end tag, which the main loop then reads.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let closing = format!("</{name}");
    let lower_matches = |i: usize| {
        html.get(i..i + closing.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(&closing))
    };
    let mut at = from;
    while let Some(offset) = html[at..].find("</") {
        let i = at + offset;
        if lower_matches(i) {
            return i;
        }
        at = i + 2;
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
    fn code_and_comments_are_dropped_metadata_kept() {
        let page = r#"<head><script>if (a<b) {"</div>"}</script><STYLE>p{}</STYLE>
            <script type="application/ld+json">{"headline":"H"}</script></head>
            <body><!-- <p>old</p> --><p>Text <b>bold</b></p><script src="x.js"></script></body>"#;
        assert_eq!(
            prepare(page),
            r#"<head><script></script><STYLE></STYLE>
            <script type="application/ld+json">{"headline":"H"}</script></head>
            <body><p>Text <b>bold</b></p><script src="x.js"></script></body>"#
        );
        let deep = format!("{}x", "<div>".repeat(MAX_NESTING + 5));
        assert_eq!(prepare(&deep), format!("{}x", "<div>".repeat(MAX_NESTING)));
    }
}
