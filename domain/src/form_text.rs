//! The interest form's texts: labels, hints, options, error messages, the check and confirmation
//! steps. One `FormText` value per locale, each in its own file: a missing text fails the build.

use crate::api::{ApplicationReceipt, FieldError};
use crate::application::limits;
use crate::i18n::fill;
use crate::Locale;

mod ar;
mod en;
mod fa;
mod lattlast;
mod so;
mod sv;
mod ti;

crate::text_table! {
/// Every text of the interest form in one locale. The server sends the page's locale's table in
/// the form's first HTML (`FormText::texts`); the form's wasm reads it from there
/// (`FormText::from_texts`) and does not compile the tables in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormText {
    /// Page title and h1.
    pub title: &'static str,
    /// Under the h1.
    pub intro: &'static str,
    /// Says that typing is kept locally (for at most 7 days).
    pub saved_note: &'static str,
    /// Button: removes the kept answers.
    pub clear_form: &'static str,
    /// The question before clearing.
    pub clear_confirm: &'static str,
    /// Button: yes, clear.
    pub clear_yes: &'static str,
    /// Button: no, keep.
    pub clear_no: &'static str,
    /// Said once the form is cleared.
    pub cleared: &'static str,
    /// Fieldset: about you.
    pub sec_about: &'static str,
    /// Fieldset: contact details.
    pub sec_contact: &'static str,
    /// Fieldset: the assignment.
    pub sec_assignment: &'static str,
    /// Fieldset: background.
    pub sec_background: &'static str,
    /// Fieldset: time and practicalities.
    pub sec_time: &'static str,
    /// Fieldset: motivation.
    pub sec_motivation: &'static str,
    /// Fieldset: vetting and consent.
    pub sec_consent: &'static str,
    /// Legend of the consent checkbox (its own, not the section's).
    pub consent_legend: &'static str,
    /// Label.
    pub first_name: &'static str,
    /// Label.
    pub last_name: &'static str,
    /// Label.
    pub personnummer: &'static str,
    /// Hint.
    pub personnummer_hint: &'static str,
    /// Label.
    pub address: &'static str,
    /// Label.
    pub postcode: &'static str,
    /// Hint.
    pub postcode_hint: &'static str,
    /// Label.
    pub town: &'static str,
    /// Label of the optional district question (shown only when the municipality names
    /// districts).
    pub district: &'static str,
    /// Hint: what a district is, and that the postcode decides when none is chosen.
    pub district_hint: &'static str,
    /// The district select's empty choice ("Vet inte").
    pub district_none: &'static str,
    /// Label.
    pub phone: &'static str,
    /// Hint.
    pub phone_hint: &'static str,
    /// Label.
    pub email: &'static str,
    /// Hint.
    pub email_hint: &'static str,
    /// Legend.
    pub assignment_types: &'static str,
    /// Hint under a checkbox group.
    pub choose_one_or_more: &'static str,
    /// Option.
    pub type_child: &'static str,
    /// Option.
    pub type_unaccompanied: &'static str,
    /// Option.
    pub type_special: &'static str,
    /// Legend.
    pub languages: &'static str,
    /// Hint.
    pub languages_hint: &'static str,
    /// Label of the search box.
    pub language_search: &'static str,
    /// Heading of the chosen list.
    pub languages_chosen: &'static str,
    /// When the search finds nothing.
    pub language_no_match: &'static str,
    /// Accessible name of a chosen language's remove button; `{language}` is filled in.
    pub remove_language: &'static str,
    /// Label.
    pub occupation: &'static str,
    /// Label.
    pub experience: &'static str,
    /// Hint.
    pub experience_hint: &'static str,
    /// Label.
    pub interests: &'static str,
    /// Legend.
    pub frequency: &'static str,
    /// Legend.
    pub times: &'static str,
    /// Option.
    pub time_weekdays: &'static str,
    /// Option.
    pub time_evenings: &'static str,
    /// Option.
    pub time_weekends: &'static str,
    /// Legend.
    pub transport: &'static str,
    /// Checkbox.
    pub driving_licence: &'static str,
    /// Checkbox.
    pub has_car: &'static str,
    /// Legend.
    pub age_groups: &'static str,
    /// Hint.
    pub age_groups_hint: &'static str,
    /// Suffix of age ranges; `{range}` is filled in.
    pub years: &'static str,
    /// Checkbox.
    pub knows_child: &'static str,
    /// Label.
    pub knows_child_details: &'static str,
    /// Hint.
    pub knows_child_hint: &'static str,
    /// Label.
    pub motivation: &'static str,
    /// Hint.
    pub motivation_hint: &'static str,
    /// Paragraph before the consent.
    pub vetting_info: &'static str,
    /// Checkbox.
    pub consent: &'static str,
    /// Link to the privacy notice.
    pub privacy_link: &'static str,
    /// Label of the hidden robot trap.
    pub honeypot: &'static str,
    /// Button to the check step.
    pub continue_button: &'static str,
    /// Above each step's heading; `{step}` and `{steps}` are filled in.
    pub step_of: &'static str,
    /// h1 of the check step.
    pub check_title: &'static str,
    /// Link text; the answer's name follows, hidden.
    pub change: &'static str,
    /// Button.
    pub send: &'static str,
    /// While sending.
    pub sending: &'static str,
    /// Back link.
    pub back: &'static str,
    /// Answer.
    pub yes: &'static str,
    /// Answer.
    pub no: &'static str,
    /// Answer when nothing was chosen.
    pub nothing_chosen: &'static str,
    /// Heading of the error summary.
    pub error_summary: &'static str,
    /// Visually hidden before an inline error.
    pub error_prefix: &'static str,
    /// h1 of the confirmation.
    pub done_title: &'static str,
    /// Label of the reference number.
    pub reference: &'static str,
    /// Label of the time.
    pub received_at: &'static str,
    /// Heading.
    pub next_title: &'static str,
    /// Paragraph: what happens next (it says nothing about mail; see `confirmation_emailed`).
    pub next_text: &'static str,
    /// Said only when a confirmation really is e-mailed; `{email}` is filled in.
    pub confirmation_emailed: &'static str,
    /// Said when no mail server is configured: no confirmation is e-mailed, and the reference
    /// shown is the receipt.
    pub confirmation_not_emailed: &'static str,
    /// Button.
    pub print: &'static str,
    /// When sending failed.
    pub send_failed: &'static str,
    /// When there is no connection.
    pub offline: &'static str,
    /// The button that fetches again what could not be fetched (the form's part).
    pub try_again: &'static str,
    /// When the form's part could not be fetched although the server answers (the site was
    /// updated while the applicant typed, or a passing refusal): a reload mends it.
    pub reload_needed: &'static str,
    /// The button that loads the page again.
    pub reload: &'static str,
    /// Too many submissions; `{minutes}` is filled in.
    pub rate_limited: &'static str,
    /// Required.
    pub err_first_name: &'static str,
    /// Required.
    pub err_last_name: &'static str,
    /// Required.
    pub err_personnummer: &'static str,
    /// Format.
    pub err_personnummer_format: &'static str,
    /// No such date.
    pub err_personnummer_date: &'static str,
    /// Check digit.
    pub err_personnummer_checksum: &'static str,
    /// Under 18.
    pub err_personnummer_underage: &'static str,
    /// Required.
    pub err_address: &'static str,
    /// Required.
    pub err_postcode: &'static str,
    /// Format.
    pub err_postcode_format: &'static str,
    /// Required.
    pub err_town: &'static str,
    /// Not one of the districts offered.
    pub err_district: &'static str,
    /// Required.
    pub err_phone: &'static str,
    /// Format.
    pub err_phone_format: &'static str,
    /// Required.
    pub err_email: &'static str,
    /// Format.
    pub err_email_format: &'static str,
    /// None chosen.
    pub err_assignment_types: &'static str,
    /// None chosen.
    pub err_languages: &'static str,
    /// Required.
    pub err_occupation: &'static str,
    /// Required.
    pub err_frequency: &'static str,
    /// None chosen.
    pub err_times: &'static str,
    /// Required.
    pub err_knows_child_details: &'static str,
    /// Required.
    pub err_motivation: &'static str,
    /// Too short.
    pub err_motivation_short: &'static str,
    /// Not ticked.
    pub err_consent: &'static str,
    /// Consent text changed.
    pub err_consent_outdated: &'static str,
    /// Too long; `{max}` is filled in.
    pub err_too_long: &'static str,
    /// Control characters.
    pub err_invalid_characters: &'static str,
    /// Unknown option.
    pub err_invalid_choice: &'static str,
    /// Fallback.
    pub err_generic: &'static str,
}
}

/// The id of the `<script type="application/json">` in which the server sends the page's locale's
/// texts (`FormText::texts`) with the form's first HTML.
pub const EMBEDDED_ID: &str = "kp-form-text";

/// The form's texts in a locale (the server's; the form's wasm reads the page's table instead).
pub fn form_text(locale: Locale) -> &'static FormText {
    match locale {
        Locale::Sv => &sv::TEXT,
        Locale::Lattlast => &lattlast::TEXT,
        Locale::En => &en::TEXT,
        Locale::Ar => &ar::TEXT,
        Locale::Fa => &fa::TEXT,
        Locale::So => &so::TEXT,
        Locale::Ti => &ti::TEXT,
    }
}

/// What the confirmation says about a confirmation by e-mail: that one is sent and where, only
/// when it really will be (a mail server is configured); otherwise that none is, and that the
/// reference shown is the receipt. Never that something happened that did not.
pub fn confirmation_mail_text(t: &FormText, receipt: &ApplicationReceipt) -> String {
    if receipt.confirmation_emailed {
        fill(t.confirmation_emailed, &[("email", &receipt.email)])
    } else {
        t.confirmation_not_emailed.to_string()
    }
}

/// The form's document title: the locale's "Fel:" before it while the form shows errors (as
/// GOV.UK does), so the first thing a screen reader says on the page is that something needs
/// fixing; the plain title again once it is fixed.
pub fn form_document_title(t: &FormText, title: &str, has_errors: bool) -> String {
    if has_errors {
        format!("{} {title}", t.error_prefix)
    } else {
        title.to_string()
    }
}

/// "Steg 2 av 4" in the reader's language.
pub fn step_caption(t: &FormText, step: u8) -> String {
    fill(
        t.step_of,
        &[
            ("step", &step.to_string()),
            ("steps", &crate::form_steps::STEPS.to_string()),
        ],
    )
}

/// The heading of step `step` of the form: the name of the step's first section ("Om dig",
/// "Uppdraget", "Din bakgrund", "Utredningen och dina uppgifter"). The step's other sections keep
/// their legends under it.
pub fn step_heading(t: &FormText, step: u8) -> &'static str {
    match step {
        1 => t.sec_about,
        2 => t.sec_assignment,
        3 => t.sec_background,
        _ => t.sec_consent,
    }
}

/// The document title of step `step`: the step's heading, where it is ("Steg 2 av 4") and the
/// form's title, with "Fel:" first while the step shows errors.
pub fn step_document_title(
    u: &crate::i18n::Ui,
    t: &FormText,
    step: u8,
    has_errors: bool,
) -> String {
    let page = format!(
        "{} – {} – {}",
        step_heading(t, step),
        step_caption(t, step),
        t.title
    );
    form_document_title(t, &crate::i18n::document_title(u, false, &page), has_errors)
}

/// The message for a field error, in the reader's language (GOV.UK style: what to do, not what
/// went wrong).
pub fn error_message(t: &FormText, error: &FieldError) -> String {
    let max = |n: usize| fill(t.err_too_long, &[("max", &n.to_string())]);
    match (error.field.as_str(), error.code.as_str()) {
        ("first_name", "required") => t.err_first_name.into(),
        ("last_name", "required") => t.err_last_name.into(),
        ("personnummer", "required") => t.err_personnummer.into(),
        ("personnummer", "format") => t.err_personnummer_format.into(),
        ("personnummer", "date") => t.err_personnummer_date.into(),
        // A födelsenummer of 000 is never issued: the same advice, check the last four digits.
        ("personnummer", "checksum" | "serial") => t.err_personnummer_checksum.into(),
        ("personnummer", "underage") => t.err_personnummer_underage.into(),
        ("address", "required") => t.err_address.into(),
        ("postcode", "required") => t.err_postcode.into(),
        ("postcode", "format") => t.err_postcode_format.into(),
        ("town", "required") => t.err_town.into(),
        ("district", "invalid_choice") => t.err_district.into(),
        ("phone", "required") => t.err_phone.into(),
        ("phone", "format") => t.err_phone_format.into(),
        ("email", "required") => t.err_email.into(),
        ("email", "format") => t.err_email_format.into(),
        ("assignment_types", "choose_at_least_one") => t.err_assignment_types.into(),
        ("languages", "choose_at_least_one") => t.err_languages.into(),
        ("occupation", "required") => t.err_occupation.into(),
        ("frequency", "required") => t.err_frequency.into(),
        ("times", "choose_at_least_one") => t.err_times.into(),
        ("knows_child_details", "required") => t.err_knows_child_details.into(),
        ("motivation", "required") => t.err_motivation.into(),
        ("motivation", "too_short") => t.err_motivation_short.into(),
        ("consent", "required") => t.err_consent.into(),
        ("consent_version", "outdated") => t.err_consent_outdated.into(),
        ("first_name" | "last_name", "too_long") => max(limits::NAME),
        ("address", "too_long") => max(limits::ADDRESS),
        ("town", "too_long") => max(limits::TOWN),
        ("occupation", "too_long") => max(limits::OCCUPATION),
        ("motivation", "too_long") => max(limits::MOTIVATION),
        (_, "too_long") => max(limits::TEXT),
        (_, "invalid_characters") => t.err_invalid_characters.into(),
        (_, "invalid_choice") => t.err_invalid_choice.into(),
        _ => t.err_generic.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(confirmation_emailed: bool) -> ApplicationReceipt {
        ApplicationReceipt {
            reference: "KP-2026-0042".into(),
            received_at: "2026-11-22T09:00:00Z".into(),
            email: "amina@example.se".into(),
            confirmation_emailed,
        }
    }

    #[test]
    fn the_confirmation_names_the_address_only_when_a_mail_really_is_sent() {
        for locale in Locale::ALL {
            let t = form_text(locale);
            let sent = confirmation_mail_text(form_text(locale), &receipt(true));
            assert!(
                sent.contains("amina@example.se") && !sent.contains('{'),
                "{locale:?}: with a mail server the confirmation says where the mail goes: {sent}"
            );
            let not_sent = confirmation_mail_text(form_text(locale), &receipt(false));
            assert_eq!(not_sent, t.confirmation_not_emailed, "{locale:?}");
            assert!(
                !not_sent.contains("amina@example.se") && !not_sent.contains('{'),
                "{locale:?}: without a mail server no address is named: {not_sent}"
            );
            assert!(
                !t.next_text.contains('{'),
                "{locale:?}: the next steps say nothing about mail, so they fill in nothing: {}",
                t.next_text
            );
        }
    }

    #[test]
    fn in_swedish_the_texts_say_plainly_whether_a_mail_is_sent() {
        let t = form_text(Locale::Sv);
        assert_eq!(
            confirmation_mail_text(form_text(Locale::Sv), &receipt(true)),
            "Vi skickar en bekräftelse till amina@example.se."
        );
        assert!(t
            .confirmation_not_emailed
            .starts_with("Ingen bekräftelse skickas med e-post."));
        assert!(t.confirmation_not_emailed.contains("ditt kvitto"));
        for said in ["skickat", "bekräftelse", "e-post"] {
            assert!(
                !t.next_text.contains(said),
                "the next steps do not mention mail ({said}): {}",
                t.next_text
            );
        }
    }

    #[test]
    fn the_document_title_starts_with_the_error_prefix_while_the_form_shows_errors() {
        let title = "Anmäl intresse – Bli kontaktperson";
        assert_eq!(
            form_document_title(form_text(Locale::Sv), title, true),
            "Fel: Anmäl intresse – Bli kontaktperson"
        );
        assert_eq!(
            form_document_title(form_text(Locale::Sv), title, false),
            title
        );
        assert_eq!(
            form_document_title(form_text(Locale::En), "Register interest", true),
            "Error: Register interest"
        );
        assert_eq!(
            form_document_title(form_text(Locale::Ar), "سجّل اهتمامك", true),
            "خطأ: سجّل اهتمامك"
        );
    }

    #[test]
    fn a_steps_title_names_the_step_where_it_is_and_the_form_with_fel_first_while_it_shows_errors()
    {
        assert_eq!(step_heading(form_text(Locale::Sv), 2), "Uppdraget");
        let title =
            step_document_title(crate::i18n::ui(Locale::Sv), form_text(Locale::Sv), 2, true);
        assert!(
            title.starts_with("Fel: Uppdraget – Steg 2 av 4 – Anmäl intresse"),
            "{title}"
        );
        assert!(
            step_document_title(crate::i18n::ui(Locale::Sv), form_text(Locale::Sv), 1, false)
                .starts_with("Om dig – Steg 1 av 4")
        );
        for locale in Locale::ALL {
            let headings: Vec<&str> = (1..=4)
                .map(|s| step_heading(form_text(locale), s))
                .collect();
            let mut unique = headings.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 4, "{locale:?}: {headings:?}");
            assert!(
                step_document_title(crate::i18n::ui(locale), form_text(locale), 3, true)
                    .starts_with(form_text(locale).error_prefix)
            );
        }
    }

    #[test]
    fn each_step_says_where_the_applicant_is_and_no_two_fieldsets_share_a_legend() {
        assert_eq!(step_caption(form_text(Locale::Sv), 2), "Steg 2 av 4");
        assert_eq!(step_caption(form_text(Locale::En), 4), "Step 4 of 4");
        assert_eq!(step_caption(form_text(Locale::Ar), 1), "الخطوة 1 من 4");
        for locale in Locale::ALL {
            let t = form_text(locale);
            let caption = step_caption(form_text(locale), 3);
            assert!(
                caption.contains('3') && caption.contains('4') && !caption.contains('{'),
                "{locale:?}: {caption}"
            );
            assert!(
                fill(t.remove_language, &[("language", "x")]).contains('x'),
                "{locale:?}"
            );
            // The consent checkbox's legend is its own, not its section's (WCAG 2.4.6).
            let legends = [
                t.sec_about,
                t.sec_contact,
                t.sec_time,
                t.sec_motivation,
                t.sec_consent,
                t.consent_legend,
                t.assignment_types,
                t.languages,
                t.frequency,
                t.times,
                t.transport,
                t.age_groups,
                t.knows_child,
            ];
            for (i, a) in legends.iter().enumerate() {
                assert!(
                    !legends[i + 1..].contains(a),
                    "{locale:?}: two fieldsets are called {a:?}"
                );
            }
        }
    }

    #[test]
    fn every_code_the_validation_can_give_has_its_own_message_in_every_locale() {
        let pairs = [
            ("first_name", "required"),
            ("last_name", "required"),
            ("personnummer", "required"),
            ("personnummer", "format"),
            ("personnummer", "date"),
            ("personnummer", "serial"),
            ("personnummer", "checksum"),
            ("personnummer", "underage"),
            ("address", "required"),
            ("postcode", "required"),
            ("postcode", "format"),
            ("town", "required"),
            ("district", "invalid_choice"),
            ("phone", "required"),
            ("phone", "format"),
            ("email", "required"),
            ("email", "format"),
            ("assignment_types", "choose_at_least_one"),
            ("languages", "choose_at_least_one"),
            ("occupation", "required"),
            ("frequency", "required"),
            ("times", "choose_at_least_one"),
            ("knows_child_details", "required"),
            ("motivation", "required"),
            ("motivation", "too_short"),
            ("consent", "required"),
            ("consent_version", "outdated"),
            ("first_name", "too_long"),
            ("motivation", "invalid_characters"),
            ("languages", "invalid_choice"),
        ];
        for locale in Locale::ALL {
            let generic = form_text(locale).err_generic;
            for (field, code) in pairs {
                let message = error_message(
                    form_text(locale),
                    &FieldError {
                        field: field.into(),
                        code: code.into(),
                    },
                );
                assert!(
                    !message.is_empty() && message != generic,
                    "{locale:?} {field}/{code}"
                );
                assert!(
                    !message.contains('{'),
                    "{locale:?} {field}/{code}: unfilled placeholder"
                );
            }
        }
    }

    #[test]
    fn no_form_text_is_empty_in_any_locale() {
        for locale in Locale::ALL {
            for (n, value) in form_text(locale).texts().into_iter().enumerate() {
                assert!(!value.trim().is_empty(), "{locale:?}: text {n} is empty");
            }
        }
    }

    #[test]
    fn every_locales_table_comes_back_whole_from_the_list_the_server_embeds() {
        for locale in Locale::ALL {
            let t = form_text(locale);
            let list: Vec<String> = t.texts().into_iter().map(String::from).collect();
            assert_eq!(FormText::from_texts(list).as_ref(), Some(t), "{locale:?}");
        }
        let mut short: Vec<String> = form_text(Locale::Sv)
            .texts()
            .into_iter()
            .map(String::from)
            .collect();
        short.pop();
        assert_eq!(FormText::from_texts(short), None);
    }
}
