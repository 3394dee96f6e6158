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
use crate::message::{self, Alert, AlertKind, AlertRule};
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
/// order they were decided (schema-1 deliveries first).
pub fn render(state: &ResourceState) -> Rendered {
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
            .map(|intent| render_alert(resource, intent)),
    );
    out
}

/// One finding intent as ASFF.
pub fn render_finding(resource: &ResourceRef, intent: &FindingIntent) -> asff::Finding {
    asff::finding(&asff::FindingInput {
        resource,
        rule_id: &intent.rule,
        rule: meta_or_retired(&intent.rule),
        status: intent.status,
        severity: intent.severity,
        reason: &intent.reason,
        first_seen: intent.first_seen,
        now: intent.decided_at,
        record_state: intent.record_state,
        provenance: &intent.provenance,
    })
}

/// One alert intent as the owner's message.
pub fn render_alert(resource: &ResourceRef, intent: &AlertIntent) -> Alert {
    let provenance = &intent.provenance;
    let first = intent.rules.first().map_or("", String::as_str);
    let rule = AlertRule {
        id: first,
        meta: meta_or_retired(first),
    };
    match intent.kind {
        AlertKind::Failing => {
            // The rendered fix (crates/core/src/fix.rs) is passed here once the intents carry it.
            let rendered_fix: Option<String> = None;
            message::failing(
                resource,
                provenance,
                rule,
                intent.severity,
                &intent.reason,
                rendered_fix,
            )
        }
        AlertKind::Resolved => {
            message::resolved(resource, provenance, rule, intent.severity, &intent.reason)
        }
        AlertKind::Deleted => {
            let closed: Vec<&'static RuleMeta> =
                intent.rules.iter().map(|id| meta_or_retired(id)).collect();
            message::deleted(resource, provenance, &closed)
        }
    }
}
