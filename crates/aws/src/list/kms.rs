//! KMS list adapter: keys, with their metadata and rotation status.

use super::{bounded, described, Description};
use crate::clock::rfc3339;
use crate::error::{AwsError, Service};
use serde_json::{json, Map};
use vigil_core::resource::ResourceType;

/// Every key (`ListKeys`), described (`DescribeKey`) in the AWS Config schema's names, with the
/// rotation status as Config's supplementary `KeyRotationStatus` (`GetKeyRotationStatus`) for
/// the keys rotation applies to: customer managed, symmetric, with key material from KMS, and
/// not pending deletion (the call fails for the others; their status stays unknown and the
/// rotation rule finds them not applicable from the metadata).
pub async fn keys(kms: &aws_sdk_kms::Client) -> Result<Vec<Description>, AwsError> {
    let entries: Vec<_> = kms
        .list_keys()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Kms, "ListKeys", e))?;
    bounded(entries, |entry| async move {
        let id = entry.key_id().unwrap_or_default().to_string();
        key(kms, &id).await?.ok_or_else(|| {
            AwsError::Config(format!(
                "ListKeys listed key {id}, which DescribeKey does not find"
            ))
        })
    })
    .await
}

/// One key by id (`DescribeKey`, and the rotation status where rotation applies), or `None` when
/// KMS has no such key: also the describe adapter of `AWS::KMS::Key`.
pub async fn key(kms: &aws_sdk_kms::Client, key_id: &str) -> Result<Option<Description>, AwsError> {
    let key_id = key_id.to_string();
    let found = crate::error::unless_missing(
        kms.describe_key().key_id(&key_id).send().await,
        |se| se.is_not_found_exception(),
        Service::Kms,
        "DescribeKey",
    )?;
    let Some(out) = found else {
        return Ok(None);
    };
    let Some(m) = out.key_metadata() else {
        return Err(AwsError::Config(format!(
            "DescribeKey returned no metadata for key {key_id}"
        )));
    };
    let manager = m.key_manager().map(|k| k.as_str());
    let spec = m.key_spec().map(|k| k.as_str());
    let origin = m.origin().map(|k| k.as_str());
    let state = m.key_state().map(|k| k.as_str());
    let rotates = manager == Some("CUSTOMER")
        && spec == Some("SYMMETRIC_DEFAULT")
        && origin == Some("AWS_KMS")
        && state != Some("PendingDeletion")
        && state != Some("PendingReplicaDeletion");
    let supplementary = if rotates {
        let enabled = kms
            .get_key_rotation_status()
            .key_id(&key_id)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Kms, "GetKeyRotationStatus", e))?
            .key_rotation_enabled();
        let mut s = Map::new();
        // AWS Config delivers the boolean as a string.
        s.insert("KeyRotationStatus".into(), json!(enabled.to_string()));
        Some(s)
    } else {
        None
    };
    let arn = m.arn().unwrap_or_default().to_string();
    let configuration = json!({
        "keyId": m.key_id(),
        "arn": arn,
        "keyManager": manager,
        "keyState": state,
        "deletionDate": m.deletion_date().and_then(rfc3339),
        "origin": origin,
        "customerMasterKeySpec": spec,
        "keyUsage": m.key_usage().map(|k| k.as_str()),
        "enabled": m.enabled(),
    });
    Ok(Some(Description {
        supplementary,
        ..described(
            ResourceType::KMS_KEY,
            key_id,
            None,
            arn,
            configuration,
            "DescribeKey",
        )
    }))
}
