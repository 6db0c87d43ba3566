//! Extraction end to end: the built binary on hostile pages and a broken web archive. Every bad
//! document gets a clear message of its own and the batch goes on; nothing hangs (each run has
//! a generous deadline that only turns a hang into a failure).

mod common;

use common::{json_lines, write};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `attache analyze ARGS`, killing it and failing after `limit`.
fn analyze(args: &[&Path], limit: Duration) -> Output {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("analyze")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the attache binary runs");
    // Drain the pipes from threads so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || read_all(&mut out));
    let err = std::thread::spawn(move || read_all(&mut err));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("attache analyze did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn read_all(r: &mut impl std::io::Read) -> Vec<u8> {
    let mut buf = Vec::new();
    r.read_to_end(&mut buf).unwrap();
    buf
}

const GOOD: &str = r#"<!doctype html><html><head><title>Ferry fares frozen | Harbor Ledger</title>
<meta property="og:site_name" content="Harbor Ledger">
<meta property="article:published_time" content="2024-05-20T09:00:00-04:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ferry fares frozen</h1>
<p>The harbor board froze ferry fares for another year on Monday, its chair said.</p>
<p>“Riders have carried enough,” board chair Ada Flint told reporters after the vote.</p>
</article></body></html>"#;

/// A 20 MB page of nested `<div>`s, a binary file named `.html`, a page whose bytes contradict
/// its declared charset, and a good page: the first three never stop the fourth.
#[test]
fn hostile_pages_in_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = String::from("<html><head><title>Deep page</title></head><body>");
    while deep.len() < 20 << 20 {
        deep.push_str("<div>");
    }
    deep.push_str(
        "<p>The story at the bottom of the well, told in one sentence.</p></body></html>",
    );
    let deep = write(dir.path(), "deep.html", deep.as_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let binary = write(dir.path(), "image.html", &png);
    // Declared UTF-8, written in Latin-1: decoding must detect it, not print U+FFFD or mojibake.
    let latin1 = b"<html><head><meta charset=\"utf-8\"><title>Caf\xe9 news</title></head><body>\
        <p>The caf\xe9 on the pier reopened on Tuesday after the storm, its owner said.</p></body></html>";
    let latin1 = write(dir.path(), "latin1.html", latin1);
    let good = write(dir.path(), "good.html", GOOD.as_bytes());

    let out = analyze(&[&deep, &binary, &latin1, &good], Duration::from_secs(240));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let docs = json_lines(&out);
    assert_eq!(
        docs.len(),
        3,
        "deep, latin1 and good analysed; stderr: {stderr}"
    );
    assert!(
        stderr.contains("image.html") && stderr.contains("binary"),
        "the binary file is named and explained: {stderr}"
    );
    assert_eq!(docs[0]["title"], "Deep page");
    assert!(docs[0]["text"]
        .as_str()
        .unwrap()
        .contains("bottom of the well"));
    let text = docs[1]["text"].as_str().unwrap();
    assert!(text.contains("The café on the pier"), "{text}");
    assert_eq!(docs[2]["title"], "Ferry fares frozen");
    assert_eq!(docs[2]["published"], "2024-05-20");
    assert_eq!(docs[2]["publisher"], "Harbor Ledger");
    assert!(
        !out.status.success(),
        "a skipped document makes the exit code partial"
    );
}

/// One WARC record: headers, block, and the two CRLFs that end it.
fn record(kind: &str, n: u32, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2024-05-21T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    r.extend_from_slice(body);
    r
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// An archive as Common Crawl writes it (one gzip member per record): a warcinfo record, a
/// request, a good page, an image, a binary payload served as HTML, another good page, and a
/// final record cut off mid-way. Both good pages come out with their URL and fetch date, and
/// the run reports what it skipped.
#[test]
fn warc_with_truncated_and_non_html_records() {
    let dir = tempfile::tempdir().unwrap();
    let second = GOOD
        .replace("Ferry fares frozen", "Pier repairs approved")
        .replace("2024-05-20", "2024-05-21");
    let records = [
        record("warcinfo", 1, "", b"software: test\r\n"),
        record(
            "request",
            2,
            "https://ledger.test/2024/05/20/fares",
            b"GET /2024/05/20/fares HTTP/1.1\r\n\r\n",
        ),
        record(
            "response",
            3,
            "https://ledger.test/2024/05/20/fares",
            &http("text/html; charset=utf-8", GOOD.as_bytes()),
        ),
        record(
            "response",
            4,
            "https://ledger.test/logo.png",
            &http("image/png", b"\x89PNG\r\n\x1a\n\0\0"),
        ),
        record(
            "response",
            5,
            "https://ledger.test/file",
            &http("text/html", b"\0\x01\x02\x03\x04binary\0\0"),
        ),
        record(
            "response",
            6,
            "https://ledger.test/2024/05/21/pier",
            &http("text/html", second.as_bytes()),
        ),
    ];
    let mut archive: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let last = record(
        "response",
        7,
        "https://ledger.test/cut",
        &http("text/html", GOOD.as_bytes()),
    );
    archive.extend(gzip(&last[..last.len() / 2]));
    let path = write(dir.path(), "crawl.warc.gz", &archive);

    let out = analyze(&[&path], Duration::from_secs(120));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2, "stderr: {stderr}");
    assert_eq!(docs[0]["url"], "https://ledger.test/2024/05/20/fares");
    assert_eq!(docs[0]["title"], "Ferry fares frozen");
    assert_eq!(docs[1]["title"], "Pier repairs approved");
    assert_eq!(docs[1]["published"], "2024-05-21");
    assert!(stderr.contains("binary"), "{stderr}");
    assert!(stderr.contains("archive ends here"), "{stderr}");
    assert!(
        stderr.contains("7 WARC records: 3 HTML pages, 3 other records skipped, 1 unreadable"),
        "{stderr}"
    );
}
