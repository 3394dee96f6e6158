//! Rules for IAM roles, customer managed policies and users, and what they share: gathering a
//! principal's permission policies (inline, attached AWS managed from the core's data, attached
//! customer managed through the `iam.managed-policy` lookup) and naming statements in findings.
//!
//! ## Lookup `iam.managed-policy`
//!
//! Id: the policy ARN. Answer: [`ManagedPolicy`], from `GetPolicy` and `GetPolicyVersion` of
//! the default version, with the document already parsed (an answer whose document cannot be
//! read is malformed, so unanswered).

pub mod policy_admin_access;
pub mod policy_full_service_access;
pub mod policy_kms_decrypt_all;
pub mod role_admin_access;
pub mod role_confused_deputy;
pub mod role_cross_account_external_id;
pub mod role_destructive_db_mfa;
pub mod role_inline_kms_decrypt_all;
pub mod role_oidc_sub;
pub mod role_privilege_escalation;
pub mod role_trust_public;
pub mod role_unused;
pub mod user_access_keys_rotated;
pub mod user_console_mfa;
pub mod user_credentials;
pub mod user_inline_kms_decrypt_all;
pub mod user_no_policies;
pub mod user_unused_credentials;

use crate::fact::Fact;
use crate::lookups::iam::ManagedPolicy;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::policy::document::Names;
use crate::policy::{managed, Document, Effect, Statement};
use crate::resources::iam_role::{AttachedPolicy, InlinePolicy};
use crate::rules::Context;
use crate::verdict::{Evidence, Verdict};

/// A permission policy of a principal, with the name a finding shows.
#[derive(Clone, Debug)]
pub struct NamedDocument<'a> {
    /// `inline policy "x"`, `AWS managed policy "AdministratorAccess"`, `managed policy "y"`.
    pub label: String,
    /// The document (borrowed from the resource or the core's data, owned when parsed from a
    /// lookup answer).
    pub document: std::borrow::Cow<'a, Document>,
}

/// A principal's permission policies as far as they are known.
#[derive(Clone, Debug, Default)]
pub struct Permissions<'a> {
    /// The documents that could be read.
    pub documents: Vec<NamedDocument<'a>>,
    /// What could not be known (fields or lookups): a verdict that finds nothing wrong in the
    /// known documents is undetermined while this is not empty.
    pub missing: Vec<String>,
}

/// The lookups needed for attached policies the core does not carry.
pub fn managed_policy_lookups(attached: &Fact<Vec<AttachedPolicy>>) -> Vec<LookupKey> {
    attached
        .get()
        .map(|list| {
            list.iter()
                .filter(|p| managed::known(&p.arn).is_none())
                .map(|p| ManagedPolicy::key(p.arn.clone()).untyped())
                .collect()
        })
        .unwrap_or_default()
}

/// Gathers inline and attached policies.
pub fn permissions<'a>(
    inline: &'a Fact<Vec<InlinePolicy>>,
    inline_field: &str,
    attached: &'a Fact<Vec<AttachedPolicy>>,
    ctx: &Context<'_>,
) -> Permissions<'a> {
    let mut out = Permissions::default();
    match inline.get() {
        Some(list) => out.documents.extend(list.iter().map(|p| NamedDocument {
            label: format!("inline policy \"{}\"", p.name),
            document: std::borrow::Cow::Borrowed(&p.document),
        })),
        None => out.missing.push(inline_field.to_string()),
    }
    match attached.get() {
        Some(list) => {
            for p in list {
                if let Some(known) = managed::known(&p.arn) {
                    if let Some(document) = known.document() {
                        out.documents.push(NamedDocument {
                            label: format!("AWS managed policy \"{}\"", known.name),
                            document: std::borrow::Cow::Borrowed(document),
                        });
                    }
                    continue;
                }
                let key = ManagedPolicy::key(p.arn.clone());
                let kind = if managed::is_aws_managed(&p.arn) {
                    "AWS managed policy"
                } else {
                    "managed policy"
                };
                match ctx.lookups.get(&key) {
                    Ok(answer) => out.documents.push(NamedDocument {
                        label: format!("{kind} \"{}\"", p.name),
                        document: std::borrow::Cow::Owned(answer.document.clone()),
                    }),
                    Err(_) => out.missing.push(key.label()),
                }
            }
        }
        None => out.missing.push("attachedManagedPolicies".to_string()),
    }
    out
}

/// One problem found in one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where: `inline policy "x", statement "Sid"`.
    pub place: String,
    /// What: the action (or pattern) that caused it.
    pub what: String,
}

impl Hit {
    /// A hit in `statement` of the document labelled `doc`.
    pub fn new(doc: &str, statement: &Statement, what: impl Into<String>) -> Self {
        Hit {
            place: format!("{doc}, {}", statement.label()),
            what: what.into(),
        }
    }

    fn evidence(&self) -> Evidence {
        Evidence::new(self.place.clone(), self.what.clone())
    }
}

/// The verdict from hits: Failed naming each place and action, else Undetermined when inputs
/// were missing, else Passed.
pub fn verdict(
    hits: Vec<Hit>,
    missing: Vec<String>,
    failed: impl FnOnce(&[Hit]) -> String,
    passed: impl Into<String>,
) -> Verdict {
    if !hits.is_empty() {
        let reason = failed(&hits);
        return Verdict::failed(reason, hits.iter().map(Hit::evidence).collect());
    }
    if !missing.is_empty() {
        return Verdict::undetermined(missing);
    }
    Verdict::passed(passed)
}

/// "statement X of policy Y allows A" for the first hit, and how many more there are.
pub fn summary(hits: &[Hit], verb: &str) -> String {
    let first = &hits[0];
    let statements: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h.place.as_str()).collect();
    let more = match (hits.len(), statements.len()) {
        (1, _) => String::new(),
        (n, 1) => format!(" ({n} findings in this statement)"),
        (n, s) => format!(" ({n} findings in {s} statements)"),
    };
    format!("{} {verb} {}{more}", first.place, first.what)
}

/// KMS.2 over a role's or user's inline policies (`field` names the list, for undetermined).
pub fn inline_kms_decrypt_verdict(inline: &Fact<Vec<InlinePolicy>>, field: &str) -> Verdict {
    let Some(inline) = inline.get() else {
        return Verdict::undetermined([field]);
    };
    let hits = inline
        .iter()
        .flat_map(|p| {
            kms_decrypt_on_all_keys(&format!("inline policy \"{}\"", p.name), &p.document)
        })
        .collect();
    verdict(
        hits,
        Vec::new(),
        |h| summary(h, "allows"),
        "no inline policy allows decryption with all KMS keys",
    )
}

/// KMS.1 / KMS.2: `kms:Decrypt` or `kms:ReEncryptFrom` allowed on all KMS keys. As AWS
/// Config's `iam-*-policy-blocked-kms-actions` rules: conditions are not evaluated, and a
/// resource is "all keys" unless it is a fixed value (no `*` or `?`, no policy variable).
pub fn kms_decrypt_on_all_keys(doc_label: &str, doc: &Document) -> Vec<Hit> {
    const BLOCKED: [&str; 2] = ["kms:Decrypt", "kms:ReEncryptFrom"];
    let mut hits = Vec::new();
    for s in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
        for action in BLOCKED {
            if !s.covers_action(action) {
                continue;
            }
            let broad = match &s.resources {
                None => false,
                Some(Names::AllBut(_)) => true,
                Some(Names::Only(patterns)) => patterns.iter().any(|p| {
                    (p.contains('*') || p.contains('?') || p.contains("${"))
                        && crate::policy::pattern::overlaps(
                            p,
                            "arn:*:kms:*:*:key/*",
                            crate::policy::pattern::Case::Sensitive,
                        )
                }),
            };
            if broad {
                hits.push(Hit::new(doc_label, s, format!("{action} on all KMS keys")));
            }
        }
    }
    hits
}

/// The default document of a customer managed policy in scope of FSBP's IAM.1, IAM.21 and
/// KMS.1 (`excludePermissionBoundaryPolicy: true`): not applicable to AWS managed policies and
/// to policies used as permissions boundaries; undetermined when the item lacks what decides.
pub fn customer_policy_document(
    policy: &crate::resources::iam_policy::IamPolicy,
) -> Result<&Document, Verdict> {
    if policy
        .arn
        .get()
        .is_some_and(|arn| managed::is_aws_managed(arn))
    {
        return Err(Verdict::not_applicable(
            "an AWS managed policy: FSBP evaluates customer managed policies only",
        ));
    }
    match policy.permissions_boundary_usage_count.get() {
        None => return Err(Verdict::undetermined(["permissionsBoundaryUsageCount"])),
        Some(&n) if n > 0 => {
            return Err(Verdict::not_applicable(format!(
                "the policy is used as a permissions boundary by {n} principal(s); FSBP excludes permissions boundaries"
            )))
        }
        Some(_) => {}
    }
    policy
        .document
        .get()
        .ok_or_else(|| Verdict::undetermined(["policyVersionList (default version document)"]))
}

/// The role's trust policy, or the verdict when it is not known.
pub fn trust_policy(role: &crate::resources::iam_role::IamRole) -> Result<&Document, Verdict> {
    role.trust_policy
        .get()
        .ok_or_else(|| Verdict::undetermined(["assumeRolePolicyDocument"]))
}

/// Whether the trust statement lets someone assume the role with this kind of call
/// (`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`).
pub fn trusts_with(statement: &Statement, action: &str) -> bool {
    statement.effect == Effect::Allow && statement.overlaps_action(action)
}

/// The role's permission policies for a role rule, and the lookups they need.
pub fn role_permissions<'a>(
    role: &'a crate::resources::iam_role::IamRole,
    ctx: &Context<'_>,
) -> Permissions<'a> {
    permissions(
        &role.inline_policies,
        "rolePolicyList",
        &role.attached_policies,
        ctx,
    )
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds IAM resources and contexts for the rules' tests.
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;
    use serde_json::Value;

    /// A URL-encoded document, as AWS Config carries it.
    pub fn encoded(doc: &Value) -> String {
        let mut out = String::new();
        for b in doc.to_string().bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    pub fn role(config: Value) -> Resource {
        Resource::IamRole(Box::new(
            crate::resources::iam_role::IamRole::parse(Obj::new(&config, "configuration").unwrap())
                .unwrap(),
        ))
    }

    pub fn policy(config: Value) -> Resource {
        Resource::IamPolicy(
            crate::resources::iam_policy::IamPolicy::parse(
                Obj::new(&config, "configuration").unwrap(),
            )
            .unwrap(),
        )
    }

    pub fn user(config: Value) -> Resource {
        Resource::IamUser(
            crate::resources::iam_user::IamUser::parse(Obj::new(&config, "configuration").unwrap())
                .unwrap(),
        )
    }

    pub fn eval_with(
        rule: &dyn Rule,
        r: &Resource,
        settings: &Settings,
        lookups: &Lookups,
    ) -> Verdict {
        rule.evaluate(r, &Context::new(settings, lookups))
    }

    pub fn eval(rule: &dyn Rule, r: &Resource) -> Verdict {
        eval_with(rule, r, &Settings::default(), &Lookups::none())
    }

    /// A role with this trust policy and these inline permission documents, nothing attached.
    pub fn role_with(trust: Value, inline: &[Value]) -> Resource {
        role(serde_json::json!({
            "path": "/", "roleName": "app", "arn": "arn:aws:iam::123456789012:role/app",
            "assumeRolePolicyDocument": encoded(&trust),
            "rolePolicyList": inline.iter().enumerate().map(|(i, d)| serde_json::json!({"policyName": format!("p{i}"), "policyDocument": encoded(d)})).collect::<Vec<_>>(),
            "attachedManagedPolicies": []
        }))
    }

    /// A trust policy for Lambda.
    pub fn lambda_trust() -> Value {
        serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    }

    pub fn is_failed_with(v: &Verdict, text: &str) -> bool {
        matches!(v, Verdict::Failed { reason, .. } if reason.contains(text))
    }
}

#[cfg(test)]
mod redaction_tests {
    //! Condition values (external ids, OIDC subjects, organization ids) can be secrets: no IAM
    //! rule may put them in a verdict. Known values are planted and searched for.
    use super::test_support::*;
    use crate::lookups::Lookups;
    use crate::rules::{for_type, Context};
    use crate::settings::Settings;
    use crate::verdict::Verdict;
    use serde_json::json;

    const SECRET: &str = "pl4nted-s3cret-9f2c";

    fn text(v: &Verdict) -> String {
        match v {
            Verdict::Failed { reason, evidence } => {
                let mut t = reason.clone();
                for e in evidence {
                    t.push_str(&e.field);
                    t.push_str(&e.observed);
                }
                t
            }
            other => other.reason(),
        }
    }

    #[test]
    fn planted_condition_values_never_reach_a_verdict() {
        let trust = json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole",
             "Condition": {"StringEqualsIfExists": {"sts:ExternalId": SECRET}}},
            {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": SECRET}}},
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
             "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": SECRET}}},
            {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sts:AssumeRole",
             "Condition": {"StringNotEquals": {"aws:SourceAccount": SECRET}}}]});
        let permissions = json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:userid": SECRET}}},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": SECRET}}}]});
        let role = role_with(trust, &[permissions]);
        let mut failed = 0;
        for rule in for_type("AWS::IAM::Role") {
            let v = rule.evaluate(&role, &Context::new(&Settings::default(), &Lookups::none()));
            failed += usize::from(matches!(v, Verdict::Failed { .. }));
            assert!(!text(&v).contains(SECRET), "{}: {v:?}", rule.meta().id);
        }
        assert!(failed >= 7, "the planted role fails most rules ({failed})");
    }

    #[test]
    fn an_unreadable_document_does_not_echo_its_content() {
        let config = json!({"roleName": "r", "rolePolicyList": [{"policyName": "p",
            "policyDocument": encoded(&json!({"Statement": [{"Effect": SECRET, "Action": "*"}]}))}]});
        let err = crate::resources::iam_role::IamRole::parse(
            crate::json::Obj::new(&config, "configuration").unwrap(),
        )
        .unwrap_err()
        .to_string();
        assert!(!err.contains(SECRET), "{err}");
    }
}
