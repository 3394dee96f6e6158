//! The heartbeat end to end: the evaluate path and the sweep record when they last processed an
//! event and a listing in the DynamoDB table (one item, `pk = sk = HEARTBEAT`), and the built
//! `vigil status` prints it, from the table with the caller's credentials (`--table`) and from
//! a local state file.

use std::process::Command;
use vigil_aws::store::DynamoStore;
use vigil_aws::sweep;
use vigil_aws::Clock;
use vigil_core::sweep::Run;
use vigil_e2e::{event, Account, ACCOUNT, REGION};

fn status(account: &Account, args: &[&str]) -> String {
    let out = Command::new(crate::scan::vigil())
        .arg("status")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("AWS_ENDPOINT_URL", &account.moto.endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .expect("run vigil status");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn events_and_sweeps_beat_in_the_table_and_vigil_status_prints_it() {
    let account = Account::new().await;
    let store = DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&account.sdk),
        account.table.clone(),
    );
    assert_eq!(store.heartbeat().await.unwrap(), Default::default());
    let text = status(&account, &["--table", &account.table]);
    assert!(text.contains("last event processed: never"), "{text}");

    let service = account.service();
    let e = event("signin/console-login-without-mfa.json");
    Box::pin(service.handle(&e, chrono::Utc::now()))
        .await
        .expect("handled");
    let h = store.heartbeat().await.unwrap();
    assert_eq!(h.last_event_id.as_deref(), e["id"].as_str());
    assert!(h.last_sweep_at.is_none());

    let run = Run {
        id: "sweep-heartbeat".into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![],
    };
    let outcome = Box::pin(sweep::sweep_kind(
        service.pipeline(),
        &vigil_aws::Clients::new(&account.sdk),
        &Clock::system(),
        &run,
        &vigil_core::kinds::account::ACCOUNT,
    ))
    .await;
    assert!(outcome.result.is_ok());
    let h = store.heartbeat().await.unwrap();
    assert_eq!(h.last_sweep_run.as_deref(), Some("sweep-heartbeat"));
    assert_eq!(h.last_event_id.as_deref(), e["id"].as_str());

    let text = status(&account, &["--table", &account.table]);
    assert!(text.contains(e["id"].as_str().unwrap()), "{text}");
    assert!(text.contains("sweep-heartbeat"), "{text}");
    assert!(
        text.contains(&format!("DynamoDB table {}", account.table)),
        "{text}"
    );

    // Locally: `vigil evaluate` with a state file beats it, and `vigil status` reads it.
    let dir = std::env::temp_dir().join(format!("vigil-status-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let state = dir.join("state.json");
    let text = status(&account, &["--state", state.to_str().unwrap()]);
    assert!(text.contains("last event processed: never"), "{text}");
    let sample = format!(
        "{}/../events/signin/console-login-without-mfa.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(crate::scan::vigil())
        .args(["evaluate", "--state", state.to_str().unwrap(), &sample])
        .output()
        .expect("run vigil evaluate");
    assert_eq!(out.status.code(), Some(1), "a failing finding");
    let text = status(&account, &["--state", state.to_str().unwrap()]);
    assert!(text.contains("console-login-without-mfa.json"), "{text}");
    assert!(text.contains("last sweep processed: never"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
