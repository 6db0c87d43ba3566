//! The people and media around a cue: the speaker noun phrase, the addressee ("told reporters"),
//! the channel ("in an interview with", "on Twitter") and relays ("according to a translation
//! provided by Politico").

use super::cues::{self, is_adverb};
use crate::entities::{lexicon, Entities};
use crate::text::tagger::Upos;
use crate::text::{Annotated, TokenKind};
use std::ops::Range;

/// A noun phrase and the entity it names, when it names one.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub tokens: Range<usize>,
    pub entity: Option<usize>,
}

/// Words that end a noun phrase going left or right.
fn is_boundary(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "."
            | "!"
            | "?"
            | "("
            | ")"
            | "—"
            | "–"
            | "--"
            | "that"
            | "who"
            | "which"
            | "and"
            | "but"
            | "while"
            | "because"
            | "although"
            | "though"
            | "as"
            | "if"
            | "when"
            | "whether"
            | "where"
            | "so"
    )
}

/// Words a speaker phrase cannot contain: verbs and clause words that show we walked past it.
fn breaks_phrase(w: &str) -> bool {
    let lower = w.to_lowercase();
    is_boundary(&lower)
        || matches!(
            lower.as_str(),
            "is" | "was"
                | "are"
                | "were"
                | "be"
                | "been"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "do"
                | "does"
                | "did"
                | "it"
                | "there"
                | "this"
                | "not"
                | "to"
                | "then"
        )
}

/// The speaker phrase that ends right before `end` (a cue), starting no earlier than `floor`.
pub fn before(ann: &Annotated, ents: &Entities, floor: usize, end: usize) -> Option<Party> {
    let mut end = end;
    while end > floor && is_adverb(&ann.word(end - 1).to_lowercase()) {
        end -= 1;
    }
    if end <= floor {
        return None;
    }
    match ann.word(end - 1) {
        ")" => return parenthesised(ann, ents, floor, end),
        "," => return appositive(ann, ents, floor, end - 1),
        _ => {}
    }
    let mut start = end;
    while start > floor
        && start + 8 > end
        && (!breaks_phrase(ann.word(start - 1)) || abbreviation_stop(ann, start - 1))
        && ann.tokens[start - 1].kind != TokenKind::Quote
    {
        start -= 1;
    }
    // A title may reach further left than the plain phrase: "Kremlin spokesman Ivo Kral".
    let widest = ents
        .inside(floor..end)
        .filter(|m| m.raw.tokens.end == end && m.entity.is_some())
        .map(|m| m.raw.tokens.start)
        .min();
    phrase(ann, ents, widest.map_or(start, |w| w.min(start))..end)
}

/// "Gov. Pat McCrory (R) said": the party label belongs to the speaker.
fn parenthesised(ann: &Annotated, ents: &Entities, floor: usize, end: usize) -> Option<Party> {
    let open = (floor..end - 1)
        .rev()
        .take(6)
        .find(|&i| ann.word(i) == "(")?;
    let inner = before(ann, ents, floor, open)?;
    Some(Party {
        tokens: inner.tokens.start..end,
        entity: inner.entity,
    })
}

/// "Minyon Moore, a senior adviser to the campaign, said": a name, then an apposition between
/// commas that describes it (it starts with a determiner, a title or "who"). The span keeps the
/// apposition, as annotators of attribution do.
fn appositive(ann: &Annotated, ents: &Entities, floor: usize, comma: usize) -> Option<Party> {
    let first = (floor.max(comma.saturating_sub(25))..comma)
        .rev()
        .find(|&i| ann.word(i) == ",")?;
    let opener = ann.word(first + 1).to_lowercase();
    let describes = matches!(
        opener.as_str(),
        "a" | "an" | "the" | "who" | "whose" | "which" | "its" | "his" | "her" | "their"
    ) || lexicon::is_title(&opener);
    // "The minister, speaking to reporters in Kessel, said": the speaker is the phrase before
    // the participle, which says where or how the statement was made.
    let participle = is_participle(&opener);
    if !describes && !participle {
        return None;
    }
    let named = ents
        .inside(floor..first)
        .filter(|m| m.raw.tokens.end == first && m.entity.is_some())
        .max_by_key(|m| m.raw.tokens.len())
        .map(|m| Party {
            tokens: m.raw.tokens.clone(),
            entity: m.entity,
        });
    // Not a name: a description ("The dockers' union, which represents …, warned").
    let name = named.or_else(|| before(ann, ents, floor, first))?;
    let end = if participle { first } else { comma };
    Some(Party {
        tokens: name.tokens.start..end,
        entity: name.entity,
    })
}

/// The speaker phrase that starts at `start` (after "said" or "according to"), up to a
/// boundary, at most `max` tokens.
pub fn after(
    ann: &Annotated,
    ents: &Entities,
    start: usize,
    limit: usize,
    max: usize,
) -> Option<Party> {
    let mut end = start;
    while end < limit
        && end < start + max
        && (!breaks_phrase(ann.word(end)) || abbreviation_stop(ann, end))
        && ann.tokens[end].kind != TokenKind::Quote
    {
        end += 1;
    }
    phrase(ann, ents, start..end)
}

/// Is token `i` the full stop of an abbreviation inside a name ("Rep. Ada Pell", "Joan B.
/// Arkwright") rather than the end of its sentence? The sentence splitter has already told
/// the two apart: the sentence goes on after an abbreviation.
pub fn abbreviation_stop(ann: &Annotated, i: usize) -> bool {
    ann.word(i) == "."
        && i + 1 < ann.tokens.len()
        && ann.sentence_of(i) == ann.sentence_of(i + 1)
        && ann.paragraph_of(i) == ann.paragraph_of(i + 1)
}

/// "…," said Ada Pell, a lawyer at the firm, who represents the port.": a named speaker after
/// its cue keeps the description that follows it up to the end of the clause (`limit`, the
/// end of the sentence), as annotators of attribution draw the source. The description must
/// open like one (a determiner, a possessive, "who", a title or a noun), so "said Pell, adding
/// that …" keeps the bare name.
pub fn with_apposition(ann: &Annotated, speaker: Party, limit: usize) -> Party {
    let comma = speaker.tokens.end;
    let opener = comma + 1;
    if speaker.entity.is_none() || opener >= limit || ann.word(comma) != "," {
        return speaker;
    }
    let lower = ann.word(opener).to_lowercase();
    let noun = ann
        .tags
        .get(opener)
        .is_some_and(|t| matches!(t.upos, Upos::Noun | Upos::Adj) && t.xpos != "VBG");
    let describes = matches!(
        lower.as_str(),
        "a" | "an" | "the" | "who" | "whose" | "his" | "her" | "its" | "their"
    ) || lexicon::is_title(&lower)
        || (noun && ann.word(opener).starts_with(char::is_lowercase));
    // The description ends where a circumstance of the statement starts: "…, the union's
    // president, on Tuesday", "…, adding that …".
    let mut end = (opener..limit)
        .find(|&k| ann.word(k) == "," && k + 1 < limit && circumstance(ann, k + 1))
        .unwrap_or(limit);
    while end > opener && ann.tokens[end - 1].kind == TokenKind::Punct {
        end -= 1;
    }
    if !describes || end <= opener {
        return speaker;
    }
    Party {
        tokens: speaker.tokens.start..end,
        entity: speaker.entity,
    }
}

/// Does a circumstance of the statement start at token `i`: a time ("on Tuesday", "last
/// week", "Friday") or a participle ("adding …", "speaking to reporters …")?
fn circumstance(ann: &Annotated, i: usize) -> bool {
    let w = ann.word(i).to_lowercase();
    let next_is_time = i + 1 < ann.tokens.len() && is_time_word(ann.word(i + 1));
    is_time_word(&w)
        || (matches!(w.as_str(), "on" | "in" | "at" | "this" | "late" | "early") && next_is_time)
        || is_participle(&w)
}

/// "speaking", "adding": an -ing form long enough not to be a noun like "king" or "thing".
fn is_participle(w: &str) -> bool {
    w.len() > 5 && w.ends_with("ing") && w.chars().all(char::is_alphabetic)
}

/// A noun phrase is a speaker when it names an entity, is a pronoun, or is a short description
/// ending in a noun ("officials", "a senior administration official"). It links to the entity it
/// names unless that entity sits behind a preposition ("police in Orsk" is not Orsk).
fn phrase(ann: &Annotated, ents: &Entities, tokens: Range<usize>) -> Option<Party> {
    if tokens.is_empty() || tokens.len() > 8 {
        return None;
    }
    let words: Vec<String> = tokens.clone().map(|i| ann.word(i).to_lowercase()).collect();
    let lowercase_verb = |i: usize| {
        ann.word(i).starts_with(char::is_lowercase) && cues::lookup(ann.word(i)).is_some()
    };
    if tokens.clone().skip(1).any(lowercase_verb) {
        return None; // "He denied": a verb, so we walked past the speaker.
    }
    let preposition_at = tokens
        .clone()
        .find(|&i| lexicon::is_preposition(&ann.word(i).to_lowercase()));
    if let Some(m) = ents.mention_in(tokens.clone()) {
        if preposition_at.is_none_or(|p| p > m.raw.tokens.start) {
            return Some(Party {
                tokens,
                entity: m.entity,
            });
        }
    }
    let head = words.last()?;
    let is_pronoun =
        tokens.len() == 1 && matches!(head.as_str(), "he" | "she" | "they" | "i" | "we" | "you");
    let nominal = head.chars().all(char::is_alphabetic)
        && !lexicon::is_function_word(head)
        && !head.ends_with("ly");
    (is_pronoun || nominal).then_some(Party {
        tokens,
        entity: None,
    })
}

/// The addressee after a cue that takes one: "told reporters", "assured him", "told the Journal".
pub fn addressee(
    ann: &Annotated,
    ents: &Entities,
    after_cue: usize,
    limit: usize,
) -> Option<Party> {
    let first = ann
        .word(*[after_cue].iter().find(|&&i| i < limit)?)
        .to_lowercase();
    if matches!(
        first.as_str(),
        "that" | "of" | "in" | "on" | "at" | "about" | "during" | "," | "." | ":"
    ) {
        return None;
    }
    let mut end = after_cue;
    while end < limit
        && end < after_cue + 6
        && !ends_addressee(&ann.word(end).to_lowercase())
        && ann.tokens[end].kind != TokenKind::Quote
    {
        end += 1;
        // A pronoun or a single name is the whole addressee: "assured him that".
        if end == after_cue + 1
            && (lexicon::person_pronoun(ann.word(after_cue)).is_some()
                || matches!(
                    first.as_str(),
                    "reporters" | "journalists" | "me" | "us" | "them"
                ))
        {
            break;
        }
    }
    if let Some(m) = ents.inside(after_cue..end).find(|m| m.entity.is_some()) {
        return Some(Party {
            tokens: after_cue..m.raw.tokens.end,
            entity: m.entity,
        });
    }
    phrase(ann, ents, after_cue..end)
}

fn ends_addressee(w: &str) -> bool {
    is_boundary(w)
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "during"
                | "about"
                | "of"
                | "to"
                | "last"
                | "earlier"
                | "there"
                | "it"
                | "he"
                | "she"
                | "they"
        )
        || is_time_word(w)
}

pub fn is_time_word(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "earlier"
            | "recently"
            | "later"
            | "last"
            | "week"
            | "month"
            | "year"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
    )
}

/// Nouns that name the medium of a statement.
fn is_channel_noun(w: &str) -> bool {
    matches!(
        w,
        "interview"
            | "conference"
            | "statement"
            | "speech"
            | "letter"
            | "tweet"
            | "post"
            | "briefing"
            | "op-ed"
            | "email"
            | "e-mail"
            | "memo"
            | "release"
            | "testimony"
            | "hearing"
            | "debate"
            | "rally"
            | "podcast"
            | "broadcast"
            | "video"
            | "message"
            | "remarks"
            | "address"
            | "call"
            | "radio"
            | "television"
            | "column"
            | "editorial"
            | "essay"
            | "blog"
            | "appearance"
            | "meeting"
            | "summit"
            | "sermon"
            | "lecture"
            | "report"
    ) || matches!(
        w,
        "twitter" | "facebook" | "instagram" | "telegram" | "x" | "youtube" | "tiktok"
    )
}

/// A channel phrase inside `range`: a preposition, a determiner and adjectives, and a channel noun
/// ("during a press conference", "in an interview with …", "on Twitter"). Returns the noun
/// phrase without the preposition, and the party after "with" when there is one.
pub fn channel(
    ann: &Annotated,
    ents: &Entities,
    range: Range<usize>,
) -> Option<(Range<usize>, Option<Party>)> {
    for i in range.clone() {
        if !matches!(
            ann.word(i).to_lowercase().as_str(),
            "in" | "during" | "at" | "on" | "via" | "through" | "over"
        ) {
            continue;
        }
        let mut j = i + 1;
        while j < range.end && j < i + 5 && ann.tokens[j].kind == TokenKind::Word {
            let w = ann.word(j).to_lowercase();
            if is_channel_noun(&w) {
                let mut end = j + 1;
                // Compound nouns: "press conference", "news release".
                while end < range.end && is_channel_noun(&ann.word(end).to_lowercase()) {
                    end += 1;
                }
                let start = (i + 1..j)
                    .find(|&k| !is_determiner_like(&ann.word(k).to_lowercase()))
                    .unwrap_or(j);
                let with = (end < range.end && ann.word(end) == "with")
                    .then(|| after(ann, ents, end + 1, range.end, 8))
                    .flatten();
                return Some((start..end, with));
            }
            if breaks_phrase(&w) {
                break;
            }
            j += 1;
        }
    }
    None
}

fn is_determiner_like(w: &str) -> bool {
    matches!(
        w,
        "a" | "an" | "the" | "his" | "her" | "their" | "its" | "our" | "my" | "this" | "that"
    )
}

/// A relay after an attribution: ", according to a translation provided by Politico",
/// ", as reported by Reuters", "(via AP)". Returns the relaying party.
pub fn relay(ann: &Annotated, ents: &Entities, from: usize, limit: usize) -> Option<Party> {
    let mut i = from;
    while i < limit && matches!(ann.word(i), "," | "(") {
        i += 1;
    }
    let w = |k: usize| {
        if k < limit {
            ann.word(k).to_lowercase()
        } else {
            String::new()
        }
    };
    let start = if w(i) == "according" && w(i + 1) == "to" {
        i + 2
    } else if w(i) == "as" && w(i + 1) == "reported" && w(i + 2) == "by" {
        i + 3
    } else if w(i) == "via" {
        i + 1
    } else {
        return None;
    };
    // "a translation provided by Politico": the relay is whoever comes after "by" or "from".
    let by = (start..limit.min(start + 8)).find(|&k| matches!(w(k).as_str(), "by" | "from"));
    let is_media = |p: &Party| p.entity.is_some();
    match by {
        Some(k) => after(ann, ents, k + 1, limit, 6),
        None => after(ann, ents, start, limit, 6).filter(is_media),
    }
}
