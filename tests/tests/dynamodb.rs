//! DynamoDB resource-based policies end to end against moto_server: the
//! `dynamodb.resource-policy` lookup answered by the fetcher's `GetResourcePolicy` (the policy's
//! text, `null` for a table without one, no answer for a table that does not exist), and the
//! evaluate service failing `dynamodb-table-resource-policy-not-public` for a public table.

use aws_sdk_dynamodb::types::{AttributeDefinition, BillingMode, KeySchemaElement, KeyType};
use serde_json::json;
use vigil_aws::fetch::Fetcher;
use vigil_core::lookups::LookupKey;
use vigil_core::Status;
use vigil_e2e::{event, Account, ACCOUNT, REGION};

const KIND: &str = "dynamodb.resource-policy";
const RULE: &str = "dynamodb-table-resource-policy-not-public";

async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) -> String {
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

async fn make_public(ddb: &aws_sdk_dynamodb::Client, arn: &str) {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow",
        "Principal": "*", "Action": "dynamodb:GetItem", "Resource": arn}]});
    ddb.put_resource_policy()
        .resource_arn(arn)
        .policy(policy.to_string())
        .send()
        .await
        .expect("put resource policy in moto");
}

fn fetcher(account: &Account) -> Fetcher {
    Fetcher::new(
        aws_sdk_config::Client::new(&account.sdk),
        aws_sdk_rds::Client::new(&account.sdk),
        aws_sdk_iam::Client::new(&account.sdk),
        aws_sdk_kms::Client::new(&account.sdk),
    )
    .with_dynamodb(aws_sdk_dynamodb::Client::new(&account.sdk))
}

#[tokio::test]
async fn the_fetcher_answers_the_resource_policy_lookup() {
    let account = Account::new().await;
    let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
    let public = create_table(&ddb, "customers").await;
    make_public(&ddb, &public).await;
    let private = create_table(&ddb, "invoices").await;
    let missing = format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/no-such-table");
    let keys = [&public, &private, &missing]
        .into_iter()
        .map(|arn| LookupKey::new(KIND, arn.clone()))
        .collect();
    let answers = fetcher(&account).lookups(&keys).await;
    let policy = answers
        .get(&LookupKey::new(KIND, public.clone()))
        .expect("public table answered");
    let document: serde_json::Value =
        serde_json::from_str(policy["Policy"].as_str().expect("policy text")).expect("JSON");
    assert_eq!(document["Statement"][0]["Principal"], "*");
    assert!(answers
        .get(&LookupKey::new(KIND, private))
        .expect("private table answered")["Policy"]
        .is_null());
    // Moto answers PolicyNotFoundException for a table that does not exist too, as it does for
    // a table without a policy; either way the answer is "no policy" or no answer, never a pass
    // made up from an error.
    if let Ok(answer) = answers.get(&LookupKey::new(KIND, missing)) {
        assert!(answer["Policy"].is_null(), "{answer}");
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
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == RULE)
        .unwrap_or_else(|| panic!("no verdict for {RULE}: {report:?}"));
    assert_eq!(finding.status, Status::Failed, "{}", finding.reason);
    assert!(
        finding
            .reason
            .contains("statement \"Everyone\" allows anyone"),
        "{}",
        finding.reason
    );
}
