//! The learned attribution model, trained on PolNeAR: for every token, is it the head of a cue;
//! for every cue, which span around it is the cue, which span is its content and which (if
//! any) its source. Each decision is an averaged perceptron (a classifier for cue words,
//! rankers over candidate spans cut along the dependency tree); the content and source are
//! chosen together so they never overlap.

mod candidates;
mod context;
mod features;
mod train;

pub use candidates::CueSpan;
pub use context::Context;
pub use train::{train, TrainConfig, TrainStats};

use crate::quotes::marks::Quoted;
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::{Feature, Weights};
use candidates::Candidate;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// One attribution as the model finds it, in token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicted {
    pub cue: CueSpan,
    pub content: Range<usize>,
    pub source: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttributionModel {
    /// Added to the cue class's score: tuned on dev to trade cue precision for recall.
    cue_bias: i32,
    cue: Weights,
    cue_span: Weights,
    content: Weights,
    source: Weights,
}

const MAGIC: &[u8; 8] = b"ATTRIB02";

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../../../models/attribution.bin");

/// A model loaded at run time in place of the embedded one (see [`AttributionModel::use_instead`]).
static OVERRIDE: OnceLock<AttributionModel> = OnceLock::new();

static EMBEDDED: LazyLock<Option<AttributionModel>> = LazyLock::new(|| {
    (!EMBEDDED_BYTES.is_empty()).then(|| {
        AttributionModel::from_bytes(EMBEDDED_BYTES).unwrap_or_else(|e| {
            panic!("the embedded attribution model is unusable ({e}); rebuild it with `attache train attribution`")
        })
    })
});

/// Score of a candidate under a one-class ranker.
fn rank(w: &Weights, feats: &[Feature]) -> i32 {
    let mut s = [0i32; 1];
    w.score(feats, &mut s);
    s[0]
}

impl AttributionModel {
    /// The model built into the binary (models/attribution.bin); `None` when it was built
    /// without one, and the quote stage then runs on its rules alone.
    pub fn embedded() -> Option<&'static AttributionModel> {
        OVERRIDE.get().or_else(|| EMBEDDED.as_ref())
    }

    /// Use the model in `bytes` for the rest of the process instead of the embedded one, so a
    /// freshly trained model can be scored without rebuilding. Only the first call counts.
    pub fn use_instead(bytes: &[u8]) -> Result<(), DecodeError> {
        let model = AttributionModel::from_bytes(bytes)?;
        let _ = OVERRIDE.set(model);
        Ok(())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.signed(i64::from(self.cue_bias));
        for part in [&self.cue, &self.cue_span, &self.content, &self.source] {
            part.write(&mut w);
        }
        w.bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC)?;
        let bias = r.signed()?;
        let cue_bias =
            i32::try_from(bias).map_err(|_| DecodeError(format!("bad cue bias {bias}")))?;
        let model = AttributionModel {
            cue_bias,
            cue: Weights::read(&mut r)?,
            cue_span: Weights::read(&mut r)?,
            content: Weights::read(&mut r)?,
            source: Weights::read(&mut r)?,
        };
        r.finish()?;
        Ok(model)
    }

    pub fn n_features(&self) -> usize {
        [&self.cue, &self.cue_span, &self.content, &self.source]
            .iter()
            .map(|w| w.n_features())
            .sum()
    }

    /// Every attribution in the document, in order of cue.
    pub fn predict(&self, cx: &Context, quoted: &[Quoted]) -> Vec<Predicted> {
        if cx.trees.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Predicted> = Vec::new();
        for i in 0..cx.len() {
            // Tokens of unparsed sentences are not cues: the pipeline parses every sentence
            // that could hold one (`quotes::sentences_to_parse`).
            let unparsed = cx.trees.deprel(i).is_none();
            if unparsed
                || out.last().is_some_and(|p| p.cue.tokens.contains(&i))
                || !self.is_cue(cx, i)
            {
                continue;
            }
            let cue = self.best_cue_span(cx, i);
            if let Some(p) = self.attribute(cx, cue, quoted) {
                out.push(p);
            }
        }
        out
    }

    fn is_cue(&self, cx: &Context, i: usize) -> bool {
        self.cue_margin(cx, i) + self.cue_bias > 0
    }

    /// How much more the cue class scores than the other at token `i`.
    fn cue_margin(&self, cx: &Context, i: usize) -> i32 {
        let mut s = [0i32; 2];
        self.cue.score(&features::cue_token(cx, i), &mut s);
        s[1] - s[0]
    }

    fn best_cue_span(&self, cx: &Context, head: usize) -> CueSpan {
        let spans = candidates::cue_spans(cx, head);
        best(&spans, |c| rank(&self.cue_span, &features::cue_span(cx, c))).map_or(
            CueSpan {
                head,
                tokens: head..head + 1,
            },
            |k| spans[k].clone(),
        )
    }

    /// The best content, then the best source that does not overlap it.
    fn attribute(&self, cx: &Context, cue: CueSpan, quoted: &[Quoted]) -> Option<Predicted> {
        let contents = candidates::contents(cx, &cue, quoted);
        let k = best(&contents, |c| {
            rank(&self.content, &features::content(cx, &cue, c))
        })?;
        let content = contents[k].tokens.clone();
        let sources: Vec<Candidate> = candidates::sources(cx, &cue)
            .into_iter()
            .filter(|c| c.tokens.end <= content.start || content.end <= c.tokens.start)
            .collect();
        let none = rank(&self.source, &features::no_source(cx, &cue));
        let source = best(&sources, |c| {
            rank(&self.source, &features::source(cx, &cue, c))
        })
        .filter(|&k| rank(&self.source, &features::source(cx, &cue, &sources[k])) > none)
        .map(|k| sources[k].tokens.clone());
        Some(Predicted {
            cue,
            content,
            source,
        })
    }
}

/// Index of the highest-scoring item; ties go to the first, for determinism.
fn best<T>(items: &[T], score: impl Fn(&T) -> i32) -> Option<usize> {
    let mut top: Option<(usize, i32)> = None;
    for (k, item) in items.iter().enumerate() {
        let s = score(item);
        if top.is_none_or(|(_, t)| s > t) {
            top = Some((k, s));
        }
    }
    top.map(|(k, _)| k)
}

#[cfg(test)]
mod tests;
