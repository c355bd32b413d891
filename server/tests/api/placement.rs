//! The assignments API: a need matched with an approved contact person, the plan, a follow-up,
//! the month's payment basis (JSON and CSV) and the ending; and the rules that refuse.

use chrono::Datelike;
use kp_domain::compensation::{month_amounts, LevelPeriod, Month};
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{spawn_app, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";

/// `month`'s report of an assignment, approved the day after the month (as if its contact person
/// sent it and a caseworker approved it in time), so the payment basis pays it. The whole flow
/// through the contact person's area is `contact_reports`' and `report_payment`'s to test.
pub(crate) async fn approve_report(app: &TestApp, assignment: i64, month: Month) {
    let after = kp_domain::time::start_of_day_in_sweden(month.next().first_day());
    app.store
        .seed_report(
            assignment,
            month,
            kp_domain::monthly_report::ReportStatus::Approved,
            &kp_domain::monthly_report::MonthlyReport::default(),
            Some(after),
            Some(after + chrono::Duration::hours(1)),
        )
        .await
        .unwrap();
}

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// A signed-in caseworker and one applicant walked to approval for `types`.
pub async fn approved(app: &TestApp, types: &[&str]) -> (reqwest::Client, String) {
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let mut form = valid();
    form["assignment_types"] = json!(types);
    let receipt: Value = app
        .post_application("placement-test-key-0001", &form)
        .await
        .json()
        .await
        .unwrap();
    let reference = receipt["reference"].as_str().unwrap().to_string();
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    walk_to_approval(&cw, app, &reference, types).await;
    (cw, reference)
}

/// Takes applicant `reference` through every vetting step to approval for `types`.
pub async fn walk_to_approval(
    cw: &reqwest::Client,
    app: &TestApp,
    reference: &str,
    types: &[&str],
) {
    let t = today().to_string();
    for step in [
        json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": ""}),
        json!({"kind": "interview_booked", "at": format!("{t}T10:00:00"), "place": "Rum 3"}),
        json!({"kind": "interview_held", "date": t, "participants": "AB", "assessment": "Varm"}),
        json!({"kind": "police_extract", "issued": t, "received": t, "has_entries": false, "verified_how": "Original"}),
        json!({"kind": "register_check", "date": t, "outcome": "nothing_recorded", "legal_basis": "Samtycke", "note": ""}),
        json!({"kind": "reference", "name": "Eva", "relation": "Chef", "phone": "", "contacted": t, "summary": "Bra"}),
        json!({"kind": "reference", "name": "Omar", "relation": "Granne", "phone": "", "contacted": t, "summary": "Bra"}),
        json!({"kind": "decision", "approved": true, "assignment_types": types, "motivation": "Lämplig", "date": t}),
    ] {
        let response = post(
            cw,
            app,
            format!("/api/applicants/{reference}/events"),
            &step,
        )
        .await;
        assert_eq!(response.status(), 204, "{step}");
    }
}

/// A need for a child of its own: each call gets another case number (the same need sent twice
/// within minutes is taken as a resend).
pub fn need_form(assignment_type: &str) -> Value {
    static CASE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1000);
    let case = CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({
        "case_reference": format!("IFO-2026-{case}"),
        "birth_year": (today().year() - 11).to_string(),
        "gender": "girl",
        "languages": ["so"],
        "area": "Exempelby centrum",
        "interests": "fotboll och teckning",
        "goals": ["wider_network", "routines"],
        "goal_note": "",
        "assignment_type": assignment_type,
        "frequency": "weekly",
        "times": ["evenings"],
        "suggested_person": "",
        "needs_driving": false
    })
}

pub async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

pub async fn get_json(cw: &reqwest::Client, app: &TestApp, path: impl AsRef<str>) -> Value {
    json_of(cw.get(app.url(path.as_ref())).send().await.unwrap()).await
}

pub async fn post(
    cw: &reqwest::Client,
    app: &TestApp,
    path: impl AsRef<str>,
    body: &impl serde::Serialize,
) -> reqwest::Response {
    cw.post(app.url(path.as_ref()))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn put(
    cw: &reqwest::Client,
    app: &TestApp,
    path: impl AsRef<str>,
    body: &impl serde::Serialize,
) -> reqwest::Response {
    cw.put(app.url(path.as_ref()))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Registers a need of `assignment_type` (a child of its own) and answers its reference.
pub async fn new_need(cw: &reqwest::Client, app: &TestApp, assignment_type: &str) -> String {
    json_of(post(cw, app, "/api/needs", &need_form(assignment_type)).await).await["reference"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Creates the assignment for `need` (the body as the API takes it), checks it was created, and
/// answers its id.
pub async fn assign(cw: &reqwest::Client, app: &TestApp, need: &str, body: &Value) -> String {
    let made = post(cw, app, format!("/api/needs/{need}/assignment"), body).await;
    assert_eq!(made.status(), 201);
    json_of(made).await["reference"]
        .as_str()
        .unwrap()
        .to_string()
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or("").to_string(),
                        f["code"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_need_is_matched_planned_followed_up_paid_for_the_month_and_ended() {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    // The payment basis needs this year's prisbasbelopp; make sure a year after 2026 has one.
    let year = today().year();
    if app.store.price_base(year).await.unwrap().is_none() {
        app.store
            .set_price_base(year, 59_200, "test")
            .await
            .unwrap();
    }

    let created = post(&cw, &app, "/api/needs", &need_form("child")).await;
    assert_eq!(created.status(), 201);
    let need = json_of(created).await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(need.starts_with(&format!("B-{year}-")), "{need}");

    let matches = get_json(&cw, &app, &format!("/api/needs/{need}/matches")).await;
    let first = &matches[0];
    assert_eq!(first["reference"], person.as_str());
    let reasons: Vec<&str> = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"speaks_language"), "{reasons:?}");
    assert!(reasons.contains(&"no_active_assignments"), "{reasons:?}");

    let start = today().with_day(1).unwrap();
    let id = assign(
        &cw,
        &app,
        &need,
        &json!({
            "applicant_reference": person, "reason": "Talar somaliska och bor nära",
            "start_date": start, "frequency": "weekly"
        }),
    )
    .await;
    let again = post(&cw, &app, &format!("/api/needs/{need}/assignment"), &json!({
            "applicant_reference": person, "reason": "Igen", "start_date": start, "frequency": "weekly"
        })).await;
    assert_eq!(again.status(), 409, "a need gets one contact person");

    let plan = json!({
        "goals": [
            {"text": "Ett större nätverk", "how_noticed": "Hon nämner nya vänner"},
            {"text": "Fasta rutiner", "how_noticed": "Kommer i tid till skolan"}
        ],
        "activities": "Fotboll, bibliotek",
        "contacts": [{"who": "Mentor i skolan", "how_often": "En gång per termin"}]
    });
    let put = put(&cw, &app, &format!("/api/assignments/{id}/plan"), &plan).await;
    assert_eq!(put.status(), 204);
    let held = post(&cw, &app, &format!("/api/assignments/{id}/follow-ups"), &json!({
            "date": today(), "notes": "Bra start",
            "assessments": [{"goal": 0, "progress": "progress"}, {"goal": 1, "progress": "no_change"}]
        })).await;
    assert_eq!(held.status(), 204, "{}", held.text().await.unwrap());

    let detail = get_json(&cw, &app, &format!("/api/assignments/{id}")).await;
    assert_eq!(detail["plan"]["goals"].as_array().unwrap().len(), 2);
    assert_eq!(detail["follow_ups"].as_array().unwrap().len(), 1);
    let first_follow_up = kp_domain::assignment::add_months(start, 3).unwrap();
    assert_eq!(detail["schedule"][0], json!(first_follow_up));
    assert_eq!(detail["row"]["contact_person_reference"], person.as_str());

    // The month's payment basis: the whole month at the weekly level, arvode and omkostnad apart.
    let month = Month::of(today());
    let levels = app.store.levels_in_force(year).await.unwrap();
    let weekly = levels
        .iter()
        .find(|l| l.frequency == kp_domain::compensation::Frequency::Weekly)
        .unwrap();
    let price_base = app.store.price_base(year).await.unwrap();
    let expected = month_amounts(
        month,
        start,
        None,
        &[LevelPeriod {
            from: start,
            arvode: weekly.arvode,
            omkostnad: weekly.omkostnad,
        }],
        |_| price_base,
    )
    .unwrap()
    .unwrap();
    // Without an approved report the month is not paid: listed as missing, and why.
    let unpaid = get_json(&cw, &app, &format!("/api/payment-basis?month={month}")).await;
    assert_eq!(unpaid["lines"], json!([]));
    assert_eq!(unpaid["missing"][0]["reason"], "not_sent");
    assert_eq!(unpaid["missing"][0]["assignment_id"], id.as_str());
    approve_report(&app, id.parse().unwrap(), month).await;
    let basis = get_json(&cw, &app, &format!("/api/payment-basis?month={month}")).await;
    assert_eq!(basis["lines"].as_array().unwrap().len(), 1);
    assert_eq!(basis["missing"], json!([]));
    assert_eq!(basis["lines"][0]["arvode"], json!(expected.arvode));
    assert_eq!(basis["lines"][0]["omkostnad"], json!(expected.omkostnad));
    assert_eq!(basis["lines"][0]["days_covered"], json!(month.days()));
    assert_eq!(basis["total_arvode"], json!(expected.arvode));
    let csv = cw
        .get(app.url(&format!("/api/payment-basis.csv?month={month}")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(
        text.starts_with("\u{feff}Månad;Referens;Namn;Personnummer;"),
        "{text}"
    );
    assert!(
        text.contains(";19811218-9876;"),
        "payroll pays by the personnummer: {text}"
    );
    assert_eq!(
        basis["lines"][0]["contact_person_personnummer"],
        "19811218-9876"
    );
    // The assignment is named U-… with its need's number, on screen and in the CSV for payroll.
    let assignment_reference = need.replacen("B-", "U-", 1);
    assert_eq!(
        basis["lines"][0]["assignment_reference"],
        assignment_reference.as_str()
    );
    assert!(
        text.contains(&format!(";{assignment_reference};")),
        "the CSV names the assignment by its reference: {text}"
    );
    assert!(text.contains(&format!("{},00", expected.arvode)), "{text}");
    let rerun = cw
        .get(app.url(&format!("/api/payment-basis.csv?month={month}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(rerun, text, "re-running a month gives the same file");
    let next_year = cw
        .get(app.url(&format!("/api/payment-basis?month={}-01", year + 5)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        next_year.status(),
        409,
        "no prisbasbelopp yet: refused, not zero"
    );

    // The ending closes the need; a second ending is refused.
    let ending = json!({
        "date": today(), "reason": "Familjen flyttar", "initiated_by": "young_person_or_family",
        "contact_person_continues": true
    });
    let ended = post(&cw, &app, &format!("/api/assignments/{id}/ending"), &ending).await;
    assert_eq!(ended.status(), 204);
    let twice = post(&cw, &app, &format!("/api/assignments/{id}/ending"), &ending).await;
    assert_eq!(twice.status(), 409);
    let need_now = get_json(&cw, &app, &format!("/api/needs/{need}")).await;
    assert_eq!(need_now["row"]["status"], "closed");
    let matched = need_now["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "matched")
        .expect("the match is in the need's history");
    assert_eq!(
        matched["assignment_reference"],
        assignment_reference.as_str()
    );
    let kinds: Vec<&str> = need_now["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "need_registered",
            "matched",
            "plan_written",
            "follow_up",
            "ended"
        ]
    );

    // A second assignment that started almost three months ago: its first follow-up is due soon
    // and the overview says so.
    let second = new_need(&cw, &app, "child").await;
    let started = today() - chrono::Duration::days(85);
    let made = post(
        &cw,
        &app,
        &format!("/api/needs/{second}/assignment"),
        &json!({
            "applicant_reference": person, "reason": "Fortsätter med ett nytt barn",
            "start_date": started, "frequency": "weekly"
        }),
    )
    .await;
    assert_eq!(made.status(), 201);
    let overview = get_json(&cw, &app, "/api/overview").await;
    let due = overview["follow_ups_due"].as_array().unwrap();
    assert_eq!(due.len(), 1, "only the ongoing assignment: {due:?}");
    assert_eq!(due[0]["need_reference"], second.as_str());
    assert_eq!(
        due[0]["date"],
        json!(kp_domain::assignment::add_months(started, 3).unwrap())
    );

    // Ending the second one with the contact person leaving takes them out of the pool.
    let second_id = get_json(&cw, &app, &format!("/api/needs/{second}")).await["assignment"]["id"]
        .as_i64()
        .unwrap();
    let leaves = post(
        &cw,
        &app,
        &format!("/api/assignments/{second_id}/ending"),
        &json!({
            "date": today(), "reason": "Flyttar från kommunen", "initiated_by": "contact_person",
            "contact_person_continues": false
        }),
    )
    .await;
    assert_eq!(leaves.status(), 204);
    let third = new_need(&cw, &app, "child").await;
    let offered = get_json(&cw, &app, &format!("/api/needs/{third}/matches")).await;
    assert_eq!(offered, json!([]), "they left the pool");

    // Every read and write was logged.
    let log: Vec<String> = app
        .store
        .access_log(None, None, None, None, 1000, Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.record))
        .collect();
    for wanted in [
        format!("write:need need:{need}"),
        format!("list need:{need}:matches"),
        format!("write:assignment need:{need}"),
        format!("write:plan assignment:{id}"),
        format!("write:follow_up assignment:{id}"),
        format!("read assignment:{id}"),
        format!("export payment-basis:{month}"),
        format!("write:ending assignment:{id}"),
    ] {
        assert!(log.contains(&wanted), "{wanted} missing from {log:?}");
    }
}

#[tokio::test]
async fn the_plan_sets_its_follow_ups_the_terms_change_from_a_date_and_the_applicant_page_shows_it_all(
) {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    let year = today().year();
    // This month's and last month's years need a prisbasbelopp (seeded up to 2026).
    for y in [year - 1, year] {
        if app.store.price_base(y).await.unwrap().is_none() {
            app.store.set_price_base(y, 59_200, "test").await.unwrap();
        }
    }
    let need = new_need(&cw, &app, "child").await;
    let first_of_month = today().with_day(1).unwrap();
    let start = first_of_month
        .checked_sub_months(chrono::Months::new(2))
        .unwrap();
    let id = assign(
        &cw,
        &app,
        &need,
        &json!({
            "applicant_reference": person, "reason": "Samma språk",
            "start_date": start, "frequency": "weekly"
        }),
    )
    .await;
    let detail = |cw: &reqwest::Client| {
        let url = app.url(&format!("/api/assignments/{id}"));
        let cw = cw.clone();
        async move { json_of(cw.get(url).send().await.unwrap()).await }
    };
    let add = kp_domain::assignment::add_months;
    assert_eq!(
        detail(&cw).await["schedule"][0],
        json!(add(start, 3).unwrap()),
        "before a plan: after three months"
    );

    // The plan sets its own follow-ups: after one month, then every second.
    let mut plan = json!({
        "goals": [{"text": "Ett större nätverk", "how_noticed": "Nya vänner"}],
        "activities": "", "contacts": [],
        "follow_up_rule": {"first_after_months": 0, "every_months": 2}
    });
    let refused = put(&cw, &app, &format!("/api/assignments/{id}/plan"), &plan).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&json_of(refused).await),
        [(
            "follow_up_rule.first_after_months".to_string(),
            "out_of_range".to_string()
        )]
    );
    plan["follow_up_rule"]["first_after_months"] = json!(1);
    let put = put(&cw, &app, &format!("/api/assignments/{id}/plan"), &plan).await;
    assert_eq!(put.status(), 204);
    let now = detail(&cw).await;
    assert_eq!(now["schedule"][0], json!(add(start, 1).unwrap()));
    assert_eq!(now["schedule"][1], json!(add(start, 3).unwrap()));
    assert_eq!(now["plan"]["follow_up_rule"]["every_months"], json!(2));

    // The terms change from the 15th of this month; earlier months are closed.
    let change = |from: chrono::NaiveDate, frequency: &str| json!({"from": from, "frequency": frequency, "reason": "Beslut om tätare träffar"});
    let post_change = |body: Value| {
        let url = app.url(&format!("/api/assignments/{id}/terms"));
        let cw = cw.clone();
        async move { cw.post(url).json(&body).send().await.unwrap() }
    };
    let last_month = first_of_month - chrono::Duration::days(1);
    let closed = post_change(change(last_month, "several_per_week")).await;
    assert_eq!(closed.status(), 422);
    assert_eq!(
        field_codes(&json_of(closed).await),
        [("from".to_string(), "closed_month".to_string())]
    );
    let mid_month = first_of_month + chrono::Duration::days(14);
    let unchanged = post_change(change(mid_month, "weekly")).await;
    assert_eq!(
        field_codes(&json_of(unchanged).await),
        [("frequency".to_string(), "unchanged".to_string())]
    );
    assert_eq!(
        post_change(change(mid_month, "several_per_week"))
            .await
            .status(),
        204
    );
    let again = post_change(change(mid_month, "almost_daily")).await;
    assert_eq!(
        field_codes(&json_of(again).await),
        [("from".to_string(), "not_after_previous".to_string())],
        "a change never rewrites an earlier one"
    );

    let now = detail(&cw).await;
    assert_eq!(now["terms"].as_array().unwrap().len(), 2);
    let in_force = if today() >= mid_month {
        "several_per_week"
    } else {
        "weekly"
    };
    assert_eq!(now["row"]["frequency"], in_force);

    // This month's payment basis pays each level for its days.
    let month = Month::of(today());
    let levels = app.store.levels_in_force(year).await.unwrap();
    let level = |f| {
        let l = levels.iter().find(|l| l.frequency == f).unwrap();
        (l.arvode, l.omkostnad)
    };
    let (wa, wo) = level(kp_domain::compensation::Frequency::Weekly);
    let (sa, so) = level(kp_domain::compensation::Frequency::SeveralPerWeek);
    let price_base = app.store.price_base(year).await.unwrap();
    let expected = month_amounts(
        month,
        start,
        None,
        &[
            LevelPeriod {
                from: start,
                arvode: wa,
                omkostnad: wo,
            },
            LevelPeriod {
                from: mid_month,
                arvode: sa,
                omkostnad: so,
            },
        ],
        |_| price_base,
    )
    .unwrap()
    .unwrap();
    let assignment: i64 = id.parse().unwrap();
    approve_report(&app, assignment, month).await;
    approve_report(&app, assignment, month.previous()).await;
    let basis = get_json(&cw, &app, &format!("/api/payment-basis?month={month}")).await;
    let line = &basis["lines"][0];
    assert_eq!(line["arvode"], json!(expected.arvode));
    assert_eq!(line["omkostnad"], json!(expected.omkostnad));
    assert_eq!(
        line["level_label"],
        json!(format!(
            "Minst en gång i veckan 1–14, Flera gånger i veckan 15–{}",
            month.days()
        ))
    );
    let previous = json_of(
        cw.get(app.url(&format!("/api/payment-basis?month={}", month.previous())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        previous["lines"][0]["level_label"], "Minst en gång i veckan",
        "last month is paid as before"
    );

    // The applicant's page lists the assignment and what happened in it.
    let applicant = get_json(&cw, &app, &format!("/api/applicants/{person}")).await;
    assert_eq!(applicant["assignments"][0]["id"].to_string(), id);
    assert_eq!(applicant["assignments"][0]["need_reference"], need.as_str());
    let kinds: Vec<&str> = applicant["assignment_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["matched", "plan_written", "terms_changed"]);

    // Once ended, the terms no longer change.
    let ended = post(
        &cw,
        &app,
        &format!("/api/assignments/{id}/ending"),
        &json!({
            "date": today(), "reason": "Målen nådda", "initiated_by": "social_services",
            "contact_person_continues": true
        }),
    )
    .await;
    assert_eq!(ended.status(), 204);
    let late = post_change(change(today() + chrono::Duration::days(40), "weekly")).await;
    assert_eq!(late.status(), 409);
    let missing = post(
        &cw,
        &app,
        "/api/assignments/999999/terms",
        &change(mid_month, "weekly"),
    )
    .await;
    assert_eq!(missing.status(), 404);

    let log: Vec<String> = app
        .store
        .access_log(None, None, None, None, 1000, Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.record))
        .collect();
    assert!(
        log.contains(&format!("write:terms assignment:{id}")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_plan_a_follow_up_and_an_ending_that_break_the_rules_are_refused_per_field_and_nothing_is_stored(
) {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    let need = new_need(&cw, &app, "child").await;
    let id = assign(
        &cw,
        &app,
        &need,
        &json!({
            "applicant_reference": person, "reason": "Samma språk",
            "start_date": today(), "frequency": "weekly"
        }),
    )
    .await;
    let codes = |response: reqwest::Response| async move {
        assert_eq!(response.status(), 422);
        field_codes(&json_of(response).await)
    };
    let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
    let day = chrono::Duration::days(1);

    let no_goals = put(
        &cw,
        &app,
        &format!("/api/assignments/{id}/plan"),
        &json!({"goals": [], "activities": "", "contacts": [{"who": "Skolan", "how_often": ""}]}),
    )
    .await;
    assert_eq!(
        codes(no_goals).await,
        [
            pair("goals", "required"),
            pair("contacts[0].how_often", "required")
        ]
    );

    let ahead = post(&cw, &app, &format!("/api/assignments/{id}/follow-ups"), &json!({"date": today() + day, "notes": " ", "assessments": [{"goal": 0, "progress": "progress"}]})).await;
    assert_eq!(
        codes(ahead).await,
        [
            pair("date", "future_date"),
            pair("notes", "required"),
            pair("assessments[0].goal", "unknown_goal"),
        ],
        "no plan yet: no goal to assess"
    );
    let before = post(
        &cw,
        &app,
        &format!("/api/assignments/{id}/follow-ups"),
        &json!({"date": today() - day, "notes": "Möte", "assessments": []}),
    )
    .await;
    assert_eq!(codes(before).await, [pair("date", "before_start")]);

    let early_end = post(
        &cw,
        &app,
        &format!("/api/assignments/{id}/ending"),
        &json!({
            "date": today() - day, "reason": "", "initiated_by": "contact_person",
            "contact_person_continues": true
        }),
    )
    .await;
    assert_eq!(
        codes(early_end).await,
        [pair("date", "before_start"), pair("reason", "required")]
    );
    let unknown_initiator = post(
        &cw,
        &app,
        &format!("/api/assignments/{id}/ending"),
        &json!({
            "date": today(), "reason": "Flyttar", "initiated_by": "the_weather",
            "contact_person_continues": true
        }),
    )
    .await;
    assert_eq!(
        unknown_initiator.status(),
        422,
        "an unknown code is refused"
    );

    let detail = get_json(&cw, &app, &format!("/api/assignments/{id}")).await;
    assert_eq!(detail["plan"], Value::Null);
    assert_eq!(detail["follow_ups"], json!([]));
    assert_eq!(detail["ending"], Value::Null);
    assert_eq!(detail["row"]["end_date"], Value::Null);
    let kinds: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["matched"], "nothing refused was recorded");
}

#[tokio::test]
async fn the_rules_refuse_a_bad_need_an_unsuitable_person_and_a_special_assignment_without_amounts()
{
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;

    let mut bad = need_form("child");
    bad["case_reference"] = json!("");
    bad["languages"] = json!([]);
    bad["goals"] = json!(["world_peace"]);
    let refused = post(&cw, &app, "/api/needs", &bad).await;
    assert_eq!(refused.status(), 422);
    let codes = field_codes(&json_of(refused).await);
    assert!(
        codes.contains(&("case_reference".into(), "required".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("languages".into(), "choose_at_least_one".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("goals".into(), "invalid_choice".into())),
        "{codes:?}"
    );

    // A special need: the person is approved for "child" only, so neither ranked nor assignable.
    let special = new_need(&cw, &app, "special").await;
    let matches = get_json(&cw, &app, &format!("/api/needs/{special}/matches")).await;
    assert_eq!(matches, json!([]), "not approved for special: not listed");
    let attempt = post(&cw, &app, &format!("/api/needs/{special}/assignment"), &json!({
            "applicant_reference": person, "reason": "", "start_date": today(), "frequency": "weekly"
        })).await;
    assert_eq!(attempt.status(), 422);
    let codes = field_codes(&json_of(attempt).await);
    assert_eq!(
        codes,
        vec![
            (
                "applicant_reference".to_string(),
                "not_approved_for_type".to_string()
            ),
            ("reason".into(), "required".into()),
            ("special_arvode".into(), "required".into()),
            ("special_omkostnad".into(), "required".into()),
        ]
    );

    let unknown = post(&cw, &app, "/api/needs/B-1999-0001/assignment", &json!({
            "applicant_reference": person, "reason": "x", "start_date": today(), "frequency": "weekly"
        })).await;
    assert_eq!(unknown.status(), 404);

    let bad_month = cw
        .get(app.url("/api/payment-basis?month=2026-13"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_month.status(), 422);
    let plan_for_nothing = put(
        &cw,
        &app,
        "/api/assignments/4242/plan",
        &json!({"goals": []}),
    )
    .await;
    assert_eq!(plan_for_nothing.status(), 404);
}

#[tokio::test]
async fn an_administrator_changes_a_years_levels_and_the_public_page_shows_them_at_once() {
    let app = spawn_app().await;
    app.create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let caseworker = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let year = kp_server::current_year();
    let years = json_of(
        admin
            .get(app.url("/api/compensation"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        years.as_array().unwrap().iter().any(|y| y["year"] == 2026
            && y["price_base_kronor"] == 59_200
            && y["price_base_source"] == "SFS 2025:872"),
        "{years}"
    );

    let data = json!({
        "year": year, "price_base_kronor": 59_200, "price_base_source": "SFS 2025:872",
        "levels": [
            {"frequency": "weekly", "arvode": {"kind": "fixed_monthly", "kronor": 2345},
             "omkostnad": {"kind": "fixed_monthly", "kronor": 678}},
            {"frequency": "almost_daily", "arvode": {"kind": "price_base_percent", "basis_points": 9600},
             "omkostnad": {"kind": "price_base_percent", "basis_points": 2400}}
        ]
    });
    let as_caseworker = caseworker
        .put(app.url(&format!("/api/compensation/{year}")))
        .json(&data)
        .send()
        .await
        .unwrap();
    assert_eq!(
        as_caseworker.status(),
        403,
        "only administrators change levels"
    );

    let mut typo = data.clone();
    typo["price_base_kronor"] = json!(592);
    let refused = admin
        .put(app.url(&format!("/api/compensation/{year}")))
        .json(&typo)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&json_of(refused).await),
        vec![("price_base_kronor".to_string(), "out_of_range".to_string())]
    );

    let saved = admin
        .put(app.url(&format!("/api/compensation/{year}")))
        .json(&data)
        .send()
        .await
        .unwrap();
    assert_eq!(
        saved.status(),
        200,
        "saved, with warnings (compensation.rs tests those)"
    );
    let html = app.get("/sv/ersattning").await.text().await.unwrap();
    assert!(
        html.contains("<td>2\u{a0}345\u{a0}kr</td><td>678\u{a0}kr</td>"),
        "the public page shows the new weekly level"
    );
    let now = json_of(
        admin
            .get(app.url("/api/compensation"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let this_year = now
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .unwrap();
    assert_eq!(
        this_year["levels"].as_array().unwrap().len(),
        2,
        "the level left out was removed"
    );
}

#[tokio::test]
async fn the_overview_asks_for_a_missing_prisbasbelopp_until_it_is_entered() {
    let app = spawn_app().await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let year = today().year();
    // No prisbasbelopp for this year: that is the one asked for, in any month.
    app.store
        .set_price_base(year - 1, 59_200, "test")
        .await
        .unwrap();
    let known: Vec<i32> = app
        .store
        .compensation_years()
        .await
        .unwrap()
        .iter()
        .map(|y| y.year)
        .collect();
    let overview = get_json(&cw, &app, "/api/overview").await;
    assert_eq!(
        overview["price_base_missing"],
        json!(kp_domain::compensation::price_base_reminder(
            today(),
            &known
        ))
    );
    for y in [year, year + 1] {
        app.store.set_price_base(y, 59_200, "test").await.unwrap();
    }
    let overview = get_json(&cw, &app, "/api/overview").await;
    assert_eq!(
        overview["price_base_missing"],
        Value::Null,
        "entered: no reminder"
    );
}

#[tokio::test]
async fn a_need_or_a_follow_up_sent_again_after_a_lost_answer_is_recorded_once() {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    let form = need_form("child");
    let first = post(&cw, &app, "/api/needs", &form).await;
    assert_eq!(first.status(), 201);
    let need = json_of(first).await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let again = post(&cw, &app, "/api/needs", &form).await;
    assert_eq!(again.status(), 200, "a resend is not a new need");
    assert_eq!(json_of(again).await["reference"], need.as_str());
    let mut other_child = form.clone();
    other_child["case_reference"] = json!("IFO-2026-9999");
    let other = post(&cw, &app, "/api/needs", &other_child).await;
    assert_eq!(other.status(), 201, "another case is another need");
    let needs = get_json(&cw, &app, "/api/needs").await;
    assert_eq!(needs.as_array().unwrap().len(), 2);

    let id = assign(
        &cw,
        &app,
        &need,
        &json!({
            "applicant_reference": person, "reason": "Samma språk",
            "start_date": today(), "frequency": "weekly"
        }),
    )
    .await;
    let follow_up = json!({"date": today(), "notes": "Bra start", "assessments": []});
    for _ in 0..2 {
        let sent = post(
            &cw,
            &app,
            &format!("/api/assignments/{id}/follow-ups"),
            &follow_up,
        )
        .await;
        assert_eq!(sent.status(), 204);
    }
    let detail = get_json(&cw, &app, &format!("/api/assignments/{id}")).await;
    assert_eq!(detail["follow_ups"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_overview_lists_my_approved_people_without_an_assignment_needs_waiting_and_assignments_without_a_plan(
) {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    let me = get_json(&cw, &app, "/api/caseworkers").await[0]["id"]
        .as_i64()
        .unwrap();
    let assigned = cw
        .put(app.url(&format!("/api/applicants/{person}/assignee")))
        .json(&json!({ "user_id": me }))
        .send()
        .await
        .unwrap();
    assert_eq!(assigned.status(), 204);
    let waiting = new_need(&cw, &app, "child").await;
    let matched = new_need(&cw, &app, "child").await;

    // Before the match: the approved person is mine to match, and both needs wait.
    let overview = get_json(&cw, &app, "/api/overview").await;
    let references = |key: &str, field: &str| -> Vec<String> {
        overview[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {overview}"))
            .iter()
            .map(|r| r[field].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        references("approved_without_assignment", "reference"),
        std::slice::from_ref(&person)
    );
    assert_eq!(
        references("needs_waiting", "reference"),
        [waiting.clone(), matched.clone()]
    );
    assert!(
        references("mine", "reference").is_empty(),
        "vetting is done"
    );

    // Matched: the person has an assignment, the need no longer waits, and the assignment
    // waits for its plan.
    let id = assign(
        &cw,
        &app,
        &matched,
        &json!({
            "applicant_reference": person, "reason": "Talar somaliska",
            "start_date": today(), "frequency": "weekly"
        }),
    )
    .await;
    let overview = get_json(&cw, &app, "/api/overview").await;
    assert_eq!(overview["approved_without_assignment"], json!([]));
    assert_eq!(overview["needs_waiting"][0]["reference"], waiting);
    assert_eq!(overview["needs_waiting"].as_array().unwrap().len(), 1);
    let without_plan = &overview["assignments_without_plan"];
    assert_eq!(without_plan.as_array().unwrap().len(), 1, "{without_plan}");
    assert_eq!(without_plan[0]["assignment_id"].to_string(), id);
    assert_eq!(without_plan[0]["need_reference"], matched);

    // With its plan it is off the list.
    let plan = json!({
        "goals": [{"text": "Ett större nätverk", "how_noticed": "Hon nämner nya vänner"}],
        "activities": "Fotboll",
        "contacts": []
    });
    let put = put(&cw, &app, &format!("/api/assignments/{id}/plan"), &plan).await;
    assert_eq!(put.status(), 204);
    let overview = get_json(&cw, &app, "/api/overview").await;
    assert_eq!(overview["assignments_without_plan"], json!([]));
}

#[tokio::test]
async fn an_approved_contact_person_is_offered_the_open_needs_they_fit_best_first() {
    let app = spawn_app().await;
    let (cw, person) = approved(&app, &["child"]).await;
    // valid() speaks Somali and Swedish: the need in Somali fits better than the one in Dari.
    let mut dari = need_form("child");
    dari["languages"] = json!(["prs"]);
    let dari = json_of(post(&cw, &app, "/api/needs", &dari).await).await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let somali = new_need(&cw, &app, "child").await;
    let special = new_need(&cw, &app, "special").await;

    let fitting = get_json(&cw, &app, format!("/api/applicants/{person}/fitting-needs")).await;
    let order: Vec<&str> = fitting
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["need_reference"].as_str().unwrap())
        .collect();
    assert_eq!(order, [somali.as_str(), dari.as_str()], "{fitting}");
    assert!(
        !order.contains(&special.as_str()),
        "not approved for special"
    );
    // The same score and reasons the need's own ranking gives the person.
    let matches = get_json(&cw, &app, format!("/api/needs/{somali}/matches")).await;
    assert_eq!(fitting[0]["score"], matches[0]["score"]);
    assert_eq!(fitting[0]["reasons"], matches[0]["reasons"]);

    // Matched needs are no longer offered; someone not approved gets none; nobody is 404.
    assign(
        &cw,
        &app,
        &somali,
        &json!({
            "applicant_reference": person, "reason": "Talar somaliska",
            "start_date": today(), "frequency": "weekly"
        }),
    )
    .await;
    let fitting = get_json(&cw, &app, format!("/api/applicants/{person}/fitting-needs")).await;
    assert_eq!(fitting.as_array().unwrap().len(), 1);
    assert_eq!(fitting[0]["need_reference"], dari);
    let newcomer = app.applied("fitting-needs-new-0001", &valid()).await;
    let none = get_json(
        &cw,
        &app,
        format!("/api/applicants/{newcomer}/fitting-needs"),
    )
    .await;
    assert_eq!(none, json!([]));
    let missing = cw
        .get(app.url("/api/applicants/KP-1999-9999/fitting-needs"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
