//! The caseworker's applicant list (`applications`, read only): filter, search, sort, page. The
//! row it answers and the filter rules are shared; how the rows are found differs: SQLite needs
//! the way spelled out (`applicant_list_sqlite.rs`), PostgreSQL's planner finds it with the
//! trigram (`pg_trgm`) and list indexes of its schema.

use chrono::{DateTime, Utc};
use kp_domain::caseworker::{ApplicantPage, ApplicantRow};
use kp_domain::pipeline::Stage;
use sqlx::types::Json;
use sqlx::QueryBuilder;

use super::applicant_list_sqlite::sqlite_page;
use super::core::Engine;
use super::{Db, ENGINE};
use crate::store::{stamp, ApplicantFilter, Dialect, ListLimits};

/// One list row as stored.
#[derive(sqlx::FromRow)]
pub(super) struct ListRow {
    reference: String,
    first_name: String,
    last_name: String,
    #[sqlx(try_from = "String")]
    stage: Stage,
    received_at: DateTime<Utc>,
    locale: String,
    languages: Json<Vec<String>>,
    assignment_types: Json<Vec<String>>,
    assigned: Option<String>,
}

/// The columns of a [`ListRow`] from `applications a` joined to `users u` (the caseworker).
pub(super) const LIST_COLUMNS: &str = "a.reference, a.first_name, a.last_name, a.stage,
    a.received_at, a.locale, a.languages, a.assignment_types, u.display_name AS assigned";

impl ListRow {
    pub(super) fn into_row(self) -> Result<ApplicantRow, sqlx::Error> {
        Ok(ApplicantRow {
            reference: self.reference,
            name: format!("{} {}", self.first_name, self.last_name),
            stage: self.stage,
            received_at: stamp(self.received_at),
            locale: self.locale,
            languages: self.languages.0,
            assignment_types: self.assignment_types.0,
            assigned_to: self.assigned,
        })
    }
}

/// Whether a list filter's code can be a stored assignment-type or language code (lower-case
/// ASCII letters, digits or hyphens), so that it can be looked for inside the stored JSON array.
pub(super) fn is_list_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The search term as the list matches it: lower-case, without LIKE's wildcards; `None` if empty.
pub(super) fn search_term(f: &ApplicantFilter) -> Option<String> {
    f.query
        .as_ref()
        .map(|q| q.trim().to_lowercase().replace(['%', '_', '\\'], ""))
        .filter(|q| !q.is_empty())
}

impl Engine {
    pub(crate) async fn list_applicants(
        &self,
        f: &ApplicantFilter,
    ) -> Result<ApplicantPage, sqlx::Error> {
        self.list_applicants_within(f, ListLimits::default()).await
    }

    /// The list with other limits (tests reach every way of searching with a few rows).
    pub(crate) async fn list_applicants_within(
        &self,
        f: &ApplicantFilter,
        limits: ListLimits,
    ) -> Result<ApplicantPage, sqlx::Error> {
        match ENGINE {
            Dialect::Sqlite => sqlite_page(self, f, limits).await,
            Dialect::Postgres => self.postgres_page(f, limits).await,
        }
    }

    /// PostgreSQL, in one snapshot (repeatable read): first the page's ids, from the applicants
    /// table alone, so that the list's covering indexes answer with index-only scans (a filter
    /// reads the index entry, not the row); then the page's rows by id, joined to their
    /// caseworker. A page within the first `cap + 1` matches takes one walk: those matches,
    /// numbered in the list's order, give the count and the page's ids at once. A page further
    /// on takes a count that stops past the cap and a walk to the page. Each filter in use is one
    /// condition an index answers or its entries carry: the stage, the JSON arrays' containment
    /// (`@>`, GIN), the search's `LIKE '%term%'` (GIN trigram).
    async fn postgres_page(
        &self,
        f: &ApplicantFilter,
        limits: ListLimits,
    ) -> Result<ApplicantPage, sqlx::Error> {
        let cap = limits.count_cap;
        let per_page = f.per_page.clamp(1, 200);
        let page = f.page.max(1);
        let offset = (page - 1).saturating_mul(per_page);
        let order = match f.sort.as_str() {
            "oldest" => "a.received_at ASC, a.id ASC",
            "name" => "lower(a.last_name) ASC, lower(a.first_name) ASC, a.id ASC",
            "stage" => "a.stage ASC, a.received_at DESC, a.id DESC",
            _ => "a.received_at DESC, a.id DESC",
        };
        let term = search_term(f);
        let mut tx = self.pool.begin().await?;
        // Custom plans only: a prepared statement's generic plan cannot see the values, so after
        // five calls PostgreSQL may plan `@> $4` as matching almost nothing and read every match
        // from the table to sort them (stage + language + type at 1,000,000: 400 ms instead of a
        // walk of the stage's index). Planning with the values costs well under a millisecond.
        for setting in [
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            "SET LOCAL plan_cache_mode = force_custom_plan",
        ] {
            sqlx::query(setting).execute(&mut *tx).await?;
        }
        // The ids travel as one JSON array each way (one row, one parameter).
        let within_walk = offset.saturating_add(per_page) <= cap + 1;
        let (counted, Json(ids)): (i64, Json<Vec<i64>>) = if within_walk {
            let mut walk = QueryBuilder::<Db>::new(
                "SELECT COUNT(*), COALESCE(jsonb_agg(m.id ORDER BY m.n) FILTER (WHERE m.n > ",
            );
            walk.push_bind(offset)
                .push(" AND m.n <= ")
                .push_bind(offset + per_page)
                .push(format!(
                    "), '[]') FROM (SELECT a.id, row_number() OVER (ORDER BY {order}) AS n"
                ));
            postgres_source(&mut walk, f, term.as_deref());
            walk.push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(cap + 1)
                .push(") AS m");
            walk.build_query_as().fetch_one(&mut *tx).await?
        } else {
            let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1");
            postgres_source(&mut count, f, term.as_deref());
            count.push(" LIMIT ").push_bind(cap + 1).push(") AS c");
            let counted: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
            let mut ids = QueryBuilder::<Db>::new("SELECT a.id");
            postgres_source(&mut ids, f, term.as_deref());
            ids.push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(per_page)
                .push(" OFFSET ")
                .push_bind(offset);
            (
                counted,
                Json(ids.build_query_scalar().fetch_all(&mut *tx).await?),
            )
        };
        let rows: Vec<ListRow> = if ids.is_empty() {
            Vec::new()
        } else {
            sqlx::query_as(&format!(
                "SELECT {LIST_COLUMNS} FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
                 WHERE a.id = ANY(ARRAY(SELECT jsonb_array_elements_text($1)::bigint))
                 ORDER BY {order}"
            ))
            .bind(Json(ids))
            .fetch_all(&mut *tx)
            .await?
        };
        tx.commit().await?;
        page_of(rows, counted, cap, page, per_page)
    }
}

/// The answer: the page's rows, and the count up to the cap.
pub(super) fn page_of(
    rows: Vec<ListRow>,
    counted: i64,
    cap: i64,
    page: i64,
    per_page: i64,
) -> Result<ApplicantPage, sqlx::Error> {
    Ok(ApplicantPage {
        total: counted.min(cap),
        total_capped: counted > cap,
        page,
        per_page,
        rows: rows
            .into_iter()
            .map(ListRow::into_row)
            .collect::<Result<_, _>>()?,
    })
}

/// PostgreSQL's FROM and WHERE over the applicants alone (`applications a`): only the filters in
/// use, each value bound as a parameter.
fn postgres_source(qb: &mut QueryBuilder<'_, Db>, f: &ApplicantFilter, term: Option<&str>) {
    qb.push(" FROM applications a WHERE TRUE");
    if let Some(stage) = &f.stage {
        qb.push(" AND a.stage = ").push_bind(stage.clone());
    }
    for (column, code) in [
        ("a.assignment_types", &f.assignment_type),
        ("a.languages", &f.language),
    ] {
        if let Some(code) = code {
            if is_list_code(code) {
                qb.push(format!(" AND {column} @> "))
                    .push_bind(Json(vec![code.clone()]));
            } else {
                qb.push(" AND FALSE");
            }
        }
    }
    if let Some(user) = f.assigned_to {
        qb.push(" AND a.assigned_to = ").push_bind(user);
    }
    if let Some(term) = term {
        qb.push(" AND a.search_text LIKE ")
            .push_bind(format!("%{term}%"));
    }
}
