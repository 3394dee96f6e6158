//! FSBP CloudTrail.1 — CloudTrail should be enabled and configured with at least one
//! multi-Region trail that includes read and write management events.
//!
//! Source: AWS Security Hub user guide, CloudTrail controls, [CloudTrail.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1>):
//! resource type "AWS account", periodic, parameter `readWriteType: ALL`; "This control checks
//! that there is at least one multi-Region CloudTrail trail. It also checks that the
//! `ExcludeManagementEventSources` parameter is empty for at least one of those trails." AWS
//! Config managed rule `multi-region-cloudtrail-enabled`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html>).
//!
//! This is a verdict about the account, not about one trail: one trail observed alone can never
//! pass it, so it is not a catalogue rule evaluated per resource. [`evaluate`] judges a complete
//! list of the account's trails, as the sweep's `DescribeTrails` (with `GetTrailStatus` and
//! `GetEventSelectors` for each) gives it; the sweep wires it (issue 15). A qualifying trail is
//! multi-Region, logging (a stopped trail records nothing; the Config rule page does not say this
//! in words, CIS 3.1's audit does) and records every read and write management event with no
//! excluded source ([`Selectors::all_management_events`]).

use crate::fact::Fact;
use crate::resources::cloudtrail_trail::{Selectors, Trail};
use crate::verdict::{Evidence, Verdict};

/// The FSBP control this evaluates.
pub const CONTROL: &str = "CloudTrail.1";

/// Whether one trail qualifies: `Known(true)`, `Known(false)`, or unknown when a fact that could
/// make it qualify is missing.
fn qualifies(t: &Trail) -> Fact<bool> {
    let checks = [
        t.multi_region.get().copied(),
        t.logging.get().copied(),
        t.selectors.get().map(Selectors::all_management_events),
    ];
    if checks.contains(&Some(false)) {
        Fact::Known(false)
    } else if checks.iter().all(Option::is_some) {
        Fact::Known(true)
    } else {
        Fact::Unknown
    }
}

/// CloudTrail.1 over every trail of the account (the trails of all Regions, shadow copies of a
/// multi-Region trail need not be repeated). `trails` must be a complete listing: an empty list
/// means the account has no trail, and fails.
pub fn evaluate(trails: &[&Trail]) -> Verdict {
    let mut unknown = Vec::new();
    for t in trails {
        match qualifies(t) {
            Fact::Known(true) => {
                let name = t.name.get().map(String::as_str).unwrap_or("a trail");
                return Verdict::passed(format!(
                    "{name} is a logging multi-Region trail recording every read and write management event"
                ));
            }
            Fact::Known(false) => {}
            Fact::Unknown => unknown.push(t.name.get().cloned().unwrap_or_default()),
        }
    }
    if !unknown.is_empty() {
        return Verdict::undetermined(unknown.into_iter().map(|n| {
            format!("the multi-Region, logging and event selector settings of trail {n}")
        }));
    }
    Verdict::failed(
        if trails.is_empty() {
            "the account has no CloudTrail trail".to_string()
        } else {
            format!(
                "none of the account's {} trails is a logging multi-Region trail recording every read and write management event",
                trails.len()
            )
        },
        vec![Evidence::new("trails", trails.len())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use serde_json::{json, Value};

    fn trail(v: Value) -> Trail {
        Trail::parse(Obj::new(&v, "c").unwrap()).unwrap()
    }

    fn good() -> Trail {
        trail(
            json!({"name": "org", "isMultiRegionTrail": true, "isLogging": true,
            "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true}]}),
        )
    }

    #[test]
    fn one_qualifying_trail_passes_the_account() {
        let single = trail(
            json!({"name": "local", "isMultiRegionTrail": false, "isLogging": true,
            "eventSelectors": [{"readWriteType": "All"}]}),
        );
        let good = good();
        assert!(matches!(
            evaluate(&[&single, &good]),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn no_trail_or_only_unqualified_trails_fail() {
        assert!(matches!(evaluate(&[]), Verdict::Failed { .. }));
        let stopped = trail(
            json!({"name": "t", "isMultiRegionTrail": true, "isLogging": false,
            "eventSelectors": [{"readWriteType": "All"}]}),
        );
        let writes = trail(
            json!({"name": "w", "isMultiRegionTrail": true, "isLogging": true,
            "eventSelectors": [{"readWriteType": "WriteOnly"}]}),
        );
        let excluded = trail(
            json!({"name": "x", "isMultiRegionTrail": true, "isLogging": true,
            "eventSelectors": [{"readWriteType": "All", "excludeManagementEventSources": ["rdsdata.amazonaws.com"]}]}),
        );
        assert!(matches!(
            evaluate(&[&stopped, &writes, &excluded]),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_trail_from_a_config_item_alone_cannot_pass_it() {
        // The Config item has neither the logging status nor the selectors.
        let from_config = trail(json!({"name": "org", "isMultiRegionTrail": true}));
        let v = evaluate(&[&from_config]);
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        // A known-unqualified single-Region trail beside it changes nothing; a qualifying one
        // decides.
        let single = trail(json!({"name": "s", "isMultiRegionTrail": false}));
        assert!(matches!(
            evaluate(&[&single, &from_config]),
            Verdict::Undetermined { .. }
        ));
        let good = good();
        assert!(matches!(
            evaluate(&[&from_config, &good]),
            Verdict::Passed { .. }
        ));
    }
}
