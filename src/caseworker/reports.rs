//! Rapporter (`/handlaggare/rapporter`): the contact persons' monthly reports waiting for review,
//! oldest sending first, each opening its report; and the months past their due day without a
//! sent report.

use kp_domain::purpose::Purpose;
use kp_domain::reports::{OverdueReport, ReviewRow};
use leptos::prelude::*;

use super::review_text::{month_name, overdue_payable, timeliness};
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;

/// The address of one month's report.
pub fn report_href(assignment_id: i64, month: kp_domain::compensation::Month) -> String {
    CaseworkerRoute::report(assignment_id, month).href()
}

/// The address of an assignment's page.
pub fn assignment_href(assignment_id: i64) -> String {
    CaseworkerRoute::assignment(assignment_id).href()
}

/// The reports page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <RequireSignIn><ReportsContent/></RequireSignIn> }
}

#[component]
fn ReportsContent() -> impl IntoView {
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Rapporter – {}", text::PRODUCT),
        "Kontaktpersonernas månadsrapporter att granska, och försenade rapporter",
    );
    let waiting = api::load(|| api::reports_waiting(Purpose::ReportReview));
    let overdue = api::load(|| api::reports_overdue(Purpose::ReportReview));
    view! {
        <h1>"Rapporter"</h1>
        <p class="lead-small">"Kontaktpersonernas månadsrapporter. En godkänd rapport låses och ligger till grund för utbetalningen. En rapport som skickas tillbaka kan kontaktpersonen ändra och skicka igen."</p>
        <section aria-labelledby="waiting-reports-heading" class="admin-section">
            <h2 id="waiting-reports-heading">"Väntar på granskning"</h2>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar rapporterna …"</p> }>
                {move || waiting.get().map(|answer| match answer {
                    Err(_) => view! { <p class="status" role="alert">"Rapporterna kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                    Ok(rows) => waiting_table(rows).into_any(),
                })}
            </Transition>
        </section>
        <section aria-labelledby="overdue-reports-heading" class="admin-section" id="forsenade">
            <h2 id="overdue-reports-heading">"Försenade rapporter"</h2>
            <p class="hint">"Månader där sista dagen att rapportera har passerat utan att någon rapport har skickats (ett utkast räknas inte)."</p>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar försenade rapporter …"</p> }>
                {move || overdue.get().map(|answer| match answer {
                    Err(_) => view! { <p class="status" role="alert">"De försenade rapporterna kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                    Ok(rows) => overdue_table(rows).into_any(),
                })}
            </Transition>
        </section>
    }
}

fn waiting_table(rows: Vec<ReviewRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"Inga rapporter väntar på granskning."</p> }.into_any();
    }
    view! {
        <table class="dense">
            <caption class="visually-hidden">"Rapporter som väntar på granskning"</caption>
            <thead><tr>
                <th scope="col">"Månad"</th>
                <th scope="col">"Kontaktperson"</th>
                <th scope="col">"Uppdrag"</th>
                <th scope="col">"Skickad"</th>
                <th scope="col">"I tid"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let month = month_name(r.month);
                    view! {
                        <tr>
                            <th scope="row"><a href=report_href(r.assignment_id, r.month)
                                aria-label=format!("Granska rapporten för {month} från {}", r.contact_person_name)>{month.clone()}</a></th>
                            <td>{r.contact_person_name.clone()}</td>
                            <td><a class="ref-code" href=assignment_href(r.assignment_id)>{r.assignment_reference}</a></td>
                            <td>{kp_domain::time::display_in_sweden(&r.submitted_at)}</td>
                            <td class:overdue=r.late>{timeliness(r.late, r.payable)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn overdue_table(rows: Vec<OverdueReport>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"Inga rapporter är försenade."</p> }.into_any();
    }
    view! {
        <table class="dense">
            <caption class="visually-hidden">"Försenade rapporter"</caption>
            <thead><tr>
                <th scope="col">"Månad"</th>
                <th scope="col">"Kontaktperson"</th>
                <th scope="col">"Uppdrag"</th>
                <th scope="col">"Sista dag"</th>
                <th scope="col">"Ersättning"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{month_name(r.month)}</th>
                        <td>{r.contact_person_name}</td>
                        <td><a class="ref-code" href=assignment_href(r.assignment_id)>{r.assignment_reference}</a></td>
                        <td>{r.due.to_string()}</td>
                        <td>{overdue_payable(r.payable)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
