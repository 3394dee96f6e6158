//! Secrets Manager end to end against moto_server: the `secretsmanager.secret` lookup answered by
//! the resolver's `DescribeSecret` (metadata only: the secret's value never appears in the
//! answer, the report or the stored state), no answer for a secret that does not exist, and the
//! evaluate service judging SecretsManager.3 and .4 from that answer.
//!
//! Moto records a secret's creation at the moment it is created and cannot backdate it, so an
//! old, never-rotated secret cannot be made here: the FAILED paths are covered by the core's unit
//! tests; here a new secret passes both controls, judged from the dates DescribeSecret returned.

use serde_json::json;
use vigil_aws::Clock;
use vigil_core::lookups::secretsmanager::SecretMetadata;
use vigil_core::lookups::LookupAnswer;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

const PLANTED: &str = "planted-secret-value-7f3a91";

async fn create_secret(client: &aws_sdk_secretsmanager::Client, name: &str) -> String {
    client
        .create_secret()
        .name(name)
        .secret_string(json!({"username": "orders", "password": PLANTED}).to_string())
        .send()
        .await
        .expect("create secret in moto")
        .arn
        .expect("secret ARN")
}

#[tokio::test]
async fn the_resolver_answers_with_metadata_and_never_the_value() {
    let account = Account::new().await;
    let sm = aws_sdk_secretsmanager::Client::new(&account.sdk);
    let arn = create_secret(&sm, "prod/orders-db").await;
    let missing = format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:no-such-secret-AbCdEf");
    let keys = [&arn, &missing]
        .into_iter()
        .map(|a| SecretMetadata::key(a.clone()).untyped())
        .collect();
    // `checkedAt` comes from the resolver's clock, not from a clock of the adapter's own.
    let checked = chrono::DateTime::parse_from_rfc3339("2031-01-02T03:04:05Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let answers = account
        .resolver_at(Clock::fixed(checked))
        .lookups(&account.scope(), &keys)
        .await;
    let answer = answers
        .get(&SecretMetadata::key(arn.clone()))
        .expect("the secret is answered");
    assert_eq!(answer.name.as_deref(), Some("prod/orders-db"));
    assert_eq!(answer.rotation_enabled, Some(false));
    assert_eq!(answer.last_rotated_date, None, "{answer:?}");
    assert!(answer.created_date.is_some(), "{answer:?}");
    assert_eq!(answer.checked_at, Some(checked), "{answer:?}");
    assert!(!format!("{answer:?}").contains(PLANTED), "{answer:?}");
    assert!(
        answers.get(&SecretMetadata::key(missing)).is_err(),
        "a secret that does not exist has no answer"
    );
}

#[tokio::test]
async fn a_new_secret_passes_secretsmanager_3_and_4_through_the_service() {
    let account = Account::new().await;
    let sm = aws_sdk_secretsmanager::Client::new(&account.sdk);
    let arn = create_secret(&sm, "prod/orders-db").await;
    let mut e = event("config/secretsmanager/secret-no-rotation.json");
    let item = &mut e["detail"]["configurationItem"];
    item["configuration"]["ARN"] = json!(arn);
    item["ARN"] = json!(arn);
    item["resourceId"] = json!(arn);
    item["configurationItemCaptureTime"] = json!(chrono::Utc::now().to_rfc3339());
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    for (rule, expected) in [
        ("secretsmanager-secret-periodic-rotation", "0 day(s)"),
        ("secretsmanager-secret-unused", "0 day(s)"),
    ] {
        let verdict = finding(&report, rule);
        assert_eq!(verdict.status, Status::Passed, "{rule}: {}", verdict.reason);
        assert!(
            verdict.reason.contains(expected),
            "{rule}: {}",
            verdict.reason
        );
    }
    let shown = serde_json::to_string(&report).expect("report JSON");
    assert!(!shown.contains(PLANTED), "{shown}");
    let stored = format!("{:?}", account.items().await);
    assert!(!stored.contains(PLANTED), "{stored}");
}
