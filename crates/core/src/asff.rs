//! Rendering of a finding in the AWS Security Finding Format (ASFF) for `BatchImportFindings`.
//!
//! The finding `Id` is derived from exactly (account, region, rule id, resource ARN), so every
//! re-import updates the same finding instead of adding one. The `ProductArn` is the account's
//! default product, which any account may import to without a partner integration.

use crate::fix::RenderedFix;
use crate::observation::Provenance;
use crate::resource::ResourceRef;
use crate::standards;
use crate::vocabulary::{RuleMeta, Severity, Status};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The FSBP standard's name as Security Hub writes it in `RelatedRequirements`.
pub const FSBP: &str = "AWS Foundational Security Best Practices v1.0.0";

/// Whether the finding is live or archived (the resource is gone, or the rule no longer applies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordState {
    /// `ACTIVE`.
    Active,
    /// `ARCHIVED`.
    Archived,
}

/// Everything one finding is rendered from.
#[derive(Clone, Copy, Debug)]
pub struct FindingInput<'a> {
    /// The resource.
    pub resource: &'a ResourceRef,
    /// The rule's id: the finding's identity. It is `rule.id`, except for a rule this version no
    /// longer has, whose finding is archived under its old id with the retired rule's text.
    pub rule_id: &'a str,
    /// The rule's text.
    pub rule: &'static RuleMeta,
    /// The verdict.
    pub status: Status,
    /// The severity for this resource.
    pub severity: Severity,
    /// Why, in plain words.
    pub reason: &'a str,
    /// When the rule was first evaluated for this resource.
    pub first_seen: DateTime<Utc>,
    /// Now (the finding's `UpdatedAt`).
    pub now: DateTime<Utc>,
    /// Live or archived.
    pub record_state: RecordState,
    /// When and where the observation came from, and who made the change.
    pub provenance: &'a Provenance,
    /// The rule's exact fix, rendered for this resource; given for a failing finding only.
    pub fix: Option<&'a RenderedFix>,
}

/// The longest value Security Hub accepts in a `ProductFields` entry.
const PRODUCT_FIELD_MAX: usize = 2048;

/// Who made the change, from where and how, as `ProductFields` entries: a field
/// `BatchImportFindings` may update on every import (unlike `Note`, which it may not change once
/// the finding exists). Empty when the source does not say (AWS Config items).
pub fn actor_fields(provenance: &Provenance) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let Some(actor) = &provenance.origin.actor else {
        return fields;
    };
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            fields.insert(format!("vigil/{key}"), truncate(&v, PRODUCT_FIELD_MAX));
        }
    };
    put("Actor", Some(actor.who()));
    put("ActorType", actor.identity_type.clone());
    put("ActorArn", actor.arn.clone());
    put("ActorRole", actor.session_issuer.clone());
    put("ActorAccount", actor.account_id.clone());
    put("ActorMfa", actor.mfa.map(|m| m.to_string()));
    put("ActorInvokedBy", actor.invoked_by.clone());
    put("SourceIp", actor.source_ip.clone());
    put("UserAgent", actor.user_agent.clone());
    put(
        "EventTime",
        Some(
            provenance
                .captured_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        ),
    );
    put("Call", Some(provenance.origin.what.clone()));
    fields
}

/// The finding's `Id`: one per account, region, rule and resource.
pub fn finding_id(resource: &ResourceRef, rule_id: &str) -> String {
    format!(
        "vigil/{}/{}/{}/{}",
        resource.account, resource.region, rule_id, resource.arn
    )
}

/// The account's default Security Hub product ARN.
pub fn product_arn(resource: &ResourceRef) -> String {
    format!(
        "arn:{}:securityhub:{}:{}:product/{}/default",
        resource.partition(),
        resource.region,
        resource.account,
        resource.account
    )
}

/// The FSBP control's documentation page, e.g. `.../rds-controls.html#rds-2`.
pub fn control_url(control: &str) -> Option<String> {
    let (service, _) = control.split_once('.')?;
    let service = service.to_ascii_lowercase();
    Some(format!(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/{service}-controls.html#{}",
        control.to_ascii_lowercase().replace('.', "-")
    ))
}

/// `Compliance.RelatedRequirements`: the rule's FSBP controls (only those really in FSBP), its
/// UK GDPR articles and its UK Cyber Essentials control.
pub fn related_requirements(rule: &RuleMeta) -> Vec<String> {
    rule.controls
        .iter()
        .filter(|c| standards::is_fsbp(c))
        .map(|c| format!("{FSBP}/{c}"))
        .chain(rule.gdpr.iter().map(|a| format!("UK GDPR {a}")))
        .chain(rule.cyber_essentials.map(|ce| ce.requirement()))
        .collect()
}

/// `Compliance.AssociatedStandards`: the standards that include the rule's control.
pub fn associated_standards(rule: &RuleMeta) -> Vec<AssociatedStandard> {
    standards::of_rule(rule)
        .into_iter()
        .map(|s| AssociatedStandard {
            standards_id: s.standards_id().to_string(),
        })
        .collect()
}

fn finding_type(rule: &RuleMeta) -> &'static str {
    if !rule.controls.iter().any(|c| standards::is_fsbp(c)) {
        "Software and Configuration Checks/AWS Security Best Practices"
    } else {
        "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"
    }
}

/// The longest `Remediation.Recommendation.Text` Security Hub accepts.
const RECOMMENDATION_MAX: usize = 512;

/// `Remediation.Recommendation.Text`: the exact command when there is one that fits (a cut
/// command would be a wrong one), else where to find it; the rule's prose otherwise.
fn recommendation_text(rule: &RuleMeta, fix: Option<&RenderedFix>) -> String {
    match fix {
        Some(fix) if fix.command.chars().count() <= RECOMMENDATION_MAX => fix.command.clone(),
        Some(fix) => truncate(
            &format!(
                "Several steps: see ProductFields vigil/FixCommand. Console: {}",
                fix.console
            ),
            RECOMMENDATION_MAX,
        ),
        None => truncate(rule.remediation, RECOMMENDATION_MAX),
    }
}

/// The exact fix as `ProductFields` entries: `vigil/FixCommand`, `vigil/FixConsole`,
/// `vigil/FixCaution` and `vigil/FixMissing` (inputs the description lacked), each within
/// Security Hub's length limit.
pub fn fix_fields(fix: &RenderedFix) -> BTreeMap<String, String> {
    let mut out = BTreeMap::from([
        (
            "vigil/FixCommand".to_string(),
            truncate(&fix.command, PRODUCT_FIELD_MAX),
        ),
        (
            "vigil/FixConsole".to_string(),
            truncate(&fix.console, PRODUCT_FIELD_MAX),
        ),
    ]);
    if let Some(caution) = &fix.caution {
        out.insert(
            "vigil/FixCaution".to_string(),
            truncate(caution, PRODUCT_FIELD_MAX),
        );
    }
    if !fix.missing.is_empty() {
        out.insert(
            "vigil/FixMissing".to_string(),
            truncate(&fix.missing.join(","), PRODUCT_FIELD_MAX),
        );
    }
    out
}

/// Cuts text to at most `max` characters (ASFF limits fields by length), on a char boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(3)).collect();
    out.push_str("...");
    out
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `Severity` and `FindingProviderFields.Severity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FindingSeverity {
    /// `CRITICAL` .. `INFORMATIONAL` (PASSED findings are `INFORMATIONAL`).
    pub label: String,
    /// The rule's own severity.
    pub original: String,
}

/// `FindingProviderFields`: what the provider asserts (Security Hub keeps the user's overrides).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderFields {
    /// Severity.
    pub severity: FindingSeverity,
    /// Finding types.
    pub types: Vec<String>,
}

/// `Remediation.Recommendation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Recommendation {
    /// How to fix it (at most 512 characters).
    pub text: String,
    /// The FSBP control page, for FSBP rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `Remediation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Remediation {
    /// The recommendation.
    pub recommendation: Recommendation,
}

/// One entry of `Resources`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FindingResource {
    /// The ASFF resource type, e.g. `AwsRdsDbInstance`.
    pub r#type: String,
    /// The resource's ARN.
    pub id: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// The resource's region.
    pub region: String,
}

/// `Compliance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Compliance {
    /// `PASSED`, `FAILED` or `NOT_AVAILABLE`.
    pub status: String,
    /// The FSBP controls, UK GDPR articles and UK Cyber Essentials control.
    pub related_requirements: Vec<String>,
    /// The Security Hub control the rule implements (none for Vigil's own rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_control_id: Option<String>,
    /// The standards that include that control.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associated_standards: Vec<AssociatedStandard>,
}

/// `Compliance.AssociatedStandards[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociatedStandard {
    /// e.g. `standards/aws-foundational-security-best-practices/v/1.0.0`.
    pub standards_id: String,
}

/// An ASFF finding, serialised with ASFF's field names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Finding {
    /// `2018-10-08`.
    pub schema_version: String,
    /// See [`finding_id`].
    pub id: String,
    /// See [`product_arn`].
    pub product_arn: String,
    /// `vigil/<rule id>`.
    pub generator_id: String,
    /// The resource's account.
    pub aws_account_id: String,
    /// The resource's region.
    pub region: String,
    /// Finding types.
    pub types: Vec<String>,
    /// When the rule was first evaluated for the resource.
    pub created_at: String,
    /// Now.
    pub updated_at: String,
    /// When first observed.
    pub first_observed_at: String,
    /// When last observed.
    pub last_observed_at: String,
    /// Severity.
    pub severity: FindingSeverity,
    /// Provider fields.
    pub finding_provider_fields: ProviderFields,
    /// The rule's title.
    pub title: String,
    /// What is wrong and why it matters (at most 1,024 characters).
    pub description: String,
    /// How to fix it.
    pub remediation: Remediation,
    /// Vigil's own fields: rule id, controls, source, event id.
    pub product_fields: BTreeMap<String, String>,
    /// The resource.
    pub resources: Vec<FindingResource>,
    /// Compliance status and requirements.
    pub compliance: Compliance,
    /// `ACTIVE` or `ARCHIVED`.
    pub record_state: String,
}

/// Renders one ASFF finding.
pub fn finding(input: &FindingInput<'_>) -> Finding {
    let FindingInput {
        resource,
        rule_id,
        rule,
        status,
        severity,
        reason,
        first_seen,
        now,
        record_state,
        provenance,
        fix,
    } = *input;
    let origin = &provenance.origin;
    let compliance = match status {
        Status::Passed => "PASSED",
        // An accepted risk still breaks the rule: its finding is FAILED, and its workflow is
        // set to SUPPRESSED after the import (`BatchImportFindings` cannot set it).
        Status::Failed | Status::Suppressed => "FAILED",
        Status::NotApplicable => "NOT_AVAILABLE",
    };
    let label = match status {
        Status::Failed | Status::Suppressed => severity.label(),
        _ => Severity::Informational.label(),
    };
    let finding_severity = FindingSeverity {
        label: label.to_string(),
        original: severity.label().to_string(),
    };
    let types = vec![finding_type(rule).to_string()];
    Finding {
        schema_version: "2018-10-08".into(),
        id: finding_id(resource, rule_id),
        product_arn: product_arn(resource),
        generator_id: format!("vigil/{rule_id}"),
        aws_account_id: resource.account.clone(),
        region: resource.region.clone(),
        types: types.clone(),
        created_at: time(first_seen),
        updated_at: time(now),
        first_observed_at: time(first_seen),
        last_observed_at: time(now),
        severity: finding_severity.clone(),
        finding_provider_fields: ProviderFields {
            severity: finding_severity,
            types,
        },
        title: truncate(rule.title, 256),
        description: truncate(
            &format!("{}: {reason}. {}", resource.display_name(), rule.rationale),
            1024,
        ),
        remediation: Remediation {
            recommendation: Recommendation {
                text: recommendation_text(rule, fix),
                url: rule.controls.first().and_then(|c| control_url(c)),
            },
        },
        product_fields: {
            let mut fields = BTreeMap::from([
                ("vigil/RuleId".to_string(), rule_id.to_string()),
                ("vigil/Controls".to_string(), rule.controls.join(",")),
                ("vigil/Source".to_string(), origin.kind.label().to_string()),
                ("vigil/EventId".to_string(), origin.event_id.clone()),
            ]);
            fields.extend(actor_fields(provenance));
            if let Some(fix) = fix {
                fields.extend(fix_fields(fix));
            }
            fields
        },
        resources: vec![FindingResource {
            r#type: resource.resource_type.asff_type().to_string(),
            id: resource.arn.clone(),
            partition: resource.partition().to_string(),
            region: resource.region.clone(),
        }],
        compliance: Compliance {
            status: compliance.to_string(),
            related_requirements: related_requirements(rule),
            security_control_id: rule.controls.first().map(|c| c.to_string()),
            associated_standards: associated_standards(rule),
        },
        record_state: match record_state {
            RecordState::Active => "ACTIVE",
            RecordState::Archived => "ARCHIVED",
        }
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::{Actor, Origin, SourceKind};
    use crate::resource::ResourceType;
    use crate::rules::by_id;
    use serde_json::json;

    fn resource() -> ResourceRef {
        ResourceRef {
            resource_type: ResourceType("AWS::RDS::DBInstance".into()),
            id: "db-ABC".into(),
            name: Some("orders-db".into()),
            arn: "arn:aws:rds:eu-west-2:123456789012:db:orders-db".into(),
            account: "123456789012".into(),
            region: "eu-west-2".into(),
        }
    }

    fn render(status: Status) -> serde_json::Value {
        let origin = Origin {
            kind: SourceKind::ConfigItem,
            event_id: "e1".into(),
            what: "configuration item OK".into(),
            actor: None,
        };
        let t: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let provenance = Provenance {
            captured_at: t,
            origin,
        };
        serde_json::to_value(finding(&FindingInput {
            resource: &resource(),
            rule_id: "rds-instance-public-access",
            rule: by_id("rds-instance-public-access").unwrap().meta(),
            status,
            severity: Severity::Critical,
            reason: "the instance is publicly accessible",
            first_seen: t,
            now: t,
            record_state: RecordState::Active,
            provenance: &provenance,
            fix: None,
        }))
        .unwrap()
    }

    #[test]
    fn the_id_is_derived_from_account_region_rule_and_arn_only() {
        let a = render(Status::Failed);
        let b = render(Status::Passed);
        assert_eq!(a["Id"], b["Id"]);
        assert_eq!(
            a["Id"],
            "vigil/123456789012/eu-west-2/rds-instance-public-access/arn:aws:rds:eu-west-2:123456789012:db:orders-db"
        );
        assert_eq!(
            a["ProductArn"],
            "arn:aws:securityhub:eu-west-2:123456789012:product/123456789012/default"
        );
    }

    #[test]
    fn compliance_names_the_fsbp_control_and_the_gdpr_article() {
        let f = render(Status::Failed);
        assert_eq!(f["Compliance"]["Status"], "FAILED");
        let reqs = f["Compliance"]["RelatedRequirements"].as_array().unwrap();
        assert!(reqs.contains(&json!(
            "AWS Foundational Security Best Practices v1.0.0/RDS.2"
        )));
        assert!(reqs
            .iter()
            .any(|r| r.as_str().unwrap().starts_with("UK GDPR Art. 32")));
        assert_eq!(f["Resources"][0]["Type"], "AwsRdsDbInstance");
        assert_eq!(f["Severity"]["Label"], "CRITICAL");
        assert_eq!(
            f["Remediation"]["Recommendation"]["Url"],
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2"
        );
    }

    #[test]
    fn compliance_carries_the_control_id_its_standards_and_cyber_essentials() {
        let f = render(Status::Failed);
        assert_eq!(f["Compliance"]["SecurityControlId"], "RDS.2");
        let ids: Vec<&str> = f["Compliance"]["AssociatedStandards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["StandardsId"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "standards/aws-foundational-security-best-practices/v/1.0.0",
                "standards/cis-aws-foundations-benchmark/v/3.0.0",
                "standards/nist-800-53/v/5.0.0",
                "standards/pci-dss/v/4.0.1"
            ]
        );
        let reqs = f["Compliance"]["RelatedRequirements"].as_array().unwrap();
        assert!(reqs.contains(&json!("UK Cyber Essentials v3.3: Firewalls")));
    }

    #[test]
    fn a_control_outside_fsbp_is_not_labelled_fsbp() {
        let kms4 = by_id("kms-key-rotation").unwrap().meta();
        assert!(!related_requirements(kms4)
            .iter()
            .any(|r| r.starts_with(FSBP)));
        assert!(!finding_type(kms4).contains("Foundational"));
        assert!(associated_standards(kms4)
            .iter()
            .all(|s| !s.standards_id.contains("foundational")));
    }

    #[test]
    fn a_passed_finding_is_informational() {
        let f = render(Status::Passed);
        assert_eq!(f["Compliance"]["Status"], "PASSED");
        assert_eq!(f["Severity"]["Label"], "INFORMATIONAL");
    }

    #[test]
    fn truncation_respects_limits_and_char_boundaries() {
        let long = "é".repeat(2000);
        let t = truncate(&long, 1024);
        assert_eq!(t.chars().count(), 1024);
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn partitions_follow_the_region() {
        let mut r = resource();
        r.region = "cn-north-1".into();
        assert!(product_arn(&r).starts_with("arn:aws-cn:securityhub:cn-north-1:"));
    }

    #[test]
    fn who_made_the_change_is_in_the_product_fields_and_absent_for_config_items() {
        let t: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let mut provenance = Provenance {
            captured_at: t,
            origin: Origin {
                kind: SourceKind::CloudTrail,
                event_id: "ev-1".into(),
                what: "rds.amazonaws.com ModifyDBInstance".into(),
                actor: Some(Actor {
                    identity_type: Some("AssumedRole".into()),
                    arn: Some(
                        "arn:aws:sts::123456789012:assumed-role/DevOps/alice@example.com".into(),
                    ),
                    session_issuer: Some("arn:aws:iam::123456789012:role/DevOps".into()),
                    session_issuer_name: Some("DevOps".into()),
                    session_name: Some("alice@example.com".into()),
                    mfa: Some(false),
                    source_ip: Some("203.0.113.7".into()),
                    user_agent: Some("aws-cli/2.15.0".into()),
                    ..Actor::default()
                }),
            },
        };
        let fields = actor_fields(&provenance);
        assert_eq!(
            fields["vigil/Actor"],
            "alice@example.com (role DevOps, no MFA)"
        );
        assert_eq!(fields["vigil/ActorMfa"], "false");
        assert_eq!(fields["vigil/SourceIp"], "203.0.113.7");
        assert_eq!(fields["vigil/EventTime"], "2026-11-23T09:00:00Z");
        assert_eq!(fields["vigil/Call"], "rds.amazonaws.com ModifyDBInstance");
        assert!(!fields.contains_key("vigil/ActorInvokedBy"));
        provenance.origin.actor = None;
        assert!(actor_fields(&provenance).is_empty());
        // A config item's finding has the four fields it always had.
        let v = render(Status::Failed);
        assert_eq!(v["ProductFields"].as_object().unwrap().len(), 4, "{v}");
    }
}
