//! Claims stage: link a statement to the earlier claim it denies or contradicts.

use crate::model::Dispute;
use crate::quotes::Quotes;
use crate::text::Annotated;

pub fn find_disputes(_ann: &Annotated, _quotes: &Quotes) -> Vec<Dispute> {
    Vec::new()
}
