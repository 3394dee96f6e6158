//! FSBP RDS.6 — Enhanced monitoring should be configured for RDS DB instances.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.6]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-6>), AWS Config
//! rule `rds-enhanced-monitoring-enabled`: NON_COMPLIANT when `monitoringInterval` is 0 in the
//! configuration item. Its optional parameter `monitoringInterval` (1, 5, 10, 15, 30 or 60) has no
//! default in FSBP, so Vigil, like FSBP by default, accepts any non-zero interval.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.6.
pub struct Rds6;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-enhanced-monitoring",
    title: "Enhanced Monitoring should be configured for RDS database instances",
    severity: Severity::Low,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.6"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "MonitoringInterval is not 0 (Enhanced Monitoring collects operating-system metrics)",
    rationale: "Enhanced Monitoring shows what the database server itself is doing (CPU, memory, processes) second by second. Without it, a runaway query, a crypto-miner or a server running out of memory is much harder to spot and explain, and problems are noticed only when customers complain.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Monitoring turn on Enhanced Monitoring with a granularity such as 60 seconds, then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --monitoring-interval 60 --monitoring-role-arn <arn of a role with AmazonRDSEnhancedMonitoringRole> --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Monitoring > Enable Enhanced monitoring, Granularity 60 seconds > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --monitoring-interval 60 --monitoring-role-arn "$MONITORING_ROLE_ARN" --apply-immediately"#,
        caution: Some("Enhanced Monitoring sends metrics to CloudWatch Logs, which is charged; $MONITORING_ROLE_ARN is a role RDS can assume with the AmazonRDSEnhancedMonitoringRole policy."),
        inputs: &[],
    }),
    source: "FSBP RDS.6 (AWS Config rule rds-enhanced-monitoring-enabled, no monitoringInterval parameter)",
};

impl Rule for Rds6 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.monitoring_interval.get() {
            Some(0) => Verdict::failed(
                "Enhanced Monitoring is turned off (monitoring interval 0)",
                vec![Evidence::new("monitoringInterval", 0)],
            ),
            Some(seconds) => Verdict::passed(format!(
                "Enhanced Monitoring collects metrics every {seconds} seconds"
            )),
            None => Verdict::undetermined(["monitoringInterval"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn interval_zero_fails() {
        assert!(matches!(
            eval(&Rds6, json!({"monitoringInterval": 0})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_non_zero_interval_passes() {
        assert!(matches!(
            eval(&Rds6, json!({"monitoringInterval": 60})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_interval_is_undetermined() {
        assert_eq!(
            eval(&Rds6, json!({"engine": "postgres"})),
            Verdict::undetermined(["monitoringInterval"])
        );
    }
}
