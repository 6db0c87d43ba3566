//! `attache train names`: the name tagger, from UNER English EWT, with gazetteer features from
//! GeoNames, PETRARCH and attache's resources.

use super::tagger::{read_conllu, read_texts, write_model};
use anyhow::Context;
use attache::text::iob2;
use attache::text::names::{self, GazetteerSources};
use attache::text::perceptron::hash_str;
use attache::text::tagger::{self, PosTag, Tagger};
use rayon::prelude::*;
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
    /// Tag the training sentences with taggers trained on the other folds of EWT train
    /// (jackknifing), so training sees tags as wrong as on new text; 0 or 1 uses the embedded
    /// tagger, which has seen every training sentence.
    #[arg(long, value_name = "N", default_value_t = 4)]
    folds: usize,
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
    let tags = if args.folds > 1 {
        jackknifed_tags(&sentences, &args.data, args.folds, args.seed)?
    } else {
        pos_tags(&sentences)
    };
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

/// POS tags of the training sentences from taggers that did not see them: EWT train is cut
/// into `folds` parts by a hash of each sentence's words, a tagger is trained on all parts but
/// one, and tags the UNER sentences of that part (UNER EWT annotates the same sentences). A name
/// tagger trained on the embedded tagger's near-perfect tags of its own training data leans on
/// them more than tags of new text deserve.
fn jackknifed_tags(
    sentences: &[iob2::Sentence],
    data: &Path,
    folds: usize,
    seed: u64,
) -> anyhow::Result<Vec<Vec<PosTag>>> {
    let treebank = read_conllu(&data.join("ud-ewt/en_ewt-ud-train.conllu"))?;
    let texts = read_texts(&data.join("polnear/train/text"))?;
    let fold_of = |words: &mut dyn Iterator<Item = &str>| {
        let joined: Vec<&str> = words.collect();
        (hash_str(&joined.join(" ")) % folds as u64) as usize
    };
    let treebank_folds: Vec<usize> = treebank
        .iter()
        .map(|s| fold_of(&mut s.words.iter().map(|w| w.form.as_str())))
        .collect();
    let sentence_folds: Vec<usize> = sentences
        .iter()
        .map(|s| fold_of(&mut s.words.iter().map(String::as_str)))
        .collect();
    eprintln!("jackknifing POS tags over {folds} folds of EWT train");
    let taggers: Vec<Tagger> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let rest: Vec<_> = treebank
                .iter()
                .zip(&treebank_folds)
                .filter(|&(_, &f)| f != k)
                .map(|(s, _)| s.clone())
                .collect();
            let config = tagger::TrainConfig {
                texts: texts.clone(),
                seed,
                ..Default::default()
            };
            tagger::train(&rest, &config, |_, _| {})
        })
        .collect();
    Ok(sentences
        .iter()
        .zip(&sentence_folds)
        .map(|(s, &k)| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            taggers[k].tag(&words)
        })
        .collect())
}
