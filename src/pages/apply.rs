//! The interest form (intresseanmälan): fill in → check your answers → confirmation with the
//! reference number and a printable receipt. Typing is kept in the browser as it happens
//! (`crate::draft`); validation is `kp_domain::application::validate`, the same function the
//! server runs; the server's answer codes are worded here in the reader's language.

use kp_domain::api::{ApplicationReceipt, FieldError};
use kp_domain::application::{language, validate, ApplicationForm, AGE_GROUPS, CONSENT_VERSION};
use kp_domain::form_text::{
    confirmation_mail_text, error_message, form_document_title, form_text, FormText,
};
use kp_domain::i18n::{document_title, fill, ui, Ui};
use kp_domain::locale::Direction;
use kp_domain::{Locale, PublicPage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, SubmitError};
use crate::components::form::{control_id, Bidi, ChoiceGroup, FieldContext, TextField};
use crate::components::language_combobox::LanguageCombobox;
use crate::components::layout::Layout;
use crate::dom;
use crate::draft::{self, Draft};

/// Where the applicant is.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Edit,
    Check,
    Done(ApplicationReceipt),
}

/// A problem with sending (not with the answers).
#[derive(Clone, Debug, PartialEq)]
enum SendProblem {
    Offline,
    RateLimited(u64),
    Failed,
}

/// Today in the applicant's time zone.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The error for one field, worded.
fn message_for(locale: Locale, errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field || (field == "consent" && e.field == "consent_version"))
        .map(|e| error_message(locale, e))
}

/// The label the check step shows for each answer, and the field it changes.
fn answer_rows(
    locale: Locale,
    form: &ApplicationForm,
) -> Vec<(&'static str, &'static str, String)> {
    let t = form_text(locale);
    let u = ui(locale);
    let yes_no = |b: bool| if b { t.yes } else { t.no }.to_string();
    let list = |items: Vec<String>| {
        if items.is_empty() {
            t.nothing_chosen.to_string()
        } else {
            items.join(", ")
        }
    };
    let type_label = |code: &str| match code {
        "child" => t.type_child,
        "unaccompanied" => t.type_unaccompanied,
        _ => t.type_special,
    };
    let time_label = |code: &str| match code {
        "weekdays" => t.time_weekdays,
        "evenings" => t.time_evenings,
        _ => t.time_weekends,
    };
    let frequency = match form.frequency.as_str() {
        "weekly" => u.freq_weekly,
        "several_per_week" => u.freq_several,
        "almost_daily" => u.freq_daily,
        _ => t.nothing_chosen,
    };
    let mut rows = vec![
        (t.first_name, "first_name", form.first_name.clone()),
        (t.last_name, "last_name", form.last_name.clone()),
        (t.personnummer, "personnummer", form.personnummer.clone()),
        (
            t.address,
            "address",
            format!("{}, {} {}", form.address, form.postcode, form.town),
        ),
        (t.phone, "phone", form.phone.clone()),
        (t.email, "email", form.email.clone()),
        (
            t.assignment_types,
            "assignment_types",
            list(
                form.assignment_types
                    .iter()
                    .map(|c| type_label(c).to_string())
                    .collect(),
            ),
        ),
        (
            t.languages,
            "languages",
            list(
                form.languages
                    .iter()
                    .filter_map(|c| language(c))
                    .map(|l| l.endonym.to_string())
                    .collect(),
            ),
        ),
        (t.occupation, "occupation", form.occupation.clone()),
        (t.experience, "experience", form.experience.clone()),
        (t.interests, "interests", form.interests.clone()),
        (t.frequency, "frequency", frequency.to_string()),
        (
            t.times,
            "times",
            list(
                form.times
                    .iter()
                    .map(|c| time_label(c).to_string())
                    .collect(),
            ),
        ),
        (
            t.driving_licence,
            "driving_licence",
            yes_no(form.driving_licence),
        ),
        (t.has_car, "driving_licence", yes_no(form.has_car)),
        (
            t.age_groups,
            "age_groups",
            list(
                form.age_groups
                    .iter()
                    .map(|g| fill(t.years, &[("range", &g.replace('-', "–"))]))
                    .collect(),
            ),
        ),
        (t.knows_child, "knows_child", yes_no(form.knows_child)),
    ];
    if form.knows_child {
        rows.push((
            t.knows_child_details,
            "knows_child_details",
            form.knows_child_details.clone(),
        ));
    }
    rows.push((t.motivation, "motivation", form.motivation.clone()));
    rows
}

/// The interest form page.
#[component]
pub fn ApplyPage(locale: Locale) -> impl IntoView {
    let t: &'static FormText = form_text(locale);
    let u: &'static Ui = ui(locale);
    let rtl = locale.dir() == Direction::Rtl;
    let cx = FieldContext {
        error_prefix: t.error_prefix,
        rtl,
    };
    let nav = api::cached_page(locale, PublicPage::Apply.id())
        .or_else(|| api::cached_page(locale, PublicPage::Start.id()))
        .map(|p| p.nav)
        .unwrap_or_default();
    // The answers, restored from this browser if the applicant was here before.
    let restored = draft::load().unwrap_or_default();
    let draft_key = StoredValue::new(restored.key.clone());
    let empty = ApplicationForm {
        locale: Some(locale),
        consent_version: CONSENT_VERSION.into(),
        ..ApplicationForm::default()
    };
    let form = RwSignal::new(ApplicationForm {
        locale: Some(locale),
        consent_version: CONSENT_VERSION.into(),
        website: String::new(),
        ..restored.form
    });
    let clearing = RwSignal::new(false);
    let cleared = RwSignal::new(false);
    let step = RwSignal::new(Step::Edit);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let problem = RwSignal::new(None::<SendProblem>);

    // The document title names the step, and starts with "Fel:" (in the page's language) while
    // the form shows errors, as GOV.UK does: a screen reader says it before anything else.
    Effect::new(move |_| {
        let title = match step.get() {
            Step::Edit => form_document_title(
                locale,
                &document_title(locale, false, t.title),
                errors.with(|e| !e.is_empty()),
            ),
            Step::Check => document_title(locale, false, t.check_title),
            Step::Done(_) => document_title(locale, false, t.done_title),
        };
        dom::set_document_meta(locale, &title, t.intro);
    });

    // Keep the draft as the applicant types; after a first attempt, errors follow the answers.
    let untouched = empty.clone();
    let empty = StoredValue::new(empty);
    Effect::new(move |_| {
        let current = form.get();
        if current == untouched {
            // Nothing typed (or just emptied): nothing is kept.
            draft::clear();
        } else {
            cleared.set(false);
            draft::save(&Draft {
                form: current.clone(),
                key: draft_key.get_value(),
                saved_at_ms: None,
            });
        }
        if tried.get_untracked() {
            errors.set(validate(&current, today()).err().unwrap_or_default());
        }
    });

    let error_for = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| message_for(locale, e, field)))
    };
    let text = move |get: fn(&ApplicationForm) -> &String| {
        Signal::derive(move || form.with(|f| get(f).clone()))
    };
    let set_text = move |set: fn(&mut ApplicationForm, String)| {
        Callback::new(move |v: String| form.update(|f| set(f, v)))
    };
    let list = move |get: fn(&ApplicationForm) -> &Vec<String>| {
        Signal::derive(move || form.with(|f| get(f).clone()))
    };
    let toggle = move |get: fn(&mut ApplicationForm) -> &mut Vec<String>| {
        Callback::new(move |(code, on): (String, bool)| {
            form.update(|f| {
                let items = get(f);
                items.retain(|c| *c != code);
                if on {
                    items.push(code);
                }
            })
        })
    };

    let focus = |id: &str| {
        let id = id.to_string();
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    el.focus().ok();
                }
            }
        });
    };

    let go_to_check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match validate(&form.get_untracked(), today()) {
            Ok(_) => {
                errors.set(Vec::new());
                step.set(Step::Check);
                focus("page-heading");
            }
            Err(found) => {
                errors.set(found);
                focus("error-summary");
            }
        }
    };

    let send = move |_| {
        if sending.get_untracked() {
            return; // A double click sends once (and the key makes a resend harmless anyway).
        }
        sending.set(true);
        problem.set(None);
        let mut current = Draft {
            form: form.get_untracked(),
            key: draft_key.get_value(),
            saved_at_ms: None,
        };
        let key = current.key_for_sending(draft::fresh_key);
        draft_key.set_value(current.key.clone());
        draft::save(&current);
        spawn_local(async move {
            let result = api::submit_application(&current.form, &key).await;
            sending.set(false);
            match result {
                Ok(receipt) => {
                    draft::clear();
                    step.set(Step::Done(receipt));
                    focus("page-heading");
                }
                Err(SubmitError::Invalid(found)) => {
                    errors.set(found);
                    step.set(Step::Edit);
                    focus("error-summary");
                }
                Err(SubmitError::RateLimited(seconds)) => {
                    problem.set(Some(SendProblem::RateLimited(seconds.div_ceil(60))))
                }
                Err(SubmitError::Network) => problem.set(Some(SendProblem::Offline)),
                Err(SubmitError::Failed(_)) => problem.set(Some(SendProblem::Failed)),
            }
        });
    };

    let change = move |field: &'static str| {
        step.set(Step::Edit);
        let target = if field == "address" { "address" } else { field };
        focus(&control_id(target));
    };

    let error_summary = move || {
        let found = errors.get();
        (!found.is_empty()).then(|| {
            let items = found
                .iter()
                .map(|e| {
                    let field = if e.field == "consent_version" { "consent".to_string() } else { e.field.clone() };
                    let target = control_id(&field);
                    let href = format!("#{target}");
                    let message = error_message(locale, e);
                    view! {
                        <li>
                            <a href=href on:click=move |ev| { ev.prevent_default(); focus(&target); }>
                                <Bidi text=message rtl=rtl/>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title" class="error-summary-title">{t.error_summary}</h2>
                    <ul class="error-summary-list">{items}</ul>
                </div>
            }
        })
    };

    let languages_field = move || {
        view! {
            <LanguageCombobox locale=locale t=t
                chosen=list(|f| &f.languages)
                on_change=Callback::new(move |codes: Vec<String>| form.update(|f| f.languages = codes))
                error=error_for("languages") cx=cx/>
        }
    };

    let edit_view = move || {
        view! {
            {error_summary}
            <h1 id="page-heading" tabindex="-1">{t.title}</h1>
            <p class="lead"><Bidi text=t.intro rtl=rtl/></p>
            <div class="inset">
                <p>{t.saved_note}</p>
                {move || if clearing.get() {
                    view! {
                        <div role="group" aria-labelledby="clear-question">
                            <p id="clear-question"><strong>{t.clear_confirm}</strong></p>
                            <div class="row-actions">
                                <button type="button" class="button button-warning" id="clear-yes" on:click={
                                    move |_| {
                                        draft::clear();
                                        draft_key.set_value(None);
                                        errors.set(Vec::new());
                                        tried.set(false);
                                        form.set(empty.get_value());
                                        clearing.set(false);
                                        cleared.set(true);
                                        focus("clear-form");
                                    }
                                }>{t.clear_yes}</button>
                                <button type="button" class="button button-secondary" on:click=move |_| {
                                    clearing.set(false);
                                    focus("clear-form");
                                }>{t.clear_no}</button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button-secondary" id="clear-form" on:click=move |_| {
                            clearing.set(true);
                            focus("clear-yes");
                        }>{t.clear_form}</button>
                    }.into_any()
                }}
                <p role="status">{move || cleared.get().then_some(t.cleared)}</p>
            </div>
            <form novalidate on:submit=go_to_check>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_about}</legend>
                    <TextField field="first_name" label=t.first_name value=text(|f| &f.first_name) on_input=set_text(|f, v| f.first_name = v) error=error_for("first_name") cx=cx autocomplete="given-name" width="width-20"/>
                    <TextField field="last_name" label=t.last_name value=text(|f| &f.last_name) on_input=set_text(|f, v| f.last_name = v) error=error_for("last_name") cx=cx autocomplete="family-name" width="width-20"/>
                    <TextField field="personnummer" label=t.personnummer hint=t.personnummer_hint value=text(|f| &f.personnummer) on_input=set_text(|f, v| f.personnummer = v) error=error_for("personnummer") cx=cx inputmode="numeric" width="width-10" ltr=true/>
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_contact}</legend>
                    <TextField field="address" label=t.address value=text(|f| &f.address) on_input=set_text(|f, v| f.address = v) error=error_for("address") cx=cx autocomplete="address-line1"/>
                    <TextField field="postcode" label=t.postcode hint=t.postcode_hint value=text(|f| &f.postcode) on_input=set_text(|f, v| f.postcode = v) error=error_for("postcode") cx=cx autocomplete="postal-code" inputmode="numeric" width="width-5" ltr=true/>
                    <TextField field="town" label=t.town value=text(|f| &f.town) on_input=set_text(|f, v| f.town = v) error=error_for("town") cx=cx autocomplete="address-level2" width="width-20"/>
                    <TextField field="phone" label=t.phone hint=t.phone_hint value=text(|f| &f.phone) on_input=set_text(|f, v| f.phone = v) error=error_for("phone") cx=cx autocomplete="tel" input_type="tel" width="width-20" ltr=true/>
                    <TextField field="email" label=t.email hint=t.email_hint value=text(|f| &f.email) on_input=set_text(|f, v| f.email = v) error=error_for("email") cx=cx autocomplete="email" input_type="email" ltr=true/>
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_assignment}</legend>
                    <ChoiceGroup field="assignment_types" legend=t.assignment_types hint=t.choose_one_or_more
                        options=vec![("child", t.type_child.to_string()), ("unaccompanied", t.type_unaccompanied.to_string()), ("special", t.type_special.to_string())]
                        selected=list(|f| &f.assignment_types) on_toggle=toggle(|f| &mut f.assignment_types) error=error_for("assignment_types") cx=cx/>
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_background}</legend>
                    {languages_field}
                    <TextField field="occupation" label=t.occupation value=text(|f| &f.occupation) on_input=set_text(|f, v| f.occupation = v) error=error_for("occupation") cx=cx autocomplete="organization-title"/>
                    <TextField field="experience" label=t.experience hint=t.experience_hint value=text(|f| &f.experience) on_input=set_text(|f, v| f.experience = v) error=error_for("experience") cx=cx multiline=true/>
                    <TextField field="interests" label=t.interests value=text(|f| &f.interests) on_input=set_text(|f, v| f.interests = v) error=error_for("interests") cx=cx multiline=true/>
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_time}</legend>
                    <ChoiceGroup field="frequency" legend=t.frequency single=true
                        options=vec![("weekly", u.freq_weekly.to_string()), ("several_per_week", u.freq_several.to_string()), ("almost_daily", u.freq_daily.to_string())]
                        selected=Signal::derive(move || form.with(|f| vec![f.frequency.clone()]))
                        on_toggle=Callback::new(move |(code, _): (String, bool)| form.update(|f| f.frequency = code))
                        error=error_for("frequency") cx=cx/>
                    <ChoiceGroup field="times" legend=t.times hint=t.choose_one_or_more
                        options=vec![("weekdays", t.time_weekdays.to_string()), ("evenings", t.time_evenings.to_string()), ("weekends", t.time_weekends.to_string())]
                        selected=list(|f| &f.times) on_toggle=toggle(|f| &mut f.times) error=error_for("times") cx=cx/>
                    <ChoiceGroup field="driving_licence" legend=t.transport
                        options=vec![("driving_licence", t.driving_licence.to_string()), ("has_car", t.has_car.to_string())]
                        selected=Signal::derive(move || form.with(|f| {
                            let mut v = Vec::new();
                            if f.driving_licence { v.push("driving_licence".to_string()); }
                            if f.has_car { v.push("has_car".to_string()); }
                            v
                        }))
                        on_toggle=Callback::new(move |(code, on): (String, bool)| form.update(|f| if code == "has_car" { f.has_car = on } else { f.driving_licence = on }))
                        error=Signal::derive(|| None) cx=cx/>
                    <ChoiceGroup field="age_groups" legend=t.age_groups hint=t.age_groups_hint
                        options=AGE_GROUPS.iter().map(|g| (*g, fill(t.years, &[("range", &g.replace('-', "–"))]))).collect()
                        selected=list(|f| &f.age_groups) on_toggle=toggle(|f| &mut f.age_groups) error=error_for("age_groups") cx=cx/>
                    <ChoiceGroup field="knows_child" legend=t.knows_child
                        options=vec![("knows_child", t.yes.to_string())]
                        selected=Signal::derive(move || if form.with(|f| f.knows_child) { vec!["knows_child".to_string()] } else { Vec::new() })
                        on_toggle=Callback::new(move |(_, on): (String, bool)| form.update(|f| f.knows_child = on))
                        error=Signal::derive(|| None) cx=cx/>
                    {move || form.with(|f| f.knows_child).then(|| view! {
                        <TextField field="knows_child_details" label=t.knows_child_details hint=t.knows_child_hint value=text(|f| &f.knows_child_details) on_input=set_text(|f, v| f.knows_child_details = v) error=error_for("knows_child_details") cx=cx multiline=true/>
                    })}
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_motivation}</legend>
                    <TextField field="motivation" label=t.motivation hint=t.motivation_hint value=text(|f| &f.motivation) on_input=set_text(|f, v| f.motivation = v) error=error_for("motivation") cx=cx multiline=true/>
                </fieldset>
                <fieldset class="section">
                    <legend class="section-legend">{t.sec_consent}</legend>
                    <p>{t.vetting_info}</p>
                    <p><a href=PublicPage::Privacy.path(locale) target="_blank" rel="noopener">{t.privacy_link}</a></p>
                    <ChoiceGroup field="consent" legend=t.consent_legend
                        options=vec![("consent", t.consent.to_string())]
                        selected=Signal::derive(move || if form.with(|f| f.consent) { vec!["consent".to_string()] } else { Vec::new() })
                        on_toggle=Callback::new(move |(_, on): (String, bool)| form.update(|f| { f.consent = on; f.consent_version = CONSENT_VERSION.into(); }))
                        error=error_for("consent") cx=cx/>
                </fieldset>
                <div class="robot-trap" aria-hidden="true">
                    <label for="f-website">{t.honeypot}</label>
                    <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"
                        prop:value=move || form.with(|f| f.website.clone())
                        on:input=move |ev| form.update(|f| f.website = event_target_value(&ev))/>
                </div>
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
        }
    };

    let check_view = move || {
        let rows = form.with(|f| answer_rows(locale, f))
            .into_iter()
            .map(|(label, field, value)| view! {
                <div class="summary-row">
                    <dt>{label}</dt>
                    <dd class="summary-value">{value}</dd>
                    <dd class="summary-action">
                        <a href=format!("#{}", control_id(field)) on:click=move |ev| { ev.prevent_default(); change(field); }>
                            {t.change}<span class="visually-hidden">" "{label}</span>
                        </a>
                    </dd>
                </div>
            })
            .collect_view();
        view! {
            <h1 id="page-heading" tabindex="-1">{t.check_title}</h1>
            <dl class="summary-list">{rows}</dl>
            {move || problem.get().map(|p| {
                let message = match p {
                    SendProblem::Offline => t.offline.to_string(),
                    SendProblem::Failed => t.send_failed.to_string(),
                    SendProblem::RateLimited(minutes) => fill(t.rate_limited, &[("minutes", &minutes.to_string())]),
                };
                view! { <div class="error-summary" role="alert"><p>{message}</p></div> }
            })}
            <p class="actions">
                <button type="button" class="button" on:click=send prop:disabled=move || sending.get() aria-disabled=move || sending.get().then_some("true")>
                    {move || if sending.get() { t.sending } else { t.send }}
                </button>
                <button type="button" class="link-button" on:click=move |_| { step.set(Step::Edit); focus("page-heading"); }>{t.back}</button>
            </p>
        }
    };

    let done_view = move |receipt: ApplicationReceipt| {
        let received = chrono::DateTime::parse_from_rfc3339(&receipt.received_at)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| receipt.received_at.clone());
        // Whether a confirmation is e-mailed is the server's to say (a mail server is configured);
        // the reference is shown once, in the panel.
        let mail = confirmation_mail_text(locale, &receipt);
        view! {
            <div class="panel" role="status">
                <h1 id="page-heading" tabindex="-1">{t.done_title}</h1>
                <p class="panel-body">{t.reference}<br/><strong class="reference" dir="ltr">{receipt.reference}</strong></p>
            </div>
            <dl class="summary-list receipt">
                <div class="summary-row"><dt>{t.received_at}</dt><dd dir="ltr">{received}</dd></div>
            </dl>
            <p id="confirmation-mail"><Bidi text=mail rtl=rtl/></p>
            <p class="actions">
                <button type="button" class="button button-secondary" on:click=move |_| { if let Some(w) = web_sys::window() { w.print().ok(); } }>{t.print}</button>
            </p>
            <h2>{t.next_title}</h2>
            <p><Bidi text=t.next_text rtl=rtl/></p>
        }
    };

    view! {
        <Layout locale=locale page=Some(PublicPage::Apply) nav=nav>
            {move || match step.get() {
                Step::Edit => edit_view().into_any(),
                Step::Check => check_view().into_any(),
                Step::Done(receipt) => done_view(receipt).into_any(),
            }}
        </Layout>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_step_lists_every_answer_with_the_field_its_change_link_opens() {
        let form = ApplicationForm {
            first_name: "Amina".into(),
            languages: vec!["so".into(), "sv".into()],
            frequency: "weekly".into(),
            knows_child: true,
            knows_child_details: "Grannar".into(),
            ..ApplicationForm::default()
        };
        let rows = answer_rows(Locale::Sv, &form);
        let find = |field: &str| rows.iter().find(|r| r.1 == field).map(|r| r.2.clone());
        assert_eq!(find("first_name").as_deref(), Some("Amina"));
        assert_eq!(find("languages").as_deref(), Some("Soomaali, Svenska"));
        assert_eq!(find("frequency").as_deref(), Some("Minst en gång i veckan"));
        assert_eq!(find("knows_child_details").as_deref(), Some("Grannar"));
        assert_eq!(find("times").as_deref(), Some("Inget valt"));
    }

    #[test]
    fn a_server_error_on_the_consent_version_is_shown_at_the_consent_box() {
        let errors = vec![FieldError {
            field: "consent_version".into(),
            code: "outdated".into(),
        }];
        let message = message_for(Locale::En, &errors, "consent").unwrap();
        assert!(message.contains("changed"), "{message}");
    }
}

/// The interest form as its own application (the `intresseanmalan` bundle): a router whose every
/// path shows the form in the path's language.
#[component]
pub fn ApplyApp() -> impl IntoView {
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::hooks::use_location;
    use leptos_router::path;
    let page = move || {
        let location = use_location();
        let locale = kp_domain::Route::parse(&location.pathname.get_untracked()).locale();
        view! { <ApplyPage locale=locale/> }
    };
    view! {
        <Router>
            <Routes fallback=page>
                <Route path=path!("/*any") view=page/>
            </Routes>
        </Router>
    }
}
