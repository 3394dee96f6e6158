//! Vigil's own rule (beyond FSBP): the master password is managed by Secrets Manager.
//!
//! Source: Vigil's credentials practice; RDS's `ManageMasterUserPassword` option (Amazon RDS
//! user guide, "Password management with Amazon RDS and AWS Secrets Manager"). When RDS manages
//! the master password, DescribeDBInstances (and CloudTrail's `responseElements`) carry
//! `masterUserSecret` with the secret's ARN; a full description with `"masterUserSecret": null`
//! means the password was set by hand. The AWS Config resource schema for
//! `AWS::RDS::DBInstance` does not list `masterUserSecret`, so a Config item without it is
//! undetermined. Aurora cluster members are not applicable (the cluster holds the password).

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// Master password managed by Secrets Manager.
pub struct ManagedMasterPassword;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-master-password-managed",
    title: "RDS database instances should let RDS manage the master password in Secrets Manager",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the instance has a masterUserSecret (ManageMasterUserPassword is on); cluster members are not applicable",
    rationale: "A master password typed in by hand ends up in scripts, chat messages and CI settings and is rarely changed. With ManageMasterUserPassword, RDS generates it, stores it encrypted in Secrets Manager and rotates it, and people and applications read it only with IAM permission.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Credentials management choose 'Managed in AWS Secrets Manager', then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --manage-master-user-password --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Settings > Credentials management: Managed in AWS Secrets Manager > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --manage-master-user-password --apply-immediately",
        caution: Some("RDS generates a new master password and keeps it in Secrets Manager (a secret is charged): anything that logs in with the old master password stops working until it reads the secret."),
        inputs: &[],
    }),
    source: "Vigil practice: master credentials managed by Secrets Manager (RDS ManageMasterUserPassword)",
};

impl Rule for ManagedMasterPassword {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        if let Some(Some(cluster)) = db.cluster_identifier.get() {
            return Verdict::not_applicable(format!(
                "the instance belongs to DB cluster {cluster}, which holds the master password"
            ));
        }
        match db.master_user_secret.get() {
            Some(Some(_)) => {
                Verdict::passed("the master password is managed by RDS in Secrets Manager")
            }
            Some(None) => Verdict::failed(
                "the master password is not managed by Secrets Manager: it was set by hand",
                vec![Evidence::new("masterUserSecret", "none")],
            ),
            None => Verdict::undetermined(["masterUserSecret"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn a_managed_secret_passes_and_none_fails() {
        assert!(matches!(
            eval(
                &ManagedMasterPassword,
                json!({"masterUserSecret": {"secretArn": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:rds!db-1", "secretStatus": "active"}})
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&ManagedMasterPassword, json!({"masterUserSecret": null})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn cluster_members_are_not_applicable() {
        assert!(matches!(
            eval(
                &ManagedMasterPassword,
                json!({"dBClusterIdentifier": "c", "masterUserSecret": null})
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn a_config_item_without_the_field_is_undetermined() {
        assert_eq!(
            eval(
                &ManagedMasterPassword,
                json!({"dBInstanceIdentifier": "a", "engine": "mysql"})
            ),
            Verdict::undetermined(["masterUserSecret"])
        );
    }
}
