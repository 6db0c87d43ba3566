//! Within-document coreference: every mention joins the entity it refers to. Names join by full
//! name, surname or acronym; office titles ("the Russian president") join the holder named
//! earlier; pronouns join the most salient compatible person.

use super::lexicon::{self, PronounCase};
use super::mentions::{MentionKind, RawMention};
use super::{Cluster, Mention};
use crate::model::EntityType;
use crate::text::Annotated;
use std::collections::HashMap;

pub fn resolve(ann: &Annotated, raw: Vec<RawMention>) -> (Vec<Mention>, Vec<Cluster>) {
    let mut reg = Registry::default();
    let mut mentions: Vec<Mention> = raw
        .into_iter()
        .map(|r| Mention {
            raw: r,
            entity: None,
        })
        .collect();
    seed_full_names(ann, &mentions, &mut reg);
    for m in 0..mentions.len() {
        mentions[m].entity = match mentions[m].raw.kind {
            MentionKind::Name(kind) => Some(join_name(ann, &mentions[m].raw, kind, &mut reg)),
            MentionKind::Title => holder_of_title(&mentions[..m], &mentions[m].raw, &reg.clusters),
            MentionKind::Pronoun(case) => {
                antecedent(ann, &mentions[..m], &mentions[m].raw, case, &reg.clusters)
            }
        };
        if let (Some(e), Some(t)) = (mentions[m].entity, mentions[m].raw.title.clone()) {
            let c = &mut reg.clusters[e];
            c.country = c.country.or(mentions[m].raw.country);
            if !c.titles.contains(&t) {
                c.titles.push(t);
            }
        }
    }
    (mentions, reg.clusters)
}

/// The entities found so far, indexed by full name and by the first and last words of
/// multiword names (for surnames and short forms).
#[derive(Default)]
struct Registry {
    clusters: Vec<Cluster>,
    by_name: HashMap<String, usize>,
    by_word: HashMap<String, Vec<usize>>,
}

impl Registry {
    fn add(&mut self, name: &str, kind: EntityType, code: Option<&'static str>) -> usize {
        let id = self.clusters.len();
        self.clusters
            .push(Cluster::new(name.to_string(), kind, code));
        self.by_name.insert(name.to_string(), id);
        let words: Vec<&str> = name.split(' ').collect();
        if words.len() > 1 {
            for w in [words[0], words[words.len() - 1]] {
                self.by_word.entry(w.to_string()).or_default().push(id);
            }
        }
        id
    }

    /// A shorter form of a name already seen: a person's surname ("Petrov"), an organisation's
    /// first or last word ("the Journal" for "Journal du Dimanche"). Only when exactly one fits.
    fn partial_match(&self, name: &str, kind: Option<EntityType>) -> Option<usize> {
        let last = name.rsplit(' ').next()?;
        let fits = |&&i: &&usize| {
            let c = &self.clusters[i];
            let words: Vec<&str> = c.name.split(' ').collect();
            match c.kind {
                EntityType::Person => {
                    kind.is_none_or(|k| k == EntityType::Person) && words.last() == Some(&last)
                }
                EntityType::Org => {
                    kind.is_none_or(|k| k == EntityType::Org)
                        && (words[0] == name || words.last() == Some(&name))
                }
                _ => false,
            }
        };
        let candidates = self.by_word.get(last)?;
        let mut found = candidates.iter().filter(fits);
        let first = *found.next()?;
        found.all(|&i| i == first).then_some(first)
    }
}

/// Full personal names seen anywhere in the document, so that a surname that comes first (in a
/// headline, say) still joins the full name.
fn seed_full_names(ann: &Annotated, mentions: &[Mention], reg: &mut Registry) {
    for m in mentions {
        if m.raw.kind == MentionKind::Name(Some(EntityType::Person)) && m.raw.name.len() >= 2 {
            let name = ann.slice(m.raw.name.clone());
            if !reg.by_name.contains_key(name) {
                reg.add(name, EntityType::Person, None);
            }
        }
    }
}

fn join_name(
    ann: &Annotated,
    m: &RawMention,
    kind: Option<EntityType>,
    reg: &mut Registry,
) -> usize {
    let text = ann.slice(m.name.clone());
    let (name, kind, code) = match lexicon::gazetteer(text) {
        Some(g) => (g.canonical, Some(g.kind), g.code),
        None => (text, kind, None),
    };
    if let Some(&i) = reg.by_name.get(name) {
        return i;
    }
    if m.name.len() == 1 || kind == Some(EntityType::Person) {
        if let Some(i) = reg.partial_match(name, kind) {
            return i;
        }
    }
    let kind = kind.unwrap_or_else(|| guess_type(ann, m));
    reg.add(name, kind, code)
}

/// A lone capitalised word the lexicons do not know: a person when a verb follows ("Smith said"),
/// a place after "in"/"from", else an organisation.
fn guess_type(ann: &Annotated, m: &RawMention) -> EntityType {
    let next = ann
        .tokens
        .get(m.tokens.end)
        .map(|_| ann.word(m.tokens.end))
        .unwrap_or("");
    let prev = m
        .tokens
        .start
        .checked_sub(1)
        .map(|p| ann.word(p).to_lowercase())
        .unwrap_or_default();
    // Only verbs of saying: "Smith said" names a person, "Valdoria agreed" may name a country.
    let verb_like = matches!(
        next,
        "said"
            | "says"
            | "told"
            | "tells"
            | "added"
            | "wrote"
            | "thinks"
            | "believes"
            | "argued"
            | "explained"
            | "insisted"
    );
    if verb_like {
        EntityType::Person
    } else if matches!(prev.as_str(), "in" | "from" | "to" | "near") {
        EntityType::Gpe
    } else {
        EntityType::Org
    }
}

/// How many mentions back a title phrase looks for its holder.
const TITLE_LOOKBACK: usize = 300;

/// The most recent person whose office matches the description (and its country, if named).
fn holder_of_title(before: &[Mention], m: &RawMention, clusters: &[Cluster]) -> Option<usize> {
    let title = m.title.as_deref()?;
    let head = title.rsplit(' ').next()?;
    before
        .iter()
        .rev()
        .take(TITLE_LOOKBACK)
        .filter_map(|p| p.entity)
        .find(|&e| {
            let c = &clusters[e];
            c.kind == EntityType::Person
                && c.titles
                    .iter()
                    .any(|t| t == title || t.rsplit(' ').next() == Some(head))
                && m.country.is_none_or(|country| c.country == Some(country))
        })
}

/// The person a pronoun refers to. Subjects of clauses are more salient than other mentions
/// (centering), and an object pronoun cannot refer to the subject of its own clause ("Petrov
/// assured him": him ≠ Petrov).
fn antecedent(
    ann: &Annotated,
    before: &[Mention],
    m: &RawMention,
    case: PronounCase,
    clusters: &[Cluster],
) -> Option<usize> {
    let sentence = ann.sentence_of(m.tokens.start);
    // Persons of this sentence and the three before it, in text order.
    let mut persons: Vec<&Mention> = before
        .iter()
        .rev()
        .take_while(|p| sentence.saturating_sub(ann.sentence_of(p.raw.tokens.start)) <= 3)
        .filter(|p| {
            p.entity
                .is_some_and(|e| clusters[e].kind == EntityType::Person)
        })
        .collect();
    persons.reverse();
    let same: Vec<&&Mention> = persons
        .iter()
        .filter(|p| ann.sentence_of(p.raw.tokens.start) == sentence)
        .collect();
    let local = match case {
        PronounCase::Subject => same.iter().rev().find(|p| is_subject(ann, p)).copied(),
        PronounCase::Object => {
            let skip = same
                .last()
                .is_some_and(|p| !clause_boundary_between(ann, p.raw.tokens.end, m.tokens.start));
            same.iter().rev().nth(skip as usize).copied()
        }
    };
    if let Some(p) = local {
        return p.entity;
    }
    for back in 1..=3 {
        let Some(s) = sentence.checked_sub(back) else {
            break;
        };
        let in_s: Vec<&&Mention> = persons
            .iter()
            .filter(|p| ann.sentence_of(p.raw.tokens.start) == s)
            .collect();
        if let Some(p) = in_s.iter().find(|p| is_subject(ann, p)).or(in_s.last()) {
            return p.entity;
        }
    }
    None
}

/// A mention in subject position: not governed by a preposition or a determiner.
fn is_subject(ann: &Annotated, m: &Mention) -> bool {
    let Some(prev) = m.raw.tokens.start.checked_sub(1) else {
        return true;
    };
    if ann.sentence_of(prev) != ann.sentence_of(m.raw.tokens.start) {
        return true;
    }
    let w = ann.word(prev).to_lowercase();
    !(lexicon::is_preposition(&w)
        || matches!(
            w.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "’s" | "'s" | "weekly" | "daily"
        ))
}

fn clause_boundary_between(ann: &Annotated, from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        matches!(
            ann.word(i),
            "," | ";" | ":" | "that" | "“" | "”" | "\"" | "and" | "but" | "who"
        )
    })
}
