//! The area's pages that are not needed to sign in: each is in a wasm part of its own group,
//! fetched the first time a caseworker opens one of the group's pages (Leptos' `Lazy` routes over
//! `wasm_split` split points; `scripts/build-split.mjs handlaggare` cuts the parts). The sign-in,
//! the frame and the overview stay in the area's first wasm.
//!
//! A part that cannot be fetched (offline, a server restarted with a new build) shows a page that
//! says so; the failure is not remembered, so opening the page again tries again.
//!
//! The split points exist only with the `caseworker-parts` feature (the caseworker bin as the
//! build script builds it): each is an exported `#[no_mangle]` function, which would put every
//! page into every other bundle. Without it the routes show their pages directly, in one wasm.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

/// The page shown when its part could not be fetched.
fn shown(part: Result<AnyView, SplitLoaderError>) -> AnyView {
    match part {
        Ok(page) => page,
        Err(_) => view! {
            <h1>"Sidan kunde inte hämtas"</h1>
            <p class="status" role="alert">
                "Kontrollera anslutningen och öppna sidan igen, eller ladda om sidan."
            </p>
        }
        .into_any(),
    }
}

/// A route (`$route`) whose page (`$page`) is in the wasm part `$group`, loaded through `$load`.
macro_rules! page_in_part {
    ($route:ident, $group:ident, $load:ident, $page:path) => {
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(feature = "caseworker-parts")]
                let page = $load().await;
                #[cfg(not(feature = "caseworker-parts"))]
                let page = $load();
                shown(page)
            }
        }

        #[cfg_attr(
            feature = "caseworker-parts",
            leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        fn $load() -> Result<AnyView, SplitLoaderError> {
            Ok($page().into_any())
        }
    };
}

// Vetting: the applicants and one applicant's pipeline.
page_in_part!(
    Applicants,
    vetting,
    applicants_page,
    super::applicants::ApplicantsPage
);
page_in_part!(
    Applicant,
    vetting,
    applicant_page,
    super::applicant::ApplicantPage
);
// Placements: needs, matching and assignments.
page_in_part!(Needs, placements, needs_page, super::needs::NeedsPage);
page_in_part!(
    NewNeed,
    placements,
    new_need_page,
    super::needs::NewNeedPage
);
page_in_part!(Need, placements, need_page, super::need::NeedPage);
page_in_part!(
    Assignments,
    placements,
    assignments_page,
    super::assignments::AssignmentsPage
);
page_in_part!(
    Assignment,
    placements,
    assignment_page,
    super::assignment::AssignmentPage
);
// Follow-up and pay: monthly reports, the payment basis, the outgoing mail.
page_in_part!(
    Reports,
    follow_up,
    reports_page,
    super::reports::ReportsPage
);
page_in_part!(
    Report,
    follow_up,
    report_page,
    super::report_review::ReportPage
);
page_in_part!(
    PaymentBasis,
    follow_up,
    payment_basis_page,
    super::payment_basis::PaymentBasisPage
);
page_in_part!(Outbox, follow_up, outbox_page, super::outbox::OutboxPage);
// The caseworker's own account.
page_in_part!(Account, account, account_page, super::account::AccountPage);
// Administration: rates, retention, districts, accounts, the access log, register extracts.
page_in_part!(
    Compensation,
    administration,
    compensation_page,
    super::compensation::CompensationPage
);
page_in_part!(
    Retention,
    administration,
    retention_page,
    super::retention::RetentionPage
);
page_in_part!(
    Districts,
    administration,
    districts_page,
    super::districts::DistrictsPage
);
page_in_part!(
    Accounts,
    administration,
    accounts_page,
    super::accounts::AccountsPage
);
page_in_part!(
    AccessLog,
    administration,
    access_log_page,
    super::access_log::AccessLogPage
);
page_in_part!(
    Extract,
    administration,
    extract_page,
    super::extract::ExtractPage
);
