//! `AWS::RDS::DBCluster` (Aurora and Multi-AZ DB clusters): the fields rules read.
//!
//! Field names are the AWS Config resource schema's
//! (`config/properties/resource-types/AWS::RDS::DBCluster.properties.json` in
//! awslabs/aws-config-resource-schema), which spells some of them differently from the RDS API:
//! `dbclusterIdentifier`, `iamdatabaseAuthenticationEnabled`. CloudTrail's `responseElements`
//! use the API's spelling (`dBClusterIdentifier`, `iAMDatabaseAuthenticationEnabled`); both are
//! read, the schema's first.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;
use crate::resources::rds_instance::{str_list, tag_list};

/// An RDS DB cluster. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DbCluster {
    /// `dbclusterIdentifier`, the cluster's name.
    pub identifier: Fact<String>,
    /// `engine`: `aurora-mysql`, `aurora-postgresql`, `mysql`/`postgres` (Multi-AZ DB clusters),
    /// `docdb`, `neptune`.
    pub engine: Fact<String>,
    /// `engineVersion`.
    pub engine_version: Fact<String>,
    /// `status`, e.g. `available`.
    pub status: Fact<String>,
    /// `storageEncrypted`.
    pub storage_encrypted: Fact<bool>,
    /// `kmsKeyId`.
    pub kms_key_id: Fact<String>,
    /// `multiAZ`.
    pub multi_az: Fact<bool>,
    /// `deletionProtection`.
    pub deletion_protection: Fact<bool>,
    /// `backupRetentionPeriod`: days automated backups are kept.
    pub backup_retention_period: Fact<i64>,
    /// `iamdatabaseAuthenticationEnabled`.
    pub iam_database_authentication: Fact<bool>,
    /// `copyTagsToSnapshot`.
    pub copy_tags_to_snapshot: Fact<bool>,
    /// `backtrackWindow` in seconds; `0`, or `null` in a Config item, means backtracking is off.
    pub backtrack_window: Fact<i64>,
    /// `masterUsername` (a name, never a password).
    pub master_username: Fact<String>,
    /// `port`.
    pub port: Fact<i64>,
    /// `autoMinorVersionUpgrade` (Multi-AZ DB clusters; the API's `AutoMinorVersionUpgrade`).
    pub auto_minor_version_upgrade: Fact<bool>,
    /// `enabledCloudwatchLogsExports`.
    pub cloudwatch_logs_exports: Fact<Vec<String>>,
    /// `activityStreamStatus`: the Database Activity Stream's status (`stopped`, `starting`,
    /// `started`, `stopping`).
    pub activity_stream_status: Fact<String>,
    /// `dbclusterParameterGroup`: the cluster parameter group's name.
    pub parameter_group: Fact<String>,
    /// `dbclusterMembers[].dbclusterParameterGroupStatus` (the API's
    /// `DBClusterMembers[].DBClusterParameterGroupStatus`): whether each member instance has the
    /// cluster parameter group's settings applied (`in-sync`, `pending-reboot`, ...). A member
    /// without a status is left out; an empty list is a cluster without instances.
    pub member_parameter_group_statuses: Fact<Vec<String>>,
    /// Tags, from the Config item's `tags` or the call's `tagList`.
    pub tags: Fact<Tags>,
}

impl DbCluster {
    /// Reads the cluster from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(DbCluster {
            identifier: c
                .str_fact("dbclusterIdentifier")?
                .or(c.str_fact("dBClusterIdentifier")?),
            engine: c.str_fact("engine")?,
            engine_version: c.str_fact("engineVersion")?,
            status: c.str_fact("status")?,
            storage_encrypted: c.bool_fact("storageEncrypted")?,
            kms_key_id: c.str_fact("kmsKeyId")?,
            multi_az: c.bool_fact("multiAZ")?,
            deletion_protection: c.bool_fact("deletionProtection")?,
            backup_retention_period: c.i64_fact("backupRetentionPeriod")?,
            iam_database_authentication: c
                .bool_fact("iamdatabaseAuthenticationEnabled")?
                .or(c.bool_fact("iAMDatabaseAuthenticationEnabled")?),
            copy_tags_to_snapshot: c.bool_fact("copyTagsToSnapshot")?,
            backtrack_window: if c.is_null("backtrackWindow") {
                Fact::Known(0)
            } else {
                c.i64_fact("backtrackWindow")?
            },
            master_username: c.str_fact("masterUsername")?,
            port: c.i64_fact("port")?,
            auto_minor_version_upgrade: c.bool_fact("autoMinorVersionUpgrade")?,
            cloudwatch_logs_exports: str_list(c, "enabledCloudwatchLogsExports")?,
            activity_stream_status: c.str_fact("activityStreamStatus")?,
            parameter_group: c
                .str_fact("dbclusterParameterGroup")?
                .or(c.str_fact("dBClusterParameterGroup")?),
            member_parameter_group_statuses: c.tolerate(member_statuses(c))?,
            tags: tag_list(c, "tagList")?,
        })
    }

    /// Whether the engine is an Aurora engine (`aurora`, `aurora-mysql`, `aurora-postgresql`).
    pub fn is_aurora(&self) -> Fact<bool> {
        self.engine.clone().map(|e| e.starts_with("aurora"))
    }
}

/// `dbclusterMembers` (or the API's `dBClusterMembers`): each member's parameter group status;
/// unknown when neither is present.
fn member_statuses(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    let (key, status) = if c.raw("dbclusterMembers").is_some() {
        ("dbclusterMembers", "dbclusterParameterGroupStatus")
    } else {
        ("dBClusterMembers", "dBClusterParameterGroupStatus")
    };
    let Some((items, path)) = c.opt_array(key, "a list of cluster members")? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::new();
    for item in items {
        let member = Obj::new(item, &path)?;
        if let Some(s) = member.opt_str(status)? {
            out.push(s.to_string());
        }
    }
    Ok(Fact::Known(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schema_spelling_is_read() {
        let v = json!({
            "dbclusterIdentifier": "orders-cluster", "engine": "aurora-mysql",
            "iamdatabaseAuthenticationEnabled": true, "backtrackWindow": 86400,
            "dbclusterParameterGroup": "default.aurora-mysql8.0", "port": 3306,
            "enabledCloudwatchLogsExports": ["audit"]
        });
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(c.identifier, Fact::Known("orders-cluster".into()));
        assert_eq!(c.iam_database_authentication, Fact::Known(true));
        assert_eq!(c.backtrack_window, Fact::Known(86400));
        assert_eq!(
            c.parameter_group,
            Fact::Known("default.aurora-mysql8.0".into())
        );
        assert_eq!(c.is_aurora(), Fact::Known(true));
        assert_eq!(c.backup_retention_period, Fact::Unknown);
        let v = json!({"backupRetentionPeriod": 7});
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(c.backup_retention_period, Fact::Known(7));
    }

    #[test]
    fn the_api_spelling_is_read_too() {
        let v = json!({"dBClusterIdentifier": "c", "iAMDatabaseAuthenticationEnabled": false});
        let c = DbCluster::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(c.identifier, Fact::Known("c".into()));
        assert_eq!(c.iam_database_authentication, Fact::Known(false));
    }

    #[test]
    fn a_null_backtrack_window_is_off_and_an_absent_one_unknown() {
        let v = json!({"backtrackWindow": null});
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(c.backtrack_window, Fact::Known(0));
        let v = json!({});
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(c.backtrack_window, Fact::Unknown);
        assert_eq!(c.storage_encrypted, Fact::Unknown);
    }

    #[test]
    fn member_parameter_group_statuses_are_read_in_both_spellings() {
        let v = json!({"dbclusterMembers": [{"dbinstanceIdentifier": "a", "dbclusterParameterGroupStatus": "in-sync"}]});
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(
            c.member_parameter_group_statuses,
            Fact::Known(vec!["in-sync".to_string()])
        );
        let v = json!({"dBClusterMembers": [{"dBClusterParameterGroupStatus": "pending-reboot"}]});
        let c = DbCluster::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(
            c.member_parameter_group_statuses,
            Fact::Known(vec!["pending-reboot".to_string()])
        );
        let v = json!({});
        let c = DbCluster::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(c.member_parameter_group_statuses, Fact::Unknown);
    }
}
