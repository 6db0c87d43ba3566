//! Events stage: who did what to whom — actor-coded events with CAMEO codes, Goldstein scores,
//! quad classes and PLOVER types, each with its evidence span.
//!
//! Events come from independent sources that each propose [`Candidate`]s over tokens:
//! [`speech`] turns the quote stage's speech acts into statements, comments, denials, appeals
//! and threats; [`lexical`] matches the readable patterns of `resources/events/patterns.txt`
//! ("talks with X", "visited X"); [`tree`] applies the verb patterns of
//! `resources/events/verbs.txt` over dependency trees (subject, object, obliques, clausal
//! complements) to the verbs the other two left uncoded. Everything after — dates ([`dates`]), coding against the
//! CAMEO table ([`cameo`]), within-document dedup ([`dedup`]) and output — is shared.

pub mod cameo;
pub mod dates;
mod dedup;
mod described;
pub mod gdelt;
pub mod lexical;
pub mod speech;
pub mod tone;
pub mod tree;

use crate::calendar::Day;
use crate::entities::{text_span, Entities};
use crate::model::{self, CharIndex, EntityType, EventActor, Plover, TextSpan};
use crate::quotes::Quotes;
use crate::text::syntax::Trees;
use crate::text::tagger::Upos;
use crate::text::Annotated;
use std::ops::Range;

/// One side of an event: an entity and/or a code (a demonym such as "Western" has a code but
/// no entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub entity: Option<usize>,
    pub code: String,
}

/// Which source proposed an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Speech,
    Lexical,
    Tree,
}

/// An event as a source proposes it, in tokens.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: Party,
    pub target: Option<Party>,
    pub cameo: &'static str,
    /// PLOVER mode the pattern names, when the CAMEO table has none.
    pub mode: Option<&'static str>,
    pub evidence: Range<usize>,
    /// Tokens where the date of the event may be stated (the evidence's sentence, minus quoted
    /// content: a date inside a quote dates what is quoted, not the saying of it).
    pub date_scope: Vec<Range<usize>>,
    pub quote: Option<usize>,
    /// What was said, for speech acts: two reports of one statement share their words.
    pub content: Option<Range<usize>>,
    pub negated: bool,
    pub hypothetical: bool,
    pub origin: Origin,
}

/// A coded event with its date and every place it is reported.
#[derive(Debug, Clone)]
pub struct Found {
    pub candidate: Candidate,
    pub date: dates::EventDate,
    /// Further reports of the same event (evidence, quote).
    pub also: Vec<(Range<usize>, Option<usize>)>,
}

#[derive(Debug, Clone, Default)]
pub struct Events {
    pub items: Vec<Found>,
}

/// A mention of an entity with an actor code.
#[derive(Debug, Clone)]
pub struct CodedMention {
    pub tokens: Range<usize>,
    /// None for actors named by description only ("the Israeli army").
    pub entity: Option<usize>,
    pub code: String,
    pub kind: EntityType,
    /// Whether the entity can act: people, organisations, countries and their capitals, not
    /// other cities or regions.
    pub agent: bool,
}

/// Coded mentions in text order: entities with codes, and actors named by description.
pub fn coded_mentions(ann: &Annotated, ents: &Entities) -> Vec<CodedMention> {
    let named = named_mentions(ann, ents);
    let mut all = described::mentions(ann, &named);
    all.extend(named);
    all.sort_by_key(|m| (m.tokens.start, m.tokens.end));
    all
}

/// Whether the word after a mention makes it a modifier ("the Minsk agreement", "Moscow
/// talks"): a city named so is a label, not its government acting.
fn modifies_next(ann: &Annotated, end: usize) -> bool {
    ann.tags
        .get(end)
        .is_some_and(|t| matches!(t.upos, Upos::Noun | Upos::Propn))
}

fn named_mentions(ann: &Annotated, ents: &Entities) -> Vec<CodedMention> {
    ents.mentions
        .iter()
        .filter_map(|m| {
            let e = m.entity?;
            let c = &ents.clusters[e];
            let code = c.actor.as_ref()?.code.clone();
            let agent = match c.kind {
                EntityType::Person | EntityType::Org => true,
                // A capital acts for its country's government ("Berlin rejected the offer").
                EntityType::Gpe => {
                    crate::actors::is_country_name(&c.name)
                        || crate::actors::is_capital(&c.name)
                            && !modifies_next(ann, m.raw.tokens.end)
                }
                EntityType::Loc => false,
            } && !currency_label(ann, m.raw.tokens.end);
            Some(CodedMention {
                tokens: m.raw.tokens.clone(),
                entity: Some(e),
                code,
                kind: c.kind,
                agent,
            })
        })
        .collect()
}

/// Whether a name labels a currency ("US $50 million", "Hong Kong $"): no actor then.
fn currency_label(ann: &Annotated, end: usize) -> bool {
    end < ann.tokens.len() && matches!(ann.word(end), "$" | "dollars" | "dollar")
}

/// Find, date, code and deduplicate the events of one document. Sentences without a tree (an
/// unparsed document) yield no tree-coded events.
pub fn find(
    ann: &Annotated,
    trees: &Trees,
    ents: &Entities,
    quotes: &Quotes,
    disputes: &[model::Dispute],
    published: Option<Day>,
) -> Events {
    let mentions = coded_mentions(ann, ents);
    let mut candidates = speech::candidates(ann, ents, quotes, disputes, &mentions);
    candidates.extend(lexical::candidates(ann, &mentions));
    // Verbatim quotes are coded as speech acts; reported speech ("X says it is willing to
    // withdraw its troops") states the event itself and is coded from the tree as well.
    let quoted: Vec<Range<usize>> = quotes
        .items
        .iter()
        .filter(|q| q.kind == model::QuoteType::Direct)
        .map(|q| q.content.clone())
        .collect();
    let from_trees = tree::candidates(ann, trees, &mentions, &mut candidates, &quoted);
    candidates.extend(from_trees);
    for c in &mut candidates {
        if reciprocal(c.cameo) && compound_source(ann, &mentions, c) {
            // "X and Y agreed to …", "X and Y held talks": PLOVER codes both as actors and no
            // one as recipient; an actor the pattern found near them (a reporting official,
            // the subject of the talks) is not a party to the act.
            c.target = None;
        } else if c.target.is_none() {
            c.target = place_target(ann, &mentions, c);
        }
    }
    let items = candidates
        .into_iter()
        .filter(|c| cameo::lookup(c.cameo).is_some())
        .map(|c| {
            let date = dates::resolve(ann, &c.date_scope, &c.evidence, published);
            Found {
                candidate: c,
                date,
                also: Vec::new(),
            }
        })
        .collect();
    Events {
        items: dedup::merge(ann, items),
    }
}

/// CAMEO roots whose events happen to a place when no one is named as their object: aid
/// promised or sent, a curfew lifted, an inquiry opened, a demand made, a threat issued, a
/// protest staged, ties cut, troops deployed, people arrested or killed there. Such an event's
/// target is the country the sentence names (a place, or another actor's country), else the
/// source's own country, as the PLOVER and CAMEO coding manuals code domestic events.
/// Statements, appeals and meetings (01, 02, 04–06) are not placed: where talks are held is
/// not who they are with. Intents (03) are, like the acts they announce ("will provide aid",
/// "is willing to withdraw its troops"): the PLOVER gold records place them so.
const PLACED_ROOTS: &[&str] = &[
    "03", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
];

/// Acts on oneself: declaring a ceasefire, retreating, surrendering, demobilising (087x), and
/// stepping down (0831). Without a named object they have no recipient; the place where they
/// happen is not one.
const INTRANSITIVE: &[&str] = &["087", "0831"];

/// Acts two parties do together, which a compound subject makes reciprocal: agreeing,
/// consulting, cooperating (03–06), and failing to reach an agreement (125).
fn reciprocal(cameo: &str) -> bool {
    matches!(cameo.get(..2), Some("03" | "04" | "05" | "06")) || cameo == "125"
}

/// Whether the event's source is one side of "X and Y" in its sentence.
fn compound_source(ann: &Annotated, mentions: &[CodedMention], c: &Candidate) -> bool {
    let sentence = ann.sentences[ann.sentence_of(c.evidence.start)]
        .tokens
        .clone();
    mentions
        .iter()
        .filter(|m| sentence.contains(&m.tokens.start) && is_source(c, m))
        .any(|m| conjoined(ann, mentions, m))
}

/// Whether a mention is the candidate's source. A described source ("British aircraft") has
/// no entity: its mention carries its code.
fn is_source(c: &Candidate, m: &CodedMention) -> bool {
    m.entity.is_some() && m.entity == c.source.entity
        || m.entity.is_none() && m.code == c.source.code
}

fn place_target(ann: &Annotated, mentions: &[CodedMention], c: &Candidate) -> Option<Party> {
    if !PLACED_ROOTS.contains(&c.cameo.get(..2)?)
        || INTRANSITIVE.iter().any(|p| c.cameo.starts_with(p))
    {
        return None;
    }
    let sentence = ann.sentences[ann.sentence_of(c.evidence.start)]
        .tokens
        .clone();
    // Any mention but the source's own: the source's country itself is right for an event
    // that stays inside it ("Ruritanian police arrested … in Zenda").
    let own = |m: &CodedMention| is_source(c, m);
    // "X and Y agreed to a ceasefire": a reciprocal act of both, with no one else as its
    // target (PLOVER codes both as actors, without a recipient).
    if compound_source(ann, mentions, c) {
        return None;
    }
    let named = mentions
        .iter()
        .filter(|m| sentence.contains(&m.tokens.start) && !own(m))
        .filter(|m| !reports(ann, m))
        .filter(|m| !m.code.ends_with("MED"))
        .find_map(|m| crate::actors::split_code(&m.code).0);
    // Nothing else named: the event stays inside the source's own country ("the army arrested
    // hundreds", "opposition parties staged a strike"), which PLOVER codes as that country.
    let country = named.or_else(|| crate::actors::split_code(&c.source.code).0)?;
    Some(Party {
        entity: None,
        code: country.to_string(),
    })
}

/// Whether a mention is who reports the sentence's news ("…, Ruritanian police said", "…,
/// according to the Ruritanian army"): the teller of an event is not a party to it.
pub(crate) fn reports(ann: &Annotated, m: &CodedMention) -> bool {
    let sentence = ann.sentences[ann.sentence_of(m.tokens.start)]
        .tokens
        .clone();
    let after = (m.tokens.end..sentence.end.min(m.tokens.end + 3))
        .map(|i| ann.word(i).to_lowercase())
        .take_while(|w| !matches!(w.as_str(), "," | "." | ";" | "that"))
        .any(|w| {
            matches!(
                w.as_str(),
                "said" | "says" | "say" | "reported" | "reports" | "told" | "stated" | "added"
            )
        });
    let before = words_before(ann, m.tokens.start, 3);
    let according = before
        .windows(2)
        .any(|p| p[0] == "according" && p[1] == "to");
    after || according
}

/// Whether a mention is one side of "A and B" between two coded actors.
fn conjoined(ann: &Annotated, mentions: &[CodedMention], m: &CodedMention) -> bool {
    let and = |i: usize| i < ann.tokens.len() && ann.word(i).eq_ignore_ascii_case("and");
    // A place coded as a bare country ("Bosnia") is that country's side here.
    let actor = |o: &CodedMention| o.agent || crate::actors::country(&o.code).is_some();
    let actor_ends = |end: usize| mentions.iter().any(|o| actor(o) && o.tokens.end == end);
    let actor_starts = |start: usize| mentions.iter().any(|o| actor(o) && o.tokens.start == start);
    (m.tokens.start > 1 && and(m.tokens.start - 1) && actor_ends(m.tokens.start - 1))
        || (and(m.tokens.end) && actor_starts(m.tokens.end + 1))
}

impl Events {
    pub fn to_output(
        &self,
        ann: &Annotated,
        ents: &Entities,
        index: &CharIndex,
    ) -> Vec<model::Event> {
        let quote_id = |q: usize| format!("q{}", q + 1);
        let party = |p: &Party| EventActor {
            entity: p.entity.map(|e| ents.entity_id(e)),
            actor: Some(p.code.clone()),
        };
        self.items
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let c = &f.candidate;
                let entry = cameo::lookup(c.cameo).expect("codes are checked in find");
                let plover = entry.plover_event.map(|event| Plover {
                    event: event.to_string(),
                    mode: c.mode.or(entry.plover_mode).map(str::to_string),
                });
                model::Event {
                    id: format!("v{}", i + 1),
                    source: party(&c.source),
                    target: c.target.as_ref().map(party),
                    cameo: c.cameo.to_string(),
                    quad_class: entry.quad_class,
                    goldstein: entry.goldstein,
                    plover,
                    date: f.date.day.map(|d| d.to_string()),
                    date_end: f.date.end.map(|d| d.to_string()),
                    date_text: f.date.text.clone().map(|r| ann.slice(r).to_string()),
                    date_basis: f.date.basis.map(|b| b.as_str().to_string()),
                    evidence: text_span(ann, index, c.evidence.clone()),
                    also_evidence: f
                        .also
                        .iter()
                        .map(|(r, _)| text_span(ann, index, r.clone()))
                        .collect::<Vec<TextSpan>>(),
                    quote: c.quote.map(quote_id),
                    negated: c.negated,
                    hypothetical: c.hypothetical,
                }
            })
            .collect()
    }
}

/// Words before `at` (up to `n`, inside the sentence), lowercase, nearest last.
pub(crate) fn words_before(ann: &Annotated, at: usize, n: usize) -> Vec<String> {
    let start = ann.sentences[ann.sentence_of(at.min(ann.tokens.len().saturating_sub(1)))]
        .tokens
        .start;
    (start.max(at.saturating_sub(n))..at)
        .map(|i| ann.word(i).to_lowercase().replace('’', "'"))
        .collect()
}

/// Whether the words just before an event deny it ("did not meet", "never visited").
pub(crate) fn negated_before(words: &[String]) -> bool {
    words
        .iter()
        .rev()
        .take(3)
        .any(|w| matches!(w.as_str(), "not" | "never" | "n't" | "no") || w.ends_with("n't"))
}

/// Whether the words just before an event announce or intend it ("will visit", "would
/// boycott", "is ready to meet"): the event is then the intent to it, as the tree coder
/// codes it. A condition ("if it would …") or a possibility ("could") is no announcement.
pub(crate) fn intended_before(words: &[String]) -> bool {
    let near: Vec<&str> = words.iter().rev().take(4).map(String::as_str).collect();
    let possible = |w: &&str| {
        matches!(
            *w,
            "if" | "unless" | "could" | "might" | "may" | "should" | "must"
        )
    };
    if near.iter().any(possible) {
        return false;
    }
    near.iter()
        .any(|w| matches!(*w, "will" | "would" | "'ll" | "shall"))
        || near.windows(2).any(|p| {
            p[0] == "to" && matches!(p[1], "ready" | "willing" | "prepared" | "plans" | "intends")
        })
}

/// Whether the words just before an event make it unreal or not yet real ("would meet",
/// "plans to visit", "if … talks").
pub(crate) fn hypothetical_before(words: &[String]) -> bool {
    let near: Vec<&str> = words.iter().rev().take(4).map(String::as_str).collect();
    near.iter().any(|w| {
        matches!(
            *w,
            "would"
                | "unless"
                | "could"
                | "might"
                | "may"
                | "will"
                | "if"
                | "should"
                | "'ll"
                | "shall"
                | "must"
        )
    }) || near.windows(2).any(|p| {
        p[0] == "to"
            && matches!(
                p[1],
                "plans"
                    | "planned"
                    | "plan"
                    | "wants"
                    | "wanted"
                    | "hopes"
                    | "hoped"
                    | "intends"
                    | "looking"
                    | "seeking"
                    | "trying"
                    | "expected"
                    | "due"
                    | "set"
                    | "going"
            )
    })
}

#[cfg(test)]
mod tests;
