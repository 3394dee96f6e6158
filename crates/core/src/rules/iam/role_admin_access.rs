//! Vigil: IAM roles should not have administrator access.
//!
//! Beyond FSBP (IAM.1 looks at customer managed policies on their own; this rule looks at what
//! a role actually holds). Source: Vigil practice, after Cloudsplaining's and Prowler's
//! `iam_role_administratoraccess_policy` / `iam_inline_policy_no_administrative_privileges`
//! checks. FAILED when any of the role's permission policies (inline, attached AWS managed such
//! as AdministratorAccess, attached customer managed fetched through the `iam.managed-policy`
//! lookup) allows `*` on `*` (wildcards and `NotAction` considered; an unconditional `Deny` in
//! the same document removes the grant). Service-linked roles are not applicable.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::iam::{managed_policy_lookups, role_permissions, summary, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Administrator access on a role.
pub struct RoleAdminAccess;

static META: RuleMeta = RuleMeta {
    id: "iam-role-no-admin-access",
    title: "IAM roles should not have administrator access (\"*\" on \"*\")",
    severity: Severity::High,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "none of the role's inline or attached policies allows every action on every resource",
    rationale: "Roles used by functions and pipelines are the credentials most often leaked or abused, through a vulnerable dependency or a misconfigured build. A role with administrator access turns that into control of the whole account: every database, backup and log. Broad permissions granted during development are the most common way serverless data is exposed.",
    remediation: "Detach AdministratorAccess (or remove the \"*\" statement) and grant only the actions the role uses; IAM Access Analyzer can generate a least-privilege policy from the role's CloudTrail activity. CLI: aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Roles > {name} > Permissions > remove AdministratorAccess (or the "*" statement) and attach a least-privilege policy"#,
        command: "aws iam list-attached-role-policies --role-name {name}
aws iam detach-role-policy --role-name {name} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
        caution: Some("The role loses every permission it does not get from another policy: attach the least-privilege policy first (IAM Access Analyzer can generate it from CloudTrail activity)."),
        inputs: &[],
    }),
    source: "Vigil practice (Cloudsplaining, Prowler iam_role_administratoraccess_policy and iam_inline_policy_no_administrative_privileges); not an FSBP control",
};

impl Rule for RoleAdminAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        iam_role(resource).map_or_else(Vec::new, |r| managed_policy_lookups(&r.attached_policies))
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        if role.is_service_linked() == crate::fact::Fact::Known(true) {
            return Verdict::not_applicable("a service-linked role: AWS defines its permissions");
        }
        let perms = role_permissions(role, ctx);
        let mut hits = Vec::new();
        for d in &perms.documents {
            for s in d.document.allows("*", "*") {
                hits.push(Hit::new(
                    &d.label,
                    s,
                    "every action (\"*\") on every resource",
                ));
            }
        }
        verdict(
            hits,
            perms.missing,
            |h| {
                format!(
                    "the role has administrator access: {}",
                    summary(h, "allows")
                )
            },
            "no policy of the role allows every action on every resource",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::iam::test_support::*;
    use crate::settings::Settings;
    use serde_json::json;

    fn attached(arns: &[&str]) -> Resource {
        role(
            json!({"path": "/", "roleName": "app", "arn": "arn:aws:iam::123456789012:role/app",
            "assumeRolePolicyDocument": encoded(&lambda_trust()), "rolePolicyList": [],
            "attachedManagedPolicies": arns.iter().map(|a| json!({"policyArn": a, "policyName": a.rsplit('/').next()})).collect::<Vec<_>>()}),
        )
    }

    #[test]
    fn administrator_access_attached_fails() {
        let v = eval(
            &RoleAdminAccess,
            &attached(&["arn:aws:iam::aws:policy/AdministratorAccess"]),
        );
        assert!(
            is_failed_with(
                &v,
                "AWS managed policy \"AdministratorAccess\", statement #1"
            ),
            "{v:?}"
        );
    }

    #[test]
    fn an_inline_star_policy_fails_and_a_denied_one_passes() {
        let star = json!({"Statement": [{"Sid": "Dev", "Effect": "Allow", "Action": "*", "Resource": "*"}]});
        assert!(is_failed_with(
            &eval(&RoleAdminAccess, &role_with(lambda_trust(), &[star])),
            "inline policy \"p0\", statement \"Dev\""
        ));
        let scoped = json!({"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:eu-west-2:123456789012:table/orders"}]});
        assert!(matches!(
            eval(&RoleAdminAccess, &role_with(lambda_trust(), &[scoped])),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn customer_managed_policies_need_the_lookup() {
        let r = attached(&["arn:aws:iam::123456789012:policy/deploy"]);
        assert_eq!(
            RoleAdminAccess.lookups(&r),
            vec![LookupKey::new(
                LookupKind::IamManagedPolicy,
                "arn:aws:iam::123456789012:policy/deploy"
            )]
        );
        assert_eq!(
            eval(&RoleAdminAccess, &r),
            Verdict::undetermined(["iam.managed-policy:arn:aws:iam::123456789012:policy/deploy"])
        );
        let key = LookupKey::new(
            LookupKind::IamManagedPolicy,
            "arn:aws:iam::123456789012:policy/deploy",
        );
        let mut lookups = Lookups::none();
        let answer = json!({"arn": "arn:aws:iam::123456789012:policy/deploy", "name": "deploy", "defaultVersionId": "v1",
                   "document": encoded(&json!({"Statement": {"Effect": "Allow", "NotAction": "iam:PassRole", "Resource": "*"}}))});
        lookups.insert_json(key.clone(), answer).unwrap();
        let v = eval_with(&RoleAdminAccess, &r, &Settings::default(), &lookups);
        assert!(
            matches!(v, Verdict::Passed { .. }),
            "NotAction iam:PassRole is not every action: {v:?}"
        );
        let answer =
            json!({"document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}});
        lookups.insert_json(key.clone(), answer).unwrap();
        let v = eval_with(&RoleAdminAccess, &r, &Settings::default(), &lookups);
        assert!(is_failed_with(&v, "managed policy \"deploy\""), "{v:?}");
        // A document that cannot be read is a malformed answer: no answer, undetermined.
        let unreadable = json!({"document": {"Statement": [{"Effect": "Maybe", "Action": "*"}]}});
        assert!(lookups.insert_json(key, unreadable).is_err());
        assert_eq!(
            eval_with(&RoleAdminAccess, &r, &Settings::default(), &lookups),
            Verdict::undetermined(["iam.managed-policy:arn:aws:iam::123456789012:policy/deploy"])
        );
    }

    #[test]
    fn a_known_failure_wins_over_a_missing_lookup() {
        let r = attached(&[
            "arn:aws:iam::123456789012:policy/deploy",
            "arn:aws:iam::aws:policy/AdministratorAccess",
        ]);
        assert!(matches!(eval(&RoleAdminAccess, &r), Verdict::Failed { .. }));
    }

    #[test]
    fn unknown_policy_lists_are_undetermined_and_service_linked_roles_not_applicable() {
        let r = role(json!({"path": "/", "roleName": "x"}));
        assert_eq!(
            eval(&RoleAdminAccess, &r),
            Verdict::undetermined(["rolePolicyList", "attachedManagedPolicies"])
        );
        let r = role(
            json!({"path": "/aws-service-role/rds.amazonaws.com/", "roleName": "AWSServiceRoleForRDS"}),
        );
        assert!(matches!(
            eval(&RoleAdminAccess, &r),
            Verdict::NotApplicable { .. }
        ));
    }
}
