//! "Mina inloggningar" on Mitt konto: one's live sessions (browser, address, when started, when
//! last used), ending one of the others, and "Logga ut överallt", which ends them all, this one
//! too, after a confirmation on the page.

use kp_domain::security::{browser_summary, SessionInfo};
use leptos::prelude::*;

use super::notice::{Notice, NoticeRegion};
use super::signed_out::SignedOutBy;
use super::{forget_drafts, Session, SignedOut};
use crate::api;
use crate::dom::focus_soon;
use kp_domain::time::display_in_sweden_seconds;

/// One session as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// To end it.
    pub id: String,
    /// "Chrome på Linux".
    pub browser: String,
    /// The client address.
    pub address: String,
    /// When it started, local time.
    pub started: String,
    /// When it was last used, local time.
    pub last_seen: String,
    /// Whether it is this browser's.
    pub current: bool,
}

impl SessionRow {
    /// The "Logga ut" button's accessible name: its visible text first (WCAG 2.5.3), then which
    /// session, told apart by when it started (two may share a browser and an address).
    pub fn end_label(&self) -> String {
        format!("Logga ut {}, inloggad {}", self.browser, self.started)
    }
}

/// The sessions as rows: this one first, then the most recently used.
pub fn session_rows(list: &[SessionInfo], local: impl Fn(&str) -> String) -> Vec<SessionRow> {
    let mut sorted: Vec<&SessionInfo> = list.iter().collect();
    sorted.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then_with(|| b.last_seen_at.cmp(&a.last_seen_at))
    });
    sorted
        .into_iter()
        .map(|s| SessionRow {
            id: s.id.clone(),
            browser: browser_summary(&s.user_agent),
            address: s.address.clone(),
            started: local(&s.created_at),
            last_seen: local(&s.last_seen_at),
            current: s.current,
        })
        .collect()
}

/// "2 aktiva inloggningar", "1 aktiv inloggning".
pub fn count_text(n: usize) -> String {
    match n {
        1 => "1 aktiv inloggning.".to_string(),
        n => format!("{n} aktiva inloggningar."),
    }
}

/// Why ending a session failed, in words.
fn end_error(error: &api::ApiError) -> &'static str {
    match error.status {
        404 => "Den inloggningen fanns inte längre. Listan är uppdaterad.",
        0 => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        _ => "Inloggningen kunde inte avslutas. Försök igen om en stund.",
    }
}

/// A message after an action: good news (role="status") or bad (role="alert").
/// The section "Mina inloggningar"; `list` is fetched by the page, which also refreshes it after
/// a password change (that ends the other sessions).
#[component]
pub fn MySessions(list: LocalResource<Result<Vec<SessionInfo>, api::ApiError>>) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let notice = RwSignal::new(None::<Notice>);
    let confirming = RwSignal::new(false);
    let end_one = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { api::end_my_session(&id).await }
    });
    let end_all = Action::new_local(|_: &()| api::end_all_my_sessions());

    Effect::new(move |_| {
        let Some(result) = end_one.value().get() else {
            return;
        };
        notice.set(Some(match &result {
            Ok(()) => Notice::Done("Inloggningen är avslutad.".into()),
            Err(e) => Notice::Failed(end_error(e).into()),
        }));
        list.refetch();
        focus_soon("sessions-notice");
    });
    Effect::new(move |_| match end_all.value().get() {
        None => {}
        Some(Ok(())) => {
            // Every session is gone, this one too: as after "Logga ut", the drafts go with it.
            forget_drafts();
            signed_out.set(Some(SignedOutBy::Everywhere));
            session.set(Some(None));
        }
        Some(Err(e)) => {
            confirming.set(false);
            notice.set(Some(Notice::Failed(
                match e.status {
                    0 => "Ingen kontakt med servern. Du är fortfarande inloggad.",
                    _ => "Det gick inte att logga ut överallt. Försök igen om en stund.",
                }
                .into(),
            )));
            focus_soon("sessions-notice");
        }
    });

    let table = move |rows: Vec<SessionRow>| {
        view! {
            <p class="count">{count_text(rows.len())}</p>
            <div class="table-scroll" role="region" aria-labelledby="sessions-caption" tabindex="0">
                <table class="dense">
                    <caption id="sessions-caption" class="visually-hidden">"Dina aktiva inloggningar"</caption>
                    <thead><tr>
                        <th scope="col">"Webbläsare"</th>
                        <th scope="col">"Adress"</th>
                        <th scope="col">"Inloggad"</th>
                        <th scope="col">"Senast aktiv"</th>
                        <th scope="col">"Åtgärd"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let action = if row.current {
                                view! { <strong>"Den här inloggningen"</strong> }.into_any()
                            } else {
                                let id = row.id.clone();
                                view! {
                                    <button type="button" class="button button-secondary button-small"
                                        aria-label=row.end_label()
                                        aria-disabled=move || end_one.pending().get().then_some("true")
                                        on:click=move |_| {
                                            if !end_one.pending().get_untracked() {
                                                notice.set(None);
                                                end_one.dispatch_local(id.clone());
                                            }
                                        }>
                                        "Logga ut"
                                    </button>
                                }.into_any()
                            };
                            view! {
                                <tr>
                                    <th scope="row">{row.browser}</th>
                                    <td class="nowrap">{row.address}</td>
                                    <td class="nowrap">{row.started}</td>
                                    <td class="nowrap">{row.last_seen}</td>
                                    <td>{action}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };

    let everywhere = move || {
        if confirming.get() {
            view! {
                <div class="confirm-box" id="everywhere-confirm" tabindex="-1" role="group" aria-labelledby="everywhere-heading">
                    <h3 id="everywhere-heading">"Vill du logga ut överallt?"</h3>
                    <p>"Alla dina inloggningar avslutas, också den här. Det du skrivit men inte sparat i den här fliken tas bort. Du behöver logga in igen på varje enhet."</p>
                    <div class="actions">
                        <button type="button" class="button button-warning"
                            aria-disabled=move || end_all.pending().get().then_some("true")
                            on:click=move |_| {
                                if !end_all.pending().get_untracked() {
                                    end_all.dispatch_local(());
                                }
                            }>
                            {move || if end_all.pending().get() { "Loggar ut …" } else { "Ja, logga ut överallt" }}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| {
                            confirming.set(false);
                            focus_soon("everywhere");
                        }>"Avbryt"</button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" id="everywhere" class="button button-secondary" on:click=move |_| {
                    notice.set(None);
                    confirming.set(true);
                    focus_soon("everywhere-confirm");
                }>"Logga ut överallt"</button>
            }
            .into_any()
        }
    };

    view! {
        <section aria-labelledby="sessions-heading" class="admin-section">
            <h2 id="sessions-heading">"Mina inloggningar"</h2>
            <p class="hint">"Här ser du var du är inloggad just nu. Känner du inte igen en inloggning: logga ut den och byt lösenord."</p>
            <NoticeRegion id="sessions-notice" notice=notice/>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar dina inloggningar …"</p> }>
                {move || list.get().map(|answer| match answer {
                    Ok(sessions) => table(session_rows(&sessions, display_in_sweden_seconds)).into_any(),
                    Err(_) => view! {
                        <p class="status" role="alert">"Dina inloggningar kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
                    }.into_any(),
                })}
            </Transition>
            {everywhere}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str, last_seen: &str, current: bool) -> SessionInfo {
        SessionInfo {
            id: id.into(),
            created_at: "2026-12-04T08:00:00Z".into(),
            last_seen_at: last_seen.into(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36".into(),
            address: "192.0.2.7".into(),
            current,
        }
    }

    #[test]
    fn this_session_comes_first_then_the_most_recently_used() {
        let list = [
            session("a", "2026-12-04T09:00:00Z", false),
            session("b", "2026-12-04T10:00:00Z", false),
            session("c", "2026-12-04T08:30:00Z", true),
        ];
        let rows = session_rows(&list, |t| t.to_string());
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
        assert_eq!(rows[0].browser, "Chrome på Linux");
        assert_eq!(rows[0].address, "192.0.2.7");
    }

    #[test]
    fn the_end_button_is_named_by_its_text_then_the_session() {
        let rows = session_rows(&[session("a", "2026-12-04T09:00:00Z", false)], |t| {
            t.replace('T', " ").replace('Z', "")
        });
        assert_eq!(
            rows[0].end_label(),
            "Logga ut Chrome på Linux, inloggad 2026-12-04 08:00:00"
        );
    }

    #[test]
    fn counts_and_failures_are_worded() {
        assert_eq!(count_text(1), "1 aktiv inloggning.");
        assert_eq!(count_text(2), "2 aktiva inloggningar.");
        let gone = api::ApiError {
            status: 404,
            code: "not_found".into(),
            retry_after: None,
            ..Default::default()
        };
        assert!(end_error(&gone).contains("fanns inte längre"));
    }
}
