//! `kp-server retention --as-of YYYY-MM-DD [--dry-run] [--database-url URL]`, for operators:
//! prints what the retention rules in force make due on that day (how many per category, and
//! the references of the applicants and assignments), and removes it unless `--dry-run`, as the
//! nightly job would on that day, with gallring records that say the command did it. A
//! municipality sees a new rule's effect before it runs (a day ahead, with `--dry-run`: removing
//! what is not yet due would be gallring before the decision allows, so that is refused); a
//! restored backup can be brought up to date at once.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::NaiveDate;
use kp_domain::retention::report::{Preview, StartedBy};
use kp_domain::retention::Unit;

use crate::config::Config;
use crate::retention::{self, RunReport};
use crate::store::{AuditKeys, Store};

const USAGE: &str = "usage: kp-server retention --as-of YYYY-MM-DD [--dry-run] [--database-url URL]
  prints what the retention rules make due on that day and removes it (with --dry-run: nothing
  is removed; a day after today only with --dry-run); the database is DATABASE_URL or
  --database-url, as for the server";

/// The command as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCommand {
    /// The day the rules are applied for.
    pub as_of: NaiveDate,
    /// Print only.
    pub dry_run: bool,
    /// `--database-url URL`, passed on to the configuration.
    pub config_args: Vec<String>,
}

/// The command in `args` (everything after the program's name), or `None` when they do not start
/// with `retention`.
pub fn parse(args: &[String]) -> Result<Option<RetentionCommand>, String> {
    if args.first().map(String::as_str) != Some("retention") {
        return Ok(None);
    }
    let (mut as_of, mut dry_run, mut config_args) = (None, false, Vec::new());
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--as-of" => {
                let day = rest.next().ok_or("--as-of needs a date")?;
                as_of = Some(
                    day.parse::<NaiveDate>()
                        .map_err(|_| format!("--as-of is not a date (YYYY-MM-DD): {day}"))?,
                );
            }
            "--dry-run" => dry_run = true,
            "--database-url" => {
                let url = rest.next().ok_or("--database-url needs a value")?;
                config_args = vec![arg.clone(), url.clone()];
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => {
                return Err(format!(
                    "kp-server retention: unknown argument {other}\n{USAGE}"
                ))
            }
        }
    }
    let as_of = as_of.ok_or_else(|| format!("kp-server retention needs --as-of\n{USAGE}"))?;
    Ok(Some(RetentionCommand {
        as_of,
        dry_run,
        config_args,
    }))
}

/// Runs the command if `args` ask for it: its exit code, or `None` when they do not (the server
/// is to be started).
pub async fn main_if_asked(args: &[String]) -> Option<ExitCode> {
    let command = match parse(args) {
        Ok(None) => return None,
        Ok(Some(command)) => command,
        Err(message) => {
            eprintln!("{message}");
            return Some(ExitCode::from(2));
        }
    };
    Some(match command.run(|k| std::env::var(k).ok()).await {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kp-server retention: {error:#}");
            ExitCode::FAILURE
        }
    })
}

impl RetentionCommand {
    /// Opens the database as the server would and applies the rules; what to print.
    pub async fn run(self, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<String> {
        let today = kp_domain::time::today_in_sweden(chrono::Utc::now());
        if !self.dry_run && self.as_of > today {
            anyhow::bail!(
                "--as-of {} is after today ({today}): that would remove records before their \
                 period has run out; look ahead with --dry-run",
                self.as_of
            );
        }
        let config =
            Config::from_env_and_args(&env, &self.config_args).map_err(anyhow::Error::msg)?;
        let (audit, _) = AuditKeys::for_database(&config.audit_key, &config.database_url)?;
        let store = Store::open_with(&config.database_url, audit).await?;
        let preview = retention::preview(&store, self.as_of, self.as_of).await?;
        let report = if self.dry_run {
            None
        } else {
            Some(retention::run(&store, self.as_of, StartedBy::Command).await?)
        };
        store.close().await;
        Ok(describe(&preview, report.as_ref()))
    }
}

fn period(amount: u32, unit: Unit) -> String {
    let word = match (unit, amount == 1) {
        (Unit::Days, true) => "day",
        (Unit::Days, false) => "days",
        (Unit::Months, true) => "month",
        (Unit::Months, false) => "months",
        (Unit::Years, true) => "year",
        (Unit::Years, false) => "years",
    };
    format!("{amount} {word}")
}

/// The preview as the operator reads it, and what the run removed.
pub fn describe(preview: &Preview, report: Option<&RunReport>) -> String {
    let mut out = String::new();
    let mode = if report.is_some() {
        "removing what is due"
    } else {
        "dry run: nothing is removed"
    };
    writeln!(out, "Retention as of {} ({mode})", preview.as_of).ok();
    for category in &preview.categories {
        let rule = &category.rule;
        writeln!(
            out,
            "{}: {}, decision: {}",
            rule.category.code(),
            period(rule.amount, rule.category.unit()),
            rule.decision
        )
        .ok();
        let named = |held: bool| -> Vec<String> {
            category
                .items
                .iter()
                .filter(|i| i.held == held)
                .map(|i| match i.assignment_id {
                    Some(id) => format!("{} (assignment {id}, due {})", i.reference, i.due),
                    None => format!("{} (due {})", i.reference, i.due),
                })
                .collect()
        };
        let due = named(false);
        if due.is_empty() {
            writeln!(out, "  due: {}", category.count).ok();
        } else {
            writeln!(out, "  due: {}: {}", category.count, due.join(", ")).ok();
        }
        let held = named(true);
        if !held.is_empty() {
            writeln!(out, "  held: {}: {}", held.len(), held.join(", ")).ok();
        }
    }
    if let Some(report) = report {
        let removed: Vec<String> = report
            .removed
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| format!("{} {n}", c.code()))
            .collect();
        if removed.is_empty() {
            writeln!(out, "Removed nothing.").ok();
        } else {
            writeln!(
                out,
                "Removed {} ({} in all).",
                removed.join(", "),
                report.total()
            )
            .ok();
        }
        if let Some(space) = &report.space {
            writeln!(out, "Space: {space}.").ok();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::retention::report::{PreviewCategory, PreviewItem};
    use kp_domain::retention::{Category, RuleSet};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_needs_a_date_and_takes_a_dry_run_and_a_database() {
        assert_eq!(parse(&args(&["--port", "8080"])), Ok(None));
        let command = parse(&args(&[
            "retention",
            "--as-of",
            "2028-02-29",
            "--dry-run",
            "--database-url",
            "sqlite://x.db",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(command.as_of, "2028-02-29".parse::<NaiveDate>().unwrap());
        assert!(command.dry_run);
        assert_eq!(command.config_args, ["--database-url", "sqlite://x.db"]);
        assert!(parse(&args(&["retention"]))
            .unwrap_err()
            .contains("--as-of"));
        assert!(parse(&args(&["retention", "--as-of", "2026-02-30"]))
            .unwrap_err()
            .contains("not a date"));
        assert!(
            parse(&args(&["retention", "--as-of", "2026-01-01", "--force"]))
                .unwrap_err()
                .contains("unknown argument --force")
        );
    }

    #[test]
    fn the_operator_reads_counts_references_and_what_was_removed() {
        let rules = RuleSet::defaults();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let categories = rules
            .rules()
            .iter()
            .map(|rule| PreviewCategory {
                rule: rule.clone(),
                count: match rule.category {
                    Category::Applications => 1,
                    Category::Sessions => 4,
                    _ => 0,
                },
                items: if rule.category == Category::Applications {
                    vec![
                        PreviewItem {
                            reference: "KP-2024-0001".into(),
                            assignment_id: None,
                            due: day("2026-03-15"),
                            held: false,
                        },
                        PreviewItem {
                            reference: "KP-2024-0002".into(),
                            assignment_id: None,
                            due: day("2026-03-20"),
                            held: true,
                        },
                    ]
                } else {
                    Vec::new()
                },
            })
            .collect();
        let preview = Preview {
            as_of: day("2026-04-01"),
            until: day("2026-04-01"),
            categories,
        };
        let text = describe(&preview, None);
        assert!(text.starts_with("Retention as of 2026-04-01 (dry run: nothing is removed)\n"));
        assert!(text.contains("applications: 24 months, decision: Integritetspolicyn"));
        assert!(text.contains("  due: 1: KP-2024-0001 (due 2026-03-15)\n"));
        assert!(text.contains("  held: 1: KP-2024-0002 (due 2026-03-20)\n"));
        assert!(text.contains("sessions: 90 days"));
        assert!(text.contains("  due: 4\n"));
        assert!(text.contains("access_log: 5 years"));
        let report = RunReport {
            removed: vec![(Category::Applications, 1), (Category::Sessions, 4)],
            space: Some("write-ahead log checkpointed and truncated".into()),
        };
        let text = describe(&preview, Some(&report));
        assert!(text.contains("(removing what is due)"));
        assert!(text.contains("Removed applications 1, sessions 4 (5 in all).\n"));
        assert!(text.contains("Space: write-ahead log checkpointed and truncated.\n"));
    }
}
