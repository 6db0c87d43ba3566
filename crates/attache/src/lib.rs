//! attache: reads news the way an analyst does — the clean article, who said what to whom,
//! who did what to whom — and returns it as evidence-linked data ([`model::Analysis`]).
//!
//! The pipeline (DESIGN.md) is one module per stage, each a pure function from one typed value
//! to the next: [`extract`] → [`text`] → [`entities`] (with [`actors`] codes) → [`quotes`] →
//! [`claims`] → [`events`]. [`pipeline`] strings them together; [`eval`] scores the result
//! against gold data; [`calendar`] is the shared day arithmetic.

pub mod actors;
pub mod calendar;
pub mod claims;
pub mod entities;
pub mod eval;
pub mod events;
pub mod extract;
pub mod model;
pub mod pipeline;
pub mod quotes;
pub mod store;
pub mod text;

pub use extract::{Content, InputDoc};
pub use model::Analysis;
pub use pipeline::{analyze, analyze_text, analyze_timed, Options, Stage, StageTimes};
