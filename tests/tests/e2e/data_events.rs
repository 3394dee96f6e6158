//! Vigil's data-aware trail rule end to end against moto_server: a DynamoDB table whose tags
//! mark personal data (`DataClassification=personal`, the sample Config item
//! `config/dynamodb/table-insecure.json`) passes `dynamodb-table-data-events` only while a
//! logging trail of its Region records its read and write data events. The `cloudtrail.trails`
//! lookup is answered by the resolver from moto's `DescribeTrails` (with shadow trails),
//! `GetTrail`, `GetTrailStatus` and `GetEventSelectors`; moto stores and returns advanced event
//! selectors as `PutEventSelectors` gives them, and has `StopLogging`, so every step is real.
//!
//! Its RDS counterpart, `rds-instance-activity-logged`: a MySQL instance tagged as personal data
//! fails until it exports its audit log to CloudWatch Logs (moto has `EnableCloudwatchLogsExports`
//! and `CloudwatchLogsExportConfiguration`; it has no Database Activity Streams, so a started
//! stream is tested on literal answers in the core).

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector};
use serde_json::{json, Value};
use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

const RULE: &str = "dynamodb-table-data-events";

fn field(name: &str, equals: &[&str]) -> AdvancedFieldSelector {
    let mut f = AdvancedFieldSelector::builder().field(name);
    for v in equals {
        f = f.equals(*v);
    }
    f.build().expect("field selector")
}

fn management() -> AdvancedEventSelector {
    AdvancedEventSelector::builder()
        .name("Management events")
        .field_selectors(field("eventCategory", &["Management"]))
        .build()
        .expect("selector")
}

fn table_data(arn: &str, read_only: Option<&str>) -> AdvancedEventSelector {
    let mut s = AdvancedEventSelector::builder()
        .name("Customer table")
        .field_selectors(field("eventCategory", &["Data"]))
        .field_selectors(field("resources.type", &["AWS::DynamoDB::Table"]))
        .field_selectors(field("resources.ARN", &[arn]));
    if let Some(r) = read_only {
        s = s.field_selectors(field("readOnly", &[r]));
    }
    s.build().expect("selector")
}

/// The table's Config item, captured now (an item no newer than the stored one is not judged
/// again), through the evaluate service.
async fn judge(account: &Account, arn: &str) -> (Status, String) {
    let mut e = event("config/dynamodb/table-insecure.json");
    e["detail"]["configurationItem"]["configuration"]["tableArn"] = json!(arn);
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] =
        json!(chrono::Utc::now().to_rfc3339());
    judged(account, &e, RULE).await
}

/// The event handled now, and `rule`'s status and reason.
async fn judged(account: &Account, e: &Value, rule: &str) -> (Status, String) {
    let report = account
        .service()
        .handle(e, chrono::Utc::now())
        .await
        .expect("handled");
    let f = finding(&report, rule);
    (f.status, f.reason.clone())
}

#[tokio::test]
async fn a_personal_table_passes_only_while_a_logging_trail_records_its_reads_and_writes() {
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let arn = crate::dynamodb::create_table(&ddb, "customers").await;

    // No trail at all.
    let (status, reason) = judge(&account, &arn).await;
    assert_eq!(status, Status::Failed, "{reason}");
    assert!(reason.contains("reads or writes"), "{reason}");

    // A trail of management events only.
    let ct = crate::watching::create_trail(&account).await;
    let (status, reason) = judge(&account, &arn).await;
    assert_eq!(status, Status::Failed, "{reason}");

    // Data events for the table, reads and writes.
    let put = |selectors: Vec<AdvancedEventSelector>| {
        let ct = ct.clone();
        async move {
            ct.put_event_selectors()
                .trail_name(crate::watching::TRAIL)
                .set_advanced_event_selectors(Some(selectors))
                .send()
                .await
                .expect("put event selectors");
        }
    };
    put(vec![management(), table_data(&arn, None)]).await;
    let (status, reason) = judge(&account, &arn).await;
    assert_eq!(status, Status::Passed, "{reason}");
    assert!(reason.contains(crate::watching::TRAIL), "{reason}");

    // Writes only: nobody knows who read the customers' data.
    put(vec![management(), table_data(&arn, Some("false"))]).await;
    let (status, reason) = judge(&account, &arn).await;
    assert_eq!(status, Status::Failed, "{reason}");
    assert!(reason.contains("records its reads:"), "{reason}");

    // Reads and writes again, then the trail stopped: a stopped trail records nothing.
    put(vec![management(), table_data(&arn, None)]).await;
    assert_eq!(judge(&account, &arn).await.0, Status::Passed);
    ct.stop_logging()
        .name(crate::watching::TRAIL)
        .send()
        .await
        .expect("stop");
    let (status, reason) = judge(&account, &arn).await;
    assert_eq!(status, Status::Failed, "{reason}");
}

/// The oversized Config item of `billing-db`, captured now: the service describes the instance
/// (`DescribeDBInstances`) before judging it.
async fn judge_db(account: &Account, rule: &str) -> (Status, String) {
    let mut e = event("config/rds/db-instance-oversized.json");
    e["detail"]["configurationItemSummary"]["configurationItemCaptureTime"] =
        json!(chrono::Utc::now().to_rfc3339());
    judged(account, &e, rule).await
}

#[tokio::test]
async fn a_personal_mysql_database_passes_once_it_exports_its_audit_log() {
    use aws_sdk_rds::types::{CloudwatchLogsExportConfiguration, Tag};
    let account = Account::new().await;
    let rds = aws_sdk_rds::Client::new(&account.sdk);
    rds.create_db_instance()
        .db_instance_identifier("billing-db")
        .db_instance_class("db.t3.micro")
        .engine("mysql")
        .master_username("vigiladmin")
        .master_user_password("not-a-real-password-2")
        .allocated_storage(20)
        .enable_cloudwatch_logs_exports("error")
        .tags(Tag::builder().key("PersonalData").value("true").build())
        .send()
        .await
        .expect("create db instance in moto");
    let rule = "rds-instance-activity-logged";
    let (status, reason) = judge_db(&account, rule).await;
    assert_eq!(status, Status::Failed, "{reason}");
    assert!(reason.contains("PersonalData=true"), "{reason}");

    rds.modify_db_instance()
        .db_instance_identifier("billing-db")
        .cloudwatch_logs_export_configuration(
            CloudwatchLogsExportConfiguration::builder()
                .enable_log_types("audit")
                .build(),
        )
        .send()
        .await
        .expect("modify db instance in moto");
    let (status, reason) = judge_db(&account, rule).await;
    assert_eq!(status, Status::Passed, "{reason}");
}
