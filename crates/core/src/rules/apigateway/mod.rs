//! Rules for Amazon API Gateway stages: logging, backend authentication, tracing, WAF, cache
//! encryption and throttling; REST APIs: methods without authorisation, private APIs without a
//! resource policy.
//!
//! Lookup kinds these rules declare (answered by `crates/aws/src/lookup/apigateway.rs` with
//! `aws-sdk-apigateway` and `aws-sdk-apigatewayv2`; the answers are in
//! [`crate::lookups::apigateway`]):
//! - `apigateway.methods`, id = REST API id: every method with its authorisation
//!   ([`RestApiMethods`]).
//! - `apigateway.rest-api`, id = REST API id: the resource policy or none
//!   ([`RestApiPolicy`](crate::lookups::apigateway::RestApiPolicy)).
//! - `apigateway.usage-plans`, id = `<restApiId>/<stageName>`: the usage plans covering the
//!   stage ([`UsagePlans`]).
//! - `apigatewayv2.routes`, id = v2 API id: every route with its authorisation ([`V2Routes`]).
//! - `apigatewayv2.api`, id = v2 API id: its protocol ([`V2Api`]).

use crate::lookups::apigateway::{RestApiMethods, UsagePlans, V2Api, V2Routes};
use crate::lookups::{Key, LookupAnswer};

/// The `apigatewayv2.api` lookup for a v2 stage, when its API id is known.
pub(crate) fn v2_api_key(
    stage: &crate::resources::api_gateway_v2_stage::V2Stage,
) -> Option<Key<V2Api>> {
    stage.api_id.get().map(|id| V2Api::key(id.clone()))
}

/// The `apigateway.usage-plans` lookup for a REST stage, when its API id and name are known.
pub(crate) fn usage_plans_key(
    stage: &crate::resources::api_gateway_stage::RestStage,
) -> Option<Key<UsagePlans>> {
    match (stage.rest_api_id.get(), stage.stage_name.get()) {
        (Some(api), Some(name)) => Some(UsagePlans::key(format!("{api}/{name}"))),
        _ => None,
    }
}

/// The `apigateway.methods` lookup for a REST API, when its id is known.
pub(crate) fn methods_key(
    api: &crate::resources::api_gateway_rest_api::RestApi,
) -> Option<Key<RestApiMethods>> {
    api.id.get().map(|id| RestApiMethods::key(id.clone()))
}

/// The `apigatewayv2.routes` lookup for an HTTP or WebSocket API, when its id is known.
pub(crate) fn routes_key(
    api: &crate::resources::api_gateway_v2_api::V2Api,
) -> Option<Key<V2Routes>> {
    api.api_id.get().map(|id| V2Routes::key(id.clone()))
}

pub mod cache_encrypted;
pub mod client_certificate;
pub mod domain_recommended_policy;
pub mod domain_tls;
pub mod execution_logging;
pub mod methods_authorization;
pub mod private_api_policy;
pub mod rest_throttling;
pub mod stage_variable_secrets;
pub mod v2_access_logging;
pub mod v2_execution_logging;
pub mod v2_integration_private_https;
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
        eval_v2_with(rule, config, None, &Lookups::none())
    }

    /// Evaluates a v2 stage placed at `arn` (which names its API), with these lookups.
    pub fn eval_v2_with(
        rule: &dyn Rule,
        config: Value,
        arn: Option<&str>,
        lookups: &Lookups,
    ) -> Verdict {
        let stage = V2Stage::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut resource = Resource::V2Stage(stage);
        if let Some(arn) = arn {
            resource.fill_from_arn(arn);
        }
        rule.evaluate(&resource, &Context::new(&Settings::default(), lookups))
    }

    /// Evaluates a REST stage placed at `arn` (which names its API), with these lookups.
    pub fn eval_rest_with(
        rule: &dyn Rule,
        config: Value,
        arn: Option<&str>,
        lookups: &Lookups,
    ) -> Verdict {
        let stage = RestStage::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut resource = Resource::RestStage(stage);
        if let Some(arn) = arn {
            resource.fill_from_arn(arn);
        }
        rule.evaluate(&resource, &Context::new(&Settings::default(), lookups))
    }

    /// A described REST stage with these method settings.
    pub fn rest(method_settings: Value) -> Value {
        json!({"stageName": "prod", "deploymentId": "a1b2c3", "tracingEnabled": false,
               "cacheClusterEnabled": false, "methodSettings": method_settings})
    }
}
