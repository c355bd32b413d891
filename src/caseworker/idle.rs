//! The idle-timeout warning (WCAG 2.2.1, timing adjustable). The server ends a session
//! `idle_seconds` after its last request; `kp_domain::security::idle_warning_seconds` before that,
//! a modal dialog says so and offers to stay signed in. If time runs out, the area signs out and
//! the sign-in page says why; unsaved typing stays in this tab's drafts.
//!
//! The clock starts at the last request the server answered (`api::last_request_ms`), shared with
//! the area's other tabs through `localStorage`, so working in one tab keeps the others open.

use kp_domain::security::idle_warning_seconds;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::signed_out::SignedOutBy;
use super::{Session, SignedOut};
use crate::api;

/// Where the area's tabs share the time of their last request (milliseconds, as text).
const SHARED_KEY: &str = "kp-handlaggare-senaste-anrop";

/// Where the idle timeout stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// More than the warning time is left.
    Active,
    /// This many whole seconds are left (rounded up): warn.
    Warning(i64),
    /// The time is up.
    Over,
}

/// Where the idle timeout stands at `now_ms`, for a session last used at `last_ms` that lasts
/// `idle_seconds` after each use.
pub fn idle_state(now_ms: i64, last_ms: i64, idle_seconds: i64) -> Idle {
    let left_ms = last_ms + idle_seconds * 1000 - now_ms;
    if left_ms <= 0 {
        Idle::Over
    } else if left_ms <= idle_warning_seconds(idle_seconds) * 1000 {
        Idle::Warning((left_ms + 999) / 1000)
    } else {
        Idle::Active
    }
}

/// The time left, as the dialog says it: "1 minut och 5 sekunder", "45 sekunder", "2 minuter".
pub fn time_left_text(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let unit = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (minutes, rest) = (seconds / 60, seconds % 60);
    match (minutes, rest) {
        (0, s) => unit(s, "sekund", "sekunder"),
        (m, 0) => unit(m, "minut", "minuter"),
        (m, s) => format!(
            "{} och {}",
            unit(m, "minut", "minuter"),
            unit(s, "sekund", "sekunder")
        ),
    }
}

fn shared_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The last request of this tab or any other tab of the area; this tab's is shared.
fn last_request_anywhere() -> i64 {
    let mine = api::last_request_ms();
    let Some(storage) = shared_storage() else {
        return mine;
    };
    let shared = storage
        .get_item(SHARED_KEY)
        .ok()
        .flatten()
        .and_then(|t| t.parse::<i64>().ok())
        .unwrap_or(0);
    if mine > shared {
        storage.set_item(SHARED_KEY, &mine.to_string()).ok();
    }
    mine.max(shared)
}

fn active_element() -> Option<web_sys::HtmlElement> {
    document().active_element()?.dyn_into().ok()
}

/// Watches the idle timeout while someone is signed in: the warning dialog, and the sign-out
/// when time runs out.
#[component]
pub fn IdleWatch() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    // Seconds left while the warning is shown.
    let left = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<&'static str>);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Where focus was when the dialog opened, to put it back.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);

    let open = move |seconds: i64| {
        left.set(Some(seconds));
        problem.set(None);
        before.set_value(active_element());
        if let Some(dialog) = dialog.get_untracked() {
            if !dialog.open() {
                dialog.show_modal().ok();
            }
        }
        crate::dom::focus_soon("idle-stay");
    };
    // Also called when an answer arrives, by which time this watch may be gone (signed out).
    let close = move || {
        if left.try_get_untracked().flatten().is_none() {
            return;
        }
        left.set(None);
        if let Some(dialog) = dialog.try_get_untracked().flatten() {
            if dialog.open() {
                dialog.close();
            }
        }
        if let Some(element) = before.try_get_value().flatten() {
            if element.is_connected() {
                element.focus().ok();
            }
        }
    };
    // Ending the session, by the clock or by the button: once.
    let ending = api::Sender::new();
    let time_out = move || {
        close();
        signed_out.set(Some(SignedOutBy::Idle));
        session.set(Some(None));
        // The server would end the session itself a little later; end it now, so that what the
        // sign-in page says is true at once. The tab's drafts stay.
        ending.send(async move {
            api::end_idle_session().await.ok();
        });
    };
    let tick = move || {
        let Some(Some(user)) = session.get_untracked() else {
            return;
        };
        if user.idle_seconds <= 0 {
            return;
        }
        match idle_state(api::now_ms(), last_request_anywhere(), user.idle_seconds) {
            Idle::Active => close(),
            Idle::Warning(seconds) if left.get_untracked().is_none() => open(seconds),
            Idle::Warning(seconds) => left.set(Some(seconds)),
            Idle::Over => time_out(),
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    // "Stay signed in" asks the server, which counts it as activity: sent as a write is, so a
    // second press while it is under way sends nothing more.
    let staying = api::Sender::new();
    let stay = move || {
        problem.set(None);
        staying.send(async move {
            match api::who_am_i().await {
                Ok(Some(user)) => {
                    if session.get_untracked().flatten().as_ref() != Some(&user) {
                        session.set(Some(Some(user)));
                    }
                    close();
                }
                Ok(None) => {
                    close();
                    signed_out.set(Some(SignedOutBy::Server));
                    session.set(Some(None));
                }
                Err(_) => problem.set(Some(
                    "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
                )),
            }
        });
    };
    let sign_out = move |_| {
        close();
        ending.send(super::sign_out_here(session, signed_out));
    };

    view! {
        <dialog node_ref=dialog class="idle-dialog" role="alertdialog" aria-modal="true"
            aria-labelledby="idle-heading" aria-describedby="idle-text"
            on:keydown=move |ev| {
                // Escape means "stay": it must not just close the dialog and leave the timer.
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    stay();
                }
            }
            on:close=move |_| {
                // Closed by the browser (not by us): treat it as staying.
                if left.get_untracked().is_some() {
                    stay();
                }
            }>
            <h2 id="idle-heading">"Du loggas snart ut"</h2>
            // Read once when the dialog opens; the seconds then tick by silently (no live region).
            <p id="idle-text">
                "Du har inte varit aktiv på en stund. Om "
                <strong>{move || left.get().map(time_left_text).unwrap_or_default()}</strong>
                " loggas du ut av säkerhetsskäl. Det du skrivit men inte sparat finns kvar."
            </p>
            <p class="field-error" role="alert">{move || problem.get()}</p>
            <div class="actions">
                <button type="button" id="idle-stay" class="button" on:click=move |_| stay()>
                    "Fortsätt vara inloggad"
                </button>
                <button type="button" class="button button-secondary" on:click=sign_out>"Logga ut"</button>
            </div>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_comes_the_domains_warning_time_before_the_timeout() {
        let last = 1_000_000;
        let at = |seconds: i64| last + seconds * 1000;
        // 30 minutes: two minutes' warning.
        assert_eq!(idle_state(at(0), last, 1800), Idle::Active);
        assert_eq!(idle_state(at(1679), last, 1800), Idle::Active);
        assert_eq!(idle_state(at(1680), last, 1800), Idle::Warning(120));
        assert_eq!(idle_state(at(1799), last, 1800), Idle::Warning(1));
        assert_eq!(idle_state(at(1800), last, 1800), Idle::Over);
        // 30 seconds: a third of it.
        assert_eq!(idle_state(at(19), last, 30), Idle::Active);
        assert_eq!(idle_state(at(20), last, 30), Idle::Warning(10));
        assert_eq!(idle_state(at(31), last, 30), Idle::Over);
    }

    #[test]
    fn a_part_second_left_counts_as_a_whole_one() {
        assert_eq!(idle_state(1_500, 0, 30), Idle::Active);
        assert_eq!(idle_state(29_001, 0, 30), Idle::Warning(1));
        assert_eq!(idle_state(20_500, 0, 30), Idle::Warning(10));
    }

    #[test]
    fn the_time_left_is_said_in_minutes_and_seconds() {
        let cases = [
            (120, "2 minuter"),
            (65, "1 minut och 5 sekunder"),
            (61, "1 minut och 1 sekund"),
            (60, "1 minut"),
            (45, "45 sekunder"),
            (1, "1 sekund"),
            (-3, "0 sekunder"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(time_left_text(seconds), expected, "{seconds}");
        }
    }
}
