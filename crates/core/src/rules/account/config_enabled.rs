//! FSBP Config.1 — AWS Config should be enabled and use the service-linked role for resource
//! recording.
//!
//! Source: AWS Security Hub user guide, AWS Config controls, [Config.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1>):
//! resource type `AWS::::Account`, periodic, a custom Security Hub rule (no AWS Config managed
//! rule), parameter `includeConfigServiceLinkedRoleCheck` (default `true`). "This control checks
//! whether AWS Config is enabled in your account in the current AWS Region, records all
//! resources that correspond to controls that are enabled in the current Region, and uses the
//! service-linked AWS Config role" (`AWSServiceRoleForConfig`).
//!
//! Judged per monitored Region from the Region's configuration recorders
//! (`DescribeConfigurationRecorders`, `DescribeConfigurationRecorderStatus`), which the sweep
//! puts in the account's description (`ConfigRecorders`). A Region passes when a recorder is
//! recording, with the service-linked role (the parameter's default), and records every
//! supported resource type (`RecordingGroup.AllSupported`). It fails with no recorder, with
//! every recorder stopped, or with a recorder that uses another role. **Approximated:** which
//! resource types "correspond to controls that are enabled" depends on the controls enabled in
//! Security Hub, which Vigil does not read; a recorder that records only some types is
//! therefore undetermined, never passed or failed. The page's rules on IAM global resources in
//! an aggregation Region, and its note that Config.1 always passes while Security Hub's
//! service-linked recorder exists, are not modelled. One finding for the account fails when any
//! monitored Region fails, naming each (as GuardDuty.1).
//!
//! The issue behind this rule asks for "AWS Config recording where the deployment relies on
//! it": a deployment in the Config-free mode (`Settings::config_free`, the template's
//! `ConfigFree`) does not rely on it, and Config.1 is not applicable there.

use super::account;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::resources::account::Account;
use crate::resources::config_recorder::ConfigRecorder;
use crate::rules::{regions, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Config.1.
pub struct Config1;

/// The service-linked role's path and name, ending every ARN of it.
const SERVICE_LINKED_ROLE: &str = "/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";

static META: RuleMeta = RuleMeta {
    id: "config-enabled",
    title: "AWS Config should record with its service-linked role in every monitored Region",
    severity: Severity::Critical,
    resource_type: "AWS::::Account",
    controls: &["Config.1"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(1)"],
    cyber_essentials: None,
    passes_when: "every Region the sweep monitors has a configuration recorder that is recording, uses the service-linked role AWSServiceRoleForConfig and records all supported resource types; not applicable to a deployment in the Config-free mode",
    rationale: "AWS Config keeps the history of every resource's configuration: without it, nobody can show which database was public, or since when, and the record of processing that UK GDPR asks for has a hole exactly where a breach happened.",
    remediation: "In each Region the finding names, set up AWS Config with the service-linked role, recording all resource types, and start the recorder. If the recorder exists but was stopped, find out who stopped it first.",
    fix: Some(crate::fix::Fix {
        console: "AWS Config console (Region {config_region}) > Settings > Edit: Record all resource types, AWS Config service-linked role > Save; then Recording is on",
        command: "aws iam create-service-linked-role --aws-service-name config.amazonaws.com\naws configservice put-configuration-recorder --region {config_region} --configuration-recorder name=default,roleARN=arn:{partition}:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=true\naws configservice start-configuration-recorder --region {config_region} --configuration-recorder-name default",
        caution: Some("AWS Config charges for each configuration item recorded. The recorder needs a delivery channel (an S3 bucket) before it starts: aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=\"$CONFIG_BUCKET\". create-service-linked-role fails harmlessly if the role exists; an existing recorder keeps its own name (aws configservice describe-configuration-recorders)."),
        inputs: &[crate::fix::Input::ConfigRegion],
    }),
    source: "FSBP Config.1 (custom Security Hub rule; recording of the enabled controls' resource types approximated)",
};

/// One recorder: FAILED when stopped or recording with another role, undetermined when it
/// records only some resource types or a member is unknown, PASSED otherwise.
fn judge(r: &ConfigRecorder) -> Verdict {
    let mut missing = Vec::new();
    match r.recording {
        Fact::Known(false) => {
            return Verdict::failed(
                "the configuration recorder is stopped",
                vec![Evidence::new("Recording", false)],
            )
        }
        Fact::Unknown => missing.push("Recording".to_string()),
        Fact::Known(true) => {}
    }
    match r.role_arn.get() {
        Some(arn) if !arn.ends_with(SERVICE_LINKED_ROLE) => {
            return Verdict::failed(
                "the configuration recorder does not use AWS Config's service-linked role",
                vec![Evidence::new("RoleARN", arn)],
            )
        }
        Some(_) => {}
        None => missing.push("RoleARN".to_string()),
    }
    match r.all_supported {
        Fact::Known(true) => {}
        Fact::Known(false) => missing.push(
            "RecordingGroup (whether it records the resource types of the controls enabled in Security Hub)"
                .to_string(),
        ),
        Fact::Unknown => missing.push("RecordingGroup.AllSupported".to_string()),
    }
    if missing.is_empty() {
        Verdict::passed("a recorder records every resource type with the service-linked role")
    } else {
        Verdict::undetermined(missing)
    }
}

/// Config.1 in one Region, from every recorder `DescribeConfigurationRecorders` returned there.
pub fn evaluate_region(recorders: &[ConfigRecorder]) -> Verdict {
    if recorders.is_empty() {
        return Verdict::failed(
            "AWS Config has no configuration recorder in this Region",
            vec![Evidence::new("configuration recorders", 0)],
        );
    }
    let verdicts: Vec<Verdict> = recorders.iter().map(judge).collect();
    if let Some(pass) = verdicts
        .iter()
        .find(|v| matches!(v, Verdict::Passed { .. }))
    {
        return pass.clone();
    }
    if let Some(undetermined) = verdicts
        .iter()
        .find(|v| matches!(v, Verdict::Undetermined { .. }))
    {
        return undetermined.clone();
    }
    verdicts
        .into_iter()
        .next()
        .unwrap_or_else(|| Verdict::undetermined(["configuration recorders"]))
}

/// Each monitored Region's verdict, by Region name; `None` without a description of them.
pub fn by_region(a: &Account) -> Option<Vec<(&str, Verdict)>> {
    Some(regions::by_region(
        a.config_recorders.get()?,
        "ConfigRecorders",
        evaluate_region,
    ))
}

/// The first monitored Region (by name) that fails, for the fix.
pub fn first_failing(a: &Account) -> Option<String> {
    regions::first_failing(by_region(a)?)
}

impl Rule for Config1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        if ctx.settings.config_free {
            return Verdict::not_applicable(
                "this deployment runs without AWS Config (ConfigFree): it does not rely on AWS Config recording",
            );
        }
        let Some(regions) = by_region(a) else {
            return Verdict::undetermined(["ConfigRecorders"]);
        };
        regions::combine(
            &regions,
            "AWS Config is not recording as Config.1 requires in",
            "AWS Config records with its service-linked role in every monitored Region",
            "ConfigRecorders",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::{json, Value};

    const SLR: &str =
        "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";

    fn recorder(recording: bool, role: &str, all: bool) -> Value {
        json!({"Name": "default", "Recording": recording, "RoleARN": role,
               "RecordingGroup": {"AllSupported": all, "IncludeGlobalResourceTypes": true}})
    }

    #[test]
    fn a_recording_recorder_with_the_service_linked_role_passes() {
        let v = eval(
            &Config1,
            json!({"ConfigRecorders": {"eu-west-2": [recorder(true, SLR, true)]}}),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn no_recorder_a_stopped_one_or_another_role_fails() {
        for regions in [
            json!({"eu-west-2": []}),
            json!({"eu-west-2": [recorder(false, SLR, true)]}),
            json!({"eu-west-2": [recorder(true, "arn:aws:iam::123456789012:role/config-role", true)]}),
            json!({"eu-west-2": [recorder(true, SLR, true)], "eu-west-1": []}),
        ] {
            let v = eval(&Config1, json!({ "ConfigRecorders": regions }));
            assert!(matches!(v, Verdict::Failed { .. }), "{regions}: {v:?}");
        }
        let Verdict::Failed { reason, .. } = eval(
            &Config1,
            json!({"ConfigRecorders": {"eu-west-2": [recorder(true, SLR, true)], "eu-west-1": []}}),
        ) else {
            panic!()
        };
        assert!(
            reason.contains("eu-west-1") && !reason.contains("eu-west-2"),
            "{reason}"
        );
    }

    #[test]
    fn recording_only_some_types_or_an_unread_region_is_undetermined() {
        let v = eval(
            &Config1,
            json!({"ConfigRecorders": {"eu-west-2": [recorder(true, SLR, false)]}}),
        );
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        let v = eval(&Config1, json!({"ConfigRecorders": {"eu-west-2": null}}));
        assert_eq!(v, Verdict::undetermined(["ConfigRecorders.eu-west-2"]));
        assert_eq!(
            eval(&Config1, json!({"AccountSummary": {}})),
            Verdict::undetermined(["ConfigRecorders"])
        );
        assert!(matches!(
            eval_db(&Config1, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn a_config_free_deployment_does_not_rely_on_aws_config() {
        let a = Account::parse(
            crate::json::Obj::new(
                &json!({"ConfigRecorders": {"eu-west-2": []}}),
                "configuration",
            )
            .unwrap(),
        )
        .unwrap();
        let settings = crate::Settings {
            config_free: true,
            ..crate::Settings::default()
        };
        let v = Config1.evaluate(
            &Resource::Account(a.clone()),
            &Context::new(&settings, &crate::Lookups::none()),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        // The same account in a deployment that relies on AWS Config fails.
        let v = Config1.evaluate(
            &Resource::Account(a),
            &Context::new(&crate::Settings::default(), &crate::Lookups::none()),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }
}
