//! Vigil's own rule: the dead-letter queue is empty.
//!
//! The dead-letter queue keeps the events EventBridge could not deliver, the evaluate
//! invocations that failed every retry and the sweep's work items that failed three times:
//! each message is something Vigil did not evaluate. PASSED when `GetQueueAttributes` gives
//! `ApproximateNumberOfMessages` plus `ApproximateNumberOfMessagesNotVisible` of 0; FAILED when
//! any message is waiting; undetermined when the queue could not be read.

use super::deployment;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The dead-letter queue is empty.
pub struct DeadLetterQueueEmpty;

static META: RuleMeta = RuleMeta {
    id: "vigil-dead-letter-queue-empty",
    title: "Vigil's dead-letter queue should be empty",
    severity: Severity::High,
    resource_type: crate::resources::deployment::DEPLOYMENT_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "the dead-letter queue holds no message (GetQueueAttributes ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible are 0)",
    rationale: "Each message in the dead-letter queue is a change or a sweep Vigil could not evaluate: the resource it concerns may be failing with no finding and no alert.",
    remediation: "Read the messages (each carries the error), fix the cause, then send the events again or delete them.",
    fix: Some(crate::fix::Fix {
        console: "Amazon SQS console > Queues > the dead-letter queue > Send and receive messages > Poll for messages",
        command: "aws sqs receive-message --region {region} --queue-url {dead_letter_queue_url} --max-number-of-messages 10 --attribute-names All --message-attribute-names All",
        caution: Some("Reading a message hides it for the queue's visibility timeout; it is kept for 14 days. Delete a message only once its event is handled: aws sqs purge-queue deletes them all for good."),
        inputs: &[crate::fix::Input::DeadLetterQueueUrl],
    }),
    source: "Vigil (its own prerequisite: SQS GetQueueAttributes)",
};

impl Rule for DeadLetterQueueEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = deployment(resource) else {
            return wrong_type(&META);
        };
        match d.dead_letters.get() {
            Some(0) => Verdict::passed("the dead-letter queue is empty"),
            Some(n) => Verdict::failed(
                format!("{n} message(s) wait in the dead-letter queue: events or sweeps Vigil did not evaluate"),
                vec![Evidence::new("DeadLetterMessages", n)],
            ),
            None => Verdict::undetermined(["DeadLetterMessages"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deployment::test_support::{eval, eval_other};
    use serde_json::json;

    #[test]
    fn empty_passes_and_waiting_messages_fail() {
        assert!(matches!(
            eval(&DeadLetterQueueEmpty, |_| {}),
            Verdict::Passed { .. }
        ));
        let v = eval(&DeadLetterQueueEmpty, |v| {
            v["DeadLetterMessages"] = json!(3)
        });
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(v.reason().starts_with("3 message"), "{}", v.reason());
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&DeadLetterQueueEmpty, |v| v["DeadLetterMessages"] =
                json!(null)),
            Verdict::undetermined(["DeadLetterMessages"])
        );
        assert!(matches!(
            eval_other(&DeadLetterQueueEmpty),
            Verdict::NotApplicable { .. }
        ));
    }
}
