//! FSBP APIGateway.1 — API Gateway REST and WebSocket API execution logging should be enabled
//! (the WebSocket part).
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1>):
//! resource types `AWS::ApiGateway::Stage` and `AWS::ApiGatewayV2::Stage`, AWS Config rule
//! `api-gw-execution-logging-enabled` (<https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html>)
//! with `loggingLevel` = `ERROR,INFO` (the control passes for either level). For a WebSocket
//! stage the level is `defaultRouteSettings.loggingLevel`, and a route override in
//! `routeSettings` that sets its own `loggingLevel` must also be `ERROR` or `INFO` (an override
//! without a level inherits the default). Execution logging exists only for WebSocket APIs
//! (the `loggingLevel` route setting is "supported only for WebSocket APIs"), so stages of HTTP
//! APIs are NOT_APPLICABLE.
//!
//! The stage's item does not say whether its API is HTTP or WebSocket: the rule asks for the
//! `apigatewayv2.api` lookup (`GetApi`'s `protocolType`, keyed by the API id from the stage's
//! ARN) and is undetermined without it (the offline CLI).

use super::v2_api_key;
use crate::lookups::{LookupKey, LookupKind};
use crate::resource::Resource;
use crate::rules::{v2_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.1 (WebSocket stages).
pub struct V2ExecutionLogging;

static META: RuleMeta = RuleMeta {
    id: "apigatewayv2-websocket-execution-logging",
    title: "API Gateway WebSocket API stages should log execution at ERROR or INFO level",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGatewayV2::Stage",
    controls: &["APIGateway.1"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "the stage belongs to a WebSocket API, defaultRouteSettings.loggingLevel is ERROR or INFO, and every routeSettings entry that sets a loggingLevel sets ERROR or INFO (HTTP API stages are not applicable)",
    rationale: "Without execution logs you cannot see who connected to your WebSocket API, which messages failed, or when an attack started: if personal data leaks through the API you must be able to describe the breach to the ICO within 72 hours, and logs are how you find out what happened.",
    remediation: "In the API Gateway console choose the WebSocket API, Stages, the stage, Logs and tracing, Edit, and set CloudWatch logs to 'Errors only' or 'Errors and info logs' (the account needs a CloudWatch Logs role set under Settings); check route overrides too. CLI: aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings LoggingLevel=ERROR",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {api_id} > Stages > {name} > Logs and tracing > Edit > CloudWatch logs: Errors only > Save",
        command: "aws apigatewayv2 update-stage --region {region} --api-id {api_id} --stage-name {name} --default-route-settings LoggingLevel=ERROR",
        caution: Some("The account needs a CloudWatch Logs role set in API Gateway's settings; CloudWatch Logs ingestion is charged. Route overrides keep their own level."),
        inputs: &[crate::fix::Input::ApiId],
    }),
    source: "FSBP APIGateway.1 (AWS Config rule api-gw-execution-logging-enabled, loggingLevel ERROR,INFO), for AWS::ApiGatewayV2::Stage",
};

fn logs(level: Option<&str>) -> bool {
    matches!(level, Some("ERROR" | "INFO"))
}

impl Rule for V2ExecutionLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        v2_stage(resource)
            .and_then(v2_api_key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(stage) = v2_stage(resource) else {
            return wrong_type(&META);
        };
        let key = v2_api_key(stage);
        let answer = match ctx.lookups.answer(key.as_ref(), "the stage's API id (ARN)") {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        match answer.protocol_type.as_deref() {
            Some("WEBSOCKET") => {}
            Some("HTTP") => {
                return Verdict::not_applicable(
                    "the stage belongs to an HTTP API, which has no execution logging",
                )
            }
            _ => {
                return Verdict::undetermined([format!(
                    "{}:{} (no known protocolType in the answer)",
                    LookupKind::ApiGatewayV2Api,
                    stage.api_id.get().map_or("?", String::as_str)
                )])
            }
        }
        let (Some(default), Some(routes)) = (stage.logging_level.get(), stage.route_logging.get())
        else {
            let mut unknown = Vec::new();
            if !stage.logging_level.is_known() {
                unknown.push("defaultRouteSettings.loggingLevel");
            }
            if !stage.route_logging.is_known() {
                unknown.push("routeSettings");
            }
            return Verdict::undetermined(unknown);
        };
        let mut off = Vec::new();
        if !logs(default.as_deref()) {
            off.push(Evidence::new(
                "defaultRouteSettings.loggingLevel",
                default.as_deref().unwrap_or("OFF"),
            ));
        }
        for (route, level) in routes {
            if let Some(level) = level.as_deref().filter(|l| !logs(Some(l))) {
                off.push(Evidence::new(
                    format!("routeSettings.{route}.loggingLevel"),
                    level,
                ));
            }
        }
        if off.is_empty() {
            Verdict::passed(
                "execution logging is on (ERROR or INFO) for the stage and every route override",
            )
        } else {
            Verdict::failed(
                format!(
                    "execution logging is off for {} of the stage's route settings",
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
    use crate::lookups::Lookups;
    use crate::rules::apigateway::test_support::eval_v2_with;
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:apigateway:eu-west-2::/apis/w1s2k3t4u5/stages/prod";

    fn api(protocol: &str) -> Lookups {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::ApiGatewayV2Api, "w1s2k3t4u5"),
            json!({"apiId": "w1s2k3t4u5", "protocolType": protocol}),
        )
        .unwrap();
        l
    }

    fn eval(config: Value, lookups: &Lookups) -> Verdict {
        eval_v2_with(&V2ExecutionLogging, config, Some(ARN), lookups)
    }

    #[test]
    fn a_websocket_stage_logging_errors_everywhere_passes() {
        let c = json!({"stageName": "prod", "defaultRouteSettings": {"loggingLevel": "ERROR", "dataTraceEnabled": false},
                       "routeSettings": {"$connect": {"loggingLevel": "INFO"}, "sendMessage": {"throttlingRateLimit": 10.0}}});
        assert!(matches!(eval(c, &api("WEBSOCKET")), Verdict::Passed { .. }));
    }

    #[test]
    fn logging_off_by_default_or_in_a_route_override_fails() {
        let c = json!({"stageName": "prod", "defaultRouteSettings": {"detailedMetricsEnabled": false}, "routeSettings": {}});
        let v = eval(c, &api("WEBSOCKET"));
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].observed == "OFF"),
            "{v:?}"
        );
        let c = json!({"stageName": "prod", "defaultRouteSettings": {"loggingLevel": "INFO"},
                       "routeSettings": {"$disconnect": {"loggingLevel": "OFF"}}});
        let v = eval(c, &api("WEBSOCKET"));
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence.len() == 1 && evidence[0].field == "routeSettings.$disconnect.loggingLevel"),
            "{v:?}"
        );
    }

    #[test]
    fn http_api_stages_are_not_applicable() {
        let c = json!({"stageName": "$default", "defaultRouteSettings": {}});
        assert!(matches!(
            eval(c, &api("HTTP")),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_the_settings_it_is_undetermined() {
        let c = json!({"stageName": "prod", "defaultRouteSettings": {"loggingLevel": "ERROR"}});
        assert_eq!(
            eval(c.clone(), &Lookups::none()),
            Verdict::undetermined(["apigatewayv2.api:w1s2k3t4u5"])
        );
        assert_eq!(
            eval_v2_with(&V2ExecutionLogging, c, None, &api("WEBSOCKET")),
            Verdict::undetermined(["the stage's API id (ARN)"])
        );
        assert_eq!(
            eval(json!({"autoDeploy": true}), &api("WEBSOCKET")),
            Verdict::undetermined(["defaultRouteSettings.loggingLevel", "routeSettings"])
        );
        let mut odd = Lookups::none();
        odd.insert_json(
            LookupKey::new(LookupKind::ApiGatewayV2Api, "w1s2k3t4u5"),
            json!({"apiId": "w1s2k3t4u5"}),
        )
        .unwrap();
        assert!(matches!(
            eval(json!({"stageName": "prod"}), &odd),
            Verdict::Undetermined { .. }
        ));
    }

    #[test]
    fn the_lookup_is_keyed_by_the_api_id_from_the_arn() {
        let stage = crate::resources::api_gateway_v2_stage::V2Stage::parse(
            crate::json::Obj::new(&json!({"stageName": "prod"}), "c").unwrap(),
        )
        .unwrap();
        let mut r = Resource::V2Stage(stage);
        assert!(V2ExecutionLogging.lookups(&r).is_empty());
        r.fill_from_arn(ARN);
        assert_eq!(
            V2ExecutionLogging.lookups(&r),
            vec![LookupKey::new(LookupKind::ApiGatewayV2Api, "w1s2k3t4u5")]
        );
    }
}
