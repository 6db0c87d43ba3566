//! Quotes stage: who said what.

use crate::entities::Entities;
use crate::model::{CharIndex, Quote};
use crate::text::Annotated;

#[derive(Debug, Clone, Default)]
pub struct Quotes {}

pub fn find(_ann: &Annotated, _ents: &Entities) -> Quotes {
    Quotes {}
}

impl Quotes {
    pub fn to_output(&self, _ann: &Annotated, _ents: &Entities, _index: &CharIndex) -> Vec<Quote> {
        Vec::new()
    }
}
