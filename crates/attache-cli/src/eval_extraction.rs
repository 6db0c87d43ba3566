//! `attache eval extraction`: attache's HTML extractor on the extraction dev sets.

use anyhow::Context;
use attache::eval::extraction::{self, Prediction, Sets};
use attache::extract::{self, InputDoc};
use std::path::{Path, PathBuf};

/// Where the dev sets live beside a checkout (`../shared/data/extraction`).
const DEFAULT_ROOT: &str = "../shared/data/extraction";

#[derive(clap::Args)]
pub struct ExtractionArgs {
    /// AEB folder (ground-truth.json, html/*.html.gz).
    #[arg(long, value_name = "DIR")]
    aeb: Option<PathBuf>,
    /// WCXB articles folder (ground-truth/*.json, html/*.html.gz).
    #[arg(long, value_name = "DIR")]
    wcxb: Option<PathBuf>,
    /// htmldate folder (eval_*.json, html/*).
    #[arg(long, value_name = "DIR")]
    htmldate: Option<PathBuf>,
    /// Score only the first N pages of each set.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// After the report, list every wrong title and date and every AEB page with body F1 below
    /// 0.9 (tab-separated: set, field, page, gold, ours, url).
    #[arg(long)]
    misses: bool,
}

pub fn run(args: ExtractionArgs) -> anyhow::Result<u8> {
    let sets = sets(&args)?;
    let report = extraction::evaluate(&sets, &predict)?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).context("writing the report")?;
        println!("{json}");
    } else {
        print!("{}", report.to_table());
    }
    if args.misses {
        print!("{}", report.misses_tsv());
    }
    Ok(crate::exit::OK)
}

/// The sets named on the command line; with none named, those found under `../shared`.
fn sets(args: &ExtractionArgs) -> anyhow::Result<Sets> {
    let mut sets = Sets {
        aeb: args.aeb.clone(),
        wcxb: args.wcxb.clone(),
        htmldate: args.htmldate.clone(),
        limit: args.limit,
    };
    if sets.aeb.is_none() && sets.wcxb.is_none() && sets.htmldate.is_none() {
        let root = Path::new(DEFAULT_ROOT);
        let found = |name: &str| Some(root.join(name)).filter(|p| p.is_dir());
        sets.aeb = found("aeb");
        sets.wcxb = found("wcxb-articles-dev");
        sets.htmldate = found("htmldate-dev");
        if sets.aeb.is_none() && sets.wcxb.is_none() && sets.htmldate.is_none() {
            anyhow::bail!("no dev set given and none found under {DEFAULT_ROOT}; use --aeb, --wcxb or --htmldate");
        }
    }
    Ok(sets)
}

/// attache's extract stage, as the scorer sees it.
fn predict(html: &[u8], url: Option<&str>) -> Prediction {
    let Ok(page) = extract::encoding::decode_html(html, None) else {
        return Prediction::default();
    };
    let mut doc = InputDoc::html(&page);
    doc.url = url.map(str::to_string);
    let a = extract::extract(doc, true);
    Prediction {
        body: a.body,
        title: a.title,
        authors: a.authors,
        published: a.published,
    }
}
