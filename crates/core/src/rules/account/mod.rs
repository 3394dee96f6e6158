//! Rules for the AWS account itself (`AWS::::Account`): Security Hub's account-level IAM
//! controls over the root user and the password policy. They are periodic in Security Hub and
//! AWS Config does not record the account, so Vigil judges them at each sweep (the kind is read
//! by the sweep only: `vigil_aws::list::account`).
//!
//! Config.1 ([`config_enabled`], over every monitored Region's configuration recorders, with
//! the recording of the enabled controls' resource types approximated). Also Account.1 (a security alternate contact, Account Management's `GetAlternateContact`,
//! [`security_contact`]) and GuardDuty.1 (`rules::guardduty::account`, over every monitored
//! Region's detectors); see docs/coverage.md.

pub mod config_enabled;
pub mod password_policy;
pub mod root_access_key;
pub mod root_hardware_mfa;
pub mod root_mfa;
pub mod security_contact;

use crate::resource::Resource;
use crate::resources::account::Account;

/// The account inside a resource, for the rules of `AWS::::Account`.
pub(crate) fn account(resource: &Resource) -> Option<&Account> {
    if let Resource::Account(a) = resource {
        Some(a)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;

    /// Evaluates `rule` on the account described by `config`.
    pub fn eval(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        let a = Account::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        rule.evaluate(
            &Resource::Account(a),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }
}
