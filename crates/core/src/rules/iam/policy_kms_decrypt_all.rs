//! FSBP KMS.1 — IAM customer managed policies should not allow decryption actions on all KMS
//! keys.
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-1>), AWS
//! Config rule `iam-customer-policy-blocked-kms-actions` with `blockedActionsPatterns:
//! kms:ReEncryptFrom, kms:Decrypt` and `excludePermissionBoundaryPolicy: true`. FAILED when the
//! default version allows either action on all keys: a resource that is not a fixed value
//! (a wildcard or a policy variable) or `NotResource`. Conditions are not evaluated (as the
//! Config rule).

use crate::resource::Resource;
use crate::rules::iam::{customer_policy_document, kms_decrypt_on_all_keys, summary, verdict};
use crate::rules::{iam_policy, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// KMS.1.
pub struct Kms1;

static META: RuleMeta = RuleMeta {
    id: "iam-policy-no-kms-decrypt-all-keys",
    title: "Customer managed IAM policies should not allow kms:Decrypt or kms:ReEncryptFrom on all KMS keys",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::Policy",
    controls: &["KMS.1"],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no Allow statement of the default policy version grants kms:Decrypt or kms:ReEncryptFrom on a wildcard resource; AWS managed policies and permissions boundaries are not applicable",
    rationale: "Encryption only protects personal data if few people and systems can decrypt it. A policy that can decrypt with every KMS key in the account unlocks every encrypted database, backup and secret, including ones the holder never needed. UK GDPR names encryption as a security measure; it is worth little when the key is open to all.",
    remediation: "Name the keys the workload uses in Resource (arn:aws:kms:<region>:<account>:key/<key-id>) instead of \"*\", or use a kms:ViaService condition. In the IAM console edit the policy and save a new default version. CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Policies > {name} > Edit: name the key ARNs in Resource instead of "*" > Save changes"#,
        command: "aws iam create-policy-version --policy-arn {arn} --policy-document file://narrowed-policy.json --set-as-default",
        caution: Some("Anything that decrypts with a key not named loses access. A policy keeps at most five versions."),
        inputs: &[],
    }),
    source: "FSBP KMS.1 (AWS Config rule iam-customer-policy-blocked-kms-actions, blockedActionsPatterns kms:ReEncryptFrom, kms:Decrypt, excludePermissionBoundaryPolicy true)",
};

impl Rule for Kms1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(policy) = iam_policy(resource) else {
            return wrong_type(&META);
        };
        let doc = match customer_policy_document(policy) {
            Ok(doc) => doc,
            Err(v) => return v,
        };
        verdict(
            kms_decrypt_on_all_keys("the policy", doc),
            Vec::new(),
            |h| summary(h, "allows"),
            "no statement allows decryption with all KMS keys",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::{encoded, eval, is_failed_with, policy};
    use serde_json::{json, Value};

    fn customer(doc: Value) -> Resource {
        policy(
            json!({"arn": "arn:aws:iam::123456789012:policy/app", "permissionsBoundaryUsageCount": 0,
            "policyVersionList": [{"versionId": "v1", "isDefaultVersion": true, "document": encoded(&doc)}]}),
        )
    }

    #[test]
    fn decrypt_on_every_key_fails() {
        let v = eval(
            &Kms1,
            &customer(
                json!({"Statement": {"Sid": "Keys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}}),
            ),
        );
        assert!(
            is_failed_with(&v, "statement \"Keys\" allows kms:Decrypt on all KMS keys"),
            "{v:?}"
        );
        let v = eval(
            &Kms1,
            &customer(
                json!({"Statement": {"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:eu-west-2:123456789012:key/*"}}),
            ),
        );
        assert!(is_failed_with(&v, "kms:Decrypt"), "{v:?}");
    }

    #[test]
    fn a_named_key_passes() {
        let v = eval(
            &Kms1,
            &customer(
                json!({"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(
            &Kms1,
            &customer(
                json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn unknown_document_is_undetermined() {
        assert!(matches!(
            eval(
                &Kms1,
                &policy(
                    json!({"arn": "arn:aws:iam::1:policy/x", "permissionsBoundaryUsageCount": 0})
                )
            ),
            Verdict::Undetermined { .. }
        ));
    }
}
