//! `attache eval`: score attache against gold data. Scores are information, not a verdict: the
//! exit code is OK whenever scoring ran, USAGE when an input could not be read.

use anyhow::Context;
use attache::eval::{events, gold, polnear};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Eval {
    /// Score one analysis against seed-style gold JSON (quotes, speakers, cues, addressees,
    /// channels, relays, continuation, nesting, boilerplate, disputes).
    Gold(GoldArgs),
    /// Score attribution extraction (source, cue, content) on a PolNeAR folder.
    Polnear(PolnearArgs),
    /// Tagging and lemma accuracy (and tagger speed) on a CoNLL-U treebank.
    Conllu(crate::models_cli::eval_conllu::ConlluArgs),
    /// Name tagger precision, recall and F1 (exact spans) per type on an IOB2 file.
    Iob2(crate::models_cli::eval_iob2::Iob2Args),
    /// Score events: seed gold events, PLOVER gold records, PETRARCH unit tests (each skipped
    /// with a note when its data is absent).
    Events(EventsArgs),
    /// Score the dependency parser on a CoNLL-U treebank (UAS, LAS, tokens/s).
    Parse(crate::models_cli::parser::EvalArgs),
    /// Score HTML extraction (body, title, authors, date) on the AEB, WCXB and htmldate dev sets.
    Extraction(crate::eval_extraction::ExtractionArgs),
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Seed-style gold with `events`.
    #[arg(
        long,
        value_name = "GOLD.json",
        default_value = "../shared/gold/seed.gold.json"
    )]
    seed: PathBuf,
    /// Publication date for the seed document (its gold has none); weekdays resolve against it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    published: Option<String>,
    /// The shared data folder (events-gold/, petrarch/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Print the report as JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// After each table, list the records it got wrong (gold vs predicted, with the text).
    #[arg(long)]
    misses: bool,
}

#[derive(clap::Args)]
pub struct GoldArgs {
    /// Gold file in the schema of gold/seed.gold.json.
    #[arg(value_name = "GOLD.json")]
    gold: PathBuf,
    /// Analysis to score (as `attache analyze` prints it). Without it, attache analyses the
    /// text the gold names (its `document` field, relative to the gold file's folder).
    #[arg(long, value_name = "PRED.json")]
    pred: Option<PathBuf>,
    /// The text to analyse instead of the gold's `document`.
    #[arg(long, value_name = "TEXT")]
    text: Option<PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct PolnearArgs {
    /// Folder with text/<doc>.txt and attributions/<doc>_<annotator>.ann, e.g. data/polnear/dev.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Score only the first N documents (in name order).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Use this attribution model file instead of the embedded one (to score a model just
    /// trained without rebuilding the binary).
    #[arg(long, value_name = "PATH")]
    attribution_model: Option<PathBuf>,
    /// Also count the errors by kind (missed, spurious, content/source/cue boundary…), with
    /// an example of each.
    #[arg(long)]
    errors: bool,
}

pub fn run(e: Eval) -> anyhow::Result<u8> {
    match e {
        Eval::Gold(args) => run_gold(args),
        Eval::Polnear(args) => run_polnear(args),
        Eval::Conllu(args) => crate::models_cli::eval_conllu::run(args),
        Eval::Iob2(args) => crate::models_cli::eval_iob2::run(args),
        Eval::Events(args) => run_events(args),
        Eval::Parse(args) => crate::models_cli::parser::eval(args),
        Eval::Extraction(args) => crate::eval_extraction::run(args),
    }
}

fn run_gold(args: GoldArgs) -> anyhow::Result<u8> {
    let gold_doc = gold::load(&args.gold)?;
    let (pred, document) = match &args.pred {
        Some(path) => (gold::load_prediction(path)?, path.display().to_string()),
        None => {
            let text = gold::text_path(&gold_doc, &args.gold, args.text.as_deref())?;
            (gold::predict(&gold_doc, &text)?, text.display().to_string())
        }
    };
    let report = gold::score(&gold_doc, &pred, &document);
    print_report(&report, report.to_table(), args.json)
}

/// A report as a table, or as JSON with `--json`.
fn print_report(report: &impl serde::Serialize, table: String, json: bool) -> anyhow::Result<u8> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).context("writing the report")?
        );
    } else {
        print!("{table}");
    }
    Ok(crate::exit::OK)
}

/// Replaces the embedded attribution model for this process.
pub(crate) fn use_attribution_model(path: &std::path::Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read the attribution model", path.display()))?;
    attache::quotes::attribution::AttributionModel::use_instead(&bytes)
        .with_context(|| format!("{}: not an attribution model", path.display()))?;
    Ok(())
}

fn run_polnear(args: PolnearArgs) -> anyhow::Result<u8> {
    if let Some(path) = &args.attribution_model {
        use_attribution_model(path)?;
    }
    let corpus = polnear::load(&args.dir, args.limit)?;
    if corpus.documents.is_empty() {
        anyhow::bail!("{}: no annotated documents found", args.dir.display());
    }
    let report = polnear::evaluate(&corpus, polnear::analyze_verbatim);
    let mut table = report.to_table();
    if args.errors {
        table.push_str(&report.errors.to_table());
        table.push_str(&report.causes.to_table());
    }
    print_report(&report, table, args.json)
}

/// One gold set's scoring, run only when its data is present.
type SectionRun<'a> = Box<dyn Fn() -> Result<events::Section, attache::eval::EvalError> + 'a>;

fn run_events(args: EventsArgs) -> anyhow::Result<u8> {
    let plover = args.data.join("events-gold/PLOVER_GSR_dev.json");
    let runs: Vec<(&str, bool, SectionRun)> = vec![
        (
            "seed",
            args.seed.exists(),
            Box::new(|| events::seed(&args.seed, args.published.as_deref())),
        ),
        (
            "PLOVER",
            plover.exists(),
            Box::new(|| events::plover(&plover)),
        ),
        (
            "PETRARCH",
            args.data.join("petrarch").exists(),
            Box::new(|| events::petrarch::score(&args.data)),
        ),
    ];
    let mut sections = Vec::new();
    for (name, present, run) in runs {
        if !present {
            eprintln!("attache: note: {name} data not found, skipped");
            continue;
        }
        sections.push(run().with_context(|| format!("scoring {name}"))?);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&sections).context("writing the report")?
        );
    } else {
        for s in &sections {
            print!("{}", s.to_table());
            if args.misses {
                s.misses.iter().for_each(|m| println!("  miss: {m}"));
            }
        }
    }
    Ok(crate::exit::OK)
}
