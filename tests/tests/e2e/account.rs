//! The account itself (`AWS::::Account`) end to end against moto_server: the sweep describes it
//! with IAM `GetAccountSummary`, `GetAccountPasswordPolicy` (`NoSuchEntity` when there is no
//! policy) and `ListVirtualMFADevices`, judges IAM.4, IAM.6, IAM.7 and IAM.9 on it, imports the
//! findings under Security Hub's own account identity (`AWS::::Account:<id>`, type
//! `AwsAccount`), and a password policy set between two sweeps resolves IAM.7 once.
//!
//! moto supports all three calls. Its account summary always says the root user has no access
//! key and no MFA (`AccountAccessKeysPresent` and `AccountMFAEnabled` 0), and moto cannot give
//! the root user an MFA device or an access key (both need root credentials), so the passing
//! IAM.6 and IAM.9 and the failing IAM.4 cases are tested on literal answers in the core
//! (`rules::account`).
//!
//! GuardDuty.1 is judged on the account from every monitored Region's detectors: moto has
//! GuardDuty detectors (`CreateDetector`, `ListDetectors`, `GetDetector`, `UpdateDetector`) in
//! any Region of one server, so a second monitored Region is real here.
//!
//! Account.1 reads the Account Management API's `GetAlternateContact`: moto (5.2) has the
//! alternate-contact calls (`PutAlternateContact`, `GetAlternateContact` with
//! `ResourceNotFoundException` for none, `DeleteAlternateContact`), so it is tested against it.
//!
//! CloudTrail.1 is judged on the account from its trails (`DescribeTrails` with shadow trails,
//! `GetTrailStatus`, `GetEventSelectors`): moto has trails, `StartLogging`, `StopLogging` and
//! `PutEventSelectors`, so it is tested against it.

use vigil_aws::sweep::{self, KindOutcome};
use vigil_aws::Clock;
use vigil_core::decide::Transition;
use vigil_core::kinds::account::ACCOUNT as ACCOUNT_KIND;
use vigil_core::sweep::Run;
use vigil_core::{Report, Status};
use vigil_e2e::{finding, Account, ACCOUNT, REGION};

pub(crate) async fn sweep_account(
    account: &Account,
    service: &vigil_aws::EvaluateService,
    id: &str,
) -> Report {
    sweep_account_in(account, service, id, &[REGION]).await
}

/// The sweep of the account, monitoring `monitored` (the sweep's region parameter).
async fn sweep_account_in(
    account: &Account,
    service: &vigil_aws::EvaluateService,
    id: &str,
    monitored: &[&str],
) -> Report {
    let clients = vigil_aws::Clients::new(&account.sdk);
    sweep_account_with(&clients, service, id, monitored).await
}

/// The sweep of the account with `clients` (moto's, or through a proxy).
async fn sweep_account_with(
    clients: &vigil_aws::Clients,
    service: &vigil_aws::EvaluateService,
    id: &str,
    monitored: &[&str],
) -> Report {
    let run = Run {
        id: id.into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: monitored.iter().map(|r| r.to_string()).collect(),
    };
    let outcome: KindOutcome = Box::pin(sweep::sweep_kind(
        service.pipeline(),
        clients,
        &Clock::system(),
        &run,
        &ACCOUNT_KIND,
    ))
    .await;
    let listing = outcome
        .result
        .unwrap_or_else(|e| panic!("the account was not swept: {}", e.message));
    assert_eq!(
        listing.reports.len(),
        1,
        "one account: {:?}",
        listing.reports
    );
    listing.reports.into_iter().next().expect("one report")
}

#[tokio::test]
async fn the_sweep_judges_the_account_and_a_new_password_policy_resolves_iam_7_once() {
    let account = Account::new().await;
    let service = account.service();

    let report = sweep_account(&account, &service, "sweep-1").await;
    let resource = report.resource.as_ref().expect("the account");
    assert_eq!(resource.arn, format!("AWS::::Account:{ACCOUNT}"));
    assert_eq!(resource.resource_type.as_str(), "AWS::::Account");
    // moto: no root key, no root MFA, no password policy.
    assert_eq!(
        finding(&report, "iam-root-access-key").status,
        Status::Passed
    );
    assert_eq!(finding(&report, "iam-root-mfa").status, Status::Failed);
    assert_eq!(
        finding(&report, "iam-root-hardware-mfa").status,
        Status::Failed
    );
    let policy = finding(&report, "iam-password-policy-strong");
    assert_eq!(policy.status, Status::Failed);
    assert!(
        policy.reason.contains("no IAM password policy"),
        "{}",
        policy.reason
    );

    let findings = account.findings().await;
    let iam7 = findings
        .iter()
        .find(|f| {
            f.id()
                .is_some_and(|id| id.contains("iam-password-policy-strong"))
        })
        .expect("IAM.7's finding imported");
    let r = &iam7.resources()[0];
    assert_eq!(r.r#type(), Some("AwsAccount"));
    assert_eq!(r.id(), Some(format!("AWS::::Account:{ACCOUNT}").as_str()));
    let first_alerts = account.alerts().await;
    assert!(
        first_alerts
            .iter()
            .any(|(s, _)| s.contains("password policy")),
        "{first_alerts:?}"
    );

    // Someone sets a weak policy: still failing, and the miss is named; no new alert.
    let iam = aws_sdk_iam::Client::new(&account.sdk);
    iam.update_account_password_policy()
        .minimum_password_length(6)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .send()
        .await
        .expect("weak policy");
    let report = sweep_account(&account, &service, "sweep-2").await;
    let policy = finding(&report, "iam-password-policy-strong");
    assert_eq!(policy.status, Status::Failed);
    assert!(
        policy.reason.contains("MinimumPasswordLength"),
        "{}",
        policy.reason
    );
    assert_eq!(policy.transition, Transition::Unchanged);
    assert!(account.alerts().await.is_empty());

    // A strong one: IAM.7 resolves, once.
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .password_reuse_prevention(24)
        .send()
        .await
        .expect("strong policy");
    let report = sweep_account(&account, &service, "sweep-3").await;
    let policy = finding(&report, "iam-password-policy-strong");
    assert_eq!(policy.status, Status::Passed);
    assert_eq!(policy.transition, Transition::Resolved);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].0.starts_with("[RESOLVED]"), "{alerts:?}");
    let report = sweep_account(&account, &service, "sweep-4").await;
    assert_eq!(
        finding(&report, "iam-password-policy-strong").transition,
        Transition::Unchanged
    );
    assert!(account.alerts().await.is_empty());

    // Deleting the policy fails it again.
    iam.delete_account_password_policy()
        .send()
        .await
        .expect("delete policy");
    let report = sweep_account(&account, &service, "sweep-5").await;
    assert_eq!(
        finding(&report, "iam-password-policy-strong").status,
        Status::Failed
    );
}

#[tokio::test]
async fn a_weakened_or_deleted_password_policy_fails_iam_7_in_seconds_naming_the_caller() {
    let account = Account::new().await;
    let service = account.service();
    let iam = aws_sdk_iam::Client::new(&account.sdk);
    let handle = |path: &'static str| {
        let service = &service;
        async move {
            let e = vigil_e2e::event(path);
            Box::pin(service.handle(&e, chrono::Utc::now()))
                .await
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        }
    };

    // The caller weakens the policy: the call has the account described again, IAM.7 fails
    // with one alert naming who did it.
    iam.update_account_password_policy()
        .minimum_password_length(6)
        .send()
        .await
        .expect("weak policy");
    let report = handle("cloudtrail/iam/update-account-password-policy-weak.json").await;
    let resource = report.resource.as_ref().expect("the account");
    assert_eq!(resource.arn, format!("AWS::::Account:{ACCOUNT}"));
    let iam7 = finding(&report, "iam-password-policy-strong");
    assert_eq!(iam7.status, Status::Failed, "{report:?}");
    let alerts = account.alerts().await;
    let iam7_alerts: Vec<_> = alerts
        .iter()
        .filter(|(_, body)| body.contains("password policy"))
        .collect();
    assert_eq!(iam7_alerts.len(), 1, "{alerts:?}");
    assert!(iam7_alerts[0].1.contains("alice@example.com"), "{alerts:?}");
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| f.generator_id() == Some("vigil/iam-password-policy-strong"))
        .expect("the IAM.7 finding");
    assert_eq!(
        imported.product_fields().expect("product fields")["vigil/Actor"],
        crate::describers::ALICE
    );

    // Deleted: still failing (no policy), nothing more is sent.
    iam.delete_account_password_policy()
        .send()
        .await
        .expect("delete policy");
    let report = handle("cloudtrail/iam/delete-account-password-policy.json").await;
    let iam7 = finding(&report, "iam-password-policy-strong");
    assert_eq!(iam7.status, Status::Failed);
    assert_eq!(iam7.transition, Transition::Unchanged);
    assert!(
        iam7.reason.contains("no IAM password policy"),
        "{}",
        iam7.reason
    );
    assert!(account
        .alerts()
        .await
        .iter()
        .all(|(_, body)| !body.contains("password policy")));
}

#[tokio::test]
async fn guardduty_1_is_judged_in_every_monitored_region() {
    const OTHER: &str = "eu-west-1";
    let account = Account::new().await;
    let service = account.service();
    let here = aws_sdk_guardduty::Client::new(&account.sdk);
    let there = aws_sdk_guardduty::Client::from_conf(
        aws_sdk_guardduty::config::Builder::from(&account.sdk)
            .region(aws_sdk_guardduty::config::Region::new(OTHER))
            .build(),
    );
    here.create_detector()
        .enable(true)
        .send()
        .await
        .expect("detector here");

    // Enabled in the stack's Region, none in the other monitored one: fails, naming it.
    let report = sweep_account_in(&account, &service, "sweep-1", &[REGION, OTHER]).await;
    let gd1 = finding(&report, "guardduty-enabled");
    assert_eq!(gd1.status, Status::Failed, "{}", gd1.reason);
    assert!(gd1.reason.contains(OTHER), "{}", gd1.reason);
    assert!(!gd1.reason.contains(REGION), "{}", gd1.reason);
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| f.id().is_some_and(|id| id.contains("guardduty-enabled")))
        .expect("GuardDuty.1's finding imported");
    assert_eq!(
        imported.compliance().and_then(|c| c.security_control_id()),
        Some("GuardDuty.1")
    );

    // Only the stack's Region monitored: it passes.
    let report = sweep_account_in(&account, &service, "sweep-2", &[REGION]).await;
    assert_eq!(finding(&report, "guardduty-enabled").status, Status::Passed);

    // A detector in the other Region too: both monitored pass.
    let other = there
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("detector there");
    let report = sweep_account_in(&account, &service, "sweep-3", &[REGION, OTHER]).await;
    let gd1 = finding(&report, "guardduty-enabled");
    assert_eq!(gd1.status, Status::Passed, "{}", gd1.reason);

    // Suspended there: fails again.
    there
        .update_detector()
        .detector_id(other.detector_id().expect("detector id"))
        .enable(false)
        .send()
        .await
        .expect("suspend");
    let report = sweep_account_in(&account, &service, "sweep-4", &[REGION, OTHER]).await;
    let gd1 = finding(&report, "guardduty-enabled");
    assert_eq!(gd1.status, Status::Failed, "{}", gd1.reason);
    assert!(gd1.reason.contains(OTHER), "{}", gd1.reason);
}

#[tokio::test]
async fn account_1_fails_without_a_security_contact_and_resolves_when_one_is_added() {
    let account = Account::new().await;
    let service = account.service();
    let clients = vigil_aws::Clients::new(&account.sdk);
    let contacts = aws_sdk_account::Client::new(&account.sdk);

    let report = sweep_account_with(&clients, &service, "sweep-1", &[REGION]).await;
    let account1 = finding(&report, "account-security-contact");
    assert_eq!(account1.status, Status::Failed, "{}", account1.reason);
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| {
            f.id()
                .is_some_and(|id| id.contains("account-security-contact"))
        })
        .expect("Account.1's finding imported");
    assert_eq!(
        imported.compliance().and_then(|c| c.security_control_id()),
        Some("Account.1")
    );
    // A billing contact is not a security contact.
    contacts
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Billing)
        .name("Accounts")
        .title("Accounts payable")
        .email_address("accounts@example.com")
        .phone_number("+44 20 7946 0000")
        .send()
        .await
        .expect("billing contact");
    let report = sweep_account_with(&clients, &service, "sweep-2", &[REGION]).await;
    assert_eq!(
        finding(&report, "account-security-contact").status,
        Status::Failed
    );
    account.alerts().await;

    contacts
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .name("Security team")
        .title("On call")
        .email_address("security@example.com")
        .phone_number("+44 20 7946 0001")
        .send()
        .await
        .expect("security contact");
    let report = sweep_account_with(&clients, &service, "sweep-3", &[REGION]).await;
    let account1 = finding(&report, "account-security-contact");
    assert_eq!(account1.status, Status::Passed, "{}", account1.reason);
    assert_eq!(account1.transition, Transition::Resolved);
    // The description keeps that a contact exists, never its details.
    let alerts = account.alerts().await;
    assert!(
        alerts
            .iter()
            .all(|(_, body)| !body.contains("security@example.com")),
        "{alerts:?}"
    );

    contacts
        .delete_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .send()
        .await
        .expect("delete");
    let report = sweep_account_with(&clients, &service, "sweep-4", &[REGION]).await;
    assert_eq!(
        finding(&report, "account-security-contact").status,
        Status::Failed
    );
}

#[tokio::test]
async fn config_1_needs_a_recording_recorder_with_the_service_linked_role() {
    use aws_sdk_config::types::{ConfigurationRecorder, RecordingGroup};
    let account = Account::new().await;
    let service = account.service();
    // No recorder: fails.
    let report = sweep_account(&account, &service, "sweep-1").await;
    let config1 = finding(&report, "config-enabled");
    assert_eq!(config1.status, Status::Failed, "{}", config1.reason);
    assert!(config1.reason.contains(REGION), "{}", config1.reason);

    crate::watching::create_bucket(&account.moto.endpoint, "config-bucket-123456789012");
    let config = aws_sdk_config::Client::new(&account.sdk);
    let put = |role: String| {
        let config = config.clone();
        async move {
            config
                .put_configuration_recorder()
                .configuration_recorder(
                    ConfigurationRecorder::builder()
                        .name("default")
                        .role_arn(role)
                        .recording_group(
                            RecordingGroup::builder()
                                .all_supported(true)
                                .include_global_resource_types(true)
                                .build(),
                        )
                        .build(),
                )
                .send()
                .await
                .expect("put recorder");
        }
    };
    // Another role, recording: fails on the role.
    put(format!("arn:aws:iam::{ACCOUNT}:role/config-recorder")).await;
    crate::watching::put_delivery_channel(&config).await;
    config
        .start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("start");
    let report = sweep_account(&account, &service, "sweep-2").await;
    let config1 = finding(&report, "config-enabled");
    assert_eq!(config1.status, Status::Failed, "{}", config1.reason);

    // The service-linked role: passes, resolved.
    put(format!(
        "arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    ))
    .await;
    let report = sweep_account(&account, &service, "sweep-3").await;
    let config1 = finding(&report, "config-enabled");
    assert_eq!(config1.status, Status::Passed, "{}", config1.reason);
    assert_eq!(config1.transition, Transition::Resolved);

    // Stopped: fails again.
    config
        .stop_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("stop");
    let report = sweep_account(&account, &service, "sweep-4").await;
    assert_eq!(finding(&report, "config-enabled").status, Status::Failed);
}

#[tokio::test]
async fn cloudtrail_1_needs_a_logging_multi_region_trail_of_all_management_events() {
    let account = Account::new().await;
    let service = account.service();
    // No trail: fails.
    let report = sweep_account(&account, &service, "sweep-1").await;
    let ct1 = finding(&report, "cloudtrail-enabled-multi-region");
    assert_eq!(ct1.status, Status::Failed, "{}", ct1.reason);
    assert!(ct1.reason.contains("no CloudTrail trail"), "{}", ct1.reason);

    // A logging multi-Region trail recording every read and write management event: passes,
    // resolved once.
    let ct = crate::watching::create_trail(&account).await;
    let report = sweep_account(&account, &service, "sweep-2").await;
    let ct1 = finding(&report, "cloudtrail-enabled-multi-region");
    assert_eq!(ct1.status, Status::Passed, "{}", ct1.reason);
    assert_eq!(ct1.transition, Transition::Resolved);
    assert!(
        ct1.reason.contains(crate::watching::TRAIL),
        "{}",
        ct1.reason
    );

    // Stopped: fails again.
    ct.stop_logging()
        .name(crate::watching::TRAIL)
        .send()
        .await
        .expect("stop");
    let report = sweep_account(&account, &service, "sweep-3").await;
    let ct1 = finding(&report, "cloudtrail-enabled-multi-region");
    assert_eq!(ct1.status, Status::Failed, "{}", ct1.reason);
    assert_eq!(ct1.transition, Transition::New);
}

/// Sweeps `kinds` of the test region one after another through `pipeline` (its resolver's memo
/// is the sweep's), listing with `clients`; every kind's reports.
async fn sweep_with(
    pipeline: &vigil_aws::service::AwsPipeline,
    clients: &vigil_aws::Clients,
    id: &str,
    kinds: &[&'static vigil_core::kinds::Kind],
) -> Vec<Report> {
    let run = Run {
        id: id.into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![REGION.into()],
    };
    let mut reports = Vec::new();
    for kind in kinds {
        let outcome = Box::pin(sweep::sweep_kind(
            pipeline,
            clients,
            &Clock::system(),
            &run,
            kind,
        ))
        .await;
        let listing = outcome
            .result
            .unwrap_or_else(|e| panic!("{} not swept: {}", kind.type_name, e.message));
        reports.extend(listing.reports);
    }
    reports
}

#[tokio::test]
async fn a_sweep_reads_each_trail_once_for_the_trail_kind_and_the_account() {
    use vigil_core::kinds::cloudtrail::TRAIL as TRAIL_KIND;
    let account = Account::new().await;
    crate::watching::create_trail(&account).await;
    let proxy = account.proxy();
    let clients = vigil_aws::Clients::new(&vigil_e2e::sdk_at(&proxy.endpoint).await);
    let service = account.service();
    let sweep_pipeline = || {
        service
            .pipeline()
            .with_resolver(service.pipeline().resolver().for_sweep())
    };
    let reads = || {
        ["GetTrail", "GetTrailStatus", "GetEventSelectors"]
            .map(|op| proxy.calls_to("cloudtrail", op))
    };

    // One sweep (one memo, as `vigil scan`), the trail kind first: the account's CloudTrail.1
    // takes the trail the listing read.
    let pipeline = sweep_pipeline();
    let reports = sweep_with(
        &pipeline,
        &clients,
        "sweep-1",
        &[&TRAIL_KIND, &ACCOUNT_KIND],
    )
    .await;
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert_eq!(
        finding(&reports[0], "cloudtrail-trail-logging").status,
        Status::Passed
    );
    let ct1 = finding(&reports[1], "cloudtrail-enabled-multi-region");
    assert_eq!(ct1.status, Status::Passed, "{}", ct1.reason);
    assert!(
        ct1.reason.contains(crate::watching::TRAIL),
        "{}",
        ct1.reason
    );
    assert_eq!(reads(), [1, 1, 1], "{:?}", proxy.calls());
    // Each lists the trails itself (with and without shadow trails).
    assert_eq!(proxy.calls_to("cloudtrail", "DescribeTrails"), 2);

    // The other order, in a new sweep (a new memo): the listing takes the account's read, and
    // sees the trail stopped since, as the account does.
    aws_sdk_cloudtrail::Client::new(&account.sdk)
        .stop_logging()
        .name(crate::watching::TRAIL)
        .send()
        .await
        .expect("stop");
    proxy.reset_counts();
    let pipeline = sweep_pipeline();
    let reports = sweep_with(
        &pipeline,
        &clients,
        "sweep-2",
        &[&ACCOUNT_KIND, &TRAIL_KIND],
    )
    .await;
    assert_eq!(
        finding(&reports[0], "cloudtrail-enabled-multi-region").status,
        Status::Failed
    );
    assert_eq!(
        finding(&reports[1], "cloudtrail-trail-logging").status,
        Status::Failed
    );
    assert_eq!(reads(), [1, 1, 1], "{:?}", proxy.calls());

    // The sweep function's work items each have their own memo: there each reads the trail.
    proxy.reset_counts();
    for (i, kind) in [&TRAIL_KIND, &ACCOUNT_KIND].into_iter().enumerate() {
        let pipeline = sweep_pipeline();
        sweep_with(&pipeline, &clients, &format!("sweep-3-{i}"), &[kind]).await;
    }
    assert_eq!(reads(), [2, 2, 2], "{:?}", proxy.calls());
}
