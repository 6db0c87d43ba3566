//! `attache query`: ask a store who said what, and who did what to whom.

use anyhow::bail;
use attache::model::QuoteKind;
use attache::store::query::{self, DateRange, EventFilter, Period, QuoteFilter, Tone};
use attache::store::Store;
use serde::Serialize;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Actor and CAMEO codes match by prefix: --actor RUS finds RUS, RUSGOV, RUSMIL; --code 03 finds
every 'express intent to cooperate' event. Events are deduplicated across documents: one event
reported by several articles is one row, with its mention and article counts.

Examples:
  attache query quotes --speaker ferreira --kind belief
  attache query quotes --search 'gas prices' --limit 5 --json
  attache query speakers
  attache query events --actor RUS --from 2022-02-01 --to 2022-02-28
  attache query dyad --source RUS --target UKR --by week
  attache query dyads --hostile";

/// Ask a store (written by `attache ingest`) who said what and who did what to whom.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The store to read.
    #[arg(long, value_name = "FILE", default_value = "attache.db", global = true)]
    store: PathBuf,

    /// Print JSON (an array of rows) instead of a table.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Quotes by speaker and/or words in what was said.
    Quotes {
        /// Part of the speaker's name, any case ("ferreira").
        #[arg(long)]
        speaker: Option<String>,
        /// Words that must all occur in the quote.
        #[arg(long)]
        search: Option<String>,
        /// Only statements (something said) or only beliefs (what someone believes, wants or
        /// intends).
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// The most quoted speakers.
    Speakers {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Deduplicated events, newest first.
    Events {
        /// Source or target actor code (prefix).
        #[arg(long)]
        actor: Option<String>,
        /// CAMEO event code (prefix).
        #[arg(long)]
        code: Option<String>,
        #[command(flatten)]
        dates: Dates,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// One directed dyad over time: events by quad class, Goldstein sum and mean per period.
    Dyad {
        #[arg(long)]
        source: String,
        #[arg(long)]
        target: String,
        #[arg(long, value_enum, default_value = "month")]
        by: By,
        #[command(flatten)]
        dates: Dates,
    },
    /// The most hostile or most cooperative dyads (by total Goldstein score).
    Dyads {
        #[arg(
            long,
            conflicts_with = "cooperative",
            required_unless_present = "cooperative"
        )]
        hostile: bool,
        #[arg(long)]
        cooperative: bool,
        #[command(flatten)]
        dates: Dates,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Documents that could not be ingested, and why.
    Errors {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(clap::Args)]
struct Dates {
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    to: Option<String>,
}

impl Dates {
    fn range(&self) -> DateRange {
        DateRange {
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Statement,
    Belief,
}

impl From<Kind> for QuoteKind {
    fn from(kind: Kind) -> QuoteKind {
        match kind {
            Kind::Statement => QuoteKind::Statement,
            Kind::Belief => QuoteKind::Belief,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum By {
    Day,
    Week,
    Month,
}

fn parse_date(s: &str) -> Result<String, String> {
    attache::extract::date::parse_iso_date(s)
        .ok_or_else(|| format!("expected a date written YYYY-MM-DD, got {s:?}"))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let store = Store::open_read_only(&args.store)?;
    let conn = store.connection();
    let table = match &args.what {
        What::Quotes {
            speaker,
            search,
            kind,
            limit,
        } => {
            let filter = QuoteFilter {
                speaker: speaker.clone(),
                search: search.clone(),
                kind: kind.map(QuoteKind::from),
                limit: *limit,
            };
            let rows = query::quotes(conn, &filter)?;
            output(args.json, &rows, quotes_table)?
        }
        What::Speakers { limit } => {
            let rows = query::speakers(conn, *limit)?;
            output(args.json, &rows, speakers_table)?
        }
        What::Events {
            actor,
            code,
            dates,
            limit,
        } => {
            let filter = EventFilter {
                actor: actor.clone(),
                code: code.clone(),
                dates: dates.range(),
                limit: *limit,
            };
            let rows = query::events(conn, &filter)?;
            output(args.json, &rows, events_table)?
        }
        What::Dyad {
            source,
            target,
            by,
            dates,
        } => {
            let period = match by {
                By::Day => Period::Day,
                By::Week => Period::Week,
                By::Month => Period::Month,
            };
            let rows = query::dyad(conn, source, target, period, &dates.range())?;
            output(args.json, &rows, dyad_table)?
        }
        What::Dyads {
            hostile,
            cooperative,
            dates,
            limit,
        } => {
            let tone = match (hostile, cooperative) {
                (true, false) => Tone::Hostile,
                (false, true) => Tone::Cooperative,
                _ => bail!("give one of --hostile or --cooperative"),
            };
            let rows = query::dyads(conn, tone, &dates.range(), *limit)?;
            output(args.json, &rows, dyads_table)?
        }
        What::Errors { limit } => {
            let rows = query::errors(conn, *limit)?;
            output(args.json, &rows, errors_table)?
        }
    };
    print!("{table}");
    Ok(crate::exit::OK)
}

/// The rows as JSON or as a table.
fn output<T: Serialize>(
    json: bool,
    rows: &[T],
    table: fn(&[T]) -> Table,
) -> anyhow::Result<String> {
    if json {
        Ok(serde_json::to_string_pretty(rows)? + "\n")
    } else if rows.is_empty() {
        Ok("(no rows)\n".to_string())
    } else {
        Ok(table(rows).render())
    }
}

fn quotes_table(rows: &[query::QuoteRow]) -> Table {
    let mut t = Table::new(&["speaker", "quote", "cue", "kind", "published", "document"]);
    for r in rows {
        let speaker = r.speaker.clone().or(r.speaker_text.clone());
        t.row(vec![
            opt(&speaker),
            clip(&r.content, 72),
            opt(&r.cue),
            r.kind.clone(),
            opt(&r.published),
            r.document.clone(),
        ]);
    }
    t
}

fn speakers_table(rows: &[query::SpeakerRow]) -> Table {
    let mut t = Table::new(&["speaker", "type", "actor", "quotes", "documents"]);
    for r in rows {
        t.row(vec![
            r.name.clone(),
            r.kind.clone(),
            opt(&r.actor),
            r.quotes.to_string(),
            r.documents.to_string(),
        ]);
    }
    t
}

fn events_table(rows: &[query::EventRow]) -> Table {
    let mut t = Table::new(&[
        "date",
        "source",
        "target",
        "cameo",
        "quad",
        "goldstein",
        "mentions",
        "articles",
        "evidence",
    ]);
    for r in rows {
        t.row(vec![
            opt(&r.date),
            opt(&r.source),
            opt(&r.target),
            r.cameo.clone(),
            r.quad_class.to_string(),
            format!("{:.1}", r.goldstein),
            r.mentions.to_string(),
            r.articles.to_string(),
            clip(r.evidence.as_deref().unwrap_or("-"), 60),
        ]);
    }
    t
}

fn dyad_table(rows: &[query::DyadPeriod]) -> Table {
    let mut t = Table::new(&[
        "period",
        "events",
        "verb.coop",
        "mat.coop",
        "verb.confl",
        "mat.confl",
        "goldstein.sum",
        "goldstein.mean",
        "mentions",
    ]);
    for r in rows {
        t.row(vec![
            r.period.clone(),
            r.events.to_string(),
            r.verbal_cooperation.to_string(),
            r.material_cooperation.to_string(),
            r.verbal_conflict.to_string(),
            r.material_conflict.to_string(),
            format!("{:.1}", r.goldstein_sum),
            format!("{:.2}", r.goldstein_mean),
            r.mentions.to_string(),
        ]);
    }
    t
}

fn dyads_table(rows: &[query::DyadRow]) -> Table {
    let mut t = Table::new(&[
        "source",
        "target",
        "events",
        "cooperative",
        "conflictual",
        "goldstein.sum",
        "goldstein.mean",
    ]);
    for r in rows {
        t.row(vec![
            r.source.clone(),
            r.target.clone(),
            r.events.to_string(),
            r.cooperative.to_string(),
            r.conflictual.to_string(),
            format!("{:.1}", r.goldstein_sum),
            format!("{:.2}", r.goldstein_mean),
        ]);
    }
    t
}

fn errors_table(rows: &[query::ErrorRow]) -> Table {
    let mut t = Table::new(&["origin", "stage", "cause"]);
    for r in rows {
        let at = r.line.map(|l| format!(":{l}")).unwrap_or_default();
        t.row(vec![
            format!("{}{at}", r.origin),
            r.stage.clone(),
            clip(&r.cause, 90),
        ]);
    }
    t
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_string())
}

/// At most `max` characters on one line, an ellipsis marking the cut.
fn clip(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A plain-text table: numbers right-aligned, text left-aligned.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let width = |i: usize| {
            self.rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain([self.header[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.header.len()).map(width).collect();
        let numeric: Vec<bool> = (0..self.header.len())
            .map(|i| self.rows.iter().all(|r| is_number(&r[i])))
            .collect();
        let mut out = line(&self.header, &widths, &numeric);
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row, &widths, &numeric));
        }
        out
    }
}

fn line(cells: &[String], widths: &[usize], numeric: &[bool]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .zip(numeric)
        .map(|((c, &w), &num)| {
            let pad = " ".repeat(w.saturating_sub(c.chars().count()));
            if num {
                format!("{pad}{c}")
            } else {
                format!("{c}{pad}")
            }
        })
        .collect();
    padded.join("  ").trim_end().to_string() + "\n"
}

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}
