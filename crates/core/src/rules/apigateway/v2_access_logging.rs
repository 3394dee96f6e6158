//! FSBP APIGateway.9 — Access logging should be configured for API Gateway V2 stages.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.9]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-9>),
//! AWS Config rule `api-gwv2-access-logs-enabled` (no parameters). FAILED when the stage has no
//! `accessLogSettings.destinationArn`.

use crate::resource::Resource;
use crate::rules::{v2_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.9.
pub struct V2AccessLogging;

static META: RuleMeta = RuleMeta {
    id: "apigatewayv2-stage-access-logging",
    title: "API Gateway HTTP and WebSocket API stages should have access logging on",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGatewayV2::Stage",
    controls: &["APIGateway.9"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "accessLogSettings.destinationArn names a log destination",
    rationale: "Access logs record who called the API, from which address, and what they got back. Without them you cannot investigate abuse or tell the ICO which customers' data a breach touched.",
    remediation: "Create a CloudWatch Logs log group, then in the API Gateway console choose the API, Monitor, Logging, select the stage, Edit, turn on access logging and paste the log group's ARN. CLI: aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --access-log-settings DestinationArn=<log-group-arn>,Format='$context.requestId $context.identity.sourceIp $context.routeKey $context.status'",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {api_id} > Monitor > Logging > Select stage {name} > Edit > Access logging: on, with a log group > Save",
        command: r#"aws apigatewayv2 update-stage --region {region} --api-id {api_id} --stage-name {name} --access-log-settings "DestinationArn=$LOG_GROUP_ARN",'Format=$context.requestId $context.identity.sourceIp $context.requestTime $context.routeKey $context.status'"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged."),
        inputs: &[crate::fix::Input::ApiId],
    }),
    source: "FSBP APIGateway.9 (AWS Config rule api-gwv2-access-logs-enabled)",
};

impl Rule for V2AccessLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = v2_stage(resource) else {
            return wrong_type(&META);
        };
        match stage.access_log_destination.get() {
            None => Verdict::undetermined(["accessLogSettings"]),
            Some(None) => Verdict::failed(
                "access logging is off",
                vec![Evidence::new("accessLogSettings.destinationArn", "none")],
            ),
            Some(Some(arn)) => Verdict::passed(format!("access logs go to {arn}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::eval_v2;
    use serde_json::json;

    #[test]
    fn no_access_logs_fail_and_a_destination_passes() {
        assert!(matches!(
            eval_v2(&V2AccessLogging, json!({"stageName": "$default"})),
            Verdict::Failed { .. }
        ));
        let c = json!({"stageName": "$default", "accessLogSettings": {"destinationArn": "arn:aws:logs:eu-west-2:123456789012:log-group:api-access"}});
        assert!(matches!(
            eval_v2(&V2AccessLogging, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn a_partial_stage_is_undetermined() {
        assert_eq!(
            eval_v2(&V2AccessLogging, json!({"autoDeploy": true})),
            Verdict::undetermined(["accessLogSettings"])
        );
    }
}
