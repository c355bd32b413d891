//! Districts (områden): the parts of the municipality it chooses to name, each with the Swedish
//! postcodes it covers, if the municipality wants. A need is placed in a district; an applicant
//! may name theirs, and if they do not, their postcode can tell it ([`applicant_district`]).
//! Matching compares districts, never free text against a postal town.
//!
//! An administrator writes the postcodes as typed text: single postcodes and ranges, separated by
//! commas, semicolons or new lines (`831 30–831 49, 831 52`). [`parse_postcodes`] reads them;
//! [`validate_district`] checks a whole district against the other active ones (a name used
//! twice, or a postcode two districts would cover, is refused). A retired district keeps its row
//! and name, so needs and applications that name it still show it; it is no longer offered, and
//! its postcodes no longer tell anyone's district.
//!
//! Error codes: `required`, `too_long`, `invalid_characters`, `name_taken` (the name);
//! `postcode_format` (not a five-digit postcode or range), `range_reversed` (a range that ends
//! before it starts), `repeated` (the same postcode twice in one district), `overlap` (a postcode
//! another active district covers) for the postcodes; `invalid_choice` for a chosen district that
//! is not an active one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{normalise_postcode, text_field, Errors};

/// Longest name, in characters.
pub const NAME_MAX: usize = 100;
/// Longest postcode text, in characters.
pub const POSTCODES_MAX: usize = 4000;

/// Postcodes from `first` to `last`, both included, as five-digit numbers (`83130`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PostcodeRange {
    /// The first postcode.
    pub first: u32,
    /// The last postcode (equal to `first` for a single postcode).
    pub last: u32,
}

impl PostcodeRange {
    /// Whether `postcode` (a five-digit number) lies in the range.
    pub fn contains(&self, postcode: u32) -> bool {
        (self.first..=self.last).contains(&postcode)
    }

    /// Whether the two ranges share a postcode.
    pub fn overlaps(&self, other: &PostcodeRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

fn write_postcode(f: &mut fmt::Formatter<'_>, code: u32) -> fmt::Result {
    write!(f, "{:03} {:02}", code / 100, code % 100)
}

impl fmt::Display for PostcodeRange {
    /// `831 30`, or `831 30–831 49` for a range (an en dash, as Swedish writes ranges).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_postcode(f, self.first)?;
        if self.last != self.first {
            f.write_str("–")?;
            write_postcode(f, self.last)?;
        }
        Ok(())
    }
}

/// A postcode as a five-digit number: `831 30`, `83130` → 83130; anything else `None`.
pub fn postcode_number(text: &str) -> Option<u32> {
    normalise_postcode(text.trim())?
        .replace(' ', "")
        .parse()
        .ok()
}

/// Reads the postcodes an administrator typed: single postcodes and ranges (`831 30–831 49`,
/// with an en dash, a hyphen or "till"), separated by commas, semicolons or new lines. Sorted by
/// first postcode. Empty text is no postcodes.
pub fn parse_postcodes(text: &str) -> Result<Vec<PostcodeRange>, &'static str> {
    let mut ranges = Vec::new();
    for item in text.split([',', ';', '\n', '\r']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let normalised = item.replace(" till ", "–").replace(['-', '—'], "–");
        let mut ends = normalised.split('–');
        let first = ends.next().and_then(postcode_number);
        let last = match ends.next() {
            Some(end) => postcode_number(end),
            None => first,
        };
        let (Some(first), Some(last), None) = (first, last, ends.next()) else {
            return Err("postcode_format");
        };
        if last < first {
            return Err("range_reversed");
        }
        ranges.push(PostcodeRange { first, last });
    }
    ranges.sort();
    if ranges.windows(2).any(|w| w[0].overlaps(&w[1])) {
        return Err("repeated");
    }
    Ok(ranges)
}

/// The postcodes written back as an administrator would type them (`831 30–831 49, 831 52`).
pub fn postcodes_text(ranges: &[PostcodeRange]) -> String {
    ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A district as the caseworker area sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    /// Its id (what needs and applications store).
    pub id: i64,
    /// Its name ("Centrum").
    pub name: String,
    /// The postcodes it covers (may be none).
    pub postcodes: Vec<PostcodeRange>,
    /// Whether it is still in use (a retired one is shown, never offered).
    pub active: bool,
}

/// A district as the public interest form sees it (`GET /api/districts`): only active ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictChoice {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// The districts the interest form offers: the active ones, by id and name (no postcodes: the
/// form does not need them), in the order given. Empty when the municipality names none.
pub fn form_choices(districts: Vec<District>) -> Vec<DistrictChoice> {
    districts
        .into_iter()
        .filter(|d| d.active)
        .map(|d| DistrictChoice {
            id: d.id,
            name: d.name,
        })
        .collect()
}

/// The id of the `<script type="application/json">` in which the server sends
/// [`form_choices`] with the interest form's first HTML.
pub const EMBEDDED_ID: &str = "kp-districts";

/// An administrator's district form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DistrictForm {
    /// The name.
    pub name: String,
    /// The postcodes, as typed (see [`parse_postcodes`]).
    pub postcodes: String,
}

/// A checked district, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidDistrict {
    /// The trimmed name.
    pub name: String,
    /// The postcodes, sorted.
    pub postcodes: Vec<PostcodeRange>,
}

/// Checks a district form against the `others` stored (`editing`: the id of the district being
/// changed, which is not compared with itself). Only active districts count: a retired one's
/// name and postcodes are free again. Errors come name first.
pub fn validate_district(
    form: &DistrictForm,
    others: &[District],
    editing: Option<i64>,
) -> Result<ValidDistrict, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let name = text_field(&mut e, "name", &form.name, true, NAME_MAX, false);
    let postcodes = if form.postcodes.chars().count() > POSTCODES_MAX {
        e.add("postcodes", "too_long");
        Vec::new()
    } else {
        parse_postcodes(&form.postcodes).unwrap_or_else(|code| {
            e.add("postcodes", code);
            Vec::new()
        })
    };
    let valid = ValidDistrict { name, postcodes };
    for error in conflicts(&valid, others, editing) {
        e.add(&error.field, &error.code);
    }
    if e.0.is_empty() {
        Ok(valid)
    } else {
        e.0.sort_by_key(|err| err.field != "name");
        Err(e.0)
    }
}

/// What keeps `district` from being stored beside the active `others` (`editing` aside): its
/// name used by another (`name_taken`), a postcode another covers (`overlap`). The store asks
/// again inside the writing transaction.
pub fn conflicts(
    district: &ValidDistrict,
    others: &[District],
    editing: Option<i64>,
) -> Vec<FieldError> {
    let rivals = || {
        others
            .iter()
            .filter(move |d| d.active && Some(d.id) != editing)
    };
    let name = district.name.trim().to_lowercase();
    let mut found = Vec::new();
    if !name.is_empty() && rivals().any(|d| d.name.trim().to_lowercase() == name) {
        found.push(FieldError {
            field: "name".into(),
            code: "name_taken".into(),
        });
    }
    if rivals().any(|d| {
        d.postcodes
            .iter()
            .any(|theirs| district.postcodes.iter().any(|ours| ours.overlaps(theirs)))
    }) {
        found.push(FieldError {
            field: "postcodes".into(),
            code: "overlap".into(),
        });
    }
    found
}

/// The active district whose postcodes cover `postcode` (as stored, `831 30`), if any.
pub fn district_for_postcode(postcode: &str, districts: &[District]) -> Option<i64> {
    let code = postcode_number(postcode)?;
    districts
        .iter()
        .find(|d| d.active && d.postcodes.iter().any(|r| r.contains(code)))
        .map(|d| d.id)
}

/// How an applicant's district is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistrictSource {
    /// They chose it in the form (or a caseworker corrected it).
    Chosen,
    /// Their postcode lies in it.
    Postcode,
}

/// An applicant's district: the one they chose, or else the active district their postcode lies
/// in. `None` when neither tells.
pub fn applicant_district(
    chosen: Option<i64>,
    postcode: &str,
    districts: &[District],
) -> Option<(i64, DistrictSource)> {
    match chosen {
        Some(id) => Some((id, DistrictSource::Chosen)),
        None => district_for_postcode(postcode, districts).map(|id| (id, DistrictSource::Postcode)),
    }
}

/// An applicant's district as a page or the register extract shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantDistrict {
    /// The district's id.
    pub id: i64,
    /// Its name (a retired one's too).
    pub name: String,
    /// Chosen, or told by the postcode.
    pub source: DistrictSource,
}

/// An applicant's district with its name, from their answers (`district`, `postcode`).
pub fn shown_for(
    chosen: &str,
    postcode: &str,
    districts: &[District],
) -> Option<ApplicantDistrict> {
    let chosen = parse_choice(chosen).ok().flatten();
    let (id, source) = applicant_district(chosen, postcode, districts)?;
    Some(ApplicantDistrict {
        id,
        name: name_of(id, districts)?.to_string(),
        source,
    })
}

/// A need's district: the one chosen, or, for a need registered before the municipality named
/// its districts, the district whose name its free-text area is (case-insensitive), if any.
pub fn need_district(chosen: Option<i64>, area: &str, districts: &[District]) -> Option<i64> {
    chosen.or_else(|| {
        let area = area.trim().to_lowercase();
        districts
            .iter()
            .filter(|d| d.active)
            .find(|d| !area.is_empty() && d.name.trim().to_lowercase() == area)
            .map(|d| d.id)
    })
}

/// A need's chosen district checked against the districts now: it must be an active one, and
/// its name becomes the need's area (so the need shows where it was even if the district is
/// renamed or retired later). `invalid_choice` on the field `district` otherwise.
pub fn settle_need_district(
    need: &mut crate::need::Need,
    districts: &[District],
) -> Result<(), Vec<FieldError>> {
    let Some(id) = need.district else {
        return Ok(());
    };
    match districts.iter().find(|d| d.id == id && d.active) {
        Some(district) => {
            need.area = district.name.clone();
            Ok(())
        }
        None => Err(vec![FieldError {
            field: "district".into(),
            code: "invalid_choice".into(),
        }]),
    }
}

/// A correction's change of the district said by name, as it is named now ("Centrum", not
/// "3"), so the timeline keeps reading right after a rename or a retirement. An id no district
/// has stays as it is; other fields are left alone.
pub fn name_changes(changes: &mut [crate::correction::FieldChange], districts: &[District]) {
    use crate::correction::AnswerValue;
    for change in changes.iter_mut().filter(|c| c.field == "district") {
        for value in [&mut change.from, &mut change.to] {
            if let AnswerValue::Text(text) = value {
                if let Some(name) = parse_choice(text)
                    .ok()
                    .flatten()
                    .and_then(|id| name_of(id, districts))
                {
                    *text = name.to_string();
                }
            }
        }
    }
}

/// A district field as sent (`""` or an id): `Ok(None)` for none, `Ok(Some(id))`, or
/// `invalid_choice` for text that is no id.
pub fn parse_choice(value: &str) -> Result<Option<i64>, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 && value.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(id)),
        _ => Err("invalid_choice"),
    }
}

/// An applicant's chosen district checked against the districts now: none, or an active one
/// (`invalid_choice` on the field `district` otherwise).
pub fn check_chosen(chosen: Option<i64>, districts: &[District]) -> Result<(), Vec<FieldError>> {
    match chosen {
        Some(id) if !may_choose(id, districts) => Err(vec![FieldError {
            field: "district".into(),
            code: "invalid_choice".into(),
        }]),
        _ => Ok(()),
    }
}

/// Whether `id` may be chosen now: it names an active district.
pub fn may_choose(id: i64, districts: &[District]) -> bool {
    districts.iter().any(|d| d.id == id && d.active)
}

/// A district's name by id, retired ones too (what a need or an application shows).
pub fn name_of(id: i64, districts: &[District]) -> Option<&str> {
    districts
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(first: u32, last: u32) -> PostcodeRange {
        PostcodeRange { first, last }
    }

    fn district(id: i64, name: &str, postcodes: &str, active: bool) -> District {
        District {
            id,
            name: name.into(),
            postcodes: parse_postcodes(postcodes).unwrap(),
            active,
        }
    }

    #[test]
    fn postcodes_are_read_as_single_numbers_and_ranges_in_every_written_form() {
        let cases = [
            ("", vec![], "empty text is no postcodes"),
            ("831 30", vec![range(83130, 83130)], "one with a space"),
            ("83130", vec![range(83130, 83130)], "one without"),
            ("831 30–831 49", vec![range(83130, 83149)], "en dash"),
            ("83130-83149", vec![range(83130, 83149)], "hyphen"),
            (
                "831 30 - 831 49",
                vec![range(83130, 83149)],
                "spaced hyphen",
            ),
            ("831 30 till 831 49", vec![range(83130, 83149)], "till"),
            (
                "831 52, 831 30–831 49\n832 00",
                vec![
                    range(83130, 83149),
                    range(83152, 83152),
                    range(83200, 83200),
                ],
                "a list, sorted",
            ),
            ("831 30;;", vec![range(83130, 83130)], "empty items ignored"),
        ];
        for (text, expected, why) in cases {
            assert_eq!(parse_postcodes(text), Ok(expected), "{why}: {text:?}");
        }
    }

    #[test]
    fn postcodes_that_are_not_five_digits_or_run_backwards_are_refused_with_a_code() {
        let cases = [
            ("8313", "postcode_format"),
            ("831 300", "postcode_format"),
            ("Centrum", "postcode_format"),
            ("831 30–", "postcode_format"),
            ("831 30–831 40–831 50", "postcode_format"),
            ("831 49–831 30", "range_reversed"),
            ("831 30–831 49, 831 40", "repeated"),
            ("831 30, 831 30", "repeated"),
        ];
        for (text, code) in cases {
            assert_eq!(parse_postcodes(text), Err(code), "{text:?}");
        }
    }

    #[test]
    fn postcodes_are_written_back_as_an_administrator_types_them() {
        let ranges = parse_postcodes("83152, 83130-83149, 01000").unwrap();
        assert_eq!(postcodes_text(&ranges), "010 00, 831 30–831 49, 831 52");
        assert_eq!(parse_postcodes(&postcodes_text(&ranges)), Ok(ranges));
    }

    #[test]
    fn a_district_needs_a_name_not_used_by_another_active_district() {
        let others = [
            district(1, "Centrum", "", true),
            district(2, "Gamla staden", "", false),
        ];
        let form = |name: &str| DistrictForm {
            name: name.into(),
            postcodes: String::new(),
        };
        let code = |r: Result<ValidDistrict, Vec<FieldError>>| r.unwrap_err()[0].code.clone();
        assert_eq!(
            code(validate_district(&form("  "), &others, None)),
            "required"
        );
        assert_eq!(
            code(validate_district(&form(" centrum "), &others, None)),
            "name_taken"
        );
        assert_eq!(
            validate_district(&form(" Centrum "), &others, Some(1))
                .unwrap()
                .name,
            "Centrum",
            "renaming a district to its own name is no clash"
        );
        assert!(
            validate_district(&form("Gamla staden"), &others, None).is_ok(),
            "a retired district's name is free again"
        );
        assert_eq!(
            code(validate_district(
                &form(&"x".repeat(NAME_MAX + 1)),
                &others,
                None
            )),
            "too_long"
        );
    }

    #[test]
    fn two_active_districts_may_not_cover_the_same_postcode() {
        let others = [
            district(1, "Centrum", "831 30–831 49", true),
            district(2, "Gamla", "831 50–831 59", false),
        ];
        let form = |postcodes: &str| DistrictForm {
            name: "Norr".into(),
            postcodes: postcodes.into(),
        };
        let errors = validate_district(&form("831 45–831 55"), &others, None).unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("postcodes", "overlap")
        );
        assert!(
            validate_district(&form("831 50–831 59"), &others, None).is_ok(),
            "a retired district's postcodes are free again"
        );
        assert!(
            validate_district(&form("831 30"), &others, Some(1)).is_ok(),
            "a district does not clash with itself"
        );
        let errors = validate_district(&form("831 49–831 30"), &others, None).unwrap_err();
        assert_eq!(errors[0].code, "range_reversed");
    }

    #[test]
    fn an_applicant_district_is_the_chosen_one_or_else_the_active_one_their_postcode_lies_in() {
        let districts = [
            district(1, "Centrum", "831 30–831 49", true),
            district(2, "Norr", "831 50, 832 00–832 99", true),
            district(3, "Gamla", "833 00–833 99", false),
        ];
        let cases = [
            (
                None,
                "831 30",
                Some((1, DistrictSource::Postcode)),
                "first of the range",
            ),
            (
                None,
                "83149",
                Some((1, DistrictSource::Postcode)),
                "last of the range",
            ),
            (
                None,
                "831 50",
                Some((2, DistrictSource::Postcode)),
                "a single postcode",
            ),
            (
                None,
                "832 45",
                Some((2, DistrictSource::Postcode)),
                "a second range",
            ),
            (None, "831 51", None, "between ranges"),
            (None, "833 10", None, "a retired district tells nothing"),
            (None, "", None, "no postcode"),
            (
                Some(2),
                "831 30",
                Some((2, DistrictSource::Chosen)),
                "the choice wins",
            ),
            (
                Some(3),
                "",
                Some((3, DistrictSource::Chosen)),
                "a retired choice stays",
            ),
        ];
        for (chosen, postcode, expected, why) in cases {
            assert_eq!(
                applicant_district(chosen, postcode, &districts),
                expected,
                "{why}"
            );
        }
    }

    #[test]
    fn an_older_need_whose_free_text_area_is_a_district_name_is_in_that_district() {
        let districts = [
            district(1, "Centrum", "", true),
            district(2, "Norr", "", false),
        ];
        assert_eq!(need_district(Some(2), "Centrum", &districts), Some(2));
        assert_eq!(need_district(None, " centrum ", &districts), Some(1));
        assert_eq!(need_district(None, "Centrum öster", &districts), None);
        assert_eq!(need_district(None, "Norr", &districts), None, "retired");
        assert_eq!(need_district(None, "", &districts), None);
    }

    #[test]
    fn an_applicant_district_is_shown_by_name_with_how_it_is_known() {
        let districts = [
            district(1, "Centrum", "831 30–831 49", true),
            district(2, "Gamla", "", false),
        ];
        let shown = shown_for("", "831 35", &districts).unwrap();
        assert_eq!(
            (shown.name.as_str(), shown.source),
            ("Centrum", DistrictSource::Postcode)
        );
        let shown = shown_for("2", "831 35", &districts).unwrap();
        assert_eq!(
            (shown.name.as_str(), shown.source),
            ("Gamla", DistrictSource::Chosen)
        );
        assert_eq!(shown_for("", "999 99", &districts), None);
        assert_eq!(
            shown_for("7", "", &districts),
            None,
            "an id no district has"
        );
    }

    #[test]
    fn a_corrected_district_is_recorded_by_its_name() {
        use crate::correction::{AnswerValue, FieldChange};
        let districts = [
            district(1, "Centrum", "", true),
            district(2, "Norr", "", true),
        ];
        let mut changes = vec![
            FieldChange {
                field: "district".into(),
                from: AnswerValue::Text(String::new()),
                to: AnswerValue::Text("2".into()),
            },
            FieldChange {
                field: "town".into(),
                from: AnswerValue::Text("1".into()),
                to: AnswerValue::Text("2".into()),
            },
        ];
        name_changes(&mut changes, &districts);
        assert_eq!(changes[0].from, AnswerValue::Text(String::new()));
        assert_eq!(changes[0].to, AnswerValue::Text("Norr".into()));
        assert_eq!(
            changes[1].to,
            AnswerValue::Text("2".into()),
            "not a district"
        );
    }

    #[test]
    fn a_chosen_district_is_an_id_of_an_active_district_or_nothing() {
        assert_eq!(parse_choice(""), Ok(None));
        assert_eq!(parse_choice(" 4 "), Ok(Some(4)));
        assert_eq!(parse_choice("Centrum"), Err("invalid_choice"));
        assert_eq!(parse_choice("-1"), Err("invalid_choice"));
        assert_eq!(parse_choice("0"), Err("invalid_choice"));
        let districts = [district(1, "A", "", true), district(2, "B", "", false)];
        assert!(may_choose(1, &districts));
        assert!(!may_choose(2, &districts), "retired");
        assert!(!may_choose(3, &districts), "unknown");
        assert_eq!(
            name_of(2, &districts),
            Some("B"),
            "a retired name is still shown"
        );
    }
}
