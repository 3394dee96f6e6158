//! Vigil's own: a DynamoDB table's resource-based policy should not allow public access.
//!
//! Beyond FSBP (Prowler: `dynamodb_table_cross_account_access` is the nearest check; IAM Access
//! Analyzer reports the same as a public table). FAILED when an `Allow` statement of the
//! table's resource-based policy names a public principal (`"*"`, `{"AWS": "*"}`,
//! `NotPrincipal`) and no condition requires, with fixed values, one of the keys that restrict
//! callers to known accounts, an organization, a source or a network path (`aws:SourceAccount`,
//! `aws:SourceArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce`, ...).
//!
//! The policy is not in the Config item: the rule asks for the `dynamodb.resource-policy`
//! lookup (id: the table ARN; `GetResourcePolicy`), answered with the policy's JSON text or no
//! policy when the table has none (PASSED; [`ResourcePolicy`]). No answer: UNDETERMINED.

use crate::lookups::dynamodb::ResourcePolicy;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::policy::Document;
use crate::resource::Resource;
use crate::rules::resource_policy::{unguarded_public, verdict};
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// The DynamoDB resource policy rule.
pub struct TableResourcePolicy;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-resource-policy-not-public",
    title: "DynamoDB table resource-based policies should not allow public access",
    severity: Severity::Critical,
    resource_type: "AWS::DynamoDB::Table",
    controls: &[],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the table has no resource-based policy, or no Allow statement of it names a public principal without a condition on aws:SourceAccount, aws:SourceArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpce or similar with fixed values",
    rationale: "A table policy with Principal \"*\" lets any AWS account in the world call the actions it allows on your table: read every customer record, change or delete them. That is a reportable personal data breach waiting to happen.",
    remediation: "Edit the table's resource-based policy to name the accounts or roles that need access, or add a condition such as StringEquals aws:PrincipalOrgID <your organization id>; delete the policy if nothing outside your account needs it. Console: DynamoDB > Tables > the table > Permissions > Resource-based policy. CLI: aws dynamodb delete-resource-policy --resource-arn <table-arn> (or put-resource-policy --resource-arn <table-arn> --policy file://policy.json)",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Permissions > Resource-based policy > Edit (name the accounts or roles) or Delete",
        command: "aws dynamodb get-resource-policy --region {region} --resource-arn {arn}
aws dynamodb delete-resource-policy --region {region} --resource-arn {arn}",
        caution: Some("Deleting the policy also stops any cross-account access you meant to allow: to keep it, edit the policy to name those principals and put it back with aws dynamodb put-resource-policy --resource-arn {arn} --policy file://policy.json instead."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (IAM Access Analyzer public DynamoDB tables; Prowler dynamodb_table_cross_account_access)",
};

impl Rule for TableResourcePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        dynamodb_table(resource)
            .and_then(|t| t.arn.get())
            .map(|arn| vec![ResourcePolicy::key(arn.clone()).untyped()])
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        let Some(arn) = t.arn.get() else {
            return Verdict::undetermined(["tableArn"]);
        };
        let key = ResourcePolicy::key(arn.clone());
        let answer = match ctx.lookups.get(&key) {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let text = match &answer.policy {
            Some(None) => return Verdict::passed("the table has no resource-based policy"),
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
        let hits = unguarded_public(&doc)
            .map(|s| {
                let actions = s
                    .actions
                    .as_ref()
                    .map(|a| a.patterns().join(", "))
                    .unwrap_or_default();
                (s, format!("allows anyone ({actions})"))
            })
            .collect();
        verdict(
            "the table policy,",
            hits,
            "the table policy grants only to named principals or restricted callers",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::resources::dynamodb_table::DynamoDbTable;
    use crate::settings::Settings;
    use serde_json::json;

    const ARN: &str = "arn:aws:dynamodb:eu-west-2:123456789012:table/customers";

    fn eval(policy: Option<serde_json::Value>) -> Verdict {
        let config = json!({"tableName": "customers", "tableArn": ARN});
        let t = DynamoDbTable::parse(Obj::new(&config, "configuration").unwrap(), None).unwrap();
        let mut lookups = Lookups::none();
        if let Some(p) = policy {
            let text = if p.is_null() { p } else { json!(p.to_string()) };
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::DynamoDbResourcePolicy, ARN),
                    json!({ "Policy": text }),
                )
                .unwrap();
        }
        TableResourcePolicy.evaluate(
            &Resource::DynamoDbTable(t),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn policy(
        principal: serde_json::Value,
        condition: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut s = json!({"Sid": "Read", "Effect": "Allow", "Principal": principal,
                           "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": ARN});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        json!({"Version": "2012-10-17", "Statement": [s]})
    }

    #[test]
    fn a_public_policy_fails_naming_statement_and_actions() {
        let v = eval(Some(policy(json!("*"), None)));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(
            v.reason()
                .contains("statement \"Read\" allows anyone (dynamodb:GetItem, dynamodb:Query)"),
            "{v:?}"
        );
    }

    #[test]
    fn guarded_named_or_absent_policies_pass() {
        for key in [
            "aws:PrincipalOrgID",
            "aws:SourceVpce",
            "aws:PrincipalAccount",
        ] {
            let c = json!({"StringEquals": {key: "o-a1b2c3d4e5"}});
            assert!(matches!(
                eval(Some(policy(json!({"AWS": "*"}), Some(c)))),
                Verdict::Passed { .. }
            ));
        }
        let named = policy(
            json!({"AWS": "arn:aws:iam::123456789012:role/reports"}),
            None,
        );
        assert!(matches!(eval(Some(named)), Verdict::Passed { .. }));
        assert!(matches!(eval(Some(json!(null))), Verdict::Passed { .. }));
        let weak = json!({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}});
        assert!(matches!(
            eval(Some(policy(json!("*"), Some(weak)))),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(None),
            Verdict::undetermined([format!("dynamodb.resource-policy:{ARN}")])
        );
    }
}
