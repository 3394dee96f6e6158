//! Two invocations for the same resource at once, against moto_server: the state write is
//! ordered (a conditional commit), and so is the delivery (one delivery lease per resource,
//! always of the newest stored outbox), so Security Hub cannot be left holding the older
//! finding and no alert is lost or sent twice.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use vigil_e2e::proxy::{Fault, Target};
use vigil_e2e::{event, quick_resilience, Account};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// orders-db's insecure item, captured at `captured_at`.
fn insecure_at(captured_at: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] = json!(captured_at);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

/// The same item made private, captured at `captured_at`.
fn private_at(captured_at: &str) -> Value {
    let mut e = insecure_at(captured_at);
    e["detail"]["configurationItem"]["configuration"]["publiclyAccessible"] = json!(false);
    e
}

#[tokio::test]
async fn two_invocations_at_once_leave_security_hub_with_the_newest_finding() {
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    let older = insecure_at("2026-12-01T10:00:00.000Z");
    let newer = private_at("2026-12-01T10:05:00.000Z");
    // The older invocation's import is slow (under the 1 s attempt timeout): without ordering
    // it would land after the newer invocation's and leave the public-access finding FAILED.
    proxy.inject(
        Target::operation("securityhub", "BatchImportFindings"),
        Fault::Slow(Duration::from_millis(700)),
        Some(1),
    );
    // Boxed: the two pipeline futures side by side are too large for a test thread's stack.
    let (first, second) = tokio::join!(Box::pin(service.handle(&older, now())), async {
        while proxy.calls_to("securityhub", "BatchImportFindings") == 0 {
            tokio::task::yield_now().await;
        }
        Box::pin(service.handle(&newer, now())).await
    });
    first.expect("the older event");
    second.expect("the newer event waits for the delivery lease, then finds its work done");

    let findings = account.findings().await;
    let public = findings
        .iter()
        .find(|f| {
            f.id()
                .is_some_and(|id| id.contains("/rds-instance-public-access/"))
        })
        .expect("the public-access finding");
    assert_eq!(
        public
            .compliance()
            .and_then(|c| c.status())
            .map(|s| s.as_str()),
        Some("PASSED"),
        "Security Hub holds the newest state"
    );
    let alerts = account.alerts().await;
    let distinct: BTreeSet<_> = alerts.iter().collect();
    assert_eq!(distinct.len(), alerts.len(), "no alert twice: {alerts:#?}");
    assert_eq!(
        alerts
            .iter()
            .filter(|(s, _)| *s == "[CRITICAL] RDS database orders-db is publicly accessible")
            .count(),
        1,
        "{alerts:#?}"
    );
    assert!(
        alerts.iter().any(|(s, _)| s.starts_with("[RESOLVED]")),
        "{alerts:#?}"
    );
    // No lease is left behind.
    let leases = account
        .items()
        .await
        .into_iter()
        .filter(|i| i.get("sk").and_then(|v| v.as_s().ok()).map(String::as_str) == Some("LEASE"))
        .count();
    assert_eq!(leases, 0);
}
