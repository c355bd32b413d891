//! Every page of the caseworker area as a [`CaseworkerRoute`] (as the public site's
//! [`kp_domain::Route`]): the router's paths, the navigation and every link and redirect are
//! made from it, so no address of the area is written out anywhere else.
//!
//! A route has two spellings: [`CaseworkerRoute::href`], the full address a link or the browser
//! shows (`/handlaggare/sokande/KP-2026-0001`), and [`CaseworkerRoute::path`], the same inside
//! the router (`/sokande/KP-2026-0001`), which is what `use_navigate` takes (the router adds its
//! base). An address with a query or a fragment is an [`Address`], made by
//! [`CaseworkerRoute::query`] or [`CaseworkerRoute::fragment`].

use kp_domain::compensation::Month;

use crate::api::encode;

/// The caseworker area's path prefix (the router's base).
pub const AREA: &str = "/handlaggare";

/// A page of the caseworker area. A segment that comes from data is percent-encoded in the
/// address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseworkerRoute {
    /// `/`: the start screen.
    Overview,
    /// `/logga-in`.
    SignIn,
    /// `/sokande`: the list of applicants.
    Applicants,
    /// `/sokande/:reference`: one applicant (`KP-2026-0001`).
    Applicant { reference: String },
    /// `/behov`: the list of needs.
    Needs,
    /// `/behov/ny`: registering a new need.
    NewNeed,
    /// `/behov/:reference`: one need (`B-2026-0001`).
    Need { reference: String },
    /// `/uppdrag`: the list of assignments.
    Assignments,
    /// `/uppdrag/:id`: one assignment, by its id.
    Assignment { id: String },
    /// `/rapporter`: the reports waiting for review.
    Reports,
    /// `/rapporter/:id/:month`: one assignment's report for a month (`2026-11`).
    Report { id: String, month: Month },
    /// `/utbetalning`: the payment basis.
    PaymentBasis,
    /// `/utskick`: the outbox.
    Outbox,
    /// `/ersattning`: the compensation levels.
    Compensation,
    /// `/gallring`: retention.
    Retention,
    /// `/omraden`: districts.
    Districts,
    /// `/mitt-konto`: the signed-in caseworker's own account.
    Account,
    /// `/konton`: every account.
    Accounts,
    /// `/atkomstlogg`: the access log.
    AccessLog,
    /// `/registerutdrag`: the register extract.
    Extract,
}

/// The pages without data in their address (each one's segment is in
/// [`CaseworkerRoute::path`]).
const FIXED: [CaseworkerRoute; 16] = [
    CaseworkerRoute::Overview,
    CaseworkerRoute::SignIn,
    CaseworkerRoute::Applicants,
    CaseworkerRoute::Needs,
    CaseworkerRoute::NewNeed,
    CaseworkerRoute::Assignments,
    CaseworkerRoute::Reports,
    CaseworkerRoute::PaymentBasis,
    CaseworkerRoute::Outbox,
    CaseworkerRoute::Compensation,
    CaseworkerRoute::Retention,
    CaseworkerRoute::Districts,
    CaseworkerRoute::Account,
    CaseworkerRoute::Accounts,
    CaseworkerRoute::AccessLog,
    CaseworkerRoute::Extract,
];

const APPLICANTS: &str = "sokande";
const NEEDS: &str = "behov";
const ASSIGNMENTS: &str = "uppdrag";
const REPORTS: &str = "rapporter";

impl CaseworkerRoute {
    /// One applicant's page.
    pub fn applicant(reference: impl Into<String>) -> CaseworkerRoute {
        CaseworkerRoute::Applicant {
            reference: reference.into(),
        }
    }

    /// One need's page.
    pub fn need(reference: impl Into<String>) -> CaseworkerRoute {
        CaseworkerRoute::Need {
            reference: reference.into(),
        }
    }

    /// One assignment's page (its id as the server gives it, a number or its text).
    pub fn assignment(id: impl ToString) -> CaseworkerRoute {
        CaseworkerRoute::Assignment { id: id.to_string() }
    }

    /// One assignment's report for `month`.
    pub fn report(id: impl ToString, month: Month) -> CaseworkerRoute {
        CaseworkerRoute::Report {
            id: id.to_string(),
            month,
        }
    }

    /// The address inside the router (`/sokande/KP-2026-0001`), for `use_navigate`.
    pub fn path(&self) -> String {
        let with = |segment: &str, data: &str| format!("/{segment}/{}", encode(data));
        let fixed = match self {
            CaseworkerRoute::Applicant { reference } => return with(APPLICANTS, reference),
            CaseworkerRoute::Need { reference } => return with(NEEDS, reference),
            CaseworkerRoute::Assignment { id } => return with(ASSIGNMENTS, id),
            CaseworkerRoute::Report { id, month } => {
                return format!("{}/{month}", with(REPORTS, id))
            }
            CaseworkerRoute::Overview => "",
            CaseworkerRoute::SignIn => "logga-in",
            CaseworkerRoute::Applicants => APPLICANTS,
            CaseworkerRoute::Needs => NEEDS,
            CaseworkerRoute::NewNeed => "behov/ny",
            CaseworkerRoute::Assignments => ASSIGNMENTS,
            CaseworkerRoute::Reports => REPORTS,
            CaseworkerRoute::PaymentBasis => "utbetalning",
            CaseworkerRoute::Outbox => "utskick",
            CaseworkerRoute::Compensation => "ersattning",
            CaseworkerRoute::Retention => "gallring",
            CaseworkerRoute::Districts => "omraden",
            CaseworkerRoute::Account => "mitt-konto",
            CaseworkerRoute::Accounts => "konton",
            CaseworkerRoute::AccessLog => "atkomstlogg",
            CaseworkerRoute::Extract => "registerutdrag",
        };
        format!("/{fixed}")
    }

    /// The full address (`/handlaggare/sokande/KP-2026-0001`; the overview is `/handlaggare/`).
    pub fn href(&self) -> String {
        format!("{AREA}{}", self.path())
    }

    /// The router's pattern for this page (`/sokande/:reference`), as `path!` in the router
    /// spells it.
    pub fn pattern(&self) -> String {
        match self {
            CaseworkerRoute::Applicant { .. } => format!("/{APPLICANTS}/:reference"),
            CaseworkerRoute::Need { .. } => format!("/{NEEDS}/:reference"),
            CaseworkerRoute::Assignment { .. } => format!("/{ASSIGNMENTS}/:id"),
            CaseworkerRoute::Report { .. } => format!("/{REPORTS}/:id/:month"),
            fixed => fixed.path(),
        }
    }

    /// Which page a path inside the router is (`/sokande/KP-2026-0001`, without query); `None`
    /// for a path that is no page of the area. A trailing slash is tolerated.
    pub fn parse(path: &str) -> Option<CaseworkerRoute> {
        let inside = path.strip_prefix('/')?;
        let inside = inside.strip_suffix('/').unwrap_or(inside);
        if let Some(route) = FIXED.iter().find(|r| r.path()[1..] == *inside) {
            return Some(route.clone());
        }
        let segments: Vec<&str> = inside.split('/').collect();
        let data = |text: &str| decode(text).filter(|t| !t.is_empty());
        match segments.as_slice() {
            [APPLICANTS, reference] => Some(CaseworkerRoute::applicant(data(reference)?)),
            [NEEDS, reference] => Some(CaseworkerRoute::need(data(reference)?)),
            [ASSIGNMENTS, id] => Some(CaseworkerRoute::assignment(data(id)?)),
            [REPORTS, id, month] => Some(CaseworkerRoute::report(data(id)?, Month::parse(month)?)),
            _ => None,
        }
    }

    /// This page with a query parameter (left out when `value` is empty).
    pub fn query(self, key: &'static str, value: impl AsRef<str>) -> Address {
        Address::from(self).query(key, value)
    }

    /// This page at an element (`#meddelanden`).
    pub fn fragment(self, id: &'static str) -> Address {
        Address::from(self).fragment(id)
    }
}

/// A page of the area with a query and a fragment (`/handlaggare/sokande?stage=new&page=2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    route: CaseworkerRoute,
    query: Vec<(&'static str, String)>,
    fragment: Option<&'static str>,
}

impl From<CaseworkerRoute> for Address {
    fn from(route: CaseworkerRoute) -> Address {
        Address {
            route,
            query: Vec::new(),
            fragment: None,
        }
    }
}

impl Address {
    /// Adds a query parameter; an empty value is left out, so an unset filter does not show in
    /// the address.
    pub fn query(mut self, key: &'static str, value: impl AsRef<str>) -> Address {
        let value = value.as_ref();
        if !value.is_empty() {
            self.query.push((key, value.to_string()));
        }
        self
    }

    /// Sets the fragment (`#meddelanden`).
    pub fn fragment(mut self, id: &'static str) -> Address {
        self.fragment = Some(id);
        self
    }

    /// The query string without `?` (`stage=new&page=2`), values percent-encoded; `""` for none.
    pub fn query_string(&self) -> String {
        self.query
            .iter()
            .map(|(key, value)| format!("{key}={}", encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn tail(&self) -> String {
        let query = match self.query_string() {
            q if q.is_empty() => q,
            q => format!("?{q}"),
        };
        let fragment = self.fragment.map(|f| format!("#{f}")).unwrap_or_default();
        format!("{query}{fragment}")
    }

    /// The address inside the router, for `use_navigate`.
    pub fn path(&self) -> String {
        format!("{}{}", self.route.path(), self.tail())
    }

    /// The full address, for a link.
    pub fn href(&self) -> String {
        format!("{}{}", self.route.href(), self.tail())
    }
}

/// Undoes [`encode`]: `None` for a broken escape or bytes that are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month() -> Month {
        Month::parse("2026-11").unwrap()
    }

    /// One of every page, those with data in their address with a sample.
    fn every_route() -> Vec<CaseworkerRoute> {
        let mut all: Vec<CaseworkerRoute> = FIXED.to_vec();
        all.extend([
            CaseworkerRoute::applicant("KP-2026-0001"),
            CaseworkerRoute::need("B-2026-0003"),
            CaseworkerRoute::assignment(7),
            CaseworkerRoute::report(7, month()),
        ]);
        all
    }

    /// The `path!("…")` patterns the router in `mod.rs` is written with.
    fn router_patterns() -> Vec<String> {
        include_str!("mod.rs")
            .split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(p, _)| p.to_string()))
            .collect()
    }

    #[test]
    fn every_route_is_the_same_route_after_a_round_trip_through_its_address() {
        for route in every_route() {
            let path = route.path();
            assert_eq!(CaseworkerRoute::parse(&path), Some(route.clone()), "{path}");
            let href = route.href();
            let inside = href.strip_prefix(AREA).unwrap();
            assert_eq!(CaseworkerRoute::parse(inside), Some(route), "{href}");
        }
    }

    #[test]
    fn the_router_has_exactly_one_path_for_every_route_and_no_other() {
        let mut from_routes: Vec<String> = every_route().iter().map(|r| r.pattern()).collect();
        let mut in_router = router_patterns();
        from_routes.sort();
        in_router.sort();
        assert_eq!(in_router, from_routes);
    }

    #[test]
    fn the_addresses_are_the_ones_people_and_the_browser_tests_see() {
        let cases = [
            (CaseworkerRoute::Overview, "/handlaggare/"),
            (CaseworkerRoute::SignIn, "/handlaggare/logga-in"),
            (CaseworkerRoute::NewNeed, "/handlaggare/behov/ny"),
            (CaseworkerRoute::Extract, "/handlaggare/registerutdrag"),
            (
                CaseworkerRoute::applicant("KP-2026-0001"),
                "/handlaggare/sokande/KP-2026-0001",
            ),
            (CaseworkerRoute::assignment(7), "/handlaggare/uppdrag/7"),
            (
                CaseworkerRoute::report(7, month()),
                "/handlaggare/rapporter/7/2026-11",
            ),
        ];
        for (route, href) in cases {
            assert_eq!(route.href(), href, "{route:?}");
        }
        assert_eq!(CaseworkerRoute::Overview.path(), "/");
        assert_eq!(
            CaseworkerRoute::need("B-2026-0003").path(),
            "/behov/B-2026-0003"
        );
    }

    #[test]
    fn a_reference_with_odd_characters_is_encoded_and_read_back() {
        let odd = "KP 2026/0001?x=1#å";
        let route = CaseworkerRoute::applicant(odd);
        assert_eq!(
            route.href(),
            "/handlaggare/sokande/KP%202026%2F0001%3Fx%3D1%23%C3%A5"
        );
        assert_eq!(CaseworkerRoute::parse(&route.path()), Some(route));
    }

    #[test]
    fn a_query_leaves_out_empty_values_and_encodes_the_rest() {
        let address = CaseworkerRoute::need("B-2026-0003").query("kontaktperson", "KP-2026-0042");
        assert_eq!(
            address.href(),
            "/handlaggare/behov/B-2026-0003?kontaktperson=KP-2026-0042"
        );
        let list = CaseworkerRoute::Applicants
            .query("stage", "")
            .query("q", "Anna & Bo")
            .query("page", "2");
        assert_eq!(list.path(), "/sokande?q=Anna%20%26%20Bo&page=2");
        assert_eq!(
            CaseworkerRoute::Applicants.query("q", "").path(),
            "/sokande"
        );
        assert_eq!(
            CaseworkerRoute::assignment(7)
                .fragment("meddelanden")
                .href(),
            "/handlaggare/uppdrag/7#meddelanden"
        );
    }

    #[test]
    fn a_path_that_is_no_page_of_the_area_is_none() {
        for path in [
            "",
            "sokande",
            "/finns-inte",
            "/sokande/a/b",
            "/rapporter/7",
            "/rapporter/7/november",
            "/sokande/%ZZ",
            "/sokande/%FF",
            "/handlaggare/sokande",
        ] {
            assert_eq!(CaseworkerRoute::parse(path), None, "{path:?}");
        }
        assert_eq!(
            CaseworkerRoute::parse("/behov/"),
            Some(CaseworkerRoute::Needs)
        );
    }
}
