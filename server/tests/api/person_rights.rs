//! The person's rights: the register extract (GDPR art. 15) holds every kind of data stored about
//! a person, says so when there is none, and is itself logged; a correction (art. 16) changes
//! what the list searches, keeps the old value in the timeline, refuses what the interest form
//! refuses, and commits with its access-log entry or not at all.

use chrono::Datelike;
use kp_domain::correction::{correct, Correction};
use kp_domain::pipeline::Event;
use kp_server::store::{LogEntry, Role};
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{json_at, spawn_app, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";
const ADMIN: &str = "admin@exempelby.se";
const CASEWORKER: &str = "handlaggare@exempelby.se";

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// An administrator, a caseworker, and one application (`valid()`, personnummer 811218-9876).
async fn setup() -> (TestApp, reqwest::Client, reqwest::Client, String) {
    let app = spawn_app().await;
    app.create_account(ADMIN, PASSWORD, Role::Admin).await;
    app.create_account(CASEWORKER, PASSWORD, Role::Caseworker)
        .await;
    let reference = app.applied("person-rights-key-0001", &valid()).await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let cw = app.signed_in(CASEWORKER, PASSWORD).await;
    (app, admin, cw, reference)
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    client.post(app.url(path)).json(body).send().await.unwrap()
}

pub(crate) async fn extract_of(
    admin: &reqwest::Client,
    app: &TestApp,
    personnummer: &str,
) -> Value {
    let response = post(
        admin,
        app,
        "/api/register-extract",
        &json!({ "personnummer": personnummer }),
    )
    .await;
    assert_eq!(response.status(), 200, "the extract of {personnummer}");
    response.json().await.unwrap()
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Every access-log entry as `action record`, oldest first.
async fn log_lines(app: &TestApp) -> Vec<String> {
    let mut lines: Vec<String> = app
        .store
        .access_log(None, None, None, None, 10_000, Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.record))
        .collect();
    lines.reverse();
    lines
}

/// The references of the applicants a list search finds.
async fn found_by(cw: &reqwest::Client, app: &TestApp, query: &str) -> Vec<String> {
    let page = json_at(cw, app, &format!("/api/applicants?{query}")).await;
    page["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("a page for {query}: {page}"))
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect()
}

/// Walks the applicant to approval with every kind of evidence.
pub(crate) async fn approve(cw: &reqwest::Client, app: &TestApp, reference: &str) {
    let t = today().to_string();
    for step in [
        json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": "Vill gärna"}),
        json!({"kind": "interview_booked", "at": format!("{t}T10:00:00"), "place": "Rum 3"}),
        json!({"kind": "interview_held", "date": t, "participants": "AB, CD", "assessment": "Varm och stabil"}),
        json!({"kind": "police_extract", "issued": t, "received": t, "has_entries": false, "verified_how": "Originalet med vattenstämpel"}),
        json!({"kind": "register_check", "date": t, "outcome": "nothing_recorded", "legal_basis": "Samtycke 2026-11-01", "note": ""}),
        json!({"kind": "reference", "name": "Eva Ek", "relation": "Chef", "phone": "070-111 22 33", "contacted": t, "summary": "Pålitlig"}),
        json!({"kind": "reference", "name": "Omar Ali", "relation": "Granne", "phone": "070-444 55 66", "contacted": t, "summary": "Omtänksam"}),
        json!({"kind": "decision", "approved": true, "assignment_types": ["child"], "motivation": "Lämplig", "date": t}),
        json!({"kind": "note", "text": "Vill helst träffas på kvällar"}),
    ] {
        let response = post(
            cw,
            app,
            &format!("/api/applicants/{reference}/events"),
            &step,
        )
        .await;
        assert_eq!(response.status(), 204, "{step}");
    }
}

/// An assignment for the approved applicant, begun two months ago, with a plan, a follow-up and
/// a change of terms; the years it is paid in get a prisbasbelopp. Answers (need, assignment id).
pub(crate) async fn assignment(
    cw: &reqwest::Client,
    app: &TestApp,
    reference: &str,
) -> (String, i64) {
    let year = today().year();
    for y in [year - 1, year] {
        if app.store.price_base(y).await.unwrap().is_none() {
            app.store.set_price_base(y, 59_200, "test").await.unwrap();
        }
    }
    let need = post(
        cw,
        app,
        "/api/needs",
        &json!({
            "case_reference": "IFO-2026-7001",
            "birth_year": (year - 11).to_string(),
            "gender": "girl",
            "languages": ["so"],
            "area": "Exempelby centrum",
            "interests": "fotboll",
            "goals": ["wider_network"],
            "goal_note": "",
            "assignment_type": "child",
            "frequency": "weekly",
            "times": ["evenings"],
            "suggested_person": "",
            "needs_driving": false
        }),
    )
    .await;
    assert_eq!(need.status(), 201);
    let need = need.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let first_of_month = today().with_day(1).unwrap();
    let start = first_of_month
        .checked_sub_months(chrono::Months::new(2))
        .unwrap();
    let made = post(
        cw,
        app,
        &format!("/api/needs/{need}/assignment"),
        &json!({
            "applicant_reference": reference, "reason": "Talar somaliska och bor nära",
            "start_date": start, "frequency": "weekly"
        }),
    )
    .await;
    assert_eq!(made.status(), 201);
    let id: i64 = made.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let plan = cw
        .put(app.url(&format!("/api/assignments/{id}/plan")))
        .json(&json!({
            "goals": [{"text": "Ett större nätverk", "how_noticed": "Hon nämner nya vänner"}],
            "activities": "Fotboll och bibliotek",
            "contacts": [{"who": "Vårdnadshavare", "how_often": "Varje månad"}],
            "follow_up_rule": {"first_after_months": 1, "every_months": 3}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status(), 204);
    let follow_up = post(
        cw,
        app,
        &format!("/api/assignments/{id}/follow-ups"),
        &json!({"date": today(), "notes": "Det går bra", "assessments": [{"goal": 0, "progress": "progress"}]}),
    )
    .await;
    assert_eq!(follow_up.status(), 204);
    let terms = post(
        cw,
        app,
        &format!("/api/assignments/{id}/terms"),
        &json!({"from": first_of_month + chrono::Duration::days(14), "frequency": "several_per_week", "reason": "Beslut om tätare träffar"}),
    )
    .await;
    assert_eq!(terms.status(), 204);
    (need, id)
}

#[tokio::test]
async fn the_register_extract_holds_every_kind_of_data_about_the_person_field_by_field() {
    let (app, admin, cw, reference) = setup().await;
    approve(&cw, &app, &reference).await;
    let (need, id) = assignment(&cw, &app, &reference).await;
    let corrected = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/correction"),
        &json!({"town": "Annanstad"}),
    )
    .await;
    assert_eq!(corrected.status(), 204);
    // Someone else, whose data must not appear.
    let mut other = valid();
    other["personnummer"] = json!("19700101-0011");
    other["email"] = json!("other@example.se");
    let other = app.applied("person-rights-key-0002", &other).await;
    cw.get(app.url(&format!("/api/applicants/{other}")))
        .send()
        .await
        .unwrap();

    // Taken with the number written another way than on the form.
    let extract = extract_of(&admin, &app, "19811218-9876").await;

    assert_eq!(extract["personnummer"], "19811218-9876");
    assert_eq!(extract["produced_by"], "Test Testsson");
    let applications = extract["applications"].as_array().unwrap();
    assert_eq!(applications.len(), 1, "only this person's application");
    let application = &applications[0];
    let detail = json_at(&cw, &app, &format!("/api/applicants/{reference}")).await;

    // The application and its answers, as stored (corrections applied).
    assert_eq!(application["reference"], reference.as_str());
    assert_eq!(application["received_at"], detail["summary"]["received_at"]);
    assert_eq!(application["stage"], "approved");
    assert_eq!(application["answers"], detail["answers"]);
    assert_eq!(application["answers"]["town"], "Annanstad");
    assert_eq!(application["answers"]["phone"], "+46701234567");
    assert!(application["consent_at"].as_str().unwrap().ends_with('Z'));

    // Every vetting step with its evidence, the references given, and the correction.
    assert_eq!(application["timeline"], detail["timeline"]);
    let kinds: Vec<&str> = application["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "phone_call",
            "interview_booked",
            "interview_held",
            "police_extract",
            "register_check",
            "reference",
            "reference",
            "decision",
            "note",
            "correction"
        ]
    );
    let events: Vec<&Value> = application["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["event"])
        .collect();
    assert_eq!(events[3]["verified_how"], "Originalet med vattenstämpel");
    assert_eq!(events[4]["legal_basis"], "Samtycke 2026-11-01");
    assert_eq!(
        (
            &events[5]["name"],
            &events[5]["relation"],
            &events[5]["phone"]
        ),
        (&json!("Eva Ek"), &json!("Chef"), &json!("070-111 22 33"))
    );
    assert_eq!(events[6]["summary"], "Omtänksam");
    assert_eq!(
        events[9]["changes"],
        json!([{"field": "town", "from": "Exempelby", "to": "Annanstad"}])
    );

    // The assignment with its plan, follow-up, terms and history, as its own page has them.
    let assignments = application["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 1);
    let assignment = &assignments[0];
    let page = json_at(&cw, &app, &format!("/api/assignments/{id}")).await;
    for field in [
        "row",
        "match_reason",
        "plan",
        "follow_ups",
        "ending",
        "terms",
        "history",
    ] {
        assert_eq!(assignment[field], page[field], "{field}");
    }
    assert_eq!(assignment["row"]["need_reference"], need.as_str());
    assert_eq!(assignment["plan"]["activities"], "Fotboll och bibliotek");
    assert_eq!(
        assignment["follow_ups"][0]["follow_up"]["notes"],
        "Det går bra"
    );
    assert_eq!(assignment["terms"].as_array().unwrap().len(), 2);
    assert!(
        assignment.get("need").is_none(),
        "the child's need is the child's data, not in the contact person's extract"
    );

    // The payment basis: each month from the start, each line as payroll gets it.
    let payments = assignment["payments"].as_array().unwrap();
    let this_month = kp_domain::compensation::Month::of(today());
    let months: Vec<String> = payments
        .iter()
        .map(|p| p["month"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        months,
        [
            this_month.previous().previous().to_string(),
            this_month.previous().to_string(),
            this_month.to_string()
        ]
    );
    // No month has an approved report: none is paid, each says why, as its month's basis does
    // (report_payment.rs follows months that are paid).
    for payment in payments {
        let month = payment["month"].as_str().unwrap();
        let basis = json_at(&cw, &app, &format!("/api/payment-basis?month={month}")).await;
        let missing = basis["missing"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["assignment_id"] == json!(id.to_string()))
            .unwrap_or_else(|| panic!("{month} in {basis}"));
        assert_eq!(payment["line"], Value::Null, "{month}");
        assert_eq!(payment["not_paid"], missing["reason"], "{month}");
        assert_eq!(payment["not_paid"], "not_sent", "{month}");
        assert_eq!(payment["not_computed"], Value::Null);
    }

    // The mails queued for them: the receipt to their address, the notice to the unit.
    let mails = application["mails"].as_array().unwrap();
    let stored = app.store.mails_for(&reference).await.unwrap();
    assert_eq!(mails.len(), stored.len());
    assert_eq!(mails.len(), 2);
    for (mail, stored) in mails.iter().zip(&stored) {
        assert_eq!(mail["kind"], stored.kind.as_str());
        assert_eq!(mail["to_address"], stored.to_address.as_str());
        assert_eq!(mail["subject"], stored.subject.as_str());
        assert_eq!(mail["body"], stored.body.as_str());
        assert_eq!(mail["status"], stored.status.as_str());
    }
    assert_eq!(mails[0]["to_address"], "amina@example.se");

    // Who read or changed what, when: their records, not anyone else's, and this extract too.
    let entries: Vec<String> = extract["access_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["at"].as_str().unwrap().ends_with('Z'));
            assert_eq!(e["user_name"], "Test Testsson");
            format!(
                "{} {}",
                e["action"].as_str().unwrap(),
                e["record"].as_str().unwrap()
            )
        })
        .collect();
    for wanted in [
        format!("write:phone_call applicant:{reference}"),
        format!("write:reference applicant:{reference}"),
        format!("write:decision applicant:{reference}"),
        format!("write:assignment need:{need}"),
        format!("write:plan assignment:{id}"),
        format!("write:follow_up assignment:{id}"),
        format!("write:terms assignment:{id}"),
        format!("write:correction applicant:{reference}"),
        format!("read:register_extract applicant:{reference}"),
    ] {
        assert!(
            entries.contains(&wanted),
            "{wanted} missing from {entries:?}"
        );
    }
    assert!(
        !entries.iter().any(|e| e.contains(&other)),
        "another applicant's entries are not theirs: {entries:?}"
    );
    assert_eq!(
        entries.last().unwrap(),
        &format!("read:register_extract applicant:{reference}"),
        "the extract holds the entry that records it, last"
    );
}

#[tokio::test]
async fn an_unknown_personnummer_gets_an_empty_extract_logged_without_the_number() {
    let (app, admin, _cw, _reference) = setup().await;
    // Valid, and nobody's here (Skatteverket's test numbers: 19121212-1212).
    let extract = extract_of(&admin, &app, "191212121212").await;
    assert_eq!(extract["personnummer"], "19121212-1212");
    assert_eq!(extract["applications"], json!([]));
    assert_eq!(extract["access_log"], json!([]));

    let log = app
        .store
        .access_log(None, None, None, None, 10_000, Default::default())
        .await
        .unwrap();
    let lookup = log
        .iter()
        .find(|e| e.action == "read:register_extract")
        .expect("the look-up is logged");
    assert_eq!(lookup.record, "register-extract:no-match");
    assert_eq!(lookup.user_name, "Test Testsson");
    for entry in &log {
        for digits in ["1212121212", "121212-1212", "19121212"] {
            assert!(
                !entry.record.contains(digits) && !entry.action.contains(digits),
                "the number is not stored: {entry:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_extract_needs_an_administrator_and_a_personnummer_that_is_one() {
    let (app, admin, cw, _reference) = setup().await;
    let cases = [
        ("", "required"),
        ("811218-9875", "checksum"),
        ("811318-9876", "date"),
        ("811218-0008", "serial"),
        ("ABCDEF-1234", "format"),
        ("8112189876812189876123", "format"),
    ];
    for (typed, code) in cases {
        let response = post(
            &admin,
            &app,
            "/api/register-extract",
            &json!({ "personnummer": typed }),
        )
        .await;
        assert_eq!(response.status(), 422, "{typed:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            field_codes(&body),
            [("personnummer".to_string(), code.to_string())],
            "{typed:?}"
        );
    }
    let refused = post(
        &cw,
        &app,
        "/api/register-extract",
        &json!({ "personnummer": "811218-9876" }),
    )
    .await;
    assert_eq!(refused.status(), 403, "a caseworker does not take extracts");
    assert!(
        !log_lines(&app)
            .await
            .iter()
            .any(|l| l.starts_with("read:register_extract")),
        "nothing was looked up, nothing is logged"
    );
    // Every written form of the number finds the same person.
    for typed in [
        "811218-9876",
        "8112189876",
        "198112189876",
        " 811218 - 9876 ",
    ] {
        let extract = extract_of(&admin, &app, typed).await;
        assert_eq!(
            extract["applications"].as_array().unwrap().len(),
            1,
            "{typed}"
        );
    }
}

#[tokio::test]
async fn a_corrected_phone_number_finds_the_applicant_in_the_list_and_the_old_one_does_not() {
    let (app, _admin, cw, reference) = setup().await;
    assert_eq!(
        found_by(&cw, &app, "q=0701234567").await,
        vec![reference.clone()]
    );
    let response = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/correction"),
        &json!({"phone": "070-987 65 43", "last_name": "Warsame", "languages": ["so", "ar"]}),
    )
    .await;
    assert_eq!(response.status(), 204);

    for query in [
        "q=0709876543",
        "q=%2B46709876543",
        "q=warsame",
        "q=070-987%2065%2043",
    ] {
        assert_eq!(
            found_by(&cw, &app, query).await,
            vec![reference.clone()],
            "{query}"
        );
    }
    for query in ["q=0701234567", "q=%2B46701234567", "q=yusuf"] {
        assert!(found_by(&cw, &app, query).await.is_empty(), "{query}");
    }
    // The list's tag rows follow the corrected languages (stage + language walks them).
    assert_eq!(
        found_by(&cw, &app, "stage=new&language=ar").await,
        vec![reference.clone()]
    );
    assert!(found_by(&cw, &app, "stage=new&language=sv")
        .await
        .is_empty());
    assert_eq!(
        found_by(&cw, &app, "language=ar").await,
        vec![reference.clone()]
    );
    let row = &json_at(&cw, &app, "/api/applicants").await["rows"][0];
    assert_eq!(row["name"], "Amina Warsame");
    assert_eq!(row["languages"], json!(["so", "ar"]));
}

#[tokio::test]
async fn the_timeline_keeps_the_old_value_with_who_corrected_it_and_when() {
    let (app, _admin, cw, reference) = setup().await;
    let response = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/correction"),
        &json!({"phone": "+46 70 987 65 43", "has_car": true}),
    )
    .await;
    assert_eq!(response.status(), 204);
    let detail = json_at(&cw, &app, &format!("/api/applicants/{reference}")).await;
    assert_eq!(detail["answers"]["phone"], "+46709876543");
    assert_eq!(detail["answers"]["has_car"], true);
    let entry = detail["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(entry["by"], "Test Testsson");
    assert_eq!(entry["stage_after"], "new", "a correction moves no one on");
    assert!(entry["at"]
        .as_str()
        .unwrap()
        .starts_with(&today().year().to_string()));
    assert_eq!(
        entry["event"],
        json!({"kind": "correction", "changes": [
            {"field": "phone", "from": "+46701234567", "to": "+46709876543"},
            {"field": "has_car", "from": false, "to": true}
        ]})
    );
    assert!(
        log_lines(&app)
            .await
            .contains(&format!("write:correction applicant:{reference}")),
        "the correction is in the access log"
    );
}

#[tokio::test]
async fn an_invalid_correction_is_refused_with_field_codes_and_changes_nothing() {
    let (app, _admin, cw, reference) = setup().await;
    let before = json_at(&cw, &app, &format!("/api/applicants/{reference}")).await;
    let log_before = log_lines(&app).await.len();
    let cases = [
        (
            json!({"phone": "12345", "email": "inte en adress"}),
            vec![("phone", "format"), ("email", "format")],
        ),
        (json!({"first_name": " "}), vec![("first_name", "required")]),
        (
            json!({"postcode": "1234", "languages": []}),
            vec![("postcode", "format"), ("languages", "choose_at_least_one")],
        ),
        (
            json!({"knows_child": true}),
            vec![("knows_child_details", "required")],
        ),
        (
            json!({"motivation": "Kort"}),
            vec![("motivation", "too_short")],
        ),
        (
            json!({"town": "Exempel\u{202e}by"}),
            vec![("town", "invalid_characters")],
        ),
        (
            json!({"phone": "+46 70 123 45 67"}),
            vec![("correction", "no_change")],
        ),
    ];
    for (body, codes) in cases {
        let response = post(
            &cw,
            &app,
            &format!("/api/applicants/{reference}/correction"),
            &body,
        )
        .await;
        assert_eq!(response.status(), 422, "{body}");
        let wanted: Vec<(String, String)> = codes
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(
            field_codes(&response.json().await.unwrap()),
            wanted,
            "{body}"
        );
    }
    // A correction is not a step: nobody records one with made-up old values.
    let forged = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/events"),
        &json!({"kind": "correction", "changes": [{"field": "phone", "from": "+46700000000", "to": "+46701234567"}]}),
    )
    .await;
    assert_eq!(forged.status(), 422);
    assert_eq!(
        field_codes(&forged.json().await.unwrap()),
        [("event".to_string(), "not_a_step".to_string())]
    );
    let missing = post(
        &cw,
        &app,
        "/api/applicants/KP-1999-0001/correction",
        &json!({"town": "Annanstad"}),
    )
    .await;
    assert_eq!(missing.status(), 404);

    let after = json_at(&cw, &app, &format!("/api/applicants/{reference}")).await;
    assert_eq!(after["answers"], before["answers"]);
    assert_eq!(after["timeline"], before["timeline"]);
    assert!(
        !log_lines(&app).await[log_before..]
            .iter()
            .any(|l| l.starts_with("write:")),
        "nothing written, nothing logged as written"
    );
}

#[tokio::test]
async fn a_correction_whose_log_entry_fails_changes_nothing() {
    let (app, _admin, cw, reference) = setup().await;
    app.store
        .refuse_access_log_appends("write:correction")
        .await
        .unwrap();
    let response = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/correction"),
        &json!({"phone": "070-987 65 43"}),
    )
    .await;
    assert_eq!(response.status(), 500);
    let detail = json_at(&cw, &app, &format!("/api/applicants/{reference}")).await;
    assert_eq!(detail["answers"]["phone"], "+46701234567");
    assert!(
        !detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"]["kind"] == "correction"),
        "no correction event without its log entry"
    );
    assert!(found_by(&cw, &app, "q=0709876543").await.is_empty());
    assert_eq!(found_by(&cw, &app, "q=0701234567").await, [reference]);
}

#[tokio::test]
async fn a_correction_made_on_answers_someone_changed_meanwhile_writes_nothing() {
    let (app, _admin, cw, reference) = setup().await;
    let stale = app
        .store
        .applicant_answers(&reference)
        .await
        .unwrap()
        .unwrap();
    let ours = correct(
        &stale,
        &Correction {
            email: Some("ny@example.se".into()),
            ..Correction::default()
        },
        today(),
    )
    .unwrap();
    // Someone else corrects the phone first.
    let theirs = post(
        &cw,
        &app,
        &format!("/api/applicants/{reference}/correction"),
        &json!({"phone": "070-987 65 43"}),
    )
    .await;
    assert_eq!(theirs.status(), 204);
    let record = format!("applicant:{reference}");
    let written = app
        .store
        .correct_applicant(
            &reference,
            &stale,
            &ours.answers,
            &Event::Correction {
                changes: ours.changes.clone(),
            },
            1,
            &LogEntry {
                user_id: 1,
                user_name: "Test Testsson",
                action: "write:correction",
                record: &record,
                address: "127.0.0.1",
            },
        )
        .await
        .unwrap();
    assert!(
        !written,
        "the stale answers would have put the old phone back"
    );
    let now = app
        .store
        .applicant_answers(&reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.phone, "+46709876543");
    assert_eq!(now.email, "amina@example.se");
}
