//! FSBP RDS.17 — RDS DB instances should be configured to copy tags to snapshots.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.17]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-17>), AWS Config
//! rule `rds-instance-copy-tags-to-snapshots-enabled`, no parameters: FAILED when
//! `copyTagsToSnapshot` is false. Aurora instances take the setting from their cluster (RDS.16);
//! the instance rule evaluates the instance's own field, as the Config rule does.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.17.
pub struct Rds17;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-copy-tags-to-snapshots",
    title: "RDS database instances should be configured to copy tags to snapshots",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.17"],
    gdpr: &["Art. 5(2)", "Art. 30"],
    cyber_essentials: None,
    passes_when: "CopyTagsToSnapshot is true",
    rationale: "Tags say who owns a database and what data it holds (for example a DataClassification tag). Snapshots that do not inherit them become anonymous copies of your data: nobody knows whether they hold personal data, who may delete them or how long to keep them.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Backup tick 'Copy tags to snapshots', then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --copy-tags-to-snapshot --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Backup > Copy tags to snapshots > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --copy-tags-to-snapshot --apply-immediately",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP RDS.17 (AWS Config rule rds-instance-copy-tags-to-snapshots-enabled)",
};

impl Rule for Rds17 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.copy_tags_to_snapshot.get() {
            Some(false) => Verdict::failed(
                "snapshots of the instance do not get its tags",
                vec![Evidence::new("copyTagsToSnapshot", false)],
            ),
            Some(true) => Verdict::passed("snapshots of the instance get its tags"),
            None => Verdict::undetermined(["copyTagsToSnapshot"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval(&Rds17, json!({"copyTagsToSnapshot": false})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&Rds17, json!({"copyTagsToSnapshot": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval(&Rds17, json!({})),
            Verdict::undetermined(["copyTagsToSnapshot"])
        );
    }
}
