//! Vigil: IAM roles should not hold privilege-escalation permissions.
//!
//! Beyond FSBP. Source: Vigil practice, after Rhino Security Labs' AWS privilege-escalation
//! methods as checked by Cloudsplaining and Prowler (`iam_policy_allows_privilege_escalation`).
//! FAILED when a permission policy of the role allows, on every resource (`*`), an action that
//! lets the holder give itself more permissions: `iam:CreatePolicyVersion`,
//! `iam:SetDefaultPolicyVersion`, `iam:Attach{User,Group,Role}Policy`,
//! `iam:Put{User,Group,Role}Policy`, `iam:UpdateAssumeRolePolicy`, `iam:CreateAccessKey`,
//! `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, `iam:AddUserToGroup`; or `iam:PassRole`
//! on every role together with a way to run code with the passed role (`lambda:CreateFunction`,
//! `ec2:RunInstances`, `ecs:RunTask`, `glue:CreateDevEndpoint`, `cloudformation:CreateStack`),
//! unless the `iam:PassedToService` condition rules those services out. Service-linked roles are
//! not applicable.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::iam::{managed_policy_lookups, role_permissions, summary, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Privilege escalation.
pub struct RolePrivilegeEscalation;

/// Actions that escalate privileges on their own when allowed on every resource.
pub const ESCALATING: &[&str] = &[
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
];

/// Ways to run code with a passed role, and the service that receives it.
const COMPUTE: &[(&str, &str)] = &[
    ("lambda:CreateFunction", "lambda.amazonaws.com"),
    ("ec2:RunInstances", "ec2.amazonaws.com"),
    ("ecs:RunTask", "ecs-tasks.amazonaws.com"),
    ("glue:CreateDevEndpoint", "glue.amazonaws.com"),
    ("cloudformation:CreateStack", "cloudformation.amazonaws.com"),
];

static META: RuleMeta = RuleMeta {
    id: "iam-role-privilege-escalation",
    title: "IAM roles should not be able to grant themselves more permissions",
    severity: Severity::High,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no policy of the role allows an IAM permission-changing action on every resource, nor iam:PassRole on every role together with a way to run code with it",
    rationale: "A role that can edit policies, attach policies, create access keys, or pass any role to a new Lambda function or EC2 instance can make itself an administrator in a few calls. Its narrow-looking permissions are then only a formality, and whoever compromises it gets the whole account.",
    remediation: "Remove the IAM write actions from the role, or limit them to the specific resources it manages (e.g. Resource arn:aws:iam::<account>:role/app-*), and limit iam:PassRole to the roles it must pass with an iam:PassedToService condition. CLI: aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://narrowed.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Permissions > edit each policy: remove the IAM write actions or limit them to the resources the role manages, and limit iam:PassRole with iam:PassedToService",
        command: r#"aws iam list-role-policies --role-name {name}
aws iam list-attached-role-policies --role-name {name}
aws iam put-role-policy --role-name {name} --policy-name "$POLICY_NAME" --policy-document file://narrowed-policy.json"#,
        caution: Some("Automation that really manages IAM with this role loses what is removed: scope it to the resources it manages rather than removing it blindly."),
        inputs: &[],
    }),
    source: "Vigil practice (Cloudsplaining privilege escalation; Prowler iam_policy_allows_privilege_escalation); not an FSBP control",
};

impl Rule for RolePrivilegeEscalation {
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
        let runs = |compute: &str| {
            perms
                .documents
                .iter()
                .any(|d| !d.document.allows_some(compute, "*").is_empty())
        };
        for d in &perms.documents {
            for action in ESCALATING {
                for s in d.document.allows(action, "*") {
                    hits.push(Hit::new(&d.label, s, *action));
                }
            }
            for s in d.document.allows("iam:PassRole", "*") {
                let passed_to: Vec<&str> = s
                    .conditions
                    .iter()
                    .filter(|c| c.is_on("iam:PassedToService") && c.requires_key())
                    .flat_map(|c| c.values.iter().map(String::as_str))
                    .collect();
                for (compute, service) in COMPUTE {
                    let service_allowed = passed_to.is_empty()
                        || passed_to.iter().any(|v| {
                            crate::policy::pattern::covers(
                                v,
                                service,
                                crate::policy::pattern::Case::Insensitive,
                            )
                        });
                    if service_allowed && runs(compute) {
                        hits.push(Hit::new(
                            &d.label,
                            s,
                            format!("iam:PassRole on every role with {compute}"),
                        ));
                        break;
                    }
                }
            }
        }
        verdict(
            hits,
            perms.missing,
            |h| {
                format!(
                    "the role can escalate its privileges: {}",
                    summary(h, "allows")
                )
            },
            "no privilege-escalation permission found",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    #[test]
    fn policy_editing_on_every_resource_fails() {
        let p = json!({"Statement": [{"Sid": "Iam", "Effect": "Allow", "Action": ["iam:CreatePolicyVersion", "iam:GetPolicy"], "Resource": "*"}]});
        let v = eval(&RolePrivilegeEscalation, &role_with(lambda_trust(), &[p]));
        assert!(
            is_failed_with(&v, "statement \"Iam\" allows iam:CreatePolicyVersion"),
            "{v:?}"
        );
    }

    #[test]
    fn pass_role_with_lambda_fails_unless_passed_elsewhere() {
        let p = json!({"Statement": [
            {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
            {"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]});
        let v = eval(&RolePrivilegeEscalation, &role_with(lambda_trust(), &[p]));
        assert!(
            is_failed_with(&v, "iam:PassRole on every role with lambda:CreateFunction"),
            "{v:?}"
        );
        let p = json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "dax.amazonaws.com"}}},
            {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}]});
        assert!(matches!(
            eval(&RolePrivilegeEscalation, &role_with(lambda_trust(), &[p])),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn scoped_iam_actions_pass() {
        let p = json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-fn"},
            {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::123456789012:role/app-*"},
            {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}]});
        assert!(matches!(
            eval(&RolePrivilegeEscalation, &role_with(lambda_trust(), &[p])),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_policies_are_undetermined() {
        assert!(matches!(
            eval(&RolePrivilegeEscalation, &role(json!({"path": "/"}))),
            Verdict::Undetermined { .. }
        ));
    }
}
