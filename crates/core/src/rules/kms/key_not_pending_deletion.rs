//! FSBP KMS.3 — AWS KMS keys should not be deleted unintentionally.
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3>), AWS Config
//! rule `kms-cmk-not-scheduled-for-deletion-2` (service-managed), no parameters: FAILED when the
//! key is scheduled for deletion (`keyState` `PendingDeletion`).

use crate::resource::Resource;
use crate::rules::{kms_key, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// KMS.3.
pub struct Kms3;

static META: RuleMeta = RuleMeta {
    id: "kms-key-not-pending-deletion",
    title: "AWS KMS keys should not be scheduled for deletion",
    severity: Severity::Critical,
    resource_type: "AWS::KMS::Key",
    controls: &["KMS.3"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "KeyState is not PendingDeletion",
    rationale: "Once a KMS key is deleted, everything it encrypted (databases, snapshots, backups, secrets) can never be decrypted again. A key scheduled for deletion is days away from making that data permanently unreadable.",
    remediation: "If the deletion was not intended, cancel it while the waiting period runs: in the KMS console select the key and choose Key actions > Cancel key deletion, then re-enable it. CLI: aws kms cancel-key-deletion --key-id <key id> && aws kms enable-key --key-id <key id>",
    fix: Some(crate::fix::Fix {
        console: "KMS console > Customer managed keys > {name} > Key actions > Cancel key deletion; then Key actions > Enable",
        command: "aws kms cancel-key-deletion --region {region} --key-id {name}
aws kms enable-key --region {region} --key-id {name}",
        caution: Some("Cancelling leaves the key disabled: enable it only if it should be used again."),
        inputs: &[],
    }),
    source: "FSBP KMS.3 (AWS Config rule kms-cmk-not-scheduled-for-deletion-2)",
};

impl Rule for Kms3 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(k) = kms_key(resource) else {
            return wrong_type(&META);
        };
        match k.key_state.get().map(String::as_str) {
            Some("PendingDeletion") => Verdict::failed(
                match k.deletion_date.get() {
                    Some(date) => format!(
                        "the key is scheduled for deletion on {}",
                        date.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    ),
                    None => "the key is scheduled for deletion".to_string(),
                },
                vec![Evidence::new("keyState", "PendingDeletion")],
            ),
            Some(state) => {
                Verdict::passed(format!("the key is {state}, not scheduled for deletion"))
            }
            None => Verdict::undetermined(["keyState"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::resources::kms_key::KmsKey;
    use crate::rules::test_support::eval_resource;
    use serde_json::json;

    fn key(c: serde_json::Value) -> Resource {
        Resource::KmsKey(KmsKey::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap())
    }

    #[test]
    fn pending_deletion_fails_and_enabled_passes() {
        let v = eval_resource(
            &Kms3,
            key(json!({"keyState": "PendingDeletion", "deletionDate": "2025-04-13T00:00:00Z"})),
        );
        assert!(matches!(v, Verdict::Failed { ref reason, .. } if reason.contains("2025-04-13")));
        assert!(matches!(
            eval_resource(&Kms3, key(json!({"keyState": "Enabled"}))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn an_epoch_deletion_date_fails_like_an_iso_one() {
        for date in [json!(1_744_547_460), json!("2025-04-13T12:31:00Z")] {
            let v = eval_resource(
                &Kms3,
                key(json!({"keyState": "PendingDeletion", "deletionDate": date})),
            );
            assert!(
                matches!(v, Verdict::Failed { ref reason, .. } if reason.contains("2025-04-13T12:31:00.000Z")),
                "{v:?}"
            );
        }
    }

    #[test]
    fn unknown_state_is_undetermined() {
        assert_eq!(
            eval_resource(&Kms3, key(json!({"keyId": "k"}))),
            Verdict::undetermined(["keyState"])
        );
    }
}
