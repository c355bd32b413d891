//! The one module that talks to the server. Components call these typed functions; none of them
//! touches gloo-net. Every body sent and read is a type from the domain crate. A non-2xx answer
//! becomes the one error type, [`ApiError`]: the status, the envelope's code, a 422's fields and
//! a 429's wait, decoded in one place ([`exchange`]).

pub mod contact;
pub mod scope;
pub mod send;

pub use scope::{load, load_latest, RequestScope};
pub use send::Sender;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use kp_domain::api::{ApplicationReceipt, ErrorEnvelope, FieldError, PageContent};
use kp_domain::application::ApplicationForm;
use kp_domain::caseworker::{ApplicantDetail, ApplicantPage, Caseworker, Overview, SignedIn};
use kp_domain::pipeline::Event;
use kp_domain::purpose::{Purpose, PURPOSE_HEADER, PURPOSE_PARAM};
use kp_domain::second_factor::{
    CodeForm, RecoveryCodes, SecondFactorSetup, SecondFactorStatus, SignInAnswer,
};
use kp_domain::Locale;
use serde::de::DeserializeOwned;

/// A failed call: the HTTP status (0 when no answer came), the envelope's code, and for a 422
/// the fields the server found wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or 0 when no answer came.
    pub status: u16,
    /// The stable error code (`network` when no answer came, `bad_response` when the answer
    /// could not be read, `aborted` when the read's page went away: see [`scope`]).
    pub code: String,
    /// How many seconds the server asked us to wait (`Retry-After` of a 429 or 503), if it did.
    pub retry_after: Option<u64>,
    /// Per-field codes (empty unless the server refused fields: `validation_failed`).
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// A failure with no fields and no wait.
    pub fn new(status: u16, code: &str) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            ..ApiError::default()
        }
    }

    /// No answer came: offline, or the connection broke.
    pub fn is_network(&self) -> bool {
        self.status == 0 && self.code == "network"
    }

    /// The fields of a 422 the server explained (none for any other failure).
    pub fn invalid_fields(&self) -> Option<&[FieldError]> {
        (self.status == 422 && self.code != "bad_response").then_some(self.fields.as_slice())
    }
}

// Every request goes through `exchange`: it sends, notes when the server last heard from this
// page (the caseworker area's idle-timeout warning counts from it), reads the answer, and tells
// the watcher of refusals (a session that ended, a password that must be changed). The typed calls
// below only parse; the non-generic part is in the wasm once (see ARCHITECTURE.md, "Wasm size").

/// Told the status and code of every refused request.
type RefusalWatcher = Rc<dyn Fn(u16, &str)>;

thread_local! {
    static LAST_HEARD_MS: Cell<i64> = const { Cell::new(0) };
    static REFUSAL_WATCHER: RefCell<Option<RefusalWatcher>> = const { RefCell::new(None) };
}

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// When the last request that the server answered was sent (ms since the epoch; 0 before any).
/// The server counts its idle timeout from when it received a request, which is no earlier.
pub fn last_request_ms() -> i64 {
    LAST_HEARD_MS.with(Cell::get)
}

/// Notes that the server received a request sent at `sent_ms` (the page's own load, which the
/// server answered with the session in the shell); an earlier time than one already noted changes
/// nothing.
pub fn heard_at(sent_ms: i64) {
    LAST_HEARD_MS.with(|last| last.set(last.get().max(sent_ms)));
}

/// Calls `watcher` with the status and code of every refused request (a non-2xx answer), before
/// the caller sees the refusal. One watcher; a second call replaces the first.
pub fn watch_refusals(watcher: impl Fn(u16, &str) + 'static) {
    REFUSAL_WATCHER.with(|w| *w.borrow_mut() = Some(Rc::new(watcher)));
}

/// Sends `request`: a 2xx answer's status and body, or the failure as the server told it. The
/// only place an error envelope is decoded.
async fn exchange(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), ApiError> {
    let request = request.map_err(|_| ApiError::new(0, "encode"))?;
    let sent_at = now_ms();
    let response = request
        .send()
        .await
        .map_err(|_| ApiError::new(0, "network"))?;
    // An answer of any status means the server received the request.
    heard_at(sent_at);
    let status = response.status();
    if response.ok() {
        return match response.text().await {
            Ok(text) => Ok((status, text)),
            Err(_) => Err(ApiError::new(status, "bad_response")),
        };
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let (code, fields) = match response.json::<ErrorEnvelope>().await {
        Ok(envelope) => (envelope.error.code, envelope.error.fields),
        Err(_) => ("bad_response".to_string(), Vec::new()),
    };
    let watcher = REFUSAL_WATCHER.with(|w| w.borrow().clone());
    if let Some(watcher) = watcher {
        watcher(status, &code);
    }
    Err(ApiError {
        status,
        code,
        retry_after,
        fields,
    })
}

/// Whether the server answers for the page the reader is on (a `HEAD` of its address, never from
/// the cache): `false` when offline or the server cannot be reached.
pub async fn page_answers() -> bool {
    let Some(here) = web_sys::window().and_then(|w| w.location().href().ok()) else {
        return false;
    };
    // Not through `exchange`: no body to read, no envelope, and the interest form's first wasm
    // (which asks this) then carries none of that.
    match RequestBuilder::new(&here)
        .method(gloo_net::http::Method::HEAD)
        .cache(web_sys::RequestCache::NoStore)
        .build()
    {
        Ok(request) => request.send().await.is_ok_and(|answer| answer.ok()),
        Err(_) => false,
    }
}

/// Parses a 2xx answer's body; a body that does not parse is `bad_response`.
fn parse<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiError> {
    serde_json::from_str(&text).map_err(|_| ApiError::new(status, "bad_response"))
}

/// Sends a read (GET) in the scope of the page that asked for it ([`scope`]): when the scope has
/// closed, before or while it is sent, the read ends as `aborted` (which no screen shows: the
/// scope's tasks and resources are gone by then).
async fn exchange_read(request: RequestBuilder) -> Result<(u16, String), ApiError> {
    let aborted = || ApiError::new(0, "aborted");
    let signal = scope::current_signal().map_err(|()| aborted())?;
    let answer = exchange(request.abort_signal(signal.as_ref()).build()).await;
    if signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
        return Err(aborted());
    }
    answer
}

async fn get_text(url: &str) -> Result<(u16, String), ApiError> {
    exchange_read(Request::get(url)).await
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    parse(get_text(url).await?)
}

/// `GET url` for a read of personal data, telling the server why: the calling screen's purpose,
/// which the access log records with the read.
async fn read<T: DeserializeOwned>(url: &str, purpose: Purpose) -> Result<T, ApiError> {
    parse(exchange_read(Request::get(url).header(PURPOSE_HEADER, purpose.code())).await?)
}

/// Sends `request` and expects no answer worth reading (any 2xx is success).
async fn send_empty(request: Result<Request, gloo_net::Error>) -> Result<(), ApiError> {
    exchange(request).await.map(|_| ())
}

thread_local! {
    static PAGES: RefCell<HashMap<(Locale, String), PageContent>> = RefCell::new(HashMap::new());
}

/// Keeps a page's content for instant display (the server's embedded copy, or a fetched one).
pub fn remember_page(page: PageContent) {
    PAGES.with(|pages| {
        pages
            .borrow_mut()
            .insert((page.locale, page.page.clone()), page)
    });
}

/// A page already at hand, if any.
pub fn cached_page(locale: Locale, page: &str) -> Option<PageContent> {
    PAGES.with(|pages| pages.borrow().get(&(locale, page.to_string())).cloned())
}

/// `GET /api/pages/{locale}/{page}`: a public page's text.
pub async fn page(locale: Locale, page: &str) -> Result<PageContent, ApiError> {
    let content: PageContent = get(&format!("/api/pages/{}/{}", locale.code(), page)).await?;
    remember_page(content.clone());
    Ok(content)
}

/// `POST /api/applications` with the form and its idempotency key.
pub async fn submit_application(
    form: &ApplicationForm,
    key: &str,
) -> Result<ApplicationReceipt, ApiError> {
    send_json(
        Request::post("/api/applications")
            .header("idempotency-key", key)
            .json(form),
    )
    .await
}

async fn send_json<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, ApiError> {
    parse(exchange(request).await?)
}

/// `POST /api/session`: signs in (the server sets the session cookie), or, for an account with a
/// second factor, asks for its code next.
pub async fn sign_in(email: &str, password: &str) -> Result<SignInAnswer, ApiError> {
    send_json(
        Request::post("/api/session").json(&kp_domain::account_forms::SignInForm {
            email: email.into(),
            password: password.into(),
        }),
    )
    .await
}

/// `POST /api/session/code`: the code from the app (or a recovery code) after the password.
pub async fn sign_in_with_code(code: &str) -> Result<SignedIn, ApiError> {
    send_json(Request::post("/api/session/code").json(&CodeForm { code: code.into() })).await
}

/// `GET /api/account/second-factor`: one's second factor.
pub async fn second_factor() -> Result<SecondFactorStatus, ApiError> {
    get("/api/account/second-factor").await
}

/// `POST /api/account/second-factor`: a new secret and its QR code, not yet in use.
pub async fn begin_second_factor() -> Result<SecondFactorSetup, ApiError> {
    send_json(Request::post("/api/account/second-factor").build()).await
}

/// `POST /api/account/second-factor/confirm`: switches it on with a code; the recovery codes.
pub async fn confirm_second_factor(code: &str) -> Result<RecoveryCodes, ApiError> {
    send_json(
        Request::post("/api/account/second-factor/confirm").json(&CodeForm { code: code.into() }),
    )
    .await
}

/// `DELETE /api/users/{id}/second-factor`: an administrator removes someone's second factor.
pub async fn reset_second_factor(id: i64) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("/api/users/{id}/second-factor")).build()).await
}

/// `GET /api/session`: who is signed in (`None` when nobody).
pub async fn who_am_i() -> Result<Option<SignedIn>, ApiError> {
    get("/api/session").await
}

/// `DELETE /api/session`: signs out.
///
/// A session made through the identity provider answers where the browser goes next to end the
/// provider's session too (its end-session address); a password session answers nothing.
pub async fn sign_out() -> Result<Option<String>, ApiError> {
    let (_, text) = exchange(Request::delete("/api/session").build()).await?;
    Ok(
        serde_json::from_str::<kp_domain::single_sign_on::ProviderSignOut>(&text)
            .ok()
            .map(|answer| answer.end_session_url),
    )
}

/// `GET /api/auth/methods`: what the sign-in page offers (password, identity provider).
pub async fn sign_in_methods() -> Result<kp_domain::single_sign_on::SignInMethods, ApiError> {
    get("/api/auth/methods").await
}

/// `DELETE /api/session?reason=idle`: ends the session because the idle timer ran out (the
/// server logs it as expired, not as a sign-out).
pub async fn end_idle_session() -> Result<(), ApiError> {
    send_empty(Request::delete("/api/session?reason=idle").build()).await
}

/// `GET /api/account/sessions`: the signed-in person's live sessions.
pub async fn my_sessions() -> Result<Vec<kp_domain::security::SessionInfo>, ApiError> {
    get("/api/account/sessions").await
}

/// `DELETE /api/account/sessions/{id}`: ends one of one's own sessions.
pub async fn end_my_session(id: &str) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("/api/account/sessions/{}", encode(id))).build()).await
}

/// `DELETE /api/account/sessions`: ends every one of one's own sessions, this one too.
pub async fn end_all_my_sessions() -> Result<(), ApiError> {
    send_empty(Request::delete("/api/account/sessions").build()).await
}

/// `GET /api/applicants?…`: a page of the list; `query` is the URL's query string (without `?`).
pub async fn applicants(query: &str, purpose: Purpose) -> Result<ApplicantPage, ApiError> {
    read(&format!("/api/applicants?{query}"), purpose).await
}

/// `GET /api/applicants/{reference}`: the answers and the timeline.
pub async fn applicant(reference: &str, purpose: Purpose) -> Result<ApplicantDetail, ApiError> {
    read(&format!("/api/applicants/{}", encode(reference)), purpose).await
}

/// `GET /api/caseworkers`: active accounts to assign to.
pub async fn caseworkers() -> Result<Vec<Caseworker>, ApiError> {
    get("/api/caseworkers").await
}

/// `POST /api/applicants/{reference}/events`: records a step.
pub async fn record_event(reference: &str, event: &Event) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/applicants/{}/events", encode(reference))).json(event))
        .await
}

/// `PUT /api/applicants/{reference}/assignee`: who handles the applicant (`None`: nobody).
pub async fn assign(reference: &str, user_id: Option<i64>) -> Result<(), ApiError> {
    send_empty(
        Request::put(&format!("/api/applicants/{}/assignee", encode(reference)))
            .json(&kp_domain::account_forms::AssigneeChange { user_id }),
    )
    .await
}

/// `POST /api/applicants/{reference}/correction`: corrects the fields in `correction` (GDPR art.
/// 16); a refusal carries the interest form's field codes.
pub async fn correct_applicant(
    reference: &str,
    correction: &kp_domain::correction::Correction,
) -> Result<(), ApiError> {
    send_empty(
        Request::post(&format!("/api/applicants/{}/correction", encode(reference)))
            .json(correction),
    )
    .await
}

/// `POST /api/register-extract` (administrators): everything stored about the person with this
/// personnummer (GDPR art. 15). The number goes in the body, never in an address.
pub async fn register_extract(
    personnummer: &str,
    purpose: Purpose,
) -> Result<kp_domain::extract::RegisterExtract, ApiError> {
    send_json(
        Request::post("/api/register-extract")
            .header(PURPOSE_HEADER, purpose.code())
            .json(&kp_domain::extract::ExtractRequest {
                personnummer: personnummer.to_string(),
            }),
    )
    .await
}

/// `GET /api/compensation`: every year's prisbasbelopp and levels.
pub async fn compensation() -> Result<Vec<kp_domain::compensation::CompensationYear>, ApiError> {
    get("/api/compensation").await
}

/// `PUT /api/compensation/{year}` (administrators): saved, with the levels outside SKR's
/// recommendation named.
pub async fn set_compensation(
    data: &kp_domain::compensation::CompensationYear,
) -> Result<kp_domain::compensation::SavedYear, ApiError> {
    send_json(Request::put(&format!("/api/compensation/{}", data.year)).json(data)).await
}

/// Percent-encodes a path segment or query value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `GET /api/overview`: counts per stage and what needs doing.
pub async fn overview(purpose: Purpose) -> Result<Overview, ApiError> {
    read("/api/overview", purpose).await
}

// ---- Administration ----

/// `POST /api/account/password`: changes the signed-in caseworker's own password.
pub async fn change_own_password(current: &str, new: &str) -> Result<(), ApiError> {
    send_empty(Request::post("/api/account/password").json(
        &kp_domain::account_forms::PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
        },
    ))
    .await
}

/// `GET /api/users`: every account (administrators).
pub async fn accounts() -> Result<Vec<kp_domain::caseworker::AccountSummary>, ApiError> {
    get("/api/users").await
}

/// `POST /api/users`: creates an account with a first password (administrators).
pub async fn create_account(
    email: &str,
    display_name: &str,
    role: kp_domain::caseworker::Role,
    password: Option<&str>,
) -> Result<(), ApiError> {
    send_empty(
        Request::post("/api/users").json(&kp_domain::account_forms::NewAccount {
            email: email.into(),
            display_name: display_name.into(),
            role,
            password: password.map(str::to_string),
        }),
    )
    .await
}

async fn update_account(
    id: i64,
    change: kp_domain::account_forms::AccountChange,
) -> Result<(), ApiError> {
    send_empty(Request::patch(&format!("/api/users/{id}")).json(&change)).await
}

/// `PATCH /api/users/{id}` with a role.
pub async fn set_account_role(id: i64, role: kp_domain::caseworker::Role) -> Result<(), ApiError> {
    update_account(
        id,
        kp_domain::account_forms::AccountChange {
            role: Some(role),
            ..Default::default()
        },
    )
    .await
}

/// `PATCH /api/users/{id}`: deactivates (ending its sessions) or reactivates an account.
pub async fn set_account_active(id: i64, active: bool) -> Result<(), ApiError> {
    update_account(
        id,
        kp_domain::account_forms::AccountChange {
            active: Some(active),
            ..Default::default()
        },
    )
    .await
}

/// `PATCH /api/users/{id}` with a new password (the account's sessions end).
pub async fn reset_account_password(id: i64, password: &str) -> Result<(), ApiError> {
    update_account(
        id,
        kp_domain::account_forms::AccountChange {
            password: Some(password.into()),
            ..Default::default()
        },
    )
    .await
}

/// `DELETE /api/users/{id}/sessions`: ends another account's sessions (administrators).
pub async fn end_account_sessions(id: i64) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("/api/users/{id}/sessions")).build()).await
}

/// `POST /api/users/{id}/unlock`: lifts an account's sign-in lock (administrators).
pub async fn unlock_account(id: i64) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/users/{id}/unlock")).build()).await
}

/// `GET /api/access-log?{query}`: log entries, newest first (administrators).
pub async fn access_log(query: &str) -> Result<Vec<kp_domain::caseworker::AccessEntry>, ApiError> {
    get(&access_log_url("/api/access-log", query)).await
}

/// The address of the CSV export for the same filters (`query` as for [`access_log`]).
pub fn access_log_csv_url(query: &str) -> String {
    access_log_url("/api/access-log.csv", query)
}

fn access_log_url(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// `GET /api/access-log/verify`: whether the log's hash chain is intact (administrators).
pub async fn verify_access_log() -> Result<kp_domain::caseworker::AccessLogCheck, ApiError> {
    get("/api/access-log/verify").await
}

/// `GET /api/outbox`: receipts and notices, sent and waiting, and whether a mail server sends them.
pub async fn outbox(purpose: Purpose) -> Result<kp_domain::caseworker::Outbox, ApiError> {
    read("/api/outbox", purpose).await
}

// ---- Assignments ----

/// `GET /api/needs`: every need, newest first.
pub async fn needs(purpose: Purpose) -> Result<Vec<kp_domain::placement::NeedRow>, ApiError> {
    read("/api/needs", purpose).await
}

/// `POST /api/needs`: registers a need; answers its reference.
pub async fn create_need(
    form: &kp_domain::need::NeedForm,
) -> Result<kp_domain::placement::Created, ApiError> {
    send_json(Request::post("/api/needs").json(form)).await
}

/// `GET /api/needs/{reference}`: the need, its history and its assignment.
pub async fn need(
    reference: &str,
    purpose: Purpose,
) -> Result<kp_domain::placement::NeedDetail, ApiError> {
    read(&format!("/api/needs/{}", encode(reference)), purpose).await
}

/// `GET /api/needs/{reference}/matches`: approved contact people, best first.
pub async fn matches(
    reference: &str,
    purpose: Purpose,
) -> Result<Vec<kp_domain::matching::Ranked>, ApiError> {
    read(
        &format!("/api/needs/{}/matches", encode(reference)),
        purpose,
    )
    .await
}

/// `POST /api/needs/{reference}/assignment`: chooses a contact person; answers the assignment id.
pub async fn create_assignment(
    reference: &str,
    choice: &kp_domain::placement::NewAssignment,
) -> Result<kp_domain::placement::Created, ApiError> {
    send_json(Request::post(&format!("/api/needs/{}/assignment", encode(reference))).json(choice))
        .await
}

/// `GET /api/assignments`: every assignment.
pub async fn assignments(
    purpose: Purpose,
) -> Result<Vec<kp_domain::placement::AssignmentRow>, ApiError> {
    read("/api/assignments", purpose).await
}

/// `GET /api/assignments/{id}`: the assignment with its plan, follow-ups and history.
pub async fn assignment(
    id: &str,
    purpose: Purpose,
) -> Result<kp_domain::placement::AssignmentDetail, ApiError> {
    read(&format!("/api/assignments/{}", encode(id)), purpose).await
}

/// `PUT /api/assignments/{id}/plan`: writes or replaces the plan.
pub async fn save_plan(id: &str, plan: &kp_domain::assignment::Plan) -> Result<(), ApiError> {
    send_empty(Request::put(&format!("/api/assignments/{}/plan", encode(id))).json(plan)).await
}

/// `POST /api/assignments/{id}/terms`: from a date they meet more or less often, or a special
/// assignment gets new amounts.
pub async fn change_terms(
    id: &str,
    change: &kp_domain::assignment::TermsChange,
) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/assignments/{}/terms", encode(id))).json(change)).await
}

/// `POST /api/assignments/{id}/follow-ups`: records a follow-up that was held.
pub async fn record_follow_up(
    id: &str,
    follow_up: &kp_domain::assignment::FollowUp,
) -> Result<(), ApiError> {
    send_empty(
        Request::post(&format!("/api/assignments/{}/follow-ups", encode(id))).json(follow_up),
    )
    .await
}

/// `POST /api/assignments/{id}/ending`: ends the assignment.
pub async fn end_assignment(
    id: &str,
    ending: &kp_domain::assignment::Ending,
) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/assignments/{}/ending", encode(id))).json(ending)).await
}

/// `GET /api/payment-basis?month=…`: the month's payment lines and totals.
pub async fn payment_basis(
    month: kp_domain::compensation::Month,
    purpose: Purpose,
) -> Result<kp_domain::placement::PaymentBasis, ApiError> {
    read(
        &format!("/api/payment-basis?month={}", encode(&String::from(month))),
        purpose,
    )
    .await
}

/// The address of the month's payment basis as CSV for payroll (a plain link downloads it, so
/// the purpose travels in the query: a link sets no header).
pub fn payment_basis_csv_url(month: kp_domain::compensation::Month, purpose: Purpose) -> String {
    format!(
        "/api/payment-basis.csv?month={}&{PURPOSE_PARAM}={}",
        encode(&String::from(month)),
        purpose.code()
    )
}

// ---- Retention (gallring), administrators ----

/// `GET /api/retention`: the rules, the holds and the latest gallring records.
pub async fn retention(
    purpose: Purpose,
) -> Result<kp_domain::retention::report::RetentionOverview, ApiError> {
    read("/api/retention", purpose).await
}

/// `GET /api/retention/preview`: what the rules remove from today to 30 days ahead, or to
/// `until`.
pub async fn retention_preview(
    until: Option<chrono::NaiveDate>,
    purpose: Purpose,
) -> Result<kp_domain::retention::report::Preview, ApiError> {
    match until {
        Some(day) => read(&format!("/api/retention/preview?until={day}"), purpose).await,
        None => read("/api/retention/preview", purpose).await,
    }
}

/// `PUT /api/retention/rules/{category}`: a new period and the decision it rests on.
pub async fn set_retention_rule(
    category: kp_domain::retention::Category,
    form: &kp_domain::retention::RuleForm,
) -> Result<(), ApiError> {
    send_empty(Request::put(&format!("/api/retention/rules/{}", category.code())).json(form)).await
}

/// `POST /api/retention/holds`: stops gallring of an applicant until released.
pub async fn place_hold(form: &kp_domain::retention::report::HoldForm) -> Result<(), ApiError> {
    send_empty(Request::post("/api/retention/holds").json(form)).await
}

/// `POST /api/retention/holds/{id}/release`: gallring applies again from the next run.
pub async fn release_hold(id: i64) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/retention/holds/{id}/release")).build()).await
}

/// `GET /api/applicants/{reference}/erasure` (administrators): what stops erasing the applicant.
pub async fn erasure_check(
    reference: &str,
    purpose: Purpose,
) -> Result<kp_domain::erasure::ErasureCheck, ApiError> {
    read(
        &format!("/api/applicants/{}/erasure", encode(reference)),
        purpose,
    )
    .await
}

/// `POST /api/applicants/{reference}/erasure` (administrators): erases the applicant (GDPR art.
/// 17); the record made, or the refusal with its field codes.
pub async fn erase(
    reference: &str,
    form: &kp_domain::erasure::ErasureForm,
) -> Result<kp_domain::erasure::ErasureRecord, ApiError> {
    send_json(Request::post(&format!("/api/applicants/{}/erasure", encode(reference))).json(form))
        .await
}

/// `GET /api/erasures` (administrators): the latest erasure records, newest first.
pub async fn erasures() -> Result<Vec<kp_domain::erasure::ErasureRecord>, ApiError> {
    get("/api/erasures").await
}

/// `GET /api/applicants/{reference}/fitting-needs`: the open needs an approved contact person
/// fits, best first.
pub async fn fitting_needs(
    reference: &str,
    purpose: Purpose,
) -> Result<Vec<kp_domain::matching::FittingNeed>, ApiError> {
    read(
        &format!("/api/applicants/{}/fitting-needs", encode(reference)),
        purpose,
    )
    .await
}

/// `GET /api/districts/all` (caseworkers): every district with its postcodes, retired ones too.
pub async fn all_districts() -> Result<Vec<kp_domain::district::District>, ApiError> {
    get("/api/districts/all").await
}

/// `POST /api/districts` (administrators): adds a district.
pub async fn add_district(form: &kp_domain::district::DistrictForm) -> Result<(), ApiError> {
    send_empty(Request::post("/api/districts").json(form)).await
}

/// `PUT /api/districts/{id}` (administrators): renames a district or changes its postcodes.
pub async fn change_district(
    id: i64,
    form: &kp_domain::district::DistrictForm,
) -> Result<(), ApiError> {
    send_empty(Request::put(&format!("/api/districts/{id}")).json(form)).await
}

/// `POST /api/districts/{id}/retire` (administrators): no longer offered; kept for history.
pub async fn retire_district(id: i64) -> Result<(), ApiError> {
    send_empty(Request::post(&format!("/api/districts/{id}/retire")).build()).await
}

// ---- Monthly reports and messages (issue 15) ----

/// `GET /api/reports`: sent reports waiting for review, oldest sending first.
pub async fn reports_waiting(
    purpose: Purpose,
) -> Result<Vec<kp_domain::reports::ReviewRow>, ApiError> {
    read("/api/reports", purpose).await
}

/// `GET /api/reports/overdue`: months past their due day without a sent report.
pub async fn reports_overdue(
    purpose: Purpose,
) -> Result<Vec<kp_domain::reports::OverdueReport>, ApiError> {
    read("/api/reports/overdue", purpose).await
}

/// `GET /api/assignments/{id}/reports`: the months the assignment reports, newest first.
pub async fn report_months(
    id: &str,
    purpose: Purpose,
) -> Result<Vec<kp_domain::reports::ReportMonth>, ApiError> {
    read(&format!("/api/assignments/{}/reports", encode(id)), purpose).await
}

/// `GET /api/assignments/{id}/reports/{month}`: one month's report.
pub async fn report(
    id: &str,
    month: &str,
    purpose: Purpose,
) -> Result<kp_domain::reports::StoredReport, ApiError> {
    read(
        &format!("/api/assignments/{}/reports/{}", encode(id), encode(month)),
        purpose,
    )
    .await
}

/// `POST /api/assignments/{id}/reports/{month}/review`: approves, or returns with a comment.
pub async fn review_report(
    id: &str,
    month: &str,
    review: &kp_domain::reports::Review,
) -> Result<(), ApiError> {
    send_empty(
        Request::post(&format!(
            "/api/assignments/{}/reports/{}/review",
            encode(id),
            encode(month)
        ))
        .json(review),
    )
    .await
}

/// The address a caseworker downloads a report's receipt from.
pub fn receipt_url(id: &str, month: &str, receipt: &str) -> String {
    format!(
        "/api/assignments/{}/reports/{}/receipts/{}",
        encode(id),
        encode(month),
        encode(receipt)
    )
}

/// `GET /api/assignments/{id}/messages`: the thread with the contact person (marks theirs read).
pub async fn messages(
    id: &str,
    purpose: Purpose,
) -> Result<Vec<kp_domain::messages::Message>, ApiError> {
    read(
        &format!("/api/assignments/{}/messages", encode(id)),
        purpose,
    )
    .await
}

/// `POST /api/assignments/{id}/messages`: writes to the contact person.
pub async fn send_message(id: &str, body: &str) -> Result<(), ApiError> {
    send_empty(
        Request::post(&format!("/api/assignments/{}/messages", encode(id))).json(
            &kp_domain::messages::NewMessage {
                body: body.to_string(),
                worry: false,
            },
        ),
    )
    .await
}

/// `GET /api/messages/unread`: threads with unread messages, worries first.
pub async fn unread_messages(
    purpose: Purpose,
) -> Result<Vec<kp_domain::messages::UnreadThread>, ApiError> {
    read("/api/messages/unread", purpose).await
}
