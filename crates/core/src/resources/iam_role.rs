//! `AWS::IAM::Role`: the fields rules read from the AWS Config item's configuration (the AWS
//! Config resource schema's names: `roleName`, `arn`, `path`, `assumeRolePolicyDocument`,
//! `rolePolicyList` (`policyName`, `policyDocument`), `attachedManagedPolicies` (`policyName`,
//! `policyArn`), `permissionsBoundary`, `roleLastUsed`, `tags`). Policy documents arrive
//! URL-encoded; they are parsed by [`crate::policy`].

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::policy::Document;
use crate::resource::Tags;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// An inline policy: its name and document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinePolicy {
    /// `policyName`.
    pub name: String,
    /// `policyDocument`, parsed.
    pub document: Document,
}

/// A managed policy attached to a role, user or group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachedPolicy {
    /// `policyName`.
    pub name: String,
    /// `policyArn`.
    pub arn: String,
}

/// An IAM role. Every field is a [`Fact`]: unknown when the item did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IamRole {
    /// `roleName`.
    pub name: Fact<String>,
    /// `arn`.
    pub arn: Fact<String>,
    /// `path`, e.g. `/` or `/aws-service-role/rds.amazonaws.com/`.
    pub path: Fact<String>,
    /// `assumeRolePolicyDocument`: the trust policy.
    pub trust_policy: Fact<Document>,
    /// `rolePolicyList`: inline policies.
    pub inline_policies: Fact<Vec<InlinePolicy>>,
    /// `attachedManagedPolicies`.
    pub attached_policies: Fact<Vec<AttachedPolicy>>,
    /// `roleLastUsed.lastUsedDate`; known-`None` when `roleLastUsed` is present without a date
    /// (never used in IAM's tracking window).
    pub last_used: Fact<Option<DateTime<Utc>>>,
    /// Tags, from the Config item's `tags` (or the configuration's `tags` list).
    pub tags: Fact<Tags>,
}

impl IamRole {
    /// Reads the role from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let last_used = c.tolerate(last_used(c))?;
        Ok(IamRole {
            name: c.str_fact("roleName")?,
            arn: c.str_fact("arn")?,
            path: c.str_fact("path")?,
            trust_policy: document_fact(c, "assumeRolePolicyDocument")?,
            inline_policies: inline_policies(c, "rolePolicyList")?,
            attached_policies: attached_policies(c, "attachedManagedPolicies")?,
            last_used,
            tags: super::rds_instance::tag_list(c, "tags")?,
        })
    }

    /// Whether the role is a service-linked role (path `/aws-service-role/...`): AWS owns its
    /// policies and trust, and the owner cannot change them.
    pub fn is_service_linked(&self) -> Fact<bool> {
        self.path
            .clone()
            .map(|p| p.starts_with("/aws-service-role/"))
    }

    /// The account that owns the role, from its ARN.
    pub fn account(&self) -> Option<&str> {
        self.arn
            .get()
            .and_then(|arn| crate::policy::principal::account_of(arn))
    }
}

/// `roleLastUsed.lastUsedDate`, in any date encoding; see [`IamRole::last_used`].
fn last_used(c: Obj<'_>) -> Result<Fact<Option<DateTime<Utc>>>, InputError> {
    if c.raw("roleLastUsed").is_none() {
        return Ok(Fact::Unknown);
    }
    let path = join(c.path(), "roleLastUsed");
    let Some(last) = c.opt_obj("roleLastUsed", &path)? else {
        return Ok(Fact::Known(None));
    };
    Ok(match last.date_fact("lastUsedDate")? {
        Fact::Known(date) => Fact::Known(Some(date)),
        // Present but unreadable (set aside with a warning): unknown, not "never used".
        Fact::Unknown if last.raw("lastUsedDate").is_some() => Fact::Unknown,
        Fact::Unknown => Fact::Known(None),
    })
}

/// A policy document field: unknown when absent, an error naming the place when unreadable.
pub(crate) fn document_fact(c: Obj<'_>, key: &str) -> Result<Fact<Document>, InputError> {
    c.tolerate(read_document_fact(c, key))
}

fn read_document_fact(c: Obj<'_>, key: &str) -> Result<Fact<Document>, InputError> {
    match c.raw(key) {
        None => Ok(Fact::Unknown),
        Some(v) => parse_document(v, &join(c.path(), key)).map(Fact::Known),
    }
}

fn parse_document(value: &Value, path: &str) -> Result<Document, InputError> {
    Document::parse(value).map_err(|e| {
        InputError::invalid(
            format!("{path} ({})", e.path),
            format!("a policy document: {}", e.expected),
            e.found,
        )
    })
}

fn list<'a>(c: Obj<'a>, key: &str) -> Result<Option<(&'a Vec<Value>, String)>, InputError> {
    let path = join(c.path(), key);
    match c.raw(key) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some((items, path))),
        Some(other) => Err(InputError::invalid(
            path,
            "a list",
            crate::json::kind_of(other),
        )),
    }
}

/// `rolePolicyList` / `userPolicyList`: `[{"policyName", "policyDocument"}]`.
pub(crate) fn inline_policies(
    c: Obj<'_>,
    key: &str,
) -> Result<Fact<Vec<InlinePolicy>>, InputError> {
    c.tolerate(read_inline_policies(c, key))
}

fn read_inline_policies(c: Obj<'_>, key: &str) -> Result<Fact<Vec<InlinePolicy>>, InputError> {
    let Some((items, path)) = list(c, key)? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let o = Obj::new(item, &item_path)?;
        let name = o.req_str("policyName")?.to_string();
        let doc_value = o.raw("policyDocument").ok_or_else(|| {
            InputError::missing(join(&item_path, "policyDocument"), "the policy document")
        })?;
        out.push(InlinePolicy {
            name,
            document: parse_document(doc_value, &join(&item_path, "policyDocument"))?,
        });
    }
    Ok(Fact::Known(out))
}

/// `attachedManagedPolicies`: `[{"policyName", "policyArn"}]`.
pub(crate) fn attached_policies(
    c: Obj<'_>,
    key: &str,
) -> Result<Fact<Vec<AttachedPolicy>>, InputError> {
    c.tolerate(read_attached_policies(c, key))
}

fn read_attached_policies(c: Obj<'_>, key: &str) -> Result<Fact<Vec<AttachedPolicy>>, InputError> {
    let Some((items, path)) = list(c, key)? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let o = Obj::new(item, &item_path)?;
        let arn = o.req_str("policyArn")?.to_string();
        let name = o
            .opt_str("policyName")?
            .map(str::to_string)
            .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string());
        out.push(AttachedPolicy { name, arn });
    }
    Ok(Fact::Known(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TRUST: &str = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

    #[test]
    fn a_config_item_role_is_read_with_its_encoded_documents() {
        let v = json!({
            "path": "/", "roleName": "orders-fn", "roleId": "AROAEXAMPLE",
            "arn": "arn:aws:iam::123456789012:role/orders-fn",
            "assumeRolePolicyDocument": TRUST,
            "rolePolicyList": [{"policyName": "tables", "policyDocument": "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22dynamodb%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D"}],
            "attachedManagedPolicies": [{"policyName": "AWSLambdaBasicExecutionRole", "policyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
            "roleLastUsed": {"lastUsedDate": "2026-11-01T10:00:00Z", "region": "eu-west-2"},
            "tags": [{"key": "team", "value": "orders"}]
        });
        let role = IamRole::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(role.name.get().map(String::as_str), Some("orders-fn"));
        assert_eq!(role.account(), Some("123456789012"));
        let trust = role.trust_policy.get().unwrap();
        assert_eq!(
            trust.statements[0]
                .principal
                .as_ref()
                .unwrap()
                .services()
                .next(),
            Some("lambda.amazonaws.com")
        );
        assert_eq!(
            role.inline_policies.get().unwrap()[0]
                .document
                .allows("dynamodb:DeleteTable", "*")
                .len(),
            1
        );
        assert_eq!(
            role.attached_policies.get().unwrap()[0].name,
            "AWSLambdaBasicExecutionRole"
        );
        assert_eq!(
            role.last_used,
            Fact::Known(crate::json::parse_time("2026-11-01T10:00:00Z"))
        );
        assert_eq!(role.is_service_linked(), Fact::Known(false));
        assert!(role.tags.get().unwrap().contains_key("team"));
    }

    #[test]
    fn absent_lists_are_unknown_not_empty() {
        let v = json!({"roleName": "r"});
        let role = IamRole::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(role.inline_policies, Fact::Unknown);
        assert_eq!(role.attached_policies, Fact::Unknown);
        assert_eq!(role.trust_policy, Fact::Unknown);
        assert_eq!(role.last_used, Fact::Unknown);
        let v = json!({"roleLastUsed": {}});
        let role = IamRole::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(role.last_used, Fact::Known(None));
    }

    #[test]
    fn an_unreadable_document_names_its_place() {
        let v = json!({"rolePolicyList": [{"policyName": "p", "policyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Maybe%22%7D%5D%7D"}]});
        let err = IamRole::parse(Obj::new(&v, "configuration").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("configuration.rolePolicyList[0].policyDocument (Statement[0].Effect)"),
            "{err}"
        );
    }
}
