//! `attache export`: a store's tables as Parquet, its events as GDELT 2.0 TSV.

use anyhow::{bail, Context as _};
use attache::store::{export, Store};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
--parquet DIR writes one Parquet file per table (documents, entities, mentions, quotes,
disputes, events, event_clusters, errors), Snappy-compressed.
--gdelt FILE writes the deduplicated events as a GDELT 2.0 event table: 61 tab-separated
columns, no header; columns attache does not produce (geography, tone, religion and ethnic
codes) are empty.

Examples:
  attache export --parquet out/
  attache export --store news.db --gdelt events.tsv";

/// Export a store: every table as Parquet, events as GDELT 2.0 TSV.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The store to read.
    #[arg(long, value_name = "FILE", default_value = "attache.db")]
    store: PathBuf,

    /// Write one Parquet file per table into DIR (created when missing).
    #[arg(long, value_name = "DIR")]
    parquet: Option<PathBuf>,

    /// Write the deduplicated events as GDELT 2.0 event TSV ("-" for standard output).
    #[arg(long, value_name = "FILE")]
    gdelt: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if args.parquet.is_none() && args.gdelt.is_none() {
        bail!("say what to export: --parquet DIR and/or --gdelt FILE");
    }
    let store = Store::open_read_only(&args.store)?;
    if let Some(dir) = &args.parquet {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (table, rows) in export::parquet::write_all(store.connection(), dir)? {
            eprintln!("attache: {table}: {rows} rows");
        }
    }
    if let Some(path) = &args.gdelt {
        let mut out: Box<dyn Write> = if path.as_os_str() == "-" {
            Box::new(BufWriter::new(std::io::stdout().lock()))
        } else {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            Box::new(BufWriter::new(file))
        };
        let n = export::gdelt::write(store.connection(), &mut out)?;
        out.flush().context("writing the GDELT table")?;
        eprintln!("attache: {n} events written as GDELT 2.0 TSV");
    }
    Ok(crate::exit::OK)
}
