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
//! pass it, so it is an account rule (`AWS::::Account`, as Security Hub names the control's
//! resource). [`evaluate`] judges a complete list of the account's trails: the sweep describes
//! the account with `DescribeTrails` in its Region *with* shadow trails (so every multi-Region
//! trail of the account appears, whatever its home Region), and each trail with
//! `GetTrailStatus` and `GetEventSelectors` (the trail kind's own describe). A qualifying trail
//! is multi-Region, logging (a stopped trail records nothing; the Config rule page does not say
//! this in words, CIS 3.1's audit does) and records every read and write management event with
//! no excluded source ([`Selectors::all_management_events`]).
//!
//! Periodic in Security Hub, and judged at each sweep here. A `StopLogging`, `DeleteTrail`,
//! `UpdateTrail` or `PutEventSelectors` fails the trail's own rules in seconds
//! (`cloudtrail-trail-logging`, `cloudtrail-multi-region-management-events`, or a deletion
//! alert); the account's verdict follows at the next sweep (an event's describe of the account
//! carries no trails, which leaves CloudTrail.1 undetermined and so keeps the sweep's verdict).
//! A trail that could not be read is unknown, never a failure: with no other trail qualifying,
//! the verdict is undetermined.

use crate::fact::Fact;
use crate::resource::Resource;
use crate::resources::cloudtrail_trail::{Selectors, Trail};
use crate::rules::account::account;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The FSBP control this evaluates.
pub const CONTROL: &str = "CloudTrail.1";

/// CloudTrail.1, on the account.
pub struct CloudTrail1;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-enabled-multi-region",
    title: "CloudTrail should have at least one logging multi-Region trail recording read and write management events",
    severity: Severity::High,
    resource_type: "AWS::::Account",
    controls: &[CONTROL],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "DescribeTrails (with shadow trails) lists a multi-Region trail whose GetTrailStatus says IsLogging and whose event selectors record every read and write management event with no excluded event source",
    rationale: "Without a multi-Region trail recording every management call there is no record of who changed what in the account: a Region an attacker uses, a stopped trail or a deleted key leaves no evidence, and a breach of personal data cannot be investigated or reported.",
    remediation: "Create a multi-Region trail that records all read and write management events and start it logging; or, if the account has one, start it logging again and restore its event selectors (no excluded event source). Find out first who stopped or changed it.",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console (Region {region}) > Trails > Create trail (a new trail is multi-Region and records read and write management events by default)",
        command: "aws cloudtrail create-trail --region {region} --name \"$TRAIL_NAME\" --s3-bucket-name \"$TRAIL_BUCKET\" --is-multi-region-trail\naws cloudtrail start-logging --region {region} --name \"$TRAIL_NAME\"",
        caution: Some("The bucket must already allow CloudTrail to write to it (a bucket policy for cloudtrail.amazonaws.com). A trail of management events' first copy is free; a second copy and data events are charged. If the account already has a multi-Region trail, start it logging (aws cloudtrail start-logging in its home Region) or restore its event selectors instead of creating another."),
        inputs: &[],
    }),
    source: "FSBP CloudTrail.1 (AWS Config rule multi-region-cloudtrail-enabled, readWriteType ALL)",
};

impl Rule for CloudTrail1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.trails.get() {
            Some(trails) => evaluate(&trails.iter().collect::<Vec<_>>()),
            None => Verdict::undetermined(["Trails"]),
        }
    }
}

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
    fn the_rule_judges_the_accounts_trails_and_unread_ones_are_undetermined() {
        use crate::rules::account::test_support::eval;
        let good = json!({"name": "org", "isMultiRegionTrail": true, "isLogging": true,
            "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true}]});
        let stopped = json!({"name": "org", "isMultiRegionTrail": true, "isLogging": false,
            "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true}]});
        let unread = json!({"name": "other", "trailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/other"});
        let v = eval(&CloudTrail1, json!({"Trails": [good]}));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(&CloudTrail1, json!({"Trails": []}));
        let Verdict::Failed { reason, .. } = v else {
            panic!("{v:?}")
        };
        assert_eq!(reason, "the account has no CloudTrail trail");
        let v = eval(&CloudTrail1, json!({"Trails": [stopped.clone()]}));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // A trail that could not be read never fails the account.
        let v = eval(&CloudTrail1, json!({"Trails": [stopped, unread]}));
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        // Trails not listed (or an event's describe, which carries none): undetermined.
        for config in [json!({}), json!({"Trails": null})] {
            let v = eval(&CloudTrail1, config);
            assert_eq!(v, Verdict::undetermined(["Trails"]));
        }
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
