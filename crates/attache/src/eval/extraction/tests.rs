use super::metrics::*;
use super::*;

#[test]
fn word_tokens_follow_python_w() {
    assert_eq!(
        word_tokens("It's 3 o'clock—naïve_x!"),
        vec!["It", "s", "3", "o", "clock", "naïve_x"]
    );
    assert!(word_tokens(" .,; ").is_empty());
}

#[test]
fn shingles_perfect_partial_and_empty() {
    let gold = "one two three four five";
    let s = Shingles::matching(gold, gold);
    assert_eq!((s.precision(), s.recall()), (Some(1.0), Some(1.0)));
    // gold shingles: [1234, 2345]; predicted: [1234] → tp 1, fn 1 → normalised 0.5/0.5.
    let s = Shingles::matching(gold, "one two three four");
    assert_eq!(
        s,
        Shingles {
            tp: 0.5,
            fp: 0.0,
            fn_: 0.5
        }
    );
    assert_eq!((s.precision(), s.recall()), (Some(1.0), Some(0.5)));
    // nothing predicted: precision undefined, recall 0.
    let s = Shingles::matching(gold, "");
    assert_eq!((s.precision(), s.recall()), (None, Some(0.0)));
    // a short text is one shingle of all its tokens.
    let s = Shingles::matching("a b", "a b");
    assert_eq!(s.recall(), Some(1.0));
}

#[test]
fn aeb_averages_precision_and_recall_then_f1() {
    let pages = [
        Shingles {
            tp: 1.0,
            fp: 0.0,
            fn_: 0.0,
        },
        Shingles {
            tp: 0.5,
            fp: 0.0,
            fn_: 0.5,
        },
        Shingles {
            tp: 0.0,
            fp: 0.0,
            fn_: 1.0,
        }, // precision undefined: left out of P
    ];
    let prf = aeb_summary(&pages);
    assert_eq!(prf.precision, 1.0);
    assert!((prf.recall - 0.5).abs() < 1e-12);
    assert!((prf.f1 - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn word_bag_counts_repeats_and_ignores_case() {
    let prf = word_bag("The cat the dog", "the THE cat bird");
    assert_eq!(prf.precision, 0.75);
    assert_eq!(prf.recall, 0.75);
    assert_eq!(word_bag("", "").f1, 1.0);
    assert_eq!(word_bag("", "x").f1, 0.0);
    assert_eq!(word_bag("x", "").f1, 0.0);
}

#[test]
fn htmldate_counts() {
    let mut c = DateCounts::default();
    c.add(Some("2020-01-02"), Some("2020-01-02T10:00"));
    c.add(Some("2020-01-02"), Some("2020-01-03"));
    c.add(Some("2020-01-02"), None);
    c.add(None, None);
    c.add(None, Some("2020-01-01"));
    assert_eq!((c.tp, c.fp, c.fn_, c.tn), (1, 2, 1, 1));
    let prf = c.prf();
    assert!((prf.precision - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(prf.recall, 0.5);
}

#[test]
fn titles_and_authors() {
    assert!(same_title("A  title", Some(" A title ")));
    assert!(!same_title("A title", Some("A title | Site")));
    assert!(!same_title("A title", None));
    assert!(same_authors(
        "Jo Park and Ian Ames",
        &["ian ames".into(), "Jo Park".into()]
    ));
    assert!(!same_authors("Jo Park", &[]));
}

#[test]
fn scores_invented_sets_on_disk() {
    let dir = std::env::temp_dir().join(format!("attache-extr-eval-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("aeb/html")).unwrap();
    std::fs::create_dir_all(dir.join("wcxb/html")).unwrap();
    std::fs::create_dir_all(dir.join("wcxb/ground-truth")).unwrap();
    std::fs::create_dir_all(dir.join("hd/html")).unwrap();
    let gz = |path: PathBuf, text: &str| {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).unwrap();
        std::fs::write(path, e.finish().unwrap()).unwrap();
    };
    gz(dir.join("aeb/html/h1.html.gz"), "one two three four five");
    std::fs::write(
        dir.join("aeb/ground-truth.json"),
        r#"{"h1": {"articleBody": "one two three four five", "url": "http://x/a"}}"#,
    )
    .unwrap();
    gz(dir.join("wcxb/html/0001.html.gz"), "alpha beta");
    std::fs::write(
        dir.join("wcxb/ground-truth/0001.json"),
        r#"{"url": "http://x/b", "ground_truth": {"main_content": "alpha beta",
            "title": "alpha beta", "author": "A B", "publish_date": "2021-02-03"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("hd/html/p.html"), "2021-02-03").unwrap();
    std::fs::write(
        dir.join("hd/eval_x.json"),
        "{\"http://x/c\": {\"file\": \"p.html\", \"date\": \"2021-02-03\"},\n \"http://x/d\": {\"file\": \"p.html\", \"date\": NaN}}",
    )
    .unwrap();
    // An extractor that echoes the page: body and title are the page text, the date is a
    // 10-character prefix.
    let echo = |html: &[u8], _url: Option<&str>| {
        let text = String::from_utf8_lossy(html).into_owned();
        Prediction {
            title: Some(text.clone()),
            authors: vec!["a b".into()],
            published: text.get(..10).map(str::to_string),
            body: text,
        }
    };
    let sets = Sets {
        aeb: Some(dir.join("aeb")),
        wcxb: Some(dir.join("wcxb")),
        htmldate: Some(dir.join("hd")),
        limit: None,
    };
    let r = evaluate(&sets, &echo).unwrap();
    assert_eq!(r.aeb.as_ref().unwrap().body.f1, 1.0);
    let w = r.wcxb.as_ref().unwrap();
    assert_eq!(w.body.f1, 1.0);
    assert_eq!(w.title_exact.score(), Some(1.0));
    assert_eq!(w.authors_exact.score(), Some(1.0));
    assert_eq!(w.date_exact.score(), Some(0.0));
    let h = r.htmldate.as_ref().unwrap();
    assert_eq!((h.counts.tp, h.counts.fp), (1, 1));
    assert!(r.to_table().contains("AEB body"));
    std::fs::remove_dir_all(&dir).unwrap();
}
