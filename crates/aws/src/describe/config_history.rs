//! Oversized AWS Config items: when an item is too large for EventBridge, the event carries
//! only where to find it, and the item as captured is read back from AWS Config's history
//! (`GetResourceConfigHistory`), shaped as an event's `configurationItem` and parsed by the
//! core's own reader.

use crate::error::{AwsError, Service};
use serde_json::{json, Value};
use vigil_core::json::Obj;
use vigil_core::observation::Observation;
use vigil_core::sources::{config_item, Parsed};

/// The observation with its configuration from AWS Config's latest recorded item for the
/// resource (the origin stays the event's). IAM's items (region `global`) are filed under the
/// observation's region, as the event's own would be.
pub async fn fetch(
    config: &aws_sdk_config::Client,
    observation: Observation,
) -> Result<Observation, AwsError> {
    let r = &observation.resource;
    let out = config
        .get_resource_config_history()
        .resource_type(aws_sdk_config::types::ResourceType::from(
            r.resource_type.as_str(),
        ))
        .resource_id(&r.id)
        .limit(1)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Config, "GetResourceConfigHistory", e))?;
    let item = out
        .configuration_items()
        .first()
        .ok_or_else(|| AwsError::Fetch {
            arn: r.arn.clone(),
            message: "AWS Config has no configuration item for it".into(),
        })?;
    let json = config_item_json(item);
    let parsed = config_item::place_global(
        config_item::parse_item(
            Obj::new(&json, "configurationItem")?,
            &observation.origin.event_id,
        )?,
        &observation.resource.region,
    );
    match parsed {
        Parsed::Observation(mut fetched) => {
            fetched.origin = observation.origin;
            Ok(fetched)
        }
        Parsed::Ignored { reason, .. } => Err(AwsError::Fetch {
            arn: observation.resource.arn.clone(),
            message: reason,
        }),
        // A configuration item is never a sign-in.
        Parsed::FailedSignIn(_) => Err(AwsError::Fetch {
            arn: observation.resource.arn.clone(),
            message: "the configuration item read as a sign-in".into(),
        }),
    }
}

/// An SDK configuration item in the shape of an event's `configurationItem`.
pub fn config_item_json(item: &aws_sdk_config::types::ConfigurationItem) -> Value {
    json!({
        "configurationItemCaptureTime": item.configuration_item_capture_time()
            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()),
        "configurationItemStatus": item.configuration_item_status().map(|s| s.as_str()),
        "awsAccountId": item.account_id(),
        "awsRegion": item.aws_region(),
        "resourceType": item.resource_type().map(|t| t.as_str()),
        "resourceId": item.resource_id(),
        "resourceName": item.resource_name(),
        "ARN": item.arn(),
        "configuration": item.configuration(),
        "supplementaryConfiguration": item.supplementary_configuration(),
        "tags": item.tags(),
    })
}
