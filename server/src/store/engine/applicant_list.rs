//! The caseworker's applicant list (`applications`, read only): filter, search, sort, page. The
//! row it answers and the filter rules are shared; how the rows are found differs: SQLite needs
//! the way spelled out (`applicant_list_sqlite.rs`), PostgreSQL's planner finds it with the
//! trigram (`pg_trgm`) and list indexes of its schema.

use chrono::{DateTime, Utc};
use kp_domain::application::{normalise_phone, personnummer_field};
use kp_domain::caseworker::{ApplicantPage, ApplicantRow};
use kp_domain::pipeline::Stage;
use sqlx::types::Json;
use sqlx::QueryBuilder;

use super::applicant_list_sqlite::sqlite_page;
use super::core::{bytewise, Conn, Engine};
use super::{at, Db, ENGINE};
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

/// The start of the phone numbers a search term means, if it reads as a phone number: a whole
/// number in any form the interest form accepts (`070-123 45 67`, `+46 70 123 45 67`,
/// `0046701234567`), normalised as the form stores it (E.164), or the start of a number in
/// international form, `+` and at least seven digits (spaces, hyphens and brackets left out), so
/// that at most 10,000 of a country code's eleven-digit numbers share it. Such a term is looked
/// for in the stored phone numbers, from their start, through `applications_phone`, and nowhere
/// else: a `+` is the first character of every stored number, so `+4670001` is in a search text
/// only at a phone number's start (or in an e-mail address with a `+` in it, which it no longer
/// finds). Every other term is a substring of the search text.
fn phone_start(f: &ApplicantFilter) -> Option<String> {
    let typed = f.query.as_deref()?.trim();
    if let Some(number) = normalise_phone(typed) {
        return Some(number);
    }
    let compact: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+')?;
    (digits.len() >= 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(compact)
}

/// What a search term means exactly, when it reads as a personnummer or samordningsnummer in any
/// form the interest form accepts (stored canonical, `19811218-9876`), as a phone number (see
/// [`phone_start`]), or as both: `0701234567` is a mobile number and could be a personnummer
/// born 2007-01-23, so it finds either. Such a term is looked for only there, through their
/// indexes (`applications_personnummer`, `applications_phone`), never in the search text.
pub(super) struct Exact {
    personnummer: Option<String>,
    phone: Option<String>,
}

/// The exact meaning of the list's search term, if it has one (see [`Exact`]).
pub(super) fn exact_search(f: &ApplicantFilter) -> Option<Exact> {
    let personnummer = f.query.as_deref().and_then(|typed| {
        let typed = typed.trim();
        let digits = typed.bytes().filter(u8::is_ascii_digit).count();
        // Ten or twelve digits and the separators people type, nothing else: a name or an
        // e-mail address is never read as a number.
        let plain = typed
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b' '));
        (plain && matches!(digits, 10 | 12))
            .then(|| personnummer_field(typed, kp_domain::time::today_in_sweden(Utc::now())).ok())
            .flatten()
            .map(|p| p.canonical())
    });
    let phone = phone_start(f);
    (personnummer.is_some() || phone.is_some()).then_some(Exact {
        personnummer,
        phone,
    })
}

/// ` AND` the applicant has the personnummer, or a phone number that starts with the start: each
/// one key lookup or range of its index (a stored number is `+` and digits, and `:` follows `9`
/// in byte order).
pub(super) fn push_exact(qb: &mut QueryBuilder<'_, Db>, exact: &Exact) {
    let phone = bytewise("a.phone");
    qb.push(" AND (");
    if let Some(personnummer) = &exact.personnummer {
        qb.push("a.personnummer = ").push_bind(personnummer.clone());
        if exact.phone.is_some() {
            qb.push(" OR ");
        }
    }
    if let Some(start) = &exact.phone {
        qb.push(format!("({phone} >= "))
            .push_bind(start.clone())
            .push(format!(" AND {phone} < "))
            .push_bind(format!("{start}:"))
            .push(")");
    }
    qb.push(")");
}

/// Where the list's rows come from when a stage and a language or assignment type are the only
/// filters and the order is by date: the kind and code of `applicant_tags` rows to walk (the
/// language when both are set). Their key (kind, code, stage, received_at, application_id) walks
/// in the list's order within the stage, and each entry holds both arrays for the other filter.
pub(super) fn tag_walk(f: &ApplicantFilter) -> Option<(&'static str, String)> {
    if f.stage.is_none() || f.assigned_to.is_some() || search_term(f).is_some() || f.sort == "name"
    {
        return None;
    }
    let (kind, code) = match (&f.language, &f.assignment_type) {
        (Some(code), _) => ("language", code),
        (None, Some(code)) => ("type", code),
        (None, None) => return None,
    };
    is_list_code(code).then(|| (kind, code.clone()))
}

/// ` FROM` the tag rows of one kind and code, named and shaped as the list's `applications a`
/// (`id`, `stage`, `received_at` and the two arrays), so the filters and orders read the same.
pub(super) fn push_tag_source(qb: &mut QueryBuilder<'_, Db>, kind: &'static str, code: String) {
    qb.push(
        " FROM (SELECT t.application_id AS id, t.stage, t.received_at, t.languages,
                t.assignment_types FROM applicant_tags t WHERE t.kind = ",
    )
    .push_bind(kind)
    .push(" AND t.code = ")
    .push_bind(code)
    .push(") AS a WHERE 1 = 1");
}

/// Writes an application's rows in `applicant_tags` (one per language, one per assignment type),
/// at `stage`, inside the caller's transaction: the application's insert. A stage change moves
/// them in its own transaction (`applicants.rs`).
pub(super) async fn write_tags(
    conn: &mut Conn,
    application_id: i64,
    stage: &str,
    received_at: DateTime<Utc>,
    languages: &[String],
    assignment_types: &[String],
) -> Result<(), sqlx::Error> {
    let mut tags: Vec<(&'static str, &String)> = Vec::new();
    for (kind, codes) in [("language", languages), ("type", assignment_types)] {
        for code in codes {
            if !tags.contains(&(kind, code)) {
                tags.push((kind, code));
            }
        }
    }
    if tags.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Db>::new(
        "INSERT INTO applicant_tags
             (kind, code, stage, received_at, application_id, languages, assignment_types) ",
    );
    insert.push_values(tags, |mut row, (kind, code)| {
        row.push_bind(kind)
            .push_bind(code.clone())
            .push_bind(stage.to_string())
            .push_bind(at(received_at))
            .push_bind(application_id)
            .push_bind(Json(languages.to_vec()))
            .push_bind(Json(assignment_types.to_vec()));
    });
    insert.build().execute(&mut *conn).await.map(|_| ())
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
    match tag_walk(f) {
        Some((kind, code)) => push_tag_source(qb, kind, code),
        None => {
            qb.push(" FROM applications a WHERE TRUE");
        }
    }
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
    if let Some(exact) = exact_search(f) {
        push_exact(qb, &exact);
    } else if let Some(term) = term {
        qb.push(" AND a.search_text LIKE ")
            .push_bind(format!("%{term}%"));
    }
}
