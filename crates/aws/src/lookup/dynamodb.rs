//! DynamoDB lookups: tables' resource-based policies (`dynamodb.resource-policy`).

use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};

/// `dynamodb.resource-policy` (id: the table ARN): `{"Policy": "<the resource-based policy, as
/// JSON text>"}` from `GetResourcePolicy`, or `{"Policy": null}` when the table has none
/// (`PolicyNotFoundException`). Any other error (the table does not exist, access denied) is no
/// answer. Needs `dynamodb:GetResourcePolicy` on the table.
pub async fn resource_policy(
    client: &aws_sdk_dynamodb::Client,
    table_arn: &str,
) -> Result<Value, AwsError> {
    let found = unless_missing(
        client
            .get_resource_policy()
            .resource_arn(table_arn)
            .send()
            .await,
        |se| se.is_policy_not_found_exception(),
        Service::DynamoDb,
        "GetResourcePolicy",
    )?;
    let policy = found.and_then(|out| out.policy().filter(|p| !p.is_empty()).map(str::to_string));
    Ok(json!({ "Policy": policy }))
}
