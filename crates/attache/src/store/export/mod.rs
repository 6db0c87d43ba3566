//! Getting data out of a store: deduplicated events as GDELT 2.0 TSV ([`gdelt`]), and every
//! table as Parquet ([`parquet`], with the `parquet` feature).

pub mod gdelt;
#[cfg(feature = "parquet")]
pub mod parquet;
