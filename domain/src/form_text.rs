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

/// Every text of the interest form in one locale.
#[derive(Debug, Clone, Copy)]
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

/// The form's texts in a locale.
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
pub fn confirmation_mail_text(locale: Locale, receipt: &ApplicationReceipt) -> String {
    let t = form_text(locale);
    if receipt.confirmation_emailed {
        fill(t.confirmation_emailed, &[("email", &receipt.email)])
    } else {
        t.confirmation_not_emailed.to_string()
    }
}

/// The form's document title: the locale's "Fel:" before it while the form shows errors (as
/// GOV.UK does), so the first thing a screen reader says on the page is that something needs
/// fixing; the plain title again once it is fixed.
pub fn form_document_title(locale: Locale, title: &str, has_errors: bool) -> String {
    if has_errors {
        format!("{} {title}", form_text(locale).error_prefix)
    } else {
        title.to_string()
    }
}

/// "Steg 2 av 4" in the reader's language.
pub fn step_caption(locale: Locale, step: u8) -> String {
    fill(
        form_text(locale).step_of,
        &[
            ("step", &step.to_string()),
            ("steps", &crate::form_steps::STEPS.to_string()),
        ],
    )
}

/// The heading of step `step` of the form: the name of the step's first section ("Om dig",
/// "Uppdraget", "Din bakgrund", "Utredningen och dina uppgifter"). The step's other sections keep
/// their legends under it.
pub fn step_heading(locale: Locale, step: u8) -> &'static str {
    let t = form_text(locale);
    match step {
        1 => t.sec_about,
        2 => t.sec_assignment,
        3 => t.sec_background,
        _ => t.sec_consent,
    }
}

/// The document title of step `step`: the step's heading, where it is ("Steg 2 av 4") and the
/// form's title, with "Fel:" first while the step shows errors.
pub fn step_document_title(locale: Locale, step: u8, has_errors: bool) -> String {
    let page = format!(
        "{} – {} – {}",
        step_heading(locale, step),
        step_caption(locale, step),
        form_text(locale).title
    );
    form_document_title(
        locale,
        &crate::i18n::document_title(locale, false, &page),
        has_errors,
    )
}

/// The message for a field error, in the reader's language (GOV.UK style: what to do, not what
/// went wrong).
pub fn error_message(locale: Locale, error: &FieldError) -> String {
    let t = form_text(locale);
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
            let sent = confirmation_mail_text(locale, &receipt(true));
            assert!(
                sent.contains("amina@example.se") && !sent.contains('{'),
                "{locale:?}: with a mail server the confirmation says where the mail goes: {sent}"
            );
            let not_sent = confirmation_mail_text(locale, &receipt(false));
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
            confirmation_mail_text(Locale::Sv, &receipt(true)),
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
            form_document_title(Locale::Sv, title, true),
            "Fel: Anmäl intresse – Bli kontaktperson"
        );
        assert_eq!(form_document_title(Locale::Sv, title, false), title);
        assert_eq!(
            form_document_title(Locale::En, "Register interest", true),
            "Error: Register interest"
        );
        assert_eq!(
            form_document_title(Locale::Ar, "سجّل اهتمامك", true),
            "خطأ: سجّل اهتمامك"
        );
    }

    #[test]
    fn a_steps_title_names_the_step_where_it_is_and_the_form_with_fel_first_while_it_shows_errors()
    {
        assert_eq!(step_heading(Locale::Sv, 2), "Uppdraget");
        let title = step_document_title(Locale::Sv, 2, true);
        assert!(
            title.starts_with("Fel: Uppdraget – Steg 2 av 4 – Anmäl intresse"),
            "{title}"
        );
        assert!(step_document_title(Locale::Sv, 1, false).starts_with("Om dig – Steg 1 av 4"));
        for locale in Locale::ALL {
            let headings: Vec<&str> = (1..=4).map(|s| step_heading(locale, s)).collect();
            let mut unique = headings.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 4, "{locale:?}: {headings:?}");
            assert!(
                step_document_title(locale, 3, true).starts_with(form_text(locale).error_prefix)
            );
        }
    }

    #[test]
    fn each_step_says_where_the_applicant_is_and_no_two_fieldsets_share_a_legend() {
        assert_eq!(step_caption(Locale::Sv, 2), "Steg 2 av 4");
        assert_eq!(step_caption(Locale::En, 4), "Step 4 of 4");
        assert_eq!(step_caption(Locale::Ar, 1), "الخطوة 1 من 4");
        for locale in Locale::ALL {
            let t = form_text(locale);
            let caption = step_caption(locale, 3);
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
                    locale,
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
            let t = form_text(locale);
            for (name, value) in [
                ("title", t.title),
                ("intro", t.intro),
                ("saved_note", t.saved_note),
                ("sec_about", t.sec_about),
                ("sec_contact", t.sec_contact),
                ("sec_assignment", t.sec_assignment),
                ("sec_background", t.sec_background),
                ("sec_time", t.sec_time),
                ("sec_motivation", t.sec_motivation),
                ("sec_consent", t.sec_consent),
                ("consent_legend", t.consent_legend),
                ("first_name", t.first_name),
                ("last_name", t.last_name),
                ("personnummer", t.personnummer),
                ("personnummer_hint", t.personnummer_hint),
                ("address", t.address),
                ("postcode", t.postcode),
                ("postcode_hint", t.postcode_hint),
                ("town", t.town),
                ("district", t.district),
                ("district_hint", t.district_hint),
                ("district_none", t.district_none),
                ("phone", t.phone),
                ("phone_hint", t.phone_hint),
                ("email", t.email),
                ("email_hint", t.email_hint),
                ("assignment_types", t.assignment_types),
                ("choose_one_or_more", t.choose_one_or_more),
                ("type_child", t.type_child),
                ("type_unaccompanied", t.type_unaccompanied),
                ("type_special", t.type_special),
                ("languages", t.languages),
                ("languages_hint", t.languages_hint),
                ("language_search", t.language_search),
                ("languages_chosen", t.languages_chosen),
                ("language_no_match", t.language_no_match),
                ("remove_language", t.remove_language),
                ("occupation", t.occupation),
                ("experience", t.experience),
                ("experience_hint", t.experience_hint),
                ("interests", t.interests),
                ("frequency", t.frequency),
                ("times", t.times),
                ("time_weekdays", t.time_weekdays),
                ("time_evenings", t.time_evenings),
                ("time_weekends", t.time_weekends),
                ("transport", t.transport),
                ("driving_licence", t.driving_licence),
                ("has_car", t.has_car),
                ("age_groups", t.age_groups),
                ("age_groups_hint", t.age_groups_hint),
                ("years", t.years),
                ("knows_child", t.knows_child),
                ("knows_child_details", t.knows_child_details),
                ("knows_child_hint", t.knows_child_hint),
                ("motivation", t.motivation),
                ("motivation_hint", t.motivation_hint),
                ("vetting_info", t.vetting_info),
                ("consent", t.consent),
                ("privacy_link", t.privacy_link),
                ("honeypot", t.honeypot),
                ("continue_button", t.continue_button),
                ("step_of", t.step_of),
                ("check_title", t.check_title),
                ("change", t.change),
                ("send", t.send),
                ("sending", t.sending),
                ("back", t.back),
                ("yes", t.yes),
                ("no", t.no),
                ("nothing_chosen", t.nothing_chosen),
                ("error_summary", t.error_summary),
                ("error_prefix", t.error_prefix),
                ("done_title", t.done_title),
                ("reference", t.reference),
                ("received_at", t.received_at),
                ("next_title", t.next_title),
                ("next_text", t.next_text),
                ("confirmation_emailed", t.confirmation_emailed),
                ("confirmation_not_emailed", t.confirmation_not_emailed),
                ("print", t.print),
                ("send_failed", t.send_failed),
                ("offline", t.offline),
                ("rate_limited", t.rate_limited),
                ("err_first_name", t.err_first_name),
                ("err_last_name", t.err_last_name),
                ("err_personnummer", t.err_personnummer),
                ("err_personnummer_format", t.err_personnummer_format),
                ("err_personnummer_date", t.err_personnummer_date),
                ("err_personnummer_checksum", t.err_personnummer_checksum),
                ("err_personnummer_underage", t.err_personnummer_underage),
                ("err_address", t.err_address),
                ("err_postcode", t.err_postcode),
                ("err_postcode_format", t.err_postcode_format),
                ("err_town", t.err_town),
                ("err_district", t.err_district),
                ("err_phone", t.err_phone),
                ("err_phone_format", t.err_phone_format),
                ("err_email", t.err_email),
                ("err_email_format", t.err_email_format),
                ("err_assignment_types", t.err_assignment_types),
                ("err_languages", t.err_languages),
                ("err_occupation", t.err_occupation),
                ("err_frequency", t.err_frequency),
                ("err_times", t.err_times),
                ("err_knows_child_details", t.err_knows_child_details),
                ("err_motivation", t.err_motivation),
                ("err_motivation_short", t.err_motivation_short),
                ("err_consent", t.err_consent),
                ("err_consent_outdated", t.err_consent_outdated),
                ("err_too_long", t.err_too_long),
                ("err_invalid_characters", t.err_invalid_characters),
                ("err_invalid_choice", t.err_invalid_choice),
                ("err_generic", t.err_generic),
            ] {
                assert!(!value.trim().is_empty(), "{locale:?}.{name} is empty");
            }
        }
    }
}
