//! The monthly reports of one assignment on its page: every month it reports, newest first, where
//! each is, and a link to each one sent (to review it, or to read it once approved and locked).

use kp_domain::purpose::Purpose;
use kp_domain::reports::ReportMonth;
use leptos::prelude::*;

use super::reports::report_href;
use super::review_text::{month_name, month_sent, month_state_name};
use crate::api;

/// The months of assignment `id`.
#[component]
pub fn AssignmentReports(id: i64) -> impl IntoView {
    let months = api::load(move || async move {
        api::report_months(&id.to_string(), Purpose::AssignmentPage).await
    });
    view! {
        <section aria-labelledby="reports-heading" class="assignment-section">
            <h2 id="reports-heading">"Månadsrapporter"</h2>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar månadsrapporterna …"</p> }>
                {move || months.get().map(|answer| match answer {
                    Err(_) => view! { <p class="status" role="alert">"Månadsrapporterna kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"Uppdraget har inte börjat, så det finns inga månader att rapportera ännu."</p> }.into_any(),
                    Ok(list) => months_table(id, list).into_any(),
                })}
            </Transition>
        </section>
    }
}

fn months_table(id: i64, list: Vec<ReportMonth>) -> impl IntoView {
    view! {
        <table class="dense">
            <caption class="visually-hidden">"Månadsrapporter"</caption>
            <thead><tr>
                <th scope="col">"Månad"</th>
                <th scope="col">"Läge"</th>
                <th scope="col">"Sista dag"</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|m| {
                    let name = month_name(m.month);
                    let month = if month_sent(m.state) {
                        view! { <a href=report_href(id, m.month) aria-label=format!("Rapporten för {name}")>{name.clone()}</a> }.into_any()
                    } else {
                        view! { <span>{name.clone()}</span> }.into_any()
                    };
                    let overdue = m.state == kp_domain::monthly_report::MonthState::Overdue;
                    view! {
                        <tr>
                            <th scope="row">{month}</th>
                            <td class:overdue=overdue>{month_state_name(m.state)}</td>
                            <td>{m.due.to_string()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
