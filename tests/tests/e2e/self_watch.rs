//! Vigil watches itself, end to end against moto_server: the sweep function's check of Vigil's
//! own prerequisites (`vigil_aws::watch`) through DynamoDB, Security Hub and SNS. Each
//! prerequisite that breaks gives one alert; checked again unchanged, none; mended, one resolved
//! alert each.
//!
//! moto has every call the check makes: CloudTrail `DescribeTrails` and `GetTrailStatus`,
//! EventBridge `DescribeRule` (and `PutRule`, `DisableRule`, `EnableRule`, `DeleteRule`),
//! Security Hub `DescribeHub` (answering `InvalidAccessException` once `DisableSecurityHub`
//! has run), SNS `ListSubscriptionsByTopic` and SQS `GetQueueAttributes`. One gap: moto
//! confirms every subscription at once, so an email subscription is never
//! `PendingConfirmation` here; that case is tested on literal descriptions
//! (`vigil_core::rules::deployment::alert_subscription_confirmed`), and here only that a
//! confirmed email subscription passes. Also, moto's `BatchImportFindings` accepts findings
//! while Security Hub is disabled (AWS refuses them), so the deliverer's path that sends the
//! deployment's alerts despite a refused import is not exercised here.

use crate::watching::{create_trail, TRAIL};
use aws_sdk_eventbridge::types::RuleState;
use vigil_aws::watch::{check, SelfWatch, Watcher};
use vigil_aws::Clock;
use vigil_core::decide::Transition;
use vigil_core::Status;
use vigil_e2e::{finding, Account, ACCOUNT, REGION};

const RULES: [&str; 4] = [
    "vigil-trail-logging",
    "vigil-event-rules-enabled",
    "vigil-security-hub-enabled",
    "vigil-dead-letter-queue-empty",
];

/// The stack's rules, topic subscription and dead-letter queue, as the template creates them.
async fn deploy(account: &Account) -> SelfWatch {
    let events = aws_sdk_eventbridge::Client::new(&account.sdk);
    events
        .put_rule()
        .name("vigil-ConsoleSignInRule-1A2B3C")
        .event_pattern(r#"{"source":["aws.signin"]}"#)
        .state(RuleState::Enabled)
        .send()
        .await
        .expect("put rule");
    events
        .put_rule()
        .name("vigil-DigestRule-4D5E6F")
        .schedule_expression("rate(1 day)")
        .state(RuleState::Enabled)
        .send()
        .await
        .expect("put schedule rule");
    aws_sdk_sns::Client::new(&account.sdk)
        .subscribe()
        .topic_arn(&account.topic_arn)
        .protocol("email")
        .endpoint("security@example.com")
        .send()
        .await
        .expect("subscribe email");
    let dlq = aws_sdk_sqs::Client::new(&account.sdk)
        .create_queue()
        .queue_name("vigil-DeadLetterQueue-7G8H9I")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    SelfWatch {
        stack_id: format!(
            "arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/vigil/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
        ),
        event_rules: vec![
            "vigil-ConsoleSignInRule-1A2B3C".into(),
            "vigil-DigestRule-4D5E6F".into(),
        ],
        topic_arn: Some(account.topic_arn.clone()),
        dead_letter_queue_url: Some(dlq),
    }
}

async fn run(
    account: &Account,
    service: &vigil_aws::EvaluateService,
    w: &SelfWatch,
    run_id: &str,
) -> vigil_core::Report {
    Box::pin(check(
        service.pipeline(),
        &Watcher::new(&account.sdk),
        w,
        ACCOUNT,
        REGION,
        run_id,
        &Clock::system(),
    ))
    .await
    .expect("checked")
}

#[tokio::test]
async fn a_broken_prerequisite_alerts_once_and_its_mending_once() {
    let account = Account::new().await;
    let ct = create_trail(&account).await;
    let w = deploy(&account).await;
    let service = account.service();
    let events = aws_sdk_eventbridge::Client::new(&account.sdk);
    let hub = aws_sdk_securityhub::Client::new(&account.sdk);
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let dlq = w.dead_letter_queue_url.clone().unwrap();

    // Healthy: every prerequisite passes, and nothing is sent.
    let report = run(&account, &service, &w, "sweep-1").await;
    for rule in RULES
        .iter()
        .chain(["vigil-alert-subscription-confirmed"].iter())
    {
        assert_eq!(
            finding(&report, rule).status,
            Status::Passed,
            "{rule}: {report:?}"
        );
    }
    assert!(account.alerts().await.is_empty());

    // Four break at once: a trail stopped, a rule disabled, Security Hub off, a dead letter.
    ct.stop_logging().name(TRAIL).send().await.expect("stop");
    events
        .disable_rule()
        .name("vigil-ConsoleSignInRule-1A2B3C")
        .send()
        .await
        .expect("disable rule");
    hub.disable_security_hub()
        .send()
        .await
        .expect("disable hub");
    sqs.send_message()
        .queue_url(&dlq)
        .message_body(r#"{"version":"0","id":"poison"}"#)
        .send()
        .await
        .expect("dead letter");
    let report = run(&account, &service, &w, "sweep-2").await;
    for rule in RULES {
        let f = finding(&report, rule);
        assert_eq!(f.status, Status::Failed, "{rule}: {report:?}");
        assert_eq!(f.transition, Transition::New, "{rule}");
    }
    assert!(finding(&report, "vigil-event-rules-enabled")
        .reason
        .contains("vigil-ConsoleSignInRule-1A2B3C"));
    let trail = finding(&report, "vigil-trail-logging");
    let fix = trail.fix.as_ref().expect("a failing finding's fix");
    assert!(
        fix.command.contains(TRAIL) && fix.missing.is_empty(),
        "the fix names the stopped trail: {fix:?}"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), RULES.len(), "one alert each: {alerts:?}");
    for (subject, _) in &alerts {
        assert!(!subject.starts_with("[RESOLVED]"), "{subject}");
    }

    // Checked again, unchanged: nothing more.
    let report = run(&account, &service, &w, "sweep-3").await;
    assert_eq!(
        finding(&report, "vigil-trail-logging").transition,
        Transition::Unchanged
    );
    assert!(account.alerts().await.is_empty());

    // Mended: one resolved alert each.
    ct.start_logging().name(TRAIL).send().await.expect("start");
    events
        .enable_rule()
        .name("vigil-ConsoleSignInRule-1A2B3C")
        .send()
        .await
        .expect("enable rule");
    hub.enable_security_hub().send().await.expect("enable hub");
    sqs.purge_queue()
        .queue_url(&dlq)
        .send()
        .await
        .expect("purge");
    let report = run(&account, &service, &w, "sweep-4").await;
    for rule in RULES {
        let f = finding(&report, rule);
        assert_eq!(f.status, Status::Passed, "{rule}: {report:?}");
        assert_eq!(f.transition, Transition::Resolved, "{rule}");
    }
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), RULES.len(), "{alerts:?}");
    assert!(
        alerts.iter().all(|(s, _)| s.starts_with("[RESOLVED]")),
        "{alerts:?}"
    );
    let report = run(&account, &service, &w, "sweep-5").await;
    assert!(report.findings.iter().all(|f| f.status == Status::Passed));
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn a_deleted_rule_and_no_trail_fail_and_an_unreadable_prerequisite_changes_nothing() {
    let account = Account::new().await;
    let mut w = deploy(&account).await;
    w.event_rules.push("vigil-RootActivityRule-0Z9Y8X".into());
    let service = account.service();
    let report = run(&account, &service, &w, "sweep-1").await;
    // No trail at all in this account.
    let trail = finding(&report, "vigil-trail-logging");
    assert_eq!(trail.status, Status::Failed, "{report:?}");
    assert!(
        trail.reason.contains("no CloudTrail trail"),
        "{}",
        trail.reason
    );
    let rules = finding(&report, "vigil-event-rules-enabled");
    assert_eq!(rules.status, Status::Failed);
    assert!(
        rules.reason.contains("vigil-RootActivityRule-0Z9Y8X"),
        "{}",
        rules.reason
    );
    assert_eq!(account.alerts().await.len(), 2);

    // A dead-letter queue that cannot be read: its rule is undetermined, the stored verdict
    // stands and nothing is sent.
    w.dead_letter_queue_url = Some(format!(
        "https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/no-such-queue"
    ));
    let report = run(&account, &service, &w, "sweep-2").await;
    assert!(
        report
            .undetermined
            .iter()
            .any(|u| u.rule == "vigil-dead-letter-queue-empty"),
        "{report:?}"
    );
    assert!(account.alerts().await.is_empty());
}
