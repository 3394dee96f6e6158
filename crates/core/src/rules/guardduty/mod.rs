//! GuardDuty detectors: FSBP GuardDuty.6 (Lambda Protection) and GuardDuty.9 (RDS Protection)
//! per detector, whether the detector is enabled (Vigil's own rule, which a detector disabled by
//! `UpdateDetector` fails in seconds), and GuardDuty.1 over a Region's detectors ([`account`],
//! for the sweep).

pub mod account;
pub mod detector_enabled;
pub mod protection;

use crate::resource::Resource;
use crate::resources::guardduty_detector::Detector;

/// The detector inside a resource, for the rules of `AWS::GuardDuty::Detector`.
pub(crate) fn detector(resource: &Resource) -> Option<&Detector> {
    if let Resource::Detector(d) = resource {
        Some(d)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Detectors from literal configuration JSON.
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;

    pub fn eval(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        let d = Detector::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        rule.evaluate(
            &Resource::Detector(d),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }
}
