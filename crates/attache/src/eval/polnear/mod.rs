//! `attache eval polnear DIR`: score attribution extraction on a PolNeAR folder.
//!
//! `DIR` holds `text/<doc>.txt` and `attributions/<doc>_<annotator>.ann` (brat standoff,
//! character offsets into the text). Where several annotators annotated a document, the
//! lexicographically smallest annotator id is used, so runs are comparable. The pipeline runs
//! with `strip_boilerplate: false` so that its `text` is the file verbatim and its offsets are
//! the gold's; documents where that does not hold are listed as misaligned.

pub mod attribution;
pub mod causes;
pub mod errors;
pub mod metrics;

pub use attribution::{gold_attributions, predicted_attributions, Attribution};
pub use metrics::{Accuracy, Counts, Scores};

use super::brat::{self, Annotations};
use super::table::{self, Table};
use super::{read_file, EvalError};
use crate::model::Analysis;
use crate::quotes::trace::{self, Trace};
use crate::{InputDoc, Options};
use metrics::{score_doc, DocPair, Subset, COVERAGE_HIGH, COVERAGE_LOW};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One annotated document.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub text: String,
    /// File name of the annotation used (which annotator).
    pub annotation_file: String,
    pub annotations: Annotations,
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Texts without annotations, unreadable annotation lines: reported, not fatal.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PolnearReport {
    pub documents: usize,
    /// Documents whose analysed text is not the input verbatim (offsets may not line up).
    pub misaligned: Vec<String>,
    pub problems: Vec<String>,
    pub all: Scores,
    pub quoted: Scores,
    /// What went wrong, by kind (see [`errors`]).
    pub errors: errors::ErrorCounts,
    /// Why attributions were missed or spurious (see [`causes`]).
    pub causes: causes::Causes,
}

/// Which annotation files of a doubly annotated document are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annotators {
    /// The smallest annotator id: one gold per document, as the scorer needs.
    First,
    /// Every annotator's file, each as a document of its own (same text, its own gold): more
    /// training data where annotators differ.
    All,
    /// One document per text, with the first annotator's file keeping only the attributions
    /// every annotator of the text drew alike (source, cue and content): less data, less noise.
    Agreed,
}

/// Read the first `limit` documents (in name order) that have annotations, with the first
/// annotator's gold.
pub fn load(dir: &Path, limit: Option<usize>) -> Result<Corpus, EvalError> {
    load_annotators(dir, limit, Annotators::First)
}

/// [`load`] with a choice of annotators; with [`Annotators::All`] a document read twice
/// counts twice against `limit`.
pub fn load_annotators(
    dir: &Path,
    limit: Option<usize>,
    which: Annotators,
) -> Result<Corpus, EvalError> {
    let texts = list_files(&dir.join("text"), ".txt")?;
    let annotations = by_document(list_files(&dir.join("attributions"), ".ann")?, which);
    let mut corpus = Corpus::default();
    for (name, text_file) in texts {
        if limit.is_some_and(|n| corpus.documents.len() >= n) {
            break;
        }
        let Some(ann_files) = annotations.get(&name) else {
            corpus
                .problems
                .push(format!("{text_file}: no annotation file; skipped"));
            continue;
        };
        let text = read_file(&dir.join("text").join(&text_file))?;
        let mut parsed = Vec::new();
        for ann_file in ann_files {
            let ann = brat::parse(&read_file(&dir.join("attributions").join(ann_file))?);
            corpus
                .problems
                .extend(ann.problems.iter().map(|p| format!("{ann_file}: {p}")));
            parsed.push((ann_file, ann));
        }
        if which == Annotators::Agreed {
            let chars: Vec<char> = text.chars().collect();
            keep_agreed(&mut parsed, &chars);
        }
        for (ann_file, ann) in parsed {
            if limit.is_some_and(|n| corpus.documents.len() >= n) {
                break;
            }
            corpus.documents.push(Document {
                text: text.clone(),
                name: name.clone(),
                annotation_file: ann_file.clone(),
                annotations: ann,
            });
        }
    }
    Ok(corpus)
}

/// (stem, file name) of the files in `folder` ending in `ext`, sorted by stem.
fn list_files(folder: &Path, ext: &str) -> Result<BTreeMap<String, String>, EvalError> {
    let io = |source| EvalError::Io {
        path: folder.to_path_buf(),
        source,
    };
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let file = entry
            .map_err(io)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(stem) = file.strip_suffix(ext) {
            out.insert(stem.to_string(), file.clone());
        }
    }
    Ok(out)
}

/// Document name → its annotation files, by annotator id (only the smallest with
/// [`Annotators::First`]). Files are named `<doc>_<annotator>.ann`; document names contain
/// underscores too, so the annotator id is what follows the last one.
fn by_document(
    files: BTreeMap<String, String>,
    which: Annotators,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (stem, file) in files {
        let Some((doc, annotator)) = stem.rsplit_once('_') else {
            continue;
        };
        out.entry(doc.to_string())
            .or_default()
            .insert(annotator.to_string(), file);
    }
    let take = match which {
        Annotators::First => 1,
        Annotators::All | Annotators::Agreed => usize::MAX,
    };
    out.into_iter()
        .map(|(doc, files)| (doc, files.into_values().take(take).collect()))
        .collect()
}

/// Reduces several annotators' files of one text to the first one's, keeping of its
/// attribution events those that every other file annotates alike.
fn keep_agreed(files: &mut Vec<(&String, Annotations)>, chars: &[char]) {
    if files.len() < 2 {
        return;
    }
    let others: Vec<Vec<Attribution>> = files[1..]
        .iter()
        .map(|(_, a)| gold_attributions(a, chars, &mut Vec::new()))
        .collect();
    files.truncate(1);
    let first = &mut files[0].1;
    let agreed: Vec<bool> = first
        .events
        .iter()
        .map(|e| match attribution::event_attribution(first, e, chars) {
            Some(a) => others.iter().all(|o| o.contains(&a)),
            None => true,
        })
        .collect();
    let mut keep = agreed.into_iter();
    first.events.retain(|_| keep.next().unwrap_or(true));
}

/// The pipeline as the scorer runs it: the file verbatim, nothing stripped.
pub fn analyze_verbatim(doc: &Document) -> Analysis {
    let input = InputDoc {
        id: Some(doc.name.clone()),
        ..InputDoc::text(&doc.text)
    };
    let opts = Options {
        strip_boilerplate: false,
        ..Options::default()
    };
    crate::analyze(input, &opts)
}

/// Run `predict` on every document (in parallel) and score the results. A prediction that
/// panics is reported as a problem and scored as empty, so one bad document cannot hide the
/// scores of the rest.
pub fn evaluate(corpus: &Corpus, predict: impl Fn(&Document) -> Analysis + Sync) -> PolnearReport {
    let results = map_parallel(&corpus.documents, |doc| {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            trace::record(|| predict(doc))
        }));
        match run {
            Ok((analysis, trace)) => score_document(doc, &analysis, Some(&trace), None),
            Err(_) => score_document(
                doc,
                &empty_analysis(doc),
                None,
                Some("analyze panicked; scored as empty"),
            ),
        }
    });
    let mut report = PolnearReport {
        documents: corpus.documents.len(),
        problems: corpus.problems.clone(),
        ..PolnearReport::default()
    };
    for r in results {
        report.all.add(&r.all);
        report.quoted.add(&r.quoted);
        report.errors.add(&r.errors);
        report.causes.add(&r.causes);
        report.problems.extend(r.problems);
        if !r.aligned {
            report.misaligned.push(r.name);
        }
    }
    report
}

struct DocResult {
    name: String,
    all: Scores,
    quoted: Scores,
    errors: errors::ErrorCounts,
    causes: causes::Causes,
    aligned: bool,
    problems: Vec<String>,
}

fn score_document(
    doc: &Document,
    analysis: &Analysis,
    trace: Option<&Trace>,
    failure: Option<&str>,
) -> DocResult {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut skipped = Vec::new();
    let gold = gold_attributions(&doc.annotations, &chars, &mut skipped);
    let pred = predicted_attributions(analysis, &chars);
    let pair = DocPair {
        chars: &chars,
        gold: &gold,
        pred: &pred,
    };
    let mut problems: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}: {s}", doc.annotation_file))
        .collect();
    problems.extend(failure.map(|f| format!("{}: {f}", doc.name)));
    let aligned = analysis.text == doc.text;
    DocResult {
        name: doc.name.clone(),
        all: score_doc(&pair, Subset::All),
        quoted: score_doc(&pair, Subset::Quoted),
        errors: errors::classify(&doc.name, &chars, &gold, &pred),
        causes: causes::classify(&doc.text, &chars, &gold, &pred, trace.filter(|_| aligned)),
        aligned: failure.is_some() || aligned,
        problems,
    }
}

fn empty_analysis(doc: &Document) -> Analysis {
    Analysis {
        id: doc.name.clone(),
        url: None,
        publisher: None,
        title: None,
        authors: Vec::new(),
        published: None,
        fetched: None,
        text: doc.text.clone(),
        boilerplate: Vec::new(),
        entities: Vec::new(),
        quotes: Vec::new(),
        events: Vec::new(),
        disputes: Vec::new(),
        warnings: Vec::new(),
    }
}

/// `f` over `items` on all cores, results in input order. Documents differ in length, so
/// threads take the next document from a shared counter rather than fixed chunks.
fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                done.lock().unwrap_or_else(|e| e.into_inner()).push((i, r));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

impl PolnearReport {
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "PolNeAR: {} documents; attributions: {} gold / {} predicted (quoted: {} gold / {} predicted)\n\n",
            self.documents, self.all.gold, self.all.predicted, self.quoted.gold, self.quoted.predicted
        );
        let mut t = Table::new(&[
            "metric",
            "P",
            "R",
            "F1",
            "quoted P",
            "quoted R",
            "quoted F1",
        ]);
        for (name, all, quoted) in self.rows() {
            let mut cells = vec![name];
            cells.extend(prf_cells(&all));
            cells.extend(prf_cells(&quoted));
            t.row(cells);
        }
        let (sa, sq) = (&self.all.speaker, &self.quoted.speaker);
        t.row(vec![
            "speaker accuracy".into(),
            String::new(),
            format!("{}/{}", sa.correct, sa.total),
            table::score(sa.score()),
            String::new(),
            format!("{}/{}", sq.correct, sq.total),
            table::score(sq.score()),
        ]);
        out.push_str(&t.render());
        out.push_str(&format!(
            "\nspeaker accuracy: gold attributions with a source, matched at content coverage > {COVERAGE_LOW}\n"
        ));
        out.push_str(&self.notes());
        out
    }

    fn rows(&self) -> Vec<(String, Counts, Counts)> {
        let (a, q) = (&self.all, &self.quoted);
        vec![
            ("source exact".into(), a.source_exact, q.source_exact),
            ("cue exact".into(), a.cue_exact, q.cue_exact),
            ("content exact".into(), a.content_exact, q.content_exact),
            ("source tokens".into(), a.source_tokens, q.source_tokens),
            ("cue tokens".into(), a.cue_tokens, q.cue_tokens),
            ("content tokens".into(), a.content_tokens, q.content_tokens),
            (
                format!("content coverage > {COVERAGE_LOW}"),
                a.content_coverage_low,
                q.content_coverage_low,
            ),
            (
                format!("content coverage > {COVERAGE_HIGH}"),
                a.content_coverage_high,
                q.content_coverage_high,
            ),
        ]
    }

    fn notes(&self) -> String {
        let mut out = String::new();
        if !self.misaligned.is_empty() {
            out.push_str(&format!(
                "\nWARNING: {} documents: analysed text differs from the file, offsets may not line up: {}\n",
                self.misaligned.len(),
                self.misaligned.join(", ")
            ));
        }
        if !self.problems.is_empty() {
            const SHOWN: usize = 10;
            out.push_str(&format!(
                "\n{} problems (first {SHOWN}; all with --json):\n",
                self.problems.len()
            ));
            for p in self.problems.iter().take(SHOWN) {
                out.push_str(&format!("  {p}\n"));
            }
        }
        out
    }
}

fn prf_cells(c: &Counts) -> [String; 3] {
    [
        table::score(c.precision()),
        table::score(c.recall()),
        format!("{:.3}", c.f1()),
    ]
}

#[cfg(test)]
mod tests;
