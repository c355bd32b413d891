//! What a new password must be: at least 12 characters, at most 1,000, not the old one, and not
//! easy to guess. "Easy to guess" is zxcvbn's estimate (a well-kept port of Dropbox's
//! estimator, with its lists of the 30,000 most common passwords, names and English words)
//! below 10^9 guesses, with the person's own e-mail and name and the Swedish words people build
//! passwords from counted as known words too. (zxcvbn's own "score 3" starts at 10^8 and lets
//! `sommar2026sommar` through; a billion guesses does not.)

use kp_domain::api::FieldError;

use crate::error::AppError;

/// Shortest accepted password.
pub const MIN_CHARS: usize = 12;
/// Longest accepted password (argon2 takes any length; this bounds the work per request).
pub const MAX_CHARS: usize = 1000;

/// Swedish words (and this system's own) that people build passwords from, which zxcvbn's
/// English lists do not know; the month names are added from `kp_domain::time`.
const SWEDISH_WORDS: &[&str] = &[
    "lösenord",
    "losenord",
    "sommar",
    "vinter",
    "hösten",
    "hosten",
    "våren",
    "varen",
    "måndag",
    "mandag",
    "fredag",
    "lördag",
    "lordag",
    "söndag",
    "sondag",
    "hemligt",
    "hemlig",
    "kärlek",
    "karlek",
    "älskling",
    "alskling",
    "sverige",
    "svenska",
    "stockholm",
    "göteborg",
    "goteborg",
    "malmö",
    "malmo",
    "uppsala",
    "kommun",
    "kommunen",
    "socialtjänsten",
    "socialtjansten",
    "kontaktperson",
    "handläggare",
    "handlaggare",
    "välkommen",
    "valkommen",
    "hejhej",
    "hejsan",
    "tjena",
    "jultomten",
    "midsommar",
    "påsk",
    "pask",
    "fotboll",
    "hockey",
    "blåvitt",
    "aik",
    "djurgården",
    "hammarby",
    "volvo",
    "saab",
    "ikea",
    "katten",
    "hunden",
    "mamma",
    "pappa",
    "familjen",
    "barnen",
    "glass",
    "solen",
    "exempelby",
    "demo",
    "administratör",
    "administrator",
];

fn refusal(code: &str) -> AppError {
    AppError::Validation(vec![FieldError {
        field: "new_password".into(),
        code: code.into(),
    }])
}

/// Checks a new password; `old` is the current one (if known), `about_the_person` their e-mail,
/// name and the like. Codes on `new_password`: `too_short`, `too_long`, `unchanged`,
/// `too_guessable`.
pub fn check_new(new: &str, old: Option<&str>, about_the_person: &[&str]) -> Result<(), AppError> {
    let chars = new.chars().count();
    if chars < MIN_CHARS {
        return Err(refusal("too_short"));
    }
    if chars > MAX_CHARS {
        return Err(refusal("too_long"));
    }
    if old == Some(new) {
        return Err(refusal("unchanged"));
    }
    if too_guessable(new, about_the_person) {
        return Err(refusal("too_guessable"));
    }
    Ok(())
}

/// Whether zxcvbn estimates fewer than 10^9 guesses, knowing the person and the Swedish words.
pub fn too_guessable(password: &str, about_the_person: &[&str]) -> bool {
    // zxcvbn's cost grows with length; past 100 characters a phrase is not guessable anyway.
    if password.chars().count() > 100 {
        return false;
    }
    let mut known: Vec<String> = Vec::new();
    for fact in about_the_person {
        let fact = fact.trim().to_lowercase();
        if fact.is_empty() {
            continue;
        }
        known.extend(
            fact.split(|c: char| !c.is_alphanumeric())
                .filter(|part| part.chars().count() >= 3)
                .map(str::to_string),
        );
        if let Some((local, _)) = fact.split_once('@') {
            known.push(local.to_string());
        }
        known.push(fact);
    }
    let mut inputs: Vec<&str> = known.iter().map(String::as_str).collect();
    inputs.extend_from_slice(SWEDISH_WORDS);
    inputs.extend_from_slice(&kp_domain::time::SWEDISH_MONTHS);
    zxcvbn::zxcvbn(password, &inputs).guesses_log10() < 9.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_and_swedish_patterns_are_refused() {
        for password in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "sommar2026sommar",
            "Lösenord2026!",
            "Sverige123456",
        ] {
            assert!(too_guessable(password, &[]), "{password} should be refused");
        }
    }

    #[test]
    fn the_persons_own_name_and_e_mail_do_not_make_a_password() {
        let me = ["anna.andersson@exempelby.se", "Anna Andersson"];
        assert!(too_guessable("annaandersson2026", &me));
        assert!(too_guessable("anna.andersson2026", &me));
        assert!(too_guessable("AnnaAndersson!!", &me));
    }

    #[test]
    fn a_phrase_of_unrelated_words_is_accepted() {
        for password in [
            "korrekt häst batteri häftklammer",
            "ett demolösenord 2026",
            "Blå cykel under gammal ek",
        ] {
            assert!(check_new(password, None, &[]).is_ok(), "{password}");
        }
    }

    #[test]
    fn length_and_sameness_are_checked_first() {
        let code = |r: Result<(), AppError>| match r {
            Err(AppError::Validation(f)) => f[0].code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code(check_new("kort", None, &[])), "too_short");
        assert_eq!(code(check_new(&"x".repeat(1001), None, &[])), "too_long");
        assert_eq!(
            code(check_new(
                "korrekt häst batteri",
                Some("korrekt häst batteri"),
                &[]
            )),
            "unchanged"
        );
    }
}
