//! Tone of a statement: pessimistic (CAMEO 012), optimistic (013) or neutral (010), from the
//! markers in `resources/events/tone.txt`.

use crate::text::Annotated;
use std::ops::Range;
use std::sync::LazyLock;

struct Markers {
    pessimistic: Vec<&'static str>,
    optimistic: Vec<&'static str>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let mut m = Markers {
        pessimistic: Vec::new(),
        optimistic: Vec::new(),
    };
    for line in include_str!("../../../../resources/events/tone.txt").lines() {
        if let Some(p) = line.strip_prefix('-') {
            m.pessimistic.push(p.trim());
        } else if let Some(p) = line.strip_prefix('+') {
            m.optimistic.push(p.trim());
        }
    }
    m
});

/// The statement code of what was said in `content`.
pub fn statement_code(ann: &Annotated, content: Range<usize>) -> &'static str {
    let text = ann.slice(content).to_lowercase().replace('’', "'");
    let has = |markers: &[&str]| markers.iter().any(|m| at_word_start(&text, m));
    if has(&MARKERS.pessimistic) {
        "012"
    } else if has(&MARKERS.optimistic) {
        "013"
    } else {
        "010"
    }
}

/// `marker` occurs in `text` at the start of a word (it may end mid-word: "deteriorat").
fn at_word_start(text: &str, marker: &str) -> bool {
    text.match_indices(marker).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::annotate;

    fn code(s: &str) -> &'static str {
        let ann = annotate(s);
        statement_code(&ann, 0..ann.tokens.len())
    }

    #[test]
    fn pessimism_wins_over_optimism() {
        assert_eq!(code("It is too complex to expect a breakthrough."), "012");
        assert_eq!(code("We see real progress."), "013");
        assert_eq!(code("The talks went unsuccessfully."), "010");
        assert_eq!(code("I don’t think so."), "012");
    }
}
