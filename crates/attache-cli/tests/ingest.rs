//! `attache ingest` and `attache query` end to end: a run killed with SIGKILL and resumed
//! stores exactly what an uninterrupted run stores; re-running changes nothing; bad inputs are
//! recorded and skipped; queries answer on the bundled sample corpus.

use attache::store::{Counts, Store};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn attache() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attache"))
}

fn ingest(store: &Path, inputs: &[&Path], extra: &[&str]) -> Output {
    attache()
        .arg("ingest")
        .args(inputs)
        .arg("--store")
        .arg(store)
        .args(extra)
        .output()
        .unwrap()
}

fn counts(store: &Path) -> Counts {
    Store::open_read_only(store).unwrap().counts().unwrap()
}

/// How many quotes the full-text index holds (every quote has exactly one kind tag).
fn indexed_quotes(store: &Path) -> i64 {
    let store = Store::open_read_only(store).unwrap();
    store
        .connection()
        .query_row(
            "SELECT count(*) FROM quotes_fts
             WHERE quotes_fts MATCH 'tags : (kstatement OR kbelief)'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn integrity(store: &Path) -> String {
    let store = Store::open_read_only(store).unwrap();
    store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

const PEOPLE: [(&str, &str); 6] = [
    ("Mayor", "Helena Marsh"),
    ("Councillor", "Tomas Reyes"),
    ("Harbour master", "Jonas Pike"),
    ("Minister", "Anika Svoboda"),
    ("Senator", "Lucas Ferrand"),
    ("Judge", "Ines Calloway"),
];
const TOPICS: [&str; 5] = [
    "the ferry",
    "the budget",
    "the quotas",
    "the bridge",
    "the school",
];

/// An invented three-paragraph story, different for every `i`.
fn story(i: usize) -> String {
    let (title, name) = PEOPLE[i % PEOPLE.len()];
    let (_, other) = PEOPLE[(i / 7) % PEOPLE.len()];
    let topic = TOPICS[i % TOPICS.len()];
    format!(
        "Story {i} on {topic}\n\n{title} {name} spoke about {topic} on day {i}.\n\n\
         \"We will decide on {topic} before item {i} is due,\" {name} said.\n\n\
         {other} said that {topic} needed another {n} weeks of work.",
        n = i % 13 + 2
    )
}

/// `n` stories: most in three JSON Lines files, some as plain-text files in a folder.
fn write_corpus(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("corpus");
    fs::create_dir_all(root.join("texts")).unwrap();
    let texts = n / 20;
    for i in 0..texts {
        fs::write(root.join(format!("texts/story-{i}.txt")), story(i)).unwrap();
    }
    let mut files = [String::new(), String::new(), String::new()];
    for i in texts..n {
        let record = serde_json::json!({
            "id": format!("s{i}"),
            "published": format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
            "text": story(i),
        });
        files[i % 3].push_str(&format!("{record}\n"));
    }
    for (k, body) in files.iter().enumerate() {
        fs::write(root.join(format!("feed-{k}.jsonl")), body).unwrap();
    }
    root
}

/// Starts an ingest, kills it with SIGKILL once some batches are committed (but before the
/// end), and returns how many documents were stored at the kill.
fn ingest_and_kill(store: &Path, corpus: &Path, total: i64) -> i64 {
    let mut child = attache()
        .arg("ingest")
        .arg(corpus)
        .arg("--store")
        .arg(store)
        .args(["--batch", "16", "--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let stored = Store::open_read_only(store)
            .and_then(|s| s.counts())
            .map(|c| c.documents)
            .unwrap_or(0);
        if stored >= total / 10 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "ingest ended early");
        assert!(Instant::now() < deadline, "ingest made no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    counts(store).documents
}

#[test]
fn killed_ingest_resumes_to_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let total: i64 = 3000;
    let corpus = write_corpus(dir.path(), total as usize);

    let reference = dir.path().join("reference.db");
    let out = ingest(&reference, &[&corpus], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = counts(&reference);
    assert_eq!(expected.documents, total);
    assert!(expected.quotes >= total, "{expected:?}");

    let resumed = dir.path().join("resumed.db");
    let at_kill = ingest_and_kill(&resumed, &corpus, total);
    assert!(
        at_kill < total,
        "the run finished before it could be killed"
    );
    assert_eq!(integrity(&resumed), "ok");

    let out = ingest(&resumed, &[&corpus], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("skipped {at_kill} duplicates")),
        "{stderr}"
    );
    assert_eq!(counts(&resumed), expected);
    assert_eq!(integrity(&resumed), "ok");
    // The index went with the rows: nothing indexed twice by the re-run, nothing missing.
    assert_eq!(indexed_quotes(&resumed), expected.quotes);
}

#[test]
fn ingest_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path(), 120);
    let store = dir.path().join("s.db");
    assert!(ingest(&store, &[&corpus], &[]).status.success());
    let first = counts(&store);
    // The same corpus again, and one file named twice: nothing new.
    let feed = corpus.join("feed-0.jsonl");
    let out = ingest(&store, &[&corpus, &feed], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("ingested 0 documents"), "{stderr}");
    assert_eq!(counts(&store), first);
}

#[test]
fn bad_inputs_are_recorded_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(&root).unwrap();
    fs::write(
        root.join("feed.jsonl"),
        "{\"id\":\"a\",\"text\":\"Mayor Helena Marsh said the pier is safe.\"}\n\
         {\"id\": broken\n\
         {\"id\":\"c\",\"text\":\"Councillor Tomas Reyes said the pier is not safe.\"}\n",
    )
    .unwrap();
    fs::write(root.join("latin1.txt"), b"caf\xe9 au lait").unwrap();
    fs::write(root.join("crawl.warc.gz"), warc_archive()).unwrap();
    let store = dir.path().join("s.db");

    let out = ingest(&store, &[&root], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("skipped 2 WARC records that are not HTML responses"),
        "{stderr}"
    );
    // Two JSONL records and the archive's two pages; its truncated last record is an error.
    assert_eq!(counts(&store).documents, 4);
    let urls = query(&store, &["quotes", "--speaker", "varga", "--json"]);
    assert!(urls.contains("http://harbour.test/pier"), "{urls}");

    let out = attache()
        .args(["query", "errors", "--json", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let errors: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = errors.as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let feed = errors
        .iter()
        .find(|e| e["stage"] == "read" && e["line"] == 2);
    assert!(feed.is_some(), "{errors:?}");
    let cause = |e: &serde_json::Value| e["cause"].as_str().unwrap().to_string();
    assert!(errors
        .iter()
        .any(|e| cause(e).contains("archive ends here")));
    assert!(errors.iter().any(|e| cause(e).contains("UTF-8")));

    // Errors are not recorded twice by a re-run.
    ingest(&store, &[&root], &[]);
    assert_eq!(counts(&store).errors, 3);
}

/// One WARC record, gzipped on its own as Common Crawl writes them; `cut` bytes short.
fn warc_record(kind: &str, n: u32, uri: &str, block: &[u8], cut: usize) -> Vec<u8> {
    use std::io::Write;
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2024-05-02T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record.truncate(record.len() - cut);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&record).unwrap();
    gz.finish().unwrap()
}

fn http(content_type: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
}

/// A request, two news pages, an image, and a last page cut off mid-record.
fn warc_archive() -> Vec<u8> {
    let page = |title: &str, body: &str| {
        http(
            "text/html; charset=utf-8",
            &format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"),
        )
    };
    let pier = page(
        "Pier closed after storm",
        "<p>The old pier will stay closed until the autumn, officials said on Tuesday.</p>\
         <p>\"We cannot let anyone walk on it before the engineers have finished,\" said \
         harbour master Lena Varga.</p>",
    );
    let market = page(
        "Fish market moves",
        "<p>The fish market will move to the north quay next month.</p>\
         <p>\"Traders have asked for this for years,\" Councillor Tomas Reyes said.</p>",
    );
    let request = b"GET /pier HTTP/1.1\r\n\r\n";
    let image = http("image/png", "PNG");
    let late = page("Late", "<p>cut</p>");
    let mut out = warc_record("request", 1, "http://harbour.test/pier", request, 0);
    out.extend(warc_record(
        "response",
        2,
        "http://harbour.test/pier",
        &pier,
        0,
    ));
    out.extend(warc_record(
        "response",
        3,
        "http://harbour.test/logo.png",
        &image,
        0,
    ));
    out.extend(warc_record(
        "response",
        4,
        "http://harbour.test/market",
        &market,
        0,
    ));
    // Cut short: the reader reports it and the archive ends there.
    out.extend(warc_record(
        "response",
        5,
        "http://harbour.test/late",
        &late,
        12,
    ));
    out
}

fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn query(store: &Path, args: &[&str]) -> String {
    let out = attache()
        .arg("query")
        .args(args)
        .arg("--store")
        .arg(store)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn queries_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    let out = ingest(&store, &[&sample_corpus()], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(counts(&store).documents, 7);

    let speakers: serde_json::Value =
        serde_json::from_str(&query(&store, &["speakers", "--json"])).unwrap();
    let names: Vec<&str> = speakers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for who in ["Rosa Lindqvist", "Tomas Reyes", "Helena Marsh"] {
        assert!(names.iter().any(|n| n.contains(who)), "{names:?}");
    }

    let table = query(&store, &["quotes", "--speaker", "reyes", "--search", "cod"]);
    assert!(table.contains("cod stocks are at their lowest"), "{table}");
    assert!(table.starts_with("speaker"), "{table}");

    let none = query(&store, &["events", "--actor", "FRA"]);
    assert_eq!(none, "(no rows)\n");
}
