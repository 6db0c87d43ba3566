//! `attache eval gold`: score one analysis against a hand-made gold file in the seed schema
//! (`gold/seed.gold.json`).
//!
//! Gold quotes are text, not offsets. A predicted quote matches a gold quote when the Dice
//! overlap of their content words reaches [`matching::MATCH_THRESHOLD`]; pairs are formed one to
//! one, best overlap first. Gold quotes marked `optional` count neither as misses nor, when
//! matched, as false positives. Every other field is scored on the matched pairs (see
//! [`fields`] for the rule on empty values), so a field score reads "of the quotes found, how
//! many got this right".

mod fields;
pub mod matching;
pub mod names;
pub mod report;
pub mod schema;

pub use report::{FieldScore, GoldReport, Miss};
pub use schema::GoldDoc;

use self::fields::{Context, QUOTE_FIELDS};
use self::matching::{closest, match_contents, Matching};
use self::names::NameBook;
use self::report::*;
use self::schema::GoldDispute;
use super::{f1, read_file, EvalError};
use crate::model::{Analysis, Dispute};
use crate::{Content, InputDoc, Options};
use std::path::{Path, PathBuf};

pub fn load(path: &Path) -> Result<GoldDoc, EvalError> {
    let text = read_file(path)?;
    serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        what: "seed-schema gold JSON",
        source,
    })
}

/// A prediction file: one analysis as `attache analyze` prints it.
pub fn load_prediction(path: &Path) -> Result<Analysis, EvalError> {
    let text = read_file(path)?;
    serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        what: "analysis JSON",
        source,
    })
}

/// The text a gold file describes: `text` when given, else the gold's `document`, relative
/// to the gold file's folder.
pub fn text_path(
    gold: &GoldDoc,
    gold_path: &Path,
    text: Option<&Path>,
) -> Result<PathBuf, EvalError> {
    if let Some(t) = text {
        return Ok(t.to_path_buf());
    }
    let document = gold.document.as_deref().ok_or_else(|| {
        EvalError::Input(format!(
            "{} names no `document`; pass the text with --text",
            gold_path.display()
        ))
    })?;
    let folder = gold_path.parent().unwrap_or_else(|| Path::new(""));
    Ok(folder.join(document))
}

/// Run the pipeline the way a user would: default options, the gold's publication date.
pub fn predict(gold: &GoldDoc, text_path: &Path) -> Result<Analysis, EvalError> {
    let text = read_file(text_path)?;
    let doc = InputDoc {
        id: text_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        content: Content::Text(text),
        published: gold.published.clone(),
        ..Default::default()
    };
    let opts = Options {
        published: gold.published.clone(),
        ..Options::default()
    };
    Ok(crate::analyze(doc, &opts))
}

/// Score `pred` against `gold`; `document` names the pair in the report.
pub fn score(gold: &GoldDoc, pred: &Analysis, document: &str) -> GoldReport {
    let gold_texts: Vec<&str> = gold.quotes.iter().map(|q| q.content.as_str()).collect();
    let pred_texts: Vec<&str> = pred
        .quotes
        .iter()
        .map(|q| q.content.text.as_str())
        .collect();
    let matching = match_contents(&gold_texts, &pred_texts);
    let ctx = context(gold, pred, &matching);

    let mut names: Vec<&str> = vec![QUOTE_RECALL, QUOTE_PRECISION];
    names.extend(QUOTE_FIELDS.iter().map(|(name, _)| *name));
    names.extend([DISPUTE_RECALL, DISPUTE_PRECISION, BOILERPLATE, BODY_INTACT]);
    let mut card = Scorecard::with_fields(&names);

    score_detection(&mut card, gold, &pred_texts, &matching);
    score_fields(&mut card, gold, pred, &matching, &ctx);
    score_disputes(&mut card, gold, pred, &ctx);
    score_boilerplate(&mut card, gold, pred);

    let (fields, misses) = card.into_parts();
    let mut report = GoldReport {
        document: document.to_string(),
        gold_quotes: gold.quotes.len(),
        optional_gold_quotes: gold.quotes.iter().filter(|q| q.optional).count(),
        predicted_quotes: pred.quotes.len(),
        quote_f1: 0.0,
        fields,
        misses,
    };
    let score_of = |name| report.field(name).and_then(|f| f.score);
    report.quote_f1 = f1(score_of(QUOTE_PRECISION), score_of(QUOTE_RECALL));
    report
}

fn context<'a>(gold: &'a GoldDoc, pred: &'a Analysis, m: &Matching) -> Context<'a> {
    let pairs: Vec<(&str, &str)> = m
        .pairs()
        .map(|(g, p)| (gold.quotes[g].id.as_str(), pred.quotes[p].id.as_str()))
        .collect();
    Context {
        names: NameBook::new(&gold.entities),
        pred,
        gold_to_pred: pairs.iter().copied().collect(),
        pred_to_gold: pairs.iter().map(|&(g, p)| (p, g)).collect(),
    }
}

/// Quote recall over required gold quotes; precision over predictions not matched to an
/// optional gold quote.
fn score_detection(card: &mut Scorecard, gold: &GoldDoc, pred_texts: &[&str], m: &Matching) {
    for (g, quote) in gold.quotes.iter().enumerate() {
        if quote.optional {
            continue;
        }
        let found = m.gold_to_pred[g].is_some();
        card.tally(QUOTE_RECALL, found);
        if !found {
            let near =
                closest(&quote.content, pred_texts).map(|(o, t)| format!("closest ({o:.2}): {t}"));
            card.miss(Miss {
                field: QUOTE_RECALL.into(),
                gold_id: Some(quote.id.clone()),
                gold: quote.content.clone(),
                predicted: near,
                context: None,
            });
        }
    }
    for (p, text) in pred_texts.iter().enumerate() {
        match m.pred_to_gold[p] {
            Some(g) if gold.quotes[g].optional => {}
            Some(_) => card.tally(QUOTE_PRECISION, true),
            None => {
                card.tally(QUOTE_PRECISION, false);
                card.miss(Miss {
                    field: QUOTE_PRECISION.into(),
                    gold_id: None,
                    gold: "(no gold quote)".into(),
                    predicted: Some(text.to_string()),
                    context: None,
                });
            }
        }
    }
}

/// Fields are scored on every matched pair, optional gold quotes included: once a system
/// reports an optional quote, what it says about it should be right.
fn score_fields(
    card: &mut Scorecard,
    gold: &GoldDoc,
    pred: &Analysis,
    m: &Matching,
    ctx: &Context,
) {
    for (g, p) in m.pairs() {
        let (gq, pq) = (&gold.quotes[g], &pred.quotes[p]);
        for (name, check) in QUOTE_FIELDS {
            card.check(name, check(gq, pq, ctx), gq);
        }
    }
}

/// Disputes link quotes, so both ends are mapped through the matching; `also` lists other
/// gold quotes acceptable as the claim.
fn score_disputes(card: &mut Scorecard, gold: &GoldDoc, pred: &Analysis, ctx: &Context) {
    for gd in &gold.disputes {
        let found = pred.disputes.iter().any(|pd| accepts(gd, pd, ctx));
        card.tally(DISPUTE_RECALL, found);
        if !found {
            card.miss(Miss {
                field: DISPUTE_RECALL.into(),
                gold_id: Some(gd.claim.clone()),
                gold: describe_dispute(gd),
                predicted: None,
                context: None,
            });
        }
    }
    for pd in &pred.disputes {
        let found = gold.disputes.iter().any(|gd| accepts(gd, pd, ctx));
        card.tally(DISPUTE_PRECISION, found);
        if !found {
            card.miss(Miss {
                field: DISPUTE_PRECISION.into(),
                gold_id: None,
                gold: "(no gold dispute)".into(),
                predicted: Some(format!("{} disputed by {}", pd.claim, pd.disputed_by)),
                context: None,
            });
        }
    }
}

fn accepts(gd: &GoldDispute, pd: &Dispute, ctx: &Context) -> bool {
    let mapped = |id: &str| ctx.gold_to_pred.get(id).copied();
    let by_ok = mapped(&gd.disputed_by) == Some(pd.disputed_by.as_str());
    let claim_ok = std::iter::once(&gd.claim)
        .chain(&gd.also)
        .any(|c| mapped(c) == Some(pd.claim.as_str()));
    by_ok && claim_ok
}

fn describe_dispute(gd: &GoldDispute) -> String {
    let mut s = format!("{} disputed by {}", gd.claim, gd.disputed_by);
    if !gd.also.is_empty() {
        s.push_str(&format!(" (claim may also be {})", gd.also.join(", ")));
    }
    s
}

/// Each gold boilerplate string must be gone from `text` and reported in some boilerplate
/// span; "body intact" checks that stripping did not eat the article's last sentence.
/// Whitespace runs compare equal, since extraction may reflow lines.
fn score_boilerplate(card: &mut Scorecard, gold: &GoldDoc, pred: &Analysis) {
    let text = squash(&pred.text);
    let reported: Vec<String> = pred.boilerplate.iter().map(|b| squash(&b.text)).collect();
    for s in &gold.boilerplate {
        let wanted = squash(s);
        let removed = !text.contains(&wanted);
        let covered = reported.iter().any(|r| r.contains(&wanted));
        card.tally(BOILERPLATE, removed && covered);
        if !(removed && covered) {
            let what = if removed {
                "removed but not reported as boilerplate"
            } else {
                "still in text"
            };
            card.miss(Miss {
                field: BOILERPLATE.into(),
                gold_id: None,
                gold: s.clone(),
                predicted: Some(what.into()),
                context: None,
            });
        }
    }
    if let Some(last) = gold
        .body_last_sentence
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let intact = text.contains(&squash(last));
        card.tally(BODY_INTACT, intact);
        if !intact {
            card.miss(Miss {
                field: BODY_INTACT.into(),
                gold_id: None,
                gold: last.to_string(),
                predicted: Some("not in text".into()),
                context: None,
            });
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
