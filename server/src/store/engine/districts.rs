//! Districts (`districts`): the parts of the municipality it names, with the postcodes each
//! covers ([`kp_domain::district`]). A district is added, changed and retired (never deleted:
//! needs and applications keep naming it); each write commits with its access-log entry, after
//! the domain's rules were asked again inside the transaction against the districts stored then.

use chrono::{DateTime, Utc};
use kp_domain::api::FieldError;
use kp_domain::district::{conflicts, District, PostcodeRange, ValidDistrict};
use sqlx::types::Json;

use super::access_log::{append_log, append_log_about};
use super::core::{Conn, Engine};
use super::{at, ENGINE};
use crate::store::{Dialect, LogEntry};

#[derive(sqlx::FromRow)]
struct DistrictRow {
    id: i64,
    name: String,
    postcodes: Json<Vec<PostcodeRange>>,
    retired_at: Option<DateTime<Utc>>,
}

impl DistrictRow {
    fn district(self) -> District {
        District {
            id: self.id,
            name: self.name,
            postcodes: self.postcodes.0,
            active: self.retired_at.is_none(),
        }
    }
}

/// Every district, active ones first, each group by name.
const ALL: &str = "SELECT id, name, postcodes, retired_at FROM districts
     ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, name, id";

async fn all_in(conn: &mut Conn) -> Result<Vec<District>, sqlx::Error> {
    let rows: Vec<DistrictRow> = sqlx::query_as(ALL).fetch_all(conn).await?;
    Ok(rows.into_iter().map(DistrictRow::district).collect())
}

impl Engine {
    /// Every district, retired ones too (after the active ones).
    pub(crate) async fn districts(&self) -> Result<Vec<District>, sqlx::Error> {
        let rows: Vec<DistrictRow> = sqlx::query_as(ALL).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(DistrictRow::district).collect())
    }

    /// Adds a district (`id` `None`) or changes an active one's name and postcodes, with `log`
    /// (its record followed by the id: `district:` → `district:4`) in the same transaction. The
    /// id, or what the districts stored now refuse (`name_taken`, `overlap`; `not_found` on the
    /// field `id` for a district that is not there or retired).
    pub(crate) async fn save_district(
        &self,
        id: Option<i64>,
        district: &ValidDistrict,
        log: &LogEntry<'_>,
    ) -> Result<Result<i64, Vec<FieldError>>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        // The check and the write are one step for every process: on SQLite the one writer
        // connection makes them so; on PostgreSQL this transaction-scoped lock does (without it
        // two processes both found no overlap and both kept the postcode).
        if ENGINE == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('districts', 0))")
                .execute(&mut *tx)
                .await?;
        }
        let stored = all_in(&mut tx).await?;
        if let Some(id) = id {
            if !stored.iter().any(|d| d.id == id && d.active) {
                return Ok(Err(vec![FieldError {
                    field: "id".into(),
                    code: "not_found".into(),
                }]));
            }
        }
        let refused = conflicts(district, &stored, id);
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        let id = match id {
            Some(id) => {
                sqlx::query("UPDATE districts SET name = $1, postcodes = $2 WHERE id = $3")
                    .bind(&district.name)
                    .bind(Json(&district.postcodes))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO districts (name, postcodes, created_at) VALUES ($1, $2, $3)
                     RETURNING id",
                )
                .bind(&district.name)
                .bind(Json(&district.postcodes))
                .bind(at(Utc::now()))
                .fetch_one(&mut *tx)
                .await?
            }
        };
        append_log_about(&mut tx, &self.audit, log, &id.to_string()).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// Retires an active district, with `log` in the same transaction; false when there is no
    /// such active district.
    pub(crate) async fn retire_district(
        &self,
        id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let retired = sqlx::query(
            "UPDATE districts SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL",
        )
        .bind(at(Utc::now()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if retired.rows_affected() != 1 {
            return Ok(false);
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }
}
