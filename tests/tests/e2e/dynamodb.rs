//! DynamoDB resource-based policies end to end against moto_server: the
//! `dynamodb.resource-policy` lookup answered by the resolver's `GetResourcePolicy` (the policy's
//! text, `null` for a table without one, no answer for a table that does not exist), and the
//! evaluate service failing `dynamodb-table-resource-policy-not-public` for a public table; and
//! DynamoDB.1 for a provisioned table, from the `applicationautoscaling.dynamodb-table` lookup
//! answered by Application Auto Scaling's `DescribeScalableTargets` (moto supports
//! `RegisterScalableTarget` and `DescribeScalableTargets` for the `dynamodb` namespace).

use aws_sdk_dynamodb::types::{AttributeDefinition, BillingMode, KeySchemaElement, KeyType};
use serde_json::json;
use vigil_core::lookups::dynamodb::{ResourcePolicy, ScalableTarget, ScalableTargets};
use vigil_core::lookups::LookupAnswer;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

const RULE: &str = "dynamodb-table-resource-policy-not-public";

pub(crate) async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) -> String {
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(aws_sdk_dynamodb::types::ScalarAttributeType::S)
                .build()
                .expect("attribute"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        )
        .send()
        .await
        .expect("create table in moto")
        .table_description
        .and_then(|t| t.table_arn)
        .expect("table ARN")
}

pub(crate) async fn make_public(ddb: &aws_sdk_dynamodb::Client, arn: &str) {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow",
        "Principal": "*", "Action": "dynamodb:GetItem", "Resource": arn}]});
    ddb.put_resource_policy()
        .resource_arn(arn)
        .policy(policy.to_string())
        .send()
        .await
        .expect("put resource policy in moto");
}

async fn create_provisioned_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(
            aws_sdk_dynamodb::types::ProvisionedThroughput::builder()
                .read_capacity_units(5)
                .write_capacity_units(5)
                .build()
                .expect("throughput"),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(aws_sdk_dynamodb::types::ScalarAttributeType::S)
                .build()
                .expect("attribute"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        )
        .send()
        .await
        .expect("create provisioned table in moto");
}

async fn register(
    aas: &aws_sdk_applicationautoscaling::Client,
    resource_id: &str,
    dimension: aws_sdk_applicationautoscaling::types::ScalableDimension,
) {
    aas.register_scalable_target()
        .service_namespace(aws_sdk_applicationautoscaling::types::ServiceNamespace::Dynamodb)
        .resource_id(resource_id)
        .scalable_dimension(dimension)
        .min_capacity(5)
        .max_capacity(100)
        .send()
        .await
        .expect("register scalable target in moto");
}

#[tokio::test]
async fn the_resolver_answers_the_resource_policy_lookup() {
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let public = create_table(&ddb, "customers").await;
    make_public(&ddb, &public).await;
    let private = create_table(&ddb, "invoices").await;
    let missing = format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/no-such-table");
    let keys = [&public, &private, &missing]
        .into_iter()
        .map(|arn| ResourcePolicy::key(arn.clone()).untyped())
        .collect();
    let answers = account.resolver().lookups(&account.scope(), &keys).await;
    let policy = answers
        .get(&ResourcePolicy::key(public.clone()))
        .expect("public table answered");
    let text = policy.policy.clone().flatten().expect("policy text");
    let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(document["Statement"][0]["Principal"], "*");
    assert_eq!(
        answers
            .get(&ResourcePolicy::key(private))
            .expect("private table answered")
            .policy,
        Some(None)
    );
    // Moto answers PolicyNotFoundException for a table that does not exist too, as it does for
    // a table without a policy; either way the answer is "no policy" or no answer, never a pass
    // made up from an error.
    if let Ok(answer) = answers.get(&ResourcePolicy::key(missing)) {
        assert_eq!(answer.policy, Some(None), "{answer:?}");
    }
}

#[tokio::test]
async fn a_public_table_fails_through_the_service() {
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let arn = create_table(&ddb, "customers").await;
    make_public(&ddb, &arn).await;
    let mut e = event("config/dynamodb/table-insecure.json");
    e["detail"]["configurationItem"]["configuration"]["tableArn"] = json!(arn);
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let verdict = finding(&report, RULE);
    assert_eq!(verdict.status, Status::Failed, "{}", verdict.reason);
    assert!(
        verdict
            .reason
            .contains("statement \"Everyone\" allows anyone"),
        "{}",
        verdict.reason
    );
}

#[tokio::test]
async fn the_resolver_answers_the_scalable_targets_lookup() {
    use aws_sdk_applicationautoscaling::types::ScalableDimension;
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let aas = aws_sdk_applicationautoscaling::Client::new(&account.sdk);
    create_provisioned_table(&ddb, "orders").await;
    create_provisioned_table(&ddb, "invoices").await;
    register(
        &aas,
        "table/orders",
        ScalableDimension::DynamoDbTableReadCapacityUnits,
    )
    .await;
    register(
        &aas,
        "table/invoices",
        ScalableDimension::DynamoDbTableWriteCapacityUnits,
    )
    .await;
    let keys = ["table/orders", "table/customers"]
        .into_iter()
        .map(|id| ScalableTargets::key(id).untyped())
        .collect();
    let answers = account.resolver().lookups(&account.scope(), &keys).await;
    let orders = answers
        .get(&ScalableTargets::key("table/orders"))
        .expect("orders answered");
    assert_eq!(
        orders.scalable_targets,
        Some(vec![ScalableTarget {
            scalable_dimension: Some("dynamodb:table:ReadCapacityUnits".into()),
            min_capacity: Some(5),
            max_capacity: Some(100),
        }])
    );
    let none = answers
        .get(&ScalableTargets::key("table/customers"))
        .expect("a table without targets is answered");
    assert_eq!(none.scalable_targets, Some(vec![]));
}

#[tokio::test]
async fn a_provisioned_table_fails_dynamodb_1_until_reads_and_writes_scale() {
    use aws_sdk_applicationautoscaling::types::ScalableDimension;
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let aas = aws_sdk_applicationautoscaling::Client::new(&account.sdk);
    create_provisioned_table(&ddb, "customers").await;
    register(
        &aas,
        "table/customers",
        ScalableDimension::DynamoDbTableReadCapacityUnits,
    )
    .await;
    let verdict = |report: &vigil_core::Report| {
        report
            .findings
            .iter()
            .find(|f| f.rule == "dynamodb-table-autoscaling")
            .map(|f| (f.status, f.reason.clone()))
            .unwrap_or_else(|| panic!("no DynamoDB.1 verdict: {report:?}"))
    };
    let mut e = event("config/dynamodb/table-insecure.json");
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let (status, reason) = verdict(&report);
    assert_eq!(status, Status::Failed, "{reason}");
    assert!(reason.contains("write capacity of the table"), "{reason}");
    register(
        &aas,
        "table/customers",
        ScalableDimension::DynamoDbTableWriteCapacityUnits,
    )
    .await;
    e["id"] = json!("after-write-scaling");
    e["detail"]["configurationItem"]["configurationItemCaptureTime"] =
        json!("2025-03-14T11:40:00.000Z");
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let (status, reason) = verdict(&report);
    assert_eq!(status, Status::Passed, "{reason}");
}
