//! The caseworker area (`/handlaggare/…`): its own wasm bundle (see `src/bin/handlaggare.rs`).
//! Swedish, dense, keyboard-friendly. One file per screen; every page's address is a
//! [`routes::CaseworkerRoute`], and the router in [`App`] has one path for each.

mod access_log;
mod account;
mod accounts;
mod applicant;
mod applicants;
mod assignment;
mod assignment_messages;
mod assignment_reports;
mod assignments;
mod code_step;
mod compensation;
mod contact_overview;
mod correction;
pub mod correction_text;
mod districts;
pub mod districts_text;
mod erasure;
pub mod erasure_text;
mod extract;
mod fitting_needs;
mod form_parts;
pub mod form_save;
mod idle;
mod lazy_pages;
mod need;
mod needs;
mod notice;
mod outbox;
mod overview;
mod payment_basis;
pub mod placement_form;
pub mod placement_text;
mod report_review;
pub mod report_text;
mod reports;
mod retention;
mod retention_forms;
mod retention_text;
pub mod review_text;
pub mod routes;
mod second_factor;
mod sessions;
mod sign_in;
pub mod signed_out;
pub mod step_form;
mod temporary_password;
pub mod text;

use kp_domain::caseworker::SignedIn;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, Lazy};

use crate::api;
use crate::dom;
use routes::{CaseworkerRoute, AREA};
use signed_out::{sign_in_route, SignedOutBy};

/// Who is signed in: `None` while asking, `Some(None)` when nobody.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<SignedIn>>>);

/// How the last session ended, while nobody is signed in (the sign-in page says it); `None`
/// when nobody was signed in to begin with.
#[derive(Clone, Copy)]
pub struct SignedOut(pub RwSignal<Option<SignedOutBy>>);

/// Goes to a page of the area (a router path such as `/`). For code that runs after an await,
/// when the page that started it may be gone: the frame, which holds this, outlives every page.
#[derive(Clone, Copy)]
pub struct GoTo(StoredValue<Navigator, LocalStorage>);

/// Navigates to a router path.
type Navigator = Box<dyn Fn(&str)>;

impl GoTo {
    /// Navigates to `path`.
    pub fn go(self, path: &str) {
        self.0.with_value(|go| go(path));
    }
}

/// What a page of the area may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Still asking the server who is signed in.
    Asking,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in with a temporary password: only choosing a new one.
    NewPasswordFirst,
    /// Signed in, but the account must set up a second factor first.
    SecondFactorFirst,
    /// Signed in.
    Open,
}

fn gate(session: &Option<Option<SignedIn>>) -> Gate {
    match session {
        None => Gate::Asking,
        Some(None) => Gate::SignedOut,
        Some(Some(user)) if user.must_change_password => Gate::NewPasswordFirst,
        Some(Some(user)) if user.must_enrol_second_factor => Gate::SecondFactorFirst,
        Some(Some(_)) => Gate::Open,
    }
}

/// Who is signed in as the server put it in the shell on this full page load (what
/// `GET /api/session` answered then), or `None` when it did not say and the area must ask. The
/// shell's request touched the session like any other, so the idle clock starts from when the
/// page began loading (no later than the server received it).
fn embedded_session() -> Option<Option<SignedIn>> {
    let text = dom::take_embedded_json("kp-session")?;
    let session: Option<SignedIn> = serde_json::from_str(&text).ok()?;
    if session.is_some() {
        api::heard_at(dom::page_load_started_ms());
    }
    Some(session)
}

/// The caseworker application.
#[component]
pub fn App() -> impl IntoView {
    let session = Session(RwSignal::new(embedded_session()));
    provide_context(session);
    // Whether the router is on its way to another page (its part of the wasm being fetched).
    let (routing, set_routing) = signal(false);
    provide_context(SignedOut(RwSignal::new(None)));
    if session.0.get_untracked().is_none() {
        // The shell did not say (a link from another site): ask.
        let asked = api::load(api::who_am_i);
        Effect::new(move |_| {
            if let Some(answer) = asked.get() {
                session.0.set(Some(answer.ok().flatten()));
            }
        });
    }
    view! {
        <Router base=routes::AREA set_is_routing=set_routing>
            <Frame routing=routing>
                <Routes fallback=|| view! { <h1>"Sidan finns inte"</h1> }>
                    <Route path=path!("/") view=overview::OverviewPage/>
                    <Route path=path!("/logga-in") view=sign_in::SignInPage/>
                    <Route path=path!("/sokande") view={Lazy::<lazy_pages::Applicants>::new()}/>
                    <Route path=path!("/sokande/:reference") view={Lazy::<lazy_pages::Applicant>::new()}/>
                    <Route path=path!("/behov") view={Lazy::<lazy_pages::Needs>::new()}/>
                    <Route path=path!("/behov/ny") view={Lazy::<lazy_pages::NewNeed>::new()}/>
                    <Route path=path!("/behov/:reference") view={Lazy::<lazy_pages::Need>::new()}/>
                    <Route path=path!("/uppdrag") view={Lazy::<lazy_pages::Assignments>::new()}/>
                    <Route path=path!("/uppdrag/:id") view={Lazy::<lazy_pages::Assignment>::new()}/>
                    <Route path=path!("/rapporter") view={Lazy::<lazy_pages::Reports>::new()}/>
                    <Route path=path!("/rapporter/:id/:month") view={Lazy::<lazy_pages::Report>::new()}/>
                    <Route path=path!("/utbetalning") view={Lazy::<lazy_pages::PaymentBasis>::new()}/>
                    <Route path=path!("/utskick") view={Lazy::<lazy_pages::Outbox>::new()}/>
                    <Route path=path!("/ersattning") view={Lazy::<lazy_pages::Compensation>::new()}/>
                    <Route path=path!("/gallring") view={Lazy::<lazy_pages::Retention>::new()}/>
                    <Route path=path!("/omraden") view={Lazy::<lazy_pages::Districts>::new()}/>
                    <Route path=path!("/mitt-konto") view={Lazy::<lazy_pages::Account>::new()}/>
                    <Route path=path!("/konton") view={Lazy::<lazy_pages::Accounts>::new()}/>
                    <Route path=path!("/atkomstlogg") view={Lazy::<lazy_pages::AccessLog>::new()}/>
                    <Route path=path!("/registerutdrag") view={Lazy::<lazy_pages::Extract>::new()}/>
                </Routes>
            </Frame>
        </Router>
    }
}

/// Forgets this tab's unsaved drafts: they hold personal data and do not outlive a session the
/// person chose to end. (An idle timeout or a session ended elsewhere keeps them.)
pub(crate) fn forget_drafts() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        storage.clear().ok();
    }
}

/// Signs out because the person asked to ("Logga ut"): the session ends on the server, the drafts
/// are forgotten, and the frame goes to the sign-in page.
pub(crate) async fn sign_out_here(
    session: RwSignal<Option<Option<SignedIn>>>,
    signed_out: RwSignal<Option<SignedOutBy>>,
) {
    let provider = api::sign_out().await.ok().flatten();
    forget_drafts();
    if let Some(url) = provider {
        // Signed in through the identity provider: end its session too; it sends the browser
        // back to the sign-in page.
        if let Some(window) = web_sys::window() {
            if window.location().assign(&url).is_ok() {
                return;
            }
        }
    }
    signed_out.set(Some(SignedOutBy::Themselves));
    session.set(Some(None));
}

/// After a page that stood in for the whole area (a new password, a second factor) is done:
/// asks the server who is signed in now, goes to the overview first (so the page it stood in
/// for is never drawn only to be left), then opens the area. If the server cannot be asked,
/// `done` marks the step as done locally; if the session is gone, the sign-in page.
pub(crate) async fn reopen_area(
    session: RwSignal<Option<Option<SignedIn>>>,
    signed_out: RwSignal<Option<SignedOutBy>>,
    go_to: GoTo,
    done: impl FnOnce(&mut SignedIn),
) {
    match api::who_am_i().await {
        Ok(Some(user)) => {
            go_to.go(&CaseworkerRoute::Overview.path());
            leptos::task::tick().await;
            session.set(Some(Some(user)));
        }
        Ok(None) => {
            signed_out.set(Some(SignedOutBy::Server));
            session.set(Some(None));
        }
        Err(_) => {
            go_to.go(&CaseworkerRoute::Overview.path());
            leptos::task::tick().await;
            session.update(|s| {
                if let Some(Some(user)) = s {
                    done(user);
                }
            });
        }
    }
}

/// The address path of the page shown, with its query (`/handlaggare/sokande?stage=new`).
fn here(location: &leptos_router::location::Location) -> String {
    let path = location.pathname.get_untracked();
    match location.search.get_untracked() {
        search if search.is_empty() => path,
        search => format!("{path}?{search}"),
    }
}

/// Header with the signed-in caseworker and sign-out, a demo account's notice, and the main
/// region; while someone is signed in, the idle-timeout watch.
#[component]
fn Frame(routing: ReadSignal<bool>, children: Children) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let navigate = use_navigate();
    let location = use_location();
    let gate = Memo::new(move |_| session.with(gate));
    // One watch for the whole session, also while a temporary password is being replaced.
    let signed_in = Memo::new(move |_| matches!(gate.get(), Gate::Open | Gate::NewPasswordFirst));
    let go: Navigator = {
        let navigate = navigate.clone();
        Box::new(move |path: &str| navigate(path, Default::default()))
    };
    provide_context(GoTo(StoredValue::new_local(go)));

    // A request refused because the session is gone, or because the password must be changed
    // first: every screen learns it here, whichever screen sent it.
    api::watch_refusals(move |status, code| {
        let signed_in = session.with_untracked(|s| matches!(s, Some(Some(_))));
        if status == 401 && signed_in {
            signed_out.set(Some(SignedOutBy::Server));
            session.set(Some(None));
        } else if status == 403 && code == "password_change_required" && signed_in {
            session.update(|s| {
                if let Some(Some(user)) = s {
                    user.must_change_password = true;
                }
            });
        } else if status == 403 && code == "second_factor_required" && signed_in {
            session.update(|s| {
                if let Some(Some(user)) = s {
                    user.must_enrol_second_factor = true;
                }
            });
        }
    });
    // When a session ends, go to the sign-in page; after an idle timeout or an ended session,
    // it names the page to come back to.
    Effect::new(move |_| {
        if session.get() == Some(None) {
            if let Some(by) = signed_out.get_untracked() {
                let target = if by.comes_back() {
                    sign_in_route(&here(&location))
                } else {
                    CaseworkerRoute::SignIn.path()
                };
                navigate(&target, Default::default());
            }
        }
    });

    let signing_out = api::Sender::new();
    let sign_out = move |_| {
        signing_out.send(sign_out_here(session, signed_out));
    };
    view! {
        <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); dom::focus_main(); }>
            "Till huvudinnehållet"
        </a>
        <header class="site-header">
            <div class="wrap wide header-inner">
                <a class="brand" href=CaseworkerRoute::Overview.href()>
                    <crate::components::municipality::Municipality/>
                    <span class="brand-name">{text::PRODUCT}</span>
                    <span class="brand-owner">"Socialtjänsten"</span>
                </a>
                {move || session.get().flatten().map(|user| view! {
                    <div class="user-box">
                        <span>{user.display_name}</span>
                        <button type="button" class="button button-secondary button-small" on:click=sign_out>"Logga ut"</button>
                    </div>
                })}
            </div>
            {move || session.get().flatten().is_some_and(|user| user.demo).then(|| view! {
                <div class="demo-banner">
                    <p class="wrap wide"><strong>"Demoläge"</strong>" – demokontot loggar in utan tvåstegsverifiering. Lägg inte in riktiga personuppgifter."</p>
                </div>
            })}
        </header>
        {move || (gate.get() == Gate::Open).then(|| {
            let admin = session.get_untracked().flatten().is_some_and(|user| user.is_admin());
            view! { <Nav admin=admin/> }
        })}
        <main id="main" tabindex="-1" class="wrap wide"><RoutingStatus routing=routing/>{children()}</main>
        {move || signed_in.get().then(|| view! { <idle::IdleWatch/> })}
    }
}

/// "Hämtar sidan …" while the router has been on its way to another page for a moment (the
/// page's part of the wasm is on a slow line); the page left stays until the new one is there.
/// Nothing for a navigation that is done at once, so a screen reader hears nothing then.
#[component]
fn RoutingStatus(routing: ReadSignal<bool>) -> impl IntoView {
    let slow = RwSignal::new(false);
    Effect::new(move |_| {
        if routing.get() {
            set_timeout(
                move || slow.set(routing.get_untracked()),
                std::time::Duration::from_millis(300),
            );
        } else {
            slow.set(false);
        }
    });
    view! {
        <p class="routing-status" role="status">{move || slow.get().then_some("Hämtar sidan …")}</p>
    }
}

/// Sends anyone not signed in to the sign-in page (which leads back here afterwards); shows
/// someone with a temporary password only the page to choose a new one; renders `children`
/// otherwise.
#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let navigate = use_navigate();
    let location = use_location();
    let gate = Memo::new(move |_| session.with(gate));
    Effect::new(move |_| {
        // A session that ended is the frame's to handle; this is someone who was not signed in.
        if gate.get() == Gate::SignedOut && signed_out.get_untracked().is_none() {
            navigate(&sign_in_route(&here(&location)), Default::default());
        }
    });
    move || match gate.get() {
        Gate::Open => children().into_any(),
        Gate::NewPasswordFirst => view! { <temporary_password::TemporaryPasswordPage/> }.into_any(),
        Gate::SecondFactorFirst => view! { <second_factor::SecondFactorFirstPage/> }.into_any(),
        Gate::Asking | Gate::SignedOut => {
            view! { <p class="status" role="status">"Kontrollerar inloggningen …"</p> }.into_any()
        }
    }
}

/// The caseworker area's main navigation; the current screen is marked with `aria-current`.
#[component]
fn Nav(admin: bool) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let mut links = vec![
        (CaseworkerRoute::Overview, "Översikt"),
        (CaseworkerRoute::Applicants, "Sökande"),
        (CaseworkerRoute::Needs, "Behov"),
        (CaseworkerRoute::Assignments, "Uppdrag"),
        (CaseworkerRoute::Reports, "Rapporter"),
        (CaseworkerRoute::PaymentBasis, "Utbetalning"),
        (CaseworkerRoute::Outbox, "Utskick"),
        (CaseworkerRoute::Compensation, "Ersättning"),
        (CaseworkerRoute::Account, "Mitt konto"),
    ];
    if admin {
        links.extend([
            (CaseworkerRoute::Accounts, "Konton"),
            (CaseworkerRoute::Districts, "Områden"),
            (CaseworkerRoute::Retention, "Gallring"),
            (CaseworkerRoute::AccessLog, "Åtkomstlogg"),
            (CaseworkerRoute::Extract, "Registerutdrag"),
        ]);
    }
    view! {
        <nav class="area-nav" aria-label="Handläggarstöd">
            <ul class="wrap wide">
                {links.into_iter().map(|(route, label)| {
                    let href = route.href();
                    let current = {
                        let href = href.clone();
                        move || is_current(&route, &href, &location.pathname.get()).then_some("page")
                    };
                    view! { <li><a href=href aria-current=current>{label}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Whether the navigation's link to `route` (at `href`) leads to the page at `path` or to a page
/// under it (a need under the needs); the overview only for itself.
fn is_current(route: &CaseworkerRoute, href: &str, path: &str) -> bool {
    if *route == CaseworkerRoute::Overview {
        path == href || path == AREA
    } else {
        path == href
            || path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(route: CaseworkerRoute, path: &str) -> bool {
        is_current(&route, &route.href(), path)
    }

    #[test]
    fn the_navigation_marks_the_page_shown_and_the_pages_under_it() {
        assert!(current(CaseworkerRoute::Overview, "/handlaggare/"));
        assert!(current(CaseworkerRoute::Overview, "/handlaggare"));
        assert!(!current(CaseworkerRoute::Overview, "/handlaggare/behov"));
        assert!(current(CaseworkerRoute::Needs, "/handlaggare/behov"));
        assert!(current(CaseworkerRoute::Needs, "/handlaggare/behov/ny"));
        assert!(current(
            CaseworkerRoute::Needs,
            "/handlaggare/behov/B-2026-0003"
        ));
        assert!(!current(CaseworkerRoute::Needs, "/handlaggare/behovx"));
        assert!(!current(CaseworkerRoute::Account, "/handlaggare/konton"));
    }
}
