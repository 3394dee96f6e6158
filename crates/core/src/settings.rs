//! [`Settings`]: every threshold and allow-list, with FSBP's defaults.
//!
//! Rules receive settings as an argument and never read the environment. The Lambda builds them
//! from `VIGIL_*` environment variables ([`Settings::from_vars`]); the CLI from an optional JSON
//! file with the same keys in lower case ([`Settings::from_json`]).

use crate::vocabulary::Severity;
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
    /// RDS.11's `backupRetentionMinimum` and RDS.50's `minimumBackupRetentionPeriod`: the fewest
    /// days of automated backups that pass, for instances and clusters alike.
    /// FSBP default 7; FSBP allows 7 to 35.
    pub backup_retention_minimum: i64,
    /// Alerts are sent for transitions at or above this severity.
    pub alert_min_severity: Severity,
    /// Also import PASSED findings to Security Hub (for dashboards of what passes).
    pub publish_passed: bool,
    /// Your organisation's other AWS accounts (12-digit ids): database snapshots may be shared
    /// with them, and roles may trust them without `sts:ExternalId`. Empty by default.
    pub trusted_accounts: Vec<String>,
    /// Roles unused for more than this many days fail `iam-role-unused`. Default 90.
    pub unused_role_days: i64,
    /// IAM.3's `maxAccessKeyAge`: active access keys older than this many days fail
    /// `iam-user-access-keys-rotated`. FSBP default 90.
    pub access_key_max_age_days: i64,
    /// IAM.8's `maxCredentialUsageAge`: a console password or active access key unused for more
    /// than this many days fails `iam-user-unused-credentials`. FSBP default 90 (CIS v1.4.0
    /// 1.12, Security Hub's IAM.22, uses 45).
    pub unused_credential_days: i64,
    /// The tag whose value classifies a resource's data: `Public`, `Internal`, `Confidential`,
    /// `Restricted`, or `Personal` (personal data). See [`crate::data`].
    pub classification_tag: String,
    /// A tag that marks a resource as holding personal data when its value is `true` or `yes`.
    pub personal_data_tag: String,
    /// Regions classified or personal data may be kept in (e.g. `eu-west-2`); a classified
    /// database outside them is a finding. Empty: no residency requirement.
    pub allowed_regions: Vec<String>,
    /// EC2.18's `authorizedTcpPorts`: TCP ports that may be open to `0.0.0.0/0` or `::/0`,
    /// comma-separated, ranges with a dash (`443,1020-1025`). FSBP default `80,443`.
    pub authorized_tcp_ports: String,
    /// EC2.18's `authorizedUdpPorts`, in the same form. FSBP default: none.
    pub authorized_udp_ports: String,
    /// For Vigil's database-port rule: a public IPv4 range with a prefix of at most this many
    /// bits counts as wide open, like `0.0.0.0/0` (default 8: 16 million addresses or more).
    pub wide_open_ipv4_prefix: u8,
    /// The same for IPv6 ranges (default 16).
    pub wide_open_ipv6_prefix: u8,
    /// Lambda functions with a timeout above this many seconds fail Vigil's timeout rule
    /// (denial of wallet). Default 300; Lambda allows 1 to 900.
    pub lambda_timeout_max_seconds: i64,
    /// SecretsManager.4's `maxDaysSinceRotation`: secrets not rotated for more than this many
    /// days fail. FSBP default 90; FSBP allows 1 to 180.
    pub secret_max_days_since_rotation: i64,
    /// SecretsManager.3's `unusedForDays`: secrets not accessed for more than this many days
    /// fail. FSBP default 90; FSBP allows 1 to 365.
    pub secret_unused_days: i64,
    /// The region Vigil files global resources (IAM roles, policies, users) under, whichever
    /// region delivered the event: the region of its stack, which the template sets. AWS
    /// Config's IAM items (`awsRegion: global`) and IAM's CloudTrail calls (recorded in
    /// us-east-1, forwarded by `forwarder.yaml`) are then one resource with one state. `None`:
    /// the region that delivered the event (the CLI's default).
    pub global_region: Option<String>,
    /// Security Hub's own AWS Foundational Security Best Practices standard is enabled in the
    /// account. Security Hub then evaluates every FSBP control itself, so Vigil does not import
    /// a finding for a rule whose control is in FSBP ([`crate::standards::is_fsbp`]): it still
    /// alerts (with who changed what, at once) and keeps the state and history, but Security Hub
    /// shows one finding per control, its own. Default false: Vigil imports every finding.
    pub security_hub_fsbp_enabled: bool,
    /// The deployment runs without AWS Config (the template's `ConfigFree`): it does not rely
    /// on AWS Config recording, so Config.1 ("AWS Config recording where the deployment relies
    /// on it") does not apply to it. Default false.
    pub config_free: bool,
    /// Send LOW and MEDIUM alerts once a day in one digest message instead of one by one
    /// (HIGH and CRITICAL still go out at once). They are held in the state table until the
    /// daily schedule sends them ([`crate::held`]). Default false.
    pub digest: bool,
    /// How many failed console sign-ins to one account within
    /// [`Settings::failed_sign_in_window_minutes`] give one alert (Vigil's own setting; no FSBP
    /// control counts sign-ins). Default 5; at least 2.
    pub failed_sign_in_threshold: u32,
    /// The window, in minutes from the first failed sign-in counted, in which
    /// [`Settings::failed_sign_in_threshold`] failures give one alert. Default 15; 1 to 1440.
    pub failed_sign_in_window_minutes: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            backup_retention_minimum: 7,
            alert_min_severity: Severity::Low,
            publish_passed: false,
            trusted_accounts: Vec::new(),
            unused_role_days: 90,
            access_key_max_age_days: 90,
            unused_credential_days: 90,
            classification_tag: "DataClassification".to_string(),
            personal_data_tag: "PersonalData".to_string(),
            allowed_regions: Vec::new(),
            authorized_tcp_ports: "80,443".into(),
            authorized_udp_ports: String::new(),
            wide_open_ipv4_prefix: 8,
            wide_open_ipv6_prefix: 16,
            lambda_timeout_max_seconds: 300,
            secret_max_days_since_rotation: 90,
            secret_unused_days: 90,
            global_region: None,
            security_hub_fsbp_enabled: false,
            config_free: false,
            digest: false,
            failed_sign_in_threshold: 5,
            failed_sign_in_window_minutes: 15,
        }
    }
}

impl Settings {
    /// The environment variable that sets each field (`VIGIL_` + the JSON key in upper case).
    pub const VARS: [&'static str; 23] = [
        "VIGIL_BACKUP_RETENTION_MINIMUM",
        "VIGIL_ALERT_MIN_SEVERITY",
        "VIGIL_PUBLISH_PASSED",
        "VIGIL_TRUSTED_ACCOUNTS",
        "VIGIL_CLASSIFICATION_TAG",
        "VIGIL_PERSONAL_DATA_TAG",
        "VIGIL_ALLOWED_REGIONS",
        "VIGIL_UNUSED_ROLE_DAYS",
        "VIGIL_ACCESS_KEY_MAX_AGE_DAYS",
        "VIGIL_UNUSED_CREDENTIAL_DAYS",
        "VIGIL_AUTHORIZED_TCP_PORTS",
        "VIGIL_AUTHORIZED_UDP_PORTS",
        "VIGIL_WIDE_OPEN_IPV4_PREFIX",
        "VIGIL_WIDE_OPEN_IPV6_PREFIX",
        "VIGIL_LAMBDA_TIMEOUT_MAX_SECONDS",
        "VIGIL_SECRET_MAX_DAYS_SINCE_ROTATION",
        "VIGIL_SECRET_UNUSED_DAYS",
        "VIGIL_GLOBAL_REGION",
        "VIGIL_SECURITY_HUB_FSBP_ENABLED",
        "VIGIL_CONFIG_FREE",
        "VIGIL_DIGEST",
        "VIGIL_FAILED_SIGN_IN_THRESHOLD",
        "VIGIL_FAILED_SIGN_IN_WINDOW_MINUTES",
    ];

    /// Builds settings from variables (the Lambda passes `std::env::var`); absent ones keep
    /// their defaults, invalid ones are an error naming the variable.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let mut s = Settings::default();
        if let Some(v) = get("VIGIL_BACKUP_RETENTION_MINIMUM") {
            s.backup_retention_minimum = v.trim().parse().map_err(|_| SettingsError {
                name: "VIGIL_BACKUP_RETENTION_MINIMUM".into(),
                problem: format!("expected a number of days, found {v:?}"),
            })?;
        }
        if let Some(v) = get("VIGIL_ALERT_MIN_SEVERITY") {
            s.alert_min_severity = Severity::parse(&v).ok_or_else(|| SettingsError {
                name: "VIGIL_ALERT_MIN_SEVERITY".into(),
                problem: format!(
                    "expected CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL, found {v:?}"
                ),
            })?;
        }
        for (name, field) in [
            ("VIGIL_PUBLISH_PASSED", &mut s.publish_passed),
            (
                "VIGIL_SECURITY_HUB_FSBP_ENABLED",
                &mut s.security_hub_fsbp_enabled,
            ),
            ("VIGIL_CONFIG_FREE", &mut s.config_free),
            ("VIGIL_DIGEST", &mut s.digest),
        ] {
            if let Some(v) = get(name) {
                *field = flag(name, &v)?;
            }
        }
        if let Some(v) = get("VIGIL_FAILED_SIGN_IN_THRESHOLD") {
            s.failed_sign_in_threshold = v.trim().parse().map_err(|_| SettingsError {
                name: "VIGIL_FAILED_SIGN_IN_THRESHOLD".into(),
                problem: format!("expected a number of failed sign-ins, found {v:?}"),
            })?;
        }
        if let Some(v) = get("VIGIL_FAILED_SIGN_IN_WINDOW_MINUTES") {
            s.failed_sign_in_window_minutes = v.trim().parse().map_err(|_| SettingsError {
                name: "VIGIL_FAILED_SIGN_IN_WINDOW_MINUTES".into(),
                problem: format!("expected a number of minutes, found {v:?}"),
            })?;
        }
        if let Some(v) = get("VIGIL_TRUSTED_ACCOUNTS") {
            s.trusted_accounts = list(&v);
        }
        if let Some(v) = get("VIGIL_CLASSIFICATION_TAG").filter(|v| !v.trim().is_empty()) {
            s.classification_tag = v.trim().to_string();
        }
        if let Some(v) = get("VIGIL_PERSONAL_DATA_TAG").filter(|v| !v.trim().is_empty()) {
            s.personal_data_tag = v.trim().to_string();
        }
        if let Some(v) = get("VIGIL_ALLOWED_REGIONS") {
            s.allowed_regions = list(&v);
        }
        if let Some(v) = get("VIGIL_UNUSED_ROLE_DAYS") {
            s.unused_role_days = v.trim().parse().map_err(|_| SettingsError {
                name: "VIGIL_UNUSED_ROLE_DAYS".into(),
                problem: format!("expected a number of days, found {v:?}"),
            })?;
        }
        for (name, field) in [
            (
                "VIGIL_ACCESS_KEY_MAX_AGE_DAYS",
                &mut s.access_key_max_age_days,
            ),
            (
                "VIGIL_UNUSED_CREDENTIAL_DAYS",
                &mut s.unused_credential_days,
            ),
        ] {
            if let Some(v) = get(name) {
                *field = v.trim().parse().map_err(|_| SettingsError {
                    name: name.into(),
                    problem: format!("expected a number of days, found {v:?}"),
                })?;
            }
        }
        if let Some(v) = get("VIGIL_AUTHORIZED_TCP_PORTS") {
            s.authorized_tcp_ports = v;
        }
        if let Some(v) = get("VIGIL_AUTHORIZED_UDP_PORTS") {
            s.authorized_udp_ports = v;
        }
        let number = |name: &str, v: String| {
            v.trim().parse::<i64>().map_err(|_| SettingsError {
                name: name.into(),
                problem: format!("expected a whole number, found {v:?}"),
            })
        };
        if let Some(v) = get("VIGIL_WIDE_OPEN_IPV4_PREFIX") {
            s.wide_open_ipv4_prefix = number("VIGIL_WIDE_OPEN_IPV4_PREFIX", v)?.clamp(0, 255) as u8;
        }
        if let Some(v) = get("VIGIL_WIDE_OPEN_IPV6_PREFIX") {
            s.wide_open_ipv6_prefix = number("VIGIL_WIDE_OPEN_IPV6_PREFIX", v)?.clamp(0, 255) as u8;
        }
        if let Some(v) = get("VIGIL_LAMBDA_TIMEOUT_MAX_SECONDS") {
            s.lambda_timeout_max_seconds = number("VIGIL_LAMBDA_TIMEOUT_MAX_SECONDS", v)?;
        }
        if let Some(v) = get("VIGIL_SECRET_MAX_DAYS_SINCE_ROTATION") {
            s.secret_max_days_since_rotation = number("VIGIL_SECRET_MAX_DAYS_SINCE_ROTATION", v)?;
        }
        if let Some(v) = get("VIGIL_SECRET_UNUSED_DAYS") {
            s.secret_unused_days = number("VIGIL_SECRET_UNUSED_DAYS", v)?;
        }
        if let Some(v) = get("VIGIL_GLOBAL_REGION") {
            let v = v.trim();
            s.global_region = (!v.is_empty()).then(|| v.to_string());
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
        if self.failed_sign_in_threshold < 2 {
            return Err(SettingsError {
                name: "failed_sign_in_threshold".into(),
                problem: format!(
                    "expected at least 2 failed sign-ins (one failure is not a burst), found {}",
                    self.failed_sign_in_threshold
                ),
            });
        }
        if !(1..=1440).contains(&self.failed_sign_in_window_minutes) {
            return Err(SettingsError {
                name: "failed_sign_in_window_minutes".into(),
                problem: format!(
                    "expected 1 to 1440 minutes, found {}",
                    self.failed_sign_in_window_minutes
                ),
            });
        }
        if self.unused_role_days < 1 {
            return Err(SettingsError {
                name: "unused_role_days".into(),
                problem: format!("expected at least 1 day, found {}", self.unused_role_days),
            });
        }
        for (name, days) in [
            ("access_key_max_age_days", self.access_key_max_age_days),
            ("unused_credential_days", self.unused_credential_days),
        ] {
            if days < 1 {
                return Err(SettingsError {
                    name: name.into(),
                    problem: format!("expected at least 1 day, found {days}"),
                });
            }
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
        for (name, list) in [
            ("authorized_tcp_ports", &self.authorized_tcp_ports),
            ("authorized_udp_ports", &self.authorized_udp_ports),
        ] {
            parse_port_list(list).map_err(|problem| SettingsError {
                name: name.into(),
                problem,
            })?;
        }
        if self.wide_open_ipv4_prefix > 32 || self.wide_open_ipv6_prefix > 128 {
            return Err(SettingsError {
                name: "wide_open_ipv4_prefix / wide_open_ipv6_prefix".into(),
                problem: "prefixes are at most 32 (IPv4) and 128 (IPv6) bits".into(),
            });
        }
        if !(1..=900).contains(&self.lambda_timeout_max_seconds) {
            return Err(SettingsError {
                name: "lambda_timeout_max_seconds".into(),
                problem: format!(
                    "Lambda timeouts are 1 to 900 seconds, found {}",
                    self.lambda_timeout_max_seconds
                ),
            });
        }
        if !(1..=180).contains(&self.secret_max_days_since_rotation) {
            return Err(SettingsError {
                name: "secret_max_days_since_rotation".into(),
                problem: format!(
                    "FSBP SecretsManager.4 allows 1 to 180 days, found {}",
                    self.secret_max_days_since_rotation
                ),
            });
        }
        if !(1..=365).contains(&self.secret_unused_days) {
            return Err(SettingsError {
                name: "secret_unused_days".into(),
                problem: format!(
                    "FSBP SecretsManager.3 allows 1 to 365 days, found {}",
                    self.secret_unused_days
                ),
            });
        }
        Ok(self)
    }
}

/// A true/false variable (`true`, `1`, `yes`; `false`, `0`, `no` or empty).
fn flag(name: &str, v: &str) -> Result<bool, SettingsError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" | "" => Ok(false),
        _ => Err(SettingsError {
            name: name.into(),
            problem: format!("expected true or false, found {v:?}"),
        }),
    }
}

/// A comma-separated list (`VIGIL_ALLOWED_REGIONS=eu-west-2,eu-west-1`), blanks dropped.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses a port list in AWS Config's parameter form, `80,443,1020-1025`, into inclusive
/// ranges. An empty list is no ports.
pub fn parse_port_list(text: &str) -> Result<Vec<(u16, u16)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let port = |p: &str| {
            p.trim()
                .parse::<u16>()
                .map_err(|_| format!("expected ports such as 80,443,1020-1025, found {part:?}"))
        };
        let range = match part.split_once('-') {
            Some((from, to)) => (port(from)?, port(to)?),
            None => (port(part)?, port(part)?),
        };
        if range.0 > range.1 {
            return Err(format!("port range {part:?} runs backwards"));
        }
        out.push(range);
    }
    Ok(out)
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
    fn data_settings_read_lists_and_names() {
        let s = Settings::from_vars(|k| match k {
            "VIGIL_TRUSTED_ACCOUNTS" => Some("210987654321, 111122223333".into()),
            "VIGIL_ALLOWED_REGIONS" => Some("eu-west-2,eu-west-1,".into()),
            "VIGIL_CLASSIFICATION_TAG" => Some("Sensitivity".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.trusted_accounts, ["210987654321", "111122223333"]);
        assert_eq!(s.allowed_regions, ["eu-west-2", "eu-west-1"]);
        assert_eq!(s.classification_tag, "Sensitivity");
        assert_eq!(s.personal_data_tag, "PersonalData");
        let err = Settings::from_vars(|k| (k == "VIGIL_TRUSTED_ACCOUNTS").then(|| "12345".into()))
            .unwrap_err();
        assert!(err.to_string().contains("12-digit"), "{err}");
        let s = Settings::from_json(r#"{"allowed_regions": ["eu-west-2"]}"#).unwrap();
        assert_eq!(s.allowed_regions, ["eu-west-2"]);
    }

    #[test]
    fn the_fsbp_setting_is_read_and_checked() {
        assert!(!Settings::default().security_hub_fsbp_enabled);
        let s = Settings::from_vars(|k| {
            (k == "VIGIL_SECURITY_HUB_FSBP_ENABLED").then(|| "true".into())
        })
        .unwrap();
        assert!(s.security_hub_fsbp_enabled);
        let err = Settings::from_vars(|k| {
            (k == "VIGIL_SECURITY_HUB_FSBP_ENABLED").then(|| "maybe".into())
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("VIGIL_SECURITY_HUB_FSBP_ENABLED"),
            "{err}"
        );
        let s = Settings::from_json(r#"{"security_hub_fsbp_enabled": true}"#).unwrap();
        assert!(s.security_hub_fsbp_enabled);
        assert!(!Settings::default().digest);
        let s = Settings::from_vars(|k| (k == "VIGIL_DIGEST").then(|| "yes".into())).unwrap();
        assert!(s.digest);
    }

    #[test]
    fn the_failed_sign_in_burst_settings_are_read_and_checked() {
        let d = Settings::default();
        assert_eq!(
            (d.failed_sign_in_threshold, d.failed_sign_in_window_minutes),
            (5, 15)
        );
        let s = Settings::from_vars(|k| match k {
            "VIGIL_FAILED_SIGN_IN_THRESHOLD" => Some("10".into()),
            "VIGIL_FAILED_SIGN_IN_WINDOW_MINUTES" => Some(" 60 ".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (s.failed_sign_in_threshold, s.failed_sign_in_window_minutes),
            (10, 60)
        );
        for (var, value, says) in [
            ("VIGIL_FAILED_SIGN_IN_THRESHOLD", "1", "at least 2"),
            (
                "VIGIL_FAILED_SIGN_IN_THRESHOLD",
                "many",
                "VIGIL_FAILED_SIGN_IN_THRESHOLD",
            ),
            ("VIGIL_FAILED_SIGN_IN_WINDOW_MINUTES", "0", "1 to 1440"),
        ] {
            let err = Settings::from_vars(|k| (k == var).then(|| value.into())).unwrap_err();
            assert!(err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn every_variable_is_passed_by_the_sam_template() {
        let template = include_str!("../../../template.yaml");
        for var in Settings::VARS {
            assert!(
                template.contains(&format!("{var}:")),
                "template.yaml does not set {var}"
            );
        }
    }

    #[test]
    fn port_lists_read_aws_config_parameter_form() {
        assert_eq!(parse_port_list("80,443"), Ok(vec![(80, 80), (443, 443)]));
        assert_eq!(
            parse_port_list(" 443, 1020-1025 "),
            Ok(vec![(443, 443), (1020, 1025)])
        );
        assert_eq!(parse_port_list(""), Ok(vec![]));
        assert!(parse_port_list("http").is_err());
        assert!(parse_port_list("90-80").is_err());
        let err =
            Settings::from_vars(|k| (k == "VIGIL_AUTHORIZED_TCP_PORTS").then(|| "80,x".into()))
                .unwrap_err();
        assert!(err.to_string().contains("authorized_tcp_ports"), "{err}");
        let s = Settings::from_vars(|k| match k {
            "VIGIL_AUTHORIZED_TCP_PORTS" => Some("443".into()),
            "VIGIL_LAMBDA_TIMEOUT_MAX_SECONDS" => Some("60".into()),
            "VIGIL_WIDE_OPEN_IPV4_PREFIX" => Some("0".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.authorized_tcp_ports, "443");
        assert_eq!(s.lambda_timeout_max_seconds, 60);
        assert_eq!(s.wide_open_ipv4_prefix, 0);
        assert!(Settings::from_vars(
            |k| (k == "VIGIL_LAMBDA_TIMEOUT_MAX_SECONDS").then(|| "0".into())
        )
        .is_err());
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
    fn secret_day_limits_default_to_90_within_fsbp_ranges() {
        let s = Settings::default();
        assert_eq!(s.secret_max_days_since_rotation, 90);
        assert_eq!(s.secret_unused_days, 90);
        let s = Settings::from_vars(|k| match k {
            "VIGIL_SECRET_MAX_DAYS_SINCE_ROTATION" => Some("30".into()),
            "VIGIL_SECRET_UNUSED_DAYS" => Some("365".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.secret_max_days_since_rotation, 30);
        assert_eq!(s.secret_unused_days, 365);
        let err = Settings::from_vars(|k| {
            (k == "VIGIL_SECRET_MAX_DAYS_SINCE_ROTATION").then(|| "181".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("1 to 180"), "{err}");
        assert!(
            Settings::from_vars(|k| (k == "VIGIL_SECRET_UNUSED_DAYS").then(|| "0".into())).is_err()
        );
    }

    #[test]
    fn credential_ages_default_to_fsbp_and_must_be_positive() {
        let d = Settings::default();
        assert_eq!(
            (d.access_key_max_age_days, d.unused_credential_days),
            (90, 90)
        );
        let s = Settings::from_vars(|k| match k {
            "VIGIL_ACCESS_KEY_MAX_AGE_DAYS" => Some("60".into()),
            "VIGIL_UNUSED_CREDENTIAL_DAYS" => Some(" 45 ".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (s.access_key_max_age_days, s.unused_credential_days),
            (60, 45)
        );
        let err =
            Settings::from_vars(|k| (k == "VIGIL_UNUSED_CREDENTIAL_DAYS").then(|| "0".into()))
                .unwrap_err();
        assert!(err.to_string().contains("unused_credential_days"), "{err}");
        let err =
            Settings::from_vars(|k| (k == "VIGIL_ACCESS_KEY_MAX_AGE_DAYS").then(|| "old".into()))
                .unwrap_err();
        assert!(
            err.to_string().contains("VIGIL_ACCESS_KEY_MAX_AGE_DAYS"),
            "{err}"
        );
        let s = Settings::from_json(r#"{"unused_credential_days": 45}"#).unwrap();
        assert_eq!(s.unused_credential_days, 45);
    }
}
