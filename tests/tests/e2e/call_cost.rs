//! AWS calls per CloudTrail event and handler time, per described kind, against moto_server: a
//! measurement, not a test (ignored; nothing timed is asserted). Run it explicitly:
//!
//! ```text
//! cargo test -p vigil-e2e --test e2e call_cost -- --ignored --nocapture
//! ```
//!
//! Every call of the evaluate service goes through the harness's counting proxy. The baseline,
//! measured in the same run, is a call whose response describes its resource (`CreateDBCluster`):
//! it makes no describe call, only the state table's, Security Hub's and SNS's; each kind's row
//! adds its describe and lookup calls to that. Times are one handling each (the first call of a
//! fresh service, so they include building the clients' connections), on a loaded machine:
//! read them as orders of magnitude.

use serde_json::{json, Value};
use std::time::Instant;
use vigil_e2e::{event, quick_resilience, Account};

/// Whether a call is the state table's (DynamoDB item calls), Security Hub's or SNS's.
fn state_or_delivery(key: &str) -> bool {
    let table_item =
        key.starts_with("dynamodb:") && !key.contains("Describe") && !key.contains("ListTags");
    table_item || key.starts_with("securityhub:") || key.starts_with("sns:")
}

/// Handles `call` through a counting proxy; prints and returns (AWS calls, describe and lookup
/// calls, milliseconds).
async fn measure(account: &Account, label: &str, call: &Value) -> (usize, usize, u128) {
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    let started = Instant::now();
    let report = Box::pin(service.handle(call, chrono::Utc::now()))
        .await
        .expect("handled");
    let ms = started.elapsed().as_millis();
    assert!(report.skipped.is_none(), "{label}: {report:?}");
    let calls = proxy.calls();
    let total: usize = calls.values().sum();
    let reads: usize = calls
        .iter()
        .filter(|(k, _)| !state_or_delivery(k))
        .map(|(_, n)| n)
        .sum();
    println!("| {label} | {total} | {reads} | {ms} | {calls:?} |");
    (total, reads, ms)
}

#[test]
#[ignore = "a measurement: run explicitly with --ignored --nocapture"]
fn aws_calls_and_handler_time_per_described_kind() {
    crate::big_stack(|| async {
        println!("| event | AWS calls | describe and lookup calls | ms | calls |");
        println!("|---|---|---|---|---|");
        let account = Account::new().await;
        measure(
            &account,
            "baseline: CreateDBCluster (described by its response)",
            &event("cloudtrail/rds/create-db-cluster-unencrypted.json"),
        )
        .await;

        let account = Account::new().await;
        let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
        let group = ec2
            .create_security_group()
            .group_name("orders-db")
            .description("orders database")
            .send()
            .await
            .expect("create security group")
            .group_id
            .expect("group id");
        let mut call = event("cloudtrail/ec2/authorize-security-group-ingress-postgres-world.json");
        call["detail"]["requestParameters"]["groupId"] = json!(group);
        measure(&account, "AuthorizeSecurityGroupIngress", &call).await;

        let account = Account::new().await;
        Box::pin(crate::describers::create_public_function(&account)).await;
        measure(
            &account,
            "AddPermission20150331v2",
            &event("cloudtrail/lambda/add-permission-public.json"),
        )
        .await;

        let account = Account::new().await;
        let arn = aws_sdk_secretsmanager::Client::new(&account.sdk)
            .create_secret()
            .name("prod/billing-db")
            .secret_string("Pl4nted-Billing-Pw-5521")
            .send()
            .await
            .expect("create secret")
            .arn
            .expect("secret ARN");
        let mut call = event("cloudtrail/secretsmanager/cancel-rotate-secret.json");
        call["detail"]["responseElements"]["arn"] = json!(arn);
        measure(&account, "CancelRotateSecret", &call).await;
    });
}
