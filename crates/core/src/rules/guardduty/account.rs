//! FSBP GuardDuty.1 — GuardDuty should be enabled.
//!
//! Source: AWS Security Hub user guide, GuardDuty controls, [GuardDuty.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1>):
//! severity High, resource type `AWS::::Account`, periodic, no parameters; "This control checks
//! whether Amazon GuardDuty is enabled in your GuardDuty account and Region." AWS Config managed
//! rule `guardduty-enabled-centralized`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/guardduty-enabled-centralized.html>):
//! "COMPLIANT when GuardDuty is enabled" in the account and Region; its optional
//! `CentralMonitoringAccount` parameter is not set by Security Hub, so a detector of the account
//! itself is what counts.
//!
//! This is a verdict about an account in a Region, not about one detector: a Region with no
//! detector has no resource to observe. The sweep describes the account (`AWS::::Account`) with
//! every monitored Region's detectors (`ListDetectors`, `GetDetector`; the sweep's region
//! parameter), and [`evaluate_region`] judges each Region as the Config rule does. Vigil files
//! one finding per account: FAILED when any monitored Region fails (the evidence names each),
//! undetermined when none fails but a Region could not be read, PASSED when every monitored
//! Region has an enabled detector. The per-detector condition is also the catalogue rule
//! `guardduty-detector-enabled`, which a disabling `UpdateDetector` fails in seconds (and
//! `DeleteDetector` is a deletion alert); the account's verdict follows at the next sweep.

use super::super::account::account;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::resources::account::Account;
use crate::resources::guardduty_detector::Detector;
use crate::rules::{regions, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The FSBP control this evaluates.
pub const CONTROL: &str = "GuardDuty.1";

/// GuardDuty.1.
pub struct GuardDuty1;

static META: RuleMeta = RuleMeta {
    id: "guardduty-enabled",
    title: "GuardDuty should be enabled in every monitored Region",
    severity: Severity::High,
    resource_type: "AWS::::Account",
    controls: &[CONTROL],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
    cyber_essentials: None,
    passes_when: "every Region the sweep monitors has a GuardDuty detector that is enabled (ListDetectors, GetDetector Status ENABLED)",
    rationale: "Without GuardDuty in a Region nobody analyses its CloudTrail, VPC flow and DNS logs: stolen credentials, unusual database logins and data exfiltration there go unnoticed, and a breach of personal data cannot be reported within 72 hours if it is never seen.",
    remediation: "Enable GuardDuty in each Region the finding names: create a detector there, or enable the suspended one. Find out first who removed or suspended it, if it was there before.",
    fix: Some(crate::fix::Fix {
        console: "GuardDuty console (Region {guardduty_region}) > Get started > Enable GuardDuty (or Settings > Suspend GuardDuty: Re-enable)",
        command: "aws guardduty create-detector --region {guardduty_region} --enable",
        caution: Some("GuardDuty is charged by the volume it analyses. If the Region has a suspended detector, create-detector is refused: enable that one instead (aws guardduty list-detectors, then aws guardduty update-detector --detector-id \"$DETECTOR_ID\" --enable in the same Region). Repeat for each Region the finding names."),
        inputs: &[crate::fix::Input::GuardDutyRegion],
    }),
    source: "FSBP GuardDuty.1 (AWS Config rule guardduty-enabled-centralized)",
};

/// GuardDuty.1 in one Region, from every detector `ListDetectors` returned there (GuardDuty
/// allows one per account and Region). An empty list means GuardDuty is not set up there, and
/// fails.
pub fn evaluate_region(detectors: &[Detector]) -> Verdict {
    if detectors.is_empty() {
        return Verdict::failed(
            "GuardDuty has no detector in this Region",
            vec![Evidence::new("detectors", 0)],
        );
    }
    let mut unknown = false;
    for d in detectors {
        match d.enabled {
            Fact::Known(true) => return Verdict::passed("GuardDuty's detector is enabled"),
            Fact::Known(false) => {}
            Fact::Unknown => unknown = true,
        }
    }
    if unknown {
        return Verdict::undetermined(["whether the Region's GuardDuty detector is enabled"]);
    }
    Verdict::failed(
        "GuardDuty's detector in this Region is suspended",
        vec![Evidence::new("Enable", false)],
    )
}

/// Each monitored Region's verdict, by Region name; `None` when the account carries no
/// GuardDuty description.
pub fn by_region(a: &Account) -> Option<Vec<(&str, Verdict)>> {
    Some(regions::by_region(
        a.guardduty.get()?,
        "GuardDuty",
        evaluate_region,
    ))
}

/// The first monitored Region (by name) where GuardDuty is not enabled, for the fix.
pub fn first_not_enabled(a: &Account) -> Option<String> {
    regions::first_failing(by_region(a)?)
}

impl Rule for GuardDuty1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        let Some(regions) = by_region(a) else {
            return Verdict::undetermined(["GuardDuty"]);
        };
        regions::combine(
            &regions,
            "GuardDuty is not enabled in",
            "GuardDuty has an enabled detector in every monitored Region",
            "GuardDuty",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::account::test_support::eval;
    use super::*;
    use crate::json::Obj;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::{json, Value};

    fn detector(v: Value) -> Detector {
        Detector::parse(Obj::new(&v, "c").unwrap()).unwrap()
    }

    #[test]
    fn an_enabled_detector_passes_a_region_and_none_or_a_suspended_one_fails_it() {
        let on = detector(json!({"Id": "a", "Enable": true}));
        let off = detector(json!({"Id": "b", "Enable": false}));
        assert!(matches!(evaluate_region(&[on]), Verdict::Passed { .. }));
        assert!(matches!(evaluate_region(&[off]), Verdict::Failed { .. }));
        assert!(matches!(evaluate_region(&[]), Verdict::Failed { .. }));
        let unknown = detector(json!({"Id": "c"}));
        assert!(matches!(
            evaluate_region(&[unknown]),
            Verdict::Undetermined { .. }
        ));
    }

    #[test]
    fn every_monitored_region_needs_its_own_enabled_detector() {
        // One enabled detector in London does not pass Ireland, where there is none.
        let v = eval(
            &GuardDuty1,
            json!({"GuardDuty": {
                "eu-west-2": [{"Id": "a", "Enable": true}],
                "eu-west-1": []
            }}),
        );
        let Verdict::Failed { reason, evidence } = v else {
            panic!("{v:?}")
        };
        assert_eq!(reason, "GuardDuty is not enabled in eu-west-1");
        assert_eq!(evidence[0].field, "GuardDuty.eu-west-1");
        let suspended = eval(
            &GuardDuty1,
            json!({"GuardDuty": {"eu-west-2": [{"Id": "a", "Enable": false}]}}),
        );
        assert!(matches!(suspended, Verdict::Failed { .. }), "{suspended:?}");
        let all = eval(
            &GuardDuty1,
            json!({"GuardDuty": {
                "eu-west-2": [{"Id": "a", "Enable": true}],
                "eu-west-1": [{"Id": "b", "Enable": true}]
            }}),
        );
        assert!(matches!(all, Verdict::Passed { .. }), "{all:?}");
    }

    #[test]
    fn an_unread_region_is_undetermined_unless_another_fails() {
        let unread = eval(
            &GuardDuty1,
            json!({"GuardDuty": {"eu-west-2": [{"Id": "a", "Enable": true}], "eu-west-1": null}}),
        );
        assert_eq!(unread, Verdict::undetermined(["GuardDuty.eu-west-1"]));
        let failing = eval(
            &GuardDuty1,
            json!({"GuardDuty": {"eu-west-2": [], "eu-west-1": null}}),
        );
        assert!(matches!(failing, Verdict::Failed { .. }), "{failing:?}");
        assert_eq!(
            eval(&GuardDuty1, json!({"AccountSummary": {}})),
            Verdict::undetermined(["GuardDuty"])
        );
    }

    #[test]
    fn other_types_are_not_applicable() {
        assert!(matches!(
            eval_db(&GuardDuty1, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn the_fix_names_the_first_region_without_guardduty() {
        let a = Account::parse(
            Obj::new(
                &json!({"GuardDuty": {"eu-west-2": [{"Id": "a", "Enable": true}], "us-east-1": []}}),
                "c",
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(first_not_enabled(&a).as_deref(), Some("us-east-1"));
    }
}
