//! Evaluation: one resource against every rule for its type.

use crate::lookups::Lookups;
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

/// Evaluates every rule for the resource's type, with the lookups the shell could answer
/// (see [`crate::lookups::needed`]).
pub fn evaluate(resource: &Resource, settings: &Settings, lookups: &Lookups) -> Vec<RuleOutcome> {
    let ctx = Context { settings, lookups };
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
pub fn assess(
    observation: &Observation,
    settings: &Settings,
    lookups: &Lookups,
) -> Option<Assessment> {
    match &observation.state {
        ObservedState::Present(resource) => {
            Some(Assessment::Present(evaluate(resource, settings, lookups)))
        }
        ObservedState::Deleted => Some(Assessment::Deleted),
        ObservedState::NeedsFetch { .. } => None,
    }
}
