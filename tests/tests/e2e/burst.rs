//! A burst: N Config item changes (N databases changed at once, e.g. one infrastructure-as-code
//! apply) through the evaluate handler against moto_server, with bounded concurrency, every
//! call counted by the fault proxy (no fault injected). Ignored by default: it measures, it does
//! not assert a time. Run it explicitly (docs/performance.md):
//!
//! ```text
//! VIGIL_BURST=1000 VIGIL_BURST_CONCURRENCY=16 \
//!   cargo test -p vigil-e2e --test e2e burst -- --ignored --nocapture
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use vigil_aws::Resilience;
use vigil_e2e::Account;

use crate::faults::insecure_db;

fn var(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a measurement: run explicitly (docs/performance.md)"]
async fn burst() {
    let size = var("VIGIL_BURST", 1000);
    let concurrency = var("VIGIL_BURST_CONCURRENCY", 16);
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, Resilience::default()).await;
    let events: Arc<Vec<_>> = Arc::new(
        (0..size)
            .map(|i| insecure_db(&format!("db-{i:04}")))
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    // `concurrency` workers, each taking the next event: at most that many invocations at once.
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (service, events, next) = (service.clone(), events.clone(), next.clone());
            tokio::spawn(async move {
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(e) = events.get(i) else {
                        return errors;
                    };
                    if let Err(err) = service.handle(e, chrono::Utc::now()).await {
                        errors.push(err.to_string());
                    }
                }
            })
        })
        .collect();
    let mut errors = Vec::new();
    for worker in workers {
        errors.extend(worker.await.expect("worker"));
    }
    let wall = started.elapsed();

    // Every state committed and delivered (its outbox empty).
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let mut pages = ddb
        .scan()
        .table_name(&account.table)
        .filter_expression("sk = :s")
        .expression_attribute_values(
            ":s",
            aws_sdk_dynamodb::types::AttributeValue::S("STATE".into()),
        )
        .into_paginator()
        .items()
        .send();
    let (mut states, mut pending) = (0, 0);
    while let Some(item) = pages.try_next().await.expect("scan") {
        states += 1;
        if item
            .get("outbox_n")
            .and_then(|v| v.as_n().ok())
            .is_some_and(|n| n != "0")
        {
            pending += 1;
        }
    }

    let calls = proxy.calls();
    let total: usize = calls.values().sum();
    println!("burst: {size} events, concurrency {concurrency}");
    println!(
        "wall time: {:.1} s ({:.1} events/s)",
        wall.as_secs_f64(),
        size as f64 / wall.as_secs_f64()
    );
    println!(
        "errors: {} {:?}",
        errors.len(),
        errors.iter().take(5).collect::<Vec<_>>()
    );
    println!("states stored: {states}, outboxes still pending: {pending}");
    println!("AWS calls: {total}");
    for (op, n) in &calls {
        println!("  {op}: {n}");
    }
    println!(
        "BatchImportFindings requests: {}",
        proxy.calls_to("securityhub", "BatchImportFindings")
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(states, size);
    assert_eq!(pending, 0);
}
