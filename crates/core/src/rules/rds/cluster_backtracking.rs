//! FSBP RDS.14 — Amazon Aurora clusters should have backtracking enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.14]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-14>), AWS Config
//! rule `aurora-mysql-backtracking-enabled` (its optional `BacktrackWindowInHours` has no FSBP
//! default, so any window passes): NON_COMPLIANT when an Aurora MySQL cluster does not have
//! backtracking enabled. Clusters of other engines are not applicable. A `backtrackWindow` of 0,
//! or `null` in the configuration item, means backtracking is off.

use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.14.
pub struct Rds14;

static META: RuleMeta = RuleMeta {
    id: "rds-cluster-backtracking",
    title: "Amazon Aurora MySQL clusters should have backtracking enabled",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.14"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "BacktrackWindow is more than 0 on Aurora MySQL clusters; other engines are not applicable",
    rationale: "Backtracking rewinds an Aurora MySQL cluster to a moment in the last hours within minutes, without restoring a backup into a new cluster. After a bad deployment or an accidental DELETE it is the fastest way back to correct data.",
    remediation: "Backtracking can be turned on when a cluster is created or restored (set a target backtrack window, e.g. 24 hours); for an existing cluster that had it on, change the window with: aws rds modify-db-cluster --db-cluster-identifier <name> --backtrack-window 86400 --apply-immediately. Otherwise restore a snapshot into a new cluster with --backtrack-window set.",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > take a snapshot of {name} > Actions > Restore snapshot > Backtrack: Enable, Target backtrack window 24 hours; move the application to the new cluster",
        command: "aws rds create-db-cluster-snapshot --region {region} --db-cluster-identifier {name} --db-cluster-snapshot-identifier {name}-for-backtrack
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-for-backtrack
aws rds restore-db-cluster-from-snapshot --region {region} --db-cluster-identifier {name}-backtrack --snapshot-identifier {name}-for-backtrack --engine {engine} --backtrack-window 86400",
        caution: Some("Backtracking can only be turned on when a cluster is created or restored: this makes a new cluster (with a new endpoint) that needs its instances added (aws rds create-db-instance --db-cluster-identifier) and a cut-over; writes after the snapshot are not in it. The backtrack change records are charged."),
        inputs: &[crate::fix::Input::Engine],
    }),
    source: "FSBP RDS.14 (AWS Config rule aurora-mysql-backtracking-enabled)",
};

impl Rule for Rds14 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.engine.get().map(String::as_str) {
            None => return Verdict::undetermined(["engine"]),
            Some("aurora" | "aurora-mysql") => {}
            Some(other) => {
                return Verdict::not_applicable(format!(
                    "RDS.14 evaluates Aurora MySQL clusters, not {other}"
                ))
            }
        }
        match c.backtrack_window.get() {
            Some(&seconds) if seconds > 0 => Verdict::passed(format!(
                "backtracking is enabled with a window of {} hour(s)",
                seconds / 3600
            )),
            Some(&seconds) => Verdict::failed(
                "backtracking is not enabled",
                vec![Evidence::new("backtrackWindow", seconds)],
            ),
            None => Verdict::undetermined(["backtrackWindow"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_medium_as_security_hub_rates_rds14() {
        assert_eq!(META.severity, Severity::Medium);
    }
    use crate::rules::test_support::eval_cluster;
    use serde_json::json;

    #[test]
    fn no_window_fails_and_a_window_passes() {
        assert!(matches!(
            eval_cluster(
                &Rds14,
                json!({"engine": "aurora-mysql", "backtrackWindow": null})
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_cluster(
                &Rds14,
                json!({"engine": "aurora-mysql", "backtrackWindow": 86400})
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn other_engines_are_not_applicable() {
        assert!(matches!(
            eval_cluster(
                &Rds14,
                json!({"engine": "aurora-postgresql", "backtrackWindow": null})
            ),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval_cluster(&Rds14, json!({"engine": "aurora-mysql"})),
            Verdict::undetermined(["backtrackWindow"])
        );
        assert_eq!(
            eval_cluster(&Rds14, json!({"backtrackWindow": 0})),
            Verdict::undetermined(["engine"])
        );
    }
}
