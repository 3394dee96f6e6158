//! `AWS::RDS::DBInstance`: the fields rules read, from the configuration shape that AWS Config
//! items and CloudTrail `responseElements` share (the AWS Config resource schema's camelCase
//! names, e.g. `dBInstanceIdentifier`, `publiclyAccessible`, `multiAZ`).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// An RDS DB instance. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DbInstance {
    /// `dBInstanceIdentifier`, the instance's name.
    pub identifier: Fact<String>,
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
    /// Tags, from the Config item's `tags` or the call's `tagList`.
    pub tags: Fact<Tags>,
}

impl DbInstance {
    /// Reads the instance from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(DbInstance {
            identifier: c.str_fact("dBInstanceIdentifier")?,
            engine: c.str_fact("engine")?,
            engine_version: c.str_fact("engineVersion")?,
            status: c.str_fact("dBInstanceStatus")?,
            publicly_accessible: c.bool_fact("publiclyAccessible")?,
            storage_encrypted: c.bool_fact("storageEncrypted")?,
            kms_key_id: c.str_fact("kmsKeyId")?,
            multi_az: c.bool_fact("multiAZ")?,
            backup_retention_period: c.i64_fact("backupRetentionPeriod")?,
            deletion_protection: c.bool_fact("deletionProtection")?,
            read_replica_source: optional_when_described(
                c,
                "readReplicaSourceDBInstanceIdentifier",
            )?,
            cluster_identifier: optional_when_described(c, "dBClusterIdentifier")?,
            tags: tag_list(c, "tagList")?,
        })
    }
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

/// Reads an RDS `tagList` (`[{"key": .., "value": ..}]`, either casing) into tags.
pub(crate) fn tag_list(c: Obj<'_>, key: &str) -> Result<Fact<Tags>, InputError> {
    let Some(value) = c.raw(key) else {
        return Ok(Fact::Unknown);
    };
    let path = crate::json::join(c.path(), key);
    let serde_json::Value::Array(items) = value else {
        return Err(InputError::invalid(
            path,
            "a list of tags",
            crate::json::kind_of(value),
        ));
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
    fn tag_lists_in_either_casing_are_read() {
        let v = json!({"tagList": [{"key": "a", "value": "1"}, {"Key": "b", "Value": "2"}]});
        let db = DbInstance::parse(Obj::new(&v, "c").unwrap()).unwrap();
        let tags = db.tags.get().unwrap();
        assert_eq!(tags.get("a").map(String::as_str), Some("1"));
        assert_eq!(tags.get("b").map(String::as_str), Some("2"));
    }
}
