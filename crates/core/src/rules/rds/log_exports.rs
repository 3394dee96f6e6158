//! The FSBP controls that require one engine's logs to be exported to CloudWatch Logs, each at
//! its Config rule's default parameters, read from the configuration item's
//! `enabledCloudwatchLogsExports` (instances and clusters alike):
//!
//! - RDS.34 — Aurora MySQL DB clusters should publish audit logs to CloudWatch Logs
//!   (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-34>), AWS
//!   Config rule `rds-aurora-mysql-audit-logging-enabled`: `audit` on `aurora-mysql` clusters.
//! - RDS.36 — RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs
//!   (`#rds-36`), Config rule `rds-postgresql-logs-to-cloudwatch` with its default `logTypes`
//!   `postgresql` (<https://docs.aws.amazon.com/config/latest/developerguide/rds-postgresql-logs-to-cloudwatch.html>).
//! - RDS.37 — Aurora PostgreSQL DB clusters should publish logs to CloudWatch Logs (`#rds-37`),
//!   Config rule `rds-aurora-postgresql-logs-to-cloudwatch`: `postgresql` on `aurora-postgresql`.
//! - RDS.40 — RDS for SQL Server DB instances should publish logs to CloudWatch Logs
//!   (`#rds-40`), Config rule `rds-sql-server-logs-to-cloudwatch` with Security Hub's default
//!   `logTypes` `['agent', 'error']`.
//!
//! Resources of other engines are NOT_APPLICABLE; an unknown engine or export list is
//! undetermined.

use super::engine;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Which engines a control evaluates.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Engines {
    /// Exactly this engine name.
    Is(&'static str),
    /// Engine names with this prefix (`sqlserver-ee`, `sqlserver-se`, ...).
    Prefix(&'static str),
}

impl Engines {
    fn matches(self, engine: &str) -> bool {
        match self {
            Engines::Is(e) => engine == e,
            Engines::Prefix(p) => engine.starts_with(p),
        }
    }
}

/// One log-export control.
pub struct LogExports {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) control: &'static str,
    pub(crate) engines: Engines,
    pub(crate) engine_label: &'static str,
    pub(crate) required: &'static [&'static str],
}

/// The verdict on an export list.
fn judge(
    control: &str,
    engine_label: &str,
    required: &[&str],
    exported: &Fact<Vec<String>>,
) -> Verdict {
    let Some(exported) = exported.get() else {
        return Verdict::undetermined(["enabledCloudwatchLogsExports"]);
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|log| !exported.iter().any(|e| e.eq_ignore_ascii_case(log)))
        .collect();
    if missing.is_empty() {
        Verdict::passed(format!(
            "{engine_label} logs are exported to CloudWatch Logs ({})",
            required.join(", ")
        ))
    } else {
        Verdict::failed(
            format!(
                "{control}: these {engine_label} logs are not exported to CloudWatch Logs: {}",
                missing.join(", ")
            ),
            vec![Evidence::new(
                "enabledCloudwatchLogsExports",
                format!("[{}]", exported.join(", ")),
            )],
        )
    }
}

impl Rule for LogExports {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let (engine, exported) = match resource {
            Resource::DbInstance(db) if self.meta.resource_type == "AWS::RDS::DBInstance" => {
                match engine(db) {
                    Ok(e) => (e, &db.cloudwatch_logs_exports),
                    Err(v) => return v,
                }
            }
            Resource::DbCluster(c) if self.meta.resource_type == "AWS::RDS::DBCluster" => {
                match c.engine.get() {
                    Some(e) => (e.as_str(), &c.cloudwatch_logs_exports),
                    None => return Verdict::undetermined(["engine"]),
                }
            }
            _ => return wrong_type(self.meta),
        };
        if !self.engines.matches(engine) {
            return Verdict::not_applicable(format!(
                "{} evaluates {} only, not {engine}",
                self.control, self.engine_label
            ));
        }
        judge(self.control, self.engine_label, self.required, exported)
    }
}

static META_34: RuleMeta = RuleMeta {
    id: "rds-aurora-mysql-audit-logs",
    title: "Aurora MySQL DB clusters should publish audit logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.34"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "EnabledCloudwatchLogsExports contains audit on aurora-mysql clusters; other engines are not applicable",
    rationale: "The audit log records who connected to the database and what they ran. Without it in CloudWatch Logs, where it outlives the cluster and cannot be edited from inside the database, you cannot tell the ICO which personal data an intruder read.",
    remediation: "Turn on the audit plugin in the cluster parameter group (server_audit_logging = 1), then in the RDS console choose the cluster, Modify, Log exports, tick Audit log, and apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"audit\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Log exports: Audit log > Apply immediately (with server_audit_logging = 1 in the cluster parameter group)",
        command: r#"aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}' --apply-immediately"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged; nothing is logged until server_audit_logging is 1 in the cluster's parameter group."),
        inputs: &[],
    }),
    source: "FSBP RDS.34 (AWS Config rule rds-aurora-mysql-audit-logging-enabled)",
};

static META_36: RuleMeta = RuleMeta {
    id: "rds-postgresql-instance-logs",
    title: "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.36"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "EnabledCloudwatchLogsExports contains postgresql on postgres instances (the Config rule's default logTypes); other engines are not applicable",
    rationale: "The PostgreSQL log shows failed logins, errors and, with logging settings on, the statements run. Exported to CloudWatch Logs it survives the instance and lets you investigate a breach of personal data.",
    remediation: "In the RDS console choose the instance, Modify, Log exports, tick PostgreSQL log, and apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Log exports: PostgreSQL log > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["postgresql"]}' --apply-immediately"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.36 (AWS Config rule rds-postgresql-logs-to-cloudwatch, logTypes postgresql)",
};

static META_37: RuleMeta = RuleMeta {
    id: "rds-aurora-postgresql-logs",
    title: "Aurora PostgreSQL DB clusters should publish logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.37"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "EnabledCloudwatchLogsExports contains postgresql on aurora-postgresql clusters; other engines are not applicable",
    rationale: "The PostgreSQL log shows failed logins and errors across the cluster. Exported to CloudWatch Logs it survives the cluster and lets you investigate a breach of personal data.",
    remediation: "In the RDS console choose the cluster, Modify, Log exports, tick PostgreSQL log, and apply. CLI: aws rds modify-db-cluster --db-cluster-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Log exports: PostgreSQL log > Apply immediately",
        command: r#"aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["postgresql"]}' --apply-immediately"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.37 (AWS Config rule rds-aurora-postgresql-logs-to-cloudwatch)",
};

static META_40: RuleMeta = RuleMeta {
    id: "rds-sqlserver-instance-logs",
    title: "RDS for SQL Server DB instances should publish logs to CloudWatch Logs",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.40"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "EnabledCloudwatchLogsExports contains agent and error on sqlserver-* instances (Security Hub's default logTypes); other engines are not applicable",
    rationale: "The SQL Server error and agent logs record failed logins and job activity. Exported to CloudWatch Logs they survive the instance and let you investigate a breach of personal data.",
    remediation: "In the RDS console choose the instance, Modify, Log exports, tick Agent log and Error log, and apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"agent\",\"error\"]}' --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Additional configuration > Log exports: Agent log, Error log > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["agent","error"]}' --apply-immediately"#,
        caution: Some("CloudWatch Logs ingestion and storage are charged."),
        inputs: &[],
    }),
    source: "FSBP RDS.40 (AWS Config rule rds-sql-server-logs-to-cloudwatch, logTypes agent, error)",
};

/// RDS.34.
pub static RDS34: LogExports = LogExports {
    meta: &META_34,
    control: "RDS.34",
    engines: Engines::Is("aurora-mysql"),
    engine_label: "Aurora MySQL",
    required: &["audit"],
};

/// RDS.36.
pub static RDS36: LogExports = LogExports {
    meta: &META_36,
    control: "RDS.36",
    engines: Engines::Is("postgres"),
    engine_label: "RDS for PostgreSQL",
    required: &["postgresql"],
};

/// RDS.37.
pub static RDS37: LogExports = LogExports {
    meta: &META_37,
    control: "RDS.37",
    engines: Engines::Is("aurora-postgresql"),
    engine_label: "Aurora PostgreSQL",
    required: &["postgresql"],
};

/// RDS.40.
pub static RDS40: LogExports = LogExports {
    meta: &META_40,
    control: "RDS.40",
    engines: Engines::Prefix("sqlserver-"),
    engine_label: "RDS for SQL Server",
    required: &["agent", "error"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{eval, eval_cluster};
    use serde_json::json;

    fn cluster(engine: &str, logs: serde_json::Value) -> serde_json::Value {
        json!({"dBClusterIdentifier": "orders", "engine": engine, "enabledCloudwatchLogsExports": logs})
    }

    fn instance(engine: &str, logs: serde_json::Value) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": engine, "dBInstanceStatus": "available", "enabledCloudwatchLogsExports": logs})
    }

    #[test]
    fn rds34_aurora_mysql_audit() {
        assert!(matches!(
            eval_cluster(&RDS34, cluster("aurora-mysql", json!(["audit", "error"]))),
            Verdict::Passed { .. }
        ));
        let v = eval_cluster(
            &RDS34,
            cluster("aurora-mysql", json!(["error", "slowquery"])),
        );
        assert!(v.reason().contains("audit"), "{v:?}");
        assert!(matches!(v, Verdict::Failed { .. }));
        assert!(matches!(
            eval_cluster(&RDS34, cluster("aurora-postgresql", json!([]))),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval_cluster(&RDS34, json!({"engine": "aurora-mysql"})),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
        assert_eq!(
            eval_cluster(&RDS34, json!({"enabledCloudwatchLogsExports": []})),
            Verdict::undetermined(["engine"])
        );
    }

    #[test]
    fn rds36_postgres_instances() {
        assert!(matches!(
            eval(&RDS36, instance("postgres", json!(["postgresql"]))),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&RDS36, instance("postgres", json!(["upgrade"]))),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&RDS36, instance("mysql", json!([]))),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval(
                &RDS36,
                json!({"dBInstanceIdentifier": "d", "engine": "postgres"})
            ),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
    }

    #[test]
    fn rds37_aurora_postgresql() {
        assert!(matches!(
            eval_cluster(&RDS37, cluster("aurora-postgresql", json!(["postgresql"]))),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval_cluster(&RDS37, cluster("aurora-postgresql", json!([]))),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(&RDS37, cluster("postgres", json!([]))),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval_cluster(&RDS37, json!({"engine": "aurora-postgresql"})),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
    }

    #[test]
    fn rds40_sql_server_needs_agent_and_error() {
        assert!(matches!(
            eval(&RDS40, instance("sqlserver-se", json!(["agent", "error"]))),
            Verdict::Passed { .. }
        ));
        let v = eval(&RDS40, instance("sqlserver-ex", json!(["error"])));
        assert!(v.reason().contains("agent"), "{v:?}");
        assert!(matches!(
            eval(&RDS40, instance("postgres", json!(["postgresql"]))),
            Verdict::NotApplicable { .. }
        ));
        assert_eq!(
            eval(
                &RDS40,
                json!({"dBInstanceIdentifier": "d", "engine": "sqlserver-ee"})
            ),
            Verdict::undetermined(["enabledCloudwatchLogsExports"])
        );
    }

    #[test]
    fn a_resource_of_the_other_type_is_not_applicable() {
        assert!(matches!(
            eval(&RDS34, instance("aurora-mysql", json!([]))),
            Verdict::NotApplicable { .. }
        ));
    }
}
