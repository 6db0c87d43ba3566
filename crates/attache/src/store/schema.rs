//! The store's tables. One SQLite file; every row links back to the document it came from.
//!
//! - `documents`: one row per ingested input, unique on the SHA-256 of its raw content, which is
//!   what makes ingestion idempotent and resumable;
//! - `entities`: canonical across documents, merged on normalised name + type;
//! - `mentions`: where each entity is named in a document, one row per (document, entity)
//!   with the character offsets into `documents.text` packed as JSON `[[start, end], …]`
//!   (one row per document and entity rather than per mention: a fifth of the rows to write);
//! - `quotes` (+ `quotes_fts`, full-text search over what was said, English stemming so
//!   that "quota" finds "quotas", and over each quote's speaker and kind: see below),
//!   `disputes`;
//! - `events`: one row per event mention in a document, and `event_clusters`: the same event
//!   reported by several documents, counted once (GDELT's NumMentions / NumArticles);
//! - `errors`: inputs that could not be read or analysed, with where they came from;
//!
//! Indexes serve the queries of `store::query` and the writer's own lookups, nothing else:
//! every index costs a random B-tree insert per row at ingest (`mentions` and `events` are
//! clustered by document already, through their keys and insertion order).
//! - `speaker_stats`, `dyad_days`: aggregates kept up to date by the writer in the same
//!   transaction as the rows they count, so that "top speakers" and "most hostile dyads" read a
//!   few thousand rows instead of grouping millions.

use super::StoreError;
use rusqlite::Connection;

/// Bumped whenever the tables change; a store written by another version is refused rather
/// than silently misread.
/// 3: quotes keep their kind (statement / belief); the full-text index is ordered by date and
/// also indexes speaker and kind.
pub const VERSION: i64 = 3;

const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    hash        BLOB NOT NULL UNIQUE,
    source_id   TEXT NOT NULL,
    origin      TEXT NOT NULL,
    url         TEXT,
    publisher   TEXT,
    title       TEXT,
    authors     TEXT NOT NULL,
    published   TEXT,
    text        TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    id          INTEGER PRIMARY KEY,
    norm        TEXT NOT NULL,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    actor       TEXT,
    country     TEXT,
    role        TEXT,
    UNIQUE (norm, type)
);

CREATE TABLE IF NOT EXISTS mentions (
    document    INTEGER NOT NULL REFERENCES documents(id),
    entity      INTEGER NOT NULL REFERENCES entities(id),
    count       INTEGER NOT NULL,
    spans       TEXT NOT NULL,
    PRIMARY KEY (document, entity)
) WITHOUT ROWID;

-- `day`: the document's publication day (days since 1970-01-01), copied here so that "newest
-- quotes of this speaker" reads one index.
CREATE TABLE IF NOT EXISTS quotes (
    id            INTEGER PRIMARY KEY,
    document      INTEGER NOT NULL REFERENCES documents(id),
    day           INTEGER,
    local_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    content       TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    cue           TEXT,
    speaker       INTEGER REFERENCES entities(id),
    speaker_text  TEXT,
    addressee     INTEGER REFERENCES entities(id),
    addressee_text TEXT,
    channel       TEXT,
    via           TEXT NOT NULL,
    continues     TEXT,
    nested_in     TEXT,
    confidence    REAL NOT NULL
);
-- Newest quotes first, unfiltered or with a filter that matches too many speakers for the
-- full-text index (filters by speaker, kind and words go through quotes_fts).
CREATE INDEX IF NOT EXISTS quotes_day ON quotes(day);

CREATE TABLE IF NOT EXISTS speaker_stats (
    entity      INTEGER PRIMARY KEY REFERENCES entities(id),
    quotes      INTEGER NOT NULL,
    documents   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS speaker_stats_quotes ON speaker_stats(quotes);

-- Every quote filter (words, speakers, kind) is one MATCH on this table, and its rowid is the
-- quote's sort key, (day << 40) | id (see store::write::FTS_KEY): FTS5 walks its doclists in
-- rowid order, so `ORDER BY rowid DESC LIMIT n` returns the n newest matches and stops,
-- instead of reading every match (100,000 for a common word on a million documents) to sort
-- them by date. `tags` holds a token per speaker entity (`s42`) and one for the kind
-- (`kstatement`, `kbelief`). Contentless (the text is in `quotes`), `detail=column` (no word
-- positions: searches are sets of words, never phrases) and no column sizes (no ranking): a
-- third of a full index's size. Rows are indexed once per batch, by one INSERT … SELECT at
-- commit: indexing each quote as it is inserted makes FTS5 flush a tiny segment per quote
-- and spend its time merging them.
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts
    USING fts5(content, tags, content='', detail=column, columnsize=0,
               tokenize='porter unicode61');

CREATE TABLE IF NOT EXISTS disputes (
    document     INTEGER NOT NULL REFERENCES documents(id),
    claim        INTEGER NOT NULL REFERENCES quotes(id),
    disputed_by  INTEGER NOT NULL REFERENCES quotes(id)
);

-- One event as reported by the documents that mention it. `day` is days since 1970-01-01 of
-- `date`; NULL when no date could be resolved (such events are never merged).
CREATE TABLE IF NOT EXISTS event_clusters (
    id            INTEGER PRIMARY KEY,
    source_actor  TEXT,
    target_actor  TEXT,
    cameo         TEXT NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    date          TEXT,
    day           INTEGER,
    num_mentions  INTEGER NOT NULL,
    num_articles  INTEGER NOT NULL,
    first_event   INTEGER
);
CREATE INDEX IF NOT EXISTS event_clusters_dyad
    ON event_clusters(source_actor, target_actor, cameo, day);
CREATE INDEX IF NOT EXISTS event_clusters_target ON event_clusters(target_actor, day);
CREATE INDEX IF NOT EXISTS event_clusters_day ON event_clusters(day);
CREATE INDEX IF NOT EXISTS event_clusters_cameo ON event_clusters(cameo);

CREATE TABLE IF NOT EXISTS events (
    id             INTEGER PRIMARY KEY,
    document       INTEGER NOT NULL REFERENCES documents(id),
    local_id       TEXT NOT NULL,
    source_entity  INTEGER REFERENCES entities(id),
    source_actor   TEXT,
    target_entity  INTEGER REFERENCES entities(id),
    target_actor   TEXT,
    cameo          TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover_event   TEXT,
    plover_mode    TEXT,
    date           TEXT,
    date_text      TEXT,
    evidence       TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    quote          INTEGER REFERENCES quotes(id),
    negated        INTEGER NOT NULL,
    hypothetical   INTEGER NOT NULL,
    cluster        INTEGER REFERENCES event_clusters(id)
);
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster);

-- Deduplicated events with both actor codes and a date, summed per directed dyad and day
-- (quad classes 1-4: verbal / material cooperation, verbal / material conflict).
CREATE TABLE IF NOT EXISTS dyad_days (
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    day         INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    quad1       INTEGER NOT NULL,
    quad2       INTEGER NOT NULL,
    quad3       INTEGER NOT NULL,
    quad4       INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    mentions    INTEGER NOT NULL,
    PRIMARY KEY (source, target, day)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dyad_days_day ON dyad_days(day);

CREATE TABLE IF NOT EXISTS errors (
    id        INTEGER PRIMARY KEY,
    origin    TEXT NOT NULL,
    line      INTEGER,
    stage     TEXT NOT NULL,
    cause     TEXT NOT NULL
);
-- Unique so that re-running over the same broken input does not list its errors twice
-- (ifnull: NULLs are all distinct to a plain UNIQUE constraint).
CREATE UNIQUE INDEX IF NOT EXISTS errors_once ON errors(origin, ifnull(line, 0), stage, cause);
"#;

/// Creates the tables of a new store, or checks that an existing one has this version's.
pub fn ensure(conn: &Connection) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found != 0 && found != VERSION {
        return Err(StoreError::Version { found });
    }
    conn.execute_batch(&format!(
        "BEGIN; {TABLES} PRAGMA user_version = {VERSION}; COMMIT;"
    ))?;
    Ok(())
}
