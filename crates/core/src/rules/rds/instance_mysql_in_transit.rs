//! FSBP RDS.39 — RDS for MySQL DB instances should be encrypted in transit.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.39]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-39>), AWS Config
//! rule `rds-mysql-instance-encrypted-in-transit`, no parameters: NON_COMPLIANT when the
//! instance's DB parameter group is not in-sync or its `require_secure_transport` parameter is not
//! on (`1`/`ON`); instances that are part of a DB cluster are not applicable. The parameter's value
//! is looked up (kind `rds.db-parameter-group`, see [`super::in_transit`]); without the answer the
//! rule is undetermined.

use super::in_transit::Requirement;
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.39.
pub struct Rds39;

const REQUIREMENT: Requirement = Requirement {
    control: "RDS.39",
    engines: &["mysql"],
    parameter: "require_secure_transport",
    accepted: &["1", "ON"],
};

static META: RuleMeta = RuleMeta {
    id: "rds-mysql-encrypted-in-transit",
    title: "RDS for MySQL DB instances should be encrypted in transit",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.39"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "every DB parameter group of the MySQL instance is in-sync and sets require_secure_transport to 1 (ON); cluster members and other engines are not applicable",
    rationale: "Unless the database refuses unencrypted connections, a client that does not ask for TLS sends passwords, queries and results across the network in clear text, where anyone on the path can read or change them.",
    remediation: "Use a custom DB parameter group with require_secure_transport set to 1 (default groups cannot be changed) and attach it to the instance. CLI: aws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=require_secure_transport,ParameterValue=1,ApplyMethod=immediate",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Parameter groups > {parameter_group} > Edit > require_secure_transport = 1 > Save changes",
        command: "aws rds modify-db-parameter-group --region {region} --db-parameter-group-name {parameter_group} --parameters ParameterName=require_secure_transport,ParameterValue=1,ApplyMethod=immediate",
        caution: Some("Clients that connect without TLS are refused. A default parameter group (default.*) cannot be changed: create one (aws rds create-db-parameter-group), attach it with modify-db-instance --db-parameter-group-name, and reboot."),
        inputs: &[crate::fix::Input::ParameterGroup],
    }),
    source: "FSBP RDS.39 (AWS Config rule rds-mysql-instance-encrypted-in-transit)",
};

impl Rule for Rds39 {
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
        json!({"dBInstanceIdentifier": "shop-db", "engine": "mysql", "dBClusterIdentifier": null,
               "dBParameterGroups": [{"dBParameterGroupName": "shop-mysql8", "parameterApplyStatus": "in-sync"}]})
    }

    fn with(value: &str) -> Verdict {
        let mut lookups = Lookups::none();
        lookups
            .insert_json(
                LookupKey::new(LookupKind::RdsDbParameterGroup, "shop-mysql8"),
                json!({"parameters": {"require_secure_transport": value}}),
            )
            .unwrap();
        Rds39.evaluate(&db(item()), &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn on_passes_and_off_fails() {
        assert!(matches!(with("1"), Verdict::Passed { .. }));
        assert!(matches!(with("ON"), Verdict::Passed { .. }));
        assert!(matches!(with("0"), Verdict::Failed { .. }));
    }

    #[test]
    fn postgres_is_not_applicable() {
        let mut pg = item();
        pg["engine"] = json!("postgres");
        assert!(matches!(eval(&Rds39, pg), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn without_the_lookup_it_is_undetermined() {
        assert_eq!(
            eval(&Rds39, item()),
            Verdict::undetermined(["rds.db-parameter-group:shop-mysql8"])
        );
    }
}
