//! How state is written down: the one encoding of [`ResourceState`] and [`HistoryEntry`] that
//! every store uses (DynamoDB's `doc` attribute, the CLI's state file), with a schema version,
//! and the reading of every earlier version.
//!
//! | schema | what changed |
//! |---|---|
//! | 1 (no `schema_version` field) | the outbox held rendered ASFF findings and alert text |
//! | 2 | the outbox holds delivery intents ([`crate::delivery`]); a schema-1 outbox is read into [`Outbox::rendered`] and delivered as it is. Intents may carry `fix_inputs` (what the exact fix needs, [`crate::fix::FixInputs`]): optional, absent reads as empty, so it needed no new schema |
//!
//! A document written by a newer schema is refused with a clear error rather than misread.

use crate::asff;
use crate::message::Alert;
use crate::observation::SourceKind;
use crate::outbox::{Outbox, Rendered};
use crate::resource::ResourceRef;
use crate::state::{HistoryEntry, ResourceState, RuleState};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use thiserror::Error;

/// The schema this version writes.
pub const SCHEMA_VERSION: u64 = 2;

/// The field that carries the schema in every stored document.
pub const VERSION_FIELD: &str = "schema_version";

/// A stored document that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum StorageError {
    /// Not the document it should be.
    #[error("stored {what} is unreadable: {message}")]
    Unreadable {
        /// `state` or `history entry`.
        what: &'static str,
        /// What did not fit (serde's message: it names fields, never values of other types).
        message: String,
    },
    /// Written by a newer Vigil.
    #[error("stored {what} has schema {found}; this version of Vigil reads schemas 1 to {SCHEMA_VERSION}: upgrade Vigil")]
    NewerSchema {
        /// `state` or `history entry`.
        what: &'static str,
        /// The document's schema.
        found: u64,
    },
}

/// Encodes a state as stored (schema [`SCHEMA_VERSION`]).
pub fn encode_state(state: &ResourceState) -> Result<Value, StorageError> {
    encode(state, "state")
}

/// Encodes a history entry as stored (schema [`SCHEMA_VERSION`]).
pub fn encode_history(entry: &HistoryEntry) -> Result<Value, StorageError> {
    encode(entry, "history entry")
}

/// Reads a stored state of any schema this version knows.
pub fn decode_state(doc: Value) -> Result<ResourceState, StorageError> {
    const WHAT: &str = "state";
    let (version, doc) = split_version(doc, WHAT)?;
    match version {
        1 => parse::<ResourceStateV1>(doc, WHAT).map(ResourceStateV1::upgrade),
        _ => parse(doc, WHAT),
    }
}

/// Reads a stored history entry of any schema this version knows (schemas 1 and 2 are alike).
pub fn decode_history(doc: Value) -> Result<HistoryEntry, StorageError> {
    const WHAT: &str = "history entry";
    let (_, doc) = split_version(doc, WHAT)?;
    parse(doc, WHAT)
}

fn encode<T: Serialize>(value: &T, what: &'static str) -> Result<Value, StorageError> {
    let mut doc = serde_json::to_value(value).map_err(|e| StorageError::Unreadable {
        what,
        message: e.to_string(),
    })?;
    match &mut doc {
        Value::Object(map) => {
            map.insert(VERSION_FIELD.to_string(), Value::from(SCHEMA_VERSION));
            Ok(doc)
        }
        _ => Err(StorageError::Unreadable {
            what,
            message: "does not encode as an object".into(),
        }),
    }
}

fn split_version(mut doc: Value, what: &'static str) -> Result<(u64, Value), StorageError> {
    let Value::Object(map) = &mut doc else {
        return Err(StorageError::Unreadable {
            what,
            message: "expected a JSON object".into(),
        });
    };
    let version = match map.remove(VERSION_FIELD) {
        None => 1,
        Some(v) => v.as_u64().ok_or_else(|| StorageError::Unreadable {
            what,
            message: format!("`{VERSION_FIELD}` should be a whole number"),
        })?,
    };
    if version == 0 || version > SCHEMA_VERSION {
        return Err(StorageError::NewerSchema {
            what,
            found: version,
        });
    }
    Ok((version, doc))
}

fn parse<T: DeserializeOwned>(doc: Value, what: &'static str) -> Result<T, StorageError> {
    serde_json::from_value(doc).map_err(|e| StorageError::Unreadable {
        what,
        message: e.to_string(),
    })
}

/// Schema 1 of the state, frozen: the outbox held rendered findings and alerts.
#[derive(Deserialize)]
struct ResourceStateV1 {
    resource: ResourceRef,
    captured_at: DateTime<Utc>,
    event_id: String,
    source: SourceKind,
    deleted: bool,
    rules: BTreeMap<String, RuleState>,
    updated_at: DateTime<Utc>,
    #[serde(default)]
    outbox: OutboxV1,
}

#[derive(Default, Deserialize)]
struct OutboxV1 {
    #[serde(default)]
    findings: Vec<asff::Finding>,
    #[serde(default)]
    alerts: Vec<Alert>,
}

impl ResourceStateV1 {
    fn upgrade(self) -> ResourceState {
        ResourceState {
            resource: self.resource,
            captured_at: self.captured_at,
            event_id: self.event_id,
            source: self.source,
            deleted: self.deleted,
            rules: self.rules,
            updated_at: self.updated_at,
            outbox: Outbox {
                rendered: Rendered {
                    findings: self.outbox.findings,
                    alerts: self.outbox.alerts,
                },
                ..Outbox::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Status;

    const STATE_V1: &str = include_str!("../fixtures/state-v1.json");
    const HISTORY_V1: &str = include_str!("../fixtures/history-v1.json");

    fn v1() -> Value {
        serde_json::from_str(STATE_V1).unwrap()
    }

    #[test]
    fn a_schema_1_state_is_read_with_its_rendered_outbox_kept_for_delivery() {
        let state = decode_state(v1()).unwrap();
        assert_eq!(state.resource.name.as_deref(), Some("orders-db"));
        assert_eq!(
            state.rules["rds-instance-public-access"].status,
            Status::Failed
        );
        assert!(state.outbox.findings.is_empty() && state.outbox.alerts.is_empty());
        assert_eq!(state.outbox.rendered.findings.len(), 2);
        assert_eq!(state.outbox.rendered.alerts.len(), 1);
        let rendered = crate::delivery::render(&state);
        assert_eq!(rendered.findings, state.outbox.rendered.findings);
        assert!(rendered.alerts[0]
            .subject
            .starts_with("[CRITICAL] orders-db"));
    }

    #[test]
    fn a_state_round_trips_at_the_current_schema() {
        let state = decode_state(v1()).unwrap();
        let doc = encode_state(&state).unwrap();
        assert_eq!(doc[VERSION_FIELD], SCHEMA_VERSION);
        assert_eq!(decode_state(doc).unwrap(), state);
    }

    #[test]
    fn history_of_schema_1_and_2_is_read() {
        let entry = decode_history(serde_json::from_str(HISTORY_V1).unwrap()).unwrap();
        let doc = encode_history(&entry).unwrap();
        assert_eq!(doc[VERSION_FIELD], SCHEMA_VERSION);
        assert_eq!(decode_history(doc).unwrap(), entry);
    }

    #[test]
    fn a_newer_schema_is_refused_with_what_to_do() {
        let mut doc = v1();
        doc[VERSION_FIELD] = Value::from(SCHEMA_VERSION + 1);
        let err = decode_state(doc).unwrap_err();
        assert!(matches!(err, StorageError::NewerSchema { found: 3, .. }));
        assert!(err.to_string().contains("upgrade Vigil"), "{err}");
    }

    #[test]
    fn a_broken_document_is_an_error_naming_the_field_not_its_value() {
        let mut doc = v1();
        doc["captured_at"] = Value::from("planted-not-a-date");
        let err = decode_state(doc).unwrap_err().to_string();
        assert!(err.contains("stored state is unreadable"), "{err}");
        assert!(!err.contains("planted"), "{err}");
        assert!(decode_state(Value::from("x")).is_err());
    }
}
