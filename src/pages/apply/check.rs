//! "Kontrollera dina svar": each answer as the applicant will see it on the check page, with the
//! field its change link opens (the step it is on is `kp_domain::form_steps::step_of`), and
//! "Skicka", which sends the answers once however often it is pressed.

use kp_domain::application::{language, ApplicationForm};
use kp_domain::form_steps::{refusal_step, step_of, FormPlace};
use kp_domain::form_text::FormText;
use kp_domain::i18n::{fill, Ui};
use leptos::prelude::*;

use super::{focus, FormState};
use crate::api::{self, ApiError};
use crate::components::error_summary::ErrorSummary;
use crate::components::form::control_id;
use crate::draft::{self, Draft};

/// A problem with sending (not with the answers).
#[derive(Clone, Debug, PartialEq)]
pub enum SendProblem {
    Offline,
    /// Wait this many minutes.
    RateLimited(u64),
    Failed,
}

impl SendProblem {
    /// What the check page's error summary says, in the reader's language.
    fn message(&self, t: &FormText) -> String {
        match self {
            SendProblem::Offline => t.offline.to_string(),
            SendProblem::Failed => t.send_failed.to_string(),
            SendProblem::RateLimited(minutes) => {
                fill(t.rate_limited, &[("minutes", &minutes.to_string())])
            }
        }
    }

    /// What a refusal that is not about the answers means for the applicant.
    fn of(error: &ApiError) -> SendProblem {
        if error.is_network() {
            SendProblem::Offline
        } else if error.status == 429 {
            SendProblem::RateLimited(error.retry_after.unwrap_or(600).div_ceil(60))
        } else {
            SendProblem::Failed
        }
    }
}

/// The check page below its heading: the answers with their change links, why sending failed
/// (if it did), and "Skicka".
pub fn check_page(s: FormState) -> impl IntoView {
    let t = s.t;
    let u = s.u;
    let sending = s.sender.pending();
    // A change link is an ordinary link to the answer's step, which the router follows (so it
    // opens in a new tab too); a click also says where focus goes and that "Fortsätt" returns.
    let change = move |field: &'static str| {
        s.returning.set(true);
        s.arrival.set_value(Some((control_id(field), Vec::new())));
    };
    let rows = s
        .form
        .with_untracked(|f| answer_rows(t, u, f))
        .into_iter()
        .map(|(label, field, value)| {
            view! {
                <div class="summary-row">
                    <dt>{label}</dt>
                    <dd class="summary-value">{value}</dd>
                    <dd class="summary-action">
                        <a href=s.href(FormPlace::Step(step_of(field))) on:click=move |_| change(field)>
                            {t.change}<span class="visually-hidden">" "{label}</span>
                        </a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="summary-list">{rows}</dl>
        <ErrorSummary id="error-summary" title=t.error_summary heading_id="error-summary-title"
            refusal=Signal::derive(move || s.problem.get().map(|p| p.message(t))) rtl=s.cx.rtl/>
        <p class="actions">
            <button type="button" class="button" on:click=move |_| send(s) prop:disabled=move || sending.get() aria-disabled=move || sending.get().then_some("true")>
                {move || if sending.get() { t.sending } else { t.send }}
            </button>
        </p>
    }
}

/// Sends the answers (once: a double click, and the draft's key makes a resend harmless anyway).
/// Accepted, the answers leave this browser and the confirmation shows; refused over an answer,
/// the step with the first error shows it; otherwise the check page says why.
fn send(s: FormState) {
    if s.sender.is_pending() {
        return;
    }
    s.problem.set(None);
    let mut current = Draft {
        form: s.form.get_untracked(),
        key: s.draft_key.get_value(),
        saved_at_ms: None,
        place: Some(FormPlace::Check.query_value()),
    };
    let key = current.key_for_sending(draft::fresh_key);
    s.draft_key.set_value(current.key.clone());
    draft::save(&current);
    s.sender.send(async move {
        match api::submit_application(&current.form, &key).await {
            Ok(sent) => {
                // The answers are gone from this browser: Back leads to an empty form.
                s.receipt.set(Some(sent));
                s.draft_key.set_value(None);
                s.form.set(s.empty.get_value());
                s.go(FormPlace::Done, true);
            }
            Err(error) => match error.invalid_fields() {
                Some(found) => {
                    // Shown on the step of the first error; once fixed, "Fortsätt" leads
                    // straight back here.
                    let (step, shown) = refusal_step(found);
                    s.returning.set(true);
                    s.arrival.set_value(Some(("error-summary".into(), shown)));
                    s.go(FormPlace::Step(step), false);
                }
                None => {
                    s.problem.set(Some(SendProblem::of(&error)));
                    focus("error-summary");
                }
            },
        }
    });
}

/// The label the check step shows for each answer, and the field it changes.
pub fn answer_rows(
    t: &'static FormText,
    u: &'static Ui,
    form: &ApplicationForm,
) -> Vec<(&'static str, &'static str, String)> {
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
    if let Some(name) = super::district::chosen_name(&form.district) {
        rows.insert(4, (t.district, "district", name));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::Locale;

    #[test]
    fn a_refused_send_is_worded_in_the_readers_language_with_the_minutes_to_wait() {
        let sv = kp_domain::form_text::form_text(Locale::Sv);
        let waited = SendProblem::RateLimited(3).message(sv);
        assert!(waited.contains('3') && !waited.contains('{'), "{waited}");
        assert_eq!(SendProblem::Offline.message(sv), sv.offline);
        let en = kp_domain::form_text::form_text(Locale::En);
        assert_eq!(SendProblem::Failed.message(en), en.send_failed);
    }

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
        let rows = answer_rows(
            kp_domain::form_text::form_text(Locale::Sv),
            kp_domain::i18n::ui(Locale::Sv),
            &form,
        );
        let find = |field: &str| rows.iter().find(|r| r.1 == field).map(|r| r.2.clone());
        assert_eq!(find("first_name").as_deref(), Some("Amina"));
        assert_eq!(find("languages").as_deref(), Some("Soomaali, Svenska"));
        assert_eq!(find("frequency").as_deref(), Some("Minst en gång i veckan"));
        assert_eq!(find("knows_child_details").as_deref(), Some("Grannar"));
        assert_eq!(find("times").as_deref(), Some("Inget valt"));
    }

    #[test]
    fn each_change_link_opens_the_step_that_asks_for_its_answer() {
        use kp_domain::form_steps::{step_fields, step_of};
        let form = ApplicationForm {
            knows_child: true,
            ..ApplicationForm::default()
        };
        for (label, field, _) in answer_rows(
            kp_domain::form_text::form_text(Locale::Sv),
            kp_domain::i18n::ui(Locale::Sv),
            &form,
        ) {
            let step = step_of(field);
            assert!(
                step_fields(step).contains(&field),
                "{label}: {field} is on no step"
            );
        }
        let step = |field: &str| step_of(field);
        assert_eq!(
            (step("address"), step("driving_licence"), step("languages")),
            (1, 2, 3)
        );
    }
}
