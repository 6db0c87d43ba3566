//! `attache eval iob2 FILE`: exact-span precision, recall and F1 of the name tagger, per type
//! and overall, on IOB2 gold with gold tokenisation (POS tags from the embedded tagger).

use super::names::{pos_tags, read_iob2};
use attache::text::names::{NameKind, NameTagger, Span};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Iob2Args {
    /// Gold file, e.g. ../shared/data/uner-ewt/en_ewt-ud-test.iob2.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Name tagger model file to score instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    names: Option<PathBuf>,
    /// Also print every missed and every spurious name with its sentence, after the table.
    #[arg(long)]
    errors: bool,
}

/// Span counts of one type (or of all).
#[derive(Debug, Default, Clone, Copy)]
pub struct SpanCounts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl SpanCounts {
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, gold: &[Span], predicted: &[Span], kind: Option<NameKind>) {
        let keep = |s: &&Span| kind.is_none_or(|k| s.kind == k);
        let g: HashSet<&Span> = gold.iter().filter(keep).collect();
        let p: HashSet<&Span> = predicted.iter().filter(keep).collect();
        self.gold += g.len();
        self.predicted += p.len();
        self.correct += g.intersection(&p).count();
    }
}

pub fn run(args: Iob2Args) -> anyhow::Result<u8> {
    let gold = read_iob2(&args.file)?;
    let loaded;
    let tagger = match &args.names {
        Some(path) => {
            loaded = NameTagger::from_bytes(&std::fs::read(path)?)?;
            &loaded
        }
        None => NameTagger::embedded(),
    };
    let tags = pos_tags(&gold);
    let mut by_kind: BTreeMap<NameKind, SpanCounts> = BTreeMap::new();
    let mut all = SpanCounts::default();
    let mut errors = Vec::new();
    for (sentence, tags) in gold.iter().zip(&tags) {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let predicted = tagger.tag(&words, tags);
        for kind in NameKind::ALL {
            by_kind
                .entry(kind)
                .or_default()
                .add(&sentence.spans, &predicted, Some(kind));
        }
        all.add(&sentence.spans, &predicted, None);
        if args.errors {
            errors.extend(span_errors(&words, &sentence.spans, &predicted));
        }
    }
    println!("type      gold  pred   P       R       F1");
    let row = |name: &str, c: &SpanCounts| {
        println!(
            "{name:<8} {:>5} {:>5}   {:.4}  {:.4}  {:.4}",
            c.gold,
            c.predicted,
            c.precision(),
            c.recall(),
            c.f1()
        )
    };
    for (kind, c) in &by_kind {
        row(kind.as_str(), c);
    }
    row("overall", &all);
    if args.errors {
        println!(
            "\nerrors ({}): missed (gold only) and spurious (predicted only) names",
            errors.len()
        );
        errors.iter().for_each(|e| println!("{e}"));
    }
    Ok(crate::exit::OK)
}

/// One line per name found on one side only: "missed ORG [Acme Corp] | sentence".
fn span_errors(words: &[&str], gold: &[Span], predicted: &[Span]) -> Vec<String> {
    let text = |s: &Span| words[s.start..s.end].join(" ");
    let sentence = words.join(" ");
    let only = |side: &[Span], other: &[Span], what: &str| -> Vec<String> {
        side.iter()
            .filter(|s| !other.contains(s))
            .map(|s| format!("{what:<8} {} [{}] | {sentence}", s.kind, text(s)))
            .collect()
    };
    let mut out = only(gold, predicted, "missed");
    out.extend(only(predicted, gold, "spurious"));
    out
}
