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

/// One event read in full ([`read_event`]): what it says, and the root user's use beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    /// What [`parse_event`] makes of the event.
    pub parsed: Parsed,
    /// The root user's use (an observation of account activity, `root-user-activity`), when the
    /// event is a root user's call that `parsed` evaluates for its resource: any use of the
    /// root user gives its one alert, whatever else the call is judged for. `None` otherwise
    /// (a root call no kind evaluates is itself `parsed`'s root use).
    pub root_use: Option<Observation>,
    /// The account, to be described again beside the call's resource, when the call may change
    /// a verdict about the whole account that no resource of its own kind gives (a trail
    /// created, or made single-Region: CloudTrail.1; see `kinds::Call::account_too`).
    pub account: Option<Observation>,
}

/// Reads one EventBridge event given as text.
pub fn parse_event_str(text: &str) -> Result<Parsed, InputError> {
    read_event_str(text).map(|read| read.parsed)
}

/// Reads one EventBridge event given as text, in full ([`Read`]).
pub fn read_event_str(text: &str) -> Result<Read, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::NotJson(
            "the input is empty; expected one EventBridge event as a JSON object".into(),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| InputError::NotJson(format!("{e} (expected one EventBridge event)")))?;
    read_event(&value)
}

/// Reads one EventBridge event. A root user's call that is evaluated for its resource is that
/// resource's observation here; [`read_event`] gives its root use too.
pub fn parse_event(value: &serde_json::Value) -> Result<Parsed, InputError> {
    read_event(value).map(|read| read.parsed)
}

/// Reads one EventBridge event in full ([`Read`]): what it says, and the root user's use of a
/// call that is also evaluated for its resource.
pub fn read_event(value: &serde_json::Value) -> Result<Read, InputError> {
    let envelope = Envelope::parse(value)?;
    let parsed = match envelope.detail_type {
        CONFIG_ITEM_CHANGE => config_item::parse(&envelope),
        CLOUDTRAIL_API_CALL => {
            let parsed = cloudtrail::parse(&envelope)?;
            let root_use = activity::root_use(&envelope)?;
            let account = cloudtrail::account_beside(&envelope, &parsed)?;
            return Ok(match (parsed, root_use) {
                // A call Vigil does not evaluate for its resource: its root use, if any, is
                // what it says.
                (Parsed::Ignored { .. }, Some(root_use)) => Read {
                    parsed: Parsed::Observation(root_use),
                    root_use: None,
                    account,
                },
                (parsed, root_use) => Read {
                    parsed,
                    root_use,
                    account,
                },
            });
        }
        activity::CONSOLE_SIGN_IN => activity::parse_sign_in(&envelope),
        other => Ok(Parsed::ignored(
            format!(
                "detail-type {other:?} is not one Vigil evaluates (expected {CONFIG_ITEM_CHANGE:?}, {CLOUDTRAIL_API_CALL:?} or {:?})",
                activity::CONSOLE_SIGN_IN
            ),
            None,
        )),
    }?;
    Ok(Read {
        parsed,
        root_use: None,
        account: None,
    })
}
