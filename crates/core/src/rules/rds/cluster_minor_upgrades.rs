//! FSBP RDS.35 — RDS DB clusters should have automatic minor version upgrade enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.35]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-35>), AWS Config
//! rule `rds-cluster-auto-minor-version-upgrade-enable`, no parameters: checks Multi-AZ DB cluster
//! deployments, NON_COMPLIANT when `autoMinorVersionUpgrade` is false. Aurora clusters (whose
//! minor upgrades are set per instance, RDS.13), DocumentDB and Neptune are not applicable. The
//! AWS Config resource schema for `AWS::RDS::DBCluster` does not list `autoMinorVersionUpgrade`:
//! an item without it is undetermined.

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// RDS.35.
pub struct Rds35;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-minor-version-upgrades",
    title: "RDS Multi-AZ DB clusters should have automatic minor version upgrade enabled",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.35"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecurityUpdateManagement),
    passes_when: "AutoMinorVersionUpgrade is true on Multi-AZ DB clusters (MySQL, PostgreSQL); Aurora, DocumentDB and Neptune clusters are not applicable",
    rationale: "Minor engine versions carry security fixes. With automatic minor upgrades, RDS applies them in your maintenance window; without, the database keeps running known-vulnerable versions until someone remembers to upgrade it.",
    remediation: "In the RDS console choose Databases, select the Multi-AZ DB cluster, choose Modify, turn on 'Auto minor version upgrade', then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --auto-minor-version-upgrade --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Maintenance > Auto minor version upgrade: Enable > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --auto-minor-version-upgrade --apply-immediately",
        caution: Some("Minor upgrades are then applied in the maintenance window, with a short restart each time."),
        inputs: &[],
    }),
    source: "FSBP RDS.35 (AWS Config rule rds-cluster-auto-minor-version-upgrade-enable)",
};

impl Rule for Rds35 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.engine.get().map(String::as_str) {
            None => return Verdict::undetermined(["engine"]),
            Some("mysql" | "postgres") => {}
            Some(other) => {
                return Verdict::not_applicable(format!(
                    "RDS.35 evaluates Multi-AZ DB clusters (MySQL, PostgreSQL), not {other}"
                ))
            }
        }
        setting_on(
            &c.auto_minor_version_upgrade,
            "autoMinorVersionUpgrade",
            "automatic minor version upgrades are turned on",
            "automatic minor version upgrades are turned off, so security fixes are not applied",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval_cluster(
                &Rds35,
                json!({"engine": "postgres", "autoMinorVersionUpgrade": false})
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(
                &Rds35,
                json!({"engine": "mysql", "autoMinorVersionUpgrade": true})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn aurora_is_not_applicable() {
        assert!(matches!(
            eval_cluster(
                &Rds35,
                json!({"engine": "aurora-mysql", "autoMinorVersionUpgrade": false})
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds35, json!({"engine": "postgres"})),
            Verdict::undetermined(["autoMinorVersionUpgrade"])
        );
    }
}
