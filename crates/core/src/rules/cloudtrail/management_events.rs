//! Vigil's own rule: a multi-Region trail should record every read and write management event.
//!
//! This is CloudTrail.1's condition on the trail itself (AWS Config rule
//! `multi-region-cloudtrail-enabled` with Security Hub's `readWriteType: ALL`: management events
//! included, for reads and writes, with `ExcludeManagementEventSources` empty), judged per
//! trail so that a `PutEventSelectors` that narrows a multi-Region trail is alerted in seconds.
//! It names no control: CloudTrail.1 itself is an account-level verdict ([`super::account`]).
//! A single-Region trail is not applicable: CloudTrail.1 counts only multi-Region trails.

use super::trail;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// A multi-Region trail should record all management events.
pub struct ManagementEvents;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-multi-region-management-events",
    title: "Multi-Region CloudTrail trails should record all read and write management events",
    severity: Severity::High,
    resource_type: "AWS::CloudTrail::Trail",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "the trail's event selectors include management events with readWriteType All and no excluded event source (or an advanced selector for eventCategory Management with no other condition)",
    rationale: "Narrowing a trail's event selectors (write events only, management events off, or KMS and RDS Data API events excluded) silently removes the record of who read keys and data, while the trail still looks enabled.",
    remediation: "Restore the trail's management events for reads and writes. CLI: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {name} > Management events > Edit > API activity: Read and Write, no excluded event sources > Save changes",
        command: r#"aws cloudtrail put-event-selectors --region {region} --trail-name {name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'"#,
        caution: Some("This replaces the trail's event selectors: add back any data event selectors you had (aws cloudtrail get-event-selectors shows them). Only the first copy of management events is free."),
        inputs: &[],
    }),
    source: "Vigil (the trail condition of FSBP CloudTrail.1, AWS Config rule multi-region-cloudtrail-enabled with readWriteType ALL)",
};

impl Rule for ManagementEvents {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = trail(resource) else {
            return wrong_type(&META);
        };
        match t.multi_region.get() {
            Some(false) => {
                return Verdict::not_applicable(
                    "a single-Region trail: CloudTrail.1 counts only multi-Region trails",
                )
            }
            None => return Verdict::undetermined(["isMultiRegionTrail"]),
            Some(true) => {}
        }
        match t.selectors.get() {
            Some(s) if s.all_management_events() => {
                Verdict::passed("the trail records every read and write management event")
            }
            Some(_) => Verdict::failed(
                "the trail does not record every read and write management event (management events are off, limited to reads or writes, or some event sources are excluded)",
                vec![Evidence::new("eventSelectors", "not all management events")],
            ),
            None => Verdict::undetermined(["eventSelectors"]),
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
    fn all_management_events_pass_and_narrowed_ones_fail() {
        assert!(matches!(
            eval(
                &ManagementEvents,
                json!({"isMultiRegionTrail": true,
                "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true}]})
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(
                &ManagementEvents,
                json!({"isMultiRegionTrail": true,
                "eventSelectors": [{"readWriteType": "WriteOnly", "includeManagementEvents": true}]})
            ),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn single_region_trails_are_not_applicable_and_unknowns_undetermined() {
        assert!(matches!(
            eval(&ManagementEvents, json!({"isMultiRegionTrail": false})),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval(&ManagementEvents, json!({"isMultiRegionTrail": true})),
            Verdict::undetermined(["eventSelectors"])
        );
        assert_eq!(
            eval(&ManagementEvents, json!({"eventSelectors": []})),
            Verdict::undetermined(["isMultiRegionTrail"])
        );
        assert!(matches!(
            eval_db(&ManagementEvents, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
