//! Retention (gallring): a record past its period is listed ahead in the preview, then removed
//! with everything that hangs from it — from every table, from search and (SQLite) from the file
//! — by the job's run; the gallring record names no one; a hold stops it until released; rules
//! change with a decision, validated and logged; assignments go before their contact person;
//! sessions and sent mails after their days; and the operators' command, with and without
//! `--dry-run`.

use chrono::{Datelike, Days, Months, NaiveDate};
use kp_domain::retention::report::StartedBy;
use kp_domain::retention::Category;
use kp_server::retention::RunReport;
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{
    database_url, json_at, on_postgres, spawn_app, status_at, TestApp, TEST_AUDIT_KEY,
};
use crate::placement::{approved, assign, new_need, post};

const PASSWORD: &str = "ett långt lösenord 42";

/// What the removed applicant wrote, each unlike anything else in the database.
pub(crate) const MARKERS: [&str; 9] = [
    "Qzxjvwk",
    "qzxjvwk",
    "Brummelström",
    "brummelström",
    "199001011239",
    "+46709876543",
    "qzxjvwk.brummel@example.se",
    "XQ7731ZP",
    "Gallringsvägen 99",
];

pub(crate) fn marked() -> Value {
    let mut form = valid();
    form["first_name"] = json!("Qzxjvwk");
    form["last_name"] = json!("Brummelström");
    form["personnummer"] = json!("900101-1239");
    form["phone"] = json!("070-987 65 43");
    form["email"] = json!("qzxjvwk.brummel@example.se");
    form["address"] = json!("Gallringsvägen 99");
    form["motivation"] = json!("Jag vill hjälpa till. XQ7731ZP");
    form
}

fn today() -> NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// A signed-in administrator (the data protection officer, say).
async fn admin(app: &TestApp) -> reqwest::Client {
    app.create_account("dpo@exempelby.se", PASSWORD, Role::Admin)
        .await;
    app.signed_in("dpo@exempelby.se", PASSWORD).await
}

/// Moves an applicant's record back so that, under a rule of `months`, it falls due `ahead`
/// days from today, or that many days ago when negative (give or take a day at a change of
/// summer time).
async fn falls_due_in(app: &TestApp, reference: &str, months: u32, ahead: i64) {
    let last = (today() + chrono::Duration::days(ahead)) - Months::new(months);
    let back = (today() - last).num_days();
    app.store.age_applicant(reference, back).await.unwrap();
}

pub(crate) async fn run(app: &TestApp, as_of: NaiveDate) -> RunReport {
    kp_server::retention::run(&app.store, as_of, StartedBy::Schedule)
        .await
        .unwrap()
}

pub(crate) fn removed(report: &RunReport, category: Category) -> u64 {
    report
        .removed
        .iter()
        .find(|(c, _)| *c == category)
        .map_or(0, |(_, n)| *n)
}

fn category<'a>(preview: &'a Value, code: &str) -> &'a Value {
    preview["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"]["category"] == code)
        .unwrap_or_else(|| panic!("no {code} in {preview}"))
}

async fn record(client: &reqwest::Client, app: &TestApp, reference: &str, event: Value) {
    let response = post(
        client,
        app,
        format!("/api/applicants/{reference}/events"),
        &event,
    )
    .await;
    assert_eq!(response.status(), 204, "{event}");
}

/// The access log's (action, user name) for one record.
async fn logged(client: &reqwest::Client, app: &TestApp, record: &str) -> Vec<(String, String)> {
    json_at(client, app, &format!("/api/access-log?record={record}"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["user_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn due_of(item: &Value) -> NaiveDate {
    item["due"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_application_past_its_period_is_listed_ahead_then_gone_from_every_table_and_from_search()
{
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let kept = app.applied("retention-kept-0001", &valid()).await;
    let gone = app.applied("retention-gone-0001", &marked()).await;
    record(
        &dpo,
        &app,
        &gone,
        json!({"kind": "note", "text": "Ringde, XQ7731ZP"}),
    )
    .await;
    record(
        &dpo,
        &app,
        &gone,
        json!({"kind": "withdrawal", "reason": "Flyttar XQ7731ZP"}),
    )
    .await;
    falls_due_in(&app, &gone, 24, 10).await;

    // Ahead: the preview lists it with its day, and the day before nothing goes.
    let preview = json_at(&dpo, &app, "/api/retention/preview").await;
    let applications = category(&preview, "applications");
    assert_eq!(applications["count"], 1, "{preview}");
    assert_eq!(applications["items"][0]["reference"], gone.as_str());
    assert_eq!(applications["items"][0]["held"], false);
    let due = due_of(&applications["items"][0]);
    assert!(due > today() && due <= today() + Days::new(30), "{due}");
    let before = run(&app, due.pred_opt().unwrap()).await;
    assert_eq!(removed(&before, Category::Applications), 0, "{before:?}");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{gone}")).await,
        200
    );

    // On its day it goes, and only it.
    let report = run(&app, due).await;
    assert_eq!(removed(&report, Category::Applications), 1, "{report:?}");
    assert_eq!(removed(&report, Category::ContactPersons), 0, "{report:?}");
    assert!(report.space.is_some(), "the freed space was dealt with");
    // No row of any table holds anything of theirs; the access log keeps its entries about the
    // reference under its own rule.
    assert_gone(&app, &dpo, &gone, &kept).await;

    // The gallring record: the category, a count and the rule, and nobody's data.
    let overview = json_at(&dpo, &app, "/api/retention").await;
    let gallring = &overview["records"][0];
    assert_eq!(gallring["category"], "applications");
    assert_eq!(gallring["removed"], 1);
    assert_eq!(gallring["amount"], 24);
    assert_eq!(gallring["unit"], "months");
    assert_eq!(gallring["as_of"], due.to_string());
    assert_eq!(gallring["started_by"], "schedule");
    assert!(gallring["decision"]
        .as_str()
        .unwrap()
        .starts_with("Integritetspolicyn"));
    let text = gallring.to_string();
    for marker in MARKERS.iter().copied().chain([gone.as_str()]) {
        assert!(!text.contains(marker), "the record names {marker}: {text}");
    }
    let log = logged(&dpo, &app, &format!("applicant:{gone}")).await;
    assert!(
        log.contains(&(
            "write:retention_removed".into(),
            "Gallring (automatisk)".into()
        )),
        "{log:?}"
    );

    // SQLite: not even the file or its write-ahead log keeps it, and the search index takes
    // removed rows out in place (FTS5 secure-delete) rather than marking them deleted.
    if !on_postgres() {
        let config = (
            "applicant_search_config".to_string(),
            "'secure-delete'|1".to_string(),
        );
        let rows = app.store.rows_as_text().await.unwrap();
        assert!(rows.contains(&config), "secure-delete is on");
        for file in ["test.db", "test.db-wal"] {
            let bytes = std::fs::read(app.dir.path().join(file)).unwrap_or_default();
            for marker in MARKERS {
                let found = bytes.windows(marker.len()).any(|w| w == marker.as_bytes());
                assert!(!found, "{file} still holds {marker}");
            }
        }
    }
}

#[tokio::test]
async fn a_hold_keeps_an_applicant_past_their_day_until_released_and_both_are_logged() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let held = app.applied("retention-held-0001", &marked()).await;
    falls_due_in(&app, &held, 24, 10).await;

    let place = |body: Value| {
        let dpo = dpo.clone();
        let url = app.url("/api/retention/holds");
        async move { dpo.post(url).json(&body).send().await.unwrap() }
    };
    let unknown = place(json!({"reference": "KP-1999-0001", "reason": "JO"})).await;
    assert_eq!(unknown.status(), 422);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"],
        json!([{"field": "reference", "code": "unknown"}])
    );
    let no_reason = place(json!({"reference": held, "reason": " "})).await;
    assert_eq!(no_reason.status(), 422);
    let typed = held.to_lowercase().replace("-0", "-");
    let placed = place(json!({"reference": typed, "reason": "JO-anmälan dnr 123-2026"})).await;
    assert_eq!(placed.status(), 201);
    let id = placed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();

    // The preview shows it held, not counted; runs on and long after its day leave it.
    let preview = json_at(&dpo, &app, "/api/retention/preview").await;
    let applications = category(&preview, "applications");
    assert_eq!(applications["count"], 0, "{preview}");
    assert_eq!(applications["items"][0]["reference"], held.as_str());
    assert_eq!(applications["items"][0]["held"], true);
    let due = due_of(&applications["items"][0]);
    for day in [due, due + Days::new(400)] {
        assert_eq!(
            removed(&run(&app, day).await, Category::Applications),
            0,
            "{day}"
        );
    }
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{held}")).await,
        200
    );
    let overview = json_at(&dpo, &app, "/api/retention").await;
    let hold = &overview["holds"][0];
    assert_eq!(hold["reference"], held.as_str());
    assert_eq!(hold["reason"], "JO-anmälan dnr 123-2026");
    assert_eq!(hold["placed_by"], "Test Testsson");
    assert_eq!(hold["released_at"], Value::Null);

    // Released, it goes at the next run; the released hold goes with it.
    let release = |id: i64| {
        let dpo = dpo.clone();
        let url = app.url(&format!("/api/retention/holds/{id}/release"));
        async move {
            dpo.post(url)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(release(id).await, 204);
    assert_eq!(release(id).await, 409, "released already");
    assert_eq!(release(id + 1000).await, 404);
    assert_eq!(removed(&run(&app, due).await, Category::Applications), 1);
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{held}")).await,
        404
    );
    let overview = json_at(&dpo, &app, "/api/retention").await;
    assert_eq!(overview["holds"], json!([]));
    let log = logged(&dpo, &app, &format!("applicant:{held}")).await;
    for action in ["write:hold_placed", "write:hold_released"] {
        assert!(
            log.contains(&(action.into(), "Test Testsson".into())),
            "{action} in {log:?}"
        );
    }
}

#[tokio::test]
async fn an_administrator_changes_a_rule_with_its_decision_validated_and_logged() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let overview = json_at(&dpo, &app, "/api/retention").await;
    let rules = overview["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 7);
    assert_eq!(rules[0]["category"], "applications");
    assert_eq!(rules[0]["amount"], 24);
    assert_eq!(rules[0]["changed_at"], Value::Null);

    let put = |category: &str, body: Value| {
        let dpo = dpo.clone();
        let url = app.url(&format!("/api/retention/rules/{category}"));
        async move { dpo.put(url).json(&body).send().await.unwrap() }
    };
    let wrong = put("applications", json!({"amount": 0, "decision": " "})).await;
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"],
        json!([
            {"field": "amount", "code": "out_of_range"},
            {"field": "decision", "code": "required"}
        ])
    );
    let nothing = put("everything", json!({"amount": 6, "decision": "x"})).await;
    assert_eq!(nothing.status(), 404);
    let decision = "Socialnämndens dokumenthanteringsplan, beslut 2026-03-01 § 12";
    let changed = put("applications", json!({"amount": 6, "decision": decision})).await;
    assert_eq!(changed.status(), 204);

    let overview = json_at(&dpo, &app, "/api/retention").await;
    let rule = &overview["rules"][0];
    assert_eq!(rule["amount"], 6);
    assert_eq!(rule["decision"], decision);
    assert_eq!(rule["changed_by"], "Test Testsson");
    assert!(rule["changed_at"].is_string());
    let log = logged(&dpo, &app, "retention_rule:applications").await;
    assert_eq!(
        log,
        [("write:retention_rule".into(), "Test Testsson".into())]
    );

    // The new period applies at once: six months, not two years.
    let soon = app.applied("retention-rule-0001", &valid()).await;
    falls_due_in(&app, &soon, 6, 5).await;
    let preview = json_at(&dpo, &app, "/api/retention/preview").await;
    let applications = category(&preview, "applications");
    assert_eq!(
        applications["items"][0]["reference"],
        soon.as_str(),
        "{preview}"
    );
    assert_eq!(applications["rule"]["amount"], 6);

    // Further ahead on request: someone who applied today falls due in six months.
    let fresh = app.applied("retention-rule-0002", &valid()).await;
    let until = today() + Months::new(7);
    let ahead = json_at(&dpo, &app, &format!("/api/retention/preview?until={until}")).await;
    assert_eq!(ahead["until"], until.to_string());
    let items = category(&ahead, "applications")["items"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        items.iter().any(|i| i["reference"] == fresh.as_str()),
        "{ahead}"
    );
    let too_far = dpo
        .get(app.url("/api/retention/preview?until=2999-01-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(too_far.status(), 400);
}

#[tokio::test]
async fn an_ended_assignment_goes_after_its_years_and_its_contact_person_only_after_the_last() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let (cw, person) = approved(&app, &["child"]).await;
    let start = today().with_day(1).unwrap();
    let mut assignments = Vec::new();
    for _ in 0..2 {
        let need = new_need(&cw, &app, "child").await;
        let body = json!({
            "applicant_reference": person, "reason": "Talar somaliska",
            "start_date": start, "frequency": "weekly"
        });
        assignments.push((need.clone(), assign(&cw, &app, &need, &body).await));
    }
    let end = |id: String| {
        let cw = cw.clone();
        let app = &app;
        async move {
            let ending = json!({
                "date": today(), "reason": "Målen nådda", "initiated_by": "social_services",
                "contact_person_continues": true
            });
            let ended = post(&cw, app, format!("/api/assignments/{id}/ending"), &ending).await;
            assert_eq!(ended.status(), 204);
        }
    };
    end(assignments[0].1.clone()).await;
    let five_years = today() + Months::new(60);
    // Runs dated five years ahead would prune today's access log under its own five years.
    let longer = json!({"amount": 10, "decision": "Test: loggen sparas längre"});
    let kept = dpo
        .put(app.url("/api/retention/rules/access_log"))
        .json(&longer)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 204);

    // The ended one goes after five years, with its need; the person stays while the other
    // assignment goes on.
    let before = run(&app, five_years.pred_opt().unwrap()).await;
    assert_eq!(
        removed(&before, Category::EndedAssignments),
        0,
        "{before:?}"
    );
    let report = run(&app, five_years).await;
    assert_eq!(
        removed(&report, Category::EndedAssignments),
        1,
        "{report:?}"
    );
    assert_eq!(removed(&report, Category::ContactPersons), 0, "{report:?}");
    let (first_need, first) = &assignments[0];
    assert_eq!(
        status_at(&cw, &app, &format!("/api/assignments/{first}")).await,
        404
    );
    assert_eq!(
        status_at(&cw, &app, &format!("/api/needs/{first_need}")).await,
        404
    );
    assert_eq!(
        status_at(&cw, &app, &format!("/api/applicants/{person}")).await,
        200
    );
    let (_, second) = &assignments[1];
    assert_eq!(
        status_at(&cw, &app, &format!("/api/assignments/{second}")).await,
        200
    );

    // Once the last has ended and its years have passed, both go in one run: the assignment
    // first, then the person it named.
    end(second.clone()).await;
    let report = run(&app, five_years).await;
    assert_eq!(
        removed(&report, Category::EndedAssignments),
        1,
        "{report:?}"
    );
    assert_eq!(removed(&report, Category::ContactPersons), 1, "{report:?}");
    assert_eq!(
        status_at(&cw, &app, &format!("/api/applicants/{person}")).await,
        404
    );
    let rows = app.store.rows_as_text().await.unwrap();
    for (table, row) in rows.iter().filter(|(table, _)| table != "access_log") {
        for gone in [
            person.as_str(),
            "Amina",
            "IFO-2026-",
            "Talar somaliska",
            "Målen nådda",
        ] {
            assert!(!row.contains(gone), "{table} still holds {gone}: {row}");
        }
    }
    let log = logged(&dpo, &app, &format!("assignment:{second}")).await;
    assert!(log.contains(&(
        "write:retention_removed".into(),
        "Gallring (automatisk)".into()
    )));
}

#[tokio::test]
async fn ended_sessions_and_sent_mails_go_after_their_days_and_a_live_session_stays() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let other = app.signed_in("dpo@exempelby.se", PASSWORD).await;
    let out = other.delete(app.url("/api/session")).send().await.unwrap();
    assert_eq!(out.status().as_u16() / 100, 2);
    app.applied("retention-mail-0001", &valid()).await;
    let now = chrono::Utc::now();
    let due = app
        .store
        .claim_due_mails(now, chrono::Duration::minutes(1), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 2, "the receipt and the notice");
    app.store.mail_sent(due[0].id, now).await.unwrap();

    // Sent mails after 30 days (the one still waiting stays), ended sessions after 90.
    let report = run(&app, today() + Days::new(30)).await;
    assert_eq!(removed(&report, Category::SentMails), 1, "{report:?}");
    assert_eq!(removed(&report, Category::Sessions), 0, "{report:?}");
    let report = run(&app, today() + Days::new(90)).await;
    assert_eq!(removed(&report, Category::Sessions), 1, "{report:?}");
    assert_eq!(
        status_at(&dpo, &app, "/api/retention").await,
        200,
        "the live one stays"
    );
    let outbox = json_at(&dpo, &app, "/api/outbox").await;
    assert_eq!(outbox["mails"].as_array().unwrap().len(), 1, "{outbox}");
    let overview = json_at(&dpo, &app, "/api/retention").await;
    // (On PostgreSQL the submission limit's counted attempt went too, as sign_in_throttles.)
    let categories: Vec<&str> = overview["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["category"].as_str().unwrap())
        .filter(|c| *c != "sign_in_throttles")
        .collect();
    assert_eq!(
        categories,
        ["sessions", "sent_mails"],
        "newest first, one per removal"
    );
}

#[tokio::test]
async fn the_access_logs_oldest_entries_go_after_their_years_and_the_chain_still_verifies() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let reference = app.applied("retention-log-0001", &valid()).await;
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{reference}")).await,
        200
    );
    let before = json_at(&dpo, &app, "/api/access-log/verify").await;
    assert!(before["entries"].as_i64().unwrap() >= 2, "{before}");

    // Five years on (the default), every entry of today is due.
    let day = today() + Months::new(60);
    let ahead = kp_server::retention::preview(&app.store, day, day)
        .await
        .unwrap();
    let log = ahead
        .categories
        .iter()
        .find(|c| c.rule.category == Category::AccessLog)
        .unwrap();
    assert!(log.count >= 2, "{log:?}");
    assert_eq!(
        removed(
            &run(&app, day.pred_opt().unwrap()).await,
            Category::AccessLog
        ),
        0
    );
    let report = run(&app, day).await;
    assert!(removed(&report, Category::AccessLog) >= 2, "{report:?}");

    let after = json_at(&dpo, &app, "/api/access-log/verify").await;
    assert_eq!(after["intact"], true, "{after}");
    assert!(
        after["checkpoint"].is_object(),
        "verified from its checkpoint: {after}"
    );
    let entries = json_at(&dpo, &app, "/api/access-log").await;
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"auth:access_log_pruned"), "{actions:?}");
    assert!(
        !actions.contains(&"read"),
        "the read of today went: {actions:?}"
    );
    let overview = json_at(&dpo, &app, "/api/retention").await;
    let record = overview["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category"] == "access_log")
        .cloned()
        .unwrap_or_else(|| panic!("{overview}"));
    assert_eq!(record["amount"], 5);
    assert_eq!(record["unit"], "years");
}

/// Runs `kp-server` on the test app's database: (exit code, stdout, stderr).
async fn command(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_kp-server"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url(app.dir.path()).await)
        .env("RUST_LOG", "warn")
        .args(args);
    if on_postgres() {
        command.env("KP_AUDIT_KEY", TEST_AUDIT_KEY);
    }
    let out = command.output().await.expect("the server binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_command_prints_what_is_due_and_removes_it_only_without_dry_run() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let gone = app.applied("retention-cli-0001", &marked()).await;
    let later = app.applied("retention-cli-0002", &valid()).await;
    falls_due_in(&app, &gone, 24, -3).await;
    falls_due_in(&app, &later, 24, 10).await;
    let preview = json_at(&dpo, &app, "/api/retention/preview").await;
    let items = &category(&preview, "applications")["items"];
    let (due, due_later) = (due_of(&items[0]), due_of(&items[1]).to_string());
    let today = today().to_string();

    // Ahead, with --dry-run: both are listed, and nothing goes.
    let (code, out, err) = command(&app, &["retention", "--as-of", &due_later, "--dry-run"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("dry run: nothing is removed"), "{out}");
    assert!(out.contains("applications: 24 months"), "{out}");
    let listed = format!("due: 2: {gone} (due {due}), {later} (due {due_later})");
    assert!(out.contains(&listed), "{out}");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{gone}")).await,
        200
    );
    // Removing ahead of the day would remove what is not yet due: refused.
    let (code, _, err) = command(&app, &["retention", "--as-of", &due_later]).await;
    assert_eq!(code, 1);
    assert!(err.contains("is after today"), "{err}");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{later}")).await,
        200
    );

    // Today, without --dry-run: what is due goes, the rest stays.
    let (code, out, err) = command(&app, &["retention", "--as-of", &today]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Removed applications 1"), "{out}");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{gone}")).await,
        404
    );
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{later}")).await,
        200
    );
    let overview = json_at(&dpo, &app, "/api/retention").await;
    assert_eq!(overview["records"][0]["started_by"], "command");

    let (code, _, err) = command(&app, &["retention", "--dry-run"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"), "{err}");
}

/// Applicant `gone` (applied with [`marked`]) is gone: their page, the list's search by name and
/// by phone, every row of every table but the access log (which keeps its entries about the
/// reference under its own rule); applicant `kept` ("Amina") is still there.
pub(crate) async fn assert_gone(app: &TestApp, client: &reqwest::Client, gone: &str, kept: &str) {
    assert_eq!(
        status_at(client, app, &format!("/api/applicants/{gone}")).await,
        404
    );
    assert_eq!(
        status_at(client, app, &format!("/api/applicants/{kept}")).await,
        200
    );
    let search = json_at(client, app, "/api/applicants?q=qzxj").await;
    assert_eq!(search["total"], 0, "{search}");
    let phone = json_at(client, app, "/api/applicants?q=0709876543").await;
    assert_eq!(phone["total"], 0, "{phone}");
    let rows = app.store.rows_as_text().await.unwrap();
    for (table, row) in rows.iter().filter(|(table, _)| table != "access_log") {
        for marker in MARKERS.iter().copied().chain([gone]) {
            assert!(!row.contains(marker), "{table} still holds {marker}: {row}");
        }
    }
    assert!(
        rows.iter()
            .any(|(t, r)| t == "applications" && r.contains("Amina")),
        "the other applicant is still there"
    );
}

#[tokio::test]
async fn the_privacy_notice_states_the_periods_the_rules_in_force_hold() {
    use kp_domain::{Locale, PublicPage};
    let app = spawn_app().await;
    let notice = |locale: Locale| {
        let app = &app;
        async move {
            let api: Value = app
                .get(&format!("/api/pages/{}/privacy", locale.code()))
                .await
                .json()
                .await
                .unwrap();
            let html = app
                .get(&PublicPage::Privacy.path(locale))
                .await
                .text()
                .await
                .unwrap();
            (api["html"].as_str().unwrap().to_string(), html)
        }
    };
    // The defaults, until an administrator records the municipality's decision.
    let (sv, first_html) = notice(Locale::Sv).await;
    assert!(sv.contains("legat orörd i 24 månader (2 år) efter"), "{sv}");
    assert!(
        sv.contains("raderas 5 år efter uppdragets sista dag"),
        "{sv}"
    );
    assert!(first_html.contains("legat orörd i 24 månader (2 år) efter"));
    assert!(!sv.contains("data-kp-slot"), "every period is filled");

    let dpo = admin(&app).await;
    for (category, amount) in [
        ("applications", 6),
        ("ended_assignments", 3),
        ("access_log", 10),
    ] {
        let changed = dpo
            .put(app.url(&format!("/api/retention/rules/{category}")))
            .json(&json!({"amount": amount, "decision": "Socialnämnden 2026-03-01 § 12"}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), 204);
    }
    let (sv, first_html) = notice(Locale::Sv).await;
    assert!(sv.contains("legat orörd i 6 månader efter"), "{sv}");
    assert!(
        sv.contains("raderas 3 år efter uppdragets sista dag"),
        "{sv}"
    );
    assert!(sv.contains("sparas i 10 år."), "{sv}");
    assert!(
        sv.contains("24 månader (2 år) efter din senaste aktivitet"),
        "an unchanged rule keeps its default: {sv}"
    );
    assert!(first_html.contains("legat orörd i 6 månader efter"));
    let (ar, _) = notice(Locale::Ar).await;
    assert!(ar.contains("بعد 6 أشهر من آخر حدث"), "{ar}");
    assert!(ar.contains("يُحفظ مدة 10 سنوات."), "{ar}");
    let (en, _) = notice(Locale::En).await;
    assert!(en.contains("deleted 6 months after the last event"), "{en}");
}
