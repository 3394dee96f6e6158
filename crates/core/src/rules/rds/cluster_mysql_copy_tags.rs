//! FSBP RDS.48 — RDS for MySQL DB clusters should be configured to copy tags to DB
//! snapshots.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.48]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-48>), AWS Config
//! rule `rds-mysql-cluster-copy-tags-to-snapshot-check`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/rds-mysql-cluster-copy-tags-to-snapshot-check.html>),
//! no parameters, change triggered: FAILED when `CopyTagsToSnapshot` is false on an RDS for
//! MySQL (Multi-AZ) DB cluster, engine `mysql`. Aurora clusters are RDS.16; other engines
//! are not applicable.

use super::engine_cluster_copies_tags;
use crate::resource::Resource;
use crate::rules::{Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.48.
pub struct Rds48;

static META: RuleMeta = RuleMeta {
    id: "rds-mysql-cluster-copy-tags-to-snapshots",
    title: "RDS for MySQL DB clusters should be configured to copy tags to DB snapshots",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.48"],
    gdpr: &["Art. 5(2)", "Art. 30"],
    cyber_essentials: None,
    passes_when: "CopyTagsToSnapshot is true on RDS for MySQL (Multi-AZ) DB clusters, engine mysql; other engines are not applicable (Aurora is RDS.16)",
    rationale: "Tags say who owns a database and what data it holds (for example a DataClassification tag). Snapshots that do not inherit them become anonymous copies of your data: nobody knows whether they hold personal data, who may delete them or how long to keep them.",
    remediation: "In the RDS console choose Databases, select the Multi-AZ DB cluster, choose Modify, tick 'Copy tags to snapshots', then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --copy-tags-to-snapshot --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Backup > Copy tags to snapshots > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --copy-tags-to-snapshot --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.48 (AWS Config rule rds-mysql-cluster-copy-tags-to-snapshot-check)",
};

impl Rule for Rds48 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        engine_cluster_copies_tags(resource, &META, "mysql", "MySQL")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{eval, eval_cluster};
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        let v = eval_cluster(
            &Rds48,
            json!({"engine": "mysql", "copyTagsToSnapshot": false}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(matches!(
            eval_cluster(
                &Rds48,
                json!({"engine": "mysql", "copyTagsToSnapshot": true})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn other_engines_and_instances_are_not_applicable() {
        for engine in ["aurora-mysql", "postgres", "docdb"] {
            let v = eval_cluster(
                &Rds48,
                json!({"engine": engine, "copyTagsToSnapshot": false}),
            );
            assert!(
                matches!(v, Verdict::NotApplicable { .. }),
                "{engine}: {v:?}"
            );
        }
        let v = eval(
            &Rds48,
            json!({"dBInstanceIdentifier": "d", "engine": "mysql"}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds48, json!({"engine": "mysql"})),
            Verdict::undetermined(["copyTagsToSnapshot"])
        );
        assert_eq!(
            eval_cluster(&Rds48, json!({"copyTagsToSnapshot": true})),
            Verdict::undetermined(["engine"])
        );
    }
}
