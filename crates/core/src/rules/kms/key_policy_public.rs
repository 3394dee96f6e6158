//! FSBP KMS.5 — KMS keys should not be publicly accessible.
//!
//! Source: AWS Security Hub user guide, AWS KMS controls, [KMS.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-5>), AWS
//! Config rule `kms-key-policy-no-public-access`, no parameters: FAILED when the key policy makes
//! the key publicly accessible.
//!
//! The key policy is not in the AWS Config item: the rule asks for the `kms.key-policy` lookup
//! (`GetKeyPolicy`, policy name `default`) and is undetermined without an answer (the offline
//! CLI). A statement makes the key public when it allows a public principal (`"*"`,
//! `{"AWS": "*"}`, `NotPrincipal`) and no condition requires, with fixed values, one of the keys
//! that restrict callers to known accounts, an organization or a source
//! (`resource_policy::GUARD_KEYS`) or `kms:CallerAccount`, which AWS managed keys' policies use
//! (with `kms:ViaService`) to limit `"*"` to one account.

use crate::lookups::kms::KeyPolicy;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::policy::{Document, Statement};
use crate::resource::Resource;
use crate::rules::resource_policy::{guarded_by_fixed, verdict, GUARD_KEYS};
use crate::rules::{kms_key, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// KMS.5.
pub struct Kms5;

static META: RuleMeta = RuleMeta {
    id: "kms-key-not-public",
    title: "KMS keys should not be publicly accessible",
    severity: Severity::Critical,
    resource_type: "AWS::KMS::Key",
    controls: &["KMS.5"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(a)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "no Allow statement of the key policy names a public principal (\"*\", {\"AWS\": \"*\"}, NotPrincipal) without a condition requiring, with fixed values, the caller's account, organization or source (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, kms:CallerAccount, ...)",
    rationale: "The key policy decides who may use the key. A key any AWS account can use lets strangers decrypt whatever it protects that they can get a copy of, such as a shared snapshot, or lock you out by encrypting with it.",
    remediation: "Edit the key policy so every statement names your own account, roles or services, or add a condition on aws:PrincipalAccount or aws:PrincipalOrgID. Console: KMS > Customer managed keys > the key > Key policy > Edit. CLI: aws kms put-key-policy --key-id <key id> --policy-name default --policy file://policy.json",
    fix: Some(crate::fix::Fix {
        console: "KMS console > Customer managed keys > {name} > Key policy > Edit: replace the public principal with your accounts or roles (or add an aws:PrincipalOrgID condition)",
        command: "aws kms get-key-policy --region {region} --key-id {name} --policy-name default --output text > key-policy.json
aws kms put-key-policy --region {region} --key-id {name} --policy-name default --policy file://key-policy.json",
        caution: Some("Edit key-policy.json between the two commands. Keep a statement that lets your account administer the key, or the key can become unmanageable."),
        inputs: &[],
    }),
    source: "FSBP KMS.5 (AWS Config rule kms-key-policy-no-public-access)",
};

/// Whether a condition restricts the statement to known callers.
fn restricted(s: &Statement) -> bool {
    guarded_by_fixed(s, GUARD_KEYS) || guarded_by_fixed(s, &["kms:CallerAccount"])
}

impl Rule for Kms5 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        kms_key(resource)
            .and_then(|k| k.key_id.get())
            .map(|id| vec![KeyPolicy::key(id.clone()).untyped()])
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(k) = kms_key(resource) else {
            return wrong_type(&META);
        };
        let Some(id) = k.key_id.get() else {
            return Verdict::undetermined(["keyId"]);
        };
        let key = KeyPolicy::key(id.clone());
        let answer = match ctx.lookups.get(&key) {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let Some(text) = &answer.policy else {
            return Verdict::undetermined([format!("{} (no Policy in the answer)", key.label())]);
        };
        let doc = match Document::parse_str(text) {
            Ok(d) => d,
            Err(e) => return Verdict::undetermined([format!("{} ({e})", key.label())]),
        };
        let hits = doc
            .public_statements()
            .filter(|s| !restricted(s))
            .map(|s| (s, "allows anyone to use the key".to_string()))
            .collect();
        verdict(
            "the key policy,",
            hits,
            "the key policy grants only to named accounts, or to anyone limited by account, organization or source",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::{LookupKind, Lookups};
    use crate::resources::kms_key::KmsKey;
    use crate::settings::Settings;
    use serde_json::json;

    const ID: &str = "8f2b5e1c-3d4a-4b6e-9f0a-1c2d3e4f5a6b";

    fn key() -> Resource {
        let c = json!({"keyId": ID, "keyManager": "CUSTOMER", "keyState": "Enabled"});
        Resource::KmsKey(KmsKey::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap())
    }

    fn with_policy(policy: serde_json::Value) -> Verdict {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::KmsKeyPolicy, ID),
            json!({"Policy": policy.to_string()}),
        )
        .unwrap();
        Kms5.evaluate(&key(), &Context::new(&Settings::default(), &l))
    }

    fn statement(principal: serde_json::Value, condition: serde_json::Value) -> serde_json::Value {
        let mut s = json!({"Sid": "Use", "Effect": "Allow", "Principal": principal,
                           "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"});
        if !condition.is_null() {
            s["Condition"] = condition;
        }
        json!({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
            s]})
    }

    #[test]
    fn the_default_key_policy_passes() {
        let v = with_policy(statement(
            json!({"AWS": "arn:aws:iam::123456789012:role/app"}),
            json!(null),
        ));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_public_principal_fails_naming_the_statement() {
        for principal in [json!("*"), json!({"AWS": "*"})] {
            let v = with_policy(statement(principal, json!(null)));
            assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
            assert!(v.reason().contains("\"Use\""), "{v:?}");
        }
    }

    #[test]
    fn a_public_principal_limited_to_an_account_or_org_is_not_public() {
        for condition in [
            json!({"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "rds.eu-west-2.amazonaws.com"}}),
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}),
        ] {
            let v = with_policy(statement(json!({"AWS": "*"}), condition));
            assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        }
        let wild = json!({"StringLike": {"kms:CallerAccount": "*"}});
        assert!(matches!(
            with_policy(statement(json!("*"), wild)),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn without_an_answer_or_with_a_broken_one_it_is_undetermined() {
        let v = Kms5.evaluate(
            &key(),
            &Context::new(&Settings::default(), &Lookups::none()),
        );
        assert_eq!(v, Verdict::undetermined([format!("kms.key-policy:{ID}")]));
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::KmsKeyPolicy, ID),
            json!({"Policy": "not json"}),
        )
        .unwrap();
        let v = Kms5.evaluate(&key(), &Context::new(&Settings::default(), &l));
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
    }

    #[test]
    fn another_resource_type_is_not_applicable() {
        let v = Kms5.evaluate(
            &crate::rules::test_support::db(json!({"engine": "postgres"})),
            &Context::new(&Settings::default(), &Lookups::none()),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }));
    }
}
