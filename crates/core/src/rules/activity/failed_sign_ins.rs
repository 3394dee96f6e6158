//! Vigil's own rule: a burst of failed console sign-ins.
//!
//! CIS AWS Foundations Benchmark v3.0.0 recommends monitoring AWS Management Console
//! authentication failures (a metric filter on `ConsoleLogin` with `errorMessage = "Failed
//! authentication"`); Security Hub's CloudWatch.6 checks that such a filter and alarm exist,
//! which is not what this rule does, so it names no control. Vigil counts the failures itself
//! (`crate::burst`, the settings `failed_sign_in_threshold` within
//! `failed_sign_in_window_minutes`) and judges one observation per burst: the rule fails once,
//! with an informational finding, and the alert says how many, since when, the user names tried
//! and the source IPs.

use super::activity;
use crate::resource::Resource;
use crate::resources::activity::{ActivityKind, ACTIVITY_TYPE};
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// A burst of failed console sign-ins.
pub struct FailedSignIns;

static META: RuleMeta = RuleMeta {
    id: "console-sign-in-failures",
    title: "Many console sign-ins failed within a short time",
    severity: Severity::Informational,
    resource_type: ACTIVITY_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "fewer failed console sign-ins than the threshold within the window (not reported)",
    rationale: "Many failed sign-ins in a few minutes are how password guessing and credential stuffing show themselves. A user without MFA whose password is guessed gives the attacker everything the user can reach, personal data included.",
    remediation: "Check with the users named whether the failures were theirs. If not: make sure every console user has MFA, reset the passwords of the users tried, and look in CloudTrail for a successful sign-in from the same source IPs.",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Event history > filter Event name: ConsoleLogin > review the failures and any success from the same source IP addresses; IAM console > Users > the users named > Security credentials",
        command: "aws cloudtrail lookup-events --region {region} --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --max-results 50",
        caution: None,
        inputs: &[],
    }),
    source: "Vigil (CIS AWS Foundations Benchmark v3.0.0 monitoring of console authentication failures, counted as a burst)",
};

impl Rule for FailedSignIns {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = activity(resource) else {
            return wrong_type(&META);
        };
        match (a.kind, &a.burst) {
            (ActivityKind::FailedSignInBurst, Some(what)) => Verdict::failed(
                what.clone(),
                vec![Evidence::new("responseElements.ConsoleLogin", "Failure")],
            ),
            (ActivityKind::FailedSignInBurst, None) => {
                Verdict::undetermined(vec!["the burst's counts".to_string()])
            }
            _ => Verdict::not_applicable("the event is not a burst of failed sign-ins"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::lookups::Lookups;
    use crate::resources::activity::Activity;
    use crate::settings::Settings;

    #[test]
    fn a_burst_fails_with_what_it_was_and_other_activity_is_not_applicable() {
        let a = Activity {
            kind: ActivityKind::FailedSignInBurst,
            event_source: "signin.amazonaws.com".into(),
            event_name: "ConsoleLogin".into(),
            mfa_used: None,
            burst: Some("5 failed console sign-ins since 2026-11-23T09:00:00Z".into()),
            tags: crate::fact::Fact::Unknown,
        };
        let settings = Settings::default();
        let lookups = Lookups::none();
        let ctx = Context::new(&settings, &lookups);
        let Verdict::Failed { reason, .. } =
            FailedSignIns.evaluate(&Resource::Activity(a.clone()), &ctx)
        else {
            panic!("not failed")
        };
        assert!(reason.contains("5 failed console sign-ins"), "{reason}");
        let unknown = Activity { burst: None, ..a };
        assert!(matches!(
            FailedSignIns.evaluate(&Resource::Activity(unknown), &ctx),
            Verdict::Undetermined { .. }
        ));
        for kind in [ActivityKind::RootUse, ActivityKind::SignInWithoutMfa] {
            assert!(matches!(
                eval(&FailedSignIns, kind),
                Verdict::NotApplicable { .. }
            ));
        }
    }
}
