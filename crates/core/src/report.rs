//! [`Report`]: the outcome of one input, as `vigil evaluate --format json` prints it (one JSON
//! object per line) and as the Lambda logs it. The shape is a contract users' scripts rely on:
//! `input`, `resource`, `deleted`, `skipped`, `error`, `findings` are always present.

use crate::accept::Acceptance;
use crate::decide::{Decision, Transition};
use crate::evaluate::Assessment;
use crate::fix::{self, FixInputs, RenderedFix};
use crate::json::FieldWarning;
use crate::observation::{Actor, Observation, ObservedState, SourceKind};
use crate::resource::ResourceRef;
use crate::verdict::Verdict;
use crate::vocabulary::{RuleMeta, Severity, Status};
use serde::Serialize;

/// One rule's verdict in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    /// The rule id.
    pub rule: String,
    /// FSBP control ids (empty for Vigil's own rules).
    pub controls: Vec<String>,
    /// `PASSED`, `FAILED`, `NOT_APPLICABLE`, or `SUPPRESSED` (failing, with an accepted risk
    /// holding it: see `accepted`).
    pub status: Status,
    /// The severity of a failure of this rule on this resource.
    pub severity: Severity,
    /// The rule's title.
    pub title: String,
    /// `new`, `unchanged` or `resolved`, against the stored state.
    pub transition: Transition,
    /// Why, in plain words.
    pub reason: String,
    /// UK GDPR articles.
    pub gdpr: Vec<String>,
    /// The exact fix for this resource (console path, AWS CLI command, caution, and any input
    /// the description lacked): on failing findings only, omitted otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<RenderedFix>,
    /// The accepted risk holding a `SUPPRESSED` finding (who, until when, why); omitted
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
}

impl ReportFinding {
    fn new(
        rule: &RuleMeta,
        status: Status,
        severity: Severity,
        transition: Transition,
        reason: String,
        fix: impl FnOnce(&RuleMeta) -> Option<RenderedFix>,
    ) -> Self {
        ReportFinding {
            fix: if status == Status::Failed {
                fix(rule)
            } else {
                None
            },
            rule: rule.id.to_string(),
            controls: rule.controls.iter().map(|s| s.to_string()).collect(),
            status,
            severity,
            title: rule.title.to_string(),
            transition,
            reason,
            gdpr: rule.gdpr.iter().map(|s| s.to_string()).collect(),
            accepted: None,
        }
    }
}

/// A rule that reached no verdict, and the inputs it lacked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportUndetermined {
    /// The rule id.
    pub rule: String,
    /// The unknown inputs.
    pub missing: Vec<String>,
}

/// The outcome of one input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Which input (a file path, `stdin:N`, an event id).
    pub input: String,
    /// The resource, when the input named one.
    pub resource: Option<ResourceRef>,
    /// Whether the input says the resource was deleted.
    pub deleted: bool,
    /// Why the input was not evaluated, when it was valid but not for Vigil.
    pub skipped: Option<String>,
    /// What was wrong with the input, when it could not be used.
    pub error: Option<String>,
    /// Every rule that reached a verdict, failing first.
    pub findings: Vec<ReportFinding>,
    /// Rules that reached no verdict for want of inputs.
    pub undetermined: Vec<ReportUndetermined>,
    /// Which kind of source the input was.
    pub source: Option<SourceKind>,
    /// Who made the change, where CloudTrail says.
    pub actor: Option<Actor>,
    /// Set when the stored state is newer than the input, or the input was already applied:
    /// the verdicts are shown but nothing changed.
    pub stale: Option<String>,
    /// Set when the resource was not visible yet, or still settling, when the input was
    /// handled (why): nothing was judged or stored, and the input is to be checked again later.
    /// Optional in the JSON: omitted when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recheck: Option<String>,
    /// Fields of the input that were set aside (a wrong type, a value that is not a date), each
    /// with why: they are unknown, so the rules that need them are undetermined. Optional in
    /// the JSON: omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<FieldWarning>,
    /// The root user's use in the same call, when the call was also evaluated for its resource
    /// (`sources::Read::root_use`): its own report, with its `root-user-activity` finding.
    /// Optional in the JSON: omitted when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_use: Option<Box<Report>>,
    /// The account, described again beside the call's resource when the call may change an
    /// account-level verdict (`sources::Read::account`): its own report. Optional in the JSON:
    /// omitted when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Box<Report>>,
}

impl Report {
    fn blank(input: &str) -> Self {
        Report {
            input: input.to_string(),
            resource: None,
            deleted: false,
            skipped: None,
            error: None,
            findings: Vec::new(),
            undetermined: Vec::new(),
            source: None,
            actor: None,
            stale: None,
            recheck: None,
            warnings: Vec::new(),
            root_use: None,
            account: None,
        }
    }

    /// An input that could not be used.
    pub fn error(input: &str, message: impl Into<String>) -> Self {
        Report {
            error: Some(message.into()),
            ..Report::blank(input)
        }
    }

    /// A valid input with nothing to evaluate.
    pub fn skipped(input: &str, reason: impl Into<String>, resource: Option<ResourceRef>) -> Self {
        Report {
            skipped: Some(reason.into()),
            resource,
            ..Report::blank(input)
        }
    }

    /// An input whose resource is not visible yet or still settling: skipped for now, to be
    /// checked again (`recheck` and `skipped` both say why).
    pub fn not_yet_visible(input: &str, reason: impl Into<String>, resource: ResourceRef) -> Self {
        let reason = reason.into();
        Report {
            skipped: Some(reason.clone()),
            recheck: Some(reason),
            resource: Some(resource),
            ..Report::blank(input)
        }
    }

    /// An evaluated observation and what was decided.
    pub fn evaluated(
        input: &str,
        observation: &Observation,
        assessment: &Assessment,
        decision: &Decision,
    ) -> Self {
        let mut report = Report {
            resource: Some(observation.resource.clone()),
            deleted: matches!(assessment, Assessment::Deleted),
            source: Some(observation.origin.kind),
            actor: observation.origin.actor.clone(),
            warnings: observation.warnings.clone(),
            ..Report::blank(input)
        };
        let inputs = match &observation.state {
            ObservedState::Present(resource) => FixInputs::of(resource),
            _ => FixInputs::none(),
        };
        let fix = |rule: &RuleMeta| fix::for_rule(rule, &observation.resource, &inputs);
        match decision {
            Decision::Apply(applied) => {
                report.findings = applied
                    .changes
                    .iter()
                    .map(|c| ReportFinding {
                        accepted: c.accepted.clone(),
                        ..ReportFinding::new(
                            c.rule,
                            c.status,
                            c.severity,
                            c.transition,
                            c.reason.clone(),
                            fix,
                        )
                    })
                    .collect();
                report.warnings.extend(applied.warnings.iter().cloned());
                report.undetermined = applied
                    .undetermined
                    .iter()
                    .map(|u| ReportUndetermined {
                        rule: u.rule.to_string(),
                        missing: u.missing.clone(),
                    })
                    .collect();
            }
            Decision::Stale { reason, held } => {
                report.stale = Some(reason.clone());
                if let Assessment::Present(outcomes) = assessment {
                    for o in outcomes {
                        let Some(status) = o.verdict.status() else {
                            if let Verdict::Undetermined { missing } = &o.verdict {
                                report.undetermined.push(ReportUndetermined {
                                    rule: o.rule.id.to_string(),
                                    missing: missing.clone(),
                                });
                            }
                            continue;
                        };
                        // What the stored state holds for the rule (what was decided), e.g.
                        // SUPPRESSED under an accepted risk; the raw verdict only where the
                        // state has none for it.
                        report.findings.push(match held.get(o.rule.id) {
                            Some(stored) => ReportFinding {
                                accepted: stored.accepted.clone(),
                                ..ReportFinding::new(
                                    o.rule,
                                    stored.status,
                                    stored.severity,
                                    Transition::Unchanged,
                                    stored.reason.clone(),
                                    fix,
                                )
                            },
                            None => ReportFinding::new(
                                o.rule,
                                status,
                                o.severity,
                                Transition::Unchanged,
                                o.verdict.reason(),
                                fix,
                            ),
                        });
                    }
                }
            }
        }
        report
            .findings
            .sort_by_key(|f| (f.status != Status::Failed, std::cmp::Reverse(f.severity)));
        report
    }

    /// Whether any finding failed.
    pub fn has_failure(&self) -> bool {
        self.findings.iter().any(|f| f.status == Status::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::decide;
    use crate::evaluate::assess;
    use crate::lookups::Lookups;
    use crate::settings::Settings;
    use crate::sources::{parse_event, Parsed};

    fn report_of(path: &str) -> Report {
        let text = std::fs::read_to_string(format!(
            "{}/../../events/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let Parsed::Observation(o) = parse_event(&serde_json::from_str(&text).unwrap()).unwrap()
        else {
            panic!("not an observation")
        };
        let settings = Settings::default();
        let assessment = assess(&o, &settings, &Lookups::none()).unwrap();
        let decision = decide(None, &o, &assessment, &settings, o.captured_at);
        Report::evaluated(path, &o, &assessment, &decision)
    }

    #[test]
    fn failing_findings_carry_their_fix_for_this_resource_and_others_none() {
        let r = report_of("config/ec2/security-group-database-open.json");
        let failing: Vec<&ReportFinding> = r
            .findings
            .iter()
            .filter(|f| f.status == Status::Failed)
            .collect();
        assert!(!failing.is_empty());
        for f in &failing {
            let fix = f
                .fix
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no fix", f.rule));
            assert!(fix.missing.is_empty(), "{}: {:?}", f.rule, fix.missing);
            assert!(
                fix.command.contains("--region eu-west-2"),
                "{}",
                fix.command
            );
        }
        let db = failing
            .iter()
            .find(|f| f.rule == "ec2-security-group-database-ports-open")
            .unwrap();
        let command = &db.fix.as_ref().unwrap().command;
        assert!(command.contains("--ip-permissions '[{"), "{command}");
        assert!(command.contains("0.0.0.0/0"), "{command}");
        assert!(r
            .findings
            .iter()
            .filter(|f| f.status != Status::Failed)
            .all(|f| f.fix.is_none()));
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["findings"][0]["fix"]["command"].is_string());
    }
}
