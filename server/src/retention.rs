//! Retention (gallring): what falls due under the rules, shown ahead (the preview) and removed
//! (the daily job and `kp-server retention`). Which category a record is in and the day it falls
//! due are the domain's (`kp_domain::retention`); the store finds the records, and removes each
//! one in a transaction of its own after checking it again.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::retention::report::{Preview, PreviewCategory, PreviewItem, StartedBy};
use kp_domain::retention::{
    applicant_due, assignment_due, standing, Category, RetentionRule, RuleSet, Standing,
};
use kp_domain::time::start_of_day_in_sweden;

use crate::store::{PruneBound, Store};

/// The order a run removes in: assignments before the contact persons they name.
const RUN_ORDER: [Category; 7] = [
    Category::EndedAssignments,
    Category::Applications,
    Category::ContactPersons,
    Category::Sessions,
    Category::SignInThrottles,
    Category::SentMails,
    Category::AccessLog,
];

/// Who the access log names for what gallring removes.
pub const REMOVER: &str = "Gallring (automatisk)";

/// The rules in force.
pub async fn rule_set(store: &Store) -> Result<RuleSet, sqlx::Error> {
    Ok(RuleSet::from_stored(store.retention_rules().await?))
}

/// One record the plan found due (or held) by its last day.
#[derive(Debug, Clone)]
struct Planned {
    /// The applicant's or the assignment's row id.
    id: i64,
    item: PreviewItem,
}

/// One category's share of the plan.
#[derive(Debug, Clone)]
struct PlannedCategory {
    rule: RetentionRule,
    /// People's records, one by one (empty for the counted categories).
    records: Vec<Planned>,
    /// How many will go (held ones not counted).
    count: i64,
    /// The instant before which a counted category's records are due.
    before: DateTime<Utc>,
}

/// The instant the Swedish day after `day` begins: what dates from before it dates from `day`
/// or earlier.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    start_of_day_in_sweden(day.succ_opt().unwrap_or(day))
}

/// Everything due, or held, by `until`, per category in [`Category::ALL`]'s order.
async fn plan(
    store: &Store,
    rules: &RuleSet,
    until: NaiveDate,
) -> Result<Vec<PlannedCategory>, sqlx::Error> {
    let latest = |category| rules.period(category).latest_start_due(until);
    let mut planned: Vec<PlannedCategory> = Category::ALL
        .into_iter()
        .map(|category| PlannedCategory {
            rule: rules.rule(category).clone(),
            records: Vec::new(),
            count: 0,
            before: end_of(latest(category)),
        })
        .collect();
    let mut add = |category: Category, id: i64, item: PreviewItem| {
        let entry = planned
            .iter_mut()
            .find(|p| p.rule.category == category)
            .expect("every category is planned");
        entry.count += i64::from(!item.held);
        entry.records.push(Planned { id, item });
    };
    for ended in store
        .ended_assignments(latest(Category::EndedAssignments))
        .await?
    {
        let due = assignment_due(rules, ended.last_day);
        if standing(due, ended.held, until) != Standing::NotYet {
            let item = PreviewItem {
                reference: ended.need_reference,
                assignment_id: Some(ended.id),
                due,
                held: ended.held,
            };
            add(Category::EndedAssignments, ended.id, item);
        }
    }
    // Nobody received after both people's periods' latest start can be due: their last activity
    // is no earlier than their arrival.
    let received_by = latest(Category::Applications).max(latest(Category::ContactPersons));
    for candidate in store.retention_candidates(end_of(received_by)).await? {
        let Some((category, due)) = applicant_due(rules, &candidate.facts) else {
            continue;
        };
        if standing(due, candidate.held, until) != Standing::NotYet {
            let item = PreviewItem {
                reference: candidate.reference,
                assignment_id: None,
                due,
                held: candidate.held,
            };
            add(category, candidate.id, item);
        }
    }
    for entry in &mut planned {
        entry
            .records
            .sort_by(|a, b| (a.item.due, &a.item.reference).cmp(&(b.item.due, &b.item.reference)));
        match entry.rule.category {
            Category::Sessions
            | Category::SignInThrottles
            | Category::SentMails
            | Category::AccessLog => {
                entry.count = store.count_old(entry.rule.category, entry.before).await?;
            }
            Category::Applications | Category::ContactPersons | Category::EndedAssignments => {}
        }
    }
    Ok(planned)
}

/// What will be removed from `as_of` to `until` (inclusive) under the rules in force.
pub async fn preview(
    store: &Store,
    as_of: NaiveDate,
    until: NaiveDate,
) -> Result<Preview, sqlx::Error> {
    let rules = rule_set(store).await?;
    let categories = plan(store, &rules, until)
        .await?
        .into_iter()
        .map(|p| PreviewCategory {
            rule: p.rule,
            count: p.count,
            items: p.records.into_iter().map(|r| r.item).collect(),
        })
        .collect();
    Ok(Preview {
        as_of,
        until,
        categories,
    })
}

/// What a run removed, per category (in the order it ran), and what became of the freed space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// Each category and how many of its records went.
    pub removed: Vec<(Category, u64)>,
    /// What was done to make the freed space go, when anything was removed.
    pub space: Option<String>,
}

impl RunReport {
    /// How many records went in all.
    pub fn total(&self) -> u64 {
        self.removed.iter().map(|(_, n)| n).sum()
    }
}

/// Removes what is due on `as_of`: each applicant and assignment in a transaction of its own,
/// the counted categories in one each, and writes a gallring record per category that lost
/// anything. Then makes the freed space go.
pub async fn run(
    store: &Store,
    as_of: NaiveDate,
    started_by: StartedBy,
) -> Result<RunReport, sqlx::Error> {
    let rules = rule_set(store).await?;
    let planned = plan(store, &rules, as_of).await?;
    let mut removed = Vec::new();
    for category in RUN_ORDER {
        let entry = planned
            .iter()
            .find(|p| p.rule.category == category)
            .expect("every category is planned");
        let gone = remove(store, &rules, entry, as_of, started_by).await?;
        removed.push((category, gone));
    }
    let report = RunReport {
        removed,
        space: None,
    };
    if report.total() == 0 {
        return Ok(report);
    }
    Ok(RunReport {
        space: Some(store.reclaim_space().await?),
        ..report
    })
}

/// Removes one category's due records under one gallring record; how many went.
async fn remove(
    store: &Store,
    rules: &RuleSet,
    entry: &PlannedCategory,
    as_of: NaiveDate,
    started_by: StartedBy,
) -> Result<u64, sqlx::Error> {
    let category = entry.rule.category;
    if entry.count == 0 {
        return Ok(0);
    }
    if category == Category::AccessLog {
        return prune_access_log(store, entry, as_of, started_by).await;
    }
    let record = store
        .begin_gallring_record(&entry.rule, as_of, started_by, 0)
        .await?;
    let mut gone = 0;
    match category {
        Category::Sessions | Category::SignInThrottles | Category::SentMails => {
            gone = store.remove_old(category, entry.before, record).await?;
        }
        _ => {
            for planned in entry.records.iter().filter(|r| !r.item.held) {
                let removed = if category == Category::EndedAssignments {
                    store
                        .remove_assignment(planned.id, rules, as_of, record)
                        .await?
                } else {
                    store
                        .remove_applicant(planned.id, category, rules, as_of, record)
                        .await?
                };
                gone += u64::from(removed);
            }
        }
    }
    if gone == 0 {
        store.discard_empty_gallring_record(record).await?;
    }
    Ok(gone)
}

/// The access log's step: its oldest entries go through the store's checkpointed prune, which
/// keeps the chain verifiable from the last entry removed and logs the pruning itself
/// (`auth:access_log_pruned`). Its gallring record is written after, with the count.
async fn prune_access_log(
    store: &Store,
    entry: &PlannedCategory,
    as_of: NaiveDate,
    started_by: StartedBy,
) -> Result<u64, sqlx::Error> {
    let pruned = store
        .prune_access_log(PruneBound::Before(entry.before), 0, REMOVER, "server")
        .await?;
    if pruned.removed > 0 {
        let removed = i64::try_from(pruned.removed).unwrap_or(i64::MAX);
        store
            .begin_gallring_record(&entry.rule, as_of, started_by, removed)
            .await?;
    }
    Ok(pruned.removed)
}
