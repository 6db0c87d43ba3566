//! Deduplicated events as a GDELT 2.0 event table (tab-separated, 61 columns, no header, as
//! GDELT publishes it), so tools written for GDELT read attache's events.
//!
//! Filled: GLOBALEVENTID (cluster id), SQLDATE, MonthYear, Year, FractionDate, Actor1/2 Code,
//! Name, CountryCode and Type1Code (role), EventCode, EventBaseCode, EventRootCode, QuadClass,
//! GoldsteinScale, NumMentions, NumSources (distinct publishers), NumArticles, SOURCEURL (the
//! first reporting document's URL, else its id). Left empty: known-group, ethnic, religion and
//! secondary type codes, IsRootEvent, AvgTone, all geography and DATEADDED, which attache does
//! not produce.

use crate::store::{epoch_day, StoreError};
use rusqlite::{Connection, Row};
use std::io::Write;

/// Column names of the GDELT 2.0 event table, in order.
#[rustfmt::skip]
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
];

const SELECT: &str = "
    SELECT c.id, c.date, c.source_actor, a1.name, a1.country, a1.role,
           c.target_actor, a2.name, a2.country, a2.role,
           c.cameo, c.quad_class, c.goldstein, c.num_mentions,
           (SELECT count(DISTINCT coalesce(d2.publisher, d2.id))
              FROM events e2 JOIN documents d2 ON d2.id = e2.document
             WHERE e2.cluster = c.id),
           c.num_articles, coalesce(d.url, d.source_id)
    FROM event_clusters c
    LEFT JOIN events ev ON ev.id = c.first_event
    LEFT JOIN documents d ON d.id = ev.document
    LEFT JOIN entities a1 ON a1.id = ev.source_entity
    LEFT JOIN entities a2 ON a2.id = ev.target_entity
    ORDER BY c.id";

/// Writes every deduplicated event; returns how many.
pub fn write(conn: &Connection, out: &mut dyn Write) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare(SELECT)?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let fields = fields(row)?;
        writeln!(out, "{}", fields.join("\t")).map_err(io_error)?;
        n += 1;
    }
    Ok(n)
}

fn io_error(e: std::io::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

/// One event's 61 fields.
fn fields(r: &Row<'_>) -> rusqlite::Result<Vec<String>> {
    let text = |i: usize| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(i)?
            .map(|s| clean(&s))
            .unwrap_or_default())
    };
    let mut f = vec![String::new(); COLUMNS.len()];
    f[0] = r.get::<_, i64>(0)?.to_string();
    if let Some(date) = r.get::<_, Option<String>>(1)? {
        fill_dates(&mut f, &date);
    }
    for (base, col) in [(5, 2), (15, 6)] {
        f[base] = text(col)?;
        f[base + 1] = text(col + 1)?.to_uppercase();
        f[base + 2] = text(col + 2)?;
        f[base + 7] = text(col + 3)?;
    }
    let cameo = text(10)?;
    f[27] = cameo.get(..3).unwrap_or(&cameo).to_string();
    f[28] = cameo.get(..2).unwrap_or(&cameo).to_string();
    f[26] = cameo;
    f[29] = r.get::<_, i64>(11)?.to_string();
    f[30] = format!("{:.1}", r.get::<_, f64>(12)?);
    f[31] = r.get::<_, i64>(13)?.to_string();
    f[32] = r.get::<_, i64>(14)?.to_string();
    f[33] = r.get::<_, i64>(15)?.to_string();
    f[60] = text(16)?;
    Ok(f)
}

/// SQLDATE, MonthYear, Year and FractionDate, which GDELT defines as
/// YYYY + (MONTH * 30 + DAY) / 365.
fn fill_dates(f: &mut [String], date: &str) {
    if epoch_day(date).is_none() {
        return;
    }
    let digits: String = date[..10].chars().filter(char::is_ascii_digit).collect();
    let number = |range: std::ops::Range<usize>| digits[range].parse::<f64>().unwrap_or(0.0);
    let fraction = (number(4..6) * 30.0 + number(6..8)) / 365.0;
    f[1] = digits.clone();
    f[2] = digits[..6].to_string();
    f[3] = digits[..4].to_string();
    f[4] = format!("{:.4}", number(0..4) + fraction);
}

/// Tabs and line breaks would break the TSV.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
