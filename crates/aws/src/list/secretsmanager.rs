//! Secrets Manager list adapter: secret metadata, never a value.

use super::{described, tag_map, Description};
use crate::clock::rfc3339;
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_secretsmanager::types::SecretListEntry;
use serde_json::json;
use vigil_core::resource::ResourceType;

/// Every secret (`ListSecrets`: metadata only; Vigil never calls `GetSecretValue`), in the AWS
/// Config schema's PascalCase names, named by its ARN as AWS Config does. A secret without a
/// `KmsKeyId` uses the account's `aws/secretsmanager` key, which Config records as null.
pub async fn secrets(sm: &aws_sdk_secretsmanager::Client) -> Result<Vec<Description>, AwsError> {
    // The SDK's paginator for ListSecrets yields pages only.
    let pages: Vec<_> = sm
        .list_secrets()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::SecretsManager, "ListSecrets", e))?;
    pages
        .iter()
        .flat_map(|p| p.secret_list())
        .map(|s| secret_description(s, "ListSecrets"))
        .collect()
}

/// One secret by name or ARN (`DescribeSecret`: metadata only), or `None` when Secrets Manager
/// has no such secret or it is scheduled for deletion (`DeletedDate`): the describe adapter of
/// `AWS::SecretsManager::Secret`. The answer is read as the listing's entry, so both are shaped
/// by [`secret_description`].
pub async fn secret(
    sm: &aws_sdk_secretsmanager::Client,
    id: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        sm.describe_secret().secret_id(id).send().await,
        |e| e.is_resource_not_found_exception(),
        Service::SecretsManager,
        "DescribeSecret",
    )?;
    let Some(d) = found.filter(|d| d.deleted_date().is_none()) else {
        return Ok(None);
    };
    let entry = SecretListEntry::builder()
        .set_arn(d.arn)
        .set_name(d.name)
        .set_rotation_enabled(d.rotation_enabled)
        .set_rotation_rules(d.rotation_rules)
        .set_kms_key_id(d.kms_key_id)
        .set_last_rotated_date(d.last_rotated_date)
        .set_created_date(d.created_date)
        .set_last_accessed_date(d.last_accessed_date)
        .set_tags(d.tags)
        .build();
    secret_description(&entry, "DescribeSecret").map(Some)
}

/// One secret's metadata in the AWS Config schema's PascalCase names, named by its ARN.
fn secret_description(
    s: &SecretListEntry,
    operation: &'static str,
) -> Result<Description, AwsError> {
    let arn = s.arn().ok_or_else(|| {
        AwsError::Config(format!("{operation} returned a secret without its ARN"))
    })?;
    let configuration = json!({
        "ARN": arn,
        "Name": s.name(),
        "RotationEnabled": s.rotation_enabled().unwrap_or(false),
        "RotationRules": s.rotation_rules().map(|r| json!({
            "AutomaticallyAfterDays": r.automatically_after_days(),
        })),
        "KMSKeyId": s.kms_key_id(),
        "LastRotatedDate": s.last_rotated_date().and_then(rfc3339),
        // Not read by the kind's parser: the `secretsmanager.secret` lookup's dates,
        // answered from the listing (`crate::lookup::listed`) instead of DescribeSecret.
        "CreatedDate": s.created_date().and_then(rfc3339),
        "LastAccessedDate": s.last_accessed_date().and_then(rfc3339),
    });
    Ok(Description {
        tags: Some(tag_map(s.tags().iter().map(|t| (t.key(), t.value())))),
        ..described(
            ResourceType::SECRETSMANAGER_SECRET,
            arn,
            s.name(),
            arn,
            configuration,
            operation,
        )
    })
}
