//! FSBP RDS.18 — RDS instances should be deployed in a VPC.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.18]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-18>), AWS Config
//! rule `rds-deployed-in-vpc` (Security Hub service-managed), no parameters: FAILED when the
//! instance is not in a VPC. The configuration item names the VPC in `dBSubnetGroup.vpcId`; an
//! item that says `"dBSubnetGroup": null` is an instance outside any VPC (EC2-Classic); an item
//! that does not carry the field is undetermined.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.18.
pub struct Rds18;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-in-vpc",
    title: "RDS instances should be deployed in a VPC",
    severity: Severity::High,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.18"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "the instance's DB subnet group names a VPC (dBSubnetGroup.vpcId)",
    rationale: "Inside a VPC the database sits on a private network of your own, reachable only through the routes and security groups you allow. Outside one (the retired EC2-Classic network) it shares a flat network with other AWS customers.",
    remediation: "Move the instance into a VPC: in the RDS console choose Databases, select the instance, choose Modify, and choose a DB subnet group in your VPC (or restore a snapshot into the VPC). CLI: aws rds modify-db-instance --db-instance-identifier <name> --db-subnet-group-name <subnet group in your VPC> --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Connectivity > DB subnet group: a subnet group in your VPC > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --db-subnet-group-name "$DB_SUBNET_GROUP" --apply-immediately"#,
        caution: Some("Moving the instance into a VPC restarts it and changes its address; clients must reach it from the VPC afterwards."),
        inputs: &[],
    }),
    source: "FSBP RDS.18 (AWS Config rule rds-deployed-in-vpc)",
};

impl Rule for Rds18 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.vpc_id.get() {
            Some(Some(vpc)) => Verdict::passed(format!("the instance is deployed in {vpc}")),
            Some(None) => Verdict::failed(
                "the instance has no DB subnet group in a VPC",
                vec![Evidence::new("dBSubnetGroup", "none")],
            ),
            None => Verdict::undetermined(["dBSubnetGroup.vpcId"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn an_instance_in_a_vpc_passes() {
        assert!(matches!(
            eval(
                &Rds18,
                json!({"dBSubnetGroup": {"dBSubnetGroupName": "app", "vpcId": "vpc-0a1b2c3d4e5f60718"}})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn an_instance_with_a_null_subnet_group_fails() {
        assert!(matches!(
            eval(
                &Rds18,
                json!({"dBInstanceIdentifier": "legacy", "engine": "mysql", "dBSubnetGroup": null})
            ),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn an_absent_subnet_group_is_undetermined() {
        assert_eq!(
            eval(
                &Rds18,
                json!({"dBInstanceIdentifier": "a", "engine": "mysql"})
            ),
            Verdict::undetermined(["dBSubnetGroup.vpcId"])
        );
    }
}
