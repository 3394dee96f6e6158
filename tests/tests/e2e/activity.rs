//! Account activity end to end against moto_server: a console sign-in without MFA and the root
//! user's use each give one alert naming the actor, where from and when, and one informational
//! Security Hub finding; a redelivery of the same event says nothing more. The sample events
//! are `events/signin/` (shapes from the CloudTrail User Guide). No AWS call is needed to judge
//! them, so moto holds only what Vigil delivered and stored.

use serde_json::Value;
use vigil_aws::{EvaluateService, ServiceConfig};
use vigil_core::decide::Transition;
use vigil_core::{Settings, Status};
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

fn service(account: &Account) -> EvaluateService {
    EvaluateService::new(
        &account.sdk,
        ServiceConfig {
            table: account.table.clone(),
            topic_arn: account.topic_arn.clone(),
            settings: Settings {
                // As the template sets it: the stack's region.
                global_region: Some(REGION.into()),
                ..Settings::default()
            },
        },
    )
}

async fn handle(service: &EvaluateService, e: &Value) -> vigil_core::report::Report {
    Box::pin(service.handle(e, chrono::Utc::now()))
        .await
        .expect("handled")
}

#[tokio::test]
async fn a_sign_in_without_mfa_and_the_root_users_use_alert_once_each_with_an_informational_finding(
) {
    let account = Account::new().await;
    let service = service(&account);

    let signin = event("signin/console-login-without-mfa.json");
    let report = handle(&service, &signin).await;
    let f = finding(&report, "console-sign-in-without-mfa");
    assert_eq!(f.status, Status::Failed);
    assert_eq!(f.transition, Transition::New);
    assert_eq!(
        finding(&report, "root-user-activity").status,
        Status::NotApplicable
    );
    let resource = report.resource.as_ref().expect("the activity");
    assert_eq!(resource.region, REGION, "filed with the account's findings");
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.contains("Anaya"), "{subject}");
    assert!(body.contains("IAM user Anaya"), "{body}");
    assert!(body.contains("192.0.2.0"), "the source IP: {body}");
    assert!(body.contains("09:14:40 UTC on 2026-11-23"), "when: {body}");

    let findings = account.findings().await;
    assert_eq!(findings.len(), 1, "{findings:?}");
    let sh = &findings[0];
    assert_eq!(
        sh.severity().and_then(|s| s.label()).map(|l| l.as_str()),
        Some("INFORMATIONAL")
    );
    assert!(sh
        .id()
        .is_some_and(|id| id.contains(&format!("AWS::::Account:{ACCOUNT}/event/"))));

    // EventBridge delivers at least once: the same event again says nothing.
    let again = handle(&service, &signin).await;
    assert!(again
        .findings
        .iter()
        .all(|f| f.transition == Transition::Unchanged));
    assert!(account.alerts().await.is_empty());

    // The root user signs in (with MFA: still root use), then makes a call Vigil does not
    // evaluate for its resource: one alert each, naming the root user.
    for (path, what) in [
        (
            "signin/root-console-login.json",
            "signed in to the AWS console",
        ),
        ("signin/root-api-call.json", "acted"),
    ] {
        let report = handle(&service, &event(path)).await;
        assert_eq!(
            finding(&report, "root-user-activity").status,
            Status::Failed,
            "{path}"
        );
        assert_eq!(
            finding(&report, "console-sign-in-without-mfa").status,
            Status::NotApplicable,
            "one alert, not two: {path}"
        );
        let alerts = account.alerts().await;
        assert_eq!(alerts.len(), 1, "{path}: {alerts:?}");
        let body = &alerts[0].1;
        assert!(
            body.contains("the account's root user (MFA)") && body.contains(what),
            "{path}: {body}"
        );
        assert!(body.contains("192.0.2.10"), "{path}: {body}");
    }
    assert_eq!(account.findings().await.len(), 3);

    // Another call of the same root console session (same temporary access key): still root
    // use, but the session has alerted already, so nothing more is said.
    let mut later = event("signin/root-api-call.json");
    later["id"] = serde_json::json!("root-session-second-call");
    later["detail"]["eventID"] = serde_json::json!("root-session-second-call");
    later["detail"]["eventName"] = serde_json::json!("ListBuckets");
    later["detail"]["eventTime"] = serde_json::json!("2026-11-23T10:30:00Z");
    let report = handle(&service, &later).await;
    assert_eq!(
        finding(&report, "root-user-activity").status,
        Status::Failed
    );
    assert!(
        account.alerts().await.is_empty(),
        "one alert per root session"
    );

    // The root user, in a new session, weakens the password policy: a call Vigil evaluates for
    // its resource (the account, described again in moto) is root use all the same: IAM.7's
    // alert and one root-use alert, each naming the root user.
    aws_sdk_iam::Client::new(&account.sdk)
        .update_account_password_policy()
        .minimum_password_length(6)
        .send()
        .await
        .expect("weak policy");
    let mut call = event("cloudtrail/iam/update-account-password-policy-weak.json");
    call["detail"]["userIdentity"] =
        event("signin/root-api-call.json")["detail"]["userIdentity"].clone();
    call["detail"]["userIdentity"]["accessKeyId"] = serde_json::json!("ASIAIOSFODNN7NEWSESS");
    let report = handle(&service, &call).await;
    assert_eq!(
        finding(&report, "iam-password-policy-strong").status,
        Status::Failed,
        "{report:?}"
    );
    let root = report.root_use.as_deref().expect("the root use beside it");
    assert_eq!(finding(root, "root-user-activity").status, Status::Failed);
    let alerts = account.alerts().await;
    let root_alerts: Vec<_> = alerts
        .iter()
        .filter(|(_, body)| body.contains("(root-user-activity "))
        .collect();
    assert!(
        alerts
            .iter()
            .any(|(_, body)| body.contains("(iam-password-policy-strong;")
                && body.contains("Changed by the account's root user")),
        "IAM.7's alert names the root user: {alerts:?}"
    );
    assert_eq!(root_alerts.len(), 1, "{alerts:?}");
    assert!(
        root_alerts[0].1.contains("UpdateAccountPasswordPolicy"),
        "{root_alerts:?}"
    );
    // Redelivered: nothing more.
    let again = handle(&service, &call).await;
    assert!(again.root_use.is_some());
    assert!(account.alerts().await.is_empty());
}

/// The sample failed sign-in, as the `n`th attempt: its own event id, `minute` minutes after
/// 09:20, tried as `user` from `ip`.
fn failure(n: usize, minute: u32, user: &str, ip: &str) -> Value {
    let mut e = event("signin/console-login-failure.json");
    e["id"] = Value::from(format!("eb-{n}"));
    let d = &mut e["detail"];
    d["eventID"] = Value::from(format!("failure-{n}"));
    d["eventTime"] = Value::from(format!("2026-11-23T09:{:02}:02Z", 20 + minute));
    d["userIdentity"]["userName"] = Value::from(user);
    d["sourceIPAddress"] = Value::from(ip);
    e
}

#[tokio::test]
async fn a_burst_of_failed_sign_ins_alerts_once_through_the_subscription_and_is_counted_in_dynamodb(
) {
    let account = Account::new().await;
    let service = service(&account);
    // Four failures (the default threshold is 5 within 15 minutes): counted, nothing said.
    let users = ["Anaya", "HIDDEN_DUE_TO_SECURITY_REASONS", "Anaya", "Anaya"];
    for (n, user) in users.into_iter().enumerate() {
        let report = handle(&service, &failure(n, n as u32, user, "203.0.113.45")).await;
        let skipped = report.skipped.as_deref().unwrap_or_default();
        assert!(
            skipped.contains(&format!("counted: {} of 5", n + 1)),
            "{report:?}"
        );
    }
    assert!(account.alerts().await.is_empty());
    assert!(account.findings().await.is_empty());
    // The counter is one item with its revision and a TTL a window past the window's end.
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let item = ddb
        .get_item()
        .table_name(&account.table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("SIGNIN#{ACCOUNT}")),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S("COUNTER".into()),
        )
        .send()
        .await
        .expect("GetItem")
        .item
        .expect("the counter is stored");
    let number = |k: &str| item[k].as_n().expect(k).parse::<i64>().expect(k);
    assert_eq!(number("revision"), 4);
    let window_start = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:20:02Z")
        .expect("time")
        .timestamp();
    assert_eq!(number("expires_at"), window_start + 30 * 60);

    // A redelivery of the first counts nothing.
    let again = handle(&service, &failure(0, 0, "Anaya", "203.0.113.45")).await;
    assert!(again.skipped.is_some_and(|s| s.contains("already counted")));

    // The fifth, from another address, crosses the threshold: one alert, one finding.
    let report = handle(&service, &failure(4, 6, "Anaya", "198.51.100.7")).await;
    let f = finding(&report, "console-sign-in-failures");
    assert_eq!(f.status, Status::Failed);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let body = &alerts[0].1;
    for part in [
        "5 failed console sign-ins since 2026-11-23T09:20:02Z",
        "Anaya (4)",
        "HIDDEN_DUE_TO_SECURITY_REASONS (1)",
        "203.0.113.45 (4)",
        "198.51.100.7 (1)",
    ] {
        assert!(body.contains(part), "{part}: {body}");
    }
    let findings = account.findings().await;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0]
            .severity()
            .and_then(|s| s.label())
            .map(|l| l.as_str()),
        Some("INFORMATIONAL")
    );

    // More failures within the same window: counted, no second alert.
    for n in 5..8 {
        let report = handle(&service, &failure(n, 7, "Anaya", "203.0.113.45")).await;
        assert!(report.skipped.is_some(), "{report:?}");
    }
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn an_activity_state_item_expires_by_the_tables_ttl_and_its_history_is_kept() {
    let account = Account::new().await;
    let service = service(&account);
    let before = chrono::Utc::now().timestamp();
    handle(&service, &event("signin/console-login-without-mfa.json")).await;
    let items = account.items().await;
    let n = |item: &std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>| {
        item.get("expires_at")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<i64>().ok())
    };
    let state = items
        .iter()
        .find(|i| i.get("sk").and_then(|v| v.as_s().ok()).map(String::as_str) == Some("STATE"))
        .expect("the activity's state item");
    let expires = n(state).expect("the state item has the table's TTL attribute");
    let days = vigil_aws::store::ACTIVITY_STATE_RETENTION_DAYS;
    assert!(
        expires >= before + days * 86_400
            && expires <= chrono::Utc::now().timestamp() + days * 86_400,
        "expires_at {expires}"
    );
    // The evidence (history) keeps its own, longer retention.
    let history = items
        .iter()
        .find(|i| {
            i.get("sk")
                .and_then(|v| v.as_s().ok())
                .is_some_and(|s| s.starts_with("HIST#"))
        })
        .expect("a history item");
    assert!(n(history).expect("history TTL") > expires);
}
