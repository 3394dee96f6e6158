//! API Gateway describe adapter: custom domain names (`GetDomainName`; AWS Config does not
//! record them), with its SDK-to-event-JSON shaper; and the path parts of API and stage ARNs,
//! which the list adapters' one-resource describers (`crate::list::apigateway`) are called with.

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

/// The path parts of an API Gateway ARN
/// (`arn:<partition>:apigateway:<region>::/<collection>/<id>[/stages/<name>]`): the API's id and
/// the stage's name, if any. An ARN of another shape is a clear error.
fn api_path<'a>(arn: &'a str, collection: &str) -> Result<(&'a str, Option<&'a str>), AwsError> {
    let bad = || AwsError::Fetch {
        arn: arn.to_string(),
        message: format!("not an API Gateway /{collection}/ ARN"),
    };
    let (_, path) = arn.split_once("::/").ok_or_else(bad)?;
    let rest = path
        .strip_prefix(collection)
        .and_then(|r| r.strip_prefix('/'))
        .ok_or_else(bad)?;
    let (id, stage) = match rest.split_once('/') {
        None => (rest, None),
        Some((id, stage)) => (id, Some(stage.strip_prefix("stages/").ok_or_else(bad)?)),
    };
    if id.is_empty() || stage.is_some_and(|s| s.is_empty() || s.contains('/')) {
        return Err(bad());
    }
    Ok((id, stage))
}

/// The API id in the ARN of a REST API (`collection` `restapis`) or HTTP/WebSocket API (`apis`).
pub(crate) fn api_id<'a>(arn: &'a str, collection: &str) -> Result<&'a str, AwsError> {
    match api_path(arn, collection)? {
        (id, None) => Ok(id),
        (_, Some(_)) => Err(AwsError::Fetch {
            arn: arn.to_string(),
            message: "a stage's ARN, not an API's".to_string(),
        }),
    }
}

/// The API id and stage name in a stage's ARN (`collection` `restapis` or `apis`).
pub(crate) fn stage_path<'a>(
    arn: &'a str,
    collection: &str,
) -> Result<(&'a str, &'a str), AwsError> {
    match api_path(arn, collection)? {
        (id, Some(stage)) => Ok((id, stage)),
        (_, None) => Err(AwsError::Fetch {
            arn: arn.to_string(),
            message: "an API's ARN, not a stage's".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{api_id, stage_path};

    #[test]
    fn api_and_stage_arns_give_their_path_parts_and_other_shapes_are_errors() {
        let stage = "arn:aws:apigateway:eu-west-2::/restapis/a1b2c3d4e5/stages/prod";
        assert_eq!(
            stage_path(stage, "restapis").unwrap(),
            ("a1b2c3d4e5", "prod")
        );
        assert!(api_id(stage, "restapis").is_err());
        assert!(stage_path(stage, "apis").is_err());
        let api = "arn:aws:apigateway:eu-west-2::/apis/abc123";
        assert_eq!(api_id(api, "apis").unwrap(), "abc123");
        assert!(stage_path(api, "apis").is_err());
        for bad in [
            "arn:aws:apigateway:eu-west-2::/restapis/",
            "arn:aws:apigateway:eu-west-2::/restapis/a/stages/",
            "arn:aws:apigateway:eu-west-2::/restapis/a/resources/r",
            "a1b2c3d4e5",
        ] {
            assert!(
                api_id(bad, "restapis").is_err() && stage_path(bad, "restapis").is_err(),
                "{bad}"
            );
        }
    }
}
