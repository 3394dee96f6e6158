//! FSBP RDS.38 — RDS for PostgreSQL DB instances should be encrypted in transit.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.38]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-38>), AWS Config
//! rule `rds-postgres-instance-encrypted-in-transit`, no parameters: NON_COMPLIANT when the
//! instance's DB parameter group is not in-sync or its `rds.force_ssl` parameter is not 1;
//! NOT_APPLICABLE for instances that are part of a DB cluster. The parameter's value is looked
//! up (kind `rds.db-parameter-group`, see [`super::in_transit`]); without the answer the rule is
//! undetermined.

use super::in_transit::Requirement;
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.38.
pub struct Rds38;

const REQUIREMENT: Requirement = Requirement {
    control: "RDS.38",
    engines: &["postgres"],
    parameter: "rds.force_ssl",
    accepted: &["1"],
};

static META: RuleMeta = RuleMeta {
    id: "rds-postgres-encrypted-in-transit",
    title: "RDS for PostgreSQL DB instances should be encrypted in transit",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.38"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "every DB parameter group of the PostgreSQL instance is in-sync and sets rds.force_ssl to 1; cluster members and other engines are not applicable",
    rationale: "Unless the database refuses unencrypted connections, a client that does not ask for TLS sends passwords, queries and results across the network in clear text, where anyone on the path can read or change them.",
    remediation: "Use a custom DB parameter group with rds.force_ssl set to 1 (default groups cannot be changed), attach it to the instance and reboot. CLI: aws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot && aws rds reboot-db-instance --db-instance-identifier <name>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Parameter groups > {parameter_group} > Edit > rds.force_ssl = 1 > Save changes",
        command: "aws rds modify-db-parameter-group --region {region} --db-parameter-group-name {parameter_group} --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=immediate",
        caution: Some("Clients that connect without TLS are refused. A default parameter group (default.*) cannot be changed: create one (aws rds create-db-parameter-group), attach it with modify-db-instance --db-parameter-group-name, and reboot."),
        inputs: &[crate::fix::Input::ParameterGroup],
    }),
    source: "FSBP RDS.38 (AWS Config rule rds-postgres-instance-encrypted-in-transit)",
};

impl Rule for Rds38 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        REQUIREMENT.evaluate(db, ctx.lookups)
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        db_instance(resource)
            .map(|db| REQUIREMENT.lookups(db))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::test_support::{db, eval};
    use crate::settings::Settings;
    use serde_json::json;

    fn item(status: &str) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres", "dBClusterIdentifier": null,
               "dBParameterGroups": [{"dBParameterGroupName": "orders-pg16", "parameterApplyStatus": status}]})
    }

    fn with_answer(config: serde_json::Value, answer: serde_json::Value) -> Verdict {
        let mut lookups = Lookups::none();
        lookups
            .insert_json(
                LookupKey::new(LookupKind::RdsDbParameterGroup, "orders-pg16"),
                answer,
            )
            .unwrap();
        Rds38.evaluate(&db(config), &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn it_asks_for_the_instances_parameter_groups() {
        assert_eq!(
            Rds38.lookups(&db(item("in-sync"))),
            vec![LookupKey::new(
                LookupKind::RdsDbParameterGroup,
                "orders-pg16"
            )]
        );
        let mut mysql = item("in-sync");
        mysql["engine"] = json!("mysql");
        assert!(Rds38.lookups(&db(mysql)).is_empty());
    }

    #[test]
    fn force_ssl_1_passes_and_0_or_unset_fails() {
        assert!(matches!(
            with_answer(
                item("in-sync"),
                json!({"parameters": {"rds.force_ssl": "1"}})
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            with_answer(
                item("in-sync"),
                json!({"parameters": {"rds.force_ssl": "0"}})
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            with_answer(item("in-sync"), json!({"parameters": {}})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_malformed_answer_is_no_answer_not_a_failure() {
        for malformed in [
            json!({}),
            json!({"parameters": {"rds.force_ssl": 1}}),
            json!({"parameters": ["rds.force_ssl"]}),
        ] {
            let mut lookups = Lookups::none();
            assert!(lookups
                .insert_json(
                    LookupKey::new(LookupKind::RdsDbParameterGroup, "orders-pg16"),
                    malformed.clone()
                )
                .is_err());
            assert_eq!(
                Rds38.evaluate(
                    &db(item("in-sync")),
                    &Context::new(&Settings::default(), &lookups)
                ),
                Verdict::undetermined(["rds.db-parameter-group:orders-pg16"]),
                "{malformed}"
            );
        }
    }

    #[test]
    fn a_group_pending_reboot_fails() {
        assert!(matches!(
            with_answer(item("pending-reboot"), json!({"parameters": {"rds.force_ssl": "1"}})),
            Verdict::Failed { ref reason, .. } if reason.contains("pending-reboot")
        ));
    }

    #[test]
    fn other_engines_and_cluster_members_are_not_applicable() {
        let mut mysql = item("in-sync");
        mysql["engine"] = json!("mysql");
        assert!(matches!(eval(&Rds38, mysql), Verdict::NotApplicable { .. }));
        let mut member = item("in-sync");
        member["dBClusterIdentifier"] = json!("orders-cluster");
        assert!(matches!(
            eval(&Rds38, member),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_the_lookup_it_is_undetermined_naming_it() {
        assert_eq!(
            eval(&Rds38, item("in-sync")),
            Verdict::undetermined(["rds.db-parameter-group:orders-pg16"])
        );
    }
}
