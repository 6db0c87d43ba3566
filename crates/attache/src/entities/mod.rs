//! Entities stage: name mentions and within-document coreference.

use crate::model::{CharIndex, Entity};
use crate::text::Annotated;

#[derive(Debug, Clone, Default)]
pub struct Entities {}

pub fn find(_ann: &Annotated) -> Entities {
    Entities {}
}

impl Entities {
    pub fn to_output(&self, _ann: &Annotated, _index: &CharIndex) -> Vec<Entity> {
        Vec::new()
    }
}
