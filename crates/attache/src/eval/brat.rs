//! A tolerant reader for brat standoff annotations (`.ann` files).
//!
//! Only the two line kinds the attribution corpora use are read:
//! text-bound annotations `T<n>\t<Type> <start> <end>[;<start> <end>…]\t<text>` and events
//! `E<n>\t<Type>:<trigger> <Role>:<id> …`. Other lines (relations, attributes, notes) are
//! skipped; malformed lines are reported as problems, never panicked on, because one bad
//! line should cost one annotation, not the evaluation.

use super::spans::CharSpan;
use std::collections::HashMap;

/// A text-bound annotation: a typed, possibly discontinuous span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound {
    pub id: String,
    pub kind: String,
    pub spans: Vec<CharSpan>,
    pub text: String,
}

/// An event: a typed trigger with role-labelled arguments, in file order. Roles may repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub trigger: Option<String>,
    pub args: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Annotations {
    pub text_bounds: HashMap<String, TextBound>,
    pub events: Vec<Event>,
    /// One line per malformed input line: what was wrong and where.
    pub problems: Vec<String>,
}

impl Annotations {
    /// The text-bound annotations an event argument list names under `role`.
    pub fn args_with_role<'a>(
        &'a self,
        event: &'a Event,
        role: &'a str,
    ) -> impl Iterator<Item = &'a TextBound> + 'a {
        event
            .args
            .iter()
            .filter(move |(r, _)| r == role)
            .filter_map(|(_, id)| self.text_bounds.get(id))
    }
}

pub fn parse(ann: &str) -> Annotations {
    let mut out = Annotations::default();
    for (n, line) in ann.lines().enumerate() {
        let result = match line.chars().next() {
            Some('T') => parse_text_bound(line).map(|t| {
                out.text_bounds.insert(t.id.clone(), t);
            }),
            Some('E') => parse_event(line).map(|e| out.events.push(e)),
            _ => Ok(()),
        };
        if let Err(why) = result {
            out.problems
                .push(format!("line {}: {why}: {line:?}", n + 1));
        }
    }
    out
}

fn parse_text_bound(line: &str) -> Result<TextBound, &'static str> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let head = fields
        .next()
        .ok_or("text-bound line without type and offsets")?;
    let text = fields.next().unwrap_or_default();
    let (kind, offsets) = head
        .split_once(' ')
        .ok_or("text-bound line without offsets")?;
    let spans = offsets
        .split(';')
        .map(parse_span)
        .collect::<Option<Vec<_>>>()
        .ok_or("bad offsets")?;
    Ok(TextBound {
        id: id.to_string(),
        kind: kind.to_string(),
        spans,
        text: text.to_string(),
    })
}

fn parse_span(s: &str) -> Option<CharSpan> {
    let mut parts = s.split_whitespace().map(str::parse::<usize>);
    let (start, end) = (parts.next()?.ok()?, parts.next()?.ok()?);
    (parts.next().is_none() && start <= end).then_some(CharSpan::new(start, end))
}

fn parse_event(line: &str) -> Result<Event, &'static str> {
    let (id, body) = line
        .split_once('\t')
        .ok_or("event line without arguments")?;
    let mut items = body.split_whitespace();
    let head = items.next().ok_or("event line without type")?;
    let (kind, trigger) = match head.split_once(':') {
        Some((k, t)) => (k, Some(t.to_string()).filter(|t| !t.is_empty())),
        None => (head, None),
    };
    let args = items
        .filter_map(|item| item.split_once(':'))
        .map(|(role, id)| (role.to_string(), id.to_string()))
        .collect();
    Ok(Event {
        id: id.to_string(),
        kind: kind.to_string(),
        trigger,
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Invented sentences; offsets refer to a made-up text.
    const ANN: &str = "T1\tSource 0 9\tThe mayor\n\
T2\tCue 10 14\tsaid\n\
T3\tContent 15 30;40 52\tthe bridge opens next spring\n\
T4\tAttribution 10 14\tsaid\n\
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
E2\tAttribution-no-source:T9 \n\
T5\tContent 60 70 80\tbroken\n\
#1\tAnnotatorNotes T1\tnot an annotation we read\n\
E3\tAttribution:T4 Content:T3 Content2:T6 Cue:T2\n";

    #[test]
    fn reads_text_bounds_with_discontinuous_spans() {
        let a = parse(ANN);
        let content = &a.text_bounds["T3"];
        assert_eq!(content.kind, "Content");
        assert_eq!(
            content.spans,
            [CharSpan::new(15, 30), CharSpan::new(40, 52)]
        );
        assert_eq!(a.text_bounds["T1"].text, "The mayor");
    }

    #[test]
    fn reads_events_with_missing_and_repeated_roles() {
        let a = parse(ANN);
        assert_eq!(a.events.len(), 3);
        let e1 = &a.events[0];
        assert_eq!(e1.kind, "Attribution");
        assert_eq!(e1.trigger.as_deref(), Some("T4"));
        assert_eq!(a.args_with_role(e1, "Source").count(), 1);
        let empty = &a.events[1];
        assert_eq!(empty.kind, "Attribution-no-source");
        assert!(empty.args.is_empty());
        // a role naming an unknown annotation (T6) is skipped, not an error
        assert_eq!(a.args_with_role(&a.events[2], "Content2").count(), 0);
    }

    #[test]
    fn malformed_lines_become_problems() {
        let a = parse(ANN);
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        assert!(a.problems[0].contains("line 7"));
        assert!(!a.text_bounds.contains_key("T5"));
        let junk = parse("T\nE\nT1\tCue x y\tz\n\n");
        assert_eq!(junk.problems.len(), 3);
    }
}
