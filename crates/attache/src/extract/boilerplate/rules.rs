//! Rules that say whether one paragraph is boilerplate, of what kind, and where it may be
//! removed. Each rule describes a *kind* of line (widget vocabulary, a labelled credit line, a bio
//! sentence, publisher marketing), never particular articles.

use super::byline::{self, Byline, Contact};
use super::lexical::{contains_phrase, is_capitalized, sentences, Line};
use crate::model::BoilerplateKind as Kind;

/// Where a finding may be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// A line no article body contains ("Inline Feedbacks", "Advertisement"): removed anywhere.
    Anywhere,
    /// Plausible as body text in the middle of a story; removed only in the run of boilerplate
    /// at the start or end of the article, where such blocks cluster.
    Edge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    pub kind: Kind,
    pub reach: Reach,
    /// Author and publisher named by a bio or byline.
    pub byline: Option<Byline>,
    /// A surname to look for in the story: a bio about someone the story mentions is story.
    pub check_name: Option<String>,
}

impl Finding {
    fn new(kind: Kind, reach: Reach) -> Self {
        Finding {
            kind,
            reach,
            byline: None,
            check_name: None,
        }
    }
}

/// What the rules know about the document beyond the paragraph at hand.
#[derive(Debug, Default)]
pub(super) struct Context {
    /// Publisher names, folded to lower case and without a leading "the".
    pub publishers: Vec<String>,
}

impl Context {
    pub fn add_publisher(&mut self, name: &str) {
        let folded = super::lexical::fold(name);
        let folded = folded.strip_prefix("the ").unwrap_or(&folded).to_string();
        if folded.len() >= 3 && !self.publishers.contains(&folded) {
            self.publishers.push(folded);
        }
    }
}

/// Longer paragraphs are never boilerplate: bios, promos and widgets are short.
const MAX_WORDS: usize = 120;

/// The findings that may be removed anywhere (widget lines, inline "Related:" links), without
/// the rest of the rules: this runs on every paragraph of the article, so long paragraphs are
/// turned away before any real work.
pub(super) fn unmistakable(text: &str) -> Option<Finding> {
    let short = text.split_whitespace().take(11).count() <= 10;
    let numbered = text.trim_start().starts_with(|c: char| c.is_ascii_digit());
    let labelled = text.find(':').is_some_and(|at| at <= 30);
    if !(short || numbered || labelled) {
        return None;
    }
    classify(text, &Context::default()).filter(|f| f.reach == Reach::Anywhere)
}

/// All rules: what kind of boilerplate the paragraph is, if any.
pub(super) fn classify(text: &str, cx: &Context) -> Option<Finding> {
    let words = text.split_whitespace().take(MAX_WORDS + 1).count();
    if words == 0 || words > MAX_WORDS {
        return None;
    }
    let line = Line::new(text);
    widget_line(&line)
        .or_else(|| labelled_line(&line))
        .or_else(|| source_line(&line))
        .or_else(|| author_line(&line))
        .or_else(|| promo(&line, cx))
}

// ---------------------------------------------------------------------------------------------
// Widget lines: the text of buttons and headings of comment, share and navigation widgets.

const COMMENT_LINES: &[&str] = &[
    "notify of",
    "inline feedbacks",
    "view all comments",
    "view comments",
    "show comments",
    "hide comments",
    "load comments",
    "load more comments",
    "see all comments",
    "read comments",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "write a comment",
    "comments",
    "comment",
    "reply",
    "cancel reply",
    "join the discussion",
    "join the conversation",
    "be the first to comment",
    "newest",
    "oldest",
    "most voted",
    "sort by",
    "comments are closed",
    "comment policy",
    "please log in to comment",
    "please login to comment",
    "log in to comment",
    "login to comment",
    "you must be logged in to post a comment",
    "notify me of new comments by email",
    "notify me of follow-up comments by email",
    "notify me of new posts by email",
];

const SHARE_LINES: &[&str] = &[
    "share this article",
    "share this story",
    "share this post",
    "share this page",
    "share this",
    "share",
    "share article",
    "share story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "share via email",
    "share via e-mail",
    "tweet",
    "tweet this",
    "email",
    "e-mail",
    "print",
    "print this article",
    "copy link",
    "copy url",
    "link copied",
    "pin it",
    "save article",
    "gift this article",
    "gift article",
    "listen to this article",
];

const NAV_LINES: &[&str] = &[
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "back to top",
    "return to top",
    "toggle navigation",
    "menu",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "load more",
    "more stories",
    "more news",
    "top stories",
    "trending now",
    "most read",
    "related articles",
    "related stories",
    "related posts",
    "related coverage",
    "recommended for you",
    "you may also like",
    "you might also like",
    "read next",
    "up next",
];

const PROMO_LINES: &[&str] = &[
    "advertisement",
    "advertisements",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "scroll to continue with content",
    "subscribe",
    "subscribe now",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "sign up for our newsletters",
    "become a member",
    "support our journalism",
    "get the app",
    "download our app",
    "download the app",
];

/// Words that, alone or strung together, make a row of share buttons.
const SOCIAL_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "print",
    "reddit",
    "pinterest",
    "telegram",
    "share",
    "tweet",
    "copy",
    "link",
    "messenger",
    "flipboard",
    "pocket",
    "bluesky",
    "threads",
];

/// Things people count under an article: "12 comments", "Comments (3)", "4 replies".
const COUNTED: &[&str] = &[
    "comment",
    "comments",
    "reply",
    "replies",
    "response",
    "responses",
    "reaction",
    "reactions",
    "shares",
];

fn widget_line(line: &Line) -> Option<Finding> {
    let key = line.key.as_str();
    let lexicons = [
        (COMMENT_LINES, Kind::Comments),
        (SHARE_LINES, Kind::Share),
        (NAV_LINES, Kind::Nav),
        (PROMO_LINES, Kind::Promo),
    ];
    if let Some((_, kind)) = lexicons.iter().find(|(lex, _)| lex.contains(&key)) {
        return Some(Finding::new(*kind, Reach::Anywhere));
    }
    if is_count_line(line) {
        return Some(Finding::new(Kind::Comments, Reach::Anywhere));
    }
    if is_social_row(line) {
        return Some(Finding::new(Kind::Share, Reach::Anywhere));
    }
    None
}

/// "12 comments", "Comments (3)", "1,204 shares", "4 thoughts on “…”".
fn is_count_line(line: &Line) -> bool {
    let has_digit = line.key.chars().any(|c| c.is_ascii_digit());
    let letters: Vec<&str> = line
        .key
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let counted = has_digit && letters.len() == 1 && COUNTED.contains(&letters[0]);
    // "4 thoughts on “Title”", "12 responses to “Title”" (WordPress comment headings).
    let mut words = line.key.split(' ');
    let number = words
        .next()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let phrase = matches!(
        (words.next(), words.next()),
        (Some("thoughts" | "thought"), Some("on")) | (Some("responses" | "response"), Some("to"))
    );
    let thoughts = number && phrase && line.words <= 25;
    counted || thoughts
}

/// "Facebook | Twitter | WhatsApp | Email".
fn is_social_row(line: &Line) -> bool {
    let words: Vec<&str> = line
        .key
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '/' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 2 && words.iter().all(|w| SOCIAL_WORDS.contains(w))
}

// ---------------------------------------------------------------------------------------------
// Labelled lines: "Related: …", "Tags: …", "Click here to …", breadcrumb rows.

/// Labels of inline links to other articles: junk wherever they appear.
const LINK_LABELS: &[&str] = &[
    "related",
    "read more",
    "read also",
    "also read",
    "see also",
    "also see",
    "recommended",
    "read next",
    "must read",
    "don't miss",
];

/// Labels of taxonomy lines, which belong to the page furniture at the article's edges.
const TAXONOMY_LABELS: &[&str] = &[
    "tags",
    "filed under",
    "topics",
    "categories",
    "category",
    "keywords",
    "more on this",
];

fn labelled_line(line: &Line) -> Option<Finding> {
    let label = line.label().unwrap_or(&line.key);
    if LINK_LABELS.contains(&label) && line.words <= 25 {
        return Some(Finding::new(Kind::Nav, Reach::Anywhere));
    }
    if TAXONOMY_LABELS.contains(&label) && line.words <= 40 {
        return Some(Finding::new(Kind::Nav, Reach::Edge));
    }
    if is_breadcrumb(line) || (line.key.starts_with("more from ") && line.words <= 6) {
        return Some(Finding::new(Kind::Nav, Reach::Edge));
    }
    let click = ["click here", "tap here"]
        .iter()
        .any(|p| line.key.starts_with(p));
    let follow_us = line.key.starts_with("follow us") && line.words <= 25;
    if (click && line.words <= 40) || follow_us {
        return Some(Finding::new(Kind::Share, Reach::Edge));
    }
    None
}

/// "Home | World | Europe", "News › Politics › Elections": short segments between separators.
fn is_breadcrumb(line: &Line) -> bool {
    let segments: Vec<&str> = line
        .raw
        .split(['|', '›', '»', '•', '·'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let short = |s: &&str| s.split_whitespace().count() <= 4 && !s.ends_with('.');
    segments.len() >= 3 && line.words <= 20 && segments.iter().all(short)
}

// ---------------------------------------------------------------------------------------------
// Source and credit lines.

const SOURCE_LABELS: &[&str] = &[
    "source",
    "sources",
    "via",
    "image source",
    "image",
    "images",
    "photo",
    "photos",
    "photo credit",
    "photograph",
    "credit",
    "credits",
    "image credit",
    "featured image",
    "feature image",
    "header image",
    "top image",
    "cover image",
];

const CREDIT_PREFIXES: &[&str] = &[
    "reporting by",
    "additional reporting by",
    "editing by",
    "writing by",
    "compiled by",
    "edited by",
];

/// Openings of "this article first appeared in …" notes.
const REPUBLISH_OPENINGS: &[&str] = &[
    "this article",
    "this story",
    "this post",
    "this piece",
    "this column",
    "this essay",
    "this op-ed",
    "this commentary",
    "a version of this",
    "an earlier version of this",
    "originally published",
    "originally appeared",
    "first published",
    "first appeared",
    "republished",
    "reprinted",
];

fn source_line(line: &Line) -> Option<Finding> {
    let edge = || Some(Finding::new(Kind::SourceLine, Reach::Edge));
    let labelled = line.label().or_else(|| dash_label(&line.key));
    // A credit names a source; a sentence after "Source:" is story ("Source: records show …").
    if labelled.is_some_and(|l| SOURCE_LABELS.contains(&l)) && line.words <= 10 && !line.speech {
        return edge();
    }
    if CREDIT_PREFIXES.iter().any(|p| line.key.starts_with(p)) && line.words <= 40 {
        return edge();
    }
    let copyright = line.raw.trim_start().starts_with('©')
        || line.key.starts_with("copyright")
        || line.key.contains("all rights reserved");
    if copyright && line.words <= 40 {
        return edge();
    }
    let republished = REPUBLISH_OPENINGS.iter().any(|p| line.key.starts_with(p))
        && ["published", "appeared", "republished", "reprinted"]
            .iter()
            .any(|v| contains_phrase(&line.key, v));
    if republished && line.words <= 40 && !line.speech {
        return edge();
    }
    None
}

/// "Source - Reuters", "Photo – AP": a label before a dash.
fn dash_label(key: &str) -> Option<&str> {
    let (label, _) = key.split_once(" - ").or_else(|| key.split_once(" – "))?;
    (label.split(' ').count() <= 3).then_some(label)
}

// ---------------------------------------------------------------------------------------------
// Author lines: bios, bylines, follow and contact lines, bare handles.

fn author_line(line: &Line) -> Option<Finding> {
    if is_handle(line) {
        return Some(Finding::new(Kind::AuthorBio, Reach::Edge));
    }
    if let Some(b) = byline::byline_line(line.raw) {
        return Some(Finding {
            byline: Some(b),
            ..Finding::new(Kind::AuthorBio, Reach::Edge)
        });
    }
    if line.speech {
        return None;
    }
    if let Some(bio) = byline::bio_paragraph(line.raw) {
        return Some(Finding {
            byline: Some(bio.byline),
            check_name: Some(bio.surname),
            ..Finding::new(Kind::AuthorBio, Reach::Edge)
        });
    }
    follow_paragraph(line)
}

/// Labels of an author's contact line.
const CONTACT_LABELS: &[&str] = &[
    "twitter",
    "x",
    "email",
    "e-mail",
    "contact",
    "instagram",
    "bluesky",
];

/// "Twitter: @ianames", "EMAIL: ian@ledger.example". A bare "@ianames." is not enough: reader
/// round-ups put the handle of each quoted post on its own line, and that is attribution.
fn is_handle(line: &Line) -> bool {
    let Some((label, rest)) = line.key.split_once(':') else {
        return false;
    };
    let rest = rest.trim();
    CONTACT_LABELS.contains(&label.trim())
        && line.words <= 6
        && rest.contains('@')
        && !rest.contains(' ')
}

/// A paragraph made only of follow/contact sentences.
fn follow_paragraph(line: &Line) -> Option<Finding> {
    let contacts: Option<Vec<Contact>> = sentences(line.raw)
        .iter()
        .map(|s| byline::follow_or_contact(s))
        .collect();
    let contacts = contacts.filter(|c| !c.is_empty())?;
    let kind = if contacts.contains(&Contact::Author) {
        Kind::AuthorBio
    } else {
        Kind::Share
    };
    Some(Finding::new(kind, Reach::Edge))
}

// ---------------------------------------------------------------------------------------------
// Publisher promos: the publisher talking about itself in marketing language.

const MARKETING: &[&str] = &[
    "fastest-growing",
    "fastest growing",
    "one of america's",
    "one of the world's",
    "one of the largest",
    "one of the leading",
    "leading source",
    "leading provider",
    "award-winning",
    "becoming a member",
    "become a member",
    "membership",
    "members-only",
    "member-supported",
    "subscribe",
    "subscription",
    "subscriber",
    "sign up",
    "signing up",
    "newsletter",
    "inside access",
    "exclusive access",
    "unlimited access",
    "premium",
    "ad-free",
    "support our",
    "support independent",
    "support us",
    "donate",
    "donation",
    "free trial",
    "download our app",
    "download the app",
    "get the app",
    "readers like you",
    "join today",
    "join now",
];

/// The publisher speaking of itself in the first person.
const PUBLISHER_VOICE: &[&str] = &[
    "our journalism",
    "our newsletter",
    "our newsletters",
    "our reporting",
    "our newsroom",
    "our mission",
    "our members",
    "our readers",
    "our website",
    "our app",
    "our site",
    "our podcast",
    "our coverage",
    "our independent",
    "support us",
    "readers like you",
];

/// Words that say the subject of a sentence is a news organisation.
const MEDIA_WORDS: &[&str] = &[
    "media",
    "news",
    "outlet",
    "outlets",
    "publication",
    "newspaper",
    "magazine",
    "journalism",
    "newsroom",
    "website",
    "network",
    "podcast",
    "broadcaster",
    "publisher",
];

/// Imperatives that open calls to action.
const CALLS_TO_ACTION: &[&str] = &[
    "subscribe",
    "sign up",
    "become a",
    "join ",
    "support ",
    "donate",
    "download ",
    "get ",
    "try ",
    "click ",
    "register",
];

fn promo(line: &Line, cx: &Context) -> Option<Finding> {
    if line.speech || line.words > 100 {
        return None;
    }
    if !MARKETING.iter().any(|m| line.lower.contains(m)) {
        return None;
    }
    let names_publisher = cx
        .publishers
        .iter()
        .any(|p| contains_phrase(&line.lower, p));
    let voice = PUBLISHER_VOICE.iter().any(|v| line.lower.contains(v));
    let call = sentences(&line.lower)
        .iter()
        .any(|s| CALLS_TO_ACTION.iter().any(|c| s.starts_with(c)));
    (names_publisher || voice || call || media_subject(line.raw))
        .then(|| Finding::new(Kind::Promo, Reach::Edge))
}

/// "The Harbor Ledger is a … news outlet …": a proper name, "is", and media vocabulary in the
/// same first sentence.
fn media_subject(text: &str) -> bool {
    let first = sentences(text).first().copied().unwrap_or("");
    let toks: Vec<&str> = first.split_whitespace().collect();
    let start = usize::from(toks.first() == Some(&"The"));
    let name = toks[start..]
        .iter()
        .take_while(|t| is_capitalized(t))
        .count();
    let is_follows = toks.get(start + name) == Some(&"is");
    let lower = super::lexical::fold(first);
    let media = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| MEDIA_WORDS.contains(&w));
    name >= 1 && is_follows && media
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<(Kind, Reach)> {
        let mut cx = Context::default();
        cx.add_publisher("The Harbor Ledger");
        classify(text, &cx).map(|f| (f.kind, f.reach))
    }

    #[test]
    fn widget_lines_anywhere() {
        use Kind::*;
        for (text, k) in [
            ("Notify of", Comments),
            ("Inline Feedbacks", Comments),
            ("View all comments", Comments),
            ("Leave a Reply", Comments),
            ("37 Comments", Comments),
            ("Comments (3)", Comments),
            ("4 thoughts on “Bridge vote”", Comments),
            ("Share this article:", Share),
            ("Facebook | Twitter | Email", Share),
            ("ADVERTISEMENT", Promo),
            ("Skip to main content", Nav),
            ("Related: Council delays vote on harbor bridge", Nav),
        ] {
            assert_eq!(kind(text), Some((k, Reach::Anywhere)), "{text}");
        }
    }

    #[test]
    fn edge_lines() {
        use Kind::*;
        for (text, k) in [
            ("Source: Harborledger", SourceLine),
            ("(Source: Reuters)", SourceLine),
            ("Photo credit - City of Marlow", SourceLine),
            ("Reporting by Ian Ames; Editing by Jo Park", SourceLine),
            ("© 2024 Harbor Ledger Media. All rights reserved.", SourceLine),
            ("This article was originally published by The Valley Courier.", SourceLine),
            ("Tags: harbor, bridge, council", Nav),
            ("Home | News | Local", Nav),
            ("Click here to get our free morning briefing.", Share),
            ("Follow us on Instagram.", Share),
            ("Twitter: @ianames", AuthorBio),
            ("EMAIL: ian@ledger.example.", AuthorBio),
            ("By Ian Ames", AuthorBio),
            ("Follow Ian Ames on Twitter @ianames.", AuthorBio),
            ("Ian Ames is a staff reporter at The Harbor Ledger. Follow him on X at @ianames.", AuthorBio),
            (
                "The Harbor Ledger is one of the region's fastest-growing local news outlets. Support independent reporting by becoming a member.",
                Promo,
            ),
            ("Get unlimited access to The Harbor Ledger for $1 a week.", Promo),
            ("Sign up for the Morning Tide newsletter to get these stories first.", Promo),
            ("We rely on readers like you to fund our journalism.", Promo),
        ] {
            assert_eq!(kind(text), Some((k, Reach::Edge)), "{text}");
        }
    }

    #[test]
    fn body_paragraphs_are_left_alone() {
        for text in [
            "Ferreira noted that there was also a “shared determination” to implement the agreement.",
            "“We will not back down,” Mayor Ada Flint told reporters. “The bridge will be built.”",
            "Dmitri Volkov is a spokesman for the port authority and has held the job since 2019.",
            "Subscribers to the ferry service will pay $10 a month under the new plan, the company said.",
            "The Harbor Ledger first reported the leak on Tuesday, citing two council members.",
            "Source material for the report came from 40 interviews with dock workers.",
            "The council did not respond to a request for comment.",
            "Share prices of the operator fell 4% after the announcement.",
            "Follow-up inspections are scheduled for May.",
            "The company is one of the fastest-growing employers in the valley, with 300 new jobs.",
            "By Monday, the pickets had moved to the north gate.",
            "Comments from residents at Tuesday's hearing were overwhelmingly negative.",
            "Click-through rates on the city's website doubled after the redesign.",
            "@ianames.",
            "31 Readers Share Their Thoughts On The Bridge.",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
    }
}
