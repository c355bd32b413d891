//! `POST /api/applications`: storing, idempotency, every refusal, and mail.

use crate::helpers::{envelope_code, spawn_app, spawn_app_in, spawn_app_with};
use kp_domain::application::CONSENT_VERSION;
use kp_domain::form_text::form_text;
use kp_domain::Locale;
use kp_server::store::StoredMail;
use serde_json::{json, Value};

pub fn valid() -> Value {
    json!({
        "first_name": "Amina",
        "last_name": "Yusuf",
        "personnummer": "811218-9876",
        "address": "Storgatan 1",
        "postcode": "123 45",
        "town": "Exempelby",
        "phone": "070-123 45 67",
        "email": "amina@example.se",
        "assignment_types": ["child"],
        "languages": ["so", "sv"],
        "occupation": "Undersköterska",
        "frequency": "weekly",
        "times": ["evenings"],
        "motivation": "Jag vill ge tid till en ung person som behöver en vuxen till.",
        "consent": true,
        "consent_version": CONSENT_VERSION,
        "locale": "so"
    })
}

fn with(change: &[(&str, Value)]) -> Value {
    let mut body = valid();
    for (key, value) in change {
        body[*key] = value.clone();
    }
    body
}

const KEY: &str = "test-key-0123456789abcdef";

#[tokio::test]
async fn a_valid_application_is_stored_with_a_reference_and_two_queued_mails() {
    let app = spawn_app().await;
    let response = app.post_application(KEY, &valid()).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    let reference = receipt["reference"].as_str().unwrap();
    let year = kp_server::current_year();
    assert_eq!(reference, format!("KP-{year}-0001"));
    assert_eq!(receipt["email"], "amina@example.se");
    assert_eq!(app.store.count_applications().await.unwrap(), 1);

    let mails = app.store.mails_for(reference).await.unwrap();
    assert_eq!(mails.len(), 2);
    let StoredMail {
        kind,
        to_address: to,
        subject,
        body,
        status,
        ..
    } = &mails[0];
    assert_eq!(
        (kind.as_str(), to.as_str(), status.as_str()),
        ("receipt", "amina@example.se", "outbox")
    );
    assert!(
        subject.contains(form_text(Locale::So).done_title),
        "receipt in the applicant's language"
    );
    assert!(body.contains(reference));
    assert!(!body.contains("811218"), "no personnummer in mail");
    let StoredMail {
        kind,
        to_address: to,
        body,
        ..
    } = &mails[1];
    assert_eq!(
        (kind.as_str(), to.as_str()),
        ("notice", "kontaktperson@exempelby.se")
    );
    assert!(
        body.contains("Soomaali"),
        "the unit learns which language to call in"
    );
}

#[tokio::test]
async fn references_count_up_within_the_year() {
    let app = spawn_app().await;
    let year = kp_server::current_year();
    for n in 1..=3 {
        let receipt: Value = app
            .post_application(&format!("{KEY}-{n}"), &valid())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(receipt["reference"], format!("KP-{year}-{n:04}"));
    }
}

#[tokio::test]
async fn resending_the_same_submission_stores_one_application_and_answers_the_same_reference() {
    let app = spawn_app().await;
    let first: Value = app
        .post_application(KEY, &valid())
        .await
        .json()
        .await
        .unwrap();
    let again = app.post_application(KEY, &valid()).await;
    assert_eq!(again.status(), 200, "a resend is not a new application");
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(app.store.count_applications().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_double_click_sending_at_once_stores_one_application() {
    let app = spawn_app().await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = app.client.clone();
            let url = app.url("/api/applications");
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("idempotency-key", KEY)
                    .json(&valid())
                    .send()
                    .await
                    .expect("request sent")
            })
        })
        .collect();
    let mut references = Vec::new();
    for task in tasks {
        let response = task.await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let receipt: Value = response.json().await.unwrap();
        references.push(receipt["reference"].as_str().unwrap().to_string());
    }
    references.dedup();
    assert_eq!(
        references.len(),
        1,
        "every answer names the same application"
    );
    assert_eq!(app.store.count_applications().await.unwrap(), 1);
}

#[tokio::test]
async fn a_resend_after_a_server_restart_answers_the_same_reference() {
    let app = spawn_app().await;
    let first: Value = app
        .post_application(KEY, &valid())
        .await
        .json()
        .await
        .unwrap();
    let dir = app.stop().await;
    let restarted = spawn_app_in(dir, |_| {}).await;
    let again = restarted.post_application(KEY, &valid()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(restarted.store.count_applications().await.unwrap(), 1);
}

#[tokio::test]
async fn the_same_key_with_different_content_is_refused() {
    let app = spawn_app().await;
    app.post_application(KEY, &valid()).await;
    let response = app
        .post_application(KEY, &with(&[("first_name", json!("Someone else"))]))
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(envelope_code(response).await, "idempotency_key_reused");
    assert_eq!(app.store.count_applications().await.unwrap(), 1);
}

#[tokio::test]
async fn every_validation_code_reaches_the_client_as_a_field_and_a_code() {
    let app = spawn_app().await;
    let cases = [
        (with(&[("first_name", json!(""))]), "first_name", "required"),
        (
            with(&[("last_name", json!("x".repeat(101)))]),
            "last_name",
            "too_long",
        ),
        (
            with(&[("last_name", json!("A\u{0}B"))]),
            "last_name",
            "invalid_characters",
        ),
        (
            with(&[("personnummer", json!("811218-9875"))]),
            "personnummer",
            "checksum",
        ),
        (
            with(&[("personnummer", json!("811318-9876"))]),
            "personnummer",
            "date",
        ),
        (
            // Födelsenummer 000 with a correct check digit: never issued (SKV 704).
            with(&[("personnummer", json!("811218-0008"))]),
            "personnummer",
            "serial",
        ),
        (
            with(&[("personnummer", json!("12"))]),
            "personnummer",
            "format",
        ),
        (
            with(&[("personnummer", json!("20081123-1232"))]),
            "personnummer",
            "underage",
        ),
        (with(&[("address", json!(" "))]), "address", "required"),
        (with(&[("postcode", json!("1234"))]), "postcode", "format"),
        (with(&[("town", json!(""))]), "town", "required"),
        (with(&[("phone", json!("08-1234567"))]), "phone", "format"),
        (with(&[("email", json!("amina@"))]), "email", "format"),
        (
            with(&[("assignment_types", json!([]))]),
            "assignment_types",
            "choose_at_least_one",
        ),
        (
            with(&[("assignment_types", json!(["x"]))]),
            "assignment_types",
            "invalid_choice",
        ),
        (
            with(&[("languages", json!([]))]),
            "languages",
            "choose_at_least_one",
        ),
        (with(&[("occupation", json!(""))]), "occupation", "required"),
        (
            with(&[("frequency", json!("yearly"))]),
            "frequency",
            "invalid_choice",
        ),
        (
            with(&[("times", json!([]))]),
            "times",
            "choose_at_least_one",
        ),
        (
            with(&[("age_groups", json!(["100"]))]),
            "age_groups",
            "invalid_choice",
        ),
        (
            with(&[("knows_child", json!(true))]),
            "knows_child_details",
            "required",
        ),
        (
            with(&[("motivation", json!("kort"))]),
            "motivation",
            "too_short",
        ),
        (with(&[("consent", json!(false))]), "consent", "required"),
        (
            with(&[("consent_version", json!("1999"))]),
            "consent_version",
            "outdated",
        ),
    ];
    for (i, (body, field, code)) in cases.into_iter().enumerate() {
        // The underage case needs a valid check digit for a date 18 years ago tomorrow.
        let body = if code == "underage" {
            let today = kp_server::today_in_sweden(chrono::Utc::now());
            let birth = today.succ_opt().unwrap() - chrono::Months::new(18 * 12);
            let nine = format!("{}123", birth.format("%y%m%d"));
            let number = format!("{nine}{}", kp_domain::personnummer::check_digit(&nine));
            with(&[("personnummer", json!(number))])
        } else {
            body
        };
        let response = app.post_application(&format!("{KEY}-{i}"), &body).await;
        assert_eq!(response.status(), 422, "{field}/{code}");
        let envelope: Value = response.json().await.unwrap();
        assert_eq!(envelope["error"]["code"], "validation_failed");
        assert_eq!(
            envelope["error"]["fields"],
            json!([{"field": field, "code": code}]),
            "{field}/{code}"
        );
    }
    assert_eq!(
        app.store.count_applications().await.unwrap(),
        0,
        "nothing stored half"
    );
}

#[tokio::test]
async fn malformed_requests_get_clear_refusals_and_store_nothing() {
    let app = spawn_app().await;
    let url = app.url("/api/applications");
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "not JSON",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .header("content-type", "application/json")
                .body("{nope"),
            400,
            "malformed_json",
        ),
        (
            "invalid UTF-8",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .header("content-type", "application/json")
                .body(b"{\"first_name\": \"\xff\xfe\"}".to_vec()),
            400,
            "malformed_json",
        ),
        (
            "wrong types",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .json(&json!({"consent": "yes"})),
            400,
            "malformed_json",
        ),
        (
            "a form post",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("first_name=A"),
            415,
            "unsupported_media_type",
        ),
        (
            "no content type",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .body(valid().to_string()),
            415,
            "unsupported_media_type",
        ),
        (
            "no idempotency key",
            app.client.post(&url).json(&valid()),
            400,
            "idempotency_key_invalid",
        ),
        (
            "a short idempotency key",
            app.client
                .post(&url)
                .header("idempotency-key", "abc")
                .json(&valid()),
            400,
            "idempotency_key_invalid",
        ),
        (
            "a huge body",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .json(&with(&[("motivation", json!("x".repeat(200_000)))])),
            413,
            "payload_too_large",
        ),
        (
            "the robot field",
            app.client
                .post(&url)
                .header("idempotency-key", KEY)
                .json(&with(&[("website", json!("http://spam.example"))])),
            400,
            "rejected",
        ),
    ];
    for (why, request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{why}");
        assert_eq!(envelope_code(response).await, code, "{why}");
    }
    assert_eq!(app.store.count_applications().await.unwrap(), 0);
}

#[tokio::test]
async fn hostile_text_is_stored_as_text() {
    let app = spawn_app().await;
    let motivation = "<script>alert('x')</script>'); DROP TABLE applications; -- ok";
    let body = with(&[
        ("motivation", json!(motivation)),
        ("first_name", json!("Robert'); --")),
    ]);
    let receipt: Value = app.post_application(KEY, &body).await.json().await.unwrap();
    let (first, stored, _) = app
        .store
        .application_summary(receipt["reference"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, motivation);
    assert_eq!(first, "Robert'); --");
    assert_eq!(
        app.store.count_applications().await.unwrap(),
        1,
        "the table is still there"
    );
}

#[tokio::test]
async fn too_many_new_applications_from_one_address_get_429_with_retry_after() {
    let app = spawn_app_with(|c| c.submission_limit = 2).await;
    for n in 0..2 {
        let response = app.post_application(&format!("{KEY}-{n}"), &valid()).await;
        assert_eq!(response.status(), 201);
    }
    let response = app.post_application(&format!("{KEY}-x"), &valid()).await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert_eq!(envelope_code(response).await, "too_many_requests");
    // A resend of a stored one still gets its receipt.
    let resend = app.post_application(&format!("{KEY}-0"), &valid()).await;
    assert_eq!(resend.status(), 200);
}
