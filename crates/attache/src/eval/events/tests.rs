use super::*;
use crate::pipeline::analyze_text;
use serde_json::json;

const TEXT: &str =
    "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz on Monday. \
    Ruiz said that the talks were too difficult to expect a breakthrough.";

#[test]
fn seed_scorer_matches_by_evidence_and_accepted_codes() {
    let opts = Options {
        published: Some("2021-06-09".into()),
        strip_boilerplate: false,
        ..Options::default()
    };
    let pred = analyze(InputDoc::text(TEXT), &opts);
    let gold = vec![
        json!({"source": "BRAGOV", "target": "CHLGOV", "cameo": "040", "alt": ["041"],
               "evidence": "met with Chilean President Tomas Ruiz", "date": "Monday"}),
        json!({"source": "CHLGOV", "target": null, "cameo": "012", "alt": ["010"],
               "evidence": "the talks were too difficult"}),
    ];
    let s = score_seed(&gold, &pred, Day::parse_iso("2021-06-09"));
    let get = |n: &str| {
        s.lines
            .iter()
            .find(|l| l.name == n)
            .map(|l| (l.correct, l.total))
    };
    assert_eq!(get("events found (code accepted)"), Some((2, 2)), "{s:?}");
    assert_eq!(get("code + source + target"), Some((2, 2)), "{s:?}");
    assert_eq!(get("weekday resolved"), Some((1, 1)), "{s:?}");
}

#[test]
fn plover_scorer_counts_types_and_countries() {
    let records = vec![
        json!({"id": "r1", "event": "CONSULT", "text": "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz.",
               "source": [{"code": "BRA"}], "target": [{"code": "CHL", "sector": "GOV"}]}),
        json!({"id": "r2", "event": "FIGHT", "text": "Nothing happened.", "source": [{"code": "BRA"}], "target": null}),
    ];
    let cameo = [("r1".to_string(), "040".to_string())]
        .into_iter()
        .collect();
    let s = score_plover(&records, &cameo, |t, _| analyze_text(t));
    let get = |n: &str| {
        s.lines
            .iter()
            .find(|l| l.name == n)
            .map(|l| (l.correct, l.total))
    };
    assert_eq!(get("event type accuracy"), Some((1, 2)));
    assert_eq!(get("source country match"), Some((1, 2)));
    assert_eq!(get("target match (incl. none)"), Some((2, 2)));
    assert_eq!(get("CAMEO exact (where given)"), Some((1, 1)));
}

#[test]
fn shared_data_scorers_run_when_present() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !data.exists() {
        eprintln!("skipping: ../shared/data is absent");
        return;
    }
    let s = petrarch::score(&data).expect("PETRARCH records");
    assert!(s.lines[0].total > 100);
}
