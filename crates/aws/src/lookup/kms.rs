//! KMS lookups: key metadata (`kms.key`) and the key policy (`kms.key-policy`).

use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// Kind `kms.key` (id: the key id or ARN): `DescribeKey`, answered as `{"KeyManager":
/// "CUSTOMER" | "AWS", "KeyState": "..."}` (key metadata only; no key material exists outside
/// KMS). Needs `kms:DescribeKey`.
pub async fn key(kms: &aws_sdk_kms::Client, key: &str) -> Result<Value, AwsError> {
    let out = kms
        .describe_key()
        .key_id(key)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Kms, "DescribeKey", e))?;
    let metadata = out.key_metadata().ok_or_else(|| AwsError::Fetch {
        arn: key.to_string(),
        message: "DescribeKey returned no key metadata".into(),
    })?;
    Ok(json!({
        "KeyManager": metadata.key_manager().map(|m| m.as_str()),
        "KeyState": metadata.key_state().map(|s| s.as_str()),
    }))
}

/// Kind `kms.key-policy` (id: the key id or ARN): `GetKeyPolicy` for the policy named `default`,
/// answered as `{"Policy": "<document>"}`. Needs `kms:GetKeyPolicy`.
pub async fn key_policy(kms: &aws_sdk_kms::Client, key: &str) -> Result<Value, AwsError> {
    let out = kms
        .get_key_policy()
        .key_id(key)
        .policy_name("default")
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Kms, "GetKeyPolicy", e))?;
    Ok(json!({ "Policy": out.policy() }))
}
