//! The pipeline never panics and every span it returns points into the text, whatever the input:
//! random mixes of words, names, cues, quotation marks of every style, colons and line breaks.

use attache::{analyze, InputDoc, Options};

/// xorshift: a deterministic stream of pseudo-random numbers, no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

const PIECES: &[&str] = &[
    "said",
    "told",
    "according to",
    "Smith",
    "Anna Berg",
    "President",
    "the minister",
    "he",
    "him",
    "that",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    ",",
    ".",
    ":",
    "?",
    "\n",
    "\n\n",
    "(R-Utah)",
    "(",
    ")",
    "Mr.",
    "U.S.",
    "denied",
    "described",
    "as",
    "reporters",
    "in an interview with",
    "Reuters",
    "reported",
    "…",
    "—",
    "é",
    "日本",
    "\u{0}",
    "\u{feff}",
    " ",
    "called",
    "before implying",
    "Kremlin spokesman",
];

fn random_text(rng: &mut Rng) -> String {
    let n = rng.next() % 60;
    (0..n)
        .map(|_| PIECES[rng.next() % PIECES.len()])
        .collect::<Vec<_>>()
        .join(if rng.next().is_multiple_of(3) {
            ""
        } else {
            " "
        })
}

#[test]
fn random_inputs_never_panic_and_spans_are_valid() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for _ in 0..3000 {
        let text = random_text(&mut rng);
        let a = analyze(
            InputDoc::text(&text),
            &Options {
                strip_boilerplate: rng.next().is_multiple_of(2),
                ..Options::default()
            },
        );
        let chars: Vec<char> = a.text.chars().collect();
        let check = |s: &attache::model::TextSpan| {
            assert!(
                s.start <= s.end && s.end <= chars.len(),
                "span out of range in {text:?}"
            );
            assert_eq!(
                chars[s.start..s.end].iter().collect::<String>(),
                s.text,
                "span text differs in {text:?}"
            );
        };
        for q in &a.quotes {
            check(&q.content);
            q.cue.iter().for_each(check);
            q.speaker.iter().for_each(|s| check(&s.mention));
            q.addressee.iter().for_each(|p| check(&p.mention));
            q.via.iter().for_each(|p| check(&p.mention));
            q.channel.iter().for_each(check);
        }
        for e in &a.entities {
            e.mentions.iter().for_each(check);
        }
    }
}

#[test]
fn unbalanced_quotes_degrade_gracefully() {
    let text = "“We will win,” Smith said. “This never closes.\n\nAnother paragraph ” stray mark, she said.";
    let a = attache::analyze_text(text);
    assert!(a.quotes.iter().any(|q| q.content.text == "We will win,"));
}
