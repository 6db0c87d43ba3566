//! Who wrote the article and for whom, read from the lines that say so: an author bio
//! ("Ian Ames is a reporter for The Harbor Ledger.") or a byline ("By Ian Ames, Harbor Ledger").

use super::lexical::{bare, fold, is_capitalized, sentences};

/// Authors and publisher named by a bio or byline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    pub authors: Vec<String>,
    pub publisher: Option<String>,
}

/// A bio found in a paragraph, with the surname the caller checks against the story: a person
/// the story itself talks about is a subject, not the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bio {
    pub byline: Byline,
    pub surname: String,
}

/// Nouns that make "NAME is a … NOUN" a description of a journalist. Other professions are left
/// alone: "X is a spokesman for the ministry" is story, not byline.
const ROLES: &[&str] = &[
    "editor",
    "writer",
    "reporter",
    "correspondent",
    "journalist",
    "columnist",
    "contributor",
    "author",
    "producer",
    "blogger",
    "commentator",
    "anchor",
    "critic",
    "freelancer",
    "intern",
    "stringer",
    "photojournalist",
    "photographer",
    "videographer",
    "podcaster",
];

/// Honorifics skipped before a name.
const HONORIFICS: &[&str] = &["Dr.", "Mr.", "Mrs.", "Ms.", "Prof."];

/// Capitalised words that begin sentences but never names.
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I",
    "You", "His", "Her", "Its", "Our", "Their", "In", "On", "At", "For", "But", "And", "Or", "If",
    "When", "After", "Before", "While",
];

/// Lower-case particles that may sit inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "der", "van", "von", "al", "bin", "la", "le", "du", "dos", "das",
    "ter",
];

/// Words that turn a would-be bio into a story: something happened to the person.
const STORY_MARKERS: &[&str] = &[
    " was ",
    " were ",
    " had ",
    " has been ",
    " have been ",
    " when ",
    " after ",
    " before ",
];

/// A paragraph that opens with a bio sentence and continues only with bio-like sentences
/// (follow/contact lines, short facts about the same person).
pub(super) fn bio_paragraph(text: &str) -> Option<Bio> {
    let sents = sentences(text);
    let (first, rest) = sents.split_first()?;
    let (name, publisher) = bio_sentence(first)?;
    let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
    let continues = |s: &&str| follow_or_contact(s).is_some() || about_person(s, &name);
    if !rest.iter().all(continues) {
        return None;
    }
    Some(Bio {
        byline: Byline {
            authors: vec![name],
            publisher,
        },
        surname,
    })
}

/// "NAME is a/an/the … ROLE … [for|at|with|of|to PUBLICATION]" or "NAME writes/covers … for
/// PUBLICATION": the name and, when given, the publication.
pub(super) fn bio_sentence(sentence: &str) -> Option<(String, Option<String>)> {
    let lower = format!(" {} ", fold(sentence));
    let has_digit = sentence.chars().any(|c| c.is_ascii_digit());
    if has_digit || STORY_MARKERS.iter().any(|m| lower.contains(m)) {
        return None;
    }
    let toks: Vec<&str> = sentence.split_whitespace().collect();
    let skip = toks.iter().take_while(|t| HONORIFICS.contains(t)).count();
    let name_len = name_length(&toks[skip..])?;
    let name = toks[skip..skip + name_len].join(" ");
    let after = &toks[skip + name_len..];
    let verb = *after.first()?;
    let tail = &after[1..];
    let publisher = match verb {
        "is" => {
            let role = tail.iter().take(8).position(|t| is_role(t))?;
            publication_after(&tail[role + 1..])
        }
        "writes" | "covers" => Some(publication_after(tail)?),
        _ => return None,
    };
    Some((name, publisher))
}

/// Number of leading tokens that form a person's name (2 to 5 capitalised words, particles
/// allowed inside), or None.
fn name_length(toks: &[&str]) -> Option<usize> {
    let first = toks.first()?;
    if NOT_NAMES.contains(first) {
        return None;
    }
    let mut n = 0;
    while n < toks.len().min(5) {
        let t = toks[n];
        let particle =
            n > 0 && PARTICLES.contains(&t) && toks.get(n + 1).is_some_and(|x| is_name_word(x));
        if !(is_name_word(t) || particle) {
            break;
        }
        n += 1;
    }
    (n >= 2).then_some(n)
}

/// A capitalised word made of letters (and the dots, hyphens and apostrophes of names).
fn is_name_word(t: &str) -> bool {
    is_capitalized(t)
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

fn is_role(token: &str) -> bool {
    let word = bare(token).to_lowercase();
    let head = word.split('-').next().unwrap_or("");
    ROLES.contains(&word.as_str()) || ROLES.contains(&head)
}

/// The publication named after the first "for/at/with/of/to" in `toks` (within a few words),
/// with a leading "The" dropped: "for The Harbor Ledger." → "Harbor Ledger".
fn publication_after(toks: &[&str]) -> Option<String> {
    let prep = toks
        .iter()
        .take(8)
        .position(|t| matches!(*t, "for" | "at" | "with" | "of" | "to"))?;
    publication(&toks[prep + 1..])
}

/// A run of capitalised words (joined by "of", "and", "du", … when a capital follows), stopping
/// at the first word that ends a clause.
fn publication(toks: &[&str]) -> Option<String> {
    let toks = match toks.first() {
        Some(t) if t.eq_ignore_ascii_case("the") => &toks[1..],
        _ => toks,
    };
    let mut words: Vec<&str> = Vec::new();
    for (i, tok) in toks.iter().enumerate().take(6) {
        let word = bare(tok);
        let word = word
            .strip_suffix("'s")
            .or(word.strip_suffix("’s"))
            .unwrap_or(word);
        let joins = !words.is_empty()
            && matches!(word, "of" | "and" | "&" | "du" | "de" | "la" | "le" | "the")
            && toks.get(i + 1).is_some_and(|n| is_capitalized(n));
        if !(is_capitalized(word) || joins) || word.is_empty() {
            break;
        }
        words.push(word);
        if tok.ends_with(['.', ',', ';', ':', ')']) {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// A short sentence about the person of the bio: "She previously covered Congress."
fn about_person(sentence: &str, name: &str) -> bool {
    let first = sentence.split_whitespace().next().unwrap_or("");
    let pronoun = matches!(first, "He" | "She" | "They" | "His" | "Her" | "Their");
    let named = name.split(' ').any(|n| n == first);
    sentence.split_whitespace().count() <= 35 && (pronoun || named)
}

/// What a follow or contact sentence points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Contact {
    /// "Follow him on Twitter at @x", "Email Jo at jo@paper.com": the author.
    Author,
    /// "Follow us on Facebook": the publication.
    Publication,
}

const NETWORKS: &[&str] = &[
    "twitter",
    "x",
    "facebook",
    "instagram",
    "threads",
    "bluesky",
    "mastodon",
    "linkedin",
    "tiktok",
    "youtube",
    "telegram",
    "substack",
];

/// "Follow him on Twitter at @x.", "Follow us on Facebook.", "Email Jo at jo@paper.com.",
/// "She can be reached at …".
pub(super) fn follow_or_contact(sentence: &str) -> Option<Contact> {
    let lower = fold(sentence);
    if lower.split(' ').count() > 25 {
        return None;
    }
    let names_network = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| NETWORKS.contains(&w));
    let handle = lower.contains('@');
    let follow = ["follow ", "you can follow ", "find "]
        .iter()
        .any(|p| lower.starts_with(p));
    if follow && (names_network || handle) {
        let us = lower.contains("follow us") || lower.contains("follow our");
        return Some(if us {
            Contact::Publication
        } else {
            Contact::Author
        });
    }
    let contact = [
        "email ",
        "e-mail ",
        "contact ",
        "reach ",
        "write to ",
        "send tips",
        "tips:",
        "you can reach ",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    let reached = lower.contains("can be reached at") || lower.contains("contact the author");
    ((contact && handle) || reached).then_some(Contact::Author)
}

/// "By Ian Ames", "By Ian Ames and Jo Park, Harbor Ledger", "BY IAN AMES | Reuters".
pub(super) fn byline_line(text: &str) -> Option<Byline> {
    let rest = text
        .trim()
        .strip_prefix("By ")
        .or_else(|| text.trim().strip_prefix("BY "))?;
    if rest.split_whitespace().count() > 12 || rest.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (names, publication_part) = match rest.find([',', '|', '—', '–']) {
        Some(at) => (&rest[..at], Some(&rest[at..])),
        None => (rest, None),
    };
    let authors = names
        .split(" and ")
        .flat_map(|n| n.split(" & "))
        .map(|n| person_name(n.trim()))
        .collect::<Option<Vec<_>>>()?;
    let publisher = publication_part.and_then(|p| {
        let toks: Vec<&str> = p.split_whitespace().collect();
        let toks: Vec<&str> = toks
            .iter()
            .copied()
            .filter(|t| !bare(t).is_empty())
            .collect();
        publication(&toks).filter(|pub_| pub_.split(' ').count() == toks.len())
    });
    Some(Byline { authors, publisher })
}

/// A 2–4 word name in title case or capitals, returned in title case as written.
fn person_name(text: &str) -> Option<String> {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let n = name_length(&toks)?;
    (n == toks.len() && n <= 4).then(|| toks.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bio_sentences() {
        let (name, publ) =
            bio_sentence("Ian Ames is an Editor and Writer for The Harbor Ledger.").unwrap();
        assert_eq!(name, "Ian Ames");
        assert_eq!(publ.as_deref(), Some("Harbor Ledger"));
        let (name, publ) = bio_sentence(
            "Dr. Lena Ortiz-Baum is a contributing columnist at the Valley Courier and author of two books.",
        )
        .unwrap();
        assert_eq!(name, "Lena Ortiz-Baum");
        assert_eq!(publ.as_deref(), Some("Valley Courier"));
        let (_, publ) = bio_sentence("Tom Reyes covers energy for Northwind Post.").unwrap();
        assert_eq!(publ.as_deref(), Some("Northwind Post"));
        let (_, publ) =
            bio_sentence("Ana Lutz is a freelance journalist based in Vienna.").unwrap();
        assert_eq!(publ, None);
    }

    #[test]
    fn story_sentences_are_not_bios() {
        for s in [
            "Dmitri Volkov is a spokesman for the ministry.",
            "Marta Kell is a journalist for the Lakeside Herald who was detained in March.",
            "The Harbor Ledger is one of the region's oldest newspapers.",
            "Ferreira noted that there was also a shared determination.",
            "Kell is a reporter for the Herald.",
            "Anna Berg is a reporter for Radio North since 2019.",
        ] {
            assert_eq!(bio_sentence(s), None, "{s}");
        }
    }

    #[test]
    fn bio_paragraph_with_follow_line() {
        let bio = bio_paragraph(
            "Ian Ames is an Editor and Writer for The Harbor Ledger. Follow him on Twitter at @iames.",
        )
        .unwrap();
        assert_eq!(bio.surname, "Ames");
        assert_eq!(bio.byline.authors, vec!["Ian Ames"]);
        // A bio sentence followed by story text is not a bio paragraph.
        assert!(bio_paragraph(
            "Ian Ames is a reporter for The Harbor Ledger. The council rejected the budget on a 5-4 vote."
        )
        .is_none());
    }

    #[test]
    fn follow_and_contact() {
        assert_eq!(
            follow_or_contact("Follow him on Twitter at @iames."),
            Some(Contact::Author)
        );
        assert_eq!(
            follow_or_contact("Follow Jo Park on X."),
            Some(Contact::Author)
        );
        assert_eq!(
            follow_or_contact("Follow us on Facebook."),
            Some(Contact::Publication)
        );
        assert_eq!(
            follow_or_contact("Email Jo at jo@ledger.example."),
            Some(Contact::Author)
        );
        assert_eq!(
            follow_or_contact("Follow the money, investigators say."),
            None
        );
    }

    #[test]
    fn bylines() {
        let b = byline_line("By Ian Ames and Jo Park, Harbor Ledger").unwrap();
        assert_eq!(b.authors, vec!["Ian Ames", "Jo Park"]);
        assert_eq!(b.publisher.as_deref(), Some("Harbor Ledger"));
        assert_eq!(byline_line("By Monday, the troops had left."), None);
        assert_eq!(byline_line("By 2030 the plant will close."), None);
        let b = byline_line("BY IAN AMES | Updated at noon").unwrap();
        assert_eq!(b.authors, vec!["IAN AMES"]);
        assert_eq!(b.publisher, None);
    }
}
