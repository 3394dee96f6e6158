//! FSBP RDS.9 — RDS DB instances should publish logs to CloudWatch Logs.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.9]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9>), AWS Config
//! rule `rds-logging-enabled` (no `additionalLogs`): NON_COMPLIANT when any of the engine's log
//! types is not in `enabledCloudwatchLogsExports`. The log types per engine are FSBP's: Oracle —
//! alert, audit, trace, listener; PostgreSQL — postgresql, upgrade; MySQL and MariaDB — audit,
//! error, general, slowquery; SQL Server — error, agent; Aurora MySQL — audit, error, general,
//! slowquery; Aurora PostgreSQL — postgresql. Instances that are not available, backing-up,
//! storage-optimization or storage-full are not applicable (the Config rule's note), as are
//! engines FSBP lists no log types for.

use super::{engine, in_evaluated_state};
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.9.
pub struct Rds9;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-logging",
    title: "RDS database instances should publish logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.9"],
    gdpr: &["Art. 32(1)(d)", "Art. 33"],
    cyber_essentials: None,
    passes_when: "every log type FSBP lists for the engine (e.g. postgresql and upgrade for PostgreSQL) is exported to CloudWatch Logs",
    rationale: "Database logs record failed logins, errors and slow or unusual queries. Exported to CloudWatch Logs they survive the instance, can raise alarms and let you work out what happened after an incident, which UK GDPR expects you to be able to do when you report a personal data breach.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Log exports tick every log type listed for your engine, then apply. CLI (PostgreSQL): aws rds modify-db-instance --db-instance-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\",\"upgrade\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Log exports: tick every log type for the engine > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --cloudwatch-logs-export-configuration {log_exports} --apply-immediately",
        caution: Some("CloudWatch Logs ingestion and storage are charged. MySQL and MariaDB write the general and slow query logs only when the parameter group turns them on (general_log, slow_query_log), and the audit log needs the MARIADB_AUDIT_PLUGIN option."),
        inputs: &[crate::fix::Input::LogExports],
    }),
    source: "FSBP RDS.9 (AWS Config rule rds-logging-enabled, engine log types as listed by FSBP)",
};

/// The log types FSBP requires for an engine, or `None` for engines it lists none for.
pub fn required_logs(engine: &str) -> Option<&'static [&'static str]> {
    const MYSQL: &[&str] = &["audit", "error", "general", "slowquery"];
    Some(match engine {
        "postgres" => &["postgresql", "upgrade"],
        "mysql" | "mariadb" | "aurora" | "aurora-mysql" => MYSQL,
        "aurora-postgresql" => &["postgresql"],
        e if e.starts_with("oracle-") => &["alert", "audit", "trace", "listener"],
        e if e.starts_with("sqlserver-") => &["error", "agent"],
        _ => return None,
    })
}

impl Rule for Rds9 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        if let Err(v) = in_evaluated_state(db, "RDS.9") {
            return v;
        }
        let engine = match engine(db) {
            Ok(e) => e,
            Err(v) => return v,
        };
        let Some(required) = required_logs(engine) else {
            return Verdict::not_applicable(format!(
                "FSBP RDS.9 lists no log types for the {engine} engine"
            ));
        };
        let Some(exported) = db.cloudwatch_logs_exports.get() else {
            return Verdict::undetermined(["enabledCloudwatchLogsExports"]);
        };
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|log| !exported.iter().any(|e| e.eq_ignore_ascii_case(log)))
            .collect();
        if missing.is_empty() {
            Verdict::passed(format!(
                "all {engine} log types are exported to CloudWatch Logs ({})",
                required.join(", ")
            ))
        } else {
            Verdict::failed(
                format!(
                    "these {engine} logs are not exported to CloudWatch Logs: {}",
                    missing.join(", ")
                ),
                vec![Evidence::new(
                    "enabledCloudwatchLogsExports",
                    format!("[{}]", exported.join(", ")),
                )],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    fn item(engine: &str, logs: serde_json::Value) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": engine, "dBInstanceStatus": "available", "enabledCloudwatchLogsExports": logs})
    }

    #[test]
    fn postgres_with_both_logs_passes() {
        assert!(matches!(
            eval(&Rds9, item("postgres", json!(["postgresql", "upgrade"]))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn a_missing_log_type_fails_naming_it() {
        let v = eval(&Rds9, item("mysql", json!(["error", "slowquery"])));
        assert!(
            matches!(v, Verdict::Failed { ref reason, .. } if reason.contains("audit, general")),
            "{v:?}"
        );
        assert!(matches!(
            eval(&Rds9, item("postgres", json!([]))),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn stopped_instances_and_unlisted_engines_are_not_applicable() {
        let mut stopped = item("postgres", json!([]));
        stopped["dBInstanceStatus"] = json!("stopped");
        assert!(matches!(
            eval(&Rds9, stopped),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval(&Rds9, item("db2-se", json!([]))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(
                &Rds9,
                json!({"engine": "postgres", "dBInstanceStatus": "available"})
            ),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
        assert_eq!(
            eval(&Rds9, json!({"engine": "postgres"})),
            Verdict::undetermined(["dBInstanceStatus"])
        );
    }

    #[test]
    fn oracle_and_sql_server_editions_have_their_lists() {
        assert_eq!(required_logs("oracle-ee").map(<[_]>::len), Some(4));
        assert_eq!(required_logs("sqlserver-se"), Some(&["error", "agent"][..]));
    }
}
