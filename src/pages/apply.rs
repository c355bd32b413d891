//! The interest form (intresseanmälan) in four steps → check your answers → confirmation with the
//! reference number and a printable receipt. Where the applicant is lives in the address
//! (`?steg=2`, `?steg=kontroll`), so the browser's Back and Forward buttons move between steps and
//! a reload stays put; which steps the answers reach, what "Fortsätt" checks and where a refusal
//! leads are `kp_domain::form_steps`. Typing is kept in the browser as it happens
//! (`crate::draft`, with the step); validation is `kp_domain::application::validate`, the same
//! function the server runs; the server's answer codes are worded here in the reader's language.
//!
//! The form's first wasm holds the page, step 1 and the rules; steps 2–4's questions, the check
//! page with the sending, and the confirmation are a wasm part of their own (`part`), fetched in
//! the background as soon as step 1 is drawn.

mod check;
mod district;
mod done;
mod part;
mod questions;

use kp_domain::api::{ApplicationReceipt, FieldError};
use kp_domain::application::{ApplicationForm, CONSENT_VERSION};
use kp_domain::form_steps::{after_continue, place_to_show, validate_step, FormPlace, PLACE_PARAM};
use kp_domain::form_text::{step_caption, step_document_title, step_heading, FormText};
use kp_domain::i18n::{document_title, Ui};
use kp_domain::locale::Direction;
use kp_domain::{Locale, PublicPage};
use leptos::prelude::*;

use crate::api;
use crate::components::error_summary::{ErrorSummary, SummaryProblem};
use crate::components::form::{control_id, Bidi, FieldContext};
use crate::components::layout::Layout;
use crate::dom;
use crate::draft::{self, Draft};
use crate::pages::navigation;
use check::SendProblem;
use kp_domain::form_text::error_message;

/// Today in Sweden, as the server checks the answers (not the browser's zone, which could make
/// the two disagree near midnight or abroad).
fn today() -> chrono::NaiveDate {
    kp_domain::time::today_in_sweden(chrono::Utc::now())
}

/// Moves focus to the element `id` once it is drawn.
fn focus(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                el.focus().ok();
            }
        }
    });
}

/// The errors as the error summary lists them: each field's control (the consent version is
/// answered by the consent box), and its message in the reader's language.
fn summary_problems(t: &FormText, errors: &[FieldError]) -> Vec<SummaryProblem> {
    errors
        .iter()
        .map(|e| {
            let field = if e.field == "consent_version" {
                "consent"
            } else {
                e.field.as_str()
            };
            (control_id(field), error_message(t, e))
        })
        .collect()
}

/// Everything the form's places share: its texts, the answers, and where the applicant is going.
/// `Copy`, and handed whole to the places in the form's part (`part`).
#[derive(Clone, Copy)]
struct FormState {
    locale: Locale,
    t: &'static FormText,
    u: &'static Ui,
    cx: FieldContext,
    /// The answers so far (all steps).
    form: RwSignal<ApplicationForm>,
    /// An empty form in the page's language, to start again from.
    empty: StoredValue<ApplicationForm>,
    /// The errors shown now.
    errors: RwSignal<Vec<FieldError>>,
    /// The idempotency key of the last sending and the answers it was for (`Draft::key`).
    draft_key: StoredValue<Option<(String, String)>>,
    /// Came to a step from the check page to change an answer: "Fortsätt" leads back there.
    returning: RwSignal<bool>,
    /// What to focus and which errors to show when the next place arrives (a change link, a
    /// refusal); by default the heading, and no errors.
    arrival: StoredValue<Option<(String, Vec<FieldError>)>>,
    /// Why the last sending failed, if it did (not about the answers).
    problem: RwSignal<Option<SendProblem>>,
    /// The server's receipt once the form is sent.
    receipt: RwSignal<Option<ApplicationReceipt>>,
    /// The form's one sending at a time.
    sender: api::Sender,
    /// The page's path, to which `?steg=` is added.
    path: StoredValue<String>,
}

impl FormState {
    /// The address of a place in the form.
    fn href(self, to: FormPlace) -> String {
        format!(
            "{}?{PLACE_PARAM}={}",
            self.path.get_value(),
            to.query_value()
        )
    }

    /// Goes to a place (the address changes; the page follows it).
    fn go(self, to: FormPlace, replace: bool) {
        navigation::navigate(&self.href(to), replace)
    }

    /// "Tillbaka": an ordinary link to the place before, which the router follows.
    fn back_link(self, to: FormPlace) -> impl IntoView {
        view! {
            <a class="back-link" href=self.href(to)>
                {self.t.back}
            </a>
        }
    }
}

/// The interest form page.
#[component]
pub fn ApplyPage(
    locale: Locale,
    /// The form's texts in `locale`, as the server embedded them.
    t: &'static FormText,
    /// The interface texts in `locale`, as the server embedded them.
    u: &'static Ui,
) -> impl IntoView {
    let rtl = locale.dir() == Direction::Rtl;
    let nav = api::cached_page(locale, PublicPage::Apply.id())
        .or_else(|| api::cached_page(locale, PublicPage::Start.id()))
        .map(|p| p.nav)
        .unwrap_or_default();
    // The answers, restored from this browser if the applicant was here before.
    let restored = draft::load().unwrap_or_default();
    let restored_place = restored.place.as_deref().and_then(FormPlace::parse);
    let empty = ApplicationForm {
        locale: Some(locale),
        consent_version: CONSENT_VERSION.into(),
        ..ApplicationForm::default()
    };
    let address = navigation::use_address();
    let s = FormState {
        locale,
        t,
        u,
        cx: FieldContext {
            error_prefix: t.error_prefix,
            rtl,
        },
        form: RwSignal::new(ApplicationForm {
            locale: Some(locale),
            consent_version: CONSENT_VERSION.into(),
            website: String::new(),
            ..restored.form
        }),
        empty: StoredValue::new(empty),
        errors: RwSignal::new(Vec::new()),
        draft_key: StoredValue::new(restored.key.clone()),
        returning: RwSignal::new(false),
        arrival: StoredValue::new(None),
        problem: RwSignal::new(None),
        receipt: RwSignal::new(None),
        sender: api::Sender::new(),
        path: StoredValue::new(address.path.get_untracked()),
    };
    let FormState {
        form,
        errors,
        draft_key,
        returning,
        arrival,
        problem,
        receipt,
        ..
    } = s;
    let clearing = RwSignal::new(false);
    let cleared = RwSignal::new(false);
    let tried = RwSignal::new(false);

    // Where the applicant is: the address's `?steg=`, or the draft's step when the address has
    // none, as far as the answers reach.
    let asked = move || {
        navigation::query_value(address, PLACE_PARAM)
            .as_deref()
            .and_then(FormPlace::parse)
    };
    let initial = place_to_show(
        &form.get_untracked(),
        untrack(|| navigation::query_value(address, PLACE_PARAM))
            .as_deref()
            .and_then(FormPlace::parse)
            .or(restored_place),
        false,
        today(),
    );
    let place = RwSignal::new(initial);

    // The address changed (a step, Back, Forward): show the place it names if the answers reach
    // it, else the first step that needs answers, and make the address say so.
    Effect::new(move |first: Option<()>| {
        let wanted = asked();
        let from_draft = if first.is_none() {
            restored_place
        } else {
            None
        };
        let shown = place_to_show(
            &form.get_untracked(),
            wanted.or(from_draft),
            receipt.with_untracked(Option::is_some),
            today(),
        );
        if wanted != Some(shown) && !(wanted.is_none() && shown == FormPlace::Step(1)) {
            s.go(shown, true);
        }
        if shown != place.get_untracked() {
            if shown != FormPlace::Done {
                receipt.set(None);
            }
            if shown == FormPlace::Check {
                returning.set(false);
            }
            let (target, found) = arrival
                .get_value()
                .unwrap_or_else(|| ("page-heading".into(), Vec::new()));
            arrival.set_value(None);
            tried.set(!found.is_empty());
            errors.set(found);
            clearing.set(false);
            cleared.set(false);
            problem.set(None);
            place.set(shown);
            focus(&target);
        }
    });

    // The document title names the step, and starts with "Fel:" (in the page's language) while
    // the step shows errors, as GOV.UK does: a screen reader says it before anything else.
    Effect::new(move |_| {
        let title = match place.get() {
            FormPlace::Step(step) => {
                step_document_title(u, t, step, errors.with(|e| !e.is_empty()))
            }
            FormPlace::Check => document_title(u, false, t.check_title),
            FormPlace::Done => document_title(u, false, t.done_title),
        };
        dom::set_document_meta(locale, &title, t.intro);
    });

    // Keep the draft (with the step) as the applicant types and moves.
    Effect::new(move |_| {
        let at = place.get();
        form.with(|current| {
            if s.empty.with_value(|empty| current == empty) {
                // Nothing typed (or just emptied, or sent): nothing is kept.
                draft::clear();
            } else {
                draft::save(&Draft {
                    form: current.clone(),
                    key: draft_key.get_value(),
                    saved_at_ms: None,
                    place: (at != FormPlace::Done).then(|| at.query_value()),
                });
            }
        });
    });
    // After a first "Fortsätt" on a step, its errors follow the answers (a refusal's errors stay
    // until the applicant changes something).
    Effect::new(move |_| {
        let current = form.get();
        if let (true, FormPlace::Step(step)) = (tried.get_untracked(), place.get_untracked()) {
            errors.set(validate_step(&current, step, today()));
        }
    });

    let continue_step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let FormPlace::Step(step) = place.get_untracked() else {
            return;
        };
        match after_continue(
            &form.get_untracked(),
            step,
            returning.get_untracked(),
            today(),
        ) {
            Ok(next) => s.go(next, false),
            Err(found) => {
                tried.set(true);
                errors.set(found);
                focus("error-summary");
            }
        }
    };

    let error_summary = move || {
        view! {
            <ErrorSummary id="error-summary" title=t.error_summary heading_id="error-summary-title"
                problems=move || summary_problems(t, &errors.get()) rtl=rtl/>
        }
    };

    // Step 1 only: what the form is, that typing is kept here, and how to empty it.
    let introduction = move || {
        view! {
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
                                        form.set(s.empty.get_value());
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
        }
    };

    // A step: its heading and the error summary at once; its questions (steps 2–4 from the
    // form's part) with "Fortsätt".
    let step_view = move |step: u8| {
        let questions = move |questions: AnyView| {
            view! {
                <form novalidate on:submit=continue_step>
                    {questions}
                    <button type="submit" class="button">{t.continue_button}</button>
                </form>
            }
        };
        view! {
            {FormPlace::Step(step).previous().map(|to| s.back_link(to))}
            {error_summary}
            <h1 id="page-heading" tabindex="-1">
                <span class="step-caption">{step_caption(t, step)}<span class="visually-hidden">": "</span></span>
                {step_heading(t, step)}
            </h1>
            {if step == 1 {
                view! { {introduction} {questions(questions::first_step(s).into_any())} }.into_any()
            } else {
                part::place_in_part(s, FormPlace::Step(step), questions).into_any()
            }}
        }
    };

    // The check page and the confirmation are the part's; the check page's heading is here, so
    // focus has a place to go while the part is still on its way.
    let check_view = move || {
        view! {
            {s.back_link(FormPlace::Step(kp_domain::form_steps::STEPS))}
            <h1 id="page-heading" tabindex="-1">{t.check_title}</h1>
            {part::place_in_part(s, FormPlace::Check, |page| page)}
        }
    };

    // Once drawn, the part is fetched for the steps to come.
    Effect::new(move |_| part::fetch_in_background());

    view! {
        <Layout locale=locale text=u page=Some(PublicPage::Apply) nav=nav>
            {move || match place.get() {
                FormPlace::Step(step) => step_view(step).into_any(),
                FormPlace::Check => check_view().into_any(),
                FormPlace::Done => receipt
                    .with(Option::is_some)
                    .then(|| part::place_in_part(s, FormPlace::Done, |page| page))
                    .into_any(),
            }}
        </Layout>
    }
}

/// The texts of the page's language, as the server embedded them in the first HTML: the form's
/// (`kp_domain::form_text::EMBEDDED_ID`) and the interface's (`kp_domain::i18n::EMBEDDED_ID`),
/// each read once. `None` when either is missing or not a whole table: then the app leaves the
/// server's page as it is (it says how to apply by phone or e-mail).
pub fn embedded_texts() -> Option<(&'static FormText, &'static Ui)> {
    Some((
        dom::embedded_table(kp_domain::form_text::EMBEDDED_ID, FormText::from_texts)?,
        dom::embedded_table(kp_domain::i18n::EMBEDDED_ID, Ui::from_texts)?,
    ))
}

/// The interest form as its own application (the `intresseanmalan` bundle): every path shows the
/// form in the path's language, in the texts the server sent with the page (a link to another
/// language is a full page load); its steps are the address's `?steg=` (`pages::navigation`, no
/// `leptos_router` in this bundle).
#[component]
pub fn ApplyApp(t: &'static FormText, u: &'static Ui) -> impl IntoView {
    let address = navigation::provide(navigation::on_this_page);
    let locale = kp_domain::Route::parse(&address.path.get_untracked()).locale();
    view! { <ApplyPage locale=locale t=t u=u/> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::form_text::form_text;

    fn error(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
        }
    }

    #[test]
    fn each_error_is_listed_with_its_field_and_its_message_in_the_readers_language() {
        let errors = [error("email", "required")];
        assert_eq!(
            summary_problems(form_text(Locale::En), &errors),
            vec![(
                "f-email".to_string(),
                error_message(form_text(Locale::En), &errors[0])
            )]
        );
    }

    #[test]
    fn an_outdated_consent_leads_to_the_consent_box() {
        let listed = summary_problems(
            form_text(Locale::Sv),
            &[error("consent_version", "outdated")],
        );
        assert_eq!(listed[0].0, "f-consent");
    }
}
