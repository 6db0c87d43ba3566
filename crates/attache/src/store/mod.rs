//! Corpus mode: many [`Analysis`](crate::Analysis) values in one embedded SQLite file, and the
//! questions asked of them (who said what, who did what to whom, how a dyad moves over time).
//!
//! - [`schema`] the tables and indexes;
//! - [`aggregates`] per-speaker and per-dyad-day sums kept current by the writer;
//! - [`write`] adds analysed documents in batched transactions; a document whose content hash is
//!   already stored is skipped, so a run can be repeated or resumed after a crash;
//! - [`dedup`] merges the same event reported by several documents;
//! - [`query`] the questions `attache query` asks;
//! - [`export`] GDELT-style event TSV (and Parquet, with the `parquet` feature).
//!
//! Durability: the file is in WAL mode and every batch is one transaction, so killing the
//! writer at any point (SIGKILL included) loses at most the batch in flight, never corrupts the
//! file, and a re-run stores each document exactly once (unique constraint on the hash).

pub mod aggregates;
pub mod dedup;
pub mod export;
pub mod query;
pub mod schema;
pub mod write;

use crate::calendar::Day;
use crate::extract::InputDoc;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use write::{Added, Batch, ErrorRecord, Stage};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the store has schema version {found}, this attache reads version {}: {}",
        schema::VERSION,
        version_advice(*found)
    )]
    Version { found: i64 },
    #[error("no store at {0} (create one with `attache ingest`)")]
    Missing(PathBuf),
    #[error("{0}")]
    Io(String),
}

/// What to do with a store of another schema version. There is no migration: a store is
/// derived data, rebuilt by ingesting its corpus again.
fn version_advice(found: i64) -> &'static str {
    if found < schema::VERSION {
        "it was written by an older attache; ingest the corpus again into a new store \
         (version 3 added quote kinds and a date-ordered search index)"
    } else {
        "it was written by a newer attache; use that version to read it"
    }
}

/// SHA-256 of a document's raw content (text or HTML as it arrived): two inputs with the same
/// content are the same document, whatever their ids or file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(doc: &InputDoc) -> ContentHash {
        ContentHash(Sha256::digest(doc.content.raw().as_bytes()).into())
    }
}

/// An open store.
pub struct Store {
    conn: Connection,
    entities: write::EntityCache,
}

impl Store {
    /// Opens the store at `path` for writing, creating it (and its tables) when missing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // NORMAL in WAL mode: a committed batch survives the process being killed; only a power
        // failure can lose the last few commits (never corrupt the file). A 64 MiB page cache
        // keeps the upper levels of every index in memory, which is where random inserts go.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
        )?;
        conn.busy_timeout(Duration::from_secs(30))?;
        schema::ensure(&conn)?;
        Ok(Store {
            conn,
            entities: write::EntityCache::default(),
        })
    }

    /// Opens an existing store for reading only (queries, export, duplicate checks while
    /// another connection writes).
    ///
    /// The connection is opened writable but `query_only` when the file allows it: a
    /// read-only SQLite connection cannot remove the WAL files it leaves behind, so every query
    /// would leave `-wal` and `-shm` files next to the store.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags) {
            Ok(conn) => conn,
            Err(_) => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?,
        };
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.execute_batch("PRAGMA query_only = 1; PRAGMA cache_size = -65536;")?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found != schema::VERSION {
            return Err(StoreError::Version { found });
        }
        Ok(Store {
            conn,
            entities: write::EntityCache::default(),
        })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether a document with this content is already stored.
    pub fn contains(&self, hash: &ContentHash) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?;
        Ok(stmt
            .query_row([&hash.0[..]], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Starts a transaction; documents added to it are committed together.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        Batch::begin(&mut self.conn, &mut self.entities)
    }

    /// Moves everything committed from the write-ahead log into the main file, so the store
    /// is one self-contained file again (the end of an ingest run), after refreshing the
    /// statistics SQLite's query planner picks indexes by.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// How many rows each table holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |table: &str| -> Result<i64, StoreError> {
            let sql = format!("SELECT count(*) FROM {table}");
            Ok(self.conn.query_row(&sql, [], |r| r.get(0))?)
        };
        Ok(Counts {
            documents: count("documents")?,
            entities: count("entities")?,
            quotes: count("quotes")?,
            events: count("events")?,
            event_clusters: count("event_clusters")?,
            errors: count("errors")?,
        })
    }
}

/// Row counts, for summaries and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub documents: i64,
    pub entities: i64,
    pub quotes: i64,
    pub events: i64,
    pub event_clusters: i64,
    pub errors: i64,
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, anything after the day ignored).
pub fn epoch_day(date: &str) -> Option<i64> {
    Day::parse_iso(date).map(Day::ordinal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days() {
        assert_eq!(epoch_day("1970-01-01"), Some(0));
        assert_eq!(epoch_day("2022-02-08"), Some(19_031));
        assert_eq!(epoch_day("2024-03-01T10:00"), Some(19_783));
        assert_eq!(epoch_day("2024-13-01"), None);
        assert_eq!(epoch_day("soon"), None);
    }
}
