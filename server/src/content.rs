//! Public page text: one Markdown file per page and locale (`content/<locale>/<page>.md`), read and
//! rendered to HTML once at start-up. Correcting a sentence or adding a language needs a server
//! restart, never a rebuild of the SPA, and the wasm carries no prose.
//!
//! A file starts with front matter (`title`, `description`, `slug`, `nav`). Links to other pages
//! are written `page:<id>` and become the page's address in the file's locale. Raw HTML in a file
//! is shown as text, never passed through. `{{…}}` placeholders are filled from [`Settings`].

use std::collections::HashMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use kp_domain::api::{NavLink, PageContent};
use kp_domain::compensation::{CompensationOverview, Frequency};
use kp_domain::i18n::{fill, format_kronor, format_year, ui};
use kp_domain::retention::words::period_words;
use kp_domain::retention::{Category, RuleSet};
use kp_domain::{Locale, PublicPage};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::shell::escape;

/// The id of the not-found page's content file.
pub const NOT_FOUND_ID: &str = "notfound";

/// Where the compensation page's table of current levels goes.
pub const COMPENSATION_SLOT: &str =
    "<div class=\"compensation-levels\" data-kp-slot=\"compensation\"></div>";

/// Where a retention period goes: `{{retention:<category code>}}` in a content file
/// (`{{retention:applications}}`), filled per request from the rules in force.
pub fn retention_slot(category: Category) -> String {
    format!(
        "<span data-kp-slot=\"retention:{}\"></span>",
        category.code()
    )
}

/// Whether a page has a retention period to fill.
fn has_retention_slot(html: &str) -> bool {
    html.contains("data-kp-slot=\"retention:")
}

/// Facts about the municipality that the texts name, from configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The municipality's name.
    pub municipality: String,
    /// The unit's e-mail address.
    pub unit_email: String,
    /// The unit's phone number.
    pub unit_phone: String,
    /// The data protection officer's e-mail address.
    pub dpo_email: String,
}

impl Settings {
    fn fill(&self, text: &str) -> String {
        text.replace("{{municipality}}", &self.municipality)
            .replace("{{unit_email}}", &self.unit_email)
            .replace("{{unit_phone}}", &self.unit_phone)
            .replace("{{dpo_email}}", &self.dpo_email)
    }
}

/// Every page's text in every locale found on disk.
#[derive(Debug, Default)]
pub struct Content {
    pages: HashMap<(Locale, String), PageContent>,
    missing: Vec<String>,
    settings: Option<Settings>,
}

/// Every content id: the pages with a content file, and the not-found page.
pub fn content_ids() -> impl Iterator<Item = &'static str> {
    PublicPage::ALL
        .into_iter()
        .filter(|p| p.has_content_file())
        .map(PublicPage::id)
        .chain(std::iter::once(NOT_FOUND_ID))
}

impl Content {
    /// Reads and renders `dir/<locale>/<id>.md` for every locale and id. A malformed file is an
    /// error (the server does not start); a missing one is recorded in [`Content::missing`].
    pub fn load(dir: &Path, settings: &Settings) -> anyhow::Result<Content> {
        let mut content = Content {
            settings: Some(settings.clone()),
            ..Content::default()
        };
        for locale in Locale::ALL {
            let mut parsed = Vec::new();
            for id in content_ids() {
                let path = dir.join(locale.code()).join(format!("{id}.md"));
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        let page = parse(locale, id, &text, settings)
                            .with_context(|| format!("in {}", path.display()))?;
                        parsed.push((id, page));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        content.missing.push(format!("{}/{id}.md", locale.code()));
                    }
                    Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
            let nav: Vec<NavLink> = parsed
                .iter()
                .filter(|(id, _)| *id != NOT_FOUND_ID)
                .map(|(id, page)| NavLink {
                    page: id.to_string(),
                    label: page.nav.clone(),
                })
                .collect();
            for (id, page) in parsed {
                content.pages.insert(
                    (locale, id.to_string()),
                    PageContent {
                        locale,
                        page: id.to_string(),
                        title: page.title,
                        description: page.description,
                        html: page.html,
                        nav: nav.clone(),
                    },
                );
            }
        }
        Ok(content)
    }

    /// One page's text.
    pub fn get(&self, locale: Locale, id: &str) -> Option<&PageContent> {
        self.pages.get(&(locale, id.to_string()))
    }

    /// The interest form's page: the SPA draws the form; the first response (and a browser
    /// without JavaScript) gets its title, introduction and how to apply by phone or e-mail.
    pub fn apply_page(&self, locale: Locale) -> Option<PageContent> {
        let nav = self.get(locale, PublicPage::Start.id())?.nav.clone();
        let form = kp_domain::form_text::form_text(locale);
        let fallback = fill(
            ui(locale).form_needs_js,
            &[
                ("phone", &self.settings.as_ref()?.unit_phone),
                ("email", &self.settings.as_ref()?.unit_email),
            ],
        );
        Some(PageContent {
            locale,
            page: PublicPage::Apply.id().into(),
            title: form.title.into(),
            description: form.intro.into(),
            html: format!("<p>{}</p><p>{}</p>", escape(form.intro), escape(&fallback)),
            nav,
        })
    }

    /// Files that should exist but do not (`<locale>/<id>.md`).
    pub fn missing(&self) -> &[String] {
        &self.missing
    }
}

struct Parsed {
    title: String,
    description: String,
    nav: String,
    html: String,
}

fn parse(locale: Locale, id: &str, text: &str, settings: &Settings) -> anyhow::Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .ok_or_else(|| anyhow!("the file must start with front matter (---)"))?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or_else(|| anyhow!("the front matter is not closed with ---"))?;
    let mut fields: HashMap<&str, String> = HashMap::new();
    for line in front.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| anyhow!("front matter line without a colon: {line}"))?;
        let value = value.trim().trim_matches('"').to_string();
        fields.insert(key.trim(), settings.fill(&value));
    }
    let mut take = |key: &str| {
        fields
            .remove(key)
            .ok_or_else(|| anyhow!("front matter lacks {key}"))
    };
    let title = take("title")?;
    let description = take("description")?;
    let nav = take("nav")?;
    let slug = take("slug")?;
    if let Some(page) = PublicPage::from_id(id) {
        if slug != page.slug(locale) {
            bail!(
                "slug {slug:?} does not match the page list ({:?})",
                page.slug(locale)
            );
        }
    }
    if title.is_empty() || description.is_empty() || nav.is_empty() {
        bail!("title, description and nav must not be empty");
    }
    let html = render_markdown(locale, &settings.fill(body))?;
    Ok(Parsed {
        title,
        description,
        nav,
        html,
    })
}

fn render_markdown(locale: Locale, markdown: &str) -> anyhow::Result<String> {
    let mut bad_link = None;
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match dest_url.strip_prefix("page:") {
                Some(page_id) => match PublicPage::from_id(page_id) {
                    Some(page) => CowStr::from(page.path(locale)),
                    None => {
                        bad_link = Some(page_id.to_string());
                        dest_url
                    }
                },
                None => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        // Content files are trusted, but raw HTML is still never passed through.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    if let Some(id) = bad_link {
        bail!("a link names the unknown page page:{id}");
    }
    let mut html = html.replace("<p>{{compensation_table}}</p>", COMPENSATION_SLOT);
    for category in Category::ALL {
        html = html.replace(
            &format!("{{{{retention:{}}}}}", category.code()),
            &retention_slot(category),
        );
    }
    Ok(html)
}

/// The compensation page's table of current levels, in the reader's language and number format.
pub fn compensation_table(locale: Locale, overview: Option<&CompensationOverview>) -> String {
    let text = ui(locale);
    let Some(overview) = overview.filter(|o| !o.levels.is_empty()) else {
        return format!("<p class=\"status\">{}</p>", escape(text.comp_missing));
    };
    let year = format_year(locale, overview.year);
    let mut html = format!(
        "<table class=\"compensation-levels\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(&fill(text.comp_caption, &[("year", &year)])),
        escape(text.comp_frequency),
        escape(text.comp_arvode),
        escape(text.comp_omkostnad)
    );
    for level in &overview.levels {
        let name = match level.frequency {
            Frequency::Weekly => text.freq_weekly,
            Frequency::SeveralPerWeek => text.freq_several,
            Frequency::AlmostDaily => text.freq_daily,
        };
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(name),
            format_kronor(locale, level.arvode_monthly),
            format_kronor(locale, level.omkostnad_monthly)
        ));
    }
    html.push_str("</tbody></table>");
    let basis = fill(
        text.comp_basis,
        &[
            ("year", &year),
            ("amount", &format_kronor(locale, overview.price_base_kronor)),
        ],
    );
    html.push_str(&format!(
        "<p>{}</p><p>{}</p>",
        escape(&basis),
        escape(text.comp_special)
    ));
    html
}

/// Whether filling `page` needs the retention rules in force.
pub fn needs_retention_rules(page: &PageContent) -> bool {
    has_retention_slot(&page.html)
}

/// A page with its live data filled in: the compensation page's levels, and the privacy notice's
/// retention periods (the rules in force; the defaults when `rules` is `None`).
pub fn with_live_data(
    page: &PageContent,
    overview: Option<&CompensationOverview>,
    rules: Option<&RuleSet>,
) -> PageContent {
    let mut page = page.clone();
    if has_retention_slot(&page.html) {
        let defaults = RuleSet::defaults();
        let rules = rules.unwrap_or(&defaults);
        for category in Category::ALL {
            page.html = page.html.replace(
                &retention_slot(category),
                &escape(&period_words(page.locale, rules.period(category))),
            );
        }
    }
    if page.html.contains(COMPENSATION_SLOT) {
        page.html = page.html.replace(
            COMPENSATION_SLOT,
            &compensation_table(page.locale, overview),
        );
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            municipality: "Exempelby kommun".into(),
            unit_email: "kp@exempelby.se".into(),
            unit_phone: "010-123 45 67".into(),
            dpo_email: "dpo@exempelby.se".into(),
        }
    }

    const PAGE: &str = "---\ntitle: Ersättning\ndescription: Om arvode\nslug: ersattning\nnav: Ersättning\n---\nSe [stegen](page:vetting) och [formuläret](page:apply).\n\n{{compensation_table}}\n\nSkriv till {{unit_email}}. <script>alert(1)</script>\n";

    #[test]
    fn page_links_become_addresses_in_the_files_own_locale() {
        let page = parse(Locale::Sv, "compensation", PAGE, &settings()).unwrap();
        assert!(
            page.html.contains(r#"href="/sv/krav-och-utredning""#),
            "{}",
            page.html
        );
        assert!(page.html.contains(r#"href="/sv/intresseanmalan""#));
        let ar = PAGE.replace("slug: ersattning", "slug: compensation");
        let page = parse(Locale::Ar, "compensation", &ar, &settings()).unwrap();
        assert!(page.html.contains(r#"href="/ar/requirements-and-vetting""#));
    }

    #[test]
    fn placeholders_are_filled_and_raw_html_is_shown_as_text() {
        let page = parse(Locale::Sv, "compensation", PAGE, &settings()).unwrap();
        assert!(page.html.contains("kp@exempelby.se"));
        assert!(page.html.contains(COMPENSATION_SLOT));
        assert!(!page.html.contains("<script>"), "{}", page.html);
        assert!(page.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn malformed_files_are_refused_with_the_reason() {
        let cases = [
            ("no front matter", "Hej", "front matter"),
            (
                "unknown page link",
                &PAGE.replace("page:vetting", "page:nope"),
                "page:nope",
            ),
            (
                "wrong slug",
                &PAGE.replace("slug: ersattning", "slug: x"),
                "slug",
            ),
            (
                "missing nav",
                &PAGE.replace("nav: Ersättning\n", ""),
                "lacks nav",
            ),
        ];
        for (why, text, expected) in cases {
            let err = parse(Locale::Sv, "compensation", text, &settings())
                .err()
                .unwrap_or_else(|| panic!("{why}: accepted"));
            assert!(format!("{err:#}").contains(expected), "{why}: {err:#}");
        }
    }

    #[test]
    fn every_locales_privacy_notice_names_each_period_from_the_rules() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = Content::load(&dir, &settings()).expect("every content file parses");
        for locale in Locale::ALL {
            let page = content.get(locale, PublicPage::Privacy.id()).unwrap();
            for category in [
                Category::Applications,
                Category::ContactPersons,
                Category::EndedAssignments,
                Category::AccessLog,
            ] {
                assert_eq!(
                    page.html.matches(&retention_slot(category)).count(),
                    1,
                    "{locale:?}: {category:?}"
                );
            }
            let filled = with_live_data(page, None, None);
            assert!(!filled.html.contains("data-kp-slot"), "{locale:?}");
            assert!(
                filled.html.contains(&period_words(
                    locale,
                    Category::AccessLog.default_rule().period()
                )),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn the_repositorys_content_is_complete_in_every_locale_and_well_formed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = Content::load(&dir, &settings()).expect("every content file parses");
        assert!(
            content.missing().is_empty(),
            "missing translations: {:?}",
            content.missing()
        );
        for locale in Locale::ALL {
            for id in content_ids() {
                let page = content.get(locale, id).unwrap();
                assert!(
                    page.html.contains(&PublicPage::Apply.path(locale)),
                    "{locale:?}/{id} has no link to the form"
                );
                assert!(
                    !page.html.contains("{{"),
                    "{locale:?}/{id} has an unfilled placeholder"
                );
                assert!(
                    page.description.chars().count() <= 160,
                    "{locale:?}/{id} description too long"
                );
            }
        }
    }
}
