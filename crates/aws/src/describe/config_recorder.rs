//! AWS Config describe adapter: the configuration recorder (`DescribeConfigurationRecorders`
//! and `DescribeConfigurationRecorderStatus`), with its SDK-to-event-JSON shaper.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_config::types::{ConfigurationRecorder, ConfigurationRecorderStatus};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// Describes the recorder by name, shaped by [`recorder_json`]. A recorder AWS Config no longer
/// has (`NoSuchConfigurationRecorderException`): deleted.
pub async fn recorder(
    config: &aws_sdk_config::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let name = resource.display_name();
    let result = config
        .describe_configuration_recorders()
        .configuration_recorder_names(name)
        .send()
        .await;
    let Some(out) = unless_missing(
        result,
        |e| e.is_no_such_configuration_recorder_exception(),
        Service::Config,
        "DescribeConfigurationRecorders",
    )?
    else {
        return Ok(None);
    };
    let Some(recorder) = out.configuration_recorders().first() else {
        return Ok(None);
    };
    let status = config
        .describe_configuration_recorder_status()
        .configuration_recorder_names(name)
        .send()
        .await;
    let Some(status) = unless_missing(
        status,
        |e| e.is_no_such_configuration_recorder_exception(),
        Service::Config,
        "DescribeConfigurationRecorderStatus",
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Described {
        arn: recorder.arn().map(str::to_string),
        name: recorder.name().map(str::to_string),
        ..Described::new(
            recorder_json(recorder, status.configuration_recorders_status().first()),
            "DescribeConfigurationRecorders",
        )
    }))
}

/// An SDK recorder and its status in the shape of the AWS Config item's configuration:
/// `{"Name", "RoleARN", "Recording", "RecordingGroup": {"AllSupported",
/// "IncludeGlobalResourceTypes"}}`. Without a status, `Recording` is `null` (unknown).
pub fn recorder_json(
    r: &ConfigurationRecorder,
    status: Option<&ConfigurationRecorderStatus>,
) -> Value {
    json!({
        "Name": r.name(),
        "RoleARN": r.role_arn(),
        "Recording": status.map(|s| s.recording()),
        "RecordingGroup": r.recording_group().map(|g| json!({
            "AllSupported": g.all_supported(),
            "IncludeGlobalResourceTypes": g.include_global_resource_types(),
        })),
    })
}
