//! Builds a large store out of a few real analyses, to measure the store (writer throughput,
//! query latency on millions of documents) without analysing millions of texts.
//!
//! ```sh
//! attache analyze corpus.jsonl.gz --format jsonl -o analyses.jsonl
//! cargo run --release -p attache --example synth_store -- analyses.jsonl big.db 1000000
//! ```
//!
//! Document i is analysis `i mod n` (of the n read), copy `k = i / n`: its id gets `~k`, its
//! content hash is that of its text and `k`, and it is moved in time to day `i mod 730` of
//! 2021-2022 (its publication date and every resolved event date shift by the same number of
//! days), so the copies spread over two years as a real feed would. Entities, quotes and events
//! are the analysis's own: the store gets the real distributions of names, quotes per document,
//! actor codes and CAMEO codes. Everything goes through the same `Batch::add` as `attache
//! ingest`, so the rate printed at the end is the writer's throughput.

use attache::calendar::Day;
use attache::store::{epoch_day, ContentHash, Store};
use attache::Analysis;
use sha2::{Digest, Sha256};
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

const DAYS: i64 = 730;
const BATCH: usize = 5000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [analyses, store, n] = &args[..] else {
        return Err("usage: synth_store ANALYSES.jsonl STORE.db N".into());
    };
    let n: usize = n.parse()?;
    let analyses = read_analyses(&PathBuf::from(analyses))?;
    if analyses.is_empty() {
        return Err("no analyses read".into());
    }
    let mut store = Store::open(&PathBuf::from(store))?;
    let start = epoch_day("2021-01-01").expect("valid date");
    let started = Instant::now();
    let mut stored = 0usize;
    for first in (0..n).step_by(BATCH) {
        let mut batch = store.batch()?;
        for i in first..(first + BATCH).min(n) {
            let copy = i / analyses.len();
            let doc = moved(&analyses[i % analyses.len()], copy, start + i as i64 % DAYS);
            let hash = ContentHash(Sha256::digest(format!("{copy}\n{}", doc.text)).into());
            if matches!(
                batch.add(&hash, &doc.id, &doc)?,
                attache::store::Added::Stored(_)
            ) {
                stored += 1;
            }
        }
        batch.commit()?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!("{stored} documents, {:.0} docs/s", stored as f64 / secs);
    }
    store.checkpoint()?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "stored {stored} documents in {secs:.1} s: {:.0} docs/s (writer only)",
        stored as f64 / secs
    );
    Ok(())
}

fn read_analyses(path: &PathBuf) -> Result<Vec<Analysis>, Box<dyn std::error::Error>> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in file.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(serde_json::from_str(&line)?);
        }
    }
    Ok(out)
}

/// Copy `copy` of an analysis, published on `day`; its event dates move with it.
fn moved(original: &Analysis, copy: usize, day: i64) -> Analysis {
    let mut doc = original.clone();
    doc.id = format!("{}~{copy}", original.id);
    let shift = original
        .published
        .as_deref()
        .and_then(epoch_day)
        .map_or(0, |was| day - was);
    doc.published = Some(civil(day));
    for event in &mut doc.events {
        let shifted =
            |d: &Option<String>| d.as_deref().and_then(epoch_day).map(|d| civil(d + shift));
        event.date = shifted(&event.date);
        event.date_end = shifted(&event.date_end);
    }
    doc
}

/// `YYYY-MM-DD` of days since 1970-01-01.
fn civil(days: i64) -> String {
    Day::from_ordinal(days).to_string()
}
