//! Every path outside `/api`: a built asset, or the app shell for a page (200 for a known page,
//! 404 with the localised not-found page otherwise), or the redirect from `/` to a locale.

use std::path::Path;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use kp_domain::api::PageContent;
use kp_domain::i18n::{document_title, ui};
use kp_domain::{Locale, PublicPage, Route};

use crate::assets::Assets;
use crate::content::NOT_FOUND_ID;
use crate::municipality::Municipality;
use crate::shell::{escape, json_script, Shell, ShellPage};
use crate::tigrinya_font::TigrinyaFont;
use crate::AppState;

/// The cookie that remembers a language chosen in the picker.
pub const LOCALE_COOKIE: &str = "kp_locale";

/// The built SPA: the public shell, the caseworker area's shell, and their files.
#[derive(Debug)]
pub struct Frontend {
    /// `index.html` as a template.
    pub shell: Shell,
    /// `handlaggare/index.html`: the caseworker area (its own wasm bundle).
    pub caseworker_shell: Shell,
    /// `intresseanmalan/index.html`: the interest form (its own wasm bundle).
    pub form_shell: Shell,
    /// `mina-sidor/index.html`: the contact person's area (its own wasm bundle).
    pub contact_shell: Shell,
    /// Everything else in `dist/`.
    pub assets: Assets,
    /// Whose site this is: every shell names it, the public pages' header shows it.
    pub municipality: Municipality,
    /// Tigrinya pages' font, inline or preloaded.
    pub tigrinya_font: TigrinyaFont,
    /// The Content-Security-Policy covering every shell and the inline font.
    pub csp: String,
}

impl Frontend {
    /// Loads `dist/`.
    pub fn load(dist: &Path, municipality: Municipality) -> anyhow::Result<Frontend> {
        let shell = Shell::load(dist)?;
        let caseworker_shell = Shell::load_file(&dist.join("handlaggare/index.html"))?;
        let form_shell = Shell::load_file(&dist.join("intresseanmalan/index.html"))?;
        let contact_shell = Shell::load_file(&dist.join("mina-sidor/index.html"))?;
        let tigrinya_font = TigrinyaFont::load(dist)?;
        let csp = crate::shell::content_security_policy(
            &[&shell, &caseworker_shell, &form_shell, &contact_shell],
            &[tigrinya_font.inline_style()],
        );
        Ok(Frontend {
            shell,
            caseworker_shell,
            form_shell,
            contact_shell,
            assets: Assets::load(dist)?,
            municipality,
            tigrinya_font,
            csp,
        })
    }
}

/// The fallback handler for everything that is not `/api`.
pub async fn serve(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = uri.path();
    if let Some(asset) = state.frontend.assets.get(path) {
        return asset.respond(&headers);
    }
    if let Some(logo) = state.frontend.municipality.serve(path) {
        return logo;
    }
    let route = Route::parse(path);
    match route {
        Route::Root => redirect_to_locale(&headers),
        Route::Unknown if looks_like_a_file(path) => {
            (StatusCode::NOT_FOUND, "Not found").into_response()
        }
        Route::Public(locale, page) => {
            let origin = public_origin(&state, &headers);
            page_response(
                &state,
                StatusCode::OK,
                locale,
                Some(page),
                origin.as_deref(),
            )
            .await
        }
        // The caseworker area arrives with its own issue; until then it is not a page.
        Route::Caseworker => caseworker_shell(&state, &headers).await,
        Route::ContactArea(locale) => contact_shell(&state, locale),
        Route::NotFound(locale) => {
            page_response(&state, StatusCode::NOT_FOUND, locale, None, None).await
        }
        Route::Unknown => {
            page_response(&state, StatusCode::NOT_FOUND, Locale::DEFAULT, None, None).await
        }
    }
}

/// The site's origin for absolute links: the configured public address, or `http://` plus the
/// request's `Host` when that is a plain host name (anything odd gets no absolute links at all).
fn public_origin(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = &state.public_url {
        return Some(url.to_string());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then(|| format!("http://{host}"))
}

/// Where the caseworker area's shell carries who is signed in (`src/caseworker/mod.rs` reads it).
pub const SESSION_SCRIPT_ID: &str = "kp-session";

/// The caseworker area's shell: its own bundle; never cached, never indexed. It carries what
/// `GET /api/session` would answer now ([`embedded_session`]), so a full page load asks for its
/// page's data at once instead of asking who is signed in first.
async fn caseworker_shell(state: &AppState, headers: &HeaderMap) -> Response {
    let mut body = String::from("<div id=\"kp-root\"></div>");
    if let Some(session) = embedded_session(state, headers).await {
        body.push_str(&json_script(SESSION_SCRIPT_ID, &session));
    }
    let html = state.frontend.caseworker_shell.render(&ShellPage {
        lang: "sv".into(),
        dir: "ltr".into(),
        title: "Handläggarstöd – Kontaktperson".into(),
        description: "Handläggarstöd för kontaktpersonsuppdrag".into(),
        head: state.frontend.municipality.head_markup(),
        body,
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// What the caseworker area's shell says about the session: exactly `GET /api/session`'s answer
/// (the same check, activity stamp and expiry, `routes::session::who_is_signed_in`), or `None`
/// when the shell cannot know and the SPA must ask as before:
///
/// - no session cookie, and the load is not a navigation from this site: the cookie is
///   `SameSite=Strict`, so a link followed from another site (a mail, another system) arrives
///   without it although the browser holds a live session, which the SPA's own request would
///   carry. Saying "nobody" then would show the sign-in page to someone signed in;
/// - the store could not be read (the SPA's request then meets the error itself).
async fn embedded_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<Option<kp_domain::caseworker::SignedIn>> {
    let has_cookie =
        crate::auth::cookie(headers, crate::auth::session_cookie_name(state.https)).is_some();
    let from_this_site = headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "same-origin");
    if !has_cookie && !from_this_site {
        return None;
    }
    match crate::routes::session::who_is_signed_in(state, headers).await {
        Ok(session) => Some(session),
        Err(error) => {
            tracing::warn!(%error, "the caseworker shell could not read the session");
            None
        }
    }
}

/// The contact person's area's shell in `locale`: its own bundle, in the reader's language and
/// direction; never cached, never indexed. Which page of the area a path names is the SPA's
/// business (`kp_domain::contact_pages::AreaPage`), as is the sign-in page when nobody is signed in.
fn contact_shell(state: &AppState, locale: Locale) -> Response {
    let text = kp_domain::contact_text::contact_text(locale);
    let html = state.frontend.contact_shell.render(&ShellPage {
        lang: locale.html_lang().into(),
        dir: locale.dir().as_str().into(),
        title: document_title(ui(locale), false, text.area_title),
        description: text.sign_in_intro.into(),
        head: state.frontend.municipality.head_markup() + TigrinyaFont::for_wasm_drawn(locale),
        // The area's wasm carries no texts: it reads the page's language's table from here.
        body: format!(
            "<div id=\"kp-root\"></div>{}",
            json_script(kp_domain::contact_text::EMBEDDED_ID, &text.texts())
        ),
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::HeaderName::from_static("x-robots-tag"), "noindex"),
        ],
        html,
    )
        .into_response()
}

fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// `/` sends a first-time visitor to the best match of the browser's languages, and a returning
/// one to the language they chose in the picker (remembered in a cookie).
fn redirect_to_locale(headers: &HeaderMap) -> Response {
    let chosen =
        crate::auth::cookie(headers, LOCALE_COOKIE).and_then(|value| Locale::from_code(&value));
    let locale = chosen.unwrap_or_else(|| {
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Locale::negotiate(accept)
    });
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, locale.home_path())
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::VARY, "Accept-Language, Cookie")
        .body(Body::empty())
        .expect("valid response")
}

async fn page_response(
    state: &AppState,
    status: StatusCode,
    locale: Locale,
    page: Option<PublicPage>,
    origin: Option<&str>,
) -> Response {
    let id = page.map(PublicPage::id).unwrap_or(NOT_FOUND_ID);
    let (status, page, content) = match state.page_content(locale, id).await {
        Ok(Some(content)) => (status, page, Some(content)),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            None,
            state.content.get(locale, NOT_FOUND_ID).cloned(),
        ),
        Err(error) => {
            tracing::error!(%error, "reading live page data");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable.",
            )
                .into_response();
        }
    };
    // The interest form has its own bundle, and so its own shell.
    let shell = if page == Some(PublicPage::Apply) {
        &state.frontend.form_shell
    } else {
        &state.frontend.shell
    };
    let municipality = &state.frontend.municipality;
    let mut shell_page = match &content {
        Some(content) => prerendered(locale, page, content, origin, municipality),
        None => ShellPage {
            lang: locale.html_lang().into(),
            dir: locale.dir().as_str().into(),
            title: ui(locale).site_name.into(),
            head: municipality.head_markup(),
            ..ShellPage::default()
        },
    };
    shell_page
        .head
        .push_str(if page == Some(PublicPage::Apply) {
            TigrinyaFont::for_wasm_drawn(locale)
        } else {
            state.frontend.tigrinya_font.for_text_in_html(locale)
        });
    // The form's wasm carries no texts: it reads the page's language's table from here, and the
    // districts its optional question offers (none when they cannot be read now: the question is
    // optional, the postcode decides).
    if page == Some(PublicPage::Apply) {
        shell_page.body.push_str(&json_script(
            kp_domain::form_text::EMBEDDED_ID,
            &kp_domain::form_text::form_text(locale).texts(),
        ));
        shell_page.body.push_str(&json_script(
            kp_domain::i18n::EMBEDDED_ID,
            &ui(locale).texts(),
        ));
        match state.store.districts().await {
            Ok(districts) => shell_page.body.push_str(&json_script(
                kp_domain::district::EMBEDDED_ID,
                &kp_domain::district::form_choices(districts),
            )),
            Err(error) => tracing::error!(%error, "reading the districts for the form"),
        }
    }
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        shell.render(&shell_page),
    )
        .into_response()
}

/// The page as the SPA will show it, so the first response is readable without JavaScript and
/// the SPA's take-over changes nothing on screen. Mirrors `src/components/layout.rs`.
fn prerendered(
    locale: Locale,
    page: Option<PublicPage>,
    content: &PageContent,
    origin: Option<&str>,
    municipality: &Municipality,
) -> ShellPage {
    let text = ui(locale);
    let mut body = String::with_capacity(content.html.len() + 4096);
    body.push_str("<div id=\"kp-root\">");
    body.push_str(&format!(
        "<a class=\"skip-link\" href=\"#main\">{}</a>",
        escape(text.skip_link)
    ));
    body.push_str(&header(locale, page, text, municipality));
    body.push_str(&format!(
        "<main id=\"main\" tabindex=\"-1\" class=\"wrap\"><h1>{}</h1><div class=\"prose\">{}</div></main>",
        escape(&content.title),
        content.html
    ));
    body.push_str(&format!(
        "<footer class=\"site-footer\"><div class=\"wrap\"><nav aria-label=\"{}\"><ul class=\"footer-menu\">",
        escape(text.main_nav)
    ));
    for link in &content.nav {
        if let Some(target) = PublicPage::from_id(&link.page) {
            let current = if Some(target) == page {
                " aria-current=\"page\""
            } else {
                ""
            };
            body.push_str(&format!(
                "<li><a href=\"{}\"{current}>{}</a></li>",
                target.path(locale),
                escape(&link.label)
            ));
        }
    }
    body.push_str("</ul></nav>");
    if page.is_none_or(PublicPage::offers_the_form) {
        body.push_str(&format!(
            "<p><a class=\"button\" href=\"{}\">{}</a></p>",
            PublicPage::Apply.path(locale),
            escape(text.apply_button)
        ));
    }
    body.push_str("</div></footer></div>");
    // The same data as JSON, so the SPA renders this page without fetching it again. The text
    // itself is left out (the SPA reads it from the `.prose` element above, so the shell does not
    // carry it twice). `<` is escaped so no text can close the script element.
    body.push_str(&json_script(
        "kp-page-data",
        &PageContent {
            html: String::new(),
            ..content.clone()
        },
    ));
    // Absolute canonical and alternate addresses for search engines. Easy-to-read Swedish is
    // an alternate of the Swedish page for readers, not a language, so it is not listed.
    let mut head = municipality.head_markup();
    if let (Some(page), Some(origin)) = (page, origin) {
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{origin}{}\">\n",
            page.path(locale)
        ));
        for other in Locale::ALL.into_iter().filter(|l| *l != Locale::Lattlast) {
            head.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{origin}{}\">\n",
                other.html_lang(),
                page.path(other)
            ));
        }
        head.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{origin}{}\">\n",
            page.path(Locale::DEFAULT)
        ));
    }
    ShellPage {
        lang: locale.html_lang().into(),
        dir: locale.dir().as_str().into(),
        title: document_title(text, page == Some(PublicPage::Start), &content.title),
        description: content.description.clone(),
        head,
        body,
    }
}

/// The header as `src/components/layout.rs` draws it: the municipality and the site's name, the
/// call to apply (not on the form itself), and the language picker, which is a row of links on a
/// wide screen and one "Språk" disclosure on a narrow one (both in the markup, one shown by CSS,
/// so it works before and without the wasm).
fn header(
    locale: Locale,
    page: Option<PublicPage>,
    text: &kp_domain::i18n::Ui,
    municipality: &Municipality,
) -> String {
    let mut links = String::new();
    for other in Locale::ALL {
        let href = page
            .map(|p| p.path(other))
            .unwrap_or_else(|| other.home_path());
        let current = if other == locale {
            " aria-current=\"page\""
        } else {
            ""
        };
        links.push_str(&format!(
            "<li><a href=\"{href}\" lang=\"{lang}\" hreflang=\"{lang}\"{current}>{name}</a></li>",
            lang = other.html_lang(),
            name = escape(other.native_name())
        ));
    }
    let apply = if page.is_none_or(PublicPage::offers_the_form) {
        format!(
            "<a class=\"button header-apply\" href=\"{}\">{}</a>",
            PublicPage::Apply.path(locale),
            escape(text.apply_button)
        )
    } else {
        String::new()
    };
    format!(
        "<header class=\"site-header\"><div class=\"wrap header-inner header-public\">\
         <a class=\"brand\" href=\"{home}\">{municipality}<span class=\"brand-name\">{name}</span><span class=\"brand-owner\">{owner}</span></a>\
         <nav class=\"language-picker\" aria-label=\"{picker}\">\
         <ul class=\"language-list\">{links}</ul>\
         <details class=\"language-menu\"><summary>{menu}</summary><ul>{links}</ul></details>\
         </nav>{apply}</div></header>",
        home = locale.home_path(),
        municipality = municipality.header_markup(),
        name = escape(text.site_name),
        owner = escape(text.site_owner),
        picker = escape(text.language_picker),
        menu = escape(text.language_menu),
    )
}
