//! `attache train names`: the name tagger, from UNER English EWT, with gazetteer features from
//! GeoNames, PETRARCH and attache's resources.

use super::tagger::write_model;
use anyhow::Context;
use attache::text::iob2;
use attache::text::names::{self, GazetteerSources};
use attache::text::tagger::{PosTag, Tagger};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Folder holding uner-ewt/, geo/ and petrarch/.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// attache's resources folder (gazetteer.tsv, titles.txt, demonyms.tsv).
    #[arg(long, value_name = "DIR", default_value = "resources")]
    resources: PathBuf,
    /// Seed of the training shuffle: the same seed gives byte-identical models.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    #[arg(long, value_name = "PATH", default_value = "models/names.bin")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = names::NamesConfig::default().epochs)]
    epochs: usize,
}

pub fn train(args: TrainArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let train_file = args.data.join("uner-ewt/en_ewt-ud-train.iob2");
    let sentences = read_iob2(&train_file)?;
    let gazetteer = GazetteerSources {
        data: args.data.clone(),
        resources: args.resources.clone(),
    }
    .build()
    .context("building the gazetteer")?;
    eprintln!(
        "training the name tagger on {} sentences of {} ({} gazetteer phrases)",
        sentences.len(),
        train_file.display(),
        gazetteer.len()
    );
    let tags = pos_tags(&sentences);
    let config = names::NamesConfig {
        epochs: args.epochs,
        seed: args.seed,
        ..Default::default()
    };
    let model = names::train(&sentences, &tags, gazetteer, &config, |epoch, exact| {
        eprintln!("  epoch {epoch:>2}: sentences right {:.2}%", exact * 100.0);
    });
    write_model(&args.out, &model.to_bytes())?;
    eprintln!(
        "names: {} features, {:.1}s",
        model.n_features(),
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}

pub fn read_iob2(path: &Path) -> anyhow::Result<Vec<iob2::Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(iob2::parse(&text))
}

/// POS tags from the embedded tagger, as the name tagger will see them on new text.
pub fn pos_tags(sentences: &[iob2::Sentence]) -> Vec<Vec<PosTag>> {
    let tagger = Tagger::embedded();
    sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger.tag(&words)
        })
        .collect()
}
