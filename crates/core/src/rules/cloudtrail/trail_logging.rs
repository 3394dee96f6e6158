//! Vigil's own rule: a trail should be logging.
//!
//! A trail whose logging was stopped (`StopLogging`) records nothing, whatever its settings
//! say. FSBP has no per-trail control for this; CloudTrail.1 (over the account's trails, see
//! [`super::account`]) needs a logging multi-Region trail. The logging status is
//! `GetTrailStatus`'s `IsLogging`, which the AWS Config item does not carry: it is known when
//! the trail was described (after any trail call, and by the sweep), and undetermined from a
//! Config item alone.

use super::trail;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// A trail should be logging.
pub struct TrailLogging;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-trail-logging",
    title: "CloudTrail trails should be logging",
    severity: Severity::High,
    resource_type: "AWS::CloudTrail::Trail",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "GetTrailStatus reports IsLogging true",
    rationale: "Stopping a trail is the first thing an intruder does to hide what they touch next. While it is stopped there is no record of who read or changed the personal data, and no evidence for a breach report.",
    remediation: "Find out who stopped the trail and why (the alert names the caller), then start it again. CLI: aws cloudtrail start-logging --name <trail>",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {name} > Start logging",
        command: "aws cloudtrail start-logging --region {region} --name {name}",
        caution: Some("Find out first who stopped the trail and why (the alert names the caller)."),
        inputs: &[],
    }),
    source: "Vigil (CloudTrail GetTrailStatus IsLogging; the logging condition of CloudTrail.1)",
};

impl Rule for TrailLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = trail(resource) else {
            return wrong_type(&META);
        };
        match t.logging.get() {
            Some(true) => Verdict::passed("the trail is logging"),
            Some(false) => Verdict::failed(
                "the trail is not logging: API activity is not being recorded",
                vec![Evidence::new("isLogging", false)],
            ),
            None => Verdict::undetermined(["isLogging"]),
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
    fn logging_passes_and_stopped_fails() {
        assert!(matches!(
            eval(&TrailLogging, json!({"isLogging": true})),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&TrailLogging, json!({"isLogging": false})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_config_item_alone_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(
                &TrailLogging,
                json!({"name": "t", "isMultiRegionTrail": true})
            ),
            Verdict::undetermined(["isLogging"])
        );
        assert!(matches!(
            eval_db(&TrailLogging, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
