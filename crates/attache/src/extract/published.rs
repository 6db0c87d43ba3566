//! The publication day of a page. Pages state it in many places, each with its own failure
//! mode, so every place is read into a [`Clues`] and one ordered choice picks the day:
//!
//! 1. what the page declares as its publication (schema.org `datePublished` in JSON-LD or
//!    microdata, `article:published_time` and the CMS-specific `<meta>` names);
//! 2. the day the URL files the story under (`/2021/03/04/`);
//! 3. the first date shown in the page's text (a `<time>`, a byline, "Published March 3");
//! 4. what the page declares as its last change (`dateModified`, `article:modified_time`):
//!    a late date beats none, because downstream "on Monday" resolution needs an anchor.
//!
//! A date after the reference day (the fetch date, else today) is a typo or a scheduled
//! event, never the publication day, and is dropped wherever it comes from.

use super::date;
use super::dom::{self, select_all, tag, Metas};
use dom_query::{Document, Matcher};
use serde_json::Value;
use std::sync::LazyLock;

static MICRODATA: LazyLock<Matcher> =
    LazyLock::new(|| dom::matcher(r#"[itemprop="datePublished"], [itemprop="dateCreated"]"#));

/// Every date the page offers, each `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clues {
    /// Whether the declared publication time (JSON-LD, else `<meta>`) is written in UTC: then
    /// its day can be the day after (or before) the one the newsroom printed.
    pub declared_in_utc: bool,
    pub declared: Option<String>,
    pub linked: Option<String>,
    pub url: Option<String>,
    pub shown: Option<String>,
    pub modified: Option<String>,
}

impl Clues {
    /// Reads the page. `metas` holds its `<meta>` elements, `linked` its parsed JSON-LD blocks.
    pub fn find(
        doc: &Document,
        metas: &Metas,
        linked: &[Value],
        url: Option<&str>,
        reference: &str,
    ) -> Clues {
        let keep = |d: Option<String>| d.filter(|d| d.as_str() <= reference);
        let (declared, meta_modified) = meta_dates(metas);
        let (ld_published, ld_modified) = linked_dates(linked);
        let declared_in_utc = match &ld_published {
            Some((_, utc)) => *utc,
            None => declared.as_ref().is_some_and(|d| d.1),
        };
        let declared = keep(declared.map(|d| d.0).or_else(|| microdata(doc)));
        let linked = keep(ld_published.map(|d| d.0));
        let url = keep(url.and_then(date_in_url));
        // Walking the text costs more than the rest together; it runs only when no earlier
        // clue in the order answers.
        let answered = declared.is_some() || linked.is_some() || url.is_some();
        let shown = if answered {
            None
        } else {
            shown(doc, reference)
        };
        Clues {
            declared_in_utc,
            declared,
            linked,
            url,
            shown,
            modified: keep(meta_modified.or(ld_modified)),
        }
    }

    /// The publication day, by the order in the module documentation.
    pub fn published(self) -> Option<String> {
        let stated = self.linked.clone().or(self.declared.clone());
        if let Some(day) = &stated {
            // Only the URL is trusted to hold the newsroom's day: a shown date one day off is
            // as often a related story's (measured on both dev sets).
            let local = self
                .url
                .as_ref()
                .filter(|d| self.declared_in_utc && days_apart(d, day) == Some(1));
            return local.cloned().or(stated);
        }
        self.url.or(self.shown).or(self.modified)
    }
}

/// How many days lie between two `YYYY-MM-DD` days.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    Some((days_from_civil(a)? - days_from_civil(b)?).abs())
}

/// `YYYY-MM-DD` → days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(day: &str) -> Option<i64> {
    let y: i64 = day.get(0..4)?.parse().ok()?;
    let m: i64 = day.get(5..7)?.parse().ok()?;
    let d: i64 = day.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A timestamp written in UTC (`…T06:35:29Z`, `+00:00`), as opposed to the newsroom's time.
fn in_utc(s: &str) -> bool {
    let s = s.trim();
    s.len() > 10 && (s.ends_with('Z') || s.ends_with("+00:00") || s.ends_with("+0000"))
}

/// Today as `YYYY-MM-DD` (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_day((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's `civil_from_days`).
fn civil_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A machine timestamp or, failing that, a prose date ("Oct 31, 2025" in JSON-LD happens).
fn any_date(s: &str) -> Option<String> {
    date::normalize(s).or_else(|| date::find_in_text(s.get(..80).unwrap_or(s)))
}

/// `<meta>` names of the publication day, most specific first; compared lower-cased.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "cludo:date",
];

/// `<meta>` names of the last change.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// The best published (with whether it is written in UTC) and modified days among the page's
/// `<meta>` elements.
fn meta_dates(metas: &Metas) -> (Option<(String, bool)>, Option<String>) {
    let mut published: Option<(usize, String, bool)> = None;
    let mut modified: Option<(usize, String, bool)> = None;
    for (name, content) in metas.named() {
        for (names, best) in [
            (PUBLISHED_META, &mut published),
            (MODIFIED_META, &mut modified),
        ] {
            let Some(rank) = names.iter().position(|n| *n == name) else {
                continue;
            };
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                if let Some(day) = any_date(content) {
                    *best = Some((rank, day, in_utc(content)));
                }
            }
        }
    }
    (published.map(|p| (p.1, p.2)), modified.map(|m| m.1))
}

/// `itemprop="datePublished"` on an element of the body (a `<time>`, a `<span>`).
fn microdata(doc: &Document) -> Option<String> {
    select_all(doc, &MICRODATA).iter().find_map(|e| {
        e.attr("content")
            .or_else(|| e.attr("datetime"))
            .and_then(|a| any_date(&a))
            .or_else(|| date::find_in_text(&e.text()))
    })
}

/// `datePublished` (else `dateCreated`) and `dateModified` from JSON-LD, preferring an
/// article-typed object's over a web page's: a site's `WebPage` node can carry the date the
/// page template was made.
fn linked_dates(blocks: &[Value]) -> (Option<(String, bool)>, Option<String>) {
    let mut objects = Vec::new();
    for b in blocks {
        collect_objects(b, &mut objects, 0);
    }
    objects.sort_by_key(|o| !is_article(o));
    let field = |keys: &[&str]| {
        objects.iter().find_map(|o| {
            keys.iter().find_map(|k| {
                let raw = o.get(*k).and_then(Value::as_str)?;
                any_date(raw).map(|day| (day, in_utc(raw)))
            })
        })
    };
    (
        field(&["datePublished", "dateCreated", "uploadDate"]),
        field(&["dateModified"]).map(|m| m.0),
    )
}

fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_article(v: &Value) -> bool {
    let typed = |t: &str| t.contains("Article") || t.contains("Posting") || t == "Report";
    match v.get("@type") {
        Some(Value::String(t)) => typed(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(typed),
        _ => false,
    }
}

/// The day a URL's path spells out: `/2020/06/07/`, `/2020-06-07-slug`, `/20200607/`. Many
/// news sites file stories by publication day.
pub fn date_in_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    for (i, seg) in segments.iter().enumerate() {
        if digits(seg, 4) {
            let (m, d) = (segments.get(i + 1), segments.get(i + 2));
            if let (Some(m), Some(d)) = (m, d) {
                if digits(m, 2) && digits(d, 2) {
                    return date::parse_iso_date(&format!("{seg}-{m}-{d}"));
                }
            }
        }
        let head = seg.get(..10).unwrap_or("");
        if let Some(day) = date::parse_iso_date(head) {
            return Some(day);
        }
        if digits(seg, 8) && (seg.starts_with("19") || seg.starts_with("20")) {
            return date::normalize(seg);
        }
    }
    None
}

/// Elements whose text is never shown as the page's date.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "select", "option", "textarea",
];

/// How many text nodes to read before giving up: the date sits near the headline, and
/// reading a whole long page for it costs time on every page that has none.
/// On the dev sets 600 missed dates below long menus; more than 3,000 found no more.
const SHOWN_TEXT_NODES: usize = 3000;

/// The first date in the page's visible text (a `<time datetime>` counts with its attribute),
/// in document order, walked without recursion.
fn shown(doc: &Document, reference: &str) -> Option<String> {
    let root = doc.body()?;
    let mut stack: Vec<_> = root.children_it(true).collect();
    let mut read = 0;
    while let Some(node) = stack.pop() {
        if node.is_text() {
            read += 1;
            if read > SHOWN_TEXT_NODES {
                return None;
            }
            let t = node.text();
            if t.len() < 300 && t.bytes().any(|b| b.is_ascii_digit()) {
                if let Some(day) = date::find_in_text(&t).filter(|d| d.as_str() <= reference) {
                    return Some(day);
                }
            }
            continue;
        }
        let Some(name) = tag(&node).filter(|n| !HIDDEN.contains(&&**n)) else {
            continue;
        };
        let attr = (&*name == "time")
            .then(|| node.attr("datetime").and_then(|d| date::normalize(&d)))
            .flatten();
        if let Some(day) = attr.filter(|d| d.as_str() <= reference) {
            return Some(day);
        }
        stack.extend(node.children_it(true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clues(html: &str, url: Option<&str>) -> Clues {
        let doc = Document::from(html);
        let scripts = dom::matcher(r#"script[type="application/ld+json"]"#);
        let linked: Vec<Value> = select_all(&doc, &scripts)
            .iter()
            .filter_map(|s| serde_json::from_str(&s.text()).ok())
            .collect();
        Clues::find(&doc, &Metas::read(&doc), &linked, url, "2024-12-31")
    }

    #[test]
    fn civil_days() {
        assert_eq!(civil_day(0), "1970-01-01");
        assert_eq!(civil_day(19_723), "2024-01-01");
        assert_eq!(civil_day(19_782), "2024-02-29");
        assert!(today().as_str() > "2024-01-01");
    }

    #[test]
    fn published_beats_modified_and_case_is_ignored() {
        let c = clues(
            r#"<head><meta property="article:modified_time" content="2024-05-02T10:00:00Z">
            <meta NAME="Parsely-Pub-Date" content="2024-04-30"></head><body></body>"#,
            None,
        );
        assert_eq!(c.declared.as_deref(), Some("2024-04-30"));
        assert_eq!(c.modified.as_deref(), Some("2024-05-02"));
        assert_eq!(c.published().as_deref(), Some("2024-04-30"));
    }

    #[test]
    fn json_ld_graph_web_page_and_prose_dates() {
        let c = clues(
            r#"<script type="application/ld+json">{"@graph":[
              {"@type":"WebPage","datePublished":"2023-01-02T00:00:00Z","dateModified":"2023-02-01"},
              {"@type":"BlogPosting","datePublished":"Oct 31, 2023"}]}</script><p>x</p>"#,
            None,
        );
        assert_eq!(c.linked.as_deref(), Some("2023-10-31"));
        assert_eq!(c.modified.as_deref(), Some("2023-02-01"));
    }

    #[test]
    fn shown_dates_and_the_future() {
        let page = r#"<body><nav>Menu 2024</nav><h1>Story</h1>
            <div class="byline">By Jo Park · Published <span>March 3, 2021</span></div>
            <p>On 4 May 2022 the council met.</p></body>"#;
        assert_eq!(clues(page, None).shown.as_deref(), Some("2021-03-03"));
        let future =
            r#"<body><time datetime="2030-01-01">soon</time><p>Event on 2 June 2023.</p></body>"#;
        assert_eq!(clues(future, None).shown.as_deref(), Some("2023-06-02"));
        let c = clues(
            r#"<meta property="article:published_time" content="2031-01-01"><p>x</p>"#,
            Some("https://x.test/2020/06/07/a"),
        );
        assert_eq!(c.published().as_deref(), Some("2020-06-07"));
        let hidden = r#"<body><script>var d = "2021-03-03";</script><p>No date.</p></body>"#;
        assert_eq!(clues(hidden, None).published(), None);
    }

    #[test]
    fn utc_stamp_yields_to_the_local_day() {
        let page = r#"<meta property="article:published_time" content="2023-11-09T03:28:35Z">
            <body><p>Nov 8, 2023</p></body>"#;
        let url = Some("https://x.test/2023/11/08/story");
        assert_eq!(clues(page, url).published().as_deref(), Some("2023-11-08"));
        assert_eq!(clues(page, None).published().as_deref(), Some("2023-11-09"));
        let page = page.replace("03:28:35Z", "03:28:35-05:00");
        assert_eq!(clues(&page, url).published().as_deref(), Some("2023-11-09"));
        assert_eq!(days_from_civil("1970-01-02"), Some(1));
        assert_eq!(days_apart("2024-03-01", "2024-02-28"), Some(2));
    }

    #[test]
    fn dates_in_urls() {
        for (url, day) in [
            ("https://x.test/2020/06/07/story-slug/", Some("2020-06-07")),
            ("https://x.test/news/2020-06-07-story", Some("2020-06-07")),
            ("http://x.test/a/20200607/b.html", Some("2020-06-07")),
            ("https://x.test/2020/06/story", None),
            ("https://x.test/2020/13/40/x", None),
            ("https://x.test/?d=2020-06-07", None),
        ] {
            assert_eq!(date_in_url(url).as_deref(), day, "{url}");
        }
    }
}
