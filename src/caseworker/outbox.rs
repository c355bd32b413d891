//! The outbox: receipts to applicants and notices to the unit, sent, waiting and failed, with the
//! last error of each. Without a mail server it says so first: then nothing is sent, however long
//! a mail waits, and no retry is coming.

use kp_domain::caseworker::{Outbox, OutboxMail};
use kp_domain::purpose::Purpose;
use leptos::prelude::*;

use super::text::swedish_count;
use super::{text, RequireSignIn};
use crate::api;
use kp_domain::time::display_in_sweden_seconds;

/// A mail's kind as the unit calls it.
fn kind_name(kind: &str) -> &str {
    match kind {
        "receipt" => "Kvitto till sökande",
        "notice" => "Avisering till enheten",
        other => other,
    }
}

/// A mail's state in words (the text carries the meaning, not a colour). A waiting mail only
/// "waits" when a mail server will send it.
fn status_name(status: &str, mail_server: bool) -> &str {
    match status {
        "sent" => "Skickat",
        "outbox" if mail_server => "Väntar",
        "outbox" => "Skickas inte",
        "failed" => "Misslyckades",
        other => other,
    }
}

/// What the page says above the list: how sending works, or, with no mail server, that nothing is
/// sent until one is configured (and what the applicant was told meanwhile).
fn how_sending_works(mail_server: bool) -> &'static str {
    if mail_server {
        "Kvitton till sökande och aviseringar till enheten. Ett utskick som inte gick iväg försöks igen automatiskt, först efter en halv minut och sedan allt glesare; efter tio försök markeras det som misslyckat."
    } else {
        "Ingen e-postserver är inställd, så inga utskick skickas: de ligger kvar här tills SMTP_URL är satt och servern startats om. Sökande får därför inget kvitto med e-post; bekräftelsesidan säger det och visar referensnumret som kvitto."
    }
}

/// A summary line: how many mails, and how many of them need a look.
fn summary(mails: &[OutboxMail]) -> String {
    let count = |status: &str| mails.iter().filter(|m| m.status == status).count();
    let (waiting, failed) = (count("outbox"), count("failed"));
    let total = match mails.len() {
        0 => return "Inga utskick ännu.".into(),
        1 => "1 utskick".to_string(),
        n => format!("{} utskick", swedish_count(n)),
    };
    format!(
        "{total}: {} skickade, {} väntar, {} misslyckade.",
        swedish_count(count("sent")),
        swedish_count(waiting),
        swedish_count(failed)
    )
}

/// The outbox page.
#[component]
pub fn OutboxPage() -> impl IntoView {
    view! { <RequireSignIn><OutboxContent/></RequireSignIn> }
}

#[component]
fn OutboxContent() -> impl IntoView {
    let mails = api::load(|| api::outbox(Purpose::Outbox));
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Utskick – {}", text::PRODUCT),
        "Kvitton och aviseringar: skickade, väntande och misslyckade",
    );
    view! {
        <h1>"Utskick"</h1>
        {move || match mails.get() {
            None => view! { <p class="status" role="status">"Hämtar utskicken …"</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="status" role="alert">"Utskicken kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(Outbox { mail_server, mails: list })) => {
                let line = summary(&list);
                view! {
                    {if mail_server {
                        view! { <p class="hint">{how_sending_works(true)}</p> }.into_any()
                    } else {
                        view! { <p class="warning-text" id="no-mail-server">{how_sending_works(false)}</p> }.into_any()
                    }}
                    <p class="count">{line}</p>
                    {(!list.is_empty()).then(|| view! {
                        <div class="table-scroll" role="region" aria-label="Utskick" tabindex="0">
                            <table class="dense">
                                <thead><tr>
                                    <th scope="col">"Typ"</th>
                                    <th scope="col">"Ärende"</th>
                                    <th scope="col">"Mottagare"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col" class="number">"Försök"</th>
                                    <th scope="col">"Senaste fel"</th>
                                    <th scope="col">"Köat"</th>
                                    <th scope="col">"Skickat"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|m| {
                                        let status_class = format!("mail-status mail-status-{}", m.status);
                                        view! {
                                            <tr>
                                                <td>{kind_name(&m.kind).to_string()}</td>
                                                <td class="nowrap">{m.reference.unwrap_or_else(|| "–".into())}</td>
                                                <td>{m.to_address}</td>
                                                <td><span class=status_class>{status_name(&m.status, mail_server).to_string()}</span></td>
                                                <td class="number">{m.attempts}</td>
                                                <td class="mail-error">{m.last_error.unwrap_or_else(|| "–".into())}</td>
                                                <td class="nowrap"><time datetime=m.created_at.clone()>{display_in_sweden_seconds(&m.created_at)}</time></td>
                                                <td class="nowrap">{match m.sent_at {
                                                    Some(at) => view! { <time datetime=at.clone()>{display_in_sweden_seconds(&at)}</time> }.into_any(),
                                                    None => "–".into_any(),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(kind: &str, status: &str) -> OutboxMail {
        OutboxMail {
            id: 1,
            kind: kind.into(),
            reference: Some("KP-2026-0001".into()),
            to_address: "amina@example.se".into(),
            subject: "Tack".into(),
            status: status.into(),
            attempts: 0,
            last_error: None,
            created_at: "2026-11-22T09:00:00Z".into(),
            sent_at: None,
        }
    }

    #[test]
    fn kinds_and_states_are_shown_in_swedish() {
        assert_eq!(kind_name("receipt"), "Kvitto till sökande");
        assert_eq!(kind_name("notice"), "Avisering till enheten");
        assert_eq!(status_name("sent", true), "Skickat");
        assert_eq!(status_name("outbox", true), "Väntar");
        assert_eq!(status_name("failed", true), "Misslyckades");
        assert_eq!(
            status_name("bounced", true),
            "bounced",
            "an unknown state is shown as it is"
        );
    }

    #[test]
    fn without_a_mail_server_no_mail_is_said_to_wait_for_a_retry() {
        assert_eq!(
            status_name("outbox", false),
            "Skickas inte",
            "nothing will send it"
        );
        let notice = how_sending_works(false);
        assert!(notice.starts_with("Ingen e-postserver är inställd"));
        assert!(notice.contains("SMTP_URL"));
        assert!(!notice.contains("försöks igen"), "no retries are promised");
        assert!(how_sending_works(true).contains("försöks igen"));
    }

    #[test]
    fn the_summary_counts_what_needs_a_look() {
        assert_eq!(summary(&[]), "Inga utskick ännu.");
        let mails = [
            mail("receipt", "sent"),
            mail("notice", "outbox"),
            mail("receipt", "failed"),
        ];
        assert_eq!(
            summary(&mails),
            "3 utskick: 1 skickade, 1 väntar, 1 misslyckade."
        );
    }
}
