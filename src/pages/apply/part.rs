//! The form's part: steps 2–4's questions, the check page with the sending, and the
//! confirmation, in a wasm module of their own (a `wasm_split` split point;
//! `scripts/build-split.mjs intresseanmalan` cuts it). The form's first wasm holds the page, step 1
//! and the rules, so an applicant starts typing sooner; the part is fetched in the background as
//! soon as step 1 is drawn, and is there long before "Fortsätt".
//!
//! A place whose part is not there yet shows its heading alone until it comes. A part that cannot
//! be fetched says why: with no connection, "Försök igen"; when the server answers (a new build
//! replaced the part while the applicant typed), "Ladda om sidan". The answers stay in the
//! browser either way, and the failure is not remembered, so trying again fetches anew.
//!
//! The split point exists only with the `form-parts` feature (the form's bin as the build script
//! builds it): it is an exported `#[no_mangle]` function, which would put these places into every
//! other bundle. Without it the places are drawn directly, from the one wasm.

use kp_domain::form_steps::FormPlace;
use kp_domain::form_text::FormText;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::{check, done, focus, questions, FormState};

/// The part's view of `place`.
#[cfg_attr(
    feature = "form-parts",
    leptos::wasm_split::wasm_split(
        form_rest,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(fetch_part)
    )
)]
fn place_view(s: FormState, place: FormPlace) -> Result<AnyView, SplitLoaderError> {
    Ok(match place {
        FormPlace::Step(step) => questions::later_step(step, s),
        FormPlace::Check => check::check_page(s).into_any(),
        FormPlace::Done => done::confirmation(s).into_any(),
    })
}

/// The part's view of `place`, fetching the part first if it is not there yet.
async fn load(s: FormState, place: FormPlace) -> Result<AnyView, SplitLoaderError> {
    #[cfg(feature = "form-parts")]
    return place_view(s, place).await;
    #[cfg(not(feature = "form-parts"))]
    return place_view(s, place);
}

/// Starts fetching the part, if the form is built in parts, without waiting for it (a failure
/// here is tried again when a place needs the part).
pub(super) fn fetch_in_background() {
    #[cfg(feature = "form-parts")]
    leptos::task::spawn_local(async {
        let _ = fetch_part().await;
    });
}

/// Why a place's part is not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// Neither the part nor the page could be fetched: no connection.
    Offline,
    /// The server answers, but not with the part: it most likely went with a new version of the
    /// site (its folder is named after its contents), or it was a passing refusal. A reload mends
    /// either.
    ReloadNeeded,
}

/// `place` from the part, inside `around` (step 2–4's questions inside their `<form>`); nothing
/// until the part is there (it is drawn at once when it is), or what to do if it cannot be
/// fetched.
pub(super) fn place_in_part<V>(
    s: FormState,
    place: FormPlace,
    around: impl Fn(AnyView) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let missing = RwSignal::new(None::<Missing>);
    move || {
        if let Some(why) = missing.get() {
            return not_fetched(s.t, why, missing).into_any();
        }
        let around = around.clone();
        Suspend::new(async move {
            match load(s, place).await {
                Ok(view) => around(view).into_any(),
                Err(_) => {
                    // Whether the server answers tells which (a browser request is not `Send`,
                    // so it is asked from a task of its own).
                    leptos::task::spawn_local(async move {
                        let why = if crate::api::page_answers().await {
                            Missing::ReloadNeeded
                        } else {
                            Missing::Offline
                        };
                        // The place may have been left meanwhile.
                        let _ = missing.try_set(Some(why));
                    });
                    ().into_any()
                }
            }
        })
        .into_any()
    }
}

/// The part could not be fetched: the answers are still here, and the page says why, in words
/// that fit.
/// - The server answers: "Ladda om sidan" loads the page again, and the draft brings back the
///   answers and the step.
/// - No connection: "Försök igen" asks the server again; when it answers, the page is loaded
///   again, as above; when it does not, the part is asked for again here (focus on the heading
///   meanwhile, as on arriving at a place).
fn not_fetched(t: &'static FormText, why: Missing, missing: RwSignal<Option<Missing>>) -> AnyView {
    if why == Missing::ReloadNeeded {
        return view! {
            <div class="status" role="alert">
                <p>{t.reload_needed}</p>
                <button type="button" class="button" on:click=move |_| reload()>
                    {t.reload}
                </button>
            </div>
        }
        .into_any();
    }
    let try_again = move |_| {
        leptos::task::spawn_local(async move {
            if crate::api::page_answers().await {
                reload();
            } else {
                missing.set(None);
                focus("page-heading");
            }
        })
    };
    view! {
        <div class="status" role="alert">
            <p>{t.offline}</p>
            <button type="button" class="button" on:click=try_again>
                {t.try_again}
            </button>
        </div>
    }
    .into_any()
}

/// Loads the page again, at the same address.
fn reload() {
    if let Some(window) = web_sys::window() {
        window.location().reload().ok();
    }
}
