//! API Gateway end to end against moto_server: the `apigateway.methods` (GetResources),
//! `apigateway.rest-api` (GetRestApi), `apigateway.usage-plans` (GetUsagePlans),
//! `apigatewayv2.routes` (GetRoutes) and `apigatewayv2.api` (GetApi) lookups answered through the
//! real SDK, and the verdicts they lead to.

use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType};
use serde_json::json;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

/// Creates a REST API with `GET /orders` (IAM) and `POST /orders` (no authorisation, API key
/// required), returning its id.
pub(crate) async fn create_api(account: &Account, private: bool) -> String {
    let client = aws_sdk_apigateway::Client::new(&account.sdk);
    let endpoint = if private {
        EndpointType::Private
    } else {
        EndpointType::Regional
    };
    let api = client
        .create_rest_api()
        .name("orders-api")
        .endpoint_configuration(EndpointConfiguration::builder().types(endpoint).build())
        .send()
        .await
        .expect("create REST API");
    let api_id = api.id().expect("api id").to_string();
    let root = client
        .get_resources()
        .rest_api_id(&api_id)
        .send()
        .await
        .expect("resources")
        .items()
        .iter()
        .find(|r| r.path() == Some("/"))
        .and_then(|r| r.id().map(str::to_string))
        .expect("root resource");
    let orders = client
        .create_resource()
        .rest_api_id(&api_id)
        .parent_id(&root)
        .path_part("orders")
        .send()
        .await
        .expect("create resource")
        .id()
        .expect("resource id")
        .to_string();
    for (verb, auth, key) in [("GET", "AWS_IAM", false), ("POST", "NONE", true)] {
        client
            .put_method()
            .rest_api_id(&api_id)
            .resource_id(&orders)
            .http_method(verb)
            .authorization_type(auth)
            .api_key_required(key)
            .send()
            .await
            .expect("put method");
    }
    api_id
}

/// The sample RestApi item, renamed to the API moto created.
fn item_for(path: &str, api_id: &str) -> serde_json::Value {
    let mut e = event(path);
    let arn = format!("arn:aws:apigateway:eu-west-2::/restapis/{api_id}");
    let item = &mut e["detail"]["configurationItem"];
    item["resourceId"] = json!(api_id);
    item["ARN"] = json!(arn);
    item["configuration"]["id"] = json!(api_id);
    e["resources"] = json!([arn]);
    e
}

#[tokio::test]
async fn a_method_without_authorisation_fails_through_the_methods_lookup() {
    let account = Account::new().await;
    let api_id = create_api(&account, false).await;
    let report = account
        .service()
        .handle(
            &item_for("config/apigateway/rest-api-regional.json", &api_id),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let methods = finding(&report, "apigateway-rest-methods-authorization");
    assert_eq!(methods.status, Status::Failed);
    assert!(
        methods.reason.contains("POST /orders"),
        "{}",
        methods.reason
    );
    assert!(
        !methods.reason.contains("GET /orders"),
        "{}",
        methods.reason
    );
    let private = finding(&report, "apigateway-private-api-resource-policy");
    assert_eq!(private.status, Status::NotApplicable);
}

#[tokio::test]
async fn a_private_api_without_a_policy_fails_through_the_rest_api_lookup() {
    let account = Account::new().await;
    let api_id = create_api(&account, true).await;
    let report = account
        .service()
        .handle(
            &item_for("config/apigateway/rest-api-private.json", &api_id),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let private = finding(&report, "apigateway-private-api-resource-policy");
    assert_eq!(private.status, Status::Failed, "{}", private.reason);
}

#[tokio::test]
async fn a_route_without_authorisation_fails_through_the_routes_lookup() {
    let account = Account::new().await;
    let client = aws_sdk_apigatewayv2::Client::new(&account.sdk);
    let api_id = client
        .create_api()
        .name("orders-http")
        .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
        .send()
        .await
        .expect("create API")
        .api_id()
        .expect("api id")
        .to_string();
    for (key, auth) in [
        (
            "GET /orders",
            aws_sdk_apigatewayv2::types::AuthorizationType::AwsIam,
        ),
        (
            "POST /orders",
            aws_sdk_apigatewayv2::types::AuthorizationType::None,
        ),
    ] {
        client
            .create_route()
            .api_id(&api_id)
            .route_key(key)
            .authorization_type(auth)
            .send()
            .await
            .expect("create route");
    }
    let mut e = event("config/apigateway/http-api.json");
    let arn = format!("arn:aws:apigateway:eu-west-2::/apis/{api_id}");
    let item = &mut e["detail"]["configurationItem"];
    item["resourceId"] = json!(api_id);
    item["ARN"] = json!(arn);
    item["configuration"]["apiId"] = json!(api_id);
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let verdict = finding(&report, "apigatewayv2-route-authorization");
    assert_eq!(verdict.status, Status::Failed);
    assert_eq!(verdict.controls, ["APIGateway.8"]);
    assert!(
        verdict.reason.contains("POST /orders"),
        "{}",
        verdict.reason
    );
    assert!(
        !verdict.reason.contains("GET /orders"),
        "{}",
        verdict.reason
    );
}

/// A v2 stage item (sample `path`) moved to the API moto created.
fn v2_stage_item(path: &str, api_id: &str, stage: &str) -> serde_json::Value {
    let mut e = event(path);
    let arn = format!("arn:aws:apigateway:eu-west-2::/apis/{api_id}/stages/{stage}");
    let item = &mut e["detail"]["configurationItem"];
    item["resourceId"] = json!(arn);
    item["ARN"] = json!(arn);
    item["relationships"][0]["resourceId"] = json!(api_id);
    e["resources"] = json!([arn]);
    e
}

async fn create_v2_api(
    account: &Account,
    protocol: aws_sdk_apigatewayv2::types::ProtocolType,
) -> String {
    let client = aws_sdk_apigatewayv2::Client::new(&account.sdk);
    let mut request = client
        .create_api()
        .name("orders-live")
        .protocol_type(protocol.clone());
    if protocol == aws_sdk_apigatewayv2::types::ProtocolType::Websocket {
        request = request.route_selection_expression("$request.body.action");
    }
    request
        .send()
        .await
        .expect("create API")
        .api_id()
        .expect("api id")
        .to_string()
}

#[tokio::test]
async fn a_websocket_stage_without_execution_logging_fails_apigateway_1_through_get_api() {
    let account = Account::new().await;
    let api_id = create_v2_api(
        &account,
        aws_sdk_apigatewayv2::types::ProtocolType::Websocket,
    )
    .await;
    let report = account
        .service()
        .handle(
            &v2_stage_item(
                "config/apigateway/websocket-stage-insecure.json",
                &api_id,
                "prod",
            ),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let verdict = finding(&report, "apigatewayv2-websocket-execution-logging");
    assert_eq!(verdict.status, Status::Failed, "{}", verdict.reason);
    assert_eq!(verdict.controls, ["APIGateway.1"]);
}

#[tokio::test]
async fn an_http_api_stage_is_not_applicable_to_apigateway_1() {
    let account = Account::new().await;
    let api_id = create_v2_api(&account, aws_sdk_apigatewayv2::types::ProtocolType::Http).await;
    let report = account
        .service()
        .handle(
            &v2_stage_item(
                "config/apigateway/http-stage-insecure.json",
                &api_id,
                "$default",
            ),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let verdict = finding(&report, "apigatewayv2-websocket-execution-logging");
    assert_eq!(verdict.status, Status::NotApplicable, "{}", verdict.reason);
}

/// The insecure REST stage sample (no stage throttling) moved to the API moto created.
fn rest_stage_item(api_id: &str) -> serde_json::Value {
    let mut e = event("config/apigateway/rest-stage-insecure.json");
    let arn = format!("arn:aws:apigateway:eu-west-2::/restapis/{api_id}/stages/prod");
    let item = &mut e["detail"]["configurationItem"];
    item["resourceId"] = json!(arn);
    item["ARN"] = json!(arn);
    item["relationships"][0]["resourceId"] = json!(api_id);
    e["resources"] = json!([arn]);
    e
}

/// The stage's throttling verdict from a new item each time (its own event id and a later
/// capture time): a redelivered item would report what the state already holds.
async fn throttling_verdict(account: &Account, api_id: &str) -> vigil_core::Status {
    static ITEM: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = ITEM.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let mut item = rest_stage_item(api_id);
    item["id"] = json!(format!("evt-throttling-{n}"));
    item["detail"]["configurationItem"]["configurationItemCaptureTime"] =
        json!(format!("2026-12-01T10:{:02}:00Z", n % 60));
    let report = account
        .service()
        .handle(&item, chrono::Utc::now())
        .await
        .expect("handled");
    report
        .findings
        .iter()
        .find(|f| f.rule == "apigateway-rest-stage-throttling")
        .unwrap_or_else(|| panic!("no verdict: {report:?}"))
        .status
}

#[tokio::test]
async fn a_stage_throttled_only_by_a_usage_plan_passes_through_get_usage_plans() {
    let account = Account::new().await;
    let api_id = create_api(&account, false).await;
    assert_eq!(throttling_verdict(&account, &api_id).await, Status::Failed);
    let client = aws_sdk_apigateway::Client::new(&account.sdk);
    // A plan for another stage of the same API does not count.
    client
        .create_usage_plan()
        .name("staging")
        .api_stages(
            aws_sdk_apigateway::types::ApiStage::builder()
                .api_id(&api_id)
                .stage("staging")
                .build(),
        )
        .throttle(
            aws_sdk_apigateway::types::ThrottleSettings::builder()
                .rate_limit(10.0)
                .burst_limit(20)
                .build(),
        )
        .send()
        .await
        .expect("create usage plan");
    assert_eq!(throttling_verdict(&account, &api_id).await, Status::Failed);
    client
        .create_usage_plan()
        .name("partners")
        .api_stages(
            aws_sdk_apigateway::types::ApiStage::builder()
                .api_id(&api_id)
                .stage("prod")
                .build(),
        )
        .throttle(
            aws_sdk_apigateway::types::ThrottleSettings::builder()
                .rate_limit(50.0)
                .burst_limit(100)
                .build(),
        )
        .send()
        .await
        .expect("create usage plan");
    assert_eq!(throttling_verdict(&account, &api_id).await, Status::Passed);
}

/// The CloudTrail CreateDomainName sample turned into a call without a description (as an
/// `UpdateDomainName` whose `responseElements` are empty), so the resolver must describe the
/// domain with `GetDomainName`.
fn domain_call(name: &str) -> serde_json::Value {
    let mut e = event("cloudtrail/apigateway/create-domain-name-tls-1-2.json");
    let d = &mut e["detail"];
    d["eventName"] = json!("UpdateDomainName");
    d["requestParameters"] = json!({ "domainName": name });
    d["responseElements"] = serde_json::Value::Null;
    e
}

/// The custom domain `legacy.example.com` (TLS 1.0) created in moto, and an `UpdateDomainName`
/// call naming it without a description ([`domain_call`]). Shared with `call_cost.rs`.
pub(crate) async fn legacy_domain(account: &Account) -> serde_json::Value {
    let client = aws_sdk_apigateway::Client::new(&account.sdk);
    client
        .create_domain_name()
        .domain_name("legacy.example.com")
        .regional_certificate_arn(
            "arn:aws:acm:eu-west-2:123456789012:certificate/5c3e8a1f-2b7d-4e9a-8f61-0d4c7b2a9e13",
        )
        .endpoint_configuration(
            EndpointConfiguration::builder()
                .types(EndpointType::Regional)
                .build(),
        )
        .security_policy(aws_sdk_apigateway::types::SecurityPolicy::Tls10)
        .send()
        .await
        .expect("create domain name");
    domain_call("legacy.example.com")
}

#[tokio::test]
async fn a_custom_domain_with_tls_1_0_fails_through_get_domain_name() {
    let account = Account::new().await;
    let call = legacy_domain(&account).await;
    let service = account.service();
    let report = Box::pin(service.handle(&call, chrono::Utc::now()))
        .await
        .expect("handled");
    let verdict = finding(&report, "apigateway-domain-tls-1-2");
    assert_eq!(verdict.status, Status::Failed, "{}", verdict.reason);
    assert!(verdict.reason.contains("TLS_1_0"), "{}", verdict.reason);
    Box::pin(crate::describers::failed_with_actor(
        &account,
        &report,
        "apigateway-domain-tls-1-2",
        crate::describers::ALICE,
    ))
    .await;

    // DeleteDomainName archives the findings.
    let delete = crate::describers::later_call(
        "cloudtrail/apigateway/create-domain-name-tls-1-2.json",
        "DeleteDomainName",
        json!({"domainName": "legacy.example.com"}),
        serde_json::Value::Null,
    );
    Box::pin(crate::describers::archived_by(&account, &service, &delete)).await;
}

#[tokio::test]
async fn a_custom_domain_that_no_longer_exists_is_recorded_as_deleted() {
    let account = Account::new().await;
    let report = account
        .service()
        .handle(&domain_call("gone.example.com"), chrono::Utc::now())
        .await
        .expect("handled");
    assert!(report.deleted, "{report:?}");
}
