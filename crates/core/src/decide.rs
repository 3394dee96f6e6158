//! [`decide`]: given the previous state of a resource and a new assessment of it, what changed,
//! what to store, and what to tell Security Hub and the owner. Pure: the shells carry it out.

use crate::accept::{self, AcceptSource, Acceptance};
use crate::asff::RecordState;
use crate::delivery::{AlertIntent, FindingIntent};
use crate::evaluate::{Assessment, RuleOutcome};
use crate::fact::Fact;
use crate::fix::FixInputs;
use crate::json::FieldWarning;
use crate::message::AlertKind;
use crate::observation::{Observation, ObservedState};
use crate::outbox::Workflow;
use crate::rules::by_id;
use crate::settings::Settings;
use crate::standards::is_fsbp;
use crate::state::{HistoryEntry, Outbox, ResourceState, RuleState};
use crate::verdict::Verdict;
use crate::vocabulary::Status;
use crate::vocabulary::{RuleMeta, Severity};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a rule's status moved, as the CLI contract names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transition {
    /// First verdict for this rule and resource, or a change that is not a fix
    /// (e.g. PASSED → FAILED).
    New,
    /// Same status as before.
    Unchanged,
    /// Was FAILED (or SUPPRESSED), now PASSED or NOT_APPLICABLE.
    Resolved,
}

/// A rule that reached a verdict, and how it moved.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleChange {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The new status.
    pub status: Status,
    /// The status before, if any.
    pub previous: Option<Status>,
    /// The severity for this resource.
    pub severity: Severity,
    /// How it moved.
    pub transition: Transition,
    /// Why.
    pub reason: String,
    /// The accepted risk that holds it (status `SUPPRESSED`).
    pub accepted: Option<Acceptance>,
}

/// A rule that could not reach a verdict, and which inputs it lacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undetermined {
    /// The rule's id.
    pub rule: &'static str,
    /// The unknown inputs.
    pub missing: Vec<String>,
}

/// The new state and its consequences.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The state to store (its outbox holds the deliveries to make).
    pub state: ResourceState,
    /// Every rule that reached a verdict.
    pub changes: Vec<RuleChange>,
    /// Every rule that did not.
    pub undetermined: Vec<Undetermined>,
    /// Evidence entries to append.
    pub history: Vec<HistoryEntry>,
    /// Accepted-risk tags that were refused (no reason, not a date, an unknown id), with why.
    pub warnings: Vec<FieldWarning>,
}

/// What to do with an observation.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Store the new state and deliver its outbox.
    Apply(Box<Applied>),
    /// The stored state is newer, or this exact event was already applied: change nothing
    /// (but deliver anything a failed earlier attempt left in the stored outbox).
    Stale {
        /// Why nothing changes.
        reason: String,
        /// What the stored state holds per rule (what was decided before), which the report
        /// shows instead of this observation's raw verdicts: e.g. `SUPPRESSED` with its
        /// accepted risk, not `FAILED`.
        held: BTreeMap<String, RuleState>,
    },
}

/// Decides what an assessed observation changes, given the stored state of the resource, with
/// the accepted risks its tags carry and none stored ([`decide_accepting`]).
pub fn decide(
    previous: Option<&ResourceState>,
    observation: &Observation,
    assessment: &Assessment,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Decision {
    decide_accepting(previous, observation, assessment, &[], settings, now)
}

/// Decides what an assessed observation changes, given the stored state of the resource and the
/// accepted risks stored for it (`vigil accept`); the resource's `vigil:accept:` tags are read
/// here too ([`crate::accept`]). A FAILED verdict an acceptance covers at the observation's
/// capture time is SUPPRESSED: its finding is imported with the workflow `SUPPRESSED` and no
/// alert is sent; when the acceptance has ended or is gone, it is FAILED again with one alert.
pub fn decide_accepting(
    previous: Option<&ResourceState>,
    observation: &Observation,
    assessment: &Assessment,
    stored: &[Acceptance],
    settings: &Settings,
    now: DateTime<Utc>,
) -> Decision {
    if let Some(prev) = previous {
        if prev.captured_at > observation.captured_at {
            return Decision::Stale {
                reason: format!(
                    "stored state was captured at {}, after this observation ({})",
                    prev.captured_at.to_rfc3339(),
                    observation.captured_at.to_rfc3339()
                ),
                held: prev.rules.clone(),
            };
        }
        if prev.captured_at == observation.captured_at
            && prev.event_id == observation.origin.event_id
        {
            return Decision::Stale {
                reason: format!("event {} was already applied", observation.origin.event_id),
                held: prev.rules.clone(),
            };
        }
    }
    let mut pending = previous.map(|p| p.outbox.clone()).unwrap_or_default();
    let applied = match assessment {
        Assessment::Present(outcomes) => {
            present(previous, observation, outcomes, stored, settings, now)
        }
        Assessment::Deleted => deleted(previous, observation, settings, now),
    };
    let (mut applied, fresh) = applied;
    // Older deliveries first; the outbox keeps one finding per rule, so it stays bounded however
    // long delivery fails.
    pending.append(fresh);
    applied.state.outbox = pending;
    Decision::Apply(Box::new(applied))
}

fn new_state(observation: &Observation, deleted: bool, now: DateTime<Utc>) -> ResourceState {
    ResourceState {
        resource: observation.resource.clone(),
        captured_at: observation.captured_at,
        event_id: observation.origin.event_id.clone(),
        source: observation.origin.kind,
        deleted,
        rules: BTreeMap::new(),
        updated_at: now,
        outbox: Outbox::default(),
    }
}

fn history(
    observation: &Observation,
    rule: &str,
    from: Option<Status>,
    to: Option<Status>,
    severity: Severity,
    reason: &str,
    now: DateTime<Utc>,
) -> HistoryEntry {
    HistoryEntry {
        resource: observation.resource.clone(),
        rule: rule.to_string(),
        from,
        to,
        severity,
        reason: reason.to_string(),
        captured_at: observation.captured_at,
        recorded_at: now,
        source: observation.origin.kind,
        event_id: observation.origin.event_id.clone(),
        what: observation.origin.what.clone(),
        actor: observation.origin.actor.clone(),
        accepted: None,
    }
}

fn transition(previous: Option<Status>, now: Status) -> Transition {
    match (previous, now) {
        (Some(p), n) if p == n => Transition::Unchanged,
        (Some(Status::Failed | Status::Suppressed), Status::Passed | Status::NotApplicable) => {
            Transition::Resolved
        }
        _ => Transition::New,
    }
}

fn present(
    previous: Option<&ResourceState>,
    observation: &Observation,
    outcomes: &[RuleOutcome],
    stored: &[Acceptance],
    settings: &Settings,
    now: DateTime<Utc>,
) -> (Applied, Outbox) {
    // A deleted resource that reappears (same ARN, re-created) starts afresh.
    let prev_rules = previous
        .filter(|p| !p.deleted)
        .map(|p| p.rules.clone())
        .unwrap_or_default();
    let mut state = new_state(observation, false, now);
    // Rules without a verdict this time keep what was known: unknown never erases knowledge.
    state.rules = prev_rules.clone();
    let mut applied = Applied {
        state,
        changes: Vec::new(),
        undetermined: Vec::new(),
        history: Vec::new(),
        warnings: Vec::new(),
    };
    let mut outbox = Outbox::default();
    let fix_inputs = match &observation.state {
        ObservedState::Present(resource) => FixInputs::of(resource),
        _ => FixInputs::none(),
    };
    // The acceptances the tags carry; `None` when this observation does not know the tags (a
    // CloudTrail call that names the resource), and then a tag's acceptance stored with the
    // rule is kept: unknown never erases knowledge.
    let tagged = match &observation.state {
        ObservedState::Present(resource) => match resource.tags() {
            Fact::Known(tags) => {
                let who = observation.origin.actor.as_ref().map(|a| a.who());
                let (accepted, warnings) = accept::from_tags(
                    &observation.resource.arn,
                    tags,
                    observation.captured_at,
                    who.as_deref(),
                );
                applied.warnings = warnings;
                Some(accepted)
            }
            Fact::Unknown => None,
        },
        _ => None,
    };
    for outcome in outcomes {
        let id = outcome.rule.id;
        let Some(status) = outcome.verdict.status() else {
            if let Verdict::Undetermined { missing } = &outcome.verdict {
                applied.undetermined.push(Undetermined {
                    rule: id,
                    missing: missing.clone(),
                });
            }
            continue;
        };
        let prev = prev_rules.get(id);
        let prev_status = prev.map(|p| p.status);
        let prev_accepted = prev.and_then(|p| p.accepted.as_ref());
        let held = (status == Status::Failed)
            .then(|| holding(id, observation, tagged.as_deref(), stored, prev_accepted))
            .flatten();
        let status = if held.is_some() {
            Status::Suppressed
        } else {
            status
        };
        let moved = transition(prev_status, status);
        // Still suppressed, but on other terms (a new end date, another reason): recorded, and
        // the finding's note updated; still no alert.
        let renewed = moved == Transition::Unchanged
            && match (&held, prev_accepted) {
                (Some(now), Some(before)) => !now.same_terms(before),
                _ => false,
            };
        let reason = outcome.verdict.reason();
        let mut rule_state = RuleState {
            status,
            severity: outcome.severity,
            since: match (moved, prev) {
                (Transition::Unchanged, Some(p)) => p.since,
                _ => observation.captured_at,
            },
            first_seen: prev.map_or(observation.captured_at, |p| p.first_seen),
            reason: reason.clone(),
            accepted: held.clone(),
            in_hub: prev.is_some_and(|p| p.in_hub),
        };
        if moved != Transition::Unchanged || renewed {
            let mut entry = history(
                observation,
                id,
                prev_status,
                Some(status),
                outcome.severity,
                &reason,
                now,
            );
            entry.accepted = held.clone();
            applied.history.push(entry);
            let publish = match status {
                Status::Failed | Status::Suppressed => Some(RecordState::Active),
                Status::Passed if moved == Transition::Resolved || settings.publish_passed => {
                    Some(RecordState::Active)
                }
                Status::NotApplicable if moved == Transition::Resolved => {
                    Some(RecordState::Archived)
                }
                _ => None,
            };
            // Security Hub evaluates the control itself (its FSBP standard is enabled): no second
            // finding; the alert below still goes out.
            if let Some(record_state) = publish.filter(|_| !hub_evaluates(id, settings)) {
                rule_state.in_hub = record_state == RecordState::Active;
                outbox.push_finding(FindingIntent {
                    rule: id.to_string(),
                    status,
                    severity: outcome.severity,
                    reason: reason.clone(),
                    first_seen: rule_state.first_seen,
                    record_state,
                    decided_at: now,
                    provenance: observation.provenance(),
                    fix_inputs: fix_inputs.clone(),
                    workflow: workflow(status, prev_accepted, held.as_ref(), observation),
                });
            }
            let alert_severity =
                prev.map_or(outcome.severity, |p| p.severity.max(outcome.severity));
            // Account activity (root use, a sign-in without MFA) is informational as a finding,
            // but the alert is its point: it is sent whatever the threshold.
            // Vigil's own prerequisites likewise: an alert that Vigil is blind or mute is sent
            // whatever the threshold.
            let t = observation.resource.resource_type.as_str();
            let activity = t == crate::resources::activity::ACTIVITY_TYPE
                || t == crate::resources::deployment::DEPLOYMENT_TYPE;
            if activity || alert_severity >= settings.alert_min_severity {
                // A suppressed finding is silent, and so is its resolution: the owner was not
                // told of a failure they had accepted. Its end is one failing alert.
                let kind = if status == Status::Failed {
                    Some((AlertKind::Failing, outcome.severity))
                } else if moved == Transition::Resolved && prev_status == Some(Status::Failed) {
                    Some((AlertKind::Resolved, alert_severity))
                } else {
                    None
                };
                if let Some((kind, severity)) = kind {
                    outbox.push_alert(AlertIntent {
                        kind,
                        rules: vec![id.to_string()],
                        severity,
                        reason: reason.clone(),
                        provenance: observation.provenance(),
                        fix_inputs: fix_inputs.clone(),
                        no_longer_applies: kind == AlertKind::Resolved
                            && status == Status::NotApplicable,
                    });
                }
            }
        }
        applied.changes.push(RuleChange {
            rule: outcome.rule,
            status,
            previous: prev_status,
            severity: outcome.severity,
            transition: moved,
            reason,
            accepted: held,
        });
        applied.state.rules.insert(id.to_string(), rule_state);
    }
    retire(&mut applied, &mut outbox, observation, settings, now);
    (applied, outbox)
}

/// Rules the stored state knows and this version of Vigil no longer has: each leaves the state
/// with an evidence entry, and its finding (if one was imported) is archived. No alert: the
/// owner changed nothing.
fn retire(
    applied: &mut Applied,
    outbox: &mut Outbox,
    observation: &Observation,
    settings: &Settings,
    now: DateTime<Utc>,
) {
    let retired: Vec<String> = applied
        .state
        .rules
        .keys()
        .filter(|id| by_id(id).is_none())
        .cloned()
        .collect();
    for id in retired {
        let Some(rule_state) = applied.state.rules.remove(&id) else {
            continue;
        };
        let reason = "this version of Vigil no longer has the rule; its finding is archived";
        applied.history.push(history(
            observation,
            &id,
            Some(rule_state.status),
            None,
            rule_state.severity,
            reason,
            now,
        ));
        if was_imported(&id, &rule_state, settings) {
            outbox.push_finding(archived(observation, &id, &rule_state, reason, now));
        }
    }
}

/// Whether a stored verdict's finding is in Security Hub (failures always; a resolved pass, as
/// `RuleState::in_hub` records; passes when `publish_passed`; never for a control Security Hub
/// evaluates itself), so that archiving it means something.
fn was_imported(rule: &str, rule_state: &RuleState, settings: &Settings) -> bool {
    !hub_evaluates(rule, settings)
        && (rule_state.status.is_failing()
            || rule_state.in_hub
            || (rule_state.status == Status::Passed && settings.publish_passed))
}

/// Whether Security Hub evaluates this rule's control itself: its FSBP standard is enabled
/// (`Settings::security_hub_fsbp_enabled`) and the rule implements a control that is in FSBP
/// (per [`crate::standards`]). Vigil then imports no finding of its own for the rule, so
/// Security Hub shows one finding per control; the alert is still sent.
pub fn hub_evaluates(rule: &str, settings: &Settings) -> bool {
    settings.security_hub_fsbp_enabled
        && by_id(rule).is_some_and(|r| r.meta().controls.iter().any(|c| is_fsbp(c)))
}

/// The intent that archives a stored verdict's finding.
fn archived(
    observation: &Observation,
    rule: &str,
    rule_state: &RuleState,
    reason: &str,
    now: DateTime<Utc>,
) -> FindingIntent {
    FindingIntent {
        rule: rule.to_string(),
        status: rule_state.status,
        severity: rule_state.severity,
        reason: reason.to_string(),
        first_seen: rule_state.first_seen,
        record_state: RecordState::Archived,
        decided_at: now,
        provenance: observation.provenance(),
        fix_inputs: FixInputs::none(),
        workflow: None,
    }
}

/// The acceptance that holds `rule`'s failure at the observation's capture time: from the tags
/// (`tagged`; when the observation does not know the tags, the tag acceptance the rule had), or
/// stored. The one that was holding keeps who accepted it and when, if its terms are unchanged.
fn holding(
    rule: &str,
    observation: &Observation,
    tagged: Option<&[Acceptance]>,
    stored: &[Acceptance],
    previous: Option<&Acceptance>,
) -> Option<Acceptance> {
    let carried = match tagged {
        Some(_) => None,
        None => previous.filter(|a| a.source == AcceptSource::Tag),
    };
    let candidates = tagged
        .unwrap_or_default()
        .iter()
        .chain(
            stored
                .iter()
                .filter(|a| a.resource == observation.resource.arn),
        )
        .chain(carried);
    let found = accept::covering(candidates, rule, observation.captured_at)?;
    Some(match previous {
        Some(p) if p.same_terms(found) => p.clone(),
        _ => found.clone(),
    })
}

/// The workflow a finding's import must be followed by: `SUPPRESSED` while an acceptance holds,
/// `NEW` when a suppressed finding fails again, `RESOLVED` when a suppressed finding passes.
fn workflow(
    status: Status,
    before: Option<&Acceptance>,
    held: Option<&Acceptance>,
    observation: &Observation,
) -> Option<Workflow> {
    match (status, held, before) {
        (Status::Suppressed, Some(accepted), _) => Some(Workflow::Suppressed {
            accepted: accepted.clone(),
        }),
        (Status::Failed, None, Some(before)) => Some(Workflow::New {
            note: if before.holds_at(observation.captured_at) {
                format!("The accepted risk ({}) was withdrawn.", before.accepts)
            } else {
                format!(
                    "The accepted risk ({}) ended on {}.",
                    before.accepts, before.until
                )
            },
        }),
        (Status::Passed, _, Some(before)) => Some(Workflow::Resolved {
            note: format!(
                "Fixed while its risk was accepted ({}): the acceptance no longer applies.",
                before.accepts
            ),
        }),
        _ => None,
    }
}

fn deleted(
    previous: Option<&ResourceState>,
    observation: &Observation,
    settings: &Settings,
    now: DateTime<Utc>,
) -> (Applied, Outbox) {
    let mut applied = Applied {
        state: new_state(observation, true, now),
        changes: Vec::new(),
        undetermined: Vec::new(),
        history: Vec::new(),
        warnings: Vec::new(),
    };
    let mut outbox = Outbox::default();
    // Deleting a trail or a detector is alerted even when nothing failed on it, or when Vigil
    // had not seen it yet (`kinds::watched`).
    let watched =
        crate::kinds::watched::deletion_loss(observation.resource.resource_type.as_str()).is_some();
    let Some(prev) = previous.filter(|p| !p.deleted) else {
        // Already recorded deleted: a later call or item about the same deletion (e.g. a
        // describe that finds the trail gone) changes nothing and is not alerted again.
        if watched && previous.is_none() {
            outbox.push_alert(AlertIntent {
                kind: AlertKind::Deleted,
                rules: Vec::new(),
                severity: Severity::High,
                reason: String::new(),
                provenance: observation.provenance(),
                fix_inputs: FixInputs::none(),
                no_longer_applies: false,
            });
        }
        return (applied, outbox);
    };
    let mut closed: Vec<&'static RuleMeta> = Vec::new();
    for (id, rule_state) in &prev.rules {
        applied.history.push(history(
            observation,
            id,
            Some(rule_state.status),
            None,
            rule_state.severity,
            "the resource was deleted; its finding is archived",
            now,
        ));
        if was_imported(id, rule_state, settings) {
            outbox.push_finding(archived(
                observation,
                id,
                rule_state,
                "the resource was deleted",
                now,
            ));
        }
        // A rule this version no longer has is archived silently, like any retired rule.
        let rule = by_id(id).map(|r| r.meta());
        if let (Status::Failed, Some(rule)) = (rule_state.status, rule) {
            closed.push(rule);
        }
    }
    if !closed.is_empty() || watched {
        outbox.push_alert(AlertIntent {
            kind: AlertKind::Deleted,
            rules: closed.iter().map(|r| r.id.to_string()).collect(),
            severity: closed
                .iter()
                .map(|r| r.severity)
                .max()
                .unwrap_or(if watched {
                    Severity::High
                } else {
                    Severity::Informational
                }),
            reason: String::new(),
            provenance: observation.provenance(),
            fix_inputs: FixInputs::none(),
            no_longer_applies: false,
        });
    }
    (applied, outbox)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::assess;
    use crate::sources::{parse_event, Parsed};
    use serde_json::{json, Value};

    fn config_event(id: &str, captured: &str, configuration: Value, status: &str) -> Observation {
        let v = json!({
            "version": "0", "id": id, "detail-type": "Config Configuration Item Change",
            "source": "aws.config", "account": "123456789012", "time": captured, "region": "eu-west-2",
            "resources": [],
            "detail": {"messageType": "ConfigurationItemChangeNotification", "configurationItem": {
                "configurationItemCaptureTime": captured, "configurationItemStatus": status,
                "awsAccountId": "123456789012", "awsRegion": "eu-west-2",
                "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-ABC", "resourceName": "orders-db",
                "ARN": "arn:aws:rds:eu-west-2:123456789012:db:orders-db", "configuration": configuration }}
        });
        match parse_event(&v).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn db(public: bool, encrypted: bool, retention: i64) -> Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres", "publiclyAccessible": public,
               "storageEncrypted": encrypted, "backupRetentionPeriod": retention, "deletionProtection": true})
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn run(prev: Option<&ResourceState>, obs: &Observation) -> Decision {
        let settings = Settings::default();
        let assessment = assess(obs, &settings, &crate::lookups::Lookups::none()).unwrap();
        decide(prev, obs, &assessment, &settings, now())
    }

    /// How many rules reach a verdict (not undetermined) on the observation.
    fn determined(obs: &Observation) -> usize {
        match assess(obs, &Settings::default(), &crate::lookups::Lookups::none()) {
            Some(crate::evaluate::Assessment::Present(outcomes)) => outcomes
                .iter()
                .filter(|o| !matches!(o.verdict, crate::verdict::Verdict::Undetermined { .. }))
                .count(),
            other => panic!("{other:?}"),
        }
    }

    fn applied(d: Decision) -> Applied {
        match d {
            Decision::Apply(a) => *a,
            Decision::Stale { reason, .. } => panic!("stale: {reason}"),
        }
    }

    fn change<'a>(a: &'a Applied, rule: &str) -> &'a RuleChange {
        a.changes.iter().find(|c| c.rule.id == rule).unwrap()
    }

    #[test]
    fn first_sight_of_a_failing_resource_alerts_once_per_failing_rule() {
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let a = applied(run(None, &obs));
        assert_eq!(
            change(&a, "rds-instance-public-access").transition,
            Transition::New
        );
        assert_eq!(
            a.state.outbox.alerts.len(),
            2,
            "public access and encryption"
        );
        assert_eq!(
            a.state.outbox.findings.len(),
            2,
            "only failing findings are imported"
        );
        assert_eq!(
            a.history.len(),
            determined(&obs),
            "every first verdict is evidence"
        );
    }

    #[test]
    fn the_same_event_again_changes_nothing() {
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let a = applied(run(None, &obs));
        assert!(matches!(run(Some(&a.state), &obs), Decision::Stale { .. }));
    }

    #[test]
    fn an_older_event_arriving_late_changes_nothing() {
        let newer = config_event("e2", "2026-11-23T09:05:00Z", db(false, true, 7), "OK");
        let older = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let a = applied(run(None, &newer));
        assert!(matches!(
            run(Some(&a.state), &older),
            Decision::Stale { .. }
        ));
    }

    #[test]
    fn a_repeat_of_a_failure_is_unchanged_and_silent() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let a = applied(run(None, &first));
        let mut stored = a.state.clone();
        stored.outbox = Outbox::default();
        let second = config_event("e2", "2026-11-23T09:10:00Z", db(true, true, 7), "OK");
        let b = applied(run(Some(&stored), &second));
        assert_eq!(
            change(&b, "rds-instance-public-access").transition,
            Transition::Unchanged
        );
        assert!(b.state.outbox.is_empty());
        assert!(b.history.is_empty());
        assert_eq!(
            b.state.rules["rds-instance-public-access"].since,
            first.captured_at
        );
    }

    #[test]
    fn a_fix_resolves_with_one_alert_and_a_passed_finding() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let mut stored = applied(run(None, &first)).state;
        stored.outbox = Outbox::default();
        let fixed = config_event("e2", "2026-11-23T09:10:00Z", db(false, true, 7), "OK");
        let b = applied(run(Some(&stored), &fixed));
        assert_eq!(
            change(&b, "rds-instance-public-access").transition,
            Transition::Resolved
        );
        assert_eq!(b.state.outbox.alerts.len(), 1);
        let rendered = crate::delivery::render(&b.state);
        assert!(rendered.alerts[0].subject.starts_with("[RESOLVED]"));
        assert_eq!(rendered.findings[0].compliance.status, "PASSED");
    }

    #[test]
    fn undetermined_rules_keep_their_stored_status() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let mut stored = applied(run(None, &first)).state;
        stored.outbox = Outbox::default();
        let partial = config_event(
            "e2",
            "2026-11-23T09:10:00Z",
            json!({"storageEncrypted": true}),
            "OK",
        );
        let b = applied(run(Some(&stored), &partial));
        assert_eq!(
            b.state.rules["rds-instance-public-access"].status,
            Status::Failed
        );
        assert!(b
            .undetermined
            .iter()
            .any(|u| u.rule == "rds-instance-public-access"));
        assert!(b.state.outbox.is_empty());
    }

    #[test]
    fn deletion_archives_failing_findings_and_says_so_once() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let mut stored = applied(run(None, &first)).state;
        stored.outbox = Outbox::default();
        let gone = config_event("e2", "2026-11-23T09:10:00Z", Value::Null, "ResourceDeleted");
        let b = applied(run(Some(&stored), &gone));
        assert!(b.state.deleted && b.state.rules.is_empty());
        assert_eq!(b.state.outbox.findings.len(), 2);
        assert!(b
            .state
            .outbox
            .findings
            .iter()
            .all(|f| f.record_state == RecordState::Archived));
        let rendered = crate::delivery::render(&b.state);
        assert!(rendered
            .findings
            .iter()
            .all(|f| f.record_state == "ARCHIVED"));
        assert!(rendered.alerts[0].subject.starts_with("[DELETED]"));
        assert_eq!(b.state.outbox.alerts.len(), 1);
        assert_eq!(b.history.len(), determined(&first));
    }

    #[test]
    fn a_resolved_finding_imported_passed_is_archived_when_its_resource_is_deleted() {
        // Passes are not published by default, but a fix is: the finding is imported PASSED,
        // stays ACTIVE in Security Hub, and the delete must archive it too.
        assert!(!Settings::default().publish_passed);
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let mut stored = applied(run(None, &first)).state;
        stored.outbox = Outbox::default();
        let fixed = config_event("e2", "2026-11-23T09:10:00Z", db(false, true, 7), "OK");
        let mut stored = applied(run(Some(&stored), &fixed)).state;
        let public = &stored.rules["rds-instance-public-access"];
        assert_eq!(public.status, Status::Passed);
        assert!(public.in_hub, "the fix was imported PASSED");
        stored.outbox = Outbox::default();
        let gone = config_event("e3", "2026-11-23T09:20:00Z", Value::Null, "ResourceDeleted");
        let b = applied(run(Some(&stored), &gone));
        let archived: Vec<&str> = b
            .state
            .outbox
            .findings
            .iter()
            .filter(|f| f.record_state == RecordState::Archived)
            .map(|f| f.rule.as_str())
            .collect();
        assert!(
            archived.contains(&"rds-instance-public-access"),
            "{archived:?}"
        );
        // A rule that passed from the start was never imported: nothing to archive.
        let never = stored
            .rules
            .iter()
            .find(|(_, r)| r.status == Status::Passed && !r.in_hub)
            .map(|(id, _)| id.as_str())
            .expect("a rule that always passed");
        assert!(!archived.contains(&never), "{archived:?}");
    }

    #[test]
    fn undelivered_outbox_items_are_carried_forward() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let stored = applied(run(None, &first)).state; // outbox not delivered
        let fixed = config_event("e2", "2026-11-23T09:10:00Z", db(false, true, 7), "OK");
        let b = applied(run(Some(&stored), &fixed));
        assert_eq!(
            b.state.outbox.alerts.len(),
            2,
            "the undelivered failure alert, then the fix"
        );
    }

    #[test]
    fn alerts_below_the_threshold_are_not_sent() {
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(false, true, 0), "OK");
        let settings = Settings {
            alert_min_severity: Severity::High,
            ..Settings::default()
        };
        let a = match decide(
            None,
            &obs,
            &assess(&obs, &settings, &crate::lookups::Lookups::none()).unwrap(),
            &settings,
            now(),
        ) {
            Decision::Apply(a) => a,
            Decision::Stale { .. } => unreachable!(),
        };
        assert!(a.state.outbox.alerts.is_empty());
        assert_eq!(
            a.state.outbox.findings.len(),
            1,
            "the finding is still imported"
        );
    }

    fn run_with(prev: Option<&ResourceState>, obs: &Observation, settings: &Settings) -> Applied {
        let assessment = assess(obs, settings, &crate::lookups::Lookups::none()).unwrap();
        applied(decide(prev, obs, &assessment, settings, now()))
    }

    #[test]
    fn with_security_hubs_fsbp_enabled_fsbp_controls_alert_but_import_nothing() {
        let settings = Settings {
            security_hub_fsbp_enabled: true,
            ..Settings::default()
        };
        // Public (RDS.2, in FSBP) and unencrypted (RDS.3, in FSBP): both alert, neither is
        // imported; what is imported is a rule outside FSBP.
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let a = run_with(None, &obs, &settings);
        let alerted: Vec<&str> = a
            .state
            .outbox
            .alerts
            .iter()
            .map(|x| x.rules[0].as_str())
            .collect();
        assert!(
            alerted.contains(&"rds-instance-public-access"),
            "{alerted:?}"
        );
        assert!(
            alerted.contains(&"rds-instance-storage-encrypted"),
            "{alerted:?}"
        );
        for f in &a.state.outbox.findings {
            let rule = by_id(&f.rule).unwrap().meta();
            assert!(
                !rule.controls.iter().any(|c| is_fsbp(c)),
                "{} (controls {:?}) was imported",
                f.rule,
                rule.controls
            );
        }
        let default = run_with(None, &obs, &Settings::default());
        assert!(default
            .state
            .outbox
            .findings
            .iter()
            .any(|f| f.rule == "rds-instance-public-access"));
        assert_eq!(
            a.state.outbox.alerts.len(),
            default.state.outbox.alerts.len(),
            "the same alerts either way"
        );
        assert!(hub_evaluates("rds-instance-public-access", &settings));
        assert!(!hub_evaluates(
            "rds-instance-public-access",
            &Settings::default()
        ));
        // Deleting the resource archives nothing that was never imported.
        let mut stored = a.state;
        stored.outbox = Outbox::default();
        let gone = config_event("e2", "2026-11-23T09:10:00Z", Value::Null, "ResourceDeleted");
        let b = run_with(Some(&stored), &gone, &settings);
        assert!(b
            .state
            .outbox
            .findings
            .iter()
            .all(|f| !hub_evaluates(&f.rule, &settings)));
        assert_eq!(
            b.state.outbox.alerts.len(),
            1,
            "the deletion is still alerted"
        );
    }

    #[test]
    fn the_outbox_stays_bounded_while_delivery_keeps_failing() {
        // Fail, fix, fail again, ... forty times without ever delivering: the outbox keeps one
        // finding per rule and one alert per kind and rule.
        let mut stored: Option<ResourceState> = None;
        for i in 0..40 {
            let public = i % 2 == 0;
            let obs = config_event(
                &format!("e{i}"),
                &format!("2026-11-23T09:{i:02}:00Z"),
                db(public, true, 7),
                "OK",
            );
            stored = Some(applied(run(stored.as_ref(), &obs)).state);
        }
        let outbox = &stored.unwrap().outbox;
        assert_eq!(outbox.findings.len(), 1, "{outbox:?}");
        assert_eq!(outbox.alerts.len(), 2, "one failing, one resolved");
        assert_eq!(
            outbox.findings[0].status,
            Status::Passed,
            "the newest verdict"
        );
    }

    #[test]
    fn a_rule_this_version_no_longer_has_is_archived_silently() {
        let first = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let mut stored = applied(run(None, &first)).state;
        stored.outbox = Outbox::default();
        let mut gone = stored.rules["rds-instance-public-access"].clone();
        gone.status = Status::Failed;
        stored.rules.insert("rds-old-retired-rule".into(), gone);
        let second = config_event("e2", "2026-11-23T09:10:00Z", db(true, true, 7), "OK");
        let b = applied(run(Some(&stored), &second));
        assert!(!b.state.rules.contains_key("rds-old-retired-rule"));
        assert!(b
            .history
            .iter()
            .any(|h| h.rule == "rds-old-retired-rule" && h.to.is_none()));
        assert!(
            b.state.outbox.alerts.is_empty(),
            "no alert for a retired rule"
        );
        let rendered = crate::delivery::render(&b.state);
        assert_eq!(rendered.findings.len(), 1);
        let f = &rendered.findings[0];
        assert_eq!(f.record_state, "ARCHIVED");
        assert!(f.id.contains("/rds-old-retired-rule/"), "{}", f.id);
    }

    #[test]
    fn rendering_is_a_function_of_the_stored_state() {
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(true, false, 7), "OK");
        let state = applied(run(None, &obs)).state;
        let text = serde_json::to_string(&state).unwrap();
        let back: ResourceState = serde_json::from_str(&text).unwrap();
        assert_eq!(
            crate::delivery::render(&back),
            crate::delivery::render(&state)
        );
        let rendered = crate::delivery::render(&state);
        assert_eq!(rendered.findings.len(), 2);
        assert!(rendered.alerts[0]
            .subject
            .starts_with("[CRITICAL] RDS database orders-db"));
        assert_eq!(rendered.findings[0].updated_at, "2026-11-23T10:00:00.000Z");
    }

    #[test]
    fn a_failing_finding_and_its_alert_carry_the_exact_fix_rendered_from_the_stored_state() {
        let mut config = db(true, false, 7);
        config["dBParameterGroups"] =
            json!([{"dBParameterGroupName": "orders-pg16", "parameterApplyStatus": "in-sync"}]);
        let obs = config_event("e1", "2026-11-23T09:00:00Z", config, "OK");
        let state = applied(run(None, &obs)).state;
        // Only what the fix needs is stored, and it survives the stored encoding.
        let intent = state
            .outbox
            .findings
            .iter()
            .find(|f| f.rule == "rds-instance-public-access")
            .unwrap();
        assert_eq!(
            intent.fix_inputs.get(crate::fix::Input::Engine),
            Some("postgres")
        );
        let doc = crate::storage::encode_state(&state).unwrap();
        let back = crate::storage::decode_state(doc).unwrap();
        let rendered = crate::delivery::render(&back);
        assert_eq!(rendered, crate::delivery::render(&state));
        let public = rendered
            .findings
            .iter()
            .find(|f| f.generator_id == "vigil/rds-instance-public-access")
            .unwrap();
        let command = "aws rds modify-db-instance --region eu-west-2 --db-instance-identifier orders-db --no-publicly-accessible --apply-immediately";
        assert_eq!(public.remediation.recommendation.text, command);
        assert_eq!(public.product_fields["vigil/FixCommand"], command);
        assert!(public.product_fields["vigil/FixConsole"].contains("orders-db"));
        assert!(public.product_fields.contains_key("vigil/FixCaution"));
        let alert = rendered
            .alerts
            .iter()
            .find(|a| a.subject.contains("publicly accessible"))
            .unwrap();
        assert!(alert.body.contains(command), "{}", alert.body);
        // A multi-step fix longer than ASFF's 512 characters points to the full command.
        let encrypted = rendered
            .findings
            .iter()
            .find(|f| f.generator_id == "vigil/rds-instance-storage-encrypted")
            .unwrap();
        let text = &encrypted.remediation.recommendation.text;
        assert!(text.chars().count() <= 512, "{text}");
        assert!(encrypted.product_fields["vigil/FixCommand"]
            .contains("aws rds copy-db-snapshot --region eu-west-2 --source-db-snapshot-identifier orders-db-unencrypted"));
    }

    #[test]
    fn a_passing_finding_carries_the_rules_prose_not_a_fix() {
        let obs = config_event("e1", "2026-11-23T09:00:00Z", db(true, true, 7), "OK");
        let first = applied(run(None, &obs)).state;
        let fixed = config_event("e2", "2026-11-23T09:30:00Z", db(false, true, 7), "OK");
        let state = applied(run(Some(&first), &fixed)).state;
        let rendered = crate::delivery::render(&state);
        let public = rendered
            .findings
            .iter()
            .rev()
            .find(|f| f.generator_id == "vigil/rds-instance-public-access")
            .unwrap();
        assert_eq!(public.compliance.status, "PASSED");
        assert!(!public.product_fields.contains_key("vigil/FixCommand"));
    }

    // Accepted risks (`crate::accept`).

    const PUBLIC: &str = "rds-instance-public-access";

    /// A Config item of the database, public (RDS.2 fails), encrypted, with `tags`.
    fn tagged(id: &str, captured: &str, public: bool, tags: Value) -> Observation {
        let v = json!({
            "version": "0", "id": id, "detail-type": "Config Configuration Item Change",
            "source": "aws.config", "account": "123456789012", "time": captured, "region": "eu-west-2",
            "resources": [],
            "detail": {"messageType": "ConfigurationItemChangeNotification", "configurationItem": {
                "configurationItemCaptureTime": captured, "configurationItemStatus": "OK",
                "awsAccountId": "123456789012", "awsRegion": "eu-west-2",
                "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-ABC", "resourceName": "orders-db",
                "ARN": "arn:aws:rds:eu-west-2:123456789012:db:orders-db",
                "configuration": db(public, true, 7), "tags": tags }}
        });
        match parse_event(&v).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn accepting(
        prev: Option<&ResourceState>,
        obs: &Observation,
        stored: &[Acceptance],
    ) -> Applied {
        let settings = Settings::default();
        let assessment = assess(obs, &settings, &crate::lookups::Lookups::none()).unwrap();
        applied(decide_accepting(
            prev,
            obs,
            &assessment,
            stored,
            &settings,
            now(),
        ))
    }

    /// The state as stored after a successful delivery.
    fn delivered(a: &Applied) -> ResourceState {
        let mut s = a.state.clone();
        s.outbox = Outbox::default();
        s
    }

    fn alerts_for(a: &Applied, rule: &str) -> usize {
        a.state
            .outbox
            .alerts
            .iter()
            .filter(|al| al.rules.iter().any(|r| r == rule))
            .count()
    }

    fn accept_tag() -> Value {
        json!({"vigil:accept:RDS.2": "2027-03-31 reporting replica behind the VPN"})
    }

    #[test]
    fn an_accepted_failure_is_suppressed_silently_with_who_why_and_until_in_history() {
        let obs = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &obs, &[]);
        let c = change(&a, PUBLIC);
        assert_eq!(c.status, Status::Suppressed);
        let accepted = c.accepted.as_ref().unwrap();
        assert_eq!(accepted.reason, "reporting replica behind the VPN");
        assert_eq!(accepted.until.to_string(), "2027-03-31");
        assert_eq!(alerts_for(&a, PUBLIC), 0, "no alert while it holds");
        let finding = a
            .state
            .outbox
            .findings
            .iter()
            .find(|f| f.rule == PUBLIC)
            .unwrap();
        assert!(matches!(
            finding.workflow,
            Some(Workflow::Suppressed { .. })
        ));
        let rendered = crate::delivery::render(&a.state);
        let asff = rendered
            .findings
            .iter()
            .find(|f| f.generator_id.ends_with(PUBLIC))
            .unwrap();
        assert_eq!(asff.compliance.status, "FAILED");
        let updates = crate::delivery::workflow_updates(&a.state);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].status, "SUPPRESSED");
        assert!(
            updates[0].note.contains("2027-03-31"),
            "{}",
            updates[0].note
        );
        assert!(
            updates[0].note.contains("reporting replica"),
            "{}",
            updates[0].note
        );
        let entry = a.history.iter().find(|h| h.rule == PUBLIC).unwrap();
        assert_eq!(entry.to, Some(Status::Suppressed));
        let who = entry.accepted.as_ref().unwrap();
        assert!(
            who.accepted_by.contains("vigil:accept:RDS.2"),
            "{}",
            who.accepted_by
        );
        assert_eq!(who.until.to_string(), "2027-03-31");
        // The other failure (none here: encrypted) and the passes are untouched.
        assert!(a
            .changes
            .iter()
            .filter(|c| c.rule.id != PUBLIC)
            .all(|c| c.status != Status::Suppressed));
    }

    #[test]
    fn a_stale_or_redelivered_event_reports_what_the_state_holds_not_the_raw_verdict() {
        let obs = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let stored = delivered(&accepting(None, &obs, &[]));
        let settings = Settings::default();
        let older = tagged("e0", "2026-11-23T08:00:00Z", true, json!({}));
        // The same event again, then an older one without the tag: both stale.
        for o in [&obs, &older] {
            let assessment = assess(o, &settings, &crate::lookups::Lookups::none()).unwrap();
            let decision = decide_accepting(Some(&stored), o, &assessment, &[], &settings, now());
            assert!(matches!(decision, Decision::Stale { .. }), "{decision:?}");
            let report = crate::report::Report::evaluated("e", o, &assessment, &decision);
            assert!(report.stale.is_some());
            let f = report.findings.iter().find(|f| f.rule == PUBLIC).unwrap();
            assert_eq!(f.status, Status::Suppressed, "not the raw FAILED");
            let accepted = f.accepted.as_ref().unwrap();
            assert_eq!(accepted.until.to_string(), "2027-03-31");
            assert!(f.fix.is_none());
            for f in &report.findings {
                assert_eq!(f.status, stored.rules[&f.rule].status, "{}", f.rule);
            }
        }
    }

    #[test]
    fn accepting_an_alerted_failure_suppresses_it_without_an_alert() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, json!({}));
        let a = accepting(None, &first, &[]);
        assert_eq!(alerts_for(&a, PUBLIC), 1);
        let second = tagged("e2", "2026-11-23T09:10:00Z", true, accept_tag());
        let b = accepting(Some(&delivered(&a)), &second, &[]);
        let c = change(&b, PUBLIC);
        assert_eq!(
            (c.previous, c.status),
            (Some(Status::Failed), Status::Suppressed)
        );
        assert_eq!(alerts_for(&b, PUBLIC), 0);
        assert_eq!(b.history.len(), 1);
    }

    #[test]
    fn a_re_evaluation_while_suppressed_sends_nothing() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &first, &[]);
        let again = tagged("e2", "2026-12-01T09:00:00Z", true, accept_tag());
        let b = accepting(Some(&delivered(&a)), &again, &[]);
        assert_eq!(change(&b, PUBLIC).status, Status::Suppressed);
        assert_eq!(change(&b, PUBLIC).transition, Transition::Unchanged);
        assert!(b.state.outbox.is_empty(), "{:?}", b.state.outbox);
        assert!(b.history.is_empty());
        // Who accepted and when is kept from the first sight.
        assert_eq!(
            b.state.rules[PUBLIC].accepted.as_ref().unwrap().accepted_at,
            first.captured_at
        );
    }

    #[test]
    fn a_call_that_does_not_carry_the_tags_keeps_the_suppression() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &first, &[]);
        let mut partial = tagged("e2", "2026-11-24T09:00:00Z", true, json!({}));
        if let ObservedState::Present(resource) = &mut partial.state {
            *resource.tags_mut() = Fact::Unknown;
        }
        let b = accepting(Some(&delivered(&a)), &partial, &[]);
        assert_eq!(change(&b, PUBLIC).status, Status::Suppressed);
        assert!(b.state.outbox.is_empty());
    }

    #[test]
    fn expiry_makes_the_finding_active_again_with_exactly_one_alert() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &first, &[]);
        let after = tagged("e2", "2027-04-01T00:00:01Z", true, accept_tag());
        let b = accepting(Some(&delivered(&a)), &after, &[]);
        let c = change(&b, PUBLIC);
        assert_eq!(
            (c.previous, c.status),
            (Some(Status::Suppressed), Status::Failed)
        );
        assert_eq!(alerts_for(&b, PUBLIC), 1);
        let updates = crate::delivery::workflow_updates(&b.state);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].status, "NEW");
        assert!(
            updates[0].note.contains("ended on 2027-03-31"),
            "{}",
            updates[0].note
        );
        assert!(b.state.rules[PUBLIC].accepted.is_none());
        // And the next observation is an ordinary unchanged failure: no second alert.
        let later = tagged("e3", "2027-04-02T00:00:00Z", true, accept_tag());
        let c = accepting(Some(&delivered(&b)), &later, &[]);
        assert_eq!(change(&c, PUBLIC).transition, Transition::Unchanged);
        assert_eq!(alerts_for(&c, PUBLIC), 0);
    }

    #[test]
    fn removing_the_tag_makes_the_finding_active_again_with_one_alert() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &first, &[]);
        let removed = tagged("e2", "2026-11-24T09:00:00Z", true, json!({}));
        let b = accepting(Some(&delivered(&a)), &removed, &[]);
        assert_eq!(change(&b, PUBLIC).status, Status::Failed);
        assert_eq!(alerts_for(&b, PUBLIC), 1);
        let updates = crate::delivery::workflow_updates(&b.state);
        assert!(updates[0].note.contains("withdrawn"), "{}", updates[0].note);
    }

    #[test]
    fn a_stored_acceptance_of_a_rule_suppresses_that_rule_only() {
        let obs = tagged("e1", "2026-11-23T09:00:00Z", true, json!({}));
        let stored = Acceptance::new(
            &obs.resource.arn,
            PUBLIC,
            "2027-01-31",
            "migration under way",
            "alice",
            AcceptSource::Cli,
            now(),
            now().date_naive(),
        )
        .unwrap();
        let a = accepting(None, &obs, std::slice::from_ref(&stored));
        assert_eq!(change(&a, PUBLIC).status, Status::Suppressed);
        assert_eq!(
            change(&a, PUBLIC).accepted.as_ref().unwrap().accepted_by,
            "alice"
        );
        assert_eq!(alerts_for(&a, PUBLIC), 0);
        // Another resource's acceptance covers nothing here.
        let mut elsewhere = stored.clone();
        elsewhere.resource = "arn:aws:rds:eu-west-2:123456789012:db:other".into();
        let b = accepting(None, &obs, &[elsewhere]);
        assert_eq!(change(&b, PUBLIC).status, Status::Failed);
    }

    #[test]
    fn a_passing_rule_stays_passed_and_a_fixed_suppressed_one_resolves_silently() {
        let obs = tagged("e1", "2026-11-23T09:00:00Z", false, accept_tag());
        let a = accepting(None, &obs, &[]);
        assert_eq!(change(&a, PUBLIC).status, Status::Passed);
        assert!(change(&a, PUBLIC).accepted.is_none());

        let failing = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let b = accepting(None, &failing, &[]);
        let fixed = tagged("e2", "2026-11-24T09:00:00Z", false, accept_tag());
        let c = accepting(Some(&delivered(&b)), &fixed, &[]);
        assert_eq!(change(&c, PUBLIC).transition, Transition::Resolved);
        assert_eq!(alerts_for(&c, PUBLIC), 0);
        let rendered = crate::delivery::render(&c.state);
        assert_eq!(rendered.findings[0].compliance.status, "PASSED");
        // Its SUPPRESSED workflow no longer describes it.
        let updates = crate::delivery::workflow_updates(&c.state);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].status, "RESOLVED");
        assert!(updates[0].note.contains("RDS.2"), "{}", updates[0].note);
        // A rule that passed all along asks for no workflow change.
        assert!(crate::delivery::workflow_updates(&a.state).is_empty());
    }

    #[test]
    fn a_new_end_date_is_recorded_without_an_alert() {
        let first = tagged("e1", "2026-11-23T09:00:00Z", true, accept_tag());
        let a = accepting(None, &first, &[]);
        let extended = tagged(
            "e2",
            "2026-11-24T09:00:00Z",
            true,
            json!({"vigil:accept:RDS.2": "2027-06-30 reporting replica behind the VPN"}),
        );
        let b = accepting(Some(&delivered(&a)), &extended, &[]);
        assert_eq!(b.history.len(), 1);
        assert_eq!(
            b.history[0].accepted.as_ref().unwrap().until.to_string(),
            "2027-06-30"
        );
        assert_eq!(alerts_for(&b, PUBLIC), 0);
        assert_eq!(
            crate::delivery::workflow_updates(&b.state)[0].status,
            "SUPPRESSED"
        );
    }

    #[test]
    fn a_refused_tag_is_a_warning_and_the_failure_alerts() {
        let obs = tagged(
            "e1",
            "2026-11-23T09:00:00Z",
            true,
            json!({"vigil:accept:RDS.2": "2027-03-31"}),
        );
        let a = accepting(None, &obs, &[]);
        assert_eq!(change(&a, PUBLIC).status, Status::Failed);
        assert_eq!(alerts_for(&a, PUBLIC), 1);
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].reason.contains("needs a reason"));
    }
}
