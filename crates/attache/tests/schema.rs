//! Keeps `schema/analysis.schema.json` and the serde types in `attache::model` in step.
//!
//! The schema forbids unknown properties, and a fully populated hand-built [`Analysis`] must both
//! validate and use every property the schema declares, so a field added, renamed or retyped on
//! either side fails here. Real pipeline output on invented texts is validated too.

use attache::model::{
    ActorCode, Analysis, Boilerplate, BoilerplateKind, Dispute, Entity, EntityType, Event,
    EventActor, Party, Plover, Quote, QuoteKind, QuoteType, Speaker, TextSpan,
};
use attache::{analyze, Content, InputDoc, Options};
use jsonschema::Validator;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema() -> Value {
    let path = repo_root().join("schema/analysis.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("schema is not valid JSON")
}

/// Compiling also checks the schema against the draft 2020-12 meta-schema.
fn validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("schema does not compile")
}

fn assert_valid(validator: &Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("  at {}: {e}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

fn span(start: usize, end: usize, text: &str) -> TextSpan {
    TextSpan {
        start,
        end,
        text: text.to_string(),
    }
}

/// An `Analysis` with every optional field populated and every list non-empty. Built with struct
/// literals on purpose: a field added to the model will not compile until it is added here.
fn full_analysis() -> Analysis {
    Analysis {
        id: "doc-1".into(),
        url: Some("https://example.org/news/1".into()),
        publisher: Some("Example Daily".into()),
        title: Some("Leaders talk".into()),
        authors: vec!["Ann Writer".into()],
        published: Some("2022-02-07".into()),
        fetched: Some("2022-02-08T09:00:00Z".into()),
        text: "Macron told reporters that Putin assured him there would be no escalation.".into(),
        boilerplate: vec![Boilerplate {
            start: 80,
            end: 97,
            kind: BoilerplateKind::SourceLine,
            text: "Source: Example".into(),
        }],
        entities: vec![Entity {
            id: "e1".into(),
            name: "Emmanuel Macron".into(),
            kind: EntityType::Person,
            actor: Some(ActorCode {
                code: "FRAGOV".into(),
                country: Some("FRA".into()),
                role: Some("GOV".into()),
                basis: "dictionary".into(),
            }),
            mentions: vec![span(0, 6, "Macron")],
        }],
        quotes: vec![full_quote("q1", None), full_quote("q2", Some("q1"))],
        events: vec![full_event()],
        disputes: vec![Dispute {
            claim: "q1".into(),
            disputed_by: "q2".into(),
        }],
        warnings: vec!["input was truncated".into()],
    }
}

fn full_quote(id: &str, nested_in: Option<&str>) -> Quote {
    let party = |name: &str| Party {
        entity: Some("e9".into()),
        name: name.into(),
        mention: span(12, 20, name),
    };
    Quote {
        id: id.into(),
        kind: QuoteType::Indirect,
        act: QuoteKind::Belief,
        content: span(26, 73, "Putin assured him there would be no escalation"),
        cue: Some(span(7, 11, "told")),
        speaker: Some(Speaker {
            entity: Some("e1".into()),
            name: Some("Emmanuel Macron".into()),
            mention: span(0, 6, "Macron"),
        }),
        addressee: Some(party("reporters")),
        channel: Some(span(80, 95, "press conference")),
        via: vec![party("Politico")],
        continues: Some("q0".into()),
        nested_in: nested_in.map(Into::into),
        confidence: 0.9,
    }
}

fn full_event() -> Event {
    Event {
        id: "v1".into(),
        source: EventActor {
            entity: Some("e2".into()),
            actor: Some("RUSGOV".into()),
        },
        target: Some(EventActor {
            entity: Some("e1".into()),
            actor: Some("FRAGOV".into()),
        }),
        cameo: "0356".into(),
        quad_class: 1,
        goldstein: 7.0,
        plover: Some(Plover {
            event: "AGREE".into(),
            mode: Some("promise".into()),
        }),
        date: Some("2022-02-06".into()),
        date_end: Some("2022-02-06".into()),
        date_text: Some("Sunday".into()),
        date_basis: Some("text".into()),
        evidence: span(26, 73, "Putin assured him there would be no escalation"),
        also_evidence: vec![span(80, 85, "Putin")],
        quote: Some("q1".into()),
        negated: true,
        hypothetical: true,
    }
}

/// Where, in the serialised [`full_analysis`], an instance of each schema definition sits.
const DEF_INSTANCES: &[(&str, &str)] = &[
    ("TextSpan", "/quotes/0/content"),
    ("Boilerplate", "/boilerplate/0"),
    ("Entity", "/entities/0"),
    ("ActorCode", "/entities/0/actor"),
    ("Quote", "/quotes/0"),
    ("Speaker", "/quotes/0/speaker"),
    ("Party", "/quotes/0/addressee"),
    ("Event", "/events/0"),
    ("EventActor", "/events/0/source"),
    ("Plover", "/events/0/plover"),
    ("Dispute", "/disputes/0"),
];

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .expect("expected a JSON object")
        .keys()
        .cloned()
        .collect()
}

fn schema_properties(def: &Value) -> BTreeSet<String> {
    keys(&def["properties"])
}

#[test]
fn fully_populated_analysis_validates() {
    let value = serde_json::to_value(full_analysis()).unwrap();
    assert_valid(&validator(), &value, "fully populated Analysis");
}

/// The other direction of drift: a property the schema declares but the types never emit.
#[test]
fn schema_declares_exactly_the_serialised_fields() {
    let schema = schema();
    let value = serde_json::to_value(full_analysis()).unwrap();
    assert_eq!(
        schema_properties(&schema),
        keys(&value),
        "top-level Analysis"
    );
    for (def, pointer) in DEF_INSTANCES {
        let instance = value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer}"));
        assert_eq!(
            schema_properties(&schema["$defs"][def]),
            keys(instance),
            "$defs/{def} vs {pointer}"
        );
    }
}

fn schema_enum(def: &str) -> BTreeSet<String> {
    schema()["$defs"][def]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("$defs/{def} has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn serialised<T: serde::Serialize>(variants: &[T]) -> BTreeSet<String> {
    variants
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

// The `match`es below have no wildcard arm, so a new variant stops compilation until it is
// listed here, and then the set comparison shows whether the schema has it.
fn all_boilerplate_kinds() -> Vec<BoilerplateKind> {
    use BoilerplateKind::*;
    let all = vec![AuthorBio, Promo, SourceLine, Comments, Share, Nav];
    for k in &all {
        match k {
            AuthorBio | Promo | SourceLine | Comments | Share | Nav => {}
        }
    }
    all
}

fn all_entity_types() -> Vec<EntityType> {
    use EntityType::*;
    let all = vec![Person, Org, Gpe, Loc];
    for k in &all {
        match k {
            Person | Org | Gpe | Loc => {}
        }
    }
    all
}

fn all_quote_types() -> Vec<QuoteType> {
    use QuoteType::*;
    let all = vec![Direct, Indirect, Mixed];
    for k in &all {
        match k {
            Direct | Indirect | Mixed => {}
        }
    }
    all
}

#[test]
fn schema_enums_match_the_rust_enums() {
    assert_eq!(
        schema_enum("BoilerplateKind"),
        serialised(&all_boilerplate_kinds())
    );
    assert_eq!(schema_enum("EntityType"), serialised(&all_entity_types()));
    assert_eq!(schema_enum("QuoteType"), serialised(&all_quote_types()));
}

/// Optional fields left empty serialise as `null` (or are omitted) in ways the schema allows.
#[test]
fn sparse_analysis_validates() {
    let mut analysis = full_analysis();
    analysis.url = None;
    analysis.publisher = None;
    analysis.title = None;
    analysis.published = None;
    analysis.warnings.clear();
    analysis.entities[0].actor = None;
    let quote = &mut analysis.quotes[0];
    quote.cue = None;
    quote.addressee = None;
    quote.channel = None;
    quote.via.clear();
    quote.continues = None;
    quote.nested_in = None;
    quote.speaker.as_mut().unwrap().name = None;
    analysis.quotes[1].speaker = None;
    let event = &mut analysis.events[0];
    event.target = None;
    event.plover = None;
    event.date = None;
    event.date_text = None;
    event.date_end = None;
    event.date_basis = None;
    event.also_evidence.clear();
    event.quote = None;
    let value = serde_json::to_value(analysis).unwrap();
    assert_valid(&validator(), &value, "sparse Analysis");
}

#[test]
fn schema_valid_json_deserialises_back() {
    let analysis = full_analysis();
    let value = serde_json::to_value(&analysis).unwrap();
    let back: Analysis = serde_json::from_value(value).unwrap();
    assert_eq!(back, analysis);
}

/// Invented texts only: PolNeAR texts must never be copied into the repository.
const INVENTED_TEXTS: &[&str] = &[
    "",
    "   \n\n\t  ",
    "\"We will not back down,\" the minister said on Tuesday. \"Never.\"\n\n\
     The opposition leader, Maria Lopez, told reporters that the plan would fail, \
     according to a statement posted on Twitter.",
    "President Anna Berg met Prime Minister Tom Vale in Oslo. Berg said: “Our talks were useful.” \
     Vale denied that any deal had been reached. ‘It is not true,’ he added.\n\n\
     Jane Doe is a writer for The Example. Follow her on Twitter at @janedoe.\n\nSource: Example",
    "\u{0}\u{1}\u{fffd}\u{fffd} ]]>< <<<\"\"\" ''' “ ” « » — … 🙂🙂 %%% \r\n\r\n 数据 データ",
    "\"Unclosed quotation said the man, and then nothing else at all",
    "said said said \"\" \" \" according to according to",
];

#[test]
fn pipeline_output_on_invented_texts_validates() {
    let validator = validator();
    for text in INVENTED_TEXTS {
        let value = serde_json::to_value(attache::analyze_text(text)).unwrap();
        assert_valid(&validator, &value, &format!("analysis of {text:?}"));
    }
}

#[test]
fn pipeline_output_on_html_and_metadata_validates() {
    let doc = InputDoc {
        id: Some("html-1".into()),
        content: Content::Html(
            "<html><head><title>Talks</title></head><body><p>\"Yes,\" she said.</p></body></html>"
                .into(),
        ),
        url: Some("https://example.org/a".into()),
        published: Some("2022-02-07".into()),
        publisher: Some("Example".into()),
        fetched: Some("2022-02-08T09:00:00Z".into()),
    };
    let value = serde_json::to_value(analyze(doc, &Options::default())).unwrap();
    assert_valid(&validator(), &value, "analysis of an HTML input");
}

/// The seed article and a few PolNeAR texts are read in place (never copied) when present.
#[test]
fn pipeline_output_on_shared_articles_validates() {
    let shared = repo_root().join("../shared");
    let mut paths = vec![shared.join("gold/seed.txt")];
    if let Ok(dir) = std::fs::read_dir(shared.join("data/polnear/dev/text")) {
        let mut texts: Vec<PathBuf> = dir.filter_map(|e| Some(e.ok()?.path())).collect();
        texts.sort();
        paths.extend(texts.into_iter().take(10));
    }
    let validator = validator();
    for path in paths.iter().filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(path).unwrap();
        let value = serde_json::to_value(attache::analyze_text(&text)).unwrap();
        assert_valid(&validator, &value, &path.display().to_string());
    }
}

fn full_value() -> Value {
    serde_json::to_value(full_analysis()).unwrap()
}

#[test]
fn wrong_field_type_is_rejected() {
    let mut value = full_value();
    value["quotes"][0]["content"]["start"] = json!("26");
    assert!(
        !validator().is_valid(&value),
        "a string offset was accepted"
    );
}

/// Makes a valid analysis invalid in one way.
type Breaker = fn(&mut Value);

#[test]
fn schema_rejects_malformed_analyses() {
    let validator = validator();
    let cases: &[(&str, Breaker)] = &[
        ("missing required field", |v| {
            v.as_object_mut().unwrap().remove("quotes");
        }),
        ("unknown quote type", |v| {
            v["quotes"][0]["type"] = json!("hearsay")
        }),
        ("unknown boilerplate kind", |v| {
            v["boilerplate"][0]["kind"] = json!("footer")
        }),
        ("lower-case entity type", |v| {
            v["entities"][0]["type"] = json!("person")
        }),
        ("unknown field", |v| v["surprise"] = json!(true)),
        ("negative offset", |v| {
            v["events"][0]["evidence"]["end"] = json!(-1)
        }),
        ("null speaker name", |v| {
            v["quotes"][0]["speaker"]["name"] = Value::Null
        }),
        ("null list", |v| v["quotes"][0]["via"] = Value::Null),
        ("confidence above 1", |v| {
            v["quotes"][0]["confidence"] = json!(1.5)
        }),
        ("bad published date", |v| {
            v["published"] = json!("7 Feb 2022")
        }),
    ];
    for (what, break_it) in cases {
        let mut value = full_value();
        break_it(&mut value);
        assert!(!validator.is_valid(&value), "schema accepted: {what}");
    }
}
