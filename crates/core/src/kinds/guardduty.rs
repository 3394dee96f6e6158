//! GuardDuty: detectors.

use super::CallEffect::{Deletes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::guardduty_detector::Detector;

const GUARDDUTY: &str = "guardduty.amazonaws.com";

/// A detector call names the detector by the request's `detectorId` (`CreateDetector`: the
/// response's `detectorId`).
const DETECTOR_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Request(&["detectorId"]), Response(&["detectorId"])],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:guardduty:{region}:{account}:detector/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::GuardDuty::Detector`. Neither `UpdateDetector`'s request (which carries only what
/// changed) nor its empty response describes the detector, so the calls have it described
/// again (`GetDetector`): a detector disabled, or a protection plan turned off, is judged in
/// seconds.
pub const DETECTOR: Kind = Kind {
    type_name: "AWS::GuardDuty::Detector",
    asff_type: "AwsGuardDutyDetector",
    noun: "GuardDuty detector",
    recorded_by_config: true,
    parse: |c, _| Detector::parse(c).map(Resource::Detector),
    calls: &[
        call(GUARDDUTY, "CreateDetector", Names, &DETECTOR_NAMING),
        call(GUARDDUTY, "UpdateDetector", Names, &DETECTOR_NAMING),
        call(GUARDDUTY, "DeleteDetector", Deletes, &DETECTOR_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetDetector",
        actions: &["guardduty:GetDetector"],
    }),
    list: ApiCall {
        operation: "ListDetectors",
        actions: &["guardduty:ListDetectors", "guardduty:GetDetector"],
    },
};

#[cfg(test)]
mod tests {
    use crate::observation::ObservedState;
    use crate::sources::{parse_event, Parsed};

    #[test]
    fn disabling_a_detector_has_it_described_and_deleting_it_deletes_it() {
        for (file, deleted) in [
            (
                include_str!(
                    "../../../../events/cloudtrail/guardduty/update-detector-disable.json"
                ),
                false,
            ),
            (
                include_str!("../../../../events/cloudtrail/guardduty/delete-detector.json"),
                true,
            ),
        ] {
            let event: serde_json::Value = serde_json::from_str(file).unwrap();
            let Parsed::Observation(o) = parse_event(&event).unwrap() else {
                panic!()
            };
            assert_eq!(
                o.resource.arn,
                "arn:aws:guardduty:eu-west-2:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0"
            );
            assert_eq!(o.state == ObservedState::Deleted, deleted);
            assert!(deleted || matches!(o.state, ObservedState::NeedsFetch { .. }));
        }
    }
}
