//! IAM users' credentials end to end against moto_server (FSBP IAM.3, IAM.5, IAM.8): the
//! `iam.user-credentials` lookup reads a user's console password, access keys (with their last
//! use) and MFA devices through the real SDK, and a CloudTrail credential call makes the
//! evaluate handler describe the user (GetUser, ListUserPolicies/GetUserPolicy,
//! ListAttachedUserPolicies, ListGroupsForUser) and judge it with that answer.
//!
//! moto cannot backdate a key or a password, so every credential here is minutes old: the age
//! rules (IAM.3, IAM.8) are shown passing through the service, and failing only in the core's
//! unit tests. IAM.5 fails and then passes for real once an MFA device is enabled.
//!
//! The sample CloudTrail event is in us-east-1 (where EventBridge receives IAM's events); the
//! tests place it in the harness's region, standing in for a stack deployed where the events
//! arrive.

use serde_json::{json, Value};
use vigil_aws::lookup::iam::user_credentials;
use vigil_aws::Clock;
use vigil_core::Status;
use vigil_e2e::{event, Account, REGION};

const USER: &str = "reports-batch";
const PASSWORD: &str = "Planted-Passw0rd-9f2c!";

fn iam(account: &Account) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&account.sdk)
}

/// Creates the user (path `/batch/`) with a console password; returns its ARN.
pub(crate) async fn create_user(account: &Account) -> String {
    let iam = iam(account);
    let arn = iam
        .create_user()
        .user_name(USER)
        .path("/batch/")
        .send()
        .await
        .expect("create user")
        .user
        .expect("user")
        .arn;
    iam.create_login_profile()
        .user_name(USER)
        .password(PASSWORD)
        .send()
        .await
        .expect("create login profile");
    arn
}

/// Creates an access key; returns (id, secret).
pub(crate) async fn create_key(account: &Account) -> (String, String) {
    let key = iam(account)
        .create_access_key()
        .user_name(USER)
        .send()
        .await
        .expect("create access key")
        .access_key
        .expect("access key");
    (key.access_key_id, key.secret_access_key)
}

async fn enable_mfa(account: &Account) {
    let iam = iam(account);
    let serial = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(USER)
        .send()
        .await
        .expect("create virtual MFA device")
        .virtual_mfa_device
        .expect("device")
        .serial_number;
    iam.enable_mfa_device()
        .user_name(USER)
        .serial_number(serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .expect("enable MFA device");
}

/// The sample `CreateAccessKey` call, in the harness's region, as `name` with `id` and `time`.
pub(crate) fn call(name: &str, id: &str, time: &str) -> Value {
    let mut e = event("cloudtrail/iam/create-access-key.json");
    e["region"] = json!(REGION);
    e["detail"]["awsRegion"] = json!(REGION);
    e["detail"]["eventName"] = json!(name);
    e["detail"]["eventID"] = json!(id);
    e["detail"]["eventTime"] = json!(time);
    if name != "CreateAccessKey" {
        e["detail"]["requestParameters"] = json!({"userName": USER});
        e["detail"]["responseElements"] = Value::Null;
    }
    e
}

#[tokio::test]
async fn the_lookup_answers_a_users_credentials_without_secrets() {
    let account = Account::new().await;
    create_user(&account).await;
    let (active, secret) = create_key(&account).await;
    let (inactive, _) = create_key(&account).await;
    iam(&account)
        .update_access_key()
        .user_name(USER)
        .access_key_id(&inactive)
        .status(aws_sdk_iam::types::StatusType::Inactive)
        .send()
        .await
        .expect("deactivate key");
    enable_mfa(&account).await;

    // `checkedAt` is the injected clock's time.
    let clock = Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2031-01-02T03:04:05Z")
            .expect("time")
            .with_timezone(&chrono::Utc),
    );
    let answer = user_credentials(&iam(&account), USER, &clock, None)
        .await
        .expect("answer");
    assert_eq!(answer["userName"], USER);
    assert!(answer["loginProfile"]["createDate"].is_string(), "{answer}");
    assert_eq!(answer["mfaDevices"], 1, "{answer}");
    assert_eq!(answer["checkedAt"], "2031-01-02T03:04:05Z", "{answer}");
    let keys = answer["accessKeys"].as_array().expect("keys");
    assert_eq!(keys.len(), 2, "{answer}");
    let status = |id: &str| {
        keys.iter()
            .find(|k| k["accessKeyId"] == id)
            .map(|k| k["status"].clone())
    };
    assert_eq!(status(&active), Some(json!("Active")));
    assert_eq!(status(&inactive), Some(json!("Inactive")));
    for k in keys {
        assert!(k["createDate"].is_string(), "{k}");
        // moto reports no last use for keys nothing has signed with: null, never a made-up time.
        assert!(k["lastUsedDate"].is_null(), "{k}");
    }
    // moto reports no password use either (nobody signed in).
    assert!(answer["passwordLastUsed"].is_null(), "{answer}");
    let text = answer.to_string();
    assert!(!text.contains(&secret), "the secret access key leaked");
    assert!(!text.contains(PASSWORD), "the password leaked");

    // A sweep's one `ListUsers` stands for `GetUser`: the same answer.
    let memo = vigil_aws::lookup::Memo::new();
    let scope = vigil_aws::Scope {
        account: None,
        region: None,
    };
    vigil_aws::lookup::iam::remember_users(&iam(&account), &clock, &memo, &scope).await;
    let listed = memo.part(&scope, vigil_aws::lookup::iam::LISTED_USER, USER);
    assert!(listed.is_some(), "ListUsers lists the user");
    let from_listing = user_credentials(&iam(&account), USER, &clock, listed)
        .await
        .expect("answer");
    assert_eq!(from_listing, answer);

    // A user without a password: loginProfile null (GetLoginProfile's NoSuchEntity), not an error.
    iam(&account)
        .delete_login_profile()
        .user_name(USER)
        .send()
        .await
        .expect("delete login profile");
    let answer = user_credentials(&iam(&account), USER, &clock, None)
        .await
        .expect("answer");
    assert!(answer["loginProfile"].is_null(), "{answer}");

    // No such user: no answer (the rules that need it stay undetermined).
    assert!(user_credentials(&iam(&account), "nobody", &clock, None)
        .await
        .is_err());
}

#[tokio::test]
async fn a_credential_call_re_evaluates_the_described_user() {
    let account = Account::new().await;
    let arn = create_user(&account).await;
    create_key(&account).await;
    iam(&account)
        .put_user_policy()
        .user_name(USER)
        .policy_name("read-reports")
        .policy_document(
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]})
            .to_string(),
        )
        .send()
        .await
        .expect("put user policy");

    let service = account.service();
    let report = service
        .handle(
            &call("CreateAccessKey", "ev-create-key", "2026-11-23T09:00:00Z"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let resource = report.resource.clone().expect("resource");
    assert_eq!(
        resource.arn, arn,
        "the ARN (with its path) comes from GetUser"
    );
    let user_id = iam(&account)
        .get_user()
        .user_name(USER)
        .send()
        .await
        .expect("get user")
        .user
        .expect("user")
        .user_id;
    assert_eq!(
        resource.id, user_id,
        "the id is the UserId, as AWS Config's"
    );
    assert!(report.undetermined.is_empty(), "{:?}", report.undetermined);
    let verdict = |report: &vigil_core::Report, rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule}: {:?}", report.findings))
            .clone()
    };
    let mfa = verdict(&report, "iam-user-console-mfa");
    assert_eq!(mfa.status, Status::Failed, "{}", mfa.reason);
    assert_eq!(mfa.controls, ["IAM.5"]);
    Box::pin(crate::describers::failed_with_actor(
        &account,
        &report,
        "iam-user-console-mfa",
        crate::describers::ALICE,
    ))
    .await;
    for rule in [
        "iam-user-access-keys-rotated",
        "iam-user-unused-credentials",
    ] {
        let f = verdict(&report, rule);
        assert_eq!(f.status, Status::Passed, "{rule}: {}", f.reason);
    }
    // The describe read the inline policy, as AWS Config's item would carry it.
    let policies = verdict(&report, "iam-user-no-policies");
    assert_eq!(policies.status, Status::Failed, "{}", policies.reason);

    // The finding is imported under the user's ARN.
    let findings = account.findings().await;
    assert!(
        findings.iter().any(|f| {
            f.generator_id() == Some("vigil/iam-user-console-mfa")
                && f.resources().iter().any(|r| r.id() == Some(arn.as_str()))
        }),
        "{findings:?}"
    );

    // The user enables MFA: the CloudTrail call resolves IAM.5 at once.
    enable_mfa(&account).await;
    let report = service
        .handle(
            &call("EnableMFADevice", "ev-enable-mfa", "2026-11-23T09:05:00Z"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    let mfa = verdict(&report, "iam-user-console-mfa");
    assert_eq!(mfa.status, Status::Passed, "{}", mfa.reason);

    // AWS Config's later item for the same user alerts nothing.
    account.alerts().await;
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;
    // `DeleteUser` archiving a user's findings:
    // `deleting_a_user_with_a_path_archives_its_findings_and_alerts_once`.
}

#[tokio::test]
async fn deleting_a_user_with_a_path_archives_its_findings_and_alerts_once() {
    let account = Account::new().await;
    let iam = iam(&account);
    let arn = iam
        .create_user()
        .user_name(USER)
        .path("/staff/")
        .send()
        .await
        .expect("create user")
        .user
        .expect("user")
        .arn;
    assert_eq!(
        arn,
        format!("arn:aws:iam::{}:user/staff/{USER}", vigil_e2e::ACCOUNT)
    );
    iam.create_login_profile()
        .user_name(USER)
        .password(PASSWORD)
        .send()
        .await
        .expect("create login profile");

    // The password call has the user described and stored under its real ARN (with its path):
    // a console password without MFA fails IAM.5.
    let service = account.service();
    let report = service
        .handle(
            &call("CreateLoginProfile", "ev-login", "2026-11-23T09:00:00Z"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some(arn.as_str())
    );
    Box::pin(crate::describers::failed_with_actor(
        &account,
        &report,
        "iam-user-console-mfa",
        crate::describers::ALICE,
    ))
    .await;

    // Deleted in IAM (its password first, as IAM requires), then IAM's `DeleteUser` call, whose
    // `requestParameters` name the user by `userName` only: the ARN its name builds
    // (`user/reports-batch`) is not the stored one (`user/staff/reports-batch`), so the pipeline
    // takes the one stored user of that name (`Pipeline::deleted_by_name`).
    iam.delete_login_profile()
        .user_name(USER)
        .send()
        .await
        .expect("delete login profile");
    iam.delete_user()
        .user_name(USER)
        .send()
        .await
        .expect("delete user");
    let delete = call("DeleteUser", "ev-delete-user", "2026-11-23T09:10:00Z");
    assert_eq!(
        delete["detail"]["requestParameters"],
        json!({"userName": USER})
    );
    let report = service
        .handle(&delete, chrono::Utc::now())
        .await
        .expect("delete handled");
    assert!(report.deleted, "{report:?}");
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some(arn.as_str())
    );
    let findings = account.findings().await;
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
    let alerts = account.alerts().await;
    let deleted: Vec<_> = alerts
        .iter()
        .filter(|(subject, _)| subject.starts_with("[DELETED]"))
        .collect();
    assert_eq!(deleted.len(), 1, "{alerts:?}");
    assert!(deleted[0].1.contains("alice@example.com"), "{alerts:?}");

    // The same call again: nothing more is alerted.
    service
        .handle(&delete, chrono::Utc::now())
        .await
        .expect("handled again");
    let alerts = account.alerts().await;
    assert!(alerts.is_empty(), "{alerts:?}");
}

#[tokio::test]
async fn a_call_on_a_user_iam_no_longer_has_observes_it_deleted() {
    let account = Account::new().await;
    let report = account
        .service()
        .handle(
            &call("DeleteLoginProfile", "ev-gone", "2026-11-23T09:00:00Z"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");
    assert!(report.deleted, "{report:?}");
}
