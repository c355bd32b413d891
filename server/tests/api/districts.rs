//! Districts (områden): administrators add, change and retire them (each write in the access
//! log), caseworkers read them, the interest form reads the active names; an applicant's
//! district (chosen, or told by their postcode) is stored, shown, corrected and matched on.

use kp_server::store::Role;
use serde_json::{json, Value};

use crate::applications::valid;
use crate::helpers::{spawn_app, TestApp};
use crate::placement::{approved, get_json, json_of, need_form, post};

const PASSWORD: &str = "ett långt lösenord 42";

async fn admin(app: &TestApp) -> reqwest::Client {
    app.create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    app.signed_in("admin@exempelby.se", PASSWORD).await
}

/// Adds a district and answers its id.
async fn add(admin: &reqwest::Client, app: &TestApp, name: &str, postcodes: &str) -> i64 {
    let response = post(
        admin,
        app,
        "/api/districts",
        &json!({"name": name, "postcodes": postcodes}),
    )
    .await;
    assert_eq!(response.status(), 201, "{name} is added");
    json_of(response).await["id"].as_i64().unwrap()
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_administrator_adds_renames_and_retires_districts_and_each_write_is_logged() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let centrum = add(&admin, &app, "Centrum", "831 30–831 49, 831 52").await;
    let norr = add(&admin, &app, "Norr", "").await;

    let all = get_json(&admin, &app, "/api/districts/all").await;
    assert_eq!(all[0]["name"], "Centrum");
    assert_eq!(
        all[0]["postcodes"],
        json!([{"first": 83130, "last": 83149}, {"first": 83152, "last": 83152}])
    );
    assert_eq!(all[1]["name"], "Norr");

    let renamed = admin
        .put(app.url(&format!("/api/districts/{norr}")))
        .json(&json!({"name": "Norra staden", "postcodes": "832 00-832 99"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 204);

    let overlap = post(
        &admin,
        &app,
        "/api/districts",
        &json!({"name": "Söder", "postcodes": "831 45"}),
    )
    .await;
    assert_eq!(overlap.status(), 422);
    assert_eq!(
        field_codes(&json_of(overlap).await),
        [("postcodes".to_string(), "overlap".to_string())]
    );
    let taken = post(
        &admin,
        &app,
        "/api/districts",
        &json!({"name": " centrum ", "postcodes": "not a postcode"}),
    )
    .await;
    assert_eq!(
        field_codes(&json_of(taken).await),
        [
            ("name".to_string(), "name_taken".to_string()),
            ("postcodes".to_string(), "postcode_format".to_string())
        ]
    );

    let retired = post(
        &admin,
        &app,
        format!("/api/districts/{centrum}/retire"),
        &json!({}),
    )
    .await;
    assert_eq!(retired.status(), 204);
    let again = post(
        &admin,
        &app,
        format!("/api/districts/{centrum}/retire"),
        &json!({}),
    )
    .await;
    assert_eq!(again.status(), 409);
    let all = get_json(&admin, &app, "/api/districts/all").await;
    assert_eq!(
        (
            all[0]["name"].clone(),
            all[1]["name"].clone(),
            all[1]["active"].clone()
        ),
        (json!("Norra staden"), json!("Centrum"), json!(false)),
        "a retired district is kept, after the active ones"
    );
    // Its postcodes are free again.
    add(&admin, &app, "Nya centrum", "831 30–831 49").await;

    let log = app
        .store
        .access_log(None, None, None, None, 10_000, Default::default())
        .await
        .unwrap();
    let writes: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.action.starts_with("write:district"))
        .map(|e| (e.action.clone(), e.record.clone()))
        .rev()
        .collect();
    assert_eq!(writes.len(), 5, "{writes:?}");
    assert!(writes.contains(&("write:district".into(), format!("district:{centrum}"))));
    assert!(writes.contains(&("write:district".into(), format!("district:{norr}"))));
    assert!(writes.contains(&(
        "write:district_retired".into(),
        format!("district:{centrum}")
    )));
}

#[tokio::test]
async fn a_caseworker_reads_districts_but_may_not_change_them_and_anyone_reads_the_active_names() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let centrum = add(&admin, &app, "Centrum", "831 30–831 49").await;
    let gamla = add(&admin, &app, "Gamla staden", "").await;
    post(
        &admin,
        &app,
        format!("/api/districts/{gamla}/retire"),
        &json!({}),
    )
    .await;
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let cw = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;

    assert_eq!(
        get_json(&cw, &app, "/api/districts/all")
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let refused = post(&cw, &app, "/api/districts", &json!({"name": "Söder"})).await;
    assert_eq!(refused.status(), 403);
    let refused = cw
        .put(app.url(&format!("/api/districts/{centrum}")))
        .json(&json!({"name": "Söder"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    let public = app.get("/api/districts").await;
    assert_eq!(public.status(), 200);
    assert_eq!(
        public.json::<Value>().await.unwrap(),
        json!([{"id": centrum, "name": "Centrum"}]),
        "only active districts, and no postcodes"
    );

    // The interest form's page carries the same list, so its question is there when the step is
    // drawn; the JSON cannot end its script element whatever a district is called.
    let hostile = add(&admin, &app, "</script><script>alert(1)</script>", "").await;
    let page = app.get("/sv/intresseanmalan").await.text().await.unwrap();
    let open = r#"<script id="kp-districts" type="application/json">"#;
    let start = page.find(open).expect("the form page embeds the districts") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    let embedded = serde_json::from_str::<Value>(&page[start..end]).unwrap();
    assert_eq!(
        embedded,
        app.get("/api/districts")
            .await
            .json::<Value>()
            .await
            .unwrap()
    );
    assert_eq!(embedded.as_array().unwrap().len(), 2);
    assert!(embedded
        .as_array()
        .unwrap()
        .contains(&json!({"id": hostile, "name": "</script><script>alert(1)</script>"})));
    assert!(!page.contains("<script>alert(1)"));
}

#[tokio::test]
async fn an_applicant_names_an_active_district_or_none_and_the_caseworker_sees_and_corrects_it() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let centrum = add(&admin, &app, "Centrum", "").await;
    let norr = add(&admin, &app, "Norr", "").await;
    let gamla = add(&admin, &app, "Gamla staden", "").await;
    post(
        &admin,
        &app,
        format!("/api/districts/{gamla}/retire"),
        &json!({}),
    )
    .await;

    for (district, code) in [
        (json!(gamla.to_string()), "invalid_choice"),
        (json!("999"), "invalid_choice"),
        (json!("Centrum"), "invalid_choice"),
    ] {
        let mut form = valid();
        form["district"] = district.clone();
        let refused = app
            .post_application("district-key-refused-0001", &form)
            .await;
        assert_eq!(refused.status(), 422, "{district}");
        assert_eq!(
            field_codes(&refused.json().await.unwrap()),
            [("district".to_string(), code.to_string())]
        );
    }

    let mut form = valid();
    form["district"] = json!(centrum.to_string());
    let reference = app.applied("district-key-accepted-0001", &form).await;
    let detail = get_json(&admin, &app, format!("/api/applicants/{reference}")).await;
    assert_eq!(detail["answers"]["district"], json!(centrum.to_string()));

    let corrected = post(
        &admin,
        &app,
        format!("/api/applicants/{reference}/correction"),
        &json!({"district": norr.to_string()}),
    )
    .await;
    assert_eq!(corrected.status(), 204);
    let detail = get_json(&admin, &app, format!("/api/applicants/{reference}")).await;
    assert_eq!(detail["answers"]["district"], json!(norr.to_string()));
    assert_eq!(
        detail["district"],
        json!({"id": norr, "name": "Norr", "source": "chosen"})
    );
    let correction = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["event"]["kind"] == "correction")
        .unwrap();
    assert_eq!(
        correction["event"]["changes"][0],
        json!({"field": "district", "from": "Centrum", "to": "Norr"}),
        "the timeline names the districts, not their ids"
    );
    let refused = post(
        &admin,
        &app,
        format!("/api/applicants/{reference}/correction"),
        &json!({"district": gamla.to_string()}),
    )
    .await;
    assert_eq!(refused.status(), 422, "a retired district cannot be chosen");

    let extract = json_of(
        post(
            &admin,
            &app,
            "/api/register-extract",
            &json!({"personnummer": "811218-9876"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        extract["applications"][0]["district"],
        json!({"id": norr, "name": "Norr", "source": "chosen"})
    );
}

#[tokio::test]
async fn matching_says_same_area_for_a_postcode_inside_the_needs_district_and_area_unknown_without_one(
) {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    // The applicant of `approved` lives at 123 45, inside Centrum's postcodes.
    let centrum = add(&admin, &app, "Centrum", "123 00–123 99").await;
    let norr = add(&admin, &app, "Norr", "").await;
    let (cw, reference) = approved(&app, &["child"]).await;
    let detail = get_json(&cw, &app, format!("/api/applicants/{reference}")).await;
    assert_eq!(
        detail["district"],
        json!({"id": centrum, "name": "Centrum", "source": "postcode"}),
        "no district chosen: the postcode tells it"
    );

    let reasons_for = |need: String| {
        let cw = cw.clone();
        let app = &app;
        let reference = reference.clone();
        async move {
            let ranked = get_json(&cw, app, format!("/api/needs/{need}/matches")).await;
            let mine = ranked
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["reference"] == json!(reference))
                .unwrap()
                .clone();
            mine["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["kind"].as_str().unwrap().to_string())
                .filter(|k| k.contains("area"))
                .collect::<Vec<_>>()
        }
    };
    let need_in = |district: Option<i64>| {
        let mut form = need_form("child");
        if let Some(id) = district {
            form["district"] = json!(id.to_string());
            form["area"] = json!("");
        }
        form
    };

    let in_centrum = json_of(post(&cw, &app, "/api/needs", &need_in(Some(centrum))).await).await;
    let need = in_centrum["reference"].as_str().unwrap().to_string();
    let detail = get_json(&cw, &app, format!("/api/needs/{need}")).await;
    assert_eq!(
        detail["need"]["area"], "Centrum",
        "the district's name is the area"
    );
    assert_eq!(reasons_for(need).await, ["same_area"]);

    let in_norr = json_of(post(&cw, &app, "/api/needs", &need_in(Some(norr))).await).await;
    let need = in_norr["reference"].as_str().unwrap().to_string();
    assert_eq!(reasons_for(need).await, ["other_area"]);

    let free_text = json_of(post(&cw, &app, "/api/needs", &need_in(None)).await).await;
    let need = free_text["reference"].as_str().unwrap().to_string();
    assert_eq!(
        reasons_for(need).await,
        ["area_unknown"],
        "a free-text area is not compared with a postal town to say 'another area'"
    );

    let mut bad = need_in(Some(999));
    bad["case_reference"] = json!("IFO-2026-9999");
    let refused = post(&cw, &app, "/api/needs", &bad).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&json_of(refused).await),
        [("district".to_string(), "invalid_choice".to_string())]
    );
}
