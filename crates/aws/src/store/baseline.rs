//! A first sweep's summary in the state table (`vigil_core::digest`): the first sweep of an
//! installation sends ONE message, built from every work item's [`Tally`], once the last of
//! them is done.
//!
//! - `pk = BASELINE#<run>`, `sk = RUN`: the run's `expected` work items, the set `done` of
//!   those handled (`<region>#<kind>`, added with `ADD`, so a redelivered item counts once), and
//!   `sent` once one invocation has claimed the sending.
//! - `pk = BASELINE#<run>`, `sk = PART#<region>#<kind>`: that item's tally as JSON in `doc`
//!   (a redelivered item replaces its own part).
//!
//! - `pk = BASELINE#FIRST`, `sk = CLAIM`: the installation's first sweep, `run` naming it,
//!   written once with a conditional put ([`DynamoStore::claim_first_sweep`]), so that of two
//!   runs started at the same moment exactly one is the first. It does not expire.
//!
//! Every other item expires with the table's TTL (`expires_at`) [`RETENTION_DAYS`] after it was
//! written.

use super::{n, s, written, DynamoStore};
use crate::error::{AwsError, Service};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Utc};
use vigil_core::digest::Tally;

/// How long a run's baseline items are kept.
pub const RETENTION_DAYS: i64 = 14;

fn pk(run: &str) -> String {
    format!("BASELINE#{run}")
}

const RUN_SK: &str = "RUN";

fn expires(now: DateTime<Utc>) -> AttributeValue {
    n(now.timestamp() + RETENTION_DAYS * 86_400)
}

const FIRST_PK: &str = "BASELINE#FIRST";
const FIRST_SK: &str = "CLAIM";

impl DynamoStore {
    /// Claims the installation's first sweep for `run`: true for exactly one run (and again
    /// for that run, so its retried start is still the first), false for every other, however
    /// many start at the same moment. A conditional `PutItem`.
    pub async fn claim_first_sweep(&self, run: &str, now: DateTime<Utc>) -> Result<bool, AwsError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(FIRST_PK))
            .item("sk", s(FIRST_SK))
            .item("run", s(run))
            .item("claimed_at", s(now.to_rfc3339()))
            .condition_expression("attribute_not_exists(pk) OR #run = :run")
            .expression_attribute_names("#run", "run")
            .expression_attribute_values(":run", s(run))
            .send()
            .await;
        written(result, "PutItem")
    }

    /// Records that `run` is a first sweep of `expected` work items.
    pub async fn begin_baseline(
        &self,
        run: &str,
        expected: usize,
        now: DateTime<Utc>,
    ) -> Result<(), AwsError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(pk(run)))
            .item("sk", s(RUN_SK))
            .item("expected", n(i64::try_from(expected).unwrap_or(i64::MAX)))
            .item("expires_at", expires(now))
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "PutItem", e))?;
        Ok(())
    }

    /// Keeps one work item's tally (`part`: `<region>#<kind>`) and counts the item done. True
    /// when every expected item is done and no one has claimed the sending yet; false also when
    /// `run` is not a first sweep.
    pub async fn baseline_part(
        &self,
        run: &str,
        part: &str,
        tally: &Tally,
        now: DateTime<Utc>,
    ) -> Result<bool, AwsError> {
        let doc = serde_json::to_string(tally)
            .map_err(|e| AwsError::Config(format!("cannot encode a sweep tally: {e}")))?;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(pk(run)))
            .item("sk", s(format!("PART#{part}")))
            .item("doc", s(doc))
            .item("expires_at", expires(now))
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "PutItem", e))?;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(pk(run)))
            .key("sk", s(RUN_SK))
            .update_expression("ADD done :p")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":p", AttributeValue::Ss(vec![part.to_string()]))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        let out = match result {
            Ok(out) => out,
            Err(e) => {
                // No run item: not a first sweep.
                written::<(), _, _>(Err(e), "UpdateItem")?;
                return Ok(false);
            }
        };
        let Some(item) = out.attributes() else {
            return Ok(false);
        };
        let done = item
            .get("done")
            .and_then(|v| v.as_ss().ok())
            .map_or(0, Vec::len);
        let expected = item
            .get("expected")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        Ok(done >= expected && !item.contains_key("sent"))
    }

    /// Claims the sending of `run`'s summary: true for exactly one caller.
    pub async fn claim_baseline(&self, run: &str) -> Result<bool, AwsError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(pk(run)))
            .key("sk", s(RUN_SK))
            .update_expression("SET sent = :t")
            .condition_expression("attribute_exists(pk) AND attribute_not_exists(sent)")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .send()
            .await;
        written(result, "UpdateItem")
    }

    /// Gives the claim back (the sending failed; the item's retry claims it again).
    pub async fn unclaim_baseline(&self, run: &str) -> Result<(), AwsError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(pk(run)))
            .key("sk", s(RUN_SK))
            .update_expression("REMOVE sent")
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "UpdateItem", e))?;
        Ok(())
    }

    /// Every part of `run`, merged (every page, strongly consistent).
    pub async fn baseline_tally(&self, run: &str) -> Result<Tally, AwsError> {
        let key = pk(run);
        let mut items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :p)")
            .expression_attribute_values(":pk", s(&key))
            .expression_attribute_values(":p", s("PART#"))
            .consistent_read(true)
            .into_paginator()
            .items()
            .send();
        let mut whole = Tally::default();
        while let Some(item) = items
            .try_next()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "Query", e))?
        {
            let doc = item.get("doc").and_then(|v| v.as_s().ok()).ok_or_else(|| {
                AwsError::CorruptState {
                    key: key.clone(),
                    message: "no `doc` attribute".into(),
                }
            })?;
            let part: Tally = serde_json::from_str(doc).map_err(|e| AwsError::CorruptState {
                key: key.clone(),
                message: e.to_string(),
            })?;
            whole.merge(part);
        }
        Ok(whole)
    }
}
