//! The EventBridge envelope shared by every event: `version`, `id`, `detail-type`, `source`,
//! `account`, `time`, `region`, `resources`, `detail`.

use crate::error::InputError;
use crate::json::Obj;
use chrono::{DateTime, Utc};

/// A validated EventBridge envelope borrowing from the event.
#[derive(Clone, Copy, Debug)]
pub struct Envelope<'a> {
    /// `id`: unique per event (EventBridge may deliver the same id more than once).
    pub id: &'a str,
    /// `detail-type`.
    pub detail_type: &'a str,
    /// `source`, e.g. `aws.config`, `aws.rds`.
    pub source: &'a str,
    /// `account`: the account the event came from.
    pub account: &'a str,
    /// `region`.
    pub region: &'a str,
    /// `time`: when EventBridge received the event.
    pub time: DateTime<Utc>,
    /// `detail`: the source's own payload.
    pub detail: Obj<'a>,
}

impl<'a> Envelope<'a> {
    /// Validates the envelope fields Vigil relies on.
    pub fn parse(value: &'a serde_json::Value) -> Result<Self, InputError> {
        let event = Obj::new(value, "")?;
        let detail_type = event.req_str("detail-type")?;
        let source = event.req_str("source")?;
        let id = event.req_str("id")?;
        let account = event.req_str("account")?;
        let region = event.req_str("region")?;
        let time = event.req_time("time")?;
        let detail = match event.raw("detail") {
            Some(d) => Obj::new(d, "detail")?,
            None => {
                return Err(InputError::missing(
                    "detail",
                    "the source's payload as a JSON object",
                ))
            }
        };
        Ok(Envelope {
            id,
            detail_type,
            source,
            account,
            region,
            time,
            detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> serde_json::Value {
        json!({
            "version": "0", "id": "e1", "detail-type": "Config Configuration Item Change",
            "source": "aws.config", "account": "123456789012", "time": "2026-11-23T09:00:00Z",
            "region": "eu-west-2", "resources": [], "detail": {}
        })
    }

    #[test]
    fn a_valid_envelope_parses() {
        let e = event();
        let env = Envelope::parse(&e).unwrap();
        assert_eq!(env.account, "123456789012");
        assert_eq!(env.region, "eu-west-2");
    }

    #[test]
    fn a_missing_detail_is_named() {
        let mut e = event();
        e.as_object_mut().unwrap().remove("detail");
        let err = Envelope::parse(&e).unwrap_err().to_string();
        assert!(err.contains("`detail` is missing"), "{err}");
    }

    #[test]
    fn wrong_types_are_named() {
        let e = json!({"version": 0, "detail-type": 7, "source": ["aws.config"], "detail": "x"});
        let err = Envelope::parse(&e).unwrap_err().to_string();
        assert!(
            err.contains("`detail-type` should be a string, found a number"),
            "{err}"
        );
    }

    #[test]
    fn a_non_object_event_is_refused() {
        let err = Envelope::parse(&json!([1, 2])).unwrap_err().to_string();
        assert!(err.contains("JSON object"), "{err}");
    }
}
