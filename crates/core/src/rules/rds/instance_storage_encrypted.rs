//! FSBP RDS.3 — RDS DB instances should have encryption at-rest enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3>), AWS Config
//! rule `rds-storage-encrypted`: FAILED when `StorageEncrypted` is false; no parameters. (The
//! control also evaluates Aurora, Neptune and DocumentDB instances, as this rule does.)

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.3.
pub struct Rds3;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-storage-encrypted",
    title: "RDS database instances should have encryption at rest enabled",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.3"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "the instance's StorageEncrypted setting is true",
    rationale: "Unencrypted storage leaves the database files, its automated backups, read replicas and snapshots readable by anyone who obtains the underlying storage or a copied snapshot. Encryption of personal data is the measure UK GDPR Article 32 names first.",
    remediation: "Encryption cannot be switched on for an existing instance: take a snapshot, copy it with encryption enabled (choose a customer-managed KMS key), restore a new instance from the encrypted copy, and move your application to it. CLI: aws rds copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier <snap>-encrypted --kms-key-id <key>; then aws rds restore-db-instance-from-db-snapshot",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > Take snapshot of {name}; then the snapshot > Actions > Copy snapshot > Enable encryption with your KMS key; then the copy > Actions > Restore snapshot",
        command: r#"aws rds create-db-snapshot --region {region} --db-instance-identifier {name} --db-snapshot-identifier {name}-unencrypted
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-unencrypted
aws rds copy-db-snapshot --region {region} --source-db-snapshot-identifier {name}-unencrypted --target-db-snapshot-identifier {name}-encrypted --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-encrypted
aws rds restore-db-instance-from-db-snapshot --region {region} --db-instance-identifier {name}-encrypted --db-snapshot-identifier {name}-encrypted"#,
        caution: Some("An existing instance cannot be encrypted in place: this restores an encrypted copy as a new instance with a new endpoint. Stop writes (or plan a cut-over) before the snapshot, point the application at the new instance, and only then delete the old one; writes made after the snapshot are not in the copy."),
        inputs: &[],
    }),
    source: "FSBP RDS.3 (AWS Config rule rds-storage-encrypted)",
};

impl Rule for Rds3 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.storage_encrypted.get() {
            Some(true) => Verdict::passed("storage is encrypted at rest"),
            Some(false) => Verdict::failed(
                "storage is not encrypted at rest",
                vec![Evidence::new("storageEncrypted", false)],
            ),
            None => Verdict::undetermined(["storageEncrypted"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn unencrypted_fails() {
        assert!(matches!(
            eval(&Rds3, json!({"storageEncrypted": false})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn encrypted_passes() {
        let v = eval(
            &Rds3,
            json!({"storageEncrypted": true, "kmsKeyId": "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}),
        );
        assert!(matches!(v, Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval(&Rds3, json!({})),
            Verdict::undetermined(["storageEncrypted"])
        );
    }
}
