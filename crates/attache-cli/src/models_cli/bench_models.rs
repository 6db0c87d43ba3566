//! `attache bench models`: tokens per second of the NLP models on one core, on the sentences
//! of a CoNLL-U treebank: the tagger and the tagger + parser on the gold tokens, and the whole
//! text stage (tokenizer, sentence splitter, tagger, lemmatiser, name tagger, parser) on the
//! same sentences as running text. `bench/peers_models.sh` runs spaCy on the same input.

use super::tagger::read_conllu;
use attache::text::names::NameTagger;
use attache::text::parser::Parser;
use attache::text::tagger::{PosTag, Tagger};
use attache::text::{self, lemma, names, syntax};
use serde_json::json;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

/// The EWT test split beside the repository (`../shared` next to the repo root).
const DEFAULT_TREEBANK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ud-ewt/en_ewt-ud-test.conllu"
);

#[derive(clap::Args)]
pub struct Args {
    /// CoNLL-U file whose sentences are the input [default: EWT test beside the repository]
    #[arg(long, value_name = "FILE")]
    treebank: Option<PathBuf>,
    /// Sentences per document of the running-text input (one sentence per line)
    #[arg(long, value_name = "N", default_value_t = 20)]
    doc_sentences: usize,
    /// Keep each measurement going for at least this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    seconds: f64,
    /// Print one JSON object instead of a table
    #[arg(long)]
    json: bool,
}

/// One measured stage: tokens processed per second of wall-clock and of CPU time.
struct Speed {
    name: &'static str,
    tokens_per_s: f64,
    tokens_per_cpu_s: Option<f64>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let path = args
        .treebank
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_TREEBANK));
    let gold = read_conllu(&path)?;
    let sentences: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let docs = documents(&sentences, args.doc_sentences.max(1));
    // Load every model before the clock starts: loading is not what is measured.
    let (tagger, parser) = (Tagger::embedded(), Parser::embedded());
    let _ = (NameTagger::embedded(), lemma::Lemmatizer::embedded());
    let tags: Vec<Vec<PosTag>> = sentences.iter().map(|s| tagger.tag(s)).collect();

    let speeds = [
        measure("tagger", tokens, args.seconds, || {
            sentences
                .iter()
                .map(|s| black_box(tagger.tag(s)).len())
                .sum()
        }),
        measure("parser (given tags)", tokens, args.seconds, || {
            sentences
                .iter()
                .zip(&tags)
                .map(|(s, t)| black_box(parse(parser, s, t)).len())
                .sum()
        }),
        measure("tagger + parser", tokens, args.seconds, || {
            sentences
                .iter()
                .map(|s| black_box(parse(parser, s, &tagger.tag(s))).len())
                .sum()
        }),
        measure("text stage", tokens, args.seconds, || {
            docs.iter().map(|d| black_box(text_stage(d))).sum()
        }),
    ];
    if args.json {
        let stages: serde_json::Map<String, serde_json::Value> = speeds
            .iter()
            .map(|s| {
                let v =
                    json!({"tokens_per_s": s.tokens_per_s, "tokens_per_cpu_s": s.tokens_per_cpu_s});
                (s.name.to_string(), v)
            })
            .collect();
        let report = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "treebank": path.display().to_string(),
            "sentences": sentences.len(),
            "tokens": tokens,
            "docs": docs.len(),
            "stages": stages,
        });
        println!("{report}");
    } else {
        println!(
            "{} sentences, {tokens} tokens of {} ({} docs of running text); one thread",
            sentences.len(),
            path.display(),
            docs.len()
        );
        println!("{:22} {:>14} {:>18}", "", "tokens/s", "tokens/s of CPU");
        for s in &speeds {
            let cpu = s
                .tokens_per_cpu_s
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:.0}"));
            println!("{:22} {:>14.0} {:>18}", s.name, s.tokens_per_s, cpu);
        }
    }
    Ok(crate::exit::OK)
}

/// Sentences as running text: words joined by spaces, one sentence per line, `per_doc`
/// sentences to a document. `bench/peers_models.py` builds the same strings.
fn documents(sentences: &[Vec<&str>], per_doc: usize) -> Vec<String> {
    sentences
        .chunks(per_doc)
        .map(|chunk| {
            let lines: Vec<String> = chunk.iter().map(|s| s.join(" ")).collect();
            lines.join("\n")
        })
        .collect()
}

fn parse(parser: &Parser, words: &[&str], tags: &[PosTag]) -> Vec<text::parser::Arc> {
    let upos: Vec<&str> = tags.iter().map(|t| t.upos.as_str()).collect();
    let xpos: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
    parser.parse(words, &upos, &xpos)
}

/// Everything the text stage produces for one document; returns its token count.
fn text_stage(body: &str) -> usize {
    let annotated = text::annotate(body);
    let lemmas = lemma::lemmatize_document(&annotated, &annotated.tags);
    let names = names::tag_document(&annotated, &annotated.tags);
    let trees = syntax::parse(&annotated);
    black_box((&lemmas, &names, &trees));
    annotated.tokens.len()
}

/// Run `pass` (which returns the tokens it processed) until `seconds` have passed; the rate is
/// counted in the input's gold tokens, `tokens` per pass, so every stage and spaCy share a unit.
fn measure(
    name: &'static str,
    tokens: usize,
    seconds: f64,
    mut pass: impl FnMut() -> usize,
) -> Speed {
    black_box(pass());
    let cpu_start = thread_cpu_ns();
    let started = Instant::now();
    let mut passes = 0usize;
    while passes == 0 || started.elapsed().as_secs_f64() < seconds {
        black_box(pass());
        passes += 1;
    }
    let done = (passes * tokens) as f64;
    Speed {
        name,
        tokens_per_s: done / started.elapsed().as_secs_f64().max(1e-9),
        tokens_per_cpu_s: cpu_start
            .zip(thread_cpu_ns())
            .map(|(a, b)| done / (b.saturating_sub(a).max(1) as f64 / 1e9)),
    }
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat), if the system tells.
pub fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
