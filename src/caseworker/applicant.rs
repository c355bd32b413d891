//! One applicant: what needs doing next (the step forms and, before a decision, the evidence
//! checklist), the timeline of every recorded step merged with what happened in their
//! assignments, who handles the case, their assignments as contact person, and the interest
//! form's answers. Everything the applicant wrote is shown as text, never as markup.
//!
//! Typing is kept in a per-applicant draft in `sessionStorage` (this tab only; cleared on
//! sign-out), so a failed save, a conflict or a reload loses nothing.

use kp_domain::application::ApplicationForm;
use kp_domain::caseworker::{ApplicantDetail, TimelineEntry};
use kp_domain::phone::display_phone;
use kp_domain::pipeline::{
    steps_for, suggested_step, Event, EvidenceStatus, Stage, REFERENCES_NEEDED,
};
use kp_domain::placement::{AssignmentRow, HistoryEntry};
use kp_domain::purpose::Purpose;
use kp_domain::time::{display_in_sweden, today_in_sweden};
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::correction::{CorrectionSection, CorrectionState};
use super::correction_text as correction;
use super::fitting_needs::FittingNeeds;
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::step_form::{self, build_event, fields, Draft, FieldProblem, Input};
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;

fn today() -> chrono::NaiveDate {
    today_in_sweden(chrono::Utc::now())
}

/// One item of the applicant's timeline: a vetting step, or something in one of their
/// assignments.
#[derive(Debug, Clone, PartialEq)]
pub enum TimelineItem {
    /// A recorded vetting step.
    Step(TimelineEntry),
    /// Matched, plan, follow-up, changed terms, ending.
    Assignment(HistoryEntry),
}

/// The vetting steps and the assignments' history as one timeline, oldest first (both are
/// stamped the same way, so the text orders by time); on the same instant, the step first.
pub fn merged_timeline(
    steps: Vec<TimelineEntry>,
    assignments: Vec<HistoryEntry>,
) -> Vec<TimelineItem> {
    let mut items: Vec<(String, u8, usize, TimelineItem)> = steps
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s.at.clone(), 0, i, TimelineItem::Step(s)))
        .chain(
            assignments
                .into_iter()
                .enumerate()
                .map(|(i, h)| (h.at.clone(), 1, i, TimelineItem::Assignment(h))),
        )
        .collect();
    items.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    items.into_iter().map(|(_, _, _, item)| item).collect()
}

/// One timeline entry in words: a title and the facts recorded.
pub fn describe(event: &Event) -> (&'static str, Vec<(&'static str, String)>) {
    let yes_no = |b: bool, yes: &str, no: &str| if b { yes } else { no }.to_string();
    let facts = match event {
        Event::PhoneCall {
            date,
            outcome,
            note,
        } => vec![
            ("Datum", date.to_string()),
            ("Resultat", text::call_outcome(*outcome).to_string()),
            ("Anteckning", note.clone()),
        ],
        Event::InterviewBooked { at, place } => vec![
            ("Tid", at.format("%Y-%m-%d %H:%M").to_string()),
            ("Plats", place.clone()),
        ],
        Event::InterviewHeld {
            date,
            participants,
            assessment,
        } => vec![
            ("Datum", date.to_string()),
            ("Deltog", participants.clone()),
            ("Bedömning", assessment.clone()),
        ],
        Event::PoliceExtract {
            issued,
            received,
            has_entries,
            verified_how,
        } => vec![
            ("Utfärdat", issued.to_string()),
            ("Mottaget", received.to_string()),
            (
                "Innehåll",
                yes_no(*has_entries, "Har anteckningar", "Inga anteckningar"),
            ),
            ("Äkthet kontrollerad", verified_how.clone()),
        ],
        Event::RegisterCheck {
            date,
            outcome,
            legal_basis,
            note,
        } => vec![
            ("Datum", date.to_string()),
            ("Resultat", text::register_outcome(*outcome).to_string()),
            (
                "Rättslig grund och hur den sökande informerades",
                legal_basis.clone(),
            ),
            ("Anteckning", note.clone()),
        ],
        Event::Reference {
            name,
            relation,
            phone,
            contacted,
            summary,
        } => vec![
            ("Namn", name.clone()),
            ("Relation", relation.clone()),
            ("Telefon", display_phone(phone)),
            ("Kontaktad", contacted.to_string()),
            ("Sammanfattning", summary.clone()),
        ],
        Event::Decision {
            approved,
            assignment_types,
            motivation,
            date,
        } => vec![
            ("Beslut", yes_no(*approved, "Godkänd", "Inte godkänd")),
            (
                "Godkänd för",
                assignment_types
                    .iter()
                    .map(|t| text::assignment_type_name(t))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Motivering", motivation.clone()),
            ("Beslutsdatum", date.to_string()),
        ],
        Event::Withdrawal { reason } => vec![("Skäl", reason.clone())],
        Event::Note { text } => vec![("Anteckning", text.clone())],
        Event::Correction { changes } => changes
            .iter()
            .map(|c| {
                (
                    correction::field_label(&c.field),
                    format!(
                        "från {} till {}",
                        correction::value_text(&c.field, &c.from),
                        correction::value_text(&c.field, &c.to)
                    ),
                )
            })
            .collect(),
    };
    let title = match event {
        Event::InterviewBooked { .. } => "Intervju bokad",
        other => text::step_name(other.kind()),
    };
    (
        title,
        facts.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
    )
}

fn join(codes: &[String], name: impl Fn(&str) -> String) -> String {
    codes.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
}

/// The interest form's answers as label–text pairs, in the form's order; the district (chosen,
/// or told by the postcode) after the address when there is one.
pub fn answer_rows(
    a: &ApplicationForm,
    district: Option<&kp_domain::district::ApplicantDistrict>,
) -> Vec<(&'static str, String)> {
    let yes_no = |b: bool| if b { "Ja" } else { "Nej" }.to_string();
    let frequency = match a.frequency.as_str() {
        "weekly" => "Minst en gång i veckan",
        "several_per_week" => "Flera gånger i veckan",
        "almost_daily" => "Nästan varje dag",
        _ => "Inte angivet",
    };
    let time = |c: &str| {
        match c {
            "weekdays" => "dagtid på vardagar",
            "evenings" => "kvällar",
            "weekends" => "helger",
            other => other,
        }
        .to_string()
    };
    let mut rows = vec![
        ("Namn", format!("{} {}", a.first_name, a.last_name)),
        ("Personnummer", a.personnummer.clone()),
        (
            "Adress",
            format!("{}, {} {}", a.address, a.postcode, a.town),
        ),
        (
            "Område",
            district
                .map(|d| super::districts_text::applicant_district_text(Some(d)))
                .unwrap_or_default(),
        ),
        ("Telefon", display_phone(&a.phone)),
        ("E-post", a.email.clone()),
        (
            "Språk för kontakt",
            a.locale
                .map(|l| text::language_name(l.code()))
                .unwrap_or_else(|| "svenska".into()),
        ),
        (
            "Intresserad av",
            join(&a.assignment_types, |t| {
                text::assignment_type_name(t).to_string()
            }),
        ),
        ("Talar", join(&a.languages, text::language_name)),
        ("Sysselsättning", a.occupation.clone()),
        ("Erfarenhet", a.experience.clone()),
        ("Intressen", a.interests.clone()),
        ("Hur ofta", frequency.to_string()),
        ("När", join(&a.times, time)),
        (
            "Åldrar",
            if a.age_groups.is_empty() {
                "Ingen önskan".to_string()
            } else {
                join(&a.age_groups, |g| format!("{g} år"))
            },
        ),
        ("Körkort", yes_no(a.driving_licence)),
        ("Bil", yes_no(a.has_car)),
        ("Känner redan ett barn", yes_no(a.knows_child)),
    ];
    if a.knows_child {
        rows.push(("Hur hen känner barnet", a.knows_child_details.clone()));
    }
    rows.push(("Varför hen vill bli kontaktperson", a.motivation.clone()));
    rows.push(("Samtycke (version)", a.consent_version.clone()));
    rows.into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
}

fn draft_key(reference: &str) -> String {
    format!("kp-step-draft:{reference}")
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn load_draft(reference: &str) -> Draft {
    session_storage()
        .and_then(|s| s.get_item(&draft_key(reference)).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_draft(reference: &str, draft: &Draft) {
    if let Some(storage) = session_storage() {
        if draft.is_empty() {
            storage.remove_item(&draft_key(reference)).ok();
        } else if let Ok(text) = serde_json::to_string(draft) {
            storage.set_item(&draft_key(reference), &text).ok();
        }
    }
}

use crate::dom::focus_soon as focus;

/// What the page keeps while the applicant is fetched again after a save: the typing, the chosen
/// step and the messages (the applicant's part of the page is drawn anew from the fresh data).
#[derive(Clone, Copy)]
struct PageState {
    draft: RwSignal<Draft>,
    /// The step whose form is shown ("" = the suggested one).
    chosen: RwSignal<String>,
    problems: RwSignal<Vec<FieldProblem>>,
    refusal: RwSignal<Option<&'static str>>,
    saved: RwSignal<Option<String>>,
    assigned: RwSignal<Option<(bool, String)>>,
    /// Set by a successful save: offer the suggested step once the fresh data is drawn.
    advance: RwSignal<bool>,
    /// The correction of their details and answers.
    correction: CorrectionState,
}

/// The applicant page.
#[component]
pub fn ApplicantPage() -> impl IntoView {
    view! { <RequireSignIn><ApplicantView/></RequireSignIn> }
}

#[component]
fn ApplicantView() -> impl IntoView {
    let params = use_params_map();
    let reference = params.with_untracked(|p| p.get("reference").unwrap_or_default());
    let detail = RwSignal::new(None::<Result<ApplicantDetail, api::ApiError>>);
    // The page's reads end with it: a late answer never names the applicant on another page.
    let scope = api::RequestScope::here();
    let reload = {
        let reference = reference.clone();
        move || {
            let reference = reference.clone();
            scope.spawn(async move {
                let answer = api::applicant(&reference, Purpose::ApplicantPage).await;
                if let Ok(d) = &answer {
                    crate::dom::set_document_meta(
                        Locale::Sv,
                        &format!(
                            "{} ({}) – {}",
                            d.summary.name,
                            d.summary.reference,
                            text::PRODUCT
                        ),
                        "En sökande",
                    );
                }
                detail.set(Some(answer));
            });
        }
    };
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Sökande {reference} – {}", text::PRODUCT),
        "En sökande",
    );
    reload();
    let reload = StoredValue::new(reload);
    let state = PageState {
        draft: RwSignal::new(load_draft(&reference)),
        chosen: RwSignal::new(String::new()),
        problems: RwSignal::new(Vec::new()),
        refusal: RwSignal::new(None),
        saved: RwSignal::new(None),
        assigned: RwSignal::new(None),
        advance: RwSignal::new(false),
        correction: CorrectionState::new(&reference),
    };
    {
        let reference = reference.clone();
        Effect::new(move |_| state.draft.with(|d| save_draft(&reference, d)));
    }

    view! {
        {move || match detail.get() {
            None => view! { <p class="status" role="status">"Hämtar den sökande …"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <h1>"Sökande saknas"</h1>
                <p>"Det finns ingen sökande med referensnumret "<strong>{reference.clone()}</strong>"."</p>
                <p><a href=CaseworkerRoute::Applicants.href()>"Till listan över sökande"</a></p>
            }.into_any(),
            Some(Err(_)) => view! {
                <h1>"Sökande"</h1>
                <p class="status" role="alert">"Den sökande kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(d)) => view! { <Applicant detail=d reload=reload state=state/> }.into_any(),
        }}
    }
}

#[component]
fn Applicant<F: Fn() + Clone + Send + Sync + 'static>(
    detail: ApplicantDetail,
    reload: StoredValue<F>,
    state: PageState,
) -> impl IntoView {
    let reference = detail.summary.reference.clone();
    let stage = detail.summary.stage;
    let history: Vec<Event> = detail.timeline.iter().map(|t| t.event.clone()).collect();
    let evidence = EvidenceStatus::of(&history, today());
    let show_checklist = matches!(stage, Stage::Interviewed | Stage::ChecksUnderWay);
    let suggested = suggested_step(stage, &history, today());
    view! {
        <p class="breadcrumb"><a href=CaseworkerRoute::Applicants.href()>"Alla sökande"</a></p>
        <h1>{detail.summary.name.clone()}</h1>
        <dl class="facts">
            <div><dt>"Referens"</dt><dd class="ref-code">{reference.clone()}</dd></div>
            <div><dt>"Steg"</dt><dd><span class=format!("stage stage-{}", stage.code())>{text::stage_name(stage)}</span></dd></div>
            <div><dt>"Inkom"</dt><dd>{display_in_sweden(&detail.summary.received_at)}</dd></div>
            <div><dt>"Telefon"</dt><dd><a href=format!("tel:{}", detail.answers.phone)>{display_phone(&detail.answers.phone)}</a></dd></div>
        </dl>
        <AssignBox reference=reference.clone() current=detail.assigned_to_id reload=reload message=state.assigned/>
        <div class="applicant-grid">
            <section aria-labelledby="next-heading" class="next-step">
                <h2 id="next-heading">{if stage.is_closed() { "Anteckningar" } else { "Nästa steg" }}</h2>
                {show_checklist.then(|| checklist(&evidence))}
                <StepForms reference=reference.clone() stage=stage suggested=suggested reload=reload state=state/>
            </section>
            <section aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">"Händelser"</h2>
                <ol class="timeline">
                    <li>
                        <p class="timeline-title">"Intresseanmälan inkom"</p>
                        <p class="timeline-meta">{display_in_sweden(&detail.summary.received_at)}</p>
                    </li>
                    {merged_timeline(detail.timeline, detail.assignment_history).into_iter().map(|item| match item {
                        TimelineItem::Step(TimelineEntry { at, by, event: Event::Correction { changes }, .. }) => view! {
                            <li class="timeline-correction">
                                <p class="timeline-title">"Ändrade uppgifter"</p>
                                <p class="timeline-meta">{format!("{} · {}", display_in_sweden(&at), by)}</p>
                                <ul class="timeline-changes">
                                    {changes.iter().map(|c| view! { <li>{correction::change_sentence(c, &by, &at)}</li> }).collect_view()}
                                </ul>
                            </li>
                        }.into_any(),
                        TimelineItem::Step(entry) => {
                            let (title, facts) = describe(&entry.event);
                            view! {
                                <li>
                                    <p class="timeline-title">{title}</p>
                                    <p class="timeline-meta">{format!("{} · {} · därefter: {}", display_in_sweden(&entry.at), entry.by, text::stage_name(entry.stage_after))}</p>
                                    <dl class="timeline-facts">
                                        {facts.into_iter().map(|(label, value)| view! {
                                            <div><dt>{label}</dt><dd>{value}</dd></div>
                                        }).collect_view()}
                                    </dl>
                                </li>
                            }.into_any()
                        }
                        TimelineItem::Assignment(h) => view! {
                            <li class="timeline-assignment">
                                <p class="timeline-title">{words::history_kind_name(&h.kind)}
                                    {h.assignment_id.zip(h.assignment_reference.clone()).map(|(id, reference)| view! { " · "<a href=CaseworkerRoute::assignment(id).href()>{format!("Uppdrag {reference}")}</a> })}
                                </p>
                                <p class="timeline-meta">{format!("{} · {}", display_in_sweden(&h.at), h.by)}</p>
                                {(!h.summary.is_empty()).then(|| view! { <p class="timeline-summary">{h.summary}</p> })}
                            </li>
                        }.into_any(),
                    }).collect_view()}
                </ol>
            </section>
        </div>
        {(stage == Stage::Approved).then(|| view! { <FittingNeeds reference=reference.clone() name=detail.summary.name.clone()/> })}
        {(stage == Stage::Approved || !detail.assignments.is_empty()).then(|| assignments_view(detail.assignments))}
        <section aria-labelledby="answers-heading">
            <h2 id="answers-heading">"Intresseanmälan"</h2>
            <dl class="answers">
                {answer_rows(&detail.answers, detail.district.as_ref()).into_iter().map(|(label, value)| view! {
                    <div><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
        </section>
        <CorrectionSection reference=reference.clone() answers=detail.answers.clone() state=state.correction reload=reload/>
    }
}

/// The contact person's assignments, ongoing first.
fn assignments_view(rows: Vec<AssignmentRow>) -> impl IntoView {
    view! {
        <section aria-labelledby="assignments-heading">
            <h2 id="assignments-heading">"Uppdrag som kontaktperson"</h2>
            {if rows.is_empty() {
                view! { <p>"Inga uppdrag ännu. Välj ett av behoven ovan, eller registrera ett nytt under Behov."</p> }.into_any()
            } else {
                view! {
                    <table class="dense applicant-assignments">
                        <thead><tr>
                            <th scope="col">"Uppdrag"</th><th scope="col">"Behov"</th><th scope="col">"Typ"</th>
                            <th scope="col">"Hur ofta"</th><th scope="col">"Period"</th><th scope="col">"Nästa uppföljning"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td><a class="ref-code" href=CaseworkerRoute::assignment(r.id).href()>{r.reference()}</a></td>
                                    <td><a class="ref-code" href=CaseworkerRoute::need(&r.need_reference).href()>{r.need_reference.clone()}</a></td>
                                    <td>{text::assignment_type_name(&r.assignment_type)}</td>
                                    <td>{words::frequency_name(r.frequency)}</td>
                                    <td>{match r.end_date {
                                        Some(end) => format!("{} – {end}", r.start_date),
                                        None => format!("Från {} (pågår)", r.start_date),
                                    }}</td>
                                    <td>{r.next_follow_up.map(|d| d.to_string()).unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn checklist(e: &EvidenceStatus) -> impl IntoView {
    let item = |done: bool, text: String| {
        view! {
            <li class=if done { "done" } else { "missing" }>
                <span class="visually-hidden">{if done { "Klart: " } else { "Saknas: " }}</span>
                {text}
            </li>
        }
    };
    let extract =
        match (e.newest_extract, e.extract_valid) {
            (None, _) => "Utdrag ur polisens register".to_string(),
            (Some(issued), true) => format!(
            "Utdrag ur polisens register, utfärdat {issued} (gäller för beslut till och med {})",
            e.extract_valid_until.map(|d| d.to_string()).unwrap_or_default()
        ),
            (Some(issued), false) => {
                format!("Utdrag ur polisens register: det senaste ({issued}) är äldre än ett år")
            }
        };
    view! {
        <div class="checklist">
            <h3>"Underlag för beslut om godkännande"</h3>
            <ul>
                {item(e.extract_valid, extract)}
                {item(e.register_checked, "Kontroll i socialtjänstens register".to_string())}
                {item(e.references >= REFERENCES_NEEDED, format!("Referenser: {} av minst {REFERENCES_NEEDED}", e.references))}
            </ul>
        </div>
    }
}

#[component]
fn AssignBox<F: Fn() + Clone + Send + Sync + 'static>(
    reference: String,
    current: Option<i64>,
    reload: StoredValue<F>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let caseworkers = api::load(api::caseworkers);
    let chosen = RwSignal::new(current.map(|id| id.to_string()).unwrap_or_default());
    let sender = api::Sender::new();
    let busy = sender.pending();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let reference = reference.clone();
        let user = chosen.get_untracked().parse::<i64>().ok();
        sender.send(async move {
            let result = api::assign(&reference, user).await;
            match result {
                Ok(()) => {
                    message.set(Some((true, "Handläggaren är sparad.".into())));
                    reload.with_value(|r| r());
                }
                Err(e) => {
                    let code = e.fields.first().map(|f| f.code.clone()).unwrap_or(e.code);
                    message.set(Some((false, text::refusal(&code).into())));
                }
            }
        });
    };
    view! {
        <form class="assign" on:submit=save>
            <label class="label" for="assignee">"Handläggare"</label>
            <select id="assignee" class="select" on:change=move |ev| { chosen.set(event_target_value(&ev)); message.set(None); }>
                <option value="" selected=move || chosen.get().is_empty()>"Ingen tilldelad"</option>
                {move || caseworkers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                    let id = c.id.to_string();
                    let is = id.clone();
                    view! { <option value=id selected=move || chosen.get() == is>{c.display_name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="button button-secondary button-small" prop:disabled=move || busy.get()>"Spara handläggare"</button>
            <span role="status" class=move || match message.get() { Some((false, _)) => "inline-message error", _ => "inline-message" }>
                {move || message.get().map(|(_, m)| m)}
            </span>
        </form>
    }
}

#[component]
fn StepForms<F: Fn() + Clone + Send + Sync + 'static>(
    reference: String,
    stage: Stage,
    suggested: &'static str,
    reload: StoredValue<F>,
    state: PageState,
) -> impl IntoView {
    let PageState {
        draft,
        chosen,
        problems,
        refusal,
        saved,
        advance,
        ..
    } = state;
    let steps = steps_for(stage);
    if advance.get_untracked() || !steps.contains(&chosen.get_untracked().as_str()) {
        advance.set(false);
        chosen.set(suggested.to_string());
    }
    let sender = api::Sender::new();
    let busy = sender.pending();
    draft.update(|d| *d = std::mem::take(d).with_today(&chosen.get_untracked(), today()));
    let choose = move |kind: String| {
        draft.update(|d| *d = std::mem::take(d).with_today(&kind, today()));
        chosen.set(kind);
        problems.set(Vec::new());
        refusal.set(None);
        saved.set(None);
    };
    if saved.get_untracked().is_some() {
        focus("step-saved");
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let kind = chosen.get_untracked();
        saved.set(None);
        refusal.set(None);
        let event = match draft.with_untracked(|d| build_event(&kind, d)) {
            Ok(event) => event,
            Err(found) => {
                problems.set(found);
                focus("step-errors");
                return;
            }
        };
        problems.set(Vec::new());
        let reference = reference.clone();
        sender.send(async move {
            let result = api::record_event(&reference, &event).await;
            match result {
                Ok(()) => {
                    draft.update(|d| d.clear(&kind));
                    saved.set(Some(text::saved_sentence(&event)));
                    // The next step is the suggested one for the applicant as they are now.
                    advance.set(true);
                    reload.with_value(|r| r());
                }
                Err(e) => {
                    let code = e
                        .fields
                        .iter()
                        .find(|f| f.field == "event")
                        .map(|f| f.code.clone())
                        .unwrap_or(e.code);
                    let code = if e.status == 401 {
                        "unauthorized".into()
                    } else {
                        code
                    };
                    refusal.set(Some(text::refusal(&code)));
                    focus("step-errors");
                    if code == "stage_changed" {
                        reload.with_value(|r| r());
                    }
                }
            }
        });
    };

    view! {
        {move || saved.get().map(|m| view! { <p class="success-message" id="step-saved" tabindex="-1" role="status">{m}</p> })}
        {(steps.len() > 1).then(|| view! {
            <div class="form-group">
                <label class="label" for="step-kind">"Vad vill du registrera?"</label>
                <select id="step-kind" class="select" on:change=move |ev| choose(event_target_value(&ev))>
                    {steps.iter().map(|kind| view! {
                        <option value=*kind selected=move || chosen.get() == *kind>{text::step_name(kind)}</option>
                    }).collect_view()}
                </select>
            </div>
        })}
        <ErrorSummary id="step-errors" title="Steget kunde inte sparas" subsection=true
            refusal=move || refusal.get().map(String::from)
            problems={move || {
                let kind = chosen.get_untracked();
                problems.get().into_iter().map(|p| step_form::summary_problem(&kind, p)).collect::<Vec<_>>()
            }}/>
        {move || {
            let kind = chosen.get();
            let heading = text::step_name(&kind);
            view! {
                <form class="step-form" novalidate on:submit=submit.clone() aria-label=format!("Registrera: {}", heading.to_lowercase())>
                    {fields(&kind).iter().map(|f| field_view(kind.clone(), *f, draft, problems)).collect_view()}
                    <button type="submit" class="button" prop:disabled=move || busy.get()>
                        {move || if busy.get() { "Sparar …".to_string() } else { format!("Spara: {}", heading.to_lowercase()) }}
                    </button>
                </form>
            }
        }}
    }
}

fn field_view(
    kind: String,
    f: step_form::Field,
    draft: RwSignal<Draft>,
    problems: RwSignal<Vec<FieldProblem>>,
) -> AnyView {
    let id = format!("step-{kind}-{}", f.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = move || problems.with(|p| p.iter().find(|(n, _)| *n == f.name).map(|(_, m)| *m));
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if f.hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = {
        let kind = kind.clone();
        move || draft.with(|d| d.get(&kind, f.name))
    };
    let set = {
        let kind = kind.clone();
        move |v: String| draft.update(|d| d.set(&kind, f.name, v))
    };
    let hint = f
        .hint
        .map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> });
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error().map(|m| view! { <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p> })
        }
    };
    let group_class = move || {
        if error().is_some() {
            "form-group form-group-error"
        } else {
            "form-group"
        }
    };
    let label = f.label;
    match f.input {
        Input::Choice(options) => view! {
            <fieldset class=group_class id=id.clone() aria-describedby=described>
                <legend class="label">{label}</legend>
                {hint}
                {error_view}
                <div class="choices">
                    {options.iter().map(|(code, text)| {
                        let option_id = format!("{id}-{code}");
                        let value = value.clone();
                        let set = set.clone();
                        view! {
                            <div class="choice">
                                <input type="radio" id=option_id.clone() name=id.clone() value=*code
                                    prop:checked=move || value() == *code
                                    on:change=move |_| set(code.to_string())/>
                                <label for=option_id>{*text}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        Input::AssignmentTypes => view! {
            <fieldset class=group_class id=id.clone() aria-describedby=described>
                <legend class="label">{label}</legend>
                {hint}
                {error_view}
                <div class="choices">
                    {kp_domain::application::ASSIGNMENT_TYPES.into_iter().map(|code| {
                        let option_id = format!("{id}-{code}");
                        let value = value.clone();
                        let current = value.clone();
                        let set = set.clone();
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=option_id.clone() value=code
                                    prop:checked=move || value().split(',').any(|t| t == code)
                                    on:change=move |ev| set(step_form::toggle_type(&current(), code, event_target_checked(&ev)))/>
                                <label for=option_id>{text::assignment_type_name(code)}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        Input::Area => view! {
            <div class=group_class>
                <label class="label" for=id.clone()>{label}</label>
                {hint}
                {error_view}
                <textarea id=id class="textarea" rows="4" maxlength="4000" aria-describedby=described
                    aria-invalid=move || error().map(|_| "true")
                    prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
            </div>
        }
        .into_any(),
        other => {
            let (kind_attr, width) = match other {
                Input::Date => ("date", "input input-date"),
                Input::DateTime => ("datetime-local", "input input-date"),
                Input::Phone => ("tel", "input input-medium"),
                _ => ("text", "input"),
            };
            view! {
                <div class=group_class>
                    <label class="label" for=id.clone()>{label}</label>
                    {hint}
                    {error_view}
                    <input id=id class=width type=kind_attr maxlength="300" aria-describedby=described
                        aria-invalid=move || error().map(|_| "true")
                        prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
                </div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use kp_domain::pipeline::CallOutcome;

    #[test]
    fn a_timeline_entry_names_the_step_and_leaves_out_empty_facts() {
        let (title, facts) = describe(&Event::PhoneCall {
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            outcome: CallOutcome::NotReached,
            note: String::new(),
        });
        assert_eq!(title, "Telefonsamtal");
        assert_eq!(
            facts,
            vec![
                ("Datum", "2026-11-20".to_string()),
                ("Resultat", "Inte nådd".to_string())
            ]
        );
    }

    #[test]
    fn a_decision_lists_the_assignment_types_by_name() {
        let (title, facts) = describe(&Event::Decision {
            approved: true,
            assignment_types: vec!["child".into(), "special".into()],
            motivation: "Lämplig".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        });
        assert_eq!(title, "Beslut");
        assert!(facts.contains(&(
            "Godkänd för",
            "Kontaktperson för barn eller unga, Särskilt kvalificerad kontaktperson".to_string()
        )));
    }

    #[test]
    fn the_answers_read_as_swedish_and_skip_what_was_not_asked() {
        let form = ApplicationForm {
            first_name: "Amina".into(),
            last_name: "Yusuf".into(),
            languages: vec!["so".into(), "ar".into()],
            frequency: "weekly".into(),
            times: vec!["evenings".into()],
            motivation: "<script>alert(1)</script>".into(),
            ..ApplicationForm::default()
        };
        let rows = answer_rows(&form, None);
        let get = |label: &str| {
            rows.iter()
                .find(|(l, _)| *l == label)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get("Namn").as_deref(), Some("Amina Yusuf"));
        assert_eq!(get("Talar").as_deref(), Some("somaliska, arabiska"));
        assert_eq!(get("Hur ofta").as_deref(), Some("Minst en gång i veckan"));
        assert_eq!(
            get("Hur hen känner barnet"),
            None,
            "only asked when they know a child"
        );
        assert_eq!(
            get("Varför hen vill bli kontaktperson").as_deref(),
            Some("<script>alert(1)</script>"),
            "kept verbatim: the view renders it as text"
        );
    }

    #[test]
    fn the_timeline_merges_vetting_steps_and_assignment_events_by_time() {
        let step = |at: &str| TimelineEntry {
            at: at.into(),
            by: "Handläggare".into(),
            event: Event::PhoneCall {
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                outcome: kp_domain::pipeline::CallOutcome::Reached,
                note: String::new(),
            },
            stage_after: Stage::Contacted,
        };
        let happened = |at: &str, kind: &str| HistoryEntry {
            at: at.into(),
            by: "Handläggare".into(),
            kind: kind.into(),
            summary: String::new(),
            assignment_id: Some(7),
            assignment_reference: None,
        };
        let merged = merged_timeline(
            vec![step("2026-11-01T09:00:00Z"), step("2026-11-03T09:00:00Z")],
            vec![
                happened("2026-11-02T09:00:00Z", "matched"),
                happened("2026-11-03T09:00:00Z", "plan_written"),
            ],
        );
        let order: Vec<String> = merged
            .iter()
            .map(|item| match item {
                TimelineItem::Step(s) => format!("step {}", &s.at[..10]),
                TimelineItem::Assignment(h) => format!("{} {}", h.kind, &h.at[..10]),
            })
            .collect();
        assert_eq!(
            order,
            [
                "step 2026-11-01",
                "matched 2026-11-02",
                "step 2026-11-03",
                "plan_written 2026-11-03"
            ]
        );
    }
}
