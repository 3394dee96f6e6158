//! FSBP IAM.6 — Hardware MFA should be enabled for the root user.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.6]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6>):
//! resource `AWS::::Account`, periodic, AWS Config rule `root-account-hardware-mfa-enabled`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/root-account-hardware-mfa-enabled.html>):
//! "checks if your AWS account is enabled to use multi-factor authentication (MFA) hardware
//! device to sign in with root credentials. The rule is NON_COMPLIANT if any virtual MFA devices
//! are permitted for signing in with root credentials."
//!
//! FAILED when the root user has no MFA device at all (`GetAccountSummary`'s
//! `AccountMFAEnabled` is 0: nothing, hardware or not, is enabled), or when a virtual MFA device
//! is assigned to it (`ListVirtualMFADevices`, a device whose user is the account's `:root`);
//! PASSED when it has MFA and no virtual device. The Config rule's NOT_APPLICABLE for an account
//! without root credentials cannot be told from these answers (see [`super::root_mfa`]).

use super::account;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.6.
pub struct Iam6;

static META: RuleMeta = RuleMeta {
    id: "iam-root-hardware-mfa",
    title: "The root user should use a hardware MFA device",
    severity: Severity::Critical,
    resource_type: "AWS::::Account",
    controls: &["IAM.6"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the root user has MFA (AccountMFAEnabled is 1) and no virtual MFA device is assigned to it",
    rationale: "A virtual MFA device lives on a phone or laptop that can be lost, cloned or compromised along with the password. A hardware key kept apart is the strongest protection for the one identity that can do anything to the account and its personal data.",
    remediation: "Sign in as the root user, open Security credentials, assign a hardware security key or hardware TOTP token, then remove the virtual MFA device.",
    fix: Some(crate::fix::Fix {
        console: "Sign in as the root user > account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device > Security key (or Hardware TOTP token), then Remove the virtual device",
        command: "aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?ends_with(User.Arn, ':root')].SerialNumber\" (empty once only a hardware device remains)",
        caution: Some("Assign the hardware device before removing the virtual one, so the root user is never left without MFA."),
        inputs: &[],
    }),
    source: "FSBP IAM.6 (AWS Config rule root-account-hardware-mfa-enabled)",
};

impl Rule for Iam6 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.root_mfa_enabled.get() {
            None => return Verdict::undetermined(["AccountSummary.AccountMFAEnabled"]),
            Some(false) => {
                return Verdict::failed(
                    "the root user has no MFA device, hardware or virtual",
                    vec![Evidence::new("AccountSummary.AccountMFAEnabled", 0)],
                )
            }
            Some(true) => {}
        }
        match a.root_virtual_mfa.get() {
            None => Verdict::undetermined(["VirtualMFADevices"]),
            Some(serials) if serials.is_empty() => {
                Verdict::passed("the root user has MFA and no virtual MFA device")
            }
            Some(serials) => Verdict::failed(
                "a virtual MFA device is assigned to the root user",
                serials
                    .iter()
                    .map(|s| Evidence::new("VirtualMFADevices.SerialNumber", s))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    const ROOT: &str = "arn:aws:iam::123456789012:root";

    #[test]
    fn hardware_only_passes() {
        let v = json!({"AccountSummary": {"AccountMFAEnabled": 1},
            "VirtualMFADevices": [{"SerialNumber": "arn:aws:iam::123456789012:mfa/alice",
                                   "UserArn": "arn:aws:iam::123456789012:user/alice"}]});
        assert!(matches!(eval(&Iam6, v), Verdict::Passed { .. }));
    }

    #[test]
    fn a_virtual_root_device_or_no_mfa_fails() {
        let v = json!({"AccountSummary": {"AccountMFAEnabled": 1},
            "VirtualMFADevices": [{"SerialNumber": "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                                   "UserArn": ROOT}]});
        let Verdict::Failed { evidence, .. } = eval(&Iam6, v) else {
            panic!("expected a failure")
        };
        assert!(format!("{evidence:?}").contains("root-account-mfa-device"));
        let v = json!({"AccountSummary": {"AccountMFAEnabled": 0}, "VirtualMFADevices": []});
        assert!(matches!(eval(&Iam6, v), Verdict::Failed { .. }));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&Iam6, json!({"AccountSummary": {"AccountMFAEnabled": 1}})),
            Verdict::undetermined(["VirtualMFADevices"])
        );
        assert_eq!(
            eval(&Iam6, json!({"VirtualMFADevices": []})),
            Verdict::undetermined(["AccountSummary.AccountMFAEnabled"])
        );
        assert!(matches!(
            eval_db(&Iam6, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
