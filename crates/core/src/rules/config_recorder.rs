//! Vigil's own rule: AWS Config's configuration recorder should be recording.
//!
//! FSBP Config.1 ("AWS Config should be enabled and use the service-linked role for resource
//! recording") is an account-level, periodic control whose conditions also cover the recording
//! group and the role; this is its running condition on the recorder, judged per recorder so
//! that a `StopConfigurationRecorder` is alerted in seconds and the
//! `StartConfigurationRecorder` that follows resolves it. It names no control.

use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The configuration recorder should be recording.
pub struct RecorderRecording;

static META: RuleMeta = RuleMeta {
    id: "config-recorder-recording",
    title: "The AWS Config configuration recorder should be recording",
    severity: Severity::High,
    resource_type: "AWS::Config::ConfigurationRecorder",
    controls: &[],
    gdpr: &["Art. 32(1)(d)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "the recorder's Recording is true (DescribeConfigurationRecorderStatus recording)",
    rationale: "While the recorder is stopped, no configuration change is recorded or evaluated: a database made public or unencrypted goes unnoticed, by AWS Config rules, Security Hub and Vigil alike, and the change history that evidences your controls has a gap.",
    remediation: "Find out who stopped the recorder (the alert names the caller), then start it again. CLI: aws configservice start-configuration-recorder --configuration-recorder-name <name>",
    fix: Some(crate::fix::Fix {
        console: "AWS Config console > Settings > Recorder > Start recording",
        command: "aws configservice start-configuration-recorder --region {region} --configuration-recorder-name {recorder_name}",
        caution: Some("AWS Config charges per configuration item recorded; find out first who stopped the recorder (the alert names the caller)."),
        inputs: &[crate::fix::Input::RecorderName],
    }),
    source: "Vigil (the recording condition of FSBP Config.1)",
};

impl Rule for RecorderRecording {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Resource::ConfigRecorder(r) = resource else {
            return wrong_type(&META);
        };
        match r.recording.get() {
            Some(true) => Verdict::passed("the recorder is recording"),
            Some(false) => Verdict::failed(
                "the recorder is stopped: configuration changes are not being recorded",
                vec![Evidence::new("Recording", false)],
            ),
            None => Verdict::undetermined(["Recording"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resources::config_recorder::ConfigRecorder;
    use crate::rules::test_support::eval as eval_db;
    use crate::settings::Settings;
    use serde_json::json;

    fn eval(v: serde_json::Value) -> Verdict {
        let r = ConfigRecorder::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        RecorderRecording.evaluate(
            &Resource::ConfigRecorder(r),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    #[test]
    fn recording_passes_and_stopped_fails() {
        assert!(matches!(
            eval(json!({"Recording": true})),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(json!({"Recording": false})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(json!({"Name": "default"})),
            Verdict::undetermined(["Recording"])
        );
        assert!(matches!(
            eval_db(&RecorderRecording, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
