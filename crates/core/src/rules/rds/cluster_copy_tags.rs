//! FSBP RDS.16 — RDS DB clusters should be configured to copy tags to snapshots.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.16]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-16>), AWS Config
//! rule `rds-cluster-copy-tags-to-snapshots-enabled`, no parameters: FAILED when
//! `copyTagsToSnapshot` is false. RDS.16 evaluates Aurora DB clusters only (engines `aurora`,
//! `aurora-mysql`, `aurora-postgresql`); Multi-AZ DB clusters of RDS for PostgreSQL and RDS for
//! MySQL are RDS.47 and RDS.48, and other engines (Neptune, DocumentDB) are not applicable.

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.16.
pub struct Rds16;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-copy-tags-to-snapshots",
    title: "Aurora DB clusters should be configured to copy tags to snapshots",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.16"],
    gdpr: &["Art. 5(2)", "Art. 30"],
    cyber_essentials: None,
    passes_when: "CopyTagsToSnapshot is true on Aurora clusters; other engines are not applicable (RDS.47 and RDS.48 cover Multi-AZ DB clusters)",
    rationale: "Tags say who owns a database and what data it holds (for example a DataClassification tag). Snapshots that do not inherit them become anonymous copies of your data: nobody knows whether they hold personal data, who may delete them or how long to keep them.",
    remediation: "In the RDS console choose Databases, select the cluster, choose Modify, tick 'Copy tags to snapshots', then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --copy-tags-to-snapshot --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Backup > Copy tags to snapshots > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --copy-tags-to-snapshot --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.16 (AWS Config rule rds-cluster-copy-tags-to-snapshots-enabled)",
};

impl Rule for Rds16 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.engine.get().map(String::as_str) {
            None => return Verdict::undetermined(["engine"]),
            Some("aurora" | "aurora-mysql" | "aurora-postgresql") => {}
            Some(other) => {
                return Verdict::not_applicable(format!(
                    "RDS.16 evaluates Aurora clusters, not {other} clusters"
                ))
            }
        }
        setting_on(
            &c.copy_tags_to_snapshot,
            "copyTagsToSnapshot",
            "snapshots of the cluster get its tags",
            "snapshots of the cluster do not get its tags",
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
                &Rds16,
                json!({"engine": "aurora-postgresql", "copyTagsToSnapshot": false})
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(
                &Rds16,
                json!({"engine": "aurora-mysql", "copyTagsToSnapshot": true})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds16, json!({"engine": "aurora"})),
            Verdict::undetermined(["copyTagsToSnapshot"])
        );
        assert_eq!(
            eval_cluster(&Rds16, json!({"copyTagsToSnapshot": true})),
            Verdict::undetermined(["engine"])
        );
    }

    #[test]
    fn multi_az_db_clusters_are_not_applicable() {
        for engine in ["postgres", "mysql", "neptune"] {
            let v = eval_cluster(
                &Rds16,
                json!({"engine": engine, "copyTagsToSnapshot": false}),
            );
            assert!(
                matches!(v, Verdict::NotApplicable { .. }),
                "{engine}: {v:?}"
            );
        }
    }
}
