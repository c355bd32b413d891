//! The contact person's own area (issue 15): its own wasm bundle (`src/bin/mina_sidor.rs`),
//! served at `/sv/mina-sidor`, `/ar/my-pages` and each locale's address. The locale comes from the
//! address; the page from [`kp_domain::contact_pages::AreaPage`], the area's one route list. The
//! texts are `kp_domain::contact_text`'s, so every page exists in all seven languages; the server
//! sends the page's language's table with the page, so the wasm carries none of them ([`text`]).

mod agreement;
mod errors;
mod home;
mod messages;
mod months;
mod report;
mod report_form;
mod sign_in;

use kp_domain::contact_area::ContactMe;
use kp_domain::contact_pages::AreaPage;
use kp_domain::contact_text::ContactText;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::contact as api;
use crate::dom;

thread_local! {
    static TEXT: std::cell::Cell<Option<&'static ContactText>> = const { std::cell::Cell::new(None) };
}

/// Reads the area's texts from the page (`kp_domain::contact_text::EMBEDDED_ID`), once, before the
/// app starts; `false` when they are missing or not a whole table.
pub fn read_text() -> bool {
    match dom::embedded_table(
        kp_domain::contact_text::EMBEDDED_ID,
        ContactText::from_texts,
    ) {
        Some(t) => {
            TEXT.with(|text| text.set(Some(t)));
            true
        }
        None => false,
    }
}

/// The area's texts in the page's language, as [`read_text`] read them.
///
/// # Panics
/// Before [`read_text`] has read them: `src/bin/mina_sidor.rs` starts the app only after.
pub fn text() -> &'static ContactText {
    TEXT.with(std::cell::Cell::get)
        .expect("the area's texts are read before the app starts")
}

/// Who is signed in: `None` while asking, `Some(None)` when nobody.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<ContactMe>>>);

/// The area's locale, from the address it was opened at.
pub fn locale_of(path: &str) -> Locale {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Locale::from_code)
        .unwrap_or(Locale::DEFAULT)
}

/// The token of a sign-in link: the address's fragment, `#<token>` (as the mail writes it) or
/// `#token=<token>`.
pub fn link_token(hash: &str) -> Option<String> {
    let token = hash.trim_start_matches('#');
    let token = token.strip_prefix("token=").unwrap_or(token);
    (!token.is_empty() && token.len() <= 100 && token.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| token.to_string())
}

/// Sets the document's title: the page's, then the area's name; "Fel: " first while it shows
/// errors.
pub fn set_title(locale: Locale, page: &str, with_errors: bool) {
    let t = text();
    let prefix = if with_errors {
        t.error_title_prefix
    } else {
        ""
    };
    let title = if page == t.area_title {
        format!("{prefix}{page}")
    } else {
        format!("{prefix}{page} – {}", t.area_title)
    };
    dom::set_document_meta(locale, &title, t.sign_in_intro);
}

/// The area.
#[component]
pub fn App() -> impl IntoView {
    let window = web_sys::window().expect("a window");
    let locale = locale_of(&window.location().pathname().unwrap_or_default());
    let session = Session(RwSignal::new(None));
    provide_context(session);
    let link_refused = RwSignal::new(false);
    let hash = window.location().hash().unwrap_or_default();
    match link_token(&hash) {
        Some(token) => {
            // The token leaves the address at once, so it is in no history entry or bookmark.
            if let Ok(history) = window.history() {
                let path = window.location().pathname().unwrap_or_default();
                history
                    .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
                    .ok();
            }
            // Signing in with the link is a write (it uses the link up): sent as every write is.
            crate::api::Sender::new().send(async move {
                match api::sign_in(&token).await {
                    Ok(me) => session.0.set(Some(Some(me))),
                    Err(_) => {
                        link_refused.set(true);
                        session.0.set(Some(None));
                    }
                }
            });
        }
        None => {
            let asked = crate::api::load(api::me);
            Effect::new(move |_| {
                if let Some(answer) = asked.get() {
                    session.0.set(Some(answer.ok().flatten()));
                }
            });
        }
    }
    // A link opened in the tab already showing the area changes only the address's fragment: no
    // new page starts, so the area starts again and signs in as above.
    let _ = window_event_listener(leptos::ev::hashchange, |_| {
        if let Some(window) = web_sys::window() {
            let hash = window.location().hash().unwrap_or_default();
            if link_token(&hash).is_some() {
                window.location().reload().ok();
            }
        }
    });
    view! {
        <Router>
            <Frame locale=locale>
                <Routes fallback=move || view! { <Area locale=locale link_refused=link_refused/> }>
                    <Route path=path!("/*any") view=move || view! { <Area locale=locale link_refused=link_refused/> }/>
                </Routes>
            </Frame>
        </Router>
    }
}

/// The header (skip link, the area's name, the way home and signing out) around every page.
#[component]
fn Frame(locale: Locale, children: Children) -> impl IntoView {
    let t: &'static ContactText = text();
    let session = expect_context::<Session>();
    let signed_in = move || matches!(session.0.get(), Some(Some(_)));
    let signing_out = crate::api::Sender::new();
    let sign_out = move |_| {
        signing_out.send(async move {
            api::sign_out().await.ok();
            session.0.set(Some(None));
            if let Some(window) = web_sys::window() {
                window.location().assign(&AreaPage::Home.path(locale)).ok();
            }
        });
    };
    view! {
        <a class="skip-link" href="#main">{t.skip_link}</a>
        <header class="site-header contact-header">
            <div class="header-inner">
                <p class="site-name"><a href=AreaPage::Home.path(locale)>{t.area_title}</a></p>
                <Show when=signed_in>
                    <nav aria-label=t.nav_label class="contact-nav">
                        <a href=AreaPage::Home.path(locale)>{t.home_title}</a>
                        <button type="button" class="button-secondary" on:click=sign_out>{t.sign_out}</button>
                    </nav>
                </Show>
            </div>
        </header>
        <main id="main" tabindex="-1" class="contact-main">{children()}</main>
    }
}

/// The page the address names, or the sign-in page while nobody is signed in.
#[component]
fn Area(locale: Locale, link_refused: RwSignal<bool>) -> impl IntoView {
    let t = text();
    let session = expect_context::<Session>();
    let location = use_location();
    let page = Memo::new(move |_| {
        AreaPage::parse(locale, &location.pathname.get()).unwrap_or(AreaPage::NotFound)
    });
    Effect::new(move |previous: Option<AreaPage>| {
        let current = page.get();
        if previous.is_some_and(|p| p != current) {
            // On the next frame, once the page is drawn (as the public site does).
            dom::focus_soon("main");
        }
        current
    });
    move || match session.0.get() {
        None => view! { <p class="status" role="status">{t.signing_in}</p> }.into_any(),
        Some(None) => {
            view! { <sign_in::SignInPage locale=locale link_refused=link_refused/> }.into_any()
        }
        Some(Some(me)) => match page.get() {
            AreaPage::Home => view! { <home::HomePage locale=locale me=me/> }.into_any(),
            AreaPage::Agreement(id) => {
                view! { <agreement::AgreementPage locale=locale id=id/> }.into_any()
            }
            AreaPage::Months(id) => view! { <months::MonthsPage locale=locale id=id/> }.into_any(),
            AreaPage::Report(id, month) => {
                view! { <report::ReportPage locale=locale id=id month=month/> }.into_any()
            }
            AreaPage::Messages(id) => {
                view! { <messages::MessagesPage locale=locale id=id/> }.into_any()
            }
            AreaPage::NotFound => {
                set_title(locale, t.not_found, false);
                view! { <h1>{t.not_found}</h1><p><a href=AreaPage::Home.path(locale)>{t.back_home}</a></p> }.into_any()
            }
        },
    }
}

/// The way back to the list of assignments, above each assignment's page.
#[component]
pub fn BackHome(locale: Locale) -> impl IntoView {
    view! { <p class="back-link"><a href=AreaPage::Home.path(locale)>{text().back_home}</a></p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_token_is_read_from_the_fragment_in_either_form_and_nothing_else_is_one() {
        assert_eq!(link_token("#abcDEF-_123"), Some("abcDEF-_123".into()));
        assert_eq!(link_token("#token=abc"), Some("abc".into()));
        assert_eq!(link_token(""), None);
        assert_eq!(link_token("#"), None);
        assert_eq!(link_token("#a b"), None);
        assert_eq!(link_token(&format!("#{}", "x".repeat(101))), None);
    }

    #[test]
    fn the_locale_is_the_addresses_first_segment() {
        assert_eq!(locale_of("/ar/my-pages/assignments/3"), Locale::Ar);
        assert_eq!(locale_of("/lattlast/mina-sidor"), Locale::Lattlast);
        assert_eq!(locale_of("/xx/"), Locale::Sv);
    }
}
