//! Vigil's own rule (beyond FSBP): database snapshots are shared only with trusted accounts.
//!
//! Source: Vigil's practice for snapshots (FSBP RDS.1 covers public snapshots only). A snapshot's
//! `restore` attribute (the item's supplementary `DBSnapshotAttributes` /
//! `DBClusterSnapshotAttributes`) lists the accounts that may copy or restore it. FAILED when it
//! lists an account that is not in [`Settings::trusted_accounts`](crate::settings::Settings);
//! `all` (public) is left to RDS.1.

use crate::resource::Resource;
use crate::resources::rds_snapshot::{DbSnapshot, SnapshotKind};
use crate::rules::{db_snapshot, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::settings::Settings;
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// Sharing of DB (instance) snapshots.
pub struct SnapshotSharing;
/// Sharing of DB cluster snapshots.
pub struct ClusterSnapshotSharing;

const RATIONALE: &str = "Sharing a snapshot gives another AWS account a full copy of the database that you can no longer control or delete. Sharing with an account you do not own or trust, for example a former contractor's, is a data leak even if nobody has restored it yet.";
const PASSES_WHEN: &str = "every account in the snapshot's restore attribute is in trusted_accounts (public sharing is RDS.1)";

static META: RuleMeta = RuleMeta {
    id: "rds-snapshot-shared-with-untrusted-account",
    title: "RDS DB snapshots should be shared only with trusted accounts",
    severity: Severity::High,
    resource_type: "AWS::RDS::DBSnapshot",
    controls: &[],
    gdpr: &["Art. 5(1)(f)", "Art. 28(1)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: PASSES_WHEN,
    rationale: RATIONALE,
    remediation: "Stop sharing with the account (or add it to the TrustedAccounts parameter if it is yours). Console: Snapshots > select > Actions > Share snapshot > remove the account. CLI: aws rds modify-db-snapshot-attribute --db-snapshot-identifier <name> --attribute-name restore --values-to-remove <account id>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > {name} > Actions > Share snapshot > remove the account IDs you do not trust > Save",
        command: r#"aws rds describe-db-snapshot-attributes --region {region} --db-snapshot-identifier {name}
aws rds modify-db-snapshot-attribute --region {region} --db-snapshot-identifier {name} --attribute-name restore --values-to-remove "$UNTRUSTED_ACCOUNT_ID""#,
        caution: Some("An account that restored or copied the snapshot already has the data; if it should be trusted, add it to Vigil's TrustedAccounts instead."),
        inputs: &[],
    }),
    source: "Vigil practice: snapshots shared only with allow-listed accounts (settings trusted_accounts)",
};

static META_CLUSTER: RuleMeta = RuleMeta {
    id: "rds-cluster-snapshot-shared-with-untrusted-account",
    title: "RDS DB cluster snapshots should be shared only with trusted accounts",
    severity: Severity::High,
    resource_type: "AWS::RDS::DBClusterSnapshot",
    controls: &[],
    gdpr: &["Art. 5(1)(f)", "Art. 28(1)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: PASSES_WHEN,
    rationale: RATIONALE,
    remediation: "Stop sharing with the account (or add it to the TrustedAccounts parameter if it is yours). CLI: aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <name> --attribute-name restore --values-to-remove <account id>",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Snapshots > Cluster snapshots > {name} > Actions > Share snapshot > remove the account IDs you do not trust > Save",
        command: r#"aws rds describe-db-cluster-snapshot-attributes --region {region} --db-cluster-snapshot-identifier {name}
aws rds modify-db-cluster-snapshot-attribute --region {region} --db-cluster-snapshot-identifier {name} --attribute-name restore --values-to-remove "$UNTRUSTED_ACCOUNT_ID""#,
        caution: Some("An account that restored or copied the snapshot already has the data; if it should be trusted, add it to Vigil's TrustedAccounts instead."),
        inputs: &[],
    }),
    source: "Vigil practice: snapshots shared only with allow-listed accounts (settings trusted_accounts)",
};

fn evaluate(snapshot: &DbSnapshot, settings: &Settings) -> Verdict {
    let Some(shared) = snapshot.restore_shared_with.get() else {
        return Verdict::undetermined([match snapshot.kind {
            SnapshotKind::Instance => "supplementaryConfiguration.DBSnapshotAttributes",
            SnapshotKind::Cluster => "supplementaryConfiguration.DBClusterSnapshotAttributes",
        }]);
    };
    let untrusted: Vec<&str> = shared
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "all" && !settings.trusted_accounts.iter().any(|t| t == a))
        .collect();
    if untrusted.is_empty() {
        Verdict::passed("the snapshot is shared with no account outside the trusted list")
    } else {
        Verdict::failed(
            format!(
                "the snapshot is shared with account(s) not in the trusted list: {}",
                untrusted.join(", ")
            ),
            untrusted
                .iter()
                .map(|a| Evidence::new("restore", a))
                .collect(),
        )
    }
}

impl Rule for SnapshotSharing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Instance => evaluate(s, ctx.settings),
            _ => wrong_type(&META),
        }
    }
}

impl Rule for ClusterSnapshotSharing {
    fn meta(&self) -> &'static RuleMeta {
        &META_CLUSTER
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        match db_snapshot(resource) {
            Some(s) if s.kind == SnapshotKind::Cluster => evaluate(s, ctx.settings),
            _ => wrong_type(&META_CLUSTER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::rules::test_support::eval_snapshot;
    use serde_json::json;

    fn snapshot(values: serde_json::Value) -> Resource {
        let c = json!({"dbclusterSnapshotIdentifier": "s"});
        let s = json!({"DBClusterSnapshotAttributes": [{"attributeName": "restore", "attributeValues": values}]});
        Resource::DbSnapshot(
            DbSnapshot::parse(
                SnapshotKind::Cluster,
                Obj::new(&c, "configuration").unwrap(),
                Some(Obj::new(&s, "supplementaryConfiguration").unwrap()),
            )
            .unwrap(),
        )
    }

    fn with_trusted(resource: &Resource, trusted: &[&str]) -> Verdict {
        let settings = Settings {
            trusted_accounts: trusted.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        };
        ClusterSnapshotSharing.evaluate(resource, &Context::new(&settings, &Lookups::none()))
    }

    #[test]
    fn an_untrusted_account_fails_and_a_trusted_one_passes() {
        let s = snapshot(json!(["210987654321"]));
        assert!(matches!(
            with_trusted(&s, &[]),
            Verdict::Failed { ref evidence, .. } if evidence[0].observed == "210987654321"
        ));
        assert!(matches!(
            with_trusted(&s, &["210987654321"]),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn public_sharing_is_left_to_rds_1() {
        assert!(matches!(
            with_trusted(&snapshot(json!(["all"])), &[]),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_attributes_are_undetermined() {
        assert!(matches!(
            eval_snapshot(&SnapshotSharing, SnapshotKind::Instance, json!({}), None),
            Verdict::Undetermined { .. }
        ));
    }
}
