//! The caseworker's applicant API: the pipeline walked to a decision, refusals with their codes,
//! the list's filters, and the tamper-evident access log.

use kp_server::store::{ApplicantFilter, ListLimits, Role, LIST_COUNT_CAP};
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{envelope_code, spawn_app, spawn_app_with, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";

async fn setup() -> (TestApp, reqwest::Client, String) {
    let app = spawn_app().await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let receipt: Value = app
        .post_application("applicant-test-key-0001", &valid())
        .await
        .json()
        .await
        .unwrap();
    let caseworker = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    (
        app,
        caseworker,
        receipt["reference"].as_str().unwrap().to_string(),
    )
}

async fn record(
    app: &TestApp,
    client: &reqwest::Client,
    reference: &str,
    event: Value,
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/applicants/{reference}/events")))
        .json(&event)
        .send()
        .await
        .unwrap()
}

fn today() -> String {
    kp_server::today_in_sweden(chrono::Utc::now()).to_string()
}

#[tokio::test]
async fn a_caseworker_walks_an_applicant_from_the_form_to_approval_with_evidence() {
    let (app, cw, reference) = setup().await;
    let t = today();
    let steps = [
        json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": "Vill gärna"}),
        json!({"kind": "interview_booked", "at": format!("{t}T10:00:00"), "place": "Rum 3"}),
        json!({"kind": "interview_held", "date": t, "participants": "AB, CD", "assessment": "Stabil och varm"}),
        json!({"kind": "police_extract", "issued": t, "received": t, "has_entries": false, "verified_how": "Originalet granskat"}),
        json!({"kind": "register_check", "date": t, "outcome": "nothing_recorded", "legal_basis": "Samtycke", "note": ""}),
        json!({"kind": "reference", "name": "Eva", "relation": "Chef", "phone": "0701234567", "contacted": t, "summary": "Pålitlig"}),
        json!({"kind": "reference", "name": "Omar", "relation": "Granne", "phone": "0707654321", "contacted": t, "summary": "Omtänksam"}),
        json!({"kind": "decision", "approved": true, "assignment_types": ["child"], "motivation": "Lämplig", "date": t}),
    ];
    for step in steps {
        let response = record(&app, &cw, &reference, step.clone()).await;
        assert_eq!(
            response.status(),
            204,
            "{step}: {}",
            response.text().await.unwrap()
        );
    }
    let detail: Value = cw
        .get(app.url(&format!("/api/applicants/{reference}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["summary"]["stage"], "approved");
    assert_eq!(detail["timeline"].as_array().unwrap().len(), 8);
    assert_eq!(detail["timeline"][0]["by"], "Test Testsson");
    assert_eq!(detail["answers"]["personnummer"], "19811218-9876");
}

#[tokio::test]
async fn steps_that_break_the_rules_are_refused_with_the_rules_code() {
    let (app, cw, reference) = setup().await;
    let t = today();
    let early = record(&app, &cw, &reference, json!({"kind": "decision", "approved": true, "assignment_types": ["child"], "motivation": "x", "date": t})).await;
    assert_eq!(early.status(), 422);
    let body: Value = early.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"],
        json!([{"field": "event", "code": "wrong_stage"}])
    );
    let future = record(
        &app,
        &cw,
        &reference,
        json!({"kind": "phone_call", "date": "2999-01-01", "outcome": "reached", "note": ""}),
    )
    .await;
    assert_eq!(future.status(), 422);
    let malformed = record(&app, &cw, &reference, json!({"kind": "teleport"})).await;
    assert_eq!(
        malformed.status(),
        422,
        "axum's JSON rejection for an unknown kind"
    );
    let missing = cw
        .post(app.url("/api/applicants/KP-1999-9999/events"))
        .json(&json!({"kind": "note", "text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_list_filters_searches_and_pages_on_the_server() {
    let app = spawn_app().await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    for (i, (name, language)) in [("Amina", "so"), ("Bertil", "sv"), ("Carin", "sv")]
        .iter()
        .enumerate()
    {
        let mut body = valid();
        body["first_name"] = json!(name);
        body["languages"] = json!([language]);
        app.post_application(&format!("list-test-key-{i:012}"), &body)
            .await;
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let get = |query: &'static str| {
        let (app, cw) = (&app, &cw);
        async move {
            cw.get(app.url(&format!("/api/applicants?{query}")))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(get("").await["total"], 3);
    assert_eq!(get("language=sv").await["total"], 2);
    assert_eq!(get("q=bertil").await["total"], 1);
    assert_eq!(get("q=BERTIL").await["total"], 1, "case-insensitive");
    assert_eq!(
        get("q=0701234567").await["total"],
        3,
        "phones are stored as +46…, and a whole number is read as one"
    );
    assert_eq!(get("q=%2B46701234567").await["total"], 3);
    assert_eq!(get("stage=new").await["total"], 3);
    assert_eq!(get("stage=approved").await["total"], 0);
    let page = get("sort=name&per_page=2&page=2").await;
    assert_eq!(page["rows"].as_array().unwrap().len(), 1);
    assert_eq!(page["rows"][0]["name"], "Carin Yusuf");
    assert_eq!(
        get("q=%25").await["total"],
        3,
        "a % in the search is not a wildcard trick"
    );
}

#[tokio::test]
async fn a_phone_number_typed_in_any_form_the_form_accepts_finds_its_applicant_and_only_them() {
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    // Stored as +46701234567, +46701234568, +4915112345678 and +491511234567 (one a prefix of
    // the other), and one e-mail address holding digits of a number.
    let mut refs = Vec::new();
    for (i, (phone, email)) in [
        ("070-123 45 67", "amina@example.se"),
        ("+46 70 123 45 68", "bertil@example.se"),
        ("+49 151 1234 5678", "carin@example.se"),
        ("0049 151 1234 567", "dawit@example.se"),
        ("070-999 99 99", "elif0701234567@example.se"),
    ]
    .iter()
    .enumerate()
    {
        let mut body = valid();
        body["phone"] = json!(phone);
        body["email"] = json!(email);
        refs.push(app.applied(&format!("phone-test-key-{i:012}"), &body).await);
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let expect = |which: &[usize]| -> Vec<String> {
        let mut found: Vec<String> = which.iter().map(|&i| refs[i].clone()).collect();
        found.sort();
        found
    };
    for (typed, which) in [
        ("0701234567", &[0][..]),
        ("070-123 45 67", &[0]),
        ("070 123 45 67", &[0]),
        ("+46701234567", &[0]),
        ("+46 70 123 45 67", &[0]),
        ("0046701234567", &[0]),
        ("+46 70-123 45 68", &[1]),
        // The start of a number in international form, seven digits or more.
        ("+46 70 123 45", &[0, 1]),
        ("+4670123", &[0, 1]),
        // A foreign number whole is also the start of a longer one.
        ("+491511234567", &[2, 3]),
        ("+49 151 1234 5678", &[2]),
        // Other terms are looked for anywhere in the search text, as before.
        ("1234567", &[0, 2, 3, 4]),
        ("+467012", &[0, 1]),
        ("0701234", &[4]),
        ("elif070", &[4]),
    ] {
        let query = format!(
            "q={}",
            typed
                .replace('+', "%2B")
                .replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29")
        );
        let page = list(&app, &cw, &query).await;
        assert_eq!(references(&page), expect(which), "{typed}");
        assert_eq!(page["total"], which.len(), "{typed}");
    }
    // With a stage: a phone number and the stage both hold.
    assert_eq!(list(&app, &cw, "q=0701234567&stage=new").await["total"], 1);
    assert_eq!(
        list(&app, &cw, "q=0701234567&stage=contacted").await["total"],
        0
    );
}

#[tokio::test]
async fn a_personnummer_typed_in_any_form_finds_its_applicant_and_a_number_that_could_be_either_finds_both(
) {
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    // 0: born 1981-12-18; 1: born 1985-03-12; 2: a samordningsnummer (day 18 + 60); 3: born
    // 2007-01-23, whose number 070123-4569 is also how 4's phone number 070-123 45 69 is typed.
    let mut refs = Vec::new();
    for (i, (personnummer, phone)) in [
        ("811218-9876", "070-111 11 11"),
        ("850312-2387", "070-222 22 22"),
        ("811278-1235", "070-333 33 33"),
        ("20070123-4569", "070-444 44 44"),
        ("19900101-1239", "070-123 45 69"),
    ]
    .iter()
    .enumerate()
    {
        let mut body = valid();
        body["personnummer"] = json!(personnummer);
        body["phone"] = json!(phone);
        body["email"] = json!(format!("person{i}@example.se"));
        refs.push(app.applied(&format!("pnr-search-key-{i:012}"), &body).await);
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    for (typed, which) in [
        ("811218-9876", &[0][..]),
        ("8112189876", &[0]),
        ("19811218-9876", &[0]),
        ("198112189876", &[0]),
        (" 811218-9876 ", &[0]),
        ("850312-2387", &[1]),
        ("811278-1235", &[2]),
        ("198112781235", &[2]),
        ("0701234569", &[3, 4]),
        // A wrong check digit is no personnummer; the number is not in the search text either,
        // and a part of it finds nobody.
        ("811218-9877", &[]),
        ("9876", &[]),
        ("811218", &[]),
    ] {
        let query = format!("q={}", typed.replace('+', "%2B").replace(' ', "%20"));
        let page = list(&app, &cw, &query).await;
        let mut expected: Vec<String> = which.iter().map(|&i| refs[i].clone()).collect();
        expected.sort();
        assert_eq!(references(&page), expected, "{typed}");
    }
    // With a stage: the number and the stage both hold.
    assert_eq!(list(&app, &cw, "q=8112189876&stage=new").await["total"], 1);
    assert_eq!(
        list(&app, &cw, "q=8112189876&stage=contacted").await["total"],
        0
    );
}

#[tokio::test]
async fn a_stage_change_moves_the_applicant_in_the_list_filtered_by_stage_language_and_type() {
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let mut refs = Vec::new();
    for (i, (languages, types)) in [
        (&["so", "sv"][..], &["child"][..]),
        (&["so"], &["child", "special"]),
        (&["ar"], &["child"]),
    ]
    .iter()
    .enumerate()
    {
        let mut body = valid();
        body["languages"] = json!(languages);
        body["assignment_types"] = json!(types);
        refs.push(app.applied(&format!("stage-tag-key-{i:012}"), &body).await);
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let listed = |query: &'static str| {
        let (app, cw) = (&app, &cw);
        async move {
            let page = list(app, cw, query).await;
            // Newest first: the later applications first.
            let rows: Vec<String> = page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["reference"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(page["total"], rows.len(), "{query}");
            rows
        }
    };
    let so_child_new = "stage=new&language=so&assignment_type=child";
    let so_child_contacted = "stage=contacted&language=so&assignment_type=child";
    assert_eq!(
        listed(so_child_new).await,
        [refs[1].clone(), refs[0].clone()]
    );
    assert_eq!(listed(so_child_contacted).await, Vec::<String>::new());

    let t = today();
    let call = json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": ""});
    assert_eq!(record(&app, &cw, &refs[0], call).await.status(), 204);
    assert_eq!(listed(so_child_new).await, [refs[1].clone()]);
    assert_eq!(listed(so_child_contacted).await, [refs[0].clone()]);
    assert_eq!(
        listed("stage=contacted&language=sv&sort=oldest").await,
        [refs[0].clone()]
    );
    assert_eq!(
        listed("stage=contacted&assignment_type=child&sort=stage").await,
        [refs[0].clone()]
    );
    assert_eq!(
        listed("stage=new&assignment_type=child").await,
        [refs[2].clone(), refs[1].clone()]
    );
    // The other Somali child follows.
    let call = json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": ""});
    assert_eq!(record(&app, &cw, &refs[1], call).await.status(), 204);
    assert_eq!(listed(so_child_new).await, Vec::<String>::new());
    assert_eq!(
        listed(so_child_contacted).await,
        [refs[1].clone(), refs[0].clone()]
    );
}

#[tokio::test]
async fn within_a_stage_the_name_order_ignores_ascii_case_and_ends_on_the_id() {
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    // In submission order (so in id order); the second is moved on to "contacted".
    let people = [
        ("Östen", "berg"),
        ("amina", "Berg"),
        ("Bertil", "andersson"),
        ("Carin", "Berg"),
        ("Dawit", "Åberg"),
        ("Amina", "Berg"),
        ("AMINA", "BERG"),
    ];
    let mut references = Vec::new();
    for (i, (first, last)) in people.iter().enumerate() {
        let mut body = valid();
        body["first_name"] = json!(first);
        body["last_name"] = json!(last);
        references.push(app.applied(&format!("stage-name-key-{i:012}"), &body).await);
    }
    let reached = json!({"kind": "phone_call", "date": today(), "outcome": "reached", "note": ""});
    assert_eq!(
        record(&app, &cw, &references[1], reached).await.status(),
        204
    );
    let names = |query: &'static str| {
        let (app, cw) = (&app, &cw);
        async move {
            let page: Value = cw
                .get(app.url(&format!("/api/applicants?{query}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let names: Vec<String> = page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string())
                .collect();
            (names, page["total"].as_i64().unwrap())
        }
    };
    // NOCASE folds ASCII letters only, so "Åberg" and "Östen" sort after every ASCII name; the
    // two Amina Bergs tie and keep their id order.
    assert_eq!(
        names("stage=new&sort=name").await,
        (
            vec![
                "Bertil andersson".to_string(),
                "Amina Berg".into(),
                "AMINA BERG".into(),
                "Carin Berg".into(),
                "Östen berg".into(),
                "Dawit Åberg".into(),
            ],
            6
        )
    );
    assert_eq!(
        names("stage=new&sort=name&per_page=2&page=2").await,
        (vec!["AMINA BERG".to_string(), "Carin Berg".into()], 6)
    );
    assert_eq!(
        names("stage=contacted&sort=name").await,
        (vec!["amina Berg".to_string()], 1)
    );
}

#[tokio::test]
async fn every_read_and_write_of_applicant_data_is_logged_and_the_log_is_tamper_evident() {
    let (app, cw, reference) = setup().await;
    app.create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    cw.get(app.url(&format!("/api/applicants/{reference}")))
        .send()
        .await
        .unwrap();
    record(
        &app,
        &cw,
        &reference,
        json!({"kind": "note", "text": "Ringer imorgon"}),
    )
    .await;
    cw.get(app.url("/api/applicants?q=amina"))
        .send()
        .await
        .unwrap();

    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let log: Value = admin
        .get(app.url(&format!("/api/access-log?record={reference}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["write:note", "read"], "newest first");
    assert_eq!(log[0]["user_name"], "Test Testsson");
    assert_eq!(log[0]["address"], "127.0.0.1");

    let csv = admin
        .get(app.url("/api/access-log.csv"))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\u{feff}id,at,user_id,user_name,action,record,address,purpose\r\n"));
    assert_eq!(
        text.lines().count(),
        6,
        "header, two sign-ins and three entries"
    );

    let verify = |admin: &reqwest::Client| {
        let (app, admin) = (&app, admin.clone());
        async move {
            admin
                .get(app.url("/api/access-log/verify"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let intact = verify(&admin).await;
    assert_eq!(intact["intact"], true);
    assert_eq!(intact["first_altered_entry"], Value::Null);
    assert_eq!(
        intact["entries"], 5,
        "every entry was checked: two sign-ins and three reads and writes"
    );

    // The table refuses changes outright …
    assert!(
        app.store.tamper_with_access_log(2, false).await.is_err(),
        "append-only"
    );
    // … and someone who removes that guard and edits an entry is still found out.
    app.store.tamper_with_access_log(2, true).await.unwrap();
    let result = verify(&admin).await;
    assert_eq!(result["intact"], false);
    assert_eq!(result["first_altered_entry"], 2);
    assert_eq!(result["entries"], 5);
}

#[tokio::test]
async fn a_caseworker_cannot_read_the_access_log() {
    let (app, cw, _) = setup().await;
    let response = cw.get(app.url("/api/access-log")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(envelope_code(response).await, "forbidden");
}

#[tokio::test]
async fn the_overview_counts_stages_and_lists_what_needs_doing() {
    let app = spawn_app().await;
    let me = app
        .create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let mut references = Vec::new();
    for i in 0..4 {
        references.push(
            app.applied(&format!("overview-test-key-{i:08}"), &valid())
                .await,
        );
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let today = kp_server::today_in_sweden(chrono::Utc::now());
    let t = today.to_string();
    // 0: waited three weeks without a call.
    app.store
        .backdate_application(&references[0], "2020-01-01T09:00:00Z".parse().unwrap())
        .await
        .unwrap();
    // 1: interview booked for today.
    for step in [
        json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": ""}),
        json!({"kind": "interview_booked", "at": format!("{t}T23:00:00"), "place": "Rum 3"}),
    ] {
        assert_eq!(record(&app, &cw, &references[1], step).await.status(), 204);
    }
    // 2: in checks with an extract eleven and a half months old.
    let old = (today - chrono::Duration::days(350)).to_string();
    for step in [
        json!({"kind": "phone_call", "date": t, "outcome": "reached", "note": ""}),
        json!({"kind": "interview_booked", "at": format!("{t}T08:00:00"), "place": "Rum 3"}),
        json!({"kind": "interview_held", "date": t, "participants": "AB", "assessment": "Bra"}),
        json!({"kind": "police_extract", "issued": old, "received": old, "has_entries": false, "verified_how": "Original"}),
    ] {
        assert_eq!(record(&app, &cw, &references[2], step).await.status(), 204);
    }
    // 3: assigned to me.
    let assigned = cw
        .put(app.url(&format!("/api/applicants/{}/assignee", references[3])))
        .json(&json!({ "user_id": me }))
        .send()
        .await
        .unwrap();
    assert_eq!(assigned.status(), 204);

    let overview: Value = cw
        .get(app.url("/api/overview"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let count = |stage: &str| {
        overview["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["stage"] == stage)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(count("new"), 2);
    assert_eq!(count("interview_booked"), 1);
    assert_eq!(count("checks_under_way"), 1);
    let refs = |key: &str| -> Vec<String> {
        overview[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["reference"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        refs("waiting_for_contact"),
        [references[0].clone()],
        "only the one that waited"
    );
    assert_eq!(refs("interviews_this_week"), [references[1].clone()]);
    assert_eq!(overview["interviews_this_week"][0]["place"], "Rum 3");
    assert_eq!(refs("extracts_expiring"), [references[2].clone()]);
    assert_eq!(refs("mine"), [references[3].clone()]);
}

#[tokio::test]
async fn caseworkers_see_the_mail_outbox_with_each_mails_state() {
    let (app, cw, reference) = setup().await;
    let mails: Value = cw
        .get(app.url("/api/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        mails["mail_server"], false,
        "no SMTP_URL in the tests' configuration"
    );
    let mails = mails["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 2);
    assert!(mails
        .iter()
        .all(|m| m["reference"] == reference.as_str() && m["status"] == "outbox"));
    assert!(mails
        .iter()
        .any(|m| m["kind"] == "receipt" && m["to_address"] == "amina@example.se"));
}

#[tokio::test]
async fn an_applicant_can_be_assigned_only_to_an_active_account_and_the_page_shows_who() {
    let (app, cw, reference) = setup().await;
    let gone = app
        .create_account("slutat@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    app.store
        .update_account(gone, None, Some(false), None)
        .await
        .unwrap();
    let caseworkers: Value = cw
        .get(app.url("/api/caseworkers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let caseworkers = caseworkers.as_array().unwrap();
    assert_eq!(
        caseworkers.len(),
        1,
        "only the active account: {caseworkers:?}"
    );
    assert!(
        caseworkers[0].get("email").is_none(),
        "the list names people, nothing more"
    );
    let me = caseworkers[0]["id"].as_i64().unwrap();

    let assign = |user: Value| {
        cw.put(app.url(&format!("/api/applicants/{reference}/assignee")))
            .json(&json!({ "user_id": user }))
            .send()
    };
    for user in [json!(987_654), json!(gone)] {
        let refused = assign(user).await.unwrap();
        assert_eq!(refused.status(), 422);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "user_id");
        assert_eq!(body["error"]["fields"][0]["code"], "unknown_caseworker");
    }

    let detail = |cw: reqwest::Client| {
        let url = app.url(&format!("/api/applicants/{reference}"));
        async move {
            cw.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(assign(json!(me)).await.unwrap().status(), 204);
    let shown = detail(cw.clone()).await;
    assert_eq!(shown["assigned_to_id"], json!(me));
    assert_eq!(shown["summary"]["assigned_to"], "Test Testsson");

    assert_eq!(assign(Value::Null).await.unwrap().status(), 204);
    let shown = detail(cw.clone()).await;
    assert_eq!(shown["assigned_to_id"], Value::Null);
    assert_eq!(shown["summary"]["assigned_to"], Value::Null);
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn the_account_list_and_the_outbox_answer_the_shapes_the_caseworker_area_reads() {
    let (app, _, _) = setup().await;
    app.create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let accounts: Value = admin
        .get(app.url("/api/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(
        keys(&accounts[0]),
        [
            "active",
            "active_sessions",
            "created_at",
            "demo",
            "display_name",
            "email",
            "id",
            "locked_for_seconds",
            "must_change_password",
            "role",
            "second_factor",
            "via_provider"
        ]
    );
    let roles: Vec<&str> = accounts
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert!(roles.contains(&"admin") && roles.contains(&"caseworker"));
    let typed: Vec<kp_domain::caseworker::AccountSummary> =
        serde_json::from_value(Value::Array(accounts.clone())).unwrap();
    assert!(typed.iter().all(|a| a.active));

    let mails: Value = admin
        .get(app.url("/api/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mails = mails["mails"].as_array().unwrap();
    assert_eq!(
        mails.len(),
        2,
        "the receipt and the notice of the one application"
    );
    assert_eq!(
        keys(&mails[0]),
        [
            "attempts",
            "created_at",
            "id",
            "kind",
            "last_error",
            "reference",
            "sent_at",
            "status",
            "subject",
            "to_address"
        ]
    );
    let typed: Vec<kp_domain::caseworker::OutboxMail> =
        serde_json::from_value(Value::Array(mails.clone())).unwrap();
    assert!(typed
        .iter()
        .all(|m| m.status == "outbox" && m.sent_at.is_none()));
    let kinds: Vec<&str> = typed.iter().map(|m| m.kind.as_str()).collect();
    assert!(kinds.contains(&"receipt") && kinds.contains(&"notice"));
}

async fn list(app: &TestApp, client: &reqwest::Client, query: &str) -> Value {
    client
        .get(app.url(&format!("/api/applicants?{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn references(page: &Value) -> Vec<String> {
    let mut found: Vec<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn the_count_stops_at_a_thousand_for_a_broad_filter_and_is_exact_below_it() {
    let app = spawn_app().await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    // Applicant i (1 to 2,500): stage i % 5 (1 is contacted), phone +4670 and i in seven digits.
    app.store.seed_synthetic_applicants(2_500).await.unwrap();
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let counted = |page: &Value| {
        (
            page["total"].as_i64().unwrap(),
            page["total_capped"] == true,
        )
    };

    let everyone = list(&app, &cw, "").await;
    assert_eq!(counted(&everyone), (LIST_COUNT_CAP, true), "1 000+");
    assert_eq!(everyone["rows"].as_array().unwrap().len(), 50);
    assert_eq!(
        counted(&list(&app, &cw, "stage=contacted").await),
        (500, false)
    );
    // Every phone number holds +46700: too many for the trigram lookup, checked along the index.
    assert_eq!(
        counted(&list(&app, &cw, "q=%2B46700").await),
        (LIST_COUNT_CAP, true)
    );
    assert_eq!(
        counted(&list(&app, &cw, "q=%2B46700&stage=contacted").await),
        (500, false)
    );
    // +46700001… is applicants 1,000 to 1,999: exactly the cap is an exact count.
    assert_eq!(
        counted(&list(&app, &cw, "q=%2B46700001").await),
        (1_000, false)
    );
    // A page past the cap still has its rows.
    let past = list(&app, &cw, "page=30").await;
    assert_eq!(counted(&past), (LIST_COUNT_CAP, true));
    assert_eq!(past["rows"].as_array().unwrap().len(), 50);
    assert_eq!(
        list(&app, &cw, "page=51").await["rows"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "2,500 applicants fill 50 pages"
    );
}

#[tokio::test]
async fn filters_on_language_and_assignment_type_give_exactly_the_applicants_who_chose_them() {
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    // Codes that are parts of one another: fi/fit, ro/rom, se/sv, s.
    let chosen = [
        (&["fit"][..], &["special"][..]),
        (&["fi", "rom"], &["child", "unaccompanied"]),
        (&["ro", "se"], &["unaccompanied"]),
        (&["sv"], &["child"]),
        (&["so", "sv"], &["special", "child"]),
    ];
    let mut refs = Vec::new();
    for (i, (languages, types)) in chosen.iter().enumerate() {
        let mut body = valid();
        body["languages"] = json!(languages);
        body["assignment_types"] = json!(types);
        refs.push(app.applied(&format!("tag-test-key-{i:012}"), &body).await);
    }
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let expect = |which: &[usize]| -> Vec<String> {
        let mut found: Vec<String> = which.iter().map(|&i| refs[i].clone()).collect();
        found.sort();
        found
    };
    for (query, which) in [
        ("language=fi", &[1][..]),
        ("language=fit", &[0]),
        ("language=ro", &[2]),
        ("language=rom", &[1]),
        ("language=se", &[2]),
        ("language=sv", &[3, 4]),
        ("language=so", &[4]),
        ("assignment_type=child", &[1, 3, 4]),
        ("assignment_type=special", &[0, 4]),
        ("assignment_type=unaccompanied", &[1, 2]),
        ("language=sv&assignment_type=special", &[4]),
        ("language=rom&assignment_type=unaccompanied&stage=new", &[1]),
        ("language=sv&assignment_type=unaccompanied", &[]),
        ("language=SV", &[]),
        ("language=s", &[]),
        ("language=%22sv%22", &[]),
        ("language=sv%22%2C%22so", &[]),
        ("language=", &[]),
        ("assignment_type=chi", &[]),
        ("assignment_type=child&stage=approved", &[]),
    ] {
        let page = list(&app, &cw, query).await;
        assert_eq!(references(&page), expect(which), "{query}");
        assert_eq!(page["total"], which.len(), "{query}");
        assert_eq!(page["total_capped"], false, "{query}");
    }
}

/// Applicant `i` as `Store::seed_synthetic_applicants` writes it (its formulas, restated).
struct Seeded {
    id: i64,
    reference: String,
    received_at: String,
    first_name: String,
    last_name: String,
    stage: &'static str,
    types: &'static [&'static str],
    languages: &'static [&'static str],
    search_text: String,
}

fn seeded(i: i64) -> Seeded {
    let year = 2025 + i % 2;
    let reference = format!("KP-{year}-{i:06}");
    let first_name = format!(
        "{}{i}",
        ["Amina", "Bertil", "Carin", "Dawit", "Elif", "Farid"][(i % 6) as usize]
    );
    let last_name = format!("Efternamn{}", i % 997);
    let search_text =
        format!("{reference} {first_name} {last_name} +4670{i:07} person{i}@example.se")
            .to_lowercase();
    Seeded {
        id: i,
        received_at: format!(
            "{year}-{:02}-{:02}T{:02}:00:00Z",
            1 + i % 12,
            1 + i % 28,
            i % 24
        ),
        stage: [
            "new",
            "contacted",
            "interviewed",
            "checks_under_way",
            "approved",
        ][(i % 5) as usize],
        types: [&["child"][..], &["unaccompanied"], &["child", "special"]][(i % 3) as usize],
        languages: [&["sv"][..], &["ar", "sv"], &["so"], &["prs", "fa"]][(i % 4) as usize],
        reference,
        first_name,
        last_name,
        search_text,
    }
}

#[tokio::test]
async fn every_filter_search_sort_and_page_gives_the_rows_and_count_the_data_implies() {
    let app = spawn_app().await;
    let me = app
        .create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    const COUNT: i64 = 1_500;
    app.store.seed_synthetic_applicants(COUNT).await.unwrap();
    let everyone: Vec<Seeded> = (1..=COUNT).map(seeded).collect();
    for a in everyone.iter().filter(|a| a.id % 7 == 0) {
        let record = format!("applicant:{}", a.reference);
        let log = kp_server::store::LogEntry {
            user_id: me,
            user_name: "Test Testsson",
            action: "write:assign",
            record: &record,
            address: "127.0.0.1",
        };
        assert!(app
            .store
            .assign(&a.reference, Some(me), &log)
            .await
            .unwrap());
    }
    // Small limits, so that a few rows take every way the list can count and search: a search
    // with at most 50 trigram candidates, one tried on 400 rows and checked along the index, one
    // tried and then read through all its candidates, and the count stopping past 100.
    let small = ListLimits {
        count_cap: 100,
        search_candidates: 50,
        search_scan_budget: 400,
    };
    // Stage, language, assignment type, assigned to me.
    type Filters<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);
    let filters: [Filters; 7] = [
        (None, None, None, false),
        (Some("new"), None, None, false),
        (None, Some("so"), None, false),
        (None, None, Some("child"), false),
        (Some("contacted"), Some("sv"), Some("special"), false),
        (Some("new"), Some("so"), Some("child"), false),
        (None, None, None, true),
    ];
    let terms = [
        None,
        Some("amina1"),
        Some("Dawit12"),
        Some("+4670001"),
        Some("kp-2026"),
        Some("efternamn9"),
        Some("person14"),
        Some("a"),
        Some("zz"),
        Some(" \"x"),
        Some("%"),
    ];
    let mut checked = 0;
    for (stage, language, assignment_type, mine) in filters {
        for term in terms {
            let normalized = term
                .map(|t| t.trim().to_lowercase().replace(['%', '_'], ""))
                .filter(|t| !t.is_empty());
            let mut matching: Vec<&Seeded> = everyone
                .iter()
                .filter(|a| stage.is_none_or(|s| a.stage == s))
                .filter(|a| language.is_none_or(|l| a.languages.contains(&l)))
                .filter(|a| assignment_type.is_none_or(|t| a.types.contains(&t)))
                .filter(|a| !mine || a.id % 7 == 0)
                .filter(|a| {
                    normalized
                        .as_ref()
                        .is_none_or(|t| a.search_text.contains(t))
                })
                .collect();
            for sort in ["newest", "oldest", "name", "stage"] {
                match sort {
                    "oldest" => {
                        matching.sort_by(|a, b| (&a.received_at, a.id).cmp(&(&b.received_at, b.id)))
                    }
                    "name" => matching.sort_by_key(|a| {
                        (
                            a.last_name.to_ascii_lowercase(),
                            a.first_name.to_ascii_lowercase(),
                            a.id,
                        )
                    }),
                    "stage" => matching.sort_by(|a, b| {
                        a.stage
                            .cmp(b.stage)
                            .then((&b.received_at, b.id).cmp(&(&a.received_at, a.id)))
                    }),
                    _ => {
                        matching.sort_by(|a, b| (&b.received_at, b.id).cmp(&(&a.received_at, a.id)))
                    }
                }
                for (page, per_page) in [(1, 50), (2, 50), (3, 50), (4, 7)] {
                    let filter = ApplicantFilter {
                        stage: stage.map(String::from),
                        language: language.map(String::from),
                        assignment_type: assignment_type.map(String::from),
                        assigned_to: mine.then_some(me),
                        query: term.map(String::from),
                        sort: sort.to_string(),
                        page,
                        per_page,
                    };
                    let at = ((page - 1) * per_page) as usize;
                    let expected: Vec<&str> = matching
                        .get(at.min(matching.len())..(at + per_page as usize).min(matching.len()))
                        .unwrap_or_default()
                        .iter()
                        .map(|a| a.reference.as_str())
                        .collect();
                    let n = matching.len() as i64;
                    for (limits, cap) in [(small, 100), (ListLimits::default(), LIST_COUNT_CAP)] {
                        let got = app
                            .store
                            .list_applicants_within(&filter, limits)
                            .await
                            .unwrap();
                        let rows: Vec<&str> =
                            got.rows.iter().map(|r| r.reference.as_str()).collect();
                        assert_eq!(rows, expected, "{filter:?} {limits:?}");
                        assert_eq!(
                            (got.total, got.total_capped),
                            (n.min(cap), n > cap),
                            "{filter:?} {limits:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 7 * 11 * 4 * 4 * 2);
}

#[tokio::test]
async fn a_stored_row_that_does_not_decode_is_an_error_not_a_missing_or_default_row() {
    let (app, caseworker, reference) = setup().await;
    // Before the store read rows into typed values, an unknown stage read as "new" and the
    // applicant was listed as new; now the answer says something is wrong and the log says what.
    app.store
        .put_raw_stage(&reference, "aproved")
        .await
        .unwrap();
    for path in [
        "/api/applicants".to_string(),
        format!("/api/applicants/{reference}"),
    ] {
        let response = caseworker.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 500, "{path}");
        assert_eq!(envelope_code(response).await, "internal_error", "{path}");
    }
    app.store
        .put_raw_stage(&reference, "approved")
        .await
        .unwrap();
    let listed = list(&app, &caseworker, "").await;
    assert_eq!(references(&listed), [reference]);
}
