//! The JSON API. [`api`] is the one list of `/api` routes: each is declared once with who may
//! call it, and the same list builds the router and drives the permission test
//! (`tests/api/access.rs`), so a new route cannot be left out of that test.

mod access_log;
mod applicants;
mod applications;
mod compensation;
mod contact;
mod districts;
mod health;
mod messages;
mod pages;
mod person_rights;
mod placement;
mod receipts;
mod reports;
mod retention;
mod second_factor;
pub(crate) mod session;
mod sessions;
mod single_sign_on;
mod users;

use axum::http::Method;
use axum::routing::{delete, get, patch, post, put, MethodRouter};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::AppState;

/// Writes one access-log entry for `user`'s read of personal data: what they did (`read`, `list`,
/// `export`), to which record, from which client address, with the purpose the request gave (the
/// screen that reads sends it; `None` is logged as no purpose, and the purpose is signed with the
/// entry). Every handler that shows personal data calls this before it answers; a change is
/// logged by its store call instead, in its own transaction ([`Actor`]).
pub(crate) async fn log_read(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    action: &str,
    record: &str,
    client: ClientAddr,
    purpose: crate::purpose::ReadPurpose,
) -> Result<(), AppError> {
    let address = client.to_string();
    let entry = crate::store::LogEntry {
        user_id: user.id,
        user_name: &user.display_name,
        action,
        record,
        address: &address,
    };
    state.store.log_read(&entry, purpose.0).await?;
    Ok(())
}

/// Who acts and from where, for the access-log entry a store call writes in the same
/// transaction as its change (so a change whose entry cannot be written does not happen).
pub(crate) struct Actor {
    user_id: i64,
    user_name: String,
    address: String,
}

impl Actor {
    /// A signed-in person at a client address.
    pub(crate) fn new(user: &crate::auth::CurrentUser, client: ClientAddr) -> Actor {
        Actor {
            user_id: user.id,
            user_name: user.display_name.clone(),
            address: client.to_string(),
        }
    }

    /// This person's entry: what they did, to which record.
    pub(crate) fn entry<'a>(
        &'a self,
        action: &'a str,
        record: &'a str,
    ) -> crate::store::LogEntry<'a> {
        crate::store::LogEntry {
            user_id: self.user_id,
            user_name: &self.user_name,
            action,
            record,
            address: &self.address,
        }
    }
}

/// Whom a security event is about: an account, or (for a sign-in with an e-mail no active
/// account has) the e-mail typed, so an administrator sees what is being tried.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    user_id: i64,
    user_name: String,
    record: String,
}

impl Subject {
    /// A signed-in person.
    pub(crate) fn of(user: &crate::auth::CurrentUser) -> Subject {
        Subject {
            user_id: user.id,
            user_name: user.display_name.clone(),
            record: format!("account:{}", user.id),
        }
    }

    /// An account by id and name.
    pub(crate) fn account(id: i64, name: &str) -> Subject {
        Subject {
            user_id: id,
            user_name: name.to_string(),
            record: format!("account:{id}"),
        }
    }

    /// An administrator acting on account `id`: the entry names who did it, about whom.
    pub(crate) fn admin_on(admin: &crate::auth::CurrentUser, id: i64) -> Subject {
        Subject {
            record: format!("account:{id}"),
            ..Subject::of(admin)
        }
    }

    /// The account a sign-in named, or the e-mail typed (only if it looks like one: a password
    /// typed into the e-mail field is never logged).
    pub(crate) fn of_sign_in(account: Option<&crate::store::Account>, typed: &str) -> Subject {
        match account {
            Some(a) => Subject::account(a.id, &a.display_name),
            None => {
                let shown = if kp_domain::application::normalise_email(typed).is_some() {
                    typed.to_string()
                } else {
                    "(inte en e-postadress)".to_string()
                };
                Subject {
                    user_id: 0,
                    user_name: shown.clone(),
                    record: format!("account:unknown {shown}"),
                }
            }
        }
    }
}

/// Writes a security event about `subject` to the access log.
pub(crate) async fn log_security(
    state: &AppState,
    event: kp_domain::security::SecurityEvent,
    subject: &Subject,
    client: ClientAddr,
) -> Result<(), AppError> {
    let address = client.to_string();
    let entry = subject.entry(event, &address);
    state.store.log_access(&entry).await?;
    Ok(())
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (public pages, the interest form, signing in).
    Public,
    /// A signed-in caseworker or administrator.
    Caseworker,
    /// An administrator only.
    Admin,
    /// A signed-in contact person, in their own area (a caseworker's session is not one).
    ContactPerson,
}

/// One `/api` route: method, path (as axum writes it, under `/api`) and access.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    /// HTTP method.
    pub method: Method,
    /// Path under `/api`, with `{param}` placeholders.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

/// Every `/api` route, and the router made from them.
pub fn api() -> (Router<AppState>, Vec<RouteInfo>) {
    use Access::*;
    let routes: Vec<(Method, &'static str, Access, MethodRouter<AppState>)> = vec![
        (Method::GET, "/health", Public, get(health::health)),
        (
            Method::GET,
            "/pages/{locale}/{page}",
            Public,
            get(pages::page),
        ),
        (
            Method::POST,
            "/applications",
            Public,
            post(applications::submit),
        ),
        (Method::POST, "/session", Public, post(session::sign_in)),
        (Method::GET, "/session", Public, get(session::who_am_i)),
        (
            Method::GET,
            "/auth/methods",
            Public,
            get(single_sign_on::methods),
        ),
        (
            Method::GET,
            "/auth/oidc/start",
            Public,
            get(single_sign_on::start),
        ),
        (
            Method::GET,
            "/auth/oidc/callback",
            Public,
            get(single_sign_on::callback),
        ),
        (
            Method::POST,
            "/session/code",
            Public,
            post(second_factor::sign_in_with_code),
        ),
        (
            Method::DELETE,
            "/session",
            Caseworker,
            delete(session::sign_out),
        ),
        (
            Method::POST,
            "/account/password",
            Caseworker,
            post(session::change_password),
        ),
        (
            Method::GET,
            "/account/second-factor",
            Caseworker,
            get(second_factor::status),
        ),
        (
            Method::POST,
            "/account/second-factor",
            Caseworker,
            post(second_factor::begin),
        ),
        (
            Method::POST,
            "/account/second-factor/confirm",
            Caseworker,
            post(second_factor::confirm),
        ),
        (
            Method::GET,
            "/account/sessions",
            Caseworker,
            get(sessions::mine),
        ),
        (
            Method::DELETE,
            "/account/sessions",
            Caseworker,
            delete(sessions::end_all_mine),
        ),
        (
            Method::DELETE,
            "/account/sessions/{id}",
            Caseworker,
            delete(sessions::end_one_of_mine),
        ),
        (Method::GET, "/users", Admin, get(users::list)),
        (Method::POST, "/users", Admin, post(users::create)),
        (Method::PATCH, "/users/{id}", Admin, patch(users::update)),
        (
            Method::DELETE,
            "/users/{id}/sessions",
            Admin,
            delete(sessions::end_all_of_account),
        ),
        (
            Method::POST,
            "/users/{id}/unlock",
            Admin,
            post(users::unlock),
        ),
        (
            Method::DELETE,
            "/users/{id}/second-factor",
            Admin,
            delete(second_factor::reset),
        ),
        (
            Method::GET,
            "/overview",
            Caseworker,
            get(applicants::overview),
        ),
        (Method::GET, "/outbox", Caseworker, get(applicants::outbox)),
        (
            Method::GET,
            "/caseworkers",
            Caseworker,
            get(applicants::caseworkers),
        ),
        (
            Method::GET,
            "/applicants",
            Caseworker,
            get(applicants::list),
        ),
        (
            Method::GET,
            "/applicants/{reference}",
            Caseworker,
            get(applicants::detail),
        ),
        (
            Method::POST,
            "/applicants/{reference}/events",
            Caseworker,
            post(applicants::record_event),
        ),
        (
            Method::PUT,
            "/applicants/{reference}/assignee",
            Caseworker,
            put(applicants::assign),
        ),
        (
            Method::POST,
            "/applicants/{reference}/correction",
            Caseworker,
            post(person_rights::correct_applicant),
        ),
        (
            Method::POST,
            "/register-extract",
            Admin,
            post(person_rights::register_extract),
        ),
        (
            Method::GET,
            "/applicants/{reference}/erasure",
            Admin,
            get(person_rights::erasure_check),
        ),
        (
            Method::POST,
            "/applicants/{reference}/erasure",
            Admin,
            post(person_rights::erase),
        ),
        (
            Method::GET,
            "/erasures",
            Admin,
            get(person_rights::erasures),
        ),
        (Method::GET, "/needs", Caseworker, get(placement::needs)),
        (
            Method::POST,
            "/needs",
            Caseworker,
            post(placement::create_need),
        ),
        (
            Method::GET,
            "/needs/{reference}",
            Caseworker,
            get(placement::need),
        ),
        (
            Method::GET,
            "/needs/{reference}/matches",
            Caseworker,
            get(placement::matches),
        ),
        (
            Method::GET,
            "/applicants/{reference}/fitting-needs",
            Caseworker,
            get(placement::fitting),
        ),
        (
            Method::POST,
            "/needs/{reference}/assignment",
            Caseworker,
            post(placement::create_assignment),
        ),
        (
            Method::GET,
            "/assignments",
            Caseworker,
            get(placement::assignments),
        ),
        (
            Method::GET,
            "/assignments/{id}",
            Caseworker,
            get(placement::assignment),
        ),
        (
            Method::PUT,
            "/assignments/{id}/plan",
            Caseworker,
            put(placement::set_plan),
        ),
        (
            Method::POST,
            "/assignments/{id}/follow-ups",
            Caseworker,
            post(placement::add_follow_up),
        ),
        (
            Method::POST,
            "/assignments/{id}/ending",
            Caseworker,
            post(placement::end),
        ),
        (
            Method::POST,
            "/assignments/{id}/terms",
            Caseworker,
            post(placement::change_terms),
        ),
        (
            Method::GET,
            "/payment-basis",
            Caseworker,
            get(placement::payment_basis),
        ),
        (
            Method::GET,
            "/payment-basis.csv",
            Caseworker,
            get(placement::payment_basis_export),
        ),
        (
            Method::GET,
            "/compensation",
            Caseworker,
            get(compensation::years),
        ),
        (
            Method::PUT,
            "/compensation/{year}",
            Admin,
            put(compensation::set_year),
        ),
        (Method::GET, "/districts", Public, get(districts::public)),
        (
            Method::GET,
            "/districts/all",
            Caseworker,
            get(districts::all),
        ),
        (Method::POST, "/districts", Admin, post(districts::add)),
        (
            Method::PUT,
            "/districts/{id}",
            Admin,
            put(districts::change),
        ),
        (
            Method::POST,
            "/districts/{id}/retire",
            Admin,
            post(districts::retire),
        ),
        (Method::GET, "/access-log", Admin, get(access_log::list)),
        (
            Method::GET,
            "/access-log.csv",
            Admin,
            get(access_log::export),
        ),
        (
            Method::GET,
            "/access-log/verify",
            Admin,
            get(access_log::verify),
        ),
        (Method::GET, "/retention", Admin, get(retention::overview)),
        (
            Method::GET,
            "/retention/preview",
            Admin,
            get(retention::preview),
        ),
        (
            Method::PUT,
            "/retention/rules/{category}",
            Admin,
            put(retention::set_rule),
        ),
        (
            Method::POST,
            "/retention/holds",
            Admin,
            post(retention::place_hold),
        ),
        (
            Method::POST,
            "/retention/holds/{id}/release",
            Admin,
            post(retention::release_hold),
        ),
        (
            Method::GET,
            "/contact/methods",
            Public,
            get(contact::methods),
        ),
        (
            Method::POST,
            "/contact/sign-in-link",
            Public,
            post(contact::request_link),
        ),
        (
            Method::GET,
            "/contact/eid/start",
            Public,
            get(contact::eid_start),
        ),
        (
            Method::GET,
            "/contact/eid/callback",
            Public,
            get(contact::eid_callback),
        ),
        (
            Method::POST,
            "/contact/session",
            Public,
            post(contact::sign_in),
        ),
        (
            Method::GET,
            "/contact/assignments/{id}/reports",
            ContactPerson,
            get(reports::months),
        ),
        (
            Method::GET,
            "/contact/assignments/{id}/reports/{month}",
            ContactPerson,
            get(reports::read_own),
        ),
        (
            Method::PUT,
            "/contact/assignments/{id}/reports/{month}",
            ContactPerson,
            put(reports::save_draft),
        ),
        (
            Method::POST,
            "/contact/assignments/{id}/reports/{month}/submit",
            ContactPerson,
            post(reports::submit),
        ),
        (
            Method::POST,
            receipts::UPLOAD_PATH,
            ContactPerson,
            post(receipts::upload),
        ),
        (
            Method::GET,
            "/contact/assignments/{id}/reports/{month}/receipts/{receipt}",
            ContactPerson,
            get(receipts::read_own),
        ),
        (
            Method::DELETE,
            "/contact/assignments/{id}/reports/{month}/receipts/{receipt}",
            ContactPerson,
            delete(receipts::remove),
        ),
        (
            Method::GET,
            "/contact/assignments/{id}/messages",
            ContactPerson,
            get(messages::contact_thread),
        ),
        (
            Method::POST,
            "/contact/assignments/{id}/messages",
            ContactPerson,
            post(messages::contact_write),
        ),
        (
            Method::GET,
            "/assignments/{id}/messages",
            Caseworker,
            get(messages::thread),
        ),
        (
            Method::POST,
            "/assignments/{id}/messages",
            Caseworker,
            post(messages::write),
        ),
        (
            Method::GET,
            "/messages/unread",
            Caseworker,
            get(messages::unread),
        ),
        (Method::GET, "/reports", Caseworker, get(reports::waiting)),
        (
            Method::GET,
            "/reports/overdue",
            Caseworker,
            get(reports::overdue),
        ),
        (
            Method::GET,
            "/assignments/{id}/reports",
            Caseworker,
            get(reports::assignment_months),
        ),
        (
            Method::GET,
            "/assignments/{id}/reports/{month}",
            Caseworker,
            get(reports::read),
        ),
        (
            Method::POST,
            "/assignments/{id}/reports/{month}/review",
            Caseworker,
            post(reports::review),
        ),
        (
            Method::GET,
            "/assignments/{id}/reports/{month}/receipts/{receipt}",
            Caseworker,
            get(receipts::read),
        ),
        (Method::GET, "/contact/me", Public, get(contact::me)),
        (
            Method::DELETE,
            "/contact/session",
            ContactPerson,
            delete(contact::sign_out),
        ),
        (
            Method::GET,
            "/contact/assignments/{id}/agreement",
            ContactPerson,
            get(contact::read_agreement),
        ),
        (
            Method::POST,
            "/contact/assignments/{id}/agreement",
            ContactPerson,
            post(contact::accept_agreement),
        ),
    ];
    let mut router = Router::new();
    let mut table = Vec::new();
    for (method, path, access, handler) in routes {
        // Every body is held to MAX_BODY_BYTES (413 `payload_too_large`) but a receipt's, which
        // its route reads itself up to kp_domain::receipt::MAX_RECEIPT_BYTES and no further.
        let handler = if method == Method::POST && path == receipts::UPLOAD_PATH {
            handler
        } else {
            handler.layer(RequestBodyLimitLayer::new(crate::MAX_BODY_BYTES))
        };
        router = router.route(path, handler);
        table.push(RouteInfo {
            method,
            path,
            access,
        });
    }
    (router.fallback(|| async { AppError::NotFound }), table)
}

/// The `/api` router.
pub fn api_router() -> Router<AppState> {
    api().0
}
