//! The account itself (`AWS::::Account`), described from IAM: `GetAccountSummary` (root access
//! keys, root MFA), `GetAccountPasswordPolicy` (`NoSuchEntity`: no policy, written `null`) and
//! `ListVirtualMFADevices` (assigned devices, every page), in the shape
//! `vigil_core::resources::account` reads. One description per account; the sweep lists it
//! once, with IAM's global kinds. In a sweep it also carries GuardDuty's detectors in every
//! monitored Region (`ListDetectors`, `GetDetector`: the detector kind's own listing, run in
//! each Region), for GuardDuty.1; a Region whose detectors cannot be read is written `null`
//! (GuardDuty.1 undetermined there), never an empty list.
//!
//! The security alternate contact (Account.1) is read with the Account Management API's
//! `GetAlternateContact` (type `SECURITY`): `SecurityContact` is `{"AlternateContactType":
//! "SECURITY"}` when there is one, `null` when AWS answers `ResourceNotFoundException`, and
//! absent (Account.1 undetermined, logged) on any other answer, such as access denied. Only the
//! contact's existence is kept: never its name, e-mail address or phone number.
//!
//! The account's trails (CloudTrail.1) are listed in the sweep's Region with `DescribeTrails`
//! and shadow trails (every multi-Region trail of the account appears in every Region), each
//! described by the trail kind's own describe (`GetTrail`, `GetTrailStatus`,
//! `GetEventSelectors`), once per sweep: a trail the trail kind's listing already read in the
//! same sweep (its memo, `watching::trail_once`) is not read again
//! (`watching::trails_in_region`). A trail that cannot be read is written with its name and
//! ARN only (unknown, so CloudTrail.1 is undetermined rather than failed unless another trail
//! qualifies); a listing that fails writes `Trails: null` (undetermined), logged.

use super::{described, Target};
use crate::clients::Clients;
use crate::error::{unless_missing, AwsError, Service};
use crate::lookup::Memo;
use aws_sdk_iam::types::AssignmentStatusType;
use serde_json::{json, Map, Value};
use tracing::warn;
use vigil_core::kinds::account::{account_arn, ACCOUNT};
use vigil_core::sweep::Description;

/// The account the target names, described.
pub async fn account(
    clients: &Clients,
    target: &Target,
    memo: Option<&Memo>,
) -> Result<Vec<Description>, AwsError> {
    let iam = &clients.iam;
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "GetAccountSummary", e))?;
    let summary: Map<String, Value> = summary
        .summary_map()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str().to_string(), json!(v)))
                .collect()
        })
        .unwrap_or_default();
    let policy = unless_missing(
        iam.get_account_password_policy().send().await,
        |se| se.is_no_such_entity_exception(),
        Service::Iam,
        "GetAccountPasswordPolicy",
    )?;
    let policy = match policy.as_ref().and_then(|out| out.password_policy()) {
        None => Value::Null,
        Some(p) => {
            let mut m = Map::new();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    m.insert(k.to_string(), v);
                }
            };
            put(
                "MinimumPasswordLength",
                p.minimum_password_length().map(|n| json!(n)),
            );
            put("RequireSymbols", Some(json!(p.require_symbols())));
            put("RequireNumbers", Some(json!(p.require_numbers())));
            put(
                "RequireUppercaseCharacters",
                Some(json!(p.require_uppercase_characters())),
            );
            put(
                "RequireLowercaseCharacters",
                Some(json!(p.require_lowercase_characters())),
            );
            put(
                "AllowUsersToChangePassword",
                Some(json!(p.allow_users_to_change_password())),
            );
            put("ExpirePasswords", Some(json!(p.expire_passwords())));
            put("MaxPasswordAge", p.max_password_age().map(|n| json!(n)));
            put(
                "PasswordReusePrevention",
                p.password_reuse_prevention().map(|n| json!(n)),
            );
            put("HardExpiry", p.hard_expiry().map(|b| json!(b)));
            Value::Object(m)
        }
    };
    let devices: Vec<Value> = iam
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Assigned)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| AwsError::call(Service::Iam, "ListVirtualMFADevices", e))?
        .iter()
        .map(|d| {
            json!({
                "SerialNumber": d.serial_number(),
                "UserArn": d.user().map(|u| u.arn()),
            })
        })
        .collect();
    let mut configuration = json!({
        "AccountId": target.account,
        "AccountSummary": summary,
        "PasswordPolicy": policy,
        "VirtualMFADevices": devices,
    });
    // The account's trails (CloudTrail.1), for the sweep and for an event's describe alike: a
    // trail created or made single-Region has the account described again in seconds.
    configuration["Trails"] =
        match super::watching::trails_in_region(&clients.cloudtrail, target, memo).await {
            Ok(trails) => trails,
            Err(e) => {
                warn!(error = %e, "the account's trails not listed: CloudTrail.1 undetermined");
                Value::Null
            }
        };
    // The sweep's periodic controls (Account.1, GuardDuty.1, Config.1); an event's describe (no
    // monitored Regions) leaves them undetermined, which keeps the last sweep's verdicts.
    if !target.monitored.is_empty() {
        if let Some(contact) = security_contact(&clients.account).await {
            configuration["SecurityContact"] = contact;
        }
        configuration["GuardDuty"] = Value::Object(guardduty(clients, target).await);
        configuration["ConfigRecorders"] = Value::Object(recorders(clients, target).await);
    }
    Ok(vec![described(
        ACCOUNT.type_name,
        target.account.clone(),
        Some(&target.account),
        account_arn(&target.account),
        configuration,
        "GetAccountSummary",
    )])
}

/// Each monitored Region's GuardDuty detectors, in the detector kind's shape, by Region name;
/// `null` for a Region whose detectors could not be read (logged).
async fn guardduty(clients: &Clients, target: &Target) -> Map<String, Value> {
    let mut out = Map::new();
    for region in &target.monitored {
        let client = if *region == target.region {
            clients.guardduty.clone()
        } else {
            let conf = clients
                .guardduty
                .config()
                .to_builder()
                .region(aws_sdk_guardduty::config::Region::new(region.clone()))
                .build();
            aws_sdk_guardduty::Client::from_conf(conf)
        };
        let in_region = Target {
            account: target.account.clone(),
            region: region.clone(),
            monitored: Vec::new(),
        };
        let listed = match Box::pin(super::watching::detectors(&client, &in_region)).await {
            Ok(detectors) => Value::Array(detectors.into_iter().map(|d| d.configuration).collect()),
            Err(e) => {
                warn!(%region, error = %e, "GuardDuty's detectors not read: GuardDuty.1 undetermined there");
                Value::Null
            }
        };
        out.insert(region.clone(), listed);
    }
    out
}

/// Each monitored Region's configuration recorders, in the recorder kind's shape, by Region
/// name; `null` for a Region whose recorders could not be read (logged).
async fn recorders(clients: &Clients, target: &Target) -> Map<String, Value> {
    let mut out = Map::new();
    for region in &target.monitored {
        let client = if *region == target.region {
            clients.config.clone()
        } else {
            let conf = clients
                .config
                .config()
                .to_builder()
                .region(aws_sdk_config::config::Region::new(region.clone()))
                .build();
            aws_sdk_config::Client::from_conf(conf)
        };
        let in_region = Target {
            account: target.account.clone(),
            region: region.clone(),
            monitored: Vec::new(),
        };
        let listed = match Box::pin(super::watching::recorders(&client, &in_region)).await {
            Ok(recorders) => Value::Array(recorders.into_iter().map(|d| d.configuration).collect()),
            Err(e) => {
                warn!(%region, error = %e, "configuration recorders not read: Config.1 undetermined there");
                Value::Null
            }
        };
        out.insert(region.clone(), listed);
    }
    out
}

/// Whether the account has a security alternate contact: `Some({"AlternateContactType":
/// "SECURITY"})`, `Some(null)` for none, `None` when it could not be read (logged).
async fn security_contact(account: &aws_sdk_account::Client) -> Option<Value> {
    let result = account
        .get_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .send()
        .await;
    match unless_missing(
        result,
        |e| e.is_resource_not_found_exception(),
        Service::Account,
        "GetAlternateContact",
    ) {
        Ok(Some(out)) if out.alternate_contact().is_some() => {
            Some(json!({"AlternateContactType": "SECURITY"}))
        }
        Ok(_) => Some(Value::Null),
        Err(e) => {
            warn!(error = %e, "the security alternate contact not read: Account.1 undetermined");
            None
        }
    }
}
