//! Vigil's own: private REST APIs should have a resource policy.
//!
//! Beyond FSBP. A `PRIVATE` REST API can only be reached through interface VPC endpoints, and
//! API Gateway refuses every call to it until a resource policy allows some: a private API
//! without one is either not working or about to be given a hasty allow-all policy. The policy
//! is not in the Config item: the rule asks for the `apigateway.rest-api` lookup (`GetRestApi`).
//! Whether an existing policy is too broad is for the IAM policy engine (another issue).

use crate::lookups::apigateway::RestApiPolicy;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{rest_api, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The private-API policy rule.
pub struct PrivateApiPolicy;

static META: RuleMeta = RuleMeta {
    id: "apigateway-private-api-resource-policy",
    title: "Private API Gateway REST APIs should have a resource policy naming who may call them",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::RestApi",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "a PRIVATE REST API has a resource policy; EDGE and REGIONAL APIs are not applicable",
    rationale: "A private API is reachable only from your VPCs, but which VPC endpoints and accounts may call it is decided by its resource policy. Without one the API rejects every call, and the quick fix people reach for is a policy that allows everyone; writing a policy limited to your own VPC endpoint keeps the API private in fact.",
    remediation: "In the API Gateway console choose the API, Resource policy, and add a policy that allows execute-api:Invoke only when aws:SourceVpce is your interface endpoint; redeploy the stage. CLI: aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/policy,value='<policy JSON>'",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {name} > Resource policy: allow execute-api:Invoke only from your VPC endpoint (aws:SourceVpce) > Save; then Deploy API",
        command: r#"aws apigateway update-rest-api --region {region} --rest-api-id {name} --patch-operations file://policy-patch.json
aws apigateway create-deployment --region {region} --rest-api-id {name} --stage-name "$STAGE_NAME""#,
        caution: Some(r#"Write policy-patch.json first: [{"op":"replace","path":"/policy","value":"the policy document as a JSON string"}] (jq -n --rawfile p policy.json '[{op:"replace",path:"/policy",value:$p}]' writes it). A private API whose policy does not allow your endpoint refuses every call once redeployed."#),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (API Gateway private API guidance)",
};

impl Rule for PrivateApiPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        match rest_api(resource) {
            Some(api) if api.is_private() == crate::fact::Fact::Known(true) => api
                .id
                .get()
                .map(|id| vec![RestApiPolicy::key(id.clone()).untyped()])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(api) = rest_api(resource) else {
            return wrong_type(&META);
        };
        match api.is_private().get() {
            None => return Verdict::undetermined(["endpointConfiguration.types"]),
            Some(false) => return Verdict::not_applicable("the API is not private"),
            Some(true) => {}
        }
        let Some(id) = api.id.get() else {
            return Verdict::undetermined(["id"]);
        };
        let answer = match ctx.lookups.get(&RestApiPolicy::key(id.clone())) {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        match answer.policy.as_deref() {
            Some(policy) if !policy.trim().is_empty() => {
                Verdict::passed("the private API has a resource policy")
            }
            _ => Verdict::failed(
                "the private API has no resource policy",
                vec![Evidence::new("policy", "none")],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::resources::api_gateway_rest_api::RestApi;
    use crate::settings::Settings;
    use serde_json::json;

    fn eval(types: serde_json::Value, answer: Option<serde_json::Value>) -> Verdict {
        let config = json!({"id": "a1b2c3d4e5", "name": "internal", "endpointConfiguration": {"types": types}});
        let api = RestApi::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::ApiGatewayRestApi, "a1b2c3d4e5"),
                    a,
                )
                .unwrap();
        }
        PrivateApiPolicy.evaluate(
            &Resource::RestApi(api),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    #[test]
    fn a_private_api_without_a_policy_fails_and_with_one_passes() {
        assert!(matches!(
            eval(json!(["PRIVATE"]), Some(json!({"Policy": null}))),
            Verdict::Failed { .. }
        ));
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}"#;
        assert!(matches!(
            eval(json!(["PRIVATE"]), Some(json!({"Policy": policy}))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn public_apis_are_not_applicable() {
        assert!(matches!(
            eval(json!(["REGIONAL"]), None),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(json!(["PRIVATE"]), None),
            Verdict::undetermined(["apigateway.rest-api:a1b2c3d4e5"])
        );
    }
}
