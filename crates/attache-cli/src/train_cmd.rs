//! `attache train …`: rebuild the embedded models from the data in `../shared/data`.

use crate::models_cli::{clusters, names, parser, tagger};
use crate::resources_cli;
use anyhow::Context;
use attache::eval::polnear;
use attache::quotes::attribution::{self, TrainConfig};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Subcommand)]
pub enum Train {
    /// POS tagger (UPOS, XPOS) and lemmatiser, from UD English EWT.
    Tagger(tagger::TrainArgs),
    /// Name tagger (PER, ORG, LOC), from UNER English EWT.
    Names(names::TrainArgs),
    /// Word clusters (a binary tree of distributional classes) from unlabelled text.
    Clusters(clusters::TrainArgs),
    /// Dependency parser, from UD English EWT.
    Parser(parser::TrainArgs),
    /// Attribution model (cue, source, content), from PolNeAR train.
    Attribution(AttributionArgs),
    /// Actor and agent dictionaries (PETRARCH/Phoenix) and country table (GeoNames), compiled
    /// into resources/actors/.
    Actors(resources_cli::ActorsArgs),
    /// CAMEO event table (names, Goldstein scores, quad classes, PLOVER types), compiled into
    /// resources/events/cameo.tsv.
    Events(resources_cli::EventsArgs),
}

pub fn run(t: Train) -> anyhow::Result<u8> {
    match t {
        Train::Tagger(a) => tagger::train(a),
        Train::Names(a) => names::train(a),
        Train::Clusters(a) => clusters::train(a),
        Train::Parser(a) => parser::train(a),
        Train::Attribution(a) => train_attribution(a),
        Train::Actors(a) => resources_cli::actors(a),
        Train::Events(a) => resources_cli::events(a),
    }
}

#[derive(clap::Args)]
pub struct AttributionArgs {
    /// PolNeAR training folder (text/, attributions/).
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/polnear/train"
    )]
    data: PathBuf,
    /// Seed of the training shuffle: the same seed gives byte-identical models.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Models to train, with seeds N, N+1, … from --seed, whose mean weights are the model.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().seeds)]
    seeds: usize,
    /// Train on every annotator's file of a doubly annotated document, each as a document
    /// of its own, rather than on the first annotator's only.
    #[arg(long)]
    all_annotators: bool,
    /// Train a doubly annotated document on the attributions its annotators agree on only.
    #[arg(long, conflicts_with = "all_annotators")]
    agreed_annotators: bool,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// Passes of the content span model.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().content_epochs)]
    content_epochs: usize,
    #[arg(long, value_name = "PATH", default_value = "models/attribution.bin")]
    out: PathBuf,
    /// PolNeAR dev folder, where the cue threshold is tuned; skipped when absent.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/polnear/dev")]
    dev: PathBuf,
    /// Print gold spans that no candidate reproduces (a sample), to tune the candidates.
    #[arg(long)]
    show_misses: bool,
}

fn train_attribution(args: AttributionArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let annotators = if args.all_annotators {
        polnear::Annotators::All
    } else if args.agreed_annotators {
        polnear::Annotators::Agreed
    } else {
        polnear::Annotators::First
    };
    let corpus = polnear::load_annotators(&args.data, None, annotators)
        .with_context(|| format!("reading {}", args.data.display()))?;
    eprintln!(
        "training the attribution model on {} documents of {}",
        corpus.documents.len(),
        args.data.display()
    );
    let config = TrainConfig {
        epochs: args.epochs,
        content_epochs: args.content_epochs,
        seed: args.seed,
        seeds: args.seeds,
    };
    let dev = if args.dev.join("text").is_dir() {
        Some(polnear::load(&args.dev, None)?)
    } else {
        eprintln!(
            "{}: absent, the cue threshold stays untuned",
            args.dev.display()
        );
        None
    };
    let (m, stats) = attribution::train(&corpus, dev.as_ref(), &config, |line| eprintln!("{line}"));
    eprintln!(
        "gold attributions {}: cue on token boundaries {}, cue span reachable {}, content reachable {} (among tree candidates {}), sources {} of which reachable {}",
        stats.attributions,
        stats.cues_aligned,
        stats.cue_spans_reachable,
        stats.contents_reachable,
        stats.contents_in_candidates,
        stats.sources,
        stats.sources_reachable
    );
    for (shape, n) in &stats.content_misses {
        eprintln!("  contents out of reach, {shape}: {n}");
    }
    if args.show_misses {
        for m in &stats.misses {
            eprintln!("  miss: {m}");
        }
        for e in &stats.content_error_examples {
            eprintln!("  dev content missed from the gold cue: {e}");
        }
        for e in &stats.source_examples {
            eprintln!("  dev source {e}");
        }
    }
    tagger::write_model(&args.out, &m.to_bytes())?;
    eprintln!(
        "attribution: {} features, {:.1}s",
        m.n_features(),
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}
