//! The seeders of Lambda functions and API Gateway (REST APIs and stages, HTTP APIs and
//! stages, custom domain names).

use super::{helper, Ctx, PLANTED_SECRET};

/// An empty but valid zip archive (just the end-of-central-directory record).
fn empty_zip() -> aws_sdk_lambda::primitives::Blob {
    let mut bytes = b"PK\x05\x06".to_vec();
    bytes.extend([0u8; 18]);
    aws_sdk_lambda::primitives::Blob::new(bytes)
}

pub(super) async fn function(ctx: &mut Ctx, i: usize, with_secret: bool) -> String {
    use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
    let role = helper(ctx, "role").await;
    let name = format!("fn-{i}");
    let env = if with_secret {
        Environment::builder()
            .variables(
                "DATABASE_URL",
                format!("postgres://orders:{PLANTED_SECRET}@orders-db:5432/orders"),
            )
            .build()
    } else {
        Environment::builder()
            .variables("LOG_LEVEL", "info")
            .build()
    };
    ctx.lambda
        .create_function()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(format!("arn:aws:iam::{}:role/{role}", ctx.account))
        .handler("app.handler")
        .code(FunctionCode::builder().zip_file(empty_zip()).build())
        .environment(env)
        .send()
        .await
        .expect("create function");
    name
}

/// Creates a REST API (private without a resource policy when `private`): its id and name.
pub(super) async fn rest_api(ctx: &Ctx, name: &str, private: bool) -> (String, String) {
    use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType};
    let kind = if private {
        EndpointType::Private
    } else {
        EndpointType::Regional
    };
    let id = ctx
        .apigw
        .create_rest_api()
        .name(name)
        .endpoint_configuration(EndpointConfiguration::builder().types(kind).build())
        .send()
        .await
        .expect("create REST API")
        .id
        .expect("API id");
    (id, name.to_string())
}

/// A REST API with one method and a deployment (API Gateway deploys no API without methods):
/// `<api id>/<deployment id>`.
pub(super) async fn deployed_rest_api(ctx: &Ctx) -> String {
    let (api, _) = rest_api(ctx, "stage-host", false).await;
    let root = ctx
        .apigw
        .get_resources()
        .rest_api_id(&api)
        .send()
        .await
        .expect("get resources")
        .items()
        .iter()
        .find(|r| r.path() == Some("/"))
        .and_then(|r| r.id())
        .expect("the root resource")
        .to_string();
    ctx.apigw
        .put_method()
        .rest_api_id(&api)
        .resource_id(&root)
        .http_method("GET")
        .authorization_type("AWS_IAM")
        .send()
        .await
        .expect("put method");
    ctx.apigw
        .put_integration()
        .rest_api_id(&api)
        .resource_id(&root)
        .http_method("GET")
        .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
        .send()
        .await
        .expect("put integration");
    let deployment = ctx
        .apigw
        .create_deployment()
        .rest_api_id(&api)
        .send()
        .await
        .expect("create deployment")
        .id
        .expect("deployment id");
    format!("{api}/{deployment}")
}

pub(super) async fn rest_stage(ctx: &mut Ctx, i: usize, with_secret: bool) -> String {
    let host = helper(ctx, "rest-api").await;
    let (api, deployment) = host.split_once('/').expect("api/deployment");
    let (api, deployment) = (api.to_string(), deployment.to_string());
    let name = format!("stage{i}");
    let value = if with_secret {
        PLANTED_SECRET.to_string()
    } else {
        "orders".to_string()
    };
    let variable = if with_secret { "dbPassword" } else { "table" };
    ctx.apigw
        .create_stage()
        .rest_api_id(&api)
        .stage_name(&name)
        .deployment_id(deployment)
        .variables(variable, value)
        .send()
        .await
        .expect("create stage");
    name
}

/// Creates an HTTP API with one route, without authorization when `open`: its id and name.
pub(super) async fn v2_api(ctx: &Ctx, name: &str, open: bool) -> (String, String) {
    use aws_sdk_apigatewayv2::types::{AuthorizationType, ProtocolType};
    let id = ctx
        .apigw2
        .create_api()
        .name(name)
        .protocol_type(ProtocolType::Http)
        .send()
        .await
        .expect("create HTTP API")
        .api_id
        .expect("API id");
    ctx.apigw2
        .create_route()
        .api_id(&id)
        .route_key("GET /orders")
        .authorization_type(if open {
            AuthorizationType::None
        } else {
            AuthorizationType::AwsIam
        })
        .send()
        .await
        .expect("create route");
    (id, name.to_string())
}

/// A private (VPC link) integration of the helper HTTP API: the good one has a TLS
/// configuration (APIGateway.10), the bad one none. moto does not check the VPC link.
pub(super) async fn v2_integration(ctx: &mut Ctx, no_tls: bool) -> String {
    use aws_sdk_apigatewayv2::types::{ConnectionType, IntegrationType, TlsConfigInput};
    let api = helper(ctx, "v2-api").await;
    let mut request = ctx
        .apigw2
        .create_integration()
        .api_id(&api)
        .integration_type(IntegrationType::HttpProxy)
        .integration_method("ANY")
        .connection_type(ConnectionType::VpcLink)
        .connection_id("vpclink1")
        .integration_uri(format!(
            "arn:aws:elasticloadbalancing:{}:{}:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65",
            ctx.region, ctx.account
        ))
        .payload_format_version("1.0");
    if !no_tls {
        request = request.tls_config(
            TlsConfigInput::builder()
                .server_name_to_verify("orders.internal.example.com")
                .build(),
        );
    }
    request
        .send()
        .await
        .expect("create integration")
        .integration_id
        .expect("integration id")
}

pub(super) async fn v2_stage(ctx: &mut Ctx, i: usize, no_logs: bool) -> String {
    use aws_sdk_apigatewayv2::types::AccessLogSettings;
    let api = helper(ctx, "v2-api").await;
    let name = format!("stage{i}");
    let mut request = ctx.apigw2.create_stage().api_id(&api).stage_name(&name);
    if !no_logs {
        request = request.access_log_settings(
            AccessLogSettings::builder()
                .destination_arn(format!(
                    "arn:aws:logs:{}:{}:log-group:api-access",
                    ctx.region, ctx.account
                ))
                .format("$context.requestId")
                .build(),
        );
    }
    request.send().await.expect("create v2 stage");
    name
}

pub(super) async fn domain_name(ctx: &Ctx, i: usize, old_tls: bool) -> String {
    use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType, SecurityPolicy};
    let name = format!("api{i}.example.com");
    ctx.apigw
        .create_domain_name()
        .domain_name(&name)
        .regional_certificate_arn(format!(
            "arn:aws:acm:{}:{}:certificate/5c3e8a1f-2b7d-4e9a-8f61-0d4c7b2a9e13",
            ctx.region, ctx.account
        ))
        .endpoint_configuration(
            EndpointConfiguration::builder()
                .types(EndpointType::Regional)
                .build(),
        )
        .security_policy(if old_tls {
            SecurityPolicy::Tls10
        } else {
            SecurityPolicy::Tls12
        })
        .send()
        .await
        .expect("create domain name");
    name
}
