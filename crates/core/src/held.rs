//! The daily digest of LOW and MEDIUM transitions (`Settings::digest`).
//!
//! With the digest on, an alert below HIGH is not sent when it is decided: the deliverer
//! *holds* it in the state table ([`Held`], one item per resource, rules and kind, so a repeat
//! replaces the pending one) and, once a day, a scheduled event makes the evaluate function send
//! every held alert in ONE message ([`render_digest`]) and then remove the items it sent. HIGH
//! and CRITICAL alerts go out at once, as without the digest.
//!
//! A held failure whose finding was resolved before the digest is sent reads as resolved: either
//! its resolution was held too (the newest of the two wins), or the resource's current state,
//! which the sender reads and passes in, no longer fails the rule. One whose rule an accepted
//! risk suppresses by then reads as suppressed, with the acceptance, not as failing.

use crate::accept::Acceptance;
use crate::asff;
use crate::delivery::{meta_or_retired, AlertIntent};
use crate::message::{fit_bytes, Alert, AlertKind, ATTRIBUTES, BODY_MAX, SUBJECT_MAX};
use crate::resource::ResourceRef;
use crate::settings::Settings;
use crate::state::ResourceState;
use crate::vocabulary::{Severity, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// How many held alerts the digest describes one by one; the rest are counted.
pub const DIGEST_LISTED: usize = 400;

/// The bytes of the body given to the listing, leaving room for the rest under [`BODY_MAX`].
const LISTING_BUDGET: usize = BODY_MAX - 16 * 1024;

/// The custom event the daily schedule sends the evaluate function: `{"vigil": "send-digest"}`.
pub const SEND_DIGEST: &str = "send-digest";

/// Whether `event` is the schedule's request to send the digest.
pub fn is_send_digest(event: &serde_json::Value) -> bool {
    event.get("vigil").and_then(|v| v.as_str()) == Some(SEND_DIGEST)
}

/// Whether an alert waits for the digest rather than going out at once: the digest is on and the
/// alert is below HIGH.
pub fn holds(intent: &AlertIntent, settings: &Settings) -> bool {
    settings.digest && waits(intent)
}

/// Whether an alert is one the digest carries when it is on: below HIGH.
pub fn waits(intent: &AlertIntent) -> bool {
    intent.severity < Severity::High
}

/// An alert held for the digest: the facts it is rendered from, with its resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// The resource.
    pub resource: ResourceRef,
    /// The alert's facts.
    pub alert: AlertIntent,
}

impl Held {
    /// Its key: one pending item per resource, rules and kind (a repeat replaces it).
    pub fn key(&self) -> String {
        format!(
            "{}#{}#{}",
            self.resource.key(),
            self.alert.rules.join(","),
            self.alert.kind.label()
        )
    }

    /// Which version of the item this is (the event that caused it and when it was decided),
    /// so the sender removes only what it sent.
    pub fn version(&self) -> String {
        format!(
            "{}#{}",
            self.alert.provenance.captured_at.timestamp_millis(),
            self.alert.provenance.origin.event_id
        )
    }

    fn at(&self) -> DateTime<Utc> {
        self.alert.provenance.captured_at
    }
}

/// What became of one (resource, rules) pair by the time the digest is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// It fails now.
    Failing,
    /// It failed and was fixed before the digest.
    FixedSince,
    /// A fix held (it had failed before, already reported).
    Fixed,
    /// The resource was deleted.
    Deleted,
    /// It still fails, and an accepted risk now suppresses it (accepted after the alert was
    /// held): nothing to do until the acceptance ends.
    Suppressed,
}

struct Line<'a> {
    outcome: Outcome,
    severity: Severity,
    newest: &'a Held,
    failed: Option<&'a Held>,
    /// The acceptance holding a [`Outcome::Suppressed`] line.
    accepted: Option<&'a Acceptance>,
}

fn current_acceptance<'a>(
    current: Option<&'a ResourceState>,
    rule: &str,
) -> Option<&'a Acceptance> {
    current
        .filter(|s| !s.deleted)
        .and_then(|s| s.rules.get(rule))
        .filter(|r| r.status == Status::Suppressed)
        .and_then(|r| r.accepted.as_ref())
}

fn current_status(current: Option<&ResourceState>, rule: &str) -> Option<Status> {
    current.and_then(|s| {
        if s.deleted {
            None
        } else {
            s.rules.get(rule).map(|r| r.status)
        }
    })
}

/// The digest of the held alerts, as one message; `None` when nothing is held. `current` is each
/// held resource's stored state by [`ResourceRef::key`] (missing: unknown), so a held failure
/// that was resolved before the digest reads as resolved.
pub fn render_digest(
    held: &[Held],
    current: &HashMap<String, ResourceState>,
    now: DateTime<Utc>,
) -> Option<Alert> {
    if held.is_empty() {
        return None;
    }
    let mut groups: BTreeMap<(String, String), Vec<&Held>> = BTreeMap::new();
    for h in held {
        groups
            .entry((h.resource.key(), h.alert.rules.join(",")))
            .or_default()
            .push(h);
    }
    let mut lines: Vec<Line<'_>> = Vec::new();
    for ((key, _), mut items) in groups {
        items.sort_by_key(|h| h.at());
        let Some(newest) = items.last().copied() else {
            continue;
        };
        let failed = items
            .iter()
            .rev()
            .find(|h| h.alert.kind == AlertKind::Failing)
            .copied();
        let severity = items
            .iter()
            .map(|h| h.alert.severity)
            .max()
            .unwrap_or(newest.alert.severity);
        let state = current.get(&key);
        let mut accepted = None;
        let outcome = match newest.alert.kind {
            AlertKind::Deleted => Outcome::Deleted,
            AlertKind::Resolved if failed.is_some() => Outcome::FixedSince,
            AlertKind::Resolved => Outcome::Fixed,
            AlertKind::Failing => {
                let rule = newest.alert.rules.first().map_or("", String::as_str);
                match (state.map(|s| s.deleted), current_status(state, rule)) {
                    (Some(true), _) => Outcome::Deleted,
                    (_, Some(Status::Passed | Status::NotApplicable)) => Outcome::FixedSince,
                    (_, Some(Status::Suppressed)) => {
                        accepted = current_acceptance(state, rule);
                        Outcome::Suppressed
                    }
                    _ => Outcome::Failing,
                }
            }
        };
        lines.push(Line {
            outcome,
            severity,
            newest,
            failed,
            accepted,
        });
    }
    lines.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.newest.resource.key().cmp(&b.newest.resource.key()))
    });
    let count = |o: Outcome| lines.iter().filter(|l| l.outcome == o).count();
    let (failing, fixed, deleted, suppressed) = (
        count(Outcome::Failing),
        count(Outcome::FixedSince) + count(Outcome::Fixed),
        count(Outcome::Deleted),
        count(Outcome::Suppressed),
    );
    let mut subject = format!(
        "[DIGEST] {} LOW/MEDIUM change(s): {failing} failing, {fixed} fixed",
        lines.len()
    );
    if deleted > 0 {
        let _ = write!(subject, ", {deleted} deleted");
    }
    if suppressed > 0 {
        let _ = write!(subject, ", {suppressed} suppressed");
    }
    let mut body = format!(
        "Vigil's daily digest of LOW and MEDIUM changes, sent {}. HIGH and CRITICAL problems were alerted at once.\n\
         {failing} still failing, {fixed} fixed, {deleted} deleted.\n",
        now.format("%Y-%m-%d %H:%M UTC")
    );
    for (title, wanted) in [
        ("STILL FAILING", &[Outcome::Failing][..]),
        (
            "FIXED (nothing to do)",
            &[Outcome::FixedSince, Outcome::Fixed][..],
        ),
        ("DELETED", &[Outcome::Deleted][..]),
        (
            "SUPPRESSED (an accepted risk holds them)",
            &[Outcome::Suppressed][..],
        ),
    ] {
        let section: Vec<&Line<'_>> = lines
            .iter()
            .filter(|l| wanted.contains(&l.outcome))
            .collect();
        if section.is_empty() {
            continue;
        }
        let _ = write!(body, "\n{title}\n");
        let mut listed = 0;
        for line in section.iter().take(DIGEST_LISTED) {
            let text = describe(line);
            if body.len() + text.len() > LISTING_BUDGET {
                break;
            }
            body.push_str(&text);
            listed += 1;
        }
        if section.len() > listed {
            let _ = writeln!(
                body,
                "... and {} more; see Security Hub's findings.",
                section.len() - listed
            );
        }
    }
    body.push_str(
        "\nWHERE TO SEE THEM\nEach line gives the finding id; in the Security Hub console choose Findings and filter on the resource ID, or run the `aws securityhub get-findings` command each alert gives.\n",
    );
    let mut attributes: BTreeMap<String, String> = BTreeMap::new();
    let one_or_mixed = |values: Vec<String>| {
        let first = values.first().cloned().unwrap_or_default();
        if !first.is_empty() && values.iter().all(|v| *v == first) {
            asff::truncate(&first, crate::message::ATTRIBUTE_MAX)
        } else {
            "mixed".to_string()
        }
    };
    let severity = lines
        .iter()
        .map(|l| l.severity)
        .max()
        .unwrap_or(Severity::Informational);
    for name in ATTRIBUTES {
        let value = match name {
            "severity" => severity.label().to_string(),
            "kind" => one_or_mixed(
                lines
                    .iter()
                    .map(|l| l.newest.resource.resource_type.to_string())
                    .collect(),
            ),
            "account" => one_or_mixed(
                lines
                    .iter()
                    .map(|l| l.newest.resource.account.clone())
                    .collect(),
            ),
            "region" => one_or_mixed(
                lines
                    .iter()
                    .map(|l| l.newest.resource.region.clone())
                    .collect(),
            ),
            "rule" => "digest".to_string(),
            "control" => "none".to_string(),
            _ => "digest".to_string(),
        };
        attributes.insert(name.to_string(), value);
    }
    Some(Alert {
        kind: AlertKind::Failing,
        subject: asff::truncate(&subject, SUBJECT_MAX),
        body: fit_bytes(&body, BODY_MAX),
        attributes,
    })
}

fn describe(line: &Line<'_>) -> String {
    let h = line.newest;
    let r = &h.resource;
    let rules: Vec<String> = h
        .alert
        .rules
        .iter()
        .map(|id| {
            let meta = meta_or_retired(id);
            if meta.controls.is_empty() {
                format!("{} ({id})", meta.title)
            } else {
                format!(
                    "{} ({id}; Security Hub {})",
                    meta.title,
                    meta.controls.join(", ")
                )
            }
        })
        .collect();
    let who = |x: &Held| {
        x.alert
            .provenance
            .origin
            .actor
            .as_ref()
            .map(|a| format!(" by {}", asff::truncate(&a.who(), 200)))
            .unwrap_or_default()
    };
    let when = |x: &Held| x.at().format("%Y-%m-%d %H:%M UTC").to_string();
    let what = match line.outcome {
        Outcome::Failing => format!(
            "failing since {}{}: {}",
            when(h),
            who(h),
            asff::truncate(&h.alert.reason, 500)
        ),
        Outcome::FixedSince => match (line.failed, h.alert.kind) {
            (Some(f), AlertKind::Resolved) => format!(
                "failed at {}{} and was fixed at {}{}: {}",
                when(f),
                who(f),
                when(h),
                who(h),
                asff::truncate(&h.alert.reason, 500)
            ),
            _ => format!(
                "failed at {}{}, and was resolved before this digest: the resource no longer fails it",
                when(h),
                who(h)
            ),
        },
        Outcome::Fixed => format!(
            "fixed at {}{}: {}",
            when(h),
            who(h),
            asff::truncate(&h.alert.reason, 500)
        ),
        Outcome::Deleted => format!("the resource was deleted (as of {})", when(h)),
        Outcome::Suppressed => match line.accepted {
            Some(a) => format!(
                "failed at {}{}; suppressed since: risk accepted by {} until {}: {}",
                when(h),
                who(h),
                asff::truncate(&a.accepted_by, 200),
                a.until,
                asff::truncate(&a.reason, 500)
            ),
            None => format!(
                "failed at {}{}; suppressed since by an accepted risk",
                when(h),
                who(h)
            ),
        },
    };
    let id = h
        .alert
        .rules
        .first()
        .map(|rule| asff::finding_id(r, rule))
        .unwrap_or_default();
    format!(
        "- [{sev}] {noun} {name} in {account} ({region}): {rules}\n  {what}\n  Finding: {id}\n",
        sev = line.severity.label(),
        noun = r.resource_type.noun(),
        name = asff::truncate(r.display_name(), 200),
        account = r.account,
        region = r.region,
        rules = asff::truncate(&rules.join("; "), 1_000),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Observation;
    use crate::sources::{parse_event_str, Parsed};
    use crate::state::RuleState;

    const MODIFY: &str =
        include_str!("../../../events/cloudtrail/rds/modify-db-instance-public.json");

    fn observation() -> Observation {
        match parse_event_str(MODIFY).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn held(kind: AlertKind, rule: &str, severity: Severity, at: &str, event: &str) -> Held {
        let o = observation();
        let mut provenance = o.provenance();
        provenance.captured_at = at.parse().unwrap();
        provenance.origin.event_id = event.into();
        Held {
            resource: o.resource,
            alert: AlertIntent {
                kind,
                rules: vec![rule.into()],
                severity,
                reason: format!("{rule} reason"),
                provenance,
                fix_inputs: Default::default(),
                no_longer_applies: false,
            },
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-12-07T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn only_low_and_medium_are_held_and_only_with_the_digest_on() {
        let on = Settings {
            digest: true,
            ..Settings::default()
        };
        let at = "2026-12-06T09:00:00Z";
        for (severity, expected) in [
            (Severity::Informational, true),
            (Severity::Low, true),
            (Severity::Medium, true),
            (Severity::High, false),
            (Severity::Critical, false),
        ] {
            let h = held(AlertKind::Failing, "r", severity, at, "e");
            assert_eq!(holds(&h.alert, &on), expected, "{severity:?}");
            assert!(!holds(&h.alert, &Settings::default()));
        }
        assert!(is_send_digest(&serde_json::json!({"vigil": "send-digest"})));
        assert!(!is_send_digest(
            &serde_json::json!({"source": "aws.config"})
        ));
    }

    #[test]
    fn the_digest_is_one_message_with_failing_and_fixed_apart() {
        let items = [
            held(
                AlertKind::Failing,
                "rds-instance-deletion-protection",
                Severity::Low,
                "2026-12-06T09:00:00Z",
                "e1",
            ),
            held(
                AlertKind::Failing,
                "rds-instance-copy-tags-to-snapshots",
                Severity::Medium,
                "2026-12-06T09:00:00Z",
                "e1",
            ),
            held(
                AlertKind::Resolved,
                "rds-instance-copy-tags-to-snapshots",
                Severity::Medium,
                "2026-12-06T10:00:00Z",
                "e2",
            ),
        ];
        let a = render_digest(&items, &HashMap::new(), now()).unwrap();
        assert!(
            a.subject.is_ascii() && a.subject.len() < 100,
            "{}",
            a.subject
        );
        assert_eq!(
            a.subject,
            "[DIGEST] 2 LOW/MEDIUM change(s): 1 failing, 1 fixed"
        );
        let failing = a.body.split("\nSTILL FAILING\n").nth(1).unwrap();
        let failing = failing.split("\nFIXED").next().unwrap();
        assert!(
            failing.contains("rds-instance-deletion-protection"),
            "{}",
            a.body
        );
        assert!(!failing.contains("copy-tags"), "{}", a.body);
        let fixed = a.body.split("\nFIXED (nothing to do)\n").nth(1).unwrap();
        assert!(
            fixed.contains("failed at 2026-12-06 09:00 UTC by IAM user bob (MFA) and was fixed at 2026-12-06 10:00 UTC"),
            "{}",
            a.body
        );
        assert_eq!(a.attributes["transition"], "digest");
        assert_eq!(a.attributes["severity"], "MEDIUM");
        assert_eq!(a.attributes["kind"], "AWS::RDS::DBInstance");
        assert!(render_digest(&[], &HashMap::new(), now()).is_none());
    }

    #[test]
    fn a_held_failure_resolved_before_the_digest_reads_as_resolved() {
        let h = held(
            AlertKind::Failing,
            "rds-instance-deletion-protection",
            Severity::Low,
            "2026-12-06T09:00:00Z",
            "e1",
        );
        let o = observation();
        let mut state = ResourceState {
            resource: o.resource.clone(),
            captured_at: "2026-12-06T11:00:00Z".parse().unwrap(),
            event_id: "e9".into(),
            source: o.origin.kind,
            deleted: false,
            rules: BTreeMap::new(),
            updated_at: now(),
            outbox: Default::default(),
        };
        state.rules.insert(
            "rds-instance-deletion-protection".into(),
            RuleState {
                status: Status::Passed,
                severity: Severity::Low,
                since: state.captured_at,
                first_seen: state.captured_at,
                reason: "on".into(),
                accepted: None,
                in_hub: false,
            },
        );
        let current = HashMap::from([(o.resource.key(), state.clone())]);
        let a = render_digest(std::slice::from_ref(&h), &current, now()).unwrap();
        assert!(a.subject.contains("0 failing, 1 fixed"), "{}", a.subject);
        assert!(
            a.body.contains("was resolved before this digest"),
            "{}",
            a.body
        );
        // Deleted since: reads as deleted.
        state.deleted = true;
        let current = HashMap::from([(o.resource.key(), state)]);
        let a = render_digest(std::slice::from_ref(&h), &current, now()).unwrap();
        assert!(a.subject.ends_with("1 deleted"), "{}", a.subject);
    }

    #[test]
    fn a_held_failure_whose_risk_was_accepted_since_reads_as_suppressed_not_failing() {
        let rule = "rds-instance-deletion-protection";
        let h = held(
            AlertKind::Failing,
            rule,
            Severity::Low,
            "2026-12-06T09:00:00Z",
            "e1",
        );
        let o = observation();
        let accepted = Acceptance::new(
            &o.resource.arn,
            rule,
            "2027-03-31",
            "reporting replica behind the VPN",
            "alice",
            crate::accept::AcceptSource::Cli,
            "2026-12-06T10:00:00Z".parse().unwrap(),
            "2026-12-06".parse().unwrap(),
        )
        .unwrap();
        let mut state = ResourceState {
            resource: o.resource.clone(),
            captured_at: "2026-12-06T11:00:00Z".parse().unwrap(),
            event_id: "e9".into(),
            source: o.origin.kind,
            deleted: false,
            rules: BTreeMap::new(),
            updated_at: now(),
            outbox: Default::default(),
        };
        state.rules.insert(
            rule.into(),
            RuleState {
                status: Status::Suppressed,
                severity: Severity::Low,
                since: state.captured_at,
                first_seen: state.captured_at,
                reason: "off".into(),
                accepted: Some(accepted),
                in_hub: true,
            },
        );
        let current = HashMap::from([(o.resource.key(), state)]);
        let a = render_digest(std::slice::from_ref(&h), &current, now()).unwrap();
        assert!(
            a.subject.contains("0 failing, 0 fixed, 1 suppressed"),
            "{}",
            a.subject
        );
        assert!(!a.body.contains("STILL FAILING"), "{}", a.body);
        assert!(a.body.contains("SUPPRESSED"), "{}", a.body);
        assert!(
            a.body
                .contains("risk accepted by alice until 2027-03-31: reporting replica"),
            "{}",
            a.body
        );
    }

    #[test]
    fn a_huge_digest_stays_under_the_sns_limit() {
        let items: Vec<Held> = (0..5_000)
            .map(|i| {
                let mut h = held(
                    AlertKind::Failing,
                    "rds-instance-deletion-protection",
                    Severity::Low,
                    "2026-12-06T09:00:00Z",
                    "e",
                );
                h.resource.arn = format!("{}-{i}", h.resource.arn);
                h.resource.name = Some(format!("db-{i}-{}", "n".repeat(150)));
                h.alert.reason = "x".repeat(10_000);
                h
            })
            .collect();
        let a = render_digest(&items, &HashMap::new(), now()).unwrap();
        assert!(a.body.len() <= BODY_MAX, "{}", a.body.len());
        assert!(
            !a.body
                .ends_with("[... shortened to fit the message size limit]\n"),
            "the listing stops before the limit"
        );
        assert!(
            a.body.contains(" more; see Security Hub's findings."),
            "{}",
            &a.body[a.body.len() - 300..]
        );
        assert!(
            a.subject.starts_with("[DIGEST] 5000 LOW/MEDIUM"),
            "{}",
            a.subject
        );
    }

    #[test]
    fn held_keys_bound_the_pending_items() {
        let a = held(
            AlertKind::Failing,
            "r",
            Severity::Low,
            "2026-12-06T09:00:00Z",
            "e1",
        );
        let b = held(
            AlertKind::Failing,
            "r",
            Severity::Low,
            "2026-12-06T10:00:00Z",
            "e2",
        );
        let c = held(
            AlertKind::Resolved,
            "r",
            Severity::Low,
            "2026-12-06T10:00:00Z",
            "e2",
        );
        assert_eq!(a.key(), b.key(), "a repeat replaces the pending one");
        assert_ne!(a.key(), c.key());
        assert_ne!(a.version(), b.version());
    }
}
