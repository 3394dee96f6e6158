//! APIGateway.10 — API Gateway V2 integrations should use HTTPS for private connections.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.10]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-10>):
//! resource type `AWS::ApiGatewayV2::Integration`, AWS Config rule
//! `apigatewayv2-integration-private-https-enabled` (change triggered, no parameters): "checks
//! if Amazon API Gateway V2 private integration traffic for HTTP APIs uses the HTTPS protocol;
//! NON_COMPLIANT if configuration.TlsConfig does not exist". The control fails if a private
//! connection doesn't have TLS configured.
//!
//! A private integration is one whose `ConnectionType` is `VPC_LINK`; any other connection type
//! is not applicable. The rule judges the integration alone: it does not ask whether its API is
//! an HTTP or a WebSocket API (a WebSocket private integration, which cannot carry a TLS
//! configuration, would fail here; the Config rule's behaviour for it is not documented).

use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.10.
pub struct ApiGateway10;

static META: RuleMeta = RuleMeta {
    id: "apigatewayv2-integration-private-https",
    title: "API Gateway V2 integrations should use HTTPS for private connections",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGatewayV2::Integration",
    controls: &["APIGateway.10"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "a private integration (ConnectionType VPC_LINK) has a TlsConfig; other connection types are not applicable",
    rationale: "A VPC link gives private connectivity, not encryption: without a TLS configuration the API's requests, including any personal data, travel unencrypted from API Gateway to the backend inside the VPC.",
    remediation: "Serve the private backend over HTTPS and set the integration's TLS configuration (the server name to verify). CLI: aws apigatewayv2 update-integration --api-id <api-id> --integration-id <integration-id> --tls-config ServerNameToVerify=<backend host name> (and an https:// integration URI or an HTTPS listener)",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {api_id} > Integrations > {name} > Edit > Advanced settings > Secure server name: the backend's host name > Save",
        command: "aws apigatewayv2 update-integration --region {region} --api-id {api_id} --integration-id {name} --tls-config ServerNameToVerify=\"$BACKEND_HOST_NAME\"",
        caution: Some("The backend behind the VPC link must accept HTTPS with a certificate for that name; otherwise requests fail until it does."),
        inputs: &[crate::fix::Input::ApiId],
    }),
    source: "APIGateway.10 (AWS Config rule apigatewayv2-integration-private-https-enabled)",
};

impl Rule for ApiGateway10 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Resource::V2Integration(i) = resource else {
            return wrong_type(&META);
        };
        match i.connection_type.get().map(String::as_str) {
            None => return Verdict::undetermined(["ConnectionType"]),
            Some("VPC_LINK") => {}
            Some(other) => {
                return Verdict::not_applicable(format!(
                    "the integration's connection type is {other}, not a private VPC_LINK"
                ))
            }
        }
        match i.has_tls_config.get() {
            Some(true) => Verdict::passed("the private integration has a TLS configuration"),
            Some(false) => Verdict::failed(
                "the private (VPC_LINK) integration has no TLS configuration: traffic to the backend is not encrypted",
                vec![Evidence::new("TlsConfig", "absent")],
            ),
            None => Verdict::undetermined(["TlsConfig"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resources::api_gateway_v2_integration::V2Integration;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn eval(config: Value) -> Verdict {
        let i = V2Integration::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        ApiGateway10.evaluate(
            &Resource::V2Integration(i),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    #[test]
    fn a_private_integration_with_tls_passes_and_without_fails() {
        let v = eval(json!({"ApiId": "a1", "ConnectionType": "VPC_LINK",
                            "TlsConfig": {"ServerNameToVerify": "orders.internal"}}));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(json!({"ApiId": "a1", "ConnectionType": "VPC_LINK"}));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(json!({"ApiId": "a1", "ConnectionType": "VPC_LINK", "TlsConfig": null}));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn internet_integrations_are_not_applicable() {
        let v = eval(json!({"ApiId": "a1", "ConnectionType": "INTERNET"}));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(json!({"IntegrationId": "i1"})),
            Verdict::undetermined(["ConnectionType"])
        );
    }
}
