//! FSBP RDS.5 — RDS DB instances should be configured with multiple Availability Zones.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5>), AWS Config
//! rule `rds-multi-az-support`, no parameters: FAILED when `multiAZ` is false. The Config rule does
//! not evaluate Amazon Aurora databases, whose availability is the cluster's (RDS.15): instances
//! that belong to a DB cluster (`dBClusterIdentifier` set) are not applicable.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.5.
pub struct Rds5;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-multi-az",
    title: "RDS database instances should be configured with multiple Availability Zones",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.5"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "MultiAZ is true; instances that belong to a DB cluster (Aurora) are not applicable",
    rationale: "A Multi-AZ instance keeps a synchronous standby copy in a second data centre and fails over to it automatically. With a single instance, a hardware fault or an outage in one Availability Zone takes the database, and whatever depends on it, offline until AWS recovers it. UK GDPR asks for the ongoing availability and resilience of systems that process personal data.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Availability & durability choose 'Create a standby instance', then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --multi-az --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Availability & durability > Create a standby instance > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --multi-az --apply-immediately",
        caution: Some("A Multi-AZ standby roughly doubles the instance's cost; the conversion takes a snapshot and can slow the database while it runs (apply in the maintenance window if that matters)."),
        inputs: &[],
    }),
    source: "FSBP RDS.5 (AWS Config rule rds-multi-az-support)",
};

impl Rule for Rds5 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.cluster_identifier.get() {
            None => return Verdict::undetermined(["dBClusterIdentifier"]),
            Some(Some(cluster)) => {
                return Verdict::not_applicable(format!(
                    "the instance belongs to DB cluster {cluster}, whose Availability Zones are checked by RDS.15"
                ))
            }
            Some(None) => {}
        }
        match db.multi_az.get() {
            Some(false) => Verdict::failed(
                "the instance runs in a single Availability Zone, with no standby",
                vec![Evidence::new("multiAZ", false)],
            ),
            Some(true) => Verdict::passed("the instance has a Multi-AZ standby"),
            None => Verdict::undetermined(["multiAZ"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    fn full(multi_az: bool) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres", "multiAZ": multi_az})
    }

    #[test]
    fn single_az_fails_and_multi_az_passes() {
        assert!(
            matches!(eval(&Rds5, full(false)), Verdict::Failed { ref evidence, .. } if evidence[0].field == "multiAZ")
        );
        assert!(matches!(eval(&Rds5, full(true)), Verdict::Passed { .. }));
    }

    #[test]
    fn cluster_members_are_not_applicable() {
        let mut c = full(false);
        c["engine"] = json!("aurora-postgresql");
        c["dBClusterIdentifier"] = json!("orders-cluster");
        assert!(matches!(eval(&Rds5, c), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(&Rds5, json!({"multiAZ": false})),
            Verdict::undetermined(["dBClusterIdentifier"])
        );
        assert_eq!(
            eval(
                &Rds5,
                json!({"dBInstanceIdentifier": "a", "engine": "mysql"})
            ),
            Verdict::undetermined(["multiAZ"])
        );
    }
}
