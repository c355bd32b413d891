//! The area's first page once signed in: the person's assignments (ongoing first), each with
//! whether its agreement waits for acceptance and the ways to its agreement, months and messages.

use super::text;
use kp_domain::contact_area::{ContactAssignment, ContactMe};
use kp_domain::contact_pages::AreaPage;
use kp_domain::i18n::fill;
use kp_domain::Locale;
use leptos::prelude::*;

use super::set_title;

/// The list of assignments.
#[component]
pub fn HomePage(locale: Locale, me: ContactMe) -> impl IntoView {
    let t = text();
    set_title(locale, t.home_title, false);
    let assignments = me.assignments.clone();
    view! {
        <h1>{t.home_title}</h1>
        <p>{fill(t.hello, &[("name", &me.name)])}</p>
        <p class="hint">{fill(t.reference, &[("reference", &me.reference)])}</p>
        {if assignments.is_empty() {
            view! { <p>{t.no_assignments}</p> }.into_any()
        } else {
            view! {
                <ul class="contact-assignments">
                    {assignments.into_iter().map(|a| view! { <li>{card(locale, a)}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

fn card(locale: Locale, a: ContactAssignment) -> impl IntoView {
    let t = text();
    let heading_id = format!("assignment-{}", a.id);
    let dates = match a.end_date {
        Some(end) => format!(
            "{} · {}",
            fill(t.started, &[("date", &a.start_date.to_string())]),
            fill(t.ended, &[("date", &end.to_string())])
        ),
        None => fill(t.started, &[("date", &a.start_date.to_string())]),
    };
    let agreement = if a.agreement_accepted {
        t.agreement_ok
    } else {
        t.agreement_waiting
    };
    view! {
        <section class="contact-card" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{fill(t.assignment_heading, &[("reference", &a.reference)])}</h2>
            <p>{t.assignment_type_name(&a.assignment_type)}</p>
            <p class="hint">{dates}</p>
            <p class=if a.agreement_accepted { "tag tag-ok" } else { "tag tag-waiting" }>{agreement}</p>
            <ul class="contact-links">
                <li><a href=AreaPage::Agreement(a.id).path(locale)>{t.link_agreement}</a></li>
                <li><a href=AreaPage::Months(a.id).path(locale)>{t.link_reports}</a></li>
                <li><a href=AreaPage::Messages(a.id).path(locale)>{t.link_messages}</a></li>
            </ul>
        </section>
    }
}
