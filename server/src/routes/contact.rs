//! The contact person's own area (issue 15): the ways in, a one-time link by e-mail, who am I,
//! signing out, and each assignment's agreement to read and accept. A contact person reaches only
//! their own assignments (by personnummer), never another's and nothing of the vetting; every read
//! and write is in the access log.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use kp_domain::agreement::{agreement, AgreedCompensation, Agreement, AgreementFacts};
use kp_domain::api::FieldError;
use kp_domain::contact_area::{
    area_path, link_mail, AcceptAgreement, Acceptance, AgreementView, ContactAssignment, ContactMe,
    LinkRequest, LinkSignIn, SignInMethods, LINK_MINUTES,
};
use kp_domain::placement::AssignmentDetail;
use kp_domain::security::SecurityEvent;
use sha2::{Digest, Sha256};

use crate::auth::{new_token, token_hash};
use crate::client_addr::ClientAddr;
use crate::contact_area::{session_cookie, CurrentContactPerson, ABSOLUTE_LIFETIME};
use crate::error::AppError;
use crate::store::{ContactPerson, LogEntry, NewContactSession};
use crate::AppState;

/// `GET /api/contact/methods`.
pub async fn methods(State(state): State<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        link: state.contact_area.link_sign_in,
        eid: state.eid.as_ref().map(|e| e.name().to_string()),
    })
}

/// `POST /api/contact/sign-in-link`: 202 whatever the address, so nobody learns who is a contact
/// person; the link is made and mailed after the answer, so its time does not tell either.
pub async fn request_link(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(request): Json<LinkRequest>,
) -> Result<StatusCode, AppError> {
    if !state.contact_area.link_sign_in {
        return Err(AppError::NotFound);
    }
    let email = kp_domain::application::normalise_email(&request.email).ok_or_else(|| {
        AppError::Validation(vec![FieldError {
            field: "email".into(),
            code: if request.email.trim().is_empty() {
                "required".into()
            } else {
                "invalid".into()
            },
        }])
    })?;
    let now = Utc::now();
    if let Err(wait) = state
        .contact_links_by_address
        .reserve(&client.throttle_key(), "", now)
        .await?
    {
        return Err(AppError::TooManyRequests(wait.as_secs().max(1)));
    }
    let key = email.to_lowercase();
    if state
        .contact_links_by_email
        .reserve(&key, "", now)
        .await?
        .is_err()
    {
        // The links already mailed to this address still work: nobody is locked out.
        return Ok(StatusCode::ACCEPTED);
    }
    let address = client.to_string();
    tokio::spawn(async move {
        if let Err(e) = mail_links(&state, &email, request.locale, &address).await {
            tracing::warn!(error = %e, "a sign-in link could not be made or mailed");
        }
    });
    Ok(StatusCode::ACCEPTED)
}

/// Makes and mails a link for each contact person `email` belongs to (usually one).
async fn mail_links(
    state: &AppState,
    email: &str,
    locale: kp_domain::Locale,
    address: &str,
) -> anyhow::Result<()> {
    let people = state
        .store
        .contact_persons_by_email(email, state.contact_area.eligibility)
        .await?;
    let origin = state.public_url.as_deref().unwrap_or_default();
    for person in people {
        let token = new_token();
        let now = Utc::now();
        let expires = now + chrono::Duration::minutes(LINK_MINUTES);
        state
            .store
            .create_contact_link(&token_hash(&token), &person, now, expires, address)
            .await?;
        // The token goes after `#`: a browser never sends it to a server, so no log or Referer
        // carries it; the area's page reads it and signs in with it.
        let link = format!("{origin}{}#{token}", area_path(locale));
        let (subject, body) = link_mail(locale, &link);
        state
            .mailer
            .send_now(&person.email, &subject, &body)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    Ok(())
}

/// `POST /api/contact/session`: signs in with a link's token (once).
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(form): Json<LinkSignIn>,
) -> Result<Response, AppError> {
    if !state.contact_area.link_sign_in {
        return Err(AppError::NotFound);
    }
    let address = client.to_string();
    let invalid = || AppError::BadRequest {
        code: "invalid_link",
        message: "the link is unknown, used or too old: ask for a new one".into(),
    };
    if form.token.is_empty() || form.token.len() > 100 {
        return Err(invalid());
    }
    let token = new_token();
    let now = Utc::now();
    let session = NewContactSession {
        token_hash: &token_hash(&token),
        method: "link",
        created: now,
        expires: now + ABSOLUTE_LIFETIME,
        address: &address,
    };
    let Some(person) = state
        .store
        .sign_in_with_contact_link(
            &token_hash(&form.token),
            &session,
            state.contact_area.eligibility,
        )
        .await?
    else {
        return Err(invalid());
    };
    let me = me_of(&state, &person, "link").await?;
    let cookie = session_cookie(Some(&token), state.https);
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// `GET /api/contact/me`: the signed-in contact person and their assignments, or `null`.
pub async fn me(
    State(state): State<AppState>,
    client: ClientAddr,
    who: Result<CurrentContactPerson, AppError>,
) -> Result<Json<Option<ContactMe>>, AppError> {
    let who = match who {
        Ok(who) => who,
        Err(AppError::Unauthorized) => return Ok(Json(None)),
        Err(other) => return Err(other),
    };
    let me = me_of(&state, &who.person, &who.method).await?;
    log(
        &state,
        &who,
        "read",
        &format!("applicant:{}", who.person.reference),
        client,
    )
    .await?;
    Ok(Json(Some(me)))
}

/// `DELETE /api/contact/session`.
pub async fn sign_out(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
) -> Result<Response, AppError> {
    let name = who.person.log_name();
    let record = format!("applicant:{}", who.person.reference);
    let address = client.to_string();
    state
        .store
        .end_contact_session(
            &who.session,
            &who.person.log_entry(
                &name,
                SecurityEvent::ContactSignedOut.action(),
                &record,
                &address,
            ),
        )
        .await?;
    let cookie = session_cookie(None, state.https);
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/contact/assignments/{id}/agreement`.
pub async fn read_agreement(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path(id): Path<i64>,
) -> Result<Json<AgreementView>, AppError> {
    let (reference, agreement) = own_agreement(&state, &who.person, id).await?;
    let text = agreement.canonical_text();
    let hash = sha256(&text);
    let accepted = state.store.agreement_acceptances(id).await?;
    let this = accepted
        .iter()
        .find(|a| a.hash == hash)
        .map(|a| Acceptance {
            at: crate::store::stamp(a.accepted_at),
            method: a.method.clone(),
            hash: a.hash.clone(),
        });
    log(&state, &who, "read", &format!("agreement:{id}"), client).await?;
    Ok(Json(AgreementView {
        assignment_reference: reference,
        earlier_accepted: accepted.iter().any(|a| a.hash != hash),
        agreement,
        hash,
        accepted: this,
    }))
}

/// `POST /api/contact/assignments/{id}/agreement`: accepts the agreement as it reads now, if that
/// is the text the person read (its hash); 409 `agreement_changed` otherwise.
pub async fn accept_agreement(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path(id): Path<i64>,
    Json(form): Json<AcceptAgreement>,
) -> Result<StatusCode, AppError> {
    let (_, agreement) = own_agreement(&state, &who.person, id).await?;
    let text = agreement.canonical_text();
    let hash = sha256(&text);
    if form.hash != hash {
        return Err(AppError::Conflict {
            code: "agreement_changed",
            message: "the agreement changed after it was read: read it again".into(),
        });
    }
    let name = who.person.log_name();
    let record = format!("agreement:{id}");
    let address = client.to_string();
    state
        .store
        .accept_agreement(
            id,
            &hash,
            &text,
            &who.method,
            Utc::now(),
            &who.person
                .log_entry(&name, "write:agreement_accepted", &record, &address),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The assignment, if it is this person's; 404 otherwise (the same answer as for an assignment
/// that does not exist, so nobody learns which ids do).
pub(super) async fn own_assignment(
    state: &AppState,
    person: &ContactPerson,
    id: i64,
) -> Result<AssignmentDetail, AppError> {
    if state.store.assignment_personnummer(id).await?.as_deref()
        != Some(person.personnummer.as_str())
    {
        return Err(AppError::NotFound);
    }
    let today = kp_domain::time::today_in_sweden(Utc::now());
    state
        .store
        .assignment_detail(id, today)
        .await?
        .ok_or(AppError::NotFound)
}

/// The assignment's reference and agreement, if it is this person's.
async fn own_agreement(
    state: &AppState,
    person: &ContactPerson,
    id: i64,
) -> Result<(String, Agreement), AppError> {
    let detail = own_assignment(state, person, id).await?;
    agreement_of(state, person, &detail).await
}

/// The agreement of one of `person`'s assignments as it reads today, with the assignment's
/// reference; 409 `levels_missing` while this year's levels are not entered.
async fn agreement_of(
    state: &AppState,
    person: &ContactPerson,
    detail: &AssignmentDetail,
) -> Result<(String, Agreement), AppError> {
    let today = kp_domain::time::today_in_sweden(Utc::now());
    let compensation = match detail.special_amounts {
        Some((arvode, omkostnad)) => AgreedCompensation::Decided { arvode, omkostnad },
        None => {
            let levels = state
                .store
                .levels_in_force(chrono::Datelike::year(&today))
                .await?;
            let level = levels
                .iter()
                .find(|l| l.frequency == detail.row.frequency)
                .ok_or(AppError::Conflict {
                    code: "levels_missing",
                    message: "this year's compensation levels are not entered yet".into(),
                })?;
            AgreedCompensation::Level {
                arvode: level.arvode,
                omkostnad: level.omkostnad,
            }
        }
    };
    let facts = AgreementFacts {
        municipality: state.municipality.to_string(),
        contact_person_name: person.name.clone(),
        contact_person_personnummer: person.personnummer.clone(),
        assignment_reference: detail.row.reference(),
        special: detail.row.assignment_type == "special",
        start_date: detail.row.start_date,
        frequency: detail.row.frequency,
        plan: detail.plan.clone(),
        compensation,
        report_rules: state.contact_area.report_rules,
    };
    Ok((detail.row.reference(), agreement(&facts)))
}

/// The person and their assignments, each saying whether its agreement as it reads today is
/// accepted.
async fn me_of(
    state: &AppState,
    person: &ContactPerson,
    method: &str,
) -> Result<ContactMe, AppError> {
    let today = kp_domain::time::today_in_sweden(Utc::now());
    let rows = state
        .store
        .assignments_of_person(&person.personnummer, today)
        .await?;
    let mut assignments = Vec::with_capacity(rows.len());
    for row in rows {
        // The rows are this person's already: no second ownership check per assignment.
        let detail = state
            .store
            .assignment_detail(row.id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let accepted = match agreement_of(state, person, &detail).await {
            Ok((_, agreement)) => {
                let hash = sha256(&agreement.canonical_text());
                state
                    .store
                    .agreement_acceptances(row.id)
                    .await?
                    .iter()
                    .any(|a| a.hash == hash)
            }
            Err(AppError::Conflict { .. }) => false,
            Err(e) => return Err(e),
        };
        assignments.push(ContactAssignment {
            id: row.id,
            reference: row.reference(),
            assignment_type: row.assignment_type,
            frequency: row.frequency,
            start_date: row.start_date,
            end_date: row.end_date,
            agreement_accepted: accepted,
        });
    }
    Ok(ContactMe {
        name: person.name.clone(),
        reference: person.reference.clone(),
        method: method.to_string(),
        assignments,
    })
}

pub(super) async fn log(
    state: &AppState,
    who: &CurrentContactPerson,
    action: &str,
    record: &str,
    client: ClientAddr,
) -> Result<(), AppError> {
    let name = who.person.log_name();
    let address = client.to_string();
    let entry: LogEntry<'_> = who.person.log_entry(&name, action, record, &address);
    state.store.log_access(&entry).await?;
    Ok(())
}

/// The SHA-256 (hex) of an agreement's exact text.
fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// How long a started e-ID sign-in may take at the broker.
const EID_SIGN_IN_TIME: chrono::Duration = chrono::Duration::minutes(10);

/// The e-ID sign-in's cookie: the state (and the page's language) until the broker answers. It
/// must reach the callback, a top-level navigation from the broker's site, so `SameSite=Lax`.
fn eid_cookie(value: Option<&str>, secure: bool) -> String {
    let name = if secure { "__Secure-kp_eid" } else { "kp_eid" };
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => format!(
            "{name}={v}; HttpOnly; SameSite=Lax; Path=/api/contact/eid; Max-Age={}{secure}",
            EID_SIGN_IN_TIME.num_seconds()
        ),
        None => {
            format!("{name}=; HttpOnly; SameSite=Lax; Path=/api/contact/eid; Max-Age=0{secure}")
        }
    }
}

/// The stored sign-in's key: the state's hash in a namespace of its own, so a state started for
/// the caseworkers' provider is never taken here, nor one of these there.
fn eid_key(state: &str) -> String {
    token_hash(&format!("eid:{state}"))
}

/// A 303 to `to` with `cookies` set.
fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = header::HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(value) = header::HeaderValue::from_str(cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The page's language, as the start was asked from.
#[derive(Debug, Default, serde::Deserialize)]
pub struct EidStart {
    locale: Option<kp_domain::Locale>,
}

/// Back to the area with `code` (one of [`kp_domain::contact_area::EID_REFUSALS`]), logged.
async fn refuse_eid(
    state: &AppState,
    code: &str,
    locale: kp_domain::Locale,
    client: ClientAddr,
) -> Result<Response, AppError> {
    let address = client.to_string();
    let record = format!("contact-eid:{code}");
    // A refusal no started sign-in stands behind costs an attacker nothing: logged for at most
    // as many per address as sign-ins may be started.
    let log = code != "eid_unknown_attempt"
        || state
            .provider_refusals
            .check(client.0, &new_token(), Utc::now())
            .await?
            .is_ok();
    if log {
        state
            .store
            .log_access(&LogEntry {
                user_id: 0,
                user_name: "(okänd)",
                action: SecurityEvent::ContactEidRefused.action(),
                record: &record,
                address: &address,
            })
            .await?;
    }
    Ok(see_other(
        &format!("{}?fel={code}", area_path(locale)),
        &[eid_cookie(None, state.https)],
    ))
}

/// `GET /api/contact/eid/start`: stores the sign-in's nonce and PKCE verifier under its state,
/// gives the browser the state in a cookie, and sends it to the e-ID broker.
pub async fn eid_start(
    State(state): State<AppState>,
    client: ClientAddr,
    axum::extract::Query(asked): axum::extract::Query<EidStart>,
) -> Result<Response, AppError> {
    let eid = state.eid.clone().ok_or(AppError::NotFound)?;
    let locale = asked.locale.unwrap_or(kp_domain::Locale::Sv);
    let now = Utc::now();
    if state
        .provider_starts
        .check(client.0, &new_token(), now)
        .await?
        .is_err()
    {
        return refuse_eid(&state, "eid_failed", locale, client).await;
    }
    let started = match eid.start().await {
        Ok(started) => started,
        Err(_) => return refuse_eid(&state, "eid_failed", locale, client).await,
    };
    state
        .store
        .begin_provider_sign_in(
            &eid_key(&started.state),
            &started.nonce,
            &started.pkce_verifier,
            now + EID_SIGN_IN_TIME,
        )
        .await?;
    let kept = format!("{}.{}", started.state, locale.code());
    Ok(see_other(
        &started.url,
        &[eid_cookie(Some(&kept), state.https)],
    ))
}

/// `GET /api/contact/eid/callback`: the broker's answer. The state must be this browser's and a
/// started e-ID sign-in's, taken once; then the code is traded, the ID token verified, and the
/// personnummer it carries must be a contact person's here.
pub async fn eid_callback(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: axum::http::HeaderMap,
    axum::extract::Query(answer): axum::extract::Query<super::single_sign_on::Callback>,
) -> Result<Response, AppError> {
    let eid = state.eid.clone().ok_or(AppError::NotFound)?;
    let cookie_name = if state.https {
        "__Secure-kp_eid"
    } else {
        "kp_eid"
    };
    let kept = crate::auth::cookie(&headers, cookie_name);
    let (kept_state, locale) = match kept.as_deref().and_then(|k| k.split_once('.')) {
        Some((s, code)) => (
            Some(s.to_string()),
            kp_domain::Locale::from_code(code).unwrap_or(kp_domain::Locale::Sv),
        ),
        None => (None, kp_domain::Locale::Sv),
    };
    let ours = match (answer.state.as_deref(), &kept_state) {
        (Some(sent), Some(kept)) if token_hash(sent) == token_hash(kept) => Some(eid_key(sent)),
        _ => None,
    };
    let started = match &ours {
        Some(key) => state.store.take_provider_sign_in(key, Utc::now()).await?,
        None => None,
    };
    let Some((nonce, verifier)) = started else {
        return refuse_eid(&state, "eid_unknown_attempt", locale, client).await;
    };
    if let Some(error) = &answer.error {
        let code = match error.as_str() {
            "access_denied" | "login_required" | "interaction_required" => "eid_cancelled",
            _ => "eid_failed",
        };
        return refuse_eid(&state, code, locale, client).await;
    }
    let Some(code) = answer
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= 2048)
    else {
        return refuse_eid(&state, "eid_failed", locale, client).await;
    };
    let Ok(verified) = eid.finish(code, &nonce, &verifier).await else {
        return refuse_eid(&state, "eid_failed", locale, client).await;
    };
    let now = Utc::now();
    // The broker vouches for the personnummer; it is read by the domain's rules like any other.
    let personnummer = verified
        .personnummer
        .as_deref()
        .and_then(|p| {
            kp_domain::personnummer::Personnummer::parse(p, kp_domain::time::today_in_sweden(now))
                .ok()
        })
        .map(|p| p.canonical());
    let person = match personnummer {
        Some(p) => {
            state
                .store
                .contact_person(&p, state.contact_area.eligibility)
                .await?
        }
        None => None,
    };
    let Some(person) = person else {
        return refuse_eid(&state, "eid_not_contact_person", locale, client).await;
    };
    let token = new_token();
    let address = client.to_string();
    state
        .store
        .start_contact_session(
            &person,
            &NewContactSession {
                token_hash: &token_hash(&token),
                method: "eid",
                created: now,
                expires: now + ABSOLUTE_LIFETIME,
                address: &address,
            },
        )
        .await?;
    Ok(see_other(
        &area_path(locale),
        &[
            session_cookie(Some(&token), state.https),
            eid_cookie(None, state.https),
        ],
    ))
}
