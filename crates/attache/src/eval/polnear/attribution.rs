//! Attributions as PolNeAR annotates them — source, cue, content spans — read from brat gold
//! and converted from attache's quotes.

use crate::eval::brat::{Annotations, Event};
use crate::eval::spans::{CharSpan, Fragments};
use crate::model::{Analysis, Quote, TextSpan};
use std::collections::HashMap;

/// Who (source) said what (content) through which words (cue). Any part may be empty:
/// PolNeAR has attributions without a source, and predictions may lack a cue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    pub source: Fragments,
    pub cue: Fragments,
    pub content: Fragments,
    /// The content holds quotation marks: the "quoted" subset the metrics also report.
    pub quoted: bool,
}

/// The three scored parts, so metrics can be written once for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Source,
    Cue,
    Content,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Source, Part::Cue, Part::Content];

    pub fn of(self, a: &Attribution) -> &Fragments {
        match self {
            Part::Source => &a.source,
            Part::Cue => &a.cue,
            Part::Content => &a.content,
        }
    }
}

/// Marks that open a quotation. Straight and single marks count too: right before a content
/// span they can only be quoting.
fn is_opening_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '„' | '«' | '‘' | '\'')
}

fn is_closing_mark(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '’' | '\'')
}

/// Marks that only ever quote; `’` and `'` are left out because inside a text they are
/// mostly apostrophes ("Clinton’s").
fn is_unambiguous_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘')
}

/// Punctuation a closing mark may follow ("terrifying,”): included when the mark is.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '…' | '—' | '–' | '-')
}

fn contains_quote_mark(f: &Fragments, chars: &[char]) -> bool {
    f.spans().iter().any(|s| {
        chars[s.start..s.end]
            .iter()
            .copied()
            .any(is_unambiguous_mark)
    })
}

// ---- gold ------------------------------------------------------------------------------

/// The gold attributions of one document. Roles are read by their base name, so `Content2`
/// (a second content span some annotators used) joins `Content`. Events without content
/// cannot be scored and are reported in `skipped`.
pub fn gold_attributions(
    ann: &Annotations,
    chars: &[char],
    skipped: &mut Vec<String>,
) -> Vec<Attribution> {
    let mut out = Vec::new();
    for event in ann
        .events
        .iter()
        .filter(|e| e.kind.starts_with("Attribution"))
    {
        match event_attribution(ann, event, chars) {
            Some(a) => out.push(a),
            None => skipped.push(format!("event {} has no content", event.id)),
        }
    }
    out
}

/// The attribution one brat event annotates; `None` when it has no content.
pub fn event_attribution(ann: &Annotations, event: &Event, chars: &[char]) -> Option<Attribution> {
    let content = role_spans(ann, event, "Content", chars);
    (!content.is_empty()).then(|| Attribution {
        source: role_spans(ann, event, "Source", chars),
        cue: role_spans(ann, event, "Cue", chars),
        quoted: contains_quote_mark(&content, chars),
        content,
    })
}

fn role_spans(ann: &Annotations, event: &Event, base: &str, chars: &[char]) -> Fragments {
    let spans = event
        .args
        .iter()
        .filter(|(role, _)| role.trim_end_matches(|c: char| c.is_ascii_digit()) == base)
        .filter_map(|(_, id)| ann.text_bounds.get(id))
        .flat_map(|t| t.spans.iter().copied());
    Fragments::normalized(spans, chars)
}

// ---- predictions -----------------------------------------------------------------------

/// An attribution being assembled from one quote and the quotes that continue it.
struct Draft {
    source: Option<CharSpan>,
    cue: Option<CharSpan>,
    content: Vec<CharSpan>,
    quoted: bool,
}

/// attache's quotes as PolNeAR attributions, offsets into `chars` (the analysed text).
///
/// Three conventions differ and are bridged here: PolNeAR content includes the quotation marks
/// of a direct quote (and punctuation before the closing mark), attache's content does not;
/// PolNeAR content starts with its complementiser ("said [that taxes rose]"), attache's
/// content does not ("said that [taxes rose]"); and PolNeAR annotates `"A," he said. "B."` as one attribution with two content spans,
/// where attache reports B as a quote that `continues` A. B is merged into A's attribution
/// when it shares A's cue (or has none) and stands in the same paragraph.
pub fn predicted_attributions(analysis: &Analysis, chars: &[char]) -> Vec<Attribution> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of: HashMap<&str, usize> = HashMap::new();
    for q in &analysis.quotes {
        let Some((content, wrapped)) = content_span(&q.content, chars) else {
            continue;
        };
        let quoted = wrapped
            || chars[content.start..content.end]
                .iter()
                .copied()
                .any(is_unambiguous_mark);
        let cue = q.cue.as_ref().map(|c| cue_span(c, chars));
        match continued_draft(q, cue, content, &drafts, &draft_of, chars) {
            Some(i) => {
                drafts[i].content.push(content);
                drafts[i].quoted |= quoted;
                draft_of.insert(&q.id, i);
            }
            None => {
                draft_of.insert(&q.id, drafts.len());
                drafts.push(Draft {
                    source: q
                        .speaker
                        .as_ref()
                        .map(|s| source_span(&s.mention, cue, chars)),
                    cue,
                    content: vec![content],
                    quoted,
                });
            }
        }
    }
    drafts.into_iter().map(|d| finish(d, chars)).collect()
}

fn to_span(t: &TextSpan) -> CharSpan {
    CharSpan::new(t.start, t.end)
}

/// The cue, with the colon that directly follows it: PolNeAR's cue is "said:" where attache's
/// is "said" (a gold cue almost never stops right before a colon).
fn cue_span(t: &TextSpan, chars: &[char]) -> CharSpan {
    let mut s = to_span(t);
    if chars.get(s.end) == Some(&':') {
        s.end += 1;
    }
    s
}

/// The source, with the comma that closes its apposition right before the cue: PolNeAR's
/// source is "Ada Pell, a lawyer," in "Ada Pell, a lawyer, said" (nearly all such gold
/// sources keep the comma); attache's speaker stops before it.
fn source_span(t: &TextSpan, cue: Option<CharSpan>, chars: &[char]) -> CharSpan {
    let mut s = to_span(t);
    let Some(cue) = cue.filter(|c| s.start <= s.end && s.end < c.start && c.start <= chars.len())
    else {
        return s;
    };
    let inner_comma = chars[s.start..s.end].contains(&',');
    let between: Vec<char> = chars[s.end..cue.start]
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    if inner_comma && between == [','] {
        s.end += chars[s.end..cue.start]
            .iter()
            .position(|&c| c == ',')
            .unwrap_or(0)
            + 1;
    }
    s
}

/// The content span trimmed and widened over a complementiser and surrounding quotation
/// marks; `wrapped` tells whether an opening mark stood right before it. `None` for an empty
/// span.
fn content_span(t: &TextSpan, chars: &[char]) -> Option<(CharSpan, bool)> {
    let mut s = to_span(t).trimmed(chars)?;
    let wrapped = s.start > 0 && is_opening_mark(chars[s.start - 1]);
    if wrapped {
        s.start -= 1;
    }
    s.start = complementiser_before(chars, s.start).unwrap_or(s.start);
    let mut after = s.end;
    while after < chars.len() && is_trailing_punct(chars[after]) {
        after += 1;
    }
    if after < chars.len() && is_closing_mark(chars[after]) {
        s.end = after + 1;
    }
    Some((s, wrapped))
}

/// Where the word "that" starts when it stands right before `start` (one space between), as a
/// word of its own: PolNeAR's content begins there. In the gold, content directly after such a
/// "that" almost never occurs, so it is read as the complementiser.
fn complementiser_before(chars: &[char], start: usize) -> Option<usize> {
    const THAT: [char; 4] = ['t', 'h', 'a', 't'];
    let at = start.checked_sub(THAT.len() + 1)?;
    let word_start = at == 0 || !chars[at - 1].is_alphanumeric();
    (chars[at..at + THAT.len()] == THAT && chars[start - 1] == ' ' && word_start).then_some(at)
}

/// The draft a continuing quote merges into, if the merge conditions hold.
fn continued_draft(
    q: &Quote,
    cue: Option<CharSpan>,
    content: CharSpan,
    drafts: &[Draft],
    draft_of: &HashMap<&str, usize>,
    chars: &[char],
) -> Option<usize> {
    let i = *draft_of.get(q.continues.as_deref()?)?;
    let d = &drafts[i];
    let same_cue = cue.is_none() || cue == d.cue;
    let same_paragraph = d
        .content
        .iter()
        .all(|c| no_line_break_between(chars, *c, content));
    (same_cue && same_paragraph).then_some(i)
}

fn no_line_break_between(chars: &[char], a: CharSpan, b: CharSpan) -> bool {
    let (lo, hi) = (a.end.min(b.end), a.start.max(b.start));
    lo >= hi || !chars[lo..hi.min(chars.len())].contains(&'\n')
}

fn finish(d: Draft, chars: &[char]) -> Attribution {
    Attribution {
        source: Fragments::normalized(d.source, chars),
        cue: Fragments::normalized(d.cue, chars),
        content: Fragments::normalized(d.content, chars),
        quoted: d.quoted,
    }
}
