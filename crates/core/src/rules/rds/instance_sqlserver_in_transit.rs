//! FSBP RDS.41 — RDS for SQL Server DB instances should be encrypted in transit.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.41]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-41>), AWS Config
//! rule `rds-sqlserver-encrypted-in-transit`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/rds-sqlserver-encrypted-in-transit.html>),
//! no parameters: NON_COMPLIANT when the DB parameter group's `rds.force_ssl` is not `1` or the
//! group's apply status is not `in-sync`. Applies to the SQL Server engines (`sqlserver-ee`,
//! `sqlserver-se`, `sqlserver-ex`, `sqlserver-web`). The parameter's value is looked up (kind
//! `rds.db-parameter-group`, see [`super::in_transit`]); without the answer the rule is
//! undetermined.

use super::in_transit::Requirement;
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.41.
pub struct Rds41;

const REQUIREMENT: Requirement = Requirement {
    control: "RDS.41",
    engines: &[
        "sqlserver-ee",
        "sqlserver-se",
        "sqlserver-ex",
        "sqlserver-web",
    ],
    parameter: "rds.force_ssl",
    accepted: &["1"],
};

static META: RuleMeta = RuleMeta {
    id: "rds-sqlserver-encrypted-in-transit",
    title: "RDS for SQL Server DB instances should be encrypted in transit",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.41"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "every DB parameter group of the SQL Server instance is in-sync and sets rds.force_ssl to 1; cluster members and other engines are not applicable",
    rationale: "Unless SQL Server refuses unencrypted connections, a client that does not ask for TLS sends logins, queries and results across the network in clear text, where anyone on the path can read or change them.",
    remediation: "Use a custom DB parameter group with rds.force_ssl set to 1 (default groups cannot be changed), attach it to the instance and reboot it (the parameter is static). CLI: aws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Parameter groups > {parameter_group} > Edit > rds.force_ssl = 1 > Save changes; then Databases > {name} > Actions > Reboot",
        command: "aws rds modify-db-parameter-group --region {region} --db-parameter-group-name {parameter_group} --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot
aws rds reboot-db-instance --region {region} --db-instance-identifier {name}",
        caution: Some("rds.force_ssl is static for SQL Server: the reboot is downtime, and clients that connect without TLS are refused afterwards. A default parameter group (default.*) cannot be changed: create one and attach it first."),
        inputs: &[crate::fix::Input::ParameterGroup],
    }),
    source: "FSBP RDS.41 (AWS Config rule rds-sqlserver-encrypted-in-transit)",
};

impl Rule for Rds41 {
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

    fn item() -> serde_json::Value {
        json!({"dBInstanceIdentifier": "ledger-db", "engine": "sqlserver-se", "dBClusterIdentifier": null,
               "dBParameterGroups": [{"dBParameterGroupName": "ledger-sqlserver-se-16", "parameterApplyStatus": "in-sync"}]})
    }

    fn with(item: serde_json::Value, value: Option<&str>) -> Verdict {
        let mut lookups = Lookups::none();
        let parameters = match value {
            Some(v) => json!({"rds.force_ssl": v}),
            None => json!({}),
        };
        lookups
            .insert_json(
                LookupKey::new(LookupKind::RdsDbParameterGroup, "ledger-sqlserver-se-16"),
                json!({ "parameters": parameters }),
            )
            .unwrap();
        Rds41.evaluate(&db(item), &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn force_ssl_on_passes_and_off_or_unset_fails() {
        assert!(matches!(with(item(), Some("1")), Verdict::Passed { .. }));
        assert!(matches!(with(item(), Some("0")), Verdict::Failed { .. }));
        assert!(matches!(with(item(), None), Verdict::Failed { .. }));
    }

    #[test]
    fn every_sql_server_edition_is_evaluated_and_needs_its_group() {
        for engine in ["sqlserver-ee", "sqlserver-ex", "sqlserver-web"] {
            let mut i = item();
            i["engine"] = json!(engine);
            assert_eq!(
                Rds41.lookups(&db(i.clone())),
                vec![LookupKey::new(
                    LookupKind::RdsDbParameterGroup,
                    "ledger-sqlserver-se-16"
                )]
            );
            assert!(
                matches!(with(i, Some("1")), Verdict::Passed { .. }),
                "{engine}"
            );
        }
    }

    #[test]
    fn a_group_not_in_sync_fails_whatever_it_says() {
        let mut i = item();
        i["dBParameterGroups"][0]["parameterApplyStatus"] = json!("pending-reboot");
        assert!(matches!(with(i, Some("1")), Verdict::Failed { .. }));
    }

    #[test]
    fn other_engines_and_cluster_members_are_not_applicable() {
        let mut pg = item();
        pg["engine"] = json!("postgres");
        assert!(matches!(
            eval(&Rds41, pg.clone()),
            Verdict::NotApplicable { .. }
        ));
        assert!(Rds41.lookups(&db(pg)).is_empty());
        let mut member = item();
        member["dBClusterIdentifier"] = json!("ledger-cluster");
        assert!(matches!(
            eval(&Rds41, member),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_the_engine_it_is_undetermined() {
        assert_eq!(
            eval(&Rds41, item()),
            Verdict::undetermined(["rds.db-parameter-group:ledger-sqlserver-se-16"])
        );
        let mut unknown = item();
        unknown.as_object_mut().unwrap().remove("engine");
        assert_eq!(eval(&Rds41, unknown), Verdict::undetermined(["engine"]));
    }
}
