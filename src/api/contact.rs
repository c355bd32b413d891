//! The contact person's area's calls (`/api/contact/…`, issue 15): one typed function per
//! endpoint, through the module's one `exchange`, so a refusal is an [`ApiError`] with the
//! envelope's code and, for a 422, its fields.

use gloo_net::http::Request;
use kp_domain::compensation::Month;
use kp_domain::contact_area::{
    AcceptAgreement, AgreementView, ContactMe, LinkRequest, LinkSignIn, SignInMethods,
};
use kp_domain::messages::{Message, NewMessage};
use kp_domain::monthly_report::MonthlyReport;
use kp_domain::receipt::Receipt;
use kp_domain::reports::{ReportMonth, StoredReport, SubmitReport};
use kp_domain::Locale;

use super::{encode, get, send_empty, send_json, ApiError};

fn assignment(id: i64, rest: &str) -> String {
    format!("/api/contact/assignments/{id}/{rest}")
}

/// `GET /api/contact/methods`: the ways in the municipality has switched on.
pub async fn methods() -> Result<SignInMethods, ApiError> {
    get("/api/contact/methods").await
}

/// `POST /api/contact/sign-in-link`: 202 whatever the address.
pub async fn request_link(email: &str, locale: Locale) -> Result<(), ApiError> {
    send_empty(
        Request::post("/api/contact/sign-in-link").json(&LinkRequest {
            email: email.into(),
            locale,
        }),
    )
    .await
}

/// `POST /api/contact/session`: signs in with a link's token.
pub async fn sign_in(token: &str) -> Result<ContactMe, ApiError> {
    send_json(Request::post("/api/contact/session").json(&LinkSignIn {
        token: token.into(),
    }))
    .await
}

/// `GET /api/contact/me`: who is signed in (`None`: nobody).
pub async fn me() -> Result<Option<ContactMe>, ApiError> {
    get("/api/contact/me").await
}

/// `DELETE /api/contact/session`.
pub async fn sign_out() -> Result<(), ApiError> {
    send_empty(Request::delete("/api/contact/session").build()).await
}

/// `GET …/agreement`.
pub async fn agreement(id: i64) -> Result<AgreementView, ApiError> {
    get(&assignment(id, "agreement")).await
}

/// `POST …/agreement`: accepts the text read (by its hash).
pub async fn accept_agreement(id: i64, hash: &str) -> Result<(), ApiError> {
    send_empty(
        Request::post(&assignment(id, "agreement")).json(&AcceptAgreement { hash: hash.into() }),
    )
    .await
}

/// `GET …/reports`: the assignment's months.
pub async fn months(id: i64) -> Result<Vec<ReportMonth>, ApiError> {
    get(&assignment(id, "reports")).await
}

/// `GET …/reports/{month}`: the month's report (an empty draft if none).
pub async fn report(id: i64, month: Month) -> Result<StoredReport, ApiError> {
    get(&assignment(id, &format!("reports/{}", String::from(month)))).await
}

/// `PUT …/reports/{month}`: keeps the draft.
pub async fn save_report(id: i64, month: Month, report: &MonthlyReport) -> Result<(), ApiError> {
    send_empty(
        Request::put(&assignment(id, &format!("reports/{}", String::from(month)))).json(report),
    )
    .await
}

/// `POST …/reports/{month}/submit`: sends it, declared true.
pub async fn submit_report(id: i64, month: Month, submit: &SubmitReport) -> Result<(), ApiError> {
    send_empty(
        Request::post(&assignment(
            id,
            &format!("reports/{}/submit", String::from(month)),
        ))
        .json(submit),
    )
    .await
}

/// `POST …/reports/{month}/receipts?name=…`: a receipt's bytes, sent as its `content_type` →
/// the stored receipt. Refusals (`receipt_type`, `receipt_too_large`, `too_many_receipts`,
/// `report_locked`) are worded by `kp_domain::contact_text::refusal`.
pub async fn upload_receipt(
    id: i64,
    month: Month,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<Receipt, ApiError> {
    let url = assignment(
        id,
        &format!(
            "reports/{}/receipts?name={}",
            String::from(month),
            encode(name)
        ),
    );
    let body = web_sys::js_sys::Uint8Array::from(bytes);
    send_json(
        Request::post(&url)
            .header("content-type", content_type)
            .body(body),
    )
    .await
}

/// `DELETE …/reports/{month}/receipts/{receipt}`: removes a receipt while the report is the
/// contact person's to change.
pub async fn remove_receipt(id: i64, month: Month, receipt: &str) -> Result<(), ApiError> {
    send_empty(
        Request::delete(&assignment(
            id,
            &format!(
                "reports/{}/receipts/{}",
                String::from(month),
                encode(receipt)
            ),
        ))
        .build(),
    )
    .await
}

/// `GET …/messages`: the thread (reading marks the caseworkers' messages read).
pub async fn messages(id: i64) -> Result<Vec<Message>, ApiError> {
    get(&assignment(id, "messages")).await
}

/// `POST …/messages`: a message, or with `worry` the "jag är orolig".
pub async fn write(id: i64, message: &NewMessage) -> Result<(), ApiError> {
    send_empty(Request::post(&assignment(id, "messages")).json(message)).await
}
