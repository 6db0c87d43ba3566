//! Training the tagger, lemmatiser and name tagger on tiny hand-written data, determinism of
//! training, robustness on empty and very long input, and (when ../shared/data is present) a
//! sanity check of the embedded models.

use attache::text::clusters::Clusters;
use attache::text::names::{self, Gazetteer, NameKind, NameTagger};
use attache::text::tagger::{self, PosTag, Tagger, Upos};
use attache::text::{conllu, iob2, lemma};
use std::path::Path;

/// A few sentences written for this test, CoNLL-U with gold UPOS, XPOS and lemmas.
const TREEBANK: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcats\tcat\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tslept\tsleep\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_
4\tloudly\tloudly\tADV\tRB\t_\t3\tadvmod\t_\t_
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tAnna\tAnna\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsees\tsee\tVERB\tVBZ\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tdogs\tdog\tNOUN\tNNS\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

/// Hand-written IOB2 sentences.
const NAMES: &str = "\
1\tAnna\tB-PER
2\tSmith\tI-PER
3\tvisited\tO
4\tParis\tB-LOC
5\t.\tO

1\tShe\tO
2\tjoined\tO
3\tAcme\tB-ORG
4\tCorp\tI-ORG
5\tin\tO
6\tBerlin\tB-LOC
7\t.\tO
";

fn treebank() -> Vec<conllu::Sentence> {
    conllu::parse(TREEBANK).unwrap()
}

fn small_config(seed: u64) -> tagger::TrainConfig {
    tagger::TrainConfig {
        epochs: 10,
        seed,
        min_abs: 0.0,
        lexicon_min_count: 1,
        ..Default::default()
    }
}

#[test]
fn tagger_learns_a_tiny_treebank() {
    let sentences = treebank();
    let model = tagger::train(&sentences, &small_config(7), |_, _| {});
    let model = Tagger::from_bytes(&model.to_bytes()).unwrap();
    for s in &sentences {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = model.tag(&words);
        for (w, t) in s.words.iter().zip(&tags) {
            assert_eq!(
                (t.upos.as_str(), t.xpos),
                (w.upos.as_str(), w.xpos.as_str())
            );
        }
    }
}

#[test]
fn lemmatiser_learns_a_tiny_treebank_and_generalises_endings() {
    let model = lemma::train(&treebank(), &lemma::LemmaConfig::default());
    let model = lemma::Lemmatizer::from_bytes(&model.to_bytes()).unwrap();
    let tag = |upos, xpos| PosTag { upos, xpos };
    assert_eq!(model.lemma("cats", &tag(Upos::Noun, "NNS")), "cat");
    assert_eq!(model.lemma("The", &tag(Upos::Det, "DT")), "the");
    assert_eq!(model.lemma("Anna", &tag(Upos::Propn, "NNP")), "Anna");
    // Unseen: the plural ending rule, the past-tense rule.
    assert_eq!(model.lemma("birds", &tag(Upos::Noun, "NNS")), "bird");
    assert_eq!(model.lemma("walked", &tag(Upos::Verb, "VBD")), "walk");
}

/// Past tenses whose longest shared ending ("-bed" of "robbed") gives the wrong lemma for a new
/// word ("bombed" → "bom"), and a noun that makes the right one ("bomb") a known lemma.
const PAST_TENSES: &str = "\
1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\trobbed\trob\tVERB\tVBD\t_\t0\troot\t_\t_
3\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_
4\tsobbed\tsob\tVERB\tVBD\t_\t2\tconj\t_\t_

1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\twalked\twalk\tVERB\tVBD\t_\t0\troot\t_\t_
3\t,\t,\tPUNCT\t,\t_\t4\tpunct\t_\t_
4\ttalked\ttalk\tVERB\tVBD\t_\t2\tconj\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\tkicked\tkick\tVERB\tVBD\t_\t2\tconj\t_\t_
7\ta\ta\tDET\tDT\t_\t8\tdet\t_\t_
8\tbomb\tbomb\tNOUN\tNN\t_\t6\tobj\t_\t_
";

#[test]
fn lemmatiser_prefers_known_lemmas_and_follows_ewt_casing() {
    let sentences = conllu::parse(PAST_TENSES).unwrap();
    let model = lemma::train(&sentences, &lemma::LemmaConfig::default());
    let model = lemma::Lemmatizer::from_bytes(&model.to_bytes()).unwrap();
    let tag = |upos, xpos| PosTag { upos, xpos };
    assert_eq!(model.lemma("bombed", &tag(Upos::Verb, "VBD")), "bomb");
    // Without a known lemma the longest ending still decides.
    assert_eq!(model.lemma("dabbed", &tag(Upos::Verb, "VBD")), "dab");
    // Long all-capital proper nouns are title-cased, short ones (acronyms) kept; common-noun
    // acronyms are lowercased.
    assert_eq!(
        model.lemma("HARBORTOWN", &tag(Upos::Propn, "NNP")),
        "Harbortown"
    );
    assert_eq!(model.lemma("NATO", &tag(Upos::Propn, "NNP")), "NATO");
    assert_eq!(model.lemma("RFQ", &tag(Upos::Noun, "NN")), "rfq");
}

#[test]
fn training_is_deterministic() {
    let sentences = treebank();
    let a = tagger::train(&sentences, &small_config(3), |_, _| {}).to_bytes();
    let b = tagger::train(&sentences, &small_config(3), |_, _| {}).to_bytes();
    assert_eq!(a, b);
    let (n, tags) = name_data();
    let config = names::NamesConfig::default();
    let a = names::train(&n, &tags, Gazetteer::default(), &config, |_, _| {}).to_bytes();
    let b = names::train(&n, &tags, Gazetteer::default(), &config, |_, _| {}).to_bytes();
    assert_eq!(a, b);
}

fn name_data() -> (Vec<iob2::Sentence>, Vec<Vec<PosTag>>) {
    let sentences = iob2::parse(NAMES);
    let tags = sentences
        .iter()
        .map(|s| {
            let tag = PosTag {
                upos: Upos::X,
                xpos: "XX",
            };
            vec![tag; s.words.len()]
        })
        .collect();
    (sentences, tags)
}

#[test]
fn name_tagger_learns_tiny_data() {
    let (sentences, tags) = name_data();
    let mut gazetteer = Gazetteer::default();
    gazetteer.insert("Paris", 4);
    let model = names::train(
        &sentences,
        &tags,
        gazetteer,
        &names::NamesConfig::default(),
        |_, _| {},
    );
    let model = NameTagger::from_bytes(&model.to_bytes()).unwrap();
    for (s, t) in sentences.iter().zip(&tags) {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        assert_eq!(model.tag(&words, t), s.spans);
    }
}

#[test]
fn empty_and_very_long_sentences_do_not_panic() {
    let model = tagger::train(&treebank(), &small_config(1), |_, _| {});
    let lemmatizer = lemma::train(&treebank(), &lemma::LemmaConfig::default());
    let (n, t) = name_data();
    let namer = names::train(&n, &t, Gazetteer::default(), &Default::default(), |_, _| {});
    assert!(model.tag(&[]).is_empty());
    assert!(namer.tag(&[], &[]).is_empty());
    let long: Vec<&str> = ["The", "dog", "saw", "Anna", "Smith", "", "émigré", "."]
        .into_iter()
        .cycle()
        .take(10_000)
        .collect();
    let tags = model.tag(&long);
    assert_eq!(tags.len(), long.len());
    for (w, t) in long.iter().zip(&tags) {
        lemmatizer.lemma(w, t);
    }
    let spans = namer.tag(&long, &tags);
    assert!(spans.iter().all(|s| s.start < s.end && s.end <= long.len()));
}

#[test]
fn embedded_models_tag_news() {
    if !Tagger::has_embedded() || !NameTagger::has_embedded() {
        eprintln!(
            "skipping: no embedded models (run `attache train tagger` and `attache train names`)"
        );
        return;
    }
    let words = [
        "President",
        "Emmanuel",
        "Macron",
        "met",
        "Vladimir",
        "Putin",
        "in",
        "Moscow",
        "on",
        "Monday",
        ".",
    ];
    let tags = Tagger::embedded().tag(&words);
    assert_eq!(tags[3].upos, Upos::Verb);
    assert_eq!(tags[5].upos, Upos::Propn);
    let lemmas: Vec<String> = words
        .iter()
        .zip(&tags)
        .map(|(w, t)| lemma::Lemmatizer::embedded().lemma(w, t))
        .collect();
    assert_eq!(lemmas[3], "meet");
    let spans = NameTagger::embedded().tag(&words, &tags);
    assert!(spans
        .iter()
        .any(|s| (s.start, s.end, s.kind) == (4, 6, NameKind::Person)));
}

#[test]
fn embedded_tagger_scores_on_ewt_dev() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-ewt/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping: {} not found (../shared/data is absent)",
            path.display()
        );
        return;
    };
    if !Tagger::has_embedded() {
        eprintln!("skipping: no embedded tagger");
        return;
    }
    let gold = conllu::parse(&text).unwrap();
    let (mut right, mut total) = (0, 0);
    for s in &gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, t) in s.words.iter().zip(Tagger::embedded().tag(&words)) {
            right += usize::from(t.upos.as_str() == w.upos);
            total += 1;
        }
    }
    let accuracy = right as f64 / total as f64;
    assert!(
        accuracy > 0.93,
        "UPOS accuracy on EWT dev fell to {accuracy:.4}"
    );
}

#[test]
fn tags_an_annotated_document() {
    if !Tagger::has_embedded() || !NameTagger::has_embedded() {
        eprintln!("skipping: no embedded models");
        return;
    }
    let doc = attache::text::annotate("Macron flew to Moscow.\nPutin greeted him.");
    let tags = tagger::tag_document(&doc);
    assert_eq!(tags.len(), doc.tokens.len());
    let lemmas = lemma::lemmatize_document(&doc, &tags);
    assert_eq!(lemmas.len(), doc.tokens.len());
    let spans = names::tag_document(&doc, &tags);
    assert!(spans.iter().all(|s| s.end <= doc.tokens.len()));
}

#[test]
fn words_tagged_other_are_left_open_in_training() {
    // "Zorblax" is an organisation in one sentence and an `OTH` name in the other (as the older
    // UNER release tags products): training must not learn that it is outside every name.
    let text = "1\tZorblax\tB-ORG\n2\thired\tO\n3\tAnna\tB-PER\n4\t.\tO\n\n\
                1\tShe\tO\n2\tlikes\tO\n3\tZorblax\tB-OTH\n4\t.\tO\n";
    let sentences = iob2::parse(text);
    assert_eq!(sentences[1].other, [false, false, true, false]);
    let model = tagger::train(&treebank(), &small_config(1), |_, _| {});
    let tags: Vec<Vec<PosTag>> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            model.tag(&words)
        })
        .collect();
    // Without word clusters: two sentences are too few to outweigh what the shipped clusters
    // say about "She" and "likes", and this test is about the open labels alone.
    let config = names::NamesConfig {
        clusters: Clusters::default(),
        ..Default::default()
    };
    let namer = names::train(&sentences, &tags, Gazetteer::default(), &config, |_, _| {});
    let words = ["She", "likes", "Zorblax", "."];
    let spans = namer.tag(&words, &tags[1]);
    assert!(
        spans
            .iter()
            .any(|s| (s.start, s.end, s.kind) == (2, 3, NameKind::Organization)),
        "{spans:?}"
    );
}
