//! The one list of the contact person's area's pages and their addresses under
//! [`area_path`] (`/sv/mina-sidor/uppdrag/7/avtal`, `/ar/my-pages/assignments/7/agreement`). The
//! server serves the area's shell for every path under the area; the SPA shows the page
//! [`AreaPage::parse`] finds, or its own not-found page.

use crate::compensation::Month;
use crate::contact_area::area_path;
use crate::Locale;

/// A page of the contact person's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaPage {
    /// Signed in: the person's assignments. Signed out: the sign-in page.
    Home,
    /// An assignment's agreement.
    Agreement(i64),
    /// An assignment's months and their reports.
    Months(i64),
    /// One month's report.
    Report(i64, Month),
    /// An assignment's messages, and the worry.
    Messages(i64),
    /// A path under the area that names no page.
    NotFound,
}

/// The words of the sub-paths: Swedish for both Swedish locales, English otherwise (as the public
/// pages' slugs).
struct Words {
    assignments: &'static str,
    agreement: &'static str,
    reports: &'static str,
    messages: &'static str,
}

fn words(locale: Locale) -> Words {
    if matches!(locale, Locale::Sv | Locale::Lattlast) {
        Words {
            assignments: "uppdrag",
            agreement: "avtal",
            reports: "rapporter",
            messages: "meddelanden",
        }
    } else {
        Words {
            assignments: "assignments",
            agreement: "agreement",
            reports: "reports",
            messages: "messages",
        }
    }
}

impl AreaPage {
    /// The part of `path` after the area's address in `locale` (`""` for the area itself,
    /// `"uppdrag/7/avtal"`), or `None` when `path` is not in the area.
    pub fn under_area(locale: Locale, path: &str) -> Option<&str> {
        let area = area_path(locale);
        let rest = path.strip_prefix(area.as_str())?;
        if rest.is_empty() {
            return Some("");
        }
        rest.strip_prefix('/').map(|r| r.trim_end_matches('/'))
    }

    /// The page a path in `locale`'s area names (`None` when the path is not in the area).
    pub fn parse(locale: Locale, path: &str) -> Option<AreaPage> {
        let rest = AreaPage::under_area(locale, path)?;
        let w = words(locale);
        let parts: Vec<&str> = rest.split('/').collect();
        let id = |text: &str| text.parse::<i64>().ok().filter(|id| *id > 0);
        let page = match parts.as_slice() {
            [""] => AreaPage::Home,
            [a, n, page] if *a == w.assignments => match (id(n), *page) {
                (Some(n), p) if p == w.agreement => AreaPage::Agreement(n),
                (Some(n), p) if p == w.reports => AreaPage::Months(n),
                (Some(n), p) if p == w.messages => AreaPage::Messages(n),
                _ => AreaPage::NotFound,
            },
            [a, n, r, month] if *a == w.assignments && *r == w.reports => {
                match (id(n), Month::parse(month)) {
                    (Some(n), Some(month)) => AreaPage::Report(n, month),
                    _ => AreaPage::NotFound,
                }
            }
            _ => AreaPage::NotFound,
        };
        Some(page)
    }

    /// The page's address in `locale`.
    pub fn path(self, locale: Locale) -> String {
        let area = area_path(locale);
        let w = words(locale);
        let a = w.assignments;
        match self {
            AreaPage::Home | AreaPage::NotFound => area,
            AreaPage::Agreement(id) => format!("{area}/{a}/{id}/{}", w.agreement),
            AreaPage::Months(id) => format!("{area}/{a}/{id}/{}", w.reports),
            AreaPage::Report(id, month) => {
                format!("{area}/{a}/{id}/{}/{}", w.reports, String::from(month))
            }
            AreaPage::Messages(id) => format!("{area}/{a}/{id}/{}", w.messages),
        }
    }

    /// The assignment the page is about, if any.
    pub fn assignment(self) -> Option<i64> {
        match self {
            AreaPage::Agreement(id)
            | AreaPage::Months(id)
            | AreaPage::Report(id, _)
            | AreaPage::Messages(id) => Some(id),
            AreaPage::Home | AreaPage::NotFound => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_path_parses_back_to_the_same_page_in_every_locale() {
        let month = Month::new(2026, 10).unwrap();
        for locale in Locale::ALL {
            for page in [
                AreaPage::Home,
                AreaPage::Agreement(7),
                AreaPage::Months(7),
                AreaPage::Report(7, month),
                AreaPage::Messages(7),
            ] {
                let path = page.path(locale);
                assert_eq!(AreaPage::parse(locale, &path), Some(page), "{path}");
                assert!(path.is_ascii(), "{path}");
            }
        }
    }

    #[test]
    fn paths_under_the_area_that_name_no_page_are_not_found_and_others_are_not_the_area() {
        let sv = Locale::Sv;
        let cases = [
            ("/sv/mina-sidor/", Some(AreaPage::Home)),
            ("/sv/mina-sidor/uppdrag/x/avtal", Some(AreaPage::NotFound)),
            ("/sv/mina-sidor/uppdrag/0/avtal", Some(AreaPage::NotFound)),
            (
                "/sv/mina-sidor/uppdrag/3/rapporter/2026-13",
                Some(AreaPage::NotFound),
            ),
            (
                "/sv/mina-sidor/assignments/3/agreement",
                Some(AreaPage::NotFound),
            ),
            ("/sv/mina-sidorx", None),
            ("/sv/ersattning", None),
        ];
        for (path, page) in cases {
            assert_eq!(AreaPage::parse(sv, path), page, "{path}");
        }
    }
}
