//! The contact person's own area (issue 15): a one-time link by e-mail (through a real SMTP
//! listener) signs a contact person in once; their session reaches their own assignments and
//! agreements and nothing else, a caseworker's session does not reach the area, and an accepted
//! agreement is kept with the hash of its exact text until its text changes.

use std::sync::{Arc, Mutex};

use kp_server::store::Role;
use serde_json::{json, Value};

use kp_server::routes::Access;

use crate::access::call;
use crate::applications::valid;
use crate::helpers::{envelope_code, spawn_app_with, TestApp};
use crate::mail::{decoded, eventually, fake_smtp};
use crate::placement::{assign, get_json, json_of, new_need, post, walk_to_approval};

pub(crate) const PASSWORD: &str = "ett långt lösenord 42";
const ORIGIN: &str = "https://kontaktperson.exempelby.se";

pub(crate) async fn area_app() -> (TestApp, Arc<Mutex<Vec<String>>>) {
    let (port, received) = fake_smtp().await;
    let app = spawn_app_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.public_url = Some(ORIGIN.into());
        c.contact_area.link_sign_in = true;
    })
    .await;
    (app, received)
}

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// A valid personnummer born on 1990-01-0`n`.
pub(crate) fn personnummer(n: u32) -> String {
    let nine = format!("90010{n}001");
    format!(
        "19{}-{}{}",
        &nine[..6],
        &nine[6..],
        kp_domain::personnummer::check_digit(&nine)
    )
}

/// An applicant with `email` and a personnummer of their own, approved, with one assignment
/// starting today; answers (applicant reference, assignment id).
pub(crate) async fn contact_person_with_assignment(
    cw: &reqwest::Client,
    app: &TestApp,
    n: u32,
    email: &str,
) -> (String, i64) {
    contact_person_with_assignment_from(cw, app, n, email, today()).await
}

/// The same, the assignment starting on `start`.
pub(crate) async fn contact_person_with_assignment_from(
    cw: &reqwest::Client,
    app: &TestApp,
    n: u32,
    email: &str,
    start: chrono::NaiveDate,
) -> (String, i64) {
    let mut form = valid();
    form["personnummer"] = json!(personnummer(n));
    form["email"] = json!(email);
    form["first_name"] = json!(format!("Person{n}"));
    form["assignment_types"] = json!(["child"]);
    let reference = json_of(
        app.post_application(&format!("contact-area-key-{n:010}"), &form)
            .await,
    )
    .await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    walk_to_approval(cw, app, &reference, &["child"]).await;
    let need = new_need(cw, app, "child").await;
    let id = assign(
        cw,
        app,
        &need,
        &json!({"applicant_reference": reference, "reason": "Talar somaliska",
                "start_date": start, "frequency": "weekly"}),
    )
    .await;
    (reference, id.parse().unwrap())
}

/// A received mail with its body readable: quoted-printable decoded, or a base64 body (as a mail
/// in Arabic script is sent) decoded.
pub(crate) fn readable(mail: &str) -> String {
    use base64::Engine;
    if !mail.contains("Content-Transfer-Encoding: base64") {
        return decoded(mail);
    }
    let (head, body) = mail.split_once("\n\n").unwrap_or((mail, ""));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.split_whitespace().collect::<String>())
        .expect("a base64 body");
    format!("{head}\n\n{}", String::from_utf8(bytes).expect("UTF-8"))
}

/// The access-log actions written about `record`.
pub(crate) async fn actions_on(app: &TestApp, record: &str) -> Vec<String> {
    app.store
        .access_log(None, Some(record), None, None, 50, Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// A caseworker signed in.
pub(crate) async fn caseworker(app: &TestApp) -> reqwest::Client {
    app.create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    app.signed_in("handlaggare@exempelby.se", PASSWORD).await
}

/// The contact person with `email` signed in to their area through the link mailed when they
/// asked from a page in `locale`.
pub(crate) async fn signed_in_by_link(
    app: &TestApp,
    received: &Arc<Mutex<Vec<String>>>,
    email: &str,
    locale: &str,
) -> reqwest::Client {
    assert_eq!(ask_for_link(app, email, locale).await.status(), 202);
    let link = wait_for_links(received, email, 1).await.remove(0);
    let person = client();
    assert_eq!(sign_in(&person, app, &link).await.status(), 200);
    person
}

/// The sign-in links mailed to `to` so far, in order.
fn links_to(received: &Arc<Mutex<Vec<String>>>, to: &str) -> Vec<String> {
    received
        .lock()
        .unwrap()
        .iter()
        .map(|m| readable(m))
        .filter(|m| m.contains(&format!("To: {to}")))
        .filter_map(|m| {
            let start = m.find(&format!("{ORIGIN}/"))?;
            let link: String = m[start..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            Some(link)
        })
        .collect()
}

pub(crate) async fn wait_for_links(
    received: &Arc<Mutex<Vec<String>>>,
    to: &str,
    count: usize,
) -> Vec<String> {
    let arrived = eventually(|| {
        let n = links_to(received, to).len();
        async move { n >= count }
    })
    .await;
    assert!(arrived, "{count} link(s) mailed to {to}");
    links_to(received, to)
}

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

pub(crate) async fn ask_for_link(app: &TestApp, email: &str, locale: &str) -> reqwest::Response {
    client()
        .post(app.url("/api/contact/sign-in-link"))
        .json(&json!({ "email": email, "locale": locale }))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn sign_in(
    person: &reqwest::Client,
    app: &TestApp,
    link: &str,
) -> reqwest::Response {
    let token = link.split_once('#').expect("the token after #").1;
    person
        .post(app.url("/api/contact/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_mailed_link_signs_a_contact_person_in_once_and_shows_only_their_own_assignments() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let (hodan, hodans) = contact_person_with_assignment(&cw, &app, 1, "hodan@example.se").await;
    let (_, others) = contact_person_with_assignment(&cw, &app, 2, "omar@example.se").await;

    // Anyone may ask; the answer never tells whether the address is a contact person's.
    let unknown = ask_for_link(&app, "nobody@example.se", "sv").await;
    assert_eq!(unknown.status(), 202);
    let asked = ask_for_link(&app, "Hodan@Example.se", "ar").await;
    assert_eq!(asked.status(), 202);
    let links = wait_for_links(&received, "hodan@example.se", 1).await;
    assert!(
        links[0].starts_with(&format!("{ORIGIN}/ar/my-pages#")),
        "the link opens the area in the language asked from: {}",
        links[0]
    );
    assert!(links_to(&received, "nobody@example.se").is_empty());
    let mail = received
        .lock()
        .unwrap()
        .iter()
        .map(|m| readable(m))
        .find(|m| m.contains("To: hodan@example.se") && m.contains("/my-pages#"))
        .unwrap();
    assert!(mail.contains("15"), "the mail says how long the link works");
    assert!(!mail.contains("Person1"), "the mail names nobody");
    let at_rest = app.store.mails_for(&hodan).await.unwrap();
    assert!(
        at_rest.iter().all(|m| !m.body.contains("#")),
        "the link never rests in the outbox"
    );

    let person = client();
    let signed_in = sign_in(&person, &app, &links[0]).await;
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    // The public address is https: the area's own cookie, __Host- and Secure, apart from the
    // caseworkers' kp_session.
    assert!(
        cookie.starts_with("__Host-kp_contact=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("; Secure"),
        "{cookie}"
    );
    let me = json_of(signed_in).await;
    assert_eq!(me["reference"], hodan.as_str());
    assert_eq!(me["method"], "link");
    let assignments = me["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 1, "only their own: {me}");
    assert_eq!(assignments[0]["id"], json!(hodans));
    assert!(assignments[0]["reference"]
        .as_str()
        .unwrap()
        .starts_with("U-"));
    assert_eq!(assignments[0]["agreement_accepted"], false);
    let text = serde_json::to_string(&me).unwrap();
    for vetting in ["police", "register_check", "Eva", "Omar", &personnummer(1)] {
        assert!(
            !text.contains(vetting),
            "nothing of the vetting: {vetting} in {text}"
        );
    }

    // A link is good once.
    let again = sign_in(&client(), &app, &links[0]).await;
    assert_eq!(again.status(), 400);
    assert_eq!(envelope_code(again).await, "invalid_link");
    let made_up = sign_in(&client(), &app, "x#not-a-token").await;
    assert_eq!(envelope_code(made_up).await, "invalid_link");

    // The area's session reaches the area only; a caseworker's does not reach it.
    assert_eq!(
        get_json(&person, &app, "/api/contact/me").await["reference"],
        hodan.as_str()
    );
    let theirs = person
        .get(app.url(&format!("/api/contact/assignments/{hodans}/agreement")))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 200);
    let another = person
        .get(app.url(&format!("/api/contact/assignments/{others}/agreement")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        another.status(),
        404,
        "another person's assignment is not there"
    );
    for caseworker_route in [
        format!("/api/applicants/{hodan}"),
        format!("/api/assignments/{hodans}"),
        "/api/overview".into(),
    ] {
        let response = person.get(app.url(&caseworker_route)).send().await.unwrap();
        assert_eq!(
            response.status(),
            401,
            "{caseworker_route} with a contact session"
        );
    }
    let from_caseworker = cw
        .get(app.url(&format!("/api/contact/assignments/{hodans}/agreement")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        from_caseworker.status(),
        401,
        "a caseworker's session is not a contact person's"
    );
    assert_eq!(get_json(&cw, &app, "/api/contact/me").await, Value::Null);

    // Signing out ends the session on the server.
    let out = person
        .delete(app.url("/api/contact/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(
        get_json(&person, &app, "/api/contact/me").await,
        Value::Null
    );
    let logged: Vec<String> = app
        .store
        .access_log(
            Some(-hodan_application(&app, &hodan).await),
            None,
            None,
            None,
            20,
            Default::default(),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.record, e.user_name))
        .collect();
    assert!(
        logged
            .iter()
            .any(|l| l.starts_with("auth:contact_link_sent ")
                && l.ends_with("Person1 Yusuf (kontaktperson)")),
        "{logged:?}"
    );
    for action in [
        "auth:contact_signed_in",
        "read agreement:",
        "auth:contact_signed_out",
    ] {
        assert!(
            logged.iter().any(|l| l.starts_with(action)),
            "{action} in {logged:?}"
        );
    }
}

/// The id of an applicant's application (a contact person's access-log entries carry it negated).
async fn hodan_application(app: &TestApp, reference: &str) -> i64 {
    app.store
        .contact_person(&personnummer(1), Default::default())
        .await
        .unwrap()
        .filter(|p| p.reference == reference)
        .expect("a contact person")
        .application_id
}

#[tokio::test]
async fn an_accepted_agreement_keeps_its_texts_hash_until_the_text_changes() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let (_, id) = contact_person_with_assignment(&cw, &app, 3, "sara@example.se").await;
    let person = signed_in_by_link(&app, &received, "sara@example.se", "sv").await;
    let path = format!("/api/contact/assignments/{id}/agreement");

    let view = get_json(&person, &app, &path).await;
    let text = view["agreement"]["sections"].to_string();
    assert!(text.contains("Socialnämnden i Exempelby kommun"), "{text}");
    assert!(text.contains("ungefär en gång i veckan"), "{text}");
    assert!(
        text.contains("Målen skrivs i genomförandeplanen"),
        "no plan yet: {text}"
    );
    assert_eq!(view["accepted"], Value::Null);
    let hash = view["hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 64);

    let stale = post(&person, &app, &path, &json!({ "hash": "0".repeat(64) })).await;
    assert_eq!(stale.status(), 409);
    assert_eq!(envelope_code(stale).await, "agreement_changed");
    let accepted = post(&person, &app, &path, &json!({ "hash": hash })).await;
    assert_eq!(accepted.status(), 204);
    let twice = post(&person, &app, &path, &json!({ "hash": hash })).await;
    assert_eq!(
        twice.status(),
        204,
        "accepting the same text again changes nothing"
    );
    let view = get_json(&person, &app, &path).await;
    assert_eq!(view["accepted"]["hash"], hash.as_str());
    assert_eq!(view["accepted"]["method"], "link");
    assert_eq!(view["earlier_accepted"], false);
    let me = get_json(&person, &app, "/api/contact/me").await;
    assert_eq!(me["assignments"][0]["agreement_accepted"], true);
    let logged = actions_on(&app, &format!("agreement:{id}")).await;
    assert_eq!(
        logged
            .iter()
            .filter(|a| *a == "write:agreement_accepted")
            .count(),
        1,
        "one acceptance, logged once"
    );

    // The caseworker writes the plan: the agreement now carries its goals, a new version.
    let plan = json!({
        "goals": [{"text": "Fler vänner utanför skolan", "how_noticed": "Träffar kompisar på helgerna"}],
        "activities": "Fotboll",
        "contacts": []
    });
    let written = cw
        .put(app.url(&format!("/api/assignments/{id}/plan")))
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(written.status(), 204);
    let view = get_json(&person, &app, &path).await;
    assert!(view["agreement"]
        .to_string()
        .contains("Fler vänner utanför skolan"));
    assert_ne!(view["hash"], hash.as_str());
    assert_eq!(
        view["accepted"],
        Value::Null,
        "the new text is not accepted yet"
    );
    assert_eq!(view["earlier_accepted"], true);
    let old = post(&person, &app, &path, &json!({ "hash": hash })).await;
    assert_eq!(old.status(), 409, "the old text can no longer be accepted");
}

#[tokio::test]
async fn links_are_off_unless_configured_a_bad_address_is_refused_and_one_address_gets_at_most_three_mails(
) {
    let plain = crate::helpers::spawn_app().await;
    let off = ask_for_link(&plain, "hodan@example.se", "sv").await;
    assert_eq!(
        off.status(),
        404,
        "no link sign-in without KP_CONTACT_LINK_SIGN_IN"
    );
    let methods = get_json(&client(), &plain, "/api/contact/methods").await;
    assert_eq!(methods, json!({"link": false, "eid": null}));

    let (app, received) = area_app().await;
    let bad = ask_for_link(&app, "hodan@", "sv").await;
    assert_eq!(bad.status(), 422);
    let cw = caseworker(&app).await;
    contact_person_with_assignment(&cw, &app, 4, "leila@example.se").await;
    for _ in 0..4 {
        assert_eq!(
            ask_for_link(&app, "leila@example.se", "sv").await.status(),
            202
        );
    }
    let links = wait_for_links(&received, "leila@example.se", 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        links_to(&received, "leila@example.se").len(),
        3,
        "the fourth is not mailed"
    );
    let person = client();
    assert_eq!(
        sign_in(&person, &app, &links[0]).await.status(),
        200,
        "the links that went out still work: the limit locks nobody out"
    );
}

#[tokio::test]
async fn a_contact_persons_session_opens_no_caseworker_or_administrator_route() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    contact_person_with_assignment(&cw, &app, 5, "nuur@example.se").await;
    let person = signed_in_by_link(&app, &received, "nuur@example.se", "so").await;
    let (_, table) = kp_server::routes::api();
    let guarded: Vec<_> = table
        .iter()
        .filter(|r| matches!(r.access, Access::Caseworker | Access::Admin))
        .collect();
    assert!(
        guarded.len() > 40,
        "the table lists the caseworker area's routes"
    );
    for route in guarded {
        let response = call(&person, &app, &route.method, route.path).await;
        assert_eq!(
            response.status(),
            401,
            "{} {} with a contact person's session",
            route.method,
            route.path
        );
    }
    assert_eq!(
        get_json(&person, &app, "/api/contact/me").await["assignments"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "the session itself still works"
    );
}

#[tokio::test]
async fn when_gallring_removes_an_assignment_and_its_contact_person_the_acceptance_link_and_session_go_too(
) {
    use kp_domain::retention::Category;
    let (app, received) = area_app().await;
    app.create_account("dpo@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let dpo = app.signed_in("dpo@exempelby.se", PASSWORD).await;
    let cw = caseworker(&app).await;
    let (reference, id) = contact_person_with_assignment(&cw, &app, 6, "ayan@example.se").await;
    let person = signed_in_by_link(&app, &received, "ayan@example.se", "sv").await;
    let path = format!("/api/contact/assignments/{id}/agreement");
    let hash = get_json(&person, &app, &path).await["hash"].clone();
    assert_eq!(
        post(&person, &app, &path, &json!({ "hash": hash }))
            .await
            .status(),
        204
    );
    let month = &today().to_string()[..7];
    let draft = person
        .put(app.url(&format!("/api/contact/assignments/{id}/reports/{month}")))
        .json(&json!({ "meetings": [], "no_meetings_reason": "Socialnämnden i sikte" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        draft.status(),
        204,
        "a month's draft, to go with the assignment"
    );

    let ending = json!({
        "date": today(), "reason": "Målen nådda", "initiated_by": "social_services",
        "contact_person_continues": false
    });
    let ended = post(&cw, &app, format!("/api/assignments/{id}/ending"), &ending).await;
    assert_eq!(ended.status(), 204);
    // Runs dated years ahead would otherwise prune today's access log too.
    let longer = json!({"amount": 20, "decision": "Test: loggen sparas längre"});
    let kept = dpo
        .put(app.url("/api/retention/rules/access_log"))
        .json(&longer)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 204);
    let years_later = today() + chrono::Months::new(12 * 12);
    let report = crate::retention::run(&app, years_later).await;
    assert_eq!(
        crate::retention::removed(&report, Category::EndedAssignments),
        1,
        "{report:?}"
    );
    assert_eq!(
        crate::retention::removed(&report, Category::ContactPersons),
        1,
        "{report:?}"
    );
    let number = personnummer(6);
    for (table, row) in app
        .store
        .rows_as_text()
        .await
        .unwrap()
        .iter()
        .filter(|(table, _)| table != "access_log")
    {
        for gone in [number.as_str(), reference.as_str(), "Socialnämnden i"] {
            assert!(!row.contains(gone), "{table} still holds {gone}: {row}");
        }
    }
    assert_eq!(
        get_json(&person, &app, "/api/contact/me").await,
        Value::Null,
        "the session went with the person"
    );
}
