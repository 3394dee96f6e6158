//! FSBP RDS.42 — RDS for MariaDB DB instances should publish logs to CloudWatch Logs.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.42]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-42>), AWS Config
//! rule `mariadb-publish-logs-to-cloudwatch-logs`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/mariadb-publish-logs-to-cloudwatch-logs.html>):
//! FAILED when a `mariadb` instance does not export every log type of `logTypes` to CloudWatch
//! Logs; Security Hub's default `logTypes` is `audit, error` (the Config rule's default is the
//! same, `error` and `audit`). Other engines are not applicable; evaluated by the shared
//! [`LogExports`] over `enabledCloudwatchLogsExports`.

use super::log_exports::{Engines, LogExports};
use crate::rules::{RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "rds-mariadb-instance-logs",
    title: "RDS for MariaDB DB instances should publish logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.42"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "EnabledCloudwatchLogsExports contains audit and error on mariadb instances (Security Hub's default logTypes); other engines are not applicable",
    rationale: "The MariaDB audit log records who connected and what they ran; the error log records failed logins. Exported to CloudWatch Logs they survive the instance and let you tell the ICO which personal data an intruder reached.",
    remediation: "Add the MARIADB_AUDIT_PLUGIN option to a custom option group attached to the instance, then in the RDS console choose the instance, Modify, Log exports, tick Audit log and Error log, and apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"audit\",\"error\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Log exports: Audit log, Error log > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit","error"]}' --apply-immediately"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged; the audit log needs the MARIADB_AUDIT_PLUGIN option in the instance's option group."),
        inputs: &[],
    }),
    source: "FSBP RDS.42 (AWS Config rule mariadb-publish-logs-to-cloudwatch-logs, logTypes audit, error)",
};

/// RDS.42.
pub static RDS42: LogExports = LogExports {
    meta: &META,
    control: "RDS.42",
    engines: Engines::Is("mariadb"),
    engine_label: "RDS for MariaDB",
    required: &["audit", "error"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{eval, eval_cluster};
    use crate::verdict::Verdict;
    use serde_json::json;

    fn instance(engine: &str, logs: serde_json::Value) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "shop-db", "engine": engine, "dBInstanceStatus": "available", "enabledCloudwatchLogsExports": logs})
    }

    #[test]
    fn audit_and_error_pass() {
        let v = eval(
            &RDS42,
            instance("mariadb", json!(["audit", "error", "slowquery"])),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_missing_default_log_type_fails() {
        let v = eval(&RDS42, instance("mariadb", json!(["error", "general"])));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(v.reason().contains("audit"), "{v:?}");
        let v = eval(&RDS42, instance("mariadb", json!([])));
        assert!(v.reason().contains("audit, error"), "{v:?}");
    }

    #[test]
    fn other_engines_and_clusters_are_not_applicable() {
        let v = eval(&RDS42, instance("mysql", json!([])));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        let v = eval_cluster(&RDS42, json!({"engine": "mariadb"}));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn unknown_input_is_undetermined() {
        assert_eq!(
            eval(
                &RDS42,
                json!({"dBInstanceIdentifier": "d", "engine": "mariadb"})
            ),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
        assert_eq!(
            eval(
                &RDS42,
                json!({"dBInstanceIdentifier": "d", "enabledCloudwatchLogsExports": []})
            ),
            Verdict::undetermined(["engine"])
        );
    }
}
