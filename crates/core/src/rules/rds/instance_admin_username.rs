//! FSBP RDS.25 — RDS database instances should use a custom administrator username.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.25]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-25>), AWS Config
//! rule `rds-instance-default-admin-check` (no `validAdminUserNames`): NON_COMPLIANT when the
//! administrator user name (`masterUsername`) is a default value, `admin` or `postgres`. FSBP
//! does not apply the control to the `docdb` and `neptune` engines. Instances that belong to a DB
//! cluster are NOT_APPLICABLE: their administrator is the cluster's, checked by RDS.24.

use super::{engine, standalone};
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.25.
pub struct Rds25;

/// The default administrator user names the Config rule rejects.
pub const DEFAULT_ADMIN_NAMES: [&str; 2] = ["admin", "postgres"];

static META: RuleMeta = RuleMeta {
    id: "rds-instance-custom-admin-username",
    title: "RDS database instances should use a custom administrator username",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.25"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "MasterUsername is neither admin nor postgres; DocumentDB and Neptune are not applicable",
    rationale: "Attackers who try to log in to a database guess the default administrator names first. With a name of your own they have to guess both the name and the password.",
    remediation: "The administrator name cannot be changed in place: take a snapshot, restore it (or create a new instance) with a custom master username, move the application over, then delete the old instance. CLI: aws rds create-db-instance --db-instance-identifier <new name> --master-username <custom name> --manage-master-user-password ... (then migrate the data)",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > Create database (same engine and size) with a custom Master username; move the data and the application, then delete {name}",
        command: r#"aws rds describe-db-instances --region {region} --db-instance-identifier {name} --query 'DBInstances[0].[Engine,EngineVersion,DBInstanceClass]'
aws rds create-db-instance --region {region} --db-instance-identifier {name}-new --engine "$ENGINE" --db-instance-class "$INSTANCE_CLASS" --allocated-storage "$STORAGE_GB" --master-username "$ADMIN_USERNAME" --manage-master-user-password --storage-encrypted"#,
        caution: Some("The master username cannot be changed, and a restored snapshot keeps it: this needs a new instance, a data migration (dump and restore, or AWS DMS) with a cut-over, and the old instance deleted afterwards."),
        inputs: &[],
    }),
    source: "FSBP RDS.25 (AWS Config rule rds-instance-default-admin-check)",
};

impl Rule for Rds25 {
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
        if engine == "docdb" || engine == "neptune" {
            return Verdict::not_applicable(format!("RDS.25 does not apply to {engine}"));
        }
        if let Err(v) = standalone(db, "RDS.25") {
            return v;
        }
        match db.master_username.get() {
            Some(name) if DEFAULT_ADMIN_NAMES.contains(&name.as_str()) => Verdict::failed(
                format!("the administrator user name is the default {name:?}"),
                vec![Evidence::new("masterUsername", name)],
            ),
            Some(_) => Verdict::passed("the administrator user name is not a default one"),
            None => Verdict::undetermined(["masterUsername"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn default_names_fail() {
        for name in DEFAULT_ADMIN_NAMES {
            assert!(matches!(
                eval(
                    &Rds25,
                    json!({"dBInstanceIdentifier": "db", "engine": "postgres", "masterUsername": name})
                ),
                Verdict::Failed { .. }
            ));
        }
    }

    #[test]
    fn a_custom_name_passes() {
        assert!(matches!(
            eval(
                &Rds25,
                json!({"dBInstanceIdentifier": "db", "engine": "mysql", "masterUsername": "billing_admin"})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn documentdb_is_not_applicable() {
        assert!(matches!(
            eval(
                &Rds25,
                json!({"engine": "docdb", "masterUsername": "admin"})
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(
                &Rds25,
                json!({"dBInstanceIdentifier": "db", "engine": "mysql"})
            ),
            Verdict::undetermined(["masterUsername"])
        );
    }

    #[test]
    fn cluster_members_are_not_applicable() {
        let v = eval(
            &Rds25,
            json!({"dBInstanceIdentifier": "db-1", "engine": "aurora-mysql", "dBClusterIdentifier": "orders", "masterUsername": "admin"}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }
}
