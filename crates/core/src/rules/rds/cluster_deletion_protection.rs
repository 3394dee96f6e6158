//! FSBP RDS.7 — RDS clusters should have deletion protection enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.7]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7>), AWS Config
//! rule `rds-cluster-deletion-protection-enabled`, no parameters: FAILED when
//! `deletionProtection` is false.

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.7.
pub struct Rds7;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-deletion-protection",
    title: "RDS clusters should have deletion protection enabled",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.7"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "DeletionProtection is true",
    rationale: "Deletion protection stops anyone, including a mistaken script or a stolen key, from deleting the whole cluster in one call: it must first be switched off on purpose.",
    remediation: "In the RDS console choose Databases, select the cluster, choose Modify, tick 'Enable deletion protection', then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --deletion-protection --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Deletion protection: Enable > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --deletion-protection --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.7 (AWS Config rule rds-cluster-deletion-protection-enabled)",
};

impl Rule for Rds7 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &c.deletion_protection,
            "deletionProtection",
            "deletion protection is enabled",
            "deletion protection is disabled: the cluster can be deleted in one call",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_medium_as_security_hub_rates_rds7() {
        assert_eq!(META.severity, Severity::Medium);
    }
    use crate::rules::test_support::{db, eval_cluster};
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval_cluster(&Rds7, json!({"deletionProtection": false})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(&Rds7, json!({"deletionProtection": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_and_instances_are_not_applicable() {
        assert_eq!(
            eval_cluster(&Rds7, json!({})),
            Verdict::undetermined(["deletionProtection"])
        );
        let v = Rds7.evaluate(
            &db(json!({"deletionProtection": false})),
            &Context::new(
                &crate::settings::Settings::default(),
                &crate::lookups::Lookups::none(),
            ),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }));
    }
}
