//! FSBP RDS.11 — RDS instances should have automatic backups enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.11]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11>), AWS Config
//! rule `db-instance-backup-enabled` with `backupRetentionMinimum` = 7 (customisable, 7 to 35:
//! [`Settings::backup_retention_minimum`](crate::settings::Settings)) and `checkReadReplicas` =
//! false (read replicas are not evaluated). FAILED when automated backups are off (retention 0)
//! or kept for fewer days than the minimum.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.11.
pub struct Rds11;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-backups",
    title: "RDS database instances should have automated backups kept for at least 7 days",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.11"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "BackupRetentionPeriod is at least backup_retention_minimum days (default 7); read replicas are not applicable",
    rationale: "Automated backups are what lets you restore the database to any point in the retention window after a bad migration, an accidental delete or ransomware. With none, or only a day or two, a problem noticed late cannot be undone. UK GDPR requires the ability to restore access to personal data in a timely manner.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Backup set 'Backup retention period' to 7 days or more, then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --backup-retention-period 7 --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Backup > Backup retention period: 7 days or more > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --backup-retention-period 7 --apply-immediately",
        caution: Some("Turning automated backups on (from 0 days) causes a brief outage while the first backup starts; backup storage beyond the database's size is charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.11 (AWS Config rule db-instance-backup-enabled, backupRetentionMinimum 7, checkReadReplicas false)",
};

impl Rule for Rds11 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.read_replica_source.get() {
            None => return Verdict::undetermined(["readReplicaSourceDBInstanceIdentifier"]),
            Some(Some(source)) => {
                return Verdict::not_applicable(format!(
                "the instance is a read replica of {source}; RDS.11 does not check read replicas"
            ))
            }
            Some(None) => {}
        }
        let minimum = ctx.settings.backup_retention_minimum;
        match db.backup_retention_period.get() {
            None => Verdict::undetermined(["backupRetentionPeriod"]),
            Some(0) => Verdict::failed(
                "automated backups are turned off",
                vec![Evidence::new("backupRetentionPeriod", 0)],
            ),
            Some(&days) if days < minimum => Verdict::failed(
                format!("automated backups are kept for {days} day(s), fewer than the required {minimum}"),
                vec![Evidence::new("backupRetentionPeriod", days)],
            ),
            Some(days) => Verdict::passed(format!(
                "automated backups are kept for {days} days (at least {minimum})"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{db, eval};
    use crate::settings::Settings;
    use serde_json::json;

    fn full(retention: i64) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres", "backupRetentionPeriod": retention})
    }

    #[test]
    fn backups_off_fails() {
        let v = eval(&Rds11, full(0));
        assert!(matches!(v, Verdict::Failed { ref reason, .. } if reason.contains("turned off")));
    }

    #[test]
    fn short_retention_fails_and_the_minimum_passes() {
        assert!(matches!(eval(&Rds11, full(6)), Verdict::Failed { .. }));
        assert!(matches!(eval(&Rds11, full(7)), Verdict::Passed { .. }));
    }

    #[test]
    fn the_minimum_is_a_setting() {
        let settings = Settings {
            backup_retention_minimum: 14,
            ..Settings::default()
        };
        let v = Rds11.evaluate(
            &db(full(7)),
            &Context::new(&settings, &crate::lookups::Lookups::none()),
        );
        assert!(matches!(v, Verdict::Failed { .. }));
    }

    #[test]
    fn read_replicas_are_not_applicable() {
        let mut c = full(0);
        c["readReplicaSourceDBInstanceIdentifier"] = json!("orders-db");
        assert!(matches!(eval(&Rds11, c), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        // A partial description: replica status unknown.
        assert!(matches!(
            eval(&Rds11, json!({"backupRetentionPeriod": 0})),
            Verdict::Undetermined { .. }
        ));
        assert_eq!(
            eval(
                &Rds11,
                json!({"dBInstanceIdentifier": "a", "engine": "mysql"})
            ),
            Verdict::undetermined(["backupRetentionPeriod"])
        );
    }
}
