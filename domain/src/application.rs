//! The interest form (intresseanmälan): what the applicant sends, and the one `validate` both the
//! SPA (as the applicant types and before sending) and the server (on receipt) run. Errors are
//! codes per field; the SPA words them in the reader's language.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::compensation::Frequency;
use crate::personnummer::{Personnummer, PersonnummerError};
use crate::Locale;

/// The version of the text the applicant confirms with the form's last checkbox (the date it last
/// changed): that they have read the privacy notice, know the register checks will be made and
/// order the police extract themselves. It is not a GDPR consent (the basis is the public task
/// under socialtjänstlagen). A new wording of that checkbox or of the privacy notice takes a new
/// date, so an answer given to the old text is asked again. The browser tests read it from here.
pub const CONSENT_VERSION: &str = "2026-12-06";

/// The form as the applicant fills it in and the SPA sends it: plain strings and choices, exactly
/// as typed. Nothing here is trusted until [`validate`] has turned it into a [`ValidApplication`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// Förnamn.
    pub first_name: String,
    /// Efternamn.
    pub last_name: String,
    /// Personnummer or samordningsnummer, as typed.
    pub personnummer: String,
    /// Street address.
    pub address: String,
    /// Postnummer.
    pub postcode: String,
    /// Postort.
    pub town: String,
    /// The district (område) they live in, if they know it: an active district's id, or empty
    /// ([`crate::district`]).
    pub district: String,
    /// Mobile phone, as typed.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Assignment types of interest: `child`, `unaccompanied`, `special`.
    pub assignment_types: Vec<String>,
    /// Language codes from [`LANGUAGES`].
    pub languages: Vec<String>,
    /// Occupation or studies.
    pub occupation: String,
    /// Earlier experience with children or young people.
    pub experience: String,
    /// Interests and activities they could share.
    pub interests: String,
    /// How often they could meet (a [`Frequency`] code).
    pub frequency: String,
    /// When: `weekdays`, `evenings`, `weekends`.
    pub times: Vec<String>,
    /// Holds a driving licence.
    pub driving_licence: bool,
    /// Has a car.
    pub has_car: bool,
    /// Preferred age groups: `0-6`, `7-12`, `13-15`, `16-20` (empty: no preference).
    pub age_groups: Vec<String>,
    /// Already knows a child they want to suggest themselves for.
    pub knows_child: bool,
    /// How they know that child and family (asked only when `knows_child`).
    pub knows_child_details: String,
    /// Why they want to become a contact person.
    pub motivation: String,
    /// Agrees to the processing described in the privacy notice.
    pub consent: bool,
    /// The consent text version shown ([`CONSENT_VERSION`]).
    pub consent_version: String,
    /// The language the applicant used (the caseworker calls in it).
    pub locale: Option<Locale>,
    /// Must stay empty: a field people never see, that form-filling robots do.
    pub website: String,
}

/// Assignment types an applicant can choose.
pub const ASSIGNMENT_TYPES: [&str; 3] = ["child", "unaccompanied", "special"];
/// When an applicant can meet.
pub const TIMES: [&str; 3] = ["weekdays", "evenings", "weekends"];
/// Age groups an applicant may prefer.
pub const AGE_GROUPS: [&str; 4] = ["0-6", "7-12", "13-15", "16-20"];

/// A language an applicant can say they speak: a code, its name in itself, and the Swedish and
/// English names (so the searchable list finds it in any of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639 code.
    pub code: &'static str,
    /// The name in the language itself.
    pub endonym: &'static str,
    /// The Swedish name.
    pub swedish: &'static str,
    /// The English name.
    pub english: &'static str,
}

const fn lang(
    code: &'static str,
    endonym: &'static str,
    swedish: &'static str,
    english: &'static str,
) -> Language {
    Language {
        code,
        endonym,
        swedish,
        english,
    }
}

/// Languages commonly spoken in Swedish municipalities (the national minority languages among
/// them), in Swedish alphabetical order of their Swedish names.
pub const LANGUAGES: [Language; 40] = [
    lang("sq", "Shqip", "albanska", "Albanian"),
    lang("am", "አማርኛ", "amhariska", "Amharic"),
    lang("ar", "العربية", "arabiska", "Arabic"),
    lang("hy", "Հայերեն", "armeniska", "Armenian"),
    lang("bn", "বাংলা", "bengali", "Bengali"),
    lang("bs", "Bosanski", "bosniska", "Bosnian"),
    lang("bg", "Български", "bulgariska", "Bulgarian"),
    lang("da", "Dansk", "danska", "Danish"),
    lang("prs", "دری", "dari", "Dari"),
    lang("en", "English", "engelska", "English"),
    lang("et", "Eesti", "estniska", "Estonian"),
    lang("fi", "Suomi", "finska", "Finnish"),
    lang("fr", "Français", "franska", "French"),
    lang("el", "Ελληνικά", "grekiska", "Greek"),
    lang("hi", "हिन्दी", "hindi", "Hindi"),
    lang("it", "Italiano", "italienska", "Italian"),
    lang("hr", "Hrvatski", "kroatiska", "Croatian"),
    lang("ku", "Kurdî", "kurdiska", "Kurdish"),
    lang("lv", "Latviešu", "lettiska", "Latvian"),
    lang("lt", "Lietuvių", "litauiska", "Lithuanian"),
    lang("fit", "Meänkieli", "meänkieli", "Meänkieli"),
    lang("nl", "Nederlands", "nederländska", "Dutch"),
    lang("no", "Norsk", "norska", "Norwegian"),
    lang("ps", "پښتو", "pashto", "Pashto"),
    lang("fa", "فارسی", "persiska", "Persian"),
    lang("pl", "Polski", "polska", "Polish"),
    lang("pt", "Português", "portugisiska", "Portuguese"),
    lang("rom", "Romani chib", "romani chib", "Romani"),
    lang("ro", "Română", "rumänska", "Romanian"),
    lang("ru", "Русский", "ryska", "Russian"),
    lang("se", "Sámegiella", "samiska", "Sami"),
    lang("sr", "Српски", "serbiska", "Serbian"),
    lang("so", "Soomaali", "somaliska", "Somali"),
    lang("es", "Español", "spanska", "Spanish"),
    lang("sv", "Svenska", "svenska", "Swedish"),
    lang("sw", "Kiswahili", "swahili", "Swahili"),
    lang("th", "ไทย", "thailändska", "Thai"),
    lang("ti", "ትግርኛ", "tigrinja", "Tigrinya"),
    lang("tr", "Türkçe", "turkiska", "Turkish"),
    lang("uk", "Українська", "ukrainska", "Ukrainian"),
];

/// Looks a language up by code.
pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// The languages whose name (in itself, in Swedish or in English) contains `query`, ignoring case.
pub fn search_languages(query: &str) -> Vec<&'static Language> {
    let query = query.trim().to_lowercase();
    LANGUAGES
        .iter()
        .filter(|l| {
            query.is_empty()
                || [l.endonym, l.swedish, l.english]
                    .iter()
                    .any(|name| name.to_lowercase().contains(&query))
        })
        .collect()
}

/// Longest accepted lengths, in characters.
pub mod limits {
    /// Names.
    pub const NAME: usize = 100;
    /// Street address.
    pub const ADDRESS: usize = 200;
    /// Town.
    pub const TOWN: usize = 100;
    /// Phone as typed.
    pub const PHONE: usize = 30;
    /// E-mail (RFC 5321 path limit).
    pub const EMAIL: usize = 254;
    /// Occupation.
    pub const OCCUPATION: usize = 200;
    /// Longer free texts.
    pub const TEXT: usize = 2000;
    /// The motivation.
    pub const MOTIVATION: usize = 4000;
    /// Fewest characters in the motivation.
    pub const MOTIVATION_MIN: usize = 20;
}

/// A validated application, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidApplication {
    /// Trimmed first name.
    pub first_name: String,
    /// Trimmed last name.
    pub last_name: String,
    /// The checked number.
    pub personnummer: Personnummer,
    /// Street address.
    pub address: String,
    /// Postcode as `NNN NN`.
    pub postcode: String,
    /// Town.
    pub town: String,
    /// The district they chose (the server checks it is an active one), if any.
    pub district: Option<i64>,
    /// Phone in E.164 (`+46701234567`).
    pub phone: String,
    /// E-mail, trimmed, domain in lower case.
    pub email: String,
    /// Chosen assignment types (known codes, no duplicates).
    pub assignment_types: Vec<String>,
    /// Chosen languages (known codes, no duplicates).
    pub languages: Vec<String>,
    /// Occupation or studies.
    pub occupation: String,
    /// Experience.
    pub experience: String,
    /// Interests.
    pub interests: String,
    /// How often.
    pub frequency: Frequency,
    /// When.
    pub times: Vec<String>,
    /// Driving licence.
    pub driving_licence: bool,
    /// Car.
    pub has_car: bool,
    /// Preferred age groups.
    pub age_groups: Vec<String>,
    /// Knows a particular child.
    pub knows_child: bool,
    /// How (empty unless `knows_child`).
    pub knows_child_details: String,
    /// Motivation.
    pub motivation: String,
    /// Consent text version agreed to.
    pub consent_version: String,
    /// The applicant's language.
    pub locale: Locale,
}

/// The form's fields in the order they appear, for the error summary.
pub const FIELD_ORDER: [&str; 22] = [
    "first_name",
    "last_name",
    "personnummer",
    "address",
    "postcode",
    "town",
    "district",
    "phone",
    "email",
    "assignment_types",
    "languages",
    "occupation",
    "experience",
    "interests",
    "frequency",
    "times",
    "age_groups",
    "knows_child_details",
    "motivation",
    "consent",
    "consent_version",
    "website",
];

/// Field errors gathered while validating a form: the first error per field wins.
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn add(&mut self, field: &str, code: &str) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError {
                field: field.into(),
                code: code.into(),
            });
        }
    }
}

/// Control characters (line breaks and tabs are allowed in multi-line fields) and bidirectional
/// overrides.
fn has_bad_characters(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
            // Bidirectional overrides can make a name display as something else.
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// Trims a text field and checks it: `required`, `too_long` (in characters) or
/// `invalid_characters`.
pub(crate) fn text_field(
    errors: &mut Errors,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> String {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        errors.add(field, "required");
    } else if trimmed.chars().count() > max {
        errors.add(field, "too_long");
    } else if has_bad_characters(trimmed, multiline) {
        errors.add(field, "invalid_characters");
    }
    trimmed.to_string()
}

/// Checks a multiple choice against the allowed codes (`invalid_choice`), drops duplicates and,
/// when asked, needs at least one (`choose_at_least_one`).
pub(crate) fn choices(
    errors: &mut Errors,
    field: &str,
    values: &[String],
    allowed: impl Fn(&str) -> bool,
    at_least_one: bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !allowed(value) {
            errors.add(field, "invalid_choice");
            return out;
        }
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    if at_least_one && out.is_empty() {
        errors.add(field, "choose_at_least_one");
    }
    out
}

/// Normalises a Swedish mobile number or an international number to E.164.
pub fn normalise_phone(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
    {
        return None;
    }
    // A plus sign is only allowed first.
    if trimmed.char_indices().any(|(i, c)| c == '+' && i > 0) {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let international = if trimmed.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("46{rest}")
    } else {
        return None;
    };
    if let Some(national) = international.strip_prefix("46") {
        // Swedish mobile numbers: 7X XXX XX XX (nine digits after the country code).
        return (national.starts_with('7') && national.len() == 9)
            .then(|| format!("+{international}"));
    }
    (8..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// Checks an e-mail address's shape (one `@`, a dotted domain, no spaces) and lower-cases the
/// domain. Whether it exists is learnt when the receipt is sent.
pub fn normalise_email(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let (local, domain) = trimmed.rsplit_once('@')?;
    let domain_ok = domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '<' | '>' | '"' | ',' | ';' | '(' | ')' | '[' | ']' | '\\'
                )
        });
    (domain_ok && local_ok && trimmed.len() <= limits::EMAIL)
        .then(|| format!("{local}@{}", domain.to_lowercase()))
}

/// Checks a Swedish postcode (five digits, an optional space after the third) as `NNN NN`.
pub fn normalise_postcode(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| *c != ' ').collect();
    (digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) && input.trim().len() <= 6)
        .then(|| format!("{} {}", &digits[..3], &digits[3..]))
}

/// A personnummer field as typed, checked as the form checks it (the age aside): the number, or
/// the field's code (`required`, `format`, `date`, `serial`, `checksum`). Also the register
/// extract's look-up, so it accepts every form the interest form accepts.
pub fn personnummer_field(input: &str, today: NaiveDate) -> Result<Personnummer, &'static str> {
    if input.trim().is_empty() {
        return Err("required");
    }
    if input.chars().count() > 20 {
        return Err("format");
    }
    Personnummer::parse(input, today).map_err(|e| match e {
        PersonnummerError::Format => "format",
        PersonnummerError::Date => "date",
        PersonnummerError::Serial => "serial",
        PersonnummerError::Checksum => "checksum",
    })
}

/// Validates the whole form. Every field is checked (not just the first bad one), so the
/// applicant sees every problem at once. `today` decides the age check.
pub fn validate(
    form: &ApplicationForm,
    today: NaiveDate,
) -> Result<ValidApplication, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let first_name = text_field(
        &mut e,
        "first_name",
        &form.first_name,
        true,
        limits::NAME,
        false,
    );
    let last_name = text_field(
        &mut e,
        "last_name",
        &form.last_name,
        true,
        limits::NAME,
        false,
    );

    let personnummer = match personnummer_field(&form.personnummer, today) {
        Ok(p) if p.age_on(today) < 18 => {
            e.add("personnummer", "underage");
            None
        }
        Ok(p) => Some(p),
        Err(code) => {
            e.add("personnummer", code);
            None
        }
    };

    let address = text_field(
        &mut e,
        "address",
        &form.address,
        true,
        limits::ADDRESS,
        false,
    );
    let postcode = if form.postcode.trim().is_empty() {
        e.add("postcode", "required");
        String::new()
    } else {
        normalise_postcode(&form.postcode).unwrap_or_else(|| {
            e.add("postcode", "format");
            String::new()
        })
    };
    let town = text_field(&mut e, "town", &form.town, true, limits::TOWN, false);
    let district = crate::district::parse_choice(&form.district).unwrap_or_else(|code| {
        e.add("district", code);
        None
    });
    let phone = if form.phone.trim().is_empty() {
        e.add("phone", "required");
        String::new()
    } else if form.phone.chars().count() > limits::PHONE {
        e.add("phone", "format");
        String::new()
    } else {
        normalise_phone(&form.phone).unwrap_or_else(|| {
            e.add("phone", "format");
            String::new()
        })
    };
    let email = if form.email.trim().is_empty() {
        e.add("email", "required");
        String::new()
    } else {
        normalise_email(&form.email).unwrap_or_else(|| {
            e.add("email", "format");
            String::new()
        })
    };

    let assignment_types = choices(
        &mut e,
        "assignment_types",
        &form.assignment_types,
        |v| ASSIGNMENT_TYPES.contains(&v),
        true,
    );
    let languages = choices(
        &mut e,
        "languages",
        &form.languages,
        |v| language(v).is_some(),
        true,
    );
    let occupation = text_field(
        &mut e,
        "occupation",
        &form.occupation,
        true,
        limits::OCCUPATION,
        false,
    );
    let experience = text_field(
        &mut e,
        "experience",
        &form.experience,
        false,
        limits::TEXT,
        true,
    );
    let interests = text_field(
        &mut e,
        "interests",
        &form.interests,
        false,
        limits::TEXT,
        true,
    );
    let frequency = if form.frequency.is_empty() {
        e.add("frequency", "required");
        None
    } else {
        Frequency::from_code(&form.frequency).or_else(|| {
            e.add("frequency", "invalid_choice");
            None
        })
    };
    let times = choices(&mut e, "times", &form.times, |v| TIMES.contains(&v), true);
    let age_groups = choices(
        &mut e,
        "age_groups",
        &form.age_groups,
        |v| AGE_GROUPS.contains(&v),
        false,
    );
    let knows_child_details = if form.knows_child {
        text_field(
            &mut e,
            "knows_child_details",
            &form.knows_child_details,
            true,
            limits::TEXT,
            true,
        )
    } else {
        String::new()
    };
    let motivation = text_field(
        &mut e,
        "motivation",
        &form.motivation,
        true,
        limits::MOTIVATION,
        true,
    );
    if !motivation.is_empty() && motivation.chars().count() < limits::MOTIVATION_MIN {
        e.add("motivation", "too_short");
    }
    if !form.consent {
        e.add("consent", "required");
    } else if form.consent_version != CONSENT_VERSION {
        e.add("consent_version", "outdated");
    }
    if !form.website.is_empty() {
        e.add("website", "must_be_empty");
    }

    let mut errors = e.0;
    if !errors.is_empty() {
        errors.sort_by_key(|err| FIELD_ORDER.iter().position(|f| *f == err.field));
        return Err(errors);
    }
    Ok(ValidApplication {
        first_name,
        last_name,
        personnummer: personnummer.expect("checked above"),
        address,
        postcode,
        town,
        district,
        phone,
        email,
        assignment_types,
        languages,
        occupation,
        experience,
        interests,
        frequency: frequency.expect("checked above"),
        times,
        driving_licence: form.driving_licence,
        has_car: form.has_car,
        age_groups,
        knows_child: form.knows_child,
        knows_child_details,
        motivation,
        consent_version: form.consent_version.clone(),
        locale: form.locale.unwrap_or(Locale::DEFAULT),
    })
}

/// Errors for one field only (for checking a field as the applicant leaves it).
pub fn field_error(form: &ApplicationForm, field: &str, today: NaiveDate) -> Option<String> {
    validate(form, today)
        .err()?
        .into_iter()
        .find(|e| e.field == field)
        .map(|e| e.code)
}
