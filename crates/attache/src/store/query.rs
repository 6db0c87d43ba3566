//! The questions `attache query` asks of a store. Each returns typed rows that print as a
//! table or serialise to JSON.
//!
//! Actor and CAMEO codes match by prefix: `RUS` matches `RUS`, `RUSGOV`, `RUSMIL`; `03` matches
//! every "express intent to cooperate" code. Event queries read the deduplicated events
//! (`event_clusters`), so an event reported by ten articles counts once, with 10 mentions.

use super::write::{kind_tag, speaker_tag, FTS_ID_BITS};
use super::{epoch_day, StoreError};
use crate::model::QuoteKind;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};
use serde::Serialize;

/// A date range, both ends inclusive, either open.
#[derive(Debug, Clone, Default)]
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl DateRange {
    fn days(&self) -> (Option<i64>, Option<i64>) {
        let day = |d: &Option<String>| d.as_deref().and_then(epoch_day);
        (day(&self.from), day(&self.to))
    }
}

#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Part of the speaker's canonical name, any case ("ferreira" finds "Ana Ferreira").
    pub speaker: Option<String>,
    /// Words that must all occur in the quote (full-text search).
    pub search: Option<String>,
    /// Only statements, or only beliefs.
    pub kind: Option<QuoteKind>,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    pub speaker: Option<String>,
    /// The words the text used for the speaker ("the president", "a spokesman").
    pub speaker_text: Option<String>,
    pub actor: Option<String>,
    /// Direct, indirect or mixed.
    #[serde(rename = "type")]
    pub quote_type: String,
    /// Statement or belief.
    pub kind: String,
    pub content: String,
    pub cue: Option<String>,
    pub addressee: Option<String>,
    pub channel: Option<String>,
    pub via: Vec<String>,
    pub confidence: f64,
    pub document: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// A `--speaker` that names more entities than this is filtered row by row rather than by the
/// full-text index: an OR of thousands of index terms costs more than it saves.
const MAX_SPEAKER_TERMS: usize = 500;

/// Quotes by speaker, content and/or kind, newest documents first; documents of one day by
/// name, so that the order does not depend on which worker of a parallel ingest stored first.
///
/// The newest `limit` quote ids are chosen first, and only those rows are joined to their
/// documents and speakers. Filters go into one full-text MATCH whenever they can (see the
/// schema: the index's rowids are ordered by date, so the newest matches come first and the
/// scan stops at `limit`); without any, the quotes' `day` index is read newest first.
pub fn quotes(conn: &Connection, filter: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
    let mut terms = Vec::new();
    let mut conditions = Conditions::default();
    if let Some(search) = &filter.search {
        let words = fts_query(search);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        terms.push(format!("content : ({words})"));
    }
    if let Some(name) = &filter.speaker {
        let ids = speaker_ids(conn, name)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() <= MAX_SPEAKER_TERMS {
            let tags: Vec<String> = ids.iter().map(|&id| quoted(&speaker_tag(id))).collect();
            terms.push(format!("tags : ({})", tags.join(" OR ")));
        } else {
            conditions.push(
                "q.speaker IN (SELECT id FROM entities WHERE name LIKE '%' || ? || '%')",
                name.clone(),
            );
        }
    }
    if let Some(kind) = filter.kind {
        terms.push(format!("tags : {}", quoted(&kind_tag(kind))));
    }
    let chosen = chosen_quotes(&terms, &mut conditions, filter.limit);
    let sql = format!(
        "WITH chosen AS ({chosen})
         SELECT e.name, q.speaker_text, e.actor, q.type, q.kind, q.content, q.cue,
                q.addressee_text, q.channel, q.via, q.confidence, d.source_id, d.title,
                d.published, d.url
         FROM chosen
         JOIN quotes q ON q.id = chosen.id
         JOIN documents d ON d.id = q.document
         LEFT JOIN entities e ON e.id = q.speaker
         ORDER BY q.day DESC, d.source_id, q.start"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&conditions.values), quote_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The SELECT of the `limit` newest quote ids that match the full-text `terms` (all of them)
/// and the row `conditions`, newest first (ties: latest stored first).
fn chosen_quotes(terms: &[String], conditions: &mut Conditions, limit: usize) -> String {
    if terms.is_empty() {
        return format!(
            "SELECT q.id FROM quotes q {where_} ORDER BY q.day DESC, q.id DESC LIMIT {limit}",
            where_ = conditions.sql()
        );
    }
    let id = format!("(quotes_fts.rowid & {})", (1i64 << FTS_ID_BITS) - 1);
    // The MATCH parameter comes first in the SQL, so its value goes first.
    conditions.clauses.insert(0, "quotes_fts MATCH ?".into());
    conditions.values.insert(0, terms.join(" AND ").into());
    // The row is read only when a row condition needs it.
    let join = if conditions.clauses.len() > 1 {
        format!("JOIN quotes q ON q.id = {id}")
    } else {
        String::new()
    };
    format!(
        "SELECT {id} AS id FROM quotes_fts {join} {where_}
         ORDER BY quotes_fts.rowid DESC LIMIT {limit}",
        where_ = conditions.sql()
    )
}

/// Ids of the entities whose canonical name contains `name` (any case), at most one more than
/// [`MAX_SPEAKER_TERMS`].
fn speaker_ids(conn: &Connection, name: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM entities WHERE name LIKE '%' || ?1 || '%' ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![name, MAX_SPEAKER_TERMS as i64 + 1], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A string as one FTS5 string literal.
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The WHERE clause of a query with optional filters: only the filters given appear, so
/// SQLite can pick the index that serves them.
#[derive(Debug, Default)]
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// A clause with one `?` placeholder.
    fn push(&mut self, clause: &str, value: impl Into<Value>) {
        self.clauses.push(clause.to_string());
        self.values.push(value.into());
    }

    fn days(&mut self, column: &str, dates: &DateRange) {
        let (from, to) = dates.days();
        if let Some(from) = from {
            self.push(&format!("{column} >= ?"), from);
        }
        if let Some(to) = to {
            self.push(&format!("{column} <= ?"), to);
        }
    }

    /// One of `columns` starts with `prefix`: as ranges, which the columns' indexes serve (a
    /// GLOB with a bound parameter is not turned into one).
    fn prefix(&mut self, columns: &[&str], prefix: &str) {
        let ranges: Vec<String> = columns
            .iter()
            .map(|c| {
                self.values.push(prefix.to_string().into());
                self.values.push(format!("{prefix}\u{10FFFF}").into());
                format!("({c} >= ? AND {c} < ?)")
            })
            .collect();
        self.clauses.push(format!("({})", ranges.join(" OR ")));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            return String::new();
        }
        format!("WHERE {}", self.clauses.join(" AND "))
    }
}

fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    let via: String = r.get(9)?;
    Ok(QuoteRow {
        speaker: r.get(0)?,
        speaker_text: r.get(1)?,
        actor: r.get(2)?,
        quote_type: r.get(3)?,
        kind: r.get(4)?,
        content: r.get(5)?,
        cue: r.get(6)?,
        addressee: r.get(7)?,
        channel: r.get(8)?,
        via: serde_json::from_str(&via).unwrap_or_default(),
        confidence: r.get(10)?,
        document: r.get(11)?,
        title: r.get(12)?,
        published: r.get(13)?,
        url: r.get(14)?,
    })
}

/// User words as an FTS5 query that cannot be a syntax error: each word quoted, all required
/// (empty when the text has no word). Words are split where the index's tokenizer splits them
/// (at anything but letters and digits), so that "don't" is two words, not a phrase: the index
/// keeps no positions to match phrases with.
pub fn fts_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(quoted)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerRow {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: Option<String>,
    pub quotes: i64,
    pub documents: i64,
}

/// The entities quoted most often (from the `speaker_stats` aggregate).
pub fn speakers(conn: &Connection, limit: usize) -> Result<Vec<SpeakerRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.name, e.type, e.actor, s.quotes, s.documents
         FROM speaker_stats s JOIN entities e ON e.id = s.entity
         ORDER BY s.quotes DESC, e.name
         LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(SpeakerRow {
            name: r.get(0)?,
            kind: r.get(1)?,
            actor: r.get(2)?,
            quotes: r.get(3)?,
            documents: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target actor code (prefix).
    pub actor: Option<String>,
    /// CAMEO code (prefix).
    pub code: Option<String>,
    pub dates: DateRange,
    pub limit: usize,
}

/// One deduplicated event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub date: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub cameo: String,
    pub quad_class: u8,
    pub goldstein: f64,
    /// Event mentions merged into this event (GDELT NumMentions).
    pub mentions: i64,
    /// Distinct documents that reported it (GDELT NumArticles).
    pub articles: i64,
    /// The evidence of its first mention.
    pub evidence: Option<String>,
    /// Ids of the documents that reported it.
    pub sources: Vec<String>,
}

/// Deduplicated events, newest first.
pub fn events(conn: &Connection, filter: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
    let mut conditions = Conditions::default();
    if let Some(actor) = &filter.actor {
        conditions.prefix(&["c.source_actor", "c.target_actor"], actor);
    }
    if let Some(code) = &filter.code {
        conditions.prefix(&["c.cameo"], code);
    }
    conditions.days("c.day", &filter.dates);
    let sql = format!(
        "WITH chosen AS (
             SELECT c.id FROM event_clusters c {where_} ORDER BY c.day DESC, c.id LIMIT {limit})
         SELECT c.id, c.date, c.source_actor, c.target_actor, c.cameo, c.quad_class,
                c.goldstein, c.num_mentions, c.num_articles, ev.evidence,
                (SELECT json_group_array(DISTINCT d.source_id)
                   FROM events e2 JOIN documents d ON d.id = e2.document
                  WHERE e2.cluster = c.id)
         FROM chosen
         JOIN event_clusters c ON c.id = chosen.id
         LEFT JOIN events ev ON ev.id = c.first_event
         ORDER BY c.day DESC, c.id",
        where_ = conditions.sql(),
        limit = filter.limit
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&conditions.values), |r| {
        let sources: String = r.get(10)?;
        Ok(EventRow {
            id: r.get(0)?,
            date: r.get(1)?,
            source: r.get(2)?,
            target: r.get(3)?,
            cameo: r.get(4)?,
            quad_class: r.get(5)?,
            goldstein: r.get(6)?,
            mentions: r.get(7)?,
            articles: r.get(8)?,
            evidence: r.get(9)?,
            sources: serde_json::from_str(&sources).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The width of a time-series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    /// Labelled `YYYY-MM`.
    Month,
}

impl Period {
    /// The period's label, from `day` (days since 1970-01-01).
    fn label_sql(self) -> &'static str {
        match self {
            Period::Day => "date(day * 86400, 'unixepoch')",
            Period::Week => "date(day * 86400, 'unixepoch', 'weekday 0', '-6 days')",
            Period::Month => "strftime('%Y-%m', day * 86400, 'unixepoch')",
        }
    }
}

/// What one dyad did in one period. Quad classes: 1 verbal cooperation, 2 material
/// cooperation, 3 verbal conflict, 4 material conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadPeriod {
    pub period: String,
    pub events: i64,
    pub verbal_cooperation: i64,
    pub material_cooperation: i64,
    pub verbal_conflict: i64,
    pub material_conflict: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    /// Mentions behind the events (how loudly the period was reported).
    pub mentions: i64,
}

/// The time series of events from `source` to `target` (codes by prefix), summed from the
/// `dyad_days` aggregate; dateless events are left out.
pub fn dyad(
    conn: &Connection,
    source: &str,
    target: &str,
    period: Period,
    dates: &DateRange,
) -> Result<Vec<DyadPeriod>, StoreError> {
    let mut conditions = Conditions::default();
    conditions.prefix(&["source"], source);
    conditions.prefix(&["target"], target);
    conditions.days("day", dates);
    let sql = format!(
        "SELECT {label} AS period, sum(events), sum(quad1), sum(quad2), sum(quad3), sum(quad4),
                sum(goldstein), sum(goldstein) / sum(events), sum(mentions)
         FROM dyad_days {where_}
         GROUP BY period ORDER BY period",
        label = period.label_sql(),
        where_ = conditions.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&conditions.values), |r| {
        Ok(DyadPeriod {
            period: r.get(0)?,
            events: r.get(1)?,
            verbal_cooperation: r.get(2)?,
            material_cooperation: r.get(3)?,
            verbal_conflict: r.get(4)?,
            material_conflict: r.get(5)?,
            goldstein_sum: round3(r.get(6)?),
            goldstein_mean: round3(r.get(7)?),
            mentions: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Which end of the Goldstein scale to rank dyads by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Net conflict: total Goldstein below zero, most negative first.
    Hostile,
    /// Net cooperation: total Goldstein above zero, most positive first.
    Cooperative,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadRow {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub cooperative: i64,
    pub conflictual: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
}

/// The most hostile or most cooperative directed dyads in a date range (from the
/// `dyad_days` aggregate: events with both actor codes and a date).
pub fn dyads(
    conn: &Connection,
    tone: Tone,
    dates: &DateRange,
    limit: usize,
) -> Result<Vec<DyadRow>, StoreError> {
    let (having, order) = match tone {
        Tone::Hostile => ("< 0", "ASC"),
        Tone::Cooperative => ("> 0", "DESC"),
    };
    let mut conditions = Conditions::default();
    conditions.days("day", dates);
    let sql = format!(
        "SELECT source, target, sum(events), sum(quad1 + quad2), sum(quad3 + quad4),
                round(sum(goldstein), 3) AS total, sum(goldstein) / sum(events)
         FROM dyad_days {where_}
         GROUP BY source, target
         HAVING total {having}
         ORDER BY total {order}, source, target
         LIMIT {limit}",
        where_ = conditions.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&conditions.values), |r| {
        Ok(DyadRow {
            source: r.get(0)?,
            target: r.get(1)?,
            events: r.get(2)?,
            cooperative: r.get(3)?,
            conflictual: r.get(4)?,
            goldstein_sum: r.get(5)?,
            goldstein_mean: round3(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sums of scores stored to three decimals, without the float noise of adding them.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRow {
    pub origin: String,
    pub line: Option<i64>,
    pub stage: String,
    pub cause: String,
}

/// Inputs that could not be ingested, in the order they were met.
pub fn errors(conn: &Connection, limit: usize) -> Result<Vec<ErrorRow>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT origin, line, stage, cause FROM errors ORDER BY id LIMIT ?1")?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(ErrorRow {
            origin: r.get(0)?,
            line: r.get(1)?,
            stage: r.get(2)?,
            cause: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
