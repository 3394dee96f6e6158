//! FSBP RDS.24 — RDS database clusters should use a custom administrator username.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.24]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-24>), AWS Config
//! rule `rds-cluster-default-admin-check` (no `validAdminUserNames`): NON_COMPLIANT when the
//! administrator user name (`masterUsername`) is a default value, `admin` or `postgres`. As for
//! RDS.25, DocumentDB and Neptune clusters are not applicable.

use crate::resource::Resource;
use crate::rules::rds::instance_admin_username::DEFAULT_ADMIN_NAMES;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.24.
pub struct Rds24;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-custom-admin-username",
    title: "RDS database clusters should use a custom administrator username",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.24"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "MasterUsername is neither admin nor postgres; DocumentDB and Neptune are not applicable",
    rationale: "Attackers who try to log in to a database guess the default administrator names first. With a name of your own they have to guess both the name and the password.",
    remediation: "The administrator name cannot be changed in place: take a cluster snapshot, restore it into a new cluster created with a custom master username, move the application over, then delete the old cluster. CLI: aws rds create-db-cluster --db-cluster-identifier <new name> --engine <engine> --master-username <custom name> --manage-master-user-password ... (then migrate the data)",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > Create database (same engine) with a custom Master username; move the data and the application, then delete {name}",
        command: r#"aws rds create-db-cluster --region {region} --db-cluster-identifier {name}-new --engine {engine} --master-username "$ADMIN_USERNAME" --manage-master-user-password --storage-encrypted"#,
        caution: Some("The master username cannot be changed, and a restored snapshot keeps it: this needs a new cluster (with instances added), a data migration with a cut-over, and the old cluster deleted afterwards."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "FSBP RDS.24 (AWS Config rule rds-cluster-default-admin-check)",
};

impl Rule for Rds24 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.engine.get().map(String::as_str) {
            None => return Verdict::undetermined(["engine"]),
            Some(e @ ("docdb" | "neptune")) => {
                return Verdict::not_applicable(format!("RDS.24 does not apply to {e}"))
            }
            Some(_) => {}
        }
        match c.master_username.get() {
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
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn a_default_name_fails_and_a_custom_one_passes() {
        assert!(matches!(
            eval_cluster(
                &Rds24,
                json!({"engine": "aurora-postgresql", "masterUsername": "postgres"})
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(
                &Rds24,
                json!({"engine": "aurora-mysql", "masterUsername": "orders_owner"})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn neptune_is_not_applicable() {
        assert!(matches!(
            eval_cluster(
                &Rds24,
                json!({"engine": "neptune", "masterUsername": "admin"})
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval_cluster(&Rds24, json!({"engine": "aurora-mysql"})),
            Verdict::undetermined(["masterUsername"])
        );
    }
}
