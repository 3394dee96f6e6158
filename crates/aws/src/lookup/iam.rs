//! IAM lookups: managed policies (`iam.managed-policy`), roles' last use (`iam.role`) and
//! users' credentials (`iam.user-credentials`).

use crate::clock::{rfc3339, Clock};
use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};

/// Lookup `iam.managed-policy` (id: the policy ARN): `GetPolicy` for the default version,
/// then `GetPolicyVersion`. Answer:
/// `{"arn": "...", "name": "...", "defaultVersionId": "v3", "document": "<URL-encoded JSON>"}`
/// (the document as IAM returns it; the core's policy parser decodes it). Needs
/// `iam:GetPolicy` and `iam:GetPolicyVersion`.
pub async fn managed_policy(iam: &aws_sdk_iam::Client, arn: &str) -> Result<Value, AwsError> {
    let policy = iam
        .get_policy()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "GetPolicy", e))?;
    let policy = policy.policy().ok_or_else(|| AwsError::Fetch {
        arn: arn.to_string(),
        message: "GetPolicy returned no policy".into(),
    })?;
    let version_id = policy.default_version_id().ok_or_else(|| AwsError::Fetch {
        arn: arn.to_string(),
        message: "GetPolicy returned no default version".into(),
    })?;
    let version = iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(version_id)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "GetPolicyVersion", e))?;
    let document = version
        .policy_version()
        .and_then(|v| v.document())
        .ok_or_else(|| AwsError::Fetch {
            arn: arn.to_string(),
            message: "GetPolicyVersion returned no document".into(),
        })?;
    Ok(json!({
        "arn": arn,
        "name": policy.policy_name(),
        "defaultVersionId": version_id,
        "document": document,
    }))
}

/// Lookup `iam.role` (id: the role name): `GetRole`. Answer:
/// `{"roleName": "...", "createDate": "<RFC 3339>", "lastUsedDate": "<RFC 3339>" | null,
/// "checkedAt": "<RFC 3339>"}`, where `checkedAt` is when the call was made, from `clock` (the
/// core has no clock). Needs `iam:GetRole`.
pub async fn role_last_used(
    iam: &aws_sdk_iam::Client,
    name: &str,
    clock: &Clock,
) -> Result<Value, AwsError> {
    let checked_at = clock.stamp();
    let out = iam
        .get_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "GetRole", e))?;
    let role = out.role().ok_or_else(|| AwsError::Fetch {
        arn: name.to_string(),
        message: "GetRole returned no role".into(),
    })?;
    Ok(json!({
        "roleName": role.role_name(),
        "createDate": rfc3339(role.create_date()),
        "lastUsedDate": role.role_last_used().and_then(|u| u.last_used_date()).and_then(rfc3339),
        "checkedAt": checked_at,
    }))
}

/// Lookup `iam.user-credentials` (id: the user name), for FSBP IAM.3, IAM.5 and IAM.8: `GetUser`,
/// `GetLoginProfile`, `ListAccessKeys` (every page) with `GetAccessKeyLastUsed` per key, and
/// `ListMFADevices` (every page). Answer:
///
/// ```json
/// {"userName": "alice", "createDate": "<RFC 3339>", "passwordLastUsed": "<RFC 3339>" | null,
///  "loginProfile": {"createDate": "<RFC 3339>"} | null,
///  "accessKeys": [{"accessKeyId": "AKIA…", "status": "Active" | "Inactive",
///                  "createDate": "<RFC 3339>", "lastUsedDate": "<RFC 3339>" | null}],
///  "mfaDevices": 0, "checkedAt": "<RFC 3339, when the calls were made, from `clock`>"}
/// ```
///
/// `loginProfile` is null when IAM says the user has none (`NoSuchEntity`). Only metadata is
/// read: IAM never returns a password or a secret access key from these calls. Needs
/// `iam:GetUser`, `iam:GetLoginProfile`, `iam:ListAccessKeys`, `iam:GetAccessKeyLastUsed` and
/// `iam:ListMFADevices` on the user.
pub async fn user_credentials(
    iam: &aws_sdk_iam::Client,
    name: &str,
    clock: &Clock,
) -> Result<Value, AwsError> {
    let checked_at = clock.stamp();
    let out = iam
        .get_user()
        .user_name(name)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "GetUser", e))?;
    let user = out.user().ok_or_else(|| AwsError::Fetch {
        arn: name.to_string(),
        message: "GetUser returned no user".into(),
    })?;
    let login_profile = unless_missing(
        iam.get_login_profile().user_name(name).send().await,
        |se| se.is_no_such_entity_exception(),
        Service::Iam,
        "GetLoginProfile",
    )?
    .and_then(|out| {
        out.login_profile()
            .map(|p| json!({ "createDate": rfc3339(p.create_date()) }))
    });
    let keys = iam
        .list_access_keys()
        .user_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListAccessKeys", e))?;
    let mut access_keys = Vec::with_capacity(keys.len());
    for key in &keys {
        let Some(id) = key.access_key_id() else {
            continue;
        };
        let last_used = iam
            .get_access_key_last_used()
            .access_key_id(id)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Iam, "GetAccessKeyLastUsed", e))?;
        access_keys.push(json!({
            "accessKeyId": id,
            "status": key.status().map(|s| s.as_str()),
            "createDate": key.create_date().and_then(rfc3339),
            "lastUsedDate": last_used
                .access_key_last_used()
                .and_then(|u| u.last_used_date())
                .and_then(rfc3339),
        }));
    }
    let mfa_devices = iam
        .list_mfa_devices()
        .user_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListMFADevices", e))?
        .len();
    Ok(json!({
        "userName": user.user_name(),
        "createDate": rfc3339(user.create_date()),
        "passwordLastUsed": user.password_last_used().and_then(rfc3339),
        "loginProfile": login_profile,
        "accessKeys": access_keys,
        "mfaDevices": mfa_devices,
        "checkedAt": checked_at,
    }))
}
