//! The districts screen's words and checks (Swedish), as plain functions with native tests: a
//! district form checked with the domain's `validate_district` before sending, each field's code
//! worded, the outcome of a change said as a colleague would.

use kp_domain::api::FieldError;
use kp_domain::district::{
    validate_district, ApplicantDistrict, District, DistrictForm, DistrictSource,
};

/// A field of the district form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictField {
    /// The name.
    Name,
    /// The postcodes.
    Postcodes,
}

/// One field's code in words (the domain's codes; an unknown field is taken as the name's).
pub fn district_error(field: &str, code: &str) -> (DistrictField, String) {
    let field = match field {
        "postcodes" => DistrictField::Postcodes,
        _ => DistrictField::Name,
    };
    let text = match (field, code) {
        (DistrictField::Name, "required") => "Skriv områdets namn.",
        (DistrictField::Name, "too_long") => "Namnet får vara högst 100 tecken.",
        (DistrictField::Name, "name_taken") => {
            "Det finns redan ett område med det namnet. Välj ett annat namn."
        }
        (DistrictField::Postcodes, "postcode_format") => {
            "Skriv postnummer med fem siffror, som 831 30, eller intervall som 831 30–831 49."
        }
        (DistrictField::Postcodes, "range_reversed") => {
            "Ett intervall ska börja med det lägsta postnumret, som 831 30–831 49."
        }
        (DistrictField::Postcodes, "repeated") => "Samma postnummer står med mer än en gång.",
        (DistrictField::Postcodes, "overlap") => {
            "Något av postnumren hör redan till ett annat område. Ett postnummer kan bara höra till ett område."
        }
        (DistrictField::Postcodes, "too_long") => "Listan med postnummer är för lång.",
        (_, "invalid_characters") => "Texten innehåller tecken som inte kan sparas.",
        _ => "Kontrollera uppgiften.",
    };
    (field, text.to_string())
}

/// The form checked as the server will check it, against the districts the page shows
/// (`editing`: the district being changed): the form to send, or each problem in words.
pub fn check_district(
    name: &str,
    postcodes: &str,
    districts: &[District],
    editing: Option<i64>,
) -> Result<DistrictForm, Vec<(DistrictField, String)>> {
    let form = DistrictForm {
        name: name.to_string(),
        postcodes: postcodes.to_string(),
    };
    validate_district(&form, districts, editing)
        .map(|_| form)
        .map_err(|errors| worded(&errors))
}

/// The server's refusals in words.
pub fn worded(errors: &[FieldError]) -> Vec<(DistrictField, String)> {
    errors
        .iter()
        .map(|e| district_error(&e.field, &e.code))
        .collect()
}

/// A change that failed for another reason than its fields.
pub fn failure_text(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "already_retired") => "Området var redan taget ur bruk. Listan är uppdaterad.",
        (404, _) => "Området finns inte längre i listan. Listan är uppdaterad.",
        (403, _) => "Bara administratörer kan ändra områdena.",
        (401, _) => "Du är inte längre inloggad. Logga in igen.",
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        _ => "Ändringen kunde inte sparas. Försök igen om en stund.",
    }
}

/// A district's postcodes in a table cell ("Inga postnummer" for none).
pub fn postcodes_cell(district: &District) -> String {
    if district.postcodes.is_empty() {
        "Inga postnummer".into()
    } else {
        kp_domain::district::postcodes_text(&district.postcodes)
    }
}

/// An applicant's district as their page says it: "Centrum", "Centrum (enligt postnumret)", or
/// "Inget angivet".
pub fn applicant_district_text(district: Option<&ApplicantDistrict>) -> String {
    match district {
        None => "Inget angivet".into(),
        Some(d) if d.source == DistrictSource::Postcode => {
            format!("{} (enligt postnumret)", d.name)
        }
        Some(d) => d.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::district::parse_postcodes;

    fn centrum() -> District {
        District {
            id: 1,
            name: "Centrum".into(),
            postcodes: parse_postcodes("831 30–831 49").unwrap(),
            active: true,
        }
    }

    #[test]
    fn a_district_form_is_checked_with_the_domains_rules_and_worded_per_field() {
        let districts = [centrum()];
        let problems = check_district("centrum", "831 40", &districts, None).unwrap_err();
        let fields: Vec<DistrictField> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, [DistrictField::Name, DistrictField::Postcodes]);
        assert!(problems[0].1.contains("redan ett område"));
        assert!(problems[1].1.contains("annat område"));
        assert!(check_district("Centrum", "831 30", &districts, Some(1)).is_ok());
        let problems = check_district("Norr", "831 49–831 30", &districts, None).unwrap_err();
        assert!(problems[0].1.contains("lägsta postnumret"));
    }

    #[test]
    fn every_code_the_domain_gives_has_its_own_words() {
        for (field, code) in [
            ("name", "required"),
            ("name", "too_long"),
            ("name", "name_taken"),
            ("postcodes", "postcode_format"),
            ("postcodes", "range_reversed"),
            ("postcodes", "repeated"),
            ("postcodes", "overlap"),
            ("postcodes", "too_long"),
        ] {
            assert_ne!(
                district_error(field, code).1,
                "Kontrollera uppgiften.",
                "{field} {code}"
            );
        }
    }

    #[test]
    fn an_applicants_district_says_how_it_is_known() {
        let postcode = ApplicantDistrict {
            id: 1,
            name: "Centrum".into(),
            source: DistrictSource::Postcode,
        };
        assert_eq!(
            applicant_district_text(Some(&postcode)),
            "Centrum (enligt postnumret)"
        );
        let chosen = ApplicantDistrict {
            source: DistrictSource::Chosen,
            ..postcode
        };
        assert_eq!(applicant_district_text(Some(&chosen)), "Centrum");
        assert_eq!(applicant_district_text(None), "Inget angivet");
        assert_eq!(postcodes_cell(&centrum()), "831 30–831 49");
    }
}
