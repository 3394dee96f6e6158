//! Evaluation: one resource against every rule for its type.

use crate::observation::{Observation, ObservedState};
use crate::resource::Resource;
use crate::rules::{self, Context, RuleMeta, Severity};
use crate::settings::Settings;
use crate::verdict::Verdict;

/// One rule's verdict for one resource, with the severity it carries for this resource.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleOutcome {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// Its verdict.
    pub verdict: Verdict,
    /// The severity of a failure of this rule on this resource.
    pub severity: Severity,
}

/// Evaluates every rule for the resource's type.
pub fn evaluate(resource: &Resource, settings: &Settings) -> Vec<RuleOutcome> {
    let ctx = Context { settings };
    rules::for_type(resource.type_name())
        .map(|rule| RuleOutcome {
            rule: rule.meta(),
            verdict: rule.evaluate(resource, &ctx),
            severity: rule.meta().severity,
        })
        .collect()
}

/// What an observation amounts to once evaluated.
#[derive(Clone, Debug, PartialEq)]
pub enum Assessment {
    /// The resource exists; these are the rules' outcomes.
    Present(Vec<RuleOutcome>),
    /// The resource is gone.
    Deleted,
}

/// Assesses an observation, or `None` when its configuration must first be fetched
/// ([`ObservedState::NeedsFetch`]).
pub fn assess(observation: &Observation, settings: &Settings) -> Option<Assessment> {
    match &observation.state {
        ObservedState::Present(resource) => Some(Assessment::Present(evaluate(resource, settings))),
        ObservedState::Deleted => Some(Assessment::Deleted),
        ObservedState::NeedsFetch { .. } => None,
    }
}
