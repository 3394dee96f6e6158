//! FSBP GuardDuty.1 — GuardDuty should be enabled.
//!
//! Source: AWS Security Hub user guide, GuardDuty controls, [GuardDuty.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1>):
//! severity High, resource type `AWS::::Account`, periodic, no parameters; "This control checks
//! whether Amazon GuardDuty is enabled in your GuardDuty account and Region." AWS Config managed
//! rule `guardduty-enabled-centralized` (a Region without a detector, or whose detector is not
//! enabled, is NON_COMPLIANT).
//!
//! This is a verdict about an account in a Region, not about one detector: a Region with no
//! detector has no resource to observe, so no single detector observation can pass or fail it.
//! [`evaluate`] judges one Region from the complete answer of `ListDetectors` (and `GetDetector`
//! for each); [`evaluate_regions`] gives one verdict per monitored Region. The sweep wires them
//! (issue 15). The per-detector condition is also the catalogue rule
//! `guardduty-detector-enabled`, which a `DeleteDetector` or a disabling `UpdateDetector` fails
//! in seconds.

use crate::fact::Fact;
use crate::resources::guardduty_detector::Detector;
use crate::verdict::{Evidence, Verdict};
use std::collections::BTreeMap;

/// The FSBP control this evaluates.
pub const CONTROL: &str = "GuardDuty.1";

/// GuardDuty.1 in one Region, from every detector `ListDetectors` returned there (GuardDuty
/// allows one per account and Region). An empty list means GuardDuty is not set up there, and
/// fails.
pub fn evaluate(detectors: &[&Detector]) -> Verdict {
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

/// GuardDuty.1 for each monitored Region: the Regions' detectors by Region name. A monitored
/// Region missing from `by_region` has no detector.
pub fn evaluate_regions(
    monitored: &[&str],
    by_region: &BTreeMap<String, Vec<Detector>>,
) -> Vec<(String, Verdict)> {
    monitored
        .iter()
        .map(|region| {
            let detectors: Vec<&Detector> = by_region
                .get(*region)
                .map(|list| list.iter().collect())
                .unwrap_or_default();
            (region.to_string(), evaluate(&detectors))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use serde_json::{json, Value};

    fn detector(v: Value) -> Detector {
        Detector::parse(Obj::new(&v, "c").unwrap()).unwrap()
    }

    #[test]
    fn an_enabled_detector_passes_and_none_or_a_suspended_one_fails() {
        let on = detector(json!({"Id": "a", "Enable": true}));
        let off = detector(json!({"Id": "b", "Enable": false}));
        assert!(matches!(evaluate(&[&on]), Verdict::Passed { .. }));
        assert!(matches!(evaluate(&[&off]), Verdict::Failed { .. }));
        assert!(matches!(evaluate(&[]), Verdict::Failed { .. }));
        let unknown = detector(json!({"Id": "c"}));
        assert!(matches!(
            evaluate(&[&unknown]),
            Verdict::Undetermined { .. }
        ));
    }

    #[test]
    fn every_monitored_region_needs_its_own_detector() {
        // One enabled detector in London does not pass Ireland, where there is none.
        let mut by_region = BTreeMap::new();
        by_region.insert(
            "eu-west-2".to_string(),
            vec![detector(json!({"Id": "a", "Enable": true}))],
        );
        let verdicts = evaluate_regions(&["eu-west-2", "eu-west-1"], &by_region);
        assert_eq!(verdicts.len(), 2);
        assert!(matches!(verdicts[0].1, Verdict::Passed { .. }));
        assert_eq!(verdicts[1].0, "eu-west-1");
        assert!(matches!(verdicts[1].1, Verdict::Failed { .. }));
    }
}
