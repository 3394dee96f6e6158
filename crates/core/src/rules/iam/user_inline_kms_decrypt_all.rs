//! FSBP KMS.2 — IAM principals should not have IAM inline policies that allow decryption
//! actions on all KMS keys (users).
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-2>), AWS
//! Config rule `iam-inline-policy-blocked-kms-actions` with `blockedActionsPatterns:
//! kms:ReEncryptFrom, kms:Decrypt`. As the role rule, for a user's `userPolicyList`.

use crate::resource::Resource;
use crate::rules::iam::inline_kms_decrypt_verdict;
use crate::rules::{iam_user, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// KMS.2 for users.
pub struct Kms2User;

static META: RuleMeta = RuleMeta {
    id: "iam-user-inline-no-kms-decrypt-all-keys",
    title: "IAM user inline policies should not allow kms:Decrypt or kms:ReEncryptFrom on all KMS keys",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::User",
    controls: &["KMS.2"],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no inline policy of the user allows kms:Decrypt or kms:ReEncryptFrom on a wildcard resource",
    rationale: "A user who can decrypt with every KMS key can read every encrypted backup, secret and file in the account. Long-lived user credentials are the ones most often leaked, which makes this broad access riskier still.",
    remediation: "Edit the inline policy and name the key ARNs needed in Resource, or better, move the permission to a role. Console: IAM > Users > the user > Permissions > the inline policy > Edit. CLI: aws iam put-user-policy --user-name <user> --policy-name <policy> --policy-document file://scoped.json",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Users > {name} > Permissions > the inline policy > Edit: name the key ARNs in Resource instead of "*" > Save changes"#,
        command: r#"aws iam list-user-policies --user-name {name}
aws iam put-user-policy --user-name {name} --policy-name "$POLICY_NAME" --policy-document file://scoped-policy.json"#,
        caution: Some("The user loses kms:Decrypt on every key not named."),
        inputs: &[],
    }),
    source: "FSBP KMS.2 (AWS Config rule iam-inline-policy-blocked-kms-actions, blockedActionsPatterns kms:ReEncryptFrom, kms:Decrypt)",
};

impl Rule for Kms2User {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(user) = iam_user(resource) else {
            return wrong_type(&META);
        };
        inline_kms_decrypt_verdict(&user.inline_policies, "userPolicyList")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    #[test]
    fn decrypt_on_all_keys_fails_and_none_passes() {
        let u = user(
            json!({"userName": "alice", "userPolicyList": [{"policyName": "keys", "policyDocument": encoded(&json!({"Statement": {"Effect": "Allow", "Action": "kms:ReEncrypt*", "Resource": "*"}}))}]}),
        );
        assert!(is_failed_with(
            &eval(&Kms2User, &u),
            "kms:ReEncryptFrom on all KMS keys"
        ));
        let u = user(json!({"userName": "alice", "userPolicyList": []}));
        assert!(matches!(eval(&Kms2User, &u), Verdict::Passed { .. }));
        assert!(matches!(
            eval(&Kms2User, &user(json!({}))),
            Verdict::Undetermined { .. }
        ));
    }
}
