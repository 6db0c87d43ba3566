//! Finds name mentions: runs of capitalised words, split into the modifiers and titles that
//! describe a person ("French President", "Kremlin spokesman") and the name itself; and title
//! phrases that stand in for a person named earlier ("the Russian president").

use super::lexicon::{self, is_function_word};
use crate::model::EntityType;
use crate::text::{Annotated, TokenKind};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub enum MentionKind {
    /// A proper name; `kind` is None when the words alone do not tell the type.
    Name(Option<EntityType>),
    /// A definite description of an office holder: "the Russian president", "the spokesman".
    Title,
    Pronoun(lexicon::PronounCase),
}

#[derive(Debug, Clone)]
pub struct RawMention {
    /// The whole mention, titles and modifiers included.
    pub tokens: Range<usize>,
    /// The name part (for titles: the title words).
    pub name: Range<usize>,
    pub kind: MentionKind,
    /// Office named before the name ("president"), lowercase.
    pub title: Option<String>,
    /// Country of a demonym before the name or title ("Russian" → RUS).
    pub country: Option<&'static str>,
}

pub fn find(ann: &Annotated) -> Vec<RawMention> {
    let lowercase_words = lowercase_vocabulary(ann);
    let mid_sentence = capitalised_mid_sentence(ann);
    let mut out = Vec::new();
    for s in &ann.sentences {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if let Some(m) = title_phrase(ann, i, s.tokens.end) {
                i = m.tokens.end;
                out.push(m);
            } else if let Some(case) = lexicon::person_pronoun(ann.word(i)) {
                out.push(RawMention {
                    tokens: i..i + 1,
                    name: i..i + 1,
                    kind: MentionKind::Pronoun(case),
                    title: None,
                    country: None,
                });
                i += 1;
            } else if let Some(end) = capitalised_run(ann, i, s.tokens.end, &lowercase_words) {
                if end > i + 1
                    || !sentence_initial(ann, i, s.tokens.start)
                    || known_elsewhere(ann, i, &mid_sentence)
                {
                    out.extend(name_mention(ann, i..end));
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }
    out.sort_by_key(|m| m.tokens.start);
    out
}

/// Words the document also uses in lower case: a capitalised "However" or "Then" at the start of
/// a sentence is then a common word, not a name.
fn lowercase_vocabulary<'a>(ann: &Annotated<'a>) -> HashSet<&'a str> {
    (0..ann.tokens.len())
        .filter(|&i| ann.tokens[i].kind == TokenKind::Word)
        .map(|i| ann.word(i))
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .collect()
}

/// First word of a sentence (or of a quotation), where every word is capitalised.
fn sentence_initial(ann: &Annotated, i: usize, sentence_start: usize) -> bool {
    i == sentence_start || ann.tokens[i - 1].kind == TokenKind::Quote
}

/// A sentence-initial single word is a name only if the lexicons know it or the document also
/// capitalises it mid-sentence: this drops "Follow", "View", "Notify" and their kind.
fn known_elsewhere(ann: &Annotated, i: usize, mid_sentence: &HashSet<&str>) -> bool {
    let w = ann.word(i);
    lexicon::gazetteer(w).is_some()
        || lexicon::is_title(&w.to_lowercase())
        || mid_sentence.contains(w)
}

/// Capitalised words the document uses inside sentences.
fn capitalised_mid_sentence<'a>(ann: &Annotated<'a>) -> HashSet<&'a str> {
    ann.sentences
        .iter()
        .flat_map(|s| s.tokens.start + 1..s.tokens.end)
        .filter(|&j| {
            ann.tokens[j].kind == TokenKind::Word && ann.tokens[j - 1].kind != TokenKind::Quote
        })
        .map(|j| ann.word(j))
        .filter(|w| is_capitalised(w))
        .collect()
}

fn is_capitalised(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
}

/// End of the run of capitalised words starting at `i` (connectors such as "of" and "du" allowed
/// inside), if a name can start at `i`.
fn capitalised_run(
    ann: &Annotated,
    i: usize,
    end: usize,
    lowercase: &HashSet<&str>,
) -> Option<usize> {
    let w = ann.word(i);
    if ann.tokens[i].kind != TokenKind::Word || !is_capitalised(w) || !starts_name(w, lowercase) {
        return None;
    }
    let mut j = i + 1;
    while j < end && ann.tokens[j].start - ann.tokens[j - 1].end <= 1 {
        let w = ann.word(j);
        let joined_abbrev = w == "." && crate::text::is_title_abbreviation(ann.word(j - 1));
        let name_word = ann.tokens[j].kind == TokenKind::Word
            && is_capitalised(w)
            && !lexicon::is_calendar_word(w);
        let connector =
            lexicon::is_name_connector(w) && j + 1 < end && is_capitalised(ann.word(j + 1));
        if !(name_word || joined_abbrev || connector) {
            break;
        }
        j += 1;
    }
    Some(j)
}

fn starts_name(w: &str, lowercase: &HashSet<&str>) -> bool {
    if lexicon::is_calendar_word(w) || w == "I" {
        return false;
    }
    let lower = w.to_lowercase();
    !(is_function_word(&lower) || lowercase.contains(lower.as_str()))
        || lexicon::gazetteer(w).is_some()
        || lexicon::is_title(&lower)
}

/// Turn a capitalised run into a mention: peel demonyms and titles off the front; what remains is
/// the name. A lowercase title just before the run ("spokesman Ivo Kral") and the words
/// before it ("Kremlin spokesman") widen the mention.
fn name_mention(ann: &Annotated, run: Range<usize>) -> Option<RawMention> {
    let mut name_start = run.start;
    let mut country = None;
    let mut title = None;
    while name_start < run.end {
        let w = ann.word(name_start);
        // "Saudi Arabia", "South Africa": a demonym that begins a known name stays in it.
        let known = lexicon::gazetteer(ann.slice(name_start..run.end)).is_some()
            || crate::actors::country_by_name(ann.slice(name_start..run.end)).is_some();
        if known {
            break;
        }
        if let Some(c) = lexicon::demonym(w) {
            country = Some(c);
            name_start += 1;
        } else if let Some((len, t)) = title_at(ann, name_start, run.end) {
            title = Some(t);
            name_start += len;
        } else if w == "." {
            name_start += 1;
        } else {
            break;
        }
    }
    if name_start >= run.end {
        return None; // "French", "President": modifiers without a name.
    }
    let mut start = run.start;
    if title.is_none() {
        if let Some((t_start, t, c)) = lowercase_title_before(ann, run.start) {
            start = t_start;
            title = Some(t);
            country = country.or(c);
        }
    }
    let name = name_start..run.end;
    let kind = classify(ann, name.clone(), title.is_some());
    Some(RawMention {
        tokens: start..run.end,
        name,
        kind: MentionKind::Name(kind),
        title,
        country,
    })
}

/// A title (possibly of several words) at token `i`, returning its length and lowercase text.
fn title_at(ann: &Annotated, i: usize, end: usize) -> Option<(usize, String)> {
    for len in (1..=3).rev() {
        if i + len > end {
            continue;
        }
        let phrase = (i..i + len)
            .map(|j| ann.word(j).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        if lexicon::is_title(&phrase) {
            // "Mr." takes its dot along.
            let dot = i + len < end && ann.word(i + len) == ".";
            return Some((len + dot as usize, phrase));
        }
    }
    None
}

/// "Kremlin spokesman", "Russia's foreign minister", "the campaign's press secretary" before a name.
fn lowercase_title_before(
    ann: &Annotated,
    name_start: usize,
) -> Option<(usize, String, Option<&'static str>)> {
    let mut j = name_start;
    let mut words = Vec::new();
    while j > 0 && words.len() < 3 {
        let w = ann.word(j - 1);
        if ann.tokens[j - 1].kind != TokenKind::Word || !w.starts_with(|c: char| c.is_lowercase()) {
            break;
        }
        words.insert(0, w);
        j -= 1;
        if lexicon::is_title(&words.join(" ")) {
            let title = words.join(" ");
            let (start, country) = modifier_before(ann, j);
            return Some((start, title, country));
        }
    }
    None
}

/// A capitalised organisation or country (with an optional "'s") right before a title.
fn modifier_before(ann: &Annotated, title_start: usize) -> (usize, Option<&'static str>) {
    let mut j = title_start;
    if j > 0 && matches!(ann.word(j - 1), "’s" | "'s") {
        j -= 1;
    }
    let mut start = title_start;
    while j > 0 && is_capitalised(ann.word(j - 1)) && ann.tokens[j - 1].kind == TokenKind::Word {
        let w = ann.word(j - 1);
        if is_function_word(&w.to_lowercase()) {
            break;
        }
        j -= 1;
        start = j;
    }
    let country = (start..title_start).find_map(|k| {
        lexicon::demonym(ann.word(k)).or_else(|| {
            lexicon::gazetteer(ann.word(k))
                .and_then(|g| g.code)
                .map(|c| &c[..c.len().min(3)])
        })
    });
    (start, country)
}

/// The type of a name from its own words; None when only context can tell.
fn classify(ann: &Annotated, name: Range<usize>, after_title: bool) -> Option<EntityType> {
    let text = ann.slice(name.clone());
    if let Some(g) = lexicon::gazetteer(text) {
        return Some(g.kind);
    }
    let words: Vec<&str> = name.clone().map(|i| ann.word(i)).collect();
    let last = *words.last()?;
    if words.iter().any(|w| lexicon::is_org_word(w)) {
        return Some(EntityType::Org);
    }
    if lexicon::is_place_word(last) {
        return Some(EntityType::Loc);
    }
    if after_title {
        return Some(EntityType::Person);
    }
    let acronym = last.len() >= 2 && last.chars().all(|c| c.is_uppercase() || c == '.');
    if acronym {
        return Some(EntityType::Org);
    }
    let personal = words.len() <= 4
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        });
    (words.len() >= 2 && personal).then_some(EntityType::Person)
}

/// "the Russian president", "the minister", "the spokesman": a definite description that can
/// refer back to an office holder named earlier.
fn title_phrase(ann: &Annotated, i: usize, end: usize) -> Option<RawMention> {
    if !ann.word(i).eq_ignore_ascii_case("the") {
        return None;
    }
    let mut j = i + 1;
    let mut country = None;
    if j < end {
        if let Some(c) = lexicon::demonym(ann.word(j)) {
            country = Some(c);
            j += 1;
        }
    }
    let title_start = j;
    let (len, title) = title_at(ann, j, end)?;
    j += len;
    // "the president's", "the president said": a description; "the President Obama": a name follows.
    if j < end && is_capitalised(ann.word(j)) && ann.tokens[j].kind == TokenKind::Word {
        return None;
    }
    Some(RawMention {
        tokens: i..j,
        name: title_start..j,
        kind: MentionKind::Title,
        title: Some(title),
        country,
    })
}
