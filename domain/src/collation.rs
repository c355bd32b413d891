//! Swedish alphabetical order (as Svenska Akademiens ordlista sorts): the letters a–z, then å, ä,
//! ö; upper and lower case alike; accented letters with their base letter (é as e, ü as y, as
//! Swedish dictionaries do), æ as ä and ø as ö. For the few lists the system sorts by their words
//! (languages, needs' areas, people's names on screen).

use std::cmp::Ordering;

/// The letter's place: its base letter for the comparison, and whether it comes after z.
fn key(c: char) -> (u8, char) {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'å' => (1, 'a'),
        'ä' | 'æ' => (1, 'b'),
        'ö' | 'ø' => (1, 'c'),
        'à' | 'á' | 'â' | 'ã' => (0, 'a'),
        'ç' => (0, 'c'),
        'è' | 'é' | 'ê' | 'ë' => (0, 'e'),
        'ì' | 'í' | 'î' | 'ï' => (0, 'i'),
        'ñ' => (0, 'n'),
        'ò' | 'ó' | 'ô' | 'õ' => (0, 'o'),
        'ù' | 'ú' | 'û' => (0, 'u'),
        'ü' | 'ý' | 'ÿ' => (0, 'y'),
        other => (0, other),
    }
}

/// `a` against `b` in Swedish alphabetical order; words equal under it fall back to their
/// exact text, so the order is total.
pub fn swedish_cmp(a: &str, b: &str) -> Ordering {
    a.chars()
        .map(key)
        .cmp(b.chars().map(key))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::swedish_cmp;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort_by(|a, b| swedish_cmp(a, b));
        v
    }

    #[test]
    fn å_ä_and_ö_come_after_z_in_that_order() {
        assert_eq!(
            sorted(&["ödla", "zebra", "ärta", "åsna", "apa"]),
            ["apa", "zebra", "åsna", "ärta", "ödla"]
        );
    }

    #[test]
    fn case_does_not_decide_and_accents_sort_with_their_letter() {
        assert_eq!(
            sorted(&["Östersund", "arabiska", "Älmhult", "Éva", "Emil", "Åre"]),
            ["arabiska", "Emil", "Éva", "Åre", "Älmhult", "Östersund"]
        );
        // ü is read as y: Müller as Myller, after Mylla.
        assert_eq!(
            sorted(&["Müller", "Mylla", "Mats"]),
            ["Mats", "Mylla", "Müller"]
        );
    }

    #[test]
    fn the_languages_are_listed_in_swedish_order() {
        let names: Vec<&str> = crate::application::LANGUAGES
            .iter()
            .map(|l| l.swedish)
            .collect();
        let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        expected.sort_by(|a, b| swedish_cmp(a, b));
        assert_eq!(names, expected);
    }
}
