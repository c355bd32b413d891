//! The caseworker area (`/handlaggare/…`): its own wasm bundle (see `src/bin/handlaggare.rs`).
//! Swedish, dense, keyboard-friendly. One file per screen; the route list is in [`App`].

mod access_log;
mod account;
mod accounts;
mod applicant;
mod applicants;
mod assignment;
mod assignments;
mod compensation;
mod need;
mod needs;
mod outbox;
mod overview;
mod payment_basis;
pub mod placement_form;
pub mod placement_text;
mod sign_in;
pub mod step_form;
pub mod text;

use kp_domain::caseworker::SignedIn;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::api;
use crate::dom;

/// Who is signed in: `None` while asking, `Some(None)` when nobody.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<SignedIn>>>);

/// The caseworker application.
#[component]
pub fn App() -> impl IntoView {
    let session = Session(RwSignal::new(None));
    provide_context(session);
    spawn_local(async move {
        session.0.set(Some(api::who_am_i().await.ok().flatten()));
    });
    view! {
        <Router base="/handlaggare">
            <Frame>
                <Routes fallback=|| view! { <h1>"Sidan finns inte"</h1> }>
                    <Route path=path!("/") view=overview::OverviewPage/>
                    <Route path=path!("/logga-in") view=sign_in::SignInPage/>
                    <Route path=path!("/sokande") view=applicants::ApplicantsPage/>
                    <Route path=path!("/sokande/:reference") view=applicant::ApplicantPage/>
                    <Route path=path!("/behov") view=needs::NeedsPage/>
                    <Route path=path!("/behov/ny") view=needs::NewNeedPage/>
                    <Route path=path!("/behov/:reference") view=need::NeedPage/>
                    <Route path=path!("/uppdrag") view=assignments::AssignmentsPage/>
                    <Route path=path!("/uppdrag/:id") view=assignment::AssignmentPage/>
                    <Route path=path!("/utbetalning") view=payment_basis::PaymentBasisPage/>
                    <Route path=path!("/utskick") view=outbox::OutboxPage/>
                    <Route path=path!("/ersattning") view=compensation::CompensationPage/>
                    <Route path=path!("/mitt-konto") view=account::AccountPage/>
                    <Route path=path!("/konton") view=accounts::AccountsPage/>
                    <Route path=path!("/atkomstlogg") view=access_log::AccessLogPage/>
                </Routes>
            </Frame>
        </Router>
    }
}

/// Header with the signed-in caseworker and sign-out, and the main region.
#[component]
fn Frame(children: Children) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            api::sign_out().await.ok();
            // Unsaved step drafts hold personal data: they do not outlive the session.
            if let Some(storage) =
                web_sys::window().and_then(|w| w.session_storage().ok().flatten())
            {
                storage.clear().ok();
            }
            session.set(Some(None));
            navigate("/logga-in", Default::default());
        });
    };
    view! {
        <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); dom::focus_main(); }>
            "Till huvudinnehållet"
        </a>
        <header class="site-header">
            <div class="wrap wide header-inner">
                <a class="brand" href="/handlaggare/">
                    <span class="brand-name">{text::PRODUCT}</span>
                    <span class="brand-owner">"Socialtjänsten"</span>
                </a>
                {move || session.get().flatten().map(|user| (user, sign_out.clone())).map(|(user, sign_out)| view! {
                    <div class="user-box">
                        <span>{user.display_name}</span>
                        <button type="button" class="button button-secondary button-small" on:click=sign_out>"Logga ut"</button>
                    </div>
                })}
            </div>
        </header>
        {move || session.get().flatten().map(|user| view! { <Nav admin=user.role == "admin"/> })}
        <main id="main" tabindex="-1" class="wrap wide">{children()}</main>
    }
}

/// Sends anyone not signed in to the sign-in page; renders `children` otherwise.
#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.get() == Some(None) {
            navigate("/logga-in", Default::default());
        }
    });
    move || match session.get() {
        Some(Some(_)) => children().into_any(),
        _ => view! { <p class="status" role="status">"Kontrollerar inloggningen …"</p> }.into_any(),
    }
}

/// The caseworker area's main navigation; the current screen is marked with `aria-current`.
#[component]
fn Nav(admin: bool) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let mut links = vec![
        ("/handlaggare/", "Översikt"),
        ("/handlaggare/sokande", "Sökande"),
        ("/handlaggare/behov", "Behov"),
        ("/handlaggare/uppdrag", "Uppdrag"),
        ("/handlaggare/utbetalning", "Utbetalning"),
        ("/handlaggare/utskick", "Utskick"),
        ("/handlaggare/ersattning", "Ersättning"),
        ("/handlaggare/mitt-konto", "Mitt konto"),
    ];
    if admin {
        links.push(("/handlaggare/konton", "Konton"));
        links.push(("/handlaggare/atkomstlogg", "Åtkomstlogg"));
    }
    view! {
        <nav class="area-nav" aria-label="Handläggarstöd">
            <ul class="wrap wide">
                {links.into_iter().map(|(href, label)| {
                    let current = move || {
                        let path = location.pathname.get();
                        let here = if href == "/handlaggare/" {
                            path == "/handlaggare/" || path == "/handlaggare"
                        } else {
                            path == href || path.starts_with(&format!("{href}/"))
                        };
                        here.then_some("page")
                    };
                    view! { <li><a href=href aria-current=current>{label}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}
