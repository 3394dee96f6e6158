//! FSBP GuardDuty.6 (Lambda Protection) and GuardDuty.9 (RDS Protection): a protection plan of
//! the account's detector should be enabled.
//!
//! Source: AWS Security Hub user guide, GuardDuty controls, [GuardDuty.6]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-6>)
//! and [GuardDuty.9]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-9>):
//! severity High, resource type `AWS::GuardDuty::Detector`, periodic, no parameters; "For a
//! standalone account, the control fails if GuardDuty [Lambda|RDS] Protection is disabled in the
//! account." AWS Config managed rules `guardduty-lambda-protection-enabled` and
//! `guardduty-rds-protection-enabled` (NON_COMPLIANT when the feature is not enabled). The
//! features are GuardDuty's `LAMBDA_NETWORK_LOGS` and `RDS_LOGIN_EVENTS`.
//!
//! Vigil judges the standalone account: in a multi-account environment the control is judged in
//! the delegated administrator over every member account, which Vigil does not evaluate. A
//! detector whose known features do not include the plan is not applicable (the plan is not
//! offered in that Region, as the Config rules' Region lists say).

use super::detector;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::resources::guardduty_detector::{LAMBDA_NETWORK_LOGS, RDS_LOGIN_EVENTS};
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// A protection plan: the rule's metadata and GuardDuty's feature name.
pub struct Plan {
    meta: RuleMeta,
    feature: &'static str,
    plan: &'static str,
}

/// The rule for one protection plan.
pub struct Protection(pub &'static Plan);

/// GuardDuty.6: Lambda Protection.
pub static LAMBDA: Plan = Plan {
    meta: RuleMeta {
        id: "guardduty-lambda-protection",
        title: "GuardDuty Lambda Protection should be enabled",
        severity: Severity::High,
        resource_type: "AWS::GuardDuty::Detector",
        controls: &["GuardDuty.6"],
        gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
        cyber_essentials: None,
        passes_when: "the detector's LAMBDA_NETWORK_LOGS feature is ENABLED",
        rationale: "Lambda functions reach the databases holding personal data. Lambda Protection watches their network activity for signs of compromised code, such as calls to command-and-control hosts or exfiltration.",
        remediation: "Enable Lambda Protection on the detector (GuardDuty console > Lambda Protection > Enable). CLI: aws guardduty update-detector --detector-id <id> --features '[{\"Name\":\"LAMBDA_NETWORK_LOGS\",\"Status\":\"ENABLED\"}]'",
        fix: Some(crate::fix::Fix {
            console: "GuardDuty console > Lambda Protection > Enable",
            command: r#"aws guardduty update-detector --region {region} --detector-id {name} --features '[{"Name":"LAMBDA_NETWORK_LOGS","Status":"ENABLED"}]'"#,
            caution: Some("Lambda Protection is charged by the volume of network activity analysed."),
            inputs: &[],
        }),
        source: "FSBP GuardDuty.6 (AWS Config rule guardduty-lambda-protection-enabled), standalone account",
    },
    feature: LAMBDA_NETWORK_LOGS,
    plan: "Lambda Protection",
};

/// GuardDuty.9: RDS Protection.
pub static RDS: Plan = Plan {
    meta: RuleMeta {
        id: "guardduty-rds-protection",
        title: "GuardDuty RDS Protection should be enabled",
        severity: Severity::High,
        resource_type: "AWS::GuardDuty::Detector",
        controls: &["GuardDuty.9"],
        gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
        cyber_essentials: None,
        passes_when: "the detector's RDS_LOGIN_EVENTS feature is ENABLED",
        rationale: "RDS Protection profiles logins to Aurora databases and reports anomalous or malicious ones (brute force, logins from known-bad addresses): the first sign that someone is reaching for the personal data inside.",
        remediation: "Enable RDS Protection on the detector (GuardDuty console > RDS Protection > Enable). CLI: aws guardduty update-detector --detector-id <id> --features '[{\"Name\":\"RDS_LOGIN_EVENTS\",\"Status\":\"ENABLED\"}]'",
        fix: Some(crate::fix::Fix {
            console: "GuardDuty console > RDS Protection > Enable",
            command: r#"aws guardduty update-detector --region {region} --detector-id {name} --features '[{"Name":"RDS_LOGIN_EVENTS","Status":"ENABLED"}]'"#,
            caution: Some("RDS Protection is charged by the number of login events analysed."),
            inputs: &[],
        }),
        source: "FSBP GuardDuty.9 (AWS Config rule guardduty-rds-protection-enabled), standalone account",
    },
    feature: RDS_LOGIN_EVENTS,
    plan: "RDS Protection",
};

impl Rule for Protection {
    fn meta(&self) -> &'static RuleMeta {
        &self.0.meta
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let plan = self.0;
        let Some(d) = detector(resource) else {
            return wrong_type(&plan.meta);
        };
        let field = format!("Features[{}].Status", plan.feature);
        match d.feature(plan.feature) {
            Fact::Known(Some("ENABLED")) => Verdict::passed(format!("{} is enabled", plan.plan)),
            Fact::Known(Some(status)) => Verdict::failed(
                format!("{} is not enabled on the detector ({status})", plan.plan),
                vec![Evidence::new(field, status)],
            ),
            Fact::Known(None) => Verdict::not_applicable(format!(
                "the detector offers no {} feature in this Region",
                plan.feature
            )),
            Fact::Unknown => Verdict::undetermined([field]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::guardduty::test_support::eval;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    const GUARDDUTY_6: Protection = Protection(&LAMBDA);
    const GUARDDUTY_9: Protection = Protection(&RDS);

    fn detector(rds: &str, lambda: &str) -> serde_json::Value {
        json!({"Id": "d", "Enable": true, "Features": [
            {"Name": "RDS_LOGIN_EVENTS", "Status": rds},
            {"Name": "LAMBDA_NETWORK_LOGS", "Status": lambda}]})
    }

    #[test]
    fn each_rule_judges_its_own_feature() {
        let v = detector("ENABLED", "DISABLED");
        assert!(matches!(
            eval(&GUARDDUTY_9, v.clone()),
            Verdict::Passed { .. }
        ));
        let failed = eval(&GUARDDUTY_6, v);
        let Verdict::Failed { evidence, .. } = failed else {
            panic!("{failed:?}")
        };
        assert_eq!(evidence[0].field, "Features[LAMBDA_NETWORK_LOGS].Status");
        let v = detector("DISABLED", "ENABLED");
        assert!(matches!(
            eval(&GUARDDUTY_9, v.clone()),
            Verdict::Failed { .. }
        ));
        assert!(matches!(eval(&GUARDDUTY_6, v), Verdict::Passed { .. }));
        assert_eq!(GUARDDUTY_6.meta().controls, ["GuardDuty.6"]);
        assert_eq!(GUARDDUTY_9.meta().controls, ["GuardDuty.9"]);
    }

    #[test]
    fn absent_features_are_not_applicable_unknown_undetermined() {
        let v = json!({"Id": "d", "Features": [{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}]});
        assert!(matches!(
            eval(&GUARDDUTY_9, v),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval(&GUARDDUTY_6, json!({"Id": "d", "Enable": true})),
            Verdict::undetermined(["Features[LAMBDA_NETWORK_LOGS].Status"])
        );
        assert!(matches!(
            eval_db(&GUARDDUTY_9, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
