//! The applicant list on SQLite: the way through the rows that SQLite's planner cannot find by
//! itself (BENCHMARKS.md, "The caseworker list"): covering indexes walked in page order, a count
//! that stops at the cap, and the FTS5 trigram index for the search, read by id. PostgreSQL's
//! planner finds its own way (`applicant_list.rs`).

use kp_domain::caseworker::ApplicantPage;
use sqlx::QueryBuilder;

use super::applicant_list::{
    exact_search, is_list_code, page_of, push_exact, push_tag_source, search_term, tag_walk, Exact,
    ListRow, LIST_COLUMNS,
};
use super::core::{Conn, Engine};
use super::Db;
use crate::store::{ApplicantFilter, ListLimits};

/// A page of applicants matching the filter. The WHERE clause holds only the filters in use
/// (each value bound as a parameter), so SQLite can pick the index that fits; the covering
/// indexes of migrations 0008 and 0011 hold every column a filter reads. Counting stops past
/// the cap (`total_capped`). Every step reads the same snapshot.
pub(super) async fn sqlite_page(
    engine: &Engine,
    f: &ApplicantFilter,
    limits: ListLimits,
) -> Result<ApplicantPage, sqlx::Error> {
    let cap = limits.count_cap;
    let per_page = f.per_page.clamp(1, 200);
    let page = f.page.max(1);
    let offset = (page - 1).saturating_mul(per_page);
    // Every order ends on the id, so a page boundary never splits or repeats a tie. `keys` are
    // the columns besides the id that the order reads, where a covering index of migration
    // 0008 walks in that order. Names are not keys: the name indexes (0006, and 0011 within a
    // stage) walk in name order for the page, and the count is a second walk.
    let (order, keys) = match f.sort.as_str() {
        "oldest" => ("a.received_at ASC, a.id ASC", Some("a.received_at")),
        "name" => (
            "a.last_name COLLATE NOCASE ASC, a.first_name COLLATE NOCASE ASC, a.id ASC",
            None,
        ),
        "stage" => (
            "a.stage ASC, a.received_at DESC, a.id DESC",
            Some("a.stage, a.received_at"),
        ),
        _ => ("a.received_at DESC, a.id DESC", Some("a.received_at")),
    };
    let mut tx = engine.pool.begin().await?;
    let (search, mut counted) = match (exact_search(f), search_term(f)) {
        (Some(exact), _) => (Search::Exact(exact), None),
        (None, Some(term)) => search_plan(&mut tx, f, keys.map(|_| order), term, limits).await?,
        (None, None) => (Search::None, None),
    };
    let mut page_ids = None;
    if counted.is_none() {
        // Where the index walks in page order and the page lies within the first cap + 1
        // matches, one walk finds those matches: how many there are is the count, and the
        // page is a slice of them. Otherwise the count and the page are two walks.
        match keys.filter(|_| offset.saturating_add(per_page) <= cap + 1) {
            Some(keys) => {
                let mut first = QueryBuilder::<Db>::new(format!(
                    "SELECT json_group_array(a.id ORDER BY {order})
                         FROM (SELECT a.id, {keys}"
                ));
                list_source(&mut first, f, &search);
                first
                    .push(format!(" ORDER BY {order} LIMIT "))
                    .push_bind(cap + 1)
                    .push(") AS a");
                let matches: String = first.build_query_scalar().fetch_one(&mut *tx).await?;
                let matches: Vec<i64> =
                    serde_json::from_str(&matches).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                // Both bounds are at most cap + 1 here.
                let end = matches.len().min((offset + per_page) as usize);
                let on_page = matches.get(offset as usize..end).unwrap_or_default();
                page_ids = Some(serde_json::json!(on_page).to_string());
                counted = Some(matches.len() as i64);
            }
            None => {
                let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1");
                list_source(&mut count, f, &search);
                count.push(" LIMIT ").push_bind(cap + 1).push(")");
                counted = Some(count.build_query_scalar().fetch_one(&mut *tx).await?);
            }
        }
    }
    let counted = counted.unwrap_or_default();
    // Only the page's own rows are read and joined to their caseworker; without the slice
    // above, the page's ids come from the index alone (a deep page skips index entries, not
    // rows).
    let mut rows = QueryBuilder::<Db>::new(format!("SELECT {LIST_COLUMNS} FROM ("));
    match page_ids {
        Some(ids) => {
            rows.push("SELECT value AS id FROM json_each(")
                .push_bind(ids)
                .push(")");
        }
        None => {
            rows.push("SELECT a.id");
            list_source(&mut rows, f, &search);
            rows.push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(per_page)
                .push(" OFFSET ")
                .push_bind(offset);
        }
    }
    rows.push(format!(
        ") AS p CROSS JOIN applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.id = p.id ORDER BY {order}"
    ));
    let rows: Vec<ListRow> = rows.build_query_as().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    page_of(rows, counted, cap, page, per_page)
}

/// How the list's search term narrows the rows (see [`search_plan`]).
enum Search {
    /// No search term.
    None,
    /// `search_text LIKE '%term%'` on each index entry the query walks.
    Text(String),
    /// The same LIKE, on the rows with these ids (a JSON array): the trigram index's candidates.
    Ids(String, String),
    /// A personnummer or the start of phone numbers (see `Exact`).
    Exact(Exact),
}

/// The list's FROM and WHERE clauses: only the filters in use, each value bound as a parameter.
/// The trigram index's candidates are read by id (a join, not an `IN` list to build first).
fn list_source(qb: &mut QueryBuilder<'_, Db>, f: &ApplicantFilter, search: &Search) {
    match search {
        Search::Ids(_, ids) => {
            qb.push(" FROM json_each(")
                .push_bind(ids.clone())
                .push(") AS c CROSS JOIN applications a WHERE a.id = c.value");
        }
        _ => match tag_walk(f) {
            Some((kind, code)) => push_tag_source(qb, kind, code),
            None => {
                qb.push(" FROM applications a WHERE 1 = 1");
            }
        },
    }
    if let Some(stage) = &f.stage {
        qb.push(" AND a.stage = ").push_bind(stage.clone());
    }
    for (column, code) in [
        ("a.assignment_types", &f.assignment_type),
        ("a.languages", &f.language),
    ] {
        if let Some(code) = code {
            // The column is the JSON array the application was stored with (`["ar","sv"]`); a
            // stored code is lower-case letters, so `"sv"` with its quotes is in it exactly when
            // `sv` is one of the codes. A code of other characters is no stored code at all.
            if is_list_code(code) {
                qb.push(format!(" AND instr({column}, "))
                    .push_bind(format!("\"{code}\""))
                    .push(") > 0");
            } else {
                qb.push(" AND 1 = 0");
            }
        }
    }
    if let Some(user) = f.assigned_to {
        qb.push(" AND a.assigned_to = ").push_bind(user);
    }
    match search {
        Search::Text(term) | Search::Ids(term, _) => {
            qb.push(" AND");
            push_search_like(qb, term);
        }
        Search::Exact(exact) => push_exact(qb, exact),
        Search::None => {}
    }
}

/// ` a.search_text LIKE '%term%'`. The pattern is bound as `(? || '')`: SQLite re-prepares a
/// statement on every new binding of a parameter that stands alone on the right of LIKE (in
/// case its prefix could use an index), which a pattern starting with `%` never can.
fn push_search_like(qb: &mut QueryBuilder<'_, Db>, term: &str) {
    qb.push(" a.search_text LIKE (")
        .push_bind(format!("%{term}%"))
        .push(" || '')");
}

/// How to search for `term` (lower-case, without `%` and `_`), and the count when working that out
/// has settled it.
///
/// The trigram index names at most `search_candidates` candidate rows: the rows whose text holds
/// the term's trigrams in a row, among them every row the LIKE matches (the LIKE decides). Few
/// candidates: the list reads those rows. More: the LIKE is tried on the first
/// `search_scan_budget` rows the other filters leave (in page `order` where an index walks in
/// it). More than `count_cap` matches there prove the count capped; so does trying every
/// row the other filters leave give the count. Then the page is found by checking the LIKE on each
/// entry of the covering index the list walks. Otherwise the term matches fewer than one in
/// twenty of many rows, and the list reads all its trigram candidates. A term shorter than a
/// trigram is checked along the index.
async fn search_plan(
    tx: &mut Conn,
    f: &ApplicantFilter,
    order: Option<&str>,
    term: String,
    limits: ListLimits,
) -> Result<(Search, Option<i64>), sqlx::Error> {
    if term.chars().count() < 3 || term.contains('\0') {
        return Ok((Search::Text(term), None));
    }
    let phrase = format!("\"{}\"", term.replace('"', "\"\""));
    // One row (a count, the last id and a JSON array), not one row per id.
    let (found, last, ids): (i64, Option<i64>, String) = sqlx::query_as(
        "SELECT COUNT(*), MAX(rowid), json_group_array(rowid) FROM (
             SELECT rowid FROM applicant_search WHERE applicant_search MATCH $1
             ORDER BY rowid LIMIT $2)",
    )
    .bind(&phrase)
    .bind(limits.search_candidates + 1)
    .fetch_one(&mut *tx)
    .await?;
    if found <= limits.search_candidates {
        return Ok((Search::Ids(term, ids), None));
    }
    // More than count_cap matches among the first search_scan_budget rows the other filters leave
    // prove the count capped. Counting stops there, so a broad term stops early.
    let mut tried =
        QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT a.search_text");
    list_source(&mut tried, f, &Search::None);
    if let Some(order) = order {
        tried.push(format!(" ORDER BY {order}"));
    }
    tried
        .push(" LIMIT ")
        .push_bind(limits.search_scan_budget)
        .push(") AS a WHERE");
    push_search_like(&mut tried, &term);
    tried
        .push(" LIMIT ")
        .push_bind(limits.count_cap + 1)
        .push(")");
    let hits: i64 = tried.build_query_scalar().fetch_one(&mut *tx).await?;
    if hits > limits.count_cap {
        return Ok((Search::Text(term), Some(hits)));
    }
    let mut left = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1");
    list_source(&mut left, f, &Search::None);
    left.push(" LIMIT ")
        .push_bind(limits.search_scan_budget + 1)
        .push(")");
    let left: i64 = left.build_query_scalar().fetch_one(&mut *tx).await?;
    if left <= limits.search_scan_budget {
        // Those were all the rows the other filters leave: their matches are the count.
        return Ok((Search::Text(term), Some(hits)));
    }
    // The candidates past those the first lookup found.
    let rest: String = sqlx::query_scalar(
        "SELECT json_group_array(rowid) FROM applicant_search
         WHERE applicant_search MATCH $1 AND rowid > $2",
    )
    .bind(&phrase)
    .bind(last)
    .fetch_one(&mut *tx)
    .await?;
    let mut all: Vec<i64> =
        serde_json::from_str(&ids).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    all.extend(
        serde_json::from_str::<Vec<i64>>(&rest).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
    );
    Ok((Search::Ids(term, serde_json::json!(all).to_string()), None))
}
