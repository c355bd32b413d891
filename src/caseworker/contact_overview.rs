//! The overview's part about the contact persons' own area: worries first and prominently, then
//! how many reports wait for review, how many are overdue and how many messages are unread, each
//! leading to where it is dealt with.

use kp_domain::messages::UnreadThread;
use kp_domain::purpose::Purpose;
use leptos::prelude::*;

use super::routes::CaseworkerRoute;
use crate::api;

/// Where a thread is read: its assignment's messages.
fn thread_href(thread: &UnreadThread) -> String {
    CaseworkerRoute::assignment(thread.assignment_id)
        .fragment("meddelanden")
        .href()
}

/// "2 olästa" / "1 oläst".
pub fn unread_text(unread: u32) -> String {
    if unread == 1 {
        "1 oläst".into()
    } else {
        format!("{unread} olästa")
    }
}

/// Worries, waiting and overdue reports, unread messages.
#[component]
pub fn ContactPersonsOverview() -> impl IntoView {
    let waiting = api::load(|| api::reports_waiting(Purpose::Overview));
    let overdue = api::load(|| api::reports_overdue(Purpose::Overview));
    let unread = api::load(|| api::unread_messages(Purpose::Overview));
    let count = |n: Option<Result<usize, api::ApiError>>| match n {
        None => "…".to_string(),
        Some(Ok(n)) => n.to_string(),
        Some(Err(_)) => "kunde inte hämtas".to_string(),
    };
    let threads = move || unread.get().and_then(Result::ok).unwrap_or_default();
    view! {
        {move || {
            let worried: Vec<UnreadThread> = threads().into_iter().filter(|t| t.worry).collect();
            (!worried.is_empty()).then(|| view! {
                <section class="warning-text worries" aria-labelledby="worries-overview-heading">
                    <h2 id="worries-overview-heading">{format!("Oro från kontaktpersoner: {}", worried.len())}</h2>
                    <p>"En kontaktperson har skrivit att hen är orolig. Läs det så snart som möjligt."</p>
                    <ul class="plain-list">
                        {worried.into_iter().map(|t| view! {
                            <li>
                                <strong class="worry-tag">"Orolig"</strong>" "
                                <a href=thread_href(&t)>{format!("{} – {}", t.assignment_reference, t.contact_person_name)}</a>
                                {format!(", {}, senast {}", unread_text(t.unread), kp_domain::time::display_in_sweden(&t.latest_at))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
        <section aria-labelledby="contact-persons-heading" class="contact-overview">
            <h2 id="contact-persons-heading">"Från kontaktpersonerna"</h2>
            <table class="dense">
                <caption class="visually-hidden">"Rapporter och meddelanden från kontaktpersonerna"</caption>
                <thead><tr><th scope="col">"Vad"</th><th scope="col" class="number">"Antal"</th></tr></thead>
                <tbody>
                    <tr>
                        <th scope="row"><a href=CaseworkerRoute::Reports.href()>"Rapporter att granska"</a></th>
                        <td class="number">{move || count(waiting.get().map(|r| r.map(|rows| rows.len())))}</td>
                    </tr>
                    <tr>
                        <th scope="row"><a href=CaseworkerRoute::Reports.fragment("forsenade").href()>"Försenade rapporter"</a></th>
                        <td class="number">{move || count(overdue.get().map(|r| r.map(|rows| rows.len())))}</td>
                    </tr>
                    <tr>
                        <th scope="row"><a href="#unread-heading">"Olästa meddelanden"</a></th>
                        <td class="number">{move || count(unread.get().map(|r| r.map(|t| t.iter().map(|t| t.unread as usize).sum())))}</td>
                    </tr>
                </tbody>
            </table>
            <h3 id="unread-heading">"Olästa meddelanden"</h3>
            {move || match unread.get() {
                None => view! { <p class="status" role="status">"Hämtar meddelandena …"</p> }.into_any(),
                Some(Err(_)) => view! { <p class="status" role="alert">"Meddelandena kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="hint">"Inga olästa meddelanden."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|t| view! {
                            <li>
                                {t.worry.then(|| view! { <strong class="worry-tag">"Orolig"</strong>" " })}
                                <a href=thread_href(&t)>{format!("{} – {}", t.assignment_reference, t.contact_person_name)}</a>
                                {format!(", {}", unread_text(t.unread))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_messages_are_counted_in_the_singular_and_the_plural() {
        assert_eq!(unread_text(1), "1 oläst");
        assert_eq!(unread_text(3), "3 olästa");
    }
}
