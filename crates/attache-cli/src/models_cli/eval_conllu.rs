//! `attache eval conllu FILE`: tagging and lemma accuracy on a CoNLL-U treebank with gold
//! tokenisation, and the tagger's speed. Add further scores (e.g. the parser's UAS/LAS) as fields
//! of [`ConlluScores`] and lines of its table.

use super::bench_models::thread_cpu_ns;
use super::tagger::read_conllu;
use attache::text::conllu;
use attache::text::lemma::Lemmatizer;
use attache::text::tagger::{PosTag, Tagger};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct ConlluArgs {
    /// Gold treebank, e.g. ../shared/data/ud-ewt/en_ewt-ud-test.conllu.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Tagger model file to score instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    tagger: Option<PathBuf>,
    /// Lemmatiser model file to score instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    lemma: Option<PathBuf>,
    /// Also write the predictions as CoNLL-U (ID, FORM, LEMMA, UPOS, XPOS filled in).
    #[arg(long, value_name = "PATH")]
    write: Option<PathBuf>,
}

/// Counts over the words of a treebank.
#[derive(Debug, Default, Clone)]
pub struct ConlluScores {
    pub sentences: usize,
    pub words: usize,
    pub upos_correct: usize,
    pub xpos_correct: usize,
    /// Lemmas from the predicted tags.
    pub lemma_correct: usize,
    /// Tagging speed over the whole file, in words per second of wall-clock time.
    pub tag_words_per_second: f64,
    /// The same per second of CPU time of the tagging thread (Linux), which does not depend on
    /// how busy the machine is.
    pub tag_words_per_cpu_second: Option<f64>,
}

impl ConlluScores {
    pub fn to_table(&self) -> String {
        let pct = |n: usize| 100.0 * n as f64 / self.words.max(1) as f64;
        let mut out = String::new();
        out.push_str(&format!(
            "sentences  {}\nwords      {}\n",
            self.sentences, self.words
        ));
        out.push_str(&format!("UPOS       {:.2}%\n", pct(self.upos_correct)));
        out.push_str(&format!("XPOS       {:.2}%\n", pct(self.xpos_correct)));
        out.push_str(&format!("lemma      {:.2}%\n", pct(self.lemma_correct)));
        out.push_str(&format!(
            "tagger     {:.0} words/s (one thread, wall clock)\n",
            self.tag_words_per_second
        ));
        if let Some(cpu) = self.tag_words_per_cpu_second {
            out.push_str(&format!("tagger     {cpu:.0} words/s of CPU time\n"));
        }
        out
    }
}

pub fn run(args: ConlluArgs) -> anyhow::Result<u8> {
    let gold = read_conllu(&args.file)?;
    let loaded;
    let tagger = match &args.tagger {
        Some(path) => {
            loaded = Tagger::from_bytes(&read(path)?)?;
            &loaded
        }
        None => Tagger::embedded(),
    };
    let loaded_lemma;
    let lemmatizer = match &args.lemma {
        Some(path) => {
            loaded_lemma = Lemmatizer::from_bytes(&read(path)?)?;
            &loaded_lemma
        }
        None => Lemmatizer::embedded(),
    };
    let mut scores = ConlluScores {
        sentences: gold.len(),
        ..Default::default()
    };
    let mut predictions = String::new();
    for sentence in &gold {
        let words = forms(sentence);
        let tags = tagger.tag(&words);
        let lemmas: Vec<String> = words
            .iter()
            .zip(&tags)
            .map(|(w, t)| lemmatizer.lemma(w, t))
            .collect();
        score_tags(&mut scores, sentence, &tags, &lemmas);
        write_sentence(&mut predictions, &words, &tags, &lemmas);
    }
    if let Some(path) = &args.write {
        std::fs::write(path, predictions)?;
    }
    (scores.tag_words_per_second, scores.tag_words_per_cpu_second) = tagging_speed(tagger, &gold);
    print!("{}", scores.to_table());
    Ok(crate::exit::OK)
}

fn read(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn write_sentence(out: &mut String, words: &[&str], tags: &[PosTag], lemmas: &[String]) {
    for (i, ((word, tag), lemma)) in words.iter().zip(tags).zip(lemmas).enumerate() {
        out.push_str(&format!(
            "{}\t{word}\t{lemma}\t{}\t{}\t_\t_\t_\t_\t_\n",
            i + 1,
            tag.upos,
            tag.xpos
        ));
    }
    out.push('\n');
}

fn forms(sentence: &conllu::Sentence) -> Vec<&str> {
    sentence.words.iter().map(|w| w.form.as_str()).collect()
}

fn score_tags(
    scores: &mut ConlluScores,
    sentence: &conllu::Sentence,
    tags: &[PosTag],
    lemmas: &[String],
) {
    for ((word, tag), lemma) in sentence.words.iter().zip(tags).zip(lemmas) {
        scores.lemma_correct += usize::from(*lemma == word.lemma);
        scores.words += 1;
        scores.upos_correct += usize::from(tag.upos.as_str() == word.upos);
        scores.xpos_correct += usize::from(tag.xpos == word.xpos);
    }
}

/// Words per second of the tagging loop alone (the word lists are built beforehand), repeated
/// for at least half a second so the figure is stable: by wall clock and by CPU time.
fn tagging_speed(tagger: &Tagger, gold: &[conllu::Sentence]) -> (f64, Option<f64>) {
    let sentences: Vec<Vec<&str>> = gold.iter().map(forms).collect();
    let words: usize = sentences.iter().map(Vec::len).sum();
    let cpu_start = thread_cpu_ns();
    let started = Instant::now();
    let mut tagged = 0usize;
    while started.elapsed().as_secs_f64() < 0.5 || tagged == 0 {
        for s in &sentences {
            tagged += std::hint::black_box(tagger.tag(s)).len();
        }
    }
    debug_assert!(tagged.is_multiple_of(words.max(1)));
    let wall = tagged as f64 / started.elapsed().as_secs_f64();
    let cpu = cpu_start
        .zip(thread_cpu_ns())
        .map(|(a, b)| tagged as f64 / ((b - a).max(1) as f64 / 1e9));
    (wall, cpu)
}
