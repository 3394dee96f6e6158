//! The DynamoDB state store: one table, one partition per resource.
//!
//! - `pk = RES#<account>#<region>#<arn>`, `sk = STATE`: the resource's current
//!   [`ResourceState`] (as JSON in `doc`, with its key fields as attributes for conditions and
//!   queries). An account activity event's state item also has `expires_at`
//!   ([`ACTIVITY_STATE_RETENTION_DAYS`]), so the one item each event leaves is removed.
//! - `pk` as above, `sk = HIST#<captured-at>#<rule>#<event-id>`: one item per transition, so one
//!   `Query` on the partition returns the resource's whole evidence timeline.
//!
//! - `pk` as above, `sk = LEASE`: the resource's delivery lease while a delivery runs.
//! - `pk` as above, `sk = STATE#ACCEPT#<rule-or-control-id>`: an accepted risk stored with
//!   `vigil accept` (`vigil_core::accept::Acceptance` as JSON in `doc`). Its sort key begins with
//!   `STATE`, so one `Query` (`begins_with(sk, "STATE")`) reads the state with its acceptances.
//! - `pk = SIGNIN#<account>`, `sk = COUNTER`: the account's failed console sign-in counter
//!   (`vigil_core::burst::Counter` as JSON in `doc`), written conditionally on its `revision`,
//!   removed by the table's TTL (`expires_at`) a window after its window ends.
//!
//! A decision is committed in one transaction: the state put, conditional on the stored state
//! still being the revision it was decided from (capture time, event id, outbox size), and the
//! history puts. A duplicate, late or concurrent event therefore cannot overwrite newer state or a
//! pending outbox, and never leaves half a write.

pub mod baseline;
pub mod held;

use crate::error::{AwsError, Service};
use aws_sdk_dynamodb::config::AsyncSleep;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;
use vigil_core::accept::Acceptance;
use vigil_core::burst::Counter;
use vigil_core::decide::Applied;
use vigil_core::delivery::Outbox;
use vigil_core::heartbeat::{Beat, Heartbeat};
use vigil_core::resource::{ResourceRef, ResourceType};
use vigil_core::state::{HistoryEntry, ResourceState};
use vigil_core::storage::{self, SCHEMA_VERSION};
use vigil_core::sweep::Stored;
use vigil_pipeline::{BoxError, Commit, StateStore};

/// How long history items are kept before DynamoDB's TTL removes them: 7 years.
pub const HISTORY_RETENTION_DAYS: i64 = 2557;

/// How long an account activity event's state item (`Vigil::CloudTrail::Activity`, one per
/// event) is kept before DynamoDB's TTL removes it: 90 days, as long as Security Hub keeps a
/// finding after its last update, and far beyond any redelivery (EventBridge retries for an
/// hour, Lambda for six). Its history items keep [`HISTORY_RETENTION_DAYS`].
pub const ACTIVITY_STATE_RETENTION_DAYS: i64 = 90;

/// DynamoDB allows 100 items in a transaction; one is the state.
const HISTORY_IN_TRANSACTION: usize = 99;

/// The state table.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

/// The partition key of a resource.
pub fn partition_key(resource: &ResourceRef) -> String {
    format!("RES#{}", resource.key())
}

const STATE_SK: &str = "STATE";

/// The sort key prefix of a stored acceptance (begins with [`STATE_SK`]: read with the state).
const ACCEPT_SK: &str = "STATE#ACCEPT#";

/// The sort key of a resource's delivery lease.
const LEASE_SK: &str = "LEASE";

/// How long a delivery lease lasts if it is never given back: longer than an invocation
/// (60 s), so a lease outlives no delivery it protects.
const LEASE: std::time::Duration = std::time::Duration::from_secs(120);

/// How long a delivery waits for another one's lease before giving up (the invocation then
/// fails and its retry delivers).
pub const LEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The condition that the stored state is still a given revision: its observation (`:t`, `:e`)
/// and its outbox size (`:n`; states written before `outbox_n` existed match on the
/// observation alone).
const SAME_REVISION: &str =
    "captured_at_ms = :t AND event_id = :e AND (attribute_not_exists(outbox_n) OR outbox_n = :n)";

/// The global secondary index over current states by (account, region, type): its partition
/// key is [`scope_key`], its sort key `pk`, and it projects the identity, the capture time and
/// `deleted` (the template and the tests create it). A sweep lists a (region, kind) with it.
pub const SCOPE_INDEX: &str = "by-scope";

/// The `scope` attribute of a state item: `<account>#<region>#<type>`.
pub fn scope_key(account: &str, region: &str, resource_type: &str) -> String {
    format!("{account}#{region}#{resource_type}")
}

/// The attributes [`SCOPE_INDEX`] projects besides its keys.
pub const SCOPE_PROJECTION: &[&str] = &["arn", "resource_id", "name", "captured_at_ms", "deleted"];

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

impl DynamoStore {
    /// A store over `table`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
        }
    }

    /// The stored state of a resource (strongly consistent).
    pub async fn load(&self, resource: &ResourceRef) -> Result<Option<ResourceState>, AwsError> {
        let pk = partition_key(resource);
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(&pk))
            .key("sk", s(STATE_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "GetItem", e))?;
        let Some(item) = out.item else {
            return Ok(None);
        };
        decode_doc(&pk, &item, storage::decode_state).map(Some)
    }

    /// The stored state of a resource with its stored acceptances: one strongly consistent
    /// `Query` on the partition for the sort keys beginning with `STATE`.
    pub async fn load_accepted(
        &self,
        resource: &ResourceRef,
    ) -> Result<(Option<ResourceState>, Vec<Acceptance>), AwsError> {
        let pk = partition_key(resource);
        let mut state = None;
        let mut accepted = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("pk = :pk AND begins_with(sk, :s)")
                .expression_attribute_values(":pk", s(&pk))
                .expression_attribute_values(":s", s(STATE_SK))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| AwsError::call(Service::DynamoDb, "Query", e))?;
            for item in out.items() {
                match item.get("sk").and_then(|v| v.as_s().ok()) {
                    Some(sk) if sk == STATE_SK => {
                        state = Some(decode_doc(&pk, item, storage::decode_state)?);
                    }
                    Some(sk) if sk.starts_with(ACCEPT_SK) => {
                        accepted.push(decode_doc(&pk, item, |doc| {
                            serde_json::from_value(doc).map_err(|e| {
                                storage::StorageError::Unreadable {
                                    what: "acceptance",
                                    message: e.to_string(),
                                }
                            })
                        })?);
                    }
                    _ => {}
                }
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok((state, accepted));
            }
        }
    }

    /// Stores an accepted risk (one item per resource and rule or control id, replaced by a
    /// new one for the same id).
    pub async fn accept(
        &self,
        resource: &ResourceRef,
        acceptance: &Acceptance,
    ) -> Result<(), AwsError> {
        let doc = serde_json::to_string(acceptance)
            .map_err(|e| AwsError::Config(format!("cannot encode the acceptance: {e}")))?;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(partition_key(resource)))
            .item("sk", s(format!("{ACCEPT_SK}{}", acceptance.accepts)))
            .item("doc", s(doc))
            .item("until", s(acceptance.until.to_string()))
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "PutItem", e))?;
        Ok(())
    }

    /// Commits a decision: the state (with its outbox) and its history, in one transaction,
    /// only if the stored state is still `expected` (its observation and its outbox size: within
    /// one observation the outbox only shrinks, so they name one revision).
    pub async fn commit(
        &self,
        applied: &Applied,
        expected: Option<&ResourceState>,
    ) -> Result<Commit, AwsError> {
        let state = &applied.state;
        let pk = partition_key(&state.resource);
        let captured_ms = state.captured_at.timestamp_millis();
        let mut state_item = HashMap::from([
            ("pk".to_string(), s(&pk)),
            ("sk".to_string(), s(STATE_SK)),
            ("account".to_string(), s(&state.resource.account)),
            ("region".to_string(), s(&state.resource.region)),
            ("arn".to_string(), s(&state.resource.arn)),
            ("resource_id".to_string(), s(&state.resource.id)),
            (
                "scope".to_string(),
                s(scope_key(
                    &state.resource.account,
                    &state.resource.region,
                    state.resource.resource_type.as_str(),
                )),
            ),
            (
                "resource_type".to_string(),
                s(state.resource.resource_type.as_str()),
            ),
            ("captured_at".to_string(), s(state.captured_at.to_rfc3339())),
            ("captured_at_ms".to_string(), n(captured_ms)),
            ("event_id".to_string(), s(&state.event_id)),
            ("deleted".to_string(), AttributeValue::Bool(state.deleted)),
            ("failing".to_string(), n(failing(state))),
            ("updated_at".to_string(), s(state.updated_at.to_rfc3339())),
            ("doc".to_string(), s(encode_state(state)?)),
            ("schema_version".to_string(), n(SCHEMA_VERSION as i64)),
            ("outbox_n".to_string(), n(outbox_size(&state.outbox))),
        ]);
        if let Some(name) = &state.resource.name {
            state_item.insert("name".to_string(), s(name));
        }
        // One state item per activity event: removed by the table's TTL once no redelivery
        // can come (resources' state items are kept).
        if state.resource.resource_type.as_str() == vigil_core::resources::activity::ACTIVITY_TYPE {
            let expires = state.updated_at.timestamp() + ACTIVITY_STATE_RETENTION_DAYS * 86_400;
            state_item.insert("expires_at".to_string(), n(expires));
        }
        let put_state = match expected {
            None => Put::builder().condition_expression("attribute_not_exists(pk)"),
            Some(previous) => Put::builder()
                .condition_expression(SAME_REVISION)
                .expression_attribute_values(":t", n(previous.captured_at.timestamp_millis()))
                .expression_attribute_values(":e", s(&previous.event_id))
                .expression_attribute_values(":n", n(outbox_size(&previous.outbox))),
        }
        .table_name(&self.table)
        .set_item(Some(state_item))
        .build()
        .map_err(|e| AwsError::request(Service::DynamoDb, "TransactWriteItems", e))?;
        let mut items = vec![TransactWriteItem::builder().put(put_state).build()];
        let (in_tx, rest) = applied
            .history
            .split_at(applied.history.len().min(HISTORY_IN_TRANSACTION));
        for entry in in_tx {
            items.push(
                TransactWriteItem::builder()
                    .put(self.history_put(&pk, entry)?)
                    .build(),
            );
        }
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        if let Err(err) = result {
            let cancelled_by_condition = err
                .as_service_error()
                .and_then(|e| match e {
                    aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) => Some(c),
                    _ => None,
                })
                .is_some_and(|c| {
                    c.cancellation_reasons()
                        .iter()
                        .any(|r| r.code() == Some("ConditionalCheckFailed"))
                });
            if cancelled_by_condition {
                return Ok(Commit::Superseded);
            }
            return Err(AwsError::call(Service::DynamoDb, "TransactWriteItems", err));
        }
        // Beyond one transaction's size: idempotent puts after the state (same keys on retry).
        for entry in rest {
            let put = self.history_put(&pk, entry)?;
            self.client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(put.item().clone()))
                .send()
                .await
                .map_err(|e| AwsError::call(Service::DynamoDb, "PutItem", e))?;
        }
        Ok(Commit::Written)
    }

    fn history_put(&self, pk: &str, entry: &HistoryEntry) -> Result<Put, AwsError> {
        let at = entry
            .captured_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let expires = entry.recorded_at.timestamp() + HISTORY_RETENTION_DAYS * 86_400;
        let mut item = HashMap::from([
            ("pk".to_string(), s(pk)),
            (
                "sk".to_string(),
                s(format!("HIST#{at}#{}#{}", entry.rule, entry.event_id)),
            ),
            ("rule".to_string(), s(&entry.rule)),
            (
                "to_status".to_string(),
                s(entry.to.map_or("ARCHIVED", |t| t.label())),
            ),
            ("severity".to_string(), s(entry.severity.label())),
            ("reason".to_string(), s(&entry.reason)),
            ("captured_at".to_string(), s(at)),
            ("recorded_at".to_string(), s(entry.recorded_at.to_rfc3339())),
            ("source".to_string(), s(entry.source.label())),
            ("event_id".to_string(), s(&entry.event_id)),
            ("what".to_string(), s(&entry.what)),
            ("expires_at".to_string(), n(expires)),
            ("doc".to_string(), s(encode_history(entry)?)),
            ("schema_version".to_string(), n(SCHEMA_VERSION as i64)),
        ]);
        if let Some(from) = entry.from {
            item.insert("from_status".to_string(), s(from.label()));
        }
        if let Some(arn) = entry.actor.as_ref().and_then(|a| a.arn.as_ref()) {
            item.insert("actor".to_string(), s(arn));
        }
        Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .build()
            .map_err(|e| AwsError::request(Service::DynamoDb, "TransactWriteItems", e))
    }

    /// Replaces the outbox of the stored state with `outbox` (what is left to deliver), only if
    /// the stored state is still `state`'s revision; `false` when it changed meanwhile.
    pub async fn replace_outbox(
        &self,
        state: &ResourceState,
        outbox: &Outbox,
    ) -> Result<bool, AwsError> {
        let mut updated = state.clone();
        updated.outbox = outbox.clone();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(partition_key(&state.resource)))
            .key("sk", s(STATE_SK))
            .update_expression("SET doc = :doc, schema_version = :v, outbox_n = :m")
            .condition_expression(SAME_REVISION)
            .expression_attribute_values(":doc", s(encode_state(&updated)?))
            .expression_attribute_values(":v", n(SCHEMA_VERSION as i64))
            .expression_attribute_values(":m", n(outbox_size(outbox)))
            .expression_attribute_values(":t", n(state.captured_at.timestamp_millis()))
            .expression_attribute_values(":e", s(&state.event_id))
            .expression_attribute_values(":n", n(outbox_size(&state.outbox)))
            .send()
            .await;
        written(result, "UpdateItem")
    }

    /// Takes the resource's delivery lease (item `sk = LEASE`, one conditional write) for
    /// `holder`, waiting up to [`LEASE_WAIT`] while another delivery holds it.
    pub async fn lock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, AwsError> {
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(50);
        loop {
            let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
            let at = (now + elapsed).timestamp_millis();
            let until = at + LEASE.as_millis() as i64;
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", s(partition_key(resource)))
                .key("sk", s(LEASE_SK))
                .update_expression("SET holder = :h, until_ms = :u, expires_at = :x")
                .condition_expression(
                    "attribute_not_exists(until_ms) OR until_ms < :now OR holder = :h",
                )
                .expression_attribute_values(":h", s(holder))
                .expression_attribute_values(":u", n(until))
                .expression_attribute_values(":x", n(until / 1000 + 3600))
                .expression_attribute_values(":now", n(at))
                .send()
                .await;
            match result {
                Ok(_) => return Ok(true),
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
                {
                    if started.elapsed() + pause > LEASE_WAIT {
                        return Ok(false);
                    }
                    let Some(sleep) = self.client.config().sleep_impl() else {
                        return Ok(false);
                    };
                    sleep.sleep(pause).await;
                    pause = (pause * 2).min(std::time::Duration::from_millis(800));
                }
                Err(e) => return Err(AwsError::call(Service::DynamoDb, "UpdateItem", e)),
            }
        }
    }

    /// Gives the delivery lease back, if `holder` still holds it.
    pub async fn unlock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
    ) -> Result<(), AwsError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(partition_key(resource)))
            .key("sk", s(LEASE_SK))
            .condition_expression("holder = :h")
            .expression_attribute_values(":h", s(holder))
            .send()
            .await;
        written(result, "DeleteItem").map(|_| ())
    }

    /// A resource's evidence timeline, oldest first (every page of the partition's `HIST#`
    /// items).
    pub async fn history(&self, resource: &ResourceRef) -> Result<Vec<HistoryEntry>, AwsError> {
        let pk = partition_key(resource);
        let mut items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :h)")
            .expression_attribute_values(":pk", s(&pk))
            .expression_attribute_values(":h", s("HIST#"))
            .into_paginator()
            .items()
            .send();
        let mut entries = Vec::new();
        while let Some(item) = items
            .try_next()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "Query", e))?
        {
            entries.push(decode_doc(&pk, &item, storage::decode_history)?);
        }
        Ok(entries)
    }
}

impl DynamoStore {
    /// Every stored, not deleted resource of `resource_type` in `account` and `region` (every
    /// page of [`SCOPE_INDEX`]). States written before the index existed have no `scope` and
    /// are not listed until their next write.
    pub async fn stored(
        &self,
        account: &str,
        region: &str,
        resource_type: &str,
    ) -> Result<Vec<Stored>, AwsError> {
        let scope = scope_key(account, region, resource_type);
        let mut items = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(SCOPE_INDEX)
            .key_condition_expression("#scope = :scope")
            .expression_attribute_names("#scope", "scope")
            .expression_attribute_values(":scope", s(&scope))
            .into_paginator()
            .items()
            .send();
        let mut out = Vec::new();
        while let Some(item) = items
            .try_next()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "Query", e))?
        {
            let text = |k: &str| item.get(k).and_then(|v| v.as_s().ok()).cloned();
            if item.get("deleted").and_then(|v| v.as_bool().ok()) == Some(&true) {
                continue;
            }
            let corrupt = |what: &str| AwsError::CorruptState {
                key: scope.clone(),
                message: format!("an index item without `{what}`"),
            };
            let arn = text("arn").ok_or_else(|| corrupt("arn"))?;
            let captured_ms = item
                .get("captured_at_ms")
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse::<i64>().ok())
                .ok_or_else(|| corrupt("captured_at_ms"))?;
            out.push(Stored {
                resource: ResourceRef {
                    resource_type: ResourceType(resource_type.to_string()),
                    id: text("resource_id").unwrap_or_else(|| arn.clone()),
                    name: text("name"),
                    arn,
                    account: account.to_string(),
                    region: region.to_string(),
                },
                captured_at: chrono::DateTime::from_timestamp_millis(captured_ms)
                    .ok_or_else(|| corrupt("captured_at_ms"))?,
            });
        }
        Ok(out)
    }
}

/// The heartbeat item's key: `pk = HEARTBEAT`, `sk = HEARTBEAT` (not `STATE`: it is no
/// resource's state, and no index projects it).
const HEARTBEAT: &str = "HEARTBEAT";

impl DynamoStore {
    /// The heartbeat (strongly consistent); never written: empty.
    pub async fn heartbeat(&self) -> Result<Heartbeat, AwsError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(HEARTBEAT))
            .key("sk", s(HEARTBEAT))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "GetItem", e))?;
        let Some(item) = out.item else {
            return Ok(Heartbeat::default());
        };
        let text = |k: &str| item.get(k).and_then(|v| v.as_s().ok()).cloned();
        let time = |k: &str| -> Result<_, AwsError> {
            text(k)
                .map(|t| {
                    vigil_core::date::from_json(&serde_json::Value::String(t)).map_err(|found| {
                        AwsError::CorruptState {
                            key: HEARTBEAT.into(),
                            message: format!("{k} is not a date: {found}"),
                        }
                    })
                })
                .transpose()
        };
        Ok(Heartbeat {
            last_event_at: time("last_event_at")?,
            last_event_id: text("last_event_id"),
            last_sweep_at: time("last_sweep_at")?,
            last_sweep_run: text("last_sweep_run"),
        })
    }

    /// Records a beat: one conditional update, which only moves its time forward.
    pub async fn beat(&self, beat: &Beat) -> Result<(), AwsError> {
        let (what, id_attr, id, at) = match beat {
            Beat::Event { id, at } => ("last_event", "last_event_id", id, at),
            Beat::Sweep { run, at } => ("last_sweep", "last_sweep_run", run, at),
        };
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(HEARTBEAT))
            .key("sk", s(HEARTBEAT))
            .update_expression(format!(
                "SET {what}_at = :at, {what}_at_ms = :ms, {id_attr} = :id"
            ))
            .condition_expression(format!(
                "attribute_not_exists({what}_at_ms) OR {what}_at_ms <= :ms"
            ))
            .expression_attribute_values(":at", s(at.to_rfc3339()))
            .expression_attribute_values(":ms", n(at.timestamp_millis()))
            .expression_attribute_values(":id", s(id))
            .send()
            .await;
        // A later beat is already recorded.
        written(result, "UpdateItem").map(|_| ())
    }
}

/// The sort key of a failed console sign-in counter (`pk` is the counter's key,
/// `SIGNIN#<account>`).
const COUNTER_SK: &str = "COUNTER";

impl DynamoStore {
    /// A failed console sign-in counter (strongly consistent), if stored. DynamoDB's TTL may
    /// not have removed an expired one yet; the counting treats it as past its window.
    pub async fn load_counter(&self, key: &str) -> Result<Option<Counter>, AwsError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(key))
            .key("sk", s(COUNTER_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "GetItem", e))?;
        let Some(doc) = out
            .item
            .as_ref()
            .and_then(|item| item.get("doc"))
            .and_then(|v| v.as_s().ok())
        else {
            return Ok(None);
        };
        serde_json::from_str(doc)
            .map(Some)
            .map_err(|e| AwsError::CorruptState {
                key: key.to_string(),
                message: format!("the failed sign-in counter is not readable: {e}"),
            })
    }

    /// Writes a counter with its TTL (`expires_at`), conditional on the stored revision.
    pub async fn put_counter(
        &self,
        counter: &Counter,
        expected: Option<u64>,
        expires_at: i64,
    ) -> Result<bool, AwsError> {
        let doc = serde_json::to_string(counter).map_err(|e| AwsError::CorruptState {
            key: counter.key.clone(),
            message: format!("the failed sign-in counter cannot be written: {e}"),
        })?;
        let revision = i64::try_from(counter.revision).unwrap_or(i64::MAX);
        let mut put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(&counter.key))
            .item("sk", s(COUNTER_SK))
            .item("doc", s(doc))
            .item("revision", n(revision))
            .item("expires_at", n(expires_at));
        put = match expected {
            None => put.condition_expression("attribute_not_exists(pk)"),
            Some(r) => put
                .condition_expression("revision = :r")
                .expression_attribute_values(":r", n(i64::try_from(r).unwrap_or(i64::MAX))),
        };
        written(put.send().await, "PutItem")
    }
}

/// The answer of a conditional write: `Ok(true)` when it was written, `Ok(false)` when its
/// condition did not hold (an expected answer, not an error), the call's error otherwise.
pub(crate) fn written<O, E, R>(
    result: Result<O, aws_sdk_dynamodb::error::SdkError<E, R>>,
    operation: &'static str,
) -> Result<bool, AwsError>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_sdk_dynamodb::error::ProvideErrorMetadata;
    match result {
        Ok(_) => Ok(true),
        Err(e) if e.code() == Some("ConditionalCheckFailedException") => Ok(false),
        Err(e) => Err(AwsError::call(Service::DynamoDb, operation, e)),
    }
}

impl StateStore for DynamoStore {
    async fn heartbeat(&self) -> Result<Heartbeat, BoxError> {
        Ok(DynamoStore::heartbeat(self).await?)
    }

    async fn load_counter(&self, key: &str) -> Result<Option<Counter>, BoxError> {
        Ok(DynamoStore::load_counter(self, key).await?)
    }

    async fn put_counter(
        &self,
        counter: &Counter,
        expected: Option<u64>,
        expires_at: i64,
    ) -> Result<bool, BoxError> {
        Ok(DynamoStore::put_counter(self, counter, expected, expires_at).await?)
    }

    async fn beat(&self, beat: &Beat) -> Result<(), BoxError> {
        Ok(DynamoStore::beat(self, beat).await?)
    }

    async fn stored(
        &self,
        account: &str,
        region: &str,
        resource_type: &str,
    ) -> Result<Vec<Stored>, BoxError> {
        Ok(DynamoStore::stored(self, account, region, resource_type).await?)
    }

    async fn load(&self, resource: &ResourceRef) -> Result<Option<ResourceState>, BoxError> {
        Ok(DynamoStore::load(self, resource).await?)
    }

    async fn load_accepted(
        &self,
        resource: &ResourceRef,
    ) -> Result<(Option<ResourceState>, Vec<Acceptance>), BoxError> {
        Ok(DynamoStore::load_accepted(self, resource).await?)
    }

    async fn accept(
        &self,
        resource: &ResourceRef,
        acceptance: &Acceptance,
    ) -> Result<(), BoxError> {
        Ok(DynamoStore::accept(self, resource, acceptance).await?)
    }

    async fn commit(
        &self,
        applied: &Applied,
        expected: Option<&ResourceState>,
    ) -> Result<Commit, BoxError> {
        Ok(DynamoStore::commit(self, applied, expected).await?)
    }

    async fn replace_outbox(
        &self,
        state: &ResourceState,
        outbox: &Outbox,
    ) -> Result<bool, BoxError> {
        Ok(DynamoStore::replace_outbox(self, state, outbox).await?)
    }

    async fn lock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, BoxError> {
        Ok(DynamoStore::lock_delivery(self, resource, holder, now).await?)
    }

    async fn unlock_delivery(&self, resource: &ResourceRef, holder: &str) -> Result<(), BoxError> {
        Ok(DynamoStore::unlock_delivery(self, resource, holder).await?)
    }
}

/// The number of deliveries an outbox holds (with the observation, a state item's revision).
fn outbox_size(outbox: &Outbox) -> i64 {
    (outbox.finding_count() + outbox.alert_count()) as i64
}

fn failing(state: &ResourceState) -> i64 {
    state
        .rules
        .values()
        .filter(|r| r.status == vigil_core::Status::Failed)
        .count() as i64
}

fn encode_state(state: &ResourceState) -> Result<String, AwsError> {
    storage::encode_state(state)
        .map(|doc| doc.to_string())
        .map_err(|e| AwsError::Config(format!("cannot encode state: {e}")))
}

fn encode_history(entry: &HistoryEntry) -> Result<String, AwsError> {
    storage::encode_history(entry)
        .map(|doc| doc.to_string())
        .map_err(|e| AwsError::Config(format!("cannot encode history: {e}")))
}

/// Reads an item's `doc` with the core's versioned decoder.
fn decode_doc<T>(
    key: &str,
    item: &HashMap<String, AttributeValue>,
    decode: impl FnOnce(serde_json::Value) -> Result<T, storage::StorageError>,
) -> Result<T, AwsError> {
    let corrupt = |message: String| AwsError::CorruptState {
        key: key.to_string(),
        message,
    };
    let doc = item
        .get("doc")
        .and_then(|v| v.as_s().ok())
        .ok_or_else(|| corrupt("no `doc` attribute".into()))?;
    let value = serde_json::from_str(doc).map_err(|e| corrupt(e.to_string()))?;
    decode(value).map_err(|e| corrupt(e.to_string()))
}
