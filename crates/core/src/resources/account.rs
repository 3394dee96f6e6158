//! `AWS::::Account`: the AWS account itself, the resource of Security Hub's account-level
//! controls (ASFF type `AwsAccount`). AWS Config does not record it (its managed rules behind
//! IAM.4, IAM.6, IAM.7 and IAM.9 are periodic and evaluate `AWS::::Account`); Vigil reads it with
//! the sweep only (`vigil_aws::list::account`), from IAM:
//!
//! - `AccountSummary`: `GetAccountSummary`'s `SummaryMap`, of which the model reads
//!   `AccountAccessKeysPresent` (1 when the root user has an access key) and `AccountMFAEnabled`
//!   (1 when the root user has an MFA device);
//! - `PasswordPolicy`: `GetAccountPasswordPolicy`'s `PasswordPolicy` with its API member names,
//!   or `null` when IAM answers `NoSuchEntity` (the account has no password policy: IAM's
//!   defaults apply);
//! - `VirtualMFADevices`: the assigned virtual MFA devices (`ListVirtualMFADevices` with
//!   `AssignmentStatus=Assigned`), each `SerialNumber` and the `UserArn` of its user.
//!
//! - `SecurityContact`: `{"AlternateContactType": "SECURITY"}` when the account has a security
//!   alternate contact (Account Management's `GetAlternateContact`), `null` when it has none;
//!   never the contact's details;
//! - `GuardDuty`: GuardDuty's detectors in each Region the sweep monitors (its region
//!   parameter), by Region name: the region's detectors (`ListDetectors`, then `GetDetector`
//!   for each, in the shape `vigil_core::resources::guardduty_detector` reads), or `null` when
//!   the Region's detectors could not be read.
//!
//! - `ConfigRecorders`: AWS Config's configuration recorders in each monitored Region, by Region
//!   name (`DescribeConfigurationRecorders` with `DescribeConfigurationRecorderStatus`, in the
//!   shape `vigil_core::resources::config_recorder` reads), or `null` when unreadable.
//! - `Trails`: the trails that log in the sweep's Region (`DescribeTrails` with shadow trails:
//!   every multi-Region trail of the account, whatever its home Region), each with
//!   `GetTrailStatus` and `GetEventSelectors` in the shape `vigil_core::resources::cloudtrail_trail`
//!   reads, or `null` when the trails could not be listed (CloudTrail.1).
//!
//! The shape is Vigil's own (no AWS source describes the account as one document); a missing
//! member is unknown, never a default.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::resource::Tags;
use crate::resources::cloudtrail_trail::Trail;
use crate::resources::config_recorder::ConfigRecorder;
use crate::resources::guardduty_detector::Detector;
use serde_json::Value;
use std::collections::BTreeMap;

/// Per-Region lists by Region name, each unknown when the Region could not be read.
pub type ByRegion<T> = BTreeMap<String, Fact<Vec<T>>>;

/// The AWS account. Every field is a [`Fact`]: unknown when the description did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    /// `AccountId`.
    pub account_id: Fact<String>,
    /// `AccountSummary.AccountAccessKeysPresent`: whether the root user has an access key.
    pub root_access_keys_present: Fact<bool>,
    /// `AccountSummary.AccountMFAEnabled`: whether the root user has an MFA device.
    pub root_mfa_enabled: Fact<bool>,
    /// `VirtualMFADevices`: the serial numbers of the virtual MFA devices assigned to the root
    /// user (a device whose user's ARN is the account's `:root`).
    pub root_virtual_mfa: Fact<Vec<String>>,
    /// `PasswordPolicy`: `Known(None)` when the account has no password policy.
    pub password_policy: Fact<Option<PasswordPolicy>>,
    /// `ConfigRecorders`: each monitored Region's configuration recorders, by Region name; a
    /// Region's list is unknown when it could not be read.
    pub config_recorders: Fact<ByRegion<ConfigRecorder>>,
    /// `SecurityContact`: whether the account has a security alternate contact.
    pub security_contact: Fact<bool>,
    /// `GuardDuty`: each monitored Region's detectors, by Region name; a Region's list is
    /// unknown when it could not be read.
    pub guardduty: Fact<ByRegion<Detector>>,
    /// `Trails`: every trail that logs in the sweep's Region (`DescribeTrails` with shadow
    /// trails, so every multi-Region trail of the account whatever its home Region), each in the
    /// trail kind's shape (with `GetTrailStatus` and `GetEventSelectors`); unknown when the
    /// trails could not be listed. A trail that could not be read carries only its name and
    /// ARN (its other facts unknown).
    pub trails: Fact<Vec<Trail>>,
    /// Tags: an account has none here.
    pub tags: Fact<Tags>,
}

/// The account's IAM password policy (`GetAccountPasswordPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// `MinimumPasswordLength`.
    pub minimum_length: Fact<i64>,
    /// `RequireUppercaseCharacters`.
    pub require_uppercase: Fact<bool>,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase: Fact<bool>,
    /// `RequireSymbols`.
    pub require_symbols: Fact<bool>,
    /// `RequireNumbers`.
    pub require_numbers: Fact<bool>,
    /// `PasswordReusePrevention`: `Known(None)` when the policy does not prevent reuse (IAM
    /// omits the member).
    pub reuse_prevention: Fact<Option<i64>>,
    /// `MaxPasswordAge`: `Known(None)` when passwords never expire (IAM omits the member).
    pub max_age: Fact<Option<i64>>,
}

impl Account {
    /// Reads the account from its description.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let summary_path = join(c.path(), "AccountSummary");
        let (keys, mfa) = match c.opt_obj("AccountSummary", &summary_path)? {
            Some(s) => (
                s.i64_fact("AccountAccessKeysPresent")?.map(|n| n > 0),
                s.i64_fact("AccountMFAEnabled")?.map(|n| n > 0),
            ),
            None => (Fact::Unknown, Fact::Unknown),
        };
        let policy_path = join(c.path(), "PasswordPolicy");
        let password_policy = if c.is_null("PasswordPolicy") {
            Fact::Known(None)
        } else {
            match c.opt_obj("PasswordPolicy", &policy_path)? {
                Some(p) => Fact::Known(Some(PasswordPolicy::parse(p)?)),
                None => Fact::Unknown,
            }
        };
        let root_virtual_mfa = match c.opt_array("VirtualMFADevices", "a list of MFA devices")? {
            None => Fact::Unknown,
            Some((items, path)) => {
                let mut out = Vec::new();
                for item in items {
                    let d = Obj::new(item, &path)?;
                    let is_root = d
                        .opt_str("UserArn")?
                        .is_some_and(|arn| arn.ends_with(":root"));
                    if is_root {
                        out.push(d.req_str("SerialNumber")?.to_string());
                    }
                }
                Fact::Known(out)
            }
        };
        let guardduty = regional(&c, "GuardDuty", Detector::parse)?;
        let config_recorders = regional(&c, "ConfigRecorders", ConfigRecorder::parse)?;
        let trails = match c.raw("Trails") {
            None | Some(Value::Null) => Fact::Unknown,
            Some(Value::Array(items)) => {
                let path = join(c.path(), "Trails");
                let mut list = Vec::new();
                for item in items {
                    list.push(Trail::parse(Obj::new(item, &path)?)?);
                }
                Fact::Known(list)
            }
            Some(other) => {
                return Err(InputError::invalid(
                    join(c.path(), "Trails"),
                    "a list of trails or null",
                    crate::json::kind_of(other),
                ))
            }
        };
        let security_contact = if c.is_null("SecurityContact") {
            Fact::Known(false)
        } else {
            match c.raw("SecurityContact") {
                None => Fact::Unknown,
                Some(Value::Object(_)) => Fact::Known(true),
                Some(other) => {
                    return Err(InputError::invalid(
                        join(c.path(), "SecurityContact"),
                        "an alternate contact or null",
                        crate::json::kind_of(other),
                    ))
                }
            }
        };
        Ok(Account {
            account_id: c.str_fact("AccountId")?,
            security_contact,
            config_recorders,
            guardduty,
            trails,
            root_access_keys_present: keys,
            root_mfa_enabled: mfa,
            root_virtual_mfa,
            password_policy,
            tags: Fact::Unknown,
        })
    }
}

/// A per-Region member (`GuardDuty`, `ConfigRecorders`): an object of Region names, each a list
/// of items read by `parse`, or `null` (unreadable: unknown). Absent: unknown.
fn regional<T>(
    c: &Obj<'_>,
    key: &str,
    parse: impl Fn(Obj<'_>) -> Result<T, InputError>,
) -> Result<Fact<ByRegion<T>>, InputError> {
    let path = join(c.path(), key);
    let regions = match c.raw(key) {
        None => return Ok(Fact::Unknown),
        Some(Value::Object(regions)) => regions,
        Some(other) => {
            return Err(InputError::invalid(
                path,
                "an object of Regions",
                crate::json::kind_of(other),
            ))
        }
    };
    let mut out = BTreeMap::new();
    for (region, listed) in regions {
        let region_path = join(&path, region);
        let listed = match listed {
            Value::Null => Fact::Unknown,
            Value::Array(items) => {
                let mut list = Vec::new();
                for item in items {
                    list.push(parse(Obj::new(item, &region_path)?)?);
                }
                Fact::Known(list)
            }
            other => {
                return Err(InputError::invalid(
                    region_path,
                    "a list or null",
                    crate::json::kind_of(other),
                ))
            }
        };
        out.insert(region.clone(), listed);
    }
    Ok(Fact::Known(out))
}

impl PasswordPolicy {
    fn parse(p: Obj<'_>) -> Result<Self, InputError> {
        // IAM omits `PasswordReusePrevention` and `MaxPasswordAge` when they are not set: an
        // absent member there is "not set", not unknown, because the policy itself is known.
        let optional = |key: &str| -> Result<Fact<Option<i64>>, InputError> {
            if p.raw(key).is_none() {
                Ok(Fact::Known(None))
            } else {
                Ok(p.i64_fact(key)?.map(Some))
            }
        };
        Ok(PasswordPolicy {
            minimum_length: p.i64_fact("MinimumPasswordLength")?,
            require_uppercase: p.bool_fact("RequireUppercaseCharacters")?,
            require_lowercase: p.bool_fact("RequireLowercaseCharacters")?,
            require_symbols: p.bool_fact("RequireSymbols")?,
            require_numbers: p.bool_fact("RequireNumbers")?,
            reuse_prevention: optional("PasswordReusePrevention")?,
            max_age: optional("MaxPasswordAge")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Account {
        Account::parse(Obj::new(&v, "configuration").unwrap()).unwrap()
    }

    #[test]
    fn a_description_is_read() {
        let a = parse(json!({
            "AccountId": "123456789012",
            "AccountSummary": {"AccountAccessKeysPresent": 0, "AccountMFAEnabled": 1, "Users": 4},
            "PasswordPolicy": {"MinimumPasswordLength": 14, "RequireSymbols": true,
                "RequireNumbers": true, "RequireUppercaseCharacters": true,
                "RequireLowercaseCharacters": false, "AllowUsersToChangePassword": true,
                "ExpirePasswords": false},
            "VirtualMFADevices": [
                {"SerialNumber": "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                 "UserArn": "arn:aws:iam::123456789012:root"},
                {"SerialNumber": "arn:aws:iam::123456789012:mfa/alice", "UserArn": "arn:aws:iam::123456789012:user/alice"}
            ]
        }));
        assert_eq!(a.root_access_keys_present, Fact::Known(false));
        assert_eq!(a.root_mfa_enabled, Fact::Known(true));
        assert_eq!(
            a.root_virtual_mfa,
            Fact::Known(vec![
                "arn:aws:iam::123456789012:mfa/root-account-mfa-device".to_string()
            ])
        );
        let Fact::Known(Some(p)) = a.password_policy else {
            panic!("{:?}", a.password_policy)
        };
        assert_eq!(p.minimum_length, Fact::Known(14));
        assert_eq!(p.require_lowercase, Fact::Known(false));
        assert_eq!(p.reuse_prevention, Fact::Known(None));
        assert_eq!(p.max_age, Fact::Known(None));
    }

    #[test]
    fn no_policy_is_known_and_missing_members_are_unknown() {
        let a = parse(json!({"PasswordPolicy": null}));
        assert_eq!(a.password_policy, Fact::Known(None));
        assert_eq!(a.root_mfa_enabled, Fact::Unknown);
        assert_eq!(a.root_virtual_mfa, Fact::Unknown);
        let a = parse(json!({}));
        assert_eq!(a.password_policy, Fact::Unknown);
        assert_eq!(a.trails, Fact::Unknown);
        let a = parse(json!({"Trails": null}));
        assert_eq!(a.trails, Fact::Unknown);
        let a = parse(json!({"Trails": [{"name": "org", "isMultiRegionTrail": true}]}));
        assert_eq!(a.trails.get().map(Vec::len), Some(1));
        assert!(Account::parse(Obj::new(&json!({"Trails": 3}), "configuration").unwrap()).is_err());
        let bad = json!({"VirtualMFADevices": [{"UserArn": "arn:aws:iam::1:root"}]});
        assert!(Account::parse(Obj::new(&bad, "configuration").unwrap()).is_err());
    }
}
