//! A burst: N Config item changes (N databases changed at once, e.g. one infrastructure-as-code
//! apply) through the evaluate handler against moto_server, with bounded concurrency, every
//! call counted by the fault proxy (no fault injected). Ignored by default: it measures, it does
//! not assert a time. Run it explicitly (docs/performance.md):
//!
//! ```text
//! VIGIL_BURST=1000 VIGIL_BURST_CONCURRENCY=8 \
//!   cargo test -p vigil-e2e --test e2e burst::burst -- --ignored --exact --nocapture
//! ```
//!
//! It runs against moto_server with the harness's `transact_write_items` replacement
//! (`tests/src/moto_launcher.py`): moto 5.2.1's own copies the whole table per transaction
//! item, and a 1,000-event burst ran out of memory on it.

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
    let concurrency = var("VIGIL_BURST_CONCURRENCY", 8);
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
    let imports = proxy.imports();
    let most_findings = imports.iter().map(|i| i.0).max().unwrap_or(0);
    let largest = imports.iter().map(|i| i.1).max().unwrap_or(0);
    let findings: usize = imports.iter().map(|i| i.0).sum();
    println!(
        "BatchImportFindings requests: {}, {findings} findings; per request at most \
         {most_findings} findings (limit 100) and {largest} bytes (limit 6 MB)",
        imports.len()
    );
    assert!(most_findings <= 100 && largest <= 6 * 1024 * 1024);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(states, size);
    assert_eq!(pending, 0);
}

/// The launcher's replacement of moto 5.2.1's `transact_write_items` (which deep-copies each
/// named table per item, so a 1,000-event burst ran out of memory): its own checks against an
/// in-process backend (a cancelled transaction leaves changed, created and deleted items as they
/// were; a successful one applies them; moto's cancellation reasons; no table copied).
#[test]
fn moto_transactions_roll_back_only_their_own_items() {
    match vigil_e2e::moto_launcher_self_check() {
        Ok(out) => assert!(out.contains("checks passed"), "{out}"),
        Err(e) => panic!("{e}"),
    }
}

/// The same through the server the tests start: a transaction cancelled by its last condition
/// leaves the state table as before and answers moto's `TransactionCanceledException`; the same
/// transaction without that condition applies every item.
#[tokio::test]
async fn a_cancelled_transaction_through_moto_server_leaves_the_items_as_before() {
    use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let s = |v: &str| AttributeValue::S(v.into());
    let put = |pk: &str, v: &str| {
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name(&account.table)
                    .item("pk", s(pk))
                    .item("sk", s("STATE"))
                    .item("v", s(v))
                    .build()
                    .expect("put"),
            )
            .build()
    };
    let value = |pk: &'static str| {
        let ddb = ddb.clone();
        let table = account.table.clone();
        async move {
            ddb.get_item()
                .table_name(table)
                .key("pk", AttributeValue::S(pk.into()))
                .key("sk", AttributeValue::S("STATE".into()))
                .send()
                .await
                .expect("get")
                .item
                .and_then(|i| i.get("v").and_then(|v| v.as_s().ok()).cloned())
        }
    };
    ddb.transact_write_items()
        .transact_items(put("a", "old"))
        .send()
        .await
        .expect("first transaction");
    let missing = TransactWriteItem::builder()
        .condition_check(
            ConditionCheck::builder()
                .table_name(&account.table)
                .key("pk", s("nowhere"))
                .key("sk", s("STATE"))
                .condition_expression("attribute_exists(pk)")
                .build()
                .expect("check"),
        )
        .build();
    let err = ddb
        .transact_write_items()
        .transact_items(put("a", "new"))
        .transact_items(put("b", "created"))
        .transact_items(missing)
        .send()
        .await
        .expect_err("the condition cancels it");
    let reasons: Vec<_> = err
        .as_service_error()
        .and_then(|e| match e {
            aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) => {
                Some(c.cancellation_reasons().iter().map(|r| r.code().unwrap_or_default().to_string()).collect())
            }
            _ => None,
        })
        .expect("a TransactionCanceledException");
    assert_eq!(reasons, ["None", "None", "ConditionalCheckFailed"]);
    assert_eq!(value("a").await.as_deref(), Some("old"));
    assert_eq!(value("b").await, None);
    ddb.transact_write_items()
        .transact_items(put("a", "new"))
        .transact_items(put("b", "created"))
        .send()
        .await
        .expect("applied");
    assert_eq!(value("a").await.as_deref(), Some("new"));
    assert_eq!(value("b").await.as_deref(), Some("created"));
}
