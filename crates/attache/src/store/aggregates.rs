//! The store's materialised aggregates: quotes per speaker (`speaker_stats`) and deduplicated
//! events per directed dyad and day (`dyad_days`). A batch sums what its documents add in
//! memory and writes the sums when it commits, in the same transaction as the rows counted: a
//! killed run leaves the aggregates exactly as consistent as the rows.

use super::StoreError;
use rusqlite::{params, Transaction};
use std::collections::HashMap;

/// What one batch adds to the aggregates.
#[derive(Debug, Default)]
pub struct Deltas {
    /// Speaker entity → (quotes, documents).
    speakers: HashMap<i64, (i64, i64)>,
    dyads: HashMap<DyadDay, DyadSums>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct DyadDay {
    source: String,
    target: String,
    day: i64,
}

#[derive(Debug, Clone, Copy, Default)]
struct DyadSums {
    events: i64,
    /// Events per quad class 1-4.
    quads: [i64; 4],
    goldstein: f64,
    mentions: i64,
}

/// A deduplicated event as the dyad aggregate sees it.
pub struct DyadEvent<'a> {
    pub source: &'a str,
    pub target: &'a str,
    /// The cluster's day (days since 1970-01-01).
    pub day: i64,
    pub quad_class: u8,
    pub goldstein: f64,
}

impl Deltas {
    /// One document's quotes: `speakers` holds the speaker entity of each quote that has one.
    pub fn add_quotes(&mut self, speakers: &[i64]) {
        let mut seen = Vec::with_capacity(speakers.len());
        for &speaker in speakers {
            let entry = self.speakers.entry(speaker).or_default();
            entry.0 += 1;
            if !seen.contains(&speaker) {
                seen.push(speaker);
                entry.1 += 1;
            }
        }
    }

    /// A new deduplicated event (its first mention).
    pub fn add_event(&mut self, event: &DyadEvent<'_>) {
        let sums = self.dyad(event);
        sums.events += 1;
        if let Some(n) = sums
            .quads
            .get_mut(usize::from(event.quad_class).wrapping_sub(1))
        {
            *n += 1;
        }
        sums.goldstein += event.goldstein;
        sums.mentions += 1;
    }

    /// One more mention of an event already counted.
    pub fn add_mention(&mut self, event: &DyadEvent<'_>) {
        self.dyad(event).mentions += 1;
    }

    fn dyad(&mut self, event: &DyadEvent<'_>) -> &mut DyadSums {
        let key = DyadDay {
            source: event.source.to_string(),
            target: event.target.to_string(),
            day: event.day,
        };
        self.dyads.entry(key).or_default()
    }

    /// Adds the sums to the stored aggregates.
    pub fn write(&self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let mut speaker = tx.prepare_cached(
            "INSERT INTO speaker_stats (entity, quotes, documents) VALUES (?1, ?2, ?3)
             ON CONFLICT (entity) DO UPDATE SET
                 quotes = quotes + excluded.quotes,
                 documents = documents + excluded.documents",
        )?;
        for (entity, (quotes, documents)) in &self.speakers {
            speaker.execute(params![entity, quotes, documents])?;
        }
        let mut dyad = tx.prepare_cached(
            "INSERT INTO dyad_days (source, target, day, events, quad1, quad2, quad3, quad4,
                                    goldstein, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (source, target, day) DO UPDATE SET
                 events = events + excluded.events,
                 quad1 = quad1 + excluded.quad1, quad2 = quad2 + excluded.quad2,
                 quad3 = quad3 + excluded.quad3, quad4 = quad4 + excluded.quad4,
                 goldstein = goldstein + excluded.goldstein,
                 mentions = mentions + excluded.mentions",
        )?;
        for (key, s) in &self.dyads {
            let [q1, q2, q3, q4] = s.quads;
            dyad.execute(params![
                key.source,
                key.target,
                key.day,
                s.events,
                q1,
                q2,
                q3,
                q4,
                s.goldstein,
                s.mentions
            ])?;
        }
        Ok(())
    }
}

/// The aggregates recomputed from the rows they summarise, in the tables' column order; a
/// store is consistent when these equal the stored ones (the tests check it).
pub const RECOMPUTE_SPEAKERS: &str = "
    SELECT speaker, count(*), count(DISTINCT document) FROM quotes
    WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY speaker";

pub const RECOMPUTE_DYADS: &str = "
    SELECT c.source_actor, c.target_actor, c.day, count(*), sum(c.quad_class = 1),
           sum(c.quad_class = 2), sum(c.quad_class = 3), sum(c.quad_class = 4),
           round(sum(c.goldstein), 3), sum(c.num_mentions)
    FROM event_clusters c
    WHERE c.source_actor IS NOT NULL AND c.target_actor IS NOT NULL AND c.day IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
