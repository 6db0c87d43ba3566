//! The output contract (DESIGN.md, "Output"): one [`Analysis`] per document.
//!
//! Field names here are shared with scorers, the store, the API and the JSON Schema in
//! `schema/analysis.schema.json`; rename only with a migration.

mod offsets;

pub use offsets::CharIndex;

use serde::{Deserialize, Serialize};

/// A piece of the clean text: character offsets (Unicode code points, end exclusive) and the text itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Everything attache found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub id: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    /// When the page was fetched (WARC input), ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// The clean body; every offset in this document refers to it.
    pub text: String,
    /// Boilerplate found in the input and removed from `text`. Removed text is by definition not
    /// in `text`, so these offsets are character offsets into the input (plain text) or into the
    /// paragraph text extracted from the page (HTML).
    pub boilerplate: Vec<Boilerplate>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub disputes: Vec<Dispute>,
    /// Non-fatal problems met while reading this document (documented degradations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    pub start: usize,
    pub end: usize,
    pub kind: BoilerplateKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateKind {
    AuthorBio,
    Promo,
    SourceLine,
    Comments,
    Share,
    Nav,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    /// Canonical name: the fullest name the document uses.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub actor: Option<ActorCode>,
    pub mentions: Vec<TextSpan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorCode {
    pub code: String,
    pub country: Option<String>,
    pub role: Option<String>,
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteType {
    /// Verbatim, in quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech that contains quoted fragments.
    Mixed,
}

/// What a quote attributes: something said, or a belief, wish or intention ("X believes",
/// "X wants"), so that users can keep speech apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    #[default]
    Statement,
    Belief,
}

/// Who a quote is attributed to: the canonical entity and the mention nearest the cue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub entity: Option<String>,
    /// Canonical name of `entity`, repeated so a reader need not join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub mention: TextSpan,
}

/// A party a quote was addressed to or relayed by; `entity` links it when it is a named entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub entity: Option<String>,
    pub name: String,
    pub mention: TextSpan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuoteType,
    /// Statement or belief.
    #[serde(rename = "kind", default)]
    pub act: QuoteKind,
    /// What was said, without the outer quotation marks.
    pub content: TextSpan,
    pub cue: Option<TextSpan>,
    pub speaker: Option<Speaker>,
    pub addressee: Option<Party>,
    /// The medium or setting: "interview", "press conference", "statement", "Twitter", …
    pub channel: Option<TextSpan>,
    /// Relays, nearest first: "according to a translation provided by Politico" → Politico.
    pub via: Vec<Party>,
    /// The quote this one carries on without a cue of its own.
    pub continues: Option<String>,
    /// The quote whose content contains this one (reported speech inside reported speech).
    pub nested_in: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub entity: Option<String>,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    pub event: String,
    pub mode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub source: EventActor,
    pub target: Option<EventActor>,
    pub cameo: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Option<Plover>,
    /// The day of the event (`YYYY-MM-DD`), or the first day of `date_end`'s span.
    pub date: Option<String>,
    /// Last day of a span ("last week", "in September 2014").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    pub date_text: Option<String>,
    /// How `date` was found: "text" (resolved from `date_text`) or "published" (no date in the
    /// text; the publication date stands in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<String>,
    pub evidence: TextSpan,
    /// Further reports of the same event in the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_evidence: Vec<TextSpan>,
    pub quote: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
}

/// A claim and the statement that denies or contradicts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub claim: String,
    pub disputed_by: String,
}
