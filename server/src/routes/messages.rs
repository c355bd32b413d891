//! Messages between a contact person and the social services, and the contact person's worry
//! (issue 15). A worry or message from the contact person reaches the caseworkers' list of unread
//! threads at once (worries first) and the unit's mailbox as a notice; a caseworker's message is
//! announced to the contact person by mail in their language. No mail carries what was written.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use kp_domain::contact_area::area_path;
use kp_domain::messages::{new_message_mail, validate_message, Message, NewMessage, UnreadThread};

use super::contact::own_assignment;
use super::{log_read, Actor};
use crate::auth::CurrentUser;
use crate::client_addr::ClientAddr;
use crate::contact_area::CurrentContactPerson;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::{stamp, ContactEligibility};
use crate::AppState;

fn record_of(id: i64) -> String {
    format!("messages:{id}")
}

fn today() -> chrono::NaiveDate {
    kp_domain::time::today_in_sweden(Utc::now())
}

/// Sends `mail` in the background: a notice that fails is logged, never the request's failure.
fn notify(state: &AppState, to: String, (subject, body): (String, String)) {
    let mailer = state.mailer.clone();
    tokio::spawn(async move {
        if let Err(e) = mailer.send_now(&to, &subject, &body).await {
            tracing::warn!(error = %e, "a message notice could not be mailed");
        }
    });
}

/// `GET /api/contact/assignments/{id}/messages`.
pub async fn contact_thread(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Message>>, AppError> {
    own_assignment(&state, &who.person, id).await?;
    let name = who.person.log_name();
    let address = client.to_string();
    let record = record_of(id);
    let thread = state
        .store
        .read_thread(
            id,
            true,
            &who.person.name,
            Utc::now(),
            &who.person.log_entry(&name, "read", &record, &address),
            None,
        )
        .await?;
    Ok(Json(thread))
}

/// `POST /api/contact/assignments/{id}/messages`: a message, or a worry.
pub async fn contact_write(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path(id): Path<i64>,
    Json(message): Json<NewMessage>,
) -> Result<StatusCode, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    validate_message(&message).map_err(AppError::Validation)?;
    let name = who.person.log_name();
    let address = client.to_string();
    let record = record_of(id);
    let action = if message.worry {
        "write:worry"
    } else {
        "write:message"
    };
    state
        .store
        .add_message(
            id,
            true,
            None,
            message.worry,
            message.body.trim(),
            Utc::now(),
            &who.person.log_entry(&name, action, &record, &address),
        )
        .await?;
    let reference = detail.row.reference();
    let origin = state.public_url.as_deref().unwrap_or_default();
    let subject = if message.worry {
        format!("Oro från en kontaktperson ({reference})")
    } else {
        format!("Nytt meddelande från en kontaktperson ({reference})")
    };
    let body = format!(
        "{}\nLäs det i handläggarstödet: {origin}/handlaggare/uppdrag/{id}\n",
        if message.worry {
            "En kontaktperson har skrivit att hen är orolig. Läs det så snart som möjligt."
        } else {
            "En kontaktperson har skickat ett meddelande."
        }
    );
    notify(&state, state.unit_email.to_string(), (subject, body));
    Ok(StatusCode::CREATED)
}

/// `GET /api/assignments/{id}/messages` for the caseworker.
pub async fn thread(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Message>>, AppError> {
    let detail = state
        .store
        .assignment_detail(id, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = Actor::new(&user, client);
    let record = record_of(id);
    let thread = state
        .store
        .read_thread(
            id,
            false,
            &detail.row.contact_person_name,
            Utc::now(),
            &actor.entry("read", &record),
            purpose.0,
        )
        .await?;
    Ok(Json(thread))
}

/// `POST /api/assignments/{id}/messages`: a caseworker writes to the contact person.
pub async fn write(
    State(state): State<AppState>,
    client: ClientAddr,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(message): Json<NewMessage>,
) -> Result<StatusCode, AppError> {
    state
        .store
        .assignment_detail(id, today())
        .await?
        .ok_or(AppError::NotFound)?;
    validate_message(&message).map_err(AppError::Validation)?;
    let actor = Actor::new(&user, client);
    let record = record_of(id);
    state
        .store
        .add_message(
            id,
            false,
            Some(user.id),
            false,
            message.body.trim(),
            Utc::now(),
            &actor.entry("write:message", &record),
        )
        .await?;
    let personnummer = state.store.assignment_personnummer(id).await?;
    let everyone = ContactEligibility {
        without_assignment: true,
    };
    if let Some(person) = match personnummer {
        Some(p) => state.store.contact_person(&p, everyone).await?,
        None => None,
    } {
        let origin = state.public_url.as_deref().unwrap_or_default();
        let link = format!("{origin}{}", area_path(person.locale));
        notify(&state, person.email, new_message_mail(person.locale, &link));
    }
    Ok(StatusCode::CREATED)
}

/// `GET /api/messages/unread`: threads with unread messages from their contact person.
pub async fn unread(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
) -> Result<Json<Vec<UnreadThread>>, AppError> {
    let threads = state
        .store
        .unread_threads()
        .await?
        .into_iter()
        .map(|t| UnreadThread {
            assignment_id: t.assignment_id,
            assignment_reference: t.assignment_reference,
            contact_person_name: t.contact_person_name,
            unread: t.unread,
            worry: t.worry,
            latest_at: stamp(t.latest_at),
        })
        .collect();
    log_read(&state, &user, "list", "messages", client, purpose).await?;
    Ok(Json(threads))
}
