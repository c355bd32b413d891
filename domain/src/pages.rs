//! The one list of public pages and their localised addresses, shared by the SPA's router and the
//! server (which must know, before any wasm runs, whether a path is a page, which locale it is in,
//! and whether to answer 404).

use crate::Locale;

/// A public page. Every content page exists in every locale (a test checks the content files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicPage {
    /// The start page of a locale.
    Start,
    /// What a contact person does.
    What,
    /// Who needs a contact person.
    Who,
    /// Time and duration of an assignment.
    Time,
    /// What is asked of you, and the vetting step by step.
    Vetting,
    /// Arvode and omkostnad; the current levels come from the API.
    Compensation,
    /// Duty of confidentiality.
    Confidentiality,
    /// Suggesting yourself for a child you already know.
    Suggest,
    /// Training and support.
    Training,
    /// Illustrative stories.
    Stories,
    /// Questions and answers.
    Faq,
    /// Privacy notice.
    Privacy,
    /// Accessibility statement.
    Accessibility,
    /// The interest form (not a content page: the SPA renders it).
    Apply,
}

impl PublicPage {
    /// Every public page, in menu order.
    pub const ALL: [PublicPage; 14] = [
        PublicPage::Start,
        PublicPage::What,
        PublicPage::Who,
        PublicPage::Time,
        PublicPage::Vetting,
        PublicPage::Compensation,
        PublicPage::Confidentiality,
        PublicPage::Suggest,
        PublicPage::Training,
        PublicPage::Stories,
        PublicPage::Faq,
        PublicPage::Privacy,
        PublicPage::Accessibility,
        PublicPage::Apply,
    ];

    /// The stable id: the content file's name (`content/<locale>/<id>.md`) and the API's name.
    pub fn id(self) -> &'static str {
        match self {
            PublicPage::Start => "start",
            PublicPage::What => "what",
            PublicPage::Who => "who",
            PublicPage::Time => "time",
            PublicPage::Vetting => "vetting",
            PublicPage::Compensation => "compensation",
            PublicPage::Confidentiality => "confidentiality",
            PublicPage::Suggest => "suggest",
            PublicPage::Training => "training",
            PublicPage::Stories => "stories",
            PublicPage::Faq => "faq",
            PublicPage::Privacy => "privacy",
            PublicPage::Accessibility => "accessibility",
            PublicPage::Apply => "apply",
        }
    }

    /// Looks a page up by its id.
    pub fn from_id(id: &str) -> Option<PublicPage> {
        PublicPage::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Whether the page's text is a content file (everything but the interest form).
    pub fn has_content_file(self) -> bool {
        self != PublicPage::Apply
    }

    /// Whether the page's footer offers the interest form ("Anmäl intresse"): every page but the
    /// form itself, where it would lead nowhere new, and after sending would invite a duplicate.
    pub fn offers_the_form(self) -> bool {
        self != PublicPage::Apply
    }

    /// The page's slug in a locale: Swedish slugs for both Swedish locales, English ones otherwise
    /// (readable, and no percent-encoding of Arabic script in addresses people copy).
    pub fn slug(self, locale: Locale) -> &'static str {
        let swedish = matches!(locale, Locale::Sv | Locale::Lattlast);
        match (self, swedish) {
            (PublicPage::Start, _) => "",
            (PublicPage::What, true) => "vad-gor-en-kontaktperson",
            (PublicPage::What, false) => "what-a-contact-person-does",
            (PublicPage::Who, true) => "vem-behover-en-kontaktperson",
            (PublicPage::Who, false) => "who-needs-a-contact-person",
            (PublicPage::Time, true) => "tid-och-langd",
            (PublicPage::Time, false) => "time-and-duration",
            (PublicPage::Vetting, true) => "krav-och-utredning",
            (PublicPage::Vetting, false) => "requirements-and-vetting",
            (PublicPage::Compensation, true) => "ersattning",
            (PublicPage::Compensation, false) => "compensation",
            (PublicPage::Confidentiality, true) => "tystnadsplikt",
            (PublicPage::Confidentiality, false) => "confidentiality",
            (PublicPage::Suggest, true) => "foresla-dig-sjalv",
            (PublicPage::Suggest, false) => "suggest-yourself",
            (PublicPage::Training, true) => "utbildning-och-stod",
            (PublicPage::Training, false) => "training-and-support",
            (PublicPage::Stories, true) => "berattelser",
            (PublicPage::Stories, false) => "stories",
            (PublicPage::Faq, true) => "vanliga-fragor",
            (PublicPage::Faq, false) => "questions-and-answers",
            (PublicPage::Privacy, true) => "personuppgifter",
            (PublicPage::Privacy, false) => "privacy",
            (PublicPage::Accessibility, true) => "tillganglighet",
            (PublicPage::Accessibility, false) => "accessibility",
            (PublicPage::Apply, true) => "intresseanmalan",
            (PublicPage::Apply, false) => "apply",
        }
    }

    /// The page's absolute path in a locale, e.g. `/sv/ersattning` or `/ar/`.
    pub fn path(self, locale: Locale) -> String {
        format!("/{}/{}", locale.code(), self.slug(locale))
    }
}

/// What a request path means, before any wasm runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: send the visitor to the best locale.
    Root,
    /// A public page in a locale.
    Public(Locale, PublicPage),
    /// A path under a locale that names no page: the localised not-found page, status 404.
    NotFound(Locale),
    /// The caseworker area (`/handlaggare/…`); its own routes are the SPA's business.
    Caseworker,
    /// The contact person's own area in a locale (`/sv/mina-sidor/…`, `/ar/my-pages/…`, see
    /// [`crate::contact_area::area_path`]); its own pages are [`crate::contact_pages::AreaPage`].
    ContactArea(Locale),
    /// Anything else: not found, in the default locale.
    Unknown,
}

impl Route {
    /// Classifies a URL path (without query string). A trailing slash on a page is tolerated.
    pub fn parse(path: &str) -> Route {
        let trimmed = path.trim_start_matches('/');
        if trimmed.is_empty() {
            return Route::Root;
        }
        let mut segments = trimmed.splitn(2, '/');
        let first = segments.next().unwrap_or("");
        let rest = segments.next().unwrap_or("").trim_end_matches('/');
        if first == "handlaggare" {
            return Route::Caseworker;
        }
        let Some(locale) = Locale::from_code(first) else {
            return Route::Unknown;
        };
        if crate::contact_pages::AreaPage::under_area(locale, path).is_some() {
            return Route::ContactArea(locale);
        }
        PublicPage::ALL
            .into_iter()
            .find(|p| p.slug(locale) == rest)
            .map(|p| Route::Public(locale, p))
            .unwrap_or(Route::NotFound(locale))
    }

    /// The locale the page is shown in.
    pub fn locale(self) -> Locale {
        match self {
            Route::Public(l, _) | Route::NotFound(l) | Route::ContactArea(l) => l,
            _ => Locale::DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_path_parses_back_to_the_same_page_in_every_locale() {
        for locale in Locale::ALL {
            for page in PublicPage::ALL {
                let path = page.path(locale);
                assert_eq!(Route::parse(&path), Route::Public(locale, page), "{path}");
            }
        }
    }

    #[test]
    fn slugs_are_unique_within_a_locale_and_plain_ascii() {
        for locale in Locale::ALL {
            let mut seen = std::collections::HashSet::new();
            for page in PublicPage::ALL {
                let slug = page.slug(locale);
                assert!(seen.insert(slug), "duplicate slug {slug} in {locale:?}");
                assert!(
                    slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                    "{slug} is not a plain slug"
                );
            }
        }
    }

    #[test]
    fn paths_are_classified_before_any_wasm_runs() {
        let cases = [
            ("/", Route::Root),
            ("/sv", Route::Public(Locale::Sv, PublicPage::Start)),
            ("/ar/", Route::Public(Locale::Ar, PublicPage::Start)),
            (
                "/sv/ersattning/",
                Route::Public(Locale::Sv, PublicPage::Compensation),
            ),
            ("/en/ersattning", Route::NotFound(Locale::En)),
            ("/sv/finns-inte/alls", Route::NotFound(Locale::Sv)),
            ("/handlaggare/ansokningar/12", Route::Caseworker),
            ("/sv/mina-sidor", Route::ContactArea(Locale::Sv)),
            (
                "/lattlast/mina-sidor/",
                Route::ContactArea(Locale::Lattlast),
            ),
            (
                "/sv/mina-sidor/uppdrag/3/avtal",
                Route::ContactArea(Locale::Sv),
            ),
            ("/ar/my-pages/assignments/3", Route::ContactArea(Locale::Ar)),
            ("/ar/mina-sidor", Route::NotFound(Locale::Ar)),
            ("/sv/mina-sidorna", Route::NotFound(Locale::Sv)),
            ("/de/", Route::Unknown),
            ("/favicon.ico", Route::Unknown),
        ];
        for (path, expected) in cases {
            assert_eq!(Route::parse(path), expected, "{path}");
        }
    }
}
