//! Public pages: the redirect from `/`, the shell with each page's text, and the page API.

use crate::helpers::spawn_app;
use kp_domain::{Locale, PublicPage};

#[tokio::test]
async fn the_root_sends_a_first_time_visitor_to_the_best_browser_language() {
    let app = spawn_app().await;
    let cases = [
        ("sv-SE,sv;q=0.9", "/sv/"),
        ("ar,en;q=0.5", "/ar/"),
        ("de-DE", "/sv/"),
        ("", "/sv/"),
        ("prs-AF", "/fa/"),
    ];
    for (accept, expected) in cases {
        let response = app.get_with("/", &[("accept-language", accept)]).await;
        assert_eq!(response.status(), 302, "{accept}");
        assert_eq!(response.headers()["location"], expected, "{accept}");
    }
}

#[tokio::test]
async fn the_root_remembers_a_language_chosen_in_the_picker() {
    let app = spawn_app().await;
    let response = app
        .get_with(
            "/",
            &[("accept-language", "sv"), ("cookie", "a=b; kp_locale=so")],
        )
        .await;
    assert_eq!(response.headers()["location"], "/so/");
    let response = app
        .get_with(
            "/",
            &[("accept-language", "en"), ("cookie", "kp_locale=xx")],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/en/",
        "an unknown cookie value is ignored"
    );
}

#[tokio::test]
async fn a_public_page_arrives_with_its_title_description_and_text_in_the_first_response() {
    let app = spawn_app().await;
    let response = app.get("/sv/ersattning").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let html = response.text().await.unwrap();
    let api: kp_domain::api::PageContent = app
        .get("/api/pages/sv/compensation")
        .await
        .json()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="sv" dir="ltr">"#));
    assert!(
        html.contains(&format!("<h1>{}</h1>", api.title)),
        "the h1 is in the shell"
    );
    assert!(html.contains("<meta name=\"description\""));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(
        html.contains("id=\"kp-page-data\""),
        "the SPA gets the same data"
    );
    let origin = app.address.clone();
    assert!(
        html.contains(&format!(r#"hreflang="ar" href="{origin}/ar/compensation""#)),
        "absolute alternates for search engines"
    );
    assert!(html.contains(&format!(
        r#"<link rel="canonical" href="{origin}/sv/ersattning">"#
    )));
}

#[tokio::test]
async fn right_to_left_locales_are_marked_in_the_shell() {
    let app = spawn_app().await;
    for (path, lang, dir) in [
        ("/ar/", "ar", "rtl"),
        ("/fa/", "fa", "rtl"),
        ("/en/", "en", "ltr"),
        ("/lattlast/", "sv", "ltr"),
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_path_that_is_no_page_answers_404_with_the_localised_not_found_page() {
    let app = spawn_app().await;
    let response = app.get("/en/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    let not_found: kp_domain::api::PageContent = app
        .get("/api/pages/en/notfound")
        .await
        .json()
        .await
        .unwrap();
    assert!(html.contains(&format!("<h1>{}</h1>", not_found.title)));
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#));
}

#[tokio::test]
async fn page_data_embedded_in_the_shell_cannot_close_its_script_element() {
    let app = spawn_app().await;
    let html = app.get("/sv/").await.text().await.unwrap();
    let start = html.find("id=\"kp-page-data\"").unwrap();
    let json_end = html[start..].find("</script>").unwrap() + start;
    assert!(
        !html[start..json_end].contains('<'),
        "'<' is escaped in the JSON"
    );
}

#[tokio::test]
async fn the_page_api_serves_every_content_page_with_the_locales_menu() {
    let app = spawn_app().await;
    for page in PublicPage::ALL.into_iter().filter(|p| p.has_content_file()) {
        let response = app.get(&format!("/api/pages/sv/{}", page.id())).await;
        assert_eq!(response.status(), 200, "{page:?}");
        let content: kp_domain::api::PageContent = response.json().await.unwrap();
        assert_eq!(content.locale, Locale::Sv);
        assert!(!content.title.is_empty());
        assert!(content.nav.iter().any(|n| n.page == "faq"), "{page:?} menu");
    }
}

#[tokio::test]
async fn the_compensation_page_shows_the_current_levels_from_the_database() {
    use kp_domain::compensation::{Frequency, Level, Rate};
    use kp_domain::i18n::format_kronor;
    let app = spawn_app().await;
    let overview = app
        .store
        .compensation_overview(kp_server::current_year())
        .await
        .unwrap()
        .expect("levels are recorded for this year or an earlier one");
    let weekly = &overview.levels[0];
    let html = app.get("/sv/ersattning").await.text().await.unwrap();
    assert!(
        html.contains("<table class=\"compensation-levels\">"),
        "a table of levels"
    );
    assert!(html.contains(&format_kronor(Locale::Sv, weekly.arvode_monthly)));

    // Arrange: the administrator changes this year's weekly level.
    app.store
        .set_compensation_level(
            overview.year,
            Level {
                frequency: Frequency::Weekly,
                arvode: Rate::FixedMonthly { kronor: 2_345 },
                omkostnad: Rate::FixedMonthly { kronor: 678 },
            },
        )
        .await
        .unwrap();
    // Act + Assert: the page (shell and API, every locale) shows the new amounts at once.
    let html = app.get("/sv/ersattning").await.text().await.unwrap();
    assert!(
        html.contains("<td>2\u{a0}345\u{a0}kr</td><td>678\u{a0}kr</td>"),
        "shell shows the new level"
    );
    let ar: kp_domain::api::PageContent = app
        .get("/api/pages/ar/compensation")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        ar.html.contains("2,345"),
        "Arabic uses the digits of its page text for the new level"
    );
}

#[tokio::test]
async fn no_page_text_names_an_amount_of_money_outside_the_live_table() {
    // Amounts change every year: they must come from the database, never from the page text.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    for locale in Locale::ALL {
        for entry in std::fs::read_dir(dir.join(locale.code())).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let has_amount = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| {
                    let number = w[0].trim_matches(|c: char| !c.is_ascii_digit());
                    number.len() >= 3
                        && matches!(
                            w[1].trim_end_matches(['.', ',', ')']),
                            "kr" | "kronor" | "SEK"
                        )
                });
            assert!(!has_amount, "{} names an amount", path.display());
        }
    }
}

#[tokio::test]
async fn a_configured_public_address_is_used_for_absolute_links_and_an_odd_host_gets_none() {
    let app = crate::helpers::spawn_app_with(|c| {
        c.public_url = Some("https://kontaktperson.exempelby.se".into());
    })
    .await;
    let html = app
        .get("/en/questions-and-answers")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(
        r#"<link rel="canonical" href="https://kontaktperson.exempelby.se/en/questions-and-answers">"#
    ));
    assert!(html.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://kontaktperson.exempelby.se/sv/vanliga-fragor">"#
    ));
    let plain = spawn_app().await;
    let html = plain
        .get_with("/sv/", &[("host", "evil.example\"><script>")])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("evil.example"),
        "a hostile Host header never reaches the page"
    );
}

#[tokio::test]
async fn the_interest_form_page_loads_its_own_bundle_and_the_information_pages_do_not() {
    let app = spawn_app().await;
    let form = app.get("/sv/intresseanmalan").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("/intresseanmalan/intresseanmalan-0123456789abcdef.js"));
    assert!(!html.contains("/kontaktperson-0123456789abcdef.js"));
    let title = kp_domain::form_text::form_text(Locale::Sv).title;
    assert!(
        html.contains(&format!("<h1>{title}</h1>")),
        "the form's title is in the first response"
    );
    assert!(
        html.contains("010-123 45 67"),
        "without JavaScript, the page says how to apply by phone"
    );
    let start = app.get("/sv/").await.text().await.unwrap();
    assert!(!start.contains("intresseanmalan-0123456789abcdef"));
}

/// The JSON inside `<script id="{id}" type="application/json">…</script>` of a page.
fn embedded_json(html: &str, id: &str) -> Option<serde_json::Value> {
    let open = format!("<script id=\"{id}\" type=\"application/json\">");
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).expect("the embedded JSON parses"))
}

#[tokio::test]
async fn the_interest_form_page_carries_its_own_languages_texts_and_no_other_page_does() {
    let app = spawn_app().await;
    for locale in Locale::ALL {
        let html = app
            .get(&PublicPage::Apply.path(locale))
            .await
            .text()
            .await
            .unwrap();
        let embedded = embedded_json(&html, kp_domain::form_text::EMBEDDED_ID)
            .unwrap_or_else(|| panic!("{locale:?}: the form page embeds its texts"));
        let texts: Vec<String> = serde_json::from_value(embedded).unwrap();
        let own = kp_domain::form_text::form_text(locale);
        assert_eq!(
            kp_domain::form_text::FormText::from_texts(texts).as_ref(),
            Some(own),
            "{locale:?}: the whole table, in the page's language"
        );
        let interface: Vec<String> =
            serde_json::from_value(embedded_json(&html, kp_domain::i18n::EMBEDDED_ID).unwrap())
                .unwrap();
        assert_eq!(
            kp_domain::i18n::Ui::from_texts(interface).as_ref(),
            Some(kp_domain::i18n::ui(locale)),
            "{locale:?}: the interface texts, in the page's language"
        );
        for other in Locale::ALL.into_iter().filter(|o| *o != locale) {
            let theirs = kp_domain::form_text::form_text(other).err_generic;
            if theirs != own.err_generic {
                assert!(
                    !html.contains(theirs),
                    "{locale:?} page carries {other:?}'s texts"
                );
            }
        }
    }
    let start = app.get("/sv/").await.text().await.unwrap();
    assert!(embedded_json(&start, kp_domain::form_text::EMBEDDED_ID).is_none());
    assert!(embedded_json(&start, kp_domain::i18n::EMBEDDED_ID).is_none());
}
