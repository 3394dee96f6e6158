//! Vigil watches itself: the sweep function gathers the state of Vigil's own prerequisites at
//! the start of each run and runs it through the one pipeline as the resource
//! `Vigil::Deployment` (the stack; [`vigil_core::resources::deployment`]), whose rules
//! (`vigil_core::rules::deployment`) alert once when one breaks and once when it is mended.
//!
//! | prerequisite | call | environment variable |
//! |---|---|---|
//! | a trail logging in the stack's Region | CloudTrail `DescribeTrails`, `GetTrailStatus` per trail | — |
//! | the stack's EventBridge rules enabled | EventBridge `DescribeRule` per rule | `VIGIL_EVENT_RULES` (comma-separated names) |
//! | Security Hub enabled | Security Hub `DescribeHub` | — |
//! | the alert email subscription confirmed | SNS `ListSubscriptionsByTopic` | `VIGIL_TOPIC_ARN` |
//! | the dead-letter queue empty | SQS `GetQueueAttributes` | `VIGIL_DEAD_LETTER_QUEUE_URL` |
//!
//! The stack itself is `VIGIL_STACK_ID` (its ARN); without it there is nothing to watch and the
//! check is skipped. A call that fails (access denied, throttled beyond the retries) leaves its
//! member out of the description, so its rule is undetermined and nothing stored changes; the
//! error is logged. `vigil scan` does not run this check: it does not know the stack.

use crate::clock::Clock;
use crate::resilience::Resilience;
use aws_config::SdkConfig;
use aws_sdk_sqs::types::QueueAttributeName;
use aws_smithy_types::error::display::DisplayErrorContext;
use serde_json::{json, Map, Value};
use tracing::warn;
use vigil_core::resources::deployment::{observation, PENDING_CONFIRMATION};
use vigil_core::Report;
use vigil_pipeline::{Deliverer, Pipeline, PipelineError, Resolver, StateStore};

/// What the sweep function is told about its own stack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelfWatch {
    /// The stack's ARN (`AWS::StackId`).
    pub stack_id: String,
    /// The stack's EventBridge rule names.
    pub event_rules: Vec<String>,
    /// The alert topic.
    pub topic_arn: Option<String>,
    /// The dead-letter queue.
    pub dead_letter_queue_url: Option<String>,
}

impl SelfWatch {
    /// The stack's ARN.
    pub const STACK_ID: &'static str = "VIGIL_STACK_ID";
    /// The stack's EventBridge rule names, comma-separated (empty entries are skipped).
    pub const EVENT_RULES: &'static str = "VIGIL_EVENT_RULES";
    /// The alert topic's ARN (the variable the deliverer reads too).
    pub const TOPIC_ARN: &'static str = "VIGIL_TOPIC_ARN";
    /// The dead-letter queue's URL.
    pub const DEAD_LETTER_QUEUE_URL: &'static str = "VIGIL_DEAD_LETTER_QUEUE_URL";

    /// Reads the variables; `None` without a stack id (nothing to watch).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let stack_id = get(Self::STACK_ID).filter(|s| !s.trim().is_empty())?;
        let nonempty = |name: &str| get(name).filter(|s| !s.trim().is_empty());
        Some(SelfWatch {
            stack_id: stack_id.trim().to_string(),
            event_rules: get(Self::EVENT_RULES)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            topic_arn: nonempty(Self::TOPIC_ARN),
            dead_letter_queue_url: nonempty(Self::DEAD_LETTER_QUEUE_URL),
        })
    }
}

/// The clients the check calls, in the stack's Region.
#[derive(Clone, Debug)]
pub struct Watcher {
    cloudtrail: aws_sdk_cloudtrail::Client,
    events: aws_sdk_eventbridge::Client,
    securityhub: aws_sdk_securityhub::Client,
    sns: aws_sdk_sns::Client,
    sqs: aws_sdk_sqs::Client,
}

impl Watcher {
    /// The clients, from the function's SDK configuration, with the default [`Resilience`].
    pub fn new(sdk: &SdkConfig) -> Self {
        let sdk = Resilience::default().apply(sdk);
        Watcher {
            cloudtrail: aws_sdk_cloudtrail::Client::new(&sdk),
            events: aws_sdk_eventbridge::Client::new(&sdk),
            securityhub: aws_sdk_securityhub::Client::new(&sdk),
            sns: aws_sdk_sns::Client::new(&sdk),
            sqs: aws_sdk_sqs::Client::new(&sdk),
        }
    }

    /// The deployment's description (the shape `vigil_core::resources::deployment` reads):
    /// every prerequisite that could be read.
    pub async fn describe(&self, w: &SelfWatch) -> Value {
        let mut d = Map::new();
        if let Some(name) = vigil_core::resources::deployment::stack_name(&w.stack_id) {
            d.insert("StackName".into(), json!(name));
        }
        if let Some(trails) = self.trails().await {
            d.insert("Trails".into(), trails);
        }
        if let Some(rules) = self.event_rules(&w.event_rules).await {
            d.insert("EventRules".into(), rules);
        }
        if let Some(enabled) = self.security_hub().await {
            d.insert("SecurityHubEnabled".into(), json!(enabled));
        }
        if let Some(topic) = &w.topic_arn {
            d.insert("AlertTopicArn".into(), json!(topic));
            if let Some(subs) = self.subscriptions(topic).await {
                d.insert("AlertSubscriptions".into(), subs);
            }
        }
        if let Some(url) = &w.dead_letter_queue_url {
            d.insert("DeadLetterQueueUrl".into(), json!(url));
            if let Some(n) = self.dead_letters(url).await {
                d.insert("DeadLetterMessages".into(), json!(n));
            }
        }
        Value::Object(d)
    }

    async fn trails(&self) -> Option<Value> {
        let out = self
            .cloudtrail
            .describe_trails()
            .include_shadow_trails(true)
            .send()
            .await
            .map_err(|e| unread("CloudTrail DescribeTrails", &e))
            .ok()?;
        let mut trails = Vec::new();
        for t in out.trail_list() {
            let Some(arn) = t.trail_arn() else { continue };
            let logging = match self.cloudtrail.get_trail_status().name(arn).send().await {
                Ok(s) => s.is_logging(),
                Err(e) => {
                    unread("CloudTrail GetTrailStatus", &e);
                    None
                }
            };
            let mut trail = json!({"TrailARN": arn, "HomeRegion": t.home_region()});
            if let Some(logging) = logging {
                trail["IsLogging"] = json!(logging);
            }
            trails.push(trail);
        }
        Some(Value::Array(trails))
    }

    async fn event_rules(&self, names: &[String]) -> Option<Value> {
        let mut rules = Vec::new();
        for name in names {
            let state = match self.events.describe_rule().name(name).send().await {
                Ok(r) => Some(r.state().map_or("", |s| s.as_str()).to_string()),
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|se| se.is_resource_not_found_exception()) =>
                {
                    None
                }
                Err(e) => {
                    unread("EventBridge DescribeRule", &e);
                    return None;
                }
            };
            rules.push(json!({"Name": name, "State": state}));
        }
        Some(Value::Array(rules))
    }

    async fn security_hub(&self) -> Option<bool> {
        match self.securityhub.describe_hub().send().await {
            Ok(_) => Some(true),
            // "Account is not subscribed to AWS Security Hub".
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_invalid_access_exception()) =>
            {
                Some(false)
            }
            Err(e) => {
                unread("Security Hub DescribeHub", &e);
                None
            }
        }
    }

    async fn subscriptions(&self, topic: &str) -> Option<Value> {
        let subs = self
            .sns
            .list_subscriptions_by_topic()
            .topic_arn(topic)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(|e| unread("SNS ListSubscriptionsByTopic", &e))
            .ok()?;
        // The endpoint (an email address) is not kept.
        Some(Value::Array(
            subs.iter()
                .map(|s| {
                    let pending = s.subscription_arn() == Some(PENDING_CONFIRMATION);
                    json!({
                        "Protocol": s.protocol(),
                        "SubscriptionArn": if pending { PENDING_CONFIRMATION } else { "confirmed" },
                    })
                })
                .collect(),
        ))
    }

    async fn dead_letters(&self, url: &str) -> Option<i64> {
        let out = self
            .sqs
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .map_err(|e| unread("SQS GetQueueAttributes", &e))
            .ok()?;
        let attrs = out.attributes()?;
        let count = |name: &QueueAttributeName| -> Option<i64> { attrs.get(name)?.parse().ok() };
        let visible = count(&QueueAttributeName::ApproximateNumberOfMessages)?;
        let hidden = count(&QueueAttributeName::ApproximateNumberOfMessagesNotVisible).unwrap_or(0);
        Some(visible + hidden)
    }
}

/// Logs a call that could not be made; its prerequisite stays unknown.
fn unread<E: std::error::Error>(call: &str, e: &E) {
    warn!(call, error = %DisplayErrorContext(e), "Vigil's own prerequisite not read: its rule stays undetermined");
}

/// Checks Vigil's own prerequisites and runs the deployment through the pipeline, as sweep run
/// `run_id` in `account` and `region` (the stack's).
pub async fn check<S, R, D>(
    pipeline: &Pipeline<S, R, D>,
    watcher: &Watcher,
    w: &SelfWatch,
    account: &str,
    region: &str,
    run_id: &str,
    clock: &Clock,
) -> Result<Report, PipelineError>
where
    S: StateStore,
    R: Resolver,
    D: Deliverer,
{
    let description = watcher.describe(w).await;
    let captured_at = clock.now();
    let o = observation(
        &w.stack_id,
        account,
        region,
        run_id,
        &description,
        captured_at,
    )
    .map_err(PipelineError::BadInput)?;
    Box::pin(pipeline.run_observation(run_id, o, clock.now())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variables_are_read_and_empty_rule_names_skipped() {
        let vars = |name: &str| match name {
            "VIGIL_STACK_ID" => {
                Some("arn:aws:cloudformation:eu-west-2:123456789012:stack/vigil/1".into())
            }
            "VIGIL_EVENT_RULES" => Some(",vigil-A-1, vigil-B-2,".into()),
            "VIGIL_TOPIC_ARN" => Some("arn:aws:sns:eu-west-2:123456789012:t".into()),
            _ => None,
        };
        let w = SelfWatch::from_vars(vars).unwrap();
        assert_eq!(w.event_rules, ["vigil-A-1", "vigil-B-2"]);
        assert!(w.topic_arn.is_some() && w.dead_letter_queue_url.is_none());
        assert_eq!(SelfWatch::from_vars(|_| None), None);
    }
}
