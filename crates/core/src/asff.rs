//! Rendering of a finding in the AWS Security Finding Format (ASFF) for `BatchImportFindings`.
//!
//! The finding `Id` is derived from exactly (account, region, rule id, resource ARN), so every
//! re-import updates the same finding instead of adding one. The `ProductArn` is the account's
//! default product, which any account may import to without a partner integration.

use crate::observation::Origin;
use crate::resource::ResourceRef;
use crate::rules::{RuleMeta, Severity};
use crate::state::Status;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

/// The FSBP standard's name as Security Hub writes it in `RelatedRequirements`.
pub const FSBP: &str = "AWS Foundational Security Best Practices v1.0.0";

/// Whether the finding is live or archived (the resource is gone, or the rule no longer applies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// The rule.
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
    /// Where the observation came from.
    pub origin: &'a Origin,
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

/// `Compliance.RelatedRequirements`: the FSBP controls and the UK GDPR articles.
pub fn related_requirements(rule: &RuleMeta) -> Vec<String> {
    rule.controls
        .iter()
        .map(|c| format!("{FSBP}/{c}"))
        .chain(rule.gdpr.iter().map(|a| format!("UK GDPR {a}")))
        .collect()
}

fn finding_type(rule: &RuleMeta) -> &'static str {
    if rule.controls.is_empty() {
        "Software and Configuration Checks/AWS Security Best Practices"
    } else {
        "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"
    }
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

/// Renders one ASFF finding.
pub fn finding(input: &FindingInput<'_>) -> Value {
    let FindingInput {
        resource,
        rule,
        status,
        severity,
        reason,
        first_seen,
        now,
        record_state,
        origin,
    } = *input;
    let compliance = match status {
        Status::Passed => "PASSED",
        Status::Failed => "FAILED",
        Status::NotApplicable => "NOT_AVAILABLE",
    };
    let label = match status {
        Status::Failed => severity.label(),
        _ => Severity::Informational.label(),
    };
    let types = [finding_type(rule)];
    let description = truncate(
        &format!("{}: {reason}. {}", resource.display_name(), rule.rationale),
        1024,
    );
    let mut recommendation = json!({ "Text": truncate(rule.remediation, 512) });
    if let Some(url) = rule.controls.first().and_then(|c| control_url(c)) {
        recommendation["Url"] = json!(url);
    }
    json!({
        "SchemaVersion": "2018-10-08",
        "Id": finding_id(resource, rule.id),
        "ProductArn": product_arn(resource),
        "GeneratorId": format!("vigil/{}", rule.id),
        "AwsAccountId": resource.account,
        "Region": resource.region,
        "Types": types,
        "CreatedAt": time(first_seen),
        "UpdatedAt": time(now),
        "FirstObservedAt": time(first_seen),
        "LastObservedAt": time(now),
        "Severity": { "Label": label, "Original": severity.label() },
        "FindingProviderFields": {
            "Severity": { "Label": label, "Original": severity.label() },
            "Types": types,
        },
        "Title": truncate(rule.title, 256),
        "Description": description,
        "Remediation": { "Recommendation": recommendation },
        "ProductFields": {
            "vigil/RuleId": rule.id,
            "vigil/Controls": rule.controls.join(","),
            "vigil/Source": origin.kind.label(),
            "vigil/EventId": origin.event_id,
        },
        "Resources": [{
            "Type": resource.resource_type.asff_type(),
            "Id": resource.arn,
            "Partition": resource.partition(),
            "Region": resource.region,
        }],
        "Compliance": {
            "Status": compliance,
            "RelatedRequirements": related_requirements(rule),
        },
        "RecordState": match record_state {
            RecordState::Active => "ACTIVE",
            RecordState::Archived => "ARCHIVED",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::SourceKind;
    use crate::resource::ResourceType;
    use crate::rules::by_id;

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

    fn render(status: Status) -> Value {
        let origin = Origin {
            kind: SourceKind::ConfigItem,
            event_id: "e1".into(),
            what: "configuration item OK".into(),
            actor: None,
        };
        let t: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        finding(&FindingInput {
            resource: &resource(),
            rule: by_id("rds-instance-public-access").unwrap().meta(),
            status,
            severity: Severity::Critical,
            reason: "the instance is publicly accessible",
            first_seen: t,
            now: t,
            record_state: RecordState::Active,
            origin: &origin,
        })
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
        assert_eq!(a["ProductArn"], "arn:aws:securityhub:eu-west-2:123456789012:product/123456789012/default");
    }

    #[test]
    fn compliance_names_the_fsbp_control_and_the_gdpr_article() {
        let f = render(Status::Failed);
        assert_eq!(f["Compliance"]["Status"], "FAILED");
        let reqs = f["Compliance"]["RelatedRequirements"].as_array().unwrap();
        assert!(reqs.contains(&json!("AWS Foundational Security Best Practices v1.0.0/RDS.2")));
        assert!(reqs.iter().any(|r| r.as_str().unwrap().starts_with("UK GDPR Art. 32")));
        assert_eq!(f["Resources"][0]["Type"], "AwsRdsDbInstance");
        assert_eq!(f["Severity"]["Label"], "CRITICAL");
        assert_eq!(
            f["Remediation"]["Recommendation"]["Url"],
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2"
        );
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
}
