//! Vigil: roles trusted by other AWS accounts should require `sts:ExternalId`.
//!
//! Beyond FSBP. Source: Vigil practice, after the IAM User Guide's "How to use an external ID
//! when granting access to your AWS resources to a third party" and Prowler's
//! `iam_role_cross_account_readonlyaccess_policy`. FAILED when an `Allow` trust statement for
//! `sts:AssumeRole` names an AWS principal in another account (not the role's own, not in
//! [`Settings::trusted_accounts`](crate::settings::Settings)) without a condition that requires
//! `sts:ExternalId`. Public principals are the business of `iam-role-trust-not-public`.

use crate::resource::Resource;
use crate::rules::iam::{summary, trust_policy, trusts_with, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Cross-account trust without an external id.
pub struct RoleCrossAccountExternalId;

static META: RuleMeta = RuleMeta {
    id: "iam-role-cross-account-external-id",
    title: "IAM roles trusted by other AWS accounts should require an external ID",
    severity: Severity::High,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 28(1)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "every trust statement that lets another account (outside trusted_accounts) call sts:AssumeRole requires sts:ExternalId",
    rationale: "When you let a supplier's AWS account assume a role (a monitoring or backup service, a consultant), anyone who can tell that supplier your role's ARN could get them to act on your account: the 'confused deputy'. Requiring the external ID the supplier gave you ties the role to your relationship with them. UK GDPR makes you responsible for what processors can reach.",
    remediation: "Ask the supplier for your external ID and add it to the trust statement: \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<id>\"}}. For accounts you own, add them to Vigil's TrustedAccounts parameter instead. CLI: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Trust relationships > Edit trust policy: add Condition StringEquals sts:ExternalId (the supplier's id) > Update policy",
        command: "aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument > trust-policy.json
aws iam update-assume-role-policy --role-name {name} --policy-document file://trust-policy.json",
        caution: Some("Edit trust-policy.json between the two commands. The other account must then pass the external ID, or its AssumeRole calls fail; for an account you own, add it to Vigil's TrustedAccounts instead."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM User Guide: external IDs for third-party access; Prowler cross-account role checks); not an FSBP control",
};

impl Rule for RoleCrossAccountExternalId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        let trust = match trust_policy(role) {
            Ok(t) => t,
            Err(v) => return v,
        };
        let Some(own) = role.account() else {
            return Verdict::undetermined(["arn"]);
        };
        let allowed = &ctx.settings.trusted_accounts;
        let mut hits = Vec::new();
        let mut cross_account = false;
        for s in trust
            .statements
            .iter()
            .filter(|s| trusts_with(s, "sts:AssumeRole"))
        {
            let Some(principal) = &s.principal else {
                continue;
            };
            let outside: Vec<_> = principal
                .outside_accounts(own, allowed)
                .into_iter()
                .filter(|e| !e.is_wildcard())
                .collect();
            if outside.is_empty() {
                continue;
            }
            cross_account = true;
            if !s.is_guarded_by(&["sts:ExternalId"]) {
                for e in outside {
                    hits.push(Hit::new(
                        "the trust policy",
                        s,
                        format!("{} without sts:ExternalId", e.value),
                    ));
                }
            }
        }
        if hits.is_empty() && !cross_account {
            return Verdict::not_applicable(
                "no other AWS account outside trusted_accounts can assume the role",
            );
        }
        verdict(
            hits,
            Vec::new(),
            |h| summary(h, "trusts"),
            "every other account that can assume the role must give the external ID",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::iam::test_support::*;
    use crate::settings::Settings;
    use serde_json::json;

    fn trust(principal: serde_json::Value, condition: Option<serde_json::Value>) -> Resource {
        let mut s = json!({"Sid": "Vendor", "Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        role_with(json!({"Statement": [s]}), &[])
    }

    #[test]
    fn another_account_without_external_id_fails() {
        let v = eval(
            &RoleCrossAccountExternalId,
            &trust(json!({"AWS": "arn:aws:iam::999988887777:root"}), None),
        );
        assert!(
            is_failed_with(
                &v,
                "statement \"Vendor\" trusts arn:aws:iam::999988887777:root without sts:ExternalId"
            ),
            "{v:?}"
        );
    }

    #[test]
    fn an_external_id_condition_passes_and_if_exists_does_not() {
        let v = eval(
            &RoleCrossAccountExternalId,
            &trust(
                json!({"AWS": "999988887777"}),
                Some(json!({"StringEquals": {"sts:ExternalId": "acme-7f3a"}})),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(
            &RoleCrossAccountExternalId,
            &trust(
                json!({"AWS": "999988887777"}),
                Some(json!({"StringEqualsIfExists": {"sts:ExternalId": "acme-7f3a"}})),
            ),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn own_and_allow_listed_accounts_are_not_applicable() {
        let r = trust(
            json!({"AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::444455556666:role/ci"]}),
            None,
        );
        let settings = Settings {
            trusted_accounts: vec!["444455556666".into()],
            ..Settings::default()
        };
        assert!(matches!(
            eval_with(&RoleCrossAccountExternalId, &r, &settings, &Lookups::none()),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval(&RoleCrossAccountExternalId, &r),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&RoleCrossAccountExternalId, &role_with(lambda_trust(), &[])),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_trust_is_undetermined() {
        assert!(matches!(
            eval(
                &RoleCrossAccountExternalId,
                &role(json!({"arn": "arn:aws:iam::123456789012:role/x"}))
            ),
            Verdict::Undetermined { .. }
        ));
    }
}
