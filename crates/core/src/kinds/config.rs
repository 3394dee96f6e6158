//! AWS Config: the configuration recorder.

use super::CallEffect::{Deletes, Names};
use super::Place::Request;
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::config_recorder::ConfigRecorder;

const CONFIG: &str = "config.amazonaws.com";

/// A recorder call names the recorder by the request's `configurationRecorderName`
/// (`PutConfigurationRecorder`: `configurationRecorder.name`). A recorder's ARN ends in an id
/// the calls do not carry (`configuration-recorder/<name>/<id>`): the ARN built from the name is
/// a stand-in until the description gives the real one.
const RECORDER_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Request(&["configurationRecorderName"]),
        Request(&["configurationRecorder", "name"]),
    ],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:config:{region}:{account}:configuration-recorder/{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::Config::ConfigurationRecorder`. Stopping the recorder stops every Config-driven
/// evaluation, Vigil's included, without a Config item to say so: the calls have the recorder
/// described again (`DescribeConfigurationRecorders`, `DescribeConfigurationRecorderStatus`).
/// `DeleteDeliveryChannel` needs no call of its own: AWS Config refuses to delete the delivery
/// channel while the recorder runs, so it always follows a `StopConfigurationRecorder`, which
/// is alerted.
pub const RECORDER: Kind = Kind {
    type_name: "AWS::Config::ConfigurationRecorder",
    asff_type: "Other",
    noun: "AWS Config recorder",
    recorded_by_config: true,
    parse: |c, _| ConfigRecorder::parse(c).map(Resource::ConfigRecorder),
    calls: &[
        call(CONFIG, "PutConfigurationRecorder", Names, &RECORDER_NAMING),
        call(
            CONFIG,
            "StartConfigurationRecorder",
            Names,
            &RECORDER_NAMING,
        ),
        call(CONFIG, "StopConfigurationRecorder", Names, &RECORDER_NAMING),
        call(
            CONFIG,
            "DeleteConfigurationRecorder",
            Deletes,
            &RECORDER_NAMING,
        ),
    ],
    describe: Some(ApiCall {
        operation: "DescribeConfigurationRecorders",
        actions: &[
            "config:DescribeConfigurationRecorders",
            "config:DescribeConfigurationRecorderStatus",
        ],
    }),
    list: ApiCall {
        operation: "DescribeConfigurationRecorders",
        actions: &[
            "config:DescribeConfigurationRecorders",
            "config:DescribeConfigurationRecorderStatus",
        ],
    },
};
