//! Boilerplate cleaner on whole invented articles: what goes, what stays, and the offsets.

use super::*;
use crate::model::BoilerplateKind as Kind;

const HARBOR: &str = "\
Marlow’s council approved the harbor bridge on Tuesday after a nine-hour session.

“This is the most important vote this council has taken in a generation,” Mayor Ada Flint said.

Opponents said they would challenge the decision in court.

Ian Ames is a staff reporter at The Harbor Ledger. Follow him on Twitter at @ianames.

The Harbor Ledger is one of the coast’s fastest-growing local news outlets. Get unlimited access to The Harbor Ledger by becoming a member.

Source: Harborledger

12 Comments
Leave a Reply
View all comments
";

fn kinds(c: &Cleaned) -> Vec<Kind> {
    c.removed.iter().map(|b| b.kind).collect()
}

#[test]
fn removes_the_trailing_block() {
    let c = clean(HARBOR, None);
    assert_eq!(
        kinds(&c),
        vec![
            Kind::AuthorBio,
            Kind::Promo,
            Kind::SourceLine,
            Kind::Comments,
            Kind::Comments,
            Kind::Comments
        ]
    );
    assert!(c
        .body
        .ends_with("Opponents said they would challenge the decision in court."));
    assert!(c.body.starts_with("Marlow’s council"));
    assert_eq!(c.byline.authors, vec!["Ian Ames"]);
    assert_eq!(c.byline.publisher.as_deref(), Some("Harbor Ledger"));
}

#[test]
fn offsets_are_characters_into_the_input() {
    let c = clean(HARBOR, None);
    let chars: Vec<char> = HARBOR.chars().collect();
    for b in &c.removed {
        let slice: String = chars[b.start..b.end].iter().collect();
        assert_eq!(slice, b.text);
    }
}

#[test]
fn body_keeps_paragraph_text_exactly() {
    let text = "First line with trailing space. \r\nSecond line.\r\n\r\n\r\nNotify of\r\n";
    let c = clean(text, None);
    assert_eq!(c.body, "First line with trailing space. \n\nSecond line.");
    assert_eq!(c.removed[0].text, "Notify of");
    assert_eq!(c.removed[0].start, text.find("Notify").unwrap());
}

#[test]
fn a_bio_of_someone_in_the_story_stays() {
    let text = "\
Police in Lakeside detained the journalist Marta Kell on Friday.

Kell’s lawyer said the charges were fabricated.

Marta Kell is a journalist for the Lakeside Herald.";
    let c = clean(text, None);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    assert_eq!(
        c.body,
        paragraphs(text)
            .iter()
            .map(|p| p.text)
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(c.byline.authors.is_empty());
}

#[test]
fn body_endings_that_look_a_bit_like_boilerplate_stay() {
    let text = "\
The ferry operator raised fares by 8% on Monday.

Commuters say the increase will push them back onto the roads.

The company is one of the fastest-growing employers in the valley and plans 300 new jobs.

Subscribers to the monthly pass will pay $10 more, the company said.

The operator did not respond to a request for comment.";
    let c = clean(text, None);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
}

#[test]
fn leading_block_after_a_headline() {
    let text = "\
Council approves harbor bridge
By Ian Ames, Harbor Ledger
Share this article
Facebook | Twitter | Email
The council approved the bridge on Tuesday.
Source: city records show the cost doubled since 2019, officials said.";
    let c = clean(text, None);
    assert_eq!(kinds(&c), vec![Kind::AuthorBio, Kind::Share, Kind::Share]);
    assert_eq!(
        c.body,
        "Council approves harbor bridge\n\nThe council approved the bridge on Tuesday.\n\n\
         Source: city records show the cost doubled since 2019, officials said."
    );
    assert_eq!(c.byline.authors, vec!["Ian Ames"]);
    assert_eq!(c.byline.publisher.as_deref(), Some("Harbor Ledger"));
}

#[test]
fn leading_byline_without_headline() {
    let text = "By Ian Ames\nTags: harbor\nThe council approved the bridge on Tuesday.";
    let c = clean(text, None);
    assert_eq!(kinds(&c), vec![Kind::AuthorBio, Kind::Nav]);
    assert_eq!(c.body, "The council approved the bridge on Tuesday.");
}

#[test]
fn only_unmistakable_lines_go_from_the_middle() {
    let text = "\
The council approved the bridge on Tuesday.
Advertisement
Source: Harborledger
Tags: harbor, bridge
Work will start in the spring.";
    let c = clean(text, None);
    assert_eq!(kinds(&c), vec![Kind::Promo]);
    assert!(c.body.contains("Source: Harborledger"));
    assert!(c.body.contains("Tags: harbor, bridge"));
}

#[test]
fn positional_rules_never_empty_an_article() {
    let text = "Ian Ames is a reporter at The Harbor Ledger.\nSource: Harborledger";
    let c = clean(text, None);
    assert!(c.removed.is_empty());
    let widgets = "Notify of\nInline Feedbacks";
    assert_eq!(clean(widgets, None).body, "");
}

#[test]
fn known_publisher_makes_its_promo_recognisable() {
    let text = "\
The bridge will open in 2027.

Harbor Ledger journalists win awards, and premium readers get their stories first.";
    assert_eq!(
        kinds(&clean(text, Some("The Harbor Ledger"))),
        vec![Kind::Promo]
    );
    assert_eq!(kinds(&clean(text, None)), vec![]);
}

#[test]
fn empty_and_odd_inputs() {
    assert_eq!(clean("", None), Cleaned::default());
    assert_eq!(clean("\n\n \n", None).body, "");
    let garbage = "\0\0\u{1}\u{7f}ÿ\u{fffd}\n\u{0}@\n\"“”„";
    let c = clean(garbage, None);
    assert!(c.removed.is_empty());
    assert_eq!(c.body, garbage.replace('\n', "\n\n"));
}

/// The seed article from ../shared (skipped when it is absent): the six gold boilerplate pieces
/// go, the last body sentence stays.
#[test]
fn seed_article() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/");
    let (Ok(text), Ok(gold)) = (
        std::fs::read_to_string(format!("{root}seed.txt")),
        std::fs::read_to_string(format!("{root}seed.gold.json")),
    ) else {
        eprintln!("skipping: ../shared/gold not found");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&gold).unwrap();
    let c = clean(&text, None);
    for piece in gold["boilerplate"].as_array().unwrap() {
        let piece = piece.as_str().unwrap();
        assert!(
            c.removed.iter().any(|b| b.text.contains(piece)),
            "not removed: {piece}"
        );
        assert!(!c.body.contains(piece), "still in body: {piece}");
    }
    let last = gold["body_last_sentence"].as_str().unwrap();
    assert!(
        c.body.ends_with(last),
        "body ends: {:?}",
        &c.body[c.body.len() - 80..]
    );
    // The seed names one author and its publisher in its byline.
    assert_eq!(c.byline.authors.len(), 1);
    assert!(c.byline.publisher.is_some());
}
