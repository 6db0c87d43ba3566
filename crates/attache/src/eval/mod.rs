//! Scorers: compare attache's output with gold data and print the metrics the issues name.
//!
//! - [`gold`]: the seed gold schema (`gold/seed.gold.json`): quotes matched by content, then
//!   speaker, cue, type, addressee, channel, relays, continuation, nesting, boilerplate and
//!   disputes scored on the matched pairs.
//! - [`extraction`]: HTML extraction on the AEB, WCXB and htmldate dev sets (body, title,
//!   authors, date).
//! - [`polnear`]: PolNeAR attributions in brat standoff: exact span, token overlap and
//!   gold-coverage P/R/F1 for source, cue and content, and speaker accuracy.
//! - [`events`]: events against the seed gold, PLOVER gold records and the PETRARCH unit tests.
//!
//! Scorers never call into the pipeline's own text processing ([`tokens`] has its own
//! tokenizer): a change in the system under test must not change how it is measured.

pub mod brat;
pub mod events;
pub mod extraction;
pub mod gold;
pub mod polnear;
pub mod spans;
mod table;
pub mod tokens;

use std::path::{Path, PathBuf};

/// Why a scorer could not run: the inputs it names could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid {what}")]
    Json {
        path: PathBuf,
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("{0}")]
    Input(String),
}

pub(crate) fn read_file(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// `part / whole`, or `None` when there is nothing to divide (a score of nothing is not 0).
pub(crate) fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Harmonic mean of precision and recall; 0 when either is missing or both are 0.
pub(crate) fn f1(precision: Option<f64>, recall: Option<f64>) -> f64 {
    match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
        _ => 0.0,
    }
}
