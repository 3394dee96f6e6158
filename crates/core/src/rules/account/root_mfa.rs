//! IAM.9 — MFA should be enabled for the root user.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.9]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9>):
//! resource `AWS::::Account`, periodic, AWS Config rule `root-account-mfa-enabled`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html>):
//! "NON_COMPLIANT if the AWS Identity and Access Management (IAM) root account user does not
//! have multi-factor authentication (MFA) enabled". IAM's `GetAccountSummary` says it:
//! `AccountMFAEnabled` is 1 when the root user has an MFA device. IAM.9 is in CIS, NIST 800-53
//! and PCI DSS, not in FSBP ([`crate::standards`]).
//!
//! The Config rule is NOT_APPLICABLE for an account without root user credentials (root access
//! managed centrally by AWS Organizations). The account summary does not say whether the root
//! user has credentials, so Vigil cannot tell that case: such an account fails here.

use super::account;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.9.
pub struct Iam9;

static META: RuleMeta = RuleMeta {
    id: "iam-root-mfa",
    title: "The root user should have MFA enabled",
    severity: Severity::Critical,
    resource_type: "AWS::::Account",
    controls: &["IAM.9"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "GetAccountSummary's AccountMFAEnabled is 1",
    rationale: "The root user can do anything in the account, including closing it and reading every piece of personal data in it. A password alone can be phished or reused from another breach; a second factor stops most of those sign-ins.",
    remediation: "Sign in as the root user, open Security credentials, and assign an MFA device (a security key or passkey is best). An account whose root credentials AWS Organizations manages centrally has no root password; delete any that remain instead.",
    fix: Some(crate::fix::Fix {
        console: "Sign in as the root user > account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device",
        command: "aws iam get-account-summary --query SummaryMap.AccountMFAEnabled (1 once the device is assigned; the device itself is assigned in the console as the root user)",
        caution: None,
        inputs: &[],
    }),
    source: "Security Hub IAM.9 (AWS Config rule root-account-mfa-enabled)",
};

impl Rule for Iam9 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.root_mfa_enabled.get() {
            Some(true) => Verdict::passed("the root user has an MFA device"),
            Some(false) => Verdict::failed(
                "the root user has no MFA device",
                vec![Evidence::new("AccountSummary.AccountMFAEnabled", 0)],
            ),
            None => Verdict::undetermined(["AccountSummary.AccountMFAEnabled"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn mfa_passes_and_none_fails() {
        let v = |n: i64| json!({"AccountSummary": {"AccountMFAEnabled": n}});
        assert!(matches!(eval(&Iam9, v(1)), Verdict::Passed { .. }));
        assert!(matches!(eval(&Iam9, v(0)), Verdict::Failed { .. }));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&Iam9, json!({})),
            Verdict::undetermined(["AccountSummary.AccountMFAEnabled"])
        );
        assert!(matches!(
            eval_db(&Iam9, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
