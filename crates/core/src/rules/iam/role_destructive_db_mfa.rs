//! Vigil: roles people assume should require MFA before they can destroy databases.
//!
//! Beyond FSBP. Source: Vigil practice, after the IAM User Guide's MFA-protected API access
//! (`aws:MultiFactorAuthPresent`) and Parliament/Cloudsplaining's data-destruction findings.
//! Applies to roles people can assume: the trust policy lets an AWS account, user or role, or
//! a SAML provider, assume it. FAILED when a permission policy allows a destructive database
//! action (`rds:DeleteDBInstance`, `rds:DeleteDBCluster`, `rds:DeleteDBSnapshot`,
//! `rds:DeleteDBClusterSnapshot`, `rds:ModifyDBInstance`, `rds:ModifyDBCluster` (which can turn
//! off deletion protection or make a database public), `dynamodb:DeleteTable`,
//! `dynamodb:DeleteBackup`, `dynamodb:UpdateContinuousBackups`) in a statement that does not
//! require MFA, unless every human trust statement requires MFA.

use crate::lookups::LookupKey;
use crate::policy::{Effect, PrincipalKind};
use crate::resource::Resource;
use crate::rules::iam::{
    managed_policy_lookups, role_permissions, summary, trust_policy, verdict, Hit,
};
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Destructive database actions without MFA.
pub struct RoleDestructiveDbMfa;

/// The actions that destroy a database, its backups, or its protections.
pub const DESTRUCTIVE: &[&str] = &[
    "rds:DeleteDBInstance",
    "rds:DeleteDBCluster",
    "rds:DeleteDBSnapshot",
    "rds:DeleteDBClusterSnapshot",
    "rds:ModifyDBInstance",
    "rds:ModifyDBCluster",
    "dynamodb:DeleteTable",
    "dynamodb:DeleteBackup",
    "dynamodb:UpdateContinuousBackups",
];

static META: RuleMeta = RuleMeta {
    id: "iam-role-destructive-db-actions-mfa",
    title: "IAM roles that people assume should require MFA for destructive database actions",
    severity: Severity::High,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the role cannot be assumed by people, or it allows no destructive RDS/DynamoDB action, or each statement allowing one (or every human trust statement) requires aws:MultiFactorAuthPresent",
    rationale: "Deleting a database or its backups, or switching off deletion protection, cannot be undone. If a person's stolen password or access key is enough to do it, one phishing email can wipe the business's data. Requiring MFA for these actions (or for assuming the role) means a password alone is not enough. UK GDPR requires protection against accidental or unlawful destruction of personal data.",
    remediation: "Require MFA to assume the role: add \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}} to each human trust statement (IAM > Roles > the role > Trust relationships), or add the same condition to the statements that allow deletes. CLI: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-mfa.json",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > Trust relationships > Edit trust policy: add Condition Bool aws:MultiFactorAuthPresent true to each human trust statement > Update policy",
        command: "aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument > trust-policy.json
aws iam update-assume-role-policy --role-name {name} --policy-document file://trust-policy.json",
        caution: Some("Edit trust-policy.json between the two commands. People must then sign in with MFA to assume the role; automation must use another role."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM User Guide: MFA-protected API access); not an FSBP control",
};

impl Rule for RoleDestructiveDbMfa {
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
        let trust = match trust_policy(role) {
            Ok(t) => t,
            Err(v) => return v,
        };
        let human: Vec<_> = trust
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .filter(|s| {
                s.principal.as_ref().is_some_and(|p| {
                    p.entries().iter().any(|e| {
                        e.kind == PrincipalKind::Aws
                            || (e.kind == PrincipalKind::Federated
                                && e.value.contains(":saml-provider/"))
                    }) || p.is_public()
                })
            })
            .collect();
        if human.is_empty() {
            return Verdict::not_applicable(
                "only AWS services or OIDC workloads can assume the role",
            );
        }
        if human.iter().all(|s| s.requires_mfa()) {
            return Verdict::passed("people can assume the role only with MFA");
        }
        let perms = role_permissions(role, ctx);
        let mut hits = Vec::new();
        for d in &perms.documents {
            for action in DESTRUCTIVE {
                for s in d.document.allows_some(action, "*") {
                    if !s.requires_mfa() {
                        hits.push(Hit::new(&d.label, s, format!("{action} without MFA")));
                    }
                }
            }
        }
        verdict(
            hits,
            perms.missing,
            |h| {
                format!(
                    "people can destroy databases without MFA: {}",
                    summary(h, "allows")
                )
            },
            "no destructive database action is allowed without MFA",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::test_support::*;
    use serde_json::{json, Value};

    fn human_trust(mfa: bool) -> Value {
        let mut s = json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"});
        if mfa {
            s["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        }
        json!({"Statement": [s]})
    }

    fn deletes() -> Value {
        json!({"Statement": [{"Sid": "Ops", "Effect": "Allow", "Action": ["rds:Delete*", "dynamodb:DescribeTable"], "Resource": "*"}]})
    }

    #[test]
    fn a_human_role_that_can_delete_without_mfa_fails() {
        let v = eval(
            &RoleDestructiveDbMfa,
            &role_with(human_trust(false), &[deletes()]),
        );
        assert!(
            is_failed_with(
                &v,
                "inline policy \"p0\", statement \"Ops\" allows rds:DeleteDBInstance without MFA"
            ),
            "{v:?}"
        );
    }

    #[test]
    fn mfa_on_the_trust_or_on_the_statement_passes() {
        assert!(matches!(
            eval(
                &RoleDestructiveDbMfa,
                &role_with(human_trust(true), &[deletes()])
            ),
            Verdict::Passed { .. }
        ));
        let guarded = json!({"Statement": [{"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]});
        assert!(matches!(
            eval(
                &RoleDestructiveDbMfa,
                &role_with(human_trust(false), &[guarded])
            ),
            Verdict::Passed { .. }
        ));
        let weak = json!({"Statement": [{"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}]});
        assert!(matches!(
            eval(
                &RoleDestructiveDbMfa,
                &role_with(human_trust(false), &[weak])
            ),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn service_roles_are_not_applicable() {
        assert!(matches!(
            eval(
                &RoleDestructiveDbMfa,
                &role_with(lambda_trust(), &[deletes()])
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert!(matches!(
            eval(&RoleDestructiveDbMfa, &role(json!({}))),
            Verdict::Undetermined { .. }
        ));
        let r = role(
            json!({"arn": "arn:aws:iam::123456789012:role/x", "assumeRolePolicyDocument": encoded(&human_trust(false))}),
        );
        assert_eq!(
            eval(&RoleDestructiveDbMfa, &r),
            Verdict::undetermined(["rolePolicyList", "attachedManagedPolicies"])
        );
    }
}
