//! Entities stage: name mentions of people, organisations and places, and within-document
//! coreference (surname → full name, title phrase → office holder, pronoun → person), so that
//! every entity has one canonical name.

mod coref;
pub mod lexicon;
mod mentions;

pub use mentions::{MentionKind, RawMention};

use crate::model::{ActorCode, CharIndex, Entity, EntityType, TextSpan};
use crate::text::Annotated;
use std::ops::Range;

/// A mention and the entity it belongs to (an index into [`Entities::clusters`]).
#[derive(Debug, Clone)]
pub struct Mention {
    pub raw: RawMention,
    pub entity: Option<usize>,
}

/// One entity: its canonical name and what the document says about it.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub name: String,
    pub kind: EntityType,
    pub titles: Vec<String>,
    pub country: Option<&'static str>,
    /// Actor code from the gazetteer, when the entity is listed there.
    pub code: Option<&'static str>,
    /// The entity's actor code, filled by the actors stage ([`crate::actors::assign`]).
    pub actor: Option<ActorCode>,
}

impl Cluster {
    fn new(name: String, kind: EntityType, code: Option<&'static str>) -> Self {
        Cluster {
            name,
            kind,
            titles: Vec::new(),
            country: None,
            code,
            actor: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// In text order.
    pub mentions: Vec<Mention>,
    pub clusters: Vec<Cluster>,
    /// Output number of each cluster, in order of first mention (None: never mentioned).
    output_ids: Vec<Option<usize>>,
}

pub fn find(ann: &Annotated) -> Entities {
    let raw = mentions::find(ann);
    let (mentions, clusters) = coref::resolve(ann, raw);
    let mut ents = Entities {
        mentions,
        clusters,
        output_ids: Vec::new(),
    };
    ents.output_ids = ents.number_entities();
    ents
}

impl Entities {
    /// Mentions that lie wholly inside `tokens` (mentions are sorted by start; none is longer
    /// than a sentence, so the scan stays local).
    pub fn inside(&self, tokens: Range<usize>) -> impl Iterator<Item = &Mention> {
        let from = self
            .mentions
            .partition_point(|m| m.raw.tokens.start < tokens.start);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.raw.tokens.start < tokens.end)
            .filter(move |m| m.raw.tokens.end <= tokens.end)
    }

    /// The linked mention inside `tokens` that best names it: a name before a title, the longest.
    pub fn mention_in(&self, tokens: Range<usize>) -> Option<&Mention> {
        self.inside(tokens)
            .filter(|m| m.entity.is_some())
            .max_by_key(|m| (m.raw.kind != MentionKind::Title, m.raw.tokens.len()))
    }

    pub fn name_of(&self, entity: usize) -> &str {
        &self.clusters[entity].name
    }

    /// Output ids are numbered in order of first mention.
    fn number_entities(&self) -> Vec<Option<usize>> {
        let mut ids = vec![None; self.clusters.len()];
        let mut next = 0;
        for m in &self.mentions {
            if let Some(e) = m.entity {
                if ids[e].is_none() {
                    next += 1;
                    ids[e] = Some(next);
                }
            }
        }
        ids
    }

    pub fn entity_id(&self, entity: usize) -> String {
        format!("e{}", self.output_ids[entity].unwrap_or(0))
    }

    pub fn to_output(&self, ann: &Annotated, index: &CharIndex) -> Vec<Entity> {
        let ids = &self.output_ids;
        let mut mentions_of: Vec<Vec<TextSpan>> = vec![Vec::new(); self.clusters.len()];
        for m in &self.mentions {
            if let Some(e) = m.entity {
                mentions_of[e].push(text_span(ann, index, m.raw.tokens.clone()));
            }
        }
        let mut order: Vec<usize> = (0..self.clusters.len())
            .filter(|&e| ids[e].is_some())
            .collect();
        order.sort_by_key(|&e| ids[e]);
        order
            .into_iter()
            .map(|e| {
                let c = &self.clusters[e];
                let mentions = std::mem::take(&mut mentions_of[e]);
                Entity {
                    id: format!("e{}", ids[e].unwrap_or(0)),
                    name: c.name.clone(),
                    kind: c.kind,
                    actor: c.actor.clone(),
                    mentions,
                }
            })
            .collect()
    }
}

/// The output span of a token range.
pub fn text_span(ann: &Annotated, index: &CharIndex, tokens: Range<usize>) -> TextSpan {
    let bytes = ann.bytes(tokens);
    TextSpan {
        start: index.char_of(bytes.start),
        end: index.char_of(bytes.end),
        text: ann.text[bytes].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::annotate;

    fn entities(text: &str) -> Vec<(String, EntityType, Vec<String>)> {
        let ann = annotate(text);
        let ents = find(&ann);
        ents.to_output(&ann, &CharIndex::new(text))
            .into_iter()
            .map(|e| {
                (
                    e.name,
                    e.kind,
                    e.mentions.into_iter().map(|m| m.text).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn titles_surnames_and_pronouns() {
        let got = entities(
            "Brazilian President Ana Ferreira has told reporters that Chilean President Tomas Ruiz assured her \
             that talks would go on. Ferreira met Ruiz in Santiago. The Chilean president said he was hopeful.",
        );
        let ana = got
            .iter()
            .find(|e| e.0 == "Ana Ferreira")
            .expect("Ana Ferreira");
        assert_eq!(ana.1, EntityType::Person);
        assert_eq!(
            ana.2,
            vec!["Brazilian President Ana Ferreira", "her", "Ferreira"]
        );
        let tomas = got
            .iter()
            .find(|e| e.0 == "Tomas Ruiz")
            .expect("Tomas Ruiz");
        assert_eq!(
            tomas.2,
            vec![
                "Chilean President Tomas Ruiz",
                "Ruiz",
                "The Chilean president",
                "he"
            ]
        );
    }

    #[test]
    fn organisations_and_places() {
        let got = entities("Government spokesman Ivo Kral said the Prague Daily Journal erred. The Journal disagreed, NATO said.");
        let journal = got
            .iter()
            .find(|e| e.0 == "Prague Daily Journal")
            .expect("journal");
        assert_eq!(journal.1, EntityType::Org);
        assert_eq!(journal.2.len(), 2);
        assert!(got
            .iter()
            .any(|e| e.0 == "Ivo Kral" && e.2[0] == "Government spokesman Ivo Kral"));
        assert!(got.iter().any(|e| e.0 == "NATO" && e.1 == EntityType::Org));
    }
}
