//! Monthly reports (issue 15): the contact person keeps a draft, sends the month with the
//! declaration, the caseworker returns it with a comment, the contact person changes and sends
//! it again, the caseworker approves it and it is locked; nobody else reaches it.

use chrono::Datelike;
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::contact_area::{
    actions_on, area_app, caseworker, contact_person_with_assignment,
    contact_person_with_assignment_from, signed_in_by_link, PASSWORD,
};
use crate::helpers::{envelope_code, TestApp};
use crate::placement::{get_json, post};

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

async fn put(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    client.put(app.url(path)).json(body).send().await.unwrap()
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
async fn a_month_is_drafted_sent_returned_sent_again_and_approved_then_locked() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let first = today().with_day(1).unwrap();
    let (_, id) =
        contact_person_with_assignment_from(&cw, &app, 1, "hodan@example.se", first).await;
    let (_, others) = contact_person_with_assignment(&cw, &app, 2, "omar@example.se").await;
    // Ended today, so its last month can be reported at once.
    let ending = json!({
        "date": today(), "reason": "Familjen flyttar", "initiated_by": "young_person_or_family",
        "contact_person_continues": true
    });
    assert_eq!(
        post(&cw, &app, format!("/api/assignments/{id}/ending"), &ending)
            .await
            .status(),
        204
    );
    let person = signed_in_by_link(&app, &received, "hodan@example.se", "sv").await;

    let month = today().format("%Y-%m").to_string();
    let months = get_json(
        &person,
        &app,
        format!("/api/contact/assignments/{id}/reports"),
    )
    .await;
    assert_eq!(months[0]["month"], month.as_str());
    assert_eq!(months[0]["state"], "open");
    let path = format!("/api/contact/assignments/{id}/reports/{month}");
    let empty = get_json(&person, &app, &path).await;
    assert_eq!(empty["status"], "draft");
    assert_eq!(empty["report"]["meetings"], json!([]));
    assert_eq!(empty["payable"], true);

    // A half-written draft is kept as it is.
    let half = json!({ "meetings": [{ "date": today(), "minutes": 120, "activities": [] }] });
    assert_eq!(put(&person, &app, &path, &half).await.status(), 204);
    assert_eq!(
        get_json(&person, &app, &path).await["report"]["meetings"][0]["minutes"],
        120
    );
    // Sending checks everything, and the declaration.
    let refused = post(
        &person,
        &app,
        format!("{path}/submit"),
        &json!({ "report": half, "declaration": false }),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        codes(&body),
        ["meetings[0].activities required", "declaration required"]
    );
    let numbered = json!({ "meetings": [{ "date": today(), "minutes": 60, "activities": ["talk"],
                                          "note": "Hennes mamma har 070-123 45 67" }] });
    let refused = post(
        &person,
        &app,
        format!("{path}/submit"),
        &json!({ "report": numbered, "declaration": true }),
    )
    .await;
    let body: Value = refused.json().await.unwrap();
    assert_eq!(codes(&body), ["meetings[0].note personal_number"]);

    let report = json!({ "meetings": [
        { "date": first, "minutes": 120, "activities": ["outdoors", "talk"] },
        { "date": today(), "minutes": 90, "activities": ["sport"], "note": "Fotboll" }
    ] });
    let sent = post(
        &person,
        &app,
        format!("{path}/submit"),
        &json!({ "report": report, "declaration": true }),
    )
    .await;
    assert_eq!(sent.status(), 204);
    let locked = put(&person, &app, &path, &half).await;
    assert_eq!(locked.status(), 409);
    assert_eq!(envelope_code(locked).await, "report_locked");
    let first_sent = get_json(&person, &app, &path).await["first_submitted_at"].clone();
    assert!(first_sent.is_string());

    // The caseworker's queue; a return needs a comment.
    let queue = get_json(&cw, &app, "/api/reports").await;
    let row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["assignment_id"] == json!(id))
        .unwrap();
    assert_eq!(row["month"], month.as_str());
    assert_eq!(row["late"], false);
    assert_eq!(row["payable"], true);
    assert!(row["assignment_reference"]
        .as_str()
        .unwrap()
        .starts_with("U-"));
    let review = format!("/api/assignments/{id}/reports/{month}/review");
    let bare = post(
        &cw,
        &app,
        &review,
        &json!({ "decision": "return", "comment": " " }),
    )
    .await;
    assert_eq!(bare.status(), 422);
    let returned = post(
        &cw,
        &app,
        &review,
        &json!({ "decision": "return", "comment": "Vilken dag var fotbollen?" }),
    )
    .await;
    assert_eq!(returned.status(), 204);
    let back = get_json(&person, &app, &path).await;
    assert_eq!(back["status"], "returned");
    assert_eq!(back["return_comment"], "Vilken dag var fotbollen?");
    assert_eq!(back["reviewed_by"], "Test Testsson");

    // Changed and sent again: the first sending still counts for the late-report rule.
    assert_eq!(put(&person, &app, &path, &report).await.status(), 204);
    assert_eq!(
        get_json(&person, &app, &path).await["status"],
        "returned",
        "a draft of a returned report stays returned until sent"
    );
    let again = post(
        &person,
        &app,
        format!("{path}/submit"),
        &json!({ "report": report, "declaration": true }),
    )
    .await;
    assert_eq!(again.status(), 204);
    let resent = get_json(&person, &app, &path).await;
    assert_eq!(resent["status"], "submitted");
    assert_eq!(resent["first_submitted_at"], first_sent);

    let approved = post(&cw, &app, &review, &json!({ "decision": "approve" })).await;
    assert_eq!(approved.status(), 204);
    let twice = post(&cw, &app, &review, &json!({ "decision": "approve" })).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(envelope_code(twice).await, "not_submitted");
    assert_eq!(
        put(&person, &app, &path, &report).await.status(),
        409,
        "approved is locked"
    );
    let months = get_json(
        &person,
        &app,
        format!("/api/contact/assignments/{id}/reports"),
    )
    .await;
    assert_eq!(months[0]["state"], "approved");
    let seen = get_json(&cw, &app, format!("/api/assignments/{id}/reports/{month}")).await;
    assert_eq!(seen["status"], "approved");
    assert_eq!(seen["report"]["meetings"][1]["note"], "Fotboll");
    assert!(get_json(&cw, &app, "/api/reports")
        .await
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["assignment_id"] != json!(id)));

    // Nobody else's, and no month the assignment does not report.
    for path in [
        format!("/api/contact/assignments/{others}/reports/{month}"),
        format!("/api/contact/assignments/{others}/reports"),
        format!("/api/contact/assignments/{id}/reports/2020-01"),
        format!("/api/contact/assignments/{id}/reports/inte-en-månad"),
    ] {
        let response = person.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let logged = actions_on(&app, &format!("report:{id}:{month}")).await;
    for action in [
        "write:report_draft",
        "write:report_submitted",
        "write:report_returned",
        "write:report_approved",
        "read",
    ] {
        assert!(logged.iter().any(|a| a == action), "{action} in {logged:?}");
    }
}

#[tokio::test]
async fn a_running_month_cannot_be_sent_before_its_last_day() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let (_, id) = contact_person_with_assignment(&cw, &app, 3, "sara@example.se").await;
    let person = signed_in_by_link(&app, &received, "sara@example.se", "sv").await;
    let month = today().format("%Y-%m").to_string();
    let report =
        json!({ "meetings": [{ "date": today(), "minutes": 60, "activities": ["talk"] }] });
    let sent = post(
        &person,
        &app,
        format!("/api/contact/assignments/{id}/reports/{month}/submit"),
        &json!({ "report": report, "declaration": true }),
    )
    .await;
    let last_day = (today().with_day(1).unwrap() + chrono::Months::new(1))
        .pred_opt()
        .unwrap();
    if today() < last_day {
        assert_eq!(sent.status(), 422);
        let body: Value = sent.json().await.unwrap();
        assert_eq!(codes(&body), ["month not_over"]);
    } else {
        assert_eq!(sent.status(), 204, "on the month's last day it may be sent");
    }
}

#[tokio::test]
async fn the_register_extract_holds_the_persons_reports_and_the_exact_agreements_they_accepted() {
    let (app, received) = area_app().await;
    app.create_account("dso@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let admin = app.signed_in("dso@exempelby.se", PASSWORD).await;
    let cw = caseworker(&app).await;
    let (_, id) = contact_person_with_assignment(&cw, &app, 4, "leila@example.se").await;
    let person = signed_in_by_link(&app, &received, "leila@example.se", "sv").await;
    let agreement = format!("/api/contact/assignments/{id}/agreement");
    let hash = get_json(&person, &app, &agreement).await["hash"].clone();
    assert_eq!(
        post(&person, &app, &agreement, &json!({ "hash": hash }))
            .await
            .status(),
        204
    );
    let month = today().format("%Y-%m").to_string();
    let draft = json!({ "meetings": [{ "date": today(), "minutes": 60, "activities": ["culture"],
                                       "note": "Biblioteket" }] });
    let path = format!("/api/contact/assignments/{id}/reports/{month}");
    assert_eq!(put(&person, &app, &path, &draft).await.status(), 204);

    let extract =
        crate::person_rights::extract_of(&admin, &app, &crate::contact_area::personnummer(4)).await;
    let assignment = &extract["applications"][0]["assignments"][0];
    let accepted = &assignment["agreements"][0];
    assert_eq!(accepted["method"], "link");
    assert!(accepted["text"]
        .as_str()
        .unwrap()
        .starts_with("Uppdragsavtal för kontaktperson\n\nParter\n"));
    assert_eq!(assignment["reports"][0]["month"], month.as_str());
    assert_eq!(assignment["reports"][0]["status"], "draft");
    assert_eq!(
        assignment["reports"][0]["report"]["meetings"][0]["note"],
        "Biblioteket"
    );
    let records: Vec<&str> = extract["access_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["record"].as_str().unwrap())
        .collect();
    for record in [format!("agreement:{id}"), format!("report:{id}:{month}")] {
        assert!(
            records.contains(&record.as_str()),
            "{record} in {records:?}"
        );
    }
}

#[tokio::test]
async fn a_month_past_its_due_day_without_a_sent_report_is_overdue_until_it_is_sent() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    // Three months back: the first two are past their due day (the 5th of the next month)
    // whatever today is; the last is overdue only after this month's due day.
    let start = today()
        .with_day(1)
        .unwrap()
        .checked_sub_months(chrono::Months::new(3))
        .unwrap();
    let (_, id) =
        contact_person_with_assignment_from(&cw, &app, 5, "nadia@example.se", start).await;
    let month = |back: u32| {
        (today().with_day(1).unwrap() - chrono::Months::new(back))
            .format("%Y-%m")
            .to_string()
    };
    let overdue_months = |rows: &Value| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["assignment_id"] == json!(id))
            .map(|r| r["month"].as_str().unwrap().to_string())
            .collect()
    };

    let rows = get_json(&cw, &app, "/api/reports/overdue").await;
    let months = overdue_months(&rows);
    assert_eq!(months[..2], [month(3), month(2)]);
    let first = &rows[0];
    assert_eq!(
        first["assignment_reference"].as_str().unwrap().get(..2),
        Some("U-")
    );
    assert_eq!(first["contact_person_name"], "Person5 Yusuf");
    assert!(first["due"].as_str().unwrap().ends_with("-05"));
    assert_eq!(first["payable"], true, "within three months back");

    // A draft is not sent; the month stays overdue until the report is.
    let person = signed_in_by_link(&app, &received, "nadia@example.se", "sv").await;
    let path = format!("/api/contact/assignments/{id}/reports/{}", month(3));
    let report = json!({ "meetings": [], "no_meetings_reason": "Hon var bortrest" });
    assert_eq!(put(&person, &app, &path, &report).await.status(), 204);
    assert_eq!(
        overdue_months(&get_json(&cw, &app, "/api/reports/overdue").await)[0],
        month(3)
    );
    let sent = post(
        &person,
        &app,
        format!("{path}/submit"),
        &json!({ "report": report, "declaration": true }),
    )
    .await;
    assert_eq!(sent.status(), 204);
    let months = overdue_months(&get_json(&cw, &app, "/api/reports/overdue").await);
    assert_eq!(months[0], month(2));
    assert!(!months.contains(&month(3)));
    assert!(actions_on(&app, "reports:overdue")
        .await
        .contains(&"list".to_string()));

    // The assignment's months as the caseworker sees them, newest first.
    let months = get_json(&cw, &app, format!("/api/assignments/{id}/reports")).await;
    let states: Vec<(String, String)> = months
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(states.len(), 4);
    assert_eq!(states[0], (month(0), "open".to_string()));
    assert_eq!(states[2], (month(2), "overdue".to_string()));
    assert_eq!(states[3], (month(3), "submitted".to_string()));
    assert!(actions_on(&app, &format!("reports:{id}"))
        .await
        .contains(&"list".to_string()));
}
