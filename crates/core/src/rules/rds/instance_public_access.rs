//! FSBP RDS.2 — RDS DB instances should prohibit public access, as determined by the
//! `PubliclyAccessible` configuration.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2>), AWS Config
//! rule `rds-instance-public-access-check`: FAILED when `PubliclyAccessible` is true; no
//! parameters.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.2.
pub struct Rds2;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-public-access",
    title: "RDS database instances should prohibit public access",
    severity: Severity::Critical,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.2"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "the instance's PubliclyAccessible setting is false",
    rationale: "A publicly accessible instance has an endpoint that resolves to a public IP address, so anyone on the internet can try to connect to the database; only its security group and password stand between your data and an attacker.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, set Connectivity > Public access to 'Not publicly accessible', and apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --no-publicly-accessible --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Connectivity > Additional configuration > Public access: Not publicly accessible > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --no-publicly-accessible --apply-immediately",
        caution: Some("Clients that connect over the internet lose access; make sure they reach the database from inside the VPC (or over a VPN) first."),
        inputs: &[],
    }),
    source: "FSBP RDS.2 (AWS Config rule rds-instance-public-access-check)",
};

impl Rule for Rds2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.publicly_accessible.get() {
            Some(true) => Verdict::failed(
                "the instance is publicly accessible: its endpoint resolves to a public IP address",
                vec![Evidence::new("publiclyAccessible", true)],
            ),
            Some(false) => Verdict::passed("the instance is not publicly accessible"),
            None => Verdict::undetermined(["publiclyAccessible"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn public_fails_with_evidence() {
        let v = eval(&Rds2, json!({"publiclyAccessible": true}));
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].field == "publiclyAccessible")
        );
    }

    #[test]
    fn private_passes() {
        assert!(matches!(
            eval(&Rds2, json!({"publiclyAccessible": false})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_not_passed() {
        assert_eq!(
            eval(&Rds2, json!({"engine": "postgres"})),
            Verdict::undetermined(["publiclyAccessible"])
        );
    }
}
