//! No secret value leaves `vigil evaluate`: values planted in a Lambda function's environment and
//! in an API Gateway stage's variables appear nowhere in the text or JSON output, the error
//! stream, or the state file, while the variables are named.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const PLANTED: [&str; 4] = [
    "Pl4nted-Cli-Pw-4410",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "Backend-Stage-Pw-8823",
];

fn sample(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../events")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("sample event")).expect("JSON")
}

fn write(dir: &Path, name: &str, event: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(event).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn planted_values_appear_nowhere_in_output_or_state() {
    let dir = std::env::temp_dir().join(format!("vigil-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let mut function = sample("config/lambda/function-outdated-public.json");
    function["detail"]["configurationItem"]["configuration"]["environment"] = json!({"variables": {
        "DATABASE_URL": format!("postgres://orders:{}@orders-db:5432/orders", PLANTED[0]),
        "UPLOAD_ACCESS_KEY_ID": PLANTED[1],
        "UPLOAD_SECRET_ACCESS_KEY": PLANTED[2],
        "LOG_LEVEL": "info"
    }});
    let mut stage = sample("config/apigateway/rest-stage-insecure.json");
    stage["detail"]["configurationItem"]["configuration"]["variables"] =
        json!({"backendPassword": PLANTED[3], "backendHost": "orders.internal"});
    let inputs = [
        write(&dir, "function.json", &function),
        write(&dir, "stage.json", &stage),
    ];
    let state = dir.join("state.json");

    let mut everything = String::new();
    for format in ["json", "text"] {
        let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(["evaluate", "--format", format, "--state"])
            .arg(&state)
            .args(&inputs)
            .output()
            .expect("run vigil");
        assert_eq!(out.status.code(), Some(1), "failures are reported");
        everything.push_str(&String::from_utf8_lossy(&out.stdout));
        everything.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    everything.push_str(&std::fs::read_to_string(&state).unwrap_or_default());
    let _ = std::fs::remove_dir_all(&dir);

    for name in [
        "DATABASE_URL",
        "UPLOAD_SECRET_ACCESS_KEY",
        "backendPassword",
    ] {
        assert!(everything.contains(name), "{name} is not named");
    }
    for planted in PLANTED {
        assert!(
            !everything.contains(planted),
            "planted value {planted} leaked"
        );
    }
    assert!(
        !everything.contains("Pl4nted"),
        "part of a planted value leaked"
    );
}
