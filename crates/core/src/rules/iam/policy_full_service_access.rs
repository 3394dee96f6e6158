//! FSBP IAM.21 — IAM customer managed policies that you create should not allow wildcard
//! actions for services.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.21]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21>), AWS
//! Config rule `iam-policy-no-statements-with-full-access` with
//! `excludePermissionBoundaryPolicy: true`. Customer managed policies only: FAILED when an
//! `Allow` statement has an action `<service>:*` (an unrestricted wildcard for a service), or a
//! `NotAction` of the form `<service>:*` (which allows every action of every other service);
//! prefixed wildcards such as `ec2:Describe*` pass.

use crate::policy::document::Names;
use crate::policy::Effect;
use crate::resource::Resource;
use crate::rules::iam::{customer_policy_document, summary, verdict, Hit};
use crate::rules::{iam_policy, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// IAM.21.
pub struct Iam21;

static META: RuleMeta = RuleMeta {
    id: "iam-policy-no-full-service-access",
    title: "Customer managed IAM policies should not allow every action of a service (\"service:*\")",
    severity: Severity::Low,
    resource_type: "AWS::IAM::Policy",
    controls: &["IAM.21"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(2)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no Allow statement of the default policy version has an Action or a NotAction of the form \"service:*\"; AWS managed policies and permissions boundaries are not applicable",
    rationale: "\"dynamodb:*\" or \"rds:*\" grants every current and future action of the service, including deleting tables, databases and backups, when the application usually needs a handful of reads and writes. Least privilege keeps a leaked credential or a buggy deployment from destroying data, and is what UK GDPR's data protection by design asks for.",
    remediation: "List the actions the workload uses (IAM Access Analyzer policy generation, or the 'Last accessed' tab in the IAM console) and replace \"service:*\" with them, e.g. dynamodb:GetItem and dynamodb:PutItem; a prefix wildcard such as ec2:Describe* is acceptable. CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default",
    fix: Some(crate::fix::Fix {
        console: r#"IAM console > Policies > {name} > Edit: replace "service:*" with the actions used (see Last accessed) > Save changes"#,
        command: "aws iam create-policy-version --policy-arn {arn} --policy-document file://narrowed-policy.json --set-as-default",
        caution: Some("Whatever uses the policy loses the actions not listed: check the Last accessed tab first. A policy keeps at most five versions."),
        inputs: &[],
    }),
    source: "FSBP IAM.21 (AWS Config rule iam-policy-no-statements-with-full-access, excludePermissionBoundaryPolicy true)",
};

impl Rule for Iam21 {
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
        let mut hits = Vec::new();
        let service_wildcard = |a: &String| {
            a.split_once(':')
                .is_some_and(|(svc, rest)| !svc.is_empty() && rest == "*")
        };
        for s in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
            match &s.actions {
                Some(Names::Only(actions)) => {
                    for a in actions.iter().filter(|a| service_wildcard(a)) {
                        hits.push(Hit::new("the policy", s, format!("\"{a}\"")));
                    }
                }
                Some(Names::AllBut(actions)) => {
                    for a in actions.iter().filter(|a| service_wildcard(a)) {
                        hits.push(Hit::new(
                            "the policy",
                            s,
                            format!("everything except \"{a}\" (NotAction)"),
                        ));
                    }
                }
                None => {}
            }
        }
        verdict(
            hits,
            Vec::new(),
            |h| format!("a whole service is allowed: {}", summary(h, "allows")),
            "no statement allows every action of a service",
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
    fn a_service_wildcard_fails_naming_statement_and_action() {
        let v = eval(
            &Iam21,
            &customer(
                json!({"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:*"], "Resource": "*"}]}),
            ),
        );
        assert!(
            is_failed_with(&v, "statement #1 allows \"dynamodb:*\""),
            "{v:?}"
        );
    }

    #[test]
    fn allow_with_not_action_service_wildcard_fails() {
        let v = eval(
            &Iam21,
            &customer(
                json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}),
            ),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // A NotAction without a service wildcard is not this control's case.
        let v = eval(
            &Iam21,
            &customer(
                json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:CreateUser", "Resource": "*"}]}),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn prefixed_wildcards_and_denies_pass() {
        let v = eval(
            &Iam21,
            &customer(json!({"Statement": [
            {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
            {"Effect": "Deny", "Action": "rds:*", "Resource": "*"}]})),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn aws_managed_is_not_applicable_and_unknown_is_undetermined() {
        assert!(matches!(
            eval(
                &Iam21,
                &policy(json!({"arn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}))
            ),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval(
                &Iam21,
                &policy(
                    json!({"arn": "arn:aws:iam::1:policy/x", "permissionsBoundaryUsageCount": 0})
                )
            ),
            Verdict::Undetermined { .. }
        ));
    }
}
