//! What the learned attribution decided at every token and for every quote, recorded only on
//! request (`attache eval polnear --errors`), so that a missed or spurious attribution can be
//! traced to its cause: a cue word the model never scores, a sentence left unparsed, a cue
//! below the threshold, or a policy rule of [`super::learned`] that dropped it.
//!
//! Recording is per thread: the scorer analyses each document on one thread, between
//! [`record`]'s start and end, and nothing is recorded (or costs anything) otherwise.

use std::cell::RefCell;
use std::ops::Range;

/// Why a token did or did not become a model attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueFate {
    /// The word is not in the model's cue vocabulary, so it is never scored.
    OutsideVocabulary,
    /// In the vocabulary, but its sentence was not parsed.
    Unparsed,
    /// Scored below the cue threshold, by this much (margin + bias ≤ 0).
    BelowThreshold(i32),
    /// Part of the cue span of the previous cue.
    InPreviousCue,
    /// Accepted, but no content was drawn.
    NoContent,
    /// An attribution was predicted; what the merge policy did with it.
    Predicted(Policy),
}

/// What [`super::learned::apply`] did with a model attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// It redrew the content and cue of a rule quote.
    Redrew,
    /// It met a rule quote it may not correct (direct, mixed, denial), which stays as it was.
    KeptRule,
    /// It became a new quote.
    Added,
    /// Dropped: the content overlaps a rule quote.
    OverlapsRule,
    /// Dropped: a classifier cue inside another content.
    Nested,
    /// Dropped: a classifier cue whose content is a claim it reacts to.
    OthersClaim,
    /// Dropped: a classifier cue in a headline.
    Headline,
    /// Dropped: the source lies in a dateline.
    Dateline,
}

impl CueFate {
    /// A short name for the breakdown tables.
    pub fn name(self) -> &'static str {
        match self {
            CueFate::OutsideVocabulary => "cue word outside the model's vocabulary",
            CueFate::Unparsed => "sentence not parsed",
            CueFate::BelowThreshold(_) => "cue below the classifier threshold",
            CueFate::InPreviousCue => "inside the previous cue span",
            CueFate::NoContent => "cue accepted, no content drawn",
            CueFate::Predicted(p) => p.name(),
        }
    }
}

impl Policy {
    pub fn name(self) -> &'static str {
        match self {
            Policy::Redrew => "model redrew a rule quote elsewhere",
            Policy::KeptRule => "met a rule quote it may not correct",
            Policy::Added => "added by the model",
            Policy::OverlapsRule => "dropped: content overlaps a rule quote",
            Policy::Nested => "dropped: classifier cue inside another content",
            Policy::OthersClaim => "dropped: others' claim",
            Policy::Headline => "dropped: headline",
            Policy::Dateline => "dropped: dateline source",
        }
    }
}

/// Where a quote of the output came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Rules,
    /// A rule quote whose content and cue the model redrew.
    RulesRedrawn,
    /// A model attribution added with a cue the rules know (lexicon, "according", colon,
    /// quotation).
    ModelKnownCue,
    /// A model attribution added on the classifier's word alone.
    ModelClassifierCue,
}

impl Origin {
    pub fn name(self) -> &'static str {
        match self {
            Origin::Rules => "rules",
            Origin::RulesRedrawn => "rules, redrawn by the model",
            Origin::ModelKnownCue => "model, cue the rules know",
            Origin::ModelClassifierCue => "model, classifier cue",
        }
    }
}

/// One document's record, in byte offsets of the analysed text.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The fate of every token: its bytes and why it is or is not a cue.
    pub tokens: Vec<(Range<usize>, CueFate)>,
    /// The content bytes of every quote the model touched, and where it came from; quotes
    /// not listed are the rules' own.
    pub quotes: Vec<(Range<usize>, Origin)>,
}

thread_local! {
    static RECORDING: RefCell<Option<Trace>> = const { RefCell::new(None) };
}

/// Runs `f`, recording what the quote stage decides on this thread.
pub fn record<R>(f: impl FnOnce() -> R) -> (R, Trace) {
    RECORDING.with(|r| *r.borrow_mut() = Some(Trace::default()));
    let out = f();
    let trace = RECORDING
        .with(|r| r.borrow_mut().take())
        .unwrap_or_default();
    (out, trace)
}

/// Is a trace being recorded on this thread? Callers skip the work of noting otherwise.
pub(super) fn recording() -> bool {
    RECORDING.with(|r| r.borrow().is_some())
}

pub(super) fn note(write: impl FnOnce(&mut Trace)) {
    RECORDING.with(|r| {
        if let Some(t) = r.borrow_mut().as_mut() {
            write(t);
        }
    });
}
