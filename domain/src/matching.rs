//! Matching: which approved contact people fit a child's [`Need`], best first, and why.
//!
//! [`rank`] is a pure function. A candidate who is not approved for the need's assignment type
//! is left out altogether (a hard rule, not a low score). Everyone else gets an integer score that
//! is exactly the sum of the points of their [`Reason`]s ([`Reason::points`]), so the UI can show
//! each reason with its weight and the score always adds up.
//!
//! | criterion | reason | points |
//! |---|---|---|
//! | the family suggested this person (name or reference in the need's `suggested_person`) | `suggested_by_family` | +30 |
//! | each of the child's languages the person speaks | `speaks_language` | +30 each |
//! | no shared language | `no_shared_language` | 0 |
//! | the child's age group is among the person's preferences | `age_group_fits` | +10 |
//! | the person has no age-group preference | `any_age_group` | +10 |
//! | the child's age group is outside the preferences | `age_group_outside` | 0 |
//! | each wished time the person is free (only when the need wishes times) | `available_at` | +10 each |
//! | none of the wished times | `not_available_at` | 0 |
//! | the same district (the need's, and the person's chosen or told by their postcode) | `same_area` | +15 |
//! | another district (both known) | `other_area` | 0 |
//! | the district unknown on either side (a need with only a free-text area, a person whose postcode no district covers) | `area_unknown` | 0 |
//! | shared interest words (≥ 4 letters, case-insensitive, common words left out) | `shared_interests` | +5 a word, at most +15 |
//! | driving licence, when the need needs driving | `has_driving_licence` | +15 |
//! | also a car, when the need needs driving | `has_car` | +5 |
//! | no licence, when the need needs driving | `no_driving_licence` | 0 |
//! | offers to meet at least as often as the need asks | `frequency_fits` | +10 |
//! | offers to meet less often | `frequency_too_low` | 0 |
//! | no active assignments | `no_active_assignments` | 0 |
//! | 1 / 2 / 3 or more active assignments | `active_assignments` | −10 / −25 / −40 |
//!
//! Three or more active assignments also set [`Ranked::overloaded`] (the UI flags the person).
//! Equal scores are ordered by fewer active assignments, then by reference, so the order is
//! stable whatever order the candidates come in.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::compensation::Frequency;
use crate::need::Need;

/// The points each criterion gives (see the module documentation's table).
pub mod weights {
    /// The family suggested the person.
    pub const SUGGESTED_BY_FAMILY: i32 = 30;
    /// Each shared language.
    pub const LANGUAGE: i32 = 30;
    /// The age group fits, or the person has no preference.
    pub const AGE_GROUP: i32 = 10;
    /// Each wished time the person is free.
    pub const TIME: i32 = 10;
    /// The same area.
    pub const AREA: i32 = 15;
    /// Each shared interest word.
    pub const INTEREST_WORD: i32 = 5;
    /// The most shared interest words that count.
    pub const INTEREST_WORDS_COUNTED: usize = 3;
    /// A driving licence, when the need needs driving.
    pub const DRIVING_LICENCE: i32 = 15;
    /// A car as well, when the need needs driving.
    pub const CAR: i32 = 5;
    /// Offers to meet often enough.
    pub const FREQUENCY: i32 = 10;
    /// One active assignment.
    pub const ONE_ACTIVE: i32 = -10;
    /// Two active assignments.
    pub const TWO_ACTIVE: i32 = -25;
    /// Three or more active assignments.
    pub const THREE_OR_MORE_ACTIVE: i32 = -40;
}

/// From this many active assignments a person is flagged as [`Ranked::overloaded`].
pub const LOAD_FLAG_AT: u32 = 3;

/// An approved contact person, as matching sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The person's reference (`KP-2026-0042`).
    pub reference: String,
    /// The person's name, for the caseworker's list.
    pub name: String,
    /// Assignment types they are approved for (codes from
    /// [`crate::application::ASSIGNMENT_TYPES`]).
    pub assignment_types: Vec<String>,
    /// Languages they speak (codes from [`crate::application::LANGUAGES`]).
    pub languages: Vec<String>,
    /// Preferred age groups (empty: any).
    pub age_groups: Vec<String>,
    /// When they can meet (codes from [`crate::application::TIMES`]).
    pub times: Vec<String>,
    /// Where they live: their postal town, free text.
    pub area: String,
    /// Their district ([`crate::district`]): the one they chose, or the one their postcode lies
    /// in ([`crate::district::applicant_district`]); `None` when neither tells.
    #[serde(default)]
    pub district: Option<i64>,
    /// Their interests, free text.
    pub interests: String,
    /// Holds a driving licence.
    pub driving_licence: bool,
    /// Has a car.
    pub has_car: bool,
    /// How often they offered to meet.
    pub frequency: Frequency,
    /// How many assignments they have now.
    pub active_assignments: u32,
}

/// One reason behind a score, for the UI to word ("talar dari", "ledig kvällar", "har redan två
/// uppdrag"). Serialized with a `kind` tag: `{"kind": "speaks_language", "code": "prs"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The family suggested this person.
    SuggestedByFamily,
    /// Speaks one of the child's languages.
    SpeaksLanguage {
        /// The language code.
        code: String,
    },
    /// Speaks none of the child's languages.
    NoSharedLanguage,
    /// The child's age group is one the person prefers.
    AgeGroupFits {
        /// The child's age group.
        group: String,
    },
    /// The person has no age-group preference.
    AnyAgeGroup,
    /// The child's age group is not one the person prefers.
    AgeGroupOutside {
        /// The child's age group.
        group: String,
    },
    /// Free at some of the wished times.
    AvailableAt {
        /// The wished times the person is free, in [`crate::application::TIMES`] order.
        times: Vec<String>,
    },
    /// Free at none of the wished times.
    NotAvailableAt {
        /// The wished times.
        times: Vec<String>,
    },
    /// Lives in the same area.
    SameArea,
    /// Lives in another area.
    OtherArea,
    /// Whether they live in the same area is not known (no district on one side).
    AreaUnknown,
    /// Shares interests.
    SharedInterests {
        /// The shared words, lower case, sorted.
        words: Vec<String>,
    },
    /// Has a driving licence (the need needs driving).
    HasDrivingLicence,
    /// Has a car (the need needs driving).
    HasCar,
    /// Has no driving licence (the need needs driving).
    NoDrivingLicence,
    /// Offers to meet at least as often as the need asks.
    FrequencyFits {
        /// What the person offered.
        offered: Frequency,
    },
    /// Offers to meet less often than the need asks.
    FrequencyTooLow {
        /// What the person offered.
        offered: Frequency,
    },
    /// Has no other assignment now.
    NoActiveAssignments,
    /// Already has assignments.
    ActiveAssignments {
        /// How many.
        count: u32,
    },
}

impl Reason {
    /// The stable code (the JSON `kind` tag).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SuggestedByFamily => "suggested_by_family",
            Reason::SpeaksLanguage { .. } => "speaks_language",
            Reason::NoSharedLanguage => "no_shared_language",
            Reason::AgeGroupFits { .. } => "age_group_fits",
            Reason::AnyAgeGroup => "any_age_group",
            Reason::AgeGroupOutside { .. } => "age_group_outside",
            Reason::AvailableAt { .. } => "available_at",
            Reason::NotAvailableAt { .. } => "not_available_at",
            Reason::SameArea => "same_area",
            Reason::OtherArea => "other_area",
            Reason::AreaUnknown => "area_unknown",
            Reason::SharedInterests { .. } => "shared_interests",
            Reason::HasDrivingLicence => "has_driving_licence",
            Reason::HasCar => "has_car",
            Reason::NoDrivingLicence => "no_driving_licence",
            Reason::FrequencyFits { .. } => "frequency_fits",
            Reason::FrequencyTooLow { .. } => "frequency_too_low",
            Reason::NoActiveAssignments => "no_active_assignments",
            Reason::ActiveAssignments { .. } => "active_assignments",
        }
    }

    /// Whether the reason speaks for the person (the UI shows it as a plus, the others as a
    /// caution).
    pub fn positive(&self) -> bool {
        match self {
            Reason::SuggestedByFamily
            | Reason::SpeaksLanguage { .. }
            | Reason::AgeGroupFits { .. }
            | Reason::AnyAgeGroup
            | Reason::AvailableAt { .. }
            | Reason::SameArea
            | Reason::SharedInterests { .. }
            | Reason::HasDrivingLicence
            | Reason::HasCar
            | Reason::FrequencyFits { .. }
            | Reason::NoActiveAssignments => true,
            Reason::NoSharedLanguage
            | Reason::AgeGroupOutside { .. }
            | Reason::NotAvailableAt { .. }
            | Reason::OtherArea
            | Reason::AreaUnknown
            | Reason::NoDrivingLicence
            | Reason::FrequencyTooLow { .. }
            | Reason::ActiveAssignments { .. } => false,
        }
    }

    /// The points the reason adds to the score (negative for load).
    pub fn points(&self) -> i32 {
        match self {
            Reason::SuggestedByFamily => weights::SUGGESTED_BY_FAMILY,
            Reason::SpeaksLanguage { .. } => weights::LANGUAGE,
            Reason::AgeGroupFits { .. } | Reason::AnyAgeGroup => weights::AGE_GROUP,
            Reason::AvailableAt { times } => i32::try_from(times.len())
                .unwrap_or(i32::MAX)
                .saturating_mul(weights::TIME),
            Reason::SameArea => weights::AREA,
            Reason::SharedInterests { words } => {
                let counted = words.len().min(weights::INTEREST_WORDS_COUNTED);
                weights::INTEREST_WORD * i32::try_from(counted).expect("at most a few words")
            }
            Reason::HasDrivingLicence => weights::DRIVING_LICENCE,
            Reason::HasCar => weights::CAR,
            Reason::FrequencyFits { .. } => weights::FREQUENCY,
            Reason::ActiveAssignments { count } => match count {
                0 => 0,
                1 => weights::ONE_ACTIVE,
                2 => weights::TWO_ACTIVE,
                _ => weights::THREE_OR_MORE_ACTIVE,
            },
            Reason::NoSharedLanguage
            | Reason::AgeGroupOutside { .. }
            | Reason::NotAvailableAt { .. }
            | Reason::OtherArea
            | Reason::AreaUnknown
            | Reason::NoDrivingLicence
            | Reason::FrequencyTooLow { .. }
            | Reason::NoActiveAssignments => 0,
        }
    }
}

/// One candidate's place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// The candidate's reference.
    pub reference: String,
    /// The candidate's name.
    pub name: String,
    /// The sum of the reasons' points; higher is a better fit.
    pub score: i32,
    /// Why, in a fixed order: suggestion, languages, age group, times, area, interests, driving,
    /// frequency, load.
    pub reasons: Vec<Reason>,
    /// [`LOAD_FLAG_AT`] or more active assignments.
    pub overloaded: bool,
}

/// Common Swedish words of four letters or more that say nothing about interests.
const COMMON_WORDS: [&str; 24] = [
    "alla", "allt", "andra", "annat", "bara", "eller", "efter", "från", "gärna", "gillar", "gilla",
    "hans", "hennes", "inte", "mycket", "också", "sina", "till", "tycker", "under", "vara", "över",
    "även", "något",
];

/// The interest words of a text: lower case, at least four letters, common words left out.
pub fn interest_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON_WORDS.contains(&w.as_str()))
        .collect()
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the family's suggestion names this candidate: their reference, or their whole name
/// as consecutive words (case-insensitive).
fn suggested(suggestion: &str, candidate: &Candidate) -> bool {
    let said = words_of(suggestion);
    let name = words_of(&candidate.name);
    let reference = candidate.reference.trim().to_lowercase();
    (!reference.is_empty() && said.contains(&reference))
        || (!name.is_empty() && said.windows(name.len()).any(|run| run == name.as_slice()))
}

/// Same district, another, or unknown: districts only. A need's free-text area is never
/// compared with a postal town ("Centrum" and "Sundsvall" may be one place).
fn area_reason(need: &Need, candidate: &Candidate) -> Reason {
    match (need.district, candidate.district) {
        (Some(a), Some(b)) if a == b => Reason::SameArea,
        (Some(_), Some(_)) => Reason::OtherArea,
        _ => Reason::AreaUnknown,
    }
}

fn reasons_for(need: &Need, candidate: &Candidate, today: NaiveDate) -> Vec<Reason> {
    let mut reasons = Vec::new();

    if need
        .suggested_person
        .as_deref()
        .is_some_and(|s| suggested(s, candidate))
    {
        reasons.push(Reason::SuggestedByFamily);
    }

    let shared: Vec<Reason> = need
        .languages
        .iter()
        .filter(|code| candidate.languages.contains(code))
        .map(|code| Reason::SpeaksLanguage { code: code.clone() })
        .collect();
    if shared.is_empty() {
        reasons.push(Reason::NoSharedLanguage);
    } else {
        reasons.extend(shared);
    }

    let group = need.age_group(today);
    reasons.push(if candidate.age_groups.is_empty() {
        Reason::AnyAgeGroup
    } else if candidate.age_groups.iter().any(|g| g == group) {
        Reason::AgeGroupFits {
            group: group.to_string(),
        }
    } else {
        Reason::AgeGroupOutside {
            group: group.to_string(),
        }
    });

    if !need.times.is_empty() {
        let free: Vec<String> = crate::application::TIMES
            .iter()
            .filter(|t| need.times.iter().any(|w| w == *t))
            .filter(|t| candidate.times.iter().any(|c| c == *t))
            .map(|t| t.to_string())
            .collect();
        reasons.push(if free.is_empty() {
            Reason::NotAvailableAt {
                times: crate::application::TIMES
                    .iter()
                    .filter(|t| need.times.iter().any(|w| w == *t))
                    .map(|t| t.to_string())
                    .collect(),
            }
        } else {
            Reason::AvailableAt { times: free }
        });
    }

    reasons.push(area_reason(need, candidate));

    let words: Vec<String> = interest_words(&need.interests)
        .intersection(&interest_words(&candidate.interests))
        .cloned()
        .collect();
    if !words.is_empty() {
        reasons.push(Reason::SharedInterests { words });
    }

    if need.needs_driving {
        if candidate.driving_licence {
            reasons.push(Reason::HasDrivingLicence);
            if candidate.has_car {
                reasons.push(Reason::HasCar);
            }
        } else {
            reasons.push(Reason::NoDrivingLicence);
        }
    }

    reasons.push(if candidate.frequency >= need.frequency {
        Reason::FrequencyFits {
            offered: candidate.frequency,
        }
    } else {
        Reason::FrequencyTooLow {
            offered: candidate.frequency,
        }
    });

    reasons.push(if candidate.active_assignments == 0 {
        Reason::NoActiveAssignments
    } else {
        Reason::ActiveAssignments {
            count: candidate.active_assignments,
        }
    });
    reasons
}

/// An open need as one approved contact person fits it: the other way round from [`rank`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FittingNeed {
    /// The need (`B-2026-0001`).
    pub need_reference: String,
    /// The kind of assignment it asks for.
    pub assignment_type: String,
    /// The same score [`rank`] gives the person for the need.
    pub score: i32,
    /// Why, in [`rank`]'s order.
    pub reasons: Vec<Reason>,
}

/// The open `needs` (reference, need) that `person` is approved for, best fit first, scored as
/// [`rank`] scores them: what the caseworker does next with an approved contact person.
pub fn fitting_needs(
    person: &Candidate,
    needs: &[(String, Need)],
    today: NaiveDate,
) -> Vec<FittingNeed> {
    let mut fitting: Vec<FittingNeed> = needs
        .iter()
        .filter(|(_, need)| person.assignment_types.contains(&need.assignment_type))
        .map(|(reference, need)| {
            let reasons = reasons_for(need, person, today);
            FittingNeed {
                need_reference: reference.clone(),
                assignment_type: need.assignment_type.clone(),
                score: reasons.iter().map(Reason::points).sum(),
                reasons,
            }
        })
        .collect();
    fitting.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.need_reference.cmp(&b.need_reference))
    });
    fitting
}

/// Ranks the candidates for `need`, best fit first. Candidates not approved for the need's
/// assignment type are left out. `today` decides the child's age group.
pub fn rank(need: &Need, candidates: &[Candidate], today: NaiveDate) -> Vec<Ranked> {
    let mut ranked: Vec<(u32, Ranked)> = candidates
        .iter()
        .filter(|c| c.assignment_types.contains(&need.assignment_type))
        .map(|c| {
            let reasons = reasons_for(need, c, today);
            let score = reasons.iter().map(Reason::points).sum();
            (
                c.active_assignments,
                Ranked {
                    reference: c.reference.clone(),
                    name: c.name.clone(),
                    score,
                    reasons,
                    overloaded: c.active_assignments >= LOAD_FLAG_AT,
                },
            )
        })
        .collect();
    ranked.sort_by(|(load_a, a), (load_b, b)| {
        b.score
            .cmp(&a.score)
            .then(load_a.cmp(load_b))
            .then_with(|| a.reference.cmp(&b.reference))
            .then_with(|| a.name.cmp(&b.name))
    });
    ranked.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::need::{Gender, NeedGoal};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
    }

    /// A 14-year-old (13-15) Dari-speaking unaccompanied boy in Centrum, wishing evenings.
    fn need() -> Need {
        Need {
            case_reference: "IFO-2026-1234".into(),
            birth_year: 2012,
            gender: Gender::Boy,
            languages: vec!["prs".into()],
            area: "Centrum".into(),
            district: None,
            interests: "Fotboll, cykling och schack".into(),
            goals: vec![NeedGoal::LanguageAndSociety],
            goal_note: String::new(),
            assignment_type: "unaccompanied".into(),
            frequency: Frequency::Weekly,
            times: vec!["evenings".into()],
            suggested_person: None,
            needs_driving: false,
        }
    }

    /// A person who fits on everything but language (Swedish only).
    fn candidate(reference: &str) -> Candidate {
        Candidate {
            reference: reference.into(),
            name: format!("Person {reference}"),
            assignment_types: vec!["child".into(), "unaccompanied".into()],
            languages: vec!["sv".into()],
            age_groups: Vec::new(),
            times: vec!["evenings".into()],
            area: "Centrum".into(),
            district: None,
            interests: String::new(),
            driving_licence: false,
            has_car: false,
            frequency: Frequency::Weekly,
            active_assignments: 0,
        }
    }

    fn order(ranked: &[Ranked]) -> Vec<&str> {
        ranked.iter().map(|r| r.reference.as_str()).collect()
    }

    #[test]
    fn an_approved_person_sees_the_needs_they_are_approved_for_best_fit_first_with_ranks_score() {
        let mut person = candidate("KP-1");
        person.languages = vec!["sv".into(), "prs".into()];
        let mut somali = need();
        somali.languages = vec!["so".into()];
        let mut special = need();
        special.assignment_type = "special".into();
        let needs = [
            ("B-1".to_string(), somali.clone()),
            ("B-2".to_string(), need()),
            ("B-3".to_string(), special),
        ];
        let fitting = fitting_needs(&person, &needs, today());
        let order: Vec<&str> = fitting.iter().map(|f| f.need_reference.as_str()).collect();
        assert_eq!(
            order,
            ["B-2", "B-1"],
            "no special need: not approved for it"
        );
        assert_eq!(fitting[0].score - fitting[1].score, weights::LANGUAGE);
        for (fit, need) in fitting.iter().zip([need(), somali]) {
            let ranked = rank(&need, std::slice::from_ref(&person), today());
            assert_eq!(fit.score, ranked[0].score, "the same score both ways");
            assert_eq!(fit.reasons, ranked[0].reasons);
        }
    }

    #[test]
    fn the_dari_speaker_outranks_the_non_speaker() {
        let mut speaker = candidate("KP-2");
        speaker.languages = vec!["sv".into(), "prs".into()];
        let ranked = rank(&need(), &[candidate("KP-1"), speaker], today());
        assert_eq!(order(&ranked), ["KP-2", "KP-1"]);
        assert!(ranked[0]
            .reasons
            .contains(&Reason::SpeaksLanguage { code: "prs".into() }));
        assert!(ranked[1].reasons.contains(&Reason::NoSharedLanguage));
        assert_eq!(ranked[0].score - ranked[1].score, weights::LANGUAGE);
    }

    #[test]
    fn a_person_not_approved_for_special_never_appears_for_a_special_need() {
        let mut special_need = need();
        special_need.assignment_type = "special".into();
        let mut approved = candidate("KP-3");
        approved.assignment_types = vec!["special".into()];
        let mut perfect_but_not_approved = candidate("KP-1");
        perfect_but_not_approved.languages = vec!["prs".into()];
        perfect_but_not_approved.interests = "fotboll schack cykling".into();
        let ranked = rank(
            &special_need,
            &[perfect_but_not_approved, candidate("KP-2"), approved],
            today(),
        );
        assert_eq!(order(&ranked), ["KP-3"]);
    }

    #[test]
    fn load_pushes_an_otherwise_equal_person_down_and_three_assignments_are_flagged() {
        let loads = [(3, "KP-A"), (0, "KP-B"), (2, "KP-C"), (1, "KP-D")];
        let candidates: Vec<Candidate> = loads
            .iter()
            .map(|(load, reference)| Candidate {
                active_assignments: *load,
                ..candidate(reference)
            })
            .collect();
        let ranked = rank(&need(), &candidates, today());
        assert_eq!(order(&ranked), ["KP-B", "KP-D", "KP-C", "KP-A"]);
        let best = ranked[0].score;
        let penalties: Vec<i32> = ranked.iter().map(|r| r.score - best).collect();
        assert_eq!(penalties, [0, -10, -25, -40]);
        let flagged: Vec<bool> = ranked.iter().map(|r| r.overloaded).collect();
        assert_eq!(flagged, [false, false, false, true]);
        assert_eq!(
            ranked[2].reasons.last(),
            Some(&Reason::ActiveAssignments { count: 2 })
        );
        assert_eq!(ranked[0].reasons.last(), Some(&Reason::NoActiveAssignments));
    }

    #[test]
    fn every_reason_is_explained_and_the_score_is_their_sum() {
        let mut n = need();
        n.languages = vec!["prs".into(), "sv".into()];
        n.times = vec!["weekends".into(), "evenings".into()];
        n.needs_driving = true;
        n.frequency = Frequency::SeveralPerWeek;
        n.district = Some(1);
        let mut good = candidate("KP-1");
        good.district = Some(1);
        good.languages = vec!["prs".into(), "sv".into(), "en".into()];
        good.age_groups = vec!["13-15".into(), "16-20".into()];
        good.times = vec!["weekdays".into(), "evenings".into(), "weekends".into()];
        good.area = "centrum, norra delen".into();
        good.interests = "Schack, FOTBOLL och matlagning; gillar cykling".into();
        good.driving_licence = true;
        good.has_car = true;
        good.frequency = Frequency::AlmostDaily;
        let ranked = rank(&n, &[good], today());
        assert_eq!(
            ranked[0].reasons,
            [
                Reason::SpeaksLanguage { code: "prs".into() },
                Reason::SpeaksLanguage { code: "sv".into() },
                Reason::AgeGroupFits {
                    group: "13-15".into()
                },
                Reason::AvailableAt {
                    times: vec!["evenings".into(), "weekends".into()]
                },
                Reason::SameArea,
                Reason::SharedInterests {
                    words: vec!["cykling".into(), "fotboll".into(), "schack".into()]
                },
                Reason::HasDrivingLicence,
                Reason::HasCar,
                Reason::FrequencyFits {
                    offered: Frequency::AlmostDaily
                },
                Reason::NoActiveAssignments,
            ]
        );
        assert!(ranked[0].reasons.iter().all(Reason::positive));
        assert_eq!(ranked[0].score, 30 + 30 + 10 + 20 + 15 + 15 + 15 + 5 + 10);

        let mut poor = candidate("KP-2");
        poor.languages = vec!["en".into()];
        poor.age_groups = vec!["0-6".into()];
        poor.times = vec!["weekdays".into()];
        poor.area = "Norrby".into();
        poor.district = Some(2);
        poor.interests = "Stickning".into();
        poor.active_assignments = 1;
        let ranked = rank(&n, &[poor], today());
        assert_eq!(
            ranked[0].reasons,
            [
                Reason::NoSharedLanguage,
                Reason::AgeGroupOutside {
                    group: "13-15".into()
                },
                Reason::NotAvailableAt {
                    times: vec!["evenings".into(), "weekends".into()]
                },
                Reason::OtherArea,
                Reason::NoDrivingLicence,
                Reason::FrequencyTooLow {
                    offered: Frequency::Weekly
                },
                Reason::ActiveAssignments { count: 1 },
            ]
        );
        assert!(!ranked[0].reasons.iter().any(Reason::positive));
        assert_eq!(ranked[0].score, -10);
    }

    #[test]
    fn reasons_serialize_with_a_kind_tag_equal_to_their_code() {
        let reasons = [
            Reason::SpeaksLanguage { code: "prs".into() },
            Reason::AvailableAt {
                times: vec!["evenings".into()],
            },
            Reason::ActiveAssignments { count: 2 },
            Reason::SameArea,
            Reason::FrequencyFits {
                offered: Frequency::SeveralPerWeek,
            },
        ];
        let json: Vec<String> = reasons
            .iter()
            .map(|r| serde_json::to_string(r).expect("json"))
            .collect();
        assert_eq!(
            json,
            [
                r#"{"kind":"speaks_language","code":"prs"}"#,
                r#"{"kind":"available_at","times":["evenings"]}"#,
                r#"{"kind":"active_assignments","count":2}"#,
                r#"{"kind":"same_area"}"#,
                r#"{"kind":"frequency_fits","offered":"several_per_week"}"#,
            ]
        );
        for r in reasons {
            let value: serde_json::Value = serde_json::to_value(&r).expect("json");
            assert_eq!(value["kind"], r.code());
        }
    }

    #[test]
    fn the_order_is_stable_whatever_order_the_candidates_come_in() {
        let mut loaded = candidate("KP-1");
        loaded.active_assignments = 1;
        loaded.interests = "fotboll".into(); // +5 −10: below the others
        let mut same_score_more_load = candidate("KP-0");
        same_score_more_load.active_assignments = 1;
        same_score_more_load.interests = "fotboll schack".into(); // +10 −10: equal score to KP-2
        let people = [
            candidate("KP-3"),
            loaded,
            candidate("KP-2"),
            same_score_more_load,
        ];
        let expected = ["KP-2", "KP-3", "KP-0", "KP-1"];
        let mut shuffled = people.to_vec();
        for turn in 0..people.len() {
            shuffled.rotate_left(1);
            if turn % 2 == 1 {
                shuffled.reverse();
            }
            assert_eq!(order(&rank(&need(), &shuffled, today())), expected);
        }
    }

    #[test]
    fn the_familys_suggestion_is_recognised_by_whole_name_or_reference() {
        let mut n = need();
        let mut anna = candidate("KP-2026-0007");
        anna.name = "Anna Berg".into();
        let mut annika = candidate("KP-2026-0008");
        annika.name = "Annika Bergström".into();
        for suggestion in ["Anna Berg", "mostern anna  berg, granne", "kp-2026-0007"] {
            n.suggested_person = Some(suggestion.into());
            let ranked = rank(&n, &[annika.clone(), anna.clone()], today());
            assert_eq!(ranked[0].reference, "KP-2026-0007", "{suggestion}");
            assert_eq!(ranked[0].reasons[0], Reason::SuggestedByFamily);
            assert!(!ranked[1].reasons.contains(&Reason::SuggestedByFamily));
        }
        n.suggested_person = Some("Anna".into());
        let ranked = rank(&n, &[anna], today());
        assert!(
            !ranked[0].reasons.contains(&Reason::SuggestedByFamily),
            "a first name alone is not enough"
        );
    }

    #[test]
    fn the_area_is_the_same_district_another_or_unknown_never_a_guess_from_a_town() {
        // (need's district, need's free text, person's district, person's town, reason)
        let cases = [
            (Some(1), "Centrum", Some(1), "Sundsvall", Reason::SameArea),
            (Some(1), "Centrum", Some(2), "Sundsvall", Reason::OtherArea),
            (Some(1), "Centrum", None, "Centrum", Reason::AreaUnknown),
            (None, "Centrum", Some(1), "Sundsvall", Reason::AreaUnknown),
            (None, "Centrum", None, "Centrum", Reason::AreaUnknown),
            (None, "Norrby", None, "Söderby", Reason::AreaUnknown),
            (None, "Norrby", None, "  ", Reason::AreaUnknown),
        ];
        for (need_district, need_area, district, town, expected) in cases {
            let mut n = need();
            n.district = need_district;
            n.area = need_area.into();
            let mut person = candidate("KP-1");
            person.district = district;
            person.area = town.into();
            let ranked = rank(&n, &[person], today());
            let area: Vec<&Reason> = ranked[0]
                .reasons
                .iter()
                .filter(|r| {
                    matches!(
                        r,
                        Reason::SameArea | Reason::OtherArea | Reason::AreaUnknown
                    )
                })
                .collect();
            assert_eq!(
                area,
                [&expected],
                "{need_district:?} {need_area} / {district:?} {town}"
            );
        }
    }

    #[test]
    fn only_the_same_district_adds_points_and_unknown_is_neither_plus_nor_minus() {
        assert_eq!(Reason::SameArea.points(), weights::AREA);
        assert_eq!(Reason::OtherArea.points(), 0);
        assert_eq!(Reason::AreaUnknown.points(), 0);
        assert_eq!(Reason::AreaUnknown.code(), "area_unknown");
        let mut n = need();
        n.district = Some(1);
        let mut near = candidate("KP-2");
        near.district = Some(1);
        let far = candidate("KP-1");
        let ranked = rank(&n, &[far, near], today());
        assert_eq!(order(&ranked), ["KP-2", "KP-1"]);
        assert_eq!(ranked[0].score - ranked[1].score, weights::AREA);
    }

    #[test]
    fn interest_words_are_long_lowercase_and_not_common_words() {
        let words = interest_words("Gillar FOTBOLL, att spela schack och rita; mycket musik!");
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(words, ["fotboll", "musik", "rita", "schack", "spela"]);
    }
}
