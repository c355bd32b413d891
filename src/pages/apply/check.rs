//! "Kontrollera dina svar": each answer as the applicant will see it on the check page, with the
//! field its change link opens (the step it is on is `kp_domain::form_steps::step_of`).

use kp_domain::application::{language, ApplicationForm};
use kp_domain::form_text::FormText;
use kp_domain::i18n::{fill, Ui};

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
