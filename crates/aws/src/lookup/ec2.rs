//! EC2 lookups, answered from AWS Config's recorded items (so no EC2 client is needed):
//! subnets (`ec2.subnet`).

use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// Kind `ec2.subnet` (id: the subnet id): `{"AvailabilityZone": "eu-west-2a"}`, from AWS
/// Config's recorded item for the subnet (`BatchGetResourceConfig`). Needs
/// `config:BatchGetResourceConfig`.
pub async fn subnet(config: &aws_sdk_config::Client, subnet_id: &str) -> Result<Value, AwsError> {
    let key = aws_sdk_config::types::ResourceKey::builder()
        .resource_type(aws_sdk_config::types::ResourceType::Subnet)
        .resource_id(subnet_id)
        .build()
        .map_err(|e| AwsError::request(Service::Config, "BatchGetResourceConfig", e))?;
    let out = config
        .batch_get_resource_config()
        .resource_keys(key)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Config, "BatchGetResourceConfig", e))?;
    let zone = out
        .base_configuration_items()
        .first()
        .and_then(|item| item.availability_zone())
        .ok_or_else(|| AwsError::Fetch {
            arn: subnet_id.to_string(),
            message: "AWS Config has no recorded item for this subnet".into(),
        })?;
    Ok(json!({ "AvailabilityZone": zone }))
}
