//! FSBP RDS.27 — RDS DB clusters should be encrypted at rest.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.27]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27>), AWS Config
//! rule `rds-cluster-encrypted-at-rest`, no parameters: FAILED when `storageEncrypted` is false.

use super::setting_on;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.27.
pub struct Rds27;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-storage-encrypted",
    title: "RDS DB clusters should be encrypted at rest",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.27"],
    gdpr: &["Art. 32(1)(a)", "Art. 34(3)(a)"],
    cyber_essentials: None,
    passes_when: "StorageEncrypted is true",
    rationale: "Encryption at rest protects the cluster's storage, its automated backups and its snapshots with a KMS key, so a copy of the disks or a leaked snapshot is unreadable without that key. UK GDPR names encryption as a measure, and a breach of properly encrypted data may not need to be told to every person affected.",
    remediation: "An existing cluster cannot be encrypted in place: take a snapshot, restore it as a new cluster with encryption on (choose a KMS key), move the application over and delete the old cluster. CLI: aws rds restore-db-cluster-from-snapshot --db-cluster-identifier <new name> --snapshot-identifier <snapshot> --engine <engine> --kms-key-id <key>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Actions > Take snapshot; then the snapshot > Actions > Restore snapshot > Encryption: Enable, with your KMS key",
        command: r#"aws rds create-db-cluster-snapshot --region {region} --db-cluster-identifier {name} --db-cluster-snapshot-identifier {name}-unencrypted
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-unencrypted
aws rds restore-db-cluster-from-snapshot --region {region} --db-cluster-identifier {name}-encrypted --snapshot-identifier {name}-unencrypted --engine {engine} --kms-key-id "$KMS_KEY_ARN""#,
        caution: Some("A cluster cannot be encrypted in place, nor can an unencrypted cluster snapshot be copied encrypted: the restore makes a new encrypted cluster with a new endpoint, which needs its instances added (aws rds create-db-instance --db-cluster-identifier) and a cut-over; writes after the snapshot are not in it. Delete the old cluster only afterwards."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "FSBP RDS.27 (AWS Config rule rds-cluster-encrypted-at-rest)",
};

impl Rule for Rds27 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &c.storage_encrypted,
            "storageEncrypted",
            "the cluster's storage is encrypted at rest",
            "the cluster's storage is not encrypted at rest",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn unencrypted_fails_and_encrypted_passes() {
        assert!(matches!(
            eval_cluster(&Rds27, json!({"storageEncrypted": false})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(&Rds27, json!({"storageEncrypted": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_cluster(&Rds27, json!({})),
            Verdict::undetermined(["storageEncrypted"])
        );
    }
}
