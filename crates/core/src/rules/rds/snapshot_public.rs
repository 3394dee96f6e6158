//! FSBP RDS.1 — RDS snapshot should be private.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1>), AWS Config
//! rule `rds-snapshots-public-prohibited`, no parameters, over `AWS::RDS::DBSnapshot` and
//! `AWS::RDS::DBClusterSnapshot`: FAILED when the snapshot is public, i.e. its `restore`
//! attribute (the item's supplementary `DBSnapshotAttributes` / `DBClusterSnapshotAttributes`)
//! holds `all`. Vigil's rules evaluate one type each, so RDS.1 is two rules with one semantics.

use crate::resource::Resource;
use crate::resources::rds_snapshot::{DbSnapshot, SnapshotKind};
use crate::rules::{db_snapshot, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.1 for DB (instance) snapshots.
pub struct Rds1;
/// RDS.1 for DB cluster snapshots.
pub struct Rds1Cluster;

const RATIONALE: &str = "A public snapshot can be copied and restored by any AWS account in the world: it is a complete copy of your database, handed to whoever finds it.";
const PASSES_WHEN: &str = "the snapshot's restore attribute does not contain 'all'";

static META: RuleMeta = RuleMeta {
    id: "rds-snapshot-public",
    title: "RDS DB snapshots should be private",
    severity: Severity::Critical,
    resource_type: "AWS::RDS::DBSnapshot",
    controls: &["RDS.1"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: PASSES_WHEN,
    rationale: RATIONALE,
    remediation: "In the RDS console choose Snapshots, select the snapshot, choose Actions > Share snapshot, set DB snapshot visibility to Private, and save. CLI: aws rds modify-db-snapshot-attribute --db-snapshot-identifier <name> --attribute-name restore --values-to-remove all",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > {name} > Actions > Share snapshot > DB snapshot visibility: Private > Save",
        command: "aws rds modify-db-snapshot-attribute --region {region} --db-snapshot-identifier {name} --attribute-name restore --values-to-remove all",
        caution: Some("Anyone outside your account who restored it already has a copy: treat the data as exposed."),
        inputs: &[],
    }),
    source: "FSBP RDS.1 (AWS Config rule rds-snapshots-public-prohibited)",
};

static META_CLUSTER: RuleMeta = RuleMeta {
    id: "rds-cluster-snapshot-public",
    title: "RDS DB cluster snapshots should be private",
    severity: Severity::Critical,
    resource_type: "AWS::RDS::DBClusterSnapshot",
    controls: &["RDS.1"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: PASSES_WHEN,
    rationale: RATIONALE,
    remediation: "In the RDS console choose Snapshots, open the cluster snapshot, choose Actions > Share snapshot, set visibility to Private, and save. CLI: aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <name> --attribute-name restore --values-to-remove all",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > Cluster snapshots > {name} > Actions > Share snapshot > DB snapshot visibility: Private > Save",
        command: "aws rds modify-db-cluster-snapshot-attribute --region {region} --db-cluster-snapshot-identifier {name} --attribute-name restore --values-to-remove all",
        caution: Some("Anyone outside your account who restored it already has a copy: treat the data as exposed."),
        inputs: &[],
    }),
    source: "FSBP RDS.1 (AWS Config rule rds-snapshots-public-prohibited)",
};

fn evaluate(snapshot: &DbSnapshot) -> Verdict {
    match snapshot.is_public().get() {
        Some(true) => Verdict::failed(
            "the snapshot is public: any AWS account can restore it",
            vec![Evidence::new("restore", "all")],
        ),
        Some(false) => Verdict::passed("the snapshot is not public"),
        None => Verdict::undetermined([match snapshot.kind {
            SnapshotKind::Instance => "supplementaryConfiguration.DBSnapshotAttributes",
            SnapshotKind::Cluster => "supplementaryConfiguration.DBClusterSnapshotAttributes",
        }]),
    }
}

impl Rule for Rds1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Instance => evaluate(s),
            _ => wrong_type(&META),
        }
    }
}

impl Rule for Rds1Cluster {
    fn meta(&self) -> &'static RuleMeta {
        &META_CLUSTER
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Cluster => evaluate(s),
            _ => wrong_type(&META_CLUSTER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_snapshot;
    use serde_json::json;

    fn attrs(values: serde_json::Value) -> Option<serde_json::Value> {
        Some(
            json!({"DBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": values}],
                    "DBClusterSnapshotAttributes": [{"attributeName": "restore", "attributeValues": values}]}),
        )
    }

    #[test]
    fn public_fails_and_private_passes() {
        assert!(matches!(
            eval_snapshot(
                &Rds1,
                SnapshotKind::Instance,
                json!({}),
                attrs(json!(["all"]))
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_snapshot(
                &Rds1Cluster,
                SnapshotKind::Cluster,
                json!({}),
                attrs(json!(["all"]))
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_snapshot(
                &Rds1,
                SnapshotKind::Instance,
                json!({}),
                attrs(json!(["210987654321"]))
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn the_other_kind_is_not_applicable_and_no_attributes_is_undetermined() {
        assert!(matches!(
            eval_snapshot(
                &Rds1,
                SnapshotKind::Cluster,
                json!({}),
                attrs(json!(["all"]))
            ),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval_snapshot(&Rds1, SnapshotKind::Instance, json!({}), None),
            Verdict::Undetermined { .. }
        ));
    }
}
