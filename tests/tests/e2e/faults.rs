//! Faults between Vigil and AWS, injected by the test proxy (`vigil_e2e::proxy`) in front of
//! moto_server: throttling, 500s, slow answers and dropped connections are retried by the
//! adapters; an outage of Security Hub or SNS loses nothing and repeats nothing; a poison event
//! fails alone while the rest of a batch goes on.

use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use vigil_aws::EvaluateService;
use vigil_core::Report;
use vigil_e2e::proxy::{Fault, Target};
use vigil_e2e::{event, quick_resilience, Account};
use vigil_pipeline::PipelineError;

/// The alerts orders-db's insecure item raises (one per failing rule): see evaluate.rs.
const FAILING: usize = 11;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The insecure orders-db item, for another database named `name` (its own ARN, resource id and
/// event id).
pub fn insecure_db(name: &str) -> Value {
    let text = event("config/rds/db-instance-insecure.json")
        .to_string()
        .replace("orders-db", name)
        .replace("db-7QH4ZK2N5VXR3LJ6WMPT2CYBGE", &format!("db-{name}"))
        .replace(
            "4f6a1c2e-8b3d-4e5f-9a0b-1c2d3e4f5a61",
            &format!("evt-{name}"),
        );
    serde_json::from_str(&text).expect("renamed event")
}

/// The handler, boxed: with retries in flight the pipeline's future is too large for a test
/// thread's stack in a debug build.
async fn handle(service: &EvaluateService, e: &Value) -> Result<Report, PipelineError> {
    Box::pin(service.handle(e, now())).await
}

fn failed(findings: &[aws_sdk_securityhub::types::AwsSecurityFinding]) -> usize {
    findings
        .iter()
        .filter(|f| f.compliance().and_then(|c| c.status()).map(|s| s.as_str()) == Some("FAILED"))
        .count()
}

#[tokio::test]
async fn throttling_server_errors_slow_answers_and_dropped_connections_are_retried() {
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    proxy.inject(
        Target::operation("dynamodb", "GetItem"),
        Fault::Throttle,
        Some(2),
    );
    proxy.inject(
        Target::operation("dynamodb", "TransactWriteItems"),
        Fault::ServerError,
        Some(1),
    );
    proxy.inject(
        Target::operation("securityhub", "BatchImportFindings"),
        Fault::Throttle,
        Some(2),
    );
    proxy.inject(
        Target::operation("sns", "Publish"),
        Fault::Throttle,
        Some(2),
    );
    proxy.inject(Target::operation("sns", "Publish"), Fault::Drop, Some(1));
    proxy.inject(
        Target::operation("sns", "Publish"),
        Fault::ServerError,
        Some(1),
    );
    // Past the 1 s attempt timeout: abandoned and sent again (the late one is a no-op: the
    // outbox clear is conditional on the state it clears).
    proxy.inject(
        Target::operation("dynamodb", "UpdateItem"),
        Fault::Slow(Duration::from_millis(1500)),
        Some(1),
    );
    let report = handle(&service, &insecure_db("orders-db"))
        .await
        .expect("every fault is retried");
    assert!(report.stale.is_none(), "{report:?}");
    assert_eq!(proxy.pending(), 0, "every fault fired: {:?}", proxy.calls());
    let injected: usize = proxy.injected().values().sum();
    assert_eq!(injected, 10, "{:?}", proxy.injected());
    assert_eq!(proxy.calls_to("securityhub", "BatchImportFindings"), 3);
    assert_eq!(proxy.calls_to("dynamodb", "TransactWriteItems"), 2);
    assert_eq!(proxy.calls_to("sns", "Publish"), FAILING + 4);
    assert_eq!(failed(&account.findings().await), FAILING);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), FAILING, "none lost, none twice");
    let distinct: BTreeSet<_> = alerts.iter().collect();
    assert_eq!(distinct.len(), FAILING);
}

#[tokio::test]
async fn a_security_hub_then_sns_outage_loses_nothing_and_repeats_nothing() {
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    let orders = insecure_db("orders-db");
    let billing = insecure_db("billing-db");

    // Security Hub down: orders-db's transition is committed, nothing is delivered.
    proxy.inject(Target::service("securityhub"), Fault::ServerError, None);
    let err = handle(&service, &orders).await.unwrap_err();
    assert!(err.to_string().contains("kept in its outbox"), "{err}");
    // Lambda retries while it is still down.
    assert!(handle(&service, &orders).await.is_err());
    proxy.clear();

    // SNS throttling without end: billing-db's findings are imported, its alerts are not.
    proxy.inject(Target::service("sns"), Fault::Throttle, None);
    assert!(handle(&service, &billing).await.is_err());
    assert!(account.alerts().await.is_empty());
    assert_eq!(failed(&account.findings().await), FAILING);
    proxy.clear();

    // Recovered: the retries of both events find them applied and deliver their outboxes.
    for e in [&orders, &billing] {
        let report = handle(&service, e).await.expect("retry after recovery");
        assert!(report.stale.is_some(), "already committed: {report:?}");
    }
    assert_eq!(failed(&account.findings().await), 2 * FAILING);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 2 * FAILING, "nothing lost");
    let distinct: BTreeSet<_> = alerts.iter().collect();
    assert_eq!(distinct.len(), 2 * FAILING, "nothing twice");
    assert_eq!(
        alerts
            .iter()
            .filter(|(subject, _)| subject.contains("billing-db"))
            .count(),
        FAILING
    );

    // Later redeliveries say nothing more.
    for e in [&orders, &billing] {
        handle(&service, e).await.expect("redelivery");
    }
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn sns_failing_partway_through_one_resources_alerts_sends_only_the_rest_on_retry() {
    const BEFORE: usize = 4;
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    let orders = insecure_db("orders-db");

    // Four alerts go out, then SNS throttles longer than the retries.
    proxy.inject_after(
        Target::operation("sns", "Publish"),
        BEFORE as u32,
        Fault::Throttle,
        None,
    );
    let err = handle(&service, &orders).await.unwrap_err();
    assert!(err.to_string().contains("delivered in part"), "{err}");
    let first = account.alerts().await;
    assert_eq!(first.len(), BEFORE);
    proxy.clear();
    proxy.reset_counts();

    // The retry sends the other alerts only, and imports nothing again.
    let report = handle(&service, &orders)
        .await
        .expect("retry after recovery");
    assert!(report.stale.is_some(), "already committed: {report:?}");
    assert_eq!(proxy.calls_to("sns", "Publish"), FAILING - BEFORE);
    assert_eq!(proxy.calls_to("securityhub", "BatchImportFindings"), 0);
    let rest = account.alerts().await;
    assert_eq!(rest.len(), FAILING - BEFORE, "the rest, once");
    let all: BTreeSet<_> = first.iter().chain(&rest).collect();
    assert_eq!(all.len(), FAILING, "every alert once");
    assert_eq!(failed(&account.findings().await), FAILING);
}

#[tokio::test]
async fn a_poison_event_fails_alone_with_its_reason_and_the_rest_of_the_batch_goes_on() {
    let account = Account::new().await;
    let service = account.service();
    let mut poison = insecure_db("broken-db");
    poison["detail"]["configurationItem"]["configuration"] = serde_json::json!("{truncated");
    let batch = [insecure_db("orders-db"), poison, insecure_db("billing-db")];
    let mut outcomes = Vec::new();
    for e in &batch {
        outcomes.push(handle(&service, e).await);
    }
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
    assert!(outcomes[2].is_ok(), "{:?}", outcomes[2]);
    let err = outcomes[1].as_ref().unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    // The function's error message: what Lambda's on-failure destination records in the
    // dead-letter queue with the event after the retries.
    assert!(err.to_string().starts_with("bad input:"), "{err}");
    assert!(err.to_string().contains("configuration"), "{err}");
    // Every retry meets the same error; nothing of it is ever written.
    assert!(handle(&service, &batch[1]).await.is_err());
    let states = account
        .items()
        .await
        .into_iter()
        .filter(|i| i.get("sk").and_then(|v| v.as_s().ok()).map(String::as_str) == Some("STATE"))
        .count();
    assert_eq!(states, 2, "the two good databases, not the poison one");
    assert_eq!(failed(&account.findings().await), 2 * FAILING);
    assert_eq!(account.alerts().await.len(), 2 * FAILING);
}
