//! Every table of a store as one Parquet file (`DIR/<table>.parquet`, Snappy-compressed), for
//! pandas, Polars, DuckDB and Spark. Column types follow the declared SQLite types: INTEGER →
//! Int64, REAL → Float64, TEXT → Utf8, BLOB → Binary; every column is nullable.

use crate::store::StoreError;
use arrow_array::builder::{BinaryBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// The tables exported, in order (the full-text index is derived data and left out).
pub const TABLES: [&str; 8] = [
    "documents",
    "entities",
    "mentions",
    "quotes",
    "disputes",
    "events",
    "event_clusters",
    "errors",
];

/// Rows per record batch (and so per Parquet row group at most): bounds memory on big stores.
const BATCH_ROWS: usize = 65_536;

/// Writes every table; returns (table, rows written).
pub fn write_all(conn: &Connection, dir: &Path) -> Result<Vec<(&'static str, u64)>, StoreError> {
    TABLES
        .iter()
        .map(|&table| {
            Ok((
                table,
                write_table(conn, table, &dir.join(format!("{table}.parquet")))?,
            ))
        })
        .collect()
}

fn write_table(conn: &Connection, table: &str, path: &Path) -> Result<u64, StoreError> {
    let columns = columns(conn, table)?;
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, kind)| Field::new(name, kind.clone(), true))
            .collect::<Vec<_>>(),
    ));
    let file = File::create(path).map_err(|e| io(path, e))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(parquet)?;

    let names: Vec<String> = columns.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let sql = format!("SELECT {} FROM {table}", names.join(", "));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut builders = Builders::new(&columns);
    let mut total = 0u64;
    while let Some(row) = rows.next()? {
        builders.push(row)?;
        total += 1;
        if builders.len == BATCH_ROWS {
            writer.write(&builders.finish(&schema)?).map_err(parquet)?;
        }
    }
    if builders.len > 0 || total == 0 {
        writer.write(&builders.finish(&schema)?).map_err(parquet)?;
    }
    writer.close().map_err(parquet)?;
    Ok(total)
}

/// Column names and Arrow types of a table, from its declared SQLite types.
fn columns(conn: &Connection, table: &str) -> Result<Vec<(String, DataType)>, StoreError> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let rows = stmt.query_map([], |r| {
        let name: String = r.get(1)?;
        let declared: String = r.get(2)?;
        let kind = match declared.to_ascii_uppercase().as_str() {
            "INTEGER" => DataType::Int64,
            "REAL" => DataType::Float64,
            "BLOB" => DataType::Binary,
            _ => DataType::Utf8,
        };
        Ok((name, kind))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

enum Builder {
    Int(Int64Builder),
    Float(Float64Builder),
    Text(StringBuilder),
    Bytes(BinaryBuilder),
}

struct Builders {
    columns: Vec<Builder>,
    len: usize,
}

impl Builders {
    fn new(columns: &[(String, DataType)]) -> Self {
        let columns = columns
            .iter()
            .map(|(_, kind)| match kind {
                DataType::Int64 => Builder::Int(Int64Builder::new()),
                DataType::Float64 => Builder::Float(Float64Builder::new()),
                DataType::Binary => Builder::Bytes(BinaryBuilder::new()),
                _ => Builder::Text(StringBuilder::new()),
            })
            .collect();
        Builders { columns, len: 0 }
    }

    fn push(&mut self, row: &Row<'_>) -> Result<(), StoreError> {
        for (i, builder) in self.columns.iter_mut().enumerate() {
            let value = row.get_ref(i)?;
            match builder {
                Builder::Int(b) => b.append_option(int(value)),
                Builder::Float(b) => b.append_option(float(value)),
                Builder::Text(b) => b.append_option(text(value)),
                Builder::Bytes(b) => b.append_option(bytes(value)),
            }
        }
        self.len += 1;
        Ok(())
    }

    /// The rows pushed so far as a record batch; the builders start over empty.
    fn finish(&mut self, schema: &Arc<Schema>) -> Result<RecordBatch, StoreError> {
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Float(b) => Arc::new(b.finish()),
                    Builder::Text(b) => Arc::new(b.finish()),
                    Builder::Bytes(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.len = 0;
        RecordBatch::try_new(schema.clone(), arrays).map_err(|e| StoreError::Io(e.to_string()))
    }
}

// SQLite columns are loosely typed; a value of another type than declared is converted
// the way SQLite itself would read it.
fn int(v: ValueRef<'_>) -> Option<i64> {
    match v {
        ValueRef::Integer(i) => Some(i),
        ValueRef::Real(f) => Some(f as i64),
        _ => None,
    }
}

fn float(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Real(f) => Some(f),
        _ => None,
    }
}

fn text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

fn bytes(v: ValueRef<'_>) -> Option<Vec<u8>> {
    match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => Some(b.to_vec()),
        _ => None,
    }
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io(format!("{}: {e}", path.display()))
}

fn parquet(e: parquet::errors::ParquetError) -> StoreError {
    StoreError::Io(format!("writing Parquet: {e}"))
}
