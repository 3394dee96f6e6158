//! API Gateway answers (REST APIs through `aws-sdk-apigateway`, HTTP and WebSocket APIs
//! through `aws-sdk-apigatewayv2`).

use serde::Deserialize;

/// `apigateway.methods` (id: the REST API id), from `GetResources` with methods embedded,
/// every page. Shape: [`RestApiMethods::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApiMethods {
    /// `Methods`.
    pub methods: Option<Vec<Method>>,
}

impl RestApiMethods {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Methods": [{"Path": "/orders", "HttpMethod": "GET", "AuthorizationType": "NONE", "ApiKeyRequired": false}]}"#;
}

/// One method of a REST API.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Method {
    /// `Path`: `/orders`.
    pub path: Option<String>,
    /// `HttpMethod`: `GET`.
    pub http_method: Option<String>,
    /// `AuthorizationType`: `NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`.
    pub authorization_type: Option<String>,
    /// `ApiKeyRequired`.
    pub api_key_required: Option<bool>,
}

/// `apigateway.rest-api` (id: the REST API id), from `GetRestApi`: the resource policy as JSON
/// text, null (or absent) when the API has none. Shape: [`RestApiPolicy::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApiPolicy {
    /// `Policy`.
    pub policy: Option<String>,
}

impl RestApiPolicy {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1\"}}}]}"}"#;
}

/// `apigateway.usage-plans` (id: `<restApiId>/<stageName>`), from `GetUsagePlans` over every
/// page, keeping the plans whose `apiStages` name this API and stage (an empty list when none
/// does). Shape: [`UsagePlans::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsagePlans {
    /// `plans`.
    pub plans: Option<Vec<UsagePlan>>,
}

impl UsagePlans {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"plans": [{"id": "p1", "name": "free", "throttle": null}, {"id": "p2", "name": "partners", "throttle": {"rateLimit": 50.0, "burstLimit": 100}}]}"#;
}

/// One usage plan covering the stage.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsagePlan {
    /// `id`.
    pub id: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `throttle`: null when the plan sets none.
    pub throttle: Option<Throttle>,
}

/// A usage plan's throttle.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Throttle {
    /// `rateLimit`: requests per second.
    pub rate_limit: Option<f64>,
    /// `burstLimit`: requests.
    pub burst_limit: Option<i64>,
}

/// `apigatewayv2.routes` (id: the HTTP or WebSocket API id), from `GetRoutes` over every page.
/// Shape: [`V2Routes::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct V2Routes {
    /// `Routes`.
    pub routes: Option<Vec<Route>>,
}

impl V2Routes {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Routes": [{"RouteKey": "GET /orders", "AuthorizationType": "JWT"}, {"RouteKey": "$default", "AuthorizationType": null}]}"#;
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// `RouteKey`: `GET /orders`, `$default`.
    pub route_key: Option<String>,
    /// `AuthorizationType`: `NONE`, `AWS_IAM`, `JWT`, `CUSTOM`; null is none.
    pub authorization_type: Option<String>,
}

/// `apigatewayv2.api` (id: the API id), from `GetApi`. Shape: [`V2Api::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct V2Api {
    /// `apiId`.
    pub api_id: Option<String>,
    /// `protocolType`: `HTTP` or `WEBSOCKET`.
    pub protocol_type: Option<String>,
}

impl V2Api {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"apiId": "w1s2k3t4u5", "protocolType": "WEBSOCKET"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_read() {
        let m: RestApiMethods = serde_json::from_str(RestApiMethods::EXAMPLE).unwrap();
        assert_eq!(
            m.methods.unwrap()[0],
            Method {
                path: Some("/orders".into()),
                http_method: Some("GET".into()),
                authorization_type: Some("NONE".into()),
                api_key_required: Some(false)
            }
        );
        let r: RestApiPolicy = serde_json::from_str(RestApiPolicy::EXAMPLE).unwrap();
        assert!(crate::policy::Document::parse_str(&r.policy.unwrap()).is_ok());
        let p: UsagePlans = serde_json::from_str(UsagePlans::EXAMPLE).unwrap();
        let plans = p.plans.unwrap();
        assert_eq!(plans[0].throttle, None);
        assert_eq!(
            plans[1].throttle,
            Some(Throttle {
                rate_limit: Some(50.0),
                burst_limit: Some(100)
            })
        );
        let routes: V2Routes = serde_json::from_str(V2Routes::EXAMPLE).unwrap();
        let routes = routes.routes.unwrap();
        assert_eq!(routes[1].route_key.as_deref(), Some("$default"));
        assert_eq!(routes[1].authorization_type, None);
        let api: V2Api = serde_json::from_str(V2Api::EXAMPLE).unwrap();
        assert_eq!(api.protocol_type.as_deref(), Some("WEBSOCKET"));
    }

    #[test]
    fn an_integer_rate_reads_and_a_fractional_burst_does_not() {
        let t: Throttle =
            serde_json::from_value(serde_json::json!({"rateLimit": 20, "burstLimit": 40})).unwrap();
        assert_eq!(t.rate_limit, Some(20.0));
        assert!(
            serde_json::from_value::<Throttle>(serde_json::json!({"burstLimit": 40.5})).is_err()
        );
    }
}
