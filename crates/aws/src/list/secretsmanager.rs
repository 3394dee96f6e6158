//! Secrets Manager list adapter: secret metadata, never a value.

use super::{described, tag_map, Description};
use crate::clock::rfc3339;
use crate::error::{AwsError, Service};
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
        .map(|s| {
            let arn = s.arn().ok_or_else(|| {
                AwsError::Config("ListSecrets returned a secret without its ARN".into())
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
                    "ListSecrets",
                )
            })
        })
        .collect()
}
