//! Vigil's own: API Gateway REST API stages should set throttling limits.
//!
//! Beyond FSBP. Without stage throttling (`methodSettings["*/*"]` `throttlingRateLimit` and
//! `throttlingBurstLimit`) a stage takes the account-wide default of 10,000 requests per second,
//! and every request costs money and reaches your backend and database. Usage plans can also
//! throttle API-key callers, but they are not in the stage's item and bind only callers with
//! keys, so this rule checks the stage's own limits.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The REST stage throttling rule.
pub struct RestThrottling;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-stage-throttling",
    title: "API Gateway REST API stages should set their own throttling limits",
    severity: Severity::Low,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    passes_when: "methodSettings */* sets a throttlingRateLimit and a throttlingBurstLimit above 0",
    rationale: "Throttling caps how many requests per second reach your functions and database. Without a stage limit, one script hammering your API can run up your bill ('denial of wallet') or overload the database your customers depend on.",
    remediation: "In the API Gateway console choose the API, Stages, the stage, Edit, and under Throttling set a rate and burst that fit your real traffic (for example 50 and 100). CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=50 op=replace,path=/*/*/throttling/burstLimit,value=100",
    source: "Vigil practice beyond FSBP (denial-of-wallet hardening)",
};

impl Rule for RestThrottling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        let Some(settings) = stage.method_settings.get() else {
            return Verdict::undetermined(["methodSettings"]);
        };
        let defaults = settings.iter().find(|(m, _)| m == "*/*").map(|(_, s)| s);
        match defaults.map(|s| (s.throttling_rate_limit, s.throttling_burst_limit)) {
            Some((Some(rate), Some(burst))) if rate > 0.0 && burst > 0 => Verdict::passed(format!(
                "the stage is throttled at {rate} requests per second (burst {burst})"
            )),
            _ => Verdict::failed(
                "the stage sets no throttling limits of its own",
                vec![Evidence::new(
                    "methodSettings.*/*.throttlingRateLimit",
                    "not set",
                )],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn missing_limits_fail_and_set_limits_pass() {
        assert!(matches!(
            eval_rest(&RestThrottling, rest(json!({}))),
            Verdict::Failed { .. }
        ));
        let c = rest(json!({"*/*": {"throttlingRateLimit": 50.0, "throttlingBurstLimit": 100}}));
        assert!(matches!(
            eval_rest(&RestThrottling, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_settings_are_undetermined() {
        assert_eq!(
            eval_rest(&RestThrottling, json!({})),
            Verdict::undetermined(["methodSettings"])
        );
    }
}
