//! Plain-English alerts for the owner: one per transition (a rule starts failing, a failure is
//! fixed, a resource with open failures is deleted).
//!
//! Alerts are built only from rule metadata, the verdict's reason, the resource's identity and
//! the actor: the resource model holds no secret values, so none can reach a message.

use crate::asff;
use crate::observation::Provenance;
use crate::resource::ResourceRef;
use crate::standards;
use crate::vocabulary::{RuleMeta, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// SNS subjects must be ASCII and under 100 characters.
pub const SUBJECT_MAX: usize = 99;

/// What the alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertKind {
    /// A rule started failing.
    Failing,
    /// A failure was fixed.
    Resolved,
    /// A resource with open failures was deleted.
    Deleted,
}

/// One message for the owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// The subject line: ASCII, under 100 characters.
    pub subject: String,
    /// The body, plain text.
    pub body: String,
    /// Attributes for filtering subscriptions (SNS message attributes): `severity`, `rule`,
    /// `resource_type`, `account`, `kind`.
    pub attributes: BTreeMap<String, String>,
}

fn ascii_subject(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect();
    asff::truncate(&clean, SUBJECT_MAX)
}

/// `<rule id>; Security Hub <control> (FSBP, NIST 800-53 r5)`, or `(Vigil practice)`: a control
/// is labelled with the standards that really include it, never FSBP by default.
fn controls_text(rule: &RuleMeta) -> String {
    if rule.controls.is_empty() {
        return format!("{} (Vigil practice)", rule.id);
    }
    let standards: Vec<&str> = standards::of_rule(rule)
        .into_iter()
        .map(|s| s.short())
        .collect();
    let label = if standards.is_empty() {
        "in no standard Vigil reports".to_string()
    } else {
        standards.join(", ")
    };
    format!(
        "{}; Security Hub {} ({label})",
        rule.id,
        rule.controls.join(", ")
    )
}

/// The UK line of an alert: GDPR articles, and the Cyber Essentials control where one applies.
fn uk_line(rule: &RuleMeta) -> String {
    match rule.cyber_essentials {
        Some(ce) => format!(
            "UK GDPR: {}\nUK Cyber Essentials: {}",
            rule.gdpr.join(", "),
            ce.label()
        ),
        None => format!("UK GDPR: {}", rule.gdpr.join(", ")),
    }
}

fn where_line(r: &ResourceRef) -> String {
    format!(
        "{} {} in account {} ({})",
        r.resource_type.noun(),
        r.display_name(),
        r.account,
        r.region
    )
}

fn who_line(o: &Provenance) -> String {
    let when = o.captured_at.format("%Y-%m-%d %H:%M:%S UTC");
    match &o.origin.actor {
        Some(actor) => {
            let agent = actor
                .user_agent
                .as_deref()
                .map(|a| format!(", with {}", asff::truncate(a, 80)))
                .unwrap_or_default();
            format!(
                "Changed by {} at {when}{agent} ({}: {}).",
                actor.describe(),
                o.origin.kind.label(),
                o.origin.what
            )
        }
        None => format!(
            "Recorded by {} at {when} ({}); AWS Config does not say who made the change: look up the resource in CloudTrail for that.",
            o.origin.kind.label(),
            o.origin.what
        ),
    }
}

/// The alert's first line: who did what to which resource, when the source says who
/// ("alice@example.com (role DevOps, no MFA) changed RDS database snapshot `orders-db` …
/// from 203.0.113.7"); otherwise that Vigil found a problem.
fn headline(r: &ResourceRef, o: &Provenance, reason: &str) -> String {
    if is_activity(r) {
        // Account activity: what happened is the headline, not a change to a resource.
        let actor = o.origin.actor.as_ref();
        return format!(
            "{who} {what} in account {account} ({region}) at {when}{from}: {reason}.",
            who = actor.map_or("Someone".to_string(), |a| a.who()),
            what = if o.origin.what.ends_with(" ConsoleLogin") {
                "signed in to the AWS console"
            } else {
                "acted"
            },
            account = r.account,
            region = r.region,
            when = o.captured_at.format("%H:%M:%S UTC on %Y-%m-%d"),
            from = actor
                .and_then(|a| a.source_ip.as_deref())
                .map(|ip| format!(" from {ip}"))
                .unwrap_or_default(),
        );
    }
    match &o.origin.actor {
        Some(actor) => format!(
            "{who} changed {noun} `{name}` in account {account} ({region}) at {when}{from}, and now {reason}.",
            who = actor.who(),
            noun = r.resource_type.noun(),
            name = r.display_name(),
            account = r.account,
            region = r.region,
            when = o.captured_at.format("%H:%M:%S UTC on %Y-%m-%d"),
            from = actor
                .source_ip
                .as_deref()
                .map(|ip| format!(" from {ip}"))
                .unwrap_or_default(),
        ),
        None => format!("Vigil found a problem with {}.", where_line(r)),
    }
}

fn console_link(r: &ResourceRef) -> String {
    format!(
        "https://{region}.console.aws.amazon.com/securityhub/home?region={region}#/findings",
        region = r.region
    )
}

fn attributes(
    r: &ResourceRef,
    severity: Severity,
    rule: &str,
    kind: &str,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("severity".to_string(), severity.label().to_string()),
        ("rule".to_string(), rule.to_string()),
        ("resource_type".to_string(), r.resource_type.to_string()),
        ("account".to_string(), r.account.clone()),
        ("kind".to_string(), kind.to_string()),
    ])
}

/// A rule as an alert names it: its id (the finding's identity) and its text (the rule's own, or
/// the retired rule's text for a rule this version no longer has).
#[derive(Clone, Copy, Debug)]
pub struct AlertRule<'a> {
    /// The rule id.
    pub id: &'a str,
    /// Its metadata.
    pub meta: &'static RuleMeta,
    /// Its exact fix for this resource (failing alerts), see [`crate::fix::alert_section`].
    pub fix: Option<&'a crate::fix::RenderedFix>,
}

/// Whether the resource is one event of account activity (`resources::activity`).
fn is_activity(r: &ResourceRef) -> bool {
    r.resource_type.as_str() == crate::resources::activity::ACTIVITY_TYPE
}

/// The alert for a rule that started failing.
pub fn failing(
    r: &ResourceRef,
    o: &Provenance,
    rule: AlertRule<'_>,
    severity: Severity,
    reason: &str,
) -> Alert {
    let AlertRule {
        id: rule_id,
        meta: rule,
        fix,
    } = rule;
    let name = r.display_name();
    let body = format!(
        "{headline}\n\n\
         What is wrong: {reason}.\n\
         Rule: {title} ({controls})\n\
         Severity: {severity}\n\n\
         Why it matters: {rationale}\n\
         {uk}\n\n\
         How to fix it: {remediation}\n\n\
         {who}\n\
         Resource: {arn}\n\
         Security Hub finding: {id}\n\
         {link}\n\n\
         {closing}\n",
        closing = if is_activity(r) {
            "This is one event: Vigil alerts once for it, and its Security Hub finding is informational."
        } else {
            "You will get one more message when this is fixed; Vigil does not repeat an alert while nothing changes."
        },
        headline = headline(r, o, reason),
        title = rule.title,
        controls = controls_text(rule),
        rationale = rule.rationale,
        uk = uk_line(rule),
        remediation = fix.map_or_else(|| rule.remediation.to_string(), crate::fix::alert_section),
        who = who_line(o),
        arn = r.arn,
        id = asff::finding_id(r, rule_id),
        link = console_link(r),
    );
    Alert {
        kind: AlertKind::Failing,
        subject: ascii_subject(&format!("[{severity}] {name}: {}", rule.title)),
        body,
        attributes: attributes(r, severity, rule_id, "failing"),
    }
}

/// The alert for a failure that was fixed.
pub fn resolved(
    r: &ResourceRef,
    o: &Provenance,
    rule: AlertRule<'_>,
    severity: Severity,
    reason: &str,
) -> Alert {
    let AlertRule {
        id: rule_id,
        meta: rule,
        ..
    } = rule;
    let name = r.display_name();
    let body = format!(
        "Fixed: {where_} now meets \"{title}\" ({controls}).\n\n\
         Now: {reason}.\n\
         {who}\n\
         Resource: {arn}\n\
         Security Hub finding: {id} (now PASSED)\n",
        where_ = where_line(r),
        title = rule.title,
        controls = controls_text(rule),
        who = who_line(o),
        arn = r.arn,
        id = asff::finding_id(r, rule_id),
    );
    Alert {
        kind: AlertKind::Resolved,
        subject: ascii_subject(&format!("[RESOLVED] {name}: {}", rule.title)),
        body,
        attributes: attributes(r, severity, rule_id, "resolved"),
    }
}

/// The alert for a deleted resource that had open failures.
pub fn deleted(r: &ResourceRef, o: &Provenance, closed: &[&'static RuleMeta]) -> Alert {
    let name = r.display_name();
    if let Some(loss) = crate::kinds::watched::deletion_loss(r.resource_type.as_str()) {
        return watched_deleted(r, o, closed, loss);
    }
    let list: Vec<String> = closed
        .iter()
        .map(|r| format!("- {} ({})", r.title, controls_text(r)))
        .collect();
    let severity = closed
        .iter()
        .map(|r| r.severity)
        .max()
        .unwrap_or(Severity::Informational);
    let body = format!(
        "{where_} was deleted. Its open findings are closed (archived in Security Hub):\n{list}\n\n\
         {who}\n\
         If this deletion was not expected, check who made it and restore from a snapshot or automated backup.\n\
         Resource: {arn}\n",
        where_ = where_line(r),
        list = list.join("\n"),
        who = who_line(o),
        arn = r.arn,
    );
    Alert {
        kind: AlertKind::Deleted,
        subject: ascii_subject(&format!(
            "[DELETED] {} {name} was deleted; {} open finding(s) closed",
            r.resource_type.noun(),
            closed.len()
        )),
        body,
        attributes: attributes(r, severity, "resource-deleted", "deleted"),
    }
}

/// A trail or detector deleted (`kinds::watched`): high severity whatever its findings were,
/// saying what is lost and who did it.
fn watched_deleted(
    r: &ResourceRef,
    o: &Provenance,
    closed: &[&'static RuleMeta],
    loss: &str,
) -> Alert {
    let name = r.display_name();
    let closed_text = if closed.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = closed
            .iter()
            .map(|r| format!("- {} ({})", r.title, controls_text(r)))
            .collect();
        format!(
            "Its open findings are closed (archived in Security Hub):\n{}\n\n",
            list.join("\n")
        )
    };
    let body = format!(
        "{where_} was deleted: {loss}.\n\n{closed_text}{who}\n\
         If this deletion was not expected, treat it as a possible attempt to hide activity: check \
         who made it, and create a replacement at once.\n\
         Resource: {arn}\n",
        where_ = where_line(r),
        who = who_line(o),
        arn = r.arn,
    );
    Alert {
        kind: AlertKind::Deleted,
        subject: ascii_subject(&format!(
            "[DELETED] {} {name} was deleted",
            r.resource_type.noun()
        )),
        body,
        attributes: attributes(r, Severity::High, "resource-deleted", "deleted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate;
    use crate::observation::{Observation, ObservedState};
    use crate::settings::Settings;
    use crate::sources::{parse_event_str, Parsed};

    const MODIFY: &str =
        include_str!("../../../events/cloudtrail/rds/modify-db-instance-public.json");

    fn observation() -> Observation {
        match parse_event_str(MODIFY).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn failing_alert() -> Alert {
        failing_alert_for(&observation())
    }

    /// The public-access alert for the observation's resource.
    fn failing_alert_for(o: &Observation) -> Alert {
        let ObservedState::Present(resource) = &o.state else {
            panic!()
        };
        let outcome = evaluate(
            resource,
            &Settings::default(),
            &crate::lookups::Lookups::none(),
        )
        .into_iter()
        .find(|x| x.rule.id == "rds-instance-public-access")
        .unwrap();
        failing(
            &o.resource,
            &o.provenance(),
            AlertRule {
                id: outcome.rule.id,
                meta: outcome.rule,
                fix: None,
            },
            outcome.severity,
            &outcome.verdict.reason(),
        )
    }

    #[test]
    fn the_subject_is_short_ascii_and_says_what_is_wrong() {
        let a = failing_alert();
        assert!(
            a.subject.len() < 100 && a.subject.is_ascii(),
            "{}",
            a.subject
        );
        assert!(
            a.subject.starts_with("[CRITICAL] billing-db"),
            "{}",
            a.subject
        );
    }

    #[test]
    fn the_body_says_what_why_how_and_who() {
        let a = failing_alert();
        for part in [
            "What is wrong",
            "Why it matters",
            "How to fix it",
            "aws rds modify-db-instance",
            "Changed by",
            "Art. 32",
            "UK Cyber Essentials: Firewalls",
            "Security Hub RDS.2 (FSBP, CIS v3.0.0, NIST 800-53 r5, PCI DSS v4.0.1)",
        ] {
            assert!(a.body.contains(part), "missing {part:?} in\n{}", a.body);
        }
        assert_eq!(a.attributes["severity"], "CRITICAL");
        assert_eq!(a.attributes["rule"], "rds-instance-public-access");
    }

    #[test]
    fn subjects_are_made_ascii_and_short() {
        let s = ascii_subject(&format!("[HIGH] base-de-données {}", "x".repeat(200)));
        assert!(s.is_ascii() && s.len() <= SUBJECT_MAX);
    }

    #[test]
    fn the_first_line_says_who_did_it_from_where() {
        // bob, an IAM user on an MFA session, made billing-db public (the sample's call).
        let a = failing_alert();
        let first = a.body.lines().next().unwrap();
        assert!(
            first.starts_with(
                "IAM user bob (MFA) changed RDS database `billing-db` in account 123456789012 (eu-west-2)"
            ),
            "{first}"
        );
        assert!(first.contains("from 203.0.113.77"), "{first}");
        assert!(
            first.contains("and now the instance is publicly accessible"),
            "{first}"
        );
        assert!(a.body.contains("with aws-cli/2.15.30"), "{}", a.body);
    }

    #[test]
    fn without_an_actor_the_alert_says_config_does_not_say_who() {
        let mut o = observation();
        o.origin.actor = None;
        let a = failing_alert_for(&o);
        assert!(
            a.body
                .starts_with("Vigil found a problem with RDS database billing-db"),
            "{}",
            a.body
        );
        assert!(a.body.contains("does not say who"), "{}", a.body);
    }
}
