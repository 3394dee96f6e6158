//! `AWS::IAM::Policy`: a customer managed policy, from the AWS Config item's configuration
//! (schema names: `policyName`, `arn`, `path`, `defaultVersionId`, `attachmentCount`,
//! `permissionsBoundaryUsageCount`, `isAttachable`, `policyVersionList` with `versionId`,
//! `isDefaultVersion` and the URL-encoded `document`). AWS Config records customer managed
//! policies only.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::policy::Document;
use crate::resource::Tags;
use serde_json::Value;

/// A customer managed policy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IamPolicy {
    /// `policyName`.
    pub name: Fact<String>,
    /// `arn`.
    pub arn: Fact<String>,
    /// `defaultVersionId`, e.g. `v3`.
    pub default_version_id: Fact<String>,
    /// `attachmentCount`: users, groups and roles it is attached to.
    pub attachment_count: Fact<i64>,
    /// `permissionsBoundaryUsageCount`: principals it bounds.
    pub permissions_boundary_usage_count: Fact<i64>,
    /// The document of the default version (`policyVersionList[isDefaultVersion].document`).
    pub document: Fact<Document>,
    /// Tags.
    pub tags: Fact<Tags>,
}

impl IamPolicy {
    /// Reads the policy from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(IamPolicy {
            name: c.str_fact("policyName")?,
            arn: c.str_fact("arn")?,
            default_version_id: c.str_fact("defaultVersionId")?,
            attachment_count: c.i64_fact("attachmentCount")?,
            permissions_boundary_usage_count: c.i64_fact("permissionsBoundaryUsageCount")?,
            document: default_document(c)?,
            tags: super::rds_instance::tag_list(c, "tags")?,
        })
    }
}

/// The default version's document: unknown when the list or its default entry is absent.
fn default_document(c: Obj<'_>) -> Result<Fact<Document>, InputError> {
    c.tolerate(read_default_document(c))
}

fn read_default_document(c: Obj<'_>) -> Result<Fact<Document>, InputError> {
    let path = join(c.path(), "policyVersionList");
    let items = match c.raw("policyVersionList") {
        None => return Ok(Fact::Unknown),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(InputError::invalid(
                path,
                "a list of policy versions",
                crate::json::kind_of(other),
            ))
        }
    };
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let v = Obj::new(item, &item_path)?;
        if v.bool_fact("isDefaultVersion")? == Fact::Known(true) {
            return super::iam_role::document_fact(v, "document");
        }
    }
    Ok(Fact::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_default_version_document_is_read() {
        let v = json!({
            "policyName": "deploy", "arn": "arn:aws:iam::123456789012:policy/deploy",
            "defaultVersionId": "v2", "attachmentCount": 1, "permissionsBoundaryUsageCount": 0,
            "policyVersionList": [
                {"versionId": "v1", "isDefaultVersion": false, "document": "%7B%22Statement%22%3A%5B%5D%7D"},
                {"versionId": "v2", "isDefaultVersion": true, "document": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}
            ]
        });
        let p = IamPolicy::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(p.document.get().unwrap().allows("*", "*").len(), 1);
        assert_eq!(p.attachment_count, Fact::Known(1));
    }

    #[test]
    fn without_a_default_version_the_document_is_unknown() {
        let v = json!({"policyVersionList": [{"versionId": "v1", "isDefaultVersion": false, "document": "%7B%7D"}]});
        let p = IamPolicy::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(p.document, Fact::Unknown);
        let v = json!({"policyName": "x"});
        assert_eq!(
            IamPolicy::parse(Obj::new(&v, "c").unwrap())
                .unwrap()
                .document,
            Fact::Unknown
        );
    }
}
