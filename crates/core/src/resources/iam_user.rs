//! `AWS::IAM::User`: from the AWS Config item's configuration (schema names: `userName`,
//! `arn`, `path`, `userPolicyList` (`policyName`, `policyDocument`), `attachedManagedPolicies`,
//! `groupList`, `tags`). Access keys, passwords and MFA devices are not part of the item.

use super::iam_role::{attached_policies, inline_policies, AttachedPolicy, InlinePolicy};
use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// An IAM user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IamUser {
    /// `userName`.
    pub name: Fact<String>,
    /// `arn`.
    pub arn: Fact<String>,
    /// `userPolicyList`: inline policies.
    pub inline_policies: Fact<Vec<InlinePolicy>>,
    /// `attachedManagedPolicies`.
    pub attached_policies: Fact<Vec<AttachedPolicy>>,
    /// `groupList`: the groups' names.
    pub groups: Fact<Vec<String>>,
    /// Tags.
    pub tags: Fact<Tags>,
}

impl IamUser {
    /// Reads the user from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let groups = c.field(|| match c.raw("groupList") {
            None => Ok(Fact::Unknown),
            Some(Value::Array(items)) => Ok(Fact::Known(
                items
                    .iter()
                    .filter_map(|g| g.as_str().map(str::to_string))
                    .collect(),
            )),
            Some(other) => Err(InputError::invalid(
                join(c.path(), "groupList"),
                "a list of group names",
                crate::json::kind_of(other),
            )),
        })?;
        Ok(IamUser {
            name: c.str_fact("userName")?,
            arn: c.str_fact("arn")?,
            inline_policies: inline_policies(c, "userPolicyList")?,
            attached_policies: attached_policies(c, "attachedManagedPolicies")?,
            groups,
            tags: super::rds_instance::tag_list(c, "tags")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_user_is_read_with_policies_and_groups() {
        let v = json!({"userName": "alice", "arn": "arn:aws:iam::123456789012:user/alice",
            "userPolicyList": [], "attachedManagedPolicies": [{"policyName": "ReadOnlyAccess", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "groupList": ["developers"]});
        let u = IamUser::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(u.inline_policies.get().map(Vec::len), Some(0));
        assert_eq!(u.attached_policies.get().map(Vec::len), Some(1));
        assert_eq!(u.groups.get().unwrap(), &["developers"]);
        let u = IamUser::parse(Obj::new(&json!({}), "c").unwrap()).unwrap();
        assert_eq!(u.attached_policies, Fact::Unknown);
    }
}
