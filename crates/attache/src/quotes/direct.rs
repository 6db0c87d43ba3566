//! Direct quotes: a quoted span and the attribution beside it — after it ("…," Ferreira said;
//! "…," said Ferreira; "…," Reuters reported) or before it (Ferreira said: "…"). A quote split
//! around its cue ("…," he said, "…") and a later quote with no cue of its own carry on the
//! first one.

use super::cues::Cue;
use super::marks::Quoted;
use super::parties::{self, Party};
use super::{Doc, Found};
use crate::model::QuoteType;
use crate::text::TokenKind;

/// The longest attribution clause looked at, in tokens: bounds the work on run-on text.
const MAX_CLAUSE: usize = 40;

/// How a quote was attributed, which sets its confidence.
struct Attribution {
    cue: Cue,
    speaker: Party,
    /// Where the attribution clause ends; relays are looked for after it.
    clause_end: usize,
}

pub(super) fn attribute(doc: &mut Doc) {
    for q in doc.quoted.clone() {
        if is_fragment(doc, &q) || introduced_by_that(doc, &q) {
            continue;
        }
        let found = after_quote(doc, &q)
            .or_else(|| before_quote(doc, &q))
            .or_else(|| signed(doc, &q));
        let Some(attr) = found else { continue };
        // The second half of a split quote shares the first half's cue.
        let parent = doc
            .near(doc.ann.paragraph_of(q.open))
            .into_iter()
            .rev()
            .find(|&i| {
                let f = &doc.items[i];
                f.kind == QuoteType::Direct
                    && f.cue.as_ref().is_some_and(|c| c.tokens == attr.cue.tokens)
            });
        let mut f = Found::new(
            QuoteType::Direct,
            q.content.clone(),
            confidence(doc, &attr.speaker),
        );
        describe_setting(doc, &mut f, &attr);
        f.speaker = Some(attr.speaker);
        f.cue = Some(attr.cue.clone());
        f.continues = parent;
        doc.use_cue(&attr.cue);
        // A relay is part of this attribution, not a source of its own.
        if let Some(relay) = f.via.first() {
            let relay_cue = doc
                .cues_in(attr.cue.tokens.end..relay.tokens.start)
                .iter()
                .find(|c| c.tokens.end <= relay.tokens.start)
                .cloned();
            if let Some(c) = relay_cue {
                doc.use_cue(&c);
            }
        }
        doc.push(f);
    }
}

fn confidence(doc: &Doc, speaker: &Party) -> f32 {
    match speaker.entity {
        Some(_)
            if speaker.tokens.len() == 1
                && doc
                    .ann
                    .word(speaker.tokens.start)
                    .chars()
                    .all(char::is_lowercase) =>
        {
            0.85
        }
        Some(_) => 0.95,
        None => 0.75,
    }
}

/// Addressee, channel and relays of an attribution.
fn describe_setting(doc: &Doc, f: &mut Found, attr: &Attribution) {
    let (ann, ents) = (doc.ann, doc.ents);
    let clause = attr.cue.tokens.start.min(attr.speaker.tokens.start)..attr.clause_end;
    let mut end = attr.cue.tokens.end.max(attr.speaker.tokens.end);
    if attr.cue.lemma.takes_addressee {
        f.addressee = parties::addressee(ann, ents, attr.cue.tokens.end, attr.clause_end);
        end = end.max(f.addressee.as_ref().map_or(end, |a| a.tokens.end));
    }
    f.channel = parties::channel(ann, ents, clause)
        .map(|(c, _)| c)
        .or_else(|| earlier_channel(doc, f.addressee.as_ref()));
    f.via = parties::relay(ann, ents, end, attr.clause_end)
        .into_iter()
        .collect();
}

/// "In an interview with the weekly X, …": a later quote told to X was given in that interview.
fn earlier_channel(doc: &Doc, addressee: Option<&Party>) -> Option<std::ops::Range<usize>> {
    let target = addressee?.entity?;
    let before = addressee?.tokens.start;
    doc.ann
        .sentences
        .iter()
        .filter(|s| s.tokens.end <= before)
        .rev()
        .take(12)
        .find_map(|s| {
            let (noun, with) = parties::channel(doc.ann, doc.ents, s.tokens.clone())?;
            (with?.entity == Some(target)).then_some(noun)
        })
}

/// Short quoted fragments without sentence punctuation are scare quotes or parts of reported
/// speech ("a “shared determination”"), not quotations of their own.
fn is_fragment(doc: &Doc, q: &Quoted) -> bool {
    let ann = doc.ann;
    let words = q
        .content
        .clone()
        .filter(|&i| ann.tokens[i].kind == TokenKind::Word)
        .count();
    let last = q
        .content
        .clone()
        .rev()
        .find(|&i| ann.tokens[i].kind != TokenKind::Quote);
    let ends_like_speech =
        last.is_some_and(|i| matches!(ann.word(i), "," | "." | "?" | "!" | "…" | "..."));
    words == 0 || (!ends_like_speech && words < 6)
}

/// "X said that “…”": reported speech with a quoted part, left to the indirect rules (mixed).
fn introduced_by_that(doc: &Doc, q: &Quoted) -> bool {
    q.open > 0 && doc.ann.word(q.open - 1).eq_ignore_ascii_case("that")
}

/// Tokens after the closing mark, within the paragraph, up to the next quote or sentence end.
fn after_quote(doc: &Doc, q: &Quoted) -> Option<Attribution> {
    let ann = doc.ann;
    let para_end = ann.paragraphs[ann.paragraph_of(q.content.start)].end;
    let mut r = q.end();
    while r < para_end && matches!(ann.word(r), "," | ":" | "—" | "–") {
        r += 1;
    }
    let limit = clause_limit(doc, r, para_end);
    let cue = doc
        .cues_in(r..limit.min(r + 10))
        .iter()
        .find(|c| !doc.is_used(c))?;
    let speaker = if cue.tokens.start == r {
        // "…," said Ferreira, a lawyer at the firm.
        let name = parties::after(ann, doc.ents, cue.tokens.end, limit, 8)?;
        let sentence_ends = limit == para_end || matches!(ann.word(limit), "." | "!" | "?" | ";");
        if sentence_ends {
            parties::with_apposition(ann, name, limit)
        } else {
            name
        }
    } else {
        // "…," Ferreira said.
        let p = parties::before(ann, doc.ents, r, cue.tokens.start)?;
        if p.tokens.start != r {
            return None;
        }
        p
    };
    Some(Attribution {
        cue: cue.clone(),
        speaker,
        clause_end: limit,
    })
}

/// "“…” ― Ada Pell": a quotation signed with a dash and a name (with its description, if
/// any) that closes the paragraph, as collections of readers' or voters' quotes are laid out.
/// The dash is the cue.
fn signed(doc: &Doc, q: &Quoted) -> Option<Attribution> {
    let ann = doc.ann;
    let dash = q.end();
    let para_end = ann.paragraphs[ann.paragraph_of(q.content.start)].end;
    if dash + 1 >= para_end || !matches!(ann.word(dash), "—" | "―" | "–") {
        return None;
    }
    let mut end = para_end;
    while end > dash + 1 && matches!(ann.word(end - 1), "." | ",") {
        end -= 1;
    }
    let name = parties::after(ann, doc.ents, dash + 1, end, 8)?;
    let speaker = parties::with_apposition(ann, name, end);
    (speaker.tokens.end == end && speaker.entity.is_some()).then(|| Attribution {
        cue: Cue::dash(dash),
        speaker,
        clause_end: end,
    })
}

/// Where an attribution clause that starts at `from` must end: the next quotation mark or the
/// end of the sentence.
fn clause_limit(doc: &Doc, from: usize, para_end: usize) -> usize {
    let para_end = para_end.min(from + MAX_CLAUSE);
    (from..para_end)
        .find(|&i| {
            doc.ann.tokens[i].kind == TokenKind::Quote
                || (matches!(doc.ann.word(i), "." | "!" | "?" | ";")
                    && !parties::abbreviation_stop(doc.ann, i))
        })
        .unwrap_or(para_end)
}

/// Where the words leading into a quote lie: the start of their paragraph and where they end.
/// Usually the quote's own paragraph up to its opening mark; for a quote that opens its
/// paragraph, the previous paragraph when that one ends in a colon or a comma ("He said:" on
/// a line of its own, then the quotation).
fn lead_in(doc: &Doc, q: &Quoted) -> (usize, usize) {
    let ann = doc.ann;
    let p = ann.paragraph_of(q.open);
    let start = ann.paragraphs[p].start;
    if q.open == start && p > 0 {
        let prev = ann.paragraphs[p - 1].clone();
        if !prev.is_empty() && matches!(ann.word(prev.end - 1), ":" | ",") {
            return (prev.start, prev.end);
        }
    }
    (start, q.open)
}

/// "Ferreira said: “…”", "He told reporters, “…”", and the second half of a split quote.
fn before_quote(doc: &Doc, q: &Quoted) -> Option<Attribution> {
    let ann = doc.ann;
    let (para_start, mut end) = lead_in(doc, q);
    let punctuated = end > para_start && matches!(ann.word(end - 1), "," | ":" | "—");
    if punctuated {
        end -= 1;
    }
    let floor = (para_start.max(end.saturating_sub(MAX_CLAUSE))..end)
        .rev()
        .find(|&i| {
            ann.tokens[i].kind == TokenKind::Quote || matches!(ann.word(i), "." | "!" | "?" | ";")
        })
        .map_or(para_start, |i| i + 1);
    let cue = doc
        .cues_in(floor..end)
        .iter()
        .rev()
        .find(|c| c.tokens.end <= end && end - c.tokens.end <= 10)?;
    // Between the cue and the quote only an addressee or a setting may stand ("told reporters:",
    // "said in a statement,"); "said that …" or another clause means the quote is a fragment of
    // reported speech, which the indirect rules take.
    let gap = cue.tokens.end..end;
    let clause_between = gap.clone().any(|i| {
        matches!(ann.word(i), "that" | "," | "whether" | "if")
            || ann.tokens[i].kind == TokenKind::Quote
    });
    if clause_between || (!punctuated && !gap.is_empty() && !cue.lemma.takes_addressee) {
        return None;
    }
    // A split quote: the cue already attributes the quote before this one.
    if doc.is_used(cue) {
        let prev = doc
            .items
            .iter()
            .rev()
            .find(|f| f.cue.as_ref().is_some_and(|c| c.tokens == cue.tokens))?;
        return Some(Attribution {
            cue: cue.clone(),
            speaker: prev.speaker.clone()?,
            clause_end: end,
        });
    }
    let speaker = if cue.lemma.lemma == "according to" {
        parties::after(ann, doc.ents, cue.tokens.end, end, 8)?
    } else {
        parties::before(ann, doc.ents, floor, cue.tokens.start)?
    };
    Some(Attribution {
        cue: cue.clone(),
        speaker,
        clause_end: end,
    })
}

/// Quotes with no cue of their own: they carry on the previous quote of the same paragraph, or of
/// the previous paragraph when they open theirs. Long ones with nobody to carry on are kept
/// unattributed, with low confidence.
pub(super) fn carry_on(doc: &mut Doc) {
    for q in doc.quoted.clone() {
        if is_fragment(doc, &q) || covered(doc, &q) {
            continue;
        }
        let parent = previous_quote(doc, &q);
        let mut f = Found::new(QuoteType::Direct, q.content.clone(), 0.4);
        if let Some(p) = parent {
            let prev = &doc.items[p];
            f.confidence = if same_paragraph(doc, prev, &q) || q.continues_paragraph {
                0.85
            } else {
                0.6
            };
            f.cue = prev.cue.clone();
            f.speaker = prev.speaker.clone();
            f.addressee = prev.addressee.clone();
            f.channel = prev.channel.clone();
            f.via = prev.via.clone();
            f.continues = Some(p);
        } else if q.content.len() < 6 {
            continue;
        }
        doc.push(f);
    }
}

/// Already part of another quote: inside its content, or mostly overlapping it.
fn covered(doc: &Doc, q: &Quoted) -> bool {
    doc.near(doc.ann.paragraph_of(q.open)).into_iter().any(|i| {
        let f = &doc.items[i];
        let shared = f
            .content
            .end
            .min(q.content.end)
            .saturating_sub(f.content.start.max(q.content.start));
        2 * shared > q.content.len()
    })
}

/// "Pat Caddell: Democrats worried …" and transcripts ("WALLACE: Let's start …"): a short name
/// and a colon at the start of a paragraph attribute the rest of it.
pub(super) fn labelled(doc: &mut Doc) {
    let ann = doc.ann;
    for para in ann.paragraphs.clone() {
        let mut start = para.start;
        if start < para.end && ann.tokens[start].kind == TokenKind::Quote {
            start += 1;
        }
        let Some(colon) = (start..para.end.min(start + 7)).find(|&i| ann.word(i) == ":") else {
            continue;
        };
        let Some(speaker) =
            parties::before(ann, doc.ents, start, colon).filter(|p| p.tokens.start == start)
        else {
            continue;
        };
        let named = speaker.entity.is_some()
            || speaker
                .tokens
                .clone()
                .all(|i| ann.word(i).chars().all(|c| !c.is_lowercase()));
        let mut end = para.end;
        while end > colon + 1 && ann.tokens[end - 1].kind == TokenKind::Quote {
            end -= 1;
        }
        if !named
            || end <= colon + 1
            || doc.near(doc.ann.paragraph_of(colon)).into_iter().any(|i| {
                let f = &doc.items[i];
                f.content.start <= colon && colon < f.content.end
            })
        {
            continue;
        }
        let kind = if start > para.start {
            QuoteType::Direct
        } else {
            QuoteType::Indirect
        };
        let mut f = Found::new(kind, colon + 1..end, 0.6);
        f.cue = Some(super::cues::Cue::colon(colon));
        f.speaker = Some(speaker);
        doc.push(f);
    }
}

fn same_paragraph(doc: &Doc, prev: &Found, q: &Quoted) -> bool {
    doc.ann.paragraph_of(prev.content.start) == doc.ann.paragraph_of(q.open)
}

/// The direct quote this one continues: the last one before it in the paragraph with no other
/// cue in between, or, for a quote that opens its paragraph, the last one of the paragraph before.
fn previous_quote(doc: &Doc, q: &Quoted) -> Option<usize> {
    let ann = doc.ann;
    let para = ann.paragraph_of(q.open);
    let prev = doc
        .near(para)
        .into_iter()
        .map(|i| (i, &doc.items[i]))
        .filter(|(_, f)| {
            f.kind == QuoteType::Direct && f.content.end <= q.open && f.speaker.is_some()
        })
        .max_by_key(|(_, f)| f.content.end)?;
    let prev_para = ann.paragraph_of(prev.1.content.start);
    let gap_start = prev.1.content.end;
    let own_cue = prev.1.cue.as_ref().map(|c| c.tokens.start);
    // A relay of the previous quote ("according to a translation …") is not a new cue.
    let relayed = !prev.1.via.is_empty();
    let other_cue = doc
        .cues_in(gap_start..q.open)
        .iter()
        .any(|c| Some(c.tokens.start) != own_cue && !(relayed && c.lemma.lemma == "according to"));
    let opens_paragraph = ann.paragraphs[para].start == q.open;
    let adjacent = prev_para == para
        || (prev_para + 1 == para && opens_paragraph && ends_paragraph_with_quote(doc, prev.1));
    (adjacent && !other_cue).then_some(prev.0)
}

/// The previous paragraph ends with the quote's own sentence (quote and attribution, nothing else).
fn ends_paragraph_with_quote(doc: &Doc, f: &Found) -> bool {
    let para = &doc.ann.paragraphs[doc.ann.paragraph_of(f.content.start)];
    doc.ann.sentence_of(f.content.end.min(para.end - 1)) == doc.ann.sentence_of(para.end - 1)
}

#[cfg(test)]
mod tests {
    /// (content, cue, speaker mention) of every quote, as text.
    fn quotes(text: &str) -> Vec<(String, String, String)> {
        let a = crate::analyze_text(text);
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.content.text.clone(),
                    q.cue.as_ref().map_or(String::new(), |c| c.text.clone()),
                    q.speaker
                        .as_ref()
                        .map_or(String::new(), |s| s.mention.text.clone()),
                )
            })
            .collect()
    }

    fn speaker_of(text: &str, content: &str) -> (String, String) {
        let all = quotes(text);
        let q = all
            .iter()
            .find(|q| q.0.contains(content))
            .unwrap_or_else(|| panic!("no quote holding {content:?} in {all:?}"));
        (q.1.clone(), q.2.clone())
    }

    #[test]
    fn a_speaker_after_the_cue_keeps_abbreviations_and_its_description() {
        let text = "“We will fight this,” said Rep. Ada Pell, the top Democrat on the panel.\n\n\
                    “It was fine,” Mr. Tobin Vale said.\n\n\
                    “Nothing changed,” said Tobin Vale, adding that the plan was dead.";
        assert_eq!(
            speaker_of(text, "fight this").1,
            "Rep. Ada Pell, the top Democrat on the panel"
        );
        assert_eq!(speaker_of(text, "was fine").1, "Mr. Tobin Vale");
        assert_eq!(speaker_of(text, "Nothing changed").1, "Tobin Vale");
    }

    #[test]
    fn a_speakers_description_stops_before_the_time_of_the_statement() {
        let text = "“We will not back down,” said Jon Hale, the union’s president, on Tuesday.";
        assert_eq!(
            speaker_of(text, "back down").1,
            "Jon Hale, the union’s president"
        );
    }

    #[test]
    fn a_quotation_after_a_paragraph_ending_in_a_colon_is_attributed() {
        let text = "The mayor spoke after the vote.\n\nShe said:\n\n“We will rebuild the harbour.”";
        assert_eq!(
            speaker_of(text, "rebuild the harbour"),
            ("said".to_string(), "She".to_string())
        );
    }

    #[test]
    fn a_quotation_signed_with_a_dash_is_attributed_to_the_name() {
        let text = "Readers wrote to us about the closure.\n\n\
                    “The harbour must stay open for the boats.” ― Ada Pell\n\n\
                    “Nobody asked the fishers.” — Tobin Vale, a skipper";
        assert_eq!(
            speaker_of(text, "must stay open"),
            ("―".to_string(), "Ada Pell".to_string())
        );
        assert_eq!(speaker_of(text, "Nobody asked").1, "Tobin Vale, a skipper");
    }
}
