//! Synthetic applicants for the list benchmark and the list tests (feature `test-support` only).
//! Both engines write the same rows: applicant `i` by the same formulas (restated in
//! `tests/api/applicants.rs`).

use super::core::Engine;
use super::ENGINE;
use crate::store::Dialect;

const COLUMNS: &str = "reference, idempotency_key, request_hash, received_at, locale, first_name,
    last_name, personnummer, coordination_number, birth_date, address, postcode, town, phone,
    email, assignment_types, languages, occupation, experience, interests, frequency, times,
    driving_licence, has_car, age_groups, knows_child, knows_child_details, motivation,
    consent_version, consent_at, stage, search_text";

const SQLITE: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
    SELECT printf('KP-%d-%06d', 2025 + i % 2, i), 'seed-' || i, 'seed',
        printf('%d-%02d-%02dT%02d:00:00Z', 2025 + i % 2, 1 + i % 12, 1 + i % 28, i % 24),
        substr('svenarfasoti', 1 + 2 * (i % 6), 2),
        CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
            WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i,
        'Efternamn' || (i % 997), '19811218-9876', 0, '1981-12-18', 'Gatan ' || i,
        '123 45', 'Exempelby', printf('+4670%07d', i), 'person' || i || '@example.se',
        CASE i % 3 WHEN 0 THEN '[\"child\"]' WHEN 1 THEN '[\"unaccompanied\"]' ELSE '[\"child\",\"special\"]' END,
        CASE i % 4 WHEN 0 THEN '[\"sv\"]' WHEN 1 THEN '[\"ar\",\"sv\"]' WHEN 2 THEN '[\"so\"]' ELSE '[\"prs\",\"fa\"]' END,
        'Yrke', '', '', 'weekly', '[\"evenings\"]', i % 2, 0, '[]', 0, '',
        'Motivering', '2026-11-22', '2026-11-22T00:00:00Z',
        CASE i % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'contacted' WHEN 2 THEN 'interviewed'
            WHEN 3 THEN 'checks_under_way' ELSE 'approved' END,
        lower(printf('KP-%d-%06d', 2025 + i % 2, i) || ' ' ||
              CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
                  WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i ||
              ' efternamn' || (i % 997) || ' ' || printf('+4670%07d', i) ||
              ' person' || i || '@example.se')
    FROM n";

/// The same rows as [`SQLITE`], in PostgreSQL's words (`printf('%06d')` is `lpad`, unless the
/// number is longer).
const POSTGRES: &str = "SELECT
        'KP-' || (2025 + i % 2) || '-' || lpad(i::text, greatest(6, length(i::text)), '0'),
        'seed-' || i, 'seed',
        make_timestamptz((2025 + i % 2)::int, (1 + i % 12)::int, (1 + i % 28)::int, (i % 24)::int, 0, 0, 'UTC'),
        substr('svenarfasoti', (1 + 2 * (i % 6))::int, 2),
        CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
            WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i,
        'Efternamn' || (i % 997), '19811218-9876', FALSE, DATE '1981-12-18', 'Gatan ' || i,
        '123 45', 'Exempelby', '+4670' || lpad(i::text, greatest(7, length(i::text)), '0'),
        'person' || i || '@example.se',
        (CASE i % 3 WHEN 0 THEN '[\"child\"]' WHEN 1 THEN '[\"unaccompanied\"]' ELSE '[\"child\",\"special\"]' END)::jsonb,
        (CASE i % 4 WHEN 0 THEN '[\"sv\"]' WHEN 1 THEN '[\"ar\",\"sv\"]' WHEN 2 THEN '[\"so\"]' ELSE '[\"prs\",\"fa\"]' END)::jsonb,
        'Yrke', '', '', 'weekly', '[\"evenings\"]'::jsonb, i % 2 = 1, FALSE, '[]'::jsonb, FALSE, '',
        'Motivering', '2026-11-22', TIMESTAMPTZ '2026-11-22T00:00:00Z',
        CASE i % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'contacted' WHEN 2 THEN 'interviewed'
            WHEN 3 THEN 'checks_under_way' ELSE 'approved' END,
        lower('KP-' || (2025 + i % 2) || '-' || lpad(i::text, greatest(6, length(i::text)), '0') || ' ' ||
              CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
                  WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i ||
              ' efternamn' || (i % 997) || ' ' || '+4670' || lpad(i::text, greatest(7, length(i::text)), '0') ||
              ' person' || i || '@example.se')
    FROM generate_series(1::bigint, $1) AS n(i)";

impl Engine {
    /// Fills the database with `count` synthetic applicants spread over stages, languages,
    /// assignment types and two years. Deterministic.
    pub(crate) async fn seed_synthetic_applicants(&self, count: i64) -> Result<(), sqlx::Error> {
        let rows = match ENGINE {
            Dialect::Sqlite => SQLITE,
            Dialect::Postgres => POSTGRES,
        };
        sqlx::query(&format!("INSERT INTO applications ({COLUMNS}) {rows}"))
            .bind(count)
            .execute(&self.writer)
            .await?;
        // Their rows in the list's applicant_tags, as the store writes them with an application.
        for (kind, column) in [("language", "languages"), ("type", "assignment_types")] {
            let elements = match ENGINE {
                Dialect::Sqlite => format!("json_each(a.{column}) AS c"),
                Dialect::Postgres => format!("jsonb_array_elements_text(a.{column}) AS c(value)"),
            };
            sqlx::query(&format!(
                "INSERT INTO applicant_tags
                     (kind, code, stage, received_at, application_id, languages, assignment_types)
                 SELECT DISTINCT '{kind}', c.value, a.stage, a.received_at, a.id, a.languages,
                     a.assignment_types
                 FROM applications a, {elements}
                 WHERE a.idempotency_key LIKE 'seed-%'
                 ON CONFLICT DO NOTHING"
            ))
            .execute(&self.writer)
            .await?;
        }
        sqlx::query("ANALYZE")
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Writes a month's report as if it had been sent at `first_submitted_at` and, unless a
    /// draft or sent, reviewed at `reviewed_at` (test-support: a report in any state, at any
    /// time, without the contact person's and the caseworker's steps).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn seed_report(
        &self,
        assignment_id: i64,
        month: kp_domain::compensation::Month,
        status: kp_domain::monthly_report::ReportStatus,
        report: &kp_domain::monthly_report::MonthlyReport,
        first_submitted_at: Option<chrono::DateTime<chrono::Utc>>,
        reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), sqlx::Error> {
        let updated = first_submitted_at
            .or(reviewed_at)
            .unwrap_or_else(chrono::Utc::now);
        sqlx::query(
            "INSERT INTO monthly_reports (assignment_id, month, status, report, updated_at,
                                          first_submitted_at, submitted_at, reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
             ON CONFLICT (assignment_id, month) DO UPDATE SET
                 status = excluded.status, report = excluded.report,
                 updated_at = excluded.updated_at,
                 first_submitted_at = excluded.first_submitted_at,
                 submitted_at = excluded.submitted_at, reviewed_at = excluded.reviewed_at",
        )
        .bind(assignment_id)
        .bind(month.to_string())
        .bind(status.code())
        .bind(sqlx::types::Json(report))
        .bind(super::at(updated))
        .bind(first_submitted_at.map(super::at))
        .bind(reviewed_at.map(super::at))
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
