//! Alerts held for the daily digest (`vigil_core::held`), in the state table:
//! `pk = DIGEST`, `sk = HELD#<resource key>#<rules>#<kind>` (so a repeat replaces the pending
//! item), the [`Held`] record as JSON in `doc`, and its `version` (capture time and event) so the
//! digest removes only the version it sent. One partition: the digest reads it with one paged
//! `Query`.

use super::{decode_doc, n, s, DynamoStore};
use crate::error::{AwsError, Service};
use vigil_core::held::Held;
use vigil_core::storage::StorageError;

/// The partition of held alerts.
pub const HELD_PK: &str = "DIGEST";

/// The version of a held item's document (the [`Held`] record's JSON).
const HELD_SCHEMA: i64 = 1;

fn sort_key(held: &Held) -> String {
    format!("HELD#{}", held.key())
}

impl DynamoStore {
    /// Holds an alert for the digest (idempotent: the same alert held twice is one item).
    pub async fn hold(&self, held: &Held) -> Result<(), AwsError> {
        let doc = serde_json::to_string(held).map_err(|e| AwsError::CorruptState {
            key: sort_key(held),
            message: e.to_string(),
        })?;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(HELD_PK))
            .item("sk", s(sort_key(held)))
            .item("version", s(held.version()))
            .item("doc", s(doc))
            .item("schema_version", n(HELD_SCHEMA))
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "PutItem", e))?;
        Ok(())
    }

    /// Every held alert (every page, strongly consistent).
    pub async fn held(&self) -> Result<Vec<Held>, AwsError> {
        let mut items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :h)")
            .expression_attribute_values(":pk", s(HELD_PK))
            .expression_attribute_values(":h", s("HELD#"))
            .consistent_read(true)
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items
            .try_next()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "Query", e))?
        {
            out.push(decode_doc(HELD_PK, &item, |v| {
                serde_json::from_value::<Held>(v).map_err(|e| StorageError::Unreadable {
                    what: "held alert",
                    message: e.to_string(),
                })
            })?);
        }
        Ok(out)
    }

    /// Removes a held alert once the digest carrying it was sent, unless a newer version replaced
    /// it meanwhile (that one waits for the next digest). True when it was removed.
    pub async fn release(&self, held: &Held) -> Result<bool, AwsError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(HELD_PK))
            .key("sk", s(sort_key(held)))
            .condition_expression("version = :v")
            .expression_attribute_values(":v", s(held.version()))
            .send()
            .await;
        super::written(result, "DeleteItem")
    }
}
