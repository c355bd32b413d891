//! A public page whose text comes from the server's content files (every page but the form).

use kp_domain::api::PageContent;
use kp_domain::i18n::{document_title, ui};
use kp_domain::{Locale, PublicPage};
use leptos::prelude::*;

use super::content_id;
use crate::api::{self, ApiError};
use crate::components::layout::Layout;
use crate::dom;

/// The state of a page's text.
#[derive(Clone, Debug, PartialEq)]
enum Text {
    Loading,
    Ready(PageContent),
    Failed(ApiError),
}

/// A content page: shows the embedded or cached text at once, or fetches it.
#[component]
pub fn ContentPage(locale: Locale, page: Option<PublicPage>) -> impl IntoView {
    let id = content_id(page);
    let text = RwSignal::new(match api::cached_page(locale, id) {
        Some(content) => Text::Ready(content),
        None => Text::Loading,
    });
    // The page's text is read in its scope: a reader who moves on does not get it later.
    let scope = api::RequestScope::here();
    let fetch = move || {
        text.set(Text::Loading);
        scope.spawn(async move {
            text.set(match api::page(locale, id).await {
                Ok(content) => Text::Ready(content),
                Err(error) => Text::Failed(error),
            });
        });
    };
    if text.get_untracked() == Text::Loading {
        fetch();
    }
    Effect::new(move |_| {
        if let Text::Ready(content) = text.get() {
            dom::set_document_meta(
                locale,
                &document_title(ui(locale), page == Some(PublicPage::Start), &content.title),
                &content.description,
            );
        }
    });
    let strings = ui(locale);
    // The frame (header, `<main>`, footer) is drawn once; only what is inside `<main>` follows
    // the text. Drawing the whole `Layout` again when the text arrives kept the same `<main>`
    // but, with Leptos' `erase_components`, took its attributes off and put them back, and
    // `<main>` without `tabindex` cannot hold focus: the focus that navigation had just given it
    // went to `<body>`.
    let nav = Signal::derive(move || match text.get() {
        Text::Ready(content) => content.nav,
        Text::Loading | Text::Failed(_) => Vec::new(),
    });
    view! {
        <Layout locale=locale text=strings page=page nav=nav>
            {move || match text.get() {
                Text::Ready(content) => view! {
                    <h1>{content.title}</h1>
                    <div class="prose" inner_html=content.html></div>
                }
                .into_any(),
                Text::Loading => view! {
                    <p class="status" role="status" aria-live="polite">{strings.loading}</p>
                }
                .into_any(),
                Text::Failed(_) => view! {
                    <div class="status" role="alert">
                        <p>{strings.load_failed}</p>
                        <button type="button" class="button" on:click=move |_| fetch()>{strings.retry}</button>
                    </div>
                }
                .into_any(),
            }}
        </Layout>
    }
}
