//! Vigil's own: API Gateway V2 stages should set default route throttling limits.
//!
//! Beyond FSBP. Without `defaultRouteSettings.throttlingRateLimit` and `throttlingBurstLimit` an
//! HTTP or WebSocket API stage takes the account-wide default of 10,000 requests per second.
//! (Route-specific overrides are not in the stage's item and are not checked.)

use crate::resource::Resource;
use crate::rules::{v2_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The v2 stage throttling rule.
pub struct V2Throttling;

static META: RuleMeta = RuleMeta {
    id: "apigatewayv2-stage-throttling",
    title: "API Gateway HTTP and WebSocket API stages should set their own throttling limits",
    severity: Severity::Low,
    resource_type: "AWS::ApiGatewayV2::Stage",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "defaultRouteSettings sets a throttlingRateLimit and a throttlingBurstLimit above 0",
    rationale: "Throttling caps how many requests per second reach your functions and database. Without a stage limit, one script hammering your API can run up your bill ('denial of wallet') or overload the database your customers depend on.",
    remediation: "In the API Gateway console choose the API, Protect, Throttling, select the stage, Edit, and set a rate and burst that fit your real traffic. CLI: aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings ThrottlingRateLimit=50,ThrottlingBurstLimit=100",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {api_id} > Protect > Throttling > Stage {name} > Edit default route throttling: a rate and a burst > Save",
        command: r#"aws apigatewayv2 update-stage --region {region} --api-id {api_id} --stage-name {name} --default-route-settings "ThrottlingRateLimit=$RATE_LIMIT,ThrottlingBurstLimit=$BURST_LIMIT""#,
        caution: Some("Requests above the limits get 429 errors: set them above your real peak."),
        inputs: &[crate::fix::Input::ApiId],
    }),
    source: "Vigil practice beyond FSBP (denial-of-wallet hardening)",
};

impl Rule for V2Throttling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = v2_stage(resource) else {
            return wrong_type(&META);
        };
        let (Some(rate), Some(burst)) = (
            stage.throttling_rate_limit.get(),
            stage.throttling_burst_limit.get(),
        ) else {
            return Verdict::undetermined(["defaultRouteSettings"]);
        };
        match (rate, burst) {
            (Some(rate), Some(burst)) if *rate > 0.0 && *burst > 0 => Verdict::passed(format!(
                "the stage is throttled at {rate} requests per second (burst {burst})"
            )),
            _ => Verdict::failed(
                "the stage sets no throttling limits of its own",
                vec![Evidence::new(
                    "defaultRouteSettings.throttlingRateLimit",
                    "not set",
                )],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::eval_v2;
    use serde_json::json;

    #[test]
    fn missing_limits_fail_and_set_limits_pass() {
        assert!(matches!(
            eval_v2(&V2Throttling, json!({"stageName": "prod"})),
            Verdict::Failed { .. }
        ));
        let c = json!({"stageName": "prod", "defaultRouteSettings": {"throttlingRateLimit": 50.0, "throttlingBurstLimit": 100}});
        assert!(matches!(eval_v2(&V2Throttling, c), Verdict::Passed { .. }));
    }

    #[test]
    fn a_partial_stage_is_undetermined() {
        assert_eq!(
            eval_v2(&V2Throttling, json!({})),
            Verdict::undetermined(["defaultRouteSettings"])
        );
    }
}
