//! The assignment agreement (uppdragsavtal) between the social welfare board and the contact
//! person, written from what the system knows about the assignment: the parties, the start, how
//! often they meet, the plan's goals, confidentiality, the compensation and how it is paid, a worry,
//! and how the assignment ends.
//!
//! The agreement is a Swedish document: the Swedish text is the one accepted and the one whose
//! exact wording is kept (the server stores a SHA-256 of [`Agreement::canonical_text`] with the
//! acceptance). The contact person's area may explain it in the reader's language, but what they
//! accept is this text. When anything it says changes (a plan written, new terms, a changed rule of
//! payment) the text changes, so its hash does, and the new version is offered to accept.
//!
//! The compensation is stated as the level's rule (a share of the prisbasbelopp), not in kronor,
//! so a new year's prisbasbelopp does not make a new agreement; a special assignment's decided
//! amounts are kronor, and a new decision is a new version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assignment::Plan;
use crate::compensation::{Frequency, Rate};
use crate::monthly_report::ReportRules;

/// How the assignment is paid, as the agreement states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgreedCompensation {
    /// The municipality's level for the frequency.
    Level {
        /// The arvode's rule.
        arvode: Rate,
        /// The omkostnad's rule.
        omkostnad: Rate,
    },
    /// Amounts the board decided for a special qualified assignment, kronor per month.
    Decided {
        /// Arvode per month.
        arvode: i64,
        /// Omkostnad per month.
        omkostnad: i64,
    },
}

/// What the agreement is written from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementFacts {
    /// The municipality ("Exempelby kommun").
    pub municipality: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// Their personnummer (`19811218-9876`).
    pub contact_person_personnummer: String,
    /// The assignment's reference (`U-2026-0007`).
    pub assignment_reference: String,
    /// Whether it is a special qualified assignment.
    pub special: bool,
    /// The first day.
    pub start_date: NaiveDate,
    /// How often they meet under the terms in force.
    pub frequency: Frequency,
    /// The plan, once written.
    pub plan: Option<Plan>,
    /// The compensation.
    pub compensation: AgreedCompensation,
    /// When reports are due and how far back a late one is paid.
    pub report_rules: ReportRules,
}

/// One section of the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// Its paragraphs, each a line of the canonical text.
    pub paragraphs: Vec<String>,
    /// A list after the paragraphs (the plan's goals), if any.
    #[serde(default)]
    pub list: Vec<String>,
}

/// The agreement as shown and accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The title.
    pub title: String,
    /// The sections in order.
    pub sections: Vec<Section>,
}

impl Agreement {
    /// The exact text accepted: the title, then each heading, paragraph and list item on a line of
    /// its own (list items after "- "), sections separated by an empty line. Hashing this, rather
    /// than the HTML, keeps the version independent of how it is drawn.
    pub fn canonical_text(&self) -> String {
        let mut text = self.title.clone();
        for section in &self.sections {
            text.push_str("\n\n");
            text.push_str(&section.heading);
            for paragraph in &section.paragraphs {
                text.push('\n');
                text.push_str(paragraph);
            }
            for item in &section.list {
                text.push_str("\n- ");
                text.push_str(item);
            }
        }
        text.push('\n');
        text
    }
}

/// Writes the agreement.
pub fn agreement(facts: &AgreementFacts) -> Agreement {
    let board = format!("Socialnämnden i {}", facts.municipality);
    let kind = if facts.special {
        "särskilt kvalificerad kontaktperson"
    } else {
        "kontaktperson"
    };
    let sections = vec![
        Section {
            heading: "Parter".into(),
            paragraphs: vec![
                format!("{board}, som har beslutat om insatsen."),
                format!(
                    "{}, {}, som åtar sig uppdraget som {kind}.",
                    facts.contact_person_name.trim(),
                    facts.contact_person_personnummer
                ),
            ],
            list: vec![],
        },
        Section {
            heading: "Uppdraget".into(),
            paragraphs: vec![
                format!(
                    "Uppdraget {} gäller från {} och tills vidare.",
                    facts.assignment_reference,
                    date_words(facts.start_date)
                ),
                format!(
                    "Ni träffas {}, på tider som ni kommer överens om.",
                    frequency_words(facts.frequency)
                ),
                "Du är inte anställd av kommunen. Du gör uppdraget på uppdrag av socialnämnden och följer genomförandeplanen.".into(),
            ],
            list: vec![],
        },
        plan_section(facts.plan.as_ref()),
        Section {
            heading: "Tystnadsplikt".into(),
            paragraphs: vec![
                "Det du får veta om barnet eller den unge och om familjen får du inte berätta för andra. Tystnadsplikten gäller också när uppdraget har slutat.".into(),
                "Skriv inga känsliga uppgifter om barnet i rapporter och meddelanden. Berätta sådant för handläggaren i stället.".into(),
            ],
            list: vec![],
        },
        compensation_section(facts),
        Section {
            heading: "Om du blir orolig".into(),
            paragraphs: vec![
                "Om du blir orolig för barnet eller den unge ska du genast säga det till handläggaren. Det är socialtjänsten som utreder oro, inte du.".into(),
                "Om någon är i fara: ring 112.".into(),
            ],
            list: vec![],
        },
        Section {
            heading: "När uppdraget slutar".into(),
            paragraphs: vec![
                "Vill du sluta, säg det till handläggaren så tidigt som möjligt, så att barnet eller den unge kan få ett bra avslut.".into(),
                "Insatsen upphör när socialnämnden beslutar det. Ersättning betalas till och med uppdragets sista dag.".into(),
                "Om villkoren ändras får du ett nytt avtal att godkänna.".into(),
            ],
            list: vec![],
        },
    ];
    Agreement {
        title: format!("Uppdragsavtal för {kind}"),
        sections,
    }
}

fn plan_section(plan: Option<&Plan>) -> Section {
    match plan {
        None => Section {
            heading: "Mål".into(),
            paragraphs: vec![
                "Målen skrivs i genomförandeplanen. När den är klar får du ett nytt avtal med målen att godkänna.".into(),
            ],
            list: vec![],
        },
        Some(plan) => {
            let mut paragraphs = vec!["Uppdraget ska leda till det här:".into()];
            let list = plan
                .goals
                .iter()
                .map(|g| {
                    let text = g.text.trim();
                    let noticed = g.how_noticed.trim();
                    if noticed.is_empty() {
                        text.to_string()
                    } else {
                        format!("{text} (det märks genom att: {noticed})")
                    }
                })
                .collect();
            if !plan.activities.trim().is_empty() {
                paragraphs.push(format!(
                    "Det här planerar ni att göra: {}",
                    plan.activities.trim()
                ));
            }
            Section {
                heading: "Mål".into(),
                paragraphs,
                list,
            }
        }
    }
}

fn compensation_section(facts: &AgreementFacts) -> Section {
    let amounts = match facts.compensation {
        AgreedCompensation::Level { arvode, omkostnad } => format!(
            "Du får arvode med {} och omkostnadsersättning med {}, enligt kommunens nivå för uppdrag där ni träffas {}.",
            rate_words(arvode),
            rate_words(omkostnad),
            frequency_words(facts.frequency)
        ),
        AgreedCompensation::Decided { arvode, omkostnad } => format!(
            "Du får arvode med {} och omkostnadsersättning med {} per månad, som socialnämnden har beslutat för uppdraget.",
            kronor(arvode),
            kronor(omkostnad)
        ),
    };
    let rules = facts.report_rules;
    let late = match rules.late_months {
        0 => "En rapport som kommer in för sent betalas inte.".to_string(),
        1 => "En rapport som kommer in för sent betalas bara om den kommer senast månaden efter."
            .to_string(),
        n => format!(
            "En rapport som kommer in för sent betalas bara om den kommer inom {n} månader."
        ),
    };
    let mut paragraphs = vec![
        amounts,
        "Arvodet är en skattepliktig inkomst för uppdraget. Omkostnadsersättningen är till för det som träffarna kostar, till exempel resor och fika.".into(),
        format!(
            "Ersättningen betalas för månader som du har rapporterat och som handläggaren har godkänt. Rapporten för en månad ska lämnas senast den {} i månaden efter. {late}",
            rules.due_day
        ),
    ];
    if rules.extra_costs {
        paragraphs.push(
            "Större kostnader utöver omkostnadsersättningen kan ersättas mot kvitto, om du har kommit överens om dem med handläggaren.".into(),
        );
    }
    Section {
        heading: "Ersättning".into(),
        paragraphs,
        list: vec![],
    }
}

/// How often, as the agreement says it.
fn frequency_words(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Weekly => "ungefär en gång i veckan",
        Frequency::SeveralPerWeek => "flera gånger i veckan",
        Frequency::AlmostDaily => "nästan varje dag",
    }
}

/// A rate in words: "10 procent av prisbasbeloppet per år, delat på tolv månader".
fn rate_words(rate: Rate) -> String {
    match rate {
        Rate::PriceBasePercent { basis_points } => {
            let whole = basis_points / 100;
            let part = basis_points % 100;
            let percent = match part {
                0 => whole.to_string(),
                p if p % 10 == 0 => format!("{whole},{}", p / 10),
                p => format!("{whole},{p:02}"),
            };
            format!("{percent} procent av prisbasbeloppet per år, delat på tolv månader")
        }
        Rate::FixedMonthly { kronor: k } => format!("{} per månad", kronor(k)),
    }
}

fn kronor(amount: i64) -> String {
    crate::i18n::format_kronor(crate::Locale::Sv, amount)
}

/// "den 1 december 2026".
fn date_words(date: NaiveDate) -> String {
    format!("den {}", crate::time::swedish_date(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assignment::Goal;

    fn facts() -> AgreementFacts {
        AgreementFacts {
            municipality: "Exempelby kommun".into(),
            contact_person_name: "Hodan Warsame".into(),
            contact_person_personnummer: "19811218-9876".into(),
            assignment_reference: "U-2026-0007".into(),
            special: false,
            start_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            frequency: Frequency::Weekly,
            plan: None,
            compensation: AgreedCompensation::Level {
                arvode: Rate::PriceBasePercent { basis_points: 1250 },
                omkostnad: Rate::PriceBasePercent { basis_points: 1000 },
            },
            report_rules: ReportRules::new(3, 3, false).unwrap(),
        }
    }

    fn plan() -> Plan {
        Plan {
            goals: vec![Goal {
                text: "Fler vänner utanför skolan".into(),
                how_noticed: "Träffar kompisar på helgerna".into(),
            }],
            activities: "Promenader och fotboll".into(),
            ..Plan::default()
        }
    }

    #[test]
    fn the_agreement_names_the_parties_the_start_the_frequency_and_the_payment_rule() {
        let text = agreement(&facts()).canonical_text();
        assert!(text.starts_with("Uppdragsavtal för kontaktperson\n\nParter\n"));
        for expected in [
            "Socialnämnden i Exempelby kommun, som har beslutat om insatsen.",
            "Hodan Warsame, 19811218-9876, som åtar sig uppdraget som kontaktperson.",
            "Uppdraget U-2026-0007 gäller från den 1 december 2026 och tills vidare.",
            "Ni träffas ungefär en gång i veckan, på tider som ni kommer överens om.",
            "arvode med 12,5 procent av prisbasbeloppet per år, delat på tolv månader",
            "omkostnadsersättning med 10 procent av prisbasbeloppet",
            "senast den 3 i månaden efter",
            "betalas bara om den kommer inom 3 månader",
            "ring 112",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        assert!(
            !text.contains("kvitto"),
            "no extra costs unless the municipality pays them"
        );
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn a_written_plan_puts_its_goals_in_the_agreement_and_so_makes_a_new_version() {
        let without = agreement(&facts()).canonical_text();
        assert!(without.contains("Målen skrivs i genomförandeplanen."));
        let with = agreement(&AgreementFacts {
            plan: Some(plan()),
            ..facts()
        })
        .canonical_text();
        assert!(with.contains(
            "\n- Fler vänner utanför skolan (det märks genom att: Träffar kompisar på helgerna)"
        ));
        assert!(with.contains("Det här planerar ni att göra: Promenader och fotboll"));
        assert_ne!(with, without);
    }

    #[test]
    fn new_terms_change_the_text_and_the_same_facts_give_the_same_text() {
        let first = agreement(&facts()).canonical_text();
        assert_eq!(agreement(&facts()).canonical_text(), first);
        let more_often = agreement(&AgreementFacts {
            frequency: Frequency::SeveralPerWeek,
            ..facts()
        })
        .canonical_text();
        assert_ne!(more_often, first);
        assert!(more_often.contains("flera gånger i veckan"));
    }

    #[test]
    fn a_special_assignment_states_its_decided_amounts_in_kronor() {
        let text = agreement(&AgreementFacts {
            special: true,
            compensation: AgreedCompensation::Decided {
                arvode: 9_500,
                omkostnad: 2_000,
            },
            ..facts()
        })
        .canonical_text();
        assert!(text.starts_with("Uppdragsavtal för särskilt kvalificerad kontaktperson"));
        assert!(text.contains(
            "arvode med 9\u{a0}500\u{a0}kr och omkostnadsersättning med 2\u{a0}000\u{a0}kr per månad"
        ));
    }

    #[test]
    fn the_late_report_rule_and_extra_costs_follow_the_municipalitys_rules() {
        let strict = agreement(&AgreementFacts {
            report_rules: ReportRules::new(5, 0, true).unwrap(),
            ..facts()
        })
        .canonical_text();
        assert!(strict.contains("senast den 5 i månaden efter"));
        assert!(strict.contains("En rapport som kommer in för sent betalas inte."));
        assert!(strict.contains("mot kvitto"));
    }

    #[test]
    fn percentages_are_written_the_swedish_way() {
        assert!(rate_words(Rate::PriceBasePercent { basis_points: 1000 }).starts_with("10 procent"));
        assert!(
            rate_words(Rate::PriceBasePercent { basis_points: 1250 }).starts_with("12,5 procent")
        );
        assert!(
            rate_words(Rate::PriceBasePercent { basis_points: 1225 }).starts_with("12,25 procent")
        );
        assert_eq!(
            rate_words(Rate::FixedMonthly { kronor: 1200 }),
            "1\u{a0}200\u{a0}kr per månad"
        );
    }
}
