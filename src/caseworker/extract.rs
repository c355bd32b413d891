//! Registerutdrag (administrators, GDPR art. 15): a personnummer in, everything the system keeps
//! about that person out, with erasure (art. 17) of each application under it (`erasure.rs`) and
//! the erasures made below, as a page in plain Swedish that prints as a letter (`@media print`
//! leaves the area's frame and the buttons out) and as the same data in a JSON file. The server
//! logs every extract, and a look-up that found nobody, without the number.
//!
//! The number is sent in the request's body, never put in the address, so it stays out of the
//! browser's history and the server's traces.

use kp_domain::api::FieldError;
use kp_domain::application::personnummer_field;
use kp_domain::caseworker::{AccessEntry, TimelineEntry};
use kp_domain::erasure::ErasureRecord;
use kp_domain::extract::{ExtractApplication, ExtractAssignment, ExtractMail, RegisterExtract};
use kp_domain::i18n::format_kronor;
use kp_domain::pipeline::Event;
use kp_domain::purpose::Purpose;
use kp_domain::time::{display_in_sweden, today_in_sweden};
use kp_domain::Locale;
use leptos::prelude::*;

use super::access_log::{action_text, purpose_cell, record_text};
use super::accounts::{is_admin, OnlyAdministrators};
use super::applicant::{answer_rows, describe};
use super::correction_text::change_sentence;
use super::erasure::{ErasureRecords, ErasureSection};
use super::erasure_text::removed_sentence;
use super::notice::{Notice, NoticeRegion};
use super::payment_basis::{missing_reason, ore_text};
use super::placement_text as words;
use super::report_text;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon as focus;

/// A personnummer's refusal, in Swedish.
pub fn personnummer_error(code: &str) -> &'static str {
    match code {
        "required" => "Fyll i personnumret",
        "format" => "Skriv personnumret med 10 eller 12 siffror, till exempel 19811218-9876",
        "date" => "Personnumret innehåller ett datum som inte finns",
        "serial" => "Födelsenumret 000 delas aldrig ut. Kontrollera de fyra sista siffrorna",
        "checksum" => "Personnumret stämmer inte. Kontrollera de fyra sista siffrorna",
        _ => "Kontrollera personnumret",
    }
}

/// Why an extract could not be made (no field to blame).
fn failure_text(error: &api::ApiError) -> &'static str {
    match error.status {
        0 => "Ingen kontakt med servern. Försök igen när anslutningen fungerar.",
        403 => "Bara administratörer kan ta fram registerutdrag.",
        _ => "Registerutdraget kunde inte tas fram. Försök igen om en stund.",
    }
}

/// A mail's kind, as the person reads it.
pub fn mail_kind(kind: &str) -> &'static str {
    match kind {
        "receipt" => "Kvitto på intresseanmälan, till dig",
        "notice" => "Meddelande till enheten om att en anmälan kommit in",
        _ => "Meddelande",
    }
}

/// Where a mail is.
pub fn mail_status(status: &str) -> &'static str {
    match status {
        "sent" => "Skickat",
        "outbox" => "Väntar på att skickas",
        "failed" => "Kunde inte skickas",
        _ => "Okänt",
    }
}

/// The JSON file's name: the first application's reference and the day, or "ingen-traff".
pub fn file_name(extract: &RegisterExtract) -> String {
    let day = extract.produced_at.get(..10).unwrap_or("utdrag");
    match extract.applications.first() {
        Some(a) => format!("registerutdrag-{}-{day}.json", a.reference),
        None => format!("registerutdrag-ingen-traff-{day}.json"),
    }
}

/// An object URL for `json` as a file to download (revoked when the result goes away).
fn download_url(json: &str) -> Option<String> {
    let parts = web_sys::js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The extract page.
#[component]
pub fn ExtractPage() -> impl IntoView {
    view! { <RequireSignIn><ExtractView/></RequireSignIn> }
}

#[component]
fn ExtractView() -> impl IntoView {
    if !is_admin() {
        return view! { <OnlyAdministrators heading="Registerutdrag"/> }.into_any();
    }
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Registerutdrag – {}", text::PRODUCT),
        "Allt som finns sparat om en person",
    );
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<&'static str>);
    let result = RwSignal::new(None::<RegisterExtract>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let notice = RwSignal::new(None::<Notice>);
    let erasures = RwSignal::new(0u32);
    // An erased applicant's extract is out of date: it goes, and the notice says what happened.
    let erased = move |reference: String, record: ErasureRecord| {
        result.set(None);
        notice.set(Some(Notice::Done(format!(
            "{reference} är raderad. {} Raderingen är registrerad utan personuppgifter.",
            removed_sentence(&record.removed)
        ))));
        erasures.update(|v| *v += 1);
        focus("erasure-notice");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        failure.set(None);
        notice.set(None);
        let today = today_in_sweden(chrono::Utc::now());
        let number = typed.get_untracked();
        if let Err(code) = personnummer_field(&number, today) {
            problem.set(Some(personnummer_error(code)));
            focus("extract-errors");
            return;
        }
        problem.set(None);
        sender.send(async move {
            let answer = api::register_extract(&number, Purpose::RegisterExtract).await;
            match answer {
                Ok(extract) => {
                    result.set(Some(extract));
                    focus("extract-result");
                }
                Err(e) => {
                    let field: Option<&FieldError> =
                        e.fields.iter().find(|f| f.field == "personnummer");
                    match field {
                        Some(f) => problem.set(Some(personnummer_error(&f.code))),
                        None => failure.set(Some(failure_text(&e))),
                    }
                    focus("extract-errors");
                }
            }
        });
    };
    view! {
        <div class="no-print">
            <h1>"Registerutdrag"</h1>
            <p class="lead">"Ta fram allt som finns sparat om en person: intresseanmälan, utredningen med underlag och referenser, uppdrag med planer, uppföljningar och ersättning, utskick – och vem som har läst eller ändrat uppgifterna."</p>
            <p>"Att du tar fram ett utdrag loggas i åtkomstloggen, med ditt namn och vem utdraget gäller. Hittas ingen loggas bara att någon sökte, inte numret."</p>
            <ErrorSummary id="extract-errors" title="Registerutdraget kunde inte tas fram" refusal=move || failure.get().map(String::from)
                problems=move || problem.get().map(|m| vec![("extract-personnummer".to_string(), m.to_string())]).unwrap_or_default()/>
            <form class="extract-form" novalidate on:submit=submit>
                <div class=move || if problem.get().is_some() { "form-group form-group-error" } else { "form-group" }>
                    <label class="label" for="extract-personnummer">"Personnummer"</label>
                    <div class="hint" id="extract-personnummer-hint">"Personnummer eller samordningsnummer, till exempel 19811218-9876 eller 811218-9876."</div>
                    {move || problem.get().map(|m| view! {
                        <p class="field-error" id="extract-personnummer-error"><span class="visually-hidden">"Fel: "</span>{m}</p>
                    })}
                    <input id="extract-personnummer" class="input width-20" type="text" inputmode="numeric"
                        autocomplete="off" spellcheck="false"
                        aria-describedby=move || if problem.get().is_some() { "extract-personnummer-hint extract-personnummer-error" } else { "extract-personnummer-hint" }
                        aria-invalid=move || problem.get().map(|_| "true")
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" prop:disabled=move || busy.get()>
                    {move || if busy.get() { "Tar fram …" } else { "Ta fram registerutdrag" }}
                </button>
            </form>
        </div>
        <NoticeRegion id="erasure-notice" notice=notice/>
        {move || result.get().map(|extract| view! { <ExtractResult extract=extract erased=erased/> })}
        <ErasureRecords version=erasures/>
    }
    .into_any()
}

/// The extract: buttons to print and download, then the document itself.
#[component]
fn ExtractResult<F: Fn(String, ErasureRecord) + Copy + Send + Sync + 'static>(
    extract: RegisterExtract,
    erased: F,
) -> impl IntoView {
    let json = serde_json::to_string_pretty(&extract).unwrap_or_default();
    let url = download_url(&json);
    if let Some(url) = url.clone() {
        on_cleanup(move || {
            web_sys::Url::revoke_object_url(&url).ok();
        });
    }
    let print = |_| {
        if let Some(window) = web_sys::window() {
            window.print().ok();
        }
    };
    let produced = display_in_sweden(&extract.produced_at);
    let actions = view! {
        <div class="actions no-print">
            <button type="button" class="button" on:click=print>"Skriv ut"</button>
            {url.map(|href| view! {
                <a class="button button-secondary" href=href download=file_name(&extract)>"Ladda ned som JSON"</a>
            })}
        </div>
    };
    if !extract.found() {
        return view! {
            <section class="register-extract" id="extract-result" tabindex="-1" aria-labelledby="extract-heading">
                <h2 id="extract-heading">"Inga uppgifter om personnumret"</h2>
                <p>{format!("Det finns inga uppgifter om personnummer {} i Kontaktperson, socialtjänstens system för kontaktpersoner.", extract.personnummer)}</p>
                <dl class="facts">
                    <div><dt>"Sökt"</dt><dd>{produced}</dd></div>
                    <div><dt>"Av"</dt><dd>{extract.produced_by.clone()}</dd></div>
                </dl>
                <p class="hint no-print">"Sökningen är loggad i åtkomstloggen: vem som sökte och när, utan personnumret."</p>
                {actions}
            </section>
        }
        .into_any();
    }
    let name = extract
        .applications
        .last()
        .map(|a| format!("{} {}", a.answers.first_name, a.answers.last_name))
        .unwrap_or_default();
    let references: Vec<String> = extract
        .applications
        .iter()
        .map(|a| a.reference.clone())
        .collect();
    view! {
        <article class="register-extract" id="extract-result" tabindex="-1" aria-labelledby="extract-heading">
            {actions}
            <p class="inset no-print">"Läs igenom utdraget innan du lämnar ut det. Uppgifter om andra – till exempel referenser och barnet i ett uppdrag – kan omfattas av sekretess och ska då strykas."</p>
            <h2 id="extract-heading">{format!("Registerutdrag för {name}")}</h2>
            <dl class="facts">
                <div><dt>"Personnummer"</dt><dd>{extract.personnummer.clone()}</dd></div>
                <div><dt>"Framtaget"</dt><dd>{produced.clone()}</dd></div>
                <div><dt>"Av"</dt><dd>{extract.produced_by.clone()}</dd></div>
            </dl>
            <p>{format!("Här är alla uppgifter om dig som fanns sparade i Kontaktperson den {}. Kontaktperson är socialtjänstens system för att ta emot intresseanmälningar, utreda och följa kontaktpersoner. Du har rätt att få fel uppgifter rättade. Hör av dig till socialtjänsten om något inte stämmer.", produced.get(..10).unwrap_or(&produced))}</p>
            {extract.applications.into_iter().map(application_view).collect_view()}
            {access_view(extract.access_log)}
        </article>
        {references.into_iter().map(|reference| view! {
            <ErasureSection reference=reference erased=erased/>
        }).collect_view()}
    }
    .into_any()
}

fn facts(rows: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="answers">
            {rows.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(label, value)| view! {
                <div><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}

fn application_view(a: ExtractApplication) -> impl IntoView {
    let heading = format!("Intresseanmälan {}", a.reference);
    let references: Vec<TimelineEntry> = a
        .timeline
        .iter()
        .filter(|t| matches!(t.event, Event::Reference { .. }))
        .cloned()
        .collect();
    view! {
        <section class="extract-part">
            <h3>{heading}</h3>
            {facts(vec![
                ("Inkom", display_in_sweden(&a.received_at)),
                ("Samtycke lämnat", format!("{} (version {})", display_in_sweden(&a.consent_at), a.answers.consent_version)),
                ("Var ärendet är nu", text::stage_name(a.stage).to_string()),
                ("Handläggare", a.assigned_to.clone().unwrap_or_else(|| "Ingen utsedd".into())),
            ])}
            <h4>"Dina svar i intresseanmälan"</h4>
            {facts(answer_rows(&a.answers, a.district.as_ref()))}
            <h4>"Händelser i utredningen"</h4>
            {if a.timeline.is_empty() {
                view! { <p>"Inga händelser registrerade."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {a.timeline.into_iter().map(timeline_item).collect_view()}
                    </ol>
                }.into_any()
            }}
            <h4>"Referenser du har lämnat"</h4>
            {if references.is_empty() {
                view! { <p>"Inga referenser är kontaktade."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {references.into_iter().map(|t| {
                            let (_, rows) = describe(&t.event);
                            view! { <li>{facts(rows)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h4>"Uppdrag som kontaktperson"</h4>
            {if a.assignments.is_empty() {
                view! { <p>"Inga uppdrag."</p> }.into_any()
            } else {
                a.assignments.into_iter().map(assignment_view).collect_view().into_any()
            }}
            <h4>"Utskick"</h4>
            {if a.mails.is_empty() {
                view! { <p>"Inga utskick."</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{a.mails.into_iter().map(mail_view).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn timeline_item(entry: TimelineEntry) -> impl IntoView {
    let meta = format!("{} · {}", display_in_sweden(&entry.at), entry.by);
    if let Event::Correction { changes } = &entry.event {
        return view! {
            <li>
                <p class="timeline-title">"Ändrade uppgifter"</p>
                <p class="timeline-meta">{meta}</p>
                <ul class="timeline-changes">
                    {changes.iter().map(|c| view! { <li>{change_sentence(c, &entry.by, &entry.at)}</li> }).collect_view()}
                </ul>
            </li>
        }
        .into_any();
    }
    let (title, rows) = describe(&entry.event);
    view! {
        <li>
            <p class="timeline-title">{title}</p>
            <p class="timeline-meta">{meta}</p>
            <dl class="timeline-facts">
                {rows.into_iter().map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> }).collect_view()}
            </dl>
        </li>
    }
    .into_any()
}

fn assignment_view(a: ExtractAssignment) -> impl IntoView {
    let row = a.row;
    let period = match row.end_date {
        Some(end) => format!("{} – {end}", row.start_date),
        None => format!("Från {} (pågår)", row.start_date),
    };
    let plan = a.plan.map(|p| {
        let goals = p
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| {
                format!(
                    "{}. {} (märks på: {})",
                    i + 1,
                    g.text.trim(),
                    g.how_noticed.trim()
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let contacts = p
            .contacts
            .iter()
            .map(|c| format!("{}: {}", c.who.trim(), c.how_often.trim()))
            .collect::<Vec<_>>()
            .join("\n");
        let mut rows = vec![
            ("Mål", goals),
            ("Aktiviteter", p.activities.clone()),
            ("Kontakter", contacts),
            (
                "Uppföljningar",
                words::follow_up_rule_text(p.follow_up_rule),
            ),
        ];
        if let Some(special) = &p.special {
            rows.push(("Överenskommet stöd", special.agreed_support.clone()));
            rows.push((
                "Kontakter med skola och myndigheter",
                special.school_and_authority_contacts.clone(),
            ));
        }
        facts(rows)
    });
    view! {
        <div class="extract-assignment">
            <h5>{format!("Uppdrag {} ({})", row.reference(), text::assignment_type_name(&row.assignment_type))}</h5>
            {facts(vec![
                ("Period", period),
                ("Varför du valdes", a.match_reason.clone()),
                ("Hur ofta ni träffas nu", words::frequency_name(row.frequency).to_string()),
                ("Villkor", a.terms.iter().map(|t| format!("Från {}: {}", t.from, words::terms_text(t))).collect::<Vec<_>>().join("\n")),
                ("Avslut", a.ending.as_ref().map(|e| format!("{}: {} ({})", e.date, e.reason.trim(), words::ended_by_name(e.initiated_by).to_lowercase())).unwrap_or_default()),
            ])}
            <h6>"Genomförandeplan"</h6>
            {plan.map(|p| p.into_any()).unwrap_or_else(|| view! { <p>"Ingen plan skriven."</p> }.into_any())}
            <h6>"Uppföljningar"</h6>
            {if a.follow_ups.is_empty() {
                view! { <p>"Inga uppföljningar hållna."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {a.follow_ups.into_iter().map(|f| {
                            let assessed = f.follow_up.assessments.iter()
                                .map(|g| format!("mål {}: {}", g.goal + 1, words::progress_name(g.progress).to_lowercase()))
                                .collect::<Vec<_>>()
                                .join(", ");
                            facts(vec![
                                ("Datum", f.follow_up.date.to_string()),
                                ("Anteckningar", f.follow_up.notes.clone()),
                                ("Bedömning", assessed),
                                ("Registrerad av", f.by.clone()),
                            ])
                        }).map(|v| view! { <li>{v}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h6>"Händelser i uppdraget"</h6>
            <ul class="plain-list">
                {a.history.into_iter().map(|h| view! {
                    <li>{format!("{} · {} · {}", display_in_sweden(&h.at), words::history_kind_name(&h.kind), h.by)}
                        {(!h.summary.is_empty()).then(|| view! { <br/>{h.summary}})}
                    </li>
                }).collect_view()}
            </ul>
            <h6>"Ersättning"</h6>
            {if a.payments.is_empty() {
                view! { <p>"Ingen ersättning ännu."</p> }.into_any()
            } else {
                view! {
                    <table class="dense extract-payments">
                        <thead><tr>
                            <th scope="col">"Månad"</th><th scope="col">"Nivå"</th><th scope="col">"Dagar"</th>
                            <th scope="col" class="number">"Arvode"</th><th scope="col" class="number">"Omkostnad"</th>
                            <th scope="col" class="number">"Extra kostnader"</th><th scope="col">"Utbetalning"</th>
                        </tr></thead>
                        <tbody>
                            {a.payments.into_iter().map(|p| {
                                let month = words::capitalise(&words::month_name(p.month));
                                match (p.line, p.not_paid) {
                                    (Some(line), _) => view! {
                                        <tr>
                                            <td>{month}</td><td>{line.level_label}</td>
                                            <td>{format!("{} av {}", line.days_covered, line.days_in_month)}</td>
                                            <td class="number">{format_kronor(Locale::Sv, line.arvode)}</td>
                                            <td class="number">{format_kronor(Locale::Sv, line.omkostnad)}</td>
                                            <td class="number">{ore_text(line.extra_costs_ore)}</td>
                                            <td>{payment_text(p.paid_in)}</td>
                                        </tr>
                                    }.into_any(),
                                    (None, Some(reason)) => view! {
                                        <tr>
                                            <td>{month}</td>
                                            <td colspan="6">{format!("Betalas inte: {}", missing_reason(reason, None))}</td>
                                        </tr>
                                    }.into_any(),
                                    (None, None) => view! {
                                        <tr>
                                            <td>{month}</td>
                                            <td colspan="6">{format!("Kunde inte räknas ut: {}", words::payment_basis_refusal(p.not_computed.as_deref().unwrap_or("")))}</td>
                                        </tr>
                                    }.into_any(),
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h6>"Godkända uppdragsavtal"</h6>
            {if a.agreements.is_empty() {
                view! { <p>"Inget avtal godkänt."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {a.agreements.into_iter().map(|g| view! {
                            <li>
                                {format!("Godkänt {} ({})", display_in_sweden(&g.at), if g.method == "eid" { "inloggad med e-legitimation" } else { "inloggad med engångslänk" })}
                                <pre class="agreement-text">{g.text}</pre>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h6>"Meddelanden"</h6>
            {if a.messages.is_empty() {
                view! { <p>"Inga meddelanden."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {a.messages.into_iter().map(|m| view! {
                            <li>
                                {format!("{} · {}{}", display_in_sweden(&m.sent_at), m.author, if m.worry { " · markerat som oro" } else { "" })}
                                <br/>{m.body}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h6>"Månadsrapporter"</h6>
            {if a.reports.is_empty() {
                view! { <p>"Inga rapporter."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {a.reports.into_iter().map(|r| {
                            let mut rows = vec![
                                ("Månad", words::capitalise(&words::month_name(r.month))),
                                ("Läge", report_text::status_name(r.status).to_string()),
                                ("Träffar", r.report.meetings.iter().map(report_text::meeting_line).collect::<Vec<_>>().join("\n")),
                            ];
                            if r.report.meetings.is_empty() {
                                rows.push(("Varför inga träffar", r.report.no_meetings_reason.clone()));
                            }
                            if let Some(comment) = r.return_comment.clone() {
                                rows.push(("Handläggarens kommentar", comment));
                            }
                            view! { <li>{facts(rows)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

fn mail_view(m: ExtractMail) -> impl IntoView {
    view! {
        <li>
            {facts(vec![
                ("Utskick", mail_kind(&m.kind).to_string()),
                ("Till", m.to_address.clone()),
                ("Ämne", m.subject.clone()),
                ("Skapat", display_in_sweden(&m.created_at)),
                ("Status", mail_status(&m.status).to_string()),
                ("Skickat", m.sent_at.as_deref().map(display_in_sweden).unwrap_or_default()),
            ])}
            <div class="mail-body">{m.body}</div>
        </li>
    }
}

fn access_view(entries: Vec<AccessEntry>) -> impl IntoView {
    view! {
        <section class="extract-part">
            <h3>"Vem har läst eller ändrat uppgifterna"</h3>
            <p>"Varje gång någon på socialtjänsten har öppnat eller ändrat uppgifterna om dig har det loggats. Listor som visar många personer samtidigt (till exempel listan över sökande och månadens utbetalningsunderlag) loggas som listor och finns inte med här. Ändamål visar varför uppgifterna lästes, där det angavs."</p>
            <div class="table-scroll">
                <table class="dense extract-access">
                    <caption class="visually-hidden">"Åtkomster, äldst först"</caption>
                    <thead><tr>
                        <th scope="col">"När"</th><th scope="col">"Vem"</th><th scope="col">"Vad"</th><th scope="col">"Uppgift"</th><th scope="col">"Ändamål"</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| view! {
                            <tr>
                                <td class="nowrap">{display_in_sweden(&e.at)}</td>
                                <td>{e.user_name}</td>
                                <td>{action_text(&e.action)}</td>
                                <td>{record_text(&e.record)}</td>
                                <td>{purpose_cell(&e.action, e.purpose)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Where a paid month of the extract is paid: its own month's basis, or a later one's.
fn payment_text(paid_in: Option<kp_domain::compensation::Month>) -> String {
    match paid_in {
        None => "I månadens underlag".to_string(),
        Some(month) => missing_reason(
            kp_domain::compensation::report_payment::MissingReason::PaidLater,
            Some(month),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_a_personnummer_can_be_refused_with_has_its_own_words() {
        let messages: std::collections::HashSet<_> =
            ["required", "format", "date", "serial", "checksum"]
                .into_iter()
                .map(personnummer_error)
                .collect();
        assert_eq!(messages.len(), 5);
        assert!(!messages.contains("Kontrollera personnumret"));
    }

    #[test]
    fn the_json_file_is_named_by_the_reference_and_the_day_not_the_number() {
        let mut extract = RegisterExtract {
            personnummer: "19811218-9876".into(),
            produced_at: "2026-11-22T09:00:00Z".into(),
            produced_by: "Anna".into(),
            applications: vec![],
            access_log: vec![],
        };
        assert_eq!(
            file_name(&extract),
            "registerutdrag-ingen-traff-2026-11-22.json"
        );
        extract.applications.push(ExtractApplication {
            reference: "KP-2026-0042".into(),
            received_at: String::new(),
            consent_at: String::new(),
            stage: kp_domain::pipeline::Stage::New,
            assigned_to: None,
            answers: Default::default(),
            district: None,
            timeline: vec![],
            assignments: vec![],
            mails: vec![],
        });
        assert_eq!(
            file_name(&extract),
            "registerutdrag-KP-2026-0042-2026-11-22.json"
        );
    }

    #[test]
    fn a_month_approved_late_says_which_basis_pays_it() {
        assert_eq!(payment_text(None), "I månadens underlag");
        assert!(payment_text(kp_domain::compensation::Month::new(2026, 12))
            .starts_with("Godkänd sent: betalas i underlaget för"),);
    }
}
