//! FSBP APIGateway.1 — API Gateway REST and WebSocket API execution logging should be enabled
//! (the REST part).
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1>),
//! AWS Config rule `api-gw-execution-logging-enabled` with `loggingLevel` = `ERROR,INFO`.
//! FAILED when the stage has no method settings or any method setting's `loggingLevel` is not
//! `ERROR` or `INFO`. WebSocket stages (`AWS::ApiGatewayV2::Stage`) are not evaluated yet: the
//! stage does not say whether its API is WebSocket or HTTP.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.1 (REST stages).
pub struct ExecutionLogging;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-execution-logging",
    title: "API Gateway REST API stages should log execution at ERROR or INFO level",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &["APIGateway.1"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "every entry of the stage's methodSettings (including */*) has loggingLevel ERROR or INFO",
    rationale: "Without execution logs you cannot see who called your API, what failed, or when an attack started: if personal data leaks through the API you must be able to describe the breach to the ICO within 72 hours, and logs are how you find out what happened.",
    remediation: "In the API Gateway console choose the API, Stages, the stage, Logs and tracing, Edit, and set CloudWatch Logs to 'Errors only' or 'Errors and info logs' (the account needs a CloudWatch Logs role set under Settings). CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {rest_api_id} > Stages > {name} > Logs and tracing > Edit > CloudWatch logs: Errors only (or Errors and info logs) > Save",
        command: "aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR'",
        caution: Some("The account needs a CloudWatch Logs role set in API Gateway's settings (aws apigateway update-account); CloudWatch Logs ingestion is charged. Method overrides keep their own level."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "FSBP APIGateway.1 (AWS Config rule api-gw-execution-logging-enabled, loggingLevel ERROR,INFO)",
};

impl Rule for ExecutionLogging {
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
        if settings.is_empty() {
            return Verdict::failed(
                "execution logging is off: the stage has no method settings",
                vec![Evidence::new("methodSettings", "{}")],
            );
        }
        let off: Vec<Evidence> = settings
            .iter()
            .filter(|(_, s)| !matches!(s.logging_level.as_deref(), Some("ERROR" | "INFO")))
            .map(|(method, s)| {
                Evidence::new(
                    format!("methodSettings.{method}.loggingLevel"),
                    s.logging_level.as_deref().unwrap_or("OFF"),
                )
            })
            .collect();
        if off.is_empty() {
            Verdict::passed("execution logging is on (ERROR or INFO) for every method setting")
        } else {
            Verdict::failed(
                format!(
                    "execution logging is off for {} method setting(s)",
                    off.len()
                ),
                off,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn logging_off_or_absent_fails() {
        assert!(matches!(
            eval_rest(&ExecutionLogging, rest(json!({}))),
            Verdict::Failed { .. }
        ));
        let v = eval_rest(
            &ExecutionLogging,
            rest(json!({"*/*": {"loggingLevel": "OFF"}})),
        );
        assert!(matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].observed == "OFF"));
    }

    #[test]
    fn error_or_info_everywhere_passes() {
        let c =
            rest(json!({"*/*": {"loggingLevel": "ERROR"}, "orders/GET": {"loggingLevel": "INFO"}}));
        assert!(matches!(
            eval_rest(&ExecutionLogging, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_settings_are_undetermined() {
        assert_eq!(
            eval_rest(&ExecutionLogging, json!({"stageName": "prod"})),
            Verdict::undetermined(["methodSettings"])
        );
    }
}
