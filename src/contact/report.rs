//! A month's report: the meetings (date, about how long from `DURATIONS`, what they did, a few
//! optional words under the warning not to write sensitive details about the child), why there
//! were none, extra costs, a draft kept on the server, and the declaration ("försäkran") and
//! sending. A returned report shows the caseworker's comment and can be sent again; a sent or
//! approved one is read-only.

use super::text;
use kp_domain::api::FieldError;
use kp_domain::compensation::Month;
use kp_domain::contact_text::ContactText;
use kp_domain::i18n::fill;
use kp_domain::monthly_report::{Activity, ReportStatus, DURATIONS};
use kp_domain::receipt::{check_receipt, check_size, size_kb, Receipt, ReceiptType};
use kp_domain::reports::{StoredReport, SubmitReport};
use kp_domain::Locale;
use leptos::prelude::*;

use super::errors::{control_id, described_by, error_id, AreaErrorSummary, FieldErrorLine};
use super::report_form::{from_report, to_report, CostInput, MeetingInput};
use super::{set_title, BackHome};
use crate::api::contact as api;
use crate::api::ApiError;
use crate::dom;

/// One meeting's fields as signals (a row keeps its focus while typed in).
#[derive(Clone, Copy)]
struct MeetingRow {
    key: u32,
    date: RwSignal<String>,
    minutes: RwSignal<u32>,
    activities: RwSignal<Vec<Activity>>,
    note: RwSignal<String>,
}

/// One cost's fields as signals.
#[derive(Clone, Copy)]
struct CostRow {
    key: u32,
    date: RwSignal<String>,
    description: RwSignal<String>,
    amount: RwSignal<String>,
    receipt: RwSignal<Option<String>>,
}

/// The report page.
#[component]
pub fn ReportPage(locale: Locale, id: i64, month: Month) -> impl IntoView {
    let t = text();
    let version = RwSignal::new(0u32);
    let stored = crate::api::load(move || {
        version.get();
        api::report(id, month)
    });
    view! {
        <BackHome locale=locale/>
        <Transition fallback=move || view! { <p class="status" role="status">{t.loading}</p> }>
            {move || stored.get().map(|answer| match answer {
                Err(e) => {
                    set_title(locale, t.months_title, false);
                    view! { <h1>{t.months_title}</h1><p class="notice notice-error" role="alert">{t.refusal(locale, e.status, &e.code)}</p> }.into_any()
                }
                Ok(report) => view! { <ReportForm locale=locale id=id month=month stored=report version=version/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ReportForm(
    locale: Locale,
    id: i64,
    month: Month,
    stored: StoredReport,
    version: RwSignal<u32>,
) -> impl IntoView {
    let t: &'static ContactText = text();
    let title = fill(t.report_title, &[("month", &t.month_heading(month))]);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<&'static str>);
    let done = RwSignal::new(None::<&'static str>);
    let declared = RwSignal::new(false);
    let sender = crate::api::Sender::new();
    let busy = sender.pending();
    {
        let title = title.clone();
        Effect::new(move || set_title(locale, &title, !errors.get().is_empty()));
    }
    let editable = stored.status.editable();
    let (meetings0, reason0, costs0) = from_report(&stored.report);
    let next_key = StoredValue::new(0u32);
    let key = move || {
        next_key.update_value(|k| *k += 1);
        next_key.get_value()
    };
    let meeting_row = move |m: MeetingInput| MeetingRow {
        key: key(),
        date: RwSignal::new(m.date),
        minutes: RwSignal::new(m.minutes),
        activities: RwSignal::new(m.activities),
        note: RwSignal::new(m.note),
    };
    let cost_row = move |c: CostInput| CostRow {
        key: key(),
        date: RwSignal::new(c.date),
        description: RwSignal::new(c.description),
        amount: RwSignal::new(c.amount),
        receipt: RwSignal::new(c.receipt),
    };
    let meetings = RwSignal::new(meetings0.into_iter().map(meeting_row).collect::<Vec<_>>());
    let costs = RwSignal::new(costs0.into_iter().map(cost_row).collect::<Vec<_>>());
    let reason = RwSignal::new(reason0);
    let receipts = RwSignal::new(stored.receipts.clone());
    let place = Place {
        id,
        month,
        receipts,
    };
    let read = move || {
        let m: Vec<MeetingInput> = meetings
            .get_untracked()
            .iter()
            .map(|r| MeetingInput {
                date: r.date.get_untracked(),
                minutes: r.minutes.get_untracked(),
                activities: r.activities.get_untracked(),
                note: r.note.get_untracked(),
            })
            .collect();
        let c: Vec<CostInput> = costs
            .get_untracked()
            .iter()
            .map(|r| CostInput {
                date: r.date.get_untracked(),
                description: r.description.get_untracked(),
                amount: r.amount.get_untracked(),
                receipt: r.receipt.get_untracked(),
            })
            .collect();
        to_report(&m, &reason.get_untracked(), &c)
    };
    let refused = move |list: Vec<FieldError>| {
        errors.set(list);
        dom::focus_soon("error-summary");
    };
    let save = move |_| {
        if sender.is_pending() {
            return;
        }
        done.set(None);
        failure.set(None);
        let report = match read() {
            Ok(r) => r,
            Err(list) => return refused(list),
        };
        sender.send(async move {
            match api::save_report(id, month, &report).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    done.set(Some(t.draft_saved));
                    dom::focus_soon("report-done");
                }
                Err(e) if !e.fields.is_empty() => refused(e.fields),
                Err(e) => failure.set(Some(t.refusal(locale, e.status, &e.code))),
            }
        });
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        done.set(None);
        failure.set(None);
        let report = match read() {
            Ok(r) => r,
            Err(list) => return refused(list),
        };
        let submit = SubmitReport {
            report,
            declaration: declared.get_untracked(),
        };
        sender.send(async move {
            match api::submit_report(id, month, &submit).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    version.update(|v| *v += 1);
                }
                Err(e) if !e.fields.is_empty() => refused(e.fields),
                Err(e) => failure.set(Some(t.refusal(locale, e.status, &e.code))),
            }
        });
    };
    let status_note = match stored.status {
        ReportStatus::Submitted => Some(t.read_only_submitted),
        ReportStatus::Approved => Some(t.read_only_approved),
        _ => None,
    };
    let comment = stored
        .return_comment
        .clone()
        .filter(|_| stored.status == ReportStatus::Returned);
    let add_meeting = move |_| {
        let first = month.first_day().to_string();
        meetings.update(|list| {
            list.push(meeting_row(MeetingInput {
                date: first,
                minutes: 60,
                ..MeetingInput::default()
            }))
        });
    };
    let add_cost = move |_| costs.update(|list| list.push(cost_row(CostInput::default())));
    let meeting_items = move || meetings.get().into_iter().enumerate().collect::<Vec<_>>();
    let meeting_key = |item: &(usize, MeetingRow)| (item.0, item.1.key);
    let cost_items = move || costs.get().into_iter().enumerate().collect::<Vec<_>>();
    let cost_key = |item: &(usize, CostRow)| (item.0, item.1.key);
    view! {
        <h1>{title}</h1>
        {(stored.status == ReportStatus::Submitted && version.get_untracked() > 0).then(|| view! {
            <p class="notice notice-ok" role="status">{t.report_sent}</p>
        })}
        {status_note.map(|text| view! { <p class="notice">{text}</p> })}
        {comment.map(|c| view! {
            <div class="notice notice-returned" role="note">
                <p><strong>{t.returned_comment}</strong></p>
                <p class="message-body">{c}</p>
            </div>
        })}
        <AreaErrorSummary locale=locale errors=errors/>
        <form novalidate on:submit=send class="report-form">
            <fieldset disabled=!editable>
                <legend class="visually-hidden">{t.report_title}</legend>
                {move || message_for_field(locale, errors, "month")}
                <h2>{t.meetings}</h2>
                <p class="notice notice-warning" id="sensitive-warning">{t.sensitive_warning}</p>
                <For each=meeting_items key=meeting_key let:item>
                    {meeting_fields(locale, item.0, item.1, errors, meetings)}
                </For>
                <p><button type="button" class="button-secondary" on:click=add_meeting>{t.add_meeting}</button></p>
                <div class="field">
                    <label for=control_id("no_meetings_reason")>{t.no_meetings}</label>
                    <p class="hint" id="f-no_meetings_reason-hint">{t.no_meetings_hint}</p>
                    <FieldErrorLine locale=locale errors=errors field="no_meetings_reason".to_string()/>
                    <textarea id=control_id("no_meetings_reason") rows="2"
                        aria-describedby=described_by(errors, "no_meetings_reason".into(), Some("f-no_meetings_reason-hint".into()))
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <h2>{t.costs}</h2>
                <p class="hint">{t.costs_hint}</p>
                {move || message_for_field(locale, errors, "costs")}
                <For each=cost_items key=cost_key let:item>
                    {cost_fields(locale, item.0, item.1, errors, costs, place)}
                </For>
                <p><button type="button" class="button-secondary" on:click=add_cost>{t.add_cost}</button></p>
                <p><button type="button" class="button-secondary" on:click=save disabled=move || busy.get()>{t.save_draft}</button></p>
                {move || done.get().map(|text| view! { <p class="notice notice-ok" id="report-done" tabindex="-1" role="status">{text}</p> })}
                <div class="field checkbox">
                    <FieldErrorLine locale=locale errors=errors field="declaration".to_string()/>
                    <input type="checkbox" id=control_id("declaration")
                        aria-describedby=described_by(errors, "declaration".into(), None)
                        prop:checked=move || declared.get()
                        on:change=move |ev| declared.set(event_target_checked(&ev))/>
                    <label for=control_id("declaration")>{t.declaration}</label>
                </div>
                {move || failure.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>{t.send_report}</button>
            </fieldset>
        </form>
    }
}

/// An error about the whole month or all costs, where no single field has it.
fn message_for_field(
    locale: Locale,
    errors: RwSignal<Vec<FieldError>>,
    field: &str,
) -> Option<impl IntoView> {
    super::errors::message_for(text(), locale, &errors.get(), field).map(|m| {
        view! { <p class="field-error" id=control_id(field)>{m}</p> }
    })
}

fn meeting_fields(
    locale: Locale,
    i: usize,
    row: MeetingRow,
    errors: RwSignal<Vec<FieldError>>,
    meetings: RwSignal<Vec<MeetingRow>>,
) -> impl IntoView {
    let t = text();
    let n = (i + 1).to_string();
    let f = |name: &str| format!("meetings[{i}].{name}");
    let date_hint = format!("{}-hint", control_id(&f("date")));
    let activities_field = f("activities");
    let remove = move |_| meetings.update(|list| list.retain(|r| r.key != row.key));
    view! {
        <fieldset class="meeting">
            <legend>{fill(t.meeting_n, &[("n", &n)])}</legend>
            <div class="field">
                <label for=control_id(&f("date"))>{t.date}</label>
                <p class="hint" id=date_hint.clone()>{t.date_hint}</p>
                <FieldErrorLine locale=locale errors=errors field=f("date")/>
                <input type="text" inputmode="numeric" id=control_id(&f("date")) autocomplete="off"
                    aria-describedby=described_by(errors, f("date"), Some(date_hint))
                    prop:value=move || row.date.get()
                    on:input=move |ev| row.date.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=control_id(&f("minutes"))>{t.duration}</label>
                <FieldErrorLine locale=locale errors=errors field=f("minutes")/>
                <select id=control_id(&f("minutes"))
                    aria-describedby=described_by(errors, f("minutes"), None)
                    on:change=move |ev| row.minutes.set(event_target_value(&ev).parse().unwrap_or(60))>
                    {DURATIONS.iter().map(|m| {
                        let m = *m;
                        view! { <option value=m.to_string() selected=move || row.minutes.get() == m>{t.duration_name(m).unwrap_or_default()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="field" id=control_id(&activities_field)
                aria-describedby=described_by(errors, activities_field.clone(), None)>
                // Each meeting's group is named apart: "Vad gjorde ni? – Möte 2".
                <legend>{t.activities}<span class="visually-hidden">{format!(" – {}", fill(t.meeting_n, &[("n", &n)]))}</span></legend>
                <FieldErrorLine locale=locale errors=errors field=activities_field.clone()/>
                {Activity::ALL.into_iter().zip(t.activity_names_in_order()).map(|(activity, name)| {
                    let id = format!("{}-{}", control_id(&f("activities")), activity.code());
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || row.activities.with(|a| a.contains(&activity))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    row.activities.update(|a| {
                                        a.retain(|x| *x != activity);
                                        if on { a.push(activity); }
                                    });
                                }/>
                            <label for=id>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for=control_id(&f("note"))>{t.note}</label>
                <FieldErrorLine locale=locale errors=errors field=f("note")/>
                <textarea id=control_id(&f("note")) rows="2"
                    aria-describedby=described_by(errors, f("note"), Some("sensitive-warning".into()))
                    prop:value=move || row.note.get()
                    on:input=move |ev| row.note.set(event_target_value(&ev))></textarea>
            </div>
            <button type="button" class="button-secondary" on:click=remove>{fill(t.remove_meeting, &[("n", &n)])}</button>
        </fieldset>
    }
}

/// Where a cost's receipt is uploaded to, and the month's receipts as the server has them.
#[derive(Clone, Copy)]
struct Place {
    id: i64,
    month: Month,
    receipts: RwSignal<Vec<Receipt>>,
}

/// What the file input accepts: the receipt rule's types.
fn accepted_types() -> String {
    ReceiptType::ALL.map(ReceiptType::media_type).join(",")
}

/// `template` split around its `{name}`, so a file's name can sit in its own `<bdi>` (a Latin
/// name inside right-to-left text keeps its own order).
fn around_name(template: &'static str) -> (&'static str, &'static str) {
    template.split_once("{name}").unwrap_or((template, ""))
}

/// The chosen file's bytes, checked by the receipt rule before anything is sent: its size first
/// (a file too large is not read), then its type by its first bytes and as the browser declares
/// it. The refusal's code, as the server would answer it.
async fn chosen_file(file: &web_sys::File) -> Result<Vec<u8>, &'static str> {
    check_size(file.size() as u64).map_err(|r| r.code())?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "receipt_empty")?;
    let bytes = web_sys::js_sys::Uint8Array::new(&buffer).to_vec();
    check_receipt(Some(&file.type_()), Some(&file.name()), &bytes).map_err(|r| r.code())?;
    Ok(bytes)
}

fn cost_fields(
    locale: Locale,
    i: usize,
    row: CostRow,
    errors: RwSignal<Vec<FieldError>>,
    costs: RwSignal<Vec<CostRow>>,
    place: Place,
) -> impl IntoView {
    let t = text();
    let n = (i + 1).to_string();
    let f = |name: &str| format!("costs[{i}].{name}");
    let amount_hint = format!("{}-hint", control_id(&f("amount_ore")));
    let sender = crate::api::Sender::new();
    let remove = move |_| {
        // A removed cost's receipt goes with it (it would count against the month's receipts).
        if let Some(receipt) = row.receipt.get_untracked() {
            sender.send(async move {
                api::remove_receipt(place.id, place.month, &receipt)
                    .await
                    .ok();
            });
        }
        costs.update(|list| list.retain(|r| r.key != row.key))
    };
    let text_field = move |name: &'static str,
                           label: &'static str,
                           value: RwSignal<String>,
                           hint: Option<String>| {
        let field = f(name);
        view! {
            <div class="field">
                <label for=control_id(&field)>{label}</label>
                {hint.clone().map(|h| view! { <p class="hint" id=h>{if name == "amount_ore" { t.cost_amount_hint } else { t.date_hint }}</p> })}
                <FieldErrorLine locale=locale errors=errors field=field.clone()/>
                <input type="text" id=control_id(&field) autocomplete="off"
                    aria-describedby=described_by(errors, field.clone(), hint)
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    let date_hint = format!("{}-hint", control_id(&f("date")));
    view! {
        <fieldset class="cost">
            <legend>{fill(t.cost_n, &[("n", &n)])}</legend>
            {text_field("date", t.date, row.date, Some(date_hint))}
            {text_field("description", t.cost_description, row.description, None)}
            {text_field("amount_ore", t.cost_amount, row.amount, Some(amount_hint))}
            {receipt_field(locale, i, row, errors, place)}
            <button type="button" class="button-secondary" on:click=remove>{fill(t.remove_cost, &[("n", &n)])}</button>
        </fieldset>
    }
}

/// A cost's receipt: a file input that uploads the chosen file at once (checked first by the
/// receipt rule), then the attached file's name and size with a button that removes it. A refusal
/// is worded in the reader's language under the input; nothing else in the form changes.
fn receipt_field(
    locale: Locale,
    i: usize,
    row: CostRow,
    errors: RwSignal<Vec<FieldError>>,
    place: Place,
) -> impl IntoView {
    let t = text();
    let field = format!("costs[{i}].receipt");
    let input_id = control_id(&field);
    let remove_id = format!("{input_id}-remove");
    let refusal_id = format!("{input_id}-refusal");
    let refused = RwSignal::new(None::<&'static str>);
    let note = RwSignal::new(None::<&'static str>);
    // An upload and a removal: each sends once however often it is asked.
    let uploader = crate::api::Sender::new();
    let uploading = uploader.pending();
    let remover = crate::api::Sender::new();
    let attached = move || {
        let id = row.receipt.get()?;
        place
            .receipts
            .with(|list| list.iter().find(|r| r.id == id).cloned())
    };
    let choose = {
        let remove_id = remove_id.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            refused.set(None);
            note.set(Some(t.receipt_uploading));
            let remove_id = remove_id.clone();
            uploader.send(async move {
                let answer = match chosen_file(&file).await {
                    Err(code) => Err(t.refusal(locale, 0, code)),
                    Ok(bytes) => api::upload_receipt(
                        place.id,
                        place.month,
                        &file.name(),
                        &file.type_(),
                        &bytes,
                    )
                    .await
                    .map_err(|e| t.refusal(locale, e.status, &e.code)),
                };
                note.set(None);
                match answer {
                    Ok(receipt) => {
                        let id = receipt.id.clone();
                        place.receipts.update(|list| list.push(receipt));
                        row.receipt.set(Some(id));
                        dom::focus_soon(remove_id);
                    }
                    Err(text) => {
                        input.set_value("");
                        refused.set(Some(text));
                    }
                }
            });
        }
    };
    let remove = move |_| {
        let Some(receipt) = row.receipt.get_untracked() else {
            return;
        };
        refused.set(None);
        remover.send(async move {
            match api::remove_receipt(place.id, place.month, &receipt).await {
                // Gone already is as good as removed.
                Ok(()) | Err(ApiError { status: 404, .. }) => {
                    place
                        .receipts
                        .update(|list| list.retain(|r| r.id != receipt));
                    row.receipt.set(None);
                    note.set(Some(t.receipt_removed));
                    dom::focus_soon(control_id(&format!("costs[{i}].receipt")));
                }
                Err(e) => refused.set(Some(t.refusal(locale, e.status, &e.code))),
            }
        });
    };
    let (before, after) = around_name(t.receipt_attached);
    let described = {
        let (field, refusal_id) = (field.clone(), refusal_id.clone());
        move || {
            let mut ids = Vec::new();
            if errors.with(|list| list.iter().any(|e| e.field == field)) {
                ids.push(error_id(&field));
            }
            if refused.get().is_some() {
                ids.push(refusal_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field receipt">
            <FieldErrorLine locale=locale errors=errors field=field.clone()/>
            {move || refused.get().map(|text| view! { <p class="field-error" id=refusal_id.clone() role="alert">{text}</p> })}
            {move || match attached() {
                Some(receipt) => {
                    let size = fill(t.receipt_size, &[("kb", &size_kb(receipt.size).to_string())]);
                    view! {
                        <p class="receipt-attached">{before}<bdi>{receipt.name.clone()}</bdi>{after}" ("<bdi>{size}</bdi>")"</p>
                        <button type="button" class="button-secondary" id=remove_id.clone() on:click=remove>
                            {fill(t.remove_receipt, &[("name", &receipt.name)])}
                        </button>
                    }.into_any()
                }
                None => view! {
                    <label for=input_id.clone()>{t.receipt}</label>
                    <input type="file" id=input_id.clone() accept=accepted_types()
                        aria-describedby=described.clone()
                        disabled=move || uploading.get()
                        on:change=choose.clone()/>
                }.into_any(),
            }}
            {move || note.get().map(|text| view! { <p class="status" role="status">{text}</p> })}
        </div>
    }
}
