//! Cross-document dedup of events, as GDELT counts NumMentions: the same dyad (source and
//! target actor codes), the same CAMEO code and resolved dates at most one day apart are one
//! event, reported as often as documents mention it.
//!
//! Each event mention is stored in `events` as found; it is linked to an `event_clusters` row
//! that counts its mentions and the distinct articles behind them. Negated and hypothetical
//! events ("Russia did not attack", "may impose sanctions") happened nowhere, so they are kept
//! as mentions but never clustered or counted. Events with no resolvable date cannot be matched
//! to a day and form a cluster of their own.

use super::{epoch_day, StoreError};
use crate::model::Event;
use rusqlite::{params, OptionalExtension, Transaction};

/// How far apart (in days) two reports of the same event may date it.
pub const WINDOW_DAYS: i64 = 1;

/// The cluster an event mention was put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub id: i64,
    /// The cluster's day (its first mention's), days since 1970-01-01.
    pub day: Option<i64>,
    /// Whether this mention created it.
    pub created: bool,
}

/// Finds the cluster for the event mention about to be stored as `event_id`, creating it
/// when no matching one exists (the caller counts a mention of an existing one with
/// [`count_mention`]). None for negated or hypothetical events.
pub fn assign(
    tx: &Transaction<'_>,
    event_id: i64,
    event: &Event,
    resolved_date: Option<&str>,
) -> Result<Option<Assigned>, StoreError> {
    if event.negated || event.hypothetical {
        return Ok(None);
    }
    let day = resolved_date.and_then(epoch_day);
    if let Some(day) = day {
        if let Some((id, day)) = matching(tx, event, day)? {
            return Ok(Some(Assigned {
                id,
                day: Some(day),
                created: false,
            }));
        }
    }
    let date = resolved_date.filter(|_| day.is_some());
    let id = create(tx, event_id, event, date, day)?;
    Ok(Some(Assigned {
        id,
        day,
        created: true,
    }))
}

/// The cluster of the same dyad and code nearest in time, within the window, and its day.
fn matching(
    tx: &Transaction<'_>,
    event: &Event,
    day: i64,
) -> Result<Option<(i64, i64)>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, day FROM event_clusters
         WHERE source_actor IS ?1 AND target_actor IS ?2 AND cameo = ?3
           AND day BETWEEN ?4 - ?5 AND ?4 + ?5
         ORDER BY abs(day - ?4), id LIMIT 1",
    )?;
    let target = event.target.as_ref().and_then(|t| t.actor.as_ref());
    Ok(stmt
        .query_row(
            params![event.source.actor, target, event.cameo, day, WINDOW_DAYS],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// One more mention; one more article when `new_article` (the first mention by this document).
pub fn count_mention(
    tx: &Transaction<'_>,
    cluster: i64,
    new_article: bool,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE event_clusters SET
             num_mentions = num_mentions + 1,
             num_articles = num_articles + ?2
         WHERE id = ?1",
    )?
    .execute(params![cluster, new_article])?;
    Ok(())
}

fn create(
    tx: &Transaction<'_>,
    first_event: i64,
    event: &Event,
    date: Option<&str>,
    day: Option<i64>,
) -> Result<i64, StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO event_clusters (source_actor, target_actor, cameo, quad_class, goldstein,
                                     date, day, num_mentions, num_articles, first_event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, 1, ?8)
         RETURNING id",
    )?;
    let target = event.target.as_ref().and_then(|t| t.actor.as_ref());
    Ok(stmt.query_row(
        params![
            event.source.actor,
            target,
            event.cameo,
            event.quad_class,
            super::write::round3(event.goldstein),
            date.map(|d| &d[..10]),
            day,
            first_event
        ],
        |r| r.get(0),
    )?)
}
