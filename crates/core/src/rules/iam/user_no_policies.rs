//! FSBP IAM.2 — IAM users should not have IAM policies attached.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2>), AWS
//! Config rule `iam-user-no-policies-check` (no parameters). FAILED when the user has inline
//! policies or attached managed policies; permissions should come from groups (or roles).

use crate::resource::Resource;
use crate::rules::{iam_user, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.2.
pub struct Iam2;

static META: RuleMeta = RuleMeta {
    id: "iam-user-no-policies",
    title: "IAM users should get permissions from groups, not from policies attached to the user",
    severity: Severity::Low,
    resource_type: "AWS::IAM::User",
    controls: &["IAM.2"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the user has no inline policies and no attached managed policies",
    rationale: "Permissions attached to individual users are easy to forget when someone changes job or leaves, and hard to review. Granting them through groups keeps who-can-do-what in a few places you can check, which also helps you show UK GDPR accountability.",
    remediation: "Create a group (or use an existing one) with the permissions, add the user to it, then remove the user's own policies. Console: IAM > Users > the user > Permissions > Remove. CLI: aws iam add-user-to-group --user-name <user> --group-name <group>; aws iam detach-user-policy --user-name <user> --policy-arn <arn>; aws iam delete-user-policy --user-name <user> --policy-name <name>",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Users > {name} > Permissions > Add permissions > Add user to group; then remove the user's own policies",
        command: r#"aws iam add-user-to-group --user-name {name} --group-name "$GROUP_NAME"
aws iam list-attached-user-policies --user-name {name}
aws iam detach-user-policy --user-name {name} --policy-arn "$POLICY_ARN"
aws iam list-user-policies --user-name {name}
aws iam delete-user-policy --user-name {name} --policy-name "$POLICY_NAME""#,
        caution: Some("Add the user to a group with the same permissions before removing the policies, or the user loses access."),
        inputs: &[],
    }),
    source: "FSBP IAM.2 (AWS Config rule iam-user-no-policies-check)",
};

impl Rule for Iam2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(user) = iam_user(resource) else {
            return wrong_type(&META);
        };
        let (Some(inline), Some(attached)) =
            (user.inline_policies.get(), user.attached_policies.get())
        else {
            let mut missing = Vec::new();
            if !user.inline_policies.is_known() {
                missing.push("userPolicyList");
            }
            if !user.attached_policies.is_known() {
                missing.push("attachedManagedPolicies");
            }
            return Verdict::undetermined(missing);
        };
        if inline.is_empty() && attached.is_empty() {
            return Verdict::passed("the user has no policies of its own");
        }
        let mut evidence: Vec<Evidence> = inline
            .iter()
            .map(|p| Evidence::new("userPolicyList", format!("inline policy \"{}\"", p.name)))
            .collect();
        evidence.extend(
            attached
                .iter()
                .map(|p| Evidence::new("attachedManagedPolicies", &p.arn)),
        );
        Verdict::failed(
            format!(
                "the user has {} inline and {} attached policies of its own",
                inline.len(),
                attached.len()
            ),
            evidence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    #[test]
    fn attached_or_inline_policies_fail() {
        let u = user(
            json!({"userName": "bob", "userPolicyList": [], "attachedManagedPolicies": [{"policyName": "AdministratorAccess", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}),
        );
        assert!(is_failed_with(&eval(&Iam2, &u), "0 inline and 1 attached"));
        let u = user(
            json!({"userName": "bob", "userPolicyList": [{"policyName": "x", "policyDocument": "%7B%7D"}], "attachedManagedPolicies": []}),
        );
        assert!(matches!(eval(&Iam2, &u), Verdict::Failed { .. }));
    }

    #[test]
    fn group_only_users_pass_and_unknown_lists_are_undetermined() {
        let u = user(
            json!({"userName": "bob", "userPolicyList": [], "attachedManagedPolicies": [], "groupList": ["admins"]}),
        );
        assert!(matches!(eval(&Iam2, &u), Verdict::Passed { .. }));
        assert_eq!(
            eval(
                &Iam2,
                &user(json!({"userName": "bob", "userPolicyList": []}))
            ),
            Verdict::undetermined(["attachedManagedPolicies"])
        );
    }
}
