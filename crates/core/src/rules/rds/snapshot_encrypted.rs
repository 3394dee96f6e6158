//! FSBP RDS.4 — RDS cluster snapshots and database snapshots should be encrypted at rest.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-4>), AWS Config
//! rule `rds-snapshot-encrypted`, no parameters, over `AWS::RDS::DBSnapshot` (`encrypted`) and
//! `AWS::RDS::DBClusterSnapshot` (`storageEncrypted`): FAILED when the snapshot is not encrypted.

use crate::resource::Resource;
use crate::resources::rds_snapshot::{DbSnapshot, SnapshotKind};
use crate::rules::{db_snapshot, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.4 for DB (instance) snapshots.
pub struct Rds4;
/// RDS.4 for DB cluster snapshots.
pub struct Rds4Cluster;

const RATIONALE: &str = "A snapshot is a full copy of the database. Unencrypted, anyone who can copy or restore it, including through a mistaken share, can read every record; encrypted, they also need your KMS key.";

static META: RuleMeta = RuleMeta {
    id: "rds-snapshot-encrypted",
    title: "RDS DB snapshots should be encrypted at rest",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBSnapshot",
    controls: &["RDS.4"],
    gdpr: &["Art. 32(1)(a)", "Art. 34(3)(a)"],
    cyber_essentials: None,
    passes_when: "the snapshot's Encrypted setting is true",
    rationale: RATIONALE,
    remediation: "Copy the snapshot with encryption and delete the unencrypted one (and encrypt the source instance, RDS.3). CLI: aws rds copy-db-snapshot --source-db-snapshot-identifier <name> --target-db-snapshot-identifier <name>-encrypted --kms-key-id <key> && aws rds delete-db-snapshot --db-snapshot-identifier <name>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > {name} > Actions > Copy snapshot > Encryption: Enable, with your KMS key; then delete {name}",
        command: r#"aws rds copy-db-snapshot --region {region} --source-db-snapshot-identifier {name} --target-db-snapshot-identifier {name}-encrypted --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-encrypted
aws rds delete-db-snapshot --region {region} --db-snapshot-identifier {name}"#,
        caution: Some("The last step deletes the unencrypted snapshot: run it only once the encrypted copy is available. The copy's storage is charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.4 (AWS Config rule rds-snapshot-encrypted)",
};

static META_CLUSTER: RuleMeta = RuleMeta {
    id: "rds-cluster-snapshot-encrypted",
    title: "RDS DB cluster snapshots should be encrypted at rest",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBClusterSnapshot",
    controls: &["RDS.4"],
    gdpr: &["Art. 32(1)(a)", "Art. 34(3)(a)"],
    cyber_essentials: None,
    passes_when: "the cluster snapshot's StorageEncrypted setting is true",
    rationale: RATIONALE,
    remediation: "Copy the cluster snapshot with a KMS key and delete the unencrypted one (and encrypt the source cluster, RDS.27). CLI: aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <name> --target-db-cluster-snapshot-identifier <name>-encrypted --kms-key-id <key> && aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier <name>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > Cluster snapshots > {name} > Actions > Restore snapshot > Encryption: Enable, with your KMS key; snapshot the new cluster, then delete it and {name}",
        command: r#"aws rds restore-db-cluster-from-snapshot --region {region} --db-cluster-identifier {name}-encrypt --snapshot-identifier {name} --engine {engine} --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-cluster-available --region {region} --db-cluster-identifier {name}-encrypt
aws rds create-db-cluster-snapshot --region {region} --db-cluster-identifier {name}-encrypt --db-cluster-snapshot-identifier {name}-encrypted
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-encrypted
aws rds delete-db-cluster --region {region} --db-cluster-identifier {name}-encrypt --skip-final-snapshot
aws rds delete-db-cluster-snapshot --region {region} --db-cluster-snapshot-identifier {name}"#,
        caution: Some("An unencrypted cluster snapshot cannot be copied encrypted: this restores a temporary encrypted cluster (charged while it exists), snapshots it, and deletes the temporary cluster and the unencrypted snapshot. Run the deletions only once the encrypted snapshot is available."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "FSBP RDS.4 (AWS Config rule rds-snapshot-encrypted)",
};

fn evaluate(snapshot: &DbSnapshot, field: &str) -> Verdict {
    match snapshot.encrypted.get() {
        Some(true) => Verdict::passed("the snapshot is encrypted at rest"),
        Some(false) => Verdict::failed(
            "the snapshot is not encrypted at rest",
            vec![Evidence::new(field, false)],
        ),
        None => Verdict::undetermined([field]),
    }
}

impl Rule for Rds4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Instance => evaluate(s, "encrypted"),
            _ => wrong_type(&META),
        }
    }
}

impl Rule for Rds4Cluster {
    fn meta(&self) -> &'static RuleMeta {
        &META_CLUSTER
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Cluster => evaluate(s, "storageEncrypted"),
            _ => wrong_type(&META_CLUSTER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_snapshot;
    use serde_json::json;

    #[test]
    fn unencrypted_fails_and_encrypted_passes() {
        assert!(matches!(
            eval_snapshot(
                &Rds4,
                SnapshotKind::Instance,
                json!({"encrypted": false}),
                None
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_snapshot(
                &Rds4Cluster,
                SnapshotKind::Cluster,
                json!({"storageEncrypted": true}),
                None
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_and_the_other_kind_not_applicable() {
        assert_eq!(
            eval_snapshot(&Rds4Cluster, SnapshotKind::Cluster, json!({}), None),
            Verdict::undetermined(["storageEncrypted"])
        );
        assert!(matches!(
            eval_snapshot(
                &Rds4,
                SnapshotKind::Cluster,
                json!({"storageEncrypted": false}),
                None
            ),
            Verdict::NotApplicable { .. }
        ));
    }
}
