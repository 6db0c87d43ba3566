//! Reader for IOB2 name annotations as Universal NER ships them: one word per line
//! (`index \t word \t tag …`), `#` comments, blank lines between sentences.

use super::names::{NameKind, Span};

/// One sentence: its words and their spans of names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub spans: Vec<Span>,
    /// Words tagged `OTH` (other names). The older UNER release that ships the train split
    /// used the class for products and the like that the current guidelines (of dev and test)
    /// partly annotate as organisations, so training leaves their labels open.
    pub other: Vec<bool>,
}

/// Parse an IOB2 file. Tags other than PER, ORG and LOC (UNER's `OTH`, the stray `B-O`) read
/// as `O`; an `I-` tag that does not continue a name of its type starts one.
pub fn parse(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<Option<(bool, NameKind)>> = Vec::new();
    let mut other = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !words.is_empty() {
                sentences.push(Sentence {
                    words: std::mem::take(&mut words),
                    spans: spans_of(&std::mem::take(&mut tags)),
                    other: std::mem::take(&mut other),
                });
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        words.push(cols[1].to_string());
        tags.push(read_tag(cols[2]));
        other.push(cols[2].ends_with("-OTH"));
    }
    sentences
}

/// `(begins, kind)` of a tag; `None` for outside.
fn read_tag(tag: &str) -> Option<(bool, NameKind)> {
    let (prefix, kind) = tag.split_once('-')?;
    let kind = NameKind::parse(kind)?;
    match prefix {
        "B" => Some((true, kind)),
        "I" => Some((false, kind)),
        _ => None,
    }
}

fn spans_of(tags: &[Option<(bool, NameKind)>]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let Some((begins, kind)) = *tag else { continue };
        match spans.last_mut() {
            Some(last) if !begins && last.end == i && last.kind == kind => last.end = i + 1,
            _ => spans.push(Span {
                start: i,
                end: i + 1,
                kind,
            }),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_spans_and_drops_other_tags() {
        let text = "# c\n1\tin\tO\t-\t-\n2\ttampa\tB-LOC\t-\t-\n3\tbay\tI-LOC\t-\t-\n4\tFoo\tB-OTH\n5\t.\tB-O\n\n1\tBob\tI-PER\n";
        let s = parse(text);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].spans,
            vec![Span {
                start: 1,
                end: 3,
                kind: NameKind::Location
            }]
        );
        assert_eq!(s[1].spans[0].kind, NameKind::Person);
        assert_eq!(s[0].other, [false, false, false, true, false]);
    }
}
