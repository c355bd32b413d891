//! How a phone number is shown to a Swedish reader. Numbers are stored in E.164 (`+46701234567`,
//! see `application::normalise_phone`); people read and dial Swedish numbers in the national
//! form, with the area code and the groups Svensk standard SS 63 61 32 and PTS use:
//! `070-123 45 67`, `08-123 456 78`, `031-12 34 56`, `0910-123 45`. A foreign number stays in
//! its international form, which is how it is dialled from Sweden.

/// The three-digit area codes (with the leading zero; `08`, Stockholm, is the only two-digit
/// one, and every other code has four digits). Mobile and other non-geographic numbers
/// (`07x`) count as three digits.
const THREE_DIGIT: [&str; 20] = [
    "011", "013", "016", "018", "019", "021", "023", "026", "031", "033", "035", "036", "040",
    "042", "044", "046", "054", "060", "063", "090",
];

/// `stored` for a Swedish reader: a Swedish number in the national form with its area code and
/// groups, anything else (a foreign number, or text that is not a number) as it is.
pub fn display_phone(stored: &str) -> String {
    let Some(rest) = stored.trim().strip_prefix("+46") else {
        return stored.to_string();
    };
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.starts_with('0') {
        return stored.to_string();
    }
    let national = format!("0{rest}");
    let code_len = if national.starts_with("08") {
        2
    } else if national.starts_with("07") || THREE_DIGIT.iter().any(|c| national.starts_with(c)) {
        3
    } else {
        4
    };
    let (code, subscriber) = national.split_at(code_len.min(national.len()));
    if subscriber.len() < 5 {
        return stored.to_string();
    }
    format!("{code}-{}", groups(subscriber))
}

/// A subscriber number in groups: two digits each from the right, and the first group of three
/// where the number has an odd length (`123 45 67`), or of eight digits `123 456 78`.
fn groups(digits: &str) -> String {
    let (first, rest) = match digits.len() {
        8 => return format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..]),
        n if n % 2 == 1 => digits.split_at(3),
        _ => digits.split_at(2),
    };
    let mut out = first.to_string();
    for pair in rest.as_bytes().chunks(2) {
        out.push(' ');
        out.push_str(std::str::from_utf8(pair).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::display_phone;

    #[test]
    fn a_swedish_mobile_number_reads_as_swedes_write_it() {
        assert_eq!(display_phone("+46701234567"), "070-123 45 67");
        assert_eq!(display_phone("+46761112233"), "076-111 22 33");
    }

    #[test]
    fn landline_numbers_keep_their_area_code_and_groups() {
        for (stored, shown) in [
            ("+46812345678", "08-123 456 78"),
            ("+4681234567", "08-123 45 67"),
            ("+468123456", "08-12 34 56"),
            ("+4631123456", "031-12 34 56"),
            ("+46311234567", "031-123 45 67"),
            ("+4640123456", "040-12 34 56"),
            ("+4691012345", "0910-123 45"),
            ("+46910123456", "0910-12 34 56"),
        ] {
            assert_eq!(display_phone(stored), shown, "{stored}");
        }
    }

    #[test]
    fn a_foreign_number_or_anything_else_is_shown_as_stored() {
        for stored in [
            "+358401234567",
            "+4915112345678",
            "",
            "+46",
            "+4670",
            "okänt",
            "+46 70 123",
        ] {
            assert_eq!(display_phone(stored), stored, "{stored:?}");
        }
    }
}
