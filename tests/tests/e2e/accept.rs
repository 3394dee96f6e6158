//! Accepted risks end to end (`vigil_core::accept`): an accepted failure is imported FAILED and
//! then suppressed with `BatchUpdateFindings` (answered by the test proxy, which moto lacks),
//! without an alert; a re-evaluation while it holds sends nothing; after its end date the
//! finding is active again (workflow `NEW`) with exactly one alert. One acceptance is a tag, the
//! other is stored in the table as `vigil accept --table` stores it.

use chrono::NaiveDate;
use serde_json::Value;
use vigil_aws::store::DynamoStore;
use vigil_core::accept::{AcceptSource, Acceptance};
use vigil_core::Status;
use vigil_e2e::{event, finding, quick_resilience, Account};

const PUBLIC: &str = "rds-instance-public-access";
const ENCRYPTED: &str = "rds-instance-storage-encrypted";
const ARN: &str = "arn:aws:rds:eu-west-2:123456789012:db:orders-db";

/// The insecure orders-db item, captured at `at` as event `id`, tagged `vigil:accept:RDS.2`.
fn item(id: &str, at: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    e["id"] = Value::from(id);
    e["time"] = Value::from(at);
    let ci = &mut e["detail"]["configurationItem"];
    ci["configurationItemCaptureTime"] = Value::from(at);
    ci["tags"]["vigil:accept:RDS.2"] = Value::from("2025-03-31 reporting replica behind the VPN");
    e
}

fn failing(report: &vigil_core::Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Failed)
        .count()
}

#[test]
fn an_accepted_risk_is_suppressed_without_an_alert_and_comes_back_with_one_alert_after_its_date() {
    // The scenario's future is large in a debug build: it runs on a thread with room for it.
    crate::big_stack(|| Box::pin(suppressed_then_back()));
}

/// The handler, boxed (its future is large in a debug build).
async fn handle(service: &vigil_aws::EvaluateService, e: &Value) -> vigil_core::Report {
    Box::pin(service.handle(e, chrono::Utc::now()))
        .await
        .expect("evaluated")
}

async fn suppressed_then_back() {
    let account = Account::new().await;
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    // The encryption failure is accepted in the store, as `vigil accept --table` does.
    let stored = Acceptance::new(
        ARN,
        ENCRYPTED,
        "2025-03-31",
        "re-encryption planned in the April window",
        "alice",
        AcceptSource::Cli,
        "2025-03-13T09:00:00Z".parse().expect("time"),
        NaiveDate::from_ymd_opt(2025, 3, 13).expect("date"),
    )
    .expect("a valid acceptance");
    let store = DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&account.sdk),
        account.table.clone(),
    );
    let first = item("evt-accept-1", "2025-03-14T10:12:31Z");
    let resource = vigil_core::sources::parse_event(&first)
        .ok()
        .and_then(|p| match p {
            vigil_core::Parsed::Observation(o) => Some(o.resource),
            _ => None,
        })
        .expect("an observation");
    store.accept(&resource, &stored).await.expect("accept");

    // 1. Held: both suppressed, no alert for them, the workflow set with the reason and date.
    let report = handle(&service, &first).await;
    assert_eq!(finding(&report, PUBLIC).status, Status::Suppressed);
    assert_eq!(finding(&report, ENCRYPTED).status, Status::Suppressed);
    let by_tag = finding(&report, PUBLIC)
        .accepted
        .as_ref()
        .expect("accepted");
    assert_eq!(by_tag.reason, "reporting replica behind the VPN");
    assert_eq!(
        finding(&report, ENCRYPTED)
            .accepted
            .as_ref()
            .expect("accepted")
            .accepted_by,
        "alice"
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), failing(&report), "{alerts:#?}");
    let updates = proxy.workflow_updates();
    assert_eq!(updates.len(), 2, "{updates:#?}");
    for u in &updates {
        assert_eq!(u["Workflow"]["Status"], "SUPPRESSED", "{u}");
        assert!(
            u["Note"]["Text"]
                .as_str()
                .unwrap_or_default()
                .contains("2025-03-31"),
            "{u}"
        );
    }
    assert!(updates.iter().any(|u| u["Note"]["Text"]
        .as_str()
        .unwrap_or_default()
        .contains("reporting replica behind the VPN")));
    // Imported as usual, FAILED, under the ids the updates name.
    let findings = account.findings().await;
    for u in &updates {
        let id = u["FindingIdentifiers"][0]["Id"].as_str().expect("id");
        let f = findings
            .iter()
            .find(|f| f.id() == Some(id))
            .expect("imported");
        assert_eq!(
            f.compliance().and_then(|c| c.status()).map(|s| s.as_str()),
            Some("FAILED")
        );
    }
    // The history keeps who accepted, why and until when.
    let history = store.history(&resource).await.expect("history");
    let entry = history
        .iter()
        .find(|h| h.rule == ENCRYPTED && h.to == Some(Status::Suppressed))
        .expect("history entry");
    let accepted = entry.accepted.as_ref().expect("acceptance in history");
    assert_eq!(
        (
            accepted.accepted_by.as_str(),
            accepted.until.to_string().as_str()
        ),
        ("alice", "2025-03-31")
    );

    // 2. Re-evaluated while held: nothing is sent.
    let again = handle(&service, &item("evt-accept-2", "2025-03-20T08:00:00Z")).await;
    assert_eq!(finding(&again, PUBLIC).status, Status::Suppressed);
    assert!(account.alerts().await.is_empty());
    assert_eq!(proxy.workflow_updates().len(), 2);

    // 3. After the end date: active again, one alert each, workflow back to NEW.
    let after = handle(&service, &item("evt-accept-3", "2025-04-01T08:00:00Z")).await;
    assert_eq!(finding(&after, PUBLIC).status, Status::Failed);
    assert_eq!(finding(&after, ENCRYPTED).status, Status::Failed);
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 2, "{alerts:#?}");
    let updates = proxy.workflow_updates();
    assert_eq!(updates.len(), 4, "{updates:#?}");
    for u in &updates[2..] {
        assert_eq!(u["Workflow"]["Status"], "NEW", "{u}");
        assert!(
            u["Note"]["Text"]
                .as_str()
                .unwrap_or_default()
                .contains("ended on 2025-03-31"),
            "{u}"
        );
    }

    // 4. And once more: an ordinary unchanged failure, silent.
    handle(&service, &item("evt-accept-4", "2025-04-02T08:00:00Z")).await;
    assert!(account.alerts().await.is_empty());
    assert_eq!(proxy.workflow_updates().len(), 4);
}

/// `vigil accept --table` without `--by` names who accepted the risk by the caller's identity
/// (STS `GetCallerIdentity`), not by `$USER`; `--by` still names anyone.
#[tokio::test]
async fn vigil_accept_with_a_table_is_made_by_the_caller_sts_names_not_user() {
    let account = Account::new().await;
    let accept = |rule: &str, by: &[&str]| {
        let out = std::process::Command::new(crate::scan::vigil())
            .args(["accept", ARN, rule, "--until", "2099-12-31"])
            .args(["--reason", "reporting replica behind the VPN"])
            .args(["--table", &account.table])
            .args(by)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir())
            .env("USER", "alice")
            .env("AWS_ENDPOINT_URL", &account.moto.endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", vigil_e2e::REGION)
            .output()
            .expect("run vigil accept");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let printed = accept("RDS.2", &[]);
    accept(ENCRYPTED, &["--by", "bob"]);

    let caller = vigil_aws::sweep::caller_arn(&vigil_aws::Clients::new(&account.sdk))
        .await
        .expect("the caller's ARN");
    assert!(caller.starts_with("arn:aws:"), "{caller}");
    assert!(printed.contains(&format!("by {caller}")), "{printed}");
    let resource = vigil_core::sources::parse_event(&item("e", "2025-03-14T10:12:31Z"))
        .ok()
        .and_then(|p| match p {
            vigil_core::Parsed::Observation(o) => Some(o.resource),
            _ => None,
        })
        .expect("an observation");
    let store = DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&account.sdk),
        account.table.clone(),
    );
    let (_, stored) = store.load_accepted(&resource).await.expect("load");
    let by = |id: &str| {
        stored
            .iter()
            .find(|a| a.accepts == id)
            .map(|a| a.accepted_by.clone())
            .unwrap_or_else(|| panic!("{id} not stored: {stored:?}"))
    };
    assert_eq!(by("RDS.2"), caller, "not $USER");
    assert_eq!(by(ENCRYPTED), "bob");
}
