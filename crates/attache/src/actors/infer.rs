//! Codes for the entities of one document: dictionaries first, then what the document itself
//! says about an entity where it names it.

use super::{actor_code, embedded, is_country_code, role_of, split_code, Basis};
use crate::calendar::Day;
use crate::entities::lexicon;
use crate::entities::{Cluster, Entities, MentionKind};
use crate::model::{ActorCode, EntityType};
use crate::text::{Annotated, TokenKind};

/// What a run of describing words says: "French President" → (FRA, —, GOV); "Kremlin
/// spokesman" → (—, RUSGOV, GOV); "the French weekly" → (FRA, —, MED).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Description {
    pub country: Option<String>,
    /// Code of an organisation or country named as the entity's affiliation.
    pub affiliation: Option<String>,
    pub role: Option<String>,
}

impl Description {
    /// The code the description implies, if it names a role or an affiliation with one.
    pub fn code(&self) -> Option<String> {
        let (aff_country, aff_role) = match &self.affiliation {
            Some(a) => split_code(a),
            None => (None, None),
        };
        // "Kremlin spokesman": the organisation's own code says more than the generic role.
        // A country the words state outright ("King Omar of Zembla", "Zemblan President …")
        // outranks an affiliation of another country: a namesake in the dictionary.
        let stated_elsewhere = self.country.is_some() && self.country.as_deref() != aff_country;
        if let (Some(a), Some(_)) = (&self.affiliation, aff_role) {
            if aff_country.is_some() && self.role.is_some() && !stated_elsewhere {
                return Some(a.clone());
            }
        }
        let country = self.country.as_deref().or(aff_country);
        match (country, self.role.as_deref()) {
            (Some(c), Some(r)) => Some(format!("{c}{r}")),
            // "U.N. Secretary-General", "Arab League envoy": an office of an international
            // body speaks for that body.
            (None, Some(_)) if self.affiliation.as_deref().is_some_and(is_international) => {
                self.affiliation.clone()
            }
            // Media need no country to be coded.
            (None, Some("MED")) => Some("MED".to_string()),
            _ => None,
        }
    }
}

/// Fill `actor` on every cluster.
pub fn assign(ann: &Annotated, ents: &mut Entities, published: Option<Day>) {
    let codes: Vec<Option<ActorCode>> = (0..ents.clusters.len())
        .map(|e| code_for(ann, ents, e, published))
        .collect();
    for (c, code) in ents.clusters.iter_mut().zip(codes) {
        c.actor = code;
    }
}

fn code_for(ann: &Annotated, ents: &Entities, e: usize, date: Option<Day>) -> Option<ActorCode> {
    let c = &ents.clusters[e];
    let names = || {
        ents.mentions
            .iter()
            .filter(move |m| m.entity == Some(e) && matches!(m.raw.kind, MentionKind::Name(_)))
    };
    if let Some(code) = dictionary_code(c, date) {
        // A namesake: the dictionary's person is of another country than the one the document
        // gives this person ("King Omar of Zembla"); the document's words decide.
        if c.kind == EntityType::Person {
            if let Some(m) = names().next() {
                let d = describe_words(&person_words(ann, m.raw.tokens.clone()));
                let listed = split_code(&code);
                if let Some(country) = d.country.as_deref().filter(|&k| Some(k) != listed.0) {
                    let role = d.role.as_deref().or(listed.1).unwrap_or("");
                    return Some(actor_code(&format!("{country}{role}"), Basis::Title));
                }
            }
        }
        // "the Zemblan Supreme Court", "Zembla's Supreme Court": a body the dictionary lists
        // for one country (its supreme court), placed in another by the words before it.
        if c.kind == EntityType::Org {
            if let Some(m) = names().next() {
                let listed = split_code(&code);
                let before = country_before(ann, m.raw.tokens.start);
                if let (Some(country), Some(_)) =
                    (before.filter(|&k| Some(k) != listed.0), listed.0)
                {
                    let role = listed.1.unwrap_or("");
                    return Some(actor_code(&format!("{country}{role}"), Basis::Title));
                }
            }
        }
        return Some(actor_code(&code, Basis::Dictionary));
    }
    let mut apposition = None;
    for (k, m) in names().enumerate() {
        let words = prefix_words(ann, m.raw.tokens.start, m.raw.name.start);
        if let Some(code) = describe_words(&words).code() {
            return Some(actor_code(&code, Basis::Title));
        }
        // A person's whole mention with the "of <country>" after it: the tagger may take the
        // title into the name ("Gambian President Ada Njie"), or the title may be capitalised
        // before it and the country follow ("King Omar of Zembla").
        // The first (fullest) mention carries the title; later ones repeat the surname.
        if c.kind == EntityType::Person && k == 0 {
            let words = person_words(ann, m.raw.tokens.clone());
            if let Some(code) = describe_words(&words).code() {
                return Some(actor_code(&code, Basis::Title));
            }
        }
        // The name tagger may take a whole description for a name ("Kirovian Prime Minister
        // Ivo Petrov", "Arab League Secretary General Ada Njie", "Young Zemblans"): its own
        // words describe it.
        if k == 0 {
            let words: Vec<&str> = m.raw.tokens.clone().map(|i| ann.word(i)).collect();
            if let Some(code) = whole_name_code(&words) {
                return Some(actor_code(&code, Basis::Title));
            }
        }
        apposition = apposition.or_else(|| apposition_code(ann, m.raw.tokens.end));
    }
    if let Some(code) = apposition {
        return Some(actor_code(&code, Basis::Apposition));
    }
    title_code(c)
        .or_else(|| surname_code(ann, ents, e))
        .map(|code| actor_code(&code, Basis::Title))
}

/// The code of a description taken for a name: an office with its country or body ("Kirovian
/// Prime Minister Ivo Petrov"), a unit of an international body ("United Nations Emergency
/// Relief Coordinator": a part of the UN), or a people in the plural ("Young Zemblans").
fn whole_name_code(words: &[&str]) -> Option<String> {
    if words.len() < 2 {
        return None;
    }
    let d = describe_words(words);
    if let Some(code) = d.code() {
        return Some(code);
    }
    if let Some((_, code)) = coded_name(words).filter(|(_, c)| is_international(c)) {
        return Some(code);
    }
    // "Ethnic Zemblans" are a minority, coded where they live, not as Zembla.
    if words[0].eq_ignore_ascii_case("ethnic") {
        return None;
    }
    let last = words.last()?;
    super::people(last).map(str::to_string)
}

/// A person named by surname under an office ("President Kovac", "the Kovac administration")
/// whom the dictionary knows only by full name: when all its people of that surname are of one
/// country, that country with the office's role.
fn surname_code(ann: &Annotated, ents: &Entities, e: usize) -> Option<String> {
    let c = &ents.clusters[e];
    // Only for a person the document names by surname alone: a full name the dictionary does
    // not list ("Foreign Minister Ada Kovac") is someone else who shares the surname.
    let mut name = c.name.split_whitespace();
    let surname = name.next_back()?;
    if name.next().is_some() {
        return None;
    }
    // The dictionary lookup first: it rules out most names before their mentions are read.
    let country = super::surname_country(surname)?;
    // A person, or a leader's name before the government they head ("the Kovac
    // administration"); other names ending in a word that is someone's surname are not.
    let heads_government = |m: &crate::entities::Mention| {
        let next = m.raw.tokens.end;
        next < ann.tokens.len()
            && matches!(
                ann.word(next).to_lowercase().as_str(),
                "administration" | "government" | "cabinet" | "regime"
            )
    };
    let role = ents
        .mentions
        .iter()
        .filter(|m| m.entity == Some(e))
        .find_map(|m| {
            if heads_government(m) {
                return Some("GOV".to_string());
            }
            if c.kind != EntityType::Person {
                return None;
            }
            let before = prefix_words(ann, m.raw.tokens.start, m.raw.name.start);
            describe_words(&before)
                .role
                .or_else(|| describe_words(&person_words(ann, m.raw.tokens.clone())).role)
        })
        .or_else(|| {
            (c.kind == EntityType::Person)
                .then(|| c.titles.iter().find_map(|t| role_of(t)))
                .flatten()
                .map(str::to_string)
        })?;
    Some(format!("{country}{role}"))
}

/// The country named just before a mention: a demonym ("the Zemblan Supreme Court") or a
/// country with 's ("Zembla's Supreme Court", "the Ivory Coast's").
fn country_before(ann: &Annotated, start: usize) -> Option<&'static str> {
    let sentence = ann.sentences[ann.sentence_of(start)].tokens.start;
    if start <= sentence {
        return None;
    }
    let prev = ann.word(start - 1);
    if !matches!(prev, "'s" | "’s") {
        return super::demonym(prev);
    }
    (1..=3)
        .filter(|len| start > sentence + len)
        .find_map(|len| {
            let words: Vec<&str> = (start - 1 - len..start - 1).map(|i| ann.word(i)).collect();
            if !words.iter().all(|w| w.starts_with(char::is_uppercase)) {
                return None;
            }
            let phrase = words.join(" ");
            let phrase = phrase.strip_prefix("The ").unwrap_or(&phrase);
            super::country_by_name(phrase).or_else(|| {
                let (country, role) = split_code(embedded().lookup(phrase, None)?);
                country.filter(|_| role.is_none()).and_then(super::country)
            })
        })
}

/// The project gazetteer, then PETRARCH's actors, then country names and capitals.
fn dictionary_code(c: &Cluster, date: Option<Day>) -> Option<String> {
    if let Some(code) = c.code {
        return Some(code.to_string());
    }
    if let Some(code) = embedded().lookup(&c.name, date) {
        return Some(code.to_string());
    }
    if c.kind == EntityType::Person {
        return None;
    }
    super::country_by_name(&c.name)
        .or_else(|| super::acronym_code(&c.name))
        .map(str::to_string)
}

/// Office titles coreference attached ("the Russian president" → RUS + president).
fn title_code(c: &Cluster) -> Option<String> {
    let country = c.country?;
    let role = c.titles.iter().find_map(|t| role_of(t))?;
    Some(format!("{}{role}", &country[..country.len().min(3)]))
}

/// The describing words of a name mention: those inside it before the name ("French
/// President"), and lowercase descriptors with their demonyms just before it ("the French
/// weekly").
fn prefix_words<'a>(ann: &Annotated<'a>, mention_start: usize, name_start: usize) -> Vec<&'a str> {
    let sentence = ann.sentences[ann.sentence_of(mention_start)].tokens.start;
    let mut start = mention_start;
    while start > sentence && mention_start - start < 4 {
        let w = ann.word(start - 1);
        let describing = ann.tokens[start - 1].kind == TokenKind::Word
            && (w.starts_with(char::is_lowercase) || super::demonym(w).is_some())
            && !lexicon::is_function_word(&w.to_lowercase())
            && !lexicon::is_preposition(&w.to_lowercase());
        if !describing {
            break;
        }
        start -= 1;
    }
    (start..name_start).map(|i| ann.word(i)).collect()
}

/// A person mention's words with a capitalised title before it ("King", "Prime Minister") and
/// "of <Country>" after it.
fn person_words<'a>(ann: &Annotated<'a>, mention: std::ops::Range<usize>) -> Vec<&'a str> {
    let sentence = ann.sentences[ann.sentence_of(mention.start)].tokens.clone();
    let mut start = mention.start;
    for len in (1..=2).rev() {
        if start >= sentence.start + len {
            let phrase = (start - len..start)
                .map(|i| ann.word(i).to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if role_of(&phrase).is_some() {
                start -= len;
                break;
            }
        }
    }
    let mut end = mention.end;
    if end < sentence.end && ann.word(end) == "of" {
        // The capitalised words after "of": describe_words finds the country among them.
        let names = (end + 1..sentence.end.min(end + 4))
            .take_while(|&i| ann.word(i).starts_with(char::is_uppercase))
            .count();
        if names > 0 {
            end += 1 + names;
        }
    }
    // A bare one- or two-word name says nothing more than the prefix words did; describing it
    // would cost dictionary lookups for every mention of every person.
    if start == mention.start && end == mention.end && mention.len() <= 2 {
        return Vec::new();
    }
    (start..end).map(|i| ann.word(i)).collect()
}

/// ", the Kremlin spokesman," / ", Ukraine's opposition leader," after a name.
fn apposition_code(ann: &Annotated, after: usize) -> Option<String> {
    if after >= ann.tokens.len() || ann.word(after) != "," {
        return None;
    }
    let sentence_end = ann.sentences[ann.sentence_of(after)].tokens.end;
    let mut start = after + 1;
    if start < sentence_end && matches!(ann.word(start).to_lowercase().as_str(), "the" | "a" | "an")
    {
        start += 1;
    }
    let end = (start..sentence_end.min(start + 6))
        .find(|&i| matches!(ann.word(i), "," | "." | ";" | "”" | "\"" | "(" | ")"))?;
    let words: Vec<&str> = (start..end).map(|i| ann.word(i)).collect();
    let d = describe_words(&words);
    d.role.as_ref()?;
    d.code()
}

/// Read describing words left to right: demonyms and country names give the country, coded
/// organisations the affiliation, and the longest known role phrase the role.
pub fn describe_words(words: &[&str]) -> Description {
    let mut d = Description::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(c) = super::demonym(w) {
            d.country = Some(c.to_string());
            i += 1;
        } else if let Some((len, code)) = coded_name(&words[i..]) {
            match split_code(&code) {
                (Some(c), None) => d.country = Some(c.to_string()),
                _ => d.affiliation = Some(code),
            }
            i += len;
        } else if let Some((len, role)) = role_phrase(&words[i..]) {
            d.role = Some(role.to_string());
            i += len;
        } else {
            i += 1;
        }
    }
    d
}

/// A capitalised name at the start of `words` (up to three words) with an actor code.
fn coded_name(words: &[&str]) -> Option<(usize, String)> {
    (1..=words.len().min(3)).rev().find_map(|len| {
        let ws = &words[..len];
        if !ws.iter().all(|w| w.starts_with(char::is_uppercase)) {
            return None;
        }
        let phrase = ws.join(" ");
        let code = lexicon::gazetteer(&phrase)
            .and_then(|g| g.code.map(str::to_string))
            .or_else(|| embedded().lookup(&phrase, None).map(str::to_string))
            .filter(|c| {
                c.len() >= 3 && is_country_code(&c[..3]) || c == "MED" || is_international(c)
            })?;
        Some((len, code))
    })
}

/// Codes of international bodies: the UN and intergovernmental organisations (IGO…).
fn is_international(code: &str) -> bool {
    code == "UNO" || code.starts_with("IGO")
}

/// The longest role phrase (up to three words) at the start of `words`.
fn role_phrase(words: &[&str]) -> Option<(usize, &'static str)> {
    (1..=words.len().min(3)).rev().find_map(|len| {
        let phrase = words[..len].join(" ").to_lowercase();
        role_of(&phrase).map(|r| (len, r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities;
    use crate::text::annotate;

    fn codes(text: &str, date: Option<&str>) -> Vec<(String, String, String)> {
        let ann = annotate(text);
        let mut ents = entities::find(&ann);
        assign(&ann, &mut ents, date.and_then(Day::parse_iso));
        ents.clusters
            .iter()
            .filter_map(|c| {
                let a = c.actor.as_ref()?;
                Some((c.name.clone(), a.code.clone(), a.basis.clone()))
            })
            .collect()
    }

    fn has(got: &[(String, String, String)], name: &str, code: &str, basis: &str) -> bool {
        got.iter()
            .any(|(n, c, b)| n == name && c == code && b == basis)
    }

    #[test]
    fn titles_affiliations_and_appositions() {
        let got = codes(
            "Brazilian President Ana Ferreira met Kremlin spokesman Ivo Petrov in Lima. \
             Tomas Ruiz, Chile's opposition leader, said the French weekly Le Monde Diplomatique erred.",
            None,
        );
        assert!(has(&got, "Ana Ferreira", "BRAGOV", "title"), "{got:?}");
        assert!(has(&got, "Ivo Petrov", "RUSGOV", "title"), "{got:?}");
        assert!(has(&got, "Tomas Ruiz", "CHLOPP", "apposition"), "{got:?}");
    }

    #[test]
    fn titles_inside_the_name_and_the_country_after_it() {
        let got = codes(
            "Gambian President Ada Njie met King Omar of Morocco in Rabat.",
            None,
        );
        assert!(
            has(&got, "Gambian President Ada Njie", "GMBGOV", "title")
                || has(&got, "Ada Njie", "GMBGOV", "title"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(n, c, _)| n.contains("Omar") && c == "MARGOV"),
            "{got:?}"
        );
    }

    #[test]
    fn countries_stated_around_a_listed_body_and_descriptions_taken_for_names() {
        let got = codes(
            "Zambia's Supreme Court ruled on Monday. Kyrgyz Prime Minister Ivo Petrov spoke.",
            None,
        );
        assert!(
            got.iter()
                .any(|(n, c, _)| n.contains("Supreme Court") && c == "ZMBJUD"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(n, c, _)| n.contains("Petrov") && c == "KGZGOV"),
            "{got:?}"
        );
        let d = describe_words(&["King", "Omar", "of", "Morocco"]);
        assert_eq!(d.country.as_deref(), Some("MAR"));
    }

    #[test]
    fn descriptions() {
        let d = describe_words(&["French", "weekly"]);
        assert_eq!(d.code().as_deref(), Some("FRAMED"));
        let d = describe_words(&["Ukrainian", "opposition", "leader"]);
        assert_eq!(d.code().as_deref(), Some("UKROPP"));
        let d = describe_words(&["U.N.", "Secretary-General"]);
        assert_eq!(d.code().as_deref(), Some("UNO"));
    }
}
