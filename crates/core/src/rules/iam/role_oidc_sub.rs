//! Vigil: roles trusted through OIDC federation (GitHub Actions, GitLab, EKS, ...) should
//! restrict the token's subject.
//!
//! Beyond FSBP. Source: AWS IAM User Guide, "Configuring a role for GitHub OIDC identity
//! provider" (the `token.actions.githubusercontent.com:sub` condition), and Prowler's
//! `iam_role_cross_account_readonlyaccess_policy` family / GitHub's OIDC hardening guide.
//! FAILED when an `Allow` trust statement for `sts:AssumeRoleWithWebIdentity` names an OIDC
//! provider and no condition requires `<provider>:sub` (Cognito identity pools:
//! `cognito-identity.amazonaws.com:aud`) with a value other than a bare `*`.

use crate::resource::Resource;
use crate::rules::iam::{summary, trust_policy, trusts_with, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// OIDC without `sub`.
pub struct RoleOidcSub;

static META: RuleMeta = RuleMeta {
    id: "iam-role-oidc-subject-condition",
    title: "IAM roles trusted through OIDC (e.g. GitHub Actions) should require the token's subject (sub)",
    severity: Severity::Critical,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "every trust statement for sts:AssumeRoleWithWebIdentity from an OIDC provider requires <provider>:sub (Cognito: cognito-identity.amazonaws.com:aud) with a specific value",
    rationale: "GitHub, GitLab and other OIDC providers issue tokens to every repository and pipeline they host. A role that trusts the provider without checking the token's subject can be assumed by anyone's workflow on that platform, not just yours, giving strangers your deployment permissions.",
    remediation: "Add a subject condition naming your repository and branch or environment, e.g. \"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:<org>/<repo>:ref:refs/heads/main\"}, alongside the aud condition. CLI: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Trust relationships > Edit trust policy: add a sub condition naming your repository and branch > Update policy",
        command: "aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument > trust-policy.json
aws iam update-assume-role-policy --role-name {name} --policy-document file://trust-policy.json",
        caution: Some("Edit trust-policy.json between the two commands; workflows whose subject does not match can no longer assume the role."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM User Guide: GitHub OIDC role conditions); not an FSBP control",
};

impl Rule for RoleOidcSub {
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
        let mut hits = Vec::new();
        let mut federated = false;
        for s in trust
            .statements
            .iter()
            .filter(|s| trusts_with(s, "sts:AssumeRoleWithWebIdentity"))
        {
            let Some(principal) = &s.principal else {
                continue;
            };
            for provider in principal.federated().filter(|e| e.is_oidc()) {
                federated = true;
                let Some(host) = provider.oidc_host() else {
                    continue;
                };
                let key = if host == "cognito-identity.amazonaws.com" {
                    format!("{host}:aud")
                } else {
                    format!("{host}:sub")
                };
                if !s.is_guarded_by(&[key.as_str()]) {
                    hits.push(Hit::new(
                        "the trust policy",
                        s,
                        format!("{host} without a {key} condition"),
                    ));
                }
            }
        }
        if !federated {
            return Verdict::not_applicable("the role is not trusted through OIDC federation");
        }
        verdict(
            hits,
            Vec::new(),
            |h| summary(h, "trusts"),
            "every OIDC trust names the subject it accepts",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    fn github(condition: serde_json::Value) -> Resource {
        role_with(
            json!({"Statement": [{"Sid": "GitHub", "Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]}),
            &[],
        )
    }

    #[test]
    fn github_without_sub_fails() {
        let v = eval(
            &RoleOidcSub,
            &github(
                json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}),
            ),
        );
        assert!(is_failed_with(&v, "statement \"GitHub\" trusts token.actions.githubusercontent.com without a token.actions.githubusercontent.com:sub condition"), "{v:?}");
        let v = eval(
            &RoleOidcSub,
            &github(json!({"StringLike": {"token.actions.githubusercontent.com:sub": "*"}})),
        );
        assert!(
            matches!(v, Verdict::Failed { .. }),
            "a bare * is no restriction: {v:?}"
        );
    }

    #[test]
    fn github_with_sub_passes() {
        let v = eval(
            &RoleOidcSub,
            &github(json!({
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/shop:ref:refs/heads/main"}})),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn non_federated_roles_are_not_applicable_and_unknown_trust_undetermined() {
        assert!(matches!(
            eval(&RoleOidcSub, &role_with(lambda_trust(), &[])),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval(&RoleOidcSub, &role(json!({}))),
            Verdict::Undetermined { .. }
        ));
    }
}
