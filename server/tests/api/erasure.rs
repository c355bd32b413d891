//! Erasure (GDPR art. 17): an administrator erases an applicant, who is then gone from every
//! table and from search, with a record that names nobody; an ongoing assignment, a hold or
//! ended assignments still kept stop it with the reason said; the form's fields are checked; an
//! erasure whose access-log entry fails leaves everything as it was.

use kp_server::store::Role;
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{json_at, spawn_app, status_at, TestApp};
use crate::person_rights::{approve, assignment};
use crate::retention::{assert_gone, marked, MARKERS};

const PASSWORD: &str = "ett långt lösenord 42";

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.create_account("dpo@exempelby.se", PASSWORD, Role::Admin)
        .await;
    app.signed_in("dpo@exempelby.se", PASSWORD).await
}

async fn caseworker(app: &TestApp) -> reqwest::Client {
    app.create_account("cw@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    app.signed_in("cw@exempelby.se", PASSWORD).await
}

/// A complete erasure of `reference`, as an administrator fills it in.
fn form(reference: &str) -> Value {
    json!({
        "ground": "consent_withdrawn",
        "requested_on": today().to_string(),
        "case_number": "SN 2026/123",
        "confirm_reference": reference.to_lowercase(),
    })
}

async fn erase(
    client: &reqwest::Client,
    app: &TestApp,
    reference: &str,
    body: &Value,
) -> (u16, Value) {
    let response = client
        .post(app.url(&format!("/api/applicants/{reference}/erasure")))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The codes of what stops erasing `reference`, as the screen is told before it asks.
async fn obstacles(client: &reqwest::Client, app: &TestApp, reference: &str) -> Vec<String> {
    json_at(client, app, &format!("/api/applicants/{reference}/erasure")).await["obstacles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_erased_applicant_is_gone_from_every_table_and_from_search_and_the_record_names_nobody()
{
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let kept = app.applied("erasure-kept-0001", &valid()).await;
    let gone = app.applied("erasure-gone-0001", &marked()).await;
    let note = dpo
        .post(app.url(&format!("/api/applicants/{gone}/events")))
        .json(&json!({"kind": "note", "text": "Ringde, XQ7731ZP"}))
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 204);
    // A hold placed and released: no longer in force, so it does not stop the erasure.
    let hold = dpo
        .post(app.url("/api/retention/holds"))
        .json(&json!({"reference": gone, "reason": "Klagomål XQ7731ZP"}))
        .send()
        .await
        .unwrap();
    assert_eq!(hold.status(), 201);
    let hold: Value = hold.json().await.unwrap();
    let released = dpo
        .post(app.url(&format!("/api/retention/holds/{}/release", hold["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(released.status(), 204);
    assert!(obstacles(&dpo, &app, &gone).await.is_empty());

    let (status, record) = erase(&dpo, &app, &gone, &form(&gone)).await;
    assert_eq!(status, 201, "{record}");
    assert_eq!(record["ground"], "consent_withdrawn");
    assert_eq!(record["requested_on"], today().to_string());
    assert_eq!(record["case_number"], "SN 2026/123");
    assert_eq!(record["removed"]["events"], 1, "the note");
    assert_eq!(record["removed"]["holds"], 1, "the released hold");
    assert!(
        record["removed"]["mails"].as_u64().unwrap() >= 1,
        "the receipt and the notice: {record}"
    );

    // Gone: the page, the list's search by name and by phone, every row of every table.
    assert_gone(&app, &dpo, &gone, &kept).await;
    let extract = dpo
        .post(app.url("/api/register-extract"))
        .json(&json!({"personnummer": "900101-1239"}))
        .send()
        .await
        .unwrap();
    let extract: Value = extract.json().await.unwrap();
    assert_eq!(extract["applications"], json!([]), "{extract}");

    // The record is listed, without the person; the access log has the erasure as a write.
    let records = json_at(&dpo, &app, "/api/erasures").await;
    assert_eq!(records.as_array().unwrap().len(), 1);
    let listed = records[0].to_string();
    for marker in MARKERS.iter().copied().chain([gone.as_str()]) {
        assert!(
            !listed.contains(marker),
            "the record holds {marker}: {listed}"
        );
    }
    let log = json_at(
        &dpo,
        &app,
        &format!("/api/access-log?record=applicant:{gone}"),
    )
    .await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "write:erasure" && e["user_name"] == record["by"]),
        "{log}"
    );

    // Sent twice (a double click): the second finds nobody and writes nothing.
    let (again, _) = erase(&dpo, &app, &gone, &form(&gone)).await;
    assert_eq!(again, 404);
    assert_eq!(
        json_at(&dpo, &app, "/api/erasures")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_ongoing_assignment_stops_erasure_then_ended_assignments_kept_under_their_rule_do() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let cw = caseworker(&app).await;
    let person = app.applied("erasure-assigned-0001", &valid()).await;
    approve(&cw, &app, &person).await;
    let (need, id) = assignment(&cw, &app, &person).await;

    assert_eq!(
        obstacles(&dpo, &app, &person).await,
        ["erasure_ongoing_assignment"]
    );
    let check = json_at(&dpo, &app, &format!("/api/applicants/{person}/erasure")).await;
    assert_eq!(check["obstacles"][0]["need_reference"], need.as_str());
    let (status, body) = erase(&dpo, &app, &person, &form(&person)).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "erasure_ongoing_assignment");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{person}")).await,
        200
    );

    // Ended yesterday: kept five years under the ended-assignments rule, which is said.
    let yesterday = today().pred_opt().unwrap();
    let ended = cw
        .post(app.url(&format!("/api/assignments/{id}/ending")))
        .json(&json!({
            "date": yesterday, "reason": "Målen nådda", "initiated_by": "social_services",
            "contact_person_continues": false
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    let check = json_at(&dpo, &app, &format!("/api/applicants/{person}/erasure")).await;
    assert_eq!(
        check["obstacles"],
        json!([{
            "code": "erasure_assignments_kept",
            "until": yesterday.checked_add_months(chrono::Months::new(60)).unwrap(),
            "decision": check["obstacles"][0]["decision"],
        }])
    );
    let (status, body) = erase(&dpo, &app, &person, &form(&person)).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "erasure_assignments_kept");
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/assignments/{id}")).await,
        200
    );
    assert_eq!(
        json_at(&dpo, &app, "/api/erasures").await,
        json!([]),
        "nothing recorded"
    );
}

#[tokio::test]
async fn a_hold_in_force_stops_erasure_until_it_is_released() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let person = app.applied("erasure-held-0001", &valid()).await;
    let hold = dpo
        .post(app.url("/api/retention/holds"))
        .json(&json!({"reference": person, "reason": "JO-anmälan dnr 123-2026"}))
        .send()
        .await
        .unwrap();
    let hold: Value = hold.json().await.unwrap();
    let check = json_at(&dpo, &app, &format!("/api/applicants/{person}/erasure")).await;
    assert_eq!(check["obstacles"][0]["code"], "erasure_held");
    assert_eq!(check["obstacles"][0]["reason"], "JO-anmälan dnr 123-2026");
    let (status, body) = erase(&dpo, &app, &person, &form(&person)).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "erasure_held");

    let released = dpo
        .post(app.url(&format!("/api/retention/holds/{}/release", hold["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(released.status(), 204);
    let (status, _) = erase(&dpo, &app, &person, &form(&person)).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn an_erasure_needs_an_administrator_and_a_complete_form() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let cw = caseworker(&app).await;
    let person = app.applied("erasure-form-0001", &valid()).await;

    let (status, _) = erase(&cw, &app, &person, &form(&person)).await;
    assert_eq!(status, 403, "a caseworker cannot erase");
    assert_eq!(
        status_at(&cw, &app, &format!("/api/applicants/{person}/erasure")).await,
        403
    );

    let wrong = json!({
        "ground": "",
        "requested_on": today().succ_opt().unwrap().to_string(),
        "case_number": "Dnr 19900101-1239",
        "confirm_reference": "KP-1999-0001",
    });
    let (status, body) = erase(&dpo, &app, &person, &wrong).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"],
        json!([
            {"field": "ground", "code": "required"},
            {"field": "requested_on", "code": "future"},
            {"field": "case_number", "code": "personal_data"},
            {"field": "confirm_reference", "code": "mismatch"},
        ])
    );
    let (status, _) = erase(&dpo, &app, "KP-1999-0001", &form("KP-1999-0001")).await;
    assert_eq!(status, 404);
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{person}")).await,
        200
    );
}

#[tokio::test]
async fn an_erasure_whose_log_entry_fails_leaves_everything_as_it_was() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let person = app.applied("erasure-log-0001", &valid()).await;
    app.store
        .refuse_access_log_appends("write:erasure")
        .await
        .unwrap();
    let (status, _) = erase(&dpo, &app, &person, &form(&person)).await;
    assert_eq!(status, 500);
    assert_eq!(
        status_at(&dpo, &app, &format!("/api/applicants/{person}")).await,
        200
    );
    assert_eq!(json_at(&dpo, &app, "/api/erasures").await, json!([]));
}

#[tokio::test]
async fn the_erasure_check_and_the_register_extract_record_the_purpose_their_screen_gave() {
    let app = spawn_app().await;
    let dpo = admin(&app).await;
    let reference = app.applied("erasure-purpose-01", &valid()).await;

    let check = dpo
        .get(app.url(&format!("/api/applicants/{reference}/erasure")))
        .header("X-KP-Purpose", "erasure")
        .send()
        .await
        .unwrap();
    assert_eq!(check.status(), 200);
    let extract = dpo
        .post(app.url("/api/register-extract"))
        .header("X-KP-Purpose", "register_extract")
        .json(&json!({"personnummer": "811218-9876"}))
        .send()
        .await
        .unwrap();
    assert_eq!(extract.status(), 200);
    let lunch = dpo
        .get(app.url(&format!("/api/applicants/{reference}/erasure")))
        .header("X-KP-Purpose", "lunch")
        .send()
        .await
        .unwrap();
    assert_eq!(lunch.status(), 400, "an unknown purpose is refused");

    let log = json_at(&dpo, &app, "/api/access-log?kind=personal_data").await;
    let purpose_of = |action: &str| {
        let entries: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == action && e["record"] == format!("applicant:{reference}"))
            .collect();
        assert_eq!(entries.len(), 1, "{action}: {log}");
        entries[0]["purpose"].clone()
    };
    assert_eq!(purpose_of("read:erasure_check"), "erasure");
    assert_eq!(purpose_of("read:register_extract"), "register_extract");
}
