//! The headline of a page. Pages state it in several places, each with its own noise:
//! `<title>`, `og:title` and JSON-LD `headline` often carry the site name ("Story | Paper",
//! "Paper – Story") or a search-engine tagline ("Story | Opinion"), and pages hold `<h1>`s for
//! logos and sections, sometimes dressed with a date or a label ("Blog: Story").
//!
//! The headline is the text the candidates agree on: the `<h1>` that shares most of its words
//! with a declared title (the headline as the reader sees it), cleaned of the segments that
//! name the site; else a page's only `<h1>`; else a declared title without its site name. Site
//! names are recognised from what the page says about itself (`og:site_name`, the JSON-LD
//! publisher) and from the host name, never from a list of sites.

/// What a page offers for its headline.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Declared titles, most trusted first: `og:title` (or `twitter:title`), the JSON-LD
    /// headline, `<title>`; whitespace-normalised.
    pub declared: Vec<String>,
    /// The page's `<h1>` texts in document order, whitespace-normalised and non-empty.
    pub h1s: Vec<String>,
    /// Names the site gives itself (`og:site_name`, `application-name`, JSON-LD publisher).
    pub site_names: Vec<String>,
    /// Where the page was fetched from.
    pub url: Option<String>,
}

/// Separators between a headline and the site name or a tagline.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • "];

/// An `<h1>` longer than this (bytes) is a container's whole text, not a headline.
const MAX_H1_LEN: usize = 400;

/// How many `<h1>`s are weighed: pages repeat them for every teaser.
const MAX_H1S: usize = 8;

/// The share of words a heading must have in common with a declared title to be its match.
const MATCHING_OVERLAP: f64 = 0.5;

impl Candidates {
    pub fn headline(&self) -> Option<String> {
        let site = SiteNames::new(&self.site_names, self.url.as_deref());
        let declared: Vec<String> = self
            .declared
            .iter()
            .map(|d| without_tagline(&site.strip(d)))
            .collect();
        let h1s: Vec<String> = self
            .h1s
            .iter()
            .filter(|h| h.len() < MAX_H1_LEN)
            .take(MAX_H1S)
            .map(|h| without_pipe_tagline(&site.strip(h)))
            .filter(|h| !site.names_site(h, true))
            .map(|h| without_label(h, &declared))
            .collect();
        let matching = h1s
            .iter()
            .filter(|h| h.split(' ').count() >= 2)
            .map(|h| (self.agreement(h, &declared, &site), h))
            .filter(|(score, _)| *score >= MATCHING_OVERLAP)
            .fold(None, |best: Option<(f64, &String)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            });
        if let Some((_, h)) = matching {
            return Some(self.recased(h, &declared));
        }
        // A lone heading in capitals is styling (a banner), not the headline, when the page
        // declares one.
        if let [h] = h1s.as_slice() {
            if h.split(' ').count() >= 3 && (declared.is_empty() || !all_caps(h)) {
                return Some(self.recased(h, &declared));
            }
        }
        declared
            .into_iter()
            .next()
            .or_else(|| h1s.into_iter().next())
    }

    /// How well a heading agrees with the declared titles: its best word overlap, or (nearly)
    /// full agreement when it is one whole segment of a declared title ("Climate Change" of
    /// "Climate Change | Research Service", whose tail is too long to drop as a site name).
    fn agreement(&self, heading: &str, declared: &[String], site: &SiteNames) -> f64 {
        let overlap = title_overlap(heading, declared);
        let is_segment = !site.names_site(heading, false)
            && self.declared.iter().any(|d| segments(d).contains(&heading));
        if is_segment {
            overlap.max(0.99)
        } else {
            overlap
        }
    }

    /// A heading styled in one case (all capitals, all lower case) is given the casing of the
    /// declared title that has the same words: the case is the stylesheet's, not the
    /// headline's.
    fn recased(&self, heading: &str, declared: &[String]) -> String {
        if all_caps(heading) {
            let same = declared
                .iter()
                .find(|d| !all_caps(d) && title_overlap(heading, std::slice::from_ref(d)) >= 0.7);
            if let Some(d) = same {
                return d.clone();
            }
        }
        let lower = heading.to_lowercase();
        if heading == lower || heading == heading.to_uppercase() {
            let whole_or_part = self
                .declared
                .iter()
                .flat_map(|d| std::iter::once(d.as_str()).chain(segments(d)));
            for d in whole_or_part {
                if d != heading && d.to_lowercase() == lower {
                    return d.to_string();
                }
            }
        }
        heading.to_string()
    }
}

/// Names a site goes by: the ones it declares and its host name ("newegg.com", "newegg").
struct SiteNames {
    declared: Vec<String>,
    hosts: Vec<String>,
}

impl SiteNames {
    fn new(names: &[String], url: Option<&str>) -> Self {
        let declared = names.iter().map(|n| key(n)).filter(|k| k.len() >= 3);
        let host = url.and_then(host).unwrap_or_default();
        let labels: Vec<&str> = host.split('.').collect();
        let mut hosts = vec![key(&host)];
        if labels.len() >= 2 {
            hosts.push(key(labels[labels.len() - 2]));
        }
        SiteNames {
            declared: declared.collect(),
            hosts: hosts.into_iter().filter(|h| h.len() >= 4).collect(),
        }
    }

    /// Whether a title segment names the site. `strict` (for the segment that opens a title,
    /// where a headline's own first words often share the site's name) wants the name itself
    /// or a part of it; a closing segment may also carry more ("Patient Education | Valley
    /// Children's Hospital" for valleychildrens.org).
    fn names_site(&self, segment: &str, strict: bool) -> bool {
        let k = key(segment);
        if k.len() < 3 || segment.split_whitespace().count() > 6 {
            return false;
        }
        let declared = self.declared.iter().any(|n| {
            k == *n
                || n.contains(&k)
                || k.strip_prefix(n.as_str())
                    .or_else(|| k.strip_suffix(n.as_str()))
                    .is_some_and(|rest| rest.len() <= 3 && rest.chars().all(char::is_alphabetic))
        });
        declared
            || self.hosts.iter().any(|h| {
                k == *h || (!strict && k.contains(h.as_str())) || (k.len() >= 5 && h.contains(&k))
            })
    }

    /// The title without the segments at either end that name the site.
    fn strip(&self, title: &str) -> String {
        let mut parts = segments(title);
        while parts.len() >= 2 && self.names_site(parts[parts.len() - 1], false) {
            parts.pop();
        }
        while parts.len() >= 2 && self.names_site(parts[0], true) {
            parts.remove(0);
        }
        rejoin(title, &parts)
    }
}

/// "Story | Top 19 Picks" → "Story": a short closing segment after a headline of a few words
/// is a tagline or a site name (a headline's own dash clause is usually longer).
fn without_tagline(title: &str) -> String {
    let parts = segments(title);
    match parts.as_slice() {
        [.., head_end, tail] if is_tagline(&title[..end_of(title, head_end)], tail) => {
            title[..end_of(title, head_end)].trim().to_string()
        }
        _ => title.to_string(),
    }
}

/// As [`without_tagline`], for an `<h1>`: only a `|` marks a tagline there, since a dash in a
/// visible headline is usually the headline's own ("Bread Machines – My Favourites!").
fn without_pipe_tagline(heading: &str) -> String {
    match heading.rsplit_once(" | ") {
        Some((head, tail)) if is_tagline(head, tail) => head.trim().to_string(),
        _ => heading.to_string(),
    }
}

fn is_tagline(head: &str, tail: &str) -> bool {
    tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3
}

/// "Blog: Story" or "Dec 18 2025 Story" → "Story" when a declared title is exactly the rest: a
/// label or a date set before the headline.
fn without_label(heading: String, declared: &[String]) -> String {
    let agreed = declared.iter().find(|d| {
        let Some(lead) = heading.strip_suffix(d.as_str()) else {
            return false;
        };
        let lead_words = lead.split_whitespace().count();
        lead.ends_with(' ')
            && d.split(' ').count() >= 3
            && lead_words <= 4
            && (lead_words >= 2 || lead.trim_end().ends_with(':'))
    });
    agreed.cloned().unwrap_or(heading)
}

/// A title's segments between separators, trimmed, in order (the title itself when it has no
/// separator).
fn segments(title: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = title;
    while let Some((at, sep)) = SEPARATORS
        .iter()
        .filter_map(|s| rest.find(s).map(|i| (i, s.len())))
        .min()
    {
        parts.push(rest[..at].trim());
        rest = &rest[at + sep..];
    }
    parts.push(rest.trim());
    parts
}

/// The text of `title` from its first kept segment to its last, separators included.
fn rejoin(title: &str, parts: &[&str]) -> String {
    match (parts.first(), parts.last()) {
        (Some(first), Some(last)) => {
            let start = first.as_ptr() as usize - title.as_ptr() as usize;
            title[start..end_of(title, last)].to_string()
        }
        _ => title.to_string(),
    }
}

/// Where a segment (a slice of `title`) ends in `title`.
fn end_of(title: &str, segment: &str) -> usize {
    segment.as_ptr() as usize - title.as_ptr() as usize + segment.len()
}

/// The host of a URL, lower-cased, without a `www.` prefix.
fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let bare = match host.split_once('.') {
        Some((first, rest))
            if first.starts_with("www") && first[3..].chars().all(|c| c.is_ascii_digit()) =>
        {
            rest
        }
        _ => host,
    };
    Some(bare.to_string())
}

/// Letters and digits only, lower-cased: "The Harbor-Ledger" → "theharborledger".
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A heading set in capitals ("TIPS FOR THE ROAD"); a short acronym is not.
fn all_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 4 && letters.clone().all(char::is_uppercase)
}

/// The best share of words a heading has in common with any declared title, relative to the
/// longer of the two (so a section name inside a long title scores low).
fn title_overlap(heading: &str, declared: &[String]) -> f64 {
    let h = title_words(heading);
    declared
        .iter()
        .map(|d| {
            let d = title_words(d);
            let common = h.iter().filter(|w| d.contains(w)).count();
            common as f64 / h.len().max(d.len()).max(1) as f64
        })
        .fold(0.0, f64::max)
}

/// Lower-cased words with typographic apostrophes made plain ("We’ve" = "We've").
fn title_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .replace(['’', '‘'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(declared: &[&str], h1s: &[&str], site: &[&str], url: &str) -> Option<String> {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Candidates {
            declared: own(declared),
            h1s: own(h1s),
            site_names: own(site),
            url: Some(url.to_string()).filter(|u| !u.is_empty()),
        }
        .headline()
    }

    #[test]
    fn site_names_leave_titles() {
        let strip = |t: &str, names: &[&str], url: Option<&str>| {
            let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            without_tagline(&SiteNames::new(&names, url).strip(t))
        };
        assert_eq!(
            strip("Bridge vote delayed again | Harbor Ledger", &[], None),
            "Bridge vote delayed again"
        );
        assert_eq!(
            strip(
                "Harbor Ledger | Bridge vote delayed",
                &["Harbor Ledger"],
                None
            ),
            "Bridge vote delayed"
        );
        assert_eq!(
            strip(
                "Bridge vote – Harbor Ledger - Harbor Ledger",
                &["Harbor Ledger"],
                None
            ),
            "Bridge vote"
        );
        assert_eq!(
            strip(
                "FERRY DAYS | Harborledger.test",
                &[],
                Some("https://shop.harborledger.test/x")
            ),
            "FERRY DAYS"
        );
        assert_eq!(
            strip("A short note on ferries • Ada Flint", &["Ada Flint"], None),
            "A short note on ferries"
        );
        // A headline that opens with the site's name and more is the headline.
        assert_eq!(
            strip(
                "Harbor Signal #18 – The Ferry Question",
                &["Harbor Signal"],
                Some("https://harborsignal.test/p/18")
            ),
            "Harbor Signal #18"
        );
        let long_clause = "How ferries work – fares, routes, schedules and who pays";
        assert_eq!(strip(long_clause, &[], None), long_clause);
        assert_eq!(strip("Up - Down", &[], None), "Up - Down");
    }

    #[test]
    fn h1_matching_a_declared_title_wins() {
        assert_eq!(
            page(
                &["Bridge Vote Delayed | Ledger"],
                &["Ledger", "Bridge vote delayed, again"],
                &[],
                ""
            ),
            Some("Bridge vote delayed, again".into())
        );
        // The heading's own site and tagline segments go too.
        assert_eq!(
            page(
                &["Best ferries of 2025 | Top 9 Routes | Harbor Ledger"],
                &["Best ferries of 2025 | Top 9 Routes – Harbor Ledger"],
                &["Harbor Ledger"],
                ""
            ),
            Some("Best ferries of 2025".into())
        );
    }

    #[test]
    fn labels_and_site_headings_are_not_the_headline() {
        assert_eq!(
            page(
                &["Preparing the ferry timetable | Ada's blog"],
                &["Dec 18 2025 Preparing the ferry timetable"],
                &["Ada's blog"],
                ""
            ),
            Some("Preparing the ferry timetable".into())
        );
        assert_eq!(
            page(
                &["Ferry fares explained for new riders"],
                &["Blog: Ferry fares explained for new riders"],
                &[],
                ""
            ),
            Some("Ferry fares explained for new riders".into())
        );
        // One "The" is part of a headline, not a label.
        assert_eq!(
            page(
                &["Best ferries of the harbor"],
                &["The Best ferries of the harbor"],
                &[],
                ""
            ),
            Some("The Best ferries of the harbor".into())
        );
        assert_eq!(
            page(
                &["Ferry fares explained — Harbor Notes"],
                &["Harbor Notes"],
                &["Harbor Notes"],
                ""
            ),
            Some("Ferry fares explained".into())
        );
    }

    #[test]
    fn heading_case_comes_from_the_declared_title() {
        assert_eq!(
            page(
                &["Tips for Ferry Riders"],
                &["TIPS FOR FERRY RIDERS"],
                &[],
                ""
            ),
            Some("Tips for Ferry Riders".into())
        );
        assert_eq!(
            page(
                &["History of ferries | Origin, Routes, Fares, Timeline | Harbor Encyclopedia"],
                &["history of ferries"],
                &["Harbor Encyclopedia"],
                ""
            ),
            Some("History of ferries".into())
        );
        // A lone banner in capitals gives way to the declared title.
        assert_eq!(
            page(
                &["Ferry Fares: What Riders Pay In 2025"],
                &["SUPPORTING FERRY RIDERS"],
                &[],
                ""
            ),
            Some("Ferry Fares: What Riders Pay In 2025".into())
        );
        assert_eq!(
            page(&["Ferry fares"], &["Ferry fares rise again"], &[], ""),
            Some("Ferry fares rise again".into())
        );
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.harbor.test/a?b").as_deref(),
            Some("harbor.test")
        );
        assert_eq!(
            host("http://user@www2.harbor.test:8080/").as_deref(),
            Some("harbor.test")
        );
        assert_eq!(
            host("https://wwwharbor.test/").as_deref(),
            Some("wwwharbor.test")
        );
        assert_eq!(host("harbor.test/a"), None);
    }
}
