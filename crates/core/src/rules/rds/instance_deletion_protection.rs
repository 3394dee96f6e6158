//! FSBP RDS.8 — RDS DB instances should have deletion protection enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.8]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8>), AWS Config
//! rule `rds-instance-deletion-protection-enabled` with its non-customisable `databaseEngines`
//! parameter (below). Instances of other engines (Aurora, whose deletion protection is set on
//! the cluster and checked by RDS.7; Neptune; DocumentDB) are not applicable.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.8.
pub struct Rds8;

/// FSBP RDS.8's `databaseEngines` parameter.
pub const DATABASE_ENGINES: &[&str] = &[
    "mariadb",
    "mysql",
    "custom-oracle-ee",
    "oracle-ee-cdb",
    "oracle-se2-cdb",
    "oracle-ee",
    "oracle-se2",
    "oracle-se1",
    "oracle-se",
    "postgres",
    "sqlserver-ee",
    "sqlserver-se",
    "sqlserver-ex",
    "sqlserver-web",
];

static META: RuleMeta = RuleMeta {
    id: "rds-instance-deletion-protection",
    title: "RDS database instances should have deletion protection enabled",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.8"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "DeletionProtection is true (instances of MariaDB, MySQL, Oracle, PostgreSQL and SQL Server; other engines are not applicable)",
    rationale: "Without deletion protection one API call or console click, by mistake, by a faulty script or by an attacker, destroys the database. UK GDPR requires protection against accidental loss or destruction of personal data.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, tick 'Enable deletion protection', and apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --deletion-protection --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Deletion protection: Enable > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --deletion-protection --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.8 (AWS Config rule rds-instance-deletion-protection-enabled)",
};

impl Rule for Rds8 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        let Some(engine) = db.engine.get() else {
            return Verdict::undetermined(["engine"]);
        };
        if !DATABASE_ENGINES.contains(&engine.as_str()) {
            return Verdict::not_applicable(format!(
                "engine {engine} is not one RDS.8 evaluates (Aurora deletion protection is a cluster setting)"
            ));
        }
        match db.deletion_protection.get() {
            Some(true) => Verdict::passed("deletion protection is enabled"),
            Some(false) => Verdict::failed(
                "deletion protection is disabled",
                vec![Evidence::new("deletionProtection", false)],
            ),
            None => Verdict::undetermined(["deletionProtection"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn unprotected_postgres_fails() {
        let v = eval(
            &Rds8,
            json!({"engine": "postgres", "deletionProtection": false}),
        );
        assert!(matches!(v, Verdict::Failed { .. }));
    }

    #[test]
    fn protected_mysql_passes() {
        let v = eval(
            &Rds8,
            json!({"engine": "mysql", "deletionProtection": true}),
        );
        assert!(matches!(v, Verdict::Passed { .. }));
    }

    #[test]
    fn aurora_members_are_not_applicable() {
        let v = eval(
            &Rds8,
            json!({"engine": "aurora-postgresql", "deletionProtection": false}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_engine_or_flag_is_undetermined() {
        assert_eq!(
            eval(&Rds8, json!({"deletionProtection": false})),
            Verdict::undetermined(["engine"])
        );
        assert_eq!(
            eval(&Rds8, json!({"engine": "postgres"})),
            Verdict::undetermined(["deletionProtection"])
        );
    }
}
