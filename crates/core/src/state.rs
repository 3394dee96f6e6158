//! What Vigil remembers: the current [`ResourceState`] of each resource, and the append-only
//! [`HistoryEntry`] evidence of every transition. Both shells store these same structures (the
//! Lambda in DynamoDB, the CLI in a local file).

use crate::accept::Acceptance;
use crate::observation::{Actor, SourceKind};
pub use crate::outbox::Outbox;
use crate::resource::ResourceRef;
use crate::vocabulary::Severity;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::vocabulary::Status;

/// One rule's stored state for one resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleState {
    /// The current status.
    pub status: Status,
    /// The severity at the last evaluation.
    pub severity: Severity,
    /// Since when (capture time) the rule has had this status.
    pub since: DateTime<Utc>,
    /// When the rule was first evaluated for this resource (the finding's creation).
    pub first_seen: DateTime<Utc>,
    /// The verdict's reason at the last change.
    pub reason: String,
    /// The accepted risk that holds the failure (status `SUPPRESSED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
    /// Whether Security Hub holds an active finding of Vigil's for this rule (imported ACTIVE
    /// and not archived since), so that a delete or a retired rule archives it whatever its
    /// status: a resolved finding is imported PASSED even when passes are not published.
    /// States written before this field read `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_hub: bool,
}

/// The current state of one resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceState {
    /// Which resource.
    pub resource: ResourceRef,
    /// Capture time of the observation this state reflects: later observations only.
    pub captured_at: DateTime<Utc>,
    /// The event that produced it (a redelivery of the same event is a duplicate).
    pub event_id: String,
    /// Which kind of source produced it.
    pub source: SourceKind,
    /// Whether the resource has been deleted.
    pub deleted: bool,
    /// Per rule id, the stored verdict.
    pub rules: BTreeMap<String, RuleState>,
    /// When Vigil wrote this state.
    pub updated_at: DateTime<Utc>,
    /// Deliveries not yet confirmed.
    #[serde(default, skip_serializing_if = "Outbox::is_empty")]
    pub outbox: Outbox,
}

/// One entry of a resource's evidence timeline: a rule's status changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Which resource.
    pub resource: ResourceRef,
    /// The rule.
    pub rule: String,
    /// The status before (`None`: first evaluation).
    pub from: Option<Status>,
    /// The status after (`None`: the resource was deleted and the finding archived).
    pub to: Option<Status>,
    /// Severity at the time.
    pub severity: Severity,
    /// Why, in plain words.
    pub reason: String,
    /// When the configuration was captured.
    pub captured_at: DateTime<Utc>,
    /// When Vigil recorded it.
    pub recorded_at: DateTime<Utc>,
    /// The source kind, event id and what happened.
    pub source: SourceKind,
    /// The event id.
    pub event_id: String,
    /// What happened (`configuration item OK`, `rds.amazonaws.com ModifyDBInstance`).
    pub what: String,
    /// Who, where CloudTrail said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// The accepted risk, when the change suppressed the finding: who accepted it, why and until
    /// when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
}
