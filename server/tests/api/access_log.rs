//! The access log's integrity: the chain is signed with a key the database does not hold
//! (`KP_AUDIT_KEY`), so a log rewritten and re-chained without it fails the check; plain SHA-256
//! entries from before the key stay verifiable and are pinned by a signed entry at the first
//! start with a key; a change of key keeps what the earlier key signed verifiable while that key
//! is configured; the oldest entries can be pruned from a signed checkpoint; a write whose
//! access-log entry cannot be written does not happen; and a read records the purpose its screen
//! gave (`X-KP-Purpose`), signed with the entry, while an unknown purpose is refused.

use kp_server::store::{AuditKeySetting, PruneBound, Role};
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{
    envelope_code, json_at, on_postgres, spawn_app, spawn_app_in, TestApp, TEST_AUDIT_KEY,
};

const ADMIN: &str = "admin@exempelby.se";
const PASSWORD: &str = "ett långt lösenord 42";

/// An app with an administrator signed in, an application, and seven reads of it: a chain of
/// eight entries to work on.
async fn app_with_a_log() -> (TestApp, reqwest::Client, String) {
    let app = spawn_app().await;
    let reference = app.applied("access-log-test-0001", &valid()).await;
    app.create_account(ADMIN, PASSWORD, Role::Admin).await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    for _ in 0..7 {
        let detail = admin
            .get(app.url(&format!("/api/applicants/{reference}")))
            .send()
            .await
            .unwrap();
        assert_eq!(detail.status(), 200);
    }
    (app, admin, reference)
}

async fn verify(app: &TestApp, admin: &reqwest::Client) -> Value {
    json_at(admin, app, "/api/access-log/verify").await
}

/// The key the app in `dir` signs with: the key file SQLite keeps beside the database, or the
/// configured test key on PostgreSQL.
fn key_in_use(dir: &std::path::Path) -> String {
    if on_postgres() {
        return TEST_AUDIT_KEY.to_string();
    }
    std::fs::read_to_string(dir.join("test.db.audit-key"))
        .expect("the key file beside the database")
        .trim()
        .to_string()
}

#[tokio::test]
async fn hmac_verification_detects_a_re_chained_log() {
    // Arrange: an intact, signed log.
    let (app, admin, _) = app_with_a_log().await;
    let before = verify(&app, &admin).await;
    assert_eq!(before["intact"], true, "{before}");
    assert_eq!(
        before["keyed_from"], 1,
        "signed from the first entry: {before}"
    );

    // Act: someone who can write the database changes entry 2 and recomputes the plain SHA-256
    // chain from there on, keeping each entry's key id (what fooled the unkeyed check).
    app.store
        .rechain_access_log(2, i64::MAX, false)
        .await
        .unwrap();

    // Assert: without the key the signatures cannot be made, so the check finds entry 2.
    let after = verify(&app, &admin).await;
    assert_eq!(after["intact"], false, "{after}");
    assert_eq!(after["first_altered_entry"], 2);
    assert_eq!(after["problem"], "altered");
}

#[tokio::test]
async fn a_log_rewritten_as_plain_hashes_from_the_start_is_found_out() {
    let (app, admin, _) = app_with_a_log().await;
    let entries = verify(&app, &admin).await["entries"].as_i64().unwrap();

    // The whole log rewritten as if it had been written before keys existed.
    app.store
        .rechain_access_log(1, i64::MAX, true)
        .await
        .unwrap();

    let after = verify(&app, &admin).await;
    assert_eq!(after["intact"], false, "{after}");
    assert_eq!(
        after["problem"], "unsigned",
        "plain entries may only come before the first signed one, never after it: {after}"
    );
    assert_eq!(
        after["first_altered_entry"], 1,
        "the log ends in plain entries, from the first: {entries} of them"
    );
}

#[tokio::test]
async fn a_log_from_before_the_key_stays_verifiable_and_is_pinned_at_the_first_start_with_one() {
    // Arrange: a log as an older version left it: plain SHA-256 entries, no key ids.
    let (app, admin, _) = app_with_a_log().await;
    app.store
        .rechain_access_log(1, i64::MAX, true)
        .await
        .unwrap();
    let plain = verify(&app, &admin).await;
    let last_plain = plain["entries"].as_i64().unwrap();
    let dir = app.stop().await;

    // Act: the upgraded server starts with a key.
    let app = spawn_app_in(dir, |_| {}).await;

    // Assert: the old entries verify as they were, followed by the key's first entry.
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
    assert_eq!(check["keyed_from"], last_plain + 1, "{check}");
    let log: Value = json_at(&admin, &app, "/api/access-log?kind=security").await;
    let sealed = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == last_plain + 1)
        .expect("the first signed entry");
    assert_eq!(sealed["action"], "auth:access_log_keyed");
    assert_eq!(sealed["user_id"], 0, "written by the server itself");

    // And the plain part can no longer be rewritten: the signed entry after it holds its hash.
    app.store
        .rechain_access_log(2, last_plain, true)
        .await
        .unwrap();
    let after = verify(&app, &admin).await;
    assert_eq!(after["intact"], false, "{after}");
    assert_eq!(after["first_altered_entry"], last_plain + 1);
    assert_eq!(after["problem"], "altered");
}

#[tokio::test]
async fn a_new_key_verifies_with_the_old_one_listed_and_says_so_without_it() {
    let (app, _, _) = app_with_a_log().await;
    let dir = app.stop().await;
    let old = key_in_use(dir.path());
    let new = "a-new-key-after-a-leak-0123456789abcdef".to_string();

    // The new key signs; the old one, still configured, verifies what it signed.
    let (current, previous) = (new.clone(), old.clone());
    let app = spawn_app_in(dir, move |c| {
        c.audit_key = AuditKeySetting {
            current: Some(current),
            previous: vec![previous],
        }
    })
    .await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
    let log: Value = json_at(&admin, &app, "/api/access-log?kind=security").await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "auth:access_log_keyed"),
        "the change of key is an entry: {log}"
    );

    // Without the old key the check says which entries it cannot vouch for, and why.
    let dir = app.stop().await;
    let app = spawn_app_in(dir, move |c| {
        c.audit_key = AuditKeySetting {
            current: Some(new),
            previous: vec![],
        }
    })
    .await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], false, "{check}");
    assert_eq!(check["first_altered_entry"], 1);
    assert_eq!(check["problem"], "unknown_key");
}

/// An app whose log has been pruned through its first half: (app, admin, last removed id,
/// entries before pruning).
async fn pruned() -> (TestApp, reqwest::Client, i64, i64) {
    let (app, admin, _) = app_with_a_log().await;
    let entries = verify(&app, &admin).await["entries"].as_i64().unwrap();
    assert!(entries >= 6, "{entries} entries are enough to halve");
    // Deleting is refused while no checkpoint covers the entry …
    assert!(
        app.store.delete_access_log_entry(1).await.is_err(),
        "append-only"
    );
    let half = entries / 2;
    let done = app
        .store
        .prune_access_log(PruneBound::ThroughId(half), 0, "Gallring", "")
        .await
        .unwrap();
    assert_eq!(done.removed, half as u64);
    assert_eq!(done.through, Some(half));
    (app, admin, half, entries)
}

#[tokio::test]
async fn a_log_pruned_from_a_checkpoint_still_verifies_and_still_refuses_other_deletes() {
    let (app, admin, half, entries) = pruned().await;

    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
    assert_eq!(check["checkpoint"]["last_removed_entry"], half);
    // What was left, the pruning's own entry and this check's read of the log are counted; the
    // removed ones are not.
    let log: Value = json_at(&admin, &app, "/api/access-log").await;
    let ids: Vec<i64> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id > half), "{ids:?}");
    assert!(ids.contains(&(half + 1)) && ids.contains(&entries));
    let pruning = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "auth:access_log_pruned")
        .expect("the pruning is logged");
    assert_eq!(pruning["record"], format!("access-log:through:{half}"));

    // Entries after the checkpoint are as undeletable as before.
    assert!(app.store.delete_access_log_entry(half + 1).await.is_err());
    // Nothing before a time long past: nothing removed, nothing logged.
    let none = app
        .store
        .prune_access_log(
            PruneBound::Before(chrono::Utc::now() - chrono::Duration::days(365)),
            0,
            "Gallring",
            "",
        )
        .await
        .unwrap();
    assert_eq!((none.removed, none.through), (0, None));

    // Pruning through the newest entry keeps that one (the pruning's own entry follows it).
    let all = app
        .store
        .prune_access_log(PruneBound::ThroughId(i64::MAX), 0, "Gallring", "")
        .await
        .unwrap();
    assert!(all.removed > 0);
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
    assert_eq!(
        check["checkpoint"]["last_removed_entry"],
        all.through.unwrap()
    );
}

#[tokio::test]
async fn an_entry_altered_after_the_checkpoint_breaks_the_chain() {
    let (app, admin, half, _) = pruned().await;
    app.store
        .tamper_with_access_log(half + 2, true)
        .await
        .unwrap();
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], false, "{check}");
    assert_eq!(check["first_altered_entry"], half + 2);
    assert_eq!(check["problem"], "altered");
}

#[tokio::test]
async fn an_altered_checkpoint_breaks_the_chain() {
    let (app, admin, half, _) = pruned().await;
    // The checkpoint's hash changed: its signature (HMAC with the key) no longer matches.
    app.store.tamper_with_access_log_checkpoint().await.unwrap();
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], false, "{check}");
    assert_eq!(check["problem"], "checkpoint");
    assert_eq!(
        check["first_altered_entry"],
        half + 1,
        "the first entry left"
    );
}

#[tokio::test]
async fn a_write_whose_access_log_append_fails_leaves_no_change() {
    let (app, admin, reference) = app_with_a_log().await;
    let admin_id = app
        .store
        .account_for_sign_in(ADMIN)
        .await
        .unwrap()
        .unwrap()
        .id;
    let year = kp_server::current_year();
    let today = kp_server::today_in_sweden(chrono::Utc::now());
    let applicant = format!("/api/applicants/{reference}");
    // Each write, the action its entry carries, and what must stay as it was.
    let cases: [(&str, reqwest::RequestBuilder, &str); 5] = [
        (
            "write:assign",
            admin
                .put(app.url(&format!("{applicant}/assignee")))
                .json(&json!({ "user_id": admin_id })),
            "the applicant is not assigned",
        ),
        (
            "write:phone_call",
            admin.post(app.url(&format!("{applicant}/events"))).json(
                &json!({"kind": "phone_call", "date": today, "outcome": "reached", "note": ""}),
            ),
            "the applicant's stage and timeline are unchanged",
        ),
        (
            "write:compensation",
            admin
                .put(app.url(&format!("/api/compensation/{year}")))
                .json(&json!({
                    "year": year, "price_base_kronor": 59_200, "price_base_source": "SFS 2025:872",
                    "levels": [{"frequency": "weekly",
                        "arvode": {"kind": "fixed_monthly", "kronor": 2345},
                        "omkostnad": {"kind": "fixed_monthly", "kronor": 678}}]
                })),
            "the year's levels are unchanged",
        ),
        (
            "write:account_created",
            admin.post(app.url("/api/users")).json(&json!({
                "email": "ny@exempelby.se", "display_name": "Ny Handläggare",
                "role": "caseworker", "password": "tillfälligt brev i lådan"
            })),
            "no account is created",
        ),
        (
            "write:need",
            admin.post(app.url("/api/needs")).json(&json!({
                "case_reference": "IFO-2026-9999",
                "birth_year": (chrono::Datelike::year(&today) - 11).to_string(),
                "gender": "girl", "languages": ["so"], "area": "Exempelby centrum",
                "interests": "fotboll", "goals": ["wider_network"], "goal_note": "",
                "assignment_type": "child", "frequency": "weekly", "times": ["evenings"],
                "suggested_person": "", "needs_driving": false
            })),
            "no need is registered",
        ),
    ];
    let detail_before: Value = json_at(&admin, &app, &applicant).await;
    let compensation_before: Value = json_at(&admin, &app, "/api/compensation").await;

    for (action, request, unchanged) in cases {
        // Arrange: appending this action to the log fails (a trigger the test adds).
        app.store.refuse_access_log_appends(action).await.unwrap();
        // Act.
        let response = request.send().await.unwrap();
        // Assert: the request fails, and nothing of it was stored.
        assert_eq!(response.status(), 500, "{action}");
        let detail: Value = json_at(&admin, &app, &applicant).await;
        assert_eq!(
            detail["assigned_to_id"], detail_before["assigned_to_id"],
            "{unchanged}"
        );
        assert_eq!(
            detail["summary"]["stage"], detail_before["summary"]["stage"],
            "{unchanged}"
        );
        assert_eq!(detail["timeline"], detail_before["timeline"], "{unchanged}");
        let compensation: Value = json_at(&admin, &app, "/api/compensation").await;
        assert_eq!(compensation, compensation_before, "{unchanged}");
        assert!(
            app.store
                .account_for_sign_in("ny@exempelby.se")
                .await
                .unwrap()
                .is_none(),
            "{unchanged}"
        );
        let needs: Value = json_at(&admin, &app, "/api/needs").await;
        assert_eq!(needs, json!([]), "{unchanged}");
    }
    // The refused appends left no trace in the chain either.
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
}

#[tokio::test]
async fn a_change_of_compensation_levels_is_in_the_access_log() {
    let (app, admin, _) = app_with_a_log().await;
    let year = kp_server::current_year();
    let saved = admin
        .put(app.url(&format!("/api/compensation/{year}")))
        .json(&json!({
            "year": year, "price_base_kronor": 59_200, "price_base_source": "SFS 2025:872",
            "levels": [{"frequency": "weekly",
                "arvode": {"kind": "fixed_monthly", "kronor": 2345},
                "omkostnad": {"kind": "fixed_monthly", "kronor": 678}}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let log: Value = json_at(&admin, &app, "/api/access-log?kind=personal_data").await;
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "write:compensation")
        .expect("the change is logged");
    assert_eq!(entry["record"], format!("compensation:{year}"));
    assert_eq!(entry["user_name"], "Test Testsson");
    assert_eq!(verify(&app, &admin).await["intact"], true);
}

/// The log as the administrator lists it, oldest first.
async fn log_oldest_first(app: &TestApp, admin: &reqwest::Client) -> Vec<Value> {
    let mut log: Vec<Value> = json_at(admin, app, "/api/access-log?kind=personal_data")
        .await
        .as_array()
        .unwrap()
        .clone();
    log.reverse();
    log
}

#[tokio::test]
async fn a_read_logs_the_purpose_its_screen_gave_and_none_without_one() {
    // Arrange: seven reads without a purpose (a script, or entries from before purposes).
    let (app, admin, reference) = app_with_a_log().await;
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let reads = [
        (
            format!("/api/applicants/{reference}"),
            Some("applicant_page"),
            "read",
            format!("applicant:{reference}"),
        ),
        (
            "/api/applicants?q=x".to_string(),
            Some("applicant_list"),
            "list",
            "applicants?q=x".to_string(),
        ),
        (
            format!("/api/payment-basis.csv?month={month}&purpose=payroll_export"),
            None,
            "export",
            format!("payment-basis:{month}"),
        ),
        (
            "/api/retention/preview".to_string(),
            Some("retention_preview"),
            "list",
            "retention:preview".to_string(),
        ),
    ];
    let expected = [
        "applicant_page",
        "applicant_list",
        "payroll_export",
        "retention_preview",
    ];

    // Act.
    for (path, header, _, _) in &reads {
        let mut request = admin.get(app.url(path));
        if let Some(code) = header {
            request = request.header("X-KP-Purpose", *code);
        }
        assert_eq!(request.send().await.unwrap().status(), 200, "{path}");
    }

    // Assert: each entry has its purpose; the reads before have none (null in the JSON).
    let log = log_oldest_first(&app, &admin).await;
    let newest = &log[log.len() - reads.len()..];
    for ((_, _, action, record), (entry, purpose)) in reads.iter().zip(newest.iter().zip(expected))
    {
        assert_eq!(entry["action"], *action, "{entry}");
        assert_eq!(entry["record"], *record, "{entry}");
        assert_eq!(entry["purpose"], purpose, "{entry}");
    }
    let without: Vec<&Value> = log
        .iter()
        .filter(|e| e["record"] == format!("applicant:{reference}"))
        .collect();
    assert_eq!(without.len(), 8, "seven reads without, one with");
    assert!(without[..7].iter().all(|e| e["purpose"].is_null()));

    // The CSV has the code as its last column, empty where none was given.
    let csv = admin
        .get(app.url("/api/access-log.csv?kind=personal_data"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",address,purpose"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows[0].ends_with(",retention_preview"), "{}", rows[0]);
    assert!(rows.last().unwrap().ends_with(','), "no purpose: empty");

    // Entries with and without a purpose verify as one chain.
    let check = verify(&app, &admin).await;
    assert_eq!(check["intact"], true, "{check}");
}

#[tokio::test]
async fn an_unknown_purpose_is_refused_and_nothing_is_read_or_logged() {
    let (app, admin, reference) = app_with_a_log().await;
    let before = verify(&app, &admin).await["entries"].as_i64().unwrap();
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let cases = [
        (
            format!("/api/applicants/{reference}"),
            Some("curiosity"),
            "an unknown code",
        ),
        (
            "/api/overview".to_string(),
            Some("Overview"),
            "a code written otherwise",
        ),
        ("/api/needs".to_string(), Some(""), "an empty header"),
        (
            format!("/api/payment-basis.csv?month={month}&purpose=lunch"),
            None,
            "an unknown code in a download link",
        ),
    ];
    for (path, header, case) in cases {
        let mut request = admin.get(app.url(&path));
        if let Some(code) = header {
            request = request.header("X-KP-Purpose", code);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 400, "{case}");
        assert_eq!(envelope_code(response).await, "unknown_purpose", "{case}");
    }
    let after = verify(&app, &admin).await;
    assert_eq!(after["entries"], before, "nothing logged: {after}");
    assert_eq!(after["intact"], true);
    assert!(
        log_oldest_first(&app, &admin)
            .await
            .iter()
            .all(|e| e["purpose"].is_null()),
        "no purpose stored"
    );
}

#[tokio::test]
async fn a_purpose_changed_added_or_removed_in_the_database_breaks_the_chain() {
    let (app, admin, reference) = app_with_a_log().await;
    let read = admin
        .get(app.url(&format!("/api/applicants/{reference}")))
        .header("X-KP-Purpose", "applicant_page")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let log = log_oldest_first(&app, &admin).await;
    let with = log.last().unwrap()["id"].as_i64().unwrap();
    let without = log[2]["id"].as_i64().unwrap();
    assert!(log[2]["purpose"].is_null());

    // Each change someone with write access to the database but not the key could make, then
    // put back: the check names the entry, and passes again once it is as written.
    let cases = [
        (with, Some("matching"), Some("applicant_page"), "changed"),
        (with, None, Some("applicant_page"), "removed"),
        (without, Some("applicant_page"), None, "added"),
        (
            without,
            Some("not_a_purpose"),
            None,
            "added, not even a code",
        ),
    ];
    for (id, tampered, original, case) in cases {
        app.store
            .tamper_with_access_log_purpose(id, tampered)
            .await
            .unwrap();
        let check = verify(&app, &admin).await;
        assert_eq!(check["intact"], false, "{case}: {check}");
        assert_eq!(check["first_altered_entry"], id, "{case}");
        assert_eq!(check["problem"], "altered", "{case}");

        app.store
            .tamper_with_access_log_purpose(id, original)
            .await
            .unwrap();
        let check = verify(&app, &admin).await;
        assert_eq!(check["intact"], true, "{case}, put back: {check}");
    }
}
