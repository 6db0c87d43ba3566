//! Tests with an invented article and hand-written gold; the seed gold itself is only read from
//! `../shared` when present.

use super::*;
use crate::model::Quote;
use serde_json::{json, Value};

const TEXT: &str = "Mayor Cyrus Vane told reporters that the ferry will run all winter. \
\"We have the boats,\" Vane said. \"We have the crews.\" The Harbor Council called the plan \
\"reckless.\" Some fear the boats are old.";

fn gold() -> GoldDoc {
    serde_json::from_value(json!({
        "document": "ferry.txt",
        "published": null,
        "body_last_sentence": "Some fear the boats are old.",
        "boilerplate": ["Follow us on Ferrygram."],
        "entities": [
            {"name": "Cyrus Vane", "type": "PERSON"},
            {"name": "Harbor Council", "type": "ORG"},
            {"name": "Ada Quill", "type": "PERSON"},
            {"name": "Boris Quill", "type": "PERSON"}
        ],
        "quotes": [
            {"id": "g1", "type": "indirect", "content": "the ferry will run all winter",
             "speaker": "Cyrus Vane", "speaker_mention": "Mayor Cyrus Vane", "cue": "told",
             "addressee": "reporters"},
            {"id": "g2", "type": "direct", "content": "We have the boats,",
             "speaker": "Cyrus Vane", "speaker_mention": "Vane", "cue": "said"},
            {"id": "g3", "type": "direct", "content": "We have the crews.",
             "speaker": "Cyrus Vane", "speaker_mention": "Vane", "cue": "said", "continues": "g2"},
            {"id": "g4", "type": "mixed", "content": "the plan “reckless.”",
             "speaker": "Harbor Council", "speaker_mention": "The Harbor Council", "cue": "called"},
            {"id": "g5", "type": "indirect", "content": "the boats are old",
             "speaker": null, "speaker_mention": "", "cue": "fear", "optional": true}
        ],
        "disputes": [{"claim": "g1", "disputed_by": "g4", "also": ["g2"]}]
    }))
    .unwrap()
}

fn span(text: &str) -> Value {
    json!({"start": 0, "end": 0, "text": text})
}

fn party(name: &str, mention: &str) -> Value {
    json!({"entity": null, "name": name, "mention": span(mention)})
}

/// A predicted quote in the output contract, ids deliberately unlike the gold ids.
fn quote(id: &str, kind: &str, content: &str, speaker: &str, mention: &str, cue: &str) -> Value {
    json!({
        "id": id, "type": kind, "content": span(content), "cue": span(cue),
        "speaker": {"entity": null, "name": speaker, "mention": span(mention)},
        "addressee": null, "channel": null, "via": [], "continues": null, "nested_in": null,
        "confidence": 0.9
    })
}

fn analysis(quotes: Vec<Value>, disputes: Value, text: &str, boilerplate: Value) -> Analysis {
    serde_json::from_value(json!({
        "id": "ferry", "url": null, "publisher": null, "title": null, "authors": [],
        "published": null, "text": text, "boilerplate": boilerplate, "entities": [],
        "quotes": quotes, "events": [], "disputes": disputes
    }))
    .unwrap()
}

fn perfect() -> Analysis {
    let mut q1 = quote(
        "p1",
        "indirect",
        "the ferry will run all winter",
        "Cyrus Vane",
        "Mayor Cyrus Vane",
        "told",
    );
    q1["addressee"] = party("reporters", "reporters");
    let q2 = quote(
        "p2",
        "direct",
        "We have the boats,",
        "Cyrus Vane",
        "Vane",
        "said",
    );
    let mut q3 = quote(
        "p3",
        "direct",
        "We have the crews.",
        "Cyrus Vane",
        "Vane",
        "said",
    );
    q3["continues"] = json!("p2");
    let q4 = quote(
        "p4",
        "mixed",
        "the plan “reckless.”",
        "Harbor Council",
        "The Harbor Council",
        "called",
    );
    analysis(
        vec![q4, q3, q2, q1], // order must not matter
        json!([{"claim": "p1", "disputed_by": "p4"}]),
        TEXT,
        json!([{"start": 0, "end": 23, "kind": "promo", "text": "Follow us on Ferrygram."}]),
    )
}

fn field<'a>(r: &'a GoldReport, name: &str) -> &'a FieldScore {
    r.field(name).unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn a_perfect_prediction_scores_one_everywhere() {
    let r = score(&gold(), &perfect(), "ferry");
    assert!(r.misses.is_empty(), "{}", r.to_table());
    for f in &r.fields {
        assert!(f.score.is_none() || f.score == Some(1.0), "{f:?}");
    }
    assert_eq!(
        field(&r, QUOTE_RECALL).total,
        4,
        "the optional quote is not required"
    );
    assert_eq!(field(&r, "continues").correct, 1);
    assert_eq!(field(&r, "addressee").total, 1);
    assert_eq!(field(&r, "channel").total, 0);
    assert_eq!(r.quote_f1, 1.0);
}

#[test]
fn an_empty_prediction_has_zero_recall() {
    let empty = analysis(vec![], json!([]), TEXT, json!([]));
    let r = score(&gold(), &empty, "ferry");
    assert_eq!(field(&r, QUOTE_RECALL).score, Some(0.0));
    assert_eq!(
        field(&r, QUOTE_PRECISION).score,
        None,
        "nothing predicted, nothing to be precise about"
    );
    assert_eq!(field(&r, DISPUTE_RECALL).score, Some(0.0));
    assert_eq!(field(&r, BOILERPLATE).score, Some(0.0));
    assert_eq!(field(&r, BODY_INTACT).score, Some(1.0));
    assert_eq!(r.quote_f1, 0.0);
    let missed: Vec<_> = r
        .misses
        .iter()
        .filter(|m| m.field == QUOTE_RECALL)
        .collect();
    assert_eq!(missed.len(), 4);
    assert_eq!(missed[0].gold, "the ferry will run all winter");
}

#[test]
fn surname_rule_applies_to_speakers_and_addressees() {
    let mut p = perfect();
    p.quotes[3].speaker.as_mut().unwrap().name = Some("Vane".into()); // p1, unique surname
    let r = score(&gold(), &p, "ferry");
    assert_eq!(field(&r, "speaker").score, Some(1.0));

    let mut g = gold();
    g.quotes[0].speaker = Some("Ada Quill".into());
    p.quotes[3].speaker.as_mut().unwrap().name = Some("Quill".into()); // shared surname
    let r = score(&g, &p, "ferry");
    let wrong = r
        .misses
        .iter()
        .find(|m| m.field == "speaker")
        .expect("a speaker miss");
    assert_eq!(
        (wrong.gold.as_str(), wrong.predicted.as_deref()),
        ("Ada Quill", Some("Quill"))
    );
}

#[test]
fn optional_quotes_are_neither_missed_nor_false_positives() {
    let mut p = perfect();
    let mut q5: Quote = serde_json::from_value(quote(
        "p5",
        "indirect",
        "the boats are old",
        "x",
        "x",
        "fear",
    ))
    .unwrap();
    q5.speaker = None;
    p.quotes.push(q5);
    let r = score(&gold(), &p, "ferry");
    assert_eq!(field(&r, QUOTE_PRECISION).total, 4);
    // gold speaker null and no predicted speaker: nothing to score
    assert_eq!(field(&r, "speaker").total, 4);
    p.quotes[4].speaker = perfect().quotes[0].speaker.clone();
    let r = score(&gold(), &p, "ferry");
    assert_eq!(
        (field(&r, "speaker").correct, field(&r, "speaker").total),
        (4, 5)
    );
}

#[test]
fn links_and_disputes_map_through_the_matching() {
    let mut p = perfect();
    p.quotes[1].continues = Some("p1".into()); // p3 should continue p2
    p.disputes = vec![Dispute {
        claim: "p2".into(), // acceptable through `also`
        disputed_by: "p4".into(),
    }];
    let r = score(&gold(), &p, "ferry");
    assert_eq!(field(&r, "continues").score, Some(0.0));
    let miss = r.misses.iter().find(|m| m.field == "continues").unwrap();
    assert_eq!(miss.predicted.as_deref(), Some("p1 (= gold g1)"));
    assert_eq!(field(&r, DISPUTE_RECALL).score, Some(1.0));
    assert_eq!(field(&r, DISPUTE_PRECISION).score, Some(1.0));
}

#[test]
fn spurious_values_and_leftover_boilerplate_are_misses() {
    let mut p = perfect();
    p.quotes[2].addressee = Some(serde_json::from_value(party("Ada Quill", "her")).unwrap());
    p.text.push_str(" Follow us on\nFerrygram.");
    let r = score(&gold(), &p, "ferry");
    assert_eq!(
        (field(&r, "addressee").correct, field(&r, "addressee").total),
        (1, 2)
    );
    let left = r.misses.iter().find(|m| m.field == BOILERPLATE).unwrap();
    assert_eq!(left.predicted.as_deref(), Some("still in text"));
    let table = r.to_table();
    assert!(
        table.contains("addressee") && table.contains("still in text"),
        "{table}"
    );
}

#[test]
fn seed_gold_scores_the_pipeline_when_shared_data_is_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold/seed.gold.json");
    if !path.exists() {
        eprintln!(
            "skipping: {} is absent (shared data not checked out)",
            path.display()
        );
        return;
    }
    let g = load(&path).unwrap();
    let text = text_path(&g, &path, None).unwrap();
    let pred = predict(&g, &text).unwrap();
    let r = score(&g, &pred, "seed.txt");
    assert_eq!(r.gold_quotes, 21);
    assert_eq!(field(&r, QUOTE_RECALL).total, 20, "q7 is optional");
    assert_eq!(field(&r, BOILERPLATE).total, 6);
    assert_eq!(field(&r, BODY_INTACT).total, 1);

    let echo = echo_gold(&g, &read_file(&text).unwrap());
    let r = score(&g, &echo, "seed.txt");
    assert!(r.misses.is_empty(), "{}", r.to_table());
}

/// The gold written back as a prediction: must score perfectly on any gold file.
fn echo_gold(g: &GoldDoc, text: &str) -> Analysis {
    let pid = |id: &Option<String>| json!(id.as_ref().map(|i| format!("p{i}")));
    let quotes = g
        .quotes
        .iter()
        .map(|q| {
            let kind = format!("{:?}", q.kind).to_lowercase();
            let speaker = q.speaker.clone().unwrap_or_default();
            let mention = q.speaker_mention.clone().unwrap_or_default();
            let mut v = quote(
                &format!("p{}", q.id),
                &kind,
                &q.content,
                &speaker,
                &mention,
                q.cue.as_deref().unwrap_or(""),
            );
            if q.speaker.is_none() {
                v["speaker"] = Value::Null;
            }
            if let Some(a) = &q.addressee {
                v["addressee"] = party(a, a);
            }
            if let Some(c) = &q.channel {
                v["channel"] = span(c);
            }
            v["via"] = json!(q.via.iter().map(|n| party(n, n)).collect::<Vec<_>>());
            v["continues"] = pid(&q.continues);
            v["nested_in"] = pid(&q.nested_in);
            v
        })
        .collect();
    let disputes: Vec<Value> = g
        .disputes
        .iter()
        .map(|d| json!({"claim": format!("p{}", d.claim), "disputed_by": format!("p{}", d.disputed_by)}))
        .collect();
    let mut body = text.to_string();
    for b in &g.boilerplate {
        body = body.replace(b.as_str(), "");
    }
    let boilerplate: Vec<Value> = g
        .boilerplate
        .iter()
        .map(|b| json!({"start": 0, "end": 0, "kind": "promo", "text": b}))
        .collect();
    analysis(quotes, json!(disputes), &body, json!(boilerplate))
}
