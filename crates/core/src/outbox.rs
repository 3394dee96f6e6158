//! The outbox: deliveries decided but not yet confirmed, stored with the resource's state as
//! delivery intents (facts, not text; [`crate::delivery::render`] renders them at delivery).
//!
//! It is bounded: a finding intent replaces the pending one of the same rule (Security Hub keeps
//! one finding per rule and resource, so only the newest matters), and an alert intent replaces
//! the pending one of the same kind and rules. However long delivery keeps failing, an outbox
//! holds at most one finding per rule and two alerts per rule, plus one deletion alert.

use crate::accept::Acceptance;
use crate::asff::{self, RecordState};
use crate::fix::FixInputs;
use crate::message::{Alert, AlertKind};
use crate::observation::Provenance;
use crate::vocabulary::{Severity, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A finding to import: the facts its ASFF is rendered from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingIntent {
    /// The rule id (with the resource, the finding's identity).
    pub rule: String,
    /// The verdict.
    pub status: Status,
    /// The severity for this resource.
    pub severity: Severity,
    /// Why, in plain words.
    pub reason: String,
    /// When the rule was first evaluated for this resource.
    pub first_seen: DateTime<Utc>,
    /// Live or archived.
    pub record_state: RecordState,
    /// When Vigil decided it (the finding's `UpdatedAt`).
    pub decided_at: DateTime<Utc>,
    /// The observation that caused it.
    pub provenance: Provenance,
    /// What the rule's fix needs from the resource's description (identifiers, never values
    /// of the configuration), so the exact fix is rendered at delivery; empty when the
    /// resource was not present or the description supplied none (absent in states written
    /// before fixes existed, which read as empty).
    #[serde(default, skip_serializing_if = "FixInputs::is_empty")]
    pub fix_inputs: FixInputs,
    /// The finding's workflow to set after its import (`BatchImportFindings` cannot change a
    /// finding's workflow): suppressed while an accepted risk holds, back to new when it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<Workflow>,
}

/// A finding's workflow change, set with Security Hub's `BatchUpdateFindings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Workflow {
    /// `SUPPRESSED`, with the accepted risk in the note.
    Suppressed {
        /// The acceptance.
        accepted: Acceptance,
    },
    /// `NEW`: the accepted risk ended.
    New {
        /// Why (`the accepted risk ended on 2027-03-31`).
        note: String,
    },
    /// `RESOLVED`: a suppressed finding now passes, so its `SUPPRESSED` workflow no longer
    /// describes it.
    Resolved {
        /// Why (`fixed while its risk was accepted`).
        note: String,
    },
}

/// An alert to send: the facts its text is rendered from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertIntent {
    /// Failing, resolved or deleted.
    pub kind: AlertKind,
    /// The rule (failing, resolved) or the rules whose open failures were closed (deleted).
    pub rules: Vec<String>,
    /// The severity the alert carries.
    pub severity: Severity,
    /// Why (the verdict's reason; empty for a deletion).
    pub reason: String,
    /// The observation that caused it.
    pub provenance: Provenance,
    /// What the rule's fix needs from the resource's description (see
    /// [`FindingIntent::fix_inputs`]).
    #[serde(default, skip_serializing_if = "FixInputs::is_empty")]
    pub fix_inputs: FixInputs,
    /// A resolved alert whose rule no longer applies (the failing setting is gone, such as a
    /// deleted function URL), rather than one that now passes. Absent in older intents: passes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_longer_applies: bool,
}

/// Findings and alerts already rendered by schema 1 of the state (before intents), delivered
/// as they are. Nothing new is ever added here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// ASFF findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<asff::Finding>,
    /// Alerts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}

impl Rendered {
    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.alerts.is_empty()
    }
}

/// Deliveries decided but not yet confirmed: written with the state (one conditional write),
/// delivered after it, and cleared once delivered. A retry of the same event delivers what a
/// failed attempt left here, so a committed transition is never lost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Findings to import into Security Hub, at most one per rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingIntent>,
    /// Alerts to publish, at most one per kind and rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<AlertIntent>,
    /// Deliveries rendered by an earlier schema, still to deliver.
    #[serde(default, skip_serializing_if = "Rendered::is_empty")]
    pub rendered: Rendered,
}

impl Outbox {
    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.alerts.is_empty() && self.rendered.is_empty()
    }

    /// How many findings will be imported.
    pub fn finding_count(&self) -> usize {
        self.findings.len() + self.rendered.findings.len()
    }

    /// How many alerts will be sent.
    pub fn alert_count(&self) -> usize {
        self.alerts.len() + self.rendered.alerts.len()
    }

    /// Adds a finding, replacing a pending one of the same rule.
    pub fn push_finding(&mut self, intent: FindingIntent) {
        self.findings.retain(|f| f.rule != intent.rule);
        self.findings.push(intent);
    }

    /// Adds an alert, replacing a pending one of the same kind and rules.
    pub fn push_alert(&mut self, intent: AlertIntent) {
        self.alerts
            .retain(|a| !(a.kind == intent.kind && a.rules == intent.rules));
        self.alerts.push(intent);
    }

    /// Adds another outbox's deliveries after this one's (older first), keeping the bounds.
    pub fn append(&mut self, other: Outbox) {
        for finding in other.findings {
            self.push_finding(finding);
        }
        for alert in other.alerts {
            self.push_alert(alert);
        }
        self.rendered.findings.extend(other.rendered.findings);
        self.rendered.alerts.extend(other.rendered.alerts);
    }
}
