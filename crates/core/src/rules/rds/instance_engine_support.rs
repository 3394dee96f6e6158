//! Vigil: RDS DB instances should run a major engine version in RDS standard support.
//!
//! Beyond FSBP (issue 3; no Security Hub control checks it). Source: Amazon RDS User Guide,
//! "Amazon RDS Extended Support" and the engines' release calendars; the dates and their sources
//! are in [`super::engine_support`]. Judged against the observation time ([`Context::now`]):
//! FAILED when the instance's major version is past its RDS end of standard support date, PASSED
//! before it, UNDETERMINED for a version the table does not hold or without an observation time.
//! Instances that belong to a DB cluster (Aurora, Multi-AZ DB clusters) are judged at the cluster
//! level by `rds-cluster-engine-standard-support`; commercial engines are not applicable.

use super::engine_support::judge;
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// The instance engine-support rule.
pub struct InstanceEngineSupport;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-engine-standard-support",
    title: "RDS DB instances should run a major engine version that is in RDS standard support",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(d)"],
    cyber_essentials: Some(CeControl::SecurityUpdateManagement),
    passes_when: "the instance's major engine version (MySQL, MariaDB, PostgreSQL) has not passed its RDS end of standard support date at the time of the observation",
    rationale: "After a major version's end of standard support, AWS either charges for RDS Extended Support (per vCPU-hour, rising in year 3) or upgrades the database itself on its own schedule. Either way the database is on borrowed time: the bill grows quietly and, at the end of Extended Support, an upgrade nobody tested happens anyway.",
    remediation: "Plan and test a major version upgrade (a blue/green deployment keeps downtime short): in the RDS console choose Databases, select the instance, choose Modify, pick a supported engine version under DB engine version, and apply. CLI: aws rds describe-db-major-engine-versions --engine <engine>; aws rds modify-db-instance --db-instance-identifier <name> --engine-version <version> --allow-major-version-upgrade --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > DB engine version: a version in standard support > Apply immediately (or Blue/Green deployment for a short switch-over)",
        command: r#"aws rds describe-db-major-engine-versions --region {region} --engine {engine}
aws rds modify-db-instance --region {region} --db-instance-identifier {name} --engine-version "$ENGINE_VERSION" --allow-major-version-upgrade --apply-immediately"#,
        caution: Some("A major version upgrade takes the database down while it runs and can break the application: test it on a snapshot first. Until it is done, RDS Extended Support is charged."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "Vigil practice beyond FSBP: Amazon RDS Extended Support and the RDS release calendars (dates in the engine support table)",
};

impl Rule for InstanceEngineSupport {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        if let Some(Some(cluster)) = db.cluster_identifier.get() {
            return Verdict::not_applicable(format!(
                "the instance belongs to DB cluster {cluster}, whose engine version is judged by rds-cluster-engine-standard-support"
            ));
        }
        let engine = db.engine.get().map(String::as_str);
        if engine.is_some_and(|e| e.starts_with("aurora")) {
            return Verdict::not_applicable(
                "an Aurora instance: its cluster's engine version is judged by rds-cluster-engine-standard-support",
            );
        }
        let now = match ctx.now() {
            Ok(now) => now,
            Err(undetermined) => return undetermined,
        };
        judge(engine, db.engine_version.get().map(String::as_str), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::test_support::{db, eval_at};
    use crate::settings::Settings;
    use serde_json::json;

    fn at(config: serde_json::Value, time: &str) -> Verdict {
        eval_at(&InstanceEngineSupport, &db(config), time)
    }

    #[test]
    fn a_version_past_standard_support_fails_naming_engine_version_and_date() {
        let v = at(
            json!({"engine": "postgres", "engineVersion": "12.22", "dBClusterIdentifier": null}),
            "2026-11-23T09:00:00Z",
        );
        match v {
            Verdict::Failed { reason, .. } => {
                assert!(reason.contains("RDS for PostgreSQL 12"), "{reason}");
                assert!(reason.contains("28 February 2025"), "{reason}");
                assert!(reason.contains("Extended Support"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_supported_version_passes() {
        assert!(matches!(
            at(
                json!({"engine": "mysql", "engineVersion": "8.4.3"}),
                "2026-11-23T09:00:00Z"
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn cluster_members_and_aurora_instances_are_judged_at_the_cluster() {
        assert!(matches!(
            at(
                json!({"engine": "postgres", "engineVersion": "12.22", "dBClusterIdentifier": "orders-maz"}),
                "2026-11-23T09:00:00Z"
            ),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            at(
                json!({"engine": "aurora-postgresql", "engineVersion": "13.12"}),
                "2026-11-23T09:00:00Z"
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_an_observation_time_or_a_known_version_it_is_undetermined() {
        let settings = Settings::default();
        let lookups = Lookups::none();
        let r = db(json!({"engine": "mysql", "engineVersion": "5.7.44"}));
        assert_eq!(
            InstanceEngineSupport.evaluate(&r, &Context::new(&settings, &lookups)),
            Verdict::undetermined(["the observation time"])
        );
        assert_eq!(
            at(json!({"engine": "mysql"}), "2026-11-23T09:00:00Z"),
            Verdict::undetermined(["engineVersion"])
        );
        assert!(matches!(
            at(
                json!({"engine": "mysql", "engineVersion": "9.1.0"}),
                "2026-11-23T09:00:00Z"
            ),
            Verdict::Undetermined { .. }
        ));
    }
}
