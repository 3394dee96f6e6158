//! IAM list adapters: roles, customer managed policies and users, from one paginated
//! `GetAccountAuthorizationDetails` per kind (what AWS Config itself reads: every role, policy
//! and user with its inline policies, attached policies, groups and tags in one call a page,
//! instead of several calls per entity). Policy documents come URL-encoded, as in Config items.

use super::{described, Description};
use crate::clock::rfc3339;
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
use aws_sdk_iam::types::{
    AttachedPolicy, EntityType, ManagedPolicyDetail, Policy, PolicyDetail, PolicyVersion,
    RoleDetail, Tag,
};
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

fn missing(what: &str, operation: &str) -> AwsError {
    AwsError::Config(format!(
        "{operation} returned a {what} without its id or ARN"
    ))
}

/// Every role, named by its `RoleId` as AWS Config does.
pub async fn roles(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::Role).await? {
        for r in page.role_detail_list() {
            out.push(role_description(r, CALL)?);
        }
    }
    Ok(out)
}

/// One role by name (`GetRole`, `ListRolePolicies` + `GetRolePolicy`, `ListAttachedRolePolicies`,
/// every page), or `None` when IAM has no such role: the describe adapter of `AWS::IAM::Role`.
/// The answers are gathered into the listing's entry, so both are shaped by
/// [`role_description`].
pub async fn role(iam: &aws_sdk_iam::Client, name: &str) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        iam.get_role().role_name(name).send().await,
        |e| e.is_no_such_entity_exception(),
        Service::Iam,
        "GetRole",
    )?;
    let Some(r) = found.and_then(|o| o.role) else {
        return Ok(None);
    };
    let policy_names: Vec<String> = iam
        .list_role_policies()
        .role_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListRolePolicies", e))?;
    let mut inline = Vec::with_capacity(policy_names.len());
    for policy in policy_names {
        let doc = iam
            .get_role_policy()
            .role_name(name)
            .policy_name(&policy)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Iam, "GetRolePolicy", e))?;
        inline.push(
            PolicyDetail::builder()
                .policy_name(policy)
                .policy_document(doc.policy_document)
                .build(),
        );
    }
    let attached: Vec<AttachedPolicy> = iam
        .list_attached_role_policies()
        .role_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListAttachedRolePolicies", e))?;
    let detail = RoleDetail::builder()
        .role_name(r.role_name)
        .role_id(r.role_id)
        .arn(r.arn)
        .path(r.path)
        .create_date(r.create_date)
        .set_assume_role_policy_document(r.assume_role_policy_document)
        .set_role_policy_list(Some(inline))
        .set_attached_managed_policies(Some(attached))
        .set_permissions_boundary(r.permissions_boundary)
        .set_role_last_used(r.role_last_used)
        .set_tags(r.tags)
        .build();
    role_description(&detail, "GetRole").map(Some)
}

/// One role in the AWS Config schema's names, named by its `RoleId`.
fn role_description(r: &RoleDetail, operation: &'static str) -> Result<Description, AwsError> {
    let (Some(id), Some(arn)) = (r.role_id(), r.arn()) else {
        return Err(missing("role", operation));
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
    Ok(described(
        ResourceType::IAM_ROLE,
        id,
        r.role_name(),
        arn,
        configuration,
        operation,
    ))
}

/// Every customer managed policy (the `LocalManagedPolicy` filter: AWS Config records no AWS
/// managed policy), with its versions, named by its `PolicyId`.
pub async fn policies(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::LocalManagedPolicy).await? {
        for p in page.policies() {
            out.push(policy_description(p, CALL)?);
        }
    }
    Ok(out)
}

/// One customer managed policy by ARN (`GetPolicy`, and `GetPolicyVersion` for its default
/// version: the version the rules read; the others are left out), or `None` when IAM has no
/// such policy: the describe adapter of `AWS::IAM::Policy`. The answers are shaped by
/// [`policy_answered`].
pub async fn policy(iam: &aws_sdk_iam::Client, arn: &str) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        iam.get_policy().policy_arn(arn).send().await,
        |e| e.is_no_such_entity_exception(),
        Service::Iam,
        "GetPolicy",
    )?;
    let Some(p) = found.and_then(|o| o.policy) else {
        return Ok(None);
    };
    let mut default_version = None;
    if let Some(default) = p.default_version_id() {
        let version = unless_missing(
            iam.get_policy_version()
                .policy_arn(arn)
                .version_id(default)
                .send()
                .await,
            |e| e.is_no_such_entity_exception(),
            Service::Iam,
            "GetPolicyVersion",
        )?;
        default_version = version.and_then(|v| v.policy_version);
    }
    policy_answered(arn, p, default_version).map(Some)
}

/// The description of the customer managed policy `arn` from IAM's answers: `GetPolicy`'s
/// `Policy` and `GetPolicyVersion`'s `PolicyVersion` of its default version (its document
/// URL-encoded, as IAM returns it). The answers are gathered into the listing's entry
/// ([`ManagedPolicyDetail`]), so the describe and the sweep shape a policy alike
/// ([`policy_description`]). A member IAM's answer leaves out stays absent (unknown to the
/// rules), never filled in.
pub fn policy_answered(
    arn: &str,
    p: Policy,
    default_version: Option<PolicyVersion>,
) -> Result<Description, AwsError> {
    let detail = ManagedPolicyDetail::builder()
        .set_policy_name(p.policy_name)
        .set_policy_id(p.policy_id)
        .set_arn(p.arn.or_else(|| Some(arn.to_string())))
        .set_path(p.path)
        .set_default_version_id(p.default_version_id)
        .set_attachment_count(p.attachment_count)
        .set_permissions_boundary_usage_count(p.permissions_boundary_usage_count)
        .is_attachable(p.is_attachable)
        .set_policy_version_list(Some(default_version.into_iter().collect()))
        .build();
    policy_description(&detail, "GetPolicy")
}

/// One customer managed policy in the AWS Config schema's names, named by its `PolicyId`.
fn policy_description(
    p: &ManagedPolicyDetail,
    operation: &'static str,
) -> Result<Description, AwsError> {
    let Some(arn) = p.arn() else {
        return Err(missing("policy", operation));
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
    Ok(described(
        ResourceType::IAM_POLICY,
        id,
        Some(name),
        arn,
        configuration,
        operation,
    ))
}

/// Every user, named by its `UserId` as AWS Config does. Credentials (keys, password, MFA) are
/// not here, as they are not in a Config item: the rules that judge them look them up.
pub async fn users(iam: &aws_sdk_iam::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    for page in pages(iam, EntityType::User).await? {
        for u in page.user_detail_list() {
            let (Some(id), Some(arn)) = (u.user_id(), u.arn()) else {
                return Err(missing("user", CALL));
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
