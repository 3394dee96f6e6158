//! FSBP KMS.2 — IAM principals should not have IAM inline policies that allow decryption
//! actions on all KMS keys (roles).
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-2>), AWS
//! Config rule `iam-inline-policy-blocked-kms-actions` with `blockedActionsPatterns:
//! kms:ReEncryptFrom, kms:Decrypt`. FAILED when an inline policy of the role allows either
//! action on all keys (a resource that is not a fixed value, or `NotResource`); conditions are
//! not evaluated. The user side is `iam-user-inline-no-kms-decrypt-all-keys`; groups are not
//! modelled yet.

use crate::resource::Resource;
use crate::rules::iam::inline_kms_decrypt_verdict;
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// KMS.2 for roles.
pub struct Kms2Role;

static META: RuleMeta = RuleMeta {
    id: "iam-role-inline-no-kms-decrypt-all-keys",
    title: "IAM role inline policies should not allow kms:Decrypt or kms:ReEncryptFrom on all KMS keys",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::Role",
    controls: &["KMS.2"],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no inline policy of the role allows kms:Decrypt or kms:ReEncryptFrom on a wildcard resource",
    rationale: "A role that can decrypt with every KMS key in the account can read every encrypted database snapshot, secret and file, not only the ones its job needs. Encryption protects personal data only while the keys are held tightly.",
    remediation: "Edit the inline policy and name the key ARNs the role needs in Resource instead of \"*\". Console: IAM > Roles > the role > Permissions > the inline policy > Edit. CLI: aws iam put-role-policy --role-name <role> --policy-name <policy> --policy-document file://scoped.json",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Roles > {name} > Permissions > the inline policy > Edit: name the key ARNs in Resource instead of "*" > Save changes"#,
        command: r#"aws iam list-role-policies --role-name {name}
aws iam put-role-policy --role-name {name} --policy-name "$POLICY_NAME" --policy-document file://scoped-policy.json"#,
        caution: Some("The role loses kms:Decrypt on every key not named."),
        inputs: &[],
    }),
    source: "FSBP KMS.2 (AWS Config rule iam-inline-policy-blocked-kms-actions, blockedActionsPatterns kms:ReEncryptFrom, kms:Decrypt)",
};

impl Rule for Kms2Role {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        inline_kms_decrypt_verdict(&role.inline_policies, "rolePolicyList")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    #[test]
    fn decrypt_on_all_keys_fails_and_a_named_key_passes() {
        let all =
            json!({"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}});
        assert!(is_failed_with(
            &eval(&Kms2Role, &role_with(lambda_trust(), &[all])),
            "inline policy \"p0\", statement #1 allows kms:Decrypt on all KMS keys"
        ));
        let one = json!({"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}});
        assert!(matches!(
            eval(&Kms2Role, &role_with(lambda_trust(), &[one])),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_inline_policies_are_undetermined() {
        assert_eq!(
            eval(&Kms2Role, &role(json!({}))),
            Verdict::undetermined(["rolePolicyList"])
        );
    }
}
