//! FSBP IAM.4 — IAM root user access key should not exist.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4>):
//! resource `AWS::::Account`, periodic, AWS Config rule `iam-root-access-key-check`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/iam-root-access-key-check.html>),
//! no parameters: "checks whether the root user access key is available". IAM's
//! `GetAccountSummary` says it: `AccountAccessKeysPresent` is 1 when the root user has an access
//! key (active or not: the Config rule is compliant only when none exists). FAILED when one
//! exists, PASSED when none does, undetermined when the summary was not read.

use super::account;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.4.
pub struct Iam4;

static META: RuleMeta = RuleMeta {
    id: "iam-root-access-key",
    title: "The IAM root user should have no access key",
    severity: Severity::Critical,
    resource_type: "AWS::::Account",
    controls: &["IAM.4"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "GetAccountSummary's AccountAccessKeysPresent is 0",
    rationale: "A root access key can do anything in the account, cannot be limited by any policy, and lives in files and scripts where it leaks. Whoever finds it owns every piece of personal data the account holds.",
    remediation: "Sign in as the root user, open Security credentials, and delete every access key under Access keys (deactivate first if you must check nothing uses it). Use IAM roles for programmatic access instead.",
    fix: Some(crate::fix::Fix {
        console: "Sign in as the root user > account menu > Security credentials > Access keys > Actions > Deactivate, then Delete",
        command: "aws iam list-access-keys\naws iam delete-access-key --access-key-id \"$ROOT_ACCESS_KEY_ID\"",
        caution: Some("Run both commands with the root user's own credentials (the key being removed), once for each key id listed. Anything still using the root key stops working: deactivate it first (aws iam update-access-key --status Inactive) and watch for failures before deleting it."),
        inputs: &[],
    }),
    source: "FSBP IAM.4 (AWS Config rule iam-root-access-key-check)",
};

impl Rule for Iam4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.root_access_keys_present.get() {
            Some(false) => Verdict::passed("the root user has no access key"),
            Some(true) => Verdict::failed(
                "the root user has an access key",
                vec![Evidence::new("AccountSummary.AccountAccessKeysPresent", 1)],
            ),
            None => Verdict::undetermined(["AccountSummary.AccountAccessKeysPresent"]),
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
    fn a_root_key_fails_and_none_passes() {
        let v = |n: i64| json!({"AccountSummary": {"AccountAccessKeysPresent": n}});
        assert!(matches!(eval(&Iam4, v(1)), Verdict::Failed { .. }));
        assert!(matches!(eval(&Iam4, v(0)), Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&Iam4, json!({"AccountSummary": {"Users": 3}})),
            Verdict::undetermined(["AccountSummary.AccountAccessKeysPresent"])
        );
        assert!(matches!(
            eval_db(&Iam4, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
