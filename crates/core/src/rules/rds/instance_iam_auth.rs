//! FSBP RDS.10 — IAM authentication should be configured for RDS instances.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.10]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10>), AWS Config
//! rule `rds-instance-iam-authentication-enabled`, no parameters: NON_COMPLIANT when
//! `iAMDatabaseAuthenticationEnabled` is false. The Config rule evaluates only the engines
//! `mysql`, `postgres`, `aurora`, `aurora-mysql` and `aurora-postgresql`, and only instances that
//! are available, backing-up, storage-optimization or storage-full; others are not applicable.
//!
//! `mariadb`: the Security Hub control page has been reported to list MariaDB among the evaluated
//! engines, but the Config rule page (the evaluator Security Hub runs) lists only the five
//! engines above. Vigil follows the Config rule: MariaDB instances are NOT_APPLICABLE (pinned by
//! `mariadb_follows_the_config_rule`).

use super::{engine, in_evaluated_state};
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.10.
pub struct Rds10;

/// The engines the Config rule evaluates.
const ENGINES: [&str; 5] = [
    "mysql",
    "postgres",
    "aurora",
    "aurora-mysql",
    "aurora-postgresql",
];

static META: RuleMeta = RuleMeta {
    id: "rds-instance-iam-authentication",
    title: "IAM authentication should be configured for RDS instances",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.10"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "IAMDatabaseAuthenticationEnabled is true on MySQL, PostgreSQL and Aurora instances; other engines are not applicable",
    rationale: "With IAM database authentication, applications and people connect with short-lived tokens issued to their AWS identity instead of long-lived database passwords that end up in configuration files and are rarely changed. Access can then be granted and withdrawn in one place, and every token request is recorded.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Database authentication choose 'Password and IAM database authentication', then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --enable-iam-database-authentication --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Database authentication > Password and IAM database authentication > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --enable-iam-database-authentication --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.10 (AWS Config rule rds-instance-iam-authentication-enabled)",
};

impl Rule for Rds10 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        let engine = match engine(db) {
            Ok(e) => e,
            Err(v) => return v,
        };
        if !ENGINES.contains(&engine) {
            return Verdict::not_applicable(format!(
                "RDS.10 evaluates MySQL, PostgreSQL and Aurora instances, not {engine}"
            ));
        }
        if let Err(v) = in_evaluated_state(db, "RDS.10") {
            return v;
        }
        match db.iam_database_authentication.get() {
            Some(false) => Verdict::failed(
                "IAM database authentication is turned off: only database passwords can be used",
                vec![Evidence::new("iAMDatabaseAuthenticationEnabled", false)],
            ),
            Some(true) => Verdict::passed("IAM database authentication is turned on"),
            None => Verdict::undetermined(["iAMDatabaseAuthenticationEnabled"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    fn item(engine: &str, iam: bool) -> serde_json::Value {
        json!({"engine": engine, "dBInstanceStatus": "available", "iAMDatabaseAuthenticationEnabled": iam})
    }

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval(&Rds10, item("postgres", false)),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&Rds10, item("aurora-mysql", true)),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn mariadb_follows_the_config_rule() {
        let v = eval(&Rds10, item("mariadb", false));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn other_engines_are_not_applicable() {
        assert!(matches!(
            eval(&Rds10, item("sqlserver-ex", false)),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(&Rds10, json!({"iAMDatabaseAuthenticationEnabled": false})),
            Verdict::undetermined(["engine"])
        );
        assert_eq!(
            eval(
                &Rds10,
                json!({"engine": "mysql", "dBInstanceStatus": "available"})
            ),
            Verdict::undetermined(["iAMDatabaseAuthenticationEnabled"])
        );
    }
}
