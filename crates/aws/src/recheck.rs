//! Re-checking a CloudTrail call whose resource was not visible yet, or still settling
//! ([`vigil_pipeline::Resolution::NotYetVisible`]): the call is sent again, after a delay, on an
//! SQS queue (`RecheckQueue` in the template, consumed by the evaluate function), at most
//! [`Recheck::attempts`] times in all; after the last, the call is skipped with a logged reason.
//!
//! A message is the EventBridge event as it arrived, with the attempt it is for:
//! `{"vigil": "recheck", "attempt": 2, "event": {...}}`. SQS holds each message back for
//! [`Recheck::delay_seconds`] (`DelaySeconds`, at most 900). The evaluate function receives the
//! queue's messages one at a time (`BatchSize: 1`) as an SQS event (`Records[].body`).

use crate::error::{AwsError, Service};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `vigil` member of a re-check message.
pub const MARK: &str = "recheck";

/// Where and how often a call is re-checked.
#[derive(Clone, Debug)]
pub struct Recheck {
    /// The queue's client.
    pub sqs: aws_sdk_sqs::Client,
    /// The queue (`VIGIL_RECHECK_QUEUE_URL`).
    pub queue_url: String,
    /// The delay before each re-check, in seconds (`VIGIL_RECHECK_DELAY_SECONDS`, default 60;
    /// SQS allows 0 to 900).
    pub delay_seconds: i32,
    /// The handlings of a call in all, the first included (`VIGIL_RECHECK_ATTEMPTS`, default 5).
    pub attempts: u32,
}

/// The default delay before a re-check, in seconds.
pub const DEFAULT_DELAY_SECONDS: i32 = 60;
/// The default number of handlings of a call, the first included.
pub const DEFAULT_ATTEMPTS: u32 = 5;

impl Recheck {
    /// From `VIGIL_RECHECK_QUEUE_URL` (none: calls are not re-checked, and a resource not
    /// visible yet is skipped at once), `VIGIL_RECHECK_DELAY_SECONDS` and
    /// `VIGIL_RECHECK_ATTEMPTS`.
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
        sqs: aws_sdk_sqs::Client,
    ) -> Result<Option<Self>, AwsError> {
        let Some(queue_url) = get("VIGIL_RECHECK_QUEUE_URL").filter(|v| !v.trim().is_empty())
        else {
            return Ok(None);
        };
        let number = |name: &str, default: i64, max: i64| -> Result<i64, AwsError> {
            match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (0..=max).contains(n))
                    .ok_or_else(|| {
                        AwsError::Config(format!("{name} must be a whole number from 0 to {max}"))
                    }),
            }
        };
        let delay = number(
            "VIGIL_RECHECK_DELAY_SECONDS",
            i64::from(DEFAULT_DELAY_SECONDS),
            900,
        )?;
        let attempts = number("VIGIL_RECHECK_ATTEMPTS", i64::from(DEFAULT_ATTEMPTS), 10)?;
        Ok(Some(Recheck {
            sqs,
            queue_url,
            // Both are bounded above by the checks just made.
            delay_seconds: i32::try_from(delay).unwrap_or(DEFAULT_DELAY_SECONDS),
            attempts: u32::try_from(attempts).unwrap_or(DEFAULT_ATTEMPTS).max(1),
        }))
    }

    /// Sends `event` back to be handled again as attempt `attempt`, after the delay.
    pub async fn send(&self, event: &Value, attempt: u32) -> Result<(), AwsError> {
        let body = serde_json::to_string(&Message {
            vigil: MARK.to_string(),
            attempt,
            event: event.clone(),
        })
        .map_err(|e| AwsError::Config(format!("re-check message: {e}")))?;
        self.sqs
            .send_message()
            .queue_url(&self.queue_url)
            .delay_seconds(self.delay_seconds)
            .message_body(body)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Sqs, "SendMessage", e))?;
        Ok(())
    }
}

/// An SQS client for the queue, from the function's SDK configuration.
pub fn client(sdk: &aws_config::SdkConfig) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(sdk)
}

/// One re-check message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Always [`MARK`].
    pub vigil: String,
    /// Which handling of the call this is (2 for the first re-check).
    pub attempt: u32,
    /// The EventBridge event as it first arrived.
    pub event: Value,
}

/// The re-check messages of an SQS event (`Records[].body`), or `None` when the payload is not
/// an SQS event. A record whose body is not a re-check message is an error for that record.
pub fn messages(payload: &Value) -> Option<Vec<Result<Message, String>>> {
    let records = payload.get("Records")?.as_array()?;
    if !records
        .iter()
        .all(|r| r.get("eventSource").and_then(Value::as_str) == Some("aws:sqs"))
    {
        return None;
    }
    Some(
        records
            .iter()
            .map(|r| {
                let body = r
                    .get("body")
                    .and_then(Value::as_str)
                    .ok_or_else(|| "an SQS record without a body".to_string())?;
                let message: Message = serde_json::from_str(body)
                    .map_err(|e| format!("not a re-check message: {e}"))?;
                if message.vigil != MARK {
                    return Err(format!(
                        "not a re-check message: vigil is {:?}",
                        message.vigil
                    ));
                }
                Ok(message)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_sqs_event_gives_its_messages_and_anything_else_is_not_one() {
        let body = json!({"vigil": "recheck", "attempt": 2, "event": {"id": "e"}}).to_string();
        let payload = json!({"Records": [
            {"eventSource": "aws:sqs", "body": body},
            {"eventSource": "aws:sqs", "body": "{\"vigil\": \"other\", \"attempt\": 1, \"event\": {}}"},
            {"eventSource": "aws:sqs", "body": "not json"},
        ]});
        let got = messages(&payload).expect("an SQS event");
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            Ok(Message {
                vigil: MARK.into(),
                attempt: 2,
                event: json!({"id": "e"})
            })
        );
        assert!(got[1].is_err());
        assert!(got[2].is_err());
        // An EventBridge event is not an SQS event.
        assert!(messages(&json!({"detail-type": "x", "detail": {}})).is_none());
        assert!(messages(&json!({"Records": [{"eventSource": "aws:s3"}]})).is_none());
    }

    #[test]
    fn the_settings_are_read_and_bounded() {
        let sqs = aws_sdk_sqs::Client::from_conf(
            aws_sdk_sqs::Config::builder()
                .behavior_version(aws_sdk_sqs::config::BehaviorVersion::latest())
                .region(aws_sdk_sqs::config::Region::new("eu-west-2"))
                .build(),
        );
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(Recheck::from_vars(vars(&[]), sqs.clone())
            .unwrap()
            .is_none());
        let r = Recheck::from_vars(
            vars(&[("VIGIL_RECHECK_QUEUE_URL", "https://q")]),
            sqs.clone(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (r.delay_seconds, r.attempts),
            (DEFAULT_DELAY_SECONDS, DEFAULT_ATTEMPTS)
        );
        let r = Recheck::from_vars(
            vars(&[
                ("VIGIL_RECHECK_QUEUE_URL", "https://q"),
                ("VIGIL_RECHECK_DELAY_SECONDS", "120"),
                ("VIGIL_RECHECK_ATTEMPTS", "3"),
            ]),
            sqs.clone(),
        )
        .unwrap()
        .unwrap();
        assert_eq!((r.delay_seconds, r.attempts), (120, 3));
        let too_long = Recheck::from_vars(
            vars(&[
                ("VIGIL_RECHECK_QUEUE_URL", "https://q"),
                ("VIGIL_RECHECK_DELAY_SECONDS", "901"),
            ]),
            sqs,
        );
        assert!(too_long.is_err());
    }
}
