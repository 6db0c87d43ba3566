//! `attache bench`: throughput of [`attache::analyze`] on one core over a corpus of article texts.
//!
//! All texts are read into memory before anything is timed, and each timed pass works on its own
//! pre-built copy of the inputs, so the clock sees analysis only — no I/O, no cloning.

use anyhow::{bail, Context};
use attache::{Content, InputDoc, Options, Stage, StageTimes};
use serde_json::json;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The PolNeAR training texts beside the repository (`../shared` next to the repo root).
const DEFAULT_CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/polnear/train/text"
);

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Benchmark something narrower than `analyze` (without one: the whole pipeline)
    #[command(subcommand)]
    what: Option<What>,
    /// Directories (every `*.txt` under them, recursively) or files to analyse
    /// [default: ../shared/data/polnear/train/text beside the repository]
    #[arg(long, value_name = "DIR_OR_FILE", num_args = 1..)]
    corpus: Vec<PathBuf>,
    /// Analyse only the first N texts (sorted by path)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
    /// Timed passes over the corpus; the table reports the median and best pass
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// Untimed passes before timing, to warm caches and the allocator (`--warmup` alone = 1)
    #[arg(long, value_name = "N", num_args = 0..=1, default_value_t = 0, default_missing_value = "1")]
    warmup: u32,
    /// Print one JSON object instead of a table
    #[arg(long)]
    json: bool,
    /// Benchmark `analyze --fast` (rules and tagger, no parsing)
    #[arg(long)]
    fast: bool,
    /// After the timed passes, one more pass that clocks each pipeline stage, and a table of
    /// milliseconds per document by stage
    #[arg(long)]
    stages: bool,
}

/// One input text, read up front.
struct Text {
    name: String,
    body: String,
}

/// What the corpus holds, in the units throughput is reported in.
struct Size {
    docs: usize,
    bytes: usize,
    /// Whitespace-separated tokens: a tokenizer-independent count both attache and its peers share.
    tokens: usize,
}

/// Totals found in one pass; reported so a run that found nothing is visible, and consumed so
/// the optimiser cannot drop the analysis.
#[derive(Default)]
struct Found {
    entities: usize,
    quotes: usize,
    events: usize,
}

#[derive(clap::Subcommand)]
enum What {
    /// Tokens/s of the NLP models (tagger, parser, whole text stage) on treebank sentences.
    Models(crate::models_cli::bench_models::Args),
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if let Some(What::Models(models)) = args.what {
        return crate::models_cli::bench_models::run(models);
    }
    let roots = if args.corpus.is_empty() {
        // Canonical, so reports show a readable path rather than `crates/attache-cli/../../..`.
        let default = PathBuf::from(DEFAULT_CORPUS);
        vec![default.canonicalize().unwrap_or(default)]
    } else {
        args.corpus.clone()
    };
    let mut paths = collect_paths(&roots)?;
    if let Some(limit) = args.limit {
        paths.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    let texts = read_texts(&paths)?;
    let size = measure(&texts);

    let opts = Options {
        syntax: !args.fast,
        ..Options::default()
    };
    for _ in 0..args.warmup {
        analyze_all(inputs(&texts), &opts);
    }
    let mut seconds = Vec::new();
    let mut found = Found::default();
    for _ in 0..args.repeat {
        let (secs, pass_found) = timed_pass(&texts, &opts);
        seconds.push(secs);
        found = pass_found;
    }

    if args.json {
        println!("{}", report_json(&args, &roots, &size, &found, &seconds));
    } else {
        print_table(&args, &size, &found, &seconds);
    }
    if args.stages {
        print_stages(&stage_pass(&texts, &opts), size.docs);
    }
    Ok(crate::exit::OK)
}

/// A pass with a clock around every stage (kept apart from the timed passes, whose totals must
/// not include the clock's own reads).
fn stage_pass(texts: &[Text], opts: &Options) -> StageTimes {
    let mut times = StageTimes::default();
    for doc in inputs(texts) {
        black_box(attache::analyze_timed(doc, opts, Some(&mut times)));
    }
    times
}

fn print_stages(times: &StageTimes, docs: usize) {
    let total: f64 = Stage::ALL.iter().map(|&s| times.seconds(s)).sum();
    println!(
        "\nstage timing pass: {:.2} ms/doc; {} of {} tokens in sentences chosen for parsing ({:.1}%)",
        total * 1e3 / docs as f64,
        times.parsed_tokens,
        times.tokens,
        100.0 * times.parsed_tokens as f64 / times.tokens.max(1) as f64
    );
    println!("{:<18} {:>8} {:>7}", "stage", "ms/doc", "share");
    for stage in Stage::ALL {
        let secs = times.seconds(stage);
        println!(
            "{:<18} {:>8.3} {:>6.1}%",
            stage.name(),
            secs * 1e3 / docs as f64,
            100.0 * secs / total.max(1e-12)
        );
    }
}

/// Every file named, and every `*.txt` under every directory named, sorted by path so that
/// `--limit` picks the same texts as `bench/peers_textacy.py`.
fn collect_paths(roots: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for root in roots {
        if root.is_dir() {
            walk_txt(root, &mut paths)?;
        } else if root.is_file() {
            paths.push(root.clone());
        } else {
            bail!(
                "corpus {} does not exist (pass --corpus DIR_OR_FILE...)",
                root.display()
            );
        }
    }
    paths.sort_by(|a, b| a.to_string_lossy().cmp(&b.to_string_lossy()));
    if paths.is_empty() {
        bail!("no *.txt files found under {}", display_list(roots));
    }
    Ok(paths)
}

fn walk_txt(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.is_dir() {
            walk_txt(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn display_list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// Invalid UTF-8 is replaced rather than refused, the same as the Python peer does, so both
/// sides see identical text.
fn read_texts(paths: &[PathBuf]) -> anyhow::Result<Vec<Text>> {
    paths
        .iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            Ok(Text {
                name: path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

fn measure(texts: &[Text]) -> Size {
    Size {
        docs: texts.len(),
        bytes: texts.iter().map(|t| t.body.len()).sum(),
        tokens: texts
            .iter()
            .map(|t| t.body.split_whitespace().count())
            .sum(),
    }
}

/// `analyze` consumes its input, so each pass gets a fresh copy, built before the clock starts.
fn inputs(texts: &[Text]) -> Vec<InputDoc> {
    texts
        .iter()
        .map(|t| InputDoc {
            id: Some(t.name.clone()),
            content: Content::Text(t.body.clone()),
            ..Default::default()
        })
        .collect()
}

fn timed_pass(texts: &[Text], opts: &Options) -> (f64, Found) {
    let docs = inputs(texts);
    let start = Instant::now();
    let found = analyze_all(docs, opts);
    (start.elapsed().as_secs_f64(), found)
}

/// The measured loop: sequential, on the calling thread.
fn analyze_all(docs: Vec<InputDoc>, opts: &Options) -> Found {
    let mut found = Found::default();
    for doc in docs {
        let analysis = black_box(attache::analyze(doc, opts));
        found.entities += analysis.entities.len();
        found.quotes += analysis.quotes.len();
        found.events += analysis.events.len();
    }
    found
}

/// Throughput of one pass that took `secs`.
struct Rates {
    docs_per_s: f64,
    mb_per_s: f64,
    tokens_per_s: f64,
}

fn rates(size: &Size, secs: f64) -> Rates {
    // Guard against a zero-length pass on a tiny corpus.
    let secs = secs.max(1e-9);
    Rates {
        docs_per_s: size.docs as f64 / secs,
        mb_per_s: size.bytes as f64 / 1e6 / secs,
        tokens_per_s: size.tokens as f64 / secs,
    }
}

fn median(seconds: &[f64]) -> f64 {
    let mut sorted = seconds.to_vec();
    sorted.sort_by(f64::total_cmp);
    // The two middle elements coincide when the length is odd.
    let n = sorted.len();
    (sorted[(n - 1) / 2] + sorted[n / 2]) / 2.0
}

fn best(seconds: &[f64]) -> f64 {
    seconds.iter().copied().fold(f64::INFINITY, f64::min)
}

fn print_table(args: &Args, size: &Size, found: &Found, seconds: &[f64]) {
    let (med, top) = (rates(size, median(seconds)), rates(size, best(seconds)));
    println!(
        "attache bench: {} docs, {:.2} MB, {} whitespace tokens; 1 thread; {} timed pass(es) after {} warm-up",
        size.docs,
        size.bytes as f64 / 1e6,
        size.tokens,
        args.repeat,
        args.warmup
    );
    println!("{:<10} {:>14} {:>14}", "", "median", "best");
    println!(
        "{:<10} {:>14.1} {:>14.1}",
        "docs/s", med.docs_per_s, top.docs_per_s
    );
    println!(
        "{:<10} {:>14.3} {:>14.3}",
        "MB/s", med.mb_per_s, top.mb_per_s
    );
    println!(
        "{:<10} {:>14.0} {:>14.0}",
        "tokens/s", med.tokens_per_s, top.tokens_per_s
    );
    println!(
        "found per pass: {} entities, {} quotes, {} events",
        found.entities, found.quotes, found.events
    );
}

fn rates_json(r: &Rates) -> serde_json::Value {
    json!({ "docs_per_s": r.docs_per_s, "mb_per_s": r.mb_per_s, "tokens_per_s": r.tokens_per_s })
}

fn report_json(
    args: &Args,
    roots: &[PathBuf],
    size: &Size,
    found: &Found,
    seconds: &[f64],
) -> serde_json::Value {
    json!({
        "tool": "attache",
        "version": env!("CARGO_PKG_VERSION"),
        "corpus": roots.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "docs": size.docs,
        "bytes": size.bytes,
        "tokens": size.tokens,
        "token_unit": "whitespace-separated",
        "threads": 1,
        "warmup": args.warmup,
        "repeat": args.repeat,
        "seconds": seconds,
        "median": rates_json(&rates(size, median(seconds))),
        "best": rates_json(&rates(size, best(seconds))),
        "found": { "entities": found.entities, "quotes": found.quotes, "events": found.events },
    })
}
