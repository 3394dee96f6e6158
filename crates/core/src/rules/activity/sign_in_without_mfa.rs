//! Vigil's own rule: an IAM user signed in to the console without MFA.
//!
//! CIS AWS Foundations Benchmark v3.0.0 recommends monitoring console sign-ins without MFA (a
//! metric filter on `ConsoleLogin` with `additionalEventData.MFAUsed != "Yes"`); this rule
//! alerts on each such successful IAM user sign-in as it happens. It names no control:
//! Security Hub's IAM.5 judges the user's configuration (a console password without an MFA
//! device), which Vigil checks as `iam-user-console-mfa`. The root user's sign-ins are
//! `root-user-activity`, so a root sign-in without MFA gives one alert, not two.

use super::activity;
use crate::resource::Resource;
use crate::resources::activity::{ActivityKind, ACTIVITY_TYPE};
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// A console sign-in without MFA.
pub struct SignInWithoutMfa;

static META: RuleMeta = RuleMeta {
    id: "console-sign-in-without-mfa",
    title: "An IAM user signed in to the console without MFA",
    severity: Severity::Informational,
    resource_type: ACTIVITY_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the sign-in used MFA (such sign-ins are not reported)",
    rationale: "A console session opened with a password alone may be someone who phished or guessed it. Whoever holds it can reach everything the user can, personal data included.",
    remediation: "Check with the user that the sign-in was theirs, then have them register an MFA device, or remove the console password if they do not need the console. Console: IAM > Users > the user > Security credentials > Assign MFA device.",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Users > the user named in the alert > Security credentials > Multi-factor authentication (MFA) > Assign MFA device",
        command: "aws iam list-mfa-devices --user-name \"$USER_NAME\"",
        caution: Some("Set USER_NAME to the user named in the alert. An empty MFADevices list means the user has no MFA device yet: assign one in the console (the user must be present to scan the code)."),
        inputs: &[],
    }),
    source: "Vigil (CIS AWS Foundations Benchmark v3.0.0 monitoring of console sign-ins without MFA, as an event)",
};

impl Rule for SignInWithoutMfa {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = activity(resource) else {
            return wrong_type(&META);
        };
        match a.kind {
            ActivityKind::SignInWithoutMfa => Verdict::failed(
                "an IAM user signed in to the console without MFA",
                vec![Evidence::new("additionalEventData.MFAUsed", "No")],
            ),
            _ => Verdict::not_applicable("the event is not an IAM user's sign-in without MFA"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;

    #[test]
    fn a_sign_in_without_mfa_fails_and_root_use_is_the_other_rules() {
        assert!(matches!(
            eval(&SignInWithoutMfa, ActivityKind::SignInWithoutMfa),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&SignInWithoutMfa, ActivityKind::RootUse),
            Verdict::NotApplicable { .. }
        ));
    }
}
