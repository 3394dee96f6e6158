//! Vigil watches itself: one rule per prerequisite of Vigil's own deployment
//! (`Vigil::Deployment`, [`crate::resources::deployment`]), judged at the start of every sweep
//! run. They are Vigil's own rules and name no Security Hub control. A prerequisite that breaks
//! fails its rule (one alert); mended, it passes again (one resolved alert); unchanged, nothing
//! is sent. A prerequisite that could not be read is undetermined and changes nothing stored.

pub mod alert_subscription_confirmed;
pub mod dead_letter_queue_empty;
pub mod event_rules_enabled;
pub mod security_hub_enabled;
pub mod trail_logging;

use crate::resource::Resource;
use crate::resources::deployment::Deployment;

/// The deployment inside a resource.
pub(crate) fn deployment(resource: &Resource) -> Option<&Deployment> {
    if let Resource::Deployment(d) = resource {
        Some(d)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::resources::deployment::tests::{healthy, parse};
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;

    /// The rule's verdict on the healthy description with `change` applied.
    pub fn eval(rule: &dyn Rule, change: impl FnOnce(&mut serde_json::Value)) -> Verdict {
        let mut v = healthy();
        change(&mut v);
        rule.evaluate(
            &Resource::Deployment(parse(&v)),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    /// The rule's verdict on another resource type.
    pub fn eval_other(rule: &dyn Rule) -> Verdict {
        crate::rules::test_support::eval(rule, serde_json::json!({"dBInstanceIdentifier": "db"}))
    }
}
