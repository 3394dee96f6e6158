//! RDS proxies and DAX clusters end to end against moto_server. AWS Config records neither type,
//! so CloudTrail calls are their only events: a call that describes the resource is evaluated
//! from its `responseElements`, and a call without one is described with RDS
//! `DescribeDBProxies` or DAX `DescribeClusters` (not found: deleted). A delete call
//! (`DeleteDBProxy`, `DeleteCluster`) archives the findings.
//!
//! moto has `CreateDBProxy`, `DescribeDBProxies` and `DeleteDBProxy` (not `ModifyDBProxy`) and
//! DAX `CreateCluster`, `DescribeClusters` and `DeleteCluster`, which is all these tests need.
//! A proxy needs subnets; moto creates a default VPC with subnets, whose ids are read with
//! EC2 `DescribeSubnets` over plain HTTP (the workspace has no EC2 SDK crate, and moto does
//! not check signatures).

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The state items (`sk = STATE`) in the table.
async fn states(
    account: &Account,
) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    account
        .items()
        .await
        .into_iter()
        .filter(|i| i["sk"].as_s().map(String::as_str) == Ok("STATE"))
        .collect()
}

fn status_of(report: &vigil_core::report::Report, rule: &str) -> Option<Status> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.status)
}

/// The ids of the default VPC's subnets in moto (EC2 `DescribeSubnets`, query protocol).
fn default_subnets(endpoint: &str) -> Vec<String> {
    let host = endpoint.trim_start_matches("http://");
    let body = "Action=DescribeSubnets&Version=2016-11-15";
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20261123/{REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(host).expect("connect to moto");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let ids: Vec<String> = response
        .split("<subnetId>")
        .skip(1)
        .filter_map(|rest| rest.split("</subnetId>").next())
        .map(str::to_string)
        .collect();
    assert!(ids.len() >= 2, "moto's default subnets: {response}");
    ids
}

/// Creates a proxy in moto and returns its ARN.
async fn create_proxy(account: &Account, name: &str, require_tls: bool) -> String {
    use aws_sdk_rds::types::{AuthScheme, EngineFamily, IamAuthMode, UserAuthConfig};
    let subnets = default_subnets(&account.moto.endpoint);
    let out = aws_sdk_rds::Client::new(&account.sdk)
        .create_db_proxy()
        .db_proxy_name(name)
        .engine_family(EngineFamily::Postgresql)
        .auth(
            UserAuthConfig::builder()
                .auth_scheme(AuthScheme::Secrets)
                .secret_arn(format!(
                    "arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/orders-db-AbCdEf"
                ))
                .iam_auth(IamAuthMode::Disabled)
                .build(),
        )
        .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/orders-proxy-secrets"))
        .vpc_subnet_ids(&subnets[0])
        .vpc_subnet_ids(&subnets[1])
        .require_tls(require_tls)
        .debug_logging(false)
        .send()
        .await
        .expect("create DB proxy in moto");
    out.db_proxy()
        .and_then(|p| p.db_proxy_arn())
        .expect("the proxy's ARN")
        .to_string()
}

#[tokio::test]
async fn a_create_db_proxy_call_is_evaluated_from_its_response_stored_and_alerted() {
    let account = Account::new().await;
    let report = account
        .service()
        .handle(
            &event("cloudtrail/rds/create-db-proxy-insecure.json"),
            now(),
        )
        .await
        .expect("handled");
    assert_eq!(
        status_of(&report, "rds-proxy-tls-required"),
        Some(Status::Failed)
    );
    assert_eq!(
        status_of(&report, "rds-proxy-debug-logging-off"),
        Some(Status::Failed)
    );
    let arn = "arn:aws:rds:eu-west-2:123456789012:db-proxy:prx-0f1e2d3c4b5a69788";

    let states = states(&account).await;
    assert_eq!(states.len(), 1);
    assert_eq!(states[0]["arn"].as_s().unwrap(), arn);
    assert_eq!(states[0]["failing"].as_n().unwrap(), "2");

    let findings = account.findings().await;
    let rds43 = findings
        .iter()
        .find(|f| f.generator_id() == Some("vigil/rds-proxy-tls-required"))
        .expect("RDS.43 finding");
    let resource = &rds43.resources()[0];
    assert_eq!(resource.id(), Some(arn));
    assert_eq!(resource.r#type(), Some("Other"), "ASFF has no proxy type");
    // RDS.43 is in FSBP (crates/core/src/standards.rs, docs/coverage.md): the finding names
    // its FSBP requirement. (moto keeps no Compliance.SecurityControlId; the SDK mapping is
    // unit-tested in crates/aws/src/deliver/securityhub.rs.)
    let compliance = rds43.compliance().unwrap();
    let reqs = compliance.related_requirements();
    assert!(
        reqs.iter()
            .any(|r| r.contains("Foundational") && r.ends_with("/RDS.43")),
        "{reqs:?}"
    );

    assert_eq!(
        rds43.product_fields().expect("product fields")["vigil/Actor"],
        crate::describers::ALICE
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert!(alerts.iter().all(|(s, _)| s.contains("orders-proxy")));
    assert!(
        alerts
            .iter()
            .all(|(_, body)| body.starts_with(crate::describers::ALICE)),
        "{alerts:?}"
    );

    // Deleting the proxy archives its findings.
    let report = account
        .service()
        .handle(&event("cloudtrail/rds/delete-db-proxy.json"), now())
        .await
        .expect("handled");
    assert!(report.deleted);
    let findings = account.findings().await;
    assert!(!findings.is_empty(), "the proxy had findings to archive");
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
}

/// The proxy `orders-proxy` (TLS required) created in moto, and the sample `CreateDBProxy`
/// call without its response, so the proxy must be described: (ARN, call). Shared with
/// `call_cost.rs`.
pub(crate) async fn described_proxy_call(account: &Account) -> (String, Value) {
    let arn = create_proxy(account, "orders-proxy", true).await;
    let mut e = event("cloudtrail/rds/create-db-proxy-insecure.json");
    e["detail"]["responseElements"] = Value::Null;
    (arn, e)
}

#[tokio::test]
async fn a_proxy_call_without_a_response_is_described_through_rds() {
    let account = Account::new().await;
    let (arn, e) = described_proxy_call(&account).await;
    let report = account.service().handle(&e, now()).await.expect("handled");
    // moto's proxy requires TLS and does not log SQL: both rules pass from the description.
    assert_eq!(
        status_of(&report, "rds-proxy-tls-required"),
        Some(Status::Passed),
        "{report:?}"
    );
    assert_eq!(
        status_of(&report, "rds-proxy-debug-logging-off"),
        Some(Status::Passed)
    );
    // The ARN is the described one (it ends in the proxy's resource id, not its name).
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some(arn.as_str())
    );
    let states = states(&account).await;
    assert_eq!(states[0]["arn"].as_s().unwrap(), &arn);
    assert_eq!(states[0]["failing"].as_n().unwrap(), "0");
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn a_dax_create_call_is_evaluated_and_its_delete_call_archives_the_findings_naming_the_caller(
) {
    let account = Account::new().await;
    let service = account.service();
    let report = service
        .handle(
            &event("cloudtrail/dax/create-cluster-unencrypted.json"),
            now(),
        )
        .await
        .expect("handled");
    assert_eq!(
        status_of(&report, "dax-cluster-encrypted-at-rest"),
        Some(Status::Failed)
    );
    assert_eq!(
        status_of(&report, "dax-cluster-tls-endpoint"),
        Some(Status::Failed)
    );
    let findings = account.findings().await;
    assert_eq!(findings.len(), 2);
    for f in &findings {
        assert_eq!(
            f.resources()[0].id(),
            Some("arn:aws:dax:eu-west-2:123456789012:cache/sessions-dax")
        );
        assert_eq!(
            f.product_fields().expect("product fields")["vigil/Actor"],
            crate::describers::ALICE
        );
    }
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 2);
    assert!(
        alerts
            .iter()
            .all(|(_, body)| body.starts_with(crate::describers::ALICE)),
        "{alerts:?}"
    );

    // Deleted: the cluster is made in moto under the sample's name and deleted there, then the
    // sample `DeleteCluster` call (its response shows the cluster "deleting") is handled: its
    // findings are archived, with one alert naming who deleted it.
    let dax = create_dax_cluster(&account, "sessions-dax").await;
    dax.delete_cluster()
        .cluster_name("sessions-dax")
        .send()
        .await
        .expect("delete DAX cluster in moto");
    // moto advances a deleting cluster to deleted, and forgets it, as it is described.
    let mut gone = false;
    for _ in 0..10 {
        if dax
            .describe_clusters()
            .cluster_names("sessions-dax")
            .send()
            .await
            .is_err()
        {
            gone = true;
            break;
        }
    }
    assert!(gone, "moto still describes the deleted cluster");
    let report = service
        .handle(&event("cloudtrail/dax/delete-cluster.json"), now())
        .await
        .expect("handled");
    assert!(report.deleted, "{report:?}");
    let states = states(&account).await;
    assert_eq!(
        states[0]["deleted"].as_bool().ok(),
        Some(&true),
        "{states:?}"
    );
    let findings = account.findings().await;
    assert!(!findings.is_empty(), "the cluster had findings to archive");
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.starts_with("[DELETED]"), "{subject}");
    assert!(subject.contains("sessions-dax"), "{subject}");
    assert!(body.contains("alice@example.com"), "{body}");

    // A later UpdateCluster call without a response, for the cluster DescribeClusters no longer
    // finds: it is observed deleted again, and nothing is alerted a second time.
    let mut e = event("cloudtrail/dax/delete-cluster.json");
    e["id"] = json!("update-after-delete");
    e["detail"]["eventName"] = json!("UpdateCluster");
    e["detail"]["eventID"] = json!("update-after-delete");
    e["detail"]["eventTime"] = json!("2025-03-12T17:00:00Z");
    e["time"] = json!("2025-03-12T17:00:00Z");
    e["detail"]["requestParameters"] =
        json!({"clusterName": "sessions-dax", "description": "sessions"});
    e["detail"]["responseElements"] = Value::Null;
    let report = service.handle(&e, now()).await.expect("handled");
    assert!(report.deleted, "{report:?}");
    assert!(account.alerts().await.is_empty(), "no second [DELETED]");
}

/// Creates the DAX cluster `name` in moto (encrypted, TLS endpoint) and returns the client.
async fn create_dax_cluster(account: &Account, name: &str) -> aws_sdk_dax::Client {
    use aws_sdk_dax::types::{ClusterEndpointEncryptionType, SseSpecification};
    let dax = aws_sdk_dax::Client::new(&account.sdk);
    dax.create_cluster()
        .cluster_name(name)
        .node_type("dax.t3.small")
        .replication_factor(3)
        .iam_role_arn(format!(
            "arn:aws:iam::{ACCOUNT}:role/DAXServiceRoleForDynamoDBAccess"
        ))
        .sse_specification(SseSpecification::builder().enabled(true).build().unwrap())
        .cluster_endpoint_encryption_type(ClusterEndpointEncryptionType::Tls)
        .send()
        .await
        .expect("create DAX cluster in moto");
    dax
}

/// The cluster `catalogue-dax` (encrypted, TLS endpoint) created in moto and available, and
/// the sample `CreateCluster` call without its response, so the cluster must be described.
/// Shared with `call_cost.rs`.
pub(crate) async fn described_dax_call(account: &Account) -> Value {
    let dax = create_dax_cluster(account, "catalogue-dax").await;
    // moto advances a cluster from "creating" to "available" as it is described, and reports
    // its nodes only then.
    for _ in 0..10 {
        let out = dax
            .describe_clusters()
            .cluster_names("catalogue-dax")
            .send()
            .await
            .expect("describe");
        if out.clusters()[0].status() == Some("available") {
            break;
        }
    }
    let mut e = event("cloudtrail/dax/create-cluster-encrypted.json");
    e["detail"]["responseElements"] = Value::Null;
    e
}

#[tokio::test]
async fn a_dax_call_without_a_response_is_described_through_dax() {
    let account = Account::new().await;
    let e = described_dax_call(&account).await;
    let report = account.service().handle(&e, now()).await.expect("handled");
    assert_eq!(
        status_of(&report, "dax-cluster-encrypted-at-rest"),
        Some(Status::Passed),
        "{report:?}"
    );
    assert_eq!(
        status_of(&report, "dax-cluster-tls-endpoint"),
        Some(Status::Passed)
    );
    // moto places every node in the region's first zone: the nodes came from the description.
    let multi_az = finding(&report, "dax-cluster-multi-az");
    assert_eq!(multi_az.status, Status::Failed);
    assert!(
        multi_az.reason.contains("eu-west-2a"),
        "{}",
        multi_az.reason
    );
    let states = states(&account).await;
    assert_eq!(
        states[0]["arn"].as_s().unwrap(),
        "arn:aws:dax:eu-west-2:123456789012:cache/catalogue-dax"
    );
    assert_eq!(states[0]["failing"].as_n().unwrap(), "1");
}
