//! Evaluation: one resource against every rule for its type.

use crate::data::{self, Classification};
use crate::lookups::Lookups;
use crate::observation::{Observation, ObservedState};
use crate::resource::Resource;
use crate::rules::{self, Context};
use crate::settings::Settings;
use crate::verdict::Verdict;
use crate::vocabulary::{RuleMeta, Severity};

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
/// (see [`needed`]) and no observation time (rules that judge an age are
/// undetermined); [`assess`] evaluates an observation at its capture time.
pub fn evaluate(resource: &Resource, settings: &Settings, lookups: &Lookups) -> Vec<RuleOutcome> {
    evaluate_in(resource, &Context::new(settings, lookups))
}

/// Evaluates every rule for the resource's type in the given context.
pub fn evaluate_in(resource: &Resource, ctx: &Context<'_>) -> Vec<RuleOutcome> {
    rules::for_type(resource.type_name())
        .map(|rule| RuleOutcome {
            rule: rule.meta(),
            verdict: rule.evaluate(resource, ctx),
            severity: rule.meta().severity,
        })
        .collect()
}

/// Data-aware severity ([`crate::data`]): raises the severity of a classified resource's failing
/// outcomes and says why in their reason, once for every rule.
fn classify_failures(outcomes: &mut [RuleOutcome], resource: &Resource, settings: &Settings) {
    let Some(class) = Classification::of(resource.tags(), settings).get().cloned() else {
        return;
    };
    let steps = class.raise_by();
    if steps == 0 {
        return;
    }
    let label = class.label.clone().unwrap_or_default();
    for outcome in outcomes {
        if let Verdict::Failed { reason, .. } = &mut outcome.verdict {
            let raised = data::raise(outcome.severity, steps);
            if raised != outcome.severity {
                reason.push_str(&format!(
                    " [severity raised from {} to {raised}: tagged {label}",
                    outcome.severity
                ));
            } else {
                reason.push_str(&format!(" [tagged {label}"));
            }
            if class.personal {
                reason.push_str("; holds personal data, UK GDPR applies");
            }
            reason.push(']');
            outcome.severity = raised;
        }
    }
}

/// The lookups every rule for this resource needs, deduplicated.
pub fn needed(resource: &Resource) -> std::collections::BTreeSet<crate::lookups::LookupKey> {
    rules::for_type(resource.type_name())
        .flat_map(|rule| rule.lookups(resource))
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
            let ctx = Context::new(settings, lookups).at(observation.captured_at);
            let mut outcomes = evaluate_in(resource, &ctx);
            for outcome in &mut outcomes {
                if outcome
                    .rule
                    .id
                    .starts_with(rules::data_residency::ID_PREFIX)
                {
                    outcome.verdict = rules::data_residency::verdict(
                        resource,
                        &observation.resource.region,
                        settings,
                    );
                }
            }
            classify_failures(&mut outcomes, resource, settings);
            Some(Assessment::Present(outcomes))
        }
        ObservedState::Deleted => Some(Assessment::Deleted),
        ObservedState::NeedsFetch { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{parse_event, Parsed};
    use serde_json::json;

    fn observation(tags: serde_json::Value, region: &str) -> Observation {
        let v = json!({
            "version": "0", "id": "e1", "detail-type": "Config Configuration Item Change",
            "source": "aws.config", "account": "123456789012", "time": "2026-11-23T09:00:00Z",
            "region": region, "resources": [],
            "detail": {"messageType": "ConfigurationItemChangeNotification", "configurationItem": {
                "configurationItemCaptureTime": "2026-11-23T09:00:00Z", "configurationItemStatus": "OK",
                "awsAccountId": "123456789012", "awsRegion": region,
                "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-ABC", "resourceName": "orders-db",
                "ARN": format!("arn:aws:rds:{region}:123456789012:db:orders-db"), "tags": tags,
                "configuration": {"dBInstanceIdentifier": "orders-db", "engine": "postgres",
                                  "publiclyAccessible": true, "deletionProtection": false}}}
        });
        match parse_event(&v).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn outcomes(obs: &Observation, settings: &Settings) -> Vec<RuleOutcome> {
        match assess(obs, settings, &Lookups::none()) {
            Some(Assessment::Present(o)) => o,
            other => panic!("{other:?}"),
        }
    }

    fn outcome<'a>(all: &'a [RuleOutcome], id: &str) -> &'a RuleOutcome {
        all.iter().find(|o| o.rule.id == id).unwrap()
    }

    #[test]
    fn a_restricted_resource_fails_two_levels_higher_and_says_why() {
        let all = outcomes(
            &observation(json!({"DataClassification": "Restricted"}), "eu-west-2"),
            &Settings::default(),
        );
        let rds8 = outcome(&all, "rds-instance-deletion-protection");
        assert_eq!(rds8.rule.severity, Severity::Low);
        assert_eq!(rds8.severity, Severity::High);
        assert!(
            rds8.verdict.reason().contains("raised from LOW to HIGH"),
            "{:?}",
            rds8.verdict
        );
        assert_eq!(
            outcome(&all, "rds-instance-public-access").severity,
            Severity::Critical
        );
    }

    #[test]
    fn personal_data_is_marked_gdpr_relevant_and_unclassified_data_is_unchanged() {
        let all = outcomes(
            &observation(json!({"PersonalData": "true"}), "eu-west-2"),
            &Settings::default(),
        );
        let rds8 = outcome(&all, "rds-instance-deletion-protection");
        assert_eq!(rds8.severity, Severity::Medium);
        assert!(rds8.verdict.reason().contains("UK GDPR"));
        let plain = outcomes(
            &observation(json!({"Team": "ops"}), "eu-west-2"),
            &Settings::default(),
        );
        assert_eq!(
            outcome(&plain, "rds-instance-deletion-protection").severity,
            Severity::Low
        );
    }

    #[test]
    fn residency_is_judged_with_the_observations_region() {
        let settings = Settings {
            allowed_regions: vec!["eu-west-2".into()],
            ..Settings::default()
        };
        let abroad = outcomes(
            &observation(json!({"DataClassification": "Personal"}), "us-east-1"),
            &settings,
        );
        assert!(matches!(
            outcome(&abroad, "data-residency-rds-instance").verdict,
            Verdict::Failed { .. }
        ));
        let home = outcomes(
            &observation(json!({"DataClassification": "Personal"}), "eu-west-2"),
            &settings,
        );
        assert!(matches!(
            outcome(&home, "data-residency-rds-instance").verdict,
            Verdict::Passed { .. }
        ));
    }
}
