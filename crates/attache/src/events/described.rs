//! Actors named by description rather than by name: "the Israeli army" (ISRMIL), "the
//! Azerbaijani parliament" (AZELEG), "Taiwan's foreign minister" (TWNGOV), and a demonym before
//! any noun ("Palestinian prisoners" → PSE). News reports many events this way; the entity
//! stage has no mention for them because no name is involved.

use super::CodedMention;
use crate::actors::role_of;
use crate::entities::lexicon;
use crate::model::EntityType;
use crate::text::Annotated;

/// Description mentions that do not overlap the named ones.
pub fn mentions(ann: &Annotated, named: &[CodedMention]) -> Vec<CodedMention> {
    let covered = |i: usize| {
        named
            .iter()
            .any(|m| m.tokens.start <= i && i < m.tokens.end)
    };
    let mut out: Vec<CodedMention> = Vec::new();
    for s in &ann.sentences {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if let Some(end) = unnamed_country(ann, i, s.tokens.end).filter(|_| !covered(i)) {
                // A country the name tagger missed ("Albania on Friday denounced …") acts as
                // itself, unless a role follows it ("Albania's foreign minister").
                let code = country_code(ann, i..end);
                let possessive = end < s.tokens.end && matches!(ann.word(end), "'s" | "’s");
                if !possessive {
                    out.push(CodedMention {
                        tokens: i..end,
                        entity: None,
                        code,
                        kind: EntityType::Gpe,
                        agent: true,
                    });
                    i = end;
                    continue;
                }
            }
            // "Zemblans and Kirovians failed to agree": a people named in the plural. "Ethnic
            // Zemblans" and "the Zemblans of Kirovia" are a minority, coded where they live.
            let minority = (i > s.tokens.start && ann.word(i - 1).eq_ignore_ascii_case("ethnic"))
                || (i + 1 < s.tokens.end && matches!(ann.word(i + 1), "of" | "in"));
            let people = crate::actors::people(ann.word(i)).filter(|_| !covered(i) && !minority);
            if let Some(country) = people {
                let followed = country_at(ann, named, i, s.tokens.end).is_some();
                if !followed || !noun_at(ann, i + 1, s.tokens.end) {
                    out.push(CodedMention {
                        tokens: i..i + 1,
                        entity: None,
                        code: country.to_string(),
                        kind: EntityType::Org,
                        agent: true,
                    });
                    i += 1;
                    continue;
                }
            }
            let found = country_at(ann, named, i, s.tokens.end).and_then(|(country, after)| {
                let demonym = after == i + 1;
                match role_after(ann, after, s.tokens.end) {
                    Some((end, role)) => {
                        (!(after..end).any(covered)).then_some((country, end, role))
                    }
                    // "Palestinian prisoners": the people of a country, coded by the country.
                    None if demonym && noun_at(ann, after, s.tokens.end) && !covered(i) => {
                        Some((country, after + 1, ""))
                    }
                    None => None,
                }
            });
            match found {
                Some((country, end, role)) => {
                    out.push(CodedMention {
                        tokens: i..end,
                        entity: None,
                        code: format!("{country}{role}"),
                        kind: EntityType::Org,
                        agent: true,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// The end of a country's name written in full at `i` (up to three capitalised words).
fn unnamed_country(ann: &Annotated, i: usize, end: usize) -> Option<usize> {
    (1..=3)
        .rev()
        .filter(|len| i + len <= end)
        .find(|&len| {
            (i..i + len).all(|k| ann.word(k).starts_with(char::is_uppercase))
                && crate::actors::country_named(&phrase(ann, i..i + len)).is_some()
        })
        .map(|len| i + len)
}

fn phrase(ann: &Annotated, r: std::ops::Range<usize>) -> String {
    r.map(|k| ann.word(k)).collect::<Vec<_>>().join(" ")
}

fn country_code(ann: &Annotated, r: std::ops::Range<usize>) -> String {
    crate::actors::country_named(&phrase(ann, r))
        .unwrap_or_default()
        .to_string()
}

/// A demonym ("Israeli") or a coded country followed by 's ("Taiwan's") at `i`: the country
/// code and where the description continues.
fn country_at(
    ann: &Annotated,
    named: &[CodedMention],
    i: usize,
    end: usize,
) -> Option<(String, usize)> {
    // "Ruritanian-led forces" are the country's forces as much as "Ruritanian forces".
    let word = ann.word(i);
    if let Some(c) = crate::actors::demonym(word.strip_suffix("-led").unwrap_or(word)) {
        return Some((c.to_string(), i + 1));
    }
    let (s, code) = match named
        .iter()
        .find(|m| m.tokens.start == i && m.kind == EntityType::Gpe && m.code.len() == 3)
    {
        Some(m) => (m.tokens.end, m.code.clone()),
        None => {
            let e = unnamed_country(ann, i, end)?;
            (e, country_code(ann, i..e))
        }
    };
    (s < end && matches!(ann.word(s), "'s" | "’s")).then(|| (code, s + 1))
}

/// The longest role phrase (up to three words) starting within two words of `at`, skipping
/// modifiers ("new", "Vice", "Sandinista"): its end and role.
fn role_after(ann: &Annotated, at: usize, end: usize) -> Option<(usize, &'static str)> {
    (at..(at + 3).min(end)).find_map(|k| {
        (1..=3).rev().filter(|len| k + len <= end).find_map(|len| {
            let phrase = (k..k + len)
                .map(|j| ann.word(j).to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            role_of(&phrase).map(|r| (k + len, r))
        })
    })
}

/// A word that can head a noun phrase of people after a demonym: a lowercase noun
/// ("prisoners", "interlocutors"), or a people's plural name ("Iraqi Kurds", "Bosnian Serbs").
/// Places and things a country's adjective describes are not actors ("the Thai border", "the
/// Russian language").
fn noun_at(ann: &Annotated, i: usize, end: usize) -> bool {
    i < end && {
        let w = ann.word(i);
        let lower = w.starts_with(char::is_lowercase)
            && !lexicon::is_function_word(w)
            && !lexicon::is_preposition(w)
            && !NOT_ACTORS.contains(&w);
        let people = w.starts_with(char::is_uppercase) && w.len() > 3 && w.ends_with('s');
        w.chars().all(char::is_alphabetic) && (lower || people)
    }
}

/// Nouns a demonym describes that name places or languages, not people who act. (A
/// country's goods or exports stand for it as the target of trade measures: "restrictions
/// against Ruritanian goods".)
const NOT_ACTORS: &[&str] = &[
    "border",
    "borders",
    "frontier",
    "territory",
    "soil",
    "waters",
    "airspace",
    "coast",
    "language",
    "capital",
    "city",
    "town",
    "village",
    "province",
    "region",
    "elections",
    "election",
    "side",
];
