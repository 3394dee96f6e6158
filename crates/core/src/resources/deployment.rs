//! Vigil's own deployment: the prerequisites without which Vigil is blind or mute. The sweep
//! function gathers them at the start of each run (`vigil_aws::watch`) and the rules in
//! `rules::deployment` judge them, one rule per prerequisite, so that a prerequisite that breaks
//! gives one alert and one that is mended gives one more (the pipeline's transitions).
//!
//! [`DEPLOYMENT_TYPE`] is Vigil's own type name: no AWS resource type describes "a deployment of
//! Vigil", and no kind descriptor exists for it (it is never listed per region, described from a
//! CloudTrail call or recorded by AWS Config). Its identity is the CloudFormation stack's ARN
//! (`AWS::StackId`), in the stack's region.
//!
//! The description is Vigil's own shape, gathered in the shell; a member whose call failed is
//! left out and read as unknown, never as a default:
//!
//! ```json
//! {
//!   "StackName": "vigil",
//!   "Trails": [{"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/org", "HomeRegion": "eu-west-2", "IsLogging": true}],
//!   "EventRules": [{"Name": "vigil-CloudTrailRdsRule-1A2B3C", "State": "ENABLED"}, {"Name": "gone", "State": null}],
//!   "SecurityHubEnabled": true,
//!   "AlertTopicArn": "arn:aws:sns:eu-west-2:123456789012:vigil-AlertTopic-1A2B3C",
//!   "AlertSubscriptions": [{"Protocol": "email", "SubscriptionArn": "PendingConfirmation"}],
//!   "DeadLetterQueueUrl": "https://sqs.eu-west-2.amazonaws.com/123456789012/vigil-DeadLetterQueue-1A2B3C",
//!   "DeadLetterMessages": 0
//! }
//! ```
//!
//! - `Trails`: CloudTrail `DescribeTrails` in the stack's region (with the multi-Region trails
//!   of other home Regions, which also log here), each with `GetTrailStatus`'s `IsLogging`.
//! - `EventRules`: EventBridge `DescribeRule` for each of the stack's rule names; `State` is
//!   `null` when EventBridge answers `ResourceNotFoundException` (the rule was deleted).
//! - `SecurityHubEnabled`: Security Hub `DescribeHub` answered (true) or answered
//!   `InvalidAccessException`, "not subscribed to AWS Security Hub" (false).
//! - `AlertSubscriptions`: SNS `ListSubscriptionsByTopic` on the alert topic: each
//!   subscription's protocol and whether its `SubscriptionArn` is `PendingConfirmation` (the
//!   endpoint, an email address, is not kept).
//! - `DeadLetterMessages`: SQS `GetQueueAttributes` on the dead-letter queue:
//!   `ApproximateNumberOfMessages` plus `ApproximateNumberOfMessagesNotVisible` (a message being
//!   read is still there).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::observation::{Observation, ObservedState, Origin, SourceKind};
use crate::resource::{Resource, ResourceRef, ResourceType, Tags};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The resource type of a deployment of Vigil. Vigil's own name (no AWS type describes it).
pub const DEPLOYMENT_TYPE: &str = "Vigil::Deployment";

/// The `SubscriptionArn` SNS gives a subscription not yet confirmed.
pub const PENDING_CONFIRMATION: &str = "PendingConfirmation";

/// Vigil's deployment and the state of its prerequisites.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deployment {
    /// `StackName`.
    pub stack_name: Fact<String>,
    /// `Trails`: the trails that log in the stack's region, with their logging status.
    pub trails: Fact<Vec<TrailStatus>>,
    /// `EventRules`: the stack's EventBridge rules.
    pub event_rules: Fact<Vec<EventRule>>,
    /// `SecurityHubEnabled`.
    pub security_hub_enabled: Fact<bool>,
    /// `AlertTopicArn`.
    pub alert_topic_arn: Fact<String>,
    /// `AlertSubscriptions`: the alert topic's subscriptions.
    pub subscriptions: Fact<Vec<Subscription>>,
    /// `DeadLetterQueueUrl`.
    pub dead_letter_queue_url: Fact<String>,
    /// `DeadLetterMessages`: messages waiting in the dead-letter queue.
    pub dead_letters: Fact<i64>,
    /// A deployment has no tags here.
    pub tags: Fact<Tags>,
}

/// One trail and whether it is logging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailStatus {
    /// `TrailARN`.
    pub arn: String,
    /// `HomeRegion`, where `StartLogging` must be called.
    pub home_region: Option<String>,
    /// `IsLogging` (`GetTrailStatus`).
    pub logging: Fact<bool>,
}

/// One of the stack's EventBridge rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRule {
    /// `Name`.
    pub name: String,
    /// `State` (`ENABLED`, `DISABLED`, `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`);
    /// `None` when the rule does not exist.
    pub state: Option<String>,
}

impl EventRule {
    /// Whether EventBridge delivers the rule's events (any `ENABLED…` state).
    pub fn enabled(&self) -> bool {
        self.state
            .as_deref()
            .is_some_and(|s| s.starts_with("ENABLED"))
    }
}

/// One subscription of the alert topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// `Protocol` (`email`, `email-json`, `sqs`, `https`, …).
    pub protocol: String,
    /// Whether its `SubscriptionArn` is `PendingConfirmation`.
    pub pending: bool,
}

impl Deployment {
    /// Reads the deployment from its description.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let trails = list(&c, "Trails", "a list of trails", |t| {
            Ok(TrailStatus {
                arn: t.req_str("TrailARN")?.to_string(),
                home_region: t.opt_str("HomeRegion")?.map(str::to_string),
                logging: t.bool_fact("IsLogging")?,
            })
        })?;
        let event_rules = list(&c, "EventRules", "a list of EventBridge rules", |r| {
            Ok(EventRule {
                name: r.req_str("Name")?.to_string(),
                state: r.opt_str("State")?.map(str::to_string),
            })
        })?;
        let subscriptions = list(&c, "AlertSubscriptions", "a list of subscriptions", |s| {
            Ok(Subscription {
                protocol: s.req_str("Protocol")?.to_string(),
                pending: s.opt_str("SubscriptionArn")? == Some(PENDING_CONFIRMATION),
            })
        })?;
        Ok(Deployment {
            stack_name: c.str_fact("StackName")?,
            trails,
            event_rules,
            security_hub_enabled: c.bool_fact("SecurityHubEnabled")?,
            alert_topic_arn: c.str_fact("AlertTopicArn")?,
            subscriptions,
            dead_letter_queue_url: c.str_fact("DeadLetterQueueUrl")?,
            dead_letters: c.i64_fact("DeadLetterMessages")?,
            tags: Fact::Unknown,
        })
    }
}

/// A list member read item by item; absent or `null` is unknown.
fn list<T>(
    c: &Obj<'_>,
    key: &str,
    what: &str,
    read: impl Fn(Obj<'_>) -> Result<T, InputError>,
) -> Result<Fact<Vec<T>>, InputError> {
    if c.is_null(key) {
        return Ok(Fact::Unknown);
    }
    let Some((items, path)) = c.opt_array(key, what)? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(Obj::new(item, &path)?)?);
    }
    Ok(Fact::Known(out))
}

/// The stack's name in its ARN (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>`).
pub fn stack_name(stack_id: &str) -> Option<&str> {
    let (_, rest) = stack_id.split_once(":stack/")?;
    rest.split('/').next().filter(|n| !n.is_empty())
}

/// The observation of the deployment described by `configuration`, gathered by sweep run
/// `run_id` at `captured_at`, for the stack `stack_id` (its ARN) in `account` and `region`.
pub fn observation(
    stack_id: &str,
    account: &str,
    region: &str,
    run_id: &str,
    configuration: &Value,
    captured_at: DateTime<Utc>,
) -> Result<Observation, InputError> {
    let name = stack_name(stack_id).ok_or_else(|| {
        InputError::invalid(
            "VIGIL_STACK_ID",
            "a CloudFormation stack ARN (arn:...:stack/<name>/<id>)",
            "something else",
        )
    })?;
    let deployment = Deployment::parse(Obj::new(configuration, "deployment")?)?;
    Ok(Observation {
        resource: ResourceRef {
            resource_type: ResourceType(DEPLOYMENT_TYPE.to_string()),
            id: name.to_string(),
            name: Some(name.to_string()),
            arn: stack_id.to_string(),
            account: account.to_string(),
            region: region.to_string(),
        },
        captured_at,
        origin: Origin {
            kind: SourceKind::Sweep,
            event_id: run_id.to_string(),
            what: "sweep (Vigil's prerequisites)".into(),
            actor: None,
        },
        state: ObservedState::Present(Resource::Deployment(deployment)),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A stack ARN for tests.
    pub const STACK: &str =
        "arn:aws:cloudformation:eu-west-2:123456789012:stack/vigil/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    /// A healthy description.
    pub fn healthy() -> Value {
        json!({
            "StackName": "vigil",
            "Trails": [{"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/org", "HomeRegion": "eu-west-2", "IsLogging": true}],
            "EventRules": [{"Name": "vigil-CloudTrailRdsRule-1A2B3C", "State": "ENABLED"}],
            "SecurityHubEnabled": true,
            "AlertTopicArn": "arn:aws:sns:eu-west-2:123456789012:vigil-AlertTopic-1A2B3C",
            "AlertSubscriptions": [{"Protocol": "email", "SubscriptionArn": "arn:aws:sns:eu-west-2:123456789012:vigil-AlertTopic-1A2B3C:0b1c2d3e"}],
            "DeadLetterQueueUrl": "https://sqs.eu-west-2.amazonaws.com/123456789012/vigil-DeadLetterQueue-1A2B3C",
            "DeadLetterMessages": 0
        })
    }

    /// The deployment a description gives.
    pub fn parse(v: &Value) -> Deployment {
        Deployment::parse(Obj::new(v, "deployment").unwrap()).unwrap()
    }

    #[test]
    fn a_full_description_is_read() {
        let d = parse(&healthy());
        assert_eq!(d.stack_name, Fact::Known("vigil".into()));
        assert_eq!(d.trails.get().unwrap()[0].logging, Fact::Known(true));
        assert!(d.event_rules.get().unwrap()[0].enabled());
        assert_eq!(d.security_hub_enabled, Fact::Known(true));
        assert!(!d.subscriptions.get().unwrap()[0].pending);
        assert_eq!(d.dead_letters, Fact::Known(0));
    }

    #[test]
    fn absent_members_are_unknown_never_a_default() {
        let d = parse(&json!({"Trails": null}));
        assert_eq!(d.trails, Fact::Unknown);
        assert_eq!(d.event_rules, Fact::Unknown);
        assert_eq!(d.security_hub_enabled, Fact::Unknown);
        assert_eq!(d.subscriptions, Fact::Unknown);
        assert_eq!(d.dead_letters, Fact::Unknown);
        let d = parse(
            &json!({"Trails": [{"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/t"}]}),
        );
        assert_eq!(d.trails.get().unwrap()[0].logging, Fact::Unknown);
    }

    #[test]
    fn a_missing_rule_and_a_pending_subscription_are_read_as_such() {
        let d = parse(&json!({
            "EventRules": [{"Name": "gone", "State": null}, {"Name": "off", "State": "DISABLED"},
                           {"Name": "all", "State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}],
            "AlertSubscriptions": [{"Protocol": "email", "SubscriptionArn": "PendingConfirmation"}]
        }));
        let rules = d.event_rules.get().unwrap();
        assert_eq!(rules[0].state, None);
        assert!(!rules[0].enabled() && !rules[1].enabled() && rules[2].enabled());
        assert!(d.subscriptions.get().unwrap()[0].pending);
    }

    #[test]
    fn wrong_shapes_are_errors_naming_the_field() {
        let e =
            Deployment::parse(Obj::new(&json!({"Trails": {}}), "deployment").unwrap()).unwrap_err();
        assert!(e.to_string().contains("deployment.Trails"), "{e}");
    }

    #[test]
    fn the_observation_is_the_stack_in_its_region() {
        let at = "2026-12-06T09:00:00Z".parse().unwrap();
        let o = observation(
            STACK,
            "123456789012",
            "eu-west-2",
            "sweep-1",
            &healthy(),
            at,
        )
        .unwrap();
        assert_eq!(o.resource.resource_type.as_str(), DEPLOYMENT_TYPE);
        assert_eq!(o.resource.arn, STACK);
        assert_eq!(o.resource.name.as_deref(), Some("vigil"));
        assert_eq!(o.origin.kind, SourceKind::Sweep);
        assert!(
            observation("not-an-arn", "1", "eu-west-2", "r", &healthy(), at).is_err(),
            "a stack id that is no stack ARN is an error"
        );
    }
}
