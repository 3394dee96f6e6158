//! Delivery intents: what a decision says must reach Security Hub and the owner, stored with the
//! state (its [`Outbox`]) as facts, and rendered into ASFF findings and alert text only when they
//! are delivered ([`render`]). A change of wording or of the ASFF mapping therefore never changes
//! what is stored.
//!
//! The outbox is bounded: a finding intent replaces the pending one of the same rule (Security
//! Hub keeps one finding per rule and resource, so only the newest matters), and an alert intent
//! replaces the pending one of the same kind and rules. However long delivery keeps failing, an
//! outbox holds at most one finding per rule and two alerts per rule, plus one deletion alert.

pub use crate::outbox::{AlertIntent, FindingIntent, Outbox, Rendered};

use crate::asff;
use crate::fix;
use crate::message::{self, Alert, AlertKind, AlertRule};
use crate::outbox::Workflow;
use crate::resource::ResourceRef;
use crate::rules::by_id;
use crate::state::ResourceState;
use crate::vocabulary::{RuleMeta, Severity};

/// The text used for a rule this version of Vigil no longer has: its finding is archived under
/// its old id (and a pending alert still delivered), with this title and explanation.
pub static RETIRED: RuleMeta = RuleMeta {
    id: "retired-rule",
    title: "A rule that this version of Vigil no longer has",
    severity: Severity::Informational,
    resource_type: "",
    controls: &[],
    gdpr: &[],
    cyber_essentials: None,
    passes_when: "",
    rationale: "Vigil no longer evaluates this rule, so its finding is archived.",
    remediation: "Nothing to do: the rule was removed from Vigil's catalogue.",
    fix: None,
    source: "Vigil",
};

/// A rule's metadata, or [`RETIRED`]'s for a rule this version no longer has.
pub fn meta_or_retired(rule_id: &str) -> &'static RuleMeta {
    by_id(rule_id).map_or(&RETIRED, |rule| rule.meta())
}

/// Renders a stored state's outbox: the ASFF findings to import and the alerts to send, in the
/// order they were decided (schema-1 deliveries first). The alerts point at the resource's own
/// Region's Security Hub; [`render_in`] names the Region the findings are filed in.
pub fn render(state: &ResourceState) -> Rendered {
    render_in(state, None)
}

/// [`render`], with the alerts pointing at the Security Hub of `hub_region`, where the deliverer
/// files every finding (the stack's Region; `None`: the resource's).
pub fn render_in(state: &ResourceState, hub_region: Option<&str>) -> Rendered {
    let resource = &state.resource;
    let mut out = state.outbox.rendered.clone();
    out.findings.extend(
        state
            .outbox
            .findings
            .iter()
            .map(|intent| render_finding(resource, intent)),
    );
    out.alerts.extend(
        state
            .outbox
            .alerts
            .iter()
            .map(|intent| render_alert(resource, intent, hub_region)),
    );
    out
}

/// A finding's workflow to set after its import (Security Hub `BatchUpdateFindings`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowUpdate {
    /// The finding's ASFF `Id`.
    pub finding_id: String,
    /// The finding's `ProductArn`.
    pub product_arn: String,
    /// `SUPPRESSED` or `NEW`.
    pub status: &'static str,
    /// The note: the accepted risk (who, until when, why), or why it ended. At most
    /// [`NOTE_MAX`] characters.
    pub note: String,
}

/// Security Hub's limit on a note's text.
pub const NOTE_MAX: usize = 512;

/// The workflow changes a stored state's outbox asks for, in order, after its findings are
/// imported.
pub fn workflow_updates(state: &ResourceState) -> Vec<WorkflowUpdate> {
    let resource = &state.resource;
    state
        .outbox
        .findings
        .iter()
        .filter_map(|intent| {
            let (status, note) = match intent.workflow.as_ref()? {
                Workflow::Suppressed { accepted } => (
                    "SUPPRESSED",
                    format!("Accepted risk: {}", accepted.describe()),
                ),
                Workflow::New { note } => ("NEW", note.clone()),
                Workflow::Resolved { note } => ("RESOLVED", note.clone()),
            };
            Some(WorkflowUpdate {
                finding_id: asff::finding_id(resource, &intent.rule),
                product_arn: asff::product_arn(resource),
                status,
                note: note.chars().take(NOTE_MAX).collect(),
            })
        })
        .collect()
}

/// One finding intent as ASFF.
pub fn render_finding(resource: &ResourceRef, intent: &FindingIntent) -> asff::Finding {
    let rule = meta_or_retired(&intent.rule);
    let fix = intent
        .status
        .is_failing()
        .then(|| fix::for_rule(rule, resource, &intent.fix_inputs))
        .flatten();
    asff::finding(&asff::FindingInput {
        resource,
        rule_id: &intent.rule,
        rule,
        status: intent.status,
        severity: intent.severity,
        reason: &intent.reason,
        first_seen: intent.first_seen,
        now: intent.decided_at,
        record_state: intent.record_state,
        provenance: &intent.provenance,
        fix: fix.as_ref(),
    })
}

/// One alert intent as the owner's message, pointing at the Security Hub of `hub_region` (see
/// [`render_in`]).
pub fn render_alert(
    resource: &ResourceRef,
    intent: &AlertIntent,
    hub_region: Option<&str>,
) -> Alert {
    let provenance = &intent.provenance;
    let first = intent.rules.first().map_or("", String::as_str);
    let meta = meta_or_retired(first);
    let fix = (intent.kind == AlertKind::Failing)
        .then(|| fix::for_rule(meta, resource, &intent.fix_inputs))
        .flatten();
    let rule = AlertRule {
        id: first,
        meta,
        fix: fix.as_ref(),
        hub_region,
    };
    match intent.kind {
        AlertKind::Failing => {
            message::failing(resource, provenance, rule, intent.severity, &intent.reason)
        }
        AlertKind::Resolved => message::resolved(
            resource,
            provenance,
            rule,
            intent.severity,
            &intent.reason,
            intent.no_longer_applies,
        ),
        AlertKind::Deleted => {
            let closed: Vec<&'static RuleMeta> =
                intent.rules.iter().map(|id| meta_or_retired(id)).collect();
            message::deleted(resource, provenance, &closed)
        }
    }
}
