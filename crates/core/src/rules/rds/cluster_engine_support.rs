//! Vigil: RDS DB clusters (Aurora and Multi-AZ DB clusters) should run a major engine version in
//! standard support.
//!
//! Beyond FSBP (issue 3). Source: Amazon Aurora User Guide and Amazon RDS User Guide, "Amazon RDS
//! Extended Support", and the engines' release calendars; the dates and their sources are in
//! [`super::engine_support`]. Judged against the observation time ([`Context::now`]): FAILED when
//! the cluster's major version is past its end of standard support date, PASSED before it,
//! UNDETERMINED for a version the table does not hold or without an observation time. The
//! cluster's member instances are not applicable to `rds-instance-engine-standard-support`.

use super::engine_support::judge;
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// The cluster engine-support rule.
pub struct ClusterEngineSupport;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-engine-standard-support",
    title: "RDS DB clusters should run a major engine version that is in standard support",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(d)"],
    cyber_essentials: Some(CeControl::SecurityUpdateManagement),
    passes_when: "the cluster's major engine version (Aurora MySQL, Aurora PostgreSQL, or MySQL/PostgreSQL for Multi-AZ DB clusters) has not passed its end of standard support date at the time of the observation",
    rationale: "After a major version's end of standard support, AWS either charges for RDS Extended Support (per vCPU-hour, for every instance in the cluster) or upgrades the cluster itself on its own schedule. The bill grows quietly and, at the end of Extended Support, an upgrade nobody tested happens anyway.",
    remediation: "Plan and test a major version upgrade (a blue/green deployment keeps downtime short): in the RDS console choose Databases, select the cluster, choose Modify, pick a supported engine version, and apply. CLI: aws rds describe-db-major-engine-versions --engine <engine>; aws rds modify-db-cluster --db-cluster-identifier <name> --engine-version <version> --allow-major-version-upgrade --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > DB engine version: a version in standard support > Apply immediately (or Blue/Green deployment for a short switch-over)",
        command: r#"aws rds describe-db-major-engine-versions --region {region} --engine {engine}
aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --engine-version "$ENGINE_VERSION" --allow-major-version-upgrade --apply-immediately"#,
        caution: Some("A major version upgrade takes the cluster down while it runs and can break the application: test it on a clone first (a custom cluster parameter group may need --db-cluster-parameter-group-name for the new version). Until it is done, RDS Extended Support is charged."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "Vigil practice beyond FSBP: Amazon RDS Extended Support and the Aurora and RDS release calendars (dates in the engine support table)",
};

impl Rule for ClusterEngineSupport {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        let now = match ctx.now() {
            Ok(now) => now,
            Err(undetermined) => return undetermined,
        };
        judge(
            c.engine.get().map(String::as_str),
            c.engine_version.get().map(String::as_str),
            now,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::test_support::{cluster, eval_at};
    use crate::settings::Settings;
    use serde_json::json;

    fn at(config: serde_json::Value, time: &str) -> Verdict {
        eval_at(&ClusterEngineSupport, &cluster(config), time)
    }

    #[test]
    fn aurora_mysql_2_fails_and_3_passes() {
        let v = at(
            json!({"engine": "aurora-mysql", "engineVersion": "5.7.mysql_aurora.2.11.2"}),
            "2026-11-23T09:00:00Z",
        );
        assert!(
            matches!(&v, Verdict::Failed { reason, .. } if reason.contains("Aurora MySQL 5.7") && reason.contains("31 October 2024")),
            "{v:?}"
        );
        assert!(matches!(
            at(
                json!({"engine": "aurora-mysql", "engineVersion": "8.0.mysql_aurora.3.08.0"}),
                "2026-11-23T09:00:00Z"
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn aurora_postgresql_13_fails_after_february_2026() {
        let config = json!({"engine": "aurora-postgresql", "engineVersion": "13.12"});
        assert!(matches!(
            at(config.clone(), "2026-02-28T12:00:00Z"),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            at(config, "2026-03-01T00:00:01Z"),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        let settings = Settings::default();
        let lookups = Lookups::none();
        let r = cluster(json!({"engine": "aurora-postgresql", "engineVersion": "16.4"}));
        assert_eq!(
            ClusterEngineSupport.evaluate(&r, &Context::new(&settings, &lookups)),
            Verdict::undetermined(["the observation time"])
        );
        assert_eq!(
            at(json!({"engineVersion": "16.4"}), "2026-11-23T09:00:00Z"),
            Verdict::undetermined(["engine"])
        );
    }
}
