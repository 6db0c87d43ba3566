//! `attache analyze` end to end: the built binary on odd, broken and large inputs.

mod common;

use common::{json_lines, write};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn attache(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("analyze")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the attache binary runs");
    // Feed stdin from a thread so that a large input cannot deadlock against a full stdout pipe.
    // A write error is fine: the command may rightly exit before reading (a usage error).
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn analyze_files(files: &[&Path], extra: &[&str]) -> Output {
    let mut args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    args.extend_from_slice(extra);
    attache(&args, b"")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document: {e}\nstderr: {}",
            stderr(out)
        )
    })
}

/// Every span that claims to quote the text does: `text[start..end]` (in characters) is `text`.
fn assert_spans_match(analysis: &Value) {
    let chars: Vec<char> = analysis["text"].as_str().unwrap().chars().collect();
    let mut spans = Vec::new();
    for q in analysis["quotes"].as_array().unwrap() {
        spans.push(&q["content"]);
        if !q["cue"].is_null() {
            spans.push(&q["cue"]);
        }
    }
    for e in analysis["entities"].as_array().unwrap() {
        spans.extend(e["mentions"].as_array().unwrap());
    }
    for s in spans {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(
            start <= end && end <= chars.len(),
            "span out of bounds: {s}"
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
    }
}

#[test]
fn empty_input_is_an_empty_document() {
    let out = attache(&[], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let a = json(&out);
    assert_eq!(a["text"], "");
    assert_eq!(a["id"].as_str().unwrap().len(), 16, "content hash id");
    assert_eq!(a["quotes"], Value::Array(vec![]));

    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let out = analyze_files(&[&empty], &[]);
    assert!(out.status.success());
    assert_eq!(json(&out)["id"], "empty", "a file's name is its id");
}

#[test]
fn binary_garbage_does_not_crash() {
    let mut garbage = b"\0\0\0\x01\x02\x1b[31m\x7f\n\n\0{\"<\0".to_vec();
    for i in 0..20_000u32 {
        garbage.push((i.wrapping_mul(2_654_435_761) >> 24) as u8 & 0x7f);
    }
    let out = attache(&[], &garbage);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = json(&out);
    assert!(a["warnings"][0].as_str().unwrap().contains("NUL"));
    assert_spans_match(&a);
}

#[test]
fn unbalanced_and_unpaired_quotation_marks() {
    let text = "“Opening without closing, Mayor Ada Flint said.\n\n\
                Closing without opening,” the minister said. \"Straight and “curly” mixed.\n\n\
                «Guillemets» and „low-nine“ marks, said Tomas Reyl: “nested ‘single quote’ here.\n\n\
                ” ” “ “ \" ' ’ ‘\n\n\
                He said: “";
    let out = attache(&[], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_spans_match(&json(&out));
}

#[test]
fn invalid_utf8_is_reported_with_the_file_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 society, the mayor said.",
    );
    let out = analyze_files(&[&bad], &[]);
    assert_eq!(out.status.code(), Some(1), "PARTIAL");
    let err = stderr(&out);
    assert!(
        err.contains("latin1.txt: not valid UTF-8 at byte 3; convert to UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("analysed 0 documents, skipped 1 (see errors above)"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn jsonl_with_a_broken_line_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","text":"The council met on Monday."}"#,
        r#"{"id":"b","text":"“We agree,” the mayor said.","published":"2024-05-16"}"#,
        r#"{"id":"c","text": "unterminated"#,
        "",
        r#"{"id":"d","html":"<p>A page.</p>","publisher":"Harbor Ledger"}"#,
    ];
    let file = write(dir.path(), "batch.jsonl", lines.join("\n").as_bytes());
    let out = analyze_files(&[&file], &[]);
    assert_eq!(out.status.code(), Some(1), "PARTIAL");
    let docs = json_lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "d"]);
    assert_eq!(docs[1]["published"], "2024-05-16");
    assert_eq!(docs[2]["publisher"], "Harbor Ledger");
    let err = stderr(&out);
    assert!(err.contains("batch.jsonl:3: invalid JSON"), "{err}");
    assert!(err.contains("analysed 3 documents, skipped 1"), "{err}");
}

#[test]
fn one_document_is_one_json_object_several_are_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "“Yes,” Ada Flint said.".as_bytes());
    let b = write(
        dir.path(),
        "b.html",
        b"<html><body><p>Page text.</p></body></html>",
    );

    let single = analyze_files(&[&a], &["--pretty"]);
    assert!(single.status.success());
    assert!(stdout(&single).lines().count() > 1, "pretty-printed");
    assert_eq!(json(&single)["id"], "a");

    let many = analyze_files(&[&a, &b], &[]);
    assert!(many.status.success());
    let docs = json_lines(&many);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["text"], "Page text.");

    let forced = analyze_files(&[&a], &["--format", "jsonl"]);
    assert_eq!(json_lines(&forced).len(), 1);

    let array = analyze_files(&[&a, &b], &["--format", "json"]);
    assert_eq!(json(&array).as_array().unwrap().len(), 2);

    let pretty_many = analyze_files(&[&a, &b], &["--pretty"]);
    assert_eq!(json_lines(&pretty_many).len(), 2);
    assert!(stderr(&pretty_many).contains("--pretty is ignored"));
}

#[test]
fn stdin_formats_are_sniffed() {
    let jsonl = b"{\"id\":\"x\",\"text\":\"One.\"}\n{\"id\":\"y\",\"text\":\"Two.\"}\n";
    assert_eq!(json_lines(&attache(&["-"], jsonl)).len(), 2);
    let html = b"<!doctype html><title>T</title><article><p>Body here.</p></article>";
    let a = json(&attache(&[], html));
    assert_eq!(a["title"], "T");
    assert_eq!(a["text"], "Body here.");
}

#[test]
fn published_date_is_validated_and_applied() {
    let out = attache(&["--published", "2024-13-01"], b"x");
    assert_eq!(out.status.code(), Some(2), "USAGE");
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    let out = attache(&["--published", "2024-02-29"], b"x");
    assert_eq!(json(&out)["published"], "2024-02-29");
}

#[test]
fn keep_boilerplate_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The council approved the bridge.\nNotify of\nInline Feedbacks\n";
    let out_path = dir.path().join("out.json");
    let out = attache(
        &["--keep-boilerplate", "-o", out_path.to_str().unwrap()],
        text.as_bytes(),
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let a: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(a["text"], text);
    assert_eq!(a["boilerplate"], Value::Array(vec![]));

    let a = json(&attache(&[], text.as_bytes()));
    assert_eq!(a["text"], "The council approved the bridge.");
    assert_eq!(a["boilerplate"][1]["kind"], "comments");
}

#[test]
fn missing_file_is_skipped_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"Fine.");
    let out = analyze_files(&[&dir.path().join("nope.txt"), &good], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope.txt: cannot open"));
    assert_eq!(json(&out)["id"], "good");
}

#[test]
fn bad_command_lines_are_usage_errors() {
    assert_eq!(attache(&["-", "-"], b"").status.code(), Some(2));
    assert_eq!(attache(&["--format", "xml"], b"").status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let unwritable = dir.path().join("no/such/dir/out.json");
    let out = attache(&["-o", unwritable.to_str().unwrap()], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot create"));
}

#[test]
fn attribution_model_file_replaces_the_embedded_one() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let article = repo.join("examples/article.txt");
    let shipped = repo.join("models/attribution.bin");
    let embedded = analyze_files(&[&article], &[]);
    let from_file = analyze_files(
        &[&article],
        &["--attribution-model", shipped.to_str().unwrap()],
    );
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    assert_eq!(json(&from_file)["quotes"], json(&embedded)["quotes"]);

    let dir = tempfile::tempdir().unwrap();
    let garbage = write(dir.path(), "model.bin", b"not a model");
    for bad in [garbage.as_path(), &dir.path().join("missing.bin")] {
        let out = analyze_files(&[&article], &["--attribution-model", bad.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("attribution model"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn bundled_examples() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = analyze_files(&[&examples.join("article.txt")], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = json(&out);
    assert_eq!(a["authors"][0], "Marta Kell");
    assert_eq!(a["publisher"], "Meridian Ledger");
    let kinds: Vec<&str> = a["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[..3], ["author_bio", "promo", "source_line"]);
    assert!(kinds[3..].iter().all(|k| *k == "comments"));
    assert!(a["text"]
        .as_str()
        .unwrap()
        .ends_with("police in Orsk said."));
    assert_spans_match(&a);

    let out = analyze_files(&[&examples.join("articles.jsonl")], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1]["title"], "Water panel named");
    assert_eq!(docs[1]["published"], "2024-05-20");
}

/// A 50 MB article must go through without pathologies. Not a benchmark (that is `attache
/// bench`): the generous limit only turns a hang into a failure. A test build takes about 6
/// minutes on an otherwise idle 2-core machine (nearly every sentence is parsed and attributed),
/// and twice that when the machine runs several builds, hence 20 minutes.
#[test]
fn fifty_megabytes_of_text() {
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "council",
        "harbor",
        "bridge",
        "vote",
        "session",
        "residents",
        "budget",
        "ferry",
        "fares",
        "plan",
        "workers",
        "port",
        "the",
        "of",
        "and",
        "in",
        "on",
        "Tuesday",
        "Marlow",
        "city",
    ];
    let mut text = String::with_capacity(50_100_000);
    let mut seed = 7u64;
    let mut paragraph = 0;
    while text.len() < 50_000_000 {
        paragraph += 1;
        if paragraph % 10 == 0 {
            text.push_str(
                "“We will not back down,” Mayor Ada Flint told reporters. “Not now.”\n\n",
            );
        }
        for i in 0..40 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            text.push_str(words[(seed >> 33) as usize % words.len()]);
            text.push(if i == 39 { '.' } else { ' ' });
        }
        text.push_str("\n\n");
    }
    text.push_str("Ian Ames is a reporter for The Harbor Ledger.\n\nView all comments\n");
    let input = write(dir.path(), "big.txt", text.as_bytes());
    let output = dir.path().join("big.json");

    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args([
            "analyze",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ])
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(1200) {
            child.kill().unwrap();
            panic!("attache analyze did not finish a 50 MB text in 20 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success());
    eprintln!("50 MB analysed in {:?}", started.elapsed());
    let a: Value = serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    assert_eq!(a["authors"][0], "Ian Ames");
    assert_eq!(a["boilerplate"].as_array().unwrap().len(), 2);
    assert!(a["text"].as_str().unwrap().len() > 49_000_000);
    assert!(a["quotes"].as_array().unwrap().len() > 10_000);
}
