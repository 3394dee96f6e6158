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

/// The [`super::Memo`] part a user's `ListUsers` entry is kept under: `{"userName": "...",
/// "createDate": "<RFC 3339>", "passwordLastUsed": "<RFC 3339>" | null, "checkedAt": "<RFC
/// 3339>"}` (id: the user name).
pub const LISTED_USER: &str = "iam.listed-user";

/// Keeps in `memo` (in `scope`, IAM's) every user's `ListUsers` entry (every page): the
/// creation date and the password's last use, which `GetUser` would otherwise give one user at
/// a time. A sweep calls it once, with the user listing; a failure is logged and each user's
/// lookup calls `GetUser` as before. Needs `iam:ListUsers`.
pub async fn remember_users(
    iam: &aws_sdk_iam::Client,
    clock: &Clock,
    memo: &super::Memo,
    scope: &crate::clients::Scope,
) {
    let checked_at = clock.stamp();
    let users = iam
        .list_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    match users {
        Ok(users) => {
            for u in users {
                let name = u.user_name().to_string();
                let part = json!({
                    "userName": name,
                    "createDate": rfc3339(u.create_date()),
                    "passwordLastUsed": u.password_last_used().and_then(rfc3339),
                    "checkedAt": checked_at,
                });
                memo.put_part(scope, LISTED_USER, name, part);
            }
        }
        Err(e) => {
            let e = AwsError::call(Service::Iam, "ListUsers", e);
            tracing::warn!(error = %e, "users not listed: each user's credentials lookup calls GetUser");
        }
    }
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
/// read: IAM never returns a password or a secret access key from these calls. `listed`, the
/// user's `ListUsers` entry a sweep kept ([`LISTED_USER`]), stands for `GetUser` (same fields,
/// and `checkedAt` is when it was listed). Needs `iam:GetUser` (or `iam:ListUsers`),
/// `iam:GetLoginProfile`, `iam:ListAccessKeys`, `iam:GetAccessKeyLastUsed` and
/// `iam:ListMFADevices` on the user.
pub async fn user_credentials(
    iam: &aws_sdk_iam::Client,
    name: &str,
    clock: &Clock,
    listed: Option<Value>,
) -> Result<Value, AwsError> {
    let (user_name, create_date, password_last_used, checked_at) = match listed {
        Some(l) => (
            l["userName"].clone(),
            l["createDate"].clone(),
            l["passwordLastUsed"].clone(),
            l["checkedAt"].clone(),
        ),
        None => {
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
            (
                json!(user.user_name()),
                json!(rfc3339(user.create_date())),
                json!(user.password_last_used().and_then(rfc3339)),
                json!(checked_at),
            )
        }
    };
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
        "userName": user_name,
        "createDate": create_date,
        "passwordLastUsed": password_last_used,
        "loginProfile": login_profile,
        "accessKeys": access_keys,
        "mfaDevices": mfa_devices,
        "checkedAt": checked_at,
    }))
}
