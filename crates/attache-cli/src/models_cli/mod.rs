//! Command-line front ends of the NLP models: one file per model, each with its `train` (and
//! evaluation) entry points.

pub mod bench_models;
pub mod clusters;
pub mod eval_conllu;
pub mod eval_iob2;
pub mod names;
pub mod parser;
pub mod tagger;
