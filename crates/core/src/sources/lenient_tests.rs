//! One odd field does not discard an item: the configuration's fields are read leniently (set
//! aside with a warning, unknown to the rules), the identity strictly, and dates in every
//! encoding AWS uses.

use super::{parse_event, Parsed};
use crate::evaluate::{assess, Assessment, RuleOutcome};
use crate::lookups::Lookups;
use crate::observation::Observation;
use crate::settings::Settings;
use crate::verdict::Verdict;
use serde_json::{json, Value};

fn sample(path: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../../events/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn observation(event: &Value) -> Observation {
    match parse_event(event) {
        Ok(Parsed::Observation(o)) => o,
        other => panic!("expected an observation, got {other:?}"),
    }
}

fn outcomes(o: &Observation) -> Vec<RuleOutcome> {
    match assess(o, &Settings::default(), &Lookups::none()) {
        Some(Assessment::Present(outcomes)) => outcomes,
        other => panic!("{other:?}"),
    }
}

fn verdict<'a>(all: &'a [RuleOutcome], control: &str) -> &'a Verdict {
    &all.iter()
        .find(|o| o.rule.controls.contains(&control))
        .unwrap_or_else(|| panic!("no rule for {control}"))
        .verdict
}

const CONFIGURATION: &str = "/detail/configurationItem/configuration";

#[test]
fn a_kms_key_with_an_epoch_deletion_date_fails_kms3_like_the_iso_one() {
    let epoch = sample("config/kms/key-pending-deletion-epoch-date.json");
    assert!(epoch
        .pointer(&format!("{CONFIGURATION}/deletionDate"))
        .unwrap()
        .is_number());
    let mut iso = epoch.clone();
    *iso.pointer_mut(&format!("{CONFIGURATION}/deletionDate"))
        .unwrap() = json!("2026-12-23T09:00:00.000Z");
    for event in [&epoch, &iso] {
        let o = observation(event);
        assert!(o.warnings.is_empty(), "{:?}", o.warnings);
        match verdict(&outcomes(&o), "KMS.3") {
            Verdict::Failed { reason, .. } => assert!(
                reason.contains("2026-12-23T09:00:00.000Z"),
                "the date is read, not only the state: {reason}"
            ),
            other => panic!("KMS.3 should fail: {other:?}"),
        }
    }
}

#[test]
fn publicly_accessible_as_text_leaves_rds2_undetermined_with_a_warning_and_the_rest_intact() {
    let original = sample("config/rds/db-instance-insecure.json");
    let mut odd = original.clone();
    *odd.pointer_mut(&format!("{CONFIGURATION}/publiclyAccessible"))
        .unwrap() = json!("false");
    let (before, after) = (observation(&original), observation(&odd));
    assert!(before.warnings.is_empty());
    assert_eq!(after.warnings.len(), 1, "{:?}", after.warnings);
    let warning = &after.warnings[0];
    assert_eq!(
        warning.field,
        "detail.configurationItem.configuration.publiclyAccessible"
    );
    assert!(
        warning.reason.contains("true or false") && warning.reason.contains("a string"),
        "{warning}"
    );
    assert!(
        !warning.to_string().contains("\"false\""),
        "no value echoed"
    );

    let (before, after) = (outcomes(&before), outcomes(&after));
    assert!(matches!(verdict(&before, "RDS.2"), Verdict::Failed { .. }));
    assert_eq!(
        verdict(&after, "RDS.2"),
        &Verdict::undetermined(["publiclyAccessible"])
    );
    // Every other rule reaches the same verdict as with the well-typed item.
    assert_eq!(before.len(), after.len());
    let mut others = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.rule.id, a.rule.id);
        if b.rule.controls.contains(&"RDS.2") {
            continue;
        }
        assert_eq!(b.verdict, a.verdict, "{}", b.rule.id);
        others += 1;
    }
    assert!(
        others > 5,
        "the item's other rules were compared ({others})"
    );
}

#[test]
fn a_cloudtrail_response_member_of_the_wrong_type_is_set_aside_too() {
    let mut event = sample("cloudtrail/rds/create-db-instance.json");
    let response = event.pointer_mut("/detail/responseElements").unwrap();
    response["multiAZ"] = json!({"unexpected": true});
    let o = observation(&event);
    let fields: Vec<&str> = o.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["detail.responseElements.multiAZ"]);
}

#[test]
fn identity_and_envelope_fields_of_the_wrong_type_are_still_errors() {
    let item = "/detail/configurationItem";
    for (pointer, field) in [
        (format!("{item}/resourceType"), "resourceType"),
        (format!("{item}/resourceId"), "resourceId"),
        (format!("{item}/ARN"), "ARN"),
        (format!("{item}/awsAccountId"), "awsAccountId"),
        (format!("{item}/awsRegion"), "awsRegion"),
        (
            format!("{item}/configurationItemStatus"),
            "configurationItemStatus",
        ),
        (
            format!("{item}/configurationItemCaptureTime"),
            "configurationItemCaptureTime",
        ),
        ("/account".to_string(), "account"),
        ("/region".to_string(), "region"),
        ("/time".to_string(), "time"),
    ] {
        let mut event = sample("config/rds/db-instance-insecure.json");
        *event.pointer_mut(&pointer).unwrap() = json!(true);
        let err = parse_event(&event)
            .map(|_| ())
            .expect_err(&pointer)
            .to_string();
        assert!(
            err.contains(field) && err.contains("a boolean"),
            "{pointer}: {err}"
        );
    }
    // A capture time that is text but no date is an error too, and is not echoed.
    let mut event = sample("config/rds/db-instance-insecure.json");
    *event
        .pointer_mut(&format!("{item}/configurationItemCaptureTime"))
        .unwrap() = json!("last-tuesday-s3cr3t");
    let err = parse_event(&event).unwrap_err().to_string();
    assert!(
        err.contains("configurationItemCaptureTime") && !err.contains("s3cr3t"),
        "{err}"
    );
}

#[test]
fn a_capture_time_in_another_aws_encoding_is_the_same_instant() {
    let original = sample("config/rds/db-instance-insecure.json");
    let pointer = "/detail/configurationItem/configurationItemCaptureTime";
    let iso = observation(&original).captured_at;
    let mut epoch = original.clone();
    *epoch.pointer_mut(pointer).unwrap() = json!(iso.timestamp_millis() as f64 / 1000.0);
    assert_eq!(observation(&epoch).captured_at, iso);
}

#[test]
fn malformed_json_and_a_configuration_that_is_not_an_object_keep_their_errors() {
    assert!(super::parse_event_str("{\"version\": \"0\", \"detail\": {").is_err());
    let mut event = sample("config/rds/db-instance-insecure.json");
    *event.pointer_mut(CONFIGURATION).unwrap() = json!(["not", "an", "object"]);
    let err = parse_event(&event).unwrap_err().to_string();
    assert!(
        err.contains("configuration") && err.contains("JSON object"),
        "{err}"
    );
}
