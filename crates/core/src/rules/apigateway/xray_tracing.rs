//! FSBP APIGateway.3 — API Gateway REST API stages should have AWS X-Ray tracing enabled.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-3>),
//! AWS Config rule `api-gw-xray-enabled` (no parameters). FAILED when `tracingEnabled` is false.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.3.
pub struct XrayTracing;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-xray-tracing",
    title: "API Gateway REST API stages should have X-Ray tracing on",
    severity: Severity::Low,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &["APIGateway.3"],
    gdpr: &["Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "tracingEnabled is true",
    rationale: "X-Ray traces show each request's path from the API through your functions to the database, so you can tell a slow or failing call, or an unusual pattern of calls, from normal traffic.",
    remediation: "In the API Gateway console choose the API, Stages, the stage, Logs and tracing, Edit, and turn on X-Ray tracing. CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/tracingEnabled,value=true",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {rest_api_id} > Stages > {name} > Logs and tracing > Edit > X-Ray tracing: on > Save",
        command: "aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations op=replace,path=/tracingEnabled,value=true",
        caution: Some("X-Ray traces are charged beyond the free tier."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "FSBP APIGateway.3 (AWS Config rule api-gw-xray-enabled)",
};

impl Rule for XrayTracing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        match stage.tracing_enabled.get() {
            None => Verdict::undetermined(["tracingEnabled"]),
            Some(false) => Verdict::failed(
                "X-Ray tracing is off",
                vec![Evidence::new("tracingEnabled", false)],
            ),
            Some(true) => Verdict::passed("X-Ray tracing is on"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn tracing_off_fails_and_on_passes() {
        assert!(matches!(
            eval_rest(&XrayTracing, rest(json!({}))),
            Verdict::Failed { .. }
        ));
        let mut c = rest(json!({}));
        c["tracingEnabled"] = json!(true);
        assert!(matches!(eval_rest(&XrayTracing, c), Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_tracing_is_undetermined() {
        assert_eq!(
            eval_rest(&XrayTracing, json!({"stageName": "prod"})),
            Verdict::undetermined(["tracingEnabled"])
        );
    }
}
