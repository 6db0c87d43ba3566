use super::*;
use crate::eval::brat;
use crate::eval::polnear::{Corpus, Document};
use crate::text::{self, syntax};

/// A document with one attribution, written as brat standoff over character offsets.
fn doc(name: &str, text: &str, source: &str, cue: &str, content: &str) -> Document {
    let at = |s: &str| {
        let b = text.find(s).expect("span in text");
        let c = text[..b].chars().count();
        (c, c + s.chars().count())
    };
    let (s, c, k) = (at(source), at(cue), at(content));
    let ann = format!(
        "T1\tSource {} {}\t{source}\nT2\tCue {} {}\t{cue}\nT3\tContent {} {}\t{content}\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        s.0, s.1, c.0, c.1, k.0, k.1
    );
    Document {
        name: name.into(),
        text: text.into(),
        annotation_file: format!("{name}_a.ann"),
        annotations: brat::parse(&ann),
    }
}

fn tiny_corpus() -> Corpus {
    let docs = [
        (
            "a",
            "The mayor said that the bridge would reopen in May.",
            "The mayor",
            "said",
            "that the bridge would reopen in May",
        ),
        (
            "b",
            "Officials said the budget was balanced.",
            "Officials",
            "said",
            "the budget was balanced",
        ),
        (
            "c",
            "According to the report, prices rose sharply.",
            "the report",
            "According to",
            "prices rose sharply",
        ),
        (
            "d",
            "The senator believes that taxes are too high.",
            "The senator",
            "believes",
            "that taxes are too high",
        ),
        (
            "e",
            "Ms. Varga told reporters that the plan had failed.",
            "Ms. Varga",
            "told",
            "that the plan had failed",
        ),
    ];
    Corpus {
        documents: docs
            .iter()
            .map(|(n, t, s, c, k)| doc(n, t, s, c, k))
            .collect(),
        problems: Vec::new(),
    }
}

#[test]
fn learns_its_training_attributions_and_round_trips() {
    let corpus = tiny_corpus();
    let config = TrainConfig {
        epochs: 10,
        content_epochs: 10,
        seed: 3,
        seeds: 1,
    };
    let (model, stats) = train(&corpus, None, &config, |_| {});
    assert_eq!(stats.attributions, 5);
    assert_eq!(stats.contents_reachable, 5, "{stats:?}");
    let back = AttributionModel::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(back, model);
    let d = &corpus.documents[0];
    let ann = text::annotate(&d.text);
    let trees = syntax::parse(&ann);
    let cx = Context::new(&ann, &trees);
    let found = model.predict(&cx, &crate::quotes::marks::pair(&ann));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        ann.slice(found[0].content.clone()),
        "that the bridge would reopen in May"
    );
    assert_eq!(ann.slice(found[0].source.clone().unwrap()), "The mayor");
}

/// Also for an ensemble of seeds: its members are added in seed order.
#[test]
fn training_is_deterministic() {
    let corpus = tiny_corpus();
    let config = TrainConfig {
        epochs: 3,
        content_epochs: 3,
        seed: 7,
        seeds: 2,
    };
    let a = train(&corpus, None, &config, |_| {}).0.to_bytes();
    let b = train(&corpus, None, &config, |_| {}).0.to_bytes();
    assert_eq!(a, b);
}

#[test]
fn garbage_bytes_are_an_error_not_a_panic() {
    assert!(AttributionModel::from_bytes(b"").is_err());
    assert!(AttributionModel::from_bytes(b"ATTRIB02\xff\xff").is_err());
}

#[test]
fn a_document_without_trees_gets_no_attributions() {
    let corpus = tiny_corpus();
    let (model, _) = train(
        &corpus,
        None,
        &TrainConfig {
            epochs: 2,
            content_epochs: 2,
            seed: 1,
            seeds: 1,
        },
        |_| {},
    );
    let ann = text::segment("The mayor said that the bridge would reopen.");
    let trees = syntax::parse(&ann);
    let cx = Context::new(&ann, &trees);
    assert!(model.predict(&cx, &[]).is_empty());
}

#[test]
fn a_content_leaves_the_closing_mark_of_an_outer_quotation() {
    let ann = text::annotate("“The mayor said taxes would rise,” the paper reported.");
    let trees = syntax::parse(&ann);
    let cx = Context::new(&ann, &trees);
    let quoted = crate::quotes::marks::pair(&ann);
    let at = |w: &str| (0..ann.tokens.len()).find(|&i| ann.word(i) == w).unwrap();
    let (open, close) = (at("“"), at("”"));
    let inner = leave_outer_close(&cx, &quoted, at("taxes")..close + 1);
    assert_eq!(ann.slice(inner), "taxes would rise");
    // A content that opens the quotation keeps its close.
    let whole = open..close + 1;
    assert_eq!(leave_outer_close(&cx, &quoted, whole.clone()), whole);
}

/// The source candidates of the cue word `cue` in `text`, as strings.
fn source_candidates(text: &str, cue: &str) -> Vec<String> {
    let ann = text::annotate(text);
    let trees = syntax::parse(&ann);
    let cx = Context::new(&ann, &trees);
    let head = (0..ann.tokens.len()).find(|&i| ann.word(i) == cue).unwrap();
    let cue = CueSpan {
        head,
        tokens: head..head + 1,
    };
    candidates::sources(&cx, &cue)
        .into_iter()
        .map(|c| ann.slice(c.tokens).to_string())
        .collect()
}

#[test]
fn source_candidates_keep_labels_appositions_and_broken_subjects() {
    let labelled = source_candidates("Gov. Ann Ross (R-XY) said the bridge would reopen.", "said");
    assert!(
        labelled.iter().any(|s| s == "Gov. Ann Ross (R-XY)"),
        "{labelled:?}"
    );
    let apposition = source_candidates("Ada Pell, a lawyer, said the plan failed.", "said");
    assert!(
        apposition.iter().any(|s| s == "Ada Pell, a lawyer,"),
        "{apposition:?}"
    );
    let long = source_candidates(
        "The wife of a man stopped by police recorded a video of the stop.",
        "recorded",
    );
    assert!(
        long.iter()
            .any(|s| s == "The wife of a man stopped by police"),
        "{long:?}"
    );
}
