//! Compensation (`price_base_amounts`, `compensation_levels`, `compensation_level_sources`): each
//! year's prisbasbelopp and the levels of arvode and omkostnadsersättning set against it, each
//! with its source.

use kp_domain::compensation::{CompensationOverview, CompensationYear, Frequency, Level, Rate};

use super::access_log::append_log;
use super::core::Engine;
use crate::store::LogEntry;

#[derive(sqlx::FromRow)]
struct LevelRow {
    year: i64,
    #[sqlx(try_from = "String")]
    frequency: Frequency,
    arvode_kind: String,
    arvode_value: i64,
    omkostnad_kind: String,
    omkostnad_value: i64,
}

const LEVEL_COLUMNS: &str =
    "year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value";

impl LevelRow {
    fn level(&self) -> Result<Level, sqlx::Error> {
        Ok(Level {
            frequency: self.frequency,
            arvode: rate(&self.arvode_kind, self.arvode_value)?,
            omkostnad: rate(&self.omkostnad_kind, self.omkostnad_value)?,
        })
    }
}

fn rate(kind: &str, value: i64) -> Result<Rate, sqlx::Error> {
    match kind {
        "price_base_percent" => Ok(Rate::PriceBasePercent {
            basis_points: value,
        }),
        "fixed_monthly" => Ok(Rate::FixedMonthly { kronor: value }),
        other => Err(sqlx::Error::Decode(
            format!("unknown compensation rate kind {other:?}").into(),
        )),
    }
}

fn rate_columns(rate: Rate) -> (&'static str, i64) {
    match rate {
        Rate::PriceBasePercent { basis_points } => ("price_base_percent", basis_points),
        Rate::FixedMonthly { kronor } => ("fixed_monthly", kronor),
    }
}

fn levels(rows: &[LevelRow]) -> Result<Vec<Level>, sqlx::Error> {
    rows.iter().map(LevelRow::level).collect()
}

/// A year as the API has it (the columns are 64-bit on both engines).
fn year_of(year: i64) -> Result<i32, sqlx::Error> {
    i32::try_from(year).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl Engine {
    /// The levels in force in `year`: those of the latest year up to `year` that has both a
    /// prisbasbelopp and levels. `None` when nothing is recorded.
    pub(crate) async fn compensation_overview(
        &self,
        year: i32,
    ) -> Result<Option<CompensationOverview>, sqlx::Error> {
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT p.year, p.kronor FROM price_base_amounts p
             WHERE p.year <= $1 AND EXISTS (SELECT 1 FROM compensation_levels l WHERE l.year = p.year)
             ORDER BY p.year DESC LIMIT 1",
        )
        .bind(i64::from(year))
        .fetch_optional(&self.pool)
        .await?;
        let Some((year, price_base)) = found else {
            return Ok(None);
        };
        let rows: Vec<LevelRow> = sqlx::query_as(&format!(
            "SELECT {LEVEL_COLUMNS} FROM compensation_levels WHERE year = $1"
        ))
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(CompensationOverview::new(
            year_of(year)?,
            price_base,
            &levels(&rows)?,
        )))
    }

    /// Sets one level's arvode and omkostnad for a year (creating the level if needed).
    pub(crate) async fn set_compensation_level(
        &self,
        year: i32,
        level: Level,
    ) -> Result<(), sqlx::Error> {
        let (ak, av) = rate_columns(level.arvode);
        let (ok, ov) = rate_columns(level.omkostnad);
        sqlx::query(
            "INSERT INTO compensation_levels
                 (year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (year, frequency) DO UPDATE SET
                 arvode_kind = excluded.arvode_kind, arvode_value = excluded.arvode_value,
                 omkostnad_kind = excluded.omkostnad_kind, omkostnad_value = excluded.omkostnad_value",
        )
        .bind(i64::from(year))
        .bind(level.frequency.code())
        .bind(ak)
        .bind(av)
        .bind(ok)
        .bind(ov)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    pub(crate) async fn price_base(&self, year: i32) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT kronor FROM price_base_amounts WHERE year = $1")
            .bind(i64::from(year))
            .fetch_optional(&self.pool)
            .await
    }

    /// A year's prisbasbelopp (set each year by förordning), with its source.
    pub(crate) async fn set_price_base(
        &self,
        year: i32,
        kronor: i64,
        source: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO price_base_amounts (year, kronor, source) VALUES ($1, $2, $3)
             ON CONFLICT (year) DO UPDATE SET kronor = excluded.kronor, source = excluded.source",
        )
        .bind(i64::from(year))
        .bind(kronor)
        .bind(source)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    pub(crate) async fn compensation_years(&self) -> Result<Vec<CompensationYear>, sqlx::Error> {
        let bases: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT p.year, p.kronor, p.source, s.source FROM price_base_amounts p
             LEFT JOIN compensation_level_sources s ON s.year = p.year
             ORDER BY p.year DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let rows: Vec<LevelRow> = sqlx::query_as(&format!(
            "SELECT {LEVEL_COLUMNS} FROM compensation_levels ORDER BY year, frequency"
        ))
        .fetch_all(&self.pool)
        .await?;
        bases
            .into_iter()
            .map(|(year, kronor, source, levels_source)| {
                let mut levels = rows
                    .iter()
                    .filter(|l| l.year == year)
                    .map(LevelRow::level)
                    .collect::<Result<Vec<_>, _>>()?;
                levels.sort_by_key(|l| l.frequency);
                Ok(CompensationYear {
                    year: year_of(year)?,
                    price_base_kronor: kronor,
                    price_base_source: source,
                    levels_source: levels_source.unwrap_or_default(),
                    levels,
                })
            })
            .collect()
    }

    /// Replaces a year's prisbasbelopp and levels, with its access-log entry, in one
    /// transaction.
    pub(crate) async fn set_compensation_year(
        &self,
        data: &CompensationYear,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let year = i64::from(data.year);
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO price_base_amounts (year, kronor, source) VALUES ($1, $2, $3)
             ON CONFLICT (year) DO UPDATE SET kronor = excluded.kronor, source = excluded.source",
        )
        .bind(year)
        .bind(data.price_base_kronor)
        .bind(data.price_base_source.trim())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM compensation_levels WHERE year = $1")
            .bind(year)
            .execute(&mut *tx)
            .await?;
        // The levels' source goes with them: a save without one leaves none, rather than the
        // previous levels' source standing beside new numbers.
        sqlx::query("DELETE FROM compensation_level_sources WHERE year = $1")
            .bind(year)
            .execute(&mut *tx)
            .await?;
        let levels_source = data.levels_source.trim();
        if !levels_source.is_empty() {
            sqlx::query("INSERT INTO compensation_level_sources (year, source) VALUES ($1, $2)")
                .bind(year)
                .bind(levels_source)
                .execute(&mut *tx)
                .await?;
        }
        for level in &data.levels {
            let (ak, av) = rate_columns(level.arvode);
            let (ok, ov) = rate_columns(level.omkostnad);
            sqlx::query(
                "INSERT INTO compensation_levels
                     (year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(year)
            .bind(level.frequency.code())
            .bind(ak)
            .bind(av)
            .bind(ok)
            .bind(ov)
            .execute(&mut *tx)
            .await?;
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    /// The levels of the latest year up to `year` that has levels.
    pub(crate) async fn levels_in_force(&self, year: i32) -> Result<Vec<Level>, sqlx::Error> {
        let rows: Vec<LevelRow> = sqlx::query_as(&format!(
            "SELECT {LEVEL_COLUMNS} FROM compensation_levels
             WHERE year = (SELECT MAX(year) FROM compensation_levels WHERE year <= $1)"
        ))
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        levels(&rows)
    }
}
