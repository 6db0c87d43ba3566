//! Claims stage: link a statement that denies or contradicts an earlier claim to that claim
//! ("However, Russia has described any suggestion of a guarantee … as “not right”" disputes the
//! assurance quoted before it).

use crate::entities::Entities;
use crate::model::Dispute;
use crate::quotes::{Found, Quotes};
use crate::text::Annotated;
use std::collections::HashSet;

pub fn find_disputes(ann: &Annotated, ents: &Entities, quotes: &Quotes) -> Vec<Dispute> {
    let items = &quotes.items;
    (0..items.len())
        .filter(|&d| is_denial(ann, &items[d]))
        .filter_map(|d| {
            let claim = disputed_claim(ann, ents, items, d)?;
            Some(Dispute {
                claim: format!("q{}", claim + 1),
                disputed_by: format!("q{}", d + 1),
            })
        })
        .collect()
}

/// A denying cue ("denied", "rejected"), or a statement that describes something as untrue.
fn is_denial(ann: &Annotated, f: &Found) -> bool {
    if f.is_denial() {
        return true;
    }
    let describes = f.cue.as_ref().is_some_and(|c| {
        matches!(
            c.lemma.lemma,
            "describe" | "characterize" | "label" | "dismiss" | "call"
        )
    });
    describes
        && f.about.is_some()
        && f.content
            .clone()
            .any(|i| is_negative_verdict(&ann.word(i).to_lowercase()))
}

fn is_negative_verdict(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "false"
            | "untrue"
            | "wrong"
            | "nonsense"
            | "baseless"
            | "fake"
            | "lie"
            | "lies"
            | "incorrect"
            | "groundless"
            | "misleading"
            | "absurd"
            | "ridiculous"
            | "inaccurate"
            | "unfounded"
            | "fiction"
            | "fabricated"
            | "fabrication"
            | "speculation"
            | "rubbish"
    )
}

/// How many earlier quotes a denial is compared with.
const CLAIM_WINDOW: usize = 60;

/// The earlier quote, by another side, that shares the most content words with the denial (and
/// what it is about); the nearest one wins a tie.
fn disputed_claim(ann: &Annotated, ents: &Entities, items: &[Found], d: usize) -> Option<usize> {
    let denial = &items[d];
    let mut words = content_words(ann, denial.content.clone());
    if let Some(about) = &denial.about {
        words.extend(content_words(ann, about.clone()));
    }
    let denier = side(ents, denial);
    // A denial that names what it is about ("described any suggestion of a guarantee as …") needs
    // one shared word with the claim; a bare denial ("denied that …") needs two.
    let needed = if denial.about.is_some() { 1 } else { 2 };
    (d.saturating_sub(CLAIM_WINDOW)..d)
        .filter(|&c| items[c].content.end <= denial.content.start)
        .filter(|&c| denier.is_none() || side(ents, &items[c]) != denier)
        .map(|c| {
            (
                content_words(ann, items[c].content.clone())
                    .intersection(&words)
                    .count(),
                c,
            )
        })
        .filter(|&(shared, _)| shared >= needed)
        .max()
        .map(|(_, c)| c)
}

/// Who a quote speaks for: its speaker's country (or the speaker itself when it has none).
fn side(ents: &Entities, f: &Found) -> Option<String> {
    let e = f.speaker.as_ref()?.entity?;
    let c = &ents.clusters[e];
    Some(
        c.country
            .map(str::to_string)
            .or_else(|| c.code.map(|code| code[..code.len().min(3)].to_string()))
            .unwrap_or_else(|| c.name.clone()),
    )
}

/// Lowercased words of four letters or more, with a crude plural and -ion stem so that
/// "guarantee" meets "guarantees" and "escalate" meets "escalation".
fn content_words(ann: &Annotated, tokens: std::ops::Range<usize>) -> HashSet<String> {
    tokens
        .map(|i| ann.word(i).to_lowercase())
        .filter(|w| {
            w.len() >= 4
                && w.chars().all(char::is_alphabetic)
                && !matches!(
                    w.as_str(),
                    "that"
                        | "there"
                        | "would"
                        | "could"
                        | "with"
                        | "have"
                        | "this"
                        | "will"
                        | "been"
                        | "were"
                        | "they"
                        | "their"
                        | "what"
                )
        })
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    let w = w.strip_suffix('s').unwrap_or(w);
    for suffix in ["ation", "ion", "ing", "ed", "e"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 4 {
                return s.to_string();
            }
        }
    }
    w.to_string()
}
