//! Erasing an applicant (administrators, GDPR art. 17), under their register extract: first what
//! stops it, if anything, worded as the domain says it (an assignment not yet ended, a hold, ended
//! assignments kept under their rule); otherwise, behind a button, the form — the ground, the day
//! the request came, the case number, the reference typed again — checked by the domain before it
//! is sent. Nothing of the page is printed.

use kp_domain::erasure::{ErasureCheck, ErasureForm, ErasureRecord, Ground};
use kp_domain::purpose::Purpose;
use kp_domain::time::today_in_sweden;
use leptos::prelude::*;

use super::erasure_text::{check_erasure, failure_text, field_errors, ErasureField};
use super::form_parts::{described, error_line, message_of};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon;

/// What stops erasing `reference`, and the form when nothing does. `erased` is told the record.
#[component]
pub(super) fn ErasureSection<F: Fn(String, ErasureRecord) + Copy + Send + Sync + 'static>(
    reference: String,
    erased: F,
) -> impl IntoView {
    let asked = reference.clone();
    let check = api::load(move || {
        let reference = asked.clone();
        async move { api::erasure_check(&reference, Purpose::Erasure).await }
    });
    let heading = format!("erasure-heading-{reference}");
    let labelled = heading.clone();
    let title = format!("Radera {reference}");
    view! {
        <section class="no-print erasure" aria-labelledby=labelled>
            <h2 id=heading>{title}</h2>
            <Transition fallback=|| view! { <p class="status" role="status">"Kontrollerar om uppgifterna får raderas …"</p> }>
                {move || {
                    let reference = reference.clone();
                    check.get().map(move |answer| match answer {
                        Err(_) => view! {
                            <p class="status" role="alert">"Det gick inte att kontrollera om uppgifterna får raderas. Ladda om sidan för att försöka igen."</p>
                        }.into_any(),
                        Ok(ErasureCheck { obstacles }) if !obstacles.is_empty() => view! {
                            <div class="callout">
                                <p><strong>"Uppgifterna kan inte raderas nu."</strong></p>
                                <ul>
                                    {obstacles.iter().map(|o| view! { <li>{o.swedish()}</li> }).collect_view()}
                                </ul>
                            </div>
                        }.into_any(),
                        Ok(_) => view! {
                            <ErasureForm reference=reference erased=erased refresh=move || check.refetch()/>
                        }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ErasureForm<F, R>(reference: String, erased: F, refresh: R) -> impl IntoView
where
    F: Fn(String, ErasureRecord) + Copy + Send + Sync + 'static,
    R: Fn() + Copy + Send + Sync + 'static,
{
    let open = RwSignal::new(false);
    let ground = RwSignal::new(String::new());
    let requested_on = RwSignal::new(String::new());
    let case_number = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(ErasureField, String)>::new());
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let reference = StoredValue::new(reference);
    let fail = move |found: Vec<(ErasureField, String)>, message: Option<String>| {
        errors.set(found);
        general.set(message);
        focus_soon("erasure-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let reference = reference.get_value();
        let typed = ErasureForm {
            ground: ground.get_untracked(),
            requested_on: requested_on.get_untracked(),
            case_number: case_number.get_untracked(),
            confirm_reference: confirm.get_untracked(),
        };
        let form = match check_erasure(&reference, typed, today_in_sweden(chrono::Utc::now())) {
            Ok(form) => form,
            Err(found) => return fail(found, None),
        };
        sender.send(async move {
            let result = api::erase(&reference, &form).await;
            match result {
                Ok(record) => erased(reference, record),
                Err(e) if !e.fields.is_empty() => fail(field_errors(&e.fields, &reference), None),
                Err(e) => {
                    if e.status == 409 {
                        refresh();
                    }
                    fail(Vec::new(), Some(failure_text(e.status, &e.code).into()));
                }
            }
        });
    };
    let error_of = move |field: ErasureField| message_of(errors, field);
    let group = move |field: ErasureField| {
        move || {
            if error_of(field)().is_some() {
                "form-group form-group-error"
            } else {
                "form-group"
            }
        }
    };
    view! {
        <p>"Radering tar bort ansökan med utredningens händelser, referenser, utskick och spärrar för alltid. Det som sparas är att en radering gjordes, när, av vem, på vilken grund och med vilket diarienummer – inget om personen. Åtkomstloggen behåller sina rader om referensen enligt sin egen gallringsregel."</p>
        {move || (!open.get()).then(|| view! {
            <button type="button" class="button button-warning" id="erasure-open" on:click=move |_| {
                open.set(true);
                focus_soon(ErasureField::Ground.id());
            }>"Radera uppgifterna …"</button>
        })}
        {move || open.get().then(|| view! {
            <ErrorSummary id="erasure-errors" title="Uppgifterna raderades inte" subsection=true refusal=general
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m)).collect::<Vec<_>>()}/>
            <form class="narrow" novalidate on:submit=submit>
                <div class=group(ErasureField::Ground)>
                    <fieldset class="fieldset" aria-describedby=move || described("erasure-ground", error_of(ErasureField::Ground)().is_some())>
                        <legend class="legend">"Grund för raderingen"</legend>
                        <div class="hint" id="erasure-ground-hint">"Den punkt i dataskyddsförordningens artikel 17.1 som begäran stöds på."</div>
                        {move || error_line("erasure-ground", error_of(ErasureField::Ground)())}
                        <div class="choices">
                            {Ground::ALL.iter().enumerate().map(|(i, g)| {
                                let id = format!("erasure-ground-{i}");
                                let code = g.code();
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="erasure-ground" id=id.clone() value=code
                                            prop:checked=move || ground.get() == code
                                            on:change=move |_| ground.set(code.to_string())/>
                                        <label for=id>{g.swedish()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <div class=group(ErasureField::RequestedOn)>
                    <label class="label" for="erasure-requested-on">"Dag då begäran kom in"</label>
                    <div class="hint" id="erasure-requested-on-hint">"Till exempel 2026-05-02. Begäran ska besvaras inom en månad."</div>
                    {move || error_line("erasure-requested-on", error_of(ErasureField::RequestedOn)())}
                    <input id="erasure-requested-on" class="input width-10" type="date"
                        aria-invalid=move || error_of(ErasureField::RequestedOn)().map(|_| "true")
                        aria-describedby=move || described("erasure-requested-on", error_of(ErasureField::RequestedOn)().is_some())
                        prop:value=move || requested_on.get()
                        on:input=move |ev| requested_on.set(event_target_value(&ev))/>
                </div>
                <div class=group(ErasureField::CaseNumber)>
                    <label class="label" for="erasure-case-number">"Diarienummer (frivilligt)"</label>
                    <div class="hint" id="erasure-case-number-hint">"Ärendets nummer hos nämnden, till exempel SN 2026/123. Inga personnummer eller telefonnummer."</div>
                    {move || error_line("erasure-case-number", error_of(ErasureField::CaseNumber)())}
                    <input id="erasure-case-number" class="input width-20" type="text" autocomplete="off"
                        aria-invalid=move || error_of(ErasureField::CaseNumber)().map(|_| "true")
                        aria-describedby=move || described("erasure-case-number", error_of(ErasureField::CaseNumber)().is_some())
                        prop:value=move || case_number.get()
                        on:input=move |ev| case_number.set(event_target_value(&ev))/>
                </div>
                <div class=group(ErasureField::ConfirmReference)>
                    <label class="label" for="erasure-confirm">"Bekräfta med ansökans referens"</label>
                    <div class="hint" id="erasure-confirm-hint">{format!("Skriv {}. Raderingen går inte att ångra.", reference.get_value())}</div>
                    {move || error_line("erasure-confirm", error_of(ErasureField::ConfirmReference)())}
                    <input id="erasure-confirm" class="input width-10" type="text" autocomplete="off" spellcheck="false"
                        aria-invalid=move || error_of(ErasureField::ConfirmReference)().map(|_| "true")
                        aria-describedby=move || described("erasure-confirm", error_of(ErasureField::ConfirmReference)().is_some())
                        prop:value=move || confirm.get()
                        on:input=move |ev| confirm.set(event_target_value(&ev))/>
                </div>
                <div class="actions">
                    <button type="submit" class="button button-warning" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { "Raderar …" } else { "Radera för alltid" }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| {
                        open.set(false);
                        errors.set(Vec::new());
                        general.set(None);
                        focus_soon("erasure-open");
                    }>"Avbryt"</button>
                </div>
            </form>
        })}
    }
}

/// The latest erasures: when, by whom, on which ground, for which case, what went.
#[component]
pub(super) fn ErasureRecords(version: RwSignal<u32>) -> impl IntoView {
    let records = api::load(move || {
        version.track();
        api::erasures()
    });
    view! {
        <section class="no-print" aria-labelledby="erasures-heading">
            <h2 id="erasures-heading">"Genomförda raderingar"</h2>
            <p>"Varje radering sparas utan personuppgifter: när, av vem, på vilken grund, dagen då begäran kom in och diarienumret."</p>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar raderingarna …"</p> }>
                {move || records.get().map(|answer| match answer {
                    Err(_) => view! { <p class="status" role="alert">"Raderingarna kunde inte hämtas."</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"Inga raderingar har gjorts."</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"Genomförda raderingar, senaste först"</caption>
                                <thead><tr>
                                    <th scope="col">"När"</th>
                                    <th scope="col">"Av"</th>
                                    <th scope="col">"Grund"</th>
                                    <th scope="col">"Begäran kom in"</th>
                                    <th scope="col">"Diarienummer"</th>
                                    <th scope="col">"Borttaget"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{kp_domain::time::display_in_sweden(&r.at)}</td>
                                            <td>{r.by.clone()}</td>
                                            <td>{r.ground.swedish()}</td>
                                            <td>{r.requested_on.to_string()}</td>
                                            <td>{r.case_number.clone().unwrap_or_else(|| "–".into())}</td>
                                            <td>{super::erasure_text::removed_sentence(&r.removed)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
