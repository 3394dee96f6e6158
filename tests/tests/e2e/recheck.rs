//! Eventual consistency against moto_server's SQS: a CloudTrail call whose resource its describe
//! call cannot find yet is not recorded as deleted but sent back, delayed, on the re-check queue;
//! handled again once the resource is visible, it is judged once, with one alert. A call whose
//! resource never appears is skipped after the last attempt, with nothing stored.

use serde_json::{json, Value};
use vigil_aws::recheck::{messages, Recheck};
use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

/// The sample `AddPermission` call on `orders-export`, made just now.
fn fresh_call() -> Value {
    let mut e = event("cloudtrail/lambda/add-permission-public.json");
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    e["time"] = json!(now);
    e["detail"]["eventTime"] = json!(now);
    e
}

async fn queue(account: &Account, attempts: u32) -> Recheck {
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let queue_url = sqs
        .create_queue()
        .queue_name("vigil-recheck")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    Recheck {
        sqs,
        queue_url,
        // moto holds a delayed message back as SQS does; the test does not wait.
        delay_seconds: 0,
        attempts,
    }
}

/// The queue's messages as the evaluate function receives them (an SQS event), removed from
/// the queue.
async fn received(r: &Recheck) -> Vec<vigil_aws::recheck::Message> {
    let out = r
        .sqs
        .receive_message()
        .queue_url(&r.queue_url)
        .max_number_of_messages(10)
        .send()
        .await
        .expect("receive");
    let mut records = Vec::new();
    for m in out.messages() {
        records.push(json!({"eventSource": "aws:sqs", "body": m.body().expect("body")}));
        r.sqs
            .delete_message()
            .queue_url(&r.queue_url)
            .receipt_handle(m.receipt_handle().expect("receipt"))
            .send()
            .await
            .expect("delete message");
    }
    if records.is_empty() {
        return Vec::new();
    }
    messages(&json!({"Records": records}))
        .expect("an SQS event")
        .into_iter()
        .map(|m| m.expect("a re-check message"))
        .collect()
}

#[test]
fn a_resource_not_visible_yet_is_checked_again_and_judged_once() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let r = queue(&account, 3).await;
        let service = account.service().with_recheck(Some(r.clone()));
        let call = fresh_call();
        let now = chrono::Utc::now();
        let report = Box::pin(service.handle(&call, now)).await.expect("handled");
        assert!(!report.deleted, "{report:?}");
        assert!(report.recheck.is_some(), "{report:?}");
        let skipped = report.skipped.as_deref().expect("skipped");
        assert!(skipped.contains("not visible yet"), "{skipped}");
        assert!(skipped.contains("attempt 2 of 3"), "{skipped}");
        assert!(account.items().await.is_empty());
        assert!(account.alerts().await.is_empty());
        let queued = received(&r).await;
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].attempt, 2);
        assert_eq!(queued[0].event, call);

        // The function becomes visible; the re-check judges it.
        Box::pin(crate::describers::create_public_function(&account)).await;
        let report = Box::pin(service.handle_recheck(&queued[0], chrono::Utc::now()))
            .await
            .expect("re-checked");
        assert!(report.recheck.is_none(), "{report:?}");
        assert_eq!(
            finding(&report, "lambda-function-public-access").status,
            Status::Failed
        );
        let alerts = account.alerts().await;
        assert!(!alerts.is_empty());
        assert!(
            alerts
                .iter()
                .all(|(_, body)| body.starts_with("alice@example.com (role DevOps, no MFA)")),
            "{alerts:?}"
        );
        let findings = account.findings().await;
        let public = findings
            .iter()
            .filter(|f| f.generator_id() == Some("vigil/lambda-function-public-access"))
            .count();
        assert_eq!(public, 1, "{findings:?}");
        // SQS delivers at least once: the same re-check again changes nothing and alerts no more.
        let again = Box::pin(service.handle_recheck(&queued[0], chrono::Utc::now()))
            .await
            .expect("re-checked again");
        assert!(again.recheck.is_none());
        assert!(account.alerts().await.is_empty());
        assert!(received(&r).await.is_empty(), "nothing more to re-check");
    });
}

#[test]
fn a_resource_that_never_appears_is_skipped_after_the_last_attempt() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let r = queue(&account, 2).await;
        let service = account.service().with_recheck(Some(r.clone()));
        let report = Box::pin(service.handle(&fresh_call(), chrono::Utc::now()))
            .await
            .expect("handled");
        assert!(report.recheck.is_some());
        let queued = received(&r).await;
        assert_eq!(queued.len(), 1);
        let report = Box::pin(service.handle_recheck(&queued[0], chrono::Utc::now()))
            .await
            .expect("re-checked");
        assert!(!report.deleted);
        let skipped = report.skipped.as_deref().expect("skipped");
        assert!(skipped.contains("skipped after 2 attempts"), "{skipped}");
        assert!(received(&r).await.is_empty(), "no third attempt");
        assert!(account.items().await.is_empty());
        assert!(account.alerts().await.is_empty());
    });
}

#[test]
fn an_old_call_whose_resource_is_gone_is_a_deletion_not_a_re_check() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let r = queue(&account, 3).await;
        let service = account.service().with_recheck(Some(r.clone()));
        // The sample's own time is long past: the function is gone, not late.
        let report = Box::pin(service.handle(
            &event("cloudtrail/lambda/add-permission-public.json"),
            chrono::Utc::now(),
        ))
        .await
        .expect("handled");
        assert!(report.deleted, "{report:?}");
        assert!(report.recheck.is_none());
        assert!(received(&r).await.is_empty());
    });
}
