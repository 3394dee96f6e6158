//! Alerts people read, end to end: the message attributes Vigil sets on every alert, as SNS
//! delivers them, and subscription filter policies over them (moto_server applies an SQS
//! subscription's `FilterPolicy` to message attributes, as SNS does).

use serde_json::{json, Value};
use vigil_e2e::{event, Account, ACCOUNT, REGION};

/// A queue subscribed to the account's topic with `filter` as its filter policy; its URL.
async fn filtered_queue(account: &Account, name: &str, filter: &Value) -> String {
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let url = sqs
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    aws_sdk_sns::Client::new(&account.sdk)
        .subscribe()
        .topic_arn(&account.topic_arn)
        .protocol("sqs")
        .endpoint(format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"))
        .attributes("FilterPolicy", filter.to_string())
        .send()
        .await
        .expect("subscribe with a filter policy");
    url
}

/// Every SNS envelope in the queue (drains it).
async fn envelopes(account: &Account, url: &str) -> Vec<Value> {
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let mut out = Vec::new();
    loop {
        let got = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .send()
            .await
            .expect("receive");
        if got.messages().is_empty() {
            return out;
        }
        for m in got.messages() {
            out.push(serde_json::from_str(m.body().unwrap_or("{}")).expect("SNS envelope"));
            sqs.delete_message()
                .queue_url(url)
                .receipt_handle(m.receipt_handle().unwrap_or_default())
                .send()
                .await
                .expect("delete");
        }
    }
}

fn attribute<'a>(envelope: &'a Value, name: &str) -> Option<&'a str> {
    envelope["MessageAttributes"][name]["Value"].as_str()
}

#[tokio::test]
async fn alerts_carry_attributes_that_subscription_filters_select_on() {
    let account = Account::new().await;
    let critical = filtered_queue(
        &account,
        "critical-rds2",
        &json!({"severity": ["CRITICAL"], "control": ["RDS.2"], "region": [REGION], "transition": ["failing"]}),
    )
    .await;
    let low = filtered_queue(&account, "low-only", &json!({"severity": ["LOW"]})).await;
    let resolved = filtered_queue(
        &account,
        "resolved-only",
        &json!({"transition": ["resolved"], "kind": ["AWS::RDS::DBInstance"]}),
    )
    .await;

    let mut e = event("config/rds/db-instance-insecure.json");
    account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");

    // The unfiltered subscription gets every alert, each with all seven attributes.
    let all = envelopes(&account, &account.queue_url).await;
    assert!(all.len() > 1, "{all:#?}");
    for envelope in &all {
        for name in vigil_core::message::ATTRIBUTES {
            let value = attribute(envelope, name);
            assert!(value.is_some_and(|v| !v.is_empty()), "{name} in {envelope}");
            assert_eq!(
                envelope["MessageAttributes"][name]["Type"].as_str(),
                Some("String")
            );
        }
        assert_eq!(attribute(envelope, "account"), Some(ACCOUNT));
        assert_eq!(attribute(envelope, "region"), Some(REGION));
        assert_eq!(attribute(envelope, "kind"), Some("AWS::RDS::DBInstance"));
        assert_eq!(attribute(envelope, "transition"), Some("failing"));
    }

    // The filtered one gets exactly the public-access alert.
    let got = envelopes(&account, &critical).await;
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        got[0]["Subject"].as_str(),
        Some("[CRITICAL] RDS database orders-db is publicly accessible")
    );
    assert_eq!(
        attribute(&got[0], "rule"),
        Some("rds-instance-public-access")
    );
    // No failure of orders-db is LOW, and nothing was resolved yet.
    let none = envelopes(&account, &low).await;
    assert!(
        none.iter().all(|e| attribute(e, "severity") == Some("LOW")),
        "{none:#?}"
    );
    assert!(envelopes(&account, &resolved).await.is_empty());

    // Making it private resolves RDS.2: only the resolved subscription and the inbox hear it.
    e["detail"]["configurationItem"]["configuration"]["publiclyAccessible"] = json!(false);
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] =
        json!(chrono::Utc::now().to_rfc3339());
    e["id"] = json!("evt-private");
    account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let got = envelopes(&account, &resolved).await;
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        got[0]["Subject"].as_str(),
        Some("[RESOLVED] RDS database orders-db is not publicly accessible")
    );
    // The fix is CRITICAL and RDS.2 too, but that subscription takes failures only.
    assert!(envelopes(&account, &critical).await.is_empty());
}

/// The service over `account` with `settings`.
fn service_with(
    account: &Account,
    topic_arn: &str,
    settings: vigil_core::Settings,
) -> vigil_aws::EvaluateService {
    vigil_aws::EvaluateService::new(
        &account.sdk,
        vigil_aws::ServiceConfig {
            table: account.table.clone(),
            topic_arn: topic_arn.to_string(),
            settings,
        },
    )
}

/// The alerts held for the digest in the table.
async fn held_items(account: &Account) -> usize {
    account
        .items()
        .await
        .iter()
        .filter(|i| {
            i["pk"].as_s().map(String::as_str) == Ok("DIGEST")
                && i["sk"].as_s().is_ok_and(|s| s.starts_with("HELD#"))
        })
        .count()
}

/// The insecure orders-db made private, encrypted, backed up and protected (fixes every rule it
/// failed).
fn fixed(mut e: Value, captured_at: &str) -> Value {
    let c = &mut e["detail"]["configurationItem"]["configuration"];
    c["publiclyAccessible"] = json!(false);
    c["storageEncrypted"] = json!(true);
    c["kmsKeyId"] =
        json!("arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    c["backupRetentionPeriod"] = json!(7);
    c["deletionProtection"] = json!(true);
    c["multiAZ"] = json!(true);
    c["monitoringInterval"] = json!(60);
    c["enabledCloudwatchLogsExports"] = json!(["postgresql", "upgrade"]);
    c["iAMDatabaseAuthenticationEnabled"] = json!(true);
    c["endpoint"]["port"] = json!(5433);
    c["autoMinorVersionUpgrade"] = json!(true);
    c["copyTagsToSnapshot"] = json!(true);
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] = json!(captured_at);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

#[tokio::test]
async fn the_digest_holds_low_and_medium_and_sends_them_in_one_message() {
    use vigil_core::vocabulary::Severity;
    let account = Account::new().await;
    let settings = vigil_core::Settings {
        digest: true,
        ..vigil_core::Settings::default()
    };
    let service = service_with(&account, &account.topic_arn, settings.clone());
    let mut insecure = event("config/rds/db-instance-insecure.json");
    // Without its ARN, RDS.26 (which needs an AWS Backup selection moto cannot create) stays
    // undetermined, so "everything fixed" below is reachable from the item alone.
    if let Some(c) = insecure["detail"]["configurationItem"]["configuration"].as_object_mut() {
        c.remove("dBInstanceArn");
    }
    let report = service
        .handle(&insecure, chrono::Utc::now())
        .await
        .expect("handled");
    let failing: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == vigil_core::Status::Failed)
        .collect();
    let urgent = failing
        .iter()
        .filter(|f| f.severity >= Severity::High)
        .count();
    let held = failing.len() - urgent;
    assert!(urgent > 0 && held > 0, "{failing:#?}");

    // HIGH and CRITICAL at once; LOW and MEDIUM held in the table.
    let now = account.alerts().await;
    assert_eq!(now.len(), urgent, "{now:#?}");
    assert!(
        now.iter()
            .all(|(s, _)| s.starts_with("[HIGH]") || s.starts_with("[CRITICAL]")),
        "{now:#?}"
    );
    assert_eq!(held_items(&account).await, held);
    // The same event again (a retry) holds nothing twice.
    service
        .handle(&insecure, chrono::Utc::now())
        .await
        .expect("handled");
    assert_eq!(held_items(&account).await, held);

    // Everything is fixed before the digest: the HIGH/CRITICAL fixes go out at once, the LOW and
    // MEDIUM ones are held beside their failures.
    let later = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    service
        .handle(&fixed(insecure.clone(), &later), chrono::Utc::now())
        .await
        .expect("handled");
    let resolved_now = account.alerts().await;
    assert!(
        resolved_now
            .iter()
            .all(|(s, _)| s.starts_with("[RESOLVED]")),
        "{resolved_now:#?}"
    );
    let pending = held_items(&account).await;
    assert!(pending > held, "the fixes are held too: {pending}");

    // SNS fails: the digest is not sent and nothing held is lost.
    let broken = service_with(
        &account,
        &format!("arn:aws:sns:{REGION}:{ACCOUNT}:no-such-topic"),
        settings.clone(),
    );
    assert!(broken.send_digest(chrono::Utc::now()).await.is_err());
    assert_eq!(held_items(&account).await, pending);

    // The schedule's run: ONE message, every held item in it and removed.
    let sent = service
        .send_digest(chrono::Utc::now())
        .await
        .expect("digest sent");
    assert_eq!(sent.alerts, pending);
    assert_eq!(sent.released, pending);
    let digest = account.alerts().await;
    assert_eq!(digest.len(), 1, "{digest:#?}");
    let (subject, body) = &digest[0];
    assert!(
        subject.starts_with(&format!(
            "[DIGEST] {held} LOW/MEDIUM change(s): 0 failing, {held} fixed"
        )),
        "{subject}"
    );
    assert!(body.contains("and was fixed at"), "{body}");
    assert!(!body.contains("\nSTILL FAILING\n"), "{body}");
    assert_eq!(held_items(&account).await, 0);

    // Nothing held: no message.
    let sent = service
        .send_digest(chrono::Utc::now())
        .await
        .expect("digest run");
    assert_eq!(sent.alerts, 0);
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn with_security_hubs_fsbp_on_fsbp_controls_alert_but_are_not_imported() {
    let account = Account::new().await;
    let settings = vigil_core::Settings {
        security_hub_fsbp_enabled: true,
        ..vigil_core::Settings::default()
    };
    let service = service_with(&account, &account.topic_arn, settings);
    let report = service
        .handle(
            &event("config/rds/db-instance-insecure.json"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let failing: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == vigil_core::Status::Failed)
        .collect();
    let fsbp = |controls: &[String]| controls.iter().any(|c| vigil_core::standards::is_fsbp(c));
    let outside: Vec<_> = failing.iter().filter(|f| !fsbp(&f.controls)).collect();
    assert!(failing.iter().any(|f| fsbp(&f.controls)));
    // Every failure is alerted ...
    assert_eq!(account.alerts().await.len(), failing.len());
    // ... but Security Hub holds only the findings of rules outside FSBP.
    let findings = account.findings().await;
    assert_eq!(findings.len(), outside.len(), "{findings:#?}");
    for f in &findings {
        let rule = f
            .generator_id()
            .unwrap_or_default()
            .trim_start_matches("vigil/");
        assert!(
            outside.iter().any(|o| o.rule == rule),
            "{rule} was imported"
        );
    }
}
