//! `attache analyze`: read articles, print one JSON analysis per document.

use crate::exit;
use anyhow::{bail, Context as _};
use attache::extract::input::{self, Documents};
use attache::{Analysis, InputDoc, Options};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Input formats (chosen by extension, else by the first character):
  .txt           one plain-text article; blank lines or line breaks separate paragraphs
  .html, .htm    one web page; title, byline, date and body paragraphs are extracted
  .jsonl, .ndjson  one JSON record per line:
                 {\"id\": \"…\", \"text\": \"…\" or \"html\": \"…\", \"url\": \"…\",
                  \"published\": \"YYYY-MM-DD\", \"publisher\": \"…\"}   (all but text/html optional)
  .json          one such record, or an array of them
  stdin          starting with '{' is JSON Lines, with '<' HTML, anything else text

Output: one JSON object for a single document; JSON Lines (one object per line) for
several. The document id is the record's \"id\", else the file name, else a content hash.
Author bios, promos, \"Source:\" lines and comment widgets are removed from plain text and
listed under \"boilerplate\"; --keep-boilerplate analyses the text exactly as given.

Exit status: 0 all documents analysed; 1 some documents skipped (errors on stderr, with
file:line); 2 bad command line or output not writable.

Examples:
  attache analyze examples/article.txt --pretty
  attache analyze examples/articles.jsonl -o analyses.jsonl
  cat story.html | attache analyze --published 2024-03-05
  attache analyze a.txt b.html --format json > both.json     (a JSON array)";

/// Analyse articles (plain text, HTML or JSONL) and print one JSON analysis per document.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Input files; none or "-" reads standard input.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    /// Output layout: "json" (one object, or an array for several documents), "jsonl" (one
    /// object per line) or "gdelt" (events only, as GDELT 2.0 event-table rows, tab-separated).
    /// Default: json for one document, jsonl for several.
    #[arg(long, value_enum)]
    format: Option<Layout>,

    /// Indent the JSON (ignored for JSON Lines, which keep one document per line).
    #[arg(long)]
    pretty: bool,

    /// Publication date (YYYY-MM-DD) for documents that do not state one; relative dates
    /// such as "on Monday" are resolved against it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<String>,

    /// Analyse plain text exactly as given: do not remove bios, promos or comment widgets.
    #[arg(long)]
    keep_boilerplate: bool,

    /// Rules and tagger only: no parsing, so no learned attribution and no tree-coded events
    /// (several times faster)
    #[arg(long)]
    fast: bool,

    /// Use this attribution model file (from `attache train attribution`) instead of the
    /// embedded one.
    #[arg(long, value_name = "PATH")]
    attribution_model: Option<PathBuf>,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Layout {
    Json,
    Jsonl,
    Gdelt,
}

fn parse_date(s: &str) -> Result<String, String> {
    attache::extract::date::parse_iso_date(s).ok_or_else(|| {
        format!("expected a calendar date written YYYY-MM-DD (e.g. 2022-02-08), got {s:?}")
    })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if let Some(path) = &args.attribution_model {
        crate::eval_cmd::use_attribution_model(path)?;
    }
    let opts = Options {
        published: args.published.clone(),
        strip_boilerplate: !args.keep_boilerplate,
        syntax: !args.fast,
    };
    let sources = sources(&args.files)?;
    let out = open_output(args.output.as_ref())?;
    let mut writer = Writer::new(out, args.format, args.pretty);
    let mut tally = Tally::default();
    for source in &sources {
        match analyse_source(source, &opts, &mut writer, &mut tally) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(tally.exit_code()),
            other => other.context("writing the output")?,
        }
    }
    match writer.finish() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the output")?,
    }
    if tally.skipped > 0 {
        eprintln!(
            "attache: analysed {} documents, skipped {} (see errors above)",
            tally.analysed, tally.skipped
        );
    }
    Ok(tally.exit_code())
}

/// Where documents come from.
enum Source {
    Stdin,
    File(PathBuf),
}

fn sources(files: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    if files.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let stdin_count = files.iter().filter(|f| f.as_os_str() == "-").count();
    if stdin_count > 1 {
        bail!("\"-\" (standard input) is given {stdin_count} times; it can be read only once");
    }
    Ok(files
        .iter()
        .map(|f| {
            if f.as_os_str() == "-" {
                Source::Stdin
            } else {
                Source::File(f.clone())
            }
        })
        .collect())
}

fn open_output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            let file = File::create(p).with_context(|| format!("cannot create {}", p.display()))?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

#[derive(Default)]
struct Tally {
    analysed: usize,
    skipped: usize,
}

impl Tally {
    fn exit_code(&self) -> u8 {
        if self.skipped > 0 {
            exit::PARTIAL
        } else {
            exit::OK
        }
    }

    fn skip(&mut self, message: impl std::fmt::Display) {
        eprintln!("attache: {message}");
        self.skipped += 1;
    }
}

/// Analyses every document of one source; only output errors stop the run.
fn analyse_source(
    source: &Source,
    opts: &attache::Options,
    writer: &mut Writer,
    tally: &mut Tally,
) -> io::Result<()> {
    let docs = match source {
        Source::Stdin => input::stdin(),
        Source::File(path) => input::open(path),
    };
    let mut docs: Documents = match docs {
        Ok(d) => d,
        Err(e) => {
            tally.skip(e);
            return Ok(());
        }
    };
    let origin = docs.origin().to_string();
    for doc in docs.by_ref() {
        match doc
            .map_err(|e| e.to_string())
            .and_then(|d| analyse(d, opts, &origin))
        {
            Ok(analysis) => {
                writer.write(analysis)?;
                tally.analysed += 1;
            }
            Err(message) => tally.skip(message),
        }
    }
    if let Some(summary) = docs.summary() {
        eprintln!("attache: {origin}: {summary}");
    }
    Ok(())
}

/// Runs the pipeline on one document. A bug that panics on one document must not lose the
/// rest of a batch: the panic is reported as that document's error.
fn analyse(doc: InputDoc, opts: &Options, origin: &str) -> Result<Analysis, String> {
    let id = doc.id.clone();
    panic::catch_unwind(AssertUnwindSafe(|| attache::analyze(doc, opts))).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let id = id.map(|i| format!(" (id {i})")).unwrap_or_default();
        format!("{origin}{id}: internal error, document skipped: {what}; please report this")
    })
}

/// Writes analyses as they come, holding back only the first one: until a second document
/// arrives it is unknown whether the output is one JSON object or a stream.
struct Writer {
    out: Box<dyn Write>,
    layout: Option<Layout>,
    pretty: bool,
    pending: Option<Analysis>,
    written: usize,
}

impl Writer {
    fn new(out: Box<dyn Write>, layout: Option<Layout>, pretty: bool) -> Self {
        Writer {
            out,
            layout,
            pretty,
            pending: None,
            written: 0,
        }
    }

    fn write(&mut self, analysis: Analysis) -> io::Result<()> {
        if self.layout == Some(Layout::Gdelt) {
            for row in attache::events::gdelt::rows(&analysis) {
                writeln!(self.out, "{row}")?;
            }
            return Ok(());
        }
        if self.layout == Some(Layout::Jsonl) {
            return self.line(&analysis);
        }
        if self.written == 0 {
            match self.pending.take() {
                None => {
                    self.pending = Some(analysis);
                    return Ok(());
                }
                Some(first) => self.start_many(&first)?,
            }
        }
        self.next_of_many(&analysis)
    }

    /// A second document arrived: the output is a stream (or, for --format json, an array).
    fn start_many(&mut self, first: &Analysis) -> io::Result<()> {
        if self.layout == Some(Layout::Json) {
            self.out.write_all(b"[\n")?;
            self.object(first)?;
            self.written += 1;
            Ok(())
        } else {
            if self.pretty {
                eprintln!(
                    "attache: note: --pretty is ignored for JSON Lines output (several documents)"
                );
            }
            self.line(first)
        }
    }

    fn next_of_many(&mut self, analysis: &Analysis) -> io::Result<()> {
        if self.layout == Some(Layout::Json) {
            self.out.write_all(b",\n")?;
            self.object(analysis)?;
            self.written += 1;
            Ok(())
        } else {
            self.line(analysis)
        }
    }

    fn line(&mut self, analysis: &Analysis) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, analysis)?;
        self.out.write_all(b"\n")?;
        self.written += 1;
        Ok(())
    }

    fn object(&mut self, analysis: &Analysis) -> io::Result<()> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.out, analysis)?;
        } else {
            serde_json::to_writer(&mut self.out, analysis)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if let Some(only) = self.pending.take() {
            self.object(&only)?;
            self.out.write_all(b"\n")?;
        } else if self.layout == Some(Layout::Json) {
            // An array was opened, or (no documents at all) an empty one stands for "none".
            let close: &[u8] = if self.written > 0 { b"\n]\n" } else { b"[]\n" };
            self.out.write_all(close)?;
        }
        self.out.flush()
    }
}
