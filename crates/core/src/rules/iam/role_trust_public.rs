//! Vigil: an IAM role's trust policy should not let anyone assume it.
//!
//! Beyond FSBP (FSBP does not read trust policies). Source: Vigil practice, after Prowler's
//! `iam_role_cross_account_readonlyaccess_policy` family and IAM Access Analyzer's public-role
//! finding. FAILED when an `Allow` trust statement names a public principal (`"*"`,
//! `{"AWS": "*"}` alone or among others, or `NotPrincipal`) and no condition *requires* the
//! caller to belong to known accounts or an organization (`aws:PrincipalOrgID`,
//! `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`,
//! `aws:SourceArn`, `aws:SourceOrgID`), without `IfExists` or `ForAllValues:`.

use crate::resource::Resource;
use crate::rules::iam::{summary, trust_policy, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Public trust.
pub struct RoleTrustPublic;

/// Condition keys that restrict a public principal to known callers.
pub const RESTRICTING_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
];

static META: RuleMeta = RuleMeta {
    id: "iam-role-trust-not-public",
    title: "IAM role trust policies should not allow any AWS principal to assume the role",
    severity: Severity::Critical,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no Allow statement of the trust policy names \"*\" (or uses NotPrincipal) without a condition that requires the caller's account, organization or ARN",
    rationale: "A trust policy with Principal \"*\" lets anyone with an AWS account, anywhere, take on the role and everything it can do. Attackers scan for such roles. Whatever data the role can reach is effectively public.",
    remediation: "Edit the role's trust relationship to name the accounts or roles that need it (\"AWS\": \"arn:aws:iam::<account>:root\"), or add a condition such as StringEquals aws:PrincipalOrgID <your organization id>. Console: IAM > Roles > the role > Trust relationships > Edit trust policy. CLI: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Trust relationships > Edit trust policy: name the accounts or roles (or add aws:PrincipalOrgID) > Update policy",
        command: "aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument > trust-policy.json
aws iam update-assume-role-policy --role-name {name} --policy-document file://trust-policy.json",
        caution: Some("Edit trust-policy.json between the two commands. Principals not named afterwards can no longer assume the role."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM Access Analyzer public role findings; Prowler iam role trust checks); not an FSBP control",
};

impl Rule for RoleTrustPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        let trust = match trust_policy(role) {
            Ok(t) => t,
            Err(v) => return v,
        };
        let hits: Vec<Hit> = trust
            .public_statements()
            .filter(|s| !s.is_guarded_by(RESTRICTING_KEYS))
            .map(|s| {
                let actions = s
                    .actions
                    .as_ref()
                    .map(|a| a.patterns().join(", "))
                    .unwrap_or_default();
                Hit::new("the trust policy", s, format!("anyone ({actions})"))
            })
            .collect();
        verdict(
            hits,
            Vec::new(),
            |h| summary(h, "trusts"),
            "the trust policy names specific principals",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    #[test]
    fn every_public_form_fails() {
        for principal in [
            json!("*"),
            json!({"AWS": "*"}),
            json!({"AWS": ["arn:aws:iam::123456789012:root", "*"]}),
        ] {
            let trust = json!({"Statement": [{"Sid": "Open", "Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]});
            let v = eval(&RoleTrustPublic, &role_with(trust, &[]));
            assert!(
                is_failed_with(&v, "statement \"Open\" trusts anyone (sts:AssumeRole)"),
                "{v:?}"
            );
        }
    }

    #[test]
    fn an_organization_condition_makes_it_safe_but_if_exists_does_not() {
        let safe = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}});
        assert!(matches!(
            eval(&RoleTrustPublic, &role_with(safe, &[])),
            Verdict::Passed { .. }
        ));
        let weak = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}});
        assert!(matches!(
            eval(&RoleTrustPublic, &role_with(weak, &[])),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn named_principals_pass_and_unknown_trust_is_undetermined() {
        assert!(matches!(
            eval(&RoleTrustPublic, &role_with(lambda_trust(), &[])),
            Verdict::Passed { .. }
        ));
        assert_eq!(
            eval(&RoleTrustPublic, &role(json!({"roleName": "x"}))),
            Verdict::undetermined(["assumeRolePolicyDocument"])
        );
    }
}
