//! FSBP RDS.12 — IAM authentication should be configured for RDS clusters.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.12]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-12>), AWS Config
//! rule `rds-cluster-iam-authentication-enabled`, no parameters: NON_COMPLIANT when the cluster
//! does not have IAM authentication enabled (`iamdatabaseAuthenticationEnabled`).

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// RDS.12.
pub struct Rds12;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-iam-authentication",
    title: "IAM authentication should be configured for RDS clusters",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.12"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "IAM database authentication is enabled on the cluster",
    rationale: "With IAM database authentication, applications and people connect with short-lived tokens issued to their AWS identity instead of long-lived database passwords that end up in configuration files. Access can be granted and withdrawn in one place, and every token request is recorded.",
    remediation: "In the RDS console choose Databases, select the cluster, choose Modify, and under Database authentication choose 'Password and IAM database authentication', then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --enable-iam-database-authentication --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Database authentication > Password and IAM database authentication > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --enable-iam-database-authentication --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.12 (AWS Config rule rds-cluster-iam-authentication-enabled)",
};

impl Rule for Rds12 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &c.iam_database_authentication,
            "iamdatabaseAuthenticationEnabled",
            "IAM database authentication is enabled",
            "IAM database authentication is disabled: only database passwords can be used",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval_cluster(&Rds12, json!({"iamdatabaseAuthenticationEnabled": false})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(&Rds12, json!({"iamdatabaseAuthenticationEnabled": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds12, json!({"engine": "aurora-postgresql"})),
            Verdict::undetermined(["iamdatabaseAuthenticationEnabled"])
        );
    }
}
