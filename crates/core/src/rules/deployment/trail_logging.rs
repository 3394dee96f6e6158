//! Vigil's own rule: a trail logs the account's activity in the stack's Region.
//!
//! Vigil's CloudTrail rules (every tampering, root-use and sign-in alert, and every change in
//! Config-free mode) receive CloudTrail's management events through EventBridge, which needs a
//! trail that is logging. PASSED when at least one trail that logs in the stack's Region
//! (`DescribeTrails` there, with the multi-Region trails of other home Regions) has
//! `GetTrailStatus` `IsLogging` true; FAILED when there is no such trail or every one is
//! stopped; undetermined when the trails or a status could not be read and none is known to
//! log. Names no control: CloudTrail.1 is a stricter, account-wide control (multi-Region, read
//! and write management events).

use super::deployment;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// A trail logs in the stack's Region.
pub struct TrailLogging;

static META: RuleMeta = RuleMeta {
    id: "vigil-trail-logging",
    title: "A CloudTrail trail should be logging where Vigil runs",
    severity: Severity::High,
    resource_type: crate::resources::deployment::DEPLOYMENT_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(d)", "Art. 5(2)"],
    cyber_essentials: None,
    passes_when: "at least one trail that logs in the stack's Region (DescribeTrails, multi-Region trails included) is logging (GetTrailStatus IsLogging)",
    rationale: "Without a logging trail, no API call reaches Vigil: a trail stopped, a detector deleted, the root user signing in or, in Config-free mode, a database made public all go unseen, and there is no record of who touched the personal data.",
    remediation: "Start logging on the trail the alert names, in its home Region; with no trail at all, create a multi-Region trail and start it.",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {trail_name} > Start logging",
        command: "aws cloudtrail start-logging --region {trail_region} --name {trail_name}",
        caution: Some("Find out first who stopped the trail (CloudTrail's StopLogging event names the caller). With no trail at all there is nothing to start: create one (aws cloudtrail create-trail --name \"$TRAIL_NAME\" --s3-bucket-name \"$TRAIL_BUCKET\" --is-multi-region-trail, with a bucket policy that lets CloudTrail write) and start it. The first copy of management events is free; S3 storage is charged."),
        inputs: &[crate::fix::Input::TrailName, crate::fix::Input::TrailRegion],
    }),
    source: "Vigil (its own prerequisite: CloudTrail GetTrailStatus)",
};

impl Rule for TrailLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = deployment(resource) else {
            return wrong_type(&META);
        };
        let Some(trails) = d.trails.get() else {
            return Verdict::undetermined(["Trails"]);
        };
        if let Some(t) = trails.iter().find(|t| t.logging == Fact::Known(true)) {
            return Verdict::passed(format!("trail {} is logging", t.arn));
        }
        if trails.iter().any(|t| t.logging == Fact::Unknown) {
            return Verdict::undetermined(["Trails[].IsLogging"]);
        }
        if trails.is_empty() {
            return Verdict::failed(
                "no CloudTrail trail logs in this Region: Vigil receives no API call",
                vec![Evidence::new("Trails", "none")],
            );
        }
        let stopped: Vec<&str> = trails.iter().map(|t| t.arn.as_str()).collect();
        Verdict::failed(
            format!(
                "no trail is logging: Vigil receives no API call (stopped: {})",
                stopped.join(", ")
            ),
            trails
                .iter()
                .map(|t| Evidence::new(format!("{}.IsLogging", t.arn), false))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deployment::test_support::{eval, eval_other};
    use serde_json::json;

    #[test]
    fn a_logging_trail_passes() {
        assert!(matches!(
            eval(&TrailLogging, |_| {}),
            Verdict::Passed { .. }
        ));
        // One stopped trail beside a logging one still passes.
        let v = eval(&TrailLogging, |v| {
            v["Trails"] = json!([
                {"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/old", "IsLogging": false},
                {"TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/org", "HomeRegion": "us-east-1", "IsLogging": true}
            ])
        });
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn no_trail_or_only_stopped_trails_fail() {
        let v = eval(&TrailLogging, |v| v["Trails"] = json!([]));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(&TrailLogging, |v| {
            v["Trails"][0]["IsLogging"] = json!(false)
        });
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(v.reason().contains("trail/org"), "{}", v.reason());
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&TrailLogging, |v| v["Trails"] = json!(null)),
            Verdict::undetermined(["Trails"])
        );
        let v = eval(&TrailLogging, |v| {
            v["Trails"] = json!([
                {"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/a", "IsLogging": false},
                {"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/b"}
            ])
        });
        assert_eq!(v, Verdict::undetermined(["Trails[].IsLogging"]));
        assert!(matches!(
            eval_other(&TrailLogging),
            Verdict::NotApplicable { .. }
        ));
    }
}
