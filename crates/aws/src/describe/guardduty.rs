//! GuardDuty describe adapter: detectors (`GetDetector`), with its SDK-to-event-JSON shaper.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_guardduty::error::ProvideErrorMetadata;
use aws_sdk_guardduty::operation::get_detector::GetDetectorOutput;
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// What GuardDuty says when a detector id is not (or no longer) the account's: a
/// `BadRequestException` with this message (the GuardDuty API has no not-found error for
/// detectors). Any other bad request stays an error.
const NOT_OWNED: &str = "detectorId is not owned by the current account";

/// Describes a detector by id (`GetDetector`), shaped by [`detector_json`]. A detector the
/// account no longer has: deleted.
pub async fn detector(
    guardduty: &aws_sdk_guardduty::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let id = resource.display_name();
    let result = guardduty.get_detector().detector_id(id).send().await;
    let Some(out) = unless_missing(
        result,
        |e| e.is_bad_request_exception() && e.message().is_some_and(|m| m.contains(NOT_OWNED)),
        Service::GuardDuty,
        "GetDetector",
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Described {
        name: Some(id.to_string()),
        id: Some(id.to_string()),
        ..Described::new(detector_json(id, &out), "GetDetector")
    }))
}

/// An SDK detector in the shape of the AWS Config item's configuration (the CloudFormation
/// property names): `{"Id", "Enable", "FindingPublishingFrequency", "Features": [{"Name",
/// "Status"}]}`, `Enable` from the detector's `Status` (`ENABLED`/`DISABLED`).
pub fn detector_json(id: &str, d: &GetDetectorOutput) -> Value {
    json!({
        "Id": id,
        "Enable": d.status().map(|s| s.as_str() == "ENABLED"),
        "FindingPublishingFrequency": d.finding_publishing_frequency().map(|f| f.as_str()),
        "Features": d.features().iter().filter_map(|f| Some(json!({
            "Name": f.name()?.as_str(),
            "Status": f.status()?.as_str(),
        }))).collect::<Vec<_>>(),
    })
}
