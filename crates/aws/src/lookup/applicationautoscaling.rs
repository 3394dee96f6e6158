//! Application Auto Scaling lookups: DynamoDB tables' and indexes' scalable targets
//! (`applicationautoscaling.dynamodb-table`).

use crate::error::{AwsError, Service};
use aws_sdk_applicationautoscaling::types::ServiceNamespace;
use serde_json::{json, Value};

/// `applicationautoscaling.dynamodb-table` (id: the scalable resource, `table/<name>` or
/// `table/<name>/index/<index>`): `DescribeScalableTargets` in the `dynamodb` namespace for that
/// resource id, over every page, answered as `{"ScalableTargets": [{"ScalableDimension":
/// "dynamodb:table:ReadCapacityUnits", "MinCapacity": 5, "MaxCapacity": 100}]}` (empty when
/// nothing is registered). Needs `application-autoscaling:DescribeScalableTargets`.
pub async fn dynamodb_scalable_targets(
    client: &aws_sdk_applicationautoscaling::Client,
    resource_id: &str,
) -> Result<Value, AwsError> {
    let targets = client
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Dynamodb)
        .resource_ids(resource_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| {
            AwsError::call(
                Service::ApplicationAutoScaling,
                "DescribeScalableTargets",
                e,
            )
        })?;
    let targets: Vec<Value> = targets
        .iter()
        .filter(|t| t.resource_id() == resource_id)
        .map(|t| {
            json!({
                "ScalableDimension": t.scalable_dimension().as_str(),
                "MinCapacity": t.min_capacity(),
                "MaxCapacity": t.max_capacity(),
            })
        })
        .collect();
    Ok(json!({ "ScalableTargets": targets }))
}
