//! CloudTrail trails: FSBP CloudTrail.2, CloudTrail.4 and CloudTrail.5 per trail, whether a
//! trail is logging and what a multi-Region trail records (Vigil's own rules, which a
//! `StopLogging` or a weakening `PutEventSelectors` fails in seconds), and CloudTrail.1 over all
//! of an account's trails ([`account`], for the sweep).

pub mod account;
pub mod cloudwatch_logs;
pub mod log_file_validation;
pub mod management_events;
pub mod trail_encrypted;
pub mod trail_logging;

use crate::resource::Resource;
use crate::resources::cloudtrail_trail::Trail;

/// The trail inside a resource, for the rules of `AWS::CloudTrail::Trail`.
pub(crate) fn trail(resource: &Resource) -> Option<&Trail> {
    if let Resource::Trail(t) = resource {
        Some(t)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Trails from literal configuration JSON.
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;

    pub fn trail(config: serde_json::Value) -> Resource {
        Resource::Trail(Trail::parse(Obj::new(&config, "configuration").unwrap()).unwrap())
    }

    pub fn eval(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        rule.evaluate(
            &trail(config),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }
}
