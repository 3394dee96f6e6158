//! Sources: EventBridge events in, [`Parsed`] out.
//!
//! [`parse_event`] validates the envelope and dispatches on `detail-type` to the AWS Config or
//! CloudTrail reader. Both end in the same [`Observation`]; an event Vigil has no business with
//! becomes [`Parsed::Ignored`] with a reason, and broken input an [`InputError`].

pub mod activity;
pub mod actor;
pub mod cloudtrail;
#[cfg(test)]
mod cloudtrail_samples;
pub mod config_item;
pub mod envelope;
#[cfg(test)]
mod lenient_tests;
mod naming;

use crate::error::InputError;
use crate::observation::Observation;
use crate::resource::ResourceRef;
pub use envelope::Envelope;

/// The result of reading one event.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // a short-lived return value, never stored in bulk
pub enum Parsed {
    /// The event says something about a resource Vigil evaluates.
    Observation(Observation),
    /// A failed console sign-in: not judged alone but counted (`crate::burst`); the pipeline
    /// turns a burst of them into an observation of account activity.
    FailedSignIn(crate::burst::FailedSignIn),
    /// The event is valid but there is nothing to evaluate (unsupported type, read-only or
    /// failed call, ...). `resource` is given where the event names one.
    Ignored {
        /// Why, for people and logs.
        reason: String,
        /// The resource the event concerns, if known.
        resource: Option<ResourceRef>,
    },
}

impl Parsed {
    pub(crate) fn ignored(reason: impl Into<String>, resource: Option<ResourceRef>) -> Self {
        Parsed::Ignored {
            reason: reason.into(),
            resource,
        }
    }
}

/// The EventBridge `detail-type` of AWS Config configuration item changes.
pub const CONFIG_ITEM_CHANGE: &str = "Config Configuration Item Change";
/// The EventBridge `detail-type` of CloudTrail-recorded API calls.
pub const CLOUDTRAIL_API_CALL: &str = "AWS API Call via CloudTrail";

/// Reads one EventBridge event given as text.
pub fn parse_event_str(text: &str) -> Result<Parsed, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::NotJson(
            "the input is empty; expected one EventBridge event as a JSON object".into(),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| InputError::NotJson(format!("{e} (expected one EventBridge event)")))?;
    parse_event(&value)
}

/// Reads one EventBridge event.
pub fn parse_event(value: &serde_json::Value) -> Result<Parsed, InputError> {
    let envelope = Envelope::parse(value)?;
    match envelope.detail_type {
        CONFIG_ITEM_CHANGE => config_item::parse(&envelope),
        CLOUDTRAIL_API_CALL => match cloudtrail::parse(&envelope)? {
            // A call Vigil does not evaluate for its resource may still be the root user's.
            ignored @ Parsed::Ignored { .. } => {
                Ok(activity::root_use(&envelope)?.unwrap_or(ignored))
            }
            parsed => Ok(parsed),
        },
        activity::CONSOLE_SIGN_IN => activity::parse_sign_in(&envelope),
        other => Ok(Parsed::ignored(
            format!(
                "detail-type {other:?} is not one Vigil evaluates (expected {CONFIG_ITEM_CHANGE:?}, {CLOUDTRAIL_API_CALL:?} or {:?})",
                activity::CONSOLE_SIGN_IN
            ),
            None,
        )),
    }
}
