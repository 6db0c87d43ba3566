//! Pipeline-level tests of the events stage on invented texts.

use crate::model::{Analysis, Event};
use crate::pipeline::{analyze, Options};
use crate::InputDoc;

fn run(text: &str, published: Option<&str>) -> Analysis {
    let opts = Options {
        published: published.map(str::to_string),
        strip_boilerplate: false,
        ..Options::default()
    };
    analyze(InputDoc::text(text), &opts)
}

fn find<'a>(a: &'a Analysis, cameo: &str) -> &'a Event {
    a.events
        .iter()
        .find(|e| e.cameo == cameo)
        .unwrap_or_else(|| panic!("no {cameo} event in {:#?}", a.events))
}

fn target(e: &Event) -> Option<&str> {
    e.target.as_ref().and_then(|t| t.actor.as_deref())
}

#[test]
fn speech_acts_are_coded_from_cue_and_tone() {
    let a = run(
        "Chilean President Tomas Ruiz has assured Brazilian President Ana Ferreira that the border would stay open. \
         Ferreira said that the talks were too complex to expect a breakthrough.",
        None,
    );
    let assure = find(&a, "030");
    assert_eq!(assure.source.actor.as_deref(), Some("CHLGOV"));
    assert_eq!(target(assure), Some("BRAGOV"));
    assert_eq!(assure.quote.as_deref(), Some("q1"));
    assert_eq!(
        assure.plover.as_ref().map(|p| p.event.as_str()),
        Some("AGREE")
    );
    let gloomy = find(&a, "012");
    assert_eq!(gloomy.source.actor.as_deref(), Some("BRAGOV"));
    assert!(gloomy.goldstein < 0.0);
}

#[test]
fn lexical_events_with_dates_negation_and_hypotheses() {
    let a = run(
        "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz on Monday. \
         Ruiz did not meet with Ferreira in March. Ferreira plans to visit Chile next Monday.",
        Some("2021-06-09"),
    );
    let met = &a.events[0];
    assert_eq!(met.cameo, "040");
    assert_eq!(met.source.actor.as_deref(), Some("BRAGOV"));
    assert_eq!(target(met), Some("CHLGOV"));
    assert_eq!(met.date.as_deref(), Some("2021-06-07"));
    assert_eq!(met.date_text.as_deref(), Some("Monday"));
    assert!(a.events.iter().any(|e| e.negated && e.cameo == "040"));
    // A planned visit is coded as the intent to meet, and stays marked hypothetical.
    let visit = find(&a, "036");
    assert!(visit.hypothetical);
    assert_eq!(visit.date.as_deref(), Some("2021-06-14"));
}

#[test]
fn one_event_reported_twice_is_one_event() {
    let a = run(
        "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz on Monday in Lima. \
         The meeting was long. Later, Ferreira met with Ruiz again at dinner.",
        Some("2021-06-09"),
    );
    let meetings: Vec<&Event> = a.events.iter().filter(|e| e.cameo == "040").collect();
    assert_eq!(meetings.len(), 1, "{meetings:#?}");
    assert_eq!(meetings[0].also_evidence.len(), 1);
    assert_eq!(meetings[0].date.as_deref(), Some("2021-06-07"));
}

#[test]
fn publication_date_stands_in_when_the_text_has_none() {
    let a = run(
        "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz.",
        Some("2021-06-09"),
    );
    let e = find(&a, "040");
    assert_eq!(e.date.as_deref(), Some("2021-06-09"));
    assert_eq!(e.date_basis.as_deref(), Some("published"));
}

#[test]
fn gdelt_rows_have_all_columns() {
    let a = run(
        "Brazilian President Ana Ferreira met with Chilean President Tomas Ruiz.",
        Some("2021-06-09"),
    );
    let rows = super::gdelt::rows(&a);
    assert_eq!(rows.len(), 1);
    let cols: Vec<&str> = rows[0].split('\t').collect();
    assert_eq!(cols.len(), super::gdelt::COLUMNS.len());
    assert_eq!(cols[1], "20210609");
    assert_eq!(cols[5], "BRAGOV");
    assert_eq!(cols[15], "CHLGOV");
    assert_eq!(cols[26], "040");
}

#[test]
fn the_tree_coder_finds_who_did_what_to_whom() {
    // "ambush" has no word-order pattern: only the tree coder codes it, with the subject as
    // source and the object as target.
    let a = run("Chilean police ambushed the Peruvian soldiers.", None);
    let e = find(&a, "190");
    assert_eq!(e.source.actor.as_deref(), Some("CHLCOP"));
    assert_eq!(target(e), Some("PERMIL"));
    assert!(!e.negated && !e.hypothetical);
}

#[test]
fn tree_events_are_marked_negated_or_hypothetical_not_dropped() {
    let a = run("Chilean rebels did not ambush the Peruvian soldiers.", None);
    assert!(find(&a, "190").negated);
    let b = run("Chilean rebels could ambush the Peruvian soldiers.", None);
    assert!(find(&b, "190").hypothetical);
    // An announced attack is coded as the threat of it (CAMEO 138), still not real.
    let c = run("Chilean rebels would ambush the Peruvian soldiers.", None);
    assert!(find(&c, "138").hypothetical);
}

#[test]
fn a_threat_to_act_is_a_threat_with_the_complement_s_target() {
    let a = run(
        "The Chilean government threatened to impose sanctions on Peru.",
        None,
    );
    let e = a
        .events
        .iter()
        .find(|e| e.cameo.starts_with("13"))
        .unwrap_or_else(|| panic!("no threat in {:#?}", a.events));
    assert_eq!(target(e), Some("PER"));
    assert!(
        !a.events.iter().any(|e| e.cameo == "163"),
        "the sanctions are only threatened: {:#?}",
        a.events
    );
}

#[test]
fn what_a_speaker_says_another_must_do_is_a_demand_on_it() {
    let a = run(
        "A senior Chilean minister reiterated that Peru must hand over the two fugitives.",
        None,
    );
    let demand = find(&a, "100");
    assert_eq!(demand.source.actor.as_deref(), Some("CHLGOV"));
    assert_eq!(target(demand), Some("PER"));
    assert!(demand.quote.is_some());
    // The handing over is owed, not done.
    assert!(a
        .events
        .iter()
        .filter(|e| e.quote.is_none())
        .all(|e| e.hypothetical));
}

#[test]
fn dismissing_an_appeal_is_a_rejection() {
    let a = run(
        "Brazilian President Ana Ferreira dismissed an appeal from the opposition to call early elections.",
        None,
    );
    assert!(a.events.iter().any(|e| e.cameo == "120"), "{:#?}", a.events);
}

#[test]
fn a_domestic_event_targets_the_source_country() {
    let a = run("Chilean police arrested hundreds of students.", None);
    let arrest = find(&a, "173");
    assert_eq!(arrest.source.actor.as_deref(), Some("CHLCOP"));
    assert_eq!(target(arrest), Some("CHL"));
}

#[test]
fn an_announced_visit_is_an_intent_to_meet() {
    let a = run(
        "Chilean President Tomas Ruiz will visit Peru next week.",
        None,
    );
    let intent = find(&a, "036");
    assert_eq!(intent.source.actor.as_deref(), Some("CHLGOV"));
    assert_eq!(target(intent), Some("PER"));
    assert!(intent.hypothetical);
}

#[test]
fn reciprocal_acts_intransitive_acts_and_reporters_have_no_target() {
    // "X and Y held talks": both act, neither is the other's recipient.
    let a = run(
        "Chile and Peru held talks on Monday on a troop pullback from Bolivia.",
        None,
    );
    let talks = a
        .events
        .iter()
        .find(|e| e.cameo.starts_with("04"))
        .unwrap_or_else(|| panic!("no talks in {:#?}", a.events));
    assert_eq!(target(talks), None, "{talks:#?}");
    // Surrendering is done to no one; the police who report it are not a party to it.
    let a = run(
        "Two hundred Chilean rebels surrendered last week, Peruvian police said.",
        None,
    );
    let surrender = find(&a, "0874");
    assert_eq!(surrender.source.actor.as_deref(), Some("CHLREB"));
    assert_eq!(target(surrender), None, "{surrender:#?}");
}

#[test]
fn actors_named_only_by_people_or_surname() {
    // A people in the plural acts as its country; a former republic's code is its country.
    let a = run(
        "Young Algerians blocked roads leading to the city centre on Sunday.",
        None,
    );
    let blocked = find(&a, "144");
    assert_eq!(blocked.source.actor.as_deref(), Some("DZA"));
    assert_eq!(target(blocked), Some("DZA"));
}

/// The actor codes of a text's entities.
fn actor_codes(text: &str, published: &str) -> Vec<String> {
    let a = run(text, Some(published));
    (a.entities.iter())
        .filter_map(|e| e.actor.as_ref())
        .map(|c| c.code.clone())
        .collect()
}

#[test]
fn a_full_name_is_not_coded_by_a_namesake_surname() {
    // The dictionary's people named Kerry are all American, which codes "President Kerry"; a
    // minister of an unlisted country with that surname and another given name is not one.
    let text = "\u{201c}We agreed on nothing,\u{201d} Zembla\u{2019}s Foreign Minister Ada Kerry \
                said on Monday.\n\n\u{201c}Not yet,\u{201d} Kerry said.";
    let codes = actor_codes(text, "2022-02-08");
    assert!(!codes.iter().any(|c| c.starts_with("USA")), "{codes:?}");
    let codes = actor_codes("President Kerry said the talks had failed.", "2004-02-08");
    assert!(codes.iter().any(|c| c.starts_with("USA")), "{codes:?}");
}
