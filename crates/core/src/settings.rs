//! [`Settings`]: every threshold and allow-list, with FSBP's defaults.
//!
//! Rules receive settings as an argument and never read the environment. The Lambda builds them
//! from `VIGIL_*` environment variables ([`Settings::from_vars`]); the CLI from an optional JSON
//! file with the same keys in lower case ([`Settings::from_json`]).

use crate::rules::Severity;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Settings that are not valid.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("setting {name}: {problem}")]
pub struct SettingsError {
    /// The setting's name.
    pub name: String,
    /// What is wrong with it.
    pub problem: String,
}

/// All of Vigil's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// RDS.11's `backupRetentionMinimum`: the fewest days of automated backups that pass.
    /// FSBP default 7; FSBP allows 7 to 35.
    pub backup_retention_minimum: i64,
    /// Alerts are sent for transitions at or above this severity.
    pub alert_min_severity: Severity,
    /// Also import PASSED findings to Security Hub (for dashboards of what passes).
    pub publish_passed: bool,
    /// Other AWS accounts trusted to assume roles without `sts:ExternalId` (12-digit ids, e.g.
    /// your organization's other accounts). Empty by default.
    pub trusted_accounts: Vec<String>,
    /// Roles unused for more than this many days fail `iam-role-unused`. Default 90.
    pub unused_role_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            backup_retention_minimum: 7,
            alert_min_severity: Severity::Low,
            publish_passed: false,
            trusted_accounts: Vec::new(),
            unused_role_days: 90,
        }
    }
}

impl Settings {
    /// The environment variable that sets each field (`VIGIL_` + the JSON key in upper case).
    pub const VARS: [&'static str; 5] = [
        "VIGIL_BACKUP_RETENTION_MINIMUM",
        "VIGIL_ALERT_MIN_SEVERITY",
        "VIGIL_PUBLISH_PASSED",
        "VIGIL_TRUSTED_ACCOUNTS",
        "VIGIL_UNUSED_ROLE_DAYS",
    ];

    /// Builds settings from variables (the Lambda passes `std::env::var`); absent ones keep
    /// their defaults, invalid ones are an error naming the variable.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let mut s = Settings::default();
        if let Some(v) = get(Self::VARS[0]) {
            s.backup_retention_minimum = v.trim().parse().map_err(|_| SettingsError {
                name: Self::VARS[0].into(),
                problem: format!("expected a number of days, found {v:?}"),
            })?;
        }
        if let Some(v) = get(Self::VARS[1]) {
            s.alert_min_severity = Severity::parse(&v).ok_or_else(|| SettingsError {
                name: Self::VARS[1].into(),
                problem: format!(
                    "expected CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL, found {v:?}"
                ),
            })?;
        }
        if let Some(v) = get(Self::VARS[2]) {
            s.publish_passed = match v.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => true,
                "false" | "0" | "no" | "" => false,
                _ => {
                    return Err(SettingsError {
                        name: Self::VARS[2].into(),
                        problem: format!("expected true or false, found {v:?}"),
                    })
                }
            };
        }
        if let Some(v) = get(Self::VARS[3]) {
            s.trusted_accounts = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
        }
        if let Some(v) = get(Self::VARS[4]) {
            s.unused_role_days = v.trim().parse().map_err(|_| SettingsError {
                name: Self::VARS[4].into(),
                problem: format!("expected a number of days, found {v:?}"),
            })?;
        }
        s.validate()
    }

    /// Reads settings from the CLI's JSON settings file.
    pub fn from_json(text: &str) -> Result<Self, SettingsError> {
        let s: Settings = serde_json::from_str(text).map_err(|e| SettingsError {
            name: "(settings file)".into(),
            problem: e.to_string(),
        })?;
        s.validate()
    }

    fn validate(self) -> Result<Self, SettingsError> {
        if !(7..=35).contains(&self.backup_retention_minimum) {
            return Err(SettingsError {
                name: "backup_retention_minimum".into(),
                problem: format!(
                    "FSBP RDS.11 allows 7 to 35 days, found {}",
                    self.backup_retention_minimum
                ),
            });
        }
        if self.unused_role_days < 1 {
            return Err(SettingsError {
                name: "unused_role_days".into(),
                problem: format!("expected at least 1 day, found {}", self.unused_role_days),
            });
        }
        if let Some(bad) = self
            .trusted_accounts
            .iter()
            .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(SettingsError {
                name: "trusted_accounts".into(),
                problem: format!("expected 12-digit AWS account ids, found {bad:?}"),
            });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_fsbp_defaults() {
        let s = Settings::from_vars(|_| None).unwrap();
        assert_eq!(s.backup_retention_minimum, 7);
        assert_eq!(s.alert_min_severity, Severity::Low);
        assert!(!s.publish_passed);
    }

    #[test]
    fn variables_override_defaults() {
        let s = Settings::from_vars(|k| match k {
            "VIGIL_BACKUP_RETENTION_MINIMUM" => Some("14".into()),
            "VIGIL_ALERT_MIN_SEVERITY" => Some("high".into()),
            "VIGIL_PUBLISH_PASSED" => Some("true".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.backup_retention_minimum, 14);
        assert_eq!(s.alert_min_severity, Severity::High);
        assert!(s.publish_passed);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let err =
            Settings::from_vars(|k| (k == "VIGIL_BACKUP_RETENTION_MINIMUM").then(|| "3".into()))
                .unwrap_err();
        assert!(err.to_string().contains("7 to 35"), "{err}");
        let err = Settings::from_vars(|k| (k == "VIGIL_ALERT_MIN_SEVERITY").then(|| "loud".into()))
            .unwrap_err();
        assert!(
            err.to_string().contains("VIGIL_ALERT_MIN_SEVERITY"),
            "{err}"
        );
    }

    #[test]
    fn trusted_accounts_are_a_comma_separated_list_of_account_ids() {
        let s = Settings::from_vars(|k| {
            (k == "VIGIL_TRUSTED_ACCOUNTS").then(|| "111122223333, 444455556666,".into())
        })
        .unwrap();
        assert_eq!(s.trusted_accounts, ["111122223333", "444455556666"]);
        assert!(Settings::from_vars(|_| None)
            .unwrap()
            .trusted_accounts
            .is_empty());
        let err = Settings::from_vars(|k| (k == "VIGIL_TRUSTED_ACCOUNTS").then(|| "acme".into()))
            .unwrap_err();
        assert!(err.to_string().contains("12-digit"), "{err}");
        let s = Settings::from_json(r#"{"trusted_accounts": ["111122223333"]}"#).unwrap();
        assert_eq!(s.trusted_accounts, ["111122223333"]);
    }

    #[test]
    fn unused_role_days_default_to_90_and_must_be_positive() {
        assert_eq!(Settings::default().unused_role_days, 90);
        let s =
            Settings::from_vars(|k| (k == "VIGIL_UNUSED_ROLE_DAYS").then(|| "30".into())).unwrap();
        assert_eq!(s.unused_role_days, 30);
        assert!(
            Settings::from_vars(|k| (k == "VIGIL_UNUSED_ROLE_DAYS").then(|| "0".into())).is_err()
        );
        assert!(
            Settings::from_vars(|k| (k == "VIGIL_UNUSED_ROLE_DAYS").then(|| "soon".into()))
                .is_err()
        );
    }

    #[test]
    fn the_json_file_uses_the_same_names() {
        let s = Settings::from_json(
            r#"{"backup_retention_minimum": 10, "alert_min_severity": "CRITICAL"}"#,
        )
        .unwrap();
        assert_eq!(s.backup_retention_minimum, 10);
        assert_eq!(s.alert_min_severity, Severity::Critical);
        assert!(Settings::from_json(r#"{"backup_retention_minimun": 10}"#).is_err());
    }
}
