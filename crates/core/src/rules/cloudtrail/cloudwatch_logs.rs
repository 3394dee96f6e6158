//! FSBP CloudTrail.5 — CloudTrail trails should be integrated with Amazon CloudWatch Logs.
//!
//! Source: AWS Security Hub user guide, CloudTrail controls, [CloudTrail.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5>):
//! "The control fails if the `CloudWatchLogsLogGroupArn` property of the trail is empty."
//! Parameters: none. The AWS Config managed rule `cloud-trail-cloud-watch-logs-enabled`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-cloud-watch-logs-enabled.html>,
//! periodic) also checks the age of the latest delivery to CloudWatch Logs, but only when its
//! optional `expectedDeliveryWindowAge` parameter is set, and Security Hub sets no parameter:
//! this rule, like the control, judges the log group only.

use super::trail;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// CloudTrail.5.
pub struct CloudTrail5;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-cloudwatch-logs",
    title: "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
    severity: Severity::Low,
    resource_type: "AWS::CloudTrail::Trail",
    controls: &["CloudTrail.5"],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
    cyber_essentials: None,
    passes_when: "cloudWatchLogsLogGroupArn is not empty",
    rationale: "A trail that also sends its events to CloudWatch Logs can be searched and alarmed on as events happen; without it, a breach is found only by reading log files in S3, which may be too late for the 72-hour notification UK GDPR requires.",
    remediation: "Send the trail to a CloudWatch Logs log group with a role CloudTrail can assume (CloudTrail console > Trails > the trail > CloudWatch Logs > Edit > Enabled). CLI: aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {name} > CloudWatch Logs > Edit > Enabled, with a log group and an IAM role > Save changes",
        command: r#"aws cloudtrail update-trail --region {region} --name {name} --cloud-watch-logs-log-group-arn "$LOG_GROUP_ARN" --cloud-watch-logs-role-arn "$CLOUDTRAIL_LOGS_ROLE_ARN""#,
        caution: Some("CloudWatch Logs ingestion and storage are charged."),
        inputs: &[],
    }),
    source: "FSBP CloudTrail.5 (AWS Config rule cloud-trail-cloud-watch-logs-enabled, without expectedDeliveryWindowAge)",
};

impl Rule for CloudTrail5 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = trail(resource) else {
            return wrong_type(&META);
        };
        match t.cloudwatch_log_group.get() {
            Some(Some(_)) => Verdict::passed("the trail sends its events to CloudWatch Logs"),
            Some(None) => Verdict::failed(
                "the trail sends nothing to CloudWatch Logs",
                vec![Evidence::new("cloudWatchLogsLogGroupArn", "empty")],
            ),
            None => Verdict::undetermined(["cloudWatchLogsLogGroupArn"]),
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
    fn a_log_group_passes_and_none_fails() {
        assert!(matches!(
            eval(
                &CloudTrail5,
                json!({"cloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-2:123456789012:log-group:ct:*"})
            ),
            Verdict::Passed { .. }
        ));
        for empty in [json!(null), json!("")] {
            let v = eval(&CloudTrail5, json!({"cloudWatchLogsLogGroupArn": empty}));
            assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        }
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&CloudTrail5, json!({"name": "t"})),
            Verdict::undetermined(["cloudWatchLogsLogGroupArn"])
        );
        assert!(matches!(
            eval_db(&CloudTrail5, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
