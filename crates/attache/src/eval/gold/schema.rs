//! The seed gold schema (`gold/seed.gold.json`): text, not offsets, so that a person can write
//! it by hand. Fields the scorer does not use (entity types, actor codes, events, notes) are
//! accepted and ignored.

use crate::model::QuoteType;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The text file this gold describes, relative to the gold file's folder.
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// The body's last sentence: present in the clean text when the body was kept whole.
    #[serde(default)]
    pub body_last_sentence: Option<String>,
    /// Strings that must be removed from the clean text and reported as boilerplate.
    #[serde(default)]
    pub boilerplate: Vec<String>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub disputes: Vec<GoldDispute>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Canonical name; speakers and addressees of quotes refer to it.
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuoteType,
    pub content: String,
    /// Canonical entity name; `null` when nobody is quoted (a notion, not a claim).
    #[serde(default)]
    pub speaker: Option<String>,
    /// The mention nearest the cue; empty when there is no speaker.
    #[serde(default)]
    pub speaker_mention: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    /// A canonical entity name or a plain phrase ("reporters").
    #[serde(default)]
    pub addressee: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub via: Vec<String>,
    #[serde(default)]
    pub continues: Option<String>,
    #[serde(default)]
    pub nested_in: Option<String>,
    /// A quote a system may skip: neither a miss when absent nor a false positive when found.
    #[serde(default)]
    pub optional: bool,
}

/// A claim and the quote that denies it; `also` lists other quotes acceptable as the claim.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDispute {
    pub claim: String,
    pub disputed_by: String,
    #[serde(default)]
    pub also: Vec<String>,
}
