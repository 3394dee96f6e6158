//! FSBP KMS.4 — AWS KMS key rotation should be enabled.
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4>), AWS Config
//! rule `cmk-backing-key-rotation-enabled`, no parameters: FAILED when automatic rotation is off
//! for a customer managed key. In a configuration item the rotation status is the supplementary
//! `KeyRotationStatus`. Keys that cannot rotate automatically are not applicable: AWS managed
//! keys (rotated by AWS), keys that are not symmetric encryption keys, and keys with imported or
//! external key material (`origin` other than `AWS_KMS`).

use crate::resource::Resource;
use crate::rules::{kms_key, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// KMS.4.
pub struct Kms4;

static META: RuleMeta = RuleMeta {
    id: "kms-key-rotation",
    title: "AWS KMS key rotation should be enabled",
    severity: Severity::Medium,
    resource_type: "AWS::KMS::Key",
    controls: &["KMS.4"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "KeyRotationStatus is true for customer managed symmetric keys with AWS_KMS key material; other keys are not applicable",
    rationale: "Automatic rotation gives the key new cryptographic material every year while old data stays readable, which limits how much data any one piece of key material protects and is what auditors expect of encryption keys.",
    remediation: "In the KMS console choose Customer managed keys, select the key, open Key rotation and tick 'Automatically rotate this KMS key every year'. CLI: aws kms enable-key-rotation --key-id <key id>",
    fix: Some(crate::fix::Fix {
        console: "KMS console > Customer managed keys > {name} > Key rotation > Automatically rotate this KMS key every year > Save",
        command: "aws kms enable-key-rotation --region {region} --key-id {name}",
        caution: Some("Each rotation keeps the old key material for decryption, and retained key material is charged for the first two rotations."),
        inputs: &[],
    }),
    source: "FSBP KMS.4 (AWS Config rule cmk-backing-key-rotation-enabled)",
};

impl Rule for Kms4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(k) = kms_key(resource) else {
            return wrong_type(&META);
        };
        let (Some(manager), Some(spec), Some(origin)) =
            (k.key_manager.get(), k.key_spec.get(), k.origin.get())
        else {
            return Verdict::undetermined(
                [
                    ("keyManager", k.key_manager.is_known()),
                    ("customerMasterKeySpec", k.key_spec.is_known()),
                    ("origin", k.origin.is_known()),
                ]
                .into_iter()
                .filter(|(_, known)| !known)
                .map(|(name, _)| name),
            );
        };
        if manager != "CUSTOMER" {
            return Verdict::not_applicable("AWS managed keys are rotated by AWS");
        }
        if spec != "SYMMETRIC_DEFAULT" {
            return Verdict::not_applicable(format!("{spec} keys cannot rotate automatically"));
        }
        if origin != "AWS_KMS" {
            return Verdict::not_applicable(format!(
                "keys with {origin} key material cannot rotate automatically"
            ));
        }
        match k.rotation_enabled.get() {
            Some(true) => Verdict::passed("automatic key rotation is enabled"),
            Some(false) => Verdict::failed(
                "automatic key rotation is disabled",
                vec![Evidence::new("KeyRotationStatus", false)],
            ),
            None => Verdict::undetermined(["supplementaryConfiguration.KeyRotationStatus"]),
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

    fn key(manager: &str, spec: &str, rotation: Option<&str>) -> Resource {
        let c = json!({"keyManager": manager, "customerMasterKeySpec": spec, "origin": "AWS_KMS"});
        let s = rotation.map(|r| json!({"KeyRotationStatus": r}));
        let supp = s
            .as_ref()
            .map(|s| Obj::new(s, "supplementaryConfiguration").unwrap());
        Resource::KmsKey(KmsKey::parse(Obj::new(&c, "configuration").unwrap(), supp).unwrap())
    }

    #[test]
    fn rotation_off_fails_and_on_passes() {
        assert!(matches!(
            eval_resource(&Kms4, key("CUSTOMER", "SYMMETRIC_DEFAULT", Some("false"))),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_resource(&Kms4, key("CUSTOMER", "SYMMETRIC_DEFAULT", Some("true"))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn aws_managed_and_asymmetric_keys_are_not_applicable() {
        assert!(matches!(
            eval_resource(&Kms4, key("AWS", "SYMMETRIC_DEFAULT", Some("false"))),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval_resource(&Kms4, key("CUSTOMER", "RSA_2048", Some("false"))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert!(matches!(
            eval_resource(&Kms4, key("CUSTOMER", "SYMMETRIC_DEFAULT", None)),
            Verdict::Undetermined { .. }
        ));
        let c = json!({"keyManager": "CUSTOMER"});
        let k =
            Resource::KmsKey(KmsKey::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap());
        assert_eq!(
            eval_resource(&Kms4, k),
            Verdict::undetermined(["customerMasterKeySpec", "origin"])
        );
    }
}
