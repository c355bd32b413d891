//! The questions of each step of the interest form, in the order
//! `kp_domain::form_steps::step_fields` lists them (a new question goes there and here, in the
//! same place). Each widget only wires the answers' signals; the rules live in `kp_domain`.

use kp_domain::api::FieldError;
use kp_domain::application::{ApplicationForm, AGE_GROUPS, CONSENT_VERSION};
use kp_domain::form_text::{error_message, FormText};
use kp_domain::i18n::fill;
use kp_domain::PublicPage;
use leptos::prelude::*;

use super::FormState;
use crate::components::form::{ChoiceGroup, TextField};
use crate::components::language_combobox::LanguageCombobox;

/// The error for one field, worded.
pub fn message_for(t: &FormText, errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field || (field == "consent" && e.field == "consent_version"))
        .map(|e| error_message(t, e))
}

/// How a step's questions read and write the answers and show their errors.
impl FormState {
    fn error_for(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.errors.with(|e| message_for(self.t, e, field)))
    }

    fn text(self, get: fn(&ApplicationForm) -> &String) -> Signal<String> {
        Signal::derive(move || self.form.with(|f| get(f).clone()))
    }

    fn set_text(self, set: fn(&mut ApplicationForm, String)) -> Callback<String> {
        Callback::new(move |v: String| self.form.update(|f| set(f, v)))
    }

    fn list(self, get: fn(&ApplicationForm) -> &Vec<String>) -> Signal<Vec<String>> {
        Signal::derive(move || self.form.with(|f| get(f).clone()))
    }

    fn toggle(self, get: fn(&mut ApplicationForm) -> &mut Vec<String>) -> Callback<(String, bool)> {
        Callback::new(move |(code, on): (String, bool)| {
            self.form.update(|f| {
                let items = get(f);
                items.retain(|c| *c != code);
                if on {
                    items.push(code);
                }
            })
        })
    }

    /// A yes/no answer shown as one checkbox.
    fn flag(self, get: fn(&ApplicationForm) -> bool, code: &'static str) -> Signal<Vec<String>> {
        Signal::derive(move || {
            if self.form.with(get) {
                vec![code.to_string()]
            } else {
                Vec::new()
            }
        })
    }
}

/// The questions of step 1 (in the form's first wasm).
pub fn first_step(a: FormState) -> impl IntoView {
    about_you(a)
}

/// The questions of step `step` (2–4; in the form's part).
pub fn later_step(step: u8, a: FormState) -> AnyView {
    match step {
        2 => the_assignment(a).into_any(),
        3 => background(a).into_any(),
        _ => consent(a).into_any(),
    }
}

/// Step 1: who the applicant is and how to reach them.
fn about_you(a: FormState) -> impl IntoView {
    let t = a.t;
    let cx = a.cx;
    view! {
        <TextField field="first_name" label=t.first_name value=a.text(|f| &f.first_name) on_input=a.set_text(|f, v| f.first_name = v) error=a.error_for("first_name") cx=cx autocomplete="given-name" width="width-20"/>
        <TextField field="last_name" label=t.last_name value=a.text(|f| &f.last_name) on_input=a.set_text(|f, v| f.last_name = v) error=a.error_for("last_name") cx=cx autocomplete="family-name" width="width-20"/>
        <TextField field="personnummer" label=t.personnummer hint=t.personnummer_hint value=a.text(|f| &f.personnummer) on_input=a.set_text(|f, v| f.personnummer = v) error=a.error_for("personnummer") cx=cx inputmode="numeric" width="width-10" ltr=true/>
        <fieldset class="section">
            <legend class="section-legend">{t.sec_contact}</legend>
            <TextField field="address" label=t.address value=a.text(|f| &f.address) on_input=a.set_text(|f, v| f.address = v) error=a.error_for("address") cx=cx autocomplete="address-line1"/>
            <TextField field="postcode" label=t.postcode hint=t.postcode_hint value=a.text(|f| &f.postcode) on_input=a.set_text(|f, v| f.postcode = v) error=a.error_for("postcode") cx=cx autocomplete="postal-code" inputmode="numeric" width="width-5" ltr=true/>
            <TextField field="town" label=t.town value=a.text(|f| &f.town) on_input=a.set_text(|f, v| f.town = v) error=a.error_for("town") cx=cx autocomplete="address-level2" width="width-20"/>
            {super::district::district_question(a)}
            <TextField field="phone" label=t.phone hint=t.phone_hint value=a.text(|f| &f.phone) on_input=a.set_text(|f, v| f.phone = v) error=a.error_for("phone") cx=cx autocomplete="tel" input_type="tel" width="width-20" ltr=true/>
            <TextField field="email" label=t.email hint=t.email_hint value=a.text(|f| &f.email) on_input=a.set_text(|f, v| f.email = v) error=a.error_for("email") cx=cx autocomplete="email" input_type="email" ltr=true/>
        </fieldset>
    }
}

/// Step 2: which assignment, and when and how the applicant could meet.
fn the_assignment(a: FormState) -> impl IntoView {
    let t = a.t;
    let u = a.u;
    let cx = a.cx;
    let form = a.form;
    view! {
        <ChoiceGroup field="assignment_types" legend=t.assignment_types hint=t.choose_one_or_more
            options=vec![("child", t.type_child.to_string()), ("unaccompanied", t.type_unaccompanied.to_string()), ("special", t.type_special.to_string())]
            selected=a.list(|f| &f.assignment_types) on_toggle=a.toggle(|f| &mut f.assignment_types) error=a.error_for("assignment_types") cx=cx/>
        <fieldset class="section">
            <legend class="section-legend">{t.sec_time}</legend>
            <ChoiceGroup field="frequency" legend=t.frequency single=true
                options=vec![("weekly", u.freq_weekly.to_string()), ("several_per_week", u.freq_several.to_string()), ("almost_daily", u.freq_daily.to_string())]
                selected=Signal::derive(move || form.with(|f| vec![f.frequency.clone()]))
                on_toggle=Callback::new(move |(code, _): (String, bool)| form.update(|f| f.frequency = code))
                error=a.error_for("frequency") cx=cx/>
            <ChoiceGroup field="times" legend=t.times hint=t.choose_one_or_more
                options=vec![("weekdays", t.time_weekdays.to_string()), ("evenings", t.time_evenings.to_string()), ("weekends", t.time_weekends.to_string())]
                selected=a.list(|f| &f.times) on_toggle=a.toggle(|f| &mut f.times) error=a.error_for("times") cx=cx/>
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
                selected=a.list(|f| &f.age_groups) on_toggle=a.toggle(|f| &mut f.age_groups) error=a.error_for("age_groups") cx=cx/>
            <ChoiceGroup field="knows_child" legend=t.knows_child
                options=vec![("knows_child", t.yes.to_string())]
                selected=a.flag(|f| f.knows_child, "knows_child")
                on_toggle=Callback::new(move |(_, on): (String, bool)| form.update(|f| f.knows_child = on))
                error=Signal::derive(|| None) cx=cx/>
            {move || form.with(|f| f.knows_child).then(|| view! {
                <TextField field="knows_child_details" label=t.knows_child_details hint=t.knows_child_hint value=a.text(|f| &f.knows_child_details) on_input=a.set_text(|f, v| f.knows_child_details = v) error=a.error_for("knows_child_details") cx=cx multiline=true/>
            })}
        </fieldset>
    }
}

/// Step 3: languages, background and why.
fn background(a: FormState) -> impl IntoView {
    let t = a.t;
    let cx = a.cx;
    let form = a.form;
    view! {
        <LanguageCombobox locale=a.locale t=t
            chosen=a.list(|f| &f.languages)
            on_change=Callback::new(move |codes: Vec<String>| form.update(|f| f.languages = codes))
            error=a.error_for("languages") cx=cx/>
        <TextField field="occupation" label=t.occupation value=a.text(|f| &f.occupation) on_input=a.set_text(|f, v| f.occupation = v) error=a.error_for("occupation") cx=cx autocomplete="organization-title"/>
        <TextField field="experience" label=t.experience hint=t.experience_hint value=a.text(|f| &f.experience) on_input=a.set_text(|f, v| f.experience = v) error=a.error_for("experience") cx=cx multiline=true/>
        <TextField field="interests" label=t.interests value=a.text(|f| &f.interests) on_input=a.set_text(|f, v| f.interests = v) error=a.error_for("interests") cx=cx multiline=true/>
        <fieldset class="section">
            <legend class="section-legend">{t.sec_motivation}</legend>
            <TextField field="motivation" label=t.motivation hint=t.motivation_hint value=a.text(|f| &f.motivation) on_input=a.set_text(|f, v| f.motivation = v) error=a.error_for("motivation") cx=cx multiline=true/>
        </fieldset>
    }
}

/// Step 4: what the vetting involves, the confirmation, and the robot trap.
fn consent(a: FormState) -> impl IntoView {
    let t = a.t;
    let cx = a.cx;
    let form = a.form;
    view! {
        <p>{t.vetting_info}</p>
        <p><a href=PublicPage::Privacy.path(a.locale) target="_blank" rel="noopener">{t.privacy_link}</a></p>
        <ChoiceGroup field="consent" legend=t.consent_legend
            options=vec![("consent", t.consent.to_string())]
            selected=a.flag(|f| f.consent, "consent")
            on_toggle=Callback::new(move |(_, on): (String, bool)| form.update(|f| { f.consent = on; f.consent_version = CONSENT_VERSION.into(); }))
            error=a.error_for("consent") cx=cx/>
        <div class="robot-trap" aria-hidden="true">
            <label for="f-website">{t.honeypot}</label>
            <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"
                prop:value=move || form.with(|f| f.website.clone())
                on:input=move |ev| form.update(|f| f.website = event_target_value(&ev))/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::Locale;

    #[test]
    fn a_server_error_on_the_consent_version_is_shown_at_the_consent_box() {
        let errors = vec![FieldError {
            field: "consent_version".into(),
            code: "outdated".into(),
        }];
        let t = kp_domain::form_text::form_text(Locale::En);
        let message = message_for(t, &errors, "consent").unwrap();
        assert!(message.contains("changed"), "{message}");
    }
}
