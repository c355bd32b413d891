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
use kp_domain::security::SecurityEvent;
use sha2::{Digest, Sha256};

use crate::auth::{new_token, token_hash};
use crate::client_addr::ClientAddr;
use crate::contact_area::{cookie_name, CurrentContactPerson, ABSOLUTE_LIFETIME};
use crate::error::AppError;
use crate::store::{ContactPerson, LogEntry, NewContactSession};
use crate::AppState;

/// `GET /api/contact/methods`.
pub async fn methods(State(state): State<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        link: state.contact_area.link_sign_in,
        eid: false,
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
    let cookie = format!(
        "{}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        cookie_name(state.https),
        ABSOLUTE_LIFETIME.num_seconds(),
        if state.https { "; Secure" } else { "" }
    );
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
    let cookie = format!(
        "{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        cookie_name(state.https),
        if state.https { "; Secure" } else { "" }
    );
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

/// The assignment's reference and agreement, if it is this person's; 404 otherwise (the same
/// answer as for an assignment that does not exist, so nobody learns which ids do).
async fn own_agreement(
    state: &AppState,
    person: &ContactPerson,
    id: i64,
) -> Result<(String, Agreement), AppError> {
    if state.store.assignment_personnummer(id).await?.as_deref()
        != Some(person.personnummer.as_str())
    {
        return Err(AppError::NotFound);
    }
    let today = kp_domain::time::today_in_sweden(Utc::now());
    let detail = state
        .store
        .assignment_detail(id, today)
        .await?
        .ok_or(AppError::NotFound)?;
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
        let accepted = match own_agreement(state, person, row.id).await {
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

async fn log(
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
