//! Områden (`/handlaggare/omraden`, administrators): the districts the municipality names, with
//! the postcodes each covers. Add one, change its name or postcodes, or take it out of use (it
//! stays in the list below, since needs and applicants may name it). Matching compares districts,
//! and an applicant who does not name theirs is placed by their postcode.

use kp_domain::district::District;
use leptos::prelude::*;

use super::accounts::{is_admin, OnlyAdministrators};
use super::districts_text::{check_district, failure_text, postcodes_cell, worded, DistrictField};
use super::form_parts::{described, error_line, message_of};
use super::notice::{Notice, NoticeRegion};
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon;

impl DistrictField {
    fn id(self) -> &'static str {
        match self {
            DistrictField::Name => "district-name",
            DistrictField::Postcodes => "district-postcodes",
        }
    }
}

/// The districts page.
#[component]
pub fn DistrictsPage() -> impl IntoView {
    view! { <RequireSignIn><DistrictsContent/></RequireSignIn> }
}

#[component]
fn DistrictsContent() -> impl IntoView {
    let scope = api::RequestScope::here();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Områden – {}", text::PRODUCT),
        "Kommunens områden och de postnummer som hör till dem",
    );
    if !is_admin() {
        return view! { <OnlyAdministrators heading="Områden"/> }.into_any();
    }
    let districts = RwSignal::new(None::<Result<Vec<District>, api::ApiError>>);
    let notice = RwSignal::new(None::<Notice>);
    // The district being changed (its form replaces the new-district form), or being retired.
    let editing = RwSignal::new(None::<District>);
    let retiring = RwSignal::new(None::<District>);
    let reload = move || {
        scope.spawn(async move {
            districts.set(Some(api::all_districts().await));
        })
    };
    reload();
    let saved = move |message: String| {
        editing.set(None);
        notice.set(Some(Notice::Done(message)));
        reload();
        focus_soon("districts-notice");
    };
    // One retirement at a time: a double click on "Ja, ta ur bruk" sends one.
    let retirer = api::Sender::new();
    let retire = move |district: District| {
        retirer.send(async move {
            let result = api::retire_district(district.id).await;
            retiring.set(None);
            notice.set(Some(match result {
                Ok(()) => Notice::Done(format!(
                    "{} är taget ur bruk. Behov och sökande som redan har området visar det fortfarande.",
                    district.name
                )),
                Err(e) => Notice::Failed(failure_text(e.status, &e.code).into()),
            }));
            reload();
            focus_soon("districts-notice");
        });
    };
    let all = move || districts.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <h1>"Områden"</h1>
        <p class="lead-small">"Områdena används när ett behov matchas mot kontaktpersoner: den som bor i samma område som barnet får fler poäng. Den sökande kan välja sitt område i intresseanmälan. Väljer hen inget avgör postnumret, om det hör till ett område här."</p>
        <NoticeRegion id="districts-notice" notice=notice/>
        <section aria-labelledby="active-districts-heading" class="admin-section">
            <h2 id="active-districts-heading">"Områden i bruk"</h2>
            {move || match districts.get() {
                None => view! { <p class="status" role="status">"Hämtar områdena …"</p> }.into_any(),
                Some(Err(_)) => view! { <p class="status" role="alert">"Områdena kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                Some(Ok(list)) => active_table(list, editing, retiring, retire).into_any(),
            }}
        </section>
        <section aria-labelledby="district-form-heading" class="admin-section">
            {move || {
                let others = all();
                match editing.get() {
                    Some(district) => view! { <DistrictForm others=others editing=Some(district) saved=saved cancel=editing/> }.into_any(),
                    None => view! { <DistrictForm others=others editing=None saved=saved cancel=editing/> }.into_any(),
                }
            }}
        </section>
        {move || {
            let retired: Vec<District> = all().into_iter().filter(|d| !d.active).collect();
            (!retired.is_empty()).then(|| view! {
                <section aria-labelledby="retired-districts-heading" class="admin-section">
                    <h2 id="retired-districts-heading">"Tagna ur bruk"</h2>
                    <p class="lead-small">"De här områdena erbjuds inte längre, men behov och sökande som redan har dem visar dem fortfarande."</p>
                    <ul>{retired.into_iter().map(|d| view! { <li>{d.name}</li> }).collect_view()}</ul>
                </section>
            })
        }}
    }
    .into_any()
}

/// The active districts with their postcodes, each with "Ändra" and "Ta ur bruk".
fn active_table<R: Fn(District) + Copy + Send + Sync + 'static>(
    list: Vec<District>,
    editing: RwSignal<Option<District>>,
    retiring: RwSignal<Option<District>>,
    retire: R,
) -> impl IntoView {
    let active: Vec<District> = list.into_iter().filter(|d| d.active).collect();
    if active.is_empty() {
        return view! { <p>"Inga områden ännu. Lägg till det första nedan."</p> }.into_any();
    }
    view! {
        <table class="dense">
            <caption class="visually-hidden">"Områden i bruk"</caption>
            <thead><tr>
                <th scope="col">"Område"</th>
                <th scope="col">"Postnummer"</th>
                <th scope="col"><span class="visually-hidden">"Åtgärder"</span></th>
            </tr></thead>
            <tbody>
                {active.into_iter().map(|district| {
                    let postcodes = postcodes_cell(&district);
                    let name = district.name.clone();
                    let for_edit = district.clone();
                    let for_retire = district.clone();
                    let id = district.id;
                    view! {
                        <tr>
                            <th scope="row">{name.clone()}</th>
                            <td>{postcodes}</td>
                            <td>
                                <button type="button" class="button button-secondary" id=format!("edit-district-{id}")
                                    aria-label=format!("Ändra {name}")
                                    on:click=move |_| {
                                        editing.set(Some(for_edit.clone()));
                                        focus_soon("district-name");
                                    }>"Ändra"</button>
                                " "
                                {move || {
                                    let asking = retiring.get().is_some_and(|d| d.id == id);
                                    let confirm = for_retire.clone();
                                    let label = name.clone();
                                    if asking {
                                        view! {
                                            <span role="group" aria-label=format!("Ta {label} ur bruk")>
                                                <span>{format!("Ta {label} ur bruk?")}" "</span>
                                                <button type="button" class="button button-warning" id=format!("confirm-retire-{id}")
                                                    on:click=move |_| retire(confirm.clone())>"Ja, ta ur bruk"</button>
                                                " "
                                                <button type="button" class="button button-secondary"
                                                    on:click=move |_| {
                                                        retiring.set(None);
                                                        focus_soon(format!("retire-district-{id}"));
                                                    }>"Nej"</button>
                                            </span>
                                        }.into_any()
                                    } else {
                                        let asked = for_retire.clone();
                                        view! {
                                            <button type="button" class="button button-secondary" id=format!("retire-district-{id}")
                                                on:click=move |_| {
                                                    retiring.set(Some(asked.clone()));
                                                    focus_soon(format!("confirm-retire-{id}"));
                                                }>"Ta ur bruk"<span class="visually-hidden">{format!(": {label}")}</span></button>
                                        }.into_any()
                                    }
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Adding a district, or changing `editing`. Saved: `saved` is told what to say.
#[component]
fn DistrictForm<F: Fn(String) + Copy + Send + Sync + 'static>(
    others: Vec<District>,
    editing: Option<District>,
    saved: F,
    cancel: RwSignal<Option<District>>,
) -> impl IntoView {
    let id = editing.as_ref().map(|d| d.id);
    let old_name = editing.as_ref().map(|d| d.name.clone());
    let name = RwSignal::new(editing.as_ref().map(|d| d.name.clone()).unwrap_or_default());
    let postcodes = RwSignal::new(
        editing
            .as_ref()
            .map(|d| kp_domain::district::postcodes_text(&d.postcodes))
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<(DistrictField, String)>::new());
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let others = StoredValue::new(others);
    let fail = move |found: Vec<(DistrictField, String)>, message: Option<String>| {
        errors.set(found);
        general.set(message);
        focus_soon("district-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let form = match others.with_value(|all| {
            check_district(&name.get_untracked(), &postcodes.get_untracked(), all, id)
        }) {
            Ok(form) => form,
            Err(found) => return fail(found, None),
        };
        sender.send(async move {
            let result = match id {
                Some(id) => api::change_district(id, &form).await,
                None => api::add_district(&form).await,
            };
            match result {
                Ok(()) => {
                    let name = form.name.trim().to_string();
                    saved(if id.is_some() {
                        format!("Ändringarna av {name} är sparade.")
                    } else {
                        format!("{name} är tillagt.")
                    });
                }
                Err(e) if !e.fields.is_empty() => fail(worded(&e.fields), None),
                Err(e) => fail(Vec::new(), Some(failure_text(e.status, &e.code).into())),
            }
        });
    };
    let name_error = message_of(errors, DistrictField::Name);
    let postcodes_error = message_of(errors, DistrictField::Postcodes);
    let heading = match &old_name {
        Some(old) => format!("Ändra {old}"),
        None => "Lägg till ett område".to_string(),
    };
    let editing_now = id.is_some();
    view! {
        <form class="narrow" novalidate on:submit=submit aria-labelledby="district-form-heading">
            <h2 id="district-form-heading">{heading}</h2>
            <ErrorSummary id="district-errors" title="Området är inte sparat" subsection=true refusal=general
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m)).collect::<Vec<_>>()}/>
            <div class="form-group" class:form-group-error=move || name_error().is_some()>
                <label class="label" for="district-name">"Områdets namn"</label>
                <p class="hint" id="district-name-hint">"Som det sägs i kommunen, till exempel Centrum."</p>
                {move || error_line("district-name", name_error())}
                <input id="district-name" class="input" autocomplete="off"
                    class:input-error=move || name_error().is_some()
                    aria-invalid=move || name_error().map(|_| "true")
                    aria-describedby=move || described("district-name", name_error().is_some())
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="form-group" class:form-group-error=move || postcodes_error().is_some()>
                <label class="label" for="district-postcodes">"Postnummer (frivilligt)"</label>
                <p class="hint" id="district-postcodes-hint">"Postnummer och intervall åtskilda med kommatecken eller en per rad, till exempel 831 30–831 49, 831 52. En sökande som inte väljer område placeras efter sitt postnummer. Ett postnummer kan bara höra till ett område."</p>
                {move || error_line("district-postcodes", postcodes_error())}
                <textarea id="district-postcodes" class="textarea" spellcheck="false"
                    class:input-error=move || postcodes_error().is_some()
                    aria-invalid=move || postcodes_error().map(|_| "true")
                    aria-describedby=move || described("district-postcodes", postcodes_error().is_some())
                    prop:value=move || postcodes.get() on:input=move |ev| postcodes.set(event_target_value(&ev))>
                </textarea>
            </div>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {move || match (busy.get(), editing_now) {
                        (true, _) => "Sparar …",
                        (false, true) => "Spara ändringarna",
                        (false, false) => "Lägg till området",
                    }}
                </button>
                {editing_now.then(|| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| {
                        cancel.set(None);
                        if let Some(id) = id {
                            focus_soon(format!("edit-district-{id}"));
                        }
                    }>"Avbryt"</button>
                })}
            </div>
        </form>
    }
}
