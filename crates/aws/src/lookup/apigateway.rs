//! API Gateway lookups: REST APIs' methods (`apigateway.methods`) and policies
//! (`apigateway.rest-api`), stages' usage plans (`apigateway.usage-plans`), and API Gateway v2
//! APIs (`apigatewayv2.api`) and routes (`apigatewayv2.routes`). Every call is a read
//! (`apigateway:GET`).

use super::next_page;
use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// `apigateway.methods` (id: the REST API id): every method of a REST API from `GetResources`
/// with methods embedded, over every page, as `{"Methods": [{"Path": "/orders", "HttpMethod":
/// "GET", "AuthorizationType": "NONE", "ApiKeyRequired": false}]}`.
pub async fn rest_api_methods(
    client: &aws_sdk_apigateway::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let resources = client
        .get_resources()
        .rest_api_id(api_id)
        .embed("methods")
        .limit(500)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::ApiGateway, "GetResources", e))?;
    let mut methods = Vec::new();
    for resource in &resources {
        let path = resource.path().unwrap_or_default();
        if let Some(by_verb) = resource.resource_methods() {
            let mut verbs: Vec<_> = by_verb.iter().collect();
            verbs.sort_by(|a, b| a.0.cmp(b.0));
            for (verb, method) in verbs {
                methods.push(json!({
                    "Path": path,
                    "HttpMethod": method.http_method().unwrap_or(verb),
                    "AuthorizationType": method.authorization_type(),
                    "ApiKeyRequired": method.api_key_required(),
                }));
            }
        }
    }
    Ok(json!({ "Methods": methods }))
}

/// `apigateway.rest-api` (id: the REST API id): `{"Policy": "<policy JSON text>" | null}` from
/// `GetRestApi`.
pub async fn rest_api_policy(
    client: &aws_sdk_apigateway::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let out = client
        .get_rest_api()
        .rest_api_id(api_id)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::ApiGateway, "GetRestApi", e))?;
    Ok(json!({ "Policy": out.policy().filter(|p| !p.is_empty()) }))
}

/// The [`super::Memo`] part every usage plan of the account and Region is kept under (id:
/// empty), so a sweep calls `GetUsagePlans` once, not once per stage.
pub const ALL_USAGE_PLANS: &str = "apigateway.all-usage-plans";

/// Every usage plan (`GetUsagePlans` over every page), as `[{"id": "...", "name": "...",
/// "throttle": {"rateLimit": 50.0, "burstLimit": 100} | null, "apiStages": [{"apiId": "...",
/// "stage": "..."}]}]`. Needs `apigateway:GET` on `/usageplans`.
pub async fn all_usage_plans(client: &aws_sdk_apigateway::Client) -> Result<Value, AwsError> {
    let all = client
        .get_usage_plans()
        .limit(500)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::ApiGateway, "GetUsagePlans", e))?;
    let plans: Vec<Value> = all
        .iter()
        .map(|plan| {
            json!({
                "id": plan.id(),
                "name": plan.name(),
                "throttle": plan.throttle().map(|t| json!({
                    "rateLimit": t.rate_limit(),
                    "burstLimit": t.burst_limit(),
                })),
                "apiStages": plan.api_stages().iter().map(|s| json!({
                    "apiId": s.api_id(),
                    "stage": s.stage(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Value::Array(plans))
}

/// `apigateway.usage-plans` (id: `<restApiId>/<stageName>`): of `all` ([`all_usage_plans`]),
/// the plans whose `apiStages` name this API and stage, as `{"plans": [{"id": "...", "name":
/// "...", "throttle": {"rateLimit": 50.0, "burstLimit": 100} | null}]}` (an empty list when no
/// plan covers the stage).
pub fn usage_plans(all: &Value, id: &str) -> Result<Value, AwsError> {
    let (api_id, stage) = id.split_once('/').ok_or_else(|| AwsError::Fetch {
        arn: id.to_string(),
        message: "an apigateway.usage-plans id is <restApiId>/<stageName>".into(),
    })?;
    let plans: Vec<Value> = all
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|plan| {
            plan["apiStages"].as_array().is_some_and(|stages| {
                stages
                    .iter()
                    .any(|s| s["apiId"] == api_id && s["stage"] == stage)
            })
        })
        .map(|plan| json!({"id": plan["id"], "name": plan["name"], "throttle": plan["throttle"]}))
        .collect();
    Ok(json!({ "plans": plans }))
}

/// `apigatewayv2.routes` (id: the API id): every route of an HTTP or WebSocket API from
/// `GetRoutes`, over every page, as `{"Routes": [{"RouteKey": "GET /orders",
/// "AuthorizationType": "JWT" | … | null}]}`. The SDK has no paginator for `GetRoutes`, so the
/// pages are followed by hand (`lookup::next_page`).
pub async fn v2_routes(
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let mut routes = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .get_routes()
            .api_id(api_id)
            .max_results("500")
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::call(Service::ApiGatewayV2, "GetRoutes", e))?;
        for route in out.items() {
            routes.push(json!({
                "RouteKey": route.route_key(),
                "AuthorizationType": route.authorization_type().map(|a| a.as_str()),
            }));
        }
        token = next_page(out.next_token(), &token);
        if token.is_none() {
            break;
        }
    }
    Ok(json!({ "Routes": routes }))
}

/// `apigatewayv2.api` (id: the API id): `{"apiId": "k1l2m3n4o5", "protocolType": "HTTP" |
/// "WEBSOCKET"}` from `GetApi`. Needs `apigateway:GET` on `/apis/*`.
pub async fn v2_api(
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let out = client
        .get_api()
        .api_id(api_id)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::ApiGatewayV2, "GetApi", e))?;
    Ok(json!({
        "apiId": out.api_id().unwrap_or(api_id),
        "protocolType": out.protocol_type().map(|p| p.as_str()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_gets_the_plans_that_name_it_and_only_those() {
        let all = json!([
            {"id": "p1", "name": "gold", "throttle": {"rateLimit": 50.0, "burstLimit": 100},
             "apiStages": [{"apiId": "a1", "stage": "prod"}, {"apiId": "a2", "stage": "prod"}]},
            {"id": "p2", "name": "free", "throttle": null,
             "apiStages": [{"apiId": "a1", "stage": "dev"}]},
        ]);
        assert_eq!(
            usage_plans(&all, "a1/prod").unwrap(),
            json!({"plans": [{"id": "p1", "name": "gold",
                              "throttle": {"rateLimit": 50.0, "burstLimit": 100}}]})
        );
        assert_eq!(usage_plans(&all, "a1/dev").unwrap()["plans"][0]["id"], "p2");
        assert_eq!(usage_plans(&all, "a3/prod").unwrap(), json!({"plans": []}));
        assert!(usage_plans(&all, "no-slash").is_err());
    }
}
