//! IAM describe adapter: users (`GetUser` with the user's inline policies, attached policies
//! and groups), with its SDK-to-event-JSON shaper.

use super::Described;
use crate::clock::rfc3339;
use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// Describes an IAM user a CloudTrail call named (or whose oversized Config item AWS Config
/// could not give back): `GetUser`, `ListUserPolicies` + `GetUserPolicy`,
/// `ListAttachedUserPolicies` and `ListGroupsForUser` (every page), shaped as the AWS Config
/// item's configuration ([`iam_user_json`]) and read by the core's own parser. The observation
/// takes the user's ARN and id (`UserId`, AWS Config's resource id) from `GetUser`; a user IAM
/// no longer has (`NoSuchEntity`) is observed deleted.
pub async fn user(
    iam: &aws_sdk_iam::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let name = resource.display_name().to_string();
    let found = unless_missing(
        iam.get_user().user_name(&name).send().await,
        |se| se.is_no_such_entity_exception(),
        Service::Iam,
        "GetUser",
    )?;
    let Some(out) = found else {
        return Ok(None);
    };
    let user = out.user.ok_or_else(|| AwsError::Fetch {
        arn: resource.arn.clone(),
        message: "GetUser returned no user".into(),
    })?;
    let policy_names = iam
        .list_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListUserPolicies", e))?;
    let mut inline = Vec::with_capacity(policy_names.len());
    for policy in policy_names {
        let doc = iam
            .get_user_policy()
            .user_name(&name)
            .policy_name(&policy)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Iam, "GetUserPolicy", e))?;
        inline.push((policy, doc.policy_document().to_string()));
    }
    let attached = iam
        .list_attached_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListAttachedUserPolicies", e))?;
    let groups: Vec<String> = iam
        .list_groups_for_user()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListGroupsForUser", e))?
        .into_iter()
        .map(|g| g.group_name)
        .collect();
    Ok(Some(Described {
        arn: Some(user.arn().to_string()),
        id: Some(user.user_id().to_string()),
        name: Some(user.user_name().to_string()),
        ..Described::new(iam_user_json(&user, &inline, &attached, &groups), "GetUser")
    }))
}

/// An IAM user in the shape of the AWS Config item's configuration (`userName`, `userId`,
/// `arn`, `path`, `createDate`, `userPolicyList` with URL-encoded documents as IAM returns
/// them, `attachedManagedPolicies`, `groupList`, `tags`).
pub fn iam_user_json(
    user: &aws_sdk_iam::types::User,
    inline: &[(String, String)],
    attached: &[aws_sdk_iam::types::AttachedPolicy],
    groups: &[String],
) -> Value {
    json!({
        "userName": user.user_name(),
        "userId": user.user_id(),
        "arn": user.arn(),
        "path": user.path(),
        "createDate": rfc3339(user.create_date()),
        "userPolicyList": inline.iter().map(|(name, document)| json!({
            "policyName": name,
            "policyDocument": document,
        })).collect::<Vec<_>>(),
        "attachedManagedPolicies": attached.iter().map(|p| json!({
            "policyName": p.policy_name(),
            "policyArn": p.policy_arn(),
        })).collect::<Vec<_>>(),
        "groupList": groups,
        "tags": user.tags().iter().map(|t| json!({"key": t.key(), "value": t.value()})).collect::<Vec<_>>(),
    })
}
