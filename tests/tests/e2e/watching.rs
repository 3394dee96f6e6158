//! Is anyone watching? CloudTrail trails and GuardDuty detectors end to end against
//! moto_server: a `StopLogging` call has the trail described again (`GetTrail`,
//! `GetTrailStatus`, `GetEventSelectors`) and gives one alert naming the caller, and the
//! `StartLogging` that follows resolves the finding; an `UpdateTrail` that turns off log file
//! validation fails CloudTrail.4 naming the caller; an `UpdateDetector` that suspends a
//! detector is judged from `GetDetector`, the `UpdateDetector` that enables it again resolves
//! the finding, and `DeleteDetector` deletes it.
//!
//! moto has CloudTrail `CreateTrail`, `UpdateTrail`, `StartLogging`, `StopLogging`, `GetTrail`,
//! `GetTrailStatus`, `PutEventSelectors`, `GetEventSelectors`, and GuardDuty `CreateDetector`,
//! `UpdateDetector` (with features), `GetDetector` and `DeleteDetector`. A trail needs an
//! existing S3 bucket; the workspace has no S3 SDK crate, so the bucket is created with a plain
//! HTTP `PUT` (moto does not check signatures). moto's `StopLogging` takes the trail's name
//! only, while the sample event (as the console sends it) names the trail by its ARN: the
//! adapter describes the trail by ARN, which moto's `GetTrail` and `GetTrailStatus` accept.

use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};
use aws_sdk_guardduty::types::{DetectorFeature, DetectorFeatureConfiguration, FeatureStatus};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use vigil_aws::EvaluateService;
use vigil_core::decide::Transition;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

pub(crate) const TRAIL: &str = "management-events";

/// Creates an S3 bucket in moto (`PUT /<bucket>`, path style).
pub(crate) fn create_bucket(endpoint: &str, bucket: &str) {
    let host = endpoint.trim_start_matches("http://");
    let request = format!(
        "PUT /{bucket} HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let mut stream = TcpStream::connect(host).expect("connect to moto");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

/// A compliant multi-Region trail, logging every management event.
pub(crate) async fn create_trail(account: &Account) -> aws_sdk_cloudtrail::Client {
    create_bucket(&account.moto.endpoint, "trail-logs-123456789012");
    let ct = aws_sdk_cloudtrail::Client::new(&account.sdk);
    ct.create_trail()
        .name(TRAIL)
        .s3_bucket_name("trail-logs-123456789012")
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .kms_key_id(format!(
            "arn:aws:kms:{REGION}:{ACCOUNT}:key/8f2b5e1c-3d4a-4b6e-9f0a-1c2d3e4f5a6b"
        ))
        .cloud_watch_logs_log_group_arn(format!(
            "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:aws-cloudtrail-logs:*"
        ))
        .cloud_watch_logs_role_arn(format!(
            "arn:aws:iam::{ACCOUNT}:role/CloudTrail_CloudWatchLogs_Role"
        ))
        .send()
        .await
        .expect("create trail");
    ct.put_event_selectors()
        .trail_name(TRAIL)
        .event_selectors(
            EventSelector::builder()
                .read_write_type(ReadWriteType::All)
                .include_management_events(true)
                .build(),
        )
        .send()
        .await
        .expect("put event selectors");
    ct.start_logging().name(TRAIL).send().await.expect("start");
    ct
}

/// One trail, one detector and one recorder, for the sweep's listing test: each kind's type
/// name with the name its listing must find.
pub(crate) async fn seed_monitoring(account: &Account) -> Vec<(&'static str, String)> {
    use aws_sdk_config::types::{ConfigurationRecorder, RecordingGroup};
    create_trail(account).await;
    let detector = aws_sdk_guardduty::Client::new(&account.sdk)
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("create detector")
        .detector_id
        .expect("detector id");
    aws_sdk_config::Client::new(&account.sdk)
        .put_configuration_recorder()
        .configuration_recorder(
            ConfigurationRecorder::builder()
                .name("default")
                .role_arn(format!(
                    "arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
                ))
                .recording_group(RecordingGroup::builder().all_supported(true).build())
                .build(),
        )
        .send()
        .await
        .expect("put recorder");
    vec![
        (
            vigil_core::kinds::cloudtrail::TRAIL.type_name,
            TRAIL.to_string(),
        ),
        (vigil_core::kinds::guardduty::DETECTOR.type_name, detector),
        (
            vigil_core::kinds::config::RECORDER.type_name,
            "default".to_string(),
        ),
    ]
}

/// The compliance status of the rule's finding as Security Hub holds it.
async fn hub_compliance(account: &Account, rule: &str) -> Option<String> {
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| f.generator_id() == Some(&format!("vigil/{rule}")))
        .unwrap_or_else(|| panic!("no {rule} finding in {findings:?}"));
    imported
        .compliance()
        .and_then(|c| c.status())
        .map(|s| s.as_str().to_string())
}

/// Runs one event through the service. The pipeline's future is boxed: a test making several
/// calls in a row would otherwise hold them all in its own (debug-build) stack frame.
async fn handle(service: &EvaluateService, event: &Value) -> vigil_core::report::Report {
    Box::pin(service.handle(event, now()))
        .await
        .expect("handled")
}

/// A sample call at another time (decisions follow the calls' own times).
fn at(path: &str, time: &str) -> Value {
    let mut e = event(path);
    e["detail"]["eventTime"] = json!(time);
    e["time"] = json!(time);
    e
}

#[tokio::test]
async fn stopping_a_trail_alerts_once_naming_the_caller_and_starting_it_resolves_the_finding() {
    let account = Account::new().await;
    let ct = create_trail(&account).await;
    let service = account.service();

    // First sight: the trail is logging and compliant; nothing to say.
    let report = handle(
        &service,
        &at(
            "cloudtrail/cloudtrail/start-logging.json",
            "2026-11-23T09:00:00Z",
        ),
    )
    .await;
    for rule in [
        "cloudtrail-trail-logging",
        "cloudtrail-trail-kms-encryption",
        "cloudtrail-log-file-validation",
        "cloudtrail-cloudwatch-logs",
        "cloudtrail-multi-region-management-events",
    ] {
        assert_eq!(finding(&report, rule).status, Status::Passed, "{rule}");
    }
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some("arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events")
    );
    assert!(account.alerts().await.is_empty());

    // Someone stops it: one alert, naming who.
    ct.stop_logging().name(TRAIL).send().await.expect("stop");
    let report = handle(&service, &event("cloudtrail/cloudtrail/stop-logging.json")).await;
    let logging = finding(&report, "cloudtrail-trail-logging");
    assert_eq!(logging.status, Status::Failed);
    assert_eq!(logging.transition, Transition::New);
    let failing: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Failed)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(failing, ["cloudtrail-trail-logging"], "{report:?}");
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.contains(TRAIL), "{subject}");
    assert!(
        body.contains("Mary_Major"),
        "the alert names the caller: {body}"
    );
    assert!(body.contains("StopLogging"), "{body}");
    // The imported finding names the caller too.
    crate::describers::actor_in_finding(
        &account,
        "cloudtrail-trail-logging",
        "IAM user Mary_Major (no MFA, through signin.amazonaws.com)",
    )
    .await;

    // A redelivery of the same call says nothing more.
    handle(&service, &event("cloudtrail/cloudtrail/stop-logging.json")).await;
    assert!(account.alerts().await.is_empty());
    // Nor does AWS Config's later item for the stopped trail.
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;

    // Started again: the finding resolves, once.
    ct.start_logging().name(TRAIL).send().await.expect("start");
    let report = handle(&service, &event("cloudtrail/cloudtrail/start-logging.json")).await;
    let logging = finding(&report, "cloudtrail-trail-logging");
    assert_eq!(logging.status, Status::Passed);
    assert_eq!(logging.transition, Transition::Resolved);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].0.starts_with("[RESOLVED]"), "{alerts:?}");
    assert_eq!(
        hub_compliance(&account, "cloudtrail-trail-logging")
            .await
            .as_deref(),
        Some("PASSED")
    );
}

#[tokio::test]
async fn narrowing_a_trails_event_selectors_fails_it_and_deleting_the_trail_deletes_it() {
    let account = Account::new().await;
    let narrowed = narrowed_trail(&account).await;
    let ct = aws_sdk_cloudtrail::Client::new(&account.sdk);
    let service = account.service();
    let report = handle(&service, &narrowed).await;
    assert_eq!(
        finding(&report, "cloudtrail-multi-region-management-events").status,
        Status::Failed
    );
    assert_eq!(account.alerts().await.len(), 1);
    // AWS Config's later item for the narrowed trail alerts nothing.
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;

    // DeleteTrail (the sample's call, for this trail) archives the findings, with one alert.
    ct.delete_trail().name(TRAIL).send().await.expect("delete");
    let mut delete = at(
        "cloudtrail/cloudtrail/delete-trail.json",
        "2026-11-23T09:48:00Z",
    );
    delete["detail"]["requestParameters"]["name"] = json!(TRAIL);
    Box::pin(crate::describers::archived_by(&account, &service, &delete)).await;
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        alerts[0]
            .0
            .starts_with("[DELETED] CloudTrail trail management-events"),
        "{alerts:?}"
    );

    // A later call for the trail that is gone observes the deletion again: it is recorded
    // deleted already, so nothing is alerted a second time (`decide::deleted` alerts a watched
    // kind's deletion only when Vigil had never seen it).
    let report = handle(
        &service,
        &at(
            "cloudtrail/cloudtrail/stop-logging.json",
            "2026-11-23T09:50:00Z",
        ),
    )
    .await;
    assert!(report.deleted, "{report:?}");
    assert!(account.alerts().await.is_empty(), "no second [DELETED]");
}

#[tokio::test]
async fn turning_off_a_trails_log_file_validation_fails_it_naming_the_caller() {
    let account = Account::new().await;
    let ct = create_trail(&account).await;
    // The account as the deployment's first sweep left it (its failures said then): an
    // `UpdateTrail` also has the account described, whose verdicts here do not change.
    let baseline = Box::pin(crate::account::sweep_account(
        &account,
        &account.service(),
        "sweep-1",
    ))
    .await;
    assert_eq!(
        finding(&baseline, "cloudtrail-enabled-multi-region").status,
        Status::Passed
    );
    account.alerts().await;
    ct.update_trail()
        .name(TRAIL)
        .enable_log_file_validation(false)
        .send()
        .await
        .expect("update trail");
    let service = account.service();
    let update = event("cloudtrail/cloudtrail/update-trail-log-file-validation-off.json");
    let report = handle(&service, &update).await;
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some("arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events")
    );
    // Only CloudTrail.4 fails: the trail is still logging, encrypted, sent to CloudWatch Logs
    // and recording every management event.
    let failing: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Failed)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(failing, ["cloudtrail-log-file-validation"], "{report:?}");
    assert_eq!(
        finding(&report, "cloudtrail-log-file-validation").transition,
        Transition::New
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.contains(TRAIL), "{subject}");
    assert!(body.contains("alice@example.com"), "{body}");
    assert!(body.contains("UpdateTrail"), "{body}");
    assert_eq!(
        hub_compliance(&account, "cloudtrail-log-file-validation")
            .await
            .as_deref(),
        Some("FAILED")
    );
    crate::describers::actor_in_finding(
        &account,
        "cloudtrail-log-file-validation",
        "alice@example.com (role DevOps, MFA)",
    )
    .await;
    // A redelivery of the same call says nothing more.
    handle(&service, &update).await;
    assert!(account.alerts().await.is_empty());
}

/// A detector created enabled (RDS Protection on, Lambda Protection off) and then suspended, with
/// the `UpdateDetector` call that suspended it (the sample, naming it): the gd client, its id
/// and the call.
pub(crate) async fn suspended_detector(
    account: &Account,
) -> (aws_sdk_guardduty::Client, String, Value) {
    let gd = aws_sdk_guardduty::Client::new(&account.sdk);
    let id = gd
        .create_detector()
        .enable(true)
        .features(
            DetectorFeatureConfiguration::builder()
                .name(DetectorFeature::RdsLoginEvents)
                .status(FeatureStatus::Enabled)
                .build(),
        )
        .features(
            DetectorFeatureConfiguration::builder()
                .name(DetectorFeature::LambdaNetworkLogs)
                .status(FeatureStatus::Disabled)
                .build(),
        )
        .send()
        .await
        .expect("create detector")
        .detector_id
        .expect("detector id");
    gd.update_detector()
        .detector_id(&id)
        .enable(false)
        .send()
        .await
        .expect("suspend");
    let mut e = event("cloudtrail/guardduty/update-detector-disable.json");
    e["detail"]["requestParameters"]["detectorId"] = json!(id);
    (gd, id, e)
}

#[tokio::test]
async fn a_trail_made_single_region_fails_cloudtrail_1_in_seconds_naming_the_caller() {
    let account = Account::new().await;
    let ct = create_trail(&account).await;
    let service = account.service();
    // The sweep's baseline: the multi-Region trail passes CloudTrail.1 (the account's other
    // failures are said then).
    let baseline = Box::pin(crate::account::sweep_account(&account, &service, "sweep-1")).await;
    assert_eq!(
        finding(&baseline, "cloudtrail-enabled-multi-region").status,
        Status::Passed
    );
    account.alerts().await;

    // Made single-Region: no rule of the trail's own fails (its multi-Region rule no longer
    // applies), but the account has no multi-Region trail left. The call is made after the
    // sweep (decisions follow the calls' own times).
    let mut update = made_single_region(&ct).await;
    let time = (chrono::Utc::now() + chrono::Duration::seconds(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    update["detail"]["eventTime"] = json!(time);
    update["time"] = json!(time);
    let report = handle(&service, &update).await;
    assert_eq!(
        finding(&report, "cloudtrail-multi-region-management-events").status,
        Status::NotApplicable
    );
    assert!(
        report.findings.iter().all(|f| f.status != Status::Failed),
        "{report:?}"
    );
    let beside = report
        .account
        .as_deref()
        .expect("the account beside the call");
    let ct1 = finding(beside, "cloudtrail-enabled-multi-region");
    assert_eq!(ct1.status, Status::Failed, "{}", ct1.reason);
    assert_eq!(ct1.transition, Transition::New);
    // Its other rules are unchanged since the sweep: one alert, CloudTrail.1's, naming the caller.
    assert!(
        beside
            .findings
            .iter()
            .filter(|f| f.rule != "cloudtrail-enabled-multi-region")
            .all(|f| f.transition == Transition::Unchanged),
        "{beside:?}"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        alerts[0].1.contains("cloudtrail-enabled-multi-region"),
        "{alerts:?}"
    );
    assert!(alerts[0].1.contains("alice@example.com"), "{alerts:?}");
    crate::describers::actor_in_finding(
        &account,
        "cloudtrail-enabled-multi-region",
        "alice@example.com (role DevOps, MFA)",
    )
    .await;

    // Delivered again: nothing more.
    handle(&service, &update).await;
    assert!(account.alerts().await.is_empty());
}

/// The compliant trail made single-Region in moto, with the `UpdateTrail` call that did it (the
/// log-file-validation sample, with this change's request and response).
pub(crate) async fn made_single_region(ct: &aws_sdk_cloudtrail::Client) -> Value {
    ct.update_trail()
        .name(TRAIL)
        .is_multi_region_trail(false)
        .send()
        .await
        .expect("update trail");
    let mut update = event("cloudtrail/cloudtrail/update-trail-log-file-validation-off.json");
    update["detail"]["requestParameters"] = json!({"name": TRAIL, "isMultiRegionTrail": false});
    update["detail"]["responseElements"]["isMultiRegionTrail"] = json!(false);
    update["detail"]["responseElements"]["logFileValidationEnabled"] = json!(true);
    update
}

/// A compliant trail ([`create_trail`]) stopped, with the `StopLogging` sample that stopped it.
pub(crate) async fn stopped_trail(account: &Account) -> Value {
    let ct = create_trail(account).await;
    ct.stop_logging().name(TRAIL).send().await.expect("stop");
    event("cloudtrail/cloudtrail/stop-logging.json")
}

/// A compliant trail ([`create_trail`]) narrowed to write-only management events, with the
/// `PutEventSelectors` sample that narrowed it.
pub(crate) async fn narrowed_trail(account: &Account) -> Value {
    let ct = create_trail(account).await;
    ct.put_event_selectors()
        .trail_name(TRAIL)
        .event_selectors(
            EventSelector::builder()
                .read_write_type(ReadWriteType::WriteOnly)
                .include_management_events(true)
                .build(),
        )
        .send()
        .await
        .expect("narrow the selectors");
    event("cloudtrail/cloudtrail/put-event-selectors-write-only.json")
}

#[tokio::test]
async fn suspending_a_detector_fails_it_from_get_detector_enabling_it_resolves_and_deleting_it_deletes_it(
) {
    let account = Account::new().await;
    let (gd, id, e) = suspended_detector(&account).await;
    let service = account.service();
    let report = handle(&service, &e).await;
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.clone()),
        Some(format!(
            "arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{id}"
        ))
    );
    assert_eq!(
        finding(&report, "guardduty-detector-enabled").status,
        Status::Failed
    );
    assert_eq!(
        finding(&report, "guardduty-rds-protection").status,
        Status::Passed
    );
    assert_eq!(
        finding(&report, "guardduty-lambda-protection").status,
        Status::Failed
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert!(alerts
        .iter()
        .any(|(_, body)| body.contains("alice@example.com")));
    // The imported finding names the caller too.
    crate::describers::actor_in_finding(
        &account,
        "guardduty-detector-enabled",
        "alice@example.com (role DevOps, MFA)",
    )
    .await;
    // AWS Config's later item for the suspended detector alerts nothing.
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;

    // Enabled again (the sample's call with `enable: true`, a later call of its own): the
    // finding resolves, with one alert naming who enabled it.
    gd.update_detector()
        .detector_id(&id)
        .enable(true)
        .send()
        .await
        .expect("enable");
    let mut enable = e.clone();
    enable["detail"]["requestParameters"]["enable"] = json!(true);
    enable["detail"]["eventTime"] = json!("2026-11-23T09:53:00Z");
    enable["time"] = json!("2026-11-23T09:53:00Z");
    enable["detail"]["eventID"] = json!("d77c2c07-8b9c-4dae-8f5a-6b7c8d9eafb7");
    enable["detail"]["requestID"] = json!("ddf5140f-d77c-4c3a-9b1e-0a1b2c3d4e5f");
    let report = handle(&service, &enable).await;
    let enabled = finding(&report, "guardduty-detector-enabled");
    assert_eq!(enabled.status, Status::Passed);
    assert_eq!(enabled.transition, Transition::Resolved);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.starts_with("[RESOLVED]"), "{subject}");
    assert!(body.contains("alice@example.com"), "{body}");
    assert_eq!(
        hub_compliance(&account, "guardduty-detector-enabled")
            .await
            .as_deref(),
        Some("PASSED")
    );
    // The same call again (EventBridge delivers at least once): nothing more.
    handle(&service, &enable).await;
    let alerts = account.alerts().await;
    assert!(alerts.is_empty(), "{alerts:?}");

    gd.delete_detector()
        .detector_id(&id)
        .send()
        .await
        .expect("delete detector");
    let mut e = event("cloudtrail/guardduty/delete-detector.json");
    e["detail"]["requestParameters"]["detectorId"] = json!(id);
    let report = handle(&account.service(), &e).await;
    assert!(report.deleted, "{report:?}");
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].1.contains("GuardDuty no longer"), "{alerts:?}");
    // Its findings (Lambda Protection's failure, the resolved and the passing ones) are archived.
    let findings = account.findings().await;
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
}

/// The recorder `default` (with the service-linked role, recording every supported type) and
/// its delivery channel put in moto, not started.
pub(crate) async fn put_recorder(account: &Account) -> aws_sdk_config::Client {
    use aws_sdk_config::types::{ConfigurationRecorder, RecordingGroup};
    create_bucket(&account.moto.endpoint, "config-bucket-123456789012");
    let config = aws_sdk_config::Client::new(&account.sdk);
    config
        .put_configuration_recorder()
        .configuration_recorder(
            ConfigurationRecorder::builder()
                .name("default")
                .role_arn(format!(
                    "arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
                ))
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
    put_delivery_channel(&config).await;
    config
}

/// The delivery channel AWS Config needs before a recorder can start.
pub(crate) async fn put_delivery_channel(config: &aws_sdk_config::Client) {
    config
        .put_delivery_channel()
        .delivery_channel(
            aws_sdk_config::types::DeliveryChannel::builder()
                .name("default")
                .s3_bucket_name("config-bucket-123456789012")
                .build(),
        )
        .send()
        .await
        .expect("put delivery channel");
}

#[tokio::test]
async fn deleting_the_config_recorder_alerts_once_naming_the_caller_and_archives_its_findings() {
    let account = Account::new().await;
    let config = put_recorder(&account).await;
    // Stopped (never started): the stop call has it described, and it fails.
    let service = account.service();
    let report = handle(
        &service,
        &event("cloudtrail/config/stop-configuration-recorder.json"),
    )
    .await;
    assert_eq!(
        finding(&report, "config-recorder-recording").status,
        Status::Failed
    );
    // The description gives the recorder's real ARN, which ends in an id the calls never carry.
    let stored = report.resource.as_ref().expect("resource").arn.clone();
    assert_eq!(account.alerts().await.len(), 1);

    config
        .delete_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("delete recorder");
    // The call names the recorder by name only: its built ARN (`configuration-recorder/default`)
    // stands in for the stored one, which the pipeline finds by the name.
    let delete = event("cloudtrail/config/delete-configuration-recorder.json");
    let report = handle(&service, &delete).await;
    assert!(report.deleted, "{report:?}");
    assert_eq!(
        report.resource.as_ref().map(|r| r.arn.as_str()),
        Some(stored.as_str()),
        "{report:?}"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.starts_with("[DELETED]"), "{subject}");
    assert!(body.contains("AWS Config no longer records"), "{body}");
    assert!(body.contains("alice@example.com"), "{body}");
    let findings = account.findings().await;
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );

    // The same call again (EventBridge delivers at least once): nothing more is alerted.
    let _ = handle(&service, &delete).await;
    let alerts = account.alerts().await;
    assert!(alerts.is_empty(), "{alerts:?}");
}

#[tokio::test]
async fn stopping_the_config_recorder_alerts_once_and_starting_it_resolves_the_finding() {
    let account = Account::new().await;
    let config = put_recorder(&account).await;
    let start = |time: &str| {
        let mut e = at("cloudtrail/config/stop-configuration-recorder.json", time);
        e["detail"]["eventName"] = json!("StartConfigurationRecorder");
        e["detail"]["eventID"] = json!(format!("start-{time}"));
        e
    };
    config
        .start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("start");
    let service = account.service();
    let report = handle(&service, &start("2026-11-23T10:00:00Z")).await;
    assert_eq!(
        finding(&report, "config-recorder-recording").status,
        Status::Passed
    );
    assert!(account.alerts().await.is_empty());

    config
        .stop_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("stop");
    let report = handle(
        &service,
        &event("cloudtrail/config/stop-configuration-recorder.json"),
    )
    .await;
    assert_eq!(
        finding(&report, "config-recorder-recording").status,
        Status::Failed
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].1.contains("alice@example.com"), "{alerts:?}");
    // The imported finding names the caller too.
    crate::describers::actor_in_finding(
        &account,
        "config-recorder-recording",
        "alice@example.com (role DevOps, MFA)",
    )
    .await;
    // AWS Config's later item for the stopped recorder alerts nothing.
    Box::pin(crate::describers::confirmed_by_config_item(
        &account, &service, &report,
    ))
    .await;

    config
        .start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("start again");
    let report = handle(&service, &start("2026-11-23T10:20:00Z")).await;
    let recording = finding(&report, "config-recorder-recording");
    assert_eq!(recording.status, Status::Passed);
    assert_eq!(recording.transition, Transition::Resolved);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].0.starts_with("[RESOLVED]"), "{alerts:?}");
}
