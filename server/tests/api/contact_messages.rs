//! Messages and worries between a contact person and the social services (issue 15): a worry
//! reaches the caseworkers' unread list first and the unit's mailbox as a notice, a caseworker's
//! answer is announced to the contact person by mail; no mail carries what was written, reading
//! marks the other side's messages read, and nobody else reaches the thread.

use std::sync::{Arc, Mutex};

use kp_server::store::Role;
use serde_json::json;

use crate::contact_area::{
    actions_on, area_app, caseworker, contact_person_with_assignment, readable, signed_in_by_link,
    PASSWORD,
};
use crate::mail::eventually;
use crate::placement::{get_json, post};

const WORRY: &str = "Hon berättade att hon inte vågar gå hem efter skolan.";
const ANSWER: &str = "Tack, jag ringer dig i morgon förmiddag.";

/// The mails to `to` so far, readable.
fn mails_to(received: &Arc<Mutex<Vec<String>>>, to: &str) -> Vec<String> {
    received
        .lock()
        .unwrap()
        .iter()
        .map(|m| readable(m))
        .filter(|m| m.contains(&format!("To: {to}")))
        .collect()
}

async fn wait_for_mail(received: &Arc<Mutex<Vec<String>>>, to: &str, containing: &str) -> String {
    let arrived = eventually(|| {
        let found = mails_to(received, to)
            .iter()
            .any(|m| m.contains(containing));
        async move { found }
    })
    .await;
    assert!(
        arrived,
        "a mail to {to} with {containing:?}: {:?}",
        mails_to(received, to)
    );
    mails_to(received, to)
        .into_iter()
        .find(|m| m.contains(containing))
        .unwrap()
}

#[tokio::test]
async fn a_worry_reaches_the_caseworkers_first_and_the_answer_is_announced_without_its_words() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let (_, id) = contact_person_with_assignment(&cw, &app, 1, "hodan@example.se").await;
    let (_, others) = contact_person_with_assignment(&cw, &app, 2, "omar@example.se").await;
    let person = signed_in_by_link(&app, &received, "hodan@example.se", "sv").await;
    let thread = format!("/api/contact/assignments/{id}/messages");

    let empty = post(
        &person,
        &app,
        &thread,
        &json!({ "body": "  ", "worry": true }),
    )
    .await;
    assert_eq!(empty.status(), 422);
    let hello = post(
        &person,
        &app,
        &thread,
        &json!({ "body": "Vi ses på lördag." }),
    )
    .await;
    assert_eq!(hello.status(), 201);
    let worry = post(
        &person,
        &app,
        &thread,
        &json!({ "body": WORRY, "worry": true }),
    )
    .await;
    assert_eq!(worry.status(), 201);

    // The unit's mailbox is told, without the words.
    let notice = wait_for_mail(&received, "kontaktperson@exempelby.se", "hen är orolig").await;
    assert!(
        !notice.contains("vågar"),
        "the notice never carries the message: {notice}"
    );
    assert!(notice.contains(&format!("/handlaggare/uppdrag/{id}")));

    // The caseworkers' list: this thread, marked as a worry, with two unread.
    let unread = get_json(&cw, &app, "/api/messages/unread").await;
    assert_eq!(unread[0]["assignment_id"], json!(id));
    assert_eq!(unread[0]["worry"], true);
    assert_eq!(unread[0]["unread"], 2);
    let read = get_json(&cw, &app, format!("/api/assignments/{id}/messages")).await;
    let messages = read.as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[1]["body"], WORRY);
    assert_eq!(messages[1]["worry"], true);
    assert_eq!(messages[1]["from_contact_person"], true);
    assert_eq!(messages[1]["author"], "Person1 Yusuf");
    assert_eq!(
        get_json(&cw, &app, "/api/messages/unread").await,
        json!([]),
        "read once a caseworker opened the thread"
    );

    // The answer: the contact person is told by mail in the language they applied in (this one
    // applied in Somali), without the words.
    let answered = post(
        &cw,
        &app,
        format!("/api/assignments/{id}/messages"),
        &json!({ "body": ANSWER, "worry": true }),
    )
    .await;
    assert_eq!(answered.status(), 201);
    let told = wait_for_mail(&received, "hodan@example.se", "Waxaad fariin cusub").await;
    assert!(!told.contains("ringer"), "{told}");
    assert!(told.contains("/so/my-pages"), "{told}");
    let theirs = get_json(&person, &app, &thread).await;
    let answer = &theirs.as_array().unwrap()[2];
    assert_eq!(answer["body"], ANSWER);
    assert_eq!(answer["author"], "Test Testsson");
    assert_eq!(
        answer["worry"], false,
        "only a contact person marks a worry"
    );
    assert!(
        theirs[1]["read_at"].is_string(),
        "the caseworker read the worry"
    );
    let again = get_json(&person, &app, &thread).await;
    assert!(
        again[2]["read_at"].is_string(),
        "the contact person read the answer"
    );

    // Nobody else's thread.
    for (method, path) in [
        ("GET", format!("/api/contact/assignments/{others}/messages")),
        (
            "POST",
            format!("/api/contact/assignments/{others}/messages"),
        ),
    ] {
        let request = if method == "GET" {
            person.get(app.url(&path))
        } else {
            person.post(app.url(&path)).json(&json!({ "body": "Hej" }))
        };
        assert_eq!(
            request.send().await.unwrap().status(),
            404,
            "{method} {path}"
        );
    }
    app.create_account("dso@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let admin = app.signed_in("dso@exempelby.se", PASSWORD).await;
    let extract =
        crate::person_rights::extract_of(&admin, &app, &crate::contact_area::personnummer(1)).await;
    let kept = &extract["applications"][0]["assignments"][0]["messages"];
    assert_eq!(
        kept[1]["body"], WORRY,
        "the register extract holds the thread"
    );
    let logged = actions_on(&app, &format!("messages:{id}")).await;
    for action in ["write:message", "write:worry", "read"] {
        assert!(logged.iter().any(|a| a == action), "{action} in {logged:?}");
    }
}
