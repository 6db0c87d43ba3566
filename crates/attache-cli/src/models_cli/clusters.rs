//! `attache train clusters`: distributional word clusters from the unlabelled text in
//! `../shared/data` (EWT train forms, PolNeAR train texts, article bodies of the extraction
//! pages as attache's own extractor reads them).

use super::tagger::{read_conllu, read_texts, write_model};
use anyhow::Context;
use attache::extract::{self, InputDoc};
use attache::text::clusters::{self, Corpus};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Folder holding ud-ewt/, polnear/train/text and extraction/ (missing sources are skipped).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Seeds the order of the exchange passes: the same seed gives byte-identical files.
    #[arg(long, value_name = "N", default_value_t = clusters::TrainConfig::default().seed)]
    seed: u64,
    /// Number of clusters (leaves of the tree).
    #[arg(long, value_name = "N", default_value_t = clusters::TrainConfig::default().clusters)]
    clusters: usize,
    /// Words seen fewer times get no cluster.
    #[arg(long, value_name = "N", default_value_t = clusters::TrainConfig::default().min_count)]
    min_count: u64,
    /// At most this many exchange passes.
    #[arg(long, value_name = "N", default_value_t = clusters::TrainConfig::default().passes)]
    passes: usize,
    #[arg(long, value_name = "PATH", default_value = "models/clusters.bin")]
    out: PathBuf,
}

pub fn train(args: TrainArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut corpus = Corpus::default();
    let ewt = args.data.join("ud-ewt/en_ewt-ud-train.conllu");
    if ewt.exists() {
        for s in read_conllu(&ewt)? {
            corpus.add_sentence(s.words.iter().map(|w| w.form.as_str()));
        }
    }
    report("EWT train", &corpus, 0);
    let texts = read_texts(&args.data.join("polnear/train/text"))?;
    add_texts(&mut corpus, &texts);
    report("+ PolNeAR train texts", &corpus, texts.len());
    let bodies = extraction_bodies(&args.data.join("extraction"))?;
    add_texts(&mut corpus, &bodies);
    report("+ extraction article bodies", &corpus, bodies.len());
    if corpus.n_tokens() == 0 {
        anyhow::bail!("no text found under {}", args.data.display());
    }
    let config = clusters::TrainConfig {
        clusters: args.clusters,
        min_count: args.min_count,
        passes: args.passes,
        seed: args.seed,
    };
    let (model, summary) = clusters::train(&corpus, &config, |pass, moved| {
        eprintln!(
            "  pass {pass:>2}: {moved} words moved ({:.0}s)",
            started.elapsed().as_secs_f64()
        );
    });
    write_model(&args.out, &model.to_bytes())?;
    eprintln!(
        "clusters: {} words in {} clusters, deepest path {}, {:.1}s",
        summary.words,
        model.n_clusters(),
        summary.max_depth,
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}

fn report(what: &str, corpus: &Corpus, documents: usize) {
    eprintln!(
        "{what}{}: {} running words, {} distinct",
        if documents > 0 {
            format!(" ({documents} documents)")
        } else {
            String::new()
        },
        corpus.n_tokens(),
        corpus.n_types()
    );
}

/// Add running texts sentence by sentence, as attache's tokenizer and sentence splitter read them.
fn add_texts(corpus: &mut Corpus, texts: &[String]) {
    for text in texts {
        let doc = attache::text::segment(text);
        for sentence in &doc.sentences {
            corpus.add_sentence(sentence.tokens.clone().map(|i| doc.word(i)));
        }
    }
}

/// The article bodies of every page under `extraction/*/html/` (gzipped or not), in path order.
fn extraction_bodies(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut pages: Vec<PathBuf> = Vec::new();
    let Ok(sets) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    for set in sets.filter_map(Result::ok) {
        let Ok(files) = std::fs::read_dir(set.path().join("html")) else {
            continue;
        };
        pages.extend(files.filter_map(|f| f.ok().map(|f| f.path())).filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".html.gz")
        }));
    }
    pages.sort();
    pages.par_iter().map(|p| article_body(p)).collect()
}

fn article_body(path: &Path) -> anyhow::Result<String> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        extract::sources::gunzip(&raw[..])
            .read_to_end(&mut out)
            .with_context(|| format!("gunzipping {}", path.display()))?;
        out
    } else {
        raw
    };
    let Ok(page) = extract::encoding::decode_html(&bytes, None) else {
        return Ok(String::new());
    };
    Ok(extract::extract(InputDoc::html(&page), true).body)
}
