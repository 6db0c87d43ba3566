//! The store on synthetic analyses: idempotence, entity merging, quote search, cross-document
//! event dedup, the dyad queries and the GDELT export. Events are written by hand because the
//! events stage does not produce any yet.

use attache::model::*;
use attache::store::query::{self, DateRange, EventFilter, Period, QuoteFilter, Tone};
use attache::store::{export, Added, ContentHash, ErrorRecord, Stage, Store};
use attache::InputDoc;

fn span(text: &str) -> TextSpan {
    TextSpan {
        start: 0,
        end: text.chars().count(),
        text: text.to_string(),
    }
}

fn entity(id: &str, name: &str, actor: Option<&str>) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityType::Person,
        actor: actor.map(|code| ActorCode {
            code: code.into(),
            country: Some(code[..3].into()),
            role: Some(code[3..].into()),
            basis: "dictionary".into(),
        }),
        mentions: vec![span(name)],
    }
}

fn quote(id: &str, speaker: &str, content: &str) -> Quote {
    Quote {
        id: id.into(),
        kind: QuoteType::Direct,
        act: QuoteKind::Statement,
        content: span(content),
        cue: Some(span("said")),
        speaker: Some(Speaker {
            entity: Some(speaker.into()),
            name: None,
            mention: span("him"),
        }),
        addressee: None,
        channel: None,
        via: vec![],
        continues: None,
        nested_in: None,
        confidence: 0.9,
    }
}

fn event(source: &str, target: &str, cameo: &str, goldstein: f32, date: Option<&str>) -> Event {
    let quad = match cameo.get(..2).unwrap_or("01") {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" => 3,
        _ => 4,
    };
    Event {
        id: "v1".into(),
        source: EventActor {
            entity: None,
            actor: Some(source.into()),
        },
        target: Some(EventActor {
            entity: None,
            actor: Some(target.into()),
        }),
        cameo: cameo.into(),
        quad_class: quad,
        goldstein,
        plover: None,
        date: date.map(String::from),
        date_text: None,
        evidence: span("evidence"),
        quote: None,
        negated: false,
        hypothetical: false,
        date_end: None,
        date_basis: None,
        also_evidence: vec![],
    }
}

fn doc(id: &str, published: &str, text: &str) -> Analysis {
    Analysis {
        id: id.into(),
        url: Some(format!("https://news.example/{id}")),
        publisher: Some("Example Herald".into()),
        title: Some(format!("Story {id}")),
        authors: vec![],
        published: Some(published.into()),
        fetched: None,
        text: text.into(),
        boilerplate: vec![],
        entities: vec![],
        quotes: vec![],
        events: vec![],
        disputes: vec![],
        warnings: vec![],
    }
}

fn hash(text: &str) -> ContentHash {
    ContentHash::of(&InputDoc::text(text))
}

struct TempStore {
    dir: std::path::PathBuf,
    store: Store,
}

fn temp_store(name: &str) -> TempStore {
    let dir = std::env::temp_dir().join(format!("attache-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&dir.join("t.db")).unwrap();
    TempStore { dir, store }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn add_all(store: &mut Store, docs: &[Analysis]) -> Vec<Added> {
    let mut batch = store.batch().unwrap();
    let added = docs
        .iter()
        .map(|d| batch.add(&hash(&d.text), &d.id, d).unwrap())
        .collect();
    batch.commit().unwrap();
    added
}

#[test]
fn a_document_is_stored_once_and_entities_merge_across_documents() {
    let mut t = temp_store("once");
    let mut a = doc("a", "2024-05-01", "Alpha text.");
    a.entities = vec![entity("e1", "Mirela Vantos", None)];
    a.quotes = vec![quote("q1", "e1", "The harbour will reopen in June.")];
    let mut b = doc("b", "2024-05-02", "Beta text.");
    b.entities = vec![entity("e1", "mirela vantos", Some("ZZZGOV"))];
    b.quotes = vec![quote("q1", "e1", "Fishing quotas stay as they are.")];

    let added = add_all(&mut t.store, &[a.clone(), b]);
    assert!(matches!(added[..], [Added::Stored(_), Added::Stored(_)]));
    assert_eq!(add_all(&mut t.store, &[a]), [Added::Duplicate]);

    let counts = t.store.counts().unwrap();
    assert_eq!(
        (counts.documents, counts.entities, counts.quotes),
        (2, 1, 2)
    );
    let speakers = query::speakers(t.store.connection(), 10).unwrap();
    assert_eq!(speakers.len(), 1);
    assert_eq!(speakers[0].name, "Mirela Vantos");
    assert_eq!(speakers[0].actor.as_deref(), Some("ZZZGOV"));
    assert_eq!((speakers[0].quotes, speakers[0].documents), (2, 2));
}

fn find_quotes(
    conn: &rusqlite::Connection,
    speaker: Option<&str>,
    search: Option<&str>,
    kind: Option<QuoteKind>,
    limit: usize,
) -> Vec<query::QuoteRow> {
    let filter = QuoteFilter {
        speaker: speaker.map(String::from),
        search: search.map(String::from),
        kind,
        limit,
    };
    query::quotes(conn, &filter).unwrap()
}

#[test]
fn quotes_by_speaker_words_and_kind() {
    let mut t = temp_store("quotes");
    let mut a = doc("a", "2024-05-01", "Alpha.");
    a.entities = vec![
        entity("e1", "Mirela Vantos", None),
        entity("e2", "Odo Brask", None),
    ];
    let mut belief = quote("q3", "e2", "The harbour council wants the quay closed.");
    belief.act = QuoteKind::Belief;
    a.quotes = vec![
        quote("q1", "e1", "The harbour will reopen in June."),
        quote("q2", "e2", "The harbour is not safe; don't reopen it."),
        belief,
    ];
    add_all(&mut t.store, &[a]);
    let conn = t.store.connection();
    let find = |speaker: Option<&str>, search: Option<&str>, kind: Option<QuoteKind>| {
        let rows = find_quotes(conn, speaker, search, kind, 10);
        rows.into_iter().map(|r| r.content).collect::<Vec<_>>()
    };
    assert_eq!(find(Some("VANTOS"), None, None).len(), 1);
    assert_eq!(find(None, Some("harbour reopen"), None).len(), 2);
    assert_eq!(find(Some("brask"), Some("harbour"), None).len(), 2);
    assert_eq!(
        find(Some("brask"), Some("harbour"), Some(QuoteKind::Belief)),
        ["The harbour council wants the quay closed."]
    );
    assert_eq!(find(None, None, Some(QuoteKind::Statement)).len(), 2);
    assert_eq!(find(Some("vantos"), None, Some(QuoteKind::Belief)).len(), 0);
    assert!(find(Some("nobody"), None, None).is_empty());
    // Characters that mean something to FTS5 are searched as words, not parsed.
    assert_eq!(find(None, Some("don't \"safe"), None).len(), 1);
    assert!(find(None, Some("lighthouse"), None).is_empty());
    assert!(find(None, Some("?!"), None).is_empty());
    // Stemming: "reopens" finds "reopen".
    assert_eq!(find(None, Some("reopens"), None).len(), 2);
    let rows = find_quotes(conn, None, None, None, 10);
    let mut kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["belief", "statement", "statement"]);
}

/// A `--speaker` that names hundreds of entities is filtered row by row, with the same
/// answers as through the index.
#[test]
fn a_speaker_filter_matching_many_names_still_filters() {
    let mut t = temp_store("many");
    let mut a = doc("a", "2024-05-01", "Alpha.");
    a.entities = (0..600)
        .map(|i| entity(&format!("e{i}"), &format!("Kell Orrin {i}"), None))
        .collect();
    a.entities.push(entity("x", "Odo Brask", None));
    a.quotes = (0..600)
        .map(|i| {
            let words = if i % 100 == 0 {
                "tolls rise"
            } else {
                "tolls fall"
            };
            quote(&format!("q{i}"), &format!("e{i}"), words)
        })
        .collect();
    a.quotes.push(quote("qx", "x", "tolls rise"));
    add_all(&mut t.store, &[a]);
    let conn = t.store.connection();
    assert_eq!(
        find_quotes(conn, Some("orrin"), Some("rise"), None, 50).len(),
        6
    );
    assert_eq!(find_quotes(conn, Some("orrin"), None, None, 50).len(), 50);
    assert_eq!(
        find_quotes(conn, Some("orrin 599"), None, None, 50).len(),
        1
    );
    assert_eq!(find_quotes(conn, None, Some("rise"), None, 50).len(), 7);
}

/// The newest quotes come first, and a limit keeps the newest: the full-text index is read
/// in date order, not in the order documents were stored.
#[test]
fn searches_return_the_newest_quotes_first() {
    let mut t = temp_store("newest");
    let days = ["2024-03-05", "2024-07-01", "1969-12-30", "2024-01-20"];
    let mut docs: Vec<Analysis> = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let mut d = doc(&format!("d{i}"), day, &format!("Text {i}."));
            d.entities = vec![entity("e1", "Mirela Vantos", None)];
            d.quotes = vec![quote("q1", "e1", &format!("Harbour news number {i}."))];
            d
        })
        .collect();
    let mut undated = doc("undated", "2024-01-01", "Undated.");
    undated.published = None;
    undated.entities = vec![entity("e1", "Mirela Vantos", None)];
    undated.quotes = vec![quote("q1", "e1", "Harbour news without a date.")];
    docs.push(undated);
    add_all(&mut t.store, &docs);
    let conn = t.store.connection();
    let published = |speaker: Option<&str>, search: Option<&str>, limit: usize| {
        let rows = find_quotes(conn, speaker, search, None, limit);
        rows.into_iter().map(|r| r.published).collect::<Vec<_>>()
    };
    let newest_two = [
        Some("2024-07-01".to_string()),
        Some("2024-03-05".to_string()),
    ];
    assert_eq!(published(None, Some("harbour"), 2), newest_two);
    assert_eq!(published(Some("vantos"), None, 2), newest_two);
    assert_eq!(published(None, None, 2), newest_two);
    let all = published(Some("vantos"), Some("news"), 10);
    assert_eq!(all.len(), 5);
    assert_eq!(all[3].as_deref(), Some("1969-12-30"));
    assert_eq!(all[4], None);
}

/// Three articles report a blockade on consecutive days, one a day later still, and one
/// reports it as not having happened.
fn blockade_corpus() -> Vec<Analysis> {
    let report = |id: &str, published: &str, events: Vec<Event>| {
        let mut d = doc(id, published, &format!("Report {id}."));
        d.events = events;
        d
    };
    let mut denied = event("AAAGOV", "BBBGOV", "191", -9.5, Some("2024-03-02"));
    denied.negated = true;
    vec![
        report(
            "r1",
            "2024-03-02",
            vec![
                event("AAAGOV", "BBBGOV", "191", -9.5, Some("2024-03-01")),
                event("AAAGOV", "BBBGOV", "191", -9.5, Some("2024-03-01")),
            ],
        ),
        report(
            "r2",
            "2024-03-02",
            vec![event("AAAGOV", "BBBGOV", "191", -9.5, Some("2024-03-02"))],
        ),
        // No date of its own: the publication date stands for it.
        report(
            "r3",
            "2024-03-01",
            vec![event("AAAGOV", "BBBGOV", "191", -9.5, None)],
        ),
        report(
            "r4",
            "2024-03-10",
            vec![
                event("AAAGOV", "BBBGOV", "191", -9.5, Some("2024-03-09")),
                event("BBBGOV", "AAAGOV", "036", 4.0, Some("2024-03-09")),
                event("CCCGOV", "AAAGOV", "057", 8.0, Some("2024-03-09")),
            ],
        ),
        report("r5", "2024-03-03", vec![denied]),
    ]
}

#[test]
fn the_same_event_from_several_documents_is_counted_once() {
    let mut t = temp_store("dedup");
    add_all(&mut t.store, &blockade_corpus());
    let conn = t.store.connection();
    let counts = t.store.counts().unwrap();
    assert_eq!(counts.events, 8);
    assert_eq!(counts.event_clusters, 4);

    let all = query::events(
        conn,
        &EventFilter {
            limit: 100,
            ..Default::default()
        },
    )
    .unwrap();
    let blockade: Vec<_> = all
        .iter()
        .filter(|e| e.cameo == "191" && e.date.as_deref() == Some("2024-03-01"))
        .collect();
    assert_eq!(blockade.len(), 1);
    assert_eq!((blockade[0].mentions, blockade[0].articles), (4, 3));
    assert_eq!(blockade[0].sources, ["r1", "r2", "r3"]);
    // A week later is another blockade.
    assert!(all
        .iter()
        .any(|e| e.cameo == "191" && e.date.as_deref() == Some("2024-03-09")));
    // The negated report is stored but counted nowhere.
    assert!(all.iter().all(|e| e.sources.iter().all(|s| s != "r5")));
}

#[test]
fn event_filters_and_dyad_series() {
    let mut t = temp_store("dyad");
    add_all(&mut t.store, &blockade_corpus());
    let conn = t.store.connection();
    let events = |actor: Option<&str>, code: Option<&str>, from: Option<&str>| {
        let filter = EventFilter {
            actor: actor.map(String::from),
            code: code.map(String::from),
            dates: DateRange {
                from: from.map(String::from),
                to: None,
            },
            limit: 100,
        };
        query::events(conn, &filter).unwrap().len()
    };
    assert_eq!(events(Some("CCC"), None, None), 1);
    assert_eq!(events(Some("AAA"), None, None), 4);
    assert_eq!(events(None, Some("19"), None), 2);
    assert_eq!(events(None, None, Some("2024-03-05")), 3);

    let days = query::dyad(conn, "AAA", "BBB", Period::Day, &DateRange::default()).unwrap();
    let labels: Vec<_> = days.iter().map(|d| d.period.as_str()).collect();
    assert_eq!(labels, ["2024-03-01", "2024-03-09"]);
    assert_eq!(days[0].material_conflict, 1);
    assert_eq!(days[0].mentions, 4);
    // 2024-03-01 is a Friday, 2024-03-09 a Saturday: weeks starting Monday 02-26 and 03-04.
    let weeks = query::dyad(conn, "AAA", "BBB", Period::Week, &DateRange::default()).unwrap();
    let labels: Vec<_> = weeks.iter().map(|d| d.period.as_str()).collect();
    assert_eq!(labels, ["2024-02-26", "2024-03-04"]);
    let months = query::dyad(
        conn,
        "AAAGOV",
        "BBBGOV",
        Period::Month,
        &DateRange::default(),
    )
    .unwrap();
    assert_eq!(months.len(), 1);
    assert_eq!(months[0].period, "2024-03");
    assert_eq!(months[0].events, 2);
    assert_eq!(months[0].goldstein_sum, -19.0);
    assert_eq!(months[0].goldstein_mean, -9.5);

    let hostile = query::dyads(conn, Tone::Hostile, &DateRange::default(), 10).unwrap();
    assert_eq!(hostile.len(), 1);
    assert_eq!(
        (hostile[0].source.as_str(), hostile[0].conflictual),
        ("AAAGOV", 2)
    );
    let friendly = query::dyads(conn, Tone::Cooperative, &DateRange::default(), 10).unwrap();
    let pairs: Vec<_> = friendly.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(pairs, ["CCCGOV", "BBBGOV"]);
}

#[test]
fn gdelt_export_has_61_columns() {
    let mut t = temp_store("gdelt");
    add_all(&mut t.store, &blockade_corpus());
    let mut out = Vec::new();
    let n = export::gdelt::write(t.store.connection(), &mut out).unwrap();
    assert_eq!(n, 4);
    let text = String::from_utf8(out).unwrap();
    let first: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 61);
    assert_eq!(&first[1..5], ["20240301", "202403", "2024", "2024.2493"]);
    assert_eq!(first[5], "AAAGOV");
    assert_eq!(first[15], "BBBGOV");
    assert_eq!(
        &first[26..34],
        ["191", "191", "19", "4", "-9.5", "4", "1", "3"]
    );
    assert_eq!(first[60], "https://news.example/r1");
}

#[test]
fn errors_are_recorded_once() {
    let mut t = temp_store("errors");
    let at_line = ErrorRecord {
        origin: "feed.jsonl".into(),
        line: Some(3),
        stage: Stage::Read,
        cause: "invalid JSON".into(),
    };
    let whole_file = ErrorRecord {
        line: None,
        ..at_line.clone()
    };
    for _ in 0..2 {
        let batch = t.store.batch().unwrap();
        batch.record_error(&at_line).unwrap();
        batch.record_error(&whole_file).unwrap();
        batch.commit().unwrap();
    }
    let rows = query::errors(t.store.connection(), 10).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, Some(3));
    assert_eq!(rows[1].line, None);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_writes_every_table() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let mut t = temp_store("parquet");
    add_all(&mut t.store, &blockade_corpus());
    let out = t.dir.join("parquet");
    std::fs::create_dir_all(&out).unwrap();
    let written = export::parquet::write_all(t.store.connection(), &out).unwrap();
    assert_eq!(written.len(), export::parquet::TABLES.len());
    let rows = |table: &str| {
        let file = std::fs::File::open(out.join(format!("{table}.parquet"))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let meta = reader.metadata();
        let columns = meta.file_metadata().schema_descr().num_columns();
        (meta.file_metadata().num_rows(), columns)
    };
    assert_eq!(rows("documents"), (5, 10));
    assert_eq!(rows("events").0, 8);
    assert_eq!(rows("event_clusters").0, 4);
    assert_eq!(rows("errors").0, 0);
}

/// Every row of a query, as SQLite values.
fn rows(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| (0..width).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn aggregates_match_the_rows_they_sum_across_batches_and_rollbacks() {
    use attache::store::aggregates::{RECOMPUTE_DYADS, RECOMPUTE_SPEAKERS};
    let mut t = temp_store("aggregates");
    let mut corpus = blockade_corpus();
    for (i, d) in corpus.iter_mut().enumerate() {
        d.entities = vec![
            entity("e1", "Mirela Vantos", None),
            entity("e2", "Odo Brask", Some("BBBGOV")),
        ];
        d.quotes = vec![
            quote("q1", "e1", &format!("The blockade is day {i}.")),
            quote("q2", "e1", "It will end."),
            quote("q3", "e2", "It will not."),
        ];
    }
    // A batch dropped without commit leaves nothing behind, in the file or in the writer's
    // cache of entity ids (the next batch must not reuse the rolled-back ids).
    {
        let mut batch = t.store.batch().unwrap();
        let mut ghost = doc("g", "2024-03-04", "Ghost.");
        ghost.entities = vec![
            entity("e1", "Ines Ghostly", None),
            entity("e2", "Odo Brask", Some("BBBGOV")),
        ];
        ghost.quotes = vec![quote("q1", "e2", "Nothing to see.")];
        batch.add(&hash(&ghost.text), "g", &ghost).unwrap();
    }
    for d in &corpus {
        add_all(&mut t.store, std::slice::from_ref(d));
    }
    let conn = t.store.connection();
    let speakers = rows(conn, "SELECT * FROM speaker_stats ORDER BY entity");
    assert_eq!(speakers, rows(conn, RECOMPUTE_SPEAKERS));
    assert_eq!(speakers.len(), 2);
    let dyads = rows(
        conn,
        "SELECT source, target, day, events, quad1, quad2, quad3, quad4, round(goldstein, 3),
                mentions FROM dyad_days ORDER BY 1, 2, 3",
    );
    assert_eq!(dyads, rows(conn, RECOMPUTE_DYADS));
    assert_eq!(dyads.len(), 4);
    let top = query::speakers(conn, 10).unwrap();
    assert_eq!((top[0].name.as_str(), top[0].quotes), ("Mirela Vantos", 10));
    assert_eq!((top[1].name.as_str(), top[1].documents), ("Odo Brask", 5));
    assert_eq!(top[1].actor.as_deref(), Some("BBBGOV"));
}
