//! `attache train tagger`: the POS tagger and the lemmatiser, from UD English EWT.

use anyhow::Context;
use attache::text::clusters::Clusters;
use attache::text::conllu;
use attache::text::{lemma, tagger};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Folder holding ud-ewt/en_ewt-ud-train.conllu (and polnear/train/text, unlabelled news
    /// for the capitalisation profile, when present).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Seed of the training shuffle: the same seed gives byte-identical models.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Where to write the tagger model; the lemmatiser goes beside it as lemma.bin.
    #[arg(long, value_name = "PATH", default_value = "models/tagger.bin")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = tagger::TrainConfig::default().epochs)]
    epochs: usize,
    /// Averaged weights smaller than this are dropped from the model.
    #[arg(long, value_name = "X", default_value_t = tagger::TrainConfig::default().min_abs)]
    min_abs: f32,
    /// Words seen this often with one tag (99 % of the time) are tagged without scoring;
    /// a huge value turns the shortcut off.
    #[arg(long, value_name = "N", default_value_t = tagger::TrainConfig::default().sure_min_count)]
    sure_min_count: usize,
    /// Word clusters to train with (`attache train clusters`); the embedded ones when absent.
    #[arg(long, value_name = "PATH", default_value = "models/clusters.bin")]
    clusters: PathBuf,
    /// An unseen-word lemma rule (per tag and word ending) needs this many word types behind it.
    #[arg(long, value_name = "N", default_value_t = lemma::LemmaConfig::default().min_types)]
    lemma_min_types: usize,
}

pub fn train(args: TrainArgs) -> anyhow::Result<u8> {
    let train_file = args.data.join("ud-ewt/en_ewt-ud-train.conllu");
    let sentences = read_conllu(&train_file)?;
    eprintln!(
        "training the tagger on {} sentences of {}",
        sentences.len(),
        train_file.display()
    );
    let texts = read_texts(&args.data.join("polnear/train/text"))?;
    eprintln!(
        "capitalisation profile from {} unlabelled texts",
        texts.len()
    );
    let config = tagger::TrainConfig {
        epochs: args.epochs,
        texts,
        seed: args.seed,
        min_abs: args.min_abs,
        sure_min_count: args.sure_min_count,
        clusters: read_clusters(&args.clusters)?,
        ..Default::default()
    };
    let started = Instant::now();
    let model = tagger::train(&sentences, &config, |epoch, accuracy| {
        eprintln!(
            "  epoch {epoch:>2}: training accuracy {:.2}%",
            accuracy * 100.0
        );
    });
    write_model(&args.out, &model.to_bytes())?;
    eprintln!(
        "tagger: {} classes, {} features, {:.1}s",
        model.n_classes(),
        model.n_features(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let lemma_config = lemma::LemmaConfig {
        min_types: args.lemma_min_types,
        ..Default::default()
    };
    let lemmatizer = lemma::train(&sentences, &lemma_config);
    write_model(&lemma_path(&args.out), &lemmatizer.to_bytes())?;
    eprintln!(
        "lemmatiser: {} known forms, {:.1}s",
        lemmatizer.n_known(),
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}

/// The `.txt` files of a folder in name order; none when the folder is missing.
pub fn read_texts(dir: &Path) -> anyhow::Result<Vec<String>> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display())))
        .collect()
}

/// Clusters from a model file, or the embedded ones when the file is missing.
pub fn read_clusters(path: &Path) -> anyhow::Result<Clusters> {
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("{} not found: using the embedded clusters", path.display());
        return Ok(Clusters::embedded().clone());
    };
    let clusters =
        Clusters::from_bytes(&bytes).with_context(|| format!("decoding {}", path.display()))?;
    eprintln!(
        "{} words in {} clusters from {}",
        clusters.n_words(),
        clusters.n_clusters(),
        path.display()
    );
    Ok(clusters)
}

/// The lemmatiser is written beside the tagger.
fn lemma_path(tagger: &Path) -> PathBuf {
    tagger.with_file_name("lemma.bin")
}

pub fn read_conllu(path: &Path) -> anyhow::Result<Vec<conllu::Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    conllu::parse(&text).with_context(|| format!("parsing {}", path.display()))
}

pub fn write_model(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}
