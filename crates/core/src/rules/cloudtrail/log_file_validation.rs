//! FSBP CloudTrail.4 — CloudTrail log file validation should be enabled.
//!
//! Source: AWS Security Hub user guide, CloudTrail controls, [CloudTrail.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4>):
//! "This control checks whether log file integrity validation is enabled on a CloudTrail
//! trail." AWS Config managed rule `cloud-trail-log-file-validation-enabled` (periodic, no
//! parameters).

use super::trail;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// CloudTrail.4.
pub struct CloudTrail4;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-log-file-validation",
    title: "CloudTrail log file validation should be enabled",
    severity: Severity::Low,
    resource_type: "AWS::CloudTrail::Trail",
    controls: &["CloudTrail.4"],
    gdpr: &["Art. 5(1)(f)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "logFileValidationEnabled is true",
    rationale: "Log file validation writes signed digests of every log file, so you can prove a log was not changed or deleted after delivery: the evidence of who accessed personal data stands up only if its integrity can be shown.",
    remediation: "Enable log file validation on the trail (CloudTrail console > Trails > the trail > General details > Edit > Additional settings > Log file validation: Enabled). CLI: aws cloudtrail update-trail --name <trail> --enable-log-file-validation",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {name} > General details > Edit > Additional settings > Log file validation: Enabled > Save changes",
        command: "aws cloudtrail update-trail --region {region} --name {name} --enable-log-file-validation",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP CloudTrail.4 (AWS Config rule cloud-trail-log-file-validation-enabled)",
};

impl Rule for CloudTrail4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = trail(resource) else {
            return wrong_type(&META);
        };
        match t.log_file_validation.get() {
            Some(true) => Verdict::passed("log file validation is enabled"),
            Some(false) => Verdict::failed(
                "log file validation is disabled: changed or deleted log files cannot be detected",
                vec![Evidence::new("logFileValidationEnabled", false)],
            ),
            None => Verdict::undetermined(["logFileValidationEnabled"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudtrail::test_support::eval;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn enabled_passes_and_disabled_fails() {
        assert!(matches!(
            eval(&CloudTrail4, json!({"logFileValidationEnabled": true})),
            Verdict::Passed { .. }
        ));
        let v = eval(&CloudTrail4, json!({"logFileValidationEnabled": false}));
        let Verdict::Failed { evidence, .. } = v else {
            panic!("{v:?}")
        };
        assert_eq!(evidence[0].field, "logFileValidationEnabled");
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&CloudTrail4, json!({"name": "t"})),
            Verdict::undetermined(["logFileValidationEnabled"])
        );
        assert!(matches!(
            eval_db(&CloudTrail4, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
