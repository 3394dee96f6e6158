//! Vigil's own: REST API methods should require authorisation.
//!
//! Beyond FSBP (Prowler: `apigateway_restapi_authorizers_enabled`, per method). FAILED when any
//! method other than `OPTIONS` (CORS preflight, which browsers send without credentials) has
//! `authorizationType` `NONE`, even when it requires an API key: API keys identify callers for
//! usage plans and are not authorisation. The methods are not in the Config item: the rule asks
//! for the `apigateway.methods` lookup (`GetResources` with methods embedded).

use super::methods_key;
use crate::lookups::{LookupKey, LookupKind};
use crate::resource::Resource;
use crate::rules::{rest_api, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The methods-authorisation rule.
pub struct MethodsAuthorization;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-methods-authorization",
    title: "API Gateway REST API methods should require authorisation",
    severity: Severity::High,
    resource_type: "AWS::ApiGateway::RestApi",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "every method except OPTIONS has an authorizationType other than NONE (AWS_IAM, COGNITO_USER_POOLS or CUSTOM); an API key alone does not count",
    rationale: "A method with authorisation NONE can be called by anyone who knows the URL. API keys do not change that: they are sent in plain headers, shared with every client and meant for usage plans, not for deciding who may read or change your customers' data.",
    remediation: "Add an authorizer (a Cognito user pool, a Lambda authorizer or IAM) to the API, then in the API Gateway console choose each method, Method request, Edit, and select it under Authorization; redeploy the stage. CLI: aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method GET --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {name} > Authorizers > Create; then each method > Method request > Edit > Authorization > Save; then Deploy API",
        command: r#"aws apigateway get-resources --region {region} --rest-api-id {name}
aws apigateway update-method --region {region} --rest-api-id {name} --resource-id "$RESOURCE_ID" --http-method "$HTTP_METHOD" --patch-operations op=replace,path=/authorizationType,value=AWS_IAM
aws apigateway create-deployment --region {region} --rest-api-id {name} --stage-name "$STAGE_NAME""#,
        caution: Some("Callers without credentials for the new authorizer get 401 or 403 errors once the stage is redeployed."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler apigateway_restapi_authorizers_enabled)",
};

impl Rule for MethodsAuthorization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        rest_api(resource)
            .and_then(methods_key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(api) = rest_api(resource) else {
            return wrong_type(&META);
        };
        let answer = match ctx.lookups.answer(methods_key(api).as_ref(), "id") {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let Some(methods) = &answer.methods else {
            return Verdict::undetermined([format!(
                "{} (no Methods in the answer)",
                LookupKind::ApiGatewayMethods
            )]);
        };
        let mut open = Vec::new();
        let mut checked = 0;
        for m in methods {
            let verb = m.http_method.as_deref().unwrap_or_default();
            if verb == "OPTIONS" {
                continue;
            }
            checked += 1;
            if m.authorization_type.as_deref() == Some("NONE") {
                let with_key = if m.api_key_required == Some(true) {
                    " (API key only)"
                } else {
                    ""
                };
                open.push(Evidence::new(
                    format!("{verb} {}", m.path.as_deref().unwrap_or_default()),
                    format!("authorizationType NONE{with_key}"),
                ));
            }
        }
        if checked == 0 {
            return Verdict::not_applicable("the API has no methods (other than OPTIONS)");
        }
        if open.is_empty() {
            return Verdict::passed(format!("all {checked} method(s) require authorisation"));
        }
        let listed: Vec<&str> = open.iter().take(5).map(|e| e.field.as_str()).collect();
        Verdict::failed(
            format!(
                "{} of {checked} method(s) can be called without authorisation: {}{}",
                open.len(),
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
    use crate::resources::api_gateway_rest_api::RestApi;
    use crate::settings::Settings;
    use serde_json::json;

    fn eval(answer: Option<serde_json::Value>) -> Verdict {
        let config = json!({"id": "a1b2c3d4e5", "name": "orders", "endpointConfiguration": {"types": ["REGIONAL"]}});
        let api = RestApi::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::ApiGatewayMethods, "a1b2c3d4e5"),
                    a,
                )
                .unwrap();
        }
        MethodsAuthorization.evaluate(
            &Resource::RestApi(api),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn method(path: &str, verb: &str, auth: &str, key: bool) -> serde_json::Value {
        json!({"Path": path, "HttpMethod": verb, "AuthorizationType": auth, "ApiKeyRequired": key})
    }

    #[test]
    fn a_method_with_only_an_api_key_fails() {
        let v = eval(Some(
            json!({"Methods": [method("/orders", "GET", "COGNITO_USER_POOLS", false), method("/orders", "POST", "NONE", true)]}),
        ));
        let Verdict::Failed { reason, evidence } = v else {
            panic!("{v:?}")
        };
        assert!(reason.contains("POST /orders"), "{reason}");
        assert_eq!(
            evidence[0].observed,
            "authorizationType NONE (API key only)"
        );
    }

    #[test]
    fn authorised_methods_pass_and_options_is_ignored() {
        let v = eval(Some(
            json!({"Methods": [method("/orders", "GET", "AWS_IAM", false), method("/orders", "OPTIONS", "NONE", false)]}),
        ));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn an_api_without_methods_is_not_applicable() {
        assert!(matches!(
            eval(Some(json!({"Methods": []}))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(None),
            Verdict::undetermined(["apigateway.methods:a1b2c3d4e5"])
        );
    }
}
