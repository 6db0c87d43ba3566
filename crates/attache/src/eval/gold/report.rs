//! What the gold scorer reports: a score per field and every miss, with the gold text.

use super::schema::GoldQuote;
use crate::eval::ratio;
use crate::eval::table::{self, Table};
use serde::Serialize;

pub const QUOTE_RECALL: &str = "quote recall";
pub const QUOTE_PRECISION: &str = "quote precision";
pub const DISPUTE_RECALL: &str = "disputes (recall)";
pub const DISPUTE_PRECISION: &str = "disputes (precision)";
pub const BOILERPLATE: &str = "boilerplate removed";
pub const BODY_INTACT: &str = "body intact";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScore {
    pub field: String,
    pub correct: usize,
    pub total: usize,
    /// `correct / total`; `None` when nothing was scored.
    pub score: Option<f64>,
}

/// One thing the prediction got wrong, with enough text to find it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub field: String,
    /// The gold quote the miss concerns, if any.
    pub gold_id: Option<String>,
    pub gold: String,
    pub predicted: Option<String>,
    /// The gold quote's content, for misses about one of its fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// The outcome of comparing one gold field with its prediction.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Neither side has a value, or the field is not scored for this quote.
    NotScored,
    Right,
    Wrong {
        gold: String,
        predicted: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct GoldReport {
    pub document: String,
    pub gold_quotes: usize,
    pub optional_gold_quotes: usize,
    pub predicted_quotes: usize,
    pub quote_f1: f64,
    pub fields: Vec<FieldScore>,
    pub misses: Vec<Miss>,
}

impl GoldReport {
    pub fn field(&self, name: &str) -> Option<&FieldScore> {
        self.fields.iter().find(|f| f.field == name)
    }

    /// The per-field table followed by the list of misses.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "gold {}: {} gold quotes ({} optional), {} predicted; quote F1 {:.3}\n\n",
            self.document,
            self.gold_quotes,
            self.optional_gold_quotes,
            self.predicted_quotes,
            self.quote_f1
        );
        let mut t = Table::new(&["field", "correct", "total", "score"]);
        for f in &self.fields {
            t.row(vec![
                f.field.clone(),
                f.correct.to_string(),
                f.total.to_string(),
                table::score(f.score),
            ]);
        }
        out.push_str(&t.render());
        out.push_str(&format!("\nmisses ({}):\n", self.misses.len()));
        for m in &self.misses {
            out.push_str(&render_miss(m));
        }
        out
    }
}

fn render_miss(m: &Miss) -> String {
    let id = m
        .gold_id
        .as_deref()
        .map_or(String::new(), |id| format!(" {id}"));
    let predicted = m
        .predicted
        .as_deref()
        .map_or("(none)".to_string(), |p| format!("{:?}", clip(p)));
    let mut line = format!(
        "  [{}]{id} gold {:?} — predicted {predicted}\n",
        m.field,
        clip(&m.gold)
    );
    if let Some(c) = &m.context {
        line.push_str(&format!("      in {:?}\n", clip(c)));
    }
    line
}

/// Long texts are cut for the terminal; `--json` keeps them whole.
fn clip(s: &str) -> String {
    const MAX: usize = 90;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// Running tallies, in the order the fields are first named.
#[derive(Debug, Default)]
pub struct Scorecard {
    fields: Vec<FieldScore>,
    misses: Vec<Miss>,
}

impl Scorecard {
    /// Name the fields up front so the table keeps a fixed order and shows unscored fields.
    pub fn with_fields(names: &[&str]) -> Self {
        let mut card = Scorecard::default();
        for name in names {
            card.slot(name);
        }
        card
    }

    fn slot(&mut self, field: &str) -> &mut FieldScore {
        let i = match self.fields.iter().position(|f| f.field == field) {
            Some(i) => i,
            None => {
                self.fields.push(FieldScore {
                    field: field.to_string(),
                    correct: 0,
                    total: 0,
                    score: None,
                });
                self.fields.len() - 1
            }
        };
        &mut self.fields[i]
    }

    pub fn tally(&mut self, field: &str, correct: bool) {
        let slot = self.slot(field);
        slot.total += 1;
        slot.correct += usize::from(correct);
        slot.score = ratio(slot.correct, slot.total);
    }

    pub fn miss(&mut self, miss: Miss) {
        self.misses.push(miss);
    }

    /// Count a field check of a matched quote, keeping the miss when it is wrong.
    pub fn check(&mut self, field: &str, check: Check, quote: &GoldQuote) {
        match check {
            Check::NotScored => {}
            Check::Right => self.tally(field, true),
            Check::Wrong { gold, predicted } => {
                self.tally(field, false);
                self.miss(Miss {
                    field: field.to_string(),
                    gold_id: Some(quote.id.clone()),
                    gold,
                    predicted: Some(predicted),
                    context: Some(quote.content.clone()),
                });
            }
        }
    }

    pub fn into_parts(self) -> (Vec<FieldScore>, Vec<Miss>) {
        (self.fields, self.misses)
    }
}
