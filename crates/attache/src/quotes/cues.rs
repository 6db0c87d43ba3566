//! Cues: the words that introduce reported speech or thought ("said", "has informed",
//! "appeared to argue", "according to"), found as verb groups with their auxiliaries.

use crate::text::{Annotated, TokenKind};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// Speech: "said", "told", "announced".
    Statement,
    /// Thought: "believes", "thinks", "fears" (PolNeAR annotates both).
    Belief,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Base,
    Third,
    Past,
    Gerund,
}

#[derive(Debug, Clone, Copy)]
pub struct Lemma {
    pub lemma: &'static str,
    pub kind: CueKind,
    /// Takes the hearer as object: "told reporters", "assured him".
    pub takes_addressee: bool,
    /// Can introduce a clause without "that": "said the plan failed".
    pub bare_clause: bool,
    /// Denies or dismisses what it reports.
    pub denial: bool,
}

#[derive(Debug, Clone)]
pub struct Cue {
    /// The whole verb group: auxiliaries, raising verbs and the cue verb ("has informed",
    /// "appeared to argue"), without leading adverbs.
    pub tokens: Range<usize>,
    /// The cue verb itself.
    pub verb: usize,
    pub lemma: Lemma,
    pub form: Form,
    /// Negated: "did not say", "never confirmed".
    pub negated: bool,
}

/// (lemma, kind, takes addressee, bare clause, denial, irregular past)
const LEXICON: &[(&str, CueKind, bool, bool, bool, &str)] = {
    use CueKind::*;
    &[
        ("say", Statement, false, true, false, "said"),
        ("tell", Statement, true, true, false, "told"),
        ("add", Statement, false, true, false, ""),
        ("note", Statement, false, false, false, ""),
        ("argue", Statement, false, true, false, ""),
        ("claim", Statement, false, true, false, ""),
        ("insist", Statement, false, true, false, ""),
        ("explain", Statement, false, false, false, ""),
        ("warn", Statement, true, false, false, ""),
        ("ask", Statement, true, false, false, ""),
        ("announce", Statement, false, false, false, ""),
        ("assure", Statement, true, false, false, ""),
        ("inform", Statement, true, false, false, ""),
        ("describe", Statement, false, false, false, ""),
        ("deny", Statement, false, false, true, "denied"),
        ("dismiss", Statement, false, false, true, ""),
        ("reject", Statement, false, false, true, ""),
        ("dispute", Statement, false, false, true, ""),
        ("characterize", Statement, false, false, false, ""),
        ("call", Statement, false, false, false, ""),
        ("label", Statement, false, false, false, "labeled"),
        ("refute", Statement, false, false, true, ""),
        ("state", Statement, false, false, false, ""),
        ("declare", Statement, false, false, false, ""),
        ("write", Statement, false, true, false, "wrote"),
        ("tweet", Statement, false, false, false, ""),
        ("post", Statement, false, false, false, ""),
        ("report", Statement, false, false, false, ""),
        ("reply", Statement, false, false, false, "replied"),
        ("respond", Statement, false, false, false, ""),
        ("answer", Statement, false, false, false, ""),
        ("recall", Statement, false, false, false, ""),
        ("acknowledge", Statement, false, false, false, ""),
        ("admit", Statement, false, false, false, ""),
        ("suggest", Statement, false, false, false, ""),
        ("contend", Statement, false, false, false, ""),
        ("maintain", Statement, false, false, false, ""),
        ("predict", Statement, false, false, false, ""),
        ("promise", Statement, true, false, false, ""),
        ("vow", Statement, false, false, false, ""),
        ("pledge", Statement, false, false, false, ""),
        ("urge", Statement, true, false, false, ""),
        ("caution", Statement, false, false, false, ""),
        ("stress", Statement, false, false, false, ""),
        ("emphasize", Statement, false, false, false, ""),
        ("emphasise", Statement, false, false, false, ""),
        ("observe", Statement, false, false, false, ""),
        ("remark", Statement, false, false, false, ""),
        ("comment", Statement, false, false, false, ""),
        ("conclude", Statement, false, false, false, ""),
        ("complain", Statement, false, false, false, ""),
        ("charge", Statement, false, false, false, ""),
        ("accuse", Statement, true, false, false, ""),
        ("allege", Statement, false, false, false, ""),
        ("assert", Statement, false, false, false, ""),
        ("confirm", Statement, false, false, false, ""),
        ("concede", Statement, false, false, false, ""),
        ("counter", Statement, false, false, false, ""),
        ("quip", Statement, false, false, false, "quipped"),
        ("joke", Statement, false, false, false, ""),
        ("boast", Statement, false, false, false, ""),
        ("testify", Statement, false, false, false, "testified"),
        ("reiterate", Statement, false, false, false, ""),
        ("imply", Statement, false, false, false, "implied"),
        ("indicate", Statement, false, false, false, ""),
        ("reveal", Statement, false, false, false, ""),
        ("disclose", Statement, false, false, false, ""),
        ("mention", Statement, false, false, false, ""),
        ("retort", Statement, false, false, false, ""),
        ("lament", Statement, false, false, false, ""),
        ("proclaim", Statement, false, false, false, ""),
        ("advise", Statement, true, false, false, ""),
        ("remind", Statement, true, false, false, ""),
        ("notify", Statement, true, false, false, "notified"),
        ("recount", Statement, false, false, false, ""),
        ("agree", Statement, false, false, false, ""),
        ("estimate", Statement, false, false, false, ""),
        ("threaten", Statement, false, false, false, ""),
        ("demand", Statement, false, false, false, ""),
        ("propose", Statement, false, false, false, ""),
        ("signal", Statement, false, false, false, ""),
        ("hint", Statement, false, false, false, ""),
        ("shout", Statement, false, false, false, ""),
        ("yell", Statement, false, false, false, ""),
        ("whisper", Statement, false, false, false, ""),
        ("believe", Belief, false, true, false, ""),
        ("think", Belief, false, true, false, "thought"),
        ("feel", Belief, false, true, false, "felt"),
        ("hope", Belief, false, true, false, ""),
        ("fear", Belief, false, true, false, ""),
        ("worry", Belief, false, false, false, "worried"),
        ("expect", Belief, false, false, false, ""),
        ("doubt", Belief, false, false, false, ""),
        ("suspect", Belief, false, false, false, ""),
        ("know", Belief, false, false, false, "knew"),
        ("wonder", Belief, false, false, false, ""),
        ("realize", Belief, false, false, false, ""),
    ]
};

/// Participles that differ from the simple past.
const PARTICIPLES: &[(&str, &str)] = &[
    ("write", "written"),
    ("know", "known"),
    ("think", "thought"),
];

static FORMS: LazyLock<HashMap<String, (Lemma, Form)>> = LazyLock::new(|| {
    let mut forms = HashMap::new();
    for &(lemma, kind, takes_addressee, bare_clause, denial, past) in LEXICON {
        let entry = Lemma {
            lemma,
            kind,
            takes_addressee,
            bare_clause,
            denial,
        };
        let past = if past.is_empty() {
            regular_past(lemma)
        } else {
            past.to_string()
        };
        for (form, f) in [
            (lemma.to_string(), Form::Base),
            (third_person(lemma), Form::Third),
            (past, Form::Past),
            (gerund(lemma), Form::Gerund),
        ] {
            forms.entry(form).or_insert((entry, f));
        }
        if let Some(&(_, p)) = PARTICIPLES.iter().find(|(l, _)| *l == lemma) {
            forms.entry(p.to_string()).or_insert((entry, Form::Past));
        }
    }
    forms
});

fn regular_past(lemma: &str) -> String {
    if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if let Some(stem) = lemma
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ied")
    } else {
        format!("{lemma}ed")
    }
}

fn third_person(lemma: &str) -> String {
    if let Some(stem) = lemma
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else if lemma.ends_with(['s', 'h', 'x']) {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    }
}

fn gerund(lemma: &str) -> String {
    match lemma.strip_suffix('e') {
        Some(stem) if !lemma.ends_with("ee") => format!("{stem}ing"),
        _ => format!("{lemma}ing"),
    }
}

/// The cue lemma and form of a word, if it is one.
/// Lemmas of thought, wish and perception rather than speech: PolNeAR attributes "X believes",
/// "X wants" too, and users filter them apart.
pub fn is_belief_lemma(lemma: &str) -> bool {
    matches!(
        lemma,
        "think"
            | "believe"
            | "want"
            | "hope"
            | "fear"
            | "feel"
            | "expect"
            | "worry"
            | "wish"
            | "know"
            | "doubt"
            | "suspect"
            | "assume"
            | "seem"
            | "appear"
            | "see"
            | "view"
            | "consider"
            | "regard"
            | "support"
            | "oppose"
            | "like"
            | "prefer"
            | "favor"
            | "favour"
            | "intend"
            | "plan"
            | "understand"
            | "realize"
            | "realise"
            | "imagine"
            | "trust"
            | "remember"
            | "concern"
            | "hate"
            | "love"
            | "care"
            | "need"
            | "aim"
            | "seek"
            | "desire"
    )
}

pub fn lookup(word: &str) -> Option<(Lemma, Form)> {
    FORMS
        .get(word)
        .copied()
        .or_else(|| FORMS.get(word.to_lowercase().as_str()).copied())
}

const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "is", "was", "were", "are", "am", "be", "been", "will", "would", "could",
    "can", "should", "may", "might", "must", "did", "does", "do", "didn't", "doesn't", "don't",
    "won't", "wouldn't", "hasn't", "haven't", "hadn't", "isn't", "wasn't", "couldn't",
];

/// Verbs that take a cue as infinitive and keep the subject: "appeared to argue", "went on to say".
const RAISING: &[&str] = &[
    "appeared",
    "appears",
    "seemed",
    "seems",
    "went",
    "continued",
    "continues",
    "began",
    "proceeded",
    "used",
];

/// Adverbs allowed inside a verb group: "has repeatedly said", "then appeared to argue".
pub fn is_adverb(w: &str) -> bool {
    (w.ends_with("ly") && w.len() > 3 && w != "only" && w != "family" && w != "rally")
        || matches!(
            w,
            "then"
                | "also"
                | "again"
                | "later"
                | "often"
                | "once"
                | "never"
                | "still"
                | "further"
                | "already"
                | "just"
                | "even"
                | "now"
                | "not"
                | "ever"
                | "since"
                | "too"
                | "soon"
                | "instead"
                | "previously"
        )
}

/// All cues of the text, in order. A word counts only when it is used as a verb: "the report"
/// or "a tweet" (after a determiner) are nouns.
pub fn find(ann: &Annotated) -> Vec<Cue> {
    let mut cues = Vec::new();
    for i in 0..ann.tokens.len() {
        if ann.tokens[i].kind != TokenKind::Word {
            continue;
        }
        let w = ann.word(i);
        if w.starts_with(|c: char| c.is_uppercase()) && i > 0 && !opens_clause(ann, i) {
            continue; // "Report" inside a name.
        }
        let Some((lemma, form)) = lookup(w) else {
            continue;
        };
        if i > 0 && is_determiner(&ann.word(i - 1).to_lowercase()) {
            continue;
        }
        cues.push(verb_group(ann, i, lemma, form));
    }
    cues.extend(according_to(ann));
    cues.sort_by_key(|c| c.tokens.start);
    cues
}

fn opens_clause(ann: &Annotated, i: usize) -> bool {
    ann.sentence_of(i) != ann.sentence_of(i - 1) || ann.tokens[i - 1].kind == TokenKind::Quote
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "that"
            | "these"
            | "those"
            | "every"
            | "each"
            | "no"
            | "any"
            | "’s"
            | "'s"
    )
}

/// Extend a cue verb leftwards over auxiliaries, negation, adverbs and raising verbs.
fn verb_group(ann: &Annotated, verb: usize, lemma: Lemma, form: Form) -> Cue {
    let sentence_start = ann.sentences[ann.sentence_of(verb)].tokens.start;
    let mut start = verb;
    let mut j = verb;
    let mut negated = false;
    while j > sentence_start {
        let w = ann.word(j - 1).to_lowercase();
        if w == "to" && j >= 2 && RAISING.contains(&ann.word(j - 2)) {
            j -= 2;
            start = j;
        } else if AUXILIARIES.contains(&w.as_str()) {
            negated |= w.ends_with("n't");
            j -= 1;
            start = j;
        } else if is_adverb(&w) {
            negated |= matches!(w.as_str(), "not" | "never");
            j -= 1;
        } else {
            break;
        }
    }
    Cue {
        tokens: start..verb + 1,
        verb,
        lemma,
        form,
        negated,
    }
}

impl Cue {
    /// The colon of "Name: statement" (headlines, transcripts).
    pub fn colon(at: usize) -> Cue {
        Cue::mark(at, ":")
    }

    /// The dash of a signed quotation: "“…” — Ada Pell".
    pub fn dash(at: usize) -> Cue {
        Cue::mark(at, "—")
    }

    /// A punctuation mark standing for a verb of speech.
    fn mark(at: usize, lemma: &'static str) -> Cue {
        let lemma = Lemma {
            lemma,
            kind: CueKind::Statement,
            takes_addressee: false,
            bare_clause: false,
            denial: false,
        };
        Cue {
            tokens: at..at + 1,
            verb: at,
            lemma,
            form: Form::Base,
            negated: false,
        }
    }
}

/// "according to" is a cue whose speaker follows it.
fn according_to(ann: &Annotated) -> Vec<Cue> {
    let lemma = Lemma {
        lemma: "according to",
        kind: CueKind::Statement,
        takes_addressee: false,
        bare_clause: false,
        denial: false,
    };
    (0..ann.tokens.len().saturating_sub(1))
        .filter(|&i| ann.word(i).eq_ignore_ascii_case("according") && ann.word(i + 1) == "to")
        .map(|i| Cue {
            tokens: i..i + 2,
            verb: i,
            lemma,
            form: Form::Base,
            negated: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::annotate;

    #[test]
    fn inflections() {
        for (w, l) in [
            ("said", "say"),
            ("tells", "tell"),
            ("argued", "argue"),
            ("denies", "deny"),
            ("implying", "imply"),
            ("noted", "note"),
            ("written", "write"),
        ] {
            assert_eq!(lookup(w).map(|(x, _)| x.lemma), Some(l), "{w}");
        }
        assert!(lookup("speak").is_none());
    }

    #[test]
    fn verb_groups() {
        let text = "She then appeared to argue that it failed, and he has not denied it. The report was long.";
        let ann = annotate(text);
        let groups: Vec<&str> = find(&ann)
            .iter()
            .map(|c| ann.slice(c.tokens.clone()))
            .collect();
        assert_eq!(groups, vec!["appeared to argue", "has not denied"]);
    }
}
