//! FSBP APIGateway.2 — API Gateway REST API stages should be configured to use SSL certificates
//! for backend authentication.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-2>),
//! AWS Config rule `api-gw-ssl-enabled` (no parameters). FAILED when the stage has no
//! `clientCertificateId`.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.2.
pub struct ClientCertificate;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-backend-certificate",
    title: "API Gateway REST API stages should present a client certificate to their backend",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &["APIGateway.2"],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "the stage has a clientCertificateId",
    rationale: "A client certificate lets your backend check that a request really comes from your API Gateway stage. Without it, anyone who learns the backend's address can call it directly and skip the API's authorisation, throttling and logging.",
    remediation: "In the API Gateway console choose Client certificates, Generate, then the API, Stages, the stage, Edit, and select the certificate under Client certificate; configure the backend to require it. CLI: aws apigateway generate-client-certificate && aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/clientCertificateId,value=<certificate-id>",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > Client certificates > Generate; then APIs > {rest_api_id} > Stages > {name} > Edit > Client certificate > Save",
        command: r#"aws apigateway generate-client-certificate --region {region} --description {name}-backend
aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations "op=replace,path=/clientCertificateId,value=$CLIENT_CERTIFICATE_ID""#,
        caution: Some("The backend must be configured to require and check the certificate, or it adds no protection."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "FSBP APIGateway.2 (AWS Config rule api-gw-ssl-enabled)",
};

impl Rule for ClientCertificate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        match stage.client_certificate_id.get() {
            None => Verdict::undetermined(["clientCertificateId"]),
            Some(None) => Verdict::failed(
                "the stage has no client certificate for backend authentication",
                vec![Evidence::new("clientCertificateId", "none")],
            ),
            Some(Some(id)) => {
                Verdict::passed(format!("the stage presents client certificate {id}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn without_a_certificate_fails_and_with_one_passes() {
        assert!(matches!(
            eval_rest(&ClientCertificate, rest(json!({}))),
            Verdict::Failed { .. }
        ));
        let mut c = rest(json!({}));
        c["clientCertificateId"] = json!("a1b2c3");
        assert!(matches!(
            eval_rest(&ClientCertificate, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn a_partial_stage_is_undetermined() {
        assert_eq!(
            eval_rest(&ClientCertificate, json!({})),
            Verdict::undetermined(["clientCertificateId"])
        );
    }
}
