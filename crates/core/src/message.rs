//! Plain-English alerts for the owner: one per transition (a rule starts failing, a failure is
//! fixed, a resource with open failures is deleted).
//!
//! Alerts are built only from rule metadata, the verdict's reason, the resource's identity, the
//! actor and the already-rendered fix text: the resource model holds no secret values, so none
//! can reach a message.
//!
//! A failing alert's body has one section per question the owner asks: WHAT IS WRONG, WHY IT
//! MATTERS (with each UK GDPR article and what it means in one line), HOW TO FIX (the rule's fix
//! rendered for the resource, [`AlertRule::fix`], or the rule's remediation), WHO CHANGED IT AND
//! WHEN, and WHERE TO SEE IT (the Security Hub console's findings page and the exact
//! `aws securityhub get-findings` command for the finding's id). Every alert fits SNS's limits:
//! a subject under 100 ASCII characters and a body, with its attributes, far below 256 KB
//! ([`BODY_MAX`]).

use crate::asff;
use crate::observation::Provenance;
use crate::resource::ResourceRef;
use crate::standards;
use crate::vocabulary::{RuleMeta, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// SNS subjects must be ASCII and under 100 characters.
pub const SUBJECT_MAX: usize = 99;

/// The longest body, in bytes. SNS accepts messages up to 256 KB (262,144 bytes) including the
/// message attributes; this leaves room for the subject and attributes ([`ATTRIBUTE_MAX`] each).
pub const BODY_MAX: usize = 240 * 1024;

/// The longest attribute value, in characters.
pub const ATTRIBUTE_MAX: usize = 256;

/// The longest verdict reason an alert repeats, in characters.
const REASON_MAX: usize = 2_000;

/// The longest fix text an alert carries, in characters.
const FIX_MAX: usize = 16_000;

/// What each UK GDPR article a rule names means, in one line. A test checks that every article
/// in the catalogue is here.
pub const GDPR_MEANINGS: &[(&str, &str)] = &[
    (
        "Art. 5(1)(c)",
        "data minimisation: personal data must be adequate, relevant and limited to what is necessary",
    ),
    (
        "Art. 5(1)(f)",
        "integrity and confidentiality: personal data must be kept secure against unauthorised access, loss or damage",
    ),
    (
        "Art. 5(2)",
        "accountability: you must be able to show that you comply",
    ),
    (
        "Art. 25(1)",
        "data protection by design: build appropriate safeguards into how data is processed",
    ),
    (
        "Art. 25(2)",
        "data protection by default: by default, personal data must not be made accessible to an indefinite number of people",
    ),
    (
        "Art. 28(1)",
        "processors: use only processors that give sufficient guarantees of appropriate security measures",
    ),
    (
        "Art. 30",
        "records of processing: keep a record of the processing you are responsible for",
    ),
    (
        "Art. 32(1)(a)",
        "security of processing: pseudonymise and encrypt personal data where appropriate",
    ),
    (
        "Art. 32(1)(b)",
        "security of processing: ensure the ongoing confidentiality, integrity, availability and resilience of your systems",
    ),
    (
        "Art. 32(1)(c)",
        "security of processing: be able to restore personal data in a timely manner after an incident",
    ),
    (
        "Art. 32(1)(d)",
        "security of processing: regularly test and evaluate how well your security measures work",
    ),
    (
        "Art. 33",
        "breach notification: tell the ICO about a personal data breach",
    ),
    (
        "Art. 33(1)",
        "breach notification: tell the ICO about a personal data breach without undue delay, within 72 hours where feasible",
    ),
    (
        "Art. 33(3)",
        "breach notification: the report must describe the breach, its likely consequences and the measures taken",
    ),
    (
        "Art. 34(3)(a)",
        "no need to tell the people affected by a breach if the data was unintelligible to others, for example encrypted",
    ),
    (
        "Art. 44",
        "international transfers: personal data may leave the UK only under the conditions of Chapter V",
    ),
];

/// What a UK GDPR article means, in one line.
pub fn gdpr_meaning(article: &str) -> Option<&'static str> {
    GDPR_MEANINGS
        .iter()
        .find(|(a, _)| *a == article)
        .map(|(_, m)| *m)
}

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

impl AlertKind {
    /// The transition as the `transition` message attribute names it.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Failing => "failing",
            AlertKind::Resolved => "resolved",
            AlertKind::Deleted => "deleted",
        }
    }
}

/// One message for the owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// The subject line: ASCII, under 100 characters.
    pub subject: String,
    /// The body, plain text, at most [`BODY_MAX`] bytes.
    pub body: String,
    /// Attributes for filtering subscriptions (SNS message attributes, all `String`):
    /// `severity`, `kind` (the AWS resource type), `rule`, `control` (the Security Hub control
    /// id, `none` for Vigil's own rules), `account`, `region`, `transition` (`failing`,
    /// `resolved`, `deleted`). Never empty, at most [`ATTRIBUTE_MAX`] characters each.
    pub attributes: BTreeMap<String, String>,
}

/// The names of the message attributes every alert carries.
pub const ATTRIBUTES: [&str; 7] = [
    "severity",
    "kind",
    "rule",
    "control",
    "account",
    "region",
    "transition",
];

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

/// `text` cut to at most `max` bytes on a character boundary, with a note when it was cut.
pub fn fit_bytes(text: &str, max: usize) -> String {
    const NOTE: &str = "\n[... shortened to fit the message size limit]\n";
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub(NOTE.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{NOTE}", &text[..end])
}

/// Verbs after which "the <thing> " can be dropped from a reason to say what is wrong about the
/// named resource ("the instance is publicly accessible" → "is publicly accessible").
const VERBS: &[&str] = &[
    "is", "are", "has", "have", "does", "do", "allows", "uses", "runs", "listens", "sends", "was",
    "lacks", "grants", "permits", "sets", "keeps", "accepts", "can", "logs", "trusts",
];

/// The subject's tail after the resource's name: " is publicly accessible" when the reason's
/// first clause reads so, else ": <first clause>".
fn subject_tail(reason: &str) -> String {
    let clause = reason
        .split([':', ';', '('])
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('.');
    if clause.is_empty() {
        return String::new();
    }
    let mut words = clause.splitn(3, ' ');
    if let (Some("the"), Some(thing), Some(rest)) = (words.next(), words.next(), words.next()) {
        let verb = rest.split(' ').next().unwrap_or_default();
        if !thing.contains('\'') && VERBS.contains(&verb) {
            return format!(" {rest}");
        }
    }
    format!(": {clause}")
}

/// `[HIGH] RDS database orders-db is publicly accessible`.
fn subject(label: &str, r: &ResourceRef, reason: &str) -> String {
    let mut noun = r.resource_type.noun().to_string();
    if let Some(first) = noun.get(..1) {
        noun = format!("{}{}", first.to_uppercase(), &noun[1..]);
    }
    ascii_subject(&format!(
        "[{label}] {noun} {}{}",
        r.display_name(),
        subject_tail(reason)
    ))
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

/// The UK lines of an alert: each GDPR article with what it means, and the Cyber Essentials
/// control where one applies.
fn uk_lines(rule: &RuleMeta) -> String {
    let mut out = String::new();
    if !rule.gdpr.is_empty() {
        out.push_str("UK GDPR:\n");
        for article in rule.gdpr {
            match gdpr_meaning(article) {
                Some(meaning) => out.push_str(&format!("- {article}: {meaning}\n")),
                None => out.push_str(&format!("- {article}\n")),
            }
        }
    }
    if let Some(ce) = rule.cyber_essentials {
        out.push_str(&format!("UK Cyber Essentials: {}\n", ce.label()));
    }
    out
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
                asff::truncate(&actor.describe(), 300),
                o.origin.kind.label(),
                asff::truncate(&o.origin.what, 200)
            )
        }
        None => format!(
            "Recorded by {} at {when} ({}); AWS Config does not say who made the change: look up the resource in CloudTrail for that.",
            o.origin.kind.label(),
            asff::truncate(&o.origin.what, 200)
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
        if o.origin.what.ends_with("(failures)") {
            // A burst of failed sign-ins: no one signed in, and who tried is not known.
            return format!(
                "Repeated failed sign-ins to the AWS console of account {account} ({region}), the last at {when}{from}: {reason}.",
                account = r.account,
                region = r.region,
                when = o.captured_at.format("%H:%M:%S UTC on %Y-%m-%d"),
                from = actor
                    .and_then(|a| a.source_ip.as_deref())
                    .map(|ip| format!(" from {ip}"))
                    .unwrap_or_default(),
            );
        }
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
            who = asff::truncate(&actor.who(), 300),
            noun = r.resource_type.noun(),
            name = r.display_name(),
            account = r.account,
            region = r.region,
            when = o.captured_at.format("%H:%M:%S UTC on %Y-%m-%d"),
            from = actor
                .source_ip
                .as_deref()
                .map(|ip| format!(" from {}", asff::truncate(ip, 60)))
                .unwrap_or_default(),
        ),
        None => format!("Vigil found a problem with {}.", where_line(r)),
    }
}

/// The Security Hub console's address in the resource's partition, where AWS documents one.
fn console_address(r: &ResourceRef) -> Option<&'static str> {
    (r.partition() == "aws").then_some("https://console.aws.amazon.com/securityhub/")
}

/// The `aws securityhub get-findings` command that shows exactly this finding in the Security
/// Hub of `region` (where it is filed), quoted for a POSIX shell.
pub fn get_findings_command(region: &str, finding_id: &str) -> String {
    // The id as a JSON string (quotes and backslashes escaped), in a fixed member order.
    let id = serde_json::Value::String(finding_id.to_string()).to_string();
    let filter = format!(r#"{{"Id":[{{"Value":{id},"Comparison":"EQUALS"}}]}}"#);
    format!(
        "aws securityhub get-findings --region {} --filters '{}'",
        region,
        filter.replace('\'', r"'\''")
    )
}

/// The WHERE TO SEE IT section: the resource, the finding's id, the console's findings page (by
/// its documented path: the console has no documented link to one finding) and the CLI command.
/// `hub_region`: the Region whose Security Hub holds the finding (the stack's: every finding is
/// filed there); `None`: the resource's.
fn where_to_see(r: &ResourceRef, rule_id: &str, hub_region: Option<&str>) -> String {
    let id = asff::finding_id(r, rule_id);
    let hub = hub_region.unwrap_or(&r.region);
    let console = match console_address(r) {
        Some(address) => format!("open the Security Hub console at {address} in {hub}"),
        None => format!("open the Security Hub console in {hub}"),
    };
    format!(
        "Resource: {arn}\n\
         Security Hub finding id: {id}\n\
         Console: {console}, choose Findings in the navigation pane, and filter on the resource ID above.\n\
         AWS CLI: {command}\n",
        arn = r.arn,
        command = get_findings_command(hub, &id),
    )
}

fn attribute(value: &str) -> String {
    if value.is_empty() {
        "none".to_string()
    } else {
        asff::truncate(value, ATTRIBUTE_MAX)
    }
}

fn attributes(
    r: &ResourceRef,
    severity: Severity,
    rule: &str,
    controls: &[&str],
    transition: AlertKind,
) -> BTreeMap<String, String> {
    let values = [
        severity.label().to_string(),
        r.resource_type.to_string(),
        rule.to_string(),
        controls.join(","),
        r.account.clone(),
        r.region.clone(),
        transition.label().to_string(),
    ];
    ATTRIBUTES
        .iter()
        .zip(values)
        .map(|(name, value)| (name.to_string(), attribute(&value)))
        .collect()
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
    /// The Region whose Security Hub holds the finding (the stack's, where the deliverer files
    /// every finding); `None`: the resource's own.
    pub hub_region: Option<&'a str>,
}

/// Whether the resource is one event of account activity (`resources::activity`).
fn is_activity(r: &ResourceRef) -> bool {
    r.resource_type.as_str() == crate::resources::activity::ACTIVITY_TYPE
}

/// The alert for a rule that started failing.
///
/// The HOW TO FIX section is the rule's exact fix rendered for this resource (`rule.fix`: the
/// console path and the filled-in CLI command of the rule's [`crate::fix::Fix`]); without it,
/// the rule's general remediation.
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
        hub_region,
    } = rule;
    let reason = asff::truncate(reason, REASON_MAX);
    let fix = match fix {
        Some(fix) => asff::truncate(&crate::fix::alert_section(fix), FIX_MAX),
        None => rule.remediation.to_string(),
    };
    let body = format!(
        "{headline}\n\n\
         WHAT IS WRONG\n\
         {reason}.\n\
         Rule: {title} ({controls})\n\
         Severity: {severity}\n\n\
         WHY IT MATTERS\n\
         {rationale}\n\
         {uk}\n\
         HOW TO FIX\n\
         {fix}\n\n\
         WHO CHANGED IT AND WHEN\n\
         {who}\n\n\
         WHERE TO SEE IT\n\
         {where_}\n\
         {closing}\n",
        closing = if is_activity(r) {
            "This is one event: Vigil alerts once for it, and its Security Hub finding is informational."
        } else {
            "You will get one more message when this is fixed; Vigil does not repeat an alert while nothing changes."
        },
        headline = headline(r, o, &reason),
        title = rule.title,
        controls = controls_text(rule),
        rationale = rule.rationale,
        uk = uk_lines(rule),
        who = who_line(o),
        where_ = where_to_see(r, rule_id, hub_region),
    );
    Alert {
        kind: AlertKind::Failing,
        subject: subject(severity.label(), r, &reason),
        body: fit_bytes(&body, BODY_MAX),
        attributes: attributes(r, severity, rule_id, rule.controls, AlertKind::Failing),
    }
}

/// The alert for a failure that was fixed, or (`no_longer_applies`) whose rule no longer
/// applies because the failing setting is gone (a deleted function URL): its finding is then
/// archived rather than passed, and the alert says so.
pub fn resolved(
    r: &ResourceRef,
    o: &Provenance,
    rule: AlertRule<'_>,
    severity: Severity,
    reason: &str,
    no_longer_applies: bool,
) -> Alert {
    let AlertRule {
        id: rule_id,
        meta: rule,
        hub_region,
        ..
    } = rule;
    let reason = asff::truncate(reason, REASON_MAX);
    let where_ = where_line(r);
    let (opening, closing) = if no_longer_applies {
        (
            format!("Closed: {where_} no longer falls under"),
            "The check no longer applies, so the finding is archived.",
        )
    } else {
        (
            format!("Fixed: {where_} now meets"),
            "The finding now reads PASSED.",
        )
    };
    let body = format!(
        "{opening} \"{title}\" ({controls}).\n\n\
         WHAT CHANGED\n\
         Now: {reason}.\n\n\
         WHO CHANGED IT AND WHEN\n\
         {who}\n\n\
         WHERE TO SEE IT\n\
         {see}\
         {closing}\n",
        title = rule.title,
        controls = controls_text(rule),
        who = who_line(o),
        see = where_to_see(r, rule_id, hub_region),
    );
    Alert {
        kind: AlertKind::Resolved,
        subject: subject("RESOLVED", r, &reason),
        body: fit_bytes(&body, BODY_MAX),
        attributes: attributes(r, severity, rule_id, rule.controls, AlertKind::Resolved),
    }
}

/// The controls of the rules a deletion closed, each once.
fn closed_controls(closed: &[&'static RuleMeta]) -> Vec<&'static str> {
    let mut controls: Vec<&'static str> = closed
        .iter()
        .flat_map(|r| r.controls.iter().copied())
        .collect();
    controls.sort_unstable();
    controls.dedup();
    controls
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
        body: fit_bytes(&body, BODY_MAX),
        attributes: attributes(
            r,
            severity,
            "resource-deleted",
            &closed_controls(closed),
            AlertKind::Deleted,
        ),
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
        body: fit_bytes(&body, BODY_MAX),
        attributes: attributes(
            r,
            Severity::High,
            "resource-deleted",
            &closed_controls(closed),
            AlertKind::Deleted,
        ),
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
    const LAMBDA: &str = include_str!("../../../events/config/lambda/function-current-in-vpc.json");

    fn parse(text: &str) -> Observation {
        match parse_event_str(text).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn observation() -> Observation {
        parse(MODIFY)
    }

    fn failing_alert() -> Alert {
        failing_alert_for(&observation(), None)
    }

    /// The outcome of `rule` for the observation's resource.
    fn outcome(o: &Observation, rule: &str) -> crate::evaluate::RuleOutcome {
        let ObservedState::Present(resource) = &o.state else {
            panic!()
        };
        evaluate(
            resource,
            &Settings::default(),
            &crate::lookups::Lookups::none(),
        )
        .into_iter()
        .find(|x| x.rule.id == rule)
        .unwrap()
    }

    /// The public-access alert for the observation's resource.
    fn failing_alert_for(o: &Observation, fix: Option<&crate::fix::RenderedFix>) -> Alert {
        let outcome = outcome(o, "rds-instance-public-access");
        failing(
            &o.resource,
            &o.provenance(),
            AlertRule {
                id: outcome.rule.id,
                meta: outcome.rule,
                fix,
                hub_region: None,
            },
            outcome.severity,
            &outcome.verdict.reason(),
        )
    }

    fn resolved_alert_for(o: &Observation, reason: &str) -> Alert {
        let outcome = outcome(o, "rds-instance-public-access");
        resolved(
            &o.resource,
            &o.provenance(),
            AlertRule {
                id: outcome.rule.id,
                meta: outcome.rule,
                fix: None,
                hub_region: None,
            },
            outcome.severity,
            reason,
            false,
        )
    }

    #[test]
    fn the_subject_says_severity_kind_name_and_what_is_wrong() {
        let a = failing_alert();
        assert!(
            a.subject.len() < 100 && a.subject.is_ascii(),
            "{}",
            a.subject
        );
        assert_eq!(
            a.subject,
            "[CRITICAL] RDS database billing-db is publicly accessible"
        );
    }

    #[test]
    fn a_resolved_subject_says_resolved_and_what_is_now_true() {
        let a = resolved_alert_for(&observation(), "the instance is not publicly accessible");
        assert_eq!(
            a.subject,
            "[RESOLVED] RDS database billing-db is not publicly accessible"
        );
        assert_eq!(a.attributes["transition"], "resolved");
        for part in [
            "WHAT CHANGED",
            "WHO CHANGED IT AND WHEN",
            "WHERE TO SEE IT",
            "get-findings",
        ] {
            assert!(a.body.contains(part), "missing {part:?} in\n{}", a.body);
        }
    }

    #[test]
    fn the_alert_points_at_the_security_hub_that_holds_the_finding() {
        let o = observation();
        let outcome = outcome(&o, "rds-instance-public-access");
        let rule = |hub_region| AlertRule {
            id: outcome.rule.id,
            meta: outcome.rule,
            fix: None,
            hub_region,
        };
        let reason = "the instance is publicly accessible";
        let at_home = failing(
            &o.resource,
            &o.provenance(),
            rule(Some("us-east-1")),
            outcome.severity,
            reason,
        );
        assert_eq!(o.resource.region, "eu-west-2");
        assert!(
            at_home.body.contains(
                "Security Hub console at https://console.aws.amazon.com/securityhub/ in us-east-1"
            ),
            "{}",
            at_home.body
        );
        assert!(
            at_home.body.contains("get-findings --region us-east-1"),
            "{}",
            at_home.body
        );
        let own = failing(
            &o.resource,
            &o.provenance(),
            rule(None),
            outcome.severity,
            reason,
        );
        assert!(
            own.body.contains("get-findings --region eu-west-2"),
            "{}",
            own.body
        );
    }

    #[test]
    fn a_rule_that_no_longer_applies_is_closed_not_passed() {
        let o = observation();
        let outcome = outcome(&o, "rds-instance-public-access");
        let rule = AlertRule {
            id: outcome.rule.id,
            meta: outcome.rule,
            fix: None,
            hub_region: None,
        };
        let reason = "the instance is gone from the subnet group";
        let closed = resolved(
            &o.resource,
            &o.provenance(),
            rule,
            outcome.severity,
            reason,
            true,
        );
        assert!(closed.body.starts_with("Closed: "), "{}", closed.body);
        assert!(
            closed.body.contains("no longer falls under"),
            "{}",
            closed.body
        );
        assert!(
            closed.body.contains("the finding is archived"),
            "{}",
            closed.body
        );
        assert!(!closed.body.contains("PASSED"), "{}", closed.body);
        let fixed = resolved(
            &o.resource,
            &o.provenance(),
            rule,
            outcome.severity,
            reason,
            false,
        );
        assert!(fixed.body.starts_with("Fixed: "), "{}", fixed.body);
        assert!(fixed.body.contains("now reads PASSED"), "{}", fixed.body);
        assert_eq!(closed.subject, fixed.subject);
    }

    #[test]
    fn a_reason_that_does_not_read_as_a_predicate_follows_a_colon() {
        assert_eq!(
            subject_tail("automated backups are kept for 1 day (fewer than 7)"),
            ": automated backups are kept for 1 day"
        );
        assert_eq!(
            subject_tail("the instance's storage is not encrypted"),
            ": the instance's storage is not encrypted"
        );
        assert_eq!(
            subject_tail("the table has no deletion protection"),
            " has no deletion protection"
        );
        assert_eq!(subject_tail(""), "");
    }

    #[test]
    fn the_body_has_its_sections_in_order() {
        let a = failing_alert();
        let mut at = 0;
        for section in [
            "WHAT IS WRONG",
            "WHY IT MATTERS",
            "HOW TO FIX",
            "WHO CHANGED IT AND WHEN",
            "WHERE TO SEE IT",
        ] {
            let found = a.body[at..]
                .find(&format!("\n{section}\n"))
                .unwrap_or_else(|| panic!("{section} missing or out of order in\n{}", a.body));
            at += found + 1;
        }
        for part in [
            "aws rds modify-db-instance",
            "Changed by",
            "- Art. 32(1)(b): security of processing: ensure the ongoing confidentiality",
            "- Art. 5(1)(f): integrity and confidentiality",
            "UK Cyber Essentials: Firewalls",
            "Security Hub RDS.2 (FSBP, CIS v3.0.0, NIST 800-53 r5, PCI DSS v4.0.1)",
        ] {
            assert!(a.body.contains(part), "missing {part:?} in\n{}", a.body);
        }
    }

    #[test]
    fn the_where_section_gives_the_console_path_and_the_exact_command() {
        let a = failing_alert();
        let o = observation();
        let id = asff::finding_id(&o.resource, "rds-instance-public-access");
        assert!(
            a.body.contains("Console: open the Security Hub console at https://console.aws.amazon.com/securityhub/ in eu-west-2, choose Findings"),
            "{}",
            a.body
        );
        let command = format!(
            "AWS CLI: aws securityhub get-findings --region eu-west-2 --filters '{{\"Id\":[{{\"Value\":\"{id}\",\"Comparison\":\"EQUALS\"}}]}}'"
        );
        assert!(a.body.contains(&command), "{command}\n{}", a.body);
        // A region outside the commercial partition gets no invented address.
        let mut cn = o.clone();
        cn.resource.region = "cn-north-1".into();
        let b = failing_alert_for(&cn, None);
        assert!(!b.body.contains("console.aws.amazon.com"), "{}", b.body);
        assert!(b
            .body
            .contains("open the Security Hub console in cn-north-1"));
    }

    #[test]
    fn a_rendered_fix_replaces_the_general_remediation() {
        let fix = crate::fix::RenderedFix {
            console: "RDS console > Databases > billing-db > Modify".into(),
            command: "aws rds modify-db-instance --region eu-west-2 --db-instance-identifier billing-db --no-publicly-accessible --apply-immediately".into(),
            caution: None,
            missing: Vec::new(),
        };
        let a = failing_alert_for(&observation(), Some(&fix));
        let section = a.body.split("HOW TO FIX\n").nth(1).unwrap();
        assert!(
            section.starts_with(&crate::fix::alert_section(&fix)),
            "{}",
            a.body
        );
        assert!(
            !a.body.contains("--db-instance-identifier <name>"),
            "{}",
            a.body
        );
        // Without it, the rule's remediation.
        let b = failing_alert();
        assert!(
            b.body.contains("--db-instance-identifier <name>"),
            "{}",
            b.body
        );
    }

    #[test]
    fn every_gdpr_article_in_the_catalogue_has_a_meaning() {
        for rule in crate::rules::CATALOGUE {
            for article in rule.meta().gdpr {
                assert!(
                    gdpr_meaning(article).is_some(),
                    "{}: no meaning for {article}",
                    rule.meta().id
                );
            }
        }
    }

    #[test]
    fn the_attributes_are_there_for_subscription_filters() {
        let a = failing_alert();
        let expected = [
            ("severity", "CRITICAL"),
            ("kind", "AWS::RDS::DBInstance"),
            ("rule", "rds-instance-public-access"),
            ("control", "RDS.2"),
            ("account", "123456789012"),
            ("region", "eu-west-2"),
            ("transition", "failing"),
        ];
        assert_eq!(a.attributes.len(), ATTRIBUTES.len());
        for (name, value) in expected {
            assert_eq!(a.attributes[name], value, "{name}");
        }
    }

    #[test]
    fn subjects_are_made_ascii_and_short() {
        let s = ascii_subject(&format!("[HIGH] base-de-données {}", "x".repeat(200)));
        assert!(s.is_ascii() && s.len() <= SUBJECT_MAX);
    }

    #[test]
    fn huge_input_stays_under_the_sns_limit() {
        let mut o = observation();
        o.resource.name = Some("ü".repeat(300_000));
        o.resource.arn = format!(
            "arn:aws:rds:eu-west-2:123456789012:db:{}",
            "é".repeat(200_000)
        );
        if let Some(actor) = o.origin.actor.as_mut() {
            actor.user_agent = Some("a".repeat(500_000));
            actor.source_ip = Some("9".repeat(500_000));
        }
        o.origin.what = "w".repeat(500_000);
        let outcome = outcome(&o, "rds-instance-public-access");
        let huge = "ß".repeat(1_000_000);
        let huge_fix = crate::fix::RenderedFix {
            console: huge.clone(),
            command: huge.clone(),
            caution: Some(huge.clone()),
            missing: vec![huge.clone()],
        };
        let rule = AlertRule {
            id: outcome.rule.id,
            meta: outcome.rule,
            fix: None,
            hub_region: None,
        };
        let p = o.provenance();
        let alerts = [
            failing(
                &o.resource,
                &p,
                AlertRule {
                    fix: Some(&huge_fix),
                    hub_region: None,
                    ..rule
                },
                Severity::High,
                &huge,
            ),
            resolved(&o.resource, &p, rule, Severity::High, &huge, false),
            deleted(&o.resource, &p, &[outcome.rule; 2000]),
        ];
        for a in alerts {
            assert!(
                a.subject.is_ascii() && a.subject.len() < 100,
                "{}",
                a.subject
            );
            assert!(a.body.len() <= BODY_MAX, "{}", a.body.len());
            let attributes: usize = a.attributes.iter().map(|(k, v)| k.len() + v.len()).sum();
            assert!(
                a.subject.len() + a.body.len() + attributes < 256 * 1024,
                "{}",
                a.body.len()
            );
            assert!(a
                .attributes
                .values()
                .all(|v| !v.is_empty() && v.chars().count() <= ATTRIBUTE_MAX));
            assert!(
                a.body
                    .ends_with("[... shortened to fit the message size limit]\n")
                    || a.body.len() < BODY_MAX
            );
        }
    }

    #[test]
    fn fit_bytes_cuts_on_a_char_boundary() {
        let text = "é".repeat(100);
        let cut = fit_bytes(&text, 101);
        assert!(cut.len() <= 101, "{}", cut.len());
        assert_eq!(fit_bytes("short", 101), "short");
    }

    #[test]
    fn planted_secrets_never_reach_an_alert() {
        const PLANTED: [&str; 3] = [
            "PlantedPw-7731",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ];
        let mut event: serde_json::Value = serde_json::from_str(LAMBDA).unwrap();
        event["detail"]["configurationItem"]["configuration"]["environment"] = serde_json::json!({
            "variables": {
                "DATABASE_URL": format!("postgres://app:{}@orders-db:5432/orders", PLANTED[0]),
                "UPLOAD_KEY_ID": PLANTED[1],
                "AWS_SECRET_ACCESS_KEY": PLANTED[2],
            }
        });
        let o = parse(&event.to_string());
        let outcome = outcome(&o, "lambda-environment-secrets");
        assert_eq!(
            outcome.verdict.status(),
            Some(crate::vocabulary::Status::Failed)
        );
        let rule = AlertRule {
            id: outcome.rule.id,
            meta: outcome.rule,
            fix: None,
            hub_region: None,
        };
        let p = o.provenance();
        let reason = outcome.verdict.reason();
        let alerts = [
            failing(&o.resource, &p, rule, outcome.severity, &reason),
            resolved(&o.resource, &p, rule, outcome.severity, &reason, false),
            deleted(&o.resource, &p, &[outcome.rule]),
        ];
        for a in alerts {
            let shown = format!("{a:?}");
            assert!(
                shown.contains("DATABASE_URL") || a.kind == AlertKind::Deleted,
                "{shown}"
            );
            for planted in PLANTED {
                assert!(!shown.contains(planted), "{planted} leaked: {shown}");
            }
        }
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
        let a = failing_alert_for(&o, None);
        assert!(
            a.body
                .starts_with("Vigil found a problem with RDS database billing-db"),
            "{}",
            a.body
        );
        assert!(a.body.contains("does not say who"), "{}", a.body);
    }
}
