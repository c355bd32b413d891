//! Compensation levels and SKR's recommendation (issue 18): the seeded starting levels lie within
//! SKR's bands, a level outside is saved with a warning per field, and the migration that moved
//! the seed changed only the years nobody had changed.

use std::borrow::Cow;

use kp_domain::compensation::{skr, CompensationYear, Frequency, Rate};
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::helpers::{database_url, on_postgres, spawn_app, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";

async fn admin_of(app: &TestApp) -> reqwest::Client {
    app.create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    app.signed_in("admin@exempelby.se", PASSWORD).await
}

async fn years(app: &TestApp, admin: &reqwest::Client) -> Vec<CompensationYear> {
    let response = admin
        .get(app.url("/api/compensation"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_seeded_levels_are_skrs_starting_levels_inside_every_band_with_their_source() {
    let app = spawn_app().await;
    let admin = admin_of(&app).await;
    let seeded: Vec<CompensationYear> = years(&app, &admin)
        .await
        .into_iter()
        .filter(|y| (2024..=2026).contains(&y.year))
        .collect();
    assert_eq!(seeded.len(), 3, "2024, 2025 and 2026 are seeded");
    for year in &seeded {
        let expected: Vec<_> = Frequency::ALL.map(skr::starting_level).into();
        assert_eq!(year.levels, expected, "{}", year.year);
        assert_eq!(skr::warnings(year), [], "{}: inside SKR's bands", year.year);
        assert!(
            year.levels_source.contains("cirkulär 17:54")
                && year.levels_source.contains("22,5 % av 10–35 %"),
            "{}: the source says where each number comes from: {}",
            year.year,
            year.levels_source
        );
    }
    // 2026 (prisbasbelopp 59 200 kr): 22,5 % / 32,5 % / 42,5 % of 4 933,33 kr a month are
    // 1 110, 1 603,33 and 2 096,67 kr; the omkostnad 10 / 25 / 40 % are 493,33, 1 233,33 and
    // 1 973,33 kr; each rounded once to whole kronor.
    let overview = app
        .store
        .compensation_overview(2026)
        .await
        .unwrap()
        .expect("2026 has levels");
    let amounts: Vec<(i64, i64)> = overview
        .levels
        .iter()
        .map(|l| (l.arvode_monthly, l.omkostnad_monthly))
        .collect();
    assert_eq!(amounts, [(1_110, 493), (1_603, 1_233), (2_097, 1_973)]);
}

#[tokio::test]
async fn a_level_outside_skrs_band_is_saved_all_the_same_with_a_warning_per_field() {
    let app = spawn_app().await;
    let admin = admin_of(&app).await;
    let data = json!({
        "year": 2027, "price_base_kronor": 60_000, "price_base_source": "SFS 2026:1",
        "levels_source": "Socialnämnden 2026-12-10 § 7",
        "levels": [
            // 40 % is above category 1's 10–35 %; 10 % is SKR's omkostnad.
            {"frequency": "weekly", "arvode": {"kind": "price_base_percent", "basis_points": 4000},
             "omkostnad": {"kind": "price_base_percent", "basis_points": 1000}},
            // Both ends of category 2, in kronor: 20 % of 5 000 is 1 000 kr, 25 % is 1 250 kr.
            {"frequency": "several_per_week", "arvode": {"kind": "fixed_monthly", "kronor": 1000},
             "omkostnad": {"kind": "fixed_monthly", "kronor": 1250}},
            // 1 499 kr is 29,98 %, below category 3's 30–55 %; 30 % is not SKR's 40 %.
            {"frequency": "almost_daily", "arvode": {"kind": "fixed_monthly", "kronor": 1499},
             "omkostnad": {"kind": "price_base_percent", "basis_points": 3000}}
        ]
    });
    let saved = admin
        .put(app.url("/api/compensation/2027"))
        .json(&data)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let answer: Value = saved.json().await.unwrap();
    assert_eq!(
        answer,
        json!({"warnings": [
            {"field": "levels[0].arvode", "code": "outside_skr_band"},
            {"field": "levels[2].arvode", "code": "outside_skr_band"},
            {"field": "levels[2].omkostnad", "code": "outside_skr_band"},
        ]})
    );
    let year = years(&app, &admin)
        .await
        .into_iter()
        .find(|y| y.year == 2027)
        .expect("saved all the same");
    assert_eq!(
        year.levels[0].arvode,
        Rate::PriceBasePercent {
            basis_points: 4_000
        }
    );
    assert_eq!(year.levels[2].arvode, Rate::FixedMonthly { kronor: 1_499 });
    assert_eq!(year.levels_source, "Socialnämnden 2026-12-10 § 7");

    // Saved again without a source: none is kept, rather than the old one beside new numbers.
    let mut without = data.clone();
    without["levels_source"] = json!("");
    let saved = admin
        .put(app.url("/api/compensation/2027"))
        .json(&without)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let year = years(&app, &admin)
        .await
        .into_iter()
        .find(|y| y.year == 2027)
        .unwrap();
    assert_eq!(year.levels_source, "");
}

/// The old seed's values (0002): arvode 36 / 60 / 96 %, omkostnad 12 / 18 / 24 %.
const OLD_SEED: [(&str, i64, i64); 3] = [
    ("almost_daily", 9_600, 2_400),
    ("several_per_week", 6_000, 1_800),
    ("weekly", 3_600, 1_200),
];

/// Runs a set of migrations up to (not including) `first_new`, changes the data as
/// `before_sql` says, runs the rest, and reads every level and source back.
macro_rules! migrate_around {
    ($pool:expr, $dir:literal, $first_new:expr, $before_sql:expr) => {{
        let pool = $pool;
        let all = sqlx::migrate!($dir);
        let mut earlier = sqlx::migrate!($dir);
        earlier.migrations = Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version < $first_new)
                .cloned()
                .collect(),
        );
        earlier.run(&pool).await.expect("the earlier migrations");
        for statement in $before_sql {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .expect(statement);
        }
        all.run(&pool).await.expect("the new migration");
        let levels: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT year, frequency, arvode_value, omkostnad_value FROM compensation_levels
             ORDER BY year, frequency",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let sources: Vec<(i64,)> =
            sqlx::query_as("SELECT year FROM compensation_level_sources ORDER BY year")
                .fetch_all(&pool)
                .await
                .unwrap();
        pool.close().await;
        (levels, sources)
    }};
}

#[tokio::test]
async fn the_migration_moves_only_the_years_nobody_changed_to_skrs_starting_levels() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    // 2024: an administrator's own weekly arvode (40 %), the rest as seeded. 2025: saved by an
    // administrator (its write:compensation entry is in the access log) with exactly the seed's
    // values, which then are their decision. 2026: untouched.
    let before = [
        "UPDATE compensation_levels SET arvode_value = 4000
         WHERE year = 2024 AND frequency = 'weekly'",
        "INSERT INTO access_log (at, user_id, user_name, action, record, address, prev_hash, hash)
         VALUES ('2025-02-01T09:00:00Z', 1, 'Admin', 'write:compensation', 'compensation:2025',
                 '127.0.0.1', '', 'x')",
    ];
    let (levels, sources) = if on_postgres() {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        migrate_around!(pool, "./migrations/postgres", 17, before)
    } else {
        use std::str::FromStr;
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        migrate_around!(pool, "./migrations/sqlite", 23, before)
    };
    let of = |year: i64| -> Vec<(String, i64, i64)> {
        levels
            .iter()
            .filter(|l| l.0 == year)
            .map(|l| (l.1.clone(), l.2, l.3))
            .collect()
    };
    let owned = |rows: [(&str, i64, i64); 3]| -> Vec<(String, i64, i64)> {
        rows.iter()
            .map(|(f, a, o)| (f.to_string(), *a, *o))
            .collect()
    };
    let mut changed = OLD_SEED;
    changed[2].1 = 4_000;
    assert_eq!(of(2024), owned(changed), "an administrator's level is kept");
    assert_eq!(
        of(2025),
        owned(OLD_SEED),
        "a year an administrator saved is kept"
    );
    assert_eq!(
        of(2026),
        owned([
            ("almost_daily", 4_250, 4_000),
            ("several_per_week", 3_250, 2_500),
            ("weekly", 2_250, 1_000),
        ]),
        "the untouched seed moves to the middle of SKR's bands"
    );
    assert_eq!(
        sources,
        [(2026,)],
        "only the moved year gets the SKR source"
    );
}

#[test]
fn every_locales_compensation_page_says_skr_gives_no_level_for_the_specially_qualified() {
    // The section after the table of levels is the särskilt kvalificerad kontaktperson's; in
    // every locale it names SKR (to say SKR has no recommendation there) and the municipality.
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    for locale in kp_domain::Locale::ALL {
        let path = content.join(locale.code()).join("compensation.md");
        let page = std::fs::read_to_string(&path).unwrap();
        let after_table = page
            .split("{{compensation_table}}")
            .nth(1)
            .unwrap_or_else(|| panic!("{}: the table", path.display()));
        let section = after_table
            .split("\n## ")
            .nth(1)
            .unwrap_or_else(|| panic!("{}: a section after the table", path.display()));
        assert!(section.contains("SKR"), "{}: {section}", path.display());
    }
}
