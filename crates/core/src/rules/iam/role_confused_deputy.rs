//! Vigil: roles that AWS services assume on your behalf should be bound to your account or
//! resource (cross-service confused deputy prevention).
//!
//! Beyond FSBP. Source: IAM User Guide, "The confused deputy problem" (cross-service), and
//! Prowler's `iam_role_cross_service_confused_deputy_prevention`. FAILED when an `Allow` trust
//! statement names a `Service` principal without a condition that requires `aws:SourceAccount`,
//! `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths`. Compute services that run your
//! own code with the role (`lambda`, `edgelambda`, `ec2`, `ecs-tasks`, `eks`, `eks-fargate-pods`,
//! `build.apigateway`) do not act for other customers and are exempt, as are service-linked
//! roles. NOT_APPLICABLE when no service is trusted.

use crate::resource::Resource;
use crate::rules::iam::{summary, trust_policy, verdict, Hit};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Confused deputy.
pub struct RoleConfusedDeputy;

/// Service principals that run the owner's own code with the role.
const OWN_COMPUTE: &[&str] = &[
    "lambda.amazonaws.com",
    "edgelambda.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "build.apigateway.amazonaws.com",
];

const SOURCE_KEYS: &[&str] = &[
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

static META: RuleMeta = RuleMeta {
    id: "iam-role-service-trust-source-condition",
    title: "IAM roles trusted by AWS services should be limited to your account with aws:SourceAccount or aws:SourceArn",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "every trust statement naming a service principal (other than compute services that run your own code) requires aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths",
    rationale: "Services such as SNS, S3, CloudWatch or AWS Config act for many customers. If your role trusts the whole service, another customer could configure that service to use your role, and reach your data through it (the cross-service 'confused deputy'). A source condition ties the role to your own account or resource.",
    remediation: "Add a condition to the trust statement: \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account id>\"}} (or ArnLike aws:SourceArn <the resource that uses the role>). Console: IAM > Roles > the role > Trust relationships > Edit trust policy. CLI: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Trust relationships > Edit trust policy: add a Condition on aws:SourceAccount (or aws:SourceArn) > Update policy",
        command: "aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument > trust-policy.json
aws iam update-assume-role-policy --role-name {name} --policy-document file://trust-policy.json",
        caution: Some("Edit trust-policy.json between the two commands, with the account or resource ARN that really uses the role, or the service can no longer assume it."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM User Guide: cross-service confused deputy prevention; Prowler iam_role_cross_service_confused_deputy_prevention); not an FSBP control",
};

impl Rule for RoleConfusedDeputy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        match role.is_service_linked() {
            crate::fact::Fact::Known(true) => {
                return Verdict::not_applicable("a service-linked role: AWS defines its trust")
            }
            crate::fact::Fact::Unknown => return Verdict::undetermined(["path"]),
            crate::fact::Fact::Known(false) => {}
        }
        let trust = match trust_policy(role) {
            Ok(t) => t,
            Err(v) => return v,
        };
        let mut hits = Vec::new();
        let mut services = 0;
        for s in trust
            .statements
            .iter()
            .filter(|s| s.effect == crate::policy::Effect::Allow)
        {
            let Some(principal) = &s.principal else {
                continue;
            };
            let named: Vec<&str> = principal
                .services()
                .filter(|svc| !OWN_COMPUTE.iter().any(|c| c.eq_ignore_ascii_case(svc)))
                .collect();
            services += named.len();
            if !named.is_empty() && !s.is_guarded_by(SOURCE_KEYS) {
                for svc in named {
                    hits.push(Hit::new(
                        "the trust policy",
                        s,
                        format!("{svc} without aws:SourceAccount or aws:SourceArn"),
                    ));
                }
            }
        }
        if services == 0 {
            return Verdict::not_applicable(
                "the trust policy names no AWS service that acts for other customers",
            );
        }
        verdict(
            hits,
            Vec::new(),
            |h| summary(h, "trusts"),
            "every trusted service is limited to your account or resource",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::json;

    fn service_trust(service: &str, condition: Option<serde_json::Value>) -> Resource {
        let mut s = json!({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        role_with(json!({"Statement": [s]}), &[])
    }

    #[test]
    fn a_shared_service_without_source_condition_fails() {
        let v = eval(
            &RoleConfusedDeputy,
            &service_trust("config.amazonaws.com", None),
        );
        assert!(
            is_failed_with(&v, "statement #1 trusts config.amazonaws.com"),
            "{v:?}"
        );
    }

    #[test]
    fn a_source_account_condition_passes() {
        let v = eval(
            &RoleConfusedDeputy,
            &service_trust(
                "sns.amazonaws.com",
                Some(json!({"StringEquals": {"aws:SourceAccount": "123456789012"}})),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(
            &RoleConfusedDeputy,
            &service_trust(
                "sns.amazonaws.com",
                Some(json!({"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}})),
            ),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn own_compute_and_service_linked_roles_are_not_applicable() {
        assert!(matches!(
            eval(&RoleConfusedDeputy, &role_with(lambda_trust(), &[])),
            Verdict::NotApplicable { .. }
        ));
        let r = role(
            json!({"path": "/aws-service-role/rds.amazonaws.com/", "assumeRolePolicyDocument": encoded(&json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}}))}),
        );
        assert!(matches!(
            eval(&RoleConfusedDeputy, &r),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert!(matches!(
            eval(&RoleConfusedDeputy, &role(json!({"path": "/"}))),
            Verdict::Undetermined { .. }
        ));
        assert!(matches!(
            eval(&RoleConfusedDeputy, &role(json!({}))),
            Verdict::Undetermined { .. }
        ));
    }
}
