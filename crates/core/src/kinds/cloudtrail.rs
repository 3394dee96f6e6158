//! CloudTrail: trails.

use super::CallEffect::{Deletes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::cloudtrail_trail::Trail;

const CLOUDTRAIL: &str = "cloudtrail.amazonaws.com";

/// A trail call names the trail by `name` (`trailName` for `PutEventSelectors`), which may be the
/// trail's name or its ARN (the console sends the ARN); `CreateTrail` and `UpdateTrail` respond
/// with the trail's `name` and `trailARN`. A trail's ARN is built from its home Region, the
/// account and its name, and these calls are made in the home Region.
const TRAIL_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["name"]),
        Request(&["name"]),
        Request(&["trailName"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["trailARN"])),
    arn_pattern: "arn:{partition}:cloudtrail:{region}:{account}:trail/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::CloudTrail::Trail`. Whether a trail is logging and what its event selectors record are
/// not in its Config item nor in any call's response, so every call but `DeleteTrail` has the
/// trail described again (`GetTrail`, `GetTrailStatus`, `GetEventSelectors`): a
/// `StopLogging` is judged in seconds, and the `StartLogging` that follows resolves it.
pub const TRAIL: Kind = Kind {
    type_name: "AWS::CloudTrail::Trail",
    asff_type: "AwsCloudTrailTrail",
    noun: "CloudTrail trail",
    recorded_by_config: true,
    parse: |c, _| Trail::parse(c).map(Resource::Trail),
    calls: &[
        // A trail created, or one made single-Region, changes CloudTrail.1, which no trail's
        // own rule gives: the account is described again too. (Stopping, narrowing or deleting
        // a trail is alerted on the trail itself; CloudTrail.1 follows at the next sweep, so
        // one change is one alert.)
        call(CLOUDTRAIL, "CreateTrail", Names, &TRAIL_NAMING).account_too(),
        call(CLOUDTRAIL, "UpdateTrail", Names, &TRAIL_NAMING).account_too(),
        call(CLOUDTRAIL, "StartLogging", Names, &TRAIL_NAMING),
        call(CLOUDTRAIL, "StopLogging", Names, &TRAIL_NAMING),
        call(CLOUDTRAIL, "PutEventSelectors", Names, &TRAIL_NAMING),
        call(CLOUDTRAIL, "DeleteTrail", Deletes, &TRAIL_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetTrail",
        actions: &[
            "cloudtrail:GetTrail",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
        ],
    }),
    list: ApiCall {
        operation: "DescribeTrails",
        actions: &[
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrail",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
        ],
    },
};

#[cfg(test)]
mod tests {
    use crate::observation::ObservedState;
    use crate::sources::{parse_event, Parsed};

    fn observe(file: &str) -> crate::observation::Observation {
        let event: serde_json::Value = serde_json::from_str(file).unwrap();
        match parse_event(&event).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stopping_a_trail_by_its_arn_names_the_trail_and_has_it_described_with_the_caller() {
        let o = observe(include_str!(
            "../../../../events/cloudtrail/cloudtrail/stop-logging.json"
        ));
        assert_eq!(
            o.resource.arn,
            "arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events"
        );
        assert_eq!(o.resource.name.as_deref(), Some("management-events"));
        assert_eq!(o.resource.id, "management-events");
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
        assert_eq!(o.origin.what, "cloudtrail.amazonaws.com StopLogging");
        let actor = o.origin.actor.unwrap();
        assert_eq!(
            actor.arn.as_deref(),
            Some("arn:aws:iam::123456789012:user/Mary_Major")
        );
    }

    #[test]
    fn deleting_a_trail_by_its_name_deletes_the_same_trail() {
        let o = observe(include_str!(
            "../../../../events/cloudtrail/cloudtrail/delete-trail.json"
        ));
        assert_eq!(
            o.resource.arn,
            "arn:aws:cloudtrail:eu-west-2:123456789012:trail/dev-trail"
        );
        assert_eq!(o.state, ObservedState::Deleted);
        let o = observe(include_str!(
            "../../../../events/cloudtrail/cloudtrail/put-event-selectors-write-only.json"
        ));
        assert_eq!(o.resource.name.as_deref(), Some("management-events"));
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
        // Data events added with advanced selectors: the trail is described again too.
        let o = observe(include_str!(
            "../../../../events/cloudtrail/cloudtrail/put-event-selectors-dynamodb-data.json"
        ));
        assert_eq!(
            o.resource.arn,
            "arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events"
        );
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
    }
}
