//! Vigil's own rule (beyond FSBP): databases, tables and snapshots are encrypted with a customer
//! managed KMS key, not an AWS owned or AWS managed one.
//!
//! Source: Vigil's encryption practice. A customer managed key lets the business decide who may
//! use the key (its key policy), audit every use in CloudTrail, and cut off access by disabling
//! it; an AWS managed key (`aws/rds`, `aws/dynamodb`) can be used by anyone in the account who can
//! use the service. Whether a key is customer managed is not in the resource's configuration
//! item: the rule looks up the key (kind `kms.key`, answered by DescribeKey: its
//! [`KeyMetadata::key_manager`] is `CUSTOMER` or `AWS`); without an answer (the offline CLI) it
//! is undetermined. A DynamoDB table whose `ssedescription` is `null` uses the AWS owned key and
//! fails without a lookup. Unencrypted resources are not applicable (RDS.3, RDS.4 and RDS.27
//! report them).

use crate::fact::Fact;
use crate::lookups::kms::KeyMetadata;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The rule for one resource type.
pub struct CustomerManagedKey(pub &'static RuleMeta);

macro_rules! cmk_meta {
    ($name:ident, $id:literal, $type:literal, $what:literal, $fix:literal, $exact:expr) => {
        /// Customer-managed-key metadata for one resource type.
        pub static $name: RuleMeta = RuleMeta {
            id: $id,
            title: concat!($what, " should be encrypted with a customer managed KMS key"),
            severity: Severity::Low,
            resource_type: $type,
            controls: &[],
            gdpr: &["Art. 32(1)(a)", "Art. 25(1)"],
            cyber_essentials: None,
            passes_when: "the KMS key that encrypts it is customer managed (KeyManager CUSTOMER); unencrypted resources are not applicable",
            rationale: "With a key you manage, you decide in its key policy who may decrypt the data, every use is logged in CloudTrail, and disabling the key locks the data even from someone who has copied it. An AWS managed or AWS owned key can be used by anyone in the account who can use the service.",
            remediation: $fix,
            fix: Some($exact),
            source: "Vigil practice: encryption with customer managed KMS keys (lookup kms.key via DescribeKey)",
        };
    };
}

cmk_meta!(
    INSTANCE,
    "rds-instance-customer-managed-key",
    "AWS::RDS::DBInstance",
    "RDS database instances",
    "Create a customer managed key (aws kms create-key), copy a snapshot of the instance with it (aws rds copy-db-snapshot ... --kms-key-id <key>), restore a new instance from the copy and move the application over.",
    crate::fix::Fix {
        console: "KMS console > Create key (symmetric); then RDS console > Databases > {name} > Actions > Take snapshot; the snapshot > Actions > Copy snapshot > your key; the copy > Actions > Restore snapshot",
        command: r#"aws rds create-db-snapshot --region {region} --db-instance-identifier {name} --db-snapshot-identifier {name}-aws-key
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-aws-key
aws rds copy-db-snapshot --region {region} --source-db-snapshot-identifier {name}-aws-key --target-db-snapshot-identifier {name}-cmk --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-cmk
aws rds restore-db-instance-from-db-snapshot --region {region} --db-instance-identifier {name}-cmk --db-snapshot-identifier {name}-cmk"#,
        caution: Some("An instance's key cannot be changed in place: the restore is a new instance with a new endpoint; writes after the snapshot are not in it, so plan a cut-over and delete the old instance only afterwards. The key is charged per month and per request."),
        inputs: &[],
    }
);
cmk_meta!(
    CLUSTER,
    "rds-cluster-customer-managed-key",
    "AWS::RDS::DBCluster",
    "RDS DB clusters",
    "Create a customer managed key (aws kms create-key), copy a cluster snapshot with it (aws rds copy-db-cluster-snapshot ... --kms-key-id <key>), restore a new cluster from the copy and move the application over.",
    crate::fix::Fix {
        console: "KMS console > Create key (symmetric); then RDS console > Databases > {name} > Actions > Take snapshot; the snapshot > Actions > Restore snapshot > Encryption: your key",
        command: r#"aws rds create-db-cluster-snapshot --region {region} --db-cluster-identifier {name} --db-cluster-snapshot-identifier {name}-aws-key
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-aws-key
aws rds restore-db-cluster-from-snapshot --region {region} --db-cluster-identifier {name}-cmk --snapshot-identifier {name}-aws-key --engine {engine} --kms-key-id "$KMS_KEY_ARN""#,
        caution: Some("A cluster's key cannot be changed in place: the restore is a new cluster with a new endpoint that needs its instances added (aws rds create-db-instance --db-cluster-identifier); writes after the snapshot are not in it. Delete the old cluster only after the cut-over. The key is charged per month and per request."),
        inputs: &[crate::fix::Input::Engine],
    }
);
cmk_meta!(
    SNAPSHOT,
    "rds-snapshot-customer-managed-key",
    "AWS::RDS::DBSnapshot",
    "RDS DB snapshots",
    "Copy the snapshot with a customer managed key and delete the original. CLI: aws rds copy-db-snapshot --source-db-snapshot-identifier <name> --target-db-snapshot-identifier <name>-cmk --kms-key-id <key>",
    crate::fix::Fix {
        console: "RDS console > Snapshots > {name} > Actions > Copy snapshot > Encryption: your customer managed key; then delete {name}",
        command: r#"aws rds copy-db-snapshot --region {region} --source-db-snapshot-identifier {name} --target-db-snapshot-identifier {name}-cmk --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-cmk
aws rds delete-db-snapshot --region {region} --db-snapshot-identifier {name}"#,
        caution: Some("The last step deletes the original snapshot: run it only once the copy is available."),
        inputs: &[],
    }
);
cmk_meta!(
    CLUSTER_SNAPSHOT,
    "rds-cluster-snapshot-customer-managed-key",
    "AWS::RDS::DBClusterSnapshot",
    "RDS DB cluster snapshots",
    "Copy the cluster snapshot with a customer managed key and delete the original. CLI: aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <name> --target-db-cluster-snapshot-identifier <name>-cmk --kms-key-id <key>",
    crate::fix::Fix {
        console: "RDS console > Snapshots > Cluster snapshots > {name} > Actions > Copy snapshot > Encryption: your customer managed key; then delete {name}",
        command: r#"aws rds copy-db-cluster-snapshot --region {region} --source-db-cluster-snapshot-identifier {name} --target-db-cluster-snapshot-identifier {name}-cmk --kms-key-id "$KMS_KEY_ARN"
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-cmk
aws rds delete-db-cluster-snapshot --region {region} --db-cluster-snapshot-identifier {name}"#,
        caution: Some("The last step deletes the original snapshot: run it only once the copy is available."),
        inputs: &[],
    }
);
cmk_meta!(
    TABLE,
    "dynamodb-table-customer-managed-key",
    "AWS::DynamoDB::Table",
    "DynamoDB tables",
    "Switch the table's encryption to a customer managed key (no downtime). CLI: aws dynamodb update-table --table-name <name> --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<key arn>",
    crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Additional settings > Encryption > Manage encryption > Stored in your account, and owned and managed by you: your key",
        command: r#"aws dynamodb update-table --region {region} --table-name {name} --sse-specification "Enabled=true,SSEType=KMS,KMSMasterKeyId=$KMS_KEY_ARN""#,
        caution: Some("Everything that reads the table then needs kms:Decrypt on the key (its key policy or IAM); disabling the key makes the table unreadable. The key is charged per month and per request."),
        inputs: &[],
    }
);

/// What the resource says about its encryption key.
enum KeyUse<'a> {
    /// Encrypted with this key (ARN or id): look it up.
    Key(&'a str),
    /// Encrypted with the AWS owned key (DynamoDB's default).
    AwsOwned,
    /// Not encrypted.
    Unencrypted,
    /// Unknown: the named fields were missing.
    Unknown(&'static str),
}

fn rds_key<'a>(encrypted: &Fact<bool>, key: &'a Fact<String>, field: &'static str) -> KeyUse<'a> {
    match encrypted.get() {
        Some(false) => KeyUse::Unencrypted,
        Some(true) => key
            .get()
            .map_or(KeyUse::Unknown("kmsKeyId"), |k| KeyUse::Key(k.as_str())),
        None => KeyUse::Unknown(field),
    }
}

fn key_use(resource: &Resource) -> Option<KeyUse<'_>> {
    let rds = rds_key;
    Some(match resource {
        Resource::DbInstance(db) => rds(&db.storage_encrypted, &db.kms_key_id, "storageEncrypted"),
        Resource::DbCluster(c) => rds(&c.storage_encrypted, &c.kms_key_id, "storageEncrypted"),
        Resource::DbSnapshot(s) => rds(&s.encrypted, &s.kms_key_id, "encrypted"),
        Resource::DynamoDbTable(t) => match t.sse_type.get() {
            Some(None) => KeyUse::AwsOwned,
            Some(Some(kind)) if kind == "KMS" => t
                .kms_key_arn
                .get()
                .map_or(KeyUse::Unknown("ssedescription.kmsmasterKeyArn"), |k| {
                    KeyUse::Key(k.as_str())
                }),
            Some(Some(_)) => KeyUse::AwsOwned,
            None => KeyUse::Unknown("ssedescription"),
        },
        _ => return None,
    })
}

impl Rule for CustomerManagedKey {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        if resource.type_name() != self.0.resource_type {
            return crate::rules::wrong_type(self.0);
        }
        let Some(key_use) = key_use(resource) else {
            return crate::rules::wrong_type(self.0);
        };
        let key = match key_use {
            KeyUse::Unencrypted => {
                return Verdict::not_applicable(
                    "not encrypted at rest (reported by the encryption rules)",
                )
            }
            KeyUse::Unknown(field) => return Verdict::undetermined([field]),
            KeyUse::AwsOwned => {
                return Verdict::failed(
                    "encrypted with the AWS owned key, which you cannot control or audit",
                    vec![Evidence::new("ssedescription", "none (AWS owned key)")],
                )
            }
            KeyUse::Key(key) => key,
        };
        let lookup = KeyMetadata::key(key);
        let answer = match ctx.lookups.get(&lookup) {
            Ok(answer) => answer,
            Err(undetermined) => return undetermined,
        };
        match answer.key_manager.as_deref() {
            Some("CUSTOMER") => {
                Verdict::passed(format!("encrypted with customer managed key {key}"))
            }
            Some(manager) => Verdict::failed(
                format!("encrypted with an AWS managed key ({key}), not a customer managed one"),
                vec![Evidence::new("KeyManager", manager)],
            ),
            None => Verdict::undetermined([format!("{} KeyManager", lookup.label())]),
        }
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        match key_use(resource) {
            Some(KeyUse::Key(key)) if resource.type_name() == self.0.resource_type => {
                vec![KeyMetadata::key(key).untyped()]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::test_support::{cluster, db, eval_table};
    use crate::settings::Settings;
    use serde_json::json;

    const KEY: &str = "arn:aws:kms:eu-west-2:123456789012:key/8f2b5e1c-3d4a-4b6e-9f0a-1c2d3e4f5a6b";

    fn with_manager(rule: &CustomerManagedKey, r: &Resource, manager: Option<&str>) -> Verdict {
        let mut lookups = Lookups::none();
        if let Some(m) = manager {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::KmsKey, KEY),
                    json!({"KeyManager": m}),
                )
                .unwrap();
        }
        rule.evaluate(r, &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn a_customer_key_passes_and_an_aws_managed_key_fails() {
        let r = db(json!({"storageEncrypted": true, "kmsKeyId": KEY}));
        let rule = CustomerManagedKey(&INSTANCE);
        assert_eq!(
            rule.lookups(&r),
            vec![LookupKey::new(LookupKind::KmsKey, KEY)]
        );
        assert!(matches!(
            with_manager(&rule, &r, Some("CUSTOMER")),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            with_manager(&rule, &r, Some("AWS")),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_it_is_undetermined() {
        let r = cluster(json!({"storageEncrypted": true, "kmsKeyId": KEY}));
        assert_eq!(
            with_manager(&CustomerManagedKey(&CLUSTER), &r, None),
            Verdict::undetermined([format!("kms.key:{KEY}")])
        );
    }

    #[test]
    fn unencrypted_is_not_applicable_and_the_aws_owned_table_key_fails() {
        let r = db(json!({"storageEncrypted": false}));
        assert!(matches!(
            with_manager(&CustomerManagedKey(&INSTANCE), &r, None),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval_table(
                &CustomerManagedKey(&TABLE),
                json!({"ssedescription": null}),
                None
            ),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn another_type_is_not_applicable() {
        let r = db(json!({"storageEncrypted": true, "kmsKeyId": KEY}));
        assert!(matches!(
            with_manager(&CustomerManagedKey(&CLUSTER), &r, Some("CUSTOMER")),
            Verdict::NotApplicable { .. }
        ));
        assert!(CustomerManagedKey(&CLUSTER).lookups(&r).is_empty());
    }
}
