//! Account activity end to end against moto_server: a console sign-in without MFA and the root
//! user's use each give one alert naming the actor, where from and when, and one informational
//! Security Hub finding; a redelivery of the same event says nothing more. The sample events
//! are `events/signin/` (shapes from the CloudTrail User Guide). No AWS call is needed to judge
//! them, so moto holds only what Vigil delivered and stored.

use serde_json::Value;
use vigil_aws::{EvaluateService, ServiceConfig};
use vigil_core::decide::Transition;
use vigil_core::{Settings, Status};
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

fn service(account: &Account) -> EvaluateService {
    EvaluateService::new(
        &account.sdk,
        ServiceConfig {
            table: account.table.clone(),
            topic_arn: account.topic_arn.clone(),
            settings: Settings {
                // As the template sets it: the stack's region.
                global_region: Some(REGION.into()),
                ..Settings::default()
            },
        },
    )
}

async fn handle(service: &EvaluateService, e: &Value) -> vigil_core::report::Report {
    Box::pin(service.handle(e, chrono::Utc::now()))
        .await
        .expect("handled")
}

#[tokio::test]
async fn a_sign_in_without_mfa_and_the_root_users_use_alert_once_each_with_an_informational_finding(
) {
    let account = Account::new().await;
    let service = service(&account);

    let signin = event("signin/console-login-without-mfa.json");
    let report = handle(&service, &signin).await;
    let f = finding(&report, "console-sign-in-without-mfa");
    assert_eq!(f.status, Status::Failed);
    assert_eq!(f.transition, Transition::New);
    assert_eq!(
        finding(&report, "root-user-activity").status,
        Status::NotApplicable
    );
    let resource = report.resource.as_ref().expect("the activity");
    assert_eq!(resource.region, REGION, "filed with the account's findings");
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let (subject, body) = &alerts[0];
    assert!(subject.contains("Anaya"), "{subject}");
    assert!(body.contains("IAM user Anaya"), "{body}");
    assert!(body.contains("192.0.2.0"), "the source IP: {body}");
    assert!(body.contains("09:14:40 UTC on 2026-11-23"), "when: {body}");

    let findings = account.findings().await;
    assert_eq!(findings.len(), 1, "{findings:?}");
    let sh = &findings[0];
    assert_eq!(
        sh.severity().and_then(|s| s.label()).map(|l| l.as_str()),
        Some("INFORMATIONAL")
    );
    assert!(sh
        .id()
        .is_some_and(|id| id.contains(&format!("AWS::::Account:{ACCOUNT}/event/"))));

    // EventBridge delivers at least once: the same event again says nothing.
    let again = handle(&service, &signin).await;
    assert!(again
        .findings
        .iter()
        .all(|f| f.transition == Transition::Unchanged));
    assert!(account.alerts().await.is_empty());

    // The root user signs in (with MFA: still root use), then makes a call Vigil does not
    // evaluate for its resource: one alert each, naming the root user.
    for (path, what) in [
        (
            "signin/root-console-login.json",
            "signed in to the AWS console",
        ),
        ("signin/root-api-call.json", "acted"),
    ] {
        let report = handle(&service, &event(path)).await;
        assert_eq!(
            finding(&report, "root-user-activity").status,
            Status::Failed,
            "{path}"
        );
        assert_eq!(
            finding(&report, "console-sign-in-without-mfa").status,
            Status::NotApplicable,
            "one alert, not two: {path}"
        );
        let alerts = account.alerts().await;
        assert_eq!(alerts.len(), 1, "{path}: {alerts:?}");
        let body = &alerts[0].1;
        assert!(
            body.contains("the account's root user (MFA)") && body.contains(what),
            "{path}: {body}"
        );
        assert!(body.contains("192.0.2.10"), "{path}: {body}");
    }
    assert_eq!(account.findings().await.len(), 3);
}
