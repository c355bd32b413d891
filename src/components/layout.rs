//! The frame of every public page: skip link, header (the municipality, the site's name, the call
//! to apply, the language picker: a row of links on a wide screen, one disclosure on a narrow
//! one), the main region, and the footer menu. The server renders the same structure into the first response
//! (`server/src/frontend.rs`), so the hand-over shows no change.

use kp_domain::api::NavLink;
use kp_domain::i18n::Ui;
use kp_domain::{Locale, PublicPage};
use leptos::prelude::*;

use crate::components::municipality::Municipality;
use crate::dom;

/// Where the language picker should lead: the same page in another language.
pub fn alternate_path(page: Option<PublicPage>, locale: Locale) -> String {
    match page {
        Some(page) => page.path(locale),
        None => locale.home_path(),
    }
}

/// The page frame.
#[component]
pub fn Layout(
    locale: Locale,
    /// The interface texts in `locale`.
    text: &'static Ui,
    /// The page shown (None for the not-found page): the picker keeps the reader on it.
    page: Option<PublicPage>,
    /// The footer menu. A signal, so a page whose text arrives later fills it in without the
    /// frame being drawn again (see `ContentPage`).
    #[prop(into)]
    nav: Signal<Vec<NavLink>>,
    children: Children,
) -> impl IntoView {
    let languages = || {
        Locale::ALL
            .into_iter()
            .map(|other| {
                let current = (other == locale).then_some("page");
                view! {
                    <li>
                        <a
                            href=alternate_path(page, other)
                            lang=other.html_lang()
                            hreflang=other.html_lang()
                            aria-current=current
                            on:click=move |_| dom::remember_locale(other)
                        >
                            {other.native_name()}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let menu = move || {
        nav.get()
            .into_iter()
            .filter_map(|link| {
                let target = PublicPage::from_id(&link.page)?;
                let current = (Some(target) == page).then_some("page");
                Some(view! {
                    <li><a href=target.path(locale) aria-current=current>{link.label}</a></li>
                })
            })
            .collect_view()
    };
    // Not on the form itself: there it leads nowhere new, and on its confirmation it would invite
    // a second application.
    let offer_form = page.is_none_or(PublicPage::offers_the_form);
    view! {
        <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); dom::focus_main(); }>
            {text.skip_link}
        </a>
        <header class="site-header">
            <div class="wrap header-inner header-public">
                <a class="brand" href=locale.home_path()>
                    <Municipality/>
                    <span class="brand-name">{text.site_name}</span>
                    <span class="brand-owner">{text.site_owner}</span>
                </a>
                <nav class="language-picker" aria-label=text.language_picker>
                    <ul class="language-list">{languages()}</ul>
                    <details class="language-menu">
                        <summary>{text.language_menu}</summary>
                        <ul>{languages()}</ul>
                    </details>
                </nav>
                {offer_form.then(|| view! {
                    <a class="button header-apply" href=PublicPage::Apply.path(locale)>{text.apply_button}</a>
                })}
            </div>
        </header>
        <main id="main" tabindex="-1" class="wrap">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <nav aria-label=text.main_nav>
                    <ul class="footer-menu">{menu}</ul>
                </nav>
                {offer_form.then(|| view! {
                    <p>
                        <a class="button" href=PublicPage::Apply.path(locale)>{text.apply_button}</a>
                    </p>
                })}
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_keeps_the_reader_on_the_same_page() {
        assert_eq!(
            alternate_path(Some(PublicPage::Compensation), Locale::Ar),
            "/ar/compensation"
        );
        assert_eq!(
            alternate_path(Some(PublicPage::Compensation), Locale::Lattlast),
            "/lattlast/ersattning"
        );
        assert_eq!(alternate_path(None, Locale::Ti), "/ti/");
    }
}
