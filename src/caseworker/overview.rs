//! The start screen: applicants per stage, and what needs doing today.

use kp_domain::caseworker::ApplicantRow;
use kp_domain::placement::assignment_reference;
use kp_domain::purpose::Purpose;
use leptos::prelude::*;

use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;

fn applicant_href(reference: &str) -> String {
    CaseworkerRoute::applicant(reference).href()
}

fn rows_list(rows: Vec<ApplicantRow>, empty: &'static str) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="hint">{empty}</p> }.into_any();
    }
    view! {
        <ul class="plain-list">
            {rows.into_iter().map(|r| view! {
                <li><a class="ref-code" href=applicant_href(&r.reference)>{r.reference.clone()}</a>" "{r.name}" – "{text::stage_name(r.stage)}</li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <RequireSignIn><OverviewContent/></RequireSignIn> }
}

/// The reminder when a year's prisbasbelopp is missing.
pub fn price_base_missing_text(year: i32) -> String {
    format!(
        "Prisbasbeloppet för {year} är inte inlagt. Utan det kan utbetalningsunderlaget för månaderna {year} inte tas fram. En administratör lägger in det under Ersättning, med förordningens nummer."
    )
}

#[component]
fn OverviewContent() -> impl IntoView {
    let data = api::load(|| api::overview(Purpose::Overview));
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Översikt – {}", text::PRODUCT),
        "Översikt för handläggare",
    );
    view! {
        <h1>"Översikt"</h1>
        <super::contact_overview::ContactPersonsOverview/>
        {move || match data.get() {
            None => view! { <p class="status" role="status">"Hämtar översikten …"</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="status" role="alert">"Översikten kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(o)) => view! {
                {o.price_base_missing.map(|year| view! {
                    <div class="warning-text" role="note">
                        <p>{price_base_missing_text(year)}</p>
                        <p><a href=CaseworkerRoute::Compensation.href()>"Till ersättningsnivåerna"</a></p>
                    </div>
                })}
                <div class="dashboard">
                    <section aria-labelledby="counts-heading">
                        <h2 id="counts-heading">"Sökande per steg"</h2>
                        <table class="dense">
                            <thead><tr><th scope="col">"Steg"</th><th scope="col" class="number">"Antal"</th></tr></thead>
                            <tbody>
                                {o.counts.into_iter().map(|c| view! {
                                    <tr>
                                        <th scope="row"><a href=CaseworkerRoute::Applicants.query("stage", c.stage.code()).href()>{text::stage_name(c.stage)}</a></th>
                                        <td class="number">{c.count}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section aria-labelledby="waiting-heading">
                        <h2 id="waiting-heading">"Väntar på första samtal"</h2>
                        <p class="hint">"Nya anmälningar som har väntat mer än fem arbetsdagar."</p>
                        {rows_list(o.waiting_for_contact, "Ingen väntar för länge.")}
                    </section>
                    <section aria-labelledby="interviews-heading">
                        <h2 id="interviews-heading">"Intervjuer den här veckan"</h2>
                        {if o.interviews_this_week.is_empty() {
                            view! { <p class="hint">"Inga bokade intervjuer resten av veckan."</p> }.into_any()
                        } else {
                            view! { <ul class="plain-list">{o.interviews_this_week.into_iter().map(|i| view! {
                                <li><a class="ref-code" href=applicant_href(&i.reference)>{i.reference.clone()}</a>" "{i.name}" – "{i.at.replace('T', " ")}", "{i.place}</li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="extracts-heading">
                        <h2 id="extracts-heading">"Registerutdrag som snart är för gamla"</h2>
                        <p class="hint">"Ett utdrag som är äldre än ett år kan inte ligga till grund för beslut."</p>
                        {if o.extracts_expiring.is_empty() {
                            view! { <p class="hint">"Inga utdrag går ut inom 30 dagar."</p> }.into_any()
                        } else {
                            view! { <ul class="plain-list">{o.extracts_expiring.into_iter().map(|e| view! {
                                <li><a class="ref-code" href=applicant_href(&e.reference)>{e.reference.clone()}</a>" "{e.name}" – utfärdat "{e.issued}</li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="follow-ups-heading">
                        <h2 id="follow-ups-heading">"Uppföljningar att hålla"</h2>
                        <p class="hint">"Pågående uppdrag med uppföljning inom två veckor eller försenad."</p>
                        {if o.follow_ups_due.is_empty() {
                            view! { <p class="hint">"Inga uppföljningar de närmaste två veckorna."</p> }.into_any()
                        } else {
                            let today = kp_domain::time::today_in_sweden(chrono::Utc::now());
                            view! { <ul class="plain-list">{o.follow_ups_due.into_iter().map(|f| {
                                let late = f.date < today;
                                view! {
                                    <li>
                                        <a class="ref-code" href=CaseworkerRoute::assignment(f.assignment_id).href()>{assignment_reference(&f.need_reference)}</a>
                                        " "{f.contact_person_name}" – "{f.date.to_string()}
                                        {late.then(|| view! { " "<strong class="overdue">"försenad"</strong> })}
                                    </li>
                                }
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="mine-heading">
                        <h2 id="mine-heading">"Mina sökande under utredning"</h2>
                        {rows_list(o.mine, "Du har inga sökande under utredning.")}
                    </section>
                    <section aria-labelledby="idle-heading">
                        <h2 id="idle-heading">"Mina godkända utan uppdrag"</h2>
                        <p class="hint">"Godkända kontaktpersoner som du är handläggare för och som inte har något pågående uppdrag. Öppna personen för att se vilka behov som passar."</p>
                        {rows_list(o.approved_without_assignment, "Alla dina godkända kontaktpersoner har ett uppdrag.")}
                    </section>
                    <section aria-labelledby="needs-heading">
                        <h2 id="needs-heading">"Behov som väntar på en kontaktperson"</h2>
                        {if o.needs_waiting.is_empty() {
                            view! { <p class="hint">"Inga behov väntar."</p> }.into_any()
                        } else {
                            view! { <ul class="plain-list">{o.needs_waiting.into_iter().map(|n| view! {
                                <li>
                                    <a class="ref-code" href=CaseworkerRoute::need(&n.reference).href()>{n.reference.clone()}</a>
                                    " "{text::assignment_type_name(&n.assignment_type)}" – registrerat "{kp_domain::time::display_in_sweden(&n.registered_at).chars().take(10).collect::<String>()}
                                </li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="plans-heading">
                        <h2 id="plans-heading">"Uppdrag utan genomförandeplan"</h2>
                        {if o.assignments_without_plan.is_empty() {
                            view! { <p class="hint">"Alla pågående uppdrag har en plan."</p> }.into_any()
                        } else {
                            let today = kp_domain::time::today_in_sweden(chrono::Utc::now());
                            view! { <ul class="plain-list">{o.assignments_without_plan.into_iter().map(|a| view! {
                                <li>
                                    <a class="ref-code" href=CaseworkerRoute::assignment(a.assignment_id).href()>{assignment_reference(&a.need_reference)}</a>
                                    " "{a.contact_person_name}" – "{if a.start_date > today { "startar " } else { "startade " }}{a.start_date.to_string()}
                                </li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                </div>
            }.into_any(),
        }}
    }
}
