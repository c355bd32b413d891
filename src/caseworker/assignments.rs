//! The assignments (`/uppdrag`): who meets which child's need, since when, and when the next
//! follow-up is due (overdue ones marked in words, not only in colour).

use kp_domain::placement::AssignmentRow;
use kp_domain::purpose::Purpose;
use kp_domain::Locale;
use leptos::prelude::*;

use super::placement_form::{self as form, follow_up_overdue};
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;

/// Which assignments the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Not ended.
    Active,
    /// Ended.
    Ended,
    /// Every one.
    All,
}

impl Show {
    /// The select's value.
    pub fn code(self) -> &'static str {
        match self {
            Show::Active => "active",
            Show::Ended => "ended",
            Show::All => "all",
        }
    }

    fn from_code(code: &str) -> Show {
        match code {
            "ended" => Show::Ended,
            "all" => Show::All,
            _ => Show::Active,
        }
    }

    /// Whether a row is shown.
    pub fn includes(self, row: &AssignmentRow) -> bool {
        match self {
            Show::Active => row.end_date.is_none(),
            Show::Ended => row.end_date.is_some(),
            Show::All => true,
        }
    }
}

/// The list page.
#[component]
pub fn AssignmentsPage() -> impl IntoView {
    view! { <RequireSignIn><AssignmentList/></RequireSignIn> }
}

#[component]
fn AssignmentList() -> impl IntoView {
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Uppdrag – {}", text::PRODUCT),
        "Kontaktpersonernas uppdrag och uppföljningar",
    );
    let show = RwSignal::new(Show::Active);
    let data = api::load(|| api::assignments(Purpose::AssignmentList));
    let today = form::today();
    view! {
        <h1>"Uppdrag"</h1>
        <div class="filters">
            <div class="form-group">
                <label class="label" for="assignment-filter">"Visa"</label>
                <select id="assignment-filter" class="select" on:change=move |ev| show.set(Show::from_code(&event_target_value(&ev)))>
                    {[(Show::Active, "Pågående uppdrag"), (Show::Ended, "Avslutade uppdrag"), (Show::All, "Alla uppdrag")].into_iter().map(|(s, label)| view! {
                        <option value=s.code() selected=move || show.get() == s>{label}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        {move || match data.get() {
            None => view! { <p class="status" role="status">"Hämtar uppdragen …"</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="status" role="alert">"Uppdragen kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(rows)) => {
                let filter = show.get();
                let rows: Vec<AssignmentRow> = rows.into_iter().filter(|r| filter.includes(r)).collect();
                let overdue = rows.iter().filter(|r| follow_up_overdue(r.next_follow_up, r.end_date, today)).count();
                let count = match rows.len() {
                    0 => "Inga uppdrag".to_string(),
                    1 => "1 uppdrag".to_string(),
                    n => format!("{n} uppdrag"),
                };
                let count = match overdue {
                    0 => count,
                    1 => format!("{count}, varav 1 med försenad uppföljning"),
                    n => format!("{count}, varav {n} med försenad uppföljning"),
                };
                view! {
                    <p class="result-count" role="status">{count}</p>
                    {(!rows.is_empty()).then(|| view! {
                        <div class="table-scroll">
                            <table class="dense assignments">
                                <caption class="visually-hidden">"Uppdrag"</caption>
                                <thead><tr>
                                    <th scope="col">"Uppdrag"</th>
                                    <th scope="col">"Kontaktperson"</th>
                                    <th scope="col">"Behov"</th>
                                    <th scope="col">"Uppdragstyp"</th>
                                    <th scope="col">"Startade"</th>
                                    <th scope="col">"Avslutat"</th>
                                    <th scope="col">"Nästa uppföljning"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let href = CaseworkerRoute::assignment(r.id).href();
                                        let reference = r.reference();
                                        let need_href = CaseworkerRoute::need(&r.need_reference).href();
                                        let late = follow_up_overdue(r.next_follow_up, r.end_date, today);
                                        let next = match (r.next_follow_up, r.end_date) {
                                            (_, Some(_)) => view! { <span>"–"</span> }.into_any(),
                                            (None, None) => view! { <span>"Ingen planerad"</span> }.into_any(),
                                            (Some(d), None) if late => view! {
                                                <strong class="overdue">{d.to_string()}" – försenad"</strong>
                                            }.into_any(),
                                            (Some(d), None) => view! { <span>{d.to_string()}</span> }.into_any(),
                                        };
                                        view! {
                                            <tr class:row-overdue=late>
                                                <td class="ref-code nowrap"><a href=href.clone()>{reference}</a></td>
                                                <td>
                                                    <a href=href>{r.contact_person_name}</a>
                                                    " "<span class="ref-code muted">{r.contact_person_reference}</span>
                                                </td>
                                                <td class="ref-code"><a href=need_href>{r.need_reference}</a></td>
                                                <td>{text::assignment_type_name(&r.assignment_type)}</td>
                                                <td class="nowrap">{r.start_date.to_string()}</td>
                                                <td class="nowrap">{r.end_date.map(|d| d.to_string()).unwrap_or_else(|| "–".into())}</td>
                                                <td class="nowrap">{next}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use kp_domain::compensation::Frequency;

    fn row(end: Option<NaiveDate>) -> AssignmentRow {
        AssignmentRow {
            id: 1,
            need_reference: "B-2026-0001".into(),
            contact_person_reference: "KP-2026-0001".into(),
            contact_person_name: "Ingrid Lindqvist".into(),
            assignment_type: "child".into(),
            frequency: Frequency::Weekly,
            start_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            end_date: end,
            next_follow_up: None,
        }
    }

    #[test]
    fn the_list_shows_active_assignments_first_and_ended_ones_on_request() {
        let active = row(None);
        let ended = row(NaiveDate::from_ymd_opt(2026, 6, 30));
        assert!(Show::Active.includes(&active) && !Show::Active.includes(&ended));
        assert!(Show::Ended.includes(&ended) && !Show::Ended.includes(&active));
        assert!(Show::All.includes(&active) && Show::All.includes(&ended));
        for show in [Show::Active, Show::Ended, Show::All] {
            assert_eq!(Show::from_code(show.code()), show);
        }
    }
}
