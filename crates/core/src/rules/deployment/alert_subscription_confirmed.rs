//! Vigil's own rule: the alert topic's email subscriptions are confirmed.
//!
//! SNS delivers nothing to an email address until its owner confirms the subscription; until
//! then `ListSubscriptionsByTopic` gives its `SubscriptionArn` as `PendingConfirmation`. PASSED
//! when the topic has email subscriptions (`email`, `email-json`) and none is pending; FAILED
//! when one is pending (how many is said, never the address); NOT_APPLICABLE when the topic has
//! no email subscription (the stack's `AlertEmail` was left empty); undetermined when the
//! subscriptions could not be listed. This alert reaches the topic's other subscribers (and the
//! finding Security Hub), not the unconfirmed address.

use super::deployment;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The alert topic's email subscriptions are confirmed.
pub struct AlertSubscriptionConfirmed;

static META: RuleMeta = RuleMeta {
    id: "vigil-alert-subscription-confirmed",
    title: "The alert email subscription should be confirmed",
    severity: Severity::High,
    resource_type: crate::resources::deployment::DEPLOYMENT_TYPE,
    controls: &[],
    gdpr: &["Art. 33(1)"],
    cyber_essentials: None,
    passes_when: "no email subscription of the alert topic is PendingConfirmation (ListSubscriptionsByTopic)",
    rationale: "Until the address confirms the subscription, SNS sends it nothing: every alert, a database made public or the root user signing in, goes unread, and a breach may not be noticed within GDPR's 72 hours.",
    remediation: "Open the confirmation email AWS Notifications sent to the alert address and choose Confirm subscription; if it is lost, request it again.",
    fix: Some(crate::fix::Fix {
        console: "Amazon SNS console > Topics > {alert_topic_arn} > Subscriptions > the pending email subscription > Request confirmation",
        command: "aws sns subscribe --region {region} --topic-arn {alert_topic_arn} --protocol email --notification-endpoint \"$ALERT_EMAIL\"",
        caution: Some("Subscribing the same address again sends a new confirmation email; the subscription works only once the link in it is followed. Check the spam folder of the address."),
        inputs: &[crate::fix::Input::AlertTopicArn],
    }),
    source: "Vigil (its own prerequisite: SNS ListSubscriptionsByTopic)",
};

impl Rule for AlertSubscriptionConfirmed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = deployment(resource) else {
            return wrong_type(&META);
        };
        let Some(subs) = d.subscriptions.get() else {
            return Verdict::undetermined(["AlertSubscriptions"]);
        };
        let email: Vec<_> = subs
            .iter()
            .filter(|s| s.protocol == "email" || s.protocol == "email-json")
            .collect();
        if email.is_empty() {
            return Verdict::not_applicable("the alert topic has no email subscription");
        }
        let pending = email.iter().filter(|s| s.pending).count();
        if pending == 0 {
            return Verdict::passed(format!(
                "{} email subscription(s) of the alert topic are confirmed",
                email.len()
            ));
        }
        Verdict::failed(
            format!(
                "{pending} of {} email subscription(s) of the alert topic are pending confirmation: no alert reaches them",
                email.len()
            ),
            vec![Evidence::new("AlertSubscriptions[].SubscriptionArn", "PendingConfirmation")],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deployment::test_support::{eval, eval_other};
    use serde_json::json;

    #[test]
    fn confirmed_passes_and_pending_fails() {
        assert!(matches!(
            eval(&AlertSubscriptionConfirmed, |_| {}),
            Verdict::Passed { .. }
        ));
        let v = eval(&AlertSubscriptionConfirmed, |v| {
            v["AlertSubscriptions"] = json!([
                {"Protocol": "sqs", "SubscriptionArn": "arn:aws:sns:eu-west-2:123456789012:t:1"},
                {"Protocol": "email", "SubscriptionArn": "PendingConfirmation"}
            ])
        });
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(!v.reason().contains('@'), "never the address");
    }

    #[test]
    fn no_email_is_not_applicable_and_unknown_is_undetermined() {
        let v = eval(
            &AlertSubscriptionConfirmed,
            |v| {
                v["AlertSubscriptions"] =
                    json!([{"Protocol": "sqs", "SubscriptionArn": "PendingConfirmation"}])
            },
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert_eq!(
            eval(&AlertSubscriptionConfirmed, |v| v["AlertSubscriptions"] =
                json!(null)),
            Verdict::undetermined(["AlertSubscriptions"])
        );
        assert!(matches!(
            eval_other(&AlertSubscriptionConfirmed),
            Verdict::NotApplicable { .. }
        ));
    }
}
