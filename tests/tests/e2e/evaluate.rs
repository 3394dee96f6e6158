//! The evaluate handler end to end against moto_server: DynamoDB state and history, Security
//! Hub findings, SNS alerts read through an SQS subscription.

use serde_json::{json, Value};
use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

/// The rules orders-db's insecure item fails: RDS.2, RDS.3, RDS.5, RDS.6, RDS.8, RDS.9, RDS.10,
/// RDS.11, RDS.23, RDS.26 (moto holds no AWS Backup plan) and RDS.36.
const FAILING: usize = 11;
/// The rules that reach a verdict on it: the failing ones, RDS.13, RDS.17, RDS.18, RDS.25 and
/// the engine standard-support rule (PostgreSQL 16) passing, and RDS.39 (MySQL), RDS.40 and
/// RDS.41 (SQL Server), RDS.42 and RDS.44 (MariaDB), the customer-managed-key rule (unencrypted)
/// data residency (no allowed regions) and database activity logging (unclassified) not
/// applicable. RDS.38 stays undetermined: moto has no
/// `default.postgres16` parameter group to look up (tests/tests/e2e/lookups.rs covers that rule).
const VERDICTS: usize = 24;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The rules `insecure_at` fails: [`FAILING`] but RDS.26, which no item can fix (it needs an AWS
/// Backup selection, and moto has no `CreateBackupSelection`).
const FIXABLE: usize = FAILING - 1;

/// The insecure orders-db item, captured at `captured_at`, without its `dBInstanceArn`: RDS.26
/// stays undetermined, so the lifecycle tests see only what the item itself can fix.
fn insecure_at(captured_at: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    if let Some(c) = e["detail"]["configurationItem"]["configuration"].as_object_mut() {
        c.remove("dBInstanceArn");
    }
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] = json!(captured_at);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

/// The same instance made private and encrypted, with 7 days of backups, deletion protection, a
/// Multi-AZ standby, Enhanced Monitoring, its logs exported, IAM authentication and a custom port.
fn fixed_at(captured_at: &str) -> Value {
    let mut e = insecure_at(captured_at);
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
    e
}

fn count_failed(findings: &[aws_sdk_securityhub::types::AwsSecurityFinding]) -> usize {
    findings
        .iter()
        .filter(|f| f.compliance().and_then(|c| c.status()).map(|s| s.as_str()) == Some("FAILED"))
        .count()
}

#[tokio::test]
async fn a_failing_database_is_stored_imported_and_alerted_once_per_failure() {
    let account = Account::new().await;
    let service = account.service();
    let report = service
        .handle(&event("config/rds/db-instance-insecure.json"), now())
        .await
        .expect("handled");
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.status == Status::Failed)
            .count(),
        FAILING
    );

    let items = account.items().await;
    let state: Vec<_> = items
        .iter()
        .filter(|i| i["sk"].as_s().unwrap() == "STATE")
        .collect();
    let history = items
        .iter()
        .filter(|i| i["sk"].as_s().unwrap().starts_with("HIST#"))
        .count();
    assert_eq!(state.len(), 1);
    assert_eq!(
        state[0]["arn"].as_s().unwrap(),
        "arn:aws:rds:eu-west-2:123456789012:db:orders-db"
    );
    assert_eq!(state[0]["account"].as_s().unwrap(), "123456789012");
    assert_eq!(state[0]["region"].as_s().unwrap(), "eu-west-2");
    assert_eq!(state[0]["failing"].as_n().unwrap(), &FAILING.to_string());
    assert_eq!(history, VERDICTS, "one history item per first verdict");
    let doc: Value = serde_json::from_str(state[0]["doc"].as_s().unwrap()).unwrap();
    assert!(
        doc.get("outbox").is_none(),
        "the outbox is cleared once delivered: {doc}"
    );

    let findings = account.findings().await;
    assert_eq!(count_failed(&findings), FAILING);
    let rds2 = findings
        .iter()
        .find(|f| f.generator_id() == Some("vigil/rds-instance-public-access"))
        .expect("RDS.2 finding");
    assert_eq!(
        rds2.id(),
        Some("vigil/123456789012/eu-west-2/rds-instance-public-access/arn:aws:rds:eu-west-2:123456789012:db:orders-db")
    );
    let reqs = rds2.compliance().unwrap().related_requirements();
    assert!(reqs.iter().any(|r| r.ends_with("/RDS.2")), "{reqs:?}");
    assert!(reqs.iter().any(|r| r.starts_with("UK GDPR")), "{reqs:?}");

    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), FAILING, "{alerts:?}");
    let public = alerts
        .iter()
        .find(|(subject, _)| subject == "[CRITICAL] RDS database orders-db is publicly accessible")
        .expect("the public-access alert");
    assert!(public.1.contains("\nHOW TO FIX\n"), "{}", public.1);
}

#[tokio::test]
async fn the_same_event_delivered_three_times_alerts_once() {
    let account = Account::new().await;
    let service = account.service();
    let e = event("config/rds/db-instance-insecure.json");
    for _ in 0..3 {
        service.handle(&e, now()).await.expect("handled");
    }
    assert_eq!(
        account.alerts().await.len(),
        FAILING,
        "one per failing rule, not per delivery"
    );
    let history = account
        .items()
        .await
        .iter()
        .filter(|i| i["sk"].as_s().unwrap().starts_with("HIST#"))
        .count();
    assert_eq!(history, VERDICTS);
}

#[tokio::test]
async fn an_older_event_arriving_late_changes_nothing() {
    let account = Account::new().await;
    let service = account.service();
    service
        .handle(&fixed_at("2026-11-23T10:00:00.000Z"), now())
        .await
        .unwrap();
    let report = service
        .handle(&insecure_at("2026-11-23T09:00:00.000Z"), now())
        .await
        .unwrap();
    assert!(report.stale.is_some(), "{report:?}");
    assert!(
        account.alerts().await.is_empty(),
        "a compliant first sight sends nothing, the late event neither"
    );
    let items = account.items().await;
    let state = items
        .iter()
        .find(|i| i["sk"].as_s().unwrap() == "STATE")
        .unwrap();
    assert_eq!(state["failing"].as_n().unwrap(), "0");
    assert_eq!(count_failed(&account.findings().await), 0);
}

#[tokio::test]
async fn a_fix_resolves_the_finding_and_says_so_once() {
    let account = Account::new().await;
    let service = account.service();
    service
        .handle(&insecure_at("2026-11-23T09:00:00.000Z"), now())
        .await
        .unwrap();
    assert_eq!(account.alerts().await.len(), FIXABLE);
    service
        .handle(&fixed_at("2026-11-23T10:00:00.000Z"), now())
        .await
        .unwrap();
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), FIXABLE, "{alerts:?}");
    assert!(
        alerts.iter().all(|(s, _)| s.starts_with("[RESOLVED]")),
        "{alerts:?}"
    );
    let findings = account.findings().await;
    assert_eq!(count_failed(&findings), 0);
    assert_eq!(
        findings.len(),
        FIXABLE,
        "the same four findings, updated in place"
    );
    assert!(findings
        .iter()
        .all(|f| f.compliance().and_then(|c| c.status()).map(|s| s.as_str()) == Some("PASSED")));
}

#[tokio::test]
async fn a_deleted_database_has_its_findings_archived() {
    let account = Account::new().await;
    let service = account.service();
    service
        .handle(&event("config/rds/db-instance-insecure.json"), now())
        .await
        .unwrap();
    account.alerts().await;
    let report = service
        .handle(&event("cloudtrail/rds/delete-db-instance.json"), now())
        .await
        .unwrap();
    assert!(report.deleted);
    let findings = account.findings().await;
    assert_eq!(findings.len(), FAILING);
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].0.starts_with("[DELETED]"));
    assert!(
        alerts[0]
            .1
            .contains("Changed by alice@example.com (role DevOps, no MFA) from 198.51.100.23"),
        "the actor is named: {}",
        alerts[0].1
    );
}

#[tokio::test]
async fn a_cloudtrail_call_without_a_description_is_described_through_rds() {
    let account = Account::new().await;
    let e = Box::pin(crate::describers::setup::db_instance(&account)).await;
    let service = account.service();
    let report = Box::pin(service.handle(&e, now())).await.unwrap();
    let public = finding(&report, "rds-instance-public-access");
    assert_eq!(public.status, Status::Failed);
    assert!(report.actor.is_some());
    let imported = account.findings().await;
    let imported = imported
        .iter()
        .find(|f| f.generator_id() == Some("vigil/rds-instance-public-access"))
        .expect("imported");
    assert_eq!(
        imported.product_fields().expect("product fields")["vigil/Actor"],
        crate::describers::ALICE
    );
    let alerts = account.alerts().await;
    let alert = alerts
        .iter()
        .find(|(s, _)| s.starts_with("[CRITICAL]"))
        .expect("alert");
    assert!(
        alert.1.starts_with(
            "alice@example.com (role DevOps, no MFA) changed RDS database `orders-db`"
        ),
        "{}",
        alert.1
    );
    assert!(!alert.1.contains("not-a-real-password-1"));

    // AWS Config's later item for the same instance alerts nothing; the delete call archives.
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;
    Box::pin(crate::describers::archived_by(
        &account,
        &service,
        &event("cloudtrail/rds/delete-db-instance.json"),
    ))
    .await;
}

#[tokio::test]
async fn an_oversized_config_item_is_fetched_before_evaluation() {
    let account = Account::new().await;
    aws_sdk_rds::Client::new(&account.sdk)
        .create_db_instance()
        .db_instance_identifier("billing-db")
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .master_username("vigiladmin")
        .master_user_password("not-a-real-password-2")
        .allocated_storage(20)
        .publicly_accessible(false)
        .storage_encrypted(true)
        .backup_retention_period(7)
        .deletion_protection(true)
        .send()
        .await
        .expect("create db instance in moto");
    // moto's Config history does not know RDS instances, so this exercises the describe
    // fallback; against AWS the item comes from GetResourceConfigHistory.
    let report = account
        .service()
        .handle(&event("config/rds/db-instance-oversized.json"), now())
        .await
        .expect("handled");
    for rule in [
        "rds-instance-storage-encrypted",
        "rds-instance-backups",
        "rds-instance-deletion-protection",
    ] {
        let finding = report.findings.iter().find(|f| f.rule == rule);
        assert_eq!(
            finding.map(|f| f.status),
            Some(Status::Passed),
            "{rule}: {report:?}"
        );
    }
    let public = finding(&report, "rds-instance-public-access");
    assert_eq!(public.status, Status::Passed);
}

#[tokio::test]
async fn alerts_that_fail_to_send_are_delivered_by_the_retry() {
    let account = Account::new().await;
    let e = event("config/rds/db-instance-insecure.json");
    let broken = account.service_with_topic("arn:aws:sns:eu-west-2:123456789012:no-such-topic");
    assert!(
        broken.handle(&e, now()).await.is_err(),
        "SNS failure fails the invocation"
    );
    assert!(account.alerts().await.is_empty());
    // EventBridge/Lambda retry the same event once SNS works again.
    let report = account
        .service()
        .handle(&e, now())
        .await
        .expect("retry handled");
    assert!(report.stale.is_some(), "the state was already committed");
    assert_eq!(account.alerts().await.len(), FAILING, "nothing lost");
    // And nothing is said twice afterwards.
    account.service().handle(&e, now()).await.unwrap();
    assert!(account.alerts().await.is_empty());
}

#[tokio::test]
async fn bad_input_is_an_error_and_writes_nothing() {
    let account = Account::new().await;
    let service = account.service();
    let mut e = event("config/rds/db-instance-insecure.json");
    e["detail"]["configurationItem"]["configuration"] = json!("{truncated");
    let err = service.handle(&e, now()).await.unwrap_err();
    assert!(err.to_string().contains("configuration"), "{err}");
    let no_detail = json!({"version": "0", "id": "x", "detail-type": "Config Configuration Item Change",
                           "source": "aws.config", "account": "123456789012", "time": "2026-11-23T09:00:00Z",
                           "region": "eu-west-2"});
    assert!(service.handle(&no_detail, now()).await.is_err());
    assert!(account.items().await.is_empty());
    assert!(account.findings().await.is_empty());
}

#[tokio::test]
async fn unsupported_and_ignored_events_are_skipped_without_writes() {
    let account = Account::new().await;
    let service = account.service();
    for path in [
        "config/s3/bucket-changed.json",
        "cloudtrail/rds/modify-db-instance-access-denied.json",
        "cloudtrail/rds/describe-db-instances-readonly.json",
    ] {
        let report = service.handle(&event(path), now()).await.unwrap();
        assert!(report.skipped.is_some(), "{path}: {report:?}");
    }
    assert!(account.items().await.is_empty());
}
