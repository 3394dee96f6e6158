//! The `vigil evaluate --format json` contract, run against the built binary: one JSON object
//! per input per line with the fixed fields, an `error` for broken input without stopping, and
//! the exit status (0 nothing fails, 1 a finding FAILED, 2 an input in error).

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn vigil(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(events_dir().parent().unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vigil");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn events_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events")
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn assert_shape(doc: &Value) {
    for key in ["input", "deleted", "skipped", "error", "findings"] {
        assert!(doc.get(key).is_some(), "missing {key}: {doc}");
    }
    if doc["error"].is_null() && doc["skipped"].is_null() {
        for key in ["type", "id", "arn", "account", "region"] {
            assert!(doc["resource"][key].is_string(), "resource.{key}: {doc}");
        }
    }
    for f in doc["findings"].as_array().unwrap() {
        assert!(["PASSED", "FAILED", "NOT_APPLICABLE"].contains(&f["status"].as_str().unwrap()));
        assert!(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]
            .contains(&f["severity"].as_str().unwrap()));
        assert!(["new", "unchanged", "resolved"].contains(&f["transition"].as_str().unwrap()));
        for c in f["controls"].as_array().unwrap() {
            let c = c.as_str().unwrap();
            let (service, number) = c.split_once('.').unwrap();
            assert!(!service.is_empty() && number.parse::<u32>().is_ok(), "{c}");
        }
        assert!(!f["title"].as_str().unwrap().is_empty());
    }
}

#[test]
fn every_sample_event_gives_one_well_formed_line_and_failures_exit_1() {
    let out = vigil(
        &["evaluate", "--format", "json", "--no-state", "events"],
        "",
    );
    let docs = lines(&out);
    let count = walk_count(&events_dir());
    assert_eq!(docs.len(), count, "one line per sample event");
    docs.iter().for_each(assert_shape);
    assert!(
        docs.iter().all(|d| d["error"].is_null()),
        "samples are valid"
    );
    assert_eq!(out.status.code(), Some(1), "the insecure samples fail");
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk_count(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "json"))
            }
        })
        .sum()
}

#[test]
fn a_compliant_resource_exits_0() {
    let out = vigil(
        &[
            "evaluate",
            "--format",
            "json",
            "--no-state",
            "events/config/rds/db-instance-compliant.json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let docs = lines(&out);
    // One finding per DB instance rule that reaches a verdict: RDS.2, 3, 5, 6, 8, 9, 10, 11, 13,
    // 17, 18, 23, 25, 36 and the engine standard-support rule (PostgreSQL 16) pass; RDS.39 (MySQL),
    // RDS.40 and RDS.41 (SQL Server), RDS.42 and RDS.44 (MariaDB) and data residency (no allowed
    // regions configured) are not applicable; RDS.38 needs a parameter-group lookup the offline
    // CLI cannot make, so it is undetermined and not a finding.
    assert_eq!(docs[0]["findings"].as_array().unwrap().len(), 21);
}

#[test]
fn a_root_call_evaluated_for_its_resource_is_one_line_with_its_root_use_nested() {
    let mut e: Value = serde_json::from_str(
        &std::fs::read_to_string(
            events_dir().join("cloudtrail/rds/modify-db-instance-public.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let root: Value = serde_json::from_str(
        &std::fs::read_to_string(events_dir().join("signin/root-api-call.json")).unwrap(),
    )
    .unwrap();
    e["detail"]["userIdentity"] = root["detail"]["userIdentity"].clone();
    let out = vigil(
        &["evaluate", "--format", "json", "--no-state", "-"],
        &e.to_string(),
    );
    assert_eq!(out.status.code(), Some(1));
    let docs = lines(&out);
    assert_eq!(docs.len(), 1, "one line per input: {docs:?}");
    assert_shape(&docs[0]);
    let failed = |doc: &Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "FAILED")
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(failed(&docs[0]).contains(&"rds-instance-public-access".to_string()));
    let root_use = &docs[0]["root_use"];
    assert_shape(root_use);
    assert_eq!(failed(root_use), ["root-user-activity"]);
    // Someone else's call has no root_use.
    let out = vigil(
        &[
            "evaluate",
            "--format",
            "json",
            "--no-state",
            "events/cloudtrail/rds/modify-db-instance-public.json",
        ],
        "",
    );
    assert!(lines(&out)[0].get("root_use").is_none());
}

#[test]
fn broken_inputs_get_an_error_each_and_the_stream_goes_on() {
    let good =
        std::fs::read_to_string(events_dir().join("config/rds/db-instance-insecure.json")).unwrap();
    let good: Value = serde_json::from_str(&good).unwrap();
    let stream = format!(
        "{good}\n{{\"version\": \"0\", \"detail\": {{\n{}\n{}\n{good}\n",
        r#"{"version": 0, "detail-type": 7, "source": ["aws.config"], "detail": "x"}"#,
        r#"{"version": "0", "id": "x", "detail-type": "Config Configuration Item Change", "source": "aws.config", "account": "123456789012", "region": "eu-west-2", "time": "2026-11-23T09:00:00Z"}"#,
    );
    let out = vigil(
        &["evaluate", "--format", "json", "--no-state", "-"],
        &stream,
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 5);
    docs.iter().for_each(assert_shape);
    let errors: Vec<&str> = docs.iter().filter_map(|d| d["error"].as_str()).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("not valid JSON"), "{}", errors[0]);
    assert!(errors[1].contains("detail-type"), "{}", errors[1]);
    assert!(errors[2].contains("`detail` is missing"), "{}", errors[2]);
    assert!(docs[4]["error"].is_null() && !docs[4]["findings"].as_array().unwrap().is_empty());
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn an_empty_file_and_a_missing_file_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let out = vigil(
        &[
            "evaluate",
            "--format",
            "json",
            "--no-state",
            empty.to_str().unwrap(),
            "/no/such/event.json",
        ],
        "",
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d["error"].is_string()));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn state_makes_the_second_run_unchanged_and_a_fix_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state = state.to_str().unwrap();
    let insecure = "events/config/rds/db-instance-insecure.json";
    let first = lines(&vigil(
        &["evaluate", "--format", "json", "--state", state, insecure],
        "",
    ));
    assert!(first[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["transition"] == "new"));
    let second = lines(&vigil(
        &["evaluate", "--format", "json", "--state", state, insecure],
        "",
    ));
    assert!(second[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["transition"] == "unchanged"));

    let mut fixed: Value = serde_json::from_str(
        &std::fs::read_to_string(events_dir().join("config/rds/db-instance-insecure.json"))
            .unwrap(),
    )
    .unwrap();
    let item = &mut fixed["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = "2030-01-01T00:00:00.000Z".into();
    item["configuration"]["publiclyAccessible"] = false.into();
    let out = vigil(
        &["evaluate", "--format", "json", "--state", state, "-"],
        &format!("{fixed}\n"),
    );
    let third = lines(&out);
    let public = third[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "rds-instance-public-access")
        .unwrap()
        .clone();
    assert_eq!(public["status"], "PASSED");
    assert_eq!(public["transition"], "resolved");

    let history = vigil(&["history", "orders-db", "--state", state], "");
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(text.contains("FAILED -> PASSED"), "{text}");
}

#[test]
fn text_output_lists_failing_first_with_a_summary() {
    let out = vigil(
        &[
            "evaluate",
            "--no-state",
            "events/config/rds/db-instance-insecure.json",
            "events/config/rds/db-instance-compliant.json",
        ],
        "",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let orders = text.find("orders-db").unwrap();
    let billing = text.find("billing-db").unwrap();
    assert!(
        orders < billing,
        "the failing resource comes first:\n{text}"
    );
    assert!(
        text.contains("2 resource(s): 10 failing, 20 passing"),
        "{text}"
    );
}

#[test]
fn a_field_of_the_wrong_type_is_a_warning_not_an_error() {
    let text =
        std::fs::read_to_string(events_dir().join("config/rds/db-instance-insecure.json")).unwrap();
    let mut event: Value = serde_json::from_str(&text).unwrap();
    event["detail"]["configurationItem"]["configuration"]["publiclyAccessible"] =
        Value::String("false".into());
    let out = vigil(
        &["evaluate", "--format", "json", "--no-state", "-"],
        &event.to_string(),
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_shape(doc);
    assert!(doc["error"].is_null(), "{doc}");
    assert_eq!(
        doc["warnings"][0]["field"],
        "detail.configurationItem.configuration.publiclyAccessible"
    );
    assert!(doc["warnings"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("a string"));
    assert!(doc["undetermined"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["rule"] == "rds-instance-public-access"));
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "rds-instance-public-access"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "the item's other failures remain"
    );
    // Without odd fields the report has no `warnings` at all (the field is optional).
    let out = vigil(&["evaluate", "--format", "json", "--no-state", "-"], &text);
    assert!(lines(&out)[0].get("warnings").is_none());
    // The text report says which field was ignored.
    let out = vigil(&["evaluate", "--no-state", "-"], &event.to_string());
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("WARNING") && shown.contains("configuration.publiclyAccessible"),
        "{shown}"
    );
}

#[test]
fn rules_json_gives_control_standards_gdpr_and_cyber_essentials_per_rule() {
    let out = vigil(&["rules", "--format", "json"], "");
    assert!(out.status.success());
    let docs = lines(&out);
    let rule = |id: &str| {
        docs.iter()
            .find(|d| d["rule"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
            .clone()
    };
    for d in &docs {
        for key in [
            "security_control_id",
            "standards",
            "gdpr",
            "cyber_essentials",
        ] {
            assert!(d.get(key).is_some(), "{key} missing: {d}");
        }
        assert!(!d["gdpr"].as_array().unwrap().is_empty(), "{d}");
    }
    let rds2 = rule("rds-instance-public-access");
    assert_eq!(rds2["security_control_id"], "RDS.2");
    assert!(rds2["standards"].as_array().unwrap().contains(&Value::from(
        "AWS Foundational Security Best Practices v1.0.0"
    )));
    assert_eq!(rds2["cyber_essentials"], "Firewalls");
    let kms4 = rule("kms-key-rotation");
    assert!(
        !kms4["standards"].as_array().unwrap().contains(&Value::from(
            "AWS Foundational Security Best Practices v1.0.0"
        ))
    );
    let own = rule("iam-role-trust-not-public");
    assert!(own["security_control_id"].is_null());
    assert_eq!(own["cyber_essentials"], "User access control");
}

#[test]
fn vigil_accept_refuses_clearly_and_a_stored_acceptance_suppresses_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state = state.to_str().unwrap();
    let arn = "arn:aws:rds:eu-west-2:123456789012:db:orders-db";
    let accept = |until: &str, reason: &str| {
        vigil(
            &[
                "accept", arn, "RDS.2", "--until", until, "--reason", reason, "--by", "alice",
                "--state", state,
            ],
            "",
        )
    };
    for (until, reason, says) in [
        ("2020-01-01", "too late", "in the past"),
        ("2099-13-01", "bad date", "YYYY-MM-DD"),
        ("2099-12-31", " ", "needs a reason"),
    ] {
        let out = accept(until, reason);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
    }
    assert!(
        !std::path::Path::new(state).exists(),
        "a refusal stores nothing"
    );

    let out = accept("2099-12-31", "reporting replica behind the VPN");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let insecure = "events/config/rds/db-instance-insecure.json";
    let copy = dir.path().join("copy.json");
    std::fs::copy(state, &copy).unwrap();
    let out = vigil(
        &["evaluate", "--format", "json", "--state", state, insecure],
        "",
    );
    let docs = lines(&out);
    let public = docs[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "rds-instance-public-access")
        .unwrap()
        .clone();
    assert_eq!(public["status"], "SUPPRESSED", "{public}");
    assert_eq!(public["accepted"]["until"], "2099-12-31");
    assert_eq!(
        public["accepted"]["reason"],
        "reporting replica behind the VPN"
    );
    assert_eq!(public["accepted"]["accepted_by"], "alice");
    let text = vigil(&["evaluate", "--no-state", insecure], "");
    assert!(!String::from_utf8_lossy(&text.stdout).contains("SUPPRESSED"));
    let text = vigil(
        &["evaluate", "--state", copy.to_str().unwrap(), insecure],
        "",
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("SUPPRESSED"), "{text}");
    assert!(
        text.contains("accepted risk until 2099-12-31: reporting replica behind the VPN"),
        "{text}"
    );
}

#[test]
fn cloudtrail_calls_are_judged_offline_as_far_as_the_call_itself_says() {
    let judge = |sample: &str| {
        let out = vigil(
            &[
                "evaluate",
                "--format",
                "json",
                "--no-state",
                &format!("events/{sample}"),
            ],
            "",
        );
        let docs = lines(&out);
        assert_eq!(docs.len(), 1, "{sample}");
        docs.into_iter().next().unwrap()
    };
    let status = |doc: &Value, rule: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| f["status"].as_str().unwrap().to_string())
    };
    let undetermined = |doc: &Value| -> Vec<String> {
        doc["undetermined"]
            .as_array()
            .map(|u| {
                u.iter()
                    .map(|u| u["rule"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };

    // The response carries the new setting: judged from it; what it lacks is undetermined,
    // never passed or failed.
    let public = judge("cloudtrail/rds/modify-db-instance-public.json");
    assert!(public["skipped"].is_null(), "{public}");
    assert_eq!(
        status(&public, "rds-instance-public-access").as_deref(),
        Some("FAILED")
    );
    let unknown = undetermined(&public);
    assert!(
        unknown.contains(&"rds-postgres-encrypted-in-transit".to_string()),
        "{unknown:?}"
    );
    assert_eq!(status(&public, "rds-postgres-encrypted-in-transit"), None);

    let dax = judge("cloudtrail/dax/create-cluster-unencrypted.json");
    assert_eq!(
        status(&dax, "dax-cluster-encrypted-at-rest").as_deref(),
        Some("FAILED")
    );

    // The call does not describe its resource: offline it is skipped with the reason, and
    // nothing is judged.
    let policy = judge("cloudtrail/dynamodb/put-resource-policy.json");
    let reason = policy["skipped"].as_str().expect("skipped");
    assert!(reason.contains("must be described"), "{reason}");
    assert!(
        policy["findings"].as_array().unwrap().is_empty(),
        "{policy}"
    );
}
