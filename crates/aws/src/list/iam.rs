//! IAM list adapters: roles, customer managed policies and users, from one paginated
//! `GetAccountAuthorizationDetails` per kind (what AWS Config itself reads: every role, policy
//! and user with its inline policies, attached policies, groups and tags in one call a page,
//! instead of several calls per entity). Policy documents come URL-encoded, as in Config items.

use super::{described, Description};
use crate::clock::rfc3339;
use crate::error::{AwsError, Service};
use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
use aws_sdk_iam::types::{AttachedPolicy, EntityType, PolicyDetail, Tag};
use serde_json::{json, Value};
use vigil_core::resource::ResourceType;

const CALL: &str = "GetAccountAuthorizationDetails";

async fn pages(
    iam: &aws_sdk_iam::Client,
    filter: EntityType,
) -> Result<Vec<GetAccountAuthorizationDetailsOutput>, AwsError> {
    iam.get_account_authorization_details()
        .filter(filter)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, CALL, e))
}

fn inline(list: &[PolicyDetail]) -> Vec<Value> {
    list.iter()
        .map(|p| json!({"policyName": p.policy_name(), "policyDocument": p.policy_document()}))
        .collect()
}

fn attached(list: &[AttachedPolicy]) -> Vec<Value> {
    list.iter()
        .map(|p| json!({"policyName": p.policy_name(), "policyArn": p.policy_arn()}))
        .collect()
}

fn tags(list: &[Tag]) -> Vec<Value> {
    list.iter()
        .map(|t| json!({"key": t.key(), "value": t.value()}))
        .collect()
}

fn missing(what: &str) -> AwsError {
    AwsError::Config(format!("{CALL} returned a {what} without its id or ARN"))
}

/// Every role, named by its `RoleId` as AWS Config does.
pub async fn roles(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::Role).await? {
        for r in page.role_detail_list() {
            let (Some(id), Some(arn)) = (r.role_id(), r.arn()) else {
                return Err(missing("role"));
            };
            let configuration = json!({
                "roleName": r.role_name(),
                "roleId": id,
                "arn": arn,
                "path": r.path(),
                "createDate": r.create_date().and_then(rfc3339),
                "assumeRolePolicyDocument": r.assume_role_policy_document(),
                "rolePolicyList": inline(r.role_policy_list()),
                "attachedManagedPolicies": attached(r.attached_managed_policies()),
                "permissionsBoundary": r.permissions_boundary().map(|b| json!({
                    "permissionsBoundaryArn": b.permissions_boundary_arn(),
                })),
                "roleLastUsed": json!({
                    "lastUsedDate": r.role_last_used().and_then(|l| l.last_used_date()).and_then(rfc3339),
                }),
                "tags": tags(r.tags()),
            });
            out.push(described(
                ResourceType::IAM_ROLE,
                id,
                r.role_name(),
                arn,
                configuration,
                CALL,
            ));
        }
    }
    Ok(out)
}

/// Every customer managed policy (the `LocalManagedPolicy` filter: AWS Config records no AWS
/// managed policy), with its versions, named by its `PolicyId`.
pub async fn policies(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::LocalManagedPolicy).await? {
        for p in page.policies() {
            let Some(arn) = p.arn() else {
                return Err(missing("policy"));
            };
            // The name is the ARN's last segment and the ARN names the policy as well as its
            // id, where an implementation leaves them out (moto does).
            let name = p
                .policy_name()
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(arn));
            let id = p.policy_id().unwrap_or(arn);
            let configuration = json!({
                "policyName": name,
                "policyId": id,
                "arn": arn,
                "path": p.path(),
                "defaultVersionId": p.default_version_id(),
                "attachmentCount": p.attachment_count(),
                "permissionsBoundaryUsageCount": p.permissions_boundary_usage_count(),
                "isAttachable": p.is_attachable(),
                "policyVersionList": p.policy_version_list().iter().map(|v| json!({
                    "document": v.document(),
                    "versionId": v.version_id(),
                    "isDefaultVersion": v.is_default_version(),
                })).collect::<Vec<_>>(),
            });
            out.push(described(
                ResourceType::IAM_POLICY,
                id,
                Some(name),
                arn,
                configuration,
                CALL,
            ));
        }
    }
    Ok(out)
}

/// Every user, named by its `UserId` as AWS Config does. Credentials (keys, password, MFA) are
/// not here, as they are not in a Config item: the rules that judge them look them up.
pub async fn users(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::User).await? {
        for u in page.user_detail_list() {
            let (Some(id), Some(arn)) = (u.user_id(), u.arn()) else {
                return Err(missing("user"));
            };
            let configuration = json!({
                "userName": u.user_name(),
                "userId": id,
                "arn": arn,
                "path": u.path(),
                "createDate": u.create_date().and_then(rfc3339),
                "userPolicyList": inline(u.user_policy_list()),
                "attachedManagedPolicies": attached(u.attached_managed_policies()),
                "groupList": u.group_list(),
                "tags": tags(u.tags()),
            });
            out.push(described(
                ResourceType::IAM_USER,
                id,
                u.user_name(),
                arn,
                configuration,
                CALL,
            ));
        }
    }
    Ok(out)
}
