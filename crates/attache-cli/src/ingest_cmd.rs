//! `attache ingest`: analyse a corpus into the embedded store.
//!
//! One reader (the iterator rayon's workers pull from) walks the sources and drops documents
//! whose content is already stored; the workers analyse in parallel; one writer thread commits
//! the results in batched transactions. Killing the process at any point loses at most the
//! batch in flight, and a re-run picks up where the last commit left off.

use crate::exit;
use crate::progress::{Progress, Tally};
use anyhow::{bail, Context as _};
use attache::extract::input::{Documents, Format};
use attache::extract::sources::{self, SourceFile, SourceKind};
use attache::extract::warc::WarcStats;
use attache::store::{Added, Batch, ContentHash, ErrorRecord, Stage, Store};
use attache::{Analysis, InputDoc, Options};
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const AFTER_HELP: &str = "\
Sources: files, folders (searched recursively) and glob patterns (quote them: 'news/*.jsonl').
  .txt .html .json .jsonl  as for `attache analyze`, each optionally gzipped (.jsonl.gz)
  .warc .warc.gz           the HTML responses of a web archive; other records are counted
                           and skipped
Inside folders, files with other extensions are ignored.

A document whose content (SHA-256 of the raw text or HTML) is already in the store is
skipped, so ingest is idempotent and resumable: after a crash or a kill, run the same command
again. Documents that cannot be read or analysed are recorded in the store's errors table
(see `attache query errors`) and the run goes on.

Exit status: 0 all documents ingested or already there; 1 some documents failed (recorded);
2 bad command line or the store cannot be opened or written.

Examples:
  attache ingest examples/corpus
  attache ingest 'crawl/2024-*.jsonl.gz' --store news.db --jobs 8";

/// Analyse a corpus into an embedded store (SQLite) that `attache query` reads.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Files, folders and glob patterns to ingest.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// The store to write (created when missing).
    #[arg(long, value_name = "FILE", default_value = "attache.db")]
    store: PathBuf,

    /// Analysis threads [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Documents per transaction: a kill loses at most this many analyses.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,

    /// Publication date (YYYY-MM-DD) for documents that do not state one.
    #[arg(long, value_name = "YYYY-MM-DD")]
    published: Option<String>,

    /// Analyse plain text exactly as given: do not remove bios, promos or comment widgets.
    #[arg(long)]
    keep_boilerplate: bool,

    /// Rules and tagger only: no parsing, so no learned attribution and no tree-coded events
    /// (several times faster)
    #[arg(long)]
    fast: bool,

    /// Seconds between progress lines when stderr is not a terminal.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    progress_every: u64,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let found = sources::expand(&args.paths);
    for missing in &found.missing {
        eprintln!("attache: {missing}");
    }
    if found.files.is_empty() {
        bail!("nothing to ingest");
    }
    let opts = Options {
        published: args.published.clone(),
        strip_boilerplate: !args.keep_boilerplate,
        syntax: !args.fast,
    };
    let store = Store::open(&args.store)
        .with_context(|| format!("cannot open the store {}", args.store.display()))?;
    let seen = Store::open_read_only(&args.store)?;
    let progress = Progress::start(Duration::from_secs(args.progress_every.max(1)));
    count_in_background(found.files.clone(), progress.clone());

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()?;
    let (tx, rx) = mpsc::sync_channel::<Outcome>(1024);
    let stop = AtomicBool::new(false);
    let tally = std::thread::scope(|s| {
        let writer = s.spawn(|| write_all(store, rx, args.batch as usize, &progress));
        let jobs = Jobs::new(found.files, seen, &stop);
        pool.install(|| {
            jobs.par_bridge().for_each_with(tx, |tx, job| {
                if tx.send(job.run(&opts)).is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
            })
        });
        writer.join().expect("the writer thread panicked")
    })?;
    progress.finish(&tally, &args.store);
    Ok(if tally.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

/// What the writer is told about one document (or one unreadable source).
enum Outcome {
    Analysed {
        hash: ContentHash,
        origin: String,
        analysis: Box<Analysis>,
    },
    /// Already in the store before this run started.
    Duplicate,
    Failed(ErrorRecord),
    /// A web archive was read to its end: what it held besides pages.
    Archive(WarcStats),
}

/// Work for the analysis threads.
enum Job {
    Analyze {
        doc: InputDoc,
        hash: ContentHash,
        origin: String,
    },
    /// Nothing to analyse; passed straight to the writer.
    Done(Outcome),
}

impl Job {
    fn run(self, opts: &Options) -> Outcome {
        let (doc, hash, origin) = match self {
            Job::Analyze { doc, hash, origin } => (doc, hash, origin),
            Job::Done(outcome) => return outcome,
        };
        // A bug that panics on one document must not end a run over millions.
        match panic::catch_unwind(AssertUnwindSafe(|| attache::analyze(doc, opts))) {
            Ok(analysis) => Outcome::Analysed {
                hash,
                origin,
                analysis: Box::new(analysis),
            },
            Err(payload) => Outcome::Failed(ErrorRecord {
                origin,
                line: None,
                stage: Stage::Analyze,
                cause: format!("internal error: {}", panic_message(&payload)),
            }),
        }
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The documents of all sources in order, as jobs. Documents already stored are turned into
/// `Duplicate` here, before any analysis, which is what makes a resumed run fast.
struct Jobs<'a> {
    files: std::vec::IntoIter<SourceFile>,
    current: Option<(Documents, String, usize)>,
    seen: Store,
    stop: &'a AtomicBool,
}

impl<'a> Jobs<'a> {
    fn new(files: Vec<SourceFile>, seen: Store, stop: &'a AtomicBool) -> Self {
        Jobs {
            files: files.into_iter(),
            current: None,
            seen,
            stop,
        }
    }

    /// Opens the next source; an unopenable one becomes a failure job.
    fn open_next(&mut self) -> Option<Job> {
        let source = self.files.next()?;
        let failed = |stage, cause: String, line| {
            Some(Job::Done(Outcome::Failed(ErrorRecord {
                origin: source.path.display().to_string(),
                line,
                stage,
                cause,
            })))
        };
        match source.open() {
            Ok(docs) => {
                let origin = docs.origin().to_string();
                self.current = Some((docs, origin, 0));
                None
            }
            Err(e) => failed(Stage::Read, e.message, e.line),
        }
    }

    fn job_for(&self, doc: InputDoc, origin: String) -> Job {
        let hash = ContentHash::of(&doc);
        // A failed lookup only costs a re-analysis: the unique hash still stops a second copy.
        if self.seen.contains(&hash).unwrap_or(false) {
            return Job::Done(Outcome::Duplicate);
        }
        Job::Analyze { doc, hash, origin }
    }
}

impl Iterator for Jobs<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return None;
            }
            let Some((docs, origin, n)) = &mut self.current else {
                if self.files.len() == 0 {
                    return None;
                }
                match self.open_next() {
                    Some(job) => return Some(job),
                    None => continue,
                }
            };
            let Some(item) = docs.next() else {
                let archive = docs.warc_stats();
                self.current = None;
                match archive {
                    Some(stats) => return Some(Job::Done(Outcome::Archive(stats))),
                    None => continue,
                }
            };
            *n += 1;
            let origin = format!("{origin}#{n}");
            return Some(match item {
                Ok(doc) => self.job_for(doc, origin),
                Err(e) => Job::Done(Outcome::Failed(ErrorRecord {
                    origin: e.origin,
                    line: e.line,
                    stage: Stage::Read,
                    cause: e.message,
                })),
            });
        }
    }
}

/// The writer thread: commits outcomes in batches of at most `batch` documents or two
/// seconds, whichever comes first, so progress survives a kill even when analysis is slow.
fn write_all(
    mut store: Store,
    rx: Receiver<Outcome>,
    batch: usize,
    progress: &Progress,
) -> anyhow::Result<Tally> {
    const MAX_BATCH_TIME: Duration = Duration::from_secs(2);
    let mut tally = Tally::default();
    while let Ok(first) = rx.recv() {
        let mut tx = store.batch()?;
        let started = Instant::now();
        let mut pending = tally.clone();
        apply(&mut tx, first, &mut pending)?;
        for _ in 1..batch {
            let left = MAX_BATCH_TIME.saturating_sub(started.elapsed());
            match rx.recv_timeout(left) {
                Ok(outcome) => apply(&mut tx, outcome, &mut pending)?,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        tx.commit().context("committing to the store")?;
        tally = pending;
        progress.update(&tally);
    }
    store.checkpoint()?;
    Ok(tally)
}

fn apply(tx: &mut Batch<'_>, outcome: Outcome, tally: &mut Tally) -> anyhow::Result<()> {
    match outcome {
        Outcome::Analysed {
            hash,
            origin,
            analysis,
        } => match tx.add(&hash, &origin, &analysis)? {
            Added::Stored(_) => {
                tally.ingested += 1;
                tally.quotes += analysis.quotes.len() as u64;
            }
            // The same content twice in this run's input.
            Added::Duplicate => tally.duplicates += 1,
        },
        Outcome::Duplicate => tally.duplicates += 1,
        Outcome::Failed(error) => {
            tally.failed += 1;
            Progress::report_error(tally, &error);
            tx.record_error(&error)?;
        }
        Outcome::Archive(stats) => tally.records_skipped += stats.skipped as u64,
    }
    Ok(())
}

/// Counts the documents to come (for the ETA) while ingestion runs; the bar shows no total
/// until it is known.
fn count_in_background(files: Vec<SourceFile>, progress: Progress) {
    std::thread::spawn(move || {
        let total: u64 = files.iter().map(count_documents).sum();
        progress.set_total(total);
    });
}

fn count_documents(source: &SourceFile) -> u64 {
    match source.kind {
        // Counting pages would mean reading the archive twice.
        SourceKind::Warc => 0,
        SourceKind::Documents(Some(Format::Jsonl)) => count_lines(&source.path, source.gzip),
        SourceKind::Documents(_) => 1,
    }
}

/// Non-blank lines: the records of a JSON Lines file.
fn count_lines(path: &Path, gzip: bool) -> u64 {
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let reader: Box<dyn Read> = if gzip {
        Box::new(sources::gunzip(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    BufReader::with_capacity(1 << 16, reader)
        .split(b'\n')
        .filter_map(Result::ok)
        .filter(|line| !line.trim_ascii().is_empty())
        .count() as u64
}
