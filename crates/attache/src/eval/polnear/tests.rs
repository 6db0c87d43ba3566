//! Tests on an invented three-paragraph article with hand-written brat gold; the PolNeAR
//! corpus itself is only read from `../shared` when present.

use super::metrics::{score_doc, DocPair, Subset};
use super::*;
use serde_json::{json, Value};

const TEXT: &str = "The storm closed three bridges, officials said on Monday.\n\n\
“We are not reopening them tonight,” said Mayor Lena Ortiz. “Crews need daylight.”\n\n\
Ortiz called the damage “severe” and asked residents to stay home.";

/// Character offsets of the `nth` occurrence of `needle` in TEXT.
fn at(needle: &str, nth: usize) -> (usize, usize) {
    let byte = TEXT
        .match_indices(needle)
        .nth(nth)
        .expect("needle in text")
        .0;
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn tb(id: &str, kind: &str, spans: &[(usize, usize)]) -> String {
    let offsets: Vec<String> = spans.iter().map(|(s, e)| format!("{s} {e}")).collect();
    format!("{id}\t{kind} {}\tx\n", offsets.join(";"))
}

/// Gold in PolNeAR style: content includes the quotation marks, and the two halves of
/// Ortiz's quote are one attribution with a discontinuous content.
fn gold_ann() -> String {
    let mut ann = String::new();
    ann += &tb("T1", "Source", &[at("officials", 0)]);
    ann += &tb("T2", "Cue", &[at("said", 0)]);
    ann += &tb("T3", "Content", &[at("The storm closed three bridges", 0)]);
    ann += "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
    ann += &tb("T4", "Source", &[at("Mayor Lena Ortiz", 0)]);
    ann += &tb("T5", "Cue", &[at("said", 1)]);
    ann += &tb(
        "T6",
        "Content",
        &[
            at("“We are not reopening them tonight,”", 0),
            at("“Crews need daylight.”", 0),
        ],
    );
    ann += "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n";
    ann += &tb("T7", "Source", &[at("Ortiz", 1)]);
    ann += &tb("T8", "Cue", &[at("called", 0)]);
    ann += &tb("T9", "Content", &[at("the damage “severe”", 0)]);
    ann += "E3\tAttribution:T8 Cue:T8 Content:T9 Source:T7\n";
    ann += "E4\tAttribution-no-source:T99 \n";
    ann
}

fn span(needle: &str, nth: usize) -> Value {
    let (start, end) = at(needle, nth);
    json!({"start": start, "end": end, "text": needle})
}

fn quote(id: &str, content: Value, cue: Value, mention: Value) -> Value {
    json!({
        "id": id, "type": "direct", "content": content, "cue": cue,
        "speaker": {"entity": null, "mention": mention},
        "addressee": null, "channel": null, "via": [], "continues": null, "nested_in": null,
        "confidence": 0.9
    })
}

fn analysis(quotes: Vec<Value>) -> Analysis {
    analysis_of(TEXT, quotes)
}

fn analysis_of(text: &str, quotes: Vec<Value>) -> Analysis {
    serde_json::from_value(json!({
        "id": "storm", "url": null, "publisher": null, "title": null, "authors": [],
        "published": null, "text": text, "boilerplate": [], "entities": [],
        "quotes": quotes, "events": [], "disputes": []
    }))
    .unwrap()
}

/// What attache would say, in attache's conventions: no quotation marks in content, the
/// second half of Ortiz's quote a continuation.
fn perfect_quotes() -> Vec<Value> {
    let mut p3 = quote(
        "p3",
        span("Crews need daylight", 0),
        span("said", 1),
        span("Mayor Lena Ortiz", 0),
    );
    p3["continues"] = json!("p2");
    vec![
        quote(
            "p1",
            span("The storm closed three bridges", 0),
            span("said", 0),
            span("officials", 0),
        ),
        quote(
            "p2",
            span("We are not reopening them tonight", 0),
            span("said", 1),
            span("Mayor Lena Ortiz", 0),
        ),
        p3,
        quote(
            "p4",
            span("the damage “severe”", 0),
            span("called", 0),
            span("Ortiz", 1),
        ),
    ]
}

fn scores(quotes: Vec<Value>) -> (Scores, Scores) {
    let chars: Vec<char> = TEXT.chars().collect();
    let mut skipped = Vec::new();
    let gold = gold_attributions(&brat::parse(&gold_ann()), &chars, &mut skipped);
    assert_eq!(skipped, ["event E4 has no content"]);
    let pred = predicted_attributions(&analysis(quotes), &chars);
    let pair = DocPair {
        chars: &chars,
        gold: &gold,
        pred: &pred,
    };
    (
        score_doc(&pair, Subset::All),
        score_doc(&pair, Subset::Quoted),
    )
}

fn all_counts(s: &Scores) -> Vec<Counts> {
    vec![
        s.source_exact,
        s.cue_exact,
        s.content_exact,
        s.source_tokens,
        s.cue_tokens,
        s.content_tokens,
        s.content_coverage_low,
        s.content_coverage_high,
    ]
}

#[test]
fn a_perfect_prediction_scores_one() {
    let (all, quoted) = scores(perfect_quotes());
    assert_eq!(
        (all.gold, all.predicted),
        (3, 3),
        "p3 merges into p2's attribution"
    );
    assert_eq!((quoted.gold, quoted.predicted), (2, 2));
    for s in [&all, &quoted] {
        for c in all_counts(s) {
            assert_eq!(
                (c.precision(), c.recall(), c.f1()),
                (Some(1.0), Some(1.0), 1.0),
                "{c:?}"
            );
        }
        assert_eq!(s.speaker.score(), Some(1.0));
    }
}

#[test]
fn an_empty_prediction_has_zero_recall() {
    let (all, quoted) = scores(vec![]);
    for s in [&all, &quoted] {
        for c in all_counts(s) {
            assert_eq!(
                (c.precision(), c.recall(), c.f1()),
                (None, Some(0.0), 0.0),
                "{c:?}"
            );
        }
        assert_eq!(s.speaker.total, 0);
    }
}

#[test]
fn content_widens_over_quotation_marks_and_trailing_punctuation() {
    let chars: Vec<char> = TEXT.chars().collect();
    let pred = predicted_attributions(&analysis(perfect_quotes()), &chars);
    let ortiz = &pred[1];
    assert!(ortiz.quoted);
    assert_eq!(
        ortiz.content.text(&chars),
        "“We are not reopening them tonight,” “Crews need daylight.”"
    );
    assert_eq!(ortiz.content.spans().len(), 2);
    assert!(!pred[0].quoted, "indirect content holds no quotation marks");
}

#[test]
fn complementiser_colon_and_closing_comma_follow_polnear() {
    let text = "Ada Pell, a lawyer, said that the port would close. Ben Ruiz said: it stays open.";
    let span_of = |needle: &str, nth: usize| {
        let byte = text.match_indices(needle).nth(nth).expect("needle").0;
        let start = text[..byte].chars().count();
        json!({"start": start, "end": start + needle.chars().count(), "text": needle})
    };
    let quotes = vec![
        quote(
            "q1",
            span_of("the port would close", 0),
            span_of("said", 0),
            span_of("Ada Pell, a lawyer", 0),
        ),
        quote(
            "q2",
            span_of("it stays open", 0),
            span_of("said", 1),
            span_of("Ben Ruiz", 0),
        ),
    ];
    let chars: Vec<char> = text.chars().collect();
    let pred = predicted_attributions(&analysis_of(text, quotes), &chars);
    assert_eq!(pred[0].content.text(&chars), "that the port would close");
    assert_eq!(pred[0].source.text(&chars), "Ada Pell, a lawyer,");
    assert_eq!(pred[0].cue.text(&chars), "said");
    assert_eq!(pred[1].cue.text(&chars), "said:");
    assert_eq!(pred[1].source.text(&chars), "Ben Ruiz");
    assert_eq!(pred[1].content.text(&chars), "it stays open");
}

#[test]
fn a_continuation_with_its_own_cue_stays_separate() {
    let mut quotes = perfect_quotes();
    quotes[2]["cue"] = span("said", 0);
    let (all, _) = scores(quotes);
    assert_eq!(all.predicted, 4);
    // the first half alone is not the gold content; the second half alone neither
    assert_eq!(
        (all.content_exact.pred_hits, all.content_exact.gold_hits),
        (2, 2)
    );
    // but the first half covers more than 0.3 of Ortiz's content, so the speaker is scored
    assert_eq!(all.speaker.correct, 3);
}

#[test]
fn partial_contents_score_by_coverage_and_tokens() {
    let mut quotes = perfect_quotes();
    // "The storm closed" covers 16 of the 30 gold characters: above 0.3, below 0.8
    quotes[0]["content"] = span("The storm closed", 0);
    let (all, _) = scores(quotes);
    let low = all.content_coverage_low;
    let high = all.content_coverage_high;
    assert_eq!((low.pred_hits, low.gold_hits), (3, 3));
    assert_eq!((high.pred_hits, high.gold_hits), (2, 2));
    assert_eq!(all.content_exact.gold_hits, 2);
    // tokens: every predicted token is gold; 2 of the gold's tokens ("three bridges") are missed
    let t = all.content_tokens;
    assert_eq!(t.precision(), Some(1.0));
    assert_eq!(t.gold_total - t.gold_hits, 2);
}

#[test]
fn a_wrong_speaker_is_counted_on_matched_quotes() {
    let mut quotes = perfect_quotes();
    quotes[3]["speaker"]["mention"] = span("residents", 0);
    let (all, quoted) = scores(quotes);
    assert_eq!((all.speaker.correct, all.speaker.total), (2, 3));
    assert_eq!((quoted.speaker.correct, quoted.speaker.total), (1, 2));
    assert_eq!(all.source_exact.pred_hits, 2);
}

#[test]
fn out_of_range_predictions_do_not_panic() {
    let mut quotes = perfect_quotes();
    quotes[0]["content"] = json!({"start": 5000, "end": 6000, "text": "?"});
    quotes[1]["speaker"]["mention"] = json!({"start": 10, "end": 9000, "text": "?"});
    let (all, _) = scores(quotes);
    assert_eq!(
        all.predicted, 2,
        "the out-of-range content is dropped, p3 still merges"
    );
}

#[test]
fn the_lowest_annotator_id_wins() {
    let files: BTreeMap<String, String> = ["a_b_x9", "a_b_4e", "a_b_5f", "c_1"]
        .iter()
        .map(|s| (s.to_string(), format!("{s}.ann")))
        .collect();
    let chosen = by_document(files.clone(), Annotators::First);
    assert_eq!(chosen["a_b"], ["a_b_4e.ann"]);
    assert_eq!(chosen["c"], ["c_1.ann"]);
    let all = by_document(files, Annotators::All);
    assert_eq!(all["a_b"], ["a_b_4e.ann", "a_b_5f.ann", "a_b_x9.ann"]);
    assert_eq!(all["c"], ["c_1.ann"]);
}

#[test]
fn agreed_annotators_keep_the_attributions_both_drew_alike() {
    let first = brat::parse(&gold_ann());
    // The second annotator draws the storm attribution alike, Ortiz's quote without a
    // source, and not "called".
    let mut second = String::new();
    second += &tb("T1", "Source", &[at("officials", 0)]);
    second += &tb("T2", "Cue", &[at("said", 0)]);
    second += &tb("T3", "Content", &[at("The storm closed three bridges", 0)]);
    second += "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
    second += &tb("T5", "Cue", &[at("said", 1)]);
    second += &tb(
        "T6",
        "Content",
        &[at("“We are not reopening them tonight,”", 0)],
    );
    second += "E2\tAttribution:T5 Cue:T5 Content:T6\n";
    let (a, b) = ("a.ann".to_string(), "b.ann".to_string());
    let mut files = vec![(&a, first), (&b, brat::parse(&second))];
    let chars: Vec<char> = TEXT.chars().collect();
    keep_agreed(&mut files, &chars);
    assert_eq!(files.len(), 1);
    let ids: Vec<&str> = files[0].1.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["E1", "E4"],
        "E4 has no content: not an attribution to agree on"
    );
}

#[test]
fn report_renders_a_table() {
    let (all, quoted) = scores(perfect_quotes());
    let report = PolnearReport {
        documents: 1,
        all,
        quoted,
        problems: vec!["x.ann: line 3: bad offsets".into()],
        ..PolnearReport::default()
    };
    let table = report.to_table();
    assert!(
        table.contains("content exact") && table.contains("1.000"),
        "{table}"
    );
    assert!(table.contains("bad offsets"));
    assert!(serde_json::to_value(&report).unwrap()["all"]["content_exact"]["f1"] == json!(1.0));
}

#[test]
fn dev_set_runs_end_to_end_when_shared_data_is_present() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear/dev");
    if !dir.exists() {
        eprintln!(
            "skipping: {} is absent (shared data not checked out)",
            dir.display()
        );
        return;
    }
    let corpus = load(&dir, Some(5)).unwrap();
    assert_eq!(corpus.documents.len(), 5);
    // gold scored against itself is perfect: checks the metrics on real, messy annotations
    for doc in &corpus.documents {
        let chars: Vec<char> = doc.text.chars().collect();
        let gold = gold_attributions(&doc.annotations, &chars, &mut Vec::new());
        assert!(!gold.is_empty(), "{}", doc.name);
        let pair = DocPair {
            chars: &chars,
            gold: &gold,
            pred: &gold,
        };
        let s = score_doc(&pair, Subset::All);
        assert_eq!(s.content_exact.f1(), 1.0, "{}", doc.name);
        assert_eq!(s.content_tokens.f1(), 1.0, "{}", doc.name);
    }
    let report = evaluate(&corpus, analyze_verbatim);
    assert_eq!(report.documents, 5);
    assert!(report.all.gold > 0);
    assert!(
        report.misaligned.is_empty(),
        "strip_boilerplate: false must keep the text verbatim: {:?}",
        report.misaligned
    );
}
