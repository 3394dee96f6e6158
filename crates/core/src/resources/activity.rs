//! Account activity Vigil alerts on as it happens: a use of the root user, a console sign-in
//! without MFA, or a burst of failed console sign-ins. These are events, not resource states: each one is its own observed "resource"
//! ([`ACTIVITY_TYPE`], identified by its CloudTrail event id), judged once by the activity rules
//! (`rules::activity`), which gives one alert naming the actor and one informational finding;
//! a redelivery of the same event changes nothing. Read by `sources::activity`.

use crate::fact::Fact;
use crate::resource::Tags;

/// The resource type Vigil files activity under. Vigil's own name: no AWS resource type
/// describes one CloudTrail event, and no kind descriptor exists for it (it is never listed,
/// described or recorded by AWS Config).
pub const ACTIVITY_TYPE: &str = "Vigil::CloudTrail::Activity";

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityKind {
    /// The root user was used: a console sign-in or any call it made itself (not one an AWS
    /// service made for it).
    RootUse,
    /// An IAM user signed in to the console without MFA (`additionalEventData.MFAUsed` is
    /// `No`).
    SignInWithoutMfa,
    /// Failed console sign-ins reached the threshold within the window (`crate::burst`).
    FailedSignInBurst,
}

/// One event of account activity.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// What happened.
    pub kind: ActivityKind,
    /// `eventSource`, e.g. `signin.amazonaws.com`.
    pub event_source: String,
    /// `eventName`, e.g. `ConsoleLogin`.
    pub event_name: String,
    /// For a console sign-in, `additionalEventData.MFAUsed` (`Yes` / `No`).
    pub mfa_used: Option<bool>,
    /// For a burst of failed sign-ins, what it was: how many, since when, the user names tried
    /// and the source IPs ([`crate::burst::Burst::describe`]).
    pub burst: Option<String>,
    /// Activity has no tags.
    pub tags: Fact<Tags>,
}

/// The identity of an activity: `AWS::::Account:<account>/event/<id>` (the account's Security
/// Hub identity, then the event id, so every event is its own finding; a root use's id names
/// its session instead, so one session is one finding: `crate::sources::activity`).
pub fn activity_arn(account: &str, event_id: &str) -> String {
    format!("AWS::::Account:{account}/event/{event_id}")
}
