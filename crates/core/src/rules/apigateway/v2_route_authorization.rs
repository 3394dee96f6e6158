//! FSBP APIGateway.8 — API Gateway routes should specify an authorization type.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.8]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-8>),
//! AWS Config rule `api-gwv2-authorization-type-configured` (no `authorizationType` parameter:
//! any type but `NONE` passes). FSBP evaluates each route (`AWS::ApiGatewayV2::Route`, which
//! Config items do not deliver to Vigil); Vigil evaluates the API with all its routes from the
//! `apigatewayv2.routes` lookup (`GetRoutes`) and FAILS it when any route's authorization type
//! is `NONE` (a route without one has API Gateway's default, `NONE`), naming the routes.

use super::routes_key;
use crate::lookups::{LookupKey, LookupKind};
use crate::resource::Resource;
use crate::rules::{v2_api, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// APIGateway.8.
pub struct V2RouteAuthorization;

static META: RuleMeta = RuleMeta {
    id: "apigatewayv2-route-authorization",
    title: "API Gateway HTTP and WebSocket API routes should require authorisation",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGatewayV2::Api",
    controls: &["APIGateway.8"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "every route of the API has an authorizationType other than NONE (AWS_IAM, JWT or CUSTOM); APIs without routes are not applicable",
    rationale: "A route with authorisation NONE can be called by anyone on the internet who knows the API's address. Every route that reads or changes customers' data needs to know who is calling.",
    remediation: "Create an authorizer (JWT from your identity provider, a Lambda authorizer, or IAM), then in the API Gateway console choose the API, Authorization, select each route and attach it. CLI: aws apigatewayv2 update-route --api-id <api-id> --route-id <route-id> --authorization-type JWT --authorizer-id <authorizer-id>",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {name} > Authorization > choose each route > Attach authorizer (IAM, JWT or Lambda)",
        command: r#"aws apigatewayv2 get-routes --region {region} --api-id {name}
aws apigatewayv2 update-route --region {region} --api-id {name} --route-id "$ROUTE_ID" --authorization-type AWS_IAM"#,
        caution: Some("Callers without credentials for the authorizer are refused; for JWT or a Lambda authorizer use --authorization-type JWT or CUSTOM with --authorizer-id."),
        inputs: &[],
    }),
    source: "FSBP APIGateway.8 (AWS Config rule api-gwv2-authorization-type-configured), evaluated per API over its routes",
};

impl Rule for V2RouteAuthorization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        v2_api(resource)
            .and_then(routes_key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(api) = v2_api(resource) else {
            return wrong_type(&META);
        };
        let answer = match ctx.lookups.answer(routes_key(api).as_ref(), "apiId") {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let Some(routes) = &answer.routes else {
            return Verdict::undetermined([format!(
                "{} (no Routes in the answer)",
                LookupKind::ApiGatewayV2Routes
            )]);
        };
        if routes.is_empty() {
            return Verdict::not_applicable("the API has no routes");
        }
        let open: Vec<Evidence> = routes
            .iter()
            .filter(|r| matches!(r.authorization_type.as_deref(), None | Some("NONE")))
            .map(|r| {
                Evidence::new(
                    format!("route {}", r.route_key.as_deref().unwrap_or("?")),
                    "authorizationType NONE",
                )
            })
            .collect();
        if open.is_empty() {
            return Verdict::passed(format!(
                "all {} route(s) require authorisation",
                routes.len()
            ));
        }
        let listed: Vec<&str> = open
            .iter()
            .take(5)
            .map(|e| e.field.trim_start_matches("route "))
            .collect();
        Verdict::failed(
            format!(
                "{} of {} route(s) have no authorisation: {}{}",
                open.len(),
                routes.len(),
                listed.join(", "),
                if open.len() > 5 { ", …" } else { "" }
            ),
            open,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resources::api_gateway_v2_api::V2Api;
    use crate::settings::Settings;
    use serde_json::json;

    fn eval(answer: Option<serde_json::Value>) -> Verdict {
        let config = json!({"apiId": "k1l2m3n4o5", "name": "orders-http", "protocolType": "HTTP"});
        let api = V2Api::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::ApiGatewayV2Routes, "k1l2m3n4o5"),
                    a,
                )
                .unwrap();
        }
        V2RouteAuthorization.evaluate(
            &Resource::V2Api(api),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    #[test]
    fn a_route_without_authorisation_fails_naming_it() {
        let v = eval(Some(json!({"Routes": [
            {"RouteKey": "GET /orders", "AuthorizationType": "JWT"},
            {"RouteKey": "POST /orders", "AuthorizationType": "NONE"},
            {"RouteKey": "DELETE /orders/{id}", "AuthorizationType": null}
        ]})));
        let Verdict::Failed { reason, evidence } = v else {
            panic!("{v:?}")
        };
        assert!(
            reason.contains("POST /orders") && reason.contains("DELETE /orders/{id}"),
            "{reason}"
        );
        assert!(!reason.contains("GET /orders"), "{reason}");
        assert_eq!(evidence.len(), 2);
    }

    #[test]
    fn authorised_routes_pass_and_no_routes_is_not_applicable() {
        let v = eval(Some(
            json!({"Routes": [{"RouteKey": "$default", "AuthorizationType": "AWS_IAM"}]}),
        ));
        assert!(matches!(v, Verdict::Passed { .. }));
        assert!(matches!(
            eval(Some(json!({"Routes": []}))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(None),
            Verdict::undetermined(["apigatewayv2.routes:k1l2m3n4o5"])
        );
    }
}
