//! FSBP Account.1 — Security contact information should be provided for an AWS account.
//!
//! Source: AWS Security Hub user guide, account controls, [Account.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/account-controls.html#account-1>):
//! severity Medium, resource type `AWS::::Account`, periodic, no parameters; "The control fails
//! if security contact information is not provided for the account." AWS Config managed rule
//! `security-account-information-provided`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/security-account-information-provided.html>):
//! NON_COMPLIANT "if security contact information within the account is not provided".
//!
//! The security contact is the account's alternate contact of type `SECURITY`, read with the
//! Account Management API's `GetAlternateContact` (`ResourceNotFoundException`: none). The
//! account's description keeps only whether one exists (`SecurityContact`), never the
//! contact's name, e-mail address or phone number. Periodic in Security Hub, and no CloudTrail
//! call of the Account Management API is routed to Vigil: judged at each sweep.

use super::account;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Account.1.
pub struct Account1;

static META: RuleMeta = RuleMeta {
    id: "account-security-contact",
    title: "The AWS account should have a security contact",
    severity: Severity::Medium,
    resource_type: "AWS::::Account",
    controls: &["Account.1"],
    gdpr: &["Art. 33(1)", "Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "GetAlternateContact with AlternateContactType SECURITY returns a contact",
    rationale: "AWS writes to the security contact when it sees the account abused or its keys exposed in public. Without one, that warning goes only to the root user's address, which is often an unread mailbox, and a breach of personal data that must be reported within 72 hours is found late.",
    remediation: "Add a security alternate contact that a team reads (a shared mailbox and an on-call phone number), in the console's Account page or with aws account put-alternate-contact.",
    fix: Some(crate::fix::Fix {
        console: "Account menu > Account > Alternate contacts > Edit > Security contact",
        command: "aws account put-alternate-contact --alternate-contact-type SECURITY --name \"$SECURITY_CONTACT_NAME\" --title \"$SECURITY_CONTACT_TITLE\" --email-address \"$SECURITY_CONTACT_EMAIL\" --phone-number \"$SECURITY_CONTACT_PHONE\"",
        caution: Some("Needs account:PutAlternateContact. Use a shared mailbox and number that someone watches, not one person's."),
        inputs: &[],
    }),
    source: "FSBP Account.1 (AWS Config rule security-account-information-provided)",
};

impl Rule for Account1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.security_contact.get() {
            Some(true) => Verdict::passed("the account has a security alternate contact"),
            Some(false) => Verdict::failed(
                "the account has no security alternate contact",
                vec![Evidence::new("AlternateContact.SECURITY", "none")],
            ),
            None => Verdict::undetermined(["SecurityContact"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn a_security_contact_passes_and_none_fails() {
        assert!(matches!(
            eval(
                &Account1,
                json!({"SecurityContact": {"AlternateContactType": "SECURITY"}})
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&Account1, json!({"SecurityContact": null})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unread_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&Account1, json!({"AccountSummary": {}})),
            Verdict::undetermined(["SecurityContact"])
        );
        assert!(matches!(
            eval_db(&Account1, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
