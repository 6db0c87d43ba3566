//! Field-by-field comparison of a matched (gold, predicted) quote pair.
//!
//! One rule for optional fields: a field is scored when either side has a value, and is
//! right when both have one and they agree. A system is thus penalised for a spurious
//! addressee or speaker (gold `null`, predicted something), but not rewarded for leaving a
//! field empty where gold is empty too — that would inflate scores of a system that finds
//! nothing. `channel` is the exception the spec names: scored only where gold has one, since
//! gold does not mark every setting as a channel.

use super::names::{normalize, NameBook};
use super::report::Check;
use super::schema::GoldQuote;
use crate::eval::tokens::words;
use crate::model::{Analysis, Party, Quote};
use std::collections::HashMap;

/// What the field checks need beyond the pair itself.
pub struct Context<'a> {
    pub names: NameBook,
    pub pred: &'a Analysis,
    /// Gold quote id → id of the predicted quote matched to it.
    pub gold_to_pred: HashMap<&'a str, &'a str>,
    /// Predicted quote id → id of the gold quote matched to it.
    pub pred_to_gold: HashMap<&'a str, &'a str>,
}

impl Context<'_> {
    /// The predicted speaker's canonical name: the speaker's own `name`, else the linked
    /// entity's, else the mention text.
    fn speaker_name(&self, q: &Quote) -> Option<String> {
        let s = q.speaker.as_ref()?;
        let from_entity = || {
            let id = s.entity.as_deref()?;
            self.pred
                .entities
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.name.clone())
        };
        Some(
            s.name
                .clone()
                .or_else(from_entity)
                .unwrap_or_else(|| s.mention.text.clone()),
        )
    }

    /// A party names the gold string by its name (surname rule included) or its mention text.
    fn party_matches(&self, party: &Party, gold: &str) -> bool {
        self.names.matches(&party.name, gold) || normalize(&party.mention.text) == normalize(gold)
    }

    /// A predicted quote id, with the gold quote it was matched to, for reports.
    fn describe_pred_id(&self, id: &str) -> String {
        match self.pred_to_gold.get(id) {
            Some(g) => format!("{id} (= gold {g})"),
            None => format!("{id} (matches no gold quote)"),
        }
    }
}

pub type FieldCheck = fn(&GoldQuote, &Quote, &Context) -> Check;

/// The fields of a matched pair, in report order.
pub const QUOTE_FIELDS: [(&str, FieldCheck); 9] = [
    ("speaker", speaker),
    ("speaker mention", speaker_mention),
    ("cue", cue),
    ("type", kind),
    ("addressee", addressee),
    ("channel", channel),
    ("via", via),
    ("continues", continues),
    ("nested_in", nested_in),
];

fn speaker(g: &GoldQuote, p: &Quote, ctx: &Context) -> Check {
    let predicted = ctx.speaker_name(p);
    either_side(g.speaker.as_deref(), predicted.as_deref(), |p, g| {
        ctx.names.matches(p, g)
    })
}

fn speaker_mention(g: &GoldQuote, p: &Quote, _: &Context) -> Check {
    let predicted = p.speaker.as_ref().map(|s| s.mention.text.as_str());
    either_side(g.speaker_mention.as_deref(), predicted, |p, g| {
        normalize(p) == normalize(g)
    })
}

/// Cues agree when their texts share a word: "has informed" and "informed" name one cue.
fn cue(g: &GoldQuote, p: &Quote, _: &Context) -> Check {
    let predicted = p.cue.as_ref().map(|c| c.text.as_str());
    either_side(g.cue.as_deref(), predicted, |p, g| {
        let gw = words(g);
        normalize(p) == normalize(g) || words(p).iter().any(|w| gw.contains(w))
    })
}

fn kind(g: &GoldQuote, p: &Quote, _: &Context) -> Check {
    if g.kind == p.kind {
        Check::Right
    } else {
        Check::Wrong {
            gold: format!("{:?}", g.kind).to_lowercase(),
            predicted: format!("{:?}", p.kind).to_lowercase(),
        }
    }
}

fn addressee(g: &GoldQuote, p: &Quote, ctx: &Context) -> Check {
    match (non_empty(g.addressee.as_deref()), &p.addressee) {
        (None, None) => Check::NotScored,
        (Some(gold), Some(party)) if ctx.party_matches(party, gold) => Check::Right,
        (gold, party) => Check::Wrong {
            gold: show(gold),
            predicted: show(party.as_ref().map(describe_party).as_deref()),
        },
    }
}

/// Scored only where gold names a channel; either text containing the other counts
/// ("interview" vs "an interview with the French weekly").
fn channel(g: &GoldQuote, p: &Quote, _: &Context) -> Check {
    let Some(gold) = non_empty(g.channel.as_deref()) else {
        return Check::NotScored;
    };
    let predicted = p.channel.as_ref().map(|c| c.text.as_str());
    either_side(Some(gold), predicted, |p, g| {
        let (p, g) = (normalize(p), normalize(g));
        !p.is_empty() && (p.contains(&g) || g.contains(&p))
    })
}

/// Relays compare as sets: every gold name found among the predicted parties and back.
fn via(g: &GoldQuote, p: &Quote, ctx: &Context) -> Check {
    if g.via.is_empty() && p.via.is_empty() {
        return Check::NotScored;
    }
    let covered = g
        .via
        .iter()
        .all(|name| p.via.iter().any(|party| ctx.party_matches(party, name)));
    let justified = p
        .via
        .iter()
        .all(|party| g.via.iter().any(|name| ctx.party_matches(party, name)));
    if covered && justified {
        Check::Right
    } else {
        let predicted: Vec<String> = p.via.iter().map(describe_party).collect();
        Check::Wrong {
            gold: format!("[{}]", g.via.join(", ")),
            predicted: format!("[{}]", predicted.join(", ")),
        }
    }
}

fn continues(g: &GoldQuote, p: &Quote, ctx: &Context) -> Check {
    linked_quote(g.continues.as_deref(), p.continues.as_deref(), ctx)
}

fn nested_in(g: &GoldQuote, p: &Quote, ctx: &Context) -> Check {
    linked_quote(g.nested_in.as_deref(), p.nested_in.as_deref(), ctx)
}

/// A link to another quote is right when the predicted target is the quote matched to the
/// gold target; ids themselves are arbitrary on both sides.
fn linked_quote(gold: Option<&str>, pred: Option<&str>, ctx: &Context) -> Check {
    match (gold, pred) {
        (None, None) => Check::NotScored,
        (Some(g), Some(p)) if ctx.gold_to_pred.get(g) == Some(&p) => Check::Right,
        (g, p) => Check::Wrong {
            gold: show(g),
            predicted: show(p.map(|id| ctx.describe_pred_id(id)).as_deref()),
        },
    }
}

/// The shared rule (module docs): scored when either side has a value.
fn either_side(gold: Option<&str>, pred: Option<&str>, same: impl Fn(&str, &str) -> bool) -> Check {
    match (non_empty(gold), non_empty(pred)) {
        (None, None) => Check::NotScored,
        (Some(g), Some(p)) if same(p, g) => Check::Right,
        (g, p) => Check::Wrong {
            gold: show(g),
            predicted: show(p),
        },
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

fn show(s: Option<&str>) -> String {
    s.map_or_else(|| "(none)".to_string(), str::to_string)
}

fn describe_party(p: &Party) -> String {
    if normalize(&p.name) == normalize(&p.mention.text) {
        p.name.clone()
    } else {
        format!("{} ({:?})", p.name, p.mention.text)
    }
}
