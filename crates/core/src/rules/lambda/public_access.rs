//! Lambda.1: Lambda function policies should prohibit public access.
//!
//! FSBP control Lambda.1 (AWS Config rule `lambda-function-public-access-prohibited`). Source:
//! <https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1> and
//! <https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html>:
//! NON_COMPLIANT when the function's resource-based policy allows public access (a principal
//! that is `"*"` or contains a wildcard, e.g. `{"AWS": "*"}`), and also when the function may be
//! invoked from Amazon S3 (`s3.amazonaws.com`) without a condition limiting it, such as
//! `AWS:SourceAccount`. To be non-public, a policy must grant access only to fixed values (no
//! wildcard, no policy variable).
//!
//! Vigil reads the policy from the `lambda.policy` lookup (`GetPolicy`): no policy is PASSED; no
//! answer is UNDETERMINED. A public statement is restricted, and so not public, when a condition
//! requires one of `resource_policy::GUARD_KEYS` (`aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalOrgID`,
//! ...) with fixed values; an S3 statement needs `aws:SourceAccount` itself (a bucket ARN holds
//! no account, and bucket names can be re-registered by anyone once deleted). Findings name the
//! statement by Sid, or by position when it has none.
//!
//! "Fixed values" is read strictly here: a condition value with any `*` or `?` (even in the
//! resource part of an ARN) or a policy variable does not restrict a public principal. A
//! principal entry that is empty or contains a wildcard (`arn:aws:iam::*:root`, `1234*`) counts
//! as public, like `"*"`.

use crate::lookups::lambda::FunctionPolicy;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::policy::principal::Principal;
use crate::policy::{Document, Effect, Statement};
use crate::resource::Resource;
use crate::rules::resource_policy::{guarded_by_fixed, verdict, GUARD_KEYS};
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Lambda.1.
pub struct Lambda1;

static META: RuleMeta = RuleMeta {
    id: "lambda-function-public-access",
    title: "Lambda function policies should prohibit public access",
    severity: Severity::Critical,
    resource_type: "AWS::Lambda::Function",
    controls: &["Lambda.1"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the function has no resource-based policy, or no Allow statement of it names a public principal (\"*\", {\"AWS\": \"*\"}, NotPrincipal) without a condition on aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID or similar with fixed values, and every statement allowing s3.amazonaws.com requires aws:SourceAccount",
    rationale: "A function policy with Principal \"*\" lets any AWS account in the world invoke your function: anyone can run your code, read what it returns, change the data it writes, and run up your bill. A permission for Amazon S3 without the source account is nearly as open: a bucket in someone else's account can trigger your function.",
    remediation: "Remove the public statement and grant invoke permission to named accounts or services only, with a SourceAccount or SourceArn condition for service principals. Console: Lambda > the function > Configuration > Permissions > Resource-based policy statements > delete or edit the statement. CLI: aws lambda remove-permission --function-name <name> --statement-id <sid>, then aws lambda add-permission --function-name <name> --statement-id s3-invoke --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::<bucket> --source-account <account-id>",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > Permissions > Resource-based policy statements > delete the public statement (or add a SourceAccount/SourceArn condition)",
        command: r#"aws lambda get-policy --region {region} --function-name {name}
aws lambda remove-permission --region {region} --function-name {name} --statement-id "$STATEMENT_ID""#,
        caution: Some("Callers the statement allowed lose access: re-grant the ones you need with aws lambda add-permission and --source-account or --source-arn."),
        inputs: &[],
    }),
    source: "FSBP Lambda.1 (https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1); AWS Config lambda-function-public-access-prohibited",
};

/// Whether a principal names anyone: `"*"`, `{"AWS": "*"}`, or an entry that is empty or holds
/// a wildcard.
fn public_principal(p: &Principal) -> bool {
    p.is_public()
        || p.entries()
            .iter()
            .any(|e| e.value.trim().is_empty() || e.value.contains('*') || e.value.contains('?'))
}

/// Whether a condition on one of [`GUARD_KEYS`] requires fixed values with no wildcard at all.
fn strictly_guarded(s: &Statement) -> bool {
    s.conditions.iter().any(|c| {
        GUARD_KEYS.iter().any(|k| c.is_on(k))
            && c.requires_key()
            && c.values
                .iter()
                .all(|v| !v.contains('*') && !v.contains('?') && !v.contains("${"))
    })
}

/// The `Allow` statements that grant to anyone and no strictly fixed condition restricts.
fn unguarded_public(doc: &Document) -> impl Iterator<Item = &Statement> {
    doc.statements.iter().filter(|s| {
        s.effect == Effect::Allow
            && (s.not_principal.is_some() || s.principal.as_ref().is_some_and(public_principal))
            && !strictly_guarded(s)
    })
}

/// What the statement opens to the public, if anything.
fn finding(s: &Statement, public: bool) -> Option<String> {
    if public {
        return Some("allows anyone to invoke the function".to_string());
    }
    let s3 = s.effect == Effect::Allow
        && s.principal.as_ref().is_some_and(|p| {
            p.services()
                .any(|svc| svc.eq_ignore_ascii_case("s3.amazonaws.com"))
        });
    (s3 && !guarded_by_fixed(s, &["aws:SourceAccount"])).then(|| {
        "allows Amazon S3 to invoke the function without an AWS:SourceAccount condition".to_string()
    })
}

impl Rule for Lambda1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        lambda_function(resource)
            .and_then(|f| f.function_name.get())
            .map(|name| vec![FunctionPolicy::key(name.clone()).untyped()])
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let Some(name) = f.function_name.get() else {
            return Verdict::undetermined(["functionName"]);
        };
        let key = FunctionPolicy::key(name.clone());
        let answer = match ctx.lookups.get(&key) {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let text = match &answer.policy {
            Some(None) => return Verdict::passed("the function has no resource-based policy"),
            Some(Some(text)) => text,
            None => {
                return Verdict::undetermined([format!(
                    "{} (no Policy in the answer)",
                    key.label()
                )])
            }
        };
        let doc = match Document::parse_str(text) {
            Ok(d) => d,
            Err(e) => return Verdict::undetermined([format!("{} ({e})", key.label())]),
        };
        let public: Vec<&Statement> = unguarded_public(&doc).collect();
        let hits = doc
            .statements
            .iter()
            .filter_map(|s| {
                let is_public = public.iter().any(|p| std::ptr::eq(*p, s));
                finding(s, is_public).map(|what| (s, what))
            })
            .collect();
        verdict(
            "the function policy,",
            hits,
            "the function policy grants only to named accounts, or to services limited by their source",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_with_lookups, zip};
    use serde_json::json;

    fn with_policy(policy: serde_json::Value) -> Verdict {
        let mut l = Lookups::none();
        let text = match policy {
            serde_json::Value::Null => serde_json::Value::Null,
            doc => serde_json::Value::String(doc.to_string()),
        };
        l.insert_json(
            LookupKey::new(LookupKind::LambdaPolicy, "orders-api"),
            json!({ "Policy": text }),
        )
        .unwrap();
        eval_with_lookups(&Lambda1, zip("python3.13"), &l)
    }

    fn statement(principal: serde_json::Value, condition: serde_json::Value) -> serde_json::Value {
        let mut s = json!({"Sid": "Invoke", "Effect": "Allow", "Principal": principal, "Action": "lambda:InvokeFunction",
                           "Resource": "arn:aws:lambda:eu-west-2:123456789012:function:orders-api"});
        if !condition.is_null() {
            s["Condition"] = condition;
        }
        json!({"Version": "2012-10-17", "Id": "default", "Statement": [s]})
    }

    fn reason(v: &Verdict) -> String {
        match v {
            Verdict::Failed { .. } => v.reason(),
            other => panic!("expected Failed, got {other:?}"),
        }
    }

    #[test]
    fn no_policy_and_an_account_principal_pass() {
        assert!(matches!(with_policy(json!(null)), Verdict::Passed { .. }));
        let account = statement(
            json!({"AWS": "arn:aws:iam::210987654321:root"}),
            json!(null),
        );
        assert!(matches!(with_policy(account), Verdict::Passed { .. }));
    }

    #[test]
    fn a_public_principal_fails_naming_the_statement() {
        for principal in [json!("*"), json!({"AWS": "*"})] {
            let v = with_policy(statement(principal, json!(null)));
            assert!(
                reason(&v).contains("statement \"Invoke\" allows anyone"),
                "{v:?}"
            );
        }
        let mut unnamed = statement(json!("*"), json!(null));
        unnamed["Statement"][0]
            .as_object_mut()
            .unwrap()
            .remove("Sid");
        assert!(reason(&with_policy(unnamed)).contains("statement #1"));
    }

    #[test]
    fn s3_without_source_account_fails_and_with_it_passes() {
        let s3 = json!({"Service": "s3.amazonaws.com"});
        let arn_only = json!({"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::orders-uploads"}});
        assert!(reason(&with_policy(statement(s3.clone(), arn_only)))
            .contains("without an AWS:SourceAccount condition"));
        let account = json!({"StringEquals": {"AWS:SourceAccount": "123456789012"}});
        assert!(matches!(
            with_policy(statement(s3, account)),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn a_public_principal_restricted_by_fixed_source_is_not_public() {
        for condition in [
            json!({"StringEquals": {"aws:SourceAccount": "123456789012"}}),
            json!({"ArnEquals": {"aws:SourceArn": "arn:aws:execute-api:eu-west-2:123456789012:a1b2c3/prod/GET/orders"}}),
        ] {
            assert!(matches!(
                with_policy(statement(json!("*"), condition)),
                Verdict::Passed { .. }
            ));
        }
        // A wildcard value restricts nothing.
        let wild = json!({"StringLike": {"aws:SourceAccount": "*"}});
        assert!(matches!(
            with_policy(statement(json!("*"), wild)),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_condition_with_any_wildcard_does_not_make_a_public_principal_safe() {
        let arn_wild = json!({"ArnLike": {"aws:SourceArn": "arn:aws:execute-api:eu-west-2:123456789012:a1b2c3/*"}});
        assert!(matches!(
            with_policy(statement(json!("*"), arn_wild)),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn empty_or_wildcard_principals_count_as_public() {
        for principal in [
            json!({"AWS": "arn:aws:iam::*:root"}),
            json!({"AWS": "1234*"}),
            json!({"AWS": ""}),
        ] {
            let v = with_policy(statement(principal.clone(), json!(null)));
            assert!(matches!(v, Verdict::Failed { .. }), "{principal}: {v:?}");
        }
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(&Lambda1, zip("python3.13")),
            Verdict::undetermined(["lambda.policy:orders-api"])
        );
    }
}
