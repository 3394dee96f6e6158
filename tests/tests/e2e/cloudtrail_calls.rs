//! The CloudTrail calls of every service end to end against moto_server: a call whose response
//! describes its resource is evaluated from it, and its finding (in `ProductFields`) and its
//! alert say who made the change; AWS Config's later item for the same state does not alert
//! again; a delete archives the findings. Which test covers which kind: the table at the top of
//! `describers.rs`.

use crate::describers::{
    archived_by, config_capture_time, config_item_of, confirmed_by, failed_with_actor, later_call,
};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;
use vigil_e2e::{event, Account};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The resource as the call's response describes it, as AWS Config's item for the same change
/// carries it: the call row's wrapper unwrapped, its unrecorded members left out, and its
/// supplement member moved to the supplementary configuration (the kinds' calls and Config
/// items share one JSON shape, which is why one parser reads both).
fn described_by_response(call: &Value, resource: &ResourceRef) -> (Value, Value) {
    let d = &call["detail"];
    let spec = vigil_core::kinds::calls_named(
        d["eventSource"].as_str().unwrap(),
        d["eventName"].as_str().unwrap(),
    )
    .find(|s| s.kind.type_name == resource.resource_type.as_str())
    .expect("the call's row");
    let response = &d["responseElements"];
    // Without the wrapper member, the response is the resource itself (the kind's naming).
    let mut configuration = match spec.call.naming.wrapper.and_then(|w| response.get(w)) {
        Some(wrapped) => wrapped.clone(),
        None => response.clone(),
    };
    let mut supplementary = json!({});
    if let Some(members) = configuration.as_object_mut() {
        for m in spec.call.unrecorded {
            members.remove(*m);
        }
        if let Some(s) = spec.call.supplement {
            if let Some(v) = members.remove(s.member) {
                supplementary[s.key] = v;
            }
        }
    }
    (configuration, supplementary)
}

/// The kinds judged from their call's response (the describers' kinds are in `describers.rs`):
/// for each, the finding and the alert name the actor; AWS Config's later item for the same
/// state (built from the response: it is the same configuration) is applied without a second
/// alert; the kind's delete call archives the findings (KMS has no delete call: a key scheduled
/// for deletion is deleted by KMS itself).
#[test]
fn each_describing_call_is_judged_with_its_actor_confirmed_by_config_and_archived_by_its_delete() {
    crate::big_stack(|| async {
        let alice = "alice@example.com (role DevOps, no MFA)";
        let delete_sample = |path: &str| Some(event(path));
        let rows: Vec<(&str, &str, &str, Option<Value>)> = vec![
            (
                "cloudtrail/rds/modify-db-snapshot-attribute-public.json",
                "rds-snapshot-public",
                "IAM user bob (MFA)",
                Some(later_call(
                    "cloudtrail/rds/modify-db-snapshot-attribute-public.json",
                    "DeleteDBSnapshot",
                    json!({"dBSnapshotIdentifier": "orders-db-before-migration"}),
                    Value::Null,
                )),
            ),
            (
                "cloudtrail/rds/create-db-cluster-unencrypted.json",
                "rds-cluster-storage-encrypted",
                alice,
                delete_sample("cloudtrail/rds/delete-db-cluster.json"),
            ),
            (
                "cloudtrail/rds/create-event-subscription-failure-only.json",
                "rds-instance-event-notifications",
                alice,
                delete_sample("cloudtrail/rds/delete-event-subscription.json"),
            ),
            (
                "cloudtrail/kms/schedule-key-deletion.json",
                "kms-key-not-pending-deletion",
                "IAM user bob (MFA)",
                None,
            ),
            (
                "cloudtrail/iam/create-role-trust-public.json",
                "iam-role-trust-not-public",
                "carol@example.com (IAM Identity Center, permission set AdministratorAccess)",
                Some(later_call(
                    "cloudtrail/iam/create-role-trust-public.json",
                    "DeleteRole",
                    json!({"roleName": "reports-export"}),
                    Value::Null,
                )),
            ),
            (
                "cloudtrail/dynamodb/create-table.json",
                "dynamodb-table-deletion-protection",
                "AWSCloudFormation (role cfn-deploy, no MFA, through cloudformation.amazonaws.com)",
                delete_sample("cloudtrail/dynamodb/delete-table.json"),
            ),
            (
                "cloudtrail/lambda/create-function-deprecated-runtime.json",
                "lambda-supported-runtime",
                alice,
                Some(later_call(
                    "cloudtrail/lambda/create-function-deprecated-runtime.json",
                    "DeleteFunction20150331",
                    json!({"functionName": "orders-export"}),
                    Value::Null,
                )),
            ),
            (
                "cloudtrail/apigateway/create-stage-v2-no-logging.json",
                "apigatewayv2-stage-access-logging",
                alice,
                Some(later_call(
                    "cloudtrail/apigateway/create-stage-v2-no-logging.json",
                    "DeleteStage",
                    json!({"apiId": "w1s2k3t4u5", "stageName": "prod"}),
                    Value::Null,
                )),
            ),
        ];
        for (path, rule, who, delete) in rows {
            let account = Account::new().await;
            let service = account.service();
            let call = event(path);
            let report = Box::pin(service.handle(&call, now()))
                .await
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            failed_with_actor(&account, &report, rule, who).await;

            let resource = report.resource.as_ref().expect("resource");
            let (configuration, supplementary) = described_by_response(&call, resource);
            let captured = config_capture_time(&account, resource).await;
            let item = config_item_of(resource, captured, configuration, supplementary, json!({}));
            confirmed_by(&account, &service, &report, &item).await;

            if let Some(delete) = delete {
                archived_by(&account, &service, &delete).await;
            }
        }
    });
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
