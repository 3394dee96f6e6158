//! The CloudTrail calls of every service end to end against moto_server: a call whose response
//! describes its resource is evaluated from it, and its finding (in `ProductFields`) and its
//! alert say who made the change; a call whose kind the shell cannot describe yet is not
//! evaluated and stores nothing; a delete archives the findings.

use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

#[tokio::test]
async fn each_describing_call_is_judged_with_its_actor_in_the_finding_and_the_alert() {
    for (path, rule, who) in [
        (
            "cloudtrail/rds/modify-db-snapshot-attribute-public.json",
            "rds-snapshot-public",
            "IAM user bob (MFA)",
        ),
        (
            "cloudtrail/rds/create-db-cluster-unencrypted.json",
            "rds-cluster-storage-encrypted",
            "alice@example.com (role DevOps, no MFA)",
        ),
        (
            "cloudtrail/rds/create-event-subscription-failure-only.json",
            "rds-instance-event-notifications",
            "alice@example.com (role DevOps, no MFA)",
        ),
        (
            "cloudtrail/kms/schedule-key-deletion.json",
            "kms-key-not-pending-deletion",
            "IAM user bob (MFA)",
        ),
        (
            "cloudtrail/iam/create-role-trust-public.json",
            "iam-role-trust-not-public",
            "carol@example.com (IAM Identity Center, permission set AdministratorAccess)",
        ),
        (
            "cloudtrail/dynamodb/create-table.json",
            "dynamodb-table-deletion-protection",
            "AWSCloudFormation (role cfn-deploy, no MFA, through cloudformation.amazonaws.com)",
        ),
        (
            "cloudtrail/lambda/create-function-deprecated-runtime.json",
            "lambda-supported-runtime",
            "alice@example.com (role DevOps, no MFA)",
        ),
        (
            "cloudtrail/apigateway/create-stage-v2-no-logging.json",
            "apigatewayv2-stage-access-logging",
            "alice@example.com (role DevOps, no MFA)",
        ),
    ] {
        let account = Account::new().await;
        let report = account
            .service()
            .handle(&event(path), now())
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(finding(&report, rule).status, Status::Failed, "{path}");
        let findings = account.findings().await;
        let imported = findings
            .iter()
            .find(|f| f.generator_id() == Some(&format!("vigil/{rule}")))
            .unwrap_or_else(|| panic!("{path}: no {rule} finding in {findings:?}"));
        let fields = imported.product_fields().expect("product fields");
        assert_eq!(fields["vigil/Actor"], who, "{path}");
        assert!(fields.contains_key("vigil/SourceIp"), "{path}");
        let alerts = account.alerts().await;
        assert!(
            alerts.iter().any(|(_, body)| body.starts_with(who)),
            "{path}: no alert naming {who}: {alerts:?}"
        );
    }
}

#[test]
fn a_method_call_on_an_api_that_is_gone_has_it_described_and_observed_deleted() {
    // PutMethod names the REST API (a `Names` call): GetRestApi describes it, and moto has no
    // API of the sample's id, so it is observed deleted and nothing is found or alerted.
    crate::big_stack(|| async {
        let account = Account::new().await;
        let report = Box::pin(account.service().handle(
            &event("cloudtrail/apigateway/put-method-no-authorization.json"),
            now(),
        ))
        .await
        .expect("handled, not failed into the dead-letter queue");
        assert!(report.skipped.is_none(), "{report:?}");
        assert!(report.deleted, "{report:?}");
        assert!(account.findings().await.is_empty());
        assert!(account.alerts().await.is_empty());
    });
}

#[tokio::test]
async fn a_delete_call_archives_what_the_create_call_found() {
    let account = Account::new().await;
    let service = account.service();
    service
        .handle(
            &event("cloudtrail/rds/create-db-cluster-unencrypted.json"),
            now(),
        )
        .await
        .unwrap();
    assert!(!account.findings().await.is_empty());
    let report = service
        .handle(&event("cloudtrail/rds/delete-db-cluster.json"), now())
        .await
        .unwrap();
    assert!(report.deleted);
    let findings = account.findings().await;
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
    let alerts = account.alerts().await;
    let deleted = alerts
        .iter()
        .find(|(s, _)| s.starts_with("[DELETED]"))
        .expect("a deletion alert");
    assert!(
        deleted
            .1
            .contains("Changed by alice@example.com (role DevOps, no MFA)"),
        "{}",
        deleted.1
    );
}

/// The describe adapter of `AWS::RDS::EventSubscription` (`DescribeEventSubscriptions` by name)
/// reads moto's subscription into the Config shape, and a missing one is "no such resource".
#[tokio::test]
async fn an_event_subscription_is_described_by_name_and_a_missing_one_is_none() {
    let account = Account::new().await;
    let rds = aws_sdk_rds::Client::new(&account.sdk);
    rds.create_event_subscription()
        .subscription_name("db-alerts")
        .sns_topic_arn("arn:aws:sns:eu-west-2:123456789012:db-alerts")
        .source_type("db-cluster")
        .event_categories("failure")
        .event_categories("maintenance")
        .enabled(true)
        .send()
        .await
        .expect("create event subscription in moto");
    let described = vigil_aws::list::rds::event_subscription(&rds, "db-alerts")
        .await
        .expect("described")
        .expect("found");
    assert_eq!(described.id, "db-alerts");
    assert!(
        described.arn.ends_with(":es:db-alerts"),
        "{}",
        described.arn
    );
    assert_eq!(described.configuration["sourceType"], "db-cluster");
    assert_eq!(
        described.configuration["eventCategoriesList"],
        serde_json::json!(["failure", "maintenance"])
    );
    assert_eq!(described.configuration["enabled"], true);
    assert!(
        vigil_aws::list::rds::event_subscription(&rds, "no-such-subscription")
            .await
            .expect("a missing subscription is not an error")
            .is_none()
    );
}
