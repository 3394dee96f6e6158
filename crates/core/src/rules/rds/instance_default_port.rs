//! FSBP RDS.23 — RDS instances should not use a database engine default port.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.23]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-23>), AWS Config
//! rule `rds-no-default-ports` (Security Hub service-managed), no parameters: FAILED when the
//! instance listens on its engine's default port — 3306 for MySQL, MariaDB and Aurora MySQL, 5432
//! for PostgreSQL and Aurora PostgreSQL, 1521 for Oracle, 1433 for SQL Server. The port is the
//! configuration item's `endpoint.port`. Engines without a listed default are not applicable.
//!
//! Instances that belong to a DB cluster are NOT_APPLICABLE: the controls change log entry of
//! 12 December 2024 says the Config rule returns NOT_APPLICABLE for RDS instances that are part
//! of a cluster.

use super::{engine, standalone};
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.23.
pub struct Rds23;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-default-port",
    title: "RDS instances should not use a database engine default port",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.23"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the endpoint port differs from the engine's default (3306 MySQL/MariaDB/Aurora MySQL, 5432 PostgreSQL/Aurora PostgreSQL, 1521 Oracle, 1433 SQL Server)",
    rationale: "Automated scanners look for databases on their well-known ports. A different port does not replace security groups and strong passwords, but it keeps the database out of the cheapest, noisiest attacks.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Connectivity > Additional configuration set a different Database port, then apply (applications must use the new port). CLI: aws rds modify-db-instance --db-instance-identifier <name> --db-port-number <port> --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Connectivity > Additional configuration > Database port > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --db-port-number "$NEW_PORT" --apply-immediately"#,
        caution: Some("Changing the port restarts the instance; every client and the security group rules must use the new port."),
        inputs: &[],
    }),
    source: "FSBP RDS.23 (AWS Config rule rds-no-default-ports)",
};

/// An engine's default port, or `None` for engines FSBP lists none for.
pub fn default_port(engine: &str) -> Option<i64> {
    match engine {
        "mysql" | "mariadb" | "aurora" | "aurora-mysql" => Some(3306),
        "postgres" | "aurora-postgresql" => Some(5432),
        e if e.starts_with("oracle-") => Some(1521),
        e if e.starts_with("sqlserver-") => Some(1433),
        _ => None,
    }
}

impl Rule for Rds23 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        let engine = match engine(db) {
            Ok(e) => e,
            Err(v) => return v,
        };
        if let Err(v) = standalone(db, "RDS.23") {
            return v;
        }
        let Some(default) = default_port(engine) else {
            return Verdict::not_applicable(format!(
                "FSBP RDS.23 lists no default port for the {engine} engine"
            ));
        };
        match db.port.get() {
            Some(&port) if port == default => Verdict::failed(
                format!("the instance listens on {port}, the default port for {engine}"),
                vec![Evidence::new("endpoint.port", port)],
            ),
            Some(port) => Verdict::passed(format!(
                "the instance listens on {port}, not the {engine} default {default}"
            )),
            None => Verdict::undetermined(["endpoint.port"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    fn item(engine: &str, port: i64) -> serde_json::Value {
        json!({"dBInstanceIdentifier": "db", "engine": engine, "endpoint": {"address": "db.example", "port": port}})
    }

    #[test]
    fn cluster_members_are_not_applicable() {
        let mut member = item("aurora-postgresql", 5432);
        member["dBClusterIdentifier"] = json!("orders");
        let v = eval(&Rds23, member);
        let Verdict::NotApplicable { reason } = v else {
            panic!("{v:?}")
        };
        assert!(reason.contains("orders"), "{reason}");
    }

    #[test]
    fn the_default_port_fails() {
        assert!(matches!(
            eval(&Rds23, item("postgres", 5432)),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&Rds23, item("sqlserver-se", 1433)),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn another_port_passes() {
        assert!(matches!(
            eval(&Rds23, item("mysql", 3307)),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn engines_without_a_default_are_not_applicable() {
        assert!(matches!(
            eval(&Rds23, item("db2-se", 50000)),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(
                &Rds23,
                json!({"dBInstanceIdentifier": "db", "engine": "postgres"})
            ),
            Verdict::undetermined(["endpoint.port"])
        );
        assert_eq!(
            eval(&Rds23, json!({"endpoint": {"port": 5432}})),
            Verdict::undetermined(["engine"])
        );
        // Cluster membership unknown (an item that is not a full description).
        assert_eq!(
            eval(
                &Rds23,
                json!({"engine": "postgres", "endpoint": {"port": 5432}})
            ),
            Verdict::undetermined(["dBClusterIdentifier"])
        );
    }
}
