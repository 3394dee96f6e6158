//! FSBP IAM.1 — IAM policies should not allow full "*" administrative privileges.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1>), AWS
//! Config rule `iam-policy-no-statements-with-admin-access` with
//! `excludePermissionBoundaryPolicy: true`. Customer managed policies only (the default
//! version): FAILED when a statement has `"Effect": "Allow"` with `"Action": "*"` over
//! `"Resource": "*"`. `"Action": "service:*"` passes (that is IAM.21), and so does `NotAction`
//! (the Config rule matches the `Action` element).

use crate::policy::document::Names;
use crate::policy::Effect;
use crate::resource::Resource;
use crate::rules::iam::{customer_policy_document, summary, verdict, Hit};
use crate::rules::{iam_policy, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// IAM.1.
pub struct Iam1;

static META: RuleMeta = RuleMeta {
    id: "iam-policy-no-admin-access",
    title: "Customer managed IAM policies should not allow \"*\" actions on \"*\" resources",
    severity: Severity::High,
    resource_type: "AWS::IAM::Policy",
    controls: &["IAM.1"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no Allow statement of the default policy version has Action \"*\" over Resource \"*\"; AWS managed policies and permissions boundaries are not applicable",
    rationale: "A policy that allows every action on every resource makes whoever holds it an administrator of the whole AWS account: they can read and delete every database, turn off logging and create new users. If that person's password, a developer laptop or a function is compromised, so is everything. UK GDPR expects access to personal data to be limited to what each person or system needs.",
    remediation: "Replace the \"*\" statement with the actions and resources the role or user really needs (IAM Access Analyzer can generate a policy from CloudTrail activity). In the IAM console choose Policies, the policy, Edit, and narrow the statement; save it as the default version. CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Policies > {name} > Edit: replace the "*" statement with the actions and resources needed > Save changes"#,
        command: r#"aws iam get-policy-version --policy-arn {arn} --version-id "$(aws iam get-policy --policy-arn {arn} --query Policy.DefaultVersionId --output text)"
aws iam create-policy-version --policy-arn {arn} --policy-document file://narrowed-policy.json --set-as-default"#,
        caution: Some("Whatever uses the policy loses every permission not in the narrowed document: generate it from real activity (IAM Access Analyzer). A policy keeps at most five versions: delete an old one first if needed (aws iam delete-policy-version)."),
        inputs: &[],
    }),
    source: "FSBP IAM.1 (AWS Config rule iam-policy-no-statements-with-admin-access, excludePermissionBoundaryPolicy true)",
};

impl Rule for Iam1 {
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
        let hits: Vec<Hit> = doc
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .filter(|s| matches!(&s.actions, Some(Names::Only(a)) if a.iter().any(|a| a == "*")))
            .filter(|s| matches!(&s.resources, Some(Names::Only(r)) if r.iter().any(|r| r == "*")))
            .map(|s| Hit::new("the policy", s, "Action \"*\" on Resource \"*\""))
            .collect();
        verdict(
            hits,
            Vec::new(),
            |h| format!("full administrator access: {}", summary(h, "allows")),
            "no statement allows \"*\" actions on \"*\" resources",
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
            json!({"policyName": "deploy", "arn": "arn:aws:iam::123456789012:policy/deploy",
            "permissionsBoundaryUsageCount": 0, "attachmentCount": 1, "defaultVersionId": "v1",
            "policyVersionList": [{"versionId": "v1", "isDefaultVersion": true, "document": encoded(&doc)}]}),
        )
    }

    #[test]
    fn star_on_star_fails_naming_the_statement() {
        let v = eval(
            &Iam1,
            &customer(json!({"Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "Everything", "Effect": "Allow", "Action": ["*"], "Resource": "*"}]})),
        );
        assert!(is_failed_with(&v, "statement \"Everything\""), "{v:?}");
    }

    #[test]
    fn service_wildcards_and_scoped_resources_pass() {
        assert!(matches!(
            eval(
                &Iam1,
                &customer(
                    json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})
                )
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(
                &Iam1,
                &customer(
                    json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}})
                )
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(
                &Iam1,
                &customer(json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}))
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn boundaries_and_aws_managed_policies_are_not_applicable() {
        let v = policy(
            json!({"arn": "arn:aws:iam::123456789012:policy/b", "permissionsBoundaryUsageCount": 2,
            "policyVersionList": [{"versionId": "v1", "isDefaultVersion": true, "document": encoded(&json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}))}]}),
        );
        assert!(matches!(eval(&Iam1, &v), Verdict::NotApplicable { .. }));
        let v = policy(json!({"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}));
        assert!(matches!(eval(&Iam1, &v), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_document_is_undetermined() {
        let v = policy(
            json!({"arn": "arn:aws:iam::123456789012:policy/p", "permissionsBoundaryUsageCount": 0}),
        );
        assert!(matches!(eval(&Iam1, &v), Verdict::Undetermined { .. }));
        let v = policy(json!({"arn": "arn:aws:iam::123456789012:policy/p"}));
        assert_eq!(
            eval(&Iam1, &v),
            Verdict::undetermined(["permissionsBoundaryUsageCount"])
        );
    }
}
