//! FSBP RDS.50 — RDS DB clusters should have enough backup retention period set.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.50]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-50>), AWS Config
//! rule `rds-cluster-backup-retention-check`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-backup-retention-check.html>),
//! change triggered, parameter `minimumBackupRetentionPeriod` (7 to 35, Security Hub's default 7):
//! FAILED when the cluster's `backupRetentionPeriod` is less than the minimum. The control applies
//! to every kind of DB cluster (Aurora, Multi-AZ DB clusters, DocumentDB, Neptune), so no engine
//! is excluded. The minimum is [`Settings::backup_retention_minimum`](crate::settings::Settings),
//! the same setting as RDS.11's (both default to 7 days).

use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.50.
pub struct Rds50;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-backup-retention",
    title: "RDS DB clusters should keep automated backups for at least 7 days",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.50"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "BackupRetentionPeriod is at least backup_retention_minimum days (default 7), for every cluster engine",
    rationale: "A cluster's automated backups are what lets you restore it to a point in time after a bad migration, an accidental delete or ransomware. Kept for only a day or two, a problem noticed late cannot be undone. UK GDPR requires the ability to restore access to personal data in a timely manner.",
    remediation: "In the RDS console choose Databases, select the cluster, choose Modify, and under Backup set 'Backup retention period' to 7 days or more, then apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --backup-retention-period 7 --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Backup > Backup retention period: 7 days or more > Apply immediately",
        command: "aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --backup-retention-period 7 --apply-immediately",
        caution: Some("Backup storage beyond the cluster's size is charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.50 (AWS Config rule rds-cluster-backup-retention-check, minimumBackupRetentionPeriod 7)",
};

impl Rule for Rds50 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        let minimum = ctx.settings.backup_retention_minimum;
        match c.backup_retention_period.get() {
            None => Verdict::undetermined(["backupRetentionPeriod"]),
            Some(&days) if days < minimum => Verdict::failed(
                format!("the cluster's automated backups are kept for {days} day(s), fewer than the required {minimum}"),
                vec![Evidence::new("backupRetentionPeriod", days)],
            ),
            Some(days) => Verdict::passed(format!(
                "the cluster's automated backups are kept for {days} days (at least {minimum})"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::test_support::{cluster, eval, eval_cluster};
    use crate::settings::Settings;
    use serde_json::json;

    #[test]
    fn fewer_than_seven_days_fails_and_seven_passes() {
        let v = eval_cluster(
            &Rds50,
            json!({"engine": "aurora-postgresql", "backupRetentionPeriod": 1}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(v.reason().contains("1 day"), "{v:?}");
        for days in [7, 35] {
            let v = eval_cluster(
                &Rds50,
                json!({"engine": "aurora-mysql", "backupRetentionPeriod": days}),
            );
            assert!(matches!(v, Verdict::Passed { .. }), "{days}: {v:?}");
        }
    }

    #[test]
    fn every_cluster_engine_is_evaluated() {
        for engine in ["postgres", "mysql", "docdb", "neptune"] {
            let v = eval_cluster(
                &Rds50,
                json!({"engine": engine, "backupRetentionPeriod": 3}),
            );
            assert!(matches!(v, Verdict::Failed { .. }), "{engine}: {v:?}");
        }
    }

    #[test]
    fn the_minimum_follows_the_setting() {
        let settings = Settings {
            backup_retention_minimum: 14,
            ..Settings::default()
        };
        let lookups = Lookups::none();
        let v = Rds50.evaluate(
            &cluster(json!({"backupRetentionPeriod": 7})),
            &Context::new(&settings, &lookups),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn instances_are_not_applicable_and_unknown_is_undetermined() {
        let v = eval(
            &Rds50,
            json!({"dBInstanceIdentifier": "d", "backupRetentionPeriod": 1}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert_eq!(
            eval_cluster(&Rds50, json!({"engine": "aurora-mysql"})),
            Verdict::undetermined(["backupRetentionPeriod"])
        );
    }
}
