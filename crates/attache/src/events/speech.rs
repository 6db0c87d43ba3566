//! Speech acts as events: every attributed quote of a coded actor is an event whose type
//! follows from its cue ("assured" → intent to cooperate, "denied" → deny, "accused" → accuse)
//! and, for plain statements, from the tone of what was said (pessimistic / optimistic).
//!
//! The speaker is the source. The target is, in order: the party whose claim a denial disputes;
//! the addressee, when it is a coded political actor (not a news outlet); else the one other
//! actor the content names, if it names exactly one.

use super::{tone, Candidate, CodedMention, Origin, Party};
use crate::actors::split_code;
use crate::entities::lexicon;
use crate::entities::Entities;
use crate::model::{Dispute, QuoteType};
use crate::quotes::cues::{self, Cue};
use crate::quotes::{self, Quotes};
use crate::text::Annotated;
use std::ops::Range;

/// The CAMEO code a cue verb makes of what it reports; None for plain statements (decided by tone).
fn cue_code(lemma: &str, has_addressee: bool) -> Option<&'static str> {
    Some(match lemma {
        "assure" | "promise" | "pledge" | "vow" => "030",
        "agree" => "019",
        "deny" | "dismiss" | "refute" | "dispute" => "016",
        "reject" => "120",
        "admit" | "acknowledge" | "concede" => "015",
        "accuse" | "charge" | "allege" => "112",
        "complain" | "lament" => "111",
        "threaten" => "130",
        "warn" if has_addressee => "130",
        "warn" | "caution" | "fear" | "worry" | "doubt" => "012",
        "hope" => "013",
        "urge" | "ask" | "advise" => "020",
        "demand" => "100",
        "propose" => "036",
        _ => return None,
    })
}

/// Is the cue a verb of saying in the lexicon (or one with a code of its own)? The learned
/// attribution also reports cues outside it, intentions among them ("plans to visit"): their
/// indirect content is what the verb itself does, which the tree and lexical coders code, not
/// a speech act.
fn is_speech_cue(ann: &Annotated, c: &Cue) -> bool {
    let word = ann.word(c.verb);
    cues::lookup(word).is_some()
        || cue_code(c.lemma.lemma, false).is_some()
        || word.eq_ignore_ascii_case("according")
        || word == ":"
}

pub fn candidates(
    ann: &Annotated,
    ents: &Entities,
    quotes: &Quotes,
    disputes: &[Dispute],
    mentions: &[CodedMention],
) -> Vec<Candidate> {
    quotes
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, q)| from_quote(ann, ents, quotes, disputes, mentions, i, q))
        .collect()
}

fn from_quote(
    ann: &Annotated,
    ents: &Entities,
    quotes: &Quotes,
    disputes: &[Dispute],
    mentions: &[CodedMention],
    i: usize,
    q: &quotes::Found,
) -> Option<Candidate> {
    let speaker = q.speaker.as_ref()?;
    let source = match speaker.entity {
        Some(e) => speaker_party(ents, e)?,
        None => described_speaker(mentions, speaker.tokens.clone())?,
    };
    let cue = q.cue.as_ref();
    if cue.is_some_and(|c| !is_speech_cue(ann, c)) && q.kind == QuoteType::Indirect {
        return None;
    }
    let addressed = q.addressee.as_ref().and_then(|a| a.entity);
    let disputed = disputed_party(ents, quotes, disputes, i);
    // A quote the claims stage found disputing another is a denial whatever its cue.
    let denial = q.is_denial() || disputes.iter().any(|d| d.disputed_by == quote_id(i));
    let lemma = cue.map(|c| c.lemma.lemma);
    // "X must hand over …": what the speaker says someone owes is a demand on them.
    let obliged = obliged_party(ann, mentions, q.content.clone(), &source);
    let cameo = if lemma.is_some_and(refuses) && opens_with_request(ann, q.content.clone()) {
        "120"
    } else if denial {
        "016"
    } else if lemma == Some("agree") && opens_with(ann, q.content.clone(), "to") {
        // "agreed to provide aid" commits to an act; "agreed that …" only shares a view.
        "030"
    } else if let Some(code) = lemma.and_then(|l| cue_code(l, addressed.is_some())) {
        code
    } else if obliged.is_some() {
        "100"
    } else {
        tone::statement_code(ann, q.content.clone())
    };
    let target = disputed
        .or(obliged)
        .or_else(|| addressed.and_then(|e| political_party(ents, e)))
        .or_else(|| named_in_content(ann, mentions, q.content.clone(), &source));
    let target = target.filter(|t| !same_actor(t, &source));
    let evidence = evidence_span(
        ann,
        speaker.tokens.clone(),
        cue.map(|c| c.tokens.clone()),
        q,
    );
    let before = super::words_before(ann, cue.map_or(q.content.start, |c| c.tokens.start), 4);
    Some(Candidate {
        source,
        target,
        cameo,
        mode: None,
        date_scope: outside_quotes(ann, evidence.clone(), quotes),
        evidence,
        quote: Some(i),
        content: Some(q.content.clone()),
        negated: cue.is_some_and(|c| c.negated),
        hypothetical: super::hypothetical_before(&before),
        origin: Origin::Speech,
    })
}

/// The speaker as an actor. Countries do not speak, governments do: "Russia said" is coded as
/// the Russian government. News outlets reporting are not political events.
fn speaker_party(ents: &Entities, e: usize) -> Option<Party> {
    let code = &ents.clusters[e].actor.as_ref()?.code;
    let (country, role) = split_code(code);
    if role.is_some_and(|r| r.ends_with("MED")) {
        return None;
    }
    let code = match (country, role) {
        (Some(c), None) => format!("{c}GOV"),
        _ => code.clone(),
    };
    Some(Party {
        entity: Some(e),
        code,
    })
}

/// A speaker named by description only ("a senior Ruritanian minister"): the coded mention
/// inside the speaker's words, a country standing for its government.
fn described_speaker(mentions: &[CodedMention], speaker: Range<usize>) -> Option<Party> {
    let m = mentions.iter().find(|m| {
        m.agent
            && m.entity.is_none()
            && speaker.start <= m.tokens.start
            && m.tokens.end <= speaker.end
    })?;
    let (country, role) = split_code(&m.code);
    if role.is_some_and(|r| r.ends_with("MED")) {
        return None;
    }
    let code = match (country, role) {
        (Some(c), None) => format!("{c}GOV"),
        _ => m.code.clone(),
    };
    Some(Party { entity: None, code })
}

/// Modals of obligation: "must", "should", "has to", "ought to".
fn is_obligation(ann: &Annotated, i: usize) -> bool {
    match ann.word(i).to_lowercase().as_str() {
        "must" | "should" | "ought" => true,
        "has" | "have" | "had" => i + 1 < ann.tokens.len() && ann.word(i + 1) == "to",
        _ => false,
    }
}

/// The actor said to owe an act ("that Libya must hand over …", "the government should
/// resign"): a coded actor right before a modal of obligation in the reported words, not the
/// speaker's own side (a speaker saying what it must do itself states an intent).
fn obliged_party(
    ann: &Annotated,
    mentions: &[CodedMention],
    content: Range<usize>,
    source: &Party,
) -> Option<Party> {
    let modal = content.clone().find(|&i| is_obligation(ann, i))?;
    let m = mentions.iter().rev().find(|m| {
        m.agent
            && m.tokens.start >= content.start
            && m.tokens.end <= modal
            && modal - m.tokens.end <= 1
    })?;
    let p = Party {
        entity: m.entity,
        code: m.code.clone(),
    };
    (!same_actor(&p, source)).then_some(p)
}

/// Cue verbs that turn down what they report ("dismissed an appeal", "rejected the offer").
fn refuses(lemma: &str) -> bool {
    matches!(lemma, "dismiss" | "reject" | "deny" | "refuse" | "rebuff")
}

/// Nouns of asking and offering: what is turned down is a request, so the act is a rejection.
const REQUEST_NOUNS: &[&str] = &[
    "appeal",
    "appeals",
    "call",
    "calls",
    "demand",
    "demands",
    "request",
    "requests",
    "offer",
    "offers",
    "proposal",
    "proposals",
    "plan",
    "plans",
    "ultimatum",
    "invitation",
    "bid",
    "initiative",
    "plea",
    "pleas",
    "suggestion",
    "suggestions",
];

/// Whether the reported words open with `word` ("to provide …").
fn opens_with(ann: &Annotated, content: Range<usize>, word: &str) -> bool {
    content
        .clone()
        .next()
        .is_some_and(|i| ann.word(i).eq_ignore_ascii_case(word))
}

/// Whether the reported words open with a request noun ("an appeal from …", "calls for …").
fn opens_with_request(ann: &Annotated, content: Range<usize>) -> bool {
    content
        .map(|i| ann.word(i).to_lowercase())
        .find(|w| {
            !matches!(
                w.as_str(),
                "a" | "an" | "the" | "that" | "this" | "his" | "her" | "its" | "their" | "any"
            )
        })
        .is_some_and(|w| REQUEST_NOUNS.contains(&w.as_str()))
}

/// An entity as a target, unless it is a news outlet (a channel, not a party to politics).
fn political_party(ents: &Entities, e: usize) -> Option<Party> {
    let code = &ents.clusters[e].actor.as_ref()?.code;
    (!split_code(code).1.is_some_and(|r| r.ends_with("MED"))).then(|| Party {
        entity: Some(e),
        code: code.clone(),
    })
}

/// A denial's target: the speaker of the claim it disputes.
fn disputed_party(
    ents: &Entities,
    quotes: &Quotes,
    disputes: &[Dispute],
    i: usize,
) -> Option<Party> {
    let claim = disputes.iter().find(|d| d.disputed_by == quote_id(i))?;
    let n: usize = claim.claim.strip_prefix('q')?.parse().ok()?;
    let e = quotes
        .items
        .get(n.checked_sub(1)?)?
        .speaker
        .as_ref()?
        .entity?;
    political_party(ents, e)
}

/// The one actor, other than the source, that the content names: coded mentions of people,
/// organisations and countries, and demonyms ("our Western interlocutors" → WST).
fn named_in_content(
    ann: &Annotated,
    mentions: &[CodedMention],
    content: Range<usize>,
    source: &Party,
) -> Option<Party> {
    let mut found: Vec<Party> = mentions
        .iter()
        .filter(|m| m.agent && m.tokens.start >= content.start && m.tokens.end <= content.end)
        .map(|m| Party {
            entity: m.entity,
            code: m.code.clone(),
        })
        .collect();
    let covered = |i: usize| {
        mentions
            .iter()
            .any(|m| m.tokens.start <= i && i < m.tokens.end)
    };
    for i in content.clone().filter(|&i| !covered(i)) {
        if let Some(code) = lexicon::demonym(ann.word(i)) {
            found.push(Party {
                entity: None,
                code: code.to_string(),
            });
        }
    }
    found.retain(|p| !same_actor(p, source));
    found.dedup_by(|a, b| a.code == b.code);
    let first = found.first()?;
    found
        .iter()
        .all(|p| p.code == first.code)
        .then(|| first.clone())
}

/// The same entity, or the source's own country or government.
fn same_actor(p: &Party, source: &Party) -> bool {
    if p.entity.is_some() && p.entity == source.entity {
        return true;
    }
    let country = |c: &str| split_code(c).0.map(str::to_string);
    p.code == source.code
        || (country(&p.code).is_some()
            && country(&p.code) == country(&source.code)
            && split_code(&p.code).1.is_none())
}

/// Speaker, cue and content when they stand together in one sentence; else cue and content.
fn evidence_span(
    ann: &Annotated,
    speaker: Range<usize>,
    cue: Option<Range<usize>>,
    q: &quotes::Found,
) -> Range<usize> {
    let mut span = q.content.clone();
    if let Some(c) = cue {
        if ann.sentence_of(c.start) == ann.sentence_of(q.content.start)
            || ann.sentence_of(c.start) == ann.sentence_of(q.content.end.saturating_sub(1))
        {
            span = span.start.min(c.start)..span.end.max(c.end);
        }
    }
    if ann.sentence_of(speaker.start) == ann.sentence_of(span.start) && speaker.end <= span.start {
        span.start = speaker.start;
    }
    span
}

fn quote_id(i: usize) -> String {
    format!("q{}", i + 1)
}

/// The sentence(s) of the evidence without any quoted content: a date inside a quote dates
/// what is quoted, not the saying of it.
fn outside_quotes(ann: &Annotated, evidence: Range<usize>, quotes: &Quotes) -> Vec<Range<usize>> {
    let first = &ann.sentences[ann.sentence_of(evidence.start)];
    let last = &ann.sentences[ann.sentence_of(evidence.end.saturating_sub(1).max(evidence.start))];
    let quoted = |i: usize| {
        quotes
            .items
            .iter()
            .any(|q| q.content.start <= i && i < q.content.end)
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for i in (first.tokens.start..last.tokens.end).filter(|&i| !quoted(i)) {
        match out.last_mut() {
            Some(r) if r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}
