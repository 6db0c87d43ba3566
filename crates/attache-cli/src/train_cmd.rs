//! `attache train …`: rebuild the embedded models from the data in `../shared/data`.

use crate::models_cli::{names, parser, tagger};
use crate::resources_cli;

#[derive(clap::Subcommand)]
pub enum Train {
    /// POS tagger (UPOS, XPOS) and lemmatiser, from UD English EWT.
    Tagger(tagger::TrainArgs),
    /// Name tagger (PER, ORG, LOC), from UNER English EWT.
    Names(names::TrainArgs),
    /// Dependency parser, from UD English EWT.
    Parser(parser::TrainArgs),
    /// Actor and agent dictionaries (PETRARCH/Phoenix) and country table (GeoNames), compiled
    /// into resources/actors/.
    Actors(resources_cli::ActorsArgs),
    /// CAMEO event table (names, Goldstein scores, quad classes, PLOVER types), compiled into
    /// resources/events/cameo.tsv.
    Events(resources_cli::EventsArgs),
}

pub fn run(t: Train) -> anyhow::Result<u8> {
    match t {
        Train::Tagger(a) => tagger::train(a),
        Train::Names(a) => names::train(a),
        Train::Parser(a) => parser::train(a),
        Train::Actors(a) => resources_cli::actors(a),
        Train::Events(a) => resources_cli::events(a),
    }
}
