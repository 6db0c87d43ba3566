//! The store's tables. One SQLite file; every row links back to the document it came from.
//!
//! - `documents`: one row per ingested input, unique on the SHA-256 of its raw content, which is
//!   what makes ingestion idempotent and resumable;
//! - `entities`: canonical across documents, merged on normalised name + type;
//! - `mentions`: where each entity is named, as character offsets into `documents.text`
//!   (`substr(text, start + 1, end - start)` gives the words back);
//! - `quotes` (+ `quotes_fts`, full-text search over what was said, English stemming so
//!   that "quota" finds "quotas"), `disputes`;
//! - `events`: one row per event mention in a document, and `event_clusters`: the same event
//!   reported by several documents, counted once (GDELT's NumMentions / NumArticles);
//! - `errors`: inputs that could not be read or analysed, with where they came from.

use super::StoreError;
use rusqlite::Connection;

/// Bumped whenever the tables change; a store written by another version is refused rather
/// than silently misread.
pub const VERSION: i64 = 1;

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
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);

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
CREATE INDEX IF NOT EXISTS entities_actor ON entities(actor);

CREATE TABLE IF NOT EXISTS mentions (
    entity      INTEGER NOT NULL REFERENCES entities(id),
    document    INTEGER NOT NULL REFERENCES documents(id),
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document);

CREATE TABLE IF NOT EXISTS quotes (
    id            INTEGER PRIMARY KEY,
    document      INTEGER NOT NULL REFERENCES documents(id),
    local_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
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
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document);

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts
    USING fts5(content, content='quotes', content_rowid='id',
                tokenize='porter unicode61');
CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;

CREATE TABLE IF NOT EXISTS disputes (
    document     INTEGER NOT NULL REFERENCES documents(id),
    claim        INTEGER NOT NULL REFERENCES quotes(id),
    disputed_by  INTEGER NOT NULL REFERENCES quotes(id)
);
CREATE INDEX IF NOT EXISTS disputes_document ON disputes(document);

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
CREATE INDEX IF NOT EXISTS events_document ON events(document);
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster);

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
