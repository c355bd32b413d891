//! The access log for administrators: filter by user, record and period; export as CSV; verify
//! that no entry was altered.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use kp_domain::caseworker::{AccessEntry, AccessLogCheck};
use serde::Deserialize;

use crate::auth::Admin;
use crate::error::AppError;
use crate::AppState;

/// Filters for the log.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogFilter {
    user: Option<i64>,
    record: Option<String>,
    /// RFC 3339 or a date (`2026-11-01`), inclusive.
    from: Option<String>,
    /// RFC 3339 or a date, exclusive.
    to: Option<String>,
    /// `security` or `personal_data`; all when absent.
    kind: kp_domain::security::AccessKind,
}

/// A period's bound as sent: an RFC 3339 instant, or a date (its midnight, UTC). Anything else
/// is refused rather than compared as text.
fn bound(value: Option<&str>) -> Result<Option<DateTime<Utc>>, AppError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.and_time(NaiveTime::MIN).and_utc())
        })
        .map(Some)
        .map_err(|_| AppError::BadRequest {
            code: "invalid_period",
            message: format!("{value:?} is neither an RFC 3339 time nor a date (YYYY-MM-DD)"),
        })
}

async fn entries(state: &AppState, f: &LogFilter) -> Result<Vec<AccessEntry>, AppError> {
    Ok(state
        .store
        .access_log(
            f.user,
            f.record.as_deref(),
            bound(f.from.as_deref())?,
            bound(f.to.as_deref())?,
            10_000,
            f.kind,
        )
        .await?)
}

/// `GET /api/access-log`.
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
    Query(filter): Query<LogFilter>,
) -> Result<Json<Vec<AccessEntry>>, AppError> {
    Ok(Json(entries(&state, &filter).await?))
}

/// One CSV field, quoted when needed (RFC 4180), with formula triggers neutralised so a
/// spreadsheet never runs a cell as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `GET /api/access-log.csv`: the filtered log as CSV (UTF-8 with BOM, comma separated). The
/// purpose is its code, empty when none was given; it comes last, so the earlier columns keep
/// their places.
pub async fn export(
    State(state): State<AppState>,
    _admin: Admin,
    Query(filter): Query<LogFilter>,
) -> Result<Response, AppError> {
    let mut csv = String::from("\u{feff}id,at,user_id,user_name,action,record,address,purpose\r\n");
    for e in entries(&state, &filter).await? {
        let fields = [
            e.id.to_string(),
            e.at,
            e.user_id.to_string(),
            e.user_name,
            e.action,
            e.record,
            e.address,
            e.purpose.map(|p| p.code().to_string()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"atkomstlogg.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// `GET /api/access-log/verify`: whether the chain is intact, the first entry that is not, and
/// how many entries were checked.
pub async fn verify(
    State(state): State<AppState>,
    _admin: Admin,
) -> Result<Json<AccessLogCheck>, AppError> {
    Ok(Json(state.store.verify_access_log().await?))
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
