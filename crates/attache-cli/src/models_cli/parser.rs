//! `attache train parser` and `attache eval parse`: the dependency parser's front ends.

use anyhow::Context;
use attache::text::conllu::Sentence;
use attache::text::parser::{
    self, Arc, AttachmentScores, GoldTags, JackknifedTags, Parser, PredictedTags, TagSource,
    TrainConfig,
};
use attache::text::tagger;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Folder with en_ewt-ud-{train,dev}.conllu.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/ud-ewt")]
    data: PathBuf,
    /// Seed of the shuffling and exploration: the same seed gives the same model file.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// Drop weights below this absolute value (i16 scale): smaller and faster, slightly less
    /// accurate.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().prune)]
    prune: i16,
    /// Train on POS tags predicted by taggers trained on N−1 of N folds of the treebank (the
    /// tag errors of real text); 0 trains on the treebank's gold tags.
    #[arg(long, value_name = "N", default_value_t = 10)]
    jackknife: usize,
    /// Unlabelled texts for the fold taggers' capitalisation profile, as `attache train tagger`
    /// uses them.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/polnear/train/text"
    )]
    texts: PathBuf,
    /// Keep the jackknifed tags in this file: read them from it when it exists (they depend
    /// only on the treebank, the folds, the seed and the tagger's code), write it otherwise.
    #[arg(long, value_name = "PATH")]
    tags_cache: Option<PathBuf>,
    /// Word clusters for the parser's cluster features (`attache train clusters`), stored in the
    /// model; the embedded ones when absent.
    #[arg(long, value_name = "PATH", default_value = "models/clusters.bin")]
    clusters: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "PATH", default_value = "models/parser.bin")]
    out: PathBuf,
}

/// The tags the parser is evaluated with.
fn tag_source(gold: bool) -> &'static dyn TagSource {
    if gold {
        &GoldTags
    } else {
        &PredictedTags
    }
}

/// The tags the parser is trained with: jackknifed predictions (dev gets the embedded tagger's,
/// as real text does), or gold tags for both.
fn training_tags(args: &TrainArgs, train: &[Sentence]) -> anyhow::Result<Box<dyn TagSource>> {
    if args.jackknife == 0 {
        eprintln!("gold tags");
        return Ok(Box::new(GoldTags));
    }
    if let Some(cached) = args.tags_cache.as_deref().and_then(read_cached_tags) {
        eprintln!(
            "jackknifed tags read from the cache: UPOS {:.2}% on train",
            100.0 * cached.upos_accuracy(train)
        );
        return Ok(Box::new(cached));
    }
    let config = tagger::TrainConfig {
        texts: super::tagger::read_texts(&args.texts)?,
        seed: args.seed,
        ..tagger::TrainConfig::default()
    };
    let start = Instant::now();
    let tags = JackknifedTags::new(train, args.jackknife, &config, |fold| {
        eprintln!(
            "tagged fold {fold}/{}  [{:.0}s]",
            args.jackknife,
            start.elapsed().as_secs_f64()
        );
    });
    eprintln!(
        "jackknifed tags ({} folds): UPOS {:.2}% on train",
        args.jackknife,
        100.0 * tags.upos_accuracy(train)
    );
    if let Some(path) = &args.tags_cache {
        std::fs::write(path, tags.to_text())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(Box::new(tags))
}

/// Jackknifed tags saved by an earlier run, if `path` holds them.
fn read_cached_tags(path: &std::path::Path) -> Option<JackknifedTags> {
    let text = std::fs::read_to_string(path).ok()?;
    let tags = JackknifedTags::from_text(&text);
    if tags.is_none() {
        eprintln!("ignoring {}: not a tags cache", path.display());
    }
    tags
}

pub fn train(args: TrainArgs) -> anyhow::Result<u8> {
    let train = super::tagger::read_conllu(&args.data.join("en_ewt-ud-train.conllu"))?;
    let dev = super::tagger::read_conllu(&args.data.join("en_ewt-ud-dev.conllu"))?;
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        prune: args.prune,
        clusters: super::tagger::read_clusters(&args.clusters)?,
        ..TrainConfig::default()
    };
    let start = Instant::now();
    let tags = training_tags(&args, &train)?;
    eprintln!(
        "training on {} sentences, {} epochs, seed {}, prune {}",
        train.len(),
        config.epochs,
        config.seed,
        config.prune
    );
    let model = parser::train(&train, &dev, tags.as_ref(), &config, |r| {
        let dev = r.dev.unwrap_or_default();
        eprintln!(
            "epoch {:>2}  train errors {:5.2}%  features {:>9}  dev UAS {:.2} LAS {:.2}{}  [{:.0}s]",
            r.epoch,
            100.0 * r.train_errors,
            r.features,
            dev.uas(),
            dev.las(),
            if r.best { "  (best so far)" } else { "" },
            start.elapsed().as_secs_f64()
        );
    });
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0}s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// CoNLL-U treebank with gold trees, e.g. ../shared/data/ud-ewt/en_ewt-ud-test.conllu.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Parse with the treebank's gold POS tags instead of predicted ones.
    #[arg(long)]
    gold_tags: bool,
    /// Parse with this model file instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Drop weights below this absolute value (i16 scale) before parsing.
    #[arg(long, value_name = "N", hide = true)]
    prune: Option<i16>,
    /// Also print, per gold relation, how many words got a wrong head: where UAS is lost.
    #[arg(long)]
    by_relation: bool,
    /// Also write the model as evaluated (after --prune) to this file, in the current format
    /// (e.g. to bring a file of an older format up to date).
    #[arg(long, value_name = "PATH")]
    write: Option<PathBuf>,
}

pub fn eval(args: EvalArgs) -> anyhow::Result<u8> {
    let gold = super::tagger::read_conllu(&args.file)?;
    let tags = tag_source(args.gold_tags);
    let loaded;
    let load_start = Instant::now();
    let parser = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            loaded = Parser::from_bytes(&bytes)?;
            &loaded
        }
        None => Parser::embedded(),
    };
    let load_ms = load_start.elapsed().as_secs_f64() * 1000.0;
    let pruned;
    let parser = match args.prune {
        Some(min) => {
            pruned = parser.pruned(min);
            eprintln!("pruned: {} bytes", pruned.to_bytes().len());
            &pruned
        }
        None => parser,
    };
    if let Some(path) = &args.write {
        std::fs::write(path, parser.to_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let (scores, speed, parses) = score(parser, &gold, tags);
    println!("file    {}", args.file.display());
    println!(
        "tags    {}",
        if args.gold_tags { "gold" } else { "predicted" }
    );
    println!("model   loaded in {load_ms:.0} ms");
    println!("words   {}", scores.words);
    println!("UAS     {:.2}", scores.uas());
    println!(
        "LAS     {:.2}   (universal relations, as CoNLL 2018; punctuation included)",
        scores.las()
    );
    println!(
        "LAS     {:.2}   (exact relations, subtypes included)",
        scores.las_exact()
    );
    println!(
        "speed   {:.0} tokens/s (parse loop, one thread, wall clock)",
        speed.wall
    );
    if let Some(cpu) = speed.cpu {
        println!("speed   {cpu:.0} tokens/s (parse loop, per second of CPU time)");
    }
    if args.by_relation {
        print_head_errors_by_relation(&gold, &parses);
    }
    Ok(crate::exit::OK)
}

/// Wrong heads per gold universal relation, most first, with their share of all wrong heads.
fn print_head_errors_by_relation(gold: &[Sentence], parses: &[Vec<Arc>]) {
    let mut by_relation: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (sentence, arcs) in gold.iter().zip(parses) {
        for (i, w) in sentence.words.iter().enumerate() {
            let entry = by_relation
                .entry(w.deprel.split(':').next().unwrap_or(""))
                .or_default();
            entry.0 += 1;
            entry.1 += usize::from(arcs.get(i).is_none_or(|a| a.head != w.head));
        }
    }
    let wrong: usize = by_relation.values().map(|&(_, e)| e).sum();
    let mut rows: Vec<_> = by_relation.into_iter().collect();
    rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    println!("\nwrong heads by gold relation ({wrong} in all)");
    println!(
        "{:<12} {:>6} {:>6} {:>7} {:>7}",
        "relation", "words", "wrong", "rate", "share"
    );
    for (relation, (words, errors)) in rows.into_iter().filter(|r| r.1 .1 > 0) {
        println!(
            "{relation:<12} {words:>6} {errors:>6} {:>6.1}% {:>6.1}%",
            100.0 * errors as f64 / words as f64,
            100.0 * errors as f64 / wrong.max(1) as f64
        );
    }
}

/// Scores the parser and times only the parse loop (tags are looked up beforehand).
fn score(
    parser: &Parser,
    gold: &[Sentence],
    tags: &dyn TagSource,
) -> (AttachmentScores, Speed, Vec<Vec<Arc>>) {
    let inputs: Vec<(Vec<&str>, Vec<String>, Vec<String>)> = gold
        .iter()
        .map(|s| {
            let (upos, xpos) = tags.tags(s);
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                upos,
                xpos,
            )
        })
        .collect();
    let parse_all = || -> Vec<_> {
        inputs
            .iter()
            .map(|(words, upos, xpos)| parser.parse(words, upos, xpos))
            .collect()
    };
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let speed = Speed::measure(words, || drop(parse_all()));
    let parses = parse_all();
    let mut scores = AttachmentScores::default();
    for (s, arcs) in gold.iter().zip(&parses) {
        scores.add(s, arcs);
    }
    (scores, speed, parses)
}

/// Throughput of one thread, by wall clock and by the CPU time the thread actually got: the
/// latter stays meaningful on a machine busy with other jobs.
struct Speed {
    wall: f64,
    cpu: Option<f64>,
}

impl Speed {
    /// Runs `work` (which processes `words` words) repeatedly for at least a second.
    fn measure(words: usize, mut work: impl FnMut()) -> Speed {
        let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
        let mut rounds = 0;
        while rounds == 0 || start.elapsed().as_secs_f64() < 1.0 {
            work();
            rounds += 1;
        }
        let done = (words * rounds) as f64;
        let cpu = thread_cpu_seconds()
            .zip(cpu_start)
            .map(|(end, start)| end - start);
        Speed {
            wall: done / start.elapsed().as_secs_f64().max(1e-9),
            cpu: cpu.filter(|&c| c > 0.0).map(|c| done / c),
        }
    }
}

/// User + system time of the calling thread (Linux: /proc/thread-self/stat, in clock ticks of
/// 1/100 s); `None` where that file does not exist.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
