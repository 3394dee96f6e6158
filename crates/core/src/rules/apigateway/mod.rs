//! Rules for Amazon API Gateway stages: logging, backend authentication, tracing, WAF, cache
//! encryption and throttling; REST APIs: methods without authorisation, private APIs without a
//! resource policy.
//!
//! Lookup kinds these rules declare (answered by `crates/aws/src/fetch.rs` with
//! `aws-sdk-apigateway`):
//! - `apigateway.methods`, id = REST API id: `GetResources` with methods embedded, as
//!   `{"Methods": [{"Path": "/orders", "HttpMethod": "GET", "AuthorizationType": "NONE",
//!   "ApiKeyRequired": false}]}`.
//! - `apigateway.rest-api`, id = REST API id: `GetRestApi`'s `{"Policy": "<policy JSON text>" |
//!   null}`.
//! - `apigatewayv2.routes`, id = v2 API id: `GetRoutes` as `{"Routes": [{"RouteKey": "GET
//!   /orders", "AuthorizationType": "NONE" | "AWS_IAM" | "JWT" | "CUSTOM" | null}]}`.

/// `apigateway.methods`.
pub const METHODS: &str = "apigateway.methods";
/// `apigateway.rest-api`.
pub const REST_API: &str = "apigateway.rest-api";
/// `apigatewayv2.routes`.
pub const V2_ROUTES: &str = "apigatewayv2.routes";

/// The `apigateway.methods` lookup for a REST API, when its id is known.
pub(crate) fn methods_key(
    api: &crate::resources::api_gateway_rest_api::RestApi,
) -> Option<crate::lookups::LookupKey> {
    api.id
        .get()
        .map(|id| crate::lookups::LookupKey::new(METHODS, id.clone()))
}

/// The `apigatewayv2.routes` lookup for an HTTP or WebSocket API, when its id is known.
pub(crate) fn routes_key(
    api: &crate::resources::api_gateway_v2_api::V2Api,
) -> Option<crate::lookups::LookupKey> {
    api.api_id
        .get()
        .map(|id| crate::lookups::LookupKey::new(V2_ROUTES, id.clone()))
}

pub mod cache_encrypted;
pub mod client_certificate;
pub mod execution_logging;
pub mod methods_authorization;
pub mod private_api_policy;
pub mod rest_throttling;
pub mod stage_variable_secrets;
pub mod v2_access_logging;
pub mod v2_route_authorization;
pub mod v2_throttling;
pub mod waf;
pub mod xray_tracing;

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds stages from literal configuration JSON, as the Config item carries it.
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::resources::api_gateway_stage::RestStage;
    use crate::resources::api_gateway_v2_stage::V2Stage;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;
    use serde_json::{json, Value};

    pub fn eval_rest(rule: &dyn Rule, config: Value) -> Verdict {
        let stage = RestStage::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        rule.evaluate(
            &Resource::RestStage(stage),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    pub fn eval_v2(rule: &dyn Rule, config: Value) -> Verdict {
        let stage = V2Stage::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        rule.evaluate(
            &Resource::V2Stage(stage),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    /// A described REST stage with these method settings.
    pub fn rest(method_settings: Value) -> Value {
        json!({"stageName": "prod", "deploymentId": "a1b2c3", "tracingEnabled": false,
               "cacheClusterEnabled": false, "methodSettings": method_settings})
    }
}
