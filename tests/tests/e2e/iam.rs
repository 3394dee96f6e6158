//! IAM roles end to end against moto_server: the evaluate handler fetches an attached customer
//! managed policy through IAM (lookup `iam.managed-policy`: GetPolicy + GetPolicyVersion),
//! judges the role with it, and imports the findings; a policy it cannot fetch leaves the rules
//! that need it undetermined, never passed.

use serde_json::json;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, REGION};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The customer managed policy `orders-batch-access` the sample role has attached.
async fn create_policy(account: &Account, document: serde_json::Value) -> String {
    aws_sdk_iam::Client::new(&account.sdk)
        .create_policy()
        .policy_name("orders-batch-access")
        .policy_document(document.to_string())
        .send()
        .await
        .expect("create policy")
        .policy
        .and_then(|p| p.arn)
        .expect("policy arn")
}

#[tokio::test]
async fn an_attached_customer_managed_policy_is_fetched_and_judged() {
    let account = Account::new().await;
    let arn = create_policy(
        &account,
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )
    .await;
    assert_eq!(
        arn, "arn:aws:iam::123456789012:policy/orders-batch-access",
        "the sample event attaches this ARN"
    );
    let report = account
        .service()
        .handle(
            &event("config/iam/role-customer-managed-policy.json"),
            now(),
        )
        .await
        .expect("handled");
    // Only the role's last use is unknown (the role itself is not created in moto here).
    assert!(
        report
            .undetermined
            .iter()
            .all(|u| u.rule == "iam-role-unused"),
        "{:?}",
        report.undetermined
    );
    let admin = finding(&report, "iam-role-no-admin-access");
    assert_eq!(admin.status, Status::Failed);
    assert!(
        admin
            .reason
            .contains("managed policy \"orders-batch-access\", statement \"Everything\""),
        "{}",
        admin.reason
    );

    // Imported to Security Hub in the stack's region, not Config's "global".
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| {
            f.generator_id() == Some("vigil/iam-role-no-admin-access")
                && f.compliance().and_then(|c| c.status()).map(|s| s.as_str()) == Some("FAILED")
        })
        .expect("imported admin-access finding");
    assert_eq!(imported.region(), Some(REGION));
    assert_eq!(
        imported.resources()[0].id(),
        Some("arn:aws:iam::123456789012:role/orders-batch")
    );
    assert_eq!(imported.resources()[0].r#type(), Some("AwsIamRole"));
}

#[tokio::test]
async fn a_narrow_customer_managed_policy_passes() {
    let account = Account::new().await;
    create_policy(
        &account,
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": "arn:aws:dynamodb:eu-west-2:123456789012:table/orders"}]}),
    )
    .await;
    let report = account
        .service()
        .handle(
            &event("config/iam/role-customer-managed-policy.json"),
            now(),
        )
        .await
        .expect("handled");
    // Only the role's last use is unknown (the role itself is not created in moto here).
    assert!(
        report
            .undetermined
            .iter()
            .all(|u| u.rule == "iam-role-unused"),
        "{:?}",
        report.undetermined
    );
    for rule in ["iam-role-no-admin-access", "iam-role-privilege-escalation"] {
        let f = finding(&report, rule);
        assert_eq!(f.status, Status::Passed, "{rule}: {}", f.reason);
    }
}

#[tokio::test]
async fn a_policy_that_cannot_be_fetched_leaves_its_rules_undetermined() {
    let account = Account::new().await; // no policy created: GetPolicy fails with NoSuchEntity
    let report = account
        .service()
        .handle(
            &event("config/iam/role-customer-managed-policy.json"),
            now(),
        )
        .await
        .expect("handled");
    let undetermined: Vec<_> = report
        .undetermined
        .iter()
        .map(|u| u.rule.as_str())
        .collect();
    assert!(
        undetermined.contains(&"iam-role-no-admin-access"),
        "{undetermined:?}"
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "iam-role-no-admin-access"));
}

#[tokio::test]
async fn an_over_privileged_role_fails_without_any_lookup() {
    let account = Account::new().await;
    let report = account
        .service()
        .handle(&event("config/iam/role-over-privileged.json"), now())
        .await
        .expect("handled");
    let failed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Failed)
        .map(|f| f.rule.as_str())
        .collect();
    for rule in [
        "iam-role-no-admin-access",
        "iam-role-cross-account-external-id",
        "iam-role-destructive-db-actions-mfa",
        "iam-role-privilege-escalation",
        "iam-role-inline-no-kms-decrypt-all-keys",
    ] {
        assert!(failed.contains(&rule), "{rule} not in {failed:?}");
    }
    let alerts = account.alerts().await;
    assert!(!alerts.is_empty(), "an alert was sent");
}

#[tokio::test]
async fn a_role_s_last_use_is_fetched_with_get_role() {
    let account = Account::new().await;
    aws_sdk_iam::Client::new(&account.sdk)
        .create_role()
        .role_name("orders-batch")
        .assume_role_policy_document(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
            .to_string(),
        )
        .send()
        .await
        .expect("create role");
    let report = account
        .service()
        .handle(
            &event("config/iam/role-customer-managed-policy.json"),
            now(),
        )
        .await
        .expect("handled");
    let unused = finding(&report, "iam-role-unused");
    // Created just now and never used: new, so it passes.
    assert_eq!(unused.status, Status::Passed, "{}", unused.reason);
    assert!(unused.reason.contains("not used yet"), "{}", unused.reason);
}
