//! `AWS::RDS::DBSnapshot` and `AWS::RDS::DBClusterSnapshot`: the fields rules read.
//!
//! Field names are the AWS Config resource schema's (awslabs/aws-config-resource-schema,
//! `AWS::RDS::DBSnapshot.properties.json` and `AWS::RDS::DBClusterSnapshot.properties.json`):
//! a DB snapshot says `dBSnapshotIdentifier` and `encrypted`, a cluster snapshot
//! `dbclusterSnapshotIdentifier` and `storageEncrypted`. Who may restore the snapshot is in the
//! item's supplementary configuration, `DBSnapshotAttributes` (or `DBClusterSnapshotAttributes`):
//! a list of `{attributeName, attributeValues}` whose `restore` attribute lists the account ids
//! the snapshot is shared with, or `all` when it is public.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use crate::resources::rds_instance::str_list;
use serde_json::Value;

/// Which of the two snapshot types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotKind {
    /// `AWS::RDS::DBSnapshot`, a DB instance snapshot.
    Instance,
    /// `AWS::RDS::DBClusterSnapshot`, an Aurora or Multi-AZ DB cluster snapshot.
    Cluster,
}

/// An RDS DB snapshot or DB cluster snapshot. Every field is a [`Fact`].
#[derive(Clone, Debug, PartialEq)]
pub struct DbSnapshot {
    /// Instance or cluster snapshot.
    pub kind: SnapshotKind,
    /// `dBSnapshotIdentifier` / `dbclusterSnapshotIdentifier`.
    pub identifier: Fact<String>,
    /// `engine`.
    pub engine: Fact<String>,
    /// `snapshotType`: `manual`, `automated`, `shared`, ...
    pub snapshot_type: Fact<String>,
    /// `encrypted` (DB snapshot) / `storageEncrypted` (cluster snapshot).
    pub encrypted: Fact<bool>,
    /// `kmsKeyId`.
    pub kms_key_id: Fact<String>,
    /// The `restore` attribute's values: account ids the snapshot is shared with, `all` when
    /// public. Known and empty when the attributes are present without a `restore` entry or with
    /// an empty one; unknown when the item carries no snapshot attributes.
    pub restore_shared_with: Fact<Vec<String>>,
    /// Tags, from the Config item's `tags` or the call's `tagList`.
    pub tags: Fact<Tags>,
}

impl DbSnapshot {
    /// Reads a snapshot of `kind` from its configuration and the item's decoded supplementary
    /// configuration.
    pub fn parse(
        kind: SnapshotKind,
        c: Obj<'_>,
        supplementary: Option<Obj<'_>>,
    ) -> Result<Self, InputError> {
        let (id_key, encrypted_key, attributes_key) = match kind {
            SnapshotKind::Instance => ("dBSnapshotIdentifier", "encrypted", "DBSnapshotAttributes"),
            SnapshotKind::Cluster => (
                "dbclusterSnapshotIdentifier",
                "storageEncrypted",
                "DBClusterSnapshotAttributes",
            ),
        };
        Ok(DbSnapshot {
            kind,
            identifier: c.str_fact(id_key)?,
            engine: c.str_fact("engine")?,
            snapshot_type: c.str_fact("snapshotType")?,
            encrypted: c.bool_fact(encrypted_key)?,
            kms_key_id: c.str_fact("kmsKeyId")?,
            restore_shared_with: match supplementary {
                Some(s) => restore_attribute(s, attributes_key)?,
                None => Fact::Unknown,
            },
            tags: crate::resources::rds_instance::tag_list(c, "tagList")?,
        })
    }

    /// Whether the snapshot is public (its `restore` attribute holds `all`).
    pub fn is_public(&self) -> Fact<bool> {
        self.restore_shared_with
            .clone()
            .map(|ids| ids.iter().any(|id| id == "all"))
    }
}

/// The `restore` attribute's values from `DBSnapshotAttributes`.
fn restore_attribute(s: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    s.tolerate(read_restore_attribute(s, key))
}

fn read_restore_attribute(s: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    let Some(value) = s.raw(key) else {
        return Ok(Fact::Unknown);
    };
    let path = join(s.path(), key);
    let Value::Array(attributes) = value else {
        return Err(InputError::invalid(
            path,
            "a list of snapshot attributes",
            kind_of(value),
        ));
    };
    let mut shared = Vec::new();
    for attribute in attributes {
        let a = Obj::new(attribute, &path)?;
        if a.opt_str("attributeName")? == Some("restore") {
            if let Fact::Known(values) = str_list(a, "attributeValues")? {
                shared.extend(values);
            }
        }
    }
    Ok(Fact::Known(shared))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(kind: SnapshotKind, c: Value, s: Option<Value>) -> DbSnapshot {
        let supp = s
            .as_ref()
            .map(|s| Obj::new(s, "supplementaryConfiguration").unwrap());
        DbSnapshot::parse(kind, Obj::new(&c, "configuration").unwrap(), supp).unwrap()
    }

    #[test]
    fn instance_and_cluster_snapshots_use_their_own_names() {
        let i = parse(
            SnapshotKind::Instance,
            json!({"dBSnapshotIdentifier": "a", "encrypted": true}),
            None,
        );
        assert_eq!(i.identifier, Fact::Known("a".into()));
        assert_eq!(i.encrypted, Fact::Known(true));
        let c = parse(
            SnapshotKind::Cluster,
            json!({"dbclusterSnapshotIdentifier": "b", "storageEncrypted": false}),
            None,
        );
        assert_eq!(c.identifier, Fact::Known("b".into()));
        assert_eq!(c.encrypted, Fact::Known(false));
        assert_eq!(c.restore_shared_with, Fact::Unknown);
    }

    #[test]
    fn the_restore_attribute_says_who_may_restore() {
        let s = parse(
            SnapshotKind::Instance,
            json!({}),
            Some(json!({"DBSnapshotAttributes": [
                {"attributeName": "restore", "attributeValues": ["all", "210987654321"]}]})),
        );
        assert_eq!(s.is_public(), Fact::Known(true));
        let private = parse(
            SnapshotKind::Instance,
            json!({}),
            Some(
                json!({"DBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": []}]}),
            ),
        );
        assert_eq!(private.is_public(), Fact::Known(false));
    }
}
