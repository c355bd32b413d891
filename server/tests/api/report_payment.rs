//! The payment basis pays approved monthly reports only (issue 15): a month without one is listed
//! as missing with why; a report approved late is paid once, in the basis of the month it was
//! approved in; a report first sent later than the municipality's rule allows is not paid; the
//! approved extra costs are a column of their own, on screen and in the CSV.

use chrono::{Datelike, TimeZone};
use kp_domain::caseworker::Role;
use kp_domain::compensation::Month;
use kp_domain::monthly_report::{ExtraCost, MonthlyReport, ReportStatus};
use serde_json::{json, Value};

use crate::contact_area::{
    area_app, caseworker, contact_person_with_assignment_from, personnummer, signed_in_by_link,
    PASSWORD,
};
use crate::helpers::TestApp;
use crate::placement::{get_json, post};

fn today() -> chrono::NaiveDate {
    kp_server::today_in_sweden(chrono::Utc::now())
}

/// Makes sure every year from `from` to this one has a prisbasbelopp, so its months compute.
async fn price_bases(app: &TestApp, from: Month) {
    for year in from.year()..=today().year() {
        if app.store.price_base(year).await.unwrap().is_none() {
            app.store
                .set_price_base(year, 59_200, "test")
                .await
                .unwrap();
        }
    }
}

async fn basis(cw: &reqwest::Client, app: &TestApp, month: Month) -> Value {
    get_json(cw, app, format!("/api/payment-basis?month={month}")).await
}

async fn csv(cw: &reqwest::Client, app: &TestApp, month: Month) -> String {
    let response = cw
        .get(app.url(&format!("/api/payment-basis.csv?month={month}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The reasons the basis gives for the months it does not pay, as `(assignment, reason)`.
fn missing(basis: &Value) -> Vec<(String, String)> {
    basis["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["assignment_id"].as_str().unwrap().to_string(),
                m["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_month_is_paid_once_its_report_is_approved_and_an_earlier_month_approved_late_is_paid_in_this_months_basis(
) {
    let (app, received) = area_app().await;
    let cw = caseworker(&app).await;
    let this = Month::of(today());
    let (last, before) = (this.previous(), this.previous().previous());
    price_bases(&app, before).await;
    let (_, id) =
        contact_person_with_assignment_from(&cw, &app, 1, "hodan@example.se", before.first_day())
            .await;
    let person = signed_in_by_link(&app, &received, "hodan@example.se", "sv").await;
    let send = |month: Month| {
        let person = &person;
        let app = &app;
        async move {
            let report = json!({ "meetings": [
                { "date": month.first_day(), "minutes": 120, "activities": ["talk"] }
            ] });
            let sent = post(
                person,
                app,
                format!("/api/contact/assignments/{id}/reports/{month}/submit"),
                &json!({ "report": report, "declaration": true }),
            )
            .await;
            assert_eq!(sent.status(), 204, "{month}");
        }
    };
    let review = |month: Month| {
        let cw = &cw;
        let app = &app;
        async move {
            let approved = post(
                cw,
                app,
                format!("/api/assignments/{id}/reports/{month}/review"),
                &json!({ "decision": "approve" }),
            )
            .await;
            assert_eq!(approved.status(), 204, "{month}");
        }
    };
    let ours = id.to_string();

    // Last month: nothing sent, then sent and waiting, then approved and paid.
    let unpaid = basis(&cw, &app, last).await;
    assert_eq!(unpaid["lines"], json!([]));
    assert_eq!(missing(&unpaid), [(ours.clone(), "not_sent".to_string())]);
    assert_eq!(
        unpaid["late_months"], 3,
        "the municipality's rule, for the screen"
    );
    send(last).await;
    assert_eq!(
        missing(&basis(&cw, &app, last).await),
        [(ours.clone(), "waiting_for_review".to_string())]
    );
    assert!(
        !csv(&cw, &app, last).await.contains(&format!(";{last}")),
        "the CSV is payroll's input: paid lines only"
    );
    review(last).await;
    let paid = basis(&cw, &app, last).await;
    assert_eq!(paid["lines"].as_array().unwrap().len(), 1);
    assert_eq!(paid["lines"][0]["report_month"], Value::Null);
    assert_eq!(paid["missing"], json!([]));
    assert!(paid["total_arvode"].as_i64().unwrap() > 0);
    assert!(csv(&cw, &app, last).await.contains(&format!("\r\n{last};")));

    // The month before was never sent; sent now (late, but within three months) and approved
    // this month, it is paid in this month's basis, naming its own month, and only there.
    assert_eq!(
        missing(&basis(&cw, &app, before).await),
        [(ours.clone(), "not_sent".to_string())]
    );
    send(before).await;
    review(before).await;
    let old = basis(&cw, &app, before).await;
    assert_eq!(
        old["lines"],
        json!([]),
        "its own month's basis stays as it was"
    );
    assert_eq!(old["missing"][0]["reason"], "paid_later");
    assert_eq!(old["missing"][0]["paid_in"], this.to_string());
    let now = basis(&cw, &app, this).await;
    let late: Vec<&Value> = now["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["report_month"] == json!(before.to_string()))
        .collect();
    assert_eq!(late.len(), 1, "{now}");
    assert_eq!(late[0]["assignment_id"], ours.as_str());
    assert_eq!(
        missing(&now),
        [(ours.clone(), "not_sent".to_string())],
        "this month itself is not reported yet"
    );
    assert!(
        csv(&cw, &app, this)
            .await
            .contains(&format!("\r\n{before};")),
        "the late line's Månad is the month it pays"
    );
    assert_eq!(
        basis(&cw, &app, last).await["lines"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "last month is paid once, not again"
    );

    // The person's register extract tells the same: last month paid with its line, the month
    // before paid in this month's basis, this month not paid yet.
    app.create_account("dso@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let admin = app.signed_in("dso@exempelby.se", PASSWORD).await;
    let extract = crate::person_rights::extract_of(&admin, &app, &personnummer(1)).await;
    let payments = &extract["applications"][0]["assignments"][0]["payments"];
    let of = |month: Month| {
        payments
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["month"] == json!(month.to_string()))
            .unwrap_or_else(|| panic!("{month} in {payments}"))
            .clone()
    };
    assert_eq!(of(last)["line"], paid["lines"][0]);
    assert_eq!(of(last)["not_paid"], Value::Null);
    assert_eq!(of(before)["paid_in"], this.to_string());
    let mut own = late[0].clone();
    own["report_month"] = Value::Null;
    assert_eq!(of(before)["line"], own, "the line of its own month");
    assert_eq!(of(this)["line"], Value::Null);
    assert_eq!(of(this)["not_paid"], "not_sent");
}

#[tokio::test]
async fn extra_costs_are_their_own_column_and_a_report_sent_too_late_or_not_approved_is_not_paid() {
    let (app, _) = area_app().await;
    let cw = caseworker(&app).await;
    let this = Month::of(today());
    let months: Vec<Month> = (0..5)
        .scan(this, |m, _| {
            *m = m.previous();
            Some(*m)
        })
        .collect();
    let first = *months.last().unwrap();
    price_bases(&app, first).await;
    let (_, id) =
        contact_person_with_assignment_from(&cw, &app, 2, "omar@example.se", first.first_day())
            .await;
    let at =
        |day: chrono::NaiveDate| chrono::Utc.from_utc_datetime(&day.and_hms_opt(10, 0, 0).unwrap());
    let with_costs = MonthlyReport {
        costs: vec![
            ExtraCost {
                date: first.first_day(),
                description: "Bio".into(),
                amount_ore: 24_550,
                receipt: Some("r1".into()),
            },
            ExtraCost {
                date: first.first_day(),
                description: "Buss".into(),
                amount_ore: 5_000,
                receipt: Some("r2".into()),
            },
        ],
        ..MonthlyReport::default()
    };
    let due = |m: Month| m.next().first_day().with_day(5).unwrap();
    // months[4]: approved in time with two extra costs; months[3]: first sent four months after
    // its month, then approved; months[2]: sent, waiting; months[1]: returned.
    let seeds = [
        (
            months[4],
            ReportStatus::Approved,
            &with_costs,
            due(months[4]),
            Some(due(months[4])),
        ),
        (
            months[3],
            ReportStatus::Approved,
            &MonthlyReport::default(),
            months[3].next().next().next().next().first_day(),
            Some(months[3].next().next().next().next().first_day()),
        ),
        (
            months[2],
            ReportStatus::Submitted,
            &MonthlyReport::default(),
            due(months[2]),
            None,
        ),
        (
            months[1],
            ReportStatus::Returned,
            &MonthlyReport::default(),
            due(months[1]),
            Some(due(months[1])),
        ),
    ];
    for (month, status, report, sent, reviewed) in seeds {
        app.store
            .seed_report(id, month, status, report, Some(at(sent)), reviewed.map(at))
            .await
            .unwrap();
    }

    let paid = basis(&cw, &app, months[4]).await;
    assert_eq!(paid["lines"][0]["extra_costs_ore"], 29_550);
    assert_eq!(paid["total_extra_costs_ore"], 29_550);
    let arvode = paid["lines"][0]["arvode"].as_i64().unwrap();
    let omkostnad = paid["lines"][0]["omkostnad"].as_i64().unwrap();
    assert!(arvode > 0 && omkostnad > 0, "{paid}");
    let text = csv(&cw, &app, months[4]).await;
    assert!(
        text.starts_with(
            "\u{feff}Månad;Referens;Namn;Personnummer;Uppdrag;Nivå;Dagar;Dagar i månaden;Arvode (kr);Omkostnad (kr);Extra kostnader (kr)\r\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(";{arvode},00;{omkostnad},00;295,50\r\n")),
        "arvode, omkostnad and extra costs apart: {text}"
    );
    assert!(text.ends_with(&format!(";{arvode},00;{omkostnad},00;295,50\r\n")));

    let ours = id.to_string();
    for (month, reason) in [
        (months[3], "too_late"),
        (months[2], "waiting_for_review"),
        (months[1], "returned"),
    ] {
        let unpaid = basis(&cw, &app, month).await;
        assert_eq!(unpaid["lines"], json!([]), "{month}");
        assert_eq!(
            missing(&unpaid),
            [(ours.clone(), reason.to_string())],
            "{month}"
        );
    }
    // Approved four months after its month: never paid, not in the month it was approved either.
    let approved_in = months[3].next().next().next().next();
    assert!(basis(&cw, &app, approved_in).await["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["report_month"] != json!(months[3].to_string())));
}
