//! `AWS::RDS::DBInstance`: the fields rules read, from the configuration shape that AWS Config
//! items and CloudTrail `responseElements` share (the AWS Config resource schema's camelCase
//! names, e.g. `dBInstanceIdentifier`, `publiclyAccessible`, `multiAZ`).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// One of an instance's DB parameter groups (`dBParameterGroups[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterGroupRef {
    /// `dBParameterGroupName`.
    pub name: String,
    /// `parameterApplyStatus`, e.g. `in-sync` or `pending-reboot`, where given.
    pub apply_status: Option<String>,
}

/// An RDS DB instance. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DbInstance {
    /// `dBInstanceIdentifier`, the instance's name.
    pub identifier: Fact<String>,
    /// `dBInstanceArn`: the id of the `backup.selections` lookup.
    pub arn: Fact<String>,
    /// `engine`, e.g. `postgres`, `aurora-mysql`.
    pub engine: Fact<String>,
    /// `engineVersion`.
    pub engine_version: Fact<String>,
    /// `dBInstanceStatus`, e.g. `available`.
    pub status: Fact<String>,
    /// `publiclyAccessible`.
    pub publicly_accessible: Fact<bool>,
    /// `storageEncrypted`.
    pub storage_encrypted: Fact<bool>,
    /// `kmsKeyId`, the key that encrypts storage.
    pub kms_key_id: Fact<String>,
    /// `multiAZ`.
    pub multi_az: Fact<bool>,
    /// `backupRetentionPeriod` in days; 0 means automated backups are off.
    pub backup_retention_period: Fact<i64>,
    /// `deletionProtection`.
    pub deletion_protection: Fact<bool>,
    /// `readReplicaSourceDBInstanceIdentifier`: set only on read replicas. Known-and-`None`
    /// means "not a replica".
    pub read_replica_source: Fact<Option<String>>,
    /// `dBClusterIdentifier`: set on Aurora (and Multi-AZ cluster) members.
    pub cluster_identifier: Fact<Option<String>>,
    /// `monitoringInterval`: seconds between Enhanced Monitoring samples; 0 means off.
    pub monitoring_interval: Fact<i64>,
    /// `enabledCloudwatchLogsExports`: the log types published to CloudWatch Logs.
    pub cloudwatch_logs_exports: Fact<Vec<String>>,
    /// `activityStreamStatus`: the Database Activity Stream's status (`stopped`, `starting`,
    /// `started`, `stopping`).
    pub activity_stream_status: Fact<String>,
    /// `iAMDatabaseAuthenticationEnabled`.
    pub iam_database_authentication: Fact<bool>,
    /// `autoMinorVersionUpgrade`.
    pub auto_minor_version_upgrade: Fact<bool>,
    /// `copyTagsToSnapshot`.
    pub copy_tags_to_snapshot: Fact<bool>,
    /// `dBSubnetGroup.vpcId`: the VPC the instance is deployed in. Known-and-`None` when the
    /// item says `"dBSubnetGroup": null` (an instance outside any VPC); unknown when absent.
    pub vpc_id: Fact<Option<String>>,
    /// `dBSubnetGroup.subnets[].subnetIdentifier`: the subnets of the instance's DB subnet
    /// group. Unknown when the item carries no subnet list.
    pub subnet_ids: Fact<Vec<String>>,
    /// `endpoint.port`: the port the database listens on.
    pub port: Fact<i64>,
    /// `masterUsername`: the administrator's user name (a name, never a password).
    pub master_username: Fact<String>,
    /// `masterUserSecret.secretArn`: the Secrets Manager secret RDS manages the master password
    /// in. Known-and-`None` for `"masterUserSecret": null`; unknown when absent (AWS Config items
    /// do not carry the field).
    pub master_user_secret: Fact<Option<String>>,
    /// `dBParameterGroups`: the instance's parameter groups and whether each is applied.
    pub parameter_groups: Fact<Vec<ParameterGroupRef>>,
    /// Tags, from the Config item's `tags` or the call's `tagList`.
    pub tags: Fact<Tags>,
}

impl DbInstance {
    /// Reads the instance from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(DbInstance {
            identifier: c.str_fact("dBInstanceIdentifier")?,
            arn: c.str_fact("dBInstanceArn")?,
            engine: c.str_fact("engine")?,
            engine_version: c.str_fact("engineVersion")?,
            status: c.str_fact("dBInstanceStatus")?,
            publicly_accessible: c.bool_fact("publiclyAccessible")?,
            storage_encrypted: c.bool_fact("storageEncrypted")?,
            kms_key_id: c.str_fact("kmsKeyId")?,
            multi_az: c.bool_fact("multiAZ")?,
            backup_retention_period: c.i64_fact("backupRetentionPeriod")?,
            deletion_protection: c.bool_fact("deletionProtection")?,
            read_replica_source: c.tolerate(optional_when_described(
                c,
                "readReplicaSourceDBInstanceIdentifier",
            ))?,
            cluster_identifier: c.tolerate(optional_when_described(c, "dBClusterIdentifier"))?,
            monitoring_interval: c.i64_fact("monitoringInterval")?,
            cloudwatch_logs_exports: str_list(c, "enabledCloudwatchLogsExports")?,
            activity_stream_status: c.str_fact("activityStreamStatus")?,
            iam_database_authentication: c.bool_fact("iAMDatabaseAuthenticationEnabled")?,
            auto_minor_version_upgrade: c.bool_fact("autoMinorVersionUpgrade")?,
            copy_tags_to_snapshot: c.bool_fact("copyTagsToSnapshot")?,
            vpc_id: c.tolerate(vpc_of(c))?,
            port: nested_i64(c, "endpoint", "port")?,
            master_username: c.str_fact("masterUsername")?,
            master_user_secret: if c.is_null("masterUserSecret") {
                Fact::Known(None)
            } else {
                nested_str(c, "masterUserSecret", "secretArn")?.map(Some)
            },
            parameter_groups: c.tolerate(parameter_groups(c))?,
            subnet_ids: c.tolerate(subnet_ids(c))?,
            tags: tag_list(c, "tagList")?,
        })
    }
}

/// `dBSubnetGroup.subnets[].subnetIdentifier`; see [`DbInstance::subnet_ids`].
fn subnet_ids(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    let path = crate::json::join(c.path(), "dBSubnetGroup");
    let Some(group) = (match c.raw("dBSubnetGroup") {
        Some(serde_json::Value::Object(_)) => c.opt_obj("dBSubnetGroup", &path)?,
        _ => None,
    }) else {
        return Ok(Fact::Unknown);
    };
    let Some((items, items_path)) = group.opt_array("subnets", "a list of subnets")? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(id) = Obj::new(item, &items_path)?.opt_str("subnetIdentifier")? {
            out.push(id.to_string());
        }
    }
    Ok(Fact::Known(out))
}

/// The VPC from `dBSubnetGroup.vpcId`; see [`DbInstance::vpc_id`].
fn vpc_of(c: Obj<'_>) -> Result<Fact<Option<String>>, InputError> {
    if c.raw("dBSubnetGroup").is_some() {
        return Ok(nested_str(c, "dBSubnetGroup", "vpcId")?.map(Some));
    }
    Ok(if c.is_null("dBSubnetGroup") {
        Fact::Known(None)
    } else {
        Fact::Unknown
    })
}

/// A field that AWS omits when it does not apply (a replica's source, a cluster id): in a full
/// description (one that carries `dBInstanceIdentifier` and `engine`) its absence means "none";
/// in a partial one it is unknown.
fn optional_when_described(c: Obj<'_>, key: &str) -> Result<Fact<Option<String>>, InputError> {
    let value = c.opt_str(key)?.map(str::to_string);
    let described = c.raw("dBInstanceIdentifier").is_some() && c.raw("engine").is_some();
    Ok(match (value, described) {
        (Some(v), _) => Fact::Known(Some(v)),
        (None, true) => Fact::Known(None),
        (None, false) => Fact::Unknown,
    })
}

/// A list of strings (`["postgresql", "upgrade"]`): unknown when absent (and, in a lenient
/// object, when not a list of strings).
pub(crate) fn str_list(c: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    c.tolerate(read_str_list(c, key))
}

fn read_str_list(c: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    let Some((items, path)) = c.opt_array(key, "a list of strings")? else {
        return Ok(Fact::Unknown);
    };
    items
        .iter()
        .map(|item| match item {
            serde_json::Value::String(s) => Ok(s.clone()),
            other => Err(InputError::invalid(
                path.clone(),
                "a list of strings",
                format!("a list holding {}", crate::json::kind_of(other)),
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Fact::Known)
}

/// `dBParameterGroups`: unknown when absent; entries without a name are skipped.
fn parameter_groups(c: Obj<'_>) -> Result<Fact<Vec<ParameterGroupRef>>, InputError> {
    let key = "dBParameterGroups";
    let Some((items, path)) = c.opt_array(key, "a list of parameter groups")? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::new();
    for item in items {
        let group = Obj::new(item, &path)?;
        if let Some(name) = group.opt_str("dBParameterGroupName")? {
            out.push(ParameterGroupRef {
                name: name.to_string(),
                apply_status: group.opt_str("parameterApplyStatus")?.map(str::to_string),
            });
        }
    }
    Ok(Fact::Known(out))
}

/// A string inside an object field (`dBSubnetGroup.vpcId`): unknown when either is absent (or,
/// in a lenient object, unusable).
pub(crate) fn nested_str(c: Obj<'_>, outer: &str, key: &str) -> Result<Fact<String>, InputError> {
    let path = crate::json::join(c.path(), outer);
    c.tolerate(match c.opt_obj(outer, &path) {
        Ok(Some(o)) => o.str_fact(key),
        Ok(None) => Ok(Fact::Unknown),
        Err(e) => Err(e),
    })
}

/// A whole number inside an object field (`endpoint.port`): unknown when either is absent (or,
/// in a lenient object, unusable).
pub(crate) fn nested_i64(c: Obj<'_>, outer: &str, key: &str) -> Result<Fact<i64>, InputError> {
    let path = crate::json::join(c.path(), outer);
    c.tolerate(match c.opt_obj(outer, &path) {
        Ok(Some(o)) => o.i64_fact(key),
        Ok(None) => Ok(Fact::Unknown),
        Err(e) => Err(e),
    })
}

/// Reads an RDS `tagList` (`[{"key": .., "value": ..}]`, either casing) into tags: unknown when
/// absent (or, in a lenient object, unusable).
pub(crate) fn tag_list(c: Obj<'_>, key: &str) -> Result<Fact<Tags>, InputError> {
    c.tolerate(read_tag_list(c, key))
}

fn read_tag_list(c: Obj<'_>, key: &str) -> Result<Fact<Tags>, InputError> {
    let Some((items, path)) = c.opt_array(key, "a list of tags")? else {
        return Ok(Fact::Unknown);
    };
    let mut tags = Tags::new();
    for item in items {
        let tag = Obj::new(item, &path)?;
        let k = tag.opt_str("key")?.or(tag.opt_str("Key")?);
        let v = tag.opt_str("value")?.or(tag.opt_str("Value")?);
        if let Some(k) = k {
            tags.insert(k.to_string(), v.unwrap_or_default().to_string());
        }
    }
    Ok(Fact::Known(tags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_full_description_knows_it_is_not_a_replica() {
        let v = json!({"dBInstanceIdentifier": "orders", "engine": "postgres", "publiclyAccessible": true});
        let db = DbInstance::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(db.read_replica_source, Fact::Known(None));
        assert_eq!(db.publicly_accessible, Fact::Known(true));
        assert_eq!(db.storage_encrypted, Fact::Unknown);
    }

    #[test]
    fn a_partial_description_leaves_replica_status_unknown() {
        let v = json!({"publiclyAccessible": false});
        let db = DbInstance::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(db.read_replica_source, Fact::Unknown);
    }

    #[test]
    fn the_fields_of_the_remaining_controls_are_read() {
        let v = json!({
            "monitoringInterval": 60,
            "enabledCloudwatchLogsExports": ["postgresql", "upgrade"],
            "iAMDatabaseAuthenticationEnabled": true,
            "autoMinorVersionUpgrade": false,
            "copyTagsToSnapshot": true,
            "dBSubnetGroup": {"dBSubnetGroupName": "app", "vpcId": "vpc-0a1b2c3d4e5f60718"},
            "endpoint": {"address": "db.example", "port": 5432},
            "masterUsername": "billing_admin",
            "dBParameterGroups": [{"dBParameterGroupName": "billing-postgres16", "parameterApplyStatus": "in-sync"}]
        });
        let db = DbInstance::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(db.monitoring_interval, Fact::Known(60));
        assert_eq!(
            db.cloudwatch_logs_exports,
            Fact::Known(vec!["postgresql".into(), "upgrade".into()])
        );
        assert_eq!(db.iam_database_authentication, Fact::Known(true));
        assert_eq!(db.auto_minor_version_upgrade, Fact::Known(false));
        assert_eq!(db.copy_tags_to_snapshot, Fact::Known(true));
        assert_eq!(db.vpc_id, Fact::Known(Some("vpc-0a1b2c3d4e5f60718".into())));
        assert_eq!(db.port, Fact::Known(5432));
        assert_eq!(db.master_username, Fact::Known("billing_admin".into()));
        assert_eq!(
            db.parameter_groups,
            Fact::Known(vec![ParameterGroupRef {
                name: "billing-postgres16".into(),
                apply_status: Some("in-sync".into())
            }])
        );
    }

    #[test]
    fn absent_fields_of_the_remaining_controls_are_unknown() {
        let v = json!({"publiclyAccessible": true});
        let db = DbInstance::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(db.monitoring_interval, Fact::Unknown);
        assert_eq!(db.cloudwatch_logs_exports, Fact::Unknown);
        assert_eq!(db.vpc_id, Fact::Unknown);
        assert_eq!(db.port, Fact::Unknown);
        assert_eq!(db.parameter_groups, Fact::Unknown);
    }

    #[test]
    fn a_log_list_of_the_wrong_shape_is_an_error_naming_the_field() {
        let v = json!({"enabledCloudwatchLogsExports": [1]});
        let err = DbInstance::parse(Obj::new(&v, "configuration").unwrap()).unwrap_err();
        assert!(
            err.to_string().contains("enabledCloudwatchLogsExports"),
            "{err}"
        );
    }

    #[test]
    fn in_a_lenient_configuration_odd_fields_are_unknown_and_the_rest_is_read() {
        let v = json!({"dBInstanceIdentifier": "orders", "engine": "postgres",
                       "publiclyAccessible": "false", "storageEncrypted": true,
                       "endpoint": {"port": "5432x"}, "readReplicaSourceDBInstanceIdentifier": 7,
                       "enabledCloudwatchLogsExports": "postgresql"});
        let warnings = crate::json::Warnings::default();
        let db = DbInstance::parse(Obj::lenient(&v, "configuration", &warnings).unwrap()).unwrap();
        assert_eq!(db.publicly_accessible, Fact::Unknown);
        assert_eq!(db.port, Fact::Unknown);
        assert_eq!(
            db.read_replica_source,
            Fact::Unknown,
            "never 'not a replica'"
        );
        assert_eq!(db.cloudwatch_logs_exports, Fact::Unknown);
        assert_eq!(db.storage_encrypted, Fact::Known(true));
        let fields: Vec<String> = warnings.into_vec().into_iter().map(|w| w.field).collect();
        assert_eq!(
            fields,
            [
                "configuration.publiclyAccessible",
                "configuration.readReplicaSourceDBInstanceIdentifier",
                "configuration.enabledCloudwatchLogsExports",
                "configuration.endpoint.port",
            ]
        );
    }

    #[test]
    fn tag_lists_in_either_casing_are_read() {
        let v = json!({"tagList": [{"key": "a", "value": "1"}, {"Key": "b", "Value": "2"}]});
        let db = DbInstance::parse(Obj::new(&v, "c").unwrap()).unwrap();
        let tags = db.tags.get().unwrap();
        assert_eq!(tags.get("a").map(String::as_str), Some("1"));
        assert_eq!(tags.get("b").map(String::as_str), Some("2"));
    }
}
