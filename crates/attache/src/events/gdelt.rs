//! GDELT 2.0 event-table rows (tab-separated, 61 columns, no header) for the events of an
//! analysis: the columns attache can fill are filled, the rest left empty. Column order follows
//! the GDELT 2.0 Event Database codebook.

use crate::actors::split_code;
use crate::model::{Analysis, Event, EventActor};

/// The 61 GDELT 2.0 event columns, in order.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// One row per event (negated and hypothetical events are left out: GDELT has no column for
/// them and would read them as having happened).
pub fn rows(a: &Analysis) -> Vec<String> {
    a.events
        .iter()
        .filter(|e| !e.negated && !e.hypothetical)
        .map(|e| row(a, e).join("\t"))
        .collect()
}

fn row(a: &Analysis, e: &Event) -> Vec<String> {
    let mut r = vec![String::new(); COLUMNS.len()];
    let mut set = |name: &str, value: String| {
        let i = COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column");
        r[i] = value.replace(['\t', '\n'], " ");
    };
    set("GLOBALEVENTID", format!("{}-{}", a.id, e.id));
    if let Some(d) = e.date.as_deref().and_then(crate::calendar::Day::parse_iso) {
        set(
            "SQLDATE",
            format!("{:04}{:02}{:02}", d.year, d.month, d.day),
        );
        set("MonthYear", format!("{:04}{:02}", d.year, d.month));
        set("Year", d.year.to_string());
        let fraction = d.year as f64
            + (d.ordinal() - crate::calendar::Day::new(d.year, 1, 1).map_or(0, |j| j.ordinal()))
                as f64
                / 365.0;
        set("FractionDate", format!("{fraction:.4}"));
    }
    for (prefix, actor) in [("Actor1", Some(&e.source)), ("Actor2", e.target.as_ref())] {
        if let Some(actor) = actor {
            actor_columns(a, actor, &mut |c, v| set(&format!("{prefix}{c}"), v));
        }
    }
    set("IsRootEvent", "1".to_string());
    set("EventCode", e.cameo.clone());
    set("EventBaseCode", e.cameo[..e.cameo.len().min(3)].to_string());
    set("EventRootCode", e.cameo[..e.cameo.len().min(2)].to_string());
    set("QuadClass", e.quad_class.to_string());
    set("GoldsteinScale", format!("{:.1}", e.goldstein));
    set("NumMentions", (1 + e.also_evidence.len()).to_string());
    set("NumSources", "1".to_string());
    set("NumArticles", "1".to_string());
    if let Some(url) = &a.url {
        set("SOURCEURL", url.clone());
    }
    r
}

fn actor_columns(a: &Analysis, actor: &EventActor, set: &mut dyn FnMut(&str, String)) {
    let Some(code) = actor.actor.as_deref() else {
        return;
    };
    set("Code", code.to_string());
    let name = actor
        .entity
        .as_ref()
        .and_then(|id| a.entities.iter().find(|e| &e.id == id))
        .map(|e| e.name.to_uppercase());
    if let Some(n) = name {
        set("Name", n);
    }
    let (country, role) = split_code(code);
    if let Some(c) = country {
        set("CountryCode", c.to_string());
    }
    if let Some(r) = role {
        set("Type1Code", r[..r.len().min(3)].to_string());
        if r.len() >= 6 {
            set("Type2Code", r[3..6].to_string());
        }
    }
}
