//! An assignment's months: each month's state and due day, each opening its report.

use super::text;
use kp_domain::contact_pages::AreaPage;
use kp_domain::i18n::fill;
use kp_domain::Locale;
use leptos::prelude::*;

use super::{set_title, BackHome};
use crate::api::contact as api;

/// The months page.
#[component]
pub fn MonthsPage(locale: Locale, id: i64) -> impl IntoView {
    let t = text();
    set_title(locale, t.months_title, false);
    let months = crate::api::load(move || api::months(id));
    view! {
        <BackHome locale=locale/>
        <h1>{t.months_title}</h1>
        <Transition fallback=move || view! { <p class="status" role="status">{t.loading}</p> }>
            {move || months.get().map(|answer| match answer {
                Err(e) => view! { <p class="notice notice-error" role="alert">{t.refusal(locale, e.status, &e.code)}</p> }.into_any(),
                Ok(list) => {
                    let day = list.first().map(|m| m.due.format("%-d").to_string()).unwrap_or_default();
                    view! {
                        <p>{fill(t.months_intro, &[("day", &day)])}</p>
                        <ul class="contact-months">
                            {list.into_iter().rev().map(|m| {
                                let name = t.month_heading(m.month);
                                view! {
                                    <li>
                                        <a href=AreaPage::Report(id, m.month).path(locale)>{fill(t.open_month, &[("month", &name)])}</a>
                                        " – " {t.state_name(m.state)}
                                        " · " {fill(t.due, &[("date", &m.due.to_string())])}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
