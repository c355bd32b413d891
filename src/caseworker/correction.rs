//! Correcting an applicant's details and answers (GDPR art. 16) from their page: "Rätta
//! uppgifter" opens a form with the answers as stored.
//!
//! The form starts from the answers as stored and sends only what the caseworker changed
//! ([`Correction::between`]); the interest form's own rules check it here before sending
//! ([`correct`]) and again on the server, both answering codes that `correction_text` words.
//! What is typed is kept in this tab's `sessionStorage` as the changes alone, so a reload, a
//! refusal or a timeout loses nothing, and a draft never writes back a field someone else
//! corrected since.

use kp_domain::api::FieldError;
use kp_domain::application::{ApplicationForm, AGE_GROUPS, ASSIGNMENT_TYPES, LANGUAGES, TIMES};
use kp_domain::compensation::Frequency;
use kp_domain::correction::{correct, Correction};
use kp_domain::time::today_in_sweden;
use leptos::prelude::*;

use super::correction_text::{error_text, field_label, refusal_text};
use super::placement_text::{age_group_name, frequency_name, time_choice};
use super::text;
use crate::api;
use crate::components::error_summary::{ErrorSummary, SummaryProblem};
use crate::dom::focus_soon as focus;

/// The field a refusal's link leads to (a group of choices through its first option).
fn target_id(field: &str) -> String {
    match field {
        "assignment_types" => format!("correct-{field}-{}", ASSIGNMENT_TYPES[0]),
        "languages" => format!("correct-{field}-{}", LANGUAGES[0].code),
        "times" => format!("correct-{field}-{}", TIMES[0]),
        "age_groups" => format!("correct-{field}-{}", AGE_GROUPS[0]),
        "frequency" => format!("correct-{field}-{}", Frequency::ALL[0].code()),
        "correction" => "correct-first_name".to_string(),
        _ => format!("correct-{field}"),
    }
}

/// A refused field as the error summary lists it: the control its link leads to, and the message
/// after the field's name (a refusal of the correction as a whole has no field to name).
fn summary_problem(e: &FieldError) -> SummaryProblem {
    let message = error_text(&e.field, &e.code);
    let message = if e.field == "correction" {
        message
    } else {
        format!("{}: {message}", field_label(&e.field))
    };
    (target_id(&e.field), message)
}

fn draft_key(reference: &str) -> String {
    format!("kp-correction-draft:{reference}")
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn load_draft(reference: &str) -> Option<Correction> {
    session_storage()?
        .get_item(&draft_key(reference))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
}

fn save_draft(reference: &str, draft: Option<&Correction>) {
    let Some(storage) = session_storage() else {
        return;
    };
    match draft.and_then(|d| serde_json::to_string(d).ok()) {
        Some(text) => storage.set_item(&draft_key(reference), &text).ok(),
        None => storage.remove_item(&draft_key(reference)).ok(),
    };
}

/// What the correction keeps while the applicant page is drawn anew (after a save or a
/// conflict): the changes typed (`None`: the form is closed), the refusals and the last message.
#[derive(Clone, Copy)]
pub struct CorrectionState {
    /// The changes typed so far, over the answers as loaded; `None` while the form is closed.
    changes: RwSignal<Option<Correction>>,
    problems: RwSignal<Vec<FieldError>>,
    refusal: RwSignal<Option<&'static str>>,
    saved: RwSignal<bool>,
    /// The saved message takes the focus once, when the page is drawn after the save.
    announce: RwSignal<bool>,
}

impl CorrectionState {
    /// The state for `reference`, with a draft left in this tab, if any (the form then opens).
    pub fn new(reference: &str) -> CorrectionState {
        let state = CorrectionState {
            changes: RwSignal::new(load_draft(reference)),
            problems: RwSignal::new(Vec::new()),
            refusal: RwSignal::new(None),
            saved: RwSignal::new(false),
            announce: RwSignal::new(false),
        };
        let reference = reference.to_string();
        Effect::new(move |_| state.changes.with(|c| save_draft(&reference, c.as_ref())));
        state
    }
}

fn text_of(form: &ApplicationForm, field: &str) -> String {
    match field {
        "first_name" => form.first_name.clone(),
        "last_name" => form.last_name.clone(),
        "address" => form.address.clone(),
        "postcode" => form.postcode.clone(),
        "town" => form.town.clone(),
        "district" => form.district.clone(),
        "phone" => form.phone.clone(),
        "email" => form.email.clone(),
        "occupation" => form.occupation.clone(),
        "experience" => form.experience.clone(),
        "interests" => form.interests.clone(),
        "frequency" => form.frequency.clone(),
        "knows_child_details" => form.knows_child_details.clone(),
        "motivation" => form.motivation.clone(),
        _ => String::new(),
    }
}

fn set_text(form: &mut ApplicationForm, field: &str, value: String) {
    let slot = match field {
        "first_name" => &mut form.first_name,
        "last_name" => &mut form.last_name,
        "address" => &mut form.address,
        "postcode" => &mut form.postcode,
        "town" => &mut form.town,
        "district" => &mut form.district,
        "phone" => &mut form.phone,
        "email" => &mut form.email,
        "occupation" => &mut form.occupation,
        "experience" => &mut form.experience,
        "interests" => &mut form.interests,
        "frequency" => &mut form.frequency,
        "knows_child_details" => &mut form.knows_child_details,
        "motivation" => &mut form.motivation,
        _ => return,
    };
    *slot = value;
}

fn codes_mut<'a>(form: &'a mut ApplicationForm, field: &str) -> Option<&'a mut Vec<String>> {
    match field {
        "assignment_types" => Some(&mut form.assignment_types),
        "languages" => Some(&mut form.languages),
        "times" => Some(&mut form.times),
        "age_groups" => Some(&mut form.age_groups),
        _ => None,
    }
}

fn flag_mut<'a>(form: &'a mut ApplicationForm, field: &str) -> Option<&'a mut bool> {
    match field {
        "driving_licence" => Some(&mut form.driving_licence),
        "has_car" => Some(&mut form.has_car),
        "knows_child" => Some(&mut form.knows_child),
        _ => None,
    }
}

/// One field's handles: the form as typed, and the refusal of this field, if any.
#[derive(Clone, Copy)]
struct Handles {
    answers: StoredValue<ApplicationForm>,
    state: CorrectionState,
}

impl Handles {
    /// The form as the caseworker has it now: the stored answers with the changes typed.
    fn current(&self) -> ApplicationForm {
        let base = self.answers.get_value();
        self.state
            .changes
            .with(|c| c.as_ref().map(|c| c.apply_to(&base)))
            .unwrap_or(base)
    }

    fn edit(&self, change: impl FnOnce(&mut ApplicationForm)) {
        let base = self.answers.get_value();
        let mut form = self.current();
        change(&mut form);
        self.state
            .changes
            .set(Some(Correction::between(&base, &form)));
    }

    fn error(&self, field: &'static str) -> Option<String> {
        self.state.problems.with(|p| {
            p.iter()
                .find(|e| e.field == field)
                .map(|e| error_text(&e.field, &e.code))
        })
    }
}

fn group_class(error: bool) -> &'static str {
    if error {
        "form-group form-group-error"
    } else {
        "form-group"
    }
}

fn error_line(h: Handles, field: &'static str) -> impl IntoView {
    move || {
        h.error(field).map(|m| view! {
            <p class="field-error" id=format!("correct-{field}-error")><span class="visually-hidden">"Fel: "</span>{m}</p>
        })
    }
}

fn described(h: Handles, field: &'static str, hint: bool) -> impl Fn() -> Option<String> {
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("correct-{field}-hint"));
        }
        if h.error(field).is_some() {
            ids.push(format!("correct-{field}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A line of text (`kind`: `text`, `tel`, `email`).
fn line_input(
    h: Handles,
    field: &'static str,
    kind: &'static str,
    width: &'static str,
    hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("correct-{field}");
    view! {
        <div class=move || group_class(h.error(field).is_some())>
            <label class="label" for=id.clone()>{field_label(field)}</label>
            {hint.map(|t| view! { <div class="hint" id=format!("correct-{field}-hint")>{t}</div> })}
            {error_line(h, field)}
            <input id=id class=format!("input {width}") type=kind spellcheck="false"
                aria-describedby=described(h, field, hint.is_some())
                aria-invalid=move || h.error(field).map(|_| "true")
                prop:value=move || text_of(&h.current(), field)
                on:input=move |ev| h.edit(|f| set_text(f, field, event_target_value(&ev)))/>
        </div>
    }
}

/// The district: a select of the active districts (and the stored one, should it be retired),
/// or none. Shown only when the municipality names districts.
fn district_input(h: Handles, districts: Vec<kp_domain::district::District>) -> impl IntoView {
    let field = "district";
    let stored = h.answers.with_value(|a| a.district.clone());
    let options: Vec<(String, String)> = districts
        .into_iter()
        .filter(|d| d.active || d.id.to_string() == stored)
        .map(|d| {
            let label = if d.active {
                d.name
            } else {
                format!("{} (tagen ur bruk)", d.name)
            };
            (d.id.to_string(), label)
        })
        .collect();
    (!options.is_empty()).then(|| {
        view! {
            <div class=move || group_class(h.error(field).is_some())>
                <label class="label" for="correct-district">{field_label(field)}</label>
                {error_line(h, field)}
                <select id="correct-district" class="select"
                    aria-describedby=described(h, field, false)
                    aria-invalid=move || h.error(field).map(|_| "true")
                    on:change=move |ev| h.edit(|f| set_text(f, field, event_target_value(&ev)))>
                    <option value="" prop:selected=move || h.current().district.is_empty()>"Inget valt (postnumret avgör)"</option>
                    {options.into_iter().map(|(value, label)| {
                        let id = value.clone();
                        view! { <option value=value prop:selected=move || h.current().district == id>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    })
}

fn area_input(h: Handles, field: &'static str) -> impl IntoView {
    let id = format!("correct-{field}");
    view! {
        <div class=move || group_class(h.error(field).is_some())>
            <label class="label" for=id.clone()>{field_label(field)}</label>
            {error_line(h, field)}
            <textarea id=id class="textarea" rows="4"
                aria-describedby=described(h, field, false)
                aria-invalid=move || h.error(field).map(|_| "true")
                prop:value=move || text_of(&h.current(), field)
                on:input=move |ev| h.edit(|f| set_text(f, field, event_target_value(&ev)))></textarea>
        </div>
    }
}

/// Any of `options` (code, label): checkboxes in a fieldset.
fn codes_input(h: Handles, field: &'static str, options: Vec<(String, String)>) -> impl IntoView {
    let columns = if options.len() > 8 {
        "choices choices-columns"
    } else {
        "choices"
    };
    view! {
        <fieldset class=move || group_class(h.error(field).is_some()) aria-describedby=described(h, field, false)>
            <legend class="label">{field_label(field)}</legend>
            {error_line(h, field)}
            <div class=columns>
                {options.into_iter().map(|(code, label)| {
                    let option_id = format!("correct-{field}-{code}");
                    let checked = code.clone();
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=option_id.clone() value=code.clone()
                                prop:checked=move || {
                                    let mut form = h.current();
                                    codes_mut(&mut form, field).is_some_and(|c| c.contains(&checked))
                                }
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = code.clone();
                                    h.edit(|f| {
                                        if let Some(codes) = codes_mut(f, field) {
                                            codes.retain(|c| *c != code);
                                            if on {
                                                codes.push(code);
                                            }
                                        }
                                    });
                                }/>
                            <label for=option_id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

fn flag_input(h: Handles, field: &'static str, label: &'static str) -> impl IntoView {
    let id = format!("correct-{field}");
    view! {
        <div class="choice">
            <input type="checkbox" id=id.clone()
                prop:checked=move || { let mut f = h.current(); flag_mut(&mut f, field).is_some_and(|v| *v) }
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    h.edit(|f| if let Some(v) = flag_mut(f, field) { *v = on });
                }/>
            <label for=id>{label}</label>
        </div>
    }
}

fn frequency_input(h: Handles) -> impl IntoView {
    let field = "frequency";
    view! {
        <fieldset class=move || group_class(h.error(field).is_some()) aria-describedby=described(h, field, false)>
            <legend class="label">{field_label(field)}</legend>
            {error_line(h, field)}
            <div class="choices">
                {Frequency::ALL.into_iter().map(|f| {
                    let option_id = format!("correct-{field}-{}", f.code());
                    view! {
                        <div class="choice">
                            <input type="radio" name="correct-frequency" id=option_id.clone() value=f.code()
                                prop:checked=move || h.current().frequency == f.code()
                                on:change=move |_| h.edit(|form| form.frequency = f.code().to_string())/>
                            <label for=option_id>{frequency_name(f)}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The applicant page's "Rätta uppgifter": a button that opens the form with the stored answers,
/// the form, and what happened to the last correction.
#[component]
pub fn CorrectionSection<F: Fn() + Clone + Send + Sync + 'static>(
    reference: String,
    answers: ApplicationForm,
    state: CorrectionState,
    reload: StoredValue<F>,
) -> impl IntoView {
    let scope = api::RequestScope::here();
    let h = Handles {
        answers: StoredValue::new(answers),
        state,
    };
    let sender = api::Sender::new();
    let busy = sender.pending();
    // The districts the select offers (none: the question is not shown).
    let districts = RwSignal::new(None::<Vec<kp_domain::district::District>>);
    scope.spawn(async move {
        districts.set(api::all_districts().await.ok());
    });
    let open = move |_| {
        state.saved.set(false);
        state.problems.set(Vec::new());
        state.refusal.set(None);
        state.changes.set(Some(Correction::default()));
        focus("correct-first_name");
    };
    let close = move |_| {
        state.changes.set(None);
        state.problems.set(Vec::new());
        state.refusal.set(None);
        focus("correct-open");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        state.refusal.set(None);
        let correction = state.changes.get_untracked().unwrap_or_default();
        let today = today_in_sweden(chrono::Utc::now());
        // The interest form's rules, here first; the server checks again.
        let checked = if correction.is_empty() {
            Err(vec![FieldError {
                field: "correction".into(),
                code: "no_change".into(),
            }])
        } else {
            correct(&h.answers.get_value(), &correction, today).and_then(|c| {
                if c.changes.is_empty() {
                    Err(vec![FieldError {
                        field: "correction".into(),
                        code: "no_change".into(),
                    }])
                } else {
                    Ok(c)
                }
            })
        };
        if let Err(found) = checked {
            state.problems.set(found);
            focus("correct-errors");
            return;
        }
        state.problems.set(Vec::new());
        let reference = reference.clone();
        sender.send(async move {
            let result = api::correct_applicant(&reference, &correction).await;
            match result {
                Ok(()) => {
                    state.changes.set(None);
                    state.saved.set(true);
                    state.announce.set(true);
                    reload.with_value(|r| r());
                }
                Err(refused) if !refused.fields.is_empty() => {
                    state.problems.set(refused.fields);
                    focus("correct-errors");
                }
                Err(refused) => {
                    state
                        .refusal
                        .set(Some(refusal_text(refused.status, &refused.code)));
                    focus("correct-errors");
                    if refused.code == "changed_meanwhile" {
                        reload.with_value(|r| r());
                    }
                }
            }
        });
    };
    if state.announce.get_untracked() {
        state.announce.set(false);
        focus("correct-saved");
    }
    let languages: Vec<(String, String)> = LANGUAGES
        .iter()
        .map(|l| (l.code.to_string(), text::language_name(l.code)))
        .collect();
    let types: Vec<(String, String)> = ASSIGNMENT_TYPES
        .iter()
        .map(|t| (t.to_string(), text::assignment_type_name(t).to_string()))
        .collect();
    let times: Vec<(String, String)> = TIMES
        .iter()
        .map(|t| (t.to_string(), time_choice(t)))
        .collect();
    let ages: Vec<(String, String)> = AGE_GROUPS
        .iter()
        .map(|g| (g.to_string(), age_group_name(g)))
        .collect();
    view! {
        <section aria-labelledby="correction-heading" class="correction no-print">
            <h2 id="correction-heading">"Rätta uppgifter"</h2>
            {move || state.saved.get().then(|| view! {
                <p class="success-message" id="correct-saved" tabindex="-1" role="status">
                    "Uppgifterna är rättade. Det gamla värdet finns kvar under Händelser."
                </p>
            })}
            {move || match state.changes.get().is_some() {
                false => view! {
                    <p>"Stämmer något inte – en ny adress, ett nytt telefonnummer, ett svar som blev fel? Rätta det här. Det gamla värdet sparas i händelserna."</p>
                    <button type="button" class="button button-secondary" id="correct-open" on:click=open>"Rätta uppgifter"</button>
                }.into_any(),
                true => {
                    let languages = languages.clone();
                    let types = types.clone();
                    let times = times.clone();
                    let ages = ages.clone();
                    view! {
                        <ErrorSummary id="correct-errors" title="Rättelsen kunde inte sparas" subsection=true
                            refusal=move || state.refusal.get().map(String::from)
                            problems={move || state.problems.get().iter().map(summary_problem).collect::<Vec<_>>()}/>
                        <form class="correction-form" novalidate on:submit=submit.clone() aria-labelledby="correction-heading">
                            <p class="hint">"Ändra det som är fel och spara. Samma regler gäller som i intresseanmälan."</p>
                            <fieldset class="section">
                                <legend class="section-legend">"Kontaktuppgifter"</legend>
                                {line_input(h, "first_name", "text", "width-20", None)}
                                {line_input(h, "last_name", "text", "width-20", None)}
                                {line_input(h, "address", "text", "", None)}
                                {line_input(h, "postcode", "text", "width-5", None)}
                                {line_input(h, "town", "text", "width-20", None)}
                                {move || districts.get().map(|list| district_input(h, list))}
                                {line_input(h, "phone", "tel", "width-20", Some("Till exempel 070-123 45 67"))}
                                {line_input(h, "email", "email", "", None)}
                            </fieldset>
                            <fieldset class="section">
                                <legend class="section-legend">"Svar i intresseanmälan"</legend>
                                {codes_input(h, "assignment_types", types)}
                                {codes_input(h, "languages", languages)}
                                {line_input(h, "occupation", "text", "", None)}
                                {area_input(h, "experience")}
                                {area_input(h, "interests")}
                                {frequency_input(h)}
                                {codes_input(h, "times", times)}
                                {codes_input(h, "age_groups", ages)}
                                <fieldset class="form-group">
                                    <legend class="label">"Körkort, bil och barn hen känner"</legend>
                                    <div class="choices">
                                        {flag_input(h, "driving_licence", "Har körkort")}
                                        {flag_input(h, "has_car", "Har tillgång till bil")}
                                        {flag_input(h, "knows_child", "Känner redan ett barn hen vill bli kontaktperson för")}
                                    </div>
                                </fieldset>
                                {move || h.current().knows_child.then(|| area_input(h, "knows_child_details"))}
                                {area_input(h, "motivation")}
                            </fieldset>
                            <div class="actions">
                                <button type="submit" class="button" prop:disabled=move || busy.get()>
                                    {move || if busy.get() { "Sparar …" } else { "Spara rättelsen" }}
                                </button>
                                <button type="button" class="button button-secondary" on:click=close>"Avbryt"</button>
                            </div>
                        </form>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
        }
    }

    #[test]
    fn a_refused_field_is_listed_by_its_name_and_leads_to_its_control() {
        assert_eq!(
            summary_problem(&refused("email", "format")),
            (
                "correct-email".to_string(),
                "E-postadress: Skriv e-postadressen som namn@exempel.se".to_string()
            )
        );
    }

    #[test]
    fn a_group_of_choices_is_reached_through_its_first_option() {
        let (target, _) = summary_problem(&refused("languages", "choose_at_least_one"));
        assert_eq!(target, format!("correct-languages-{}", LANGUAGES[0].code));
    }

    #[test]
    fn a_refusal_of_the_whole_correction_names_no_field_and_leads_to_the_first() {
        let (target, message) = summary_problem(&refused("correction", "no_change"));
        assert_eq!(target, "correct-first_name");
        assert_eq!(message, error_text("correction", "no_change"));
    }
}
