//! Rules over account activity (`Vigil::CloudTrail::Activity`, [`crate::resources::activity`]):
//! each judges one event, once. They fail with `Informational` severity, so the finding is
//! informational (it records what happened; there is nothing to resolve), and `decide` alerts on
//! them whatever the alert threshold: the alert is the point. One event fails at most one of
//! them, so it gives one alert.

pub mod failed_sign_ins;
pub mod root_user_used;
pub mod sign_in_without_mfa;

use crate::resource::Resource;
use crate::resources::activity::Activity;

/// The activity inside a resource.
pub(crate) fn activity(resource: &Resource) -> Option<&Activity> {
    if let Resource::Activity(a) = resource {
        Some(a)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::resources::activity::{Activity, ActivityKind};
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;

    /// Evaluates `rule` on an activity of this kind.
    pub fn eval(rule: &dyn Rule, kind: ActivityKind) -> Verdict {
        let a = Activity {
            kind,
            event_source: "signin.amazonaws.com".into(),
            event_name: "ConsoleLogin".into(),
            mfa_used: Some(false),
            burst: None,
            tags: crate::fact::Fact::Unknown,
        };
        rule.evaluate(
            &Resource::Activity(a),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }
}
