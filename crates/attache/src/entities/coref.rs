//! Within-document coreference: every mention joins the entity it refers to. Names join by full
//! name, surname or acronym; office titles ("the Russian president") join the holder named
//! earlier; pronouns join the most salient compatible person.

use super::lexicon::{self, PronounCase};
use super::mentions::{MentionKind, RawMention};
use super::{Cluster, Mention};
use crate::model::EntityType;
use crate::text::Annotated;

pub fn resolve(ann: &Annotated, raw: Vec<RawMention>) -> (Vec<Mention>, Vec<Cluster>) {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut mentions: Vec<Mention> = raw
        .into_iter()
        .map(|r| Mention {
            raw: r,
            entity: None,
        })
        .collect();
    seed_full_names(ann, &mentions, &mut clusters);
    for m in 0..mentions.len() {
        mentions[m].entity = match mentions[m].raw.kind {
            MentionKind::Name(kind) => Some(join_name(ann, &mentions[m].raw, kind, &mut clusters)),
            MentionKind::Title => holder_of_title(&mentions[..m], &mentions[m].raw, &clusters),
            MentionKind::Pronoun(case) => {
                antecedent(ann, &mentions[..m], m, &mentions[m].raw, case, &clusters)
            }
        };
        if let (Some(e), Some(t)) = (mentions[m].entity, mentions[m].raw.title.clone()) {
            let c = &mut clusters[e];
            c.country = c.country.or(mentions[m].raw.country);
            if !c.titles.contains(&t) {
                c.titles.push(t);
            }
        }
    }
    (mentions, clusters)
}

/// Full personal names seen anywhere in the document, so that a surname that comes first (in a
/// headline, say) still joins the full name.
fn seed_full_names(ann: &Annotated, mentions: &[Mention], clusters: &mut Vec<Cluster>) {
    for m in mentions {
        if m.raw.kind == MentionKind::Name(Some(EntityType::Person)) && m.raw.name.len() >= 2 {
            let name = ann.slice(m.raw.name.clone());
            if !clusters.iter().any(|c| c.name == name) {
                clusters.push(Cluster::new(name.to_string(), EntityType::Person, None));
            }
        }
    }
}

fn join_name(
    ann: &Annotated,
    m: &RawMention,
    kind: Option<EntityType>,
    clusters: &mut Vec<Cluster>,
) -> usize {
    let text = ann.slice(m.name.clone());
    let (name, kind, code) = match lexicon::gazetteer(text) {
        Some(g) => (g.canonical, Some(g.kind), g.code),
        None => (text, kind, None),
    };
    if let Some(i) = clusters.iter().position(|c| c.name == name) {
        return i;
    }
    if m.name.len() == 1 || kind == Some(EntityType::Person) {
        if let Some(i) = partial_match(name, kind, clusters) {
            return i;
        }
    }
    let kind = kind.unwrap_or_else(|| guess_type(ann, m));
    clusters.push(Cluster::new(name.to_string(), kind, code));
    clusters.len() - 1
}

/// A shorter form of a name already seen: a person's surname ("Putin"), an organisation's first or
/// last word ("the Journal" for "Journal du Dimanche"). Only when exactly one entity fits.
fn partial_match(name: &str, kind: Option<EntityType>, clusters: &[Cluster]) -> Option<usize> {
    let fits = |c: &Cluster| {
        let words: Vec<&str> = c.name.split(' ').collect();
        words.len() > 1
            && match c.kind {
                EntityType::Person => {
                    kind.is_none_or(|k| k == EntityType::Person)
                        && name.split(' ').next_back() == words.last().copied()
                }
                EntityType::Org => {
                    kind.is_none_or(|k| k == EntityType::Org)
                        && (words[0] == name || words.last() == Some(&name))
                }
                _ => false,
            }
    };
    let mut found = clusters.iter().enumerate().filter(|(_, c)| fits(c));
    let first = found.next()?;
    found.next().is_none().then_some(first.0)
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
    let verb_like = next.starts_with(|c: char| c.is_lowercase())
        && (next.ends_with("ed")
            || matches!(
                next,
                "said"
                    | "says"
                    | "told"
                    | "has"
                    | "had"
                    | "is"
                    | "was"
                    | "will"
                    | "would"
                    | "wrote"
                    | "thinks"
            ));
    if verb_like || matches!(next, "’s" | "'s") && m.name.len() == 1 {
        EntityType::Person
    } else if matches!(prev.as_str(), "in" | "from" | "to" | "near") {
        EntityType::Gpe
    } else {
        EntityType::Org
    }
}

/// The most recent person whose office matches the description (and its country, if named).
fn holder_of_title(before: &[Mention], m: &RawMention, clusters: &[Cluster]) -> Option<usize> {
    let title = m.title.as_deref()?;
    let head = title.rsplit(' ').next()?;
    before.iter().rev().filter_map(|p| p.entity).find(|&e| {
        let c = &clusters[e];
        c.kind == EntityType::Person
            && c.titles
                .iter()
                .any(|t| t == title || t.rsplit(' ').next() == Some(head))
            && m.country.is_none_or(|country| c.country == Some(country))
    })
}

/// The person a pronoun refers to. Subjects of clauses are more salient than other mentions
/// (centering), and an object pronoun cannot refer to the subject of its own clause ("Putin
/// assured him": him ≠ Putin).
fn antecedent(
    ann: &Annotated,
    before: &[Mention],
    at: usize,
    m: &RawMention,
    case: PronounCase,
    clusters: &[Cluster],
) -> Option<usize> {
    let _ = at;
    let sentence = ann.sentence_of(m.tokens.start);
    let persons: Vec<&Mention> = before
        .iter()
        .filter(|p| {
            p.entity
                .is_some_and(|e| clusters[e].kind == EntityType::Person)
        })
        .filter(|p| sentence.saturating_sub(ann.sentence_of(p.raw.tokens.start)) <= 3)
        .collect();
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
            same.iter().rev().skip(skip as usize).next().copied()
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
