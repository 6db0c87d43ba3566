//! Adding analysed documents to the store, one transaction per batch.

use super::{dedup, ContentHash, StoreError};
use crate::model::{Analysis, Entity, Event, Party, Quote};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashMap;

/// What became of a document offered to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Stored under this row id.
    Stored(i64),
    /// A document with the same content hash was already there; nothing was written.
    Duplicate,
}

/// Where in the run a document failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The input could not be read or parsed.
    Read,
    /// The pipeline failed on it (an internal error).
    Analyze,
    /// The source is of a kind this build cannot read yet (e.g. WARC).
    Unsupported,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Analyze => "analyze",
            Stage::Unsupported => "unsupported",
        }
    }
}

/// A document that could not be ingested: its origin (file, and line for line-oriented
/// input), the stage that failed and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRecord {
    pub origin: String,
    pub line: Option<usize>,
    pub stage: Stage,
    pub cause: String,
}

/// One open transaction. Dropping it without [`Batch::commit`] rolls everything back.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl<'a> Batch<'a> {
    pub(super) fn begin(conn: &'a mut Connection) -> Result<Batch<'a>, StoreError> {
        Ok(Batch {
            tx: conn.transaction()?,
        })
    }

    pub fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit()?)
    }

    /// Stores a document and everything found in it, unless its content is already stored.
    /// `origin` says where it came from (file name, record number).
    pub fn add(
        &self,
        hash: &ContentHash,
        origin: &str,
        doc: &Analysis,
    ) -> Result<Added, StoreError> {
        let Some(document) = self.insert_document(hash, origin, doc)? else {
            return Ok(Added::Duplicate);
        };
        let entities = self.insert_entities(document, &doc.entities)?;
        let quotes = self.insert_quotes(document, &doc.quotes, &entities)?;
        self.insert_disputes(document, doc, &quotes)?;
        for event in &doc.events {
            self.insert_event(
                document,
                doc.published.as_deref(),
                event,
                &entities,
                &quotes,
            )?;
        }
        Ok(Added::Stored(document))
    }

    /// Records an input that could not be ingested; the same error twice is kept once.
    pub fn record_error(&self, error: &ErrorRecord) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO errors (origin, line, stage, cause) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let line = error.line.map(|l| l as i64);
        stmt.execute(params![
            error.origin,
            line,
            error.stage.as_str(),
            error.cause
        ])?;
        Ok(())
    }

    /// The new document's row id, or None when its hash is already stored.
    fn insert_document(
        &self,
        hash: &ContentHash,
        origin: &str,
        doc: &Analysis,
    ) -> Result<Option<i64>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO documents (hash, source_id, origin, url, publisher, title, authors,
                                    published, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (hash) DO NOTHING
             RETURNING id",
        )?;
        let authors = serde_json::to_string(&doc.authors).unwrap_or_default();
        let id = stmt
            .query_row(
                params![
                    &hash.0[..],
                    doc.id,
                    origin,
                    doc.url,
                    doc.publisher,
                    doc.title,
                    authors,
                    doc.published,
                    doc.text
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id)
    }

    /// Merges the document's entities into the canonical ones; returns local id → row id.
    fn insert_entities(
        &self,
        document: i64,
        entities: &[Entity],
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO entities (norm, type, name, actor, country, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (norm, type) DO UPDATE SET
                 actor = coalesce(entities.actor, excluded.actor),
                 country = coalesce(entities.country, excluded.country),
                 role = coalesce(entities.role, excluded.role)
             RETURNING id",
        )?;
        let mut mention = self.tx.prepare_cached(
            "INSERT INTO mentions (entity, document, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut ids = HashMap::with_capacity(entities.len());
        for entity in entities {
            let kind = serde_json::to_value(entity.kind).unwrap_or_default();
            let actor = entity.actor.as_ref();
            let id: i64 = upsert.query_row(
                params![
                    normalize_name(&entity.name),
                    kind.as_str().unwrap_or_default(),
                    entity.name,
                    actor.map(|a| &a.code),
                    actor.and_then(|a| a.country.as_ref()),
                    actor.and_then(|a| a.role.as_ref()),
                ],
                |r| r.get(0),
            )?;
            for m in &entity.mentions {
                mention.execute(params![id, document, m.start as i64, m.end as i64])?;
            }
            ids.insert(entity.id.clone(), id);
        }
        Ok(ids)
    }

    /// Returns local quote id → row id.
    fn insert_quotes(
        &self,
        document: i64,
        quotes: &[Quote],
        entities: &HashMap<String, i64>,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO quotes (document, local_id, type, content, start, \"end\", cue, speaker,
                                 speaker_text, addressee, addressee_text, channel, via,
                                 continues, nested_in, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             RETURNING id",
        )?;
        let entity = |local: Option<&String>| local.and_then(|l| entities.get(l)).copied();
        let mut ids = HashMap::with_capacity(quotes.len());
        for q in quotes {
            let kind = serde_json::to_value(q.kind).unwrap_or_default();
            let speaker = q.speaker.as_ref();
            let addressee = q.addressee.as_ref();
            let via: Vec<&str> = q.via.iter().map(|p: &Party| p.name.as_str()).collect();
            let id: i64 = stmt.query_row(
                params![
                    document,
                    q.id,
                    kind.as_str().unwrap_or_default(),
                    q.content.text,
                    q.content.start as i64,
                    q.content.end as i64,
                    q.cue.as_ref().map(|c| &c.text),
                    entity(speaker.and_then(|s| s.entity.as_ref())),
                    speaker.map(|s| &s.mention.text),
                    entity(addressee.and_then(|a| a.entity.as_ref())),
                    addressee.map(|a| &a.name),
                    q.channel.as_ref().map(|c| &c.text),
                    serde_json::to_string(&via).unwrap_or_default(),
                    q.continues,
                    q.nested_in,
                    round3(q.confidence),
                ],
                |r| r.get(0),
            )?;
            ids.insert(q.id.clone(), id);
        }
        Ok(ids)
    }

    fn insert_disputes(
        &self,
        document: i64,
        doc: &Analysis,
        quotes: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO disputes (document, claim, disputed_by) VALUES (?1, ?2, ?3)",
        )?;
        for d in &doc.disputes {
            if let (Some(claim), Some(by)) = (quotes.get(&d.claim), quotes.get(&d.disputed_by)) {
                stmt.execute(params![document, claim, by])?;
            }
        }
        Ok(())
    }

    /// Stores one event mention and merges it into its cluster (see [`dedup`]). The event's
    /// own resolved date wins; else the document's publication date stands for it.
    fn insert_event(
        &self,
        document: i64,
        published: Option<&str>,
        event: &Event,
        entities: &HashMap<String, i64>,
        quotes: &HashMap<String, i64>,
    ) -> Result<i64, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO events (document, local_id, source_entity, source_actor, target_entity,
                                 target_actor, cameo, quad_class, goldstein, plover_event,
                                 plover_mode, date, date_text, evidence, start, \"end\", quote,
                                 negated, hypothetical)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19)
             RETURNING id",
        )?;
        let entity = |local: Option<&String>| local.and_then(|l| entities.get(l)).copied();
        let target = event.target.as_ref();
        let plover = event.plover.as_ref();
        let id: i64 = stmt.query_row(
            params![
                document,
                event.id,
                entity(event.source.entity.as_ref()),
                event.source.actor,
                entity(target.and_then(|t| t.entity.as_ref())),
                target.and_then(|t| t.actor.as_ref()),
                event.cameo,
                event.quad_class,
                round3(event.goldstein),
                plover.map(|p| &p.event),
                plover.and_then(|p| p.mode.as_ref()),
                event.date,
                event.date_text,
                event.evidence.text,
                event.evidence.start as i64,
                event.evidence.end as i64,
                event.quote.as_ref().and_then(|q| quotes.get(q)),
                event.negated,
                event.hypothetical,
            ],
            |r| r.get(0),
        )?;
        let resolved = event.date.as_deref().or(published);
        dedup::assign(&self.tx, id, document, event, resolved)?;
        Ok(id)
    }
}

/// An f32 score as the f64 SQLite stores, without the noise of the conversion (0.7, not
/// 0.699999988).
pub(super) fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// The key entities are merged on across documents: lower case, punctuation dropped, spaces
/// collapsed, a leading "the" dropped ("The Kremlin" = "the Kremlin", "U.S." = "US").
pub fn normalize_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | '\'' | '’' | '"'))
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("The  Kremlin"), "kremlin");
        assert_eq!(normalize_name("U.S."), "us");
        assert_eq!(normalize_name("Ana Ferreira"), "ana ferreira");
        assert_eq!(normalize_name("The"), "the");
    }
}
