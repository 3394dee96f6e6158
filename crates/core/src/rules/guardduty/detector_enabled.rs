//! Vigil's own rule: a GuardDuty detector should be enabled (not suspended).
//!
//! GuardDuty.1 is an account-and-Region verdict ("GuardDuty should be enabled", AWS Config rule
//! `guardduty-enabled-centralized`, see [`super::account`]); this is its condition on the one
//! detector a Region has, judged per detector so that an `UpdateDetector` that suspends it is
//! alerted in seconds and a re-enable resolves it.

use super::detector;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// A detector should be enabled.
pub struct DetectorEnabled;

static META: RuleMeta = RuleMeta {
    id: "guardduty-detector-enabled",
    title: "GuardDuty detectors should be enabled",
    severity: Severity::High,
    resource_type: "AWS::GuardDuty::Detector",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
    cyber_essentials: None,
    passes_when: "the detector's Enable is true (GetDetector Status ENABLED)",
    rationale: "A suspended detector stops analysing CloudTrail, VPC flow and DNS logs: credential theft, unusual database logins and data exfiltration in the Region go unnoticed.",
    remediation: "Find out who suspended the detector (the alert names the caller), then enable it again. CLI: aws guardduty update-detector --detector-id <id> --enable",
    fix: Some(crate::fix::Fix {
        console: "GuardDuty console > Settings > Suspend GuardDuty: Re-enable",
        command: "aws guardduty update-detector --region {region} --detector-id {name} --enable",
        caution: Some("GuardDuty is charged by the volume it analyses; find out first who suspended it (the alert names the caller)."),
        inputs: &[],
    }),
    source: "Vigil (the detector condition of FSBP GuardDuty.1, AWS Config rule guardduty-enabled-centralized)",
};

impl Rule for DetectorEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = detector(resource) else {
            return wrong_type(&META);
        };
        match d.enabled.get() {
            Some(true) => Verdict::passed("the detector is enabled"),
            Some(false) => Verdict::failed(
                "the detector is suspended: GuardDuty is not analysing this Region",
                vec![Evidence::new("Enable", false)],
            ),
            None => Verdict::undetermined(["Enable"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::guardduty::test_support::eval;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn enabled_passes_and_suspended_fails() {
        assert!(matches!(
            eval(&DetectorEnabled, json!({"Id": "d", "Enable": true})),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&DetectorEnabled, json!({"Id": "d", "Enable": false})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&DetectorEnabled, json!({"Id": "d"})),
            Verdict::undetermined(["Enable"])
        );
        assert!(matches!(
            eval_db(&DetectorEnabled, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
