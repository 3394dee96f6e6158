//! CloudTrail describe adapter: trails (`GetTrail`, `GetTrailStatus`, `GetEventSelectors`),
//! with its SDK-to-event-JSON shaper. Whether a trail is logging and what it records are not in
//! its AWS Config item, so every trail call is resolved here.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::types::Trail;
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// Describes a trail by its ARN (a trail call may name it by name or ARN; the core has built
/// the ARN), shaped by [`trail_json`]. Not found: deleted.
pub async fn trail(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let id = resource.arn.as_str();
    let result = cloudtrail.get_trail().name(id).send().await;
    let Some(found) = unless_missing(
        result,
        |e| e.is_trail_not_found_exception(),
        Service::CloudTrail,
        "GetTrail",
    )?
    else {
        return Ok(None);
    };
    let trail = found.trail().ok_or_else(|| AwsError::Fetch {
        arn: resource.arn.clone(),
        message: "GetTrail returned no trail".into(),
    })?;
    let status = cloudtrail.get_trail_status().name(id).send().await;
    let Some(status) = unless_missing(
        status,
        |e| e.is_trail_not_found_exception(),
        Service::CloudTrail,
        "GetTrailStatus",
    )?
    else {
        return Ok(None);
    };
    let selectors = cloudtrail.get_event_selectors().trail_name(id).send().await;
    let Some(selectors) = unless_missing(
        selectors,
        |e| e.is_trail_not_found_exception(),
        Service::CloudTrail,
        "GetEventSelectors",
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Described {
        arn: trail.trail_arn().map(str::to_string),
        name: trail.name().map(str::to_string),
        id: trail.name().map(str::to_string),
        ..Described::new(
            trail_json(trail, status.is_logging(), &selectors),
            "GetTrail",
        )
    }))
}

/// An SDK trail, its logging status and its event selectors in the shape of the AWS Config
/// item's configuration (the `Trail` members with the first letter lower-cased, `null` for a
/// member the trail does not have, as Config writes them), with `isLogging`,
/// `eventSelectors` and `advancedEventSelectors` added: what the core's trail parser reads.
pub fn trail_json(t: &Trail, logging: Option<bool>, s: &GetEventSelectorsOutput) -> Value {
    let event_selectors: Vec<Value> = s
        .event_selectors()
        .iter()
        .map(|e| {
            json!({
                "readWriteType": e.read_write_type().map(|r| r.as_str()),
                "includeManagementEvents": e.include_management_events(),
                "excludeManagementEventSources": e.exclude_management_event_sources(),
                "dataResources": e.data_resources().iter().map(|d| json!({
                    "type": d.r#type(),
                    "values": d.values(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let advanced: Vec<Value> = s
        .advanced_event_selectors()
        .iter()
        .map(|a| {
            json!({
                "name": a.name(),
                "fieldSelectors": a.field_selectors().iter().map(|f| json!({
                    "field": f.field(),
                    "equals": f.equals(),
                    "notEquals": f.not_equals(),
                    "startsWith": f.starts_with(),
                    "endsWith": f.ends_with(),
                    "notStartsWith": f.not_starts_with(),
                    "notEndsWith": f.not_ends_with(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "name": t.name(),
        "trailARN": t.trail_arn(),
        "homeRegion": t.home_region(),
        "isMultiRegionTrail": t.is_multi_region_trail(),
        "isOrganizationTrail": t.is_organization_trail(),
        "includeGlobalServiceEvents": t.include_global_service_events(),
        "kmsKeyId": t.kms_key_id(),
        "logFileValidationEnabled": t.log_file_validation_enabled(),
        "cloudWatchLogsLogGroupArn": t.cloud_watch_logs_log_group_arn(),
        "cloudWatchLogsRoleArn": t.cloud_watch_logs_role_arn(),
        "s3BucketName": t.s3_bucket_name(),
        "s3KeyPrefix": t.s3_key_prefix(),
        "snsTopicARN": t.sns_topic_arn(),
        "hasCustomEventSelectors": t.has_custom_event_selectors(),
        "isLogging": logging,
        "eventSelectors": event_selectors,
        "advancedEventSelectors": advanced,
    })
}
