//! API Gateway list adapters: REST APIs and their stages, HTTP/WebSocket (v2) APIs and their
//! stages, and custom domain names. API Gateway's ARNs carry no account:
//! `arn:<partition>:apigateway:<region>::/restapis/<id>[/stages/<name>]`.

use super::{bounded, described, tag_map, Description, Target};
use crate::error::{unless_missing, AwsError, Service};
use crate::lookup::next_page;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use vigil_core::resource::ResourceType;

fn arn(target: &Target, path: &str) -> String {
    format!(
        "arn:{}:apigateway:{}::{path}",
        target.partition(),
        target.region
    )
}

fn tags(
    map: Option<&HashMap<String, String>>,
) -> Option<std::collections::BTreeMap<String, String>> {
    map.map(|m| tag_map(m.iter().map(|(k, v)| (Some(k.as_str()), Some(v.as_str())))))
}

async fn rest_api_list(
    client: &aws_sdk_apigateway::Client,
) -> Result<Vec<aws_sdk_apigateway::types::RestApi>, AwsError> {
    client
        .get_rest_apis()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::ApiGateway, "GetRestApis", e))
}

/// Every REST API (`GetRestApis`), named by its id as AWS Config does.
pub async fn rest_apis(
    client: &aws_sdk_apigateway::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    Ok(rest_api_list(client)
        .await?
        .iter()
        .filter_map(|api| rest_api_description(api, target, "GetRestApis"))
        .collect())
}

/// One REST API by id (`GetRestApi`), or `None` when API Gateway has no such API: the describe
/// adapter of `AWS::ApiGateway::RestApi`.
pub async fn rest_api(
    client: &aws_sdk_apigateway::Client,
    target: &Target,
    id: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        client.get_rest_api().rest_api_id(id).send().await,
        |e| e.is_not_found_exception(),
        Service::ApiGateway,
        "GetRestApi",
    )?;
    Ok(found.and_then(|out| {
        let api = aws_sdk_apigateway::types::RestApi::builder()
            .set_id(out.id)
            .set_name(out.name)
            .set_endpoint_configuration(out.endpoint_configuration)
            .set_tags(out.tags)
            .build();
        rest_api_description(&api, target, "GetRestApi")
    }))
}

/// One SDK REST API in AWS Config's shape, named by its id (`call` answered with it).
fn rest_api_description(
    api: &aws_sdk_apigateway::types::RestApi,
    target: &Target,
    call: &'static str,
) -> Option<Description> {
    let id = api.id()?;
    let configuration = json!({
        "id": id,
        "name": api.name(),
        "endpointConfiguration": api.endpoint_configuration().map(|e| json!({
            "types": e.types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        })),
    });
    Some(Description {
        tags: tags(api.tags()),
        ..described(
            ResourceType::API_GATEWAY_REST_API,
            id,
            api.name(),
            arn(target, &format!("/restapis/{id}")),
            configuration,
            call,
        )
    })
}

/// Every stage of every REST API (`GetRestApis`, then `GetStages` per API, which returns all
/// of an API's stages at once), named by its ARN as AWS Config does.
pub async fn rest_stages(
    client: &aws_sdk_apigateway::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let ids: Vec<String> = rest_api_list(client)
        .await?
        .into_iter()
        .filter_map(|a| a.id)
        .collect();
    let per_api = bounded(ids, |id| async move {
        let out = client
            .get_stages()
            .rest_api_id(&id)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::ApiGateway, "GetStages", e))?;
        Ok(out
            .item()
            .iter()
            .filter_map(|s| rest_stage_description(s, &id, target, "GetStages"))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(per_api.into_iter().flatten().collect())
}

/// One stage of a REST API by its API's id and its name (`GetStage`), or `None` when API Gateway
/// has no such API or stage: the describe adapter of `AWS::ApiGateway::Stage`.
pub async fn rest_stage(
    client: &aws_sdk_apigateway::Client,
    target: &Target,
    api_id: &str,
    name: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        client
            .get_stage()
            .rest_api_id(api_id)
            .stage_name(name)
            .send()
            .await,
        |e| e.is_not_found_exception(),
        Service::ApiGateway,
        "GetStage",
    )?;
    Ok(found.and_then(|out| {
        let stage = aws_sdk_apigateway::types::Stage::builder()
            .set_deployment_id(out.deployment_id)
            .set_client_certificate_id(out.client_certificate_id)
            .set_stage_name(out.stage_name)
            .set_cache_cluster_enabled(Some(out.cache_cluster_enabled))
            .set_method_settings(out.method_settings)
            .set_variables(out.variables)
            .set_tracing_enabled(Some(out.tracing_enabled))
            .set_web_acl_arn(out.web_acl_arn)
            .set_tags(out.tags)
            .build();
        rest_stage_description(&stage, api_id, target, "GetStage")
    }))
}

/// One SDK REST API stage of the API `id` in AWS Config's shape, named by its ARN (`call`
/// answered with it).
fn rest_stage_description(
    s: &aws_sdk_apigateway::types::Stage,
    id: &str,
    target: &Target,
    call: &'static str,
) -> Option<Description> {
    let name = s.stage_name()?;
    let stage_arn = arn(target, &format!("/restapis/{id}/stages/{name}"));
    let settings: Map<String, Value> = s
        .method_settings()
        .into_iter()
        .flatten()
        .map(|(path, m)| {
            (
                path.clone(),
                json!({
                    "loggingLevel": m.logging_level(),
                    "cachingEnabled": m.caching_enabled(),
                    "cacheDataEncrypted": m.cache_data_encrypted(),
                    "throttlingRateLimit": m.throttling_rate_limit(),
                    "throttlingBurstLimit": m.throttling_burst_limit(),
                    "metricsEnabled": m.metrics_enabled(),
                }),
            )
        })
        .collect();
    let configuration = json!({
        "stageName": name,
        "restApiId": id,
        "deploymentId": s.deployment_id(),
        "clientCertificateId": s.client_certificate_id(),
        "tracingEnabled": s.tracing_enabled(),
        "webAclArn": s.web_acl_arn(),
        "cacheClusterEnabled": s.cache_cluster_enabled(),
        "methodSettings": settings,
        "variables": s.variables().cloned().unwrap_or_default(),
    });
    Some(Description {
        tags: tags(s.tags()),
        ..described(
            ResourceType::API_GATEWAY_STAGE,
            stage_arn.clone(),
            Some(name),
            stage_arn,
            configuration,
            call,
        )
    })
}

async fn v2_api_list(
    client: &aws_sdk_apigatewayv2::Client,
) -> Result<Vec<aws_sdk_apigatewayv2::types::Api>, AwsError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .get_apis()
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::call(Service::ApiGatewayV2, "GetApis", e))?;
        out.extend(page.items().iter().cloned());
        match next_page(page.next_token(), &token) {
            Some(next) => token = Some(next),
            None => return Ok(out),
        }
    }
}

/// Every HTTP and WebSocket API (`GetApis`, following its tokens: the SDK has no paginator),
/// named by its id as AWS Config does.
pub async fn v2_apis(
    client: &aws_sdk_apigatewayv2::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    Ok(v2_api_list(client)
        .await?
        .iter()
        .filter_map(|api| v2_api_description(api, target, "GetApis"))
        .collect())
}

/// One HTTP or WebSocket API by id (`GetApi`), or `None` when API Gateway has no such API: the
/// describe adapter of `AWS::ApiGatewayV2::Api`.
pub async fn v2_api(
    client: &aws_sdk_apigatewayv2::Client,
    target: &Target,
    id: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        client.get_api().api_id(id).send().await,
        |e| e.is_not_found_exception(),
        Service::ApiGatewayV2,
        "GetApi",
    )?;
    Ok(found.and_then(|out| {
        let api = aws_sdk_apigatewayv2::types::Api::builder()
            .set_api_id(out.api_id)
            .set_name(out.name)
            .set_protocol_type(out.protocol_type)
            .set_tags(out.tags)
            .build();
        v2_api_description(&api, target, "GetApi")
    }))
}

/// One SDK HTTP or WebSocket API in AWS Config's shape, named by its id (`call` answered with
/// it).
fn v2_api_description(
    api: &aws_sdk_apigatewayv2::types::Api,
    target: &Target,
    call: &'static str,
) -> Option<Description> {
    let id = api.api_id()?;
    let configuration = json!({
        "apiId": id,
        "name": api.name(),
        "protocolType": api.protocol_type().map(|p| p.as_str()),
    });
    Some(Description {
        tags: tags(api.tags()),
        ..described(
            ResourceType::API_GATEWAY_V2_API,
            id,
            api.name(),
            arn(target, &format!("/apis/{id}")),
            configuration,
            call,
        )
    })
}

/// Every stage of every HTTP and WebSocket API (`GetApis`, then `GetStages` per API, following
/// its tokens), named by its ARN as AWS Config does.
pub async fn v2_stages(
    client: &aws_sdk_apigatewayv2::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let ids: Vec<String> = v2_api_list(client)
        .await?
        .into_iter()
        .filter_map(|a| a.api_id)
        .collect();
    let per_api = bounded(ids, |id| async move {
        let mut stages = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = client
                .get_stages()
                .api_id(&id)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| AwsError::call(Service::ApiGatewayV2, "GetStages", e))?;
            stages.extend(page.items().iter().cloned());
            match next_page(page.next_token(), &token) {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        Ok(stages
            .iter()
            .filter_map(|s| v2_stage_description(s, &id, target, "GetStages"))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(per_api.into_iter().flatten().collect())
}

/// One stage of an HTTP or WebSocket API by its API's id and its name (`GetStage`), or `None`
/// when API Gateway has no such API or stage: the describe adapter of
/// `AWS::ApiGatewayV2::Stage`.
pub async fn v2_stage(
    client: &aws_sdk_apigatewayv2::Client,
    target: &Target,
    api_id: &str,
    name: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        client
            .get_stage()
            .api_id(api_id)
            .stage_name(name)
            .send()
            .await,
        |e| e.is_not_found_exception(),
        Service::ApiGatewayV2,
        "GetStage",
    )?;
    Ok(found.and_then(|out| {
        let stage = aws_sdk_apigatewayv2::types::Stage::builder()
            .set_stage_name(out.stage_name)
            .set_access_log_settings(out.access_log_settings)
            .set_default_route_settings(out.default_route_settings)
            .set_route_settings(out.route_settings)
            .set_tags(out.tags)
            .build();
        v2_stage_description(&stage, api_id, target, "GetStage")
    }))
}

/// One SDK HTTP or WebSocket API stage of the API `id` in AWS Config's shape, named by its ARN
/// (`call` answered with it).
fn v2_stage_description(
    s: &aws_sdk_apigatewayv2::types::Stage,
    id: &str,
    target: &Target,
    call: &'static str,
) -> Option<Description> {
    let name = s.stage_name()?;
    let stage_arn = arn(target, &format!("/apis/{id}/stages/{name}"));
    let routes: Map<String, Value> = s
        .route_settings()
        .into_iter()
        .flatten()
        .map(|(route, r)| {
            (
                route.clone(),
                json!({"loggingLevel": r.logging_level().map(|l| l.as_str())}),
            )
        })
        .collect();
    let configuration = json!({
        "stageName": name,
        "apiId": id,
        "accessLogSettings": s.access_log_settings().map(|a| json!({
            "destinationArn": a.destination_arn(),
            "format": a.format(),
        })),
        "defaultRouteSettings": s.default_route_settings().map(|r| json!({
            "throttlingRateLimit": r.throttling_rate_limit(),
            "throttlingBurstLimit": r.throttling_burst_limit(),
            "loggingLevel": r.logging_level().map(|l| l.as_str()),
        })),
        "routeSettings": routes,
    });
    Some(Description {
        tags: tags(s.tags()),
        ..described(
            ResourceType::API_GATEWAY_V2_STAGE,
            stage_arn.clone(),
            Some(name),
            stage_arn,
            configuration,
            call,
        )
    })
}

/// Every HTTP and WebSocket API integration (`GetIntegrations` per API), in the CloudFormation
/// spelling AWS Config uses for `AWS::ApiGatewayV2::Integration` (`ApiId`, `ConnectionType`,
/// `TlsConfig`), named by its ARN.
pub async fn v2_integrations(
    client: &aws_sdk_apigatewayv2::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let ids: Vec<String> = v2_api_list(client)
        .await?
        .into_iter()
        .filter_map(|a| a.api_id)
        .collect();
    let per_api = bounded(ids, |id| async move {
        let mut integrations = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = client
                .get_integrations()
                .api_id(&id)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| AwsError::call(Service::ApiGatewayV2, "GetIntegrations", e))?;
            integrations.extend(page.items().iter().cloned());
            match next_page(page.next_token(), &token) {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        Ok(integrations
            .iter()
            .filter_map(|i| {
                let integration = i.integration_id()?;
                let integration_arn =
                    arn(target, &format!("/apis/{id}/integrations/{integration}"));
                let configuration = json!({
                    "ApiId": id,
                    "IntegrationId": integration,
                    "ConnectionType": i.connection_type().map(|c| c.as_str()),
                    "ConnectionId": i.connection_id(),
                    "IntegrationType": i.integration_type().map(|t| t.as_str()),
                    "IntegrationUri": i.integration_uri(),
                    "TlsConfig": i.tls_config().map(|t| json!({
                        "ServerNameToVerify": t.server_name_to_verify(),
                    })),
                });
                Some(described(
                    ResourceType::API_GATEWAY_V2_INTEGRATION,
                    integration_arn.clone(),
                    Some(integration),
                    integration_arn,
                    configuration,
                    "GetIntegrations",
                ))
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(per_api.into_iter().flatten().collect())
}

/// Every custom domain name (`GetDomainNames`), in `GetDomainName`'s shape, named by its name
/// as its CloudTrail calls name it.
pub async fn domain_names(
    client: &aws_sdk_apigateway::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = client
        .get_domain_names()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::ApiGateway, "GetDomainNames", e))?;
    Ok(all
        .iter()
        .filter_map(|d| {
            let name = d.domain_name()?;
            let configuration = json!({
                "domainName": name,
                "securityPolicy": d.security_policy().map(|p| p.as_str()),
                "endpointConfiguration": d.endpoint_configuration().map(|e| json!({
                    "types": e.types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                })),
                "domainNameStatus": d.domain_name_status().map(|s| s.as_str()),
                "tags": d.tags(),
            });
            Some(described(
                ResourceType::API_GATEWAY_DOMAIN_NAME,
                name,
                Some(name),
                arn(target, &format!("/domainnames/{name}")),
                configuration,
                "GetDomainNames",
            ))
        })
        .collect())
}
