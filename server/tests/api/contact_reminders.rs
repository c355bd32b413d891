//! Reminders of the monthly report (issue 15): the job run for a given day queues, through the
//! outbox, one reminder per contact person, month and kind in the person's language, never twice,
//! never for a report that is sent, again for one returned; the late one after the due day; the
//! rows go with their assignment at gallring.

use chrono::NaiveDate;
use kp_domain::compensation::Month;
use kp_domain::monthly_report::ReportRules;
use kp_domain::report_reminder::month_name;
use kp_domain::Locale;
use kp_server::report_reminders::{run, ReminderSettings};
use kp_server::store::StoredMail;
use serde_json::json;

use crate::applications::valid;
use crate::contact_area::{actions_on, area_app, caseworker, personnummer, signed_in_by_link};
use crate::helpers::TestApp;
use crate::placement::{assign, json_of, new_need, post, walk_to_approval};

const ORIGIN: &str = "https://kontaktperson.exempelby.se";

fn today() -> NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// Last month: over, so its report can be sent today.
fn last_month() -> Month {
    Month::of(today()).previous()
}

/// Due by the 5th.
fn settings() -> ReminderSettings {
    ReminderSettings {
        rules: ReportRules::new(5, 3, false).unwrap(),
        public_url: ORIGIN.into(),
    }
}

/// Runs the reminder job as it runs on `day`; how many mails it queued.
async fn remind(app: &TestApp, day: NaiveDate) -> usize {
    run(&app.store, &settings(), day, chrono::Utc::now())
        .await
        .expect("the reminder job runs")
}

/// The first day after `month`, and the day after its due day.
fn month_ended(month: Month) -> NaiveDate {
    month.next().first_day()
}

fn late(month: Month) -> NaiveDate {
    settings().rules.due_date(month).succ_opt().unwrap()
}

/// An approved applicant who applied in `locale`, with an assignment from the first day of last
/// month; answers (applicant reference, assignment id).
async fn contact_person(
    cw: &reqwest::Client,
    app: &TestApp,
    n: u32,
    email: &str,
    locale: &str,
) -> (String, i64) {
    let mut form = valid();
    form["personnummer"] = json!(personnummer(n));
    form["email"] = json!(email);
    form["first_name"] = json!(format!("Person{n}"));
    form["assignment_types"] = json!(["child"]);
    form["locale"] = json!(locale);
    let reference = json_of(
        app.post_application(&format!("reminder-key-{n:010}"), &form)
            .await,
    )
    .await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    walk_to_approval(cw, app, &reference, &["child"]).await;
    let id = another_assignment(cw, app, &reference).await;
    (reference, id)
}

/// A further assignment for the approved applicant `reference`, from the first day of last month.
async fn another_assignment(cw: &reqwest::Client, app: &TestApp, reference: &str) -> i64 {
    let need = new_need(cw, app, "child").await;
    assign(
        cw,
        app,
        &need,
        &json!({"applicant_reference": reference, "reason": "Talar somaliska",
                "start_date": last_month().first_day(), "frequency": "weekly"}),
    )
    .await
    .parse()
    .unwrap()
}

/// The reminders queued for applicant `reference`, oldest first.
async fn reminders_of(app: &TestApp, reference: &str) -> Vec<StoredMail> {
    app.store
        .mails_for(reference)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "report_reminder")
        .collect()
}

/// Sends last month's report as the signed-in contact person.
async fn send_last_month(person: &reqwest::Client, app: &TestApp, id: i64) {
    let month = last_month();
    let report = json!({ "meetings": [
        { "date": month.first_day(), "minutes": 120, "activities": ["outdoors", "talk"] }
    ] });
    let sent = post(
        person,
        app,
        format!("/api/contact/assignments/{id}/reports/{month}/submit"),
        &json!({ "report": report, "declaration": true }),
    )
    .await;
    assert_eq!(sent.status(), 204, "{}", sent.text().await.unwrap());
}

#[tokio::test]
async fn a_contact_person_with_an_unsent_month_gets_one_reminder_in_their_language_and_a_late_one_after_the_due_day(
) {
    let (app, _) = area_app().await;
    let cw = caseworker(&app).await;
    let (reference, _) = contact_person(&cw, &app, 1, "hodan@example.se", "ar").await;
    let month = last_month();

    assert_eq!(
        remind(&app, month.last_day()).await,
        0,
        "not before the month is over"
    );
    assert_eq!(remind(&app, month_ended(month)).await, 1);
    let mails = reminders_of(&app, &reference).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to_address, "hodan@example.se");
    assert_eq!(mail.status, "outbox", "sent by the outbox, retried there");
    let arabic_month = month_name(Locale::Ar, month);
    assert!(mail.subject.contains(&arabic_month), "{}", mail.subject);
    assert!(mail.body.contains(&arabic_month), "{}", mail.body);
    assert!(
        mail.body.contains(&format!("{ORIGIN}/ar/my-pages")),
        "{}",
        mail.body
    );
    assert!(
        mail.body.starts_with("مرحبًا") && mail.body.contains("U-"),
        "{}",
        mail.body
    );
    assert!(
        !mail.body.contains("Person1") && !mail.body.contains(&reference),
        "no name, no application reference: {}",
        mail.body
    );

    // Again the same day, and the next days until the due day: nothing more.
    assert_eq!(remind(&app, month_ended(month)).await, 0);
    let due = settings().rules.due_date(month);
    assert_eq!(remind(&app, due).await, 0);
    assert_eq!(reminders_of(&app, &reference).await.len(), 1);

    // After the due day, once.
    assert_eq!(remind(&app, late(month)).await, 1);
    assert_eq!(remind(&app, late(month)).await, 0);
    let mails = reminders_of(&app, &reference).await;
    assert_eq!(mails.len(), 2);
    assert_ne!(
        mails[0].subject, mails[1].subject,
        "the late one reads apart"
    );
    assert!(mails[1].body.contains(&arabic_month));
    assert_eq!(
        actions_on(&app, &format!("applicant:{reference}"))
            .await
            .iter()
            .filter(|a| *a == "write:report_reminder")
            .count(),
        2,
        "each reminder is in the access log"
    );
}

#[tokio::test]
async fn a_sent_report_gets_no_reminder_and_a_returned_one_gets_the_late_one() {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let (reference, id) = contact_person(&cw, &app, 2, "omar@example.se", "sv").await;
    let (other, _) = contact_person(&cw, &app, 3, "ayan@example.se", "en").await;
    let person = signed_in_by_link(&app, &received, "omar@example.se", "sv").await;
    send_last_month(&person, &app, id).await;
    let month = last_month();

    assert_eq!(
        remind(&app, month_ended(month)).await,
        1,
        "only the one who has not sent"
    );
    assert!(reminders_of(&app, &reference).await.is_empty());
    let english = reminders_of(&app, &other).await;
    assert!(
        english[0].subject.contains(&month_name(Locale::En, month)),
        "{}",
        english[0].subject
    );
    assert!(english[0].body.contains(&format!("{ORIGIN}/en/my-pages")));

    // Returned after the due day: it needs sending again, so the late reminder goes.
    let review = format!("/api/assignments/{id}/reports/{month}/review");
    let returned = post(
        &cw,
        &app,
        &review,
        &json!({ "decision": "return", "comment": "Vilken dag var ni ute?" }),
    )
    .await;
    assert_eq!(returned.status(), 204);
    assert_eq!(remind(&app, late(month)).await, 2, "Omar's and Ayan's");
    let mails = reminders_of(&app, &reference).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains(&month_name(Locale::Sv, month)));
    assert!(mails[0].body.contains(&format!("{ORIGIN}/sv/mina-sidor")));
}

#[tokio::test]
async fn a_contact_person_with_two_assignments_gets_one_mail_naming_both_and_two_runs_at_once_queue_it_once(
) {
    let (app, _) = area_app().await;
    let cw = caseworker(&app).await;
    let (reference, first) = contact_person(&cw, &app, 4, "hodan@example.se", "so").await;
    let second = another_assignment(&cw, &app, &reference).await;
    let month = last_month();

    let day = month_ended(month);
    let (a, b) = tokio::join!(remind(&app, day), remind(&app, day));
    assert_eq!(a + b, 1, "one of the two runs queues it");
    let mails = reminders_of(&app, &reference).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body.contains(&month_name(Locale::So, month)));
    let references: Vec<&str> = mails[0]
        .body
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.starts_with("U-"))
        .collect();
    assert_eq!(references.len(), 2, "{}", mails[0].body);
    assert_ne!(first, second);
}

#[tokio::test]
async fn the_reminders_rows_go_with_their_assignment_at_gallring() {
    use kp_domain::retention::Category;
    use kp_server::store::Role;
    let (app, _) = area_app().await;
    app.create_account(
        "dpo@exempelby.se",
        crate::contact_area::PASSWORD,
        Role::Admin,
    )
    .await;
    let dpo = app
        .signed_in("dpo@exempelby.se", crate::contact_area::PASSWORD)
        .await;
    let cw = caseworker(&app).await;
    let (reference, id) = contact_person(&cw, &app, 5, "ayan@example.se", "fa").await;
    assert_eq!(remind(&app, month_ended(last_month())).await, 1);
    let rows = |all: Vec<(String, String)>| {
        all.into_iter()
            .filter(|(table, _)| table == "report_reminders")
            .count()
    };
    assert_eq!(rows(app.store.rows_as_text().await.unwrap()), 1);

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
    assert_eq!(rows(app.store.rows_as_text().await.unwrap()), 0);
    assert!(
        reminders_of(&app, &reference).await.is_empty(),
        "the reminder mail went with the person"
    );
}
