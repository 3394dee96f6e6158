//! Secrets Manager lookups: secrets' metadata (`secretsmanager.secret`), never their values.

use crate::clock::{rfc3339, Clock};
use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// `secretsmanager.secret` (id: the secret's ARN): `DescribeSecret`, answered with the secret's
/// metadata only, `{"name": "...", "createdDate": "<RFC 3339>", "lastRotatedDate": "<RFC 3339>" |
/// null, "lastAccessedDate": "<RFC 3339>" | null, "rotationEnabled": true | false,
/// "checkedAt": "<RFC 3339, when DescribeSecret was called, from `clock`>"}`. The secret's value
/// is never read (no `GetSecretValue`). A secret that does not exist, or access denied, is no
/// answer. Needs `secretsmanager:DescribeSecret`.
pub async fn secret_metadata(
    client: &aws_sdk_secretsmanager::Client,
    arn: &str,
    clock: &Clock,
) -> Result<Value, AwsError> {
    let checked_at = clock.stamp();
    let out = client
        .describe_secret()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::SecretsManager, "DescribeSecret", e))?;
    Ok(json!({
        "name": out.name(),
        "createdDate": out.created_date().and_then(rfc3339),
        "lastRotatedDate": out.last_rotated_date().and_then(rfc3339),
        "lastAccessedDate": out.last_accessed_date().and_then(rfc3339),
        "rotationEnabled": out.rotation_enabled().unwrap_or(false),
        "checkedAt": checked_at,
    }))
}
