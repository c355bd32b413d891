//! Receipts for a monthly report's extra costs (issue 15): a contact person uploads a JPEG, a PNG
//! or a PDF to a month of their own assignment while its report is theirs to change, reads it
//! back and removes it; a caseworker reads it; nobody else reaches it. A file that is not what it
//! claims, an empty one and one over the limit are refused with nothing stored; a sent report's
//! costs name receipts of its month; gallring takes receipts with their assignment and the
//! register extract lists them.

use std::sync::{Arc, Mutex};

use chrono::{Datelike, Months};
use kp_domain::receipt::MAX_RECEIPT_BYTES;
use kp_domain::retention::Category;
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::contact_area::{
    actions_on, caseworker, contact_person_with_assignment, contact_person_with_assignment_from,
    signed_in_by_link, PASSWORD,
};
use crate::helpers::{envelope_code, spawn_app_with, TestApp};
use crate::mail::fake_smtp;
use crate::placement::{get_json, post};

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 0xFF, 0xD9,
];
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I',
];
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

fn this_month() -> String {
    today().format("%Y-%m").to_string()
}

/// The contact person's area where the municipality pays extra costs with receipts.
async fn receipts_app() -> (TestApp, Arc<Mutex<Vec<String>>>) {
    let (port, received) = fake_smtp().await;
    let app = spawn_app_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.public_url = Some("https://kontaktperson.exempelby.se".into());
        c.contact_area.link_sign_in = true;
        c.contact_area.report_rules.extra_costs = true;
    })
    .await;
    (app, received)
}

/// A contact person signed in, with an assignment from the first of this month that ended today
/// (so this month's report can be sent at once); (caseworker, contact person, assignment id).
async fn person_with_a_month_to_send(
    app: &TestApp,
    received: &Arc<Mutex<Vec<String>>>,
) -> (reqwest::Client, reqwest::Client, i64) {
    let cw = caseworker(app).await;
    let first = today().with_day(1).unwrap();
    let (_, id) = contact_person_with_assignment_from(&cw, app, 1, "hodan@example.se", first).await;
    let ending = json!({
        "date": today(), "reason": "Familjen flyttar", "initiated_by": "young_person_or_family",
        "contact_person_continues": true
    });
    let ended = post(&cw, app, format!("/api/assignments/{id}/ending"), &ending).await;
    assert_eq!(ended.status(), 204);
    let person = signed_in_by_link(app, received, "hodan@example.se", "sv").await;
    (cw, person, id)
}

fn receipts_path(id: i64) -> String {
    format!(
        "/api/contact/assignments/{id}/reports/{}/receipts",
        this_month()
    )
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    id: i64,
    name: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut request = client
        .post(app.url(&receipts_path(id)))
        .query(&[("name", name)])
        .body(bytes);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap()
}

/// Uploads a receipt that must be accepted; its id.
async fn uploaded(
    client: &reqwest::Client,
    app: &TestApp,
    id: i64,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> String {
    let response = upload(client, app, id, name, Some(content_type), bytes.to_vec()).await;
    assert_eq!(response.status(), 201, "{name}");
    let receipt: Value = response.json().await.unwrap();
    receipt["id"].as_str().unwrap().to_string()
}

async fn stored_receipts(client: &reqwest::Client, app: &TestApp, id: i64) -> Vec<Value> {
    let path = format!("/api/contact/assignments/{id}/reports/{}", this_month());
    get_json(client, app, path).await["receipts"]
        .as_array()
        .unwrap()
        .clone()
}

fn codes(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["field"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn a_contact_person_uploads_a_jpeg_a_png_and_a_pdf_reads_them_back_and_the_caseworker_reads_them_too(
) {
    let (app, received) = receipts_app().await;
    let (cw, person, id) = person_with_a_month_to_send(&app, &received).await;

    let answer = upload(
        &person,
        &app,
        id,
        "IMG_2041.JPG",
        Some("image/jpeg"),
        JPEG.to_vec(),
    )
    .await;
    assert_eq!(answer.status(), 201);
    let jpeg: Value = answer.json().await.unwrap();
    assert_eq!(jpeg["name"], "IMG_2041.jpg");
    assert_eq!(jpeg["content_type"], "image/jpeg");
    assert_eq!(jpeg["size"], JPEG.len());
    let token = jpeg["id"].as_str().unwrap();
    assert!(
        token.len() >= 40 && token.parse::<i64>().is_err(),
        "an unguessable token, not a row number: {token}"
    );
    let png = uploaded(
        &person,
        &app,
        id,
        "Skärmbild e-kvitto.png",
        "image/png",
        PNG,
    )
    .await;
    let pdf = uploaded(
        &person,
        &app,
        id,
        "../kvitto bio.pdf",
        "application/pdf",
        PDF,
    )
    .await;

    let listed = stored_receipts(&person, &app, id).await;
    let names: Vec<&str> = listed.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["IMG_2041.jpg", "Skärmbild e-kvitto.png", "kvitto bio.pdf"]
    );

    let own = person
        .get(app.url(&format!("{}/{pdf}", receipts_path(id))))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let headers = own.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"kvitto bio.pdf\""),
        "{disposition}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("sandbox") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert_eq!(own.bytes().await.unwrap().as_ref(), PDF);

    let month = this_month();
    let theirs = cw
        .get(app.url(&format!(
            "/api/assignments/{id}/reports/{month}/receipts/{png}"
        )))
        .header("x-purpose", "report_review")
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 200);
    assert_eq!(theirs.headers()["content-type"], "image/png");
    assert_eq!(theirs.bytes().await.unwrap().as_ref(), PNG);
    let report = get_json(&cw, &app, format!("/api/assignments/{id}/reports/{month}")).await;
    assert_eq!(report["receipts"].as_array().unwrap().len(), 3);

    // Removed while the report is a draft: gone for both.
    let path = format!("{}/{token}", receipts_path(id));
    let removed = person.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(removed.status(), 204);
    assert_eq!(
        person.get(app.url(&path)).send().await.unwrap().status(),
        404
    );
    let again = person.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(again.status(), 404);
    assert_eq!(stored_receipts(&person, &app, id).await.len(), 2);

    let logged = actions_on(&app, &format!("report:{id}:{month}")).await;
    for action in [
        "write:receipt_added",
        "read:receipt",
        "write:receipt_removed",
    ] {
        assert!(logged.iter().any(|a| a == action), "{action} in {logged:?}");
    }
    assert_eq!(
        logged
            .iter()
            .filter(|a| *a == "write:receipt_added")
            .count(),
        3,
        "{logged:?}"
    );
}

#[tokio::test]
async fn a_text_file_called_a_pdf_an_empty_file_and_one_over_the_limit_are_refused_with_nothing_stored(
) {
    let (app, received) = receipts_app().await;
    let (_, person, id) = person_with_a_month_to_send(&app, &received).await;

    let text = b"Kvitto: bowling 240 kr".to_vec();
    let fake = upload(
        &person,
        &app,
        id,
        "kvitto.pdf",
        Some("application/pdf"),
        text,
    )
    .await;
    assert_eq!(fake.status(), 415);
    assert_eq!(envelope_code(fake).await, "receipt_type");
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let fake = upload(&person, &app, id, "kvitto.png", Some("image/png"), html).await;
    assert_eq!(envelope_code(fake).await, "receipt_type");
    let undeclared = upload(&person, &app, id, "kvitto.png", None, PNG.to_vec()).await;
    assert_eq!(envelope_code(undeclared).await, "receipt_type");
    let disagrees = upload(
        &person,
        &app,
        id,
        "kvitto.jpg",
        Some("image/jpeg"),
        PNG.to_vec(),
    )
    .await;
    assert_eq!(envelope_code(disagrees).await, "receipt_type");
    let empty = upload(
        &person,
        &app,
        id,
        "kvitto.jpg",
        Some("image/jpeg"),
        Vec::new(),
    )
    .await;
    assert_eq!(empty.status(), 400);
    assert_eq!(envelope_code(empty).await, "receipt_empty");

    let mut large = PDF.to_vec();
    large.resize(MAX_RECEIPT_BYTES + 1, b' ');
    let refused = upload(
        &person,
        &app,
        id,
        "stor.pdf",
        Some("application/pdf"),
        large.clone(),
    )
    .await;
    assert_eq!(refused.status(), 413);
    assert_eq!(envelope_code(refused).await, "receipt_too_large");
    assert!(
        stored_receipts(&person, &app, id).await.is_empty(),
        "nothing is stored of a refused file"
    );

    // The limit itself is accepted: the route's body limit is the receipt's, no less.
    large.truncate(MAX_RECEIPT_BYTES);
    let at_limit = upload(
        &person,
        &app,
        id,
        "stor.pdf",
        Some("application/pdf"),
        large,
    )
    .await;
    assert_eq!(at_limit.status(), 201);
    let listed = stored_receipts(&person, &app, id).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["size"], MAX_RECEIPT_BYTES);

    // Every other route keeps its own limit.
    let big_draft = json!({ "no_meetings_reason": "x".repeat(70 * 1024) });
    let path = format!("/api/contact/assignments/{id}/reports/{}", this_month());
    let draft = person
        .put(app.url(&path))
        .json(&big_draft)
        .send()
        .await
        .unwrap();
    assert_eq!(draft.status(), 413);
    assert_eq!(envelope_code(draft).await, "payload_too_large");
}

#[tokio::test]
async fn another_contact_person_never_reaches_a_receipt_and_gets_the_answer_of_one_that_does_not_exist(
) {
    let (app, received) = receipts_app().await;
    let (cw, person, id) = person_with_a_month_to_send(&app, &received).await;
    let receipt = uploaded(&person, &app, id, "kvitto.jpg", "image/jpeg", JPEG).await;
    let (_, others) = contact_person_with_assignment(&cw, &app, 2, "omar@example.se").await;
    let other = signed_in_by_link(&app, &received, "omar@example.se", "sv").await;
    let month = this_month();

    for path in [
        format!("/api/contact/assignments/{id}/reports/{month}/receipts/{receipt}"),
        format!("/api/contact/assignments/{others}/reports/{month}/receipts/{receipt}"),
    ] {
        let read = other.get(app.url(&path)).send().await.unwrap();
        assert_eq!(read.status(), 404, "read {path}");
        let removed = other.delete(app.url(&path)).send().await.unwrap();
        assert_eq!(removed.status(), 404, "delete {path}");
    }
    let theirs = upload(
        &other,
        &app,
        id,
        "kvitto.jpg",
        Some("image/jpeg"),
        JPEG.to_vec(),
    )
    .await;
    assert_eq!(theirs.status(), 404, "no upload to another's assignment");
    // A receipt is one month's: asked for under another month, it is not there.
    let previous = (today().with_day(1).unwrap() - Months::new(1)).format("%Y-%m");
    let elsewhere = person
        .get(app.url(&format!(
            "/api/contact/assignments/{id}/reports/{previous}/receipts/{receipt}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
    assert_eq!(
        stored_receipts(&person, &app, id).await.len(),
        1,
        "still there"
    );
}

#[tokio::test]
async fn a_sent_report_names_only_its_months_receipts_and_then_they_are_locked_through_approval() {
    let (app, received) = receipts_app().await;
    let (cw, person, id) = person_with_a_month_to_send(&app, &received).await;
    let receipt = uploaded(&person, &app, id, "bowling.jpg", "image/jpeg", JPEG).await;
    let month = this_month();
    let submit = format!("/api/contact/assignments/{id}/reports/{month}/submit");
    let report = |receipt: Option<&str>| {
        json!({ "report": {
            "meetings": [{ "date": today(), "minutes": 120, "activities": ["sport"] }],
            "costs": [{ "date": today(), "description": "Bowling, två personer",
                        "amount_ore": 24000, "receipt": receipt }]
        }, "declaration": true })
    };

    let without = post(&person, &app, &submit, &report(None)).await;
    assert_eq!(without.status(), 422);
    assert_eq!(
        codes(&without.json().await.unwrap()),
        ["costs[0].receipt required"]
    );
    let unknown = post(&person, &app, &submit, &report(Some("inte-ett-kvitto"))).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(
        codes(&unknown.json().await.unwrap()),
        ["costs[0].receipt receipt_unknown"]
    );
    let sent = post(&person, &app, &submit, &report(Some(&receipt))).await;
    assert_eq!(sent.status(), 204);

    // Sent: no receipt comes or goes until the report is returned.
    let late = upload(
        &person,
        &app,
        id,
        "fika.png",
        Some("image/png"),
        PNG.to_vec(),
    )
    .await;
    assert_eq!(late.status(), 409);
    assert_eq!(envelope_code(late).await, "report_locked");
    let path = format!("{}/{receipt}", receipts_path(id));
    let kept = person.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(kept.status(), 409);
    assert_eq!(envelope_code(kept).await, "report_locked");

    let review = format!("/api/assignments/{id}/reports/{month}/review");
    let approved = post(&cw, &app, &review, &json!({ "decision": "approve" })).await;
    assert_eq!(approved.status(), 204);
    let after = upload(
        &person,
        &app,
        id,
        "fika.png",
        Some("image/png"),
        PNG.to_vec(),
    )
    .await;
    assert_eq!(envelope_code(after).await, "report_locked");
    let kept = person.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(envelope_code(kept).await, "report_locked");
    let read = person.get(app.url(&path)).send().await.unwrap();
    assert_eq!(read.status(), 200, "still theirs to read");
    let seen = cw
        .get(app.url(&format!(
            "/api/assignments/{id}/reports/{month}/receipts/{receipt}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(seen.status(), 200);
    assert_eq!(seen.bytes().await.unwrap().as_ref(), JPEG);
}

#[tokio::test]
async fn where_the_municipality_pays_no_extra_costs_there_is_no_upload() {
    let (app, received) = crate::contact_area::area_app().await;
    let (_, person, id) = person_with_a_month_to_send(&app, &received).await;
    let refused = upload(
        &person,
        &app,
        id,
        "kvitto.jpg",
        Some("image/jpeg"),
        JPEG.to_vec(),
    )
    .await;
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn the_register_extract_lists_the_receipts_and_gallring_takes_them_with_their_assignment() {
    let (app, received) = receipts_app().await;
    app.create_account("dso@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let admin = app.signed_in("dso@exempelby.se", PASSWORD).await;
    let (cw, person, id) = person_with_a_month_to_send(&app, &received).await;
    let receipt = uploaded(
        &person,
        &app,
        id,
        "Bowlinghallen qzxj.png",
        "image/png",
        PNG,
    )
    .await;

    let extract =
        crate::person_rights::extract_of(&admin, &app, &crate::contact_area::personnummer(1)).await;
    let listed = &extract["applications"][0]["assignments"][0]["reports"][0]["receipts"][0];
    assert_eq!(listed["name"], "Bowlinghallen qzxj.png");
    assert_eq!(listed["content_type"], "image/png");
    assert_eq!(listed["size"], PNG.len());
    assert!(listed["uploaded_at"].is_string());
    assert!(listed.get("content").is_none(), "not the bytes");

    // Five years after the assignment ended it goes, and its receipts with it.
    let longer = json!({"amount": 10, "decision": "Test: loggen sparas längre"});
    let kept = admin
        .put(app.url("/api/retention/rules/access_log"))
        .json(&longer)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 204);
    let report = crate::retention::run(&app, today() + Months::new(60)).await;
    assert_eq!(
        crate::retention::removed(&report, Category::EndedAssignments),
        1,
        "{report:?}"
    );
    let rows = app.store.rows_as_text().await.unwrap();
    assert!(
        rows.iter().all(|(table, _)| table != "receipts"),
        "no receipt left"
    );
    for (table, row) in rows.iter().filter(|(table, _)| table != "access_log") {
        for gone in ["qzxj", receipt.as_str()] {
            assert!(!row.contains(gone), "{table} still holds {gone}: {row}");
        }
    }
    let month = this_month();
    let read = cw
        .get(app.url(&format!(
            "/api/assignments/{id}/reports/{month}/receipts/{receipt}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 404);
}
