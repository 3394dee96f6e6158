//! FSBP RDS.44 — RDS for MariaDB DB instances should be encrypted in transit.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.44]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-44>), AWS Config
//! rule `rds-mariadb-instance-encrypted-in-transit`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/rds-mariadb-instance-encrypted-in-transit.html>),
//! periodic, no parameters: FAILED when the instance's DB parameter group is not in sync or its
//! `require_secure_transport` parameter is not `ON`. Instances of MariaDB versions earlier than
//! 10.5 (which lack the parameter) are not evaluated; an unreadable version is undetermined. The
//! parameter's value is looked up (kind `rds.db-parameter-group`, see [`super::in_transit`]), as
//! for RDS.38/39/41. RDS writes the parameter as `ON`/`OFF`, and from MariaDB 11.8 its default is
//! `ON` (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html>);
//! the lookup's answer includes engine defaults, so such an instance passes without a custom value.

use super::in_transit::Requirement;
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::resources::rds_instance::DbInstance;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.44.
pub struct Rds44;

const REQUIREMENT: Requirement = Requirement {
    control: "RDS.44",
    engines: &["mariadb"],
    parameter: "require_secure_transport",
    accepted: &["ON"],
};

static META: RuleMeta = RuleMeta {
    id: "rds-mariadb-encrypted-in-transit",
    title: "RDS for MariaDB DB instances should be encrypted in transit",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.44"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "every DB parameter group of the MariaDB 10.5+ instance is in-sync and sets require_secure_transport to ON; earlier MariaDB versions and other engines are not applicable",
    rationale: "Unless the database refuses unencrypted connections, a client that does not ask for TLS sends passwords, queries and results across the network in clear text, where anyone on the path can read or change them.",
    remediation: "Use a custom DB parameter group with require_secure_transport set to ON (default groups cannot be changed) and attach it to the instance. CLI: aws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=require_secure_transport,ParameterValue=ON,ApplyMethod=immediate",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Parameter groups > {parameter_group} > Edit > require_secure_transport = ON > Save changes",
        command: "aws rds modify-db-parameter-group --region {region} --db-parameter-group-name {parameter_group} --parameters ParameterName=require_secure_transport,ParameterValue=ON,ApplyMethod=immediate",
        caution: Some("Clients that connect without TLS are refused. A default parameter group (default.*) cannot be changed: create one (aws rds create-db-parameter-group), attach it with modify-db-instance --db-parameter-group-name, and reboot."),
        inputs: &[crate::fix::Input::ParameterGroup],
    }),
    source: "FSBP RDS.44 (AWS Config rule rds-mariadb-instance-encrypted-in-transit)",
};

/// `Ok(())` for a MariaDB version of 10.5 or later (or another engine, which the requirement
/// itself declares not applicable); otherwise the verdict to return.
fn supports_the_parameter(db: &DbInstance) -> Result<(), Verdict> {
    if db.engine.get().is_none_or(|e| e != "mariadb") {
        return Ok(());
    }
    let Some(version) = db.engine_version.get() else {
        return Err(Verdict::undetermined(["engineVersion"]));
    };
    let mut parts = version.split('.').map(str::parse::<u32>);
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) if (major, minor) >= (10, 5) => Ok(()),
        (Some(Ok(_)), Some(Ok(_))) => Err(Verdict::not_applicable(format!(
            "MariaDB {version} predates 10.5, which introduced require_secure_transport; RDS.44 does not evaluate it"
        ))),
        _ => Err(Verdict::undetermined(["engineVersion"])),
    }
}

impl Rule for Rds44 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        if let Err(v) = supports_the_parameter(db) {
            return v;
        }
        REQUIREMENT.evaluate(db, ctx.lookups)
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        match db_instance(resource) {
            Some(db) if supports_the_parameter(db).is_ok() => REQUIREMENT.lookups(db),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::{LookupKind, Lookups};
    use crate::rules::test_support::{db, eval};
    use crate::settings::Settings;
    use serde_json::json;

    fn item(version: &str) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "shop-db", "engine": "mariadb", "engineVersion": version,
               "dBClusterIdentifier": null,
               "dBParameterGroups": [{"dBParameterGroupName": "shop-mariadb", "parameterApplyStatus": "in-sync"}]})
    }

    fn with(config: serde_json::Value, value: &str) -> Verdict {
        let mut lookups = Lookups::none();
        lookups
            .insert_json(
                LookupKey::new(LookupKind::RdsDbParameterGroup, "shop-mariadb"),
                json!({"parameters": {"require_secure_transport": value}}),
            )
            .unwrap();
        Rds44.evaluate(&db(config), &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn on_passes_and_off_fails() {
        assert!(matches!(
            with(item("10.11.6"), "ON"),
            Verdict::Passed { .. }
        ));
        let v = with(item("10.5.27"), "OFF");
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn a_group_not_in_sync_fails() {
        let mut config = item("10.6.18");
        config["dBParameterGroups"][0]["parameterApplyStatus"] = json!("pending-reboot");
        let v = with(config, "ON");
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn versions_before_10_5_and_other_engines_are_not_applicable() {
        let v = with(item("10.4.34"), "OFF");
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert!(Rds44.lookups(&db(item("10.4.34"))).is_empty());
        let mut mysql = item("8.0.39");
        mysql["engine"] = json!("mysql");
        assert!(matches!(eval(&Rds44, mysql), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_input_is_undetermined() {
        assert_eq!(
            eval(&Rds44, item("10.11.6")),
            Verdict::undetermined(["rds.db-parameter-group:shop-mariadb"])
        );
        assert_eq!(Rds44.lookups(&db(item("10.11.6"))).len(), 1);
        let mut no_version = item("x");
        no_version.as_object_mut().unwrap().remove("engineVersion");
        assert_eq!(
            eval(&Rds44, no_version),
            Verdict::undetermined(["engineVersion"])
        );
        assert_eq!(
            eval(&Rds44, item("latest")),
            Verdict::undetermined(["engineVersion"])
        );
    }
}
