//! Rules for Amazon RDS.

pub mod activity_logged;
pub mod cluster_admin_username;
pub mod cluster_audit_logging;
pub mod cluster_backtracking;
pub mod cluster_backup_retention;
pub mod cluster_copy_tags;
pub mod cluster_deletion_protection;
pub mod cluster_engine_support;
pub mod cluster_iam_auth;
pub mod cluster_minor_upgrades;
pub mod cluster_multi_az;
pub mod cluster_mysql_copy_tags;
pub mod cluster_pgsql_copy_tags;
pub mod cluster_storage_encrypted;
pub mod engine_support;
pub mod event_notifications;
pub mod in_transit;
pub mod instance_admin_username;
pub mod instance_backup_plan;
pub mod instance_backups;
pub mod instance_copy_tags;
pub mod instance_default_port;
pub mod instance_deletion_protection;
pub mod instance_engine_support;
pub mod instance_enhanced_monitoring;
pub mod instance_iam_auth;
pub mod instance_in_vpc;
pub mod instance_logging;
pub mod instance_managed_master_password;
pub mod instance_mariadb_in_transit;
pub mod instance_mariadb_logs;
pub mod instance_minor_upgrades;
pub mod instance_multi_az;
pub mod instance_mysql_in_transit;
pub mod instance_postgres_in_transit;
pub mod instance_public_access;
pub mod instance_public_subnet;
pub mod instance_sqlserver_in_transit;
pub mod instance_storage_encrypted;
pub mod log_exports;
pub mod proxy_debug_logging;
pub mod proxy_tls;
pub mod snapshot_encrypted;
pub mod snapshot_public;
pub mod snapshot_shared_outside;

use crate::fact::Fact;
use crate::resources::rds_instance::DbInstance;
use crate::verdict::{Evidence, Verdict};

/// The instance states in which the AWS Config rules `rds-logging-enabled` and
/// `rds-instance-iam-authentication-enabled` evaluate an instance; in any other state they
/// return NOT_APPLICABLE.
const EVALUATED_STATES: [&str; 4] = [
    "available",
    "backing-up",
    "storage-optimization",
    "storage-full",
];

/// `Ok(())` when the instance is in a state those Config rules evaluate; otherwise the verdict
/// to return (not applicable, or undetermined when the status is unknown).
pub(crate) fn in_evaluated_state(db: &DbInstance, control: &str) -> Result<(), Verdict> {
    match db.status.get() {
        None => Err(Verdict::undetermined(["dBInstanceStatus"])),
        Some(s) if EVALUATED_STATES.contains(&s.as_str()) => Ok(()),
        Some(s) => Err(Verdict::not_applicable(format!(
            "the instance is {s:?}; {control} evaluates instances that are available, backing-up, storage-optimization or storage-full"
        ))),
    }
}

/// `Ok(())` for an instance that belongs to no DB cluster. A member of a cluster (Aurora, or a
/// Multi-AZ DB cluster) is not applicable to `control`, whose setting lives on the cluster;
/// unknown membership is undetermined.
pub(crate) fn standalone(db: &DbInstance, control: &str) -> Result<(), Verdict> {
    match db.cluster_identifier.get() {
        None => Err(Verdict::undetermined(["dBClusterIdentifier"])),
        Some(Some(cluster)) => Err(Verdict::not_applicable(format!(
            "the instance belongs to DB cluster {cluster}; {control} does not evaluate cluster members"
        ))),
        Some(None) => Ok(()),
    }
}

/// The instance's engine, or the undetermined verdict when it is unknown.
pub(crate) fn engine(db: &DbInstance) -> Result<&str, Verdict> {
    db.engine
        .get()
        .map(String::as_str)
        .ok_or_else(|| Verdict::undetermined(["engine"]))
}

/// RDS.47 and RDS.48: a (Multi-AZ) DB cluster of exactly `engine` (`postgres`, `mysql`) must copy
/// its tags to snapshots; a cluster of another engine is not applicable, an unknown engine or
/// setting undetermined. `label` names the engine for people ("PostgreSQL").
pub(crate) fn engine_cluster_copies_tags(
    resource: &crate::resource::Resource,
    meta: &'static crate::rules::RuleMeta,
    engine: &str,
    label: &str,
) -> Verdict {
    let Some(c) = crate::rules::db_cluster(resource) else {
        return crate::rules::wrong_type(meta);
    };
    let control = meta.controls.first().copied().unwrap_or(meta.id);
    match c.engine.get().map(String::as_str) {
        None => return Verdict::undetermined(["engine"]),
        Some(e) if e == engine => {}
        Some(other) => {
            return Verdict::not_applicable(format!(
                "{control} evaluates RDS for {label} DB clusters, not {other} clusters"
            ))
        }
    }
    setting_on(
        &c.copy_tags_to_snapshot,
        "copyTagsToSnapshot",
        &format!("snapshots of the {label} DB cluster get its tags"),
        &format!("snapshots of the {label} DB cluster do not get its tags"),
    )
}

/// The verdict of a control that passes when a boolean setting is on: passed with `on`, failed
/// with `off` and the field as evidence, undetermined when the field is unknown.
pub(crate) fn setting_on(fact: &Fact<bool>, field: &str, on: &str, off: &str) -> Verdict {
    match fact.get() {
        Some(true) => Verdict::passed(on),
        Some(false) => Verdict::failed(off, vec![Evidence::new(field, false)]),
        None => Verdict::undetermined([field]),
    }
}
