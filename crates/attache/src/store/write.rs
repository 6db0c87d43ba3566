//! Adding analysed documents to the store, one transaction per batch.

use super::aggregates::{Deltas, DyadEvent};
use super::{dedup, epoch_day, ContentHash, StoreError};
use crate::model::{Analysis, Entity, EntityType, Event, Party, Quote, QuoteKind};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::{BTreeMap, HashMap, HashSet};

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
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Analyze => "analyze",
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

/// Canonical entities already seen by this writer: (normalised name, type) → row id and which
/// of the optional fields the row has. Most mentions name entities already stored, and their
/// upsert would change nothing, so a hit skips the SQL entirely.
#[derive(Debug, Default)]
pub(super) struct EntityCache {
    known: HashMap<(String, &'static str), KnownEntity>,
    /// False while a batch is open: a batch dropped without commit may have cached rows that
    /// were rolled back, so the next batch starts from an empty cache.
    clean: bool,
}

#[derive(Debug, Clone, Copy)]
struct KnownEntity {
    id: i64,
    /// Whether the stored row has an actor code, a country and a role.
    fields: [bool; 3],
}

/// Bounds the cache's memory (about 100 bytes an entry) on corpora with millions of names.
const ENTITY_CACHE_MAX: usize = 1 << 20;

impl EntityCache {
    fn begin(&mut self) {
        if !self.clean || self.known.len() > ENTITY_CACHE_MAX {
            self.known.clear();
        }
        self.clean = false;
    }
}

/// One open transaction. Dropping it without [`Batch::commit`] rolls everything back.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    entities: &'a mut EntityCache,
    deltas: Deltas,
    /// The id the next event mention gets (ids are ours to give: one writer per store).
    next_event: i64,
    /// Quotes with this id or above were added by this batch (and are not indexed yet).
    first_quote: i64,
}

impl<'a> Batch<'a> {
    pub(super) fn begin(
        conn: &'a mut Connection,
        entities: &'a mut EntityCache,
    ) -> Result<Batch<'a>, StoreError> {
        // IMMEDIATE: the write lock is taken now, so no other writer can take the event ids
        // counted here.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_id = |table: &str| {
            let sql = format!("SELECT ifnull(max(id), 0) + 1 FROM {table}");
            tx.query_row(&sql, [], |r| r.get::<_, i64>(0))
        };
        let (next_event, first_quote) = (next_id("events")?, next_id("quotes")?);
        entities.begin();
        Ok(Batch {
            tx,
            entities,
            deltas: Deltas::default(),
            next_event,
            first_quote,
        })
    }

    /// Indexes the batch's quotes for full-text search, writes its aggregates and commits.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(&index_quotes_sql())?
            .execute([self.first_quote])?;
        self.deltas.write(&self.tx)?;
        self.tx.commit()?;
        self.entities.clean = true;
        Ok(())
    }

    /// Stores a document and everything found in it, unless its content is already stored.
    /// `origin` says where it came from (file name, record number).
    pub fn add(
        &mut self,
        hash: &ContentHash,
        origin: &str,
        doc: &Analysis,
    ) -> Result<Added, StoreError> {
        let Some(document) = self.insert_document(hash, origin, doc)? else {
            return Ok(Added::Duplicate);
        };
        let entities = self.insert_entities(document, &doc.entities)?;
        let day = doc.published.as_deref().and_then(epoch_day);
        let quotes = self.insert_quotes(document, day, &doc.quotes, &entities)?;
        self.insert_disputes(document, doc, &quotes)?;
        let mut counted = HashSet::new();
        for event in &doc.events {
            let refs = Refs {
                document,
                entities: &entities,
                quotes: &quotes,
            };
            self.insert_event(&refs, doc.published.as_deref(), event, &mut counted)?;
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

    /// Merges the document's entities into the canonical ones and stores their mentions, one
    /// row per canonical entity; returns local id → row id.
    fn insert_entities(
        &mut self,
        document: i64,
        entities: &[Entity],
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut ids = HashMap::with_capacity(entities.len());
        // Two local entities can merge into one canonical entity ("The Council", "Council").
        let mut spans: BTreeMap<i64, Vec<(usize, usize)>> = BTreeMap::new();
        for entity in entities {
            let id = self.entity_id(entity)?;
            let of_entity = spans.entry(id).or_default();
            of_entity.extend(entity.mentions.iter().map(|m| (m.start, m.end)));
            ids.insert(entity.id.clone(), id);
        }
        let mut mention = self.tx.prepare_cached(
            "INSERT INTO mentions (document, entity, count, spans) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (entity, mut of_entity) in spans {
            of_entity.sort_unstable();
            mention.execute(params![
                document,
                entity,
                of_entity.len() as i64,
                pack_spans(&of_entity)
            ])?;
        }
        Ok(ids)
    }

    /// The canonical entity's row id, creating the row or filling its missing fields.
    fn entity_id(&mut self, entity: &Entity) -> Result<i64, StoreError> {
        let actor = entity.actor.as_ref();
        let fields = [
            actor.is_some(),
            actor.is_some_and(|a| a.country.is_some()),
            actor.is_some_and(|a| a.role.is_some()),
        ];
        let key = (normalize_name(&entity.name), entity_type(entity.kind));
        if let Some(known) = self.entities.known.get(&key) {
            let adds_nothing = fields
                .iter()
                .zip(known.fields)
                .all(|(new, had)| had || !new);
            if adds_nothing {
                return Ok(known.id);
            }
        }
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO entities (norm, type, name, actor, country, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (norm, type) DO UPDATE SET
                 actor = coalesce(entities.actor, excluded.actor),
                 country = coalesce(entities.country, excluded.country),
                 role = coalesce(entities.role, excluded.role)
             RETURNING id, actor IS NOT NULL, country IS NOT NULL, role IS NOT NULL",
        )?;
        let known = upsert.query_row(
            params![
                key.0,
                key.1,
                entity.name,
                actor.map(|a| &a.code),
                actor.and_then(|a| a.country.as_ref()),
                actor.and_then(|a| a.role.as_ref()),
            ],
            |r| {
                Ok(KnownEntity {
                    id: r.get(0)?,
                    fields: [r.get(1)?, r.get(2)?, r.get(3)?],
                })
            },
        )?;
        self.entities.known.insert(key, known);
        Ok(known.id)
    }

    /// Returns local quote id → row id.
    fn insert_quotes(
        &mut self,
        document: i64,
        day: Option<i64>,
        quotes: &[Quote],
        entities: &HashMap<String, i64>,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO quotes (document, day, local_id, type, kind, content, start, \"end\",
                                 cue, speaker, speaker_text, addressee, addressee_text, channel,
                                 via, continues, nested_in, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18)
             RETURNING id",
        )?;
        let entity = |local: Option<&String>| local.and_then(|l| entities.get(l)).copied();
        let mut ids = HashMap::with_capacity(quotes.len());
        let mut speakers = Vec::with_capacity(quotes.len());
        for q in quotes {
            let speaker = q.speaker.as_ref();
            let speaker_id = entity(speaker.and_then(|s| s.entity.as_ref()));
            let addressee = q.addressee.as_ref();
            let via: Vec<&str> = q.via.iter().map(|p: &Party| p.name.as_str()).collect();
            let id: i64 = stmt.query_row(
                params![
                    document,
                    day,
                    q.id,
                    serde_name(&q.kind),
                    serde_name(&q.act),
                    q.content.text,
                    q.content.start as i64,
                    q.content.end as i64,
                    q.cue.as_ref().map(|c| &c.text),
                    speaker_id,
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
            speakers.extend(speaker_id);
        }
        drop(stmt);
        self.deltas.add_quotes(&speakers);
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

    /// Stores one event mention, merged into its cluster (see [`dedup`]). The event's own
    /// resolved date wins; else the document's publication date stands for it. `counted`: the
    /// clusters this document has already counted as one of their articles.
    fn insert_event(
        &mut self,
        refs: &Refs<'_>,
        published: Option<&str>,
        event: &Event,
        counted: &mut HashSet<i64>,
    ) -> Result<(), StoreError> {
        let id = self.next_event;
        self.next_event += 1;
        let resolved = event.date.as_deref().or(published);
        let cluster = dedup::assign(&self.tx, id, event, resolved)?;
        if let Some(cluster) = &cluster {
            let new_article = counted.insert(cluster.id);
            if !cluster.created {
                dedup::count_mention(&self.tx, cluster.id, new_article)?;
            }
            self.count_dyad(event, cluster);
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO events (id, document, local_id, source_entity, source_actor,
                                 target_entity, target_actor, cameo, quad_class, goldstein,
                                 plover_event, plover_mode, date, date_text, evidence, start,
                                 \"end\", quote, negated, hypothetical, cluster)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21)",
        )?;
        let entity = |local: Option<&String>| local.and_then(|l| refs.entities.get(l)).copied();
        let target = event.target.as_ref();
        let plover = event.plover.as_ref();
        stmt.execute(params![
            id,
            refs.document,
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
            event.quote.as_ref().and_then(|q| refs.quotes.get(q)),
            event.negated,
            event.hypothetical,
            cluster.map(|c| c.id),
        ])?;
        Ok(())
    }

    /// Adds an event to the dyad-per-day aggregate, when it has both actors and a day.
    fn count_dyad(&mut self, event: &Event, cluster: &dedup::Assigned) {
        let target = event.target.as_ref().and_then(|t| t.actor.as_deref());
        let (Some(source), Some(target), Some(day)) =
            (event.source.actor.as_deref(), target, cluster.day)
        else {
            return;
        };
        let dyad = DyadEvent {
            source,
            target,
            day,
            quad_class: event.quad_class,
            goldstein: round3(event.goldstein),
        };
        if cluster.created {
            self.deltas.add_event(&dyad);
        } else {
            self.deltas.add_mention(&dyad);
        }
    }
}

/// Bits of a full-text index rowid that hold the quote id (the rest hold its day).
pub(super) const FTS_ID_BITS: u32 = 40;
/// Added to a day (days since 1970) so that dates back to year -900 stay positive; 0 is left
/// for undated quotes, which so come last when newest come first (as NULL days sort in SQL).
const FTS_DAY_OFFSET: i64 = 1 << 20;
const FTS_DAY_MAX: i64 = (1 << 22) - 1;

/// Indexes the quotes with id ≥ ?1 (those of the batch) under their sort key (see the schema):
/// their words, and their speaker's and kind's tags.
fn index_quotes_sql() -> String {
    format!(
        "INSERT INTO quotes_fts (rowid, content, tags)
         SELECT (ifnull(max(1, min(day + {FTS_DAY_OFFSET}, {FTS_DAY_MAX})), 0) << {FTS_ID_BITS})
                    | id,
                content,
                ifnull('{SPEAKER_TAG}' || speaker || ' ', '') || '{KIND_TAG}' || kind
         FROM quotes WHERE id >= ?1"
    )
}

/// Tag prefixes in `quotes_fts.tags`. Letters then digits or letters only: the tokenizer keeps
/// such a token whole, and a stemmed tag still matches since queries are stemmed alike.
const SPEAKER_TAG: &str = "s";
const KIND_TAG: &str = "k";

/// The index token of quotes said by this entity.
pub(super) fn speaker_tag(entity: i64) -> String {
    format!("{SPEAKER_TAG}{entity}")
}

/// The index token of quotes of this kind (`kstatement`, `kbelief`).
pub(super) fn kind_tag(kind: QuoteKind) -> String {
    format!("{KIND_TAG}{}", serde_name(&kind))
}

/// Row ids of what a document's events point to.
struct Refs<'a> {
    document: i64,
    entities: &'a HashMap<String, i64>,
    quotes: &'a HashMap<String, i64>,
}

/// Character spans as compact JSON: `[[0,5],[17,22]]`.
fn pack_spans(spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(spans.len() * 12 + 2);
    out.push('[');
    for (i, (start, end)) in spans.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("[{start},{end}]"));
    }
    out.push(']');
    out
}

/// The name serde gives a unit enum variant ("PERSON", "direct").
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn entity_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "PERSON",
        EntityType::Org => "ORG",
        EntityType::Gpe => "GPE",
        EntityType::Loc => "LOC",
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

    #[test]
    fn spans_pack_as_json() {
        assert_eq!(pack_spans(&[(0, 5), (17, 22)]), "[[0,5],[17,22]]");
        assert_eq!(pack_spans(&[]), "[]");
        assert_eq!(serde_name(&EntityType::Gpe), entity_type(EntityType::Gpe));
    }
}
