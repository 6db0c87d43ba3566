//! The learned attribution model, trained on PolNeAR: for every token, is it the head of a cue;
//! for every cue, which span around it is the cue, which span is its content and which (if
//! any) its source. Each decision is an averaged perceptron (a classifier for cue words,
//! rankers over candidate spans cut along the dependency tree); the content and source are
//! chosen together so they never overlap.

mod candidates;
mod context;
mod features;
mod span;
mod train;

pub use candidates::CueSpan;
pub use context::Context;
pub use train::{train, TrainConfig, TrainStats};

use crate::quotes::marks::Quoted;
use crate::quotes::trace::CueFate;
use crate::text::codec::{DecodeError, Reader, Writer};
use crate::text::perceptron::{hash_str, ByteHasher, Feature, Weights};
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
    /// The words (lowercased) that head cues often enough in training to be worth scoring;
    /// sorted. Only their sentences need parsing, and only they are scored as cues.
    cue_words: Vec<String>,
    /// Hashes of `cue_words`, sorted, for lookups without lowercasing into a string.
    cue_word_hashes: Vec<u64>,
    cue: Weights,
    cue_span: Weights,
    content: Weights,
    source: Weights,
}

const MAGIC: &[u8; 8] = b"ATTRIB04";

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

/// Scores candidates with one buffer of features reused for all of them.
struct Scorer<'m> {
    weights: &'m Weights,
    feats: Vec<Feature>,
}

impl<'m> Scorer<'m> {
    fn new(weights: &'m Weights) -> Self {
        Scorer {
            weights,
            feats: Vec::with_capacity(64),
        }
    }

    /// The score of the features `write` puts in the buffer, under a one-class ranker.
    fn rank(&mut self, write: impl FnOnce(&mut Vec<Feature>)) -> i32 {
        write(&mut self.feats);
        let mut s = [0i32; 1];
        self.weights.score(&self.feats, &mut s);
        s[0]
    }
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
        w.strs(&self.cue_words);
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
        let cue_words = r.strs()?;
        let model = AttributionModel {
            cue_bias,
            cue_word_hashes: word_hashes(&cue_words),
            cue_words,
            cue: Weights::read(&mut r)?,
            cue_span: Weights::read(&mut r)?,
            content: Weights::read(&mut r)?,
            source: Weights::read(&mut r)?,
        };
        r.finish()?;
        Ok(model)
    }

    /// Could `word` head a cue? Words never or rarely seen as cues in training are not scored.
    pub fn may_be_cue(&self, word: &str) -> bool {
        let mut h = ByteHasher::new();
        let mut buf = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
        self.cue_word_hashes.binary_search(&h.finish()).is_ok()
    }

    fn may_be_cue_at(&self, cx: &Context, i: usize) -> bool {
        self.cue_word_hashes
            .binary_search(&cx.hashes[i].lower)
            .is_ok()
    }

    pub fn n_cue_words(&self) -> usize {
        self.cue_words.len()
    }

    pub fn n_features(&self) -> usize {
        [&self.cue, &self.cue_span, &self.content, &self.source]
            .iter()
            .map(|w| w.n_features())
            .sum()
    }

    /// Every attribution in the document, in order of cue.
    pub fn predict(&self, cx: &Context, quoted: &[Quoted]) -> Vec<Predicted> {
        self.predict_noting(cx, quoted, |_, _| {})
    }

    /// [`Self::predict`], telling `note` why each token that did not become an attribution
    /// did not (the tokens that did are left to the caller's merge policy).
    pub fn predict_noting(
        &self,
        cx: &Context,
        quoted: &[Quoted],
        mut note: impl FnMut(usize, CueFate),
    ) -> Vec<Predicted> {
        let mut out: Vec<Predicted> = Vec::new();
        let mut feats = Vec::with_capacity(64);
        let mut shared = span::SharedScores::new(cx.len());
        for i in 0..cx.len() {
            if !self.may_be_cue_at(cx, i) {
                note(i, CueFate::OutsideVocabulary);
                continue;
            }
            // Tokens of unparsed sentences are not cues: the pipeline parses every sentence
            // that could hold one (`quotes::sentences_to_parse`).
            if cx.trees.deprel(i).is_none() {
                note(i, CueFate::Unparsed);
                continue;
            }
            if out.last().is_some_and(|p| p.cue.tokens.contains(&i)) {
                note(i, CueFate::InPreviousCue);
                continue;
            }
            let margin = self.cue_margin(cx, i, &mut feats) + self.cue_bias;
            if margin <= 0 {
                note(i, CueFate::BelowThreshold(margin));
                continue;
            }
            let cue = self.best_cue_span(cx, i);
            match self.attribute(cx, cue, quoted, &mut shared) {
                Some(p) => out.push(p),
                None => note(i, CueFate::NoContent),
            }
        }
        out
    }

    /// How much more the cue class scores than the other at token `i`.
    fn cue_margin(&self, cx: &Context, i: usize, feats: &mut Vec<Feature>) -> i32 {
        let mut s = [0i32; 2];
        features::cue_token(cx, i, feats);
        self.cue.score(feats, &mut s);
        s[1] - s[0]
    }

    fn best_cue_span(&self, cx: &Context, head: usize) -> CueSpan {
        let spans = candidates::cue_spans(cx, head);
        let mut scorer = Scorer::new(&self.cue_span);
        best(&spans, |c| scorer.rank(|f| features::cue_span(cx, c, f))).map_or(
            CueSpan {
                head,
                tokens: head..head + 1,
            },
            |k| spans[k].clone(),
        )
    }

    /// The best content, then the best source that does not overlap it.
    fn attribute(
        &self,
        cx: &Context,
        cue: CueSpan,
        quoted: &[Quoted],
        shared: &mut span::SharedScores,
    ) -> Option<Predicted> {
        let content = self.best_content(cx, &cue, quoted, shared)?;
        let source = self.best_source(cx, &cue, &content);
        Some(Predicted {
            cue,
            content,
            source,
        })
    }

    /// The best source candidate outside the content, or none when "no source" scores at
    /// least as high.
    fn best_source(
        &self,
        cx: &Context,
        cue: &CueSpan,
        content: &Range<usize>,
    ) -> Option<Range<usize>> {
        let sources: Vec<Candidate> = candidates::sources(cx, cue)
            .into_iter()
            .filter(|c| !crate::quotes::overlaps(&c.tokens, content))
            .collect();
        let mut scorer = Scorer::new(&self.source);
        let none = scorer.rank(|f| features::no_source(cx, cue, f));
        // The "no source" choice competes as one more candidate; on a tie it wins, as a
        // source must score strictly higher.
        let mut top: Option<(usize, i32)> = None;
        for (k, c) in sources.iter().enumerate() {
            let s = scorer.rank(|f| features::source(cx, cue, c, f));
            if s > top.map_or(none, |t| t.1) {
                top = Some((k, s));
            }
        }
        top.map(|(k, _)| sources[k].tokens.clone())
    }

    /// The content under the factorised span model: every span of the window around the cue,
    /// the tree candidates carrying their ranker score on top. The scores of the features a
    /// token's role shares with every cue on the same side come from `shared`.
    fn best_content(
        &self,
        cx: &Context,
        cue: &CueSpan,
        quoted: &[Quoted],
        shared: &mut span::SharedScores,
    ) -> Option<Range<usize>> {
        let contents = candidates::contents(cx, cue, quoted);
        let frame = span::Frame::new(cx, cue, &contents);
        let mut scorer = Scorer::new(&self.content);
        let bonus: Vec<(Range<usize>, i32)> = contents
            .iter()
            .map(|c| {
                let s = scorer.rank(|f| features::content(cx, cue, c, f));
                (c.tokens.clone(), s)
            })
            .collect();
        let scores = span::Scores::of_window(&frame.window, |part, t| {
            // No span holds a cue token (the tree candidates do not either), and a span's
            // inside sum is a difference of prefix sums that cancels theirs: their scores
            // never count, so they are left at 0.
            if cue.tokens.contains(&t) {
                return 0;
            }
            let side = frame.side(t);
            let common = shared.get(part, t, side, || {
                scorer.rank(|f| span::shared_features(cx, part, t, side, f))
            });
            common + scorer.rank(|f| span::own_features(cx, &frame, part, t, f))
        });
        let r = span::decode(
            &frame.window,
            &cue.tokens,
            &frame.agents(cx),
            &scores,
            &bonus,
        )?;
        Some(take_next_quotation(
            cx,
            quoted,
            leave_outer_close(cx, quoted, r),
        ))
    }
}

/// A content cannot close a quotation that opens before it: a span ending in a closing mark
/// (and the punctuation before it) whose opening mark lies before the span leaves that mark to
/// the quotation around it ("“The mayor said [taxes would rise],” the paper reported").
fn leave_outer_close(cx: &Context, quoted: &[Quoted], mut r: Range<usize>) -> Range<usize> {
    while r.len() > 1 {
        let last = r.end - 1;
        let outer = quoted
            .iter()
            .any(|q| q.close == Some(last) && q.open < r.start);
        if !outer {
            break;
        }
        let mut end = last;
        while end > r.start + 1 && cx.is_punct(end - 1) {
            end -= 1;
        }
        r.end = end;
    }
    r
}

/// Nor does a content stop right before a quotation closed in its own sentence: the
/// quotation finishes the reported clause ("saying anybody who backs it “is not
/// listening”").
fn take_next_quotation(cx: &Context, quoted: &[Quoted], r: Range<usize>) -> Range<usize> {
    let sentence = cx.sentence_range(r.end - 1);
    quoted
        .iter()
        .find(|q| q.open == r.end && q.close.is_some_and(|c| c < sentence.end))
        .and_then(|q| q.close)
        .map_or(r.clone(), |close| r.start..close + 1)
}

fn word_hashes(words: &[String]) -> Vec<u64> {
    let mut out: Vec<u64> = words.iter().map(|w| hash_str(w)).collect();
    out.sort_unstable();
    out
}

/// Index of the highest-scoring item; ties go to the first, for determinism.
fn best<T>(items: &[T], mut score: impl FnMut(&T) -> i32) -> Option<usize> {
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
