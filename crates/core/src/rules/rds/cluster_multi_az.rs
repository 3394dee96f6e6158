//! FSBP RDS.15 — RDS DB clusters should be configured for multiple Availability Zones.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.15]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-15>), AWS Config
//! rule `rds-cluster-multi-az-enabled`, no parameters: NON_COMPLIANT when the Aurora or Multi-AZ
//! DB cluster is not configured with Multi-AZ (`multiAZ` false).

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.15.
pub struct Rds15;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-multi-az",
    title: "RDS DB clusters should be configured for multiple Availability Zones",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.15"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "MultiAZ is true (the cluster has instances in more than one Availability Zone)",
    rationale: "Aurora keeps your data in several data centres, but the database servers that answer queries run where you put them. If they are all in one Availability Zone, an outage there takes the database offline: there is no reader elsewhere to take over.",
    remediation: "Add a reader instance in another Availability Zone: in the RDS console select the cluster, choose Actions > Add reader, and pick a different Availability Zone. CLI: aws rds create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <name>-reader --engine <engine> --db-instance-class <class> --availability-zone <another AZ>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Actions > Add reader > Availability Zone: one the cluster does not use",
        command: r#"aws rds create-db-instance --region {region} --db-cluster-identifier {name} --db-instance-identifier {name}-reader-2 --engine {engine} --db-instance-class "$INSTANCE_CLASS" --availability-zone "$OTHER_AVAILABILITY_ZONE""#,
        caution: Some("The extra instance is charged like the writer."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "FSBP RDS.15 (AWS Config rule rds-cluster-multi-az-enabled)",
};

impl Rule for Rds15 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &c.multi_az,
            "multiAZ",
            "the cluster spans more than one Availability Zone",
            "the cluster runs in a single Availability Zone",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn single_az_fails_and_multi_az_passes() {
        assert!(matches!(
            eval_cluster(&Rds15, json!({"multiAZ": false})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(&Rds15, json!({"multiAZ": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds15, json!({})),
            Verdict::undetermined(["multiAZ"])
        );
    }
}
