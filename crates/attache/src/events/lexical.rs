//! Lexical event patterns (`resources/events/patterns.txt`): word sequences with a target slot,
//! matched inside sentences without a parse. See the file's header for the pattern language.

use super::{Candidate, CodedMention, Origin, Party};
use crate::actors::split_code;
use crate::text::Annotated;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The most tokens a `*` skips.
const MAX_SKIP: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// Any of these lowercase words.
    Word(Vec<&'static str>),
    Skip,
    Target,
    /// A target if a coded actor starts here or within two tokens ("to", "the"), else nothing.
    MaybeTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub cameo: &'static str,
    pub elements: Vec<Element>,
    pub mode: Option<&'static str>,
}

/// Parse the pattern language; lines that do not parse are skipped (the file is tested).
pub fn parse(text: &'static str) -> Vec<Pattern> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .filter_map(parse_line)
        .collect()
}

fn parse_line(line: &'static str) -> Option<Pattern> {
    let mut words = line.split_whitespace();
    let cameo = words
        .next()
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))?;
    let mut elements = Vec::new();
    let mut mode = None;
    for w in words {
        if let Some(m) = w.strip_prefix('[').and_then(|m| m.strip_suffix(']')) {
            mode = Some(m);
        } else if w == "*" {
            elements.push(Element::Skip);
        } else if w == "TGT" {
            elements.push(Element::Target);
        } else if w == "TGT?" {
            elements.push(Element::MaybeTarget);
        } else {
            elements.push(Element::Word(w.split('|').collect()));
        }
    }
    (!elements.is_empty()).then_some(Pattern {
        cameo,
        elements,
        mode,
    })
}

static PATTERNS: LazyLock<Vec<Pattern>> =
    LazyLock::new(|| parse(include_str!("../../../../resources/events/patterns.txt")));

/// Patterns by the word they must start with, so that each token tries only the patterns that
/// can match there instead of all of them (matching every pattern at every token dominated the
/// stage's cost).
struct AnchorIndex {
    /// Lowercase first word → indices into [`PATTERNS`], in file order.
    by_word: HashMap<&'static str, Vec<usize>>,
    /// Patterns that do not start with a word: tried everywhere.
    anywhere: Vec<usize>,
}

static INDEX: LazyLock<AnchorIndex> = LazyLock::new(|| AnchorIndex::new(&PATTERNS));

impl AnchorIndex {
    fn new(patterns: &[Pattern]) -> AnchorIndex {
        let mut by_word: HashMap<&'static str, Vec<usize>> = HashMap::new();
        let mut anywhere = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p.elements.first() {
                Some(Element::Word(alts)) => {
                    for a in alts {
                        let list = by_word.entry(a).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
                _ => anywhere.push(i),
            }
        }
        AnchorIndex { by_word, anywhere }
    }

    /// Indices of the patterns that may start at a token spelled `word`: those anchored on it
    /// (in file order), then those that start anywhere.
    fn starting_with<'s>(
        &'s self,
        word: &str,
        key: &mut String,
    ) -> impl Iterator<Item = usize> + 's {
        key.clear();
        key.extend(word.chars().map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        }));
        let anchored = self
            .by_word
            .get(key.as_str())
            .map_or(&[][..], Vec::as_slice);
        anchored.iter().chain(&self.anywhere).copied()
    }
}

/// A match: the tokens it covers and the target mention, if the pattern has a slot.
struct Match {
    tokens: Range<usize>,
    target: Option<usize>,
}

pub fn candidates(ann: &Annotated, mentions: &[CodedMention]) -> Vec<Candidate> {
    let mut found: Vec<(usize, Match, &Pattern)> = Vec::new();
    let mut key = String::new();
    for s in &ann.sentences {
        // Matches are compared within their sentence only, so the work stays linear.
        let mut in_sentence = Vec::new();
        for start in s.tokens.clone() {
            for i in INDEX.starting_with(ann.word(start), &mut key) {
                let p = &PATTERNS[i];
                if let Some(m) = match_at(ann, mentions, &p.elements, start, s.tokens.end) {
                    in_sentence.push((start, m, p));
                }
            }
        }
        keep_longest(&mut in_sentence);
        found.extend(in_sentence);
    }
    found
        .into_iter()
        .filter_map(|(_, m, p)| candidate(ann, mentions, m, p))
        .collect()
}

/// Drop matches that lie inside a longer one (first pattern wins among equals).
fn keep_longest(found: &mut Vec<(usize, Match, &Pattern)>) {
    let spans: Vec<Range<usize>> = found.iter().map(|(_, m, _)| m.tokens.clone()).collect();
    let mut keep = vec![true; spans.len()];
    for i in 0..spans.len() {
        for j in 0..spans.len() {
            let (a, b) = (&spans[i], &spans[j]);
            let inside = b.start <= a.start && a.end <= b.end;
            if i != j && inside && (b.len() > a.len() || (b == a && j < i)) {
                keep[i] = false;
            }
        }
    }
    let mut k = keep.into_iter();
    found.retain(|_| k.next().unwrap_or(false));
}

fn word_is(ann: &Annotated, i: usize, alternatives: &[&str]) -> bool {
    let w = ann.word(i);
    alternatives.iter().any(|a| same_word(w, a))
}

/// Case-insensitive comparison with a lowercase pattern word, reading ’ as ': no allocation,
/// because it runs for every token and every pattern.
fn same_word(word: &str, pattern: &str) -> bool {
    let mut a = word.chars().map(|c| {
        if c == '’' {
            '\''
        } else {
            c.to_ascii_lowercase()
        }
    });
    let mut b = pattern.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

fn match_at(
    ann: &Annotated,
    mentions: &[CodedMention],
    elements: &[Element],
    at: usize,
    end: usize,
) -> Option<Match> {
    let Some((first, rest)) = elements.split_first() else {
        return Some(Match {
            tokens: at..at,
            target: None,
        });
    };
    let extend = |m: Match, from: usize, target: Option<usize>| Match {
        tokens: from..m.tokens.end.max(from + 1),
        target: m.target.or(target),
    };
    match first {
        Element::Word(alts) => {
            if at < end && word_is(ann, at, alts) {
                let m = match_at(ann, mentions, rest, at + 1, end)?;
                Some(extend(m, at, None))
            } else {
                None
            }
        }
        Element::Skip => (0..=MAX_SKIP)
            .take_while(|k| at + k <= end)
            .find_map(|k| match_at(ann, mentions, rest, at + k, end))
            .map(|m| extend(m, at, None)),
        Element::MaybeTarget => {
            let here = (0..=2)
                .filter(|k| at + k < end)
                .find_map(|k| target_at(mentions, at + k, end).map(|t| (k, t)));
            match here {
                Some((k, t)) => {
                    let m = match_at(ann, mentions, rest, mentions[t].tokens.end, end)?;
                    Some(Match {
                        tokens: at..m.tokens.end.max(mentions[t].tokens.end.min(at + k + 1)),
                        target: Some(t),
                    })
                }
                None => match_at(ann, mentions, rest, at, end),
            }
        }
        Element::Target => {
            let skip_the = at < end && ann.word(at).eq_ignore_ascii_case("the");
            let (t, tokens) = [at, at + skip_the as usize].iter().find_map(|&s| {
                mentions
                    .iter()
                    .position(|m| m.tokens.start == s && m.tokens.end <= end)
                    .map(|t| (t, mentions[t].tokens.clone()))
            })?;
            let m = match_at(ann, mentions, rest, tokens.end, end)?;
            Some(Match {
                tokens: at..m.tokens.end.max(tokens.end),
                target: Some(t),
            })
        }
    }
}

fn candidate(
    ann: &Annotated,
    mentions: &[CodedMention],
    m: Match,
    p: &Pattern,
) -> Option<Candidate> {
    let slot = p.elements.iter().any(|e| matches!(e, Element::Target));
    let named = m.target.map(|t| &mentions[t]);
    let source = source_of(ann, mentions, &m.tokens, named.and_then(|t| t.entity))?;
    // Without a target slot, the first actor after the match in its clause is the one acted
    // upon ("promised to continue aid to Mozambique").
    let target = named.or_else(|| {
        (!slot)
            .then(|| object_after(ann, mentions, m.tokens.end, source))
            .flatten()
    });
    let sentence = ann.sentences[ann.sentence_of(m.tokens.start)]
        .tokens
        .clone();
    let before = super::words_before(ann, m.tokens.start, 5);
    let negated = super::negated_before(&before);
    // "will visit X" announces a visit: coded as the intent to it, as the tree coder does.
    let cameo = if super::intended_before(&before) && !negated {
        super::tree::intent_code(p.cameo)
    } else {
        p.cameo
    };
    let mut evidence = m.tokens.clone();
    if source.tokens.end <= evidence.start && evidence.start - source.tokens.end <= 3 {
        evidence.start = source.tokens.start;
    }
    Some(Candidate {
        source: Party {
            entity: source.entity,
            code: source.code.clone(),
        },
        target: target.map(|t| Party {
            entity: t.entity,
            code: t.code.clone(),
        }),
        cameo,
        // The pattern's mode describes the act, not the intent to it.
        mode: p.mode.filter(|_| cameo == p.cameo),
        evidence,
        date_scope: vec![sentence],
        quote: None,
        content: None,
        negated,
        hypothetical: super::hypothetical_before(&before),
        origin: Origin::Lexical,
    })
}

fn target_at(mentions: &[CodedMention], at: usize, end: usize) -> Option<usize> {
    mentions
        .iter()
        .position(|m| m.tokens.start == at && m.tokens.end <= end)
}

/// The first political actor after `from` in its clause (up to twelve tokens, no comma).
fn object_after<'m>(
    ann: &Annotated,
    mentions: &'m [CodedMention],
    from: usize,
    source: &CodedMention,
) -> Option<&'m CodedMention> {
    let sentence_end = ann.sentences[ann.sentence_of(from.saturating_sub(1))]
        .tokens
        .end;
    let clause_end = (from..sentence_end.min(from + 12))
        .find(|&i| matches!(ann.word(i), "," | ";" | ":" | "“" | "\""))
        .unwrap_or(sentence_end.min(from + 12));
    mentions.iter().find(|m| {
        m.agent
            && m.tokens.start >= from
            && m.tokens.end <= clause_end
            && m.code != source.code
            && (m.entity.is_none() || m.entity != source.entity)
    })
}

/// The actor who did it: the nearest coded actor before the match in its sentence (or one
/// whose description runs over the match's first word), else the first after it. News outlets are not sources of political events.
fn source_of<'m>(
    ann: &Annotated,
    mentions: &'m [CodedMention],
    matched: &Range<usize>,
    target: Option<usize>,
) -> Option<&'m CodedMention> {
    let sentence = ann.sentences[ann.sentence_of(matched.start)].tokens.clone();
    let eligible = |m: &&CodedMention| {
        m.agent
            && (m.entity.is_none() || m.entity != target)
            && !split_code(&m.code).1.is_some_and(|r| r.ends_with("MED"))
            && m.tokens.start >= sentence.start
            && m.tokens.end <= sentence.end
    };
    // "Ruritanian riots", "two Ruritanian suicide bombers": a people's name over the event
    // noun is who did it.
    let over = |m: &&CodedMention| m.tokens.start < matched.start && matched.start < m.tokens.end;
    mentions
        .iter()
        .filter(eligible)
        .rfind(|m| m.tokens.end <= matched.start || over(m))
        .or_else(|| {
            mentions
                .iter()
                .filter(eligible)
                .filter(|m| !super::reports(ann, m))
                .find(|m| m.tokens.start >= matched.end)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_file_parses() {
        let all = &*PATTERNS;
        assert!(all.len() > 20);
        let p = parse("042  traveled|went * to meet with TGT   [visit]\n# c\n");
        assert_eq!(p[0].cameo, "042");
        assert_eq!(p[0].mode, Some("visit"));
        assert_eq!(p[0].elements[1], Element::Skip);
        assert_eq!(p[0].elements.last(), Some(&Element::Target));
    }
}
