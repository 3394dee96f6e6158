//! API Gateway describe adapter: custom domain names (`GetDomainName`; AWS Config does not
//! record them), with its SDK-to-event-JSON shaper.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// `AWS::ApiGateway::DomainName` (named by a CloudTrail call): `GetDomainName`, shaped by
/// [`domain_name_json`]; not found means deleted. Needs `apigateway:GET` on `/domainnames/*`.
pub async fn domain_name(
    client: &aws_sdk_apigateway::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let Some(out) = unless_missing(
        client
            .get_domain_name()
            .domain_name(resource.display_name())
            .send()
            .await,
        |se| se.is_not_found_exception(),
        Service::ApiGateway,
        "GetDomainName",
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Described::new(
        domain_name_json(&out),
        "GetDomainName",
    )))
}

/// An SDK custom domain name in the shape of API Gateway's `GetDomainName` response (and of
/// CloudTrail's `responseElements` for `CreateDomainName`), which the core parser reads.
pub fn domain_name_json(
    out: &aws_sdk_apigateway::operation::get_domain_name::GetDomainNameOutput,
) -> Value {
    json!({
        "domainName": out.domain_name(),
        "securityPolicy": out.security_policy().map(|p| p.as_str()),
        "endpointConfiguration": out.endpoint_configuration().map(|e| json!({
            "types": e.types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        })),
        "domainNameStatus": out.domain_name_status().map(|s| s.as_str()),
        "tags": out.tags(),
    })
}
