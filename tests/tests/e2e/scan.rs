//! `vigil scan` end to end: the built `vigil` binary against a seeded moto_server, with the
//! endpoint, credentials and region from the environment as a user would set them. Every seeded
//! defect is found, no good resource fails its rule, a planted secret appears in no output or
//! state, and a second scan with state shows nothing new.
//!
//! The binary is the one `cargo test --workspace` builds for the CLI's own tests
//! (`target/debug/vigil`, beside this test binary's `deps/`), or `$VIGIL_BIN`; run
//! `cargo build -p vigil` first when running this binary alone.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use vigil_e2e::seed::{seed, PLANTED_SECRET, SEEDED_KINDS};
use vigil_e2e::{Account, ACCOUNT, REGION};

pub(crate) fn vigil() -> PathBuf {
    // A shared target directory's `debug/vigil` may be another checkout's: VIGIL_BIN names the
    // binary to test instead.
    if let Some(bin) = std::env::var_os("VIGIL_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    let bin = debug.join(format!("vigil{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p vigil` (cargo test --workspace does)",
        bin.display()
    );
    bin
}

fn scan(account: &Account, state: Option<&std::path::Path>, extra: &[&str]) -> Output {
    let mut cmd = Command::new(vigil());
    cmd.arg("scan").arg("--format").arg("json");
    match state {
        Some(path) => cmd.arg("--state").arg(path),
        None => cmd.arg("--no-state"),
    };
    cmd.args(extra)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("AWS_ENDPOINT_URL", &account.moto.endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .expect("run vigil scan")
}

fn reports(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The report of a resource, by type and the name people see (its name, else its id).
fn report_of<'a>(reports: &'a [Value], resource_type: &str, name: &str) -> Option<&'a Value> {
    reports.iter().find(|r| {
        let res = &r["resource"];
        res["type"] == resource_type && (res["name"].as_str().or(res["id"].as_str())) == Some(name)
    })
}

fn verdict<'a>(report: &'a Value, rule: &str) -> Option<&'a Value> {
    report["findings"]
        .as_array()?
        .iter()
        .find(|f| f["rule"] == rule)
}

#[tokio::test]
async fn a_scan_finds_every_seeded_defect_and_leaks_no_secret() {
    let account = Account::new().await;
    let seeded = seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let dir = std::env::temp_dir().join(format!("vigil-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let state = dir.join("state.json");

    let first = scan(&account, Some(&state), &[]);
    let stderr = String::from_utf8_lossy(&first.stderr).to_string();
    assert_eq!(first.status.code(), Some(1), "failures found: {stderr}");
    assert!(stderr.contains("scanning account 123456789012"), "{stderr}");
    let found = reports(&first);
    for s in &seeded {
        let report = report_of(&found, s.resource_type, &s.name)
            .unwrap_or_else(|| panic!("{} {} not scanned: {stderr}", s.resource_type, s.name));
        let v = verdict(report, s.rule);
        if let Some(gap) = s.moto_gap {
            let undetermined = report["undetermined"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                undetermined.iter().any(|u| u["rule"] == s.rule),
                "{}: moto leaves out {gap}: {report}",
                s.name
            );
            continue;
        }
        if s.defective {
            let v = v.unwrap_or_else(|| panic!("{}: no {} verdict: {report}", s.name, s.rule));
            assert_eq!(v["status"], "FAILED", "{} {}: {v}", s.name, s.rule);
        } else if let Some(v) = v {
            assert_ne!(v["status"], "FAILED", "{} {}: {v}", s.name, s.rule);
        }
    }
    let skipped: Vec<_> = found.iter().filter(|r| !r["skipped"].is_null()).collect();
    assert!(skipped.is_empty(), "every kind evaluated: {skipped:?}");

    // Nothing planted in any output or the state file.
    let state_text = std::fs::read_to_string(&state).expect("the state file");
    for text in [
        String::from_utf8_lossy(&first.stdout).to_string(),
        stderr.clone(),
        state_text,
    ] {
        assert!(!text.contains(PLANTED_SECRET));
    }

    // A second scan remembers: nothing is new.
    let second = scan(&account, Some(&state), &[]);
    let again = reports(&second);
    let moved: Vec<_> = again
        .iter()
        .flat_map(|r| r["findings"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["transition"] != "unchanged")
        .collect();
    assert!(moved.is_empty(), "{moved:?}");
    assert!(!again.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_scan_without_credentials_says_what_to_do() {
    let account = Account::new().await;
    let out = Command::new(vigil())
        .args(["scan", "--no-state"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir().join("vigil-no-home"))
        .env("AWS_ENDPOINT_URL", &account.moto.endpoint)
        .env("AWS_REGION", REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run vigil scan");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("credentials"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
