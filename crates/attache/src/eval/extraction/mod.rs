//! `attache eval extraction`: HTML extraction scored on three public dev sets, each with the
//! metric its authors publish, so our numbers sit beside theirs:
//!
//! - AEB (Zyte article-extraction-benchmark): body P/R/F1 over 4-gram shingles of `\w+`
//!   tokens, precision and recall averaged per page;
//! - WCXB articles: body word-bag F1 averaged per page, plus exact title, author set and day;
//! - htmldate: publication day P/R/F.
//!
//! The extractor under test is a function from page bytes (and URL) to a [`Prediction`], so the
//! scorer never depends on how extraction works.

mod datasets;
pub mod metrics;
#[cfg(test)]
mod tests;

pub use datasets::GoldPage;
use metrics::{DateCounts, Prf, Shingles};

use super::table::{score, Table};
use super::EvalError;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What an extractor says about one page.
#[derive(Debug, Clone, Default)]
pub struct Prediction {
    pub body: String,
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// `YYYY-MM-DD`, time optional.
    pub published: Option<String>,
}

/// Page bytes and URL → prediction.
pub type Extractor<'a> = &'a dyn Fn(&[u8], Option<&str>) -> Prediction;

/// Which dev sets to score; absent ones are skipped.
#[derive(Debug, Clone, Default)]
pub struct Sets {
    pub aeb: Option<PathBuf>,
    pub wcxb: Option<PathBuf>,
    pub htmldate: Option<PathBuf>,
    /// Score only the first N pages of each set.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExtractionReport {
    pub aeb: Option<AebReport>,
    pub wcxb: Option<WcxbReport>,
    pub htmldate: Option<HtmldateReport>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AebReport {
    pub pages: usize,
    pub body: Prf,
    pub ms_per_page: f64,
    /// Pages whose body F1 is below 0.9, worst first.
    #[serde(skip)]
    pub misses: Vec<Miss>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct WcxbReport {
    pub pages: usize,
    pub body: Prf,
    /// Exact title (whitespace-normalised), over pages with a gold title.
    pub title_exact: Accuracy,
    /// Same set of author names (case-insensitive), over pages with gold authors.
    pub authors_exact: Accuracy,
    /// Same day, over pages with a gold date.
    pub date_exact: Accuracy,
    pub ms_per_page: f64,
    /// Wrong titles and dates, page by page (printed by `--misses`, not serialised).
    #[serde(skip)]
    pub misses: Vec<Miss>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct HtmldateReport {
    pub pages: usize,
    pub counts: DateCounts,
    pub date: Prf,
    pub ms_per_page: f64,
    #[serde(skip)]
    pub misses: Vec<Miss>,
}

/// One page where the extractor and the gold disagree, for error analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// `body`, `title` or `date`.
    pub field: &'static str,
    pub page: String,
    pub url: Option<String>,
    pub gold: String,
    pub ours: String,
}

impl Miss {
    fn new(field: &'static str, page: &GoldPage, gold: &str, ours: Option<&str>) -> Self {
        Miss {
            field,
            page: page.id.clone(),
            url: page.url.clone(),
            gold: gold.to_string(),
            ours: ours.unwrap_or("-").to_string(),
        }
    }

    /// One tab-separated line: field, page, gold, ours, url.
    pub fn to_tsv(&self) -> String {
        let url = self.url.as_deref().unwrap_or("-");
        let (gold, ours) = (squash(&self.gold), squash(&self.ours));
        format!("{}\t{}\t{gold}\t{ours}\t{url}", self.field, self.page)
    }
}

/// Right answers out of pages scored.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Accuracy {
    pub right: usize,
    pub total: usize,
}

impl Accuracy {
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }

    pub fn score(&self) -> Option<f64> {
        (self.total > 0).then(|| self.right as f64 / self.total as f64)
    }
}

/// Scores `extract` on each set named in `sets`.
pub fn evaluate(sets: &Sets, extract: Extractor) -> Result<ExtractionReport, EvalError> {
    let load = |dir: &Option<PathBuf>, f: fn(&Path) -> Result<Vec<GoldPage>, EvalError>| {
        dir.as_deref()
            .map(|d| {
                f(d).map(|mut p| {
                    p.truncate(sets.limit.unwrap_or(usize::MAX));
                    p
                })
            })
            .transpose()
    };
    Ok(ExtractionReport {
        aeb: load(&sets.aeb, datasets::aeb)?
            .map(|p| score_aeb(&p, extract))
            .transpose()?,
        wcxb: load(&sets.wcxb, datasets::wcxb)?
            .map(|p| score_wcxb(&p, extract))
            .transpose()?,
        htmldate: load(&sets.htmldate, datasets::htmldate)?
            .map(|p| score_htmldate(&p, extract))
            .transpose()?,
    })
}

/// Runs the extractor on every page, timing extraction alone (not reading or gunzipping).
fn predict_all(
    pages: &[GoldPage],
    extract: Extractor,
) -> Result<(Vec<Prediction>, f64), EvalError> {
    let mut out = Vec::with_capacity(pages.len());
    let mut seconds = 0.0;
    for page in pages {
        let html = page.read_html()?;
        let start = Instant::now();
        out.push(extract(&html, page.url.as_deref()));
        seconds += start.elapsed().as_secs_f64();
    }
    let ms = 1000.0 * seconds / pages.len().max(1) as f64;
    Ok((out, ms))
}

pub fn score_aeb(pages: &[GoldPage], extract: Extractor) -> Result<AebReport, EvalError> {
    let (preds, ms_per_page) = predict_all(pages, extract)?;
    let shingles: Vec<Shingles> = pages
        .iter()
        .zip(&preds)
        .map(|(g, p)| Shingles::matching(g.body.as_deref().unwrap_or(""), &p.body))
        .collect();
    let mut misses: Vec<(f64, Miss)> = Vec::new();
    for ((g, s), p) in pages.iter().zip(&shingles).zip(&preds) {
        let f1 = Prf::from_pr(s.precision().unwrap_or(0.0), s.recall().unwrap_or(0.0)).f1;
        if f1 < 0.9 {
            let scores = format!(
                "F1 {f1:.3} P {:.3} R {:.3}",
                s.tp / (s.tp + s.fp).max(1e-9),
                s.tp / (s.tp + s.fn_).max(1e-9)
            );
            let ours = format!("{scores} | {}", preview(&p.body));
            misses.push((
                f1,
                Miss::new(
                    "body",
                    g,
                    &preview(g.body.as_deref().unwrap_or("")),
                    Some(&ours),
                ),
            ));
        }
    }
    misses.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(AebReport {
        pages: pages.len(),
        body: metrics::aeb_summary(&shingles),
        ms_per_page,
        misses: misses.into_iter().map(|(_, m)| m).collect(),
    })
}

pub fn score_wcxb(pages: &[GoldPage], extract: Extractor) -> Result<WcxbReport, EvalError> {
    let (preds, ms_per_page) = predict_all(pages, extract)?;
    let mut bodies = Vec::new();
    let (mut title, mut authors, mut date) = Default::default();
    let mut misses = Vec::new();
    for (g, p) in pages.iter().zip(&preds) {
        bodies.push(metrics::word_bag(g.body.as_deref().unwrap_or(""), &p.body));
        if let Some(t) = &g.title {
            let right = same_title(t, p.title.as_deref());
            Accuracy::add(&mut title, right);
            if !right {
                misses.push(Miss::new("title", g, t, p.title.as_deref()));
            }
        }
        if let Some(a) = &g.authors {
            Accuracy::add(&mut authors, same_authors(a, &p.authors));
        }
        if let Some(d) = &g.date {
            let day = p.published.as_deref().map(|p| p.get(..10).unwrap_or(p));
            Accuracy::add(&mut date, day == Some(d.as_str()));
            if day != Some(d.as_str()) {
                misses.push(Miss::new("date", g, d, day));
            }
        }
    }
    Ok(WcxbReport {
        pages: pages.len(),
        body: Prf::mean_of(&bodies),
        title_exact: title,
        authors_exact: authors,
        date_exact: date,
        ms_per_page,
        misses,
    })
}

pub fn score_htmldate(pages: &[GoldPage], extract: Extractor) -> Result<HtmldateReport, EvalError> {
    let (preds, ms_per_page) = predict_all(pages, extract)?;
    let mut counts = DateCounts::default();
    let mut misses = Vec::new();
    for (g, p) in pages.iter().zip(&preds) {
        let before = counts.tp + counts.tn;
        counts.add(g.date.as_deref(), p.published.as_deref());
        if counts.tp + counts.tn == before {
            let gold = g.date.as_deref().unwrap_or("-");
            misses.push(Miss::new("date", g, gold, p.published.as_deref()));
        }
    }
    Ok(HtmldateReport {
        pages: pages.len(),
        date: counts.prf(),
        counts,
        ms_per_page,
        misses,
    })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first 160 characters of a text, for a one-line view of a page.
fn preview(text: &str) -> String {
    squash(text).chars().take(160).collect()
}

fn same_title(gold: &str, pred: Option<&str>) -> bool {
    pred.is_some_and(|p| squash(p) == squash(gold))
}

/// Gold authors are one string ("A, B and C"); compare as case-insensitive sets of names.
fn same_authors(gold: &str, pred: &[String]) -> bool {
    let names = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .replace(" and ", ",")
            .replace(" & ", ",")
            .replace(';', ",")
            .split(',')
            .map(|n| squash(n).to_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    names(gold) == names(&pred.join(", "))
}

impl ExtractionReport {
    pub fn to_table(&self) -> String {
        let mut t = Table::new(&["set / metric", "pages", "P", "R", "F1", "ms/page"]);
        let ms = |v: f64| format!("{v:.2}");
        if let Some(a) = &self.aeb {
            t.row(prf_row(
                "AEB body (4-gram)",
                a.pages,
                &a.body,
                ms(a.ms_per_page),
            ));
        }
        if let Some(w) = &self.wcxb {
            t.row(prf_row(
                "WCXB body (word bag)",
                w.pages,
                &w.body,
                ms(w.ms_per_page),
            ));
            for (name, acc) in [
                ("WCXB title exact", &w.title_exact),
                ("WCXB author set exact", &w.authors_exact),
                ("WCXB date exact", &w.date_exact),
            ] {
                let s = score(acc.score());
                t.row(vec![
                    name.into(),
                    acc.total.to_string(),
                    s.clone(),
                    s.clone(),
                    s,
                    String::new(),
                ]);
            }
        }
        if let Some(h) = &self.htmldate {
            t.row(prf_row(
                "htmldate date (day)",
                h.pages,
                &h.date,
                ms(h.ms_per_page),
            ));
        }
        t.render()
    }

    /// Every miss of every set, one TSV line each: field, page, gold, ours, url.
    pub fn misses_tsv(&self) -> String {
        let aeb = self.aeb.iter().flat_map(|r| &r.misses);
        let wcxb = self.wcxb.iter().flat_map(|r| &r.misses);
        let htmldate = self.htmldate.iter().flat_map(|r| &r.misses);
        let sets = [
            ("aeb", aeb.collect::<Vec<_>>()),
            ("wcxb", wcxb.collect()),
            ("htmldate", htmldate.collect()),
        ];
        let mut out = String::new();
        for (set, misses) in sets {
            for m in misses {
                out.push_str(&format!("{set}\t{}\n", m.to_tsv()));
            }
        }
        out
    }
}

fn prf_row(name: &str, pages: usize, prf: &Prf, ms: String) -> Vec<String> {
    vec![
        name.to_string(),
        pages.to_string(),
        format!("{:.3}", prf.precision),
        format!("{:.3}", prf.recall),
        format!("{:.3}", prf.f1),
        ms,
    ]
}
